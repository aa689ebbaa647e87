"""The words of the header band: the organisation, and the drug's name on later pages, fitted
by shrinking and then by wrapping onto more lines; never cut short."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from ..pdf import fonts
from .styles import LOGO_HEIGHT, MAX_ASPECT, PAPERS, TYPES, Geometry, Type

GAP = 8 * mm  # between the organisation and the drug
LOGO_GAP = 4 * mm  # between the logo and the organisation


@dataclass(frozen=True)
class Band:
    size: float
    organisation: tuple[str, ...]  # its lines; () when only the drug's name is shown
    drug: tuple[str, ...]  # the drug's name, in lines; () on page 1

    @property
    def leading(self) -> float:
        return self.size * 1.2


def _sizes(t: Type) -> list[float]:
    sizes, size = [], t.band_max
    while size >= t.band_min:
        sizes.append(size)
        size -= 0.5
    return sizes


def wrap(text: str, face: fonts.Face, size: float, width: float) -> list[str] | None:
    """Whole words in greedy lines no wider than ``width``; None if one word is wider."""
    lines: list[str] = []
    for word in text.split(" "):
        if fonts.width(word, face, size) > width:
            return None
        if lines and fonts.width(f"{lines[-1]} {word}", face, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fit(organisation: str, drug: str, width: float, t: Type) -> Band | None:
    """How the band holds ``organisation`` and ``drug`` ("" on page 1) in ``width`` points:
    both on one line, shrunk down to ``t.band_min``; else one of them alone, on as many lines as
    the band allows (on later pages the drug: the organisation is on page 1 and its logo on
    every page). None if nothing fits."""
    for size in _sizes(t):
        used = fonts.width(organisation, fonts.BOLD, size)
        if drug:
            used += GAP + fonts.width(drug, fonts.BOLD, size)
        if used <= width:
            return Band(size, (organisation,), (drug,) if drug else ())
    alone = drug or organisation
    for size in _sizes(t):
        if fonts.width(alone, fonts.BOLD, size) <= width:
            return _alone(size, (alone,), bool(drug))
    lines = wrap(alone, fonts.BOLD, t.band_min, width)
    if lines is None or len(lines) > t.band_lines:
        return None
    return _alone(t.band_min, tuple(lines), bool(drug))


def _alone(size: float, lines: tuple[str, ...], drug: bool) -> Band:
    return Band(size, (), lines) if drug else Band(size, lines, ())


def room(geometry: Geometry, logo_width: float) -> float:
    """The band's width for text, beside a logo ``logo_width`` wide (0: no logo)."""
    return geometry.width - 2 * geometry.margin - (logo_width + LOGO_GAP if logo_width else 0)


def least_room(logo_width: float = MAX_ASPECT * LOGO_HEIGHT) -> float:
    """The band's width for text on the narrowest paper, beside a logo so wide."""
    return min(room(Geometry(w, h), logo_width) for w, h in PAPERS.values())


def fits(organisation: str, drug: str, logo_width: float = MAX_ASPECT * LOGO_HEIGHT) -> bool:
    """Whether the names fit the band of every leaflet, in every print size and on every
    paper: the drug's beside the widest logo allowed, the organisation's beside its own."""
    return all(fit(organisation, drug, least_room(logo_width), t) is not None for t in TYPES)
