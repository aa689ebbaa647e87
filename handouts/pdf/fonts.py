"""The bundled fonts: registered with ReportLab once per process, and text split into runs
by which font can draw each character."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from . import _ttfont

# Spaces never broken at: text.collapse keeps them, ``unbreakable`` hides them from ReportLab.
NO_BREAK = _ttfont.NO_BREAK

# Characters laid out but never drawn as glyphs: they need no coverage.
_INVISIBLE = frozenset({"\n", "\t", " "})


@dataclass(frozen=True)
class Face:
    """One weight of the text face and the fallback font that fills its gaps."""

    name: str  # ReportLab name of the text face
    file: str
    fallback: str  # ReportLab name of the fallback font
    fallback_file: str


REGULAR = Face("Atkinson", "AtkinsonHyperlegible-Regular.ttf",
               "DejaVuSans", "DejaVuSans.ttf")
BOLD = Face("Atkinson-Bold", "AtkinsonHyperlegible-Bold.ttf",
            "DejaVuSans-Bold", "DejaVuSans-Bold.ttf")
ITALIC = Face("Atkinson-Italic", "AtkinsonHyperlegible-Italic.ttf",
              "DejaVuSans-Oblique", "DejaVuSans-Oblique.ttf")
FACES = (REGULAR, BOLD, ITALIC)


@cache
def font(name: str, file: str) -> _ttfont.TTFont:
    """Parse and register a bundled font; each file is parsed once per process."""
    path = files("handouts._fonts").joinpath(file)
    ttf = _ttfont.TTFont(name, str(path))  # subset and embedded wherever it draws
    pdfmetrics.registerFont(ttf)
    return ttf


def register(face: Face) -> None:
    """Register the text face; the fallback is parsed only when some text needs it."""
    font(face.name, face.file)


@cache
def _coverage(name: str, file: str) -> frozenset[str]:
    return font(name, file).characters()


def unbreakable(markup: str) -> str:
    """Paragraph markup with each no-break space (``NO_BREAK``) swapped for the stand-in our
    fonts draw as that space, which ReportLab's line breaker does not take for one."""
    return markup.translate(_ttfont.TO_STAND_IN)


def primary_coverage(face: Face) -> frozenset[str]:
    return _coverage(face.name, face.file)


def fallback_coverage(face: Face) -> frozenset[str]:
    return _coverage(face.fallback, face.fallback_file)


def undrawable(text: str, face: Face) -> list[int]:
    """Offsets of the characters in ``text`` that neither font of ``face`` can draw."""
    primary = primary_coverage(face)
    missing = [i for i, c in enumerate(text) if c not in primary and c not in _INVISIBLE]
    if not missing:
        return []
    fallback = fallback_coverage(face)
    return [i for i in missing if text[i] not in fallback]


def runs(text: str, face: Face) -> list[tuple[str, str]]:
    """Split ``text`` into ``(font name, chunk)`` runs, the fallback only where needed.

    Callers validate text with ``undrawable`` first; a character neither font has is a bug here.
    """
    primary = primary_coverage(face)
    if all(c in primary or c in _INVISIBLE for c in text):
        return [(face.name, text)] if text else []
    fallback = fallback_coverage(face)
    out: list[tuple[str, str]] = []
    for char in text:
        if char in primary or char in _INVISIBLE:
            name = face.name
        elif char in fallback:
            name = face.fallback
        else:
            raise ValueError(f"no bundled font draws U+{ord(char):04X}")
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + char)
        else:
            out.append((name, char))
    return out


def width(text: str, face: Face, size: float) -> float:
    """The width of plain ``text`` drawn in ``face`` at ``size`` points, fallback included."""
    return float(sum(stringWidth(chunk, name, size) for name, chunk in runs(text, face)))
