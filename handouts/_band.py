"""The words of the header band: the organisation, and the drug's name on later pages, fitted
by shrinking and then by wrapping the name onto a second line; never cut short."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from . import fonts
from ._logo import MAX_ASPECT
from .styles import LOGO_HEIGHT, PAPERS, Geometry

SIZE = 15.0
MIN_SIZE = 9.0  # below this, band text is hard to read; wrapping comes first
GAP = 8 * mm  # between the organisation and the drug
LOGO_GAP = 4 * mm  # between the logo and the organisation
MAX_LINES = 2  # of the drug's name; the band is 20 mm tall


@dataclass(frozen=True)
class Band:
    size: float
    organisation: bool  # whether the organisation's name is drawn (it is on page 1 always)
    drug: tuple[str, ...]  # the drug's name, in lines; () on page 1


def _sizes() -> list[float]:
    sizes, size = [], SIZE
    while size >= MIN_SIZE:
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


def fit(organisation: str, drug: str, width: float) -> Band | None:
    """How the band holds ``organisation`` and ``drug`` ("" on page 1) in ``width`` points:
    both on one line, shrunk down to 9 pt; else the drug alone, on one line or two (the
    organisation is on page 1 and the logo on every page). None if nothing fits."""
    for size in _sizes():
        used = fonts.width(organisation, fonts.BOLD, size)
        if drug:
            used += GAP + fonts.width(drug, fonts.BOLD, size)
        if used <= width:
            return Band(size, True, (drug,) if drug else ())
    if not drug:
        return None
    for size in _sizes():
        if fonts.width(drug, fonts.BOLD, size) <= width:
            return Band(size, False, (drug,))
    lines = wrap(drug, fonts.BOLD, MIN_SIZE, width)
    return Band(MIN_SIZE, False, tuple(lines)) if lines and len(lines) <= MAX_LINES else None


def room(geometry: Geometry, logo_width: float) -> float:
    """The band's width for text, beside a logo ``logo_width`` wide (0: no logo)."""
    return geometry.width - 2 * geometry.margin - (logo_width + LOGO_GAP if logo_width else 0)


def least_room(logo_width: float = MAX_ASPECT * LOGO_HEIGHT) -> float:
    """The band's width for text on the narrowest paper, beside a logo so wide."""
    return min(room(Geometry(w, h), logo_width) for w, h in PAPERS.values())


def drug_fits(name: str) -> bool:
    """Whether a generic name fits the band of every leaflet, whatever the brand."""
    return fit("", name, least_room()) is not None
