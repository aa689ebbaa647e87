"""The bundled fonts: registered with ReportLab once per process, and text split into runs
by which font can draw each character."""

from __future__ import annotations

import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from . import _ttfont, scripts

# Spaces never broken at: text.collapse keeps them, ``unbreakable`` hides them from ReportLab.
NO_BREAK = _ttfont.NO_BREAK

# Characters laid out but never drawn as glyphs: they need no coverage.
_INVISIBLE = frozenset({"\n", "\t", " "})


@dataclass(frozen=True)
class Font:
    """One bundled font file and the name ReportLab knows it by; ``only``: the code point
    ranges it draws (all it has when empty)."""

    name: str
    file: str
    only: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Face:
    """One weight of a language's text face, and the fonts that fill its gaps, in order."""

    name: str  # ReportLab name of the text face
    file: str
    fallbacks: tuple[Font, ...]

    @property
    def fonts(self) -> tuple[Font, ...]:
        return (Font(self.name, self.file), *self.fallbacks)


@dataclass(frozen=True)
class Family:
    """The faces a leaflet in one language prints with."""

    script: str  # ISO 15924, as CLDR names it: Latn, Cyrl, Grek, Hans, Hant, Kore
    regular: Face
    bold: Face
    italic: Face


# Every bundled font, by weight. Atkinson Hyperlegible is the text face for Latin scripts;
# DejaVu Sans draws Cyrillic, Greek, Vietnamese and symbols; Noto Sans SC, TC and KR draw
# Chinese (mainland and Taiwan glyph forms) and Korean. CJK has no italic: upright is right.
_ATKINSON = (Font("Atkinson", "AtkinsonHyperlegible-Regular.ttf"),
             Font("Atkinson-Bold", "AtkinsonHyperlegible-Bold.ttf"),
             Font("Atkinson-Italic", "AtkinsonHyperlegible-Italic.ttf"))
_DEJAVU = (Font("DejaVuSans", "DejaVuSans.ttf"), Font("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"),
           Font("DejaVuSans-Oblique", "DejaVuSans-Oblique.ttf"))
_SC = (Font("NotoSansSC", "NotoSansSC-Regular.ttf"), Font("NotoSansSC-Bold", "NotoSansSC-Bold.ttf"),
       Font("NotoSansSC", "NotoSansSC-Regular.ttf"))
_TC = (Font("NotoSansTC", "NotoSansTC-Regular.ttf"), Font("NotoSansTC-Bold", "NotoSansTC-Bold.ttf"),
       Font("NotoSansTC", "NotoSansTC-Regular.ttf"))
_KR = (Font("NotoSansKR", "NotoSansKR-Regular.ttf"), Font("NotoSansKR-Bold", "NotoSansKR-Bold.ttf"),
       Font("NotoSansKR", "NotoSansKR-Regular.ttf"))


# What a CJK font draws after a Latin, Greek or Cyrillic face: Chinese and Korean characters,
# their punctuation and fullwidth forms only. Its other glyphs (Latin, symbols, a dash three
# ems wide) would print a Latin text in another design, and break checker.LINE_RUN's bound.
_CJK = ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3100, 0x33FF), (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF),
        (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))


def _only_cjk(fonts: tuple[Font, ...]) -> tuple[Font, ...]:
    return tuple(Font(f.name, f.file, _CJK) for f in fonts)


def _family(script: str, *order: tuple[Font, ...]) -> Family:
    """The family whose faces try the fonts of ``order`` in turn, weight by weight."""
    faces = []
    for weight in range(3):
        first, *rest = (fonts[weight] for fonts in order)
        faces.append(Face(first.name, first.file, tuple(rest)))
    return Family(script, *faces)


# By the script a language is written in (CLDR's likely subtags): the face that draws all of
# its letters, so that no word mixes two designs, and every other font after it, so that any
# character some bundled font draws is drawn (a Chinese name in an English leaflet, a title of
# each language in the binder's contents). Vietnamese is Latin, but Atkinson Hyperlegible lacks
# its letters with two diacritics: DejaVu Sans has them all.
_CJK_AFTER = (_only_cjk(_SC), _only_cjk(_TC), _only_cjk(_KR))
LATIN = _family("Latn", _ATKINSON, _DEJAVU, *_CJK_AFTER)
_BY_SCRIPT = {
    "Cyrl": _family("Cyrl", _DEJAVU, _ATKINSON, *_CJK_AFTER),
    "Grek": _family("Grek", _DEJAVU, _ATKINSON, *_CJK_AFTER),
    "Hans": _family("Hans", _SC, _TC, _KR, _DEJAVU, _ATKINSON),
    "Hant": _family("Hant", _TC, _SC, _KR, _DEJAVU, _ATKINSON),
    "Kore": _family("Kore", _KR, _SC, _TC, _DEJAVU, _ATKINSON),
}
_BY_LANGUAGE = {"vi": _family("Latn", _DEJAVU, _ATKINSON, *_CJK_AFTER)}  # DejaVu first
FAMILIES = (LATIN, *_BY_SCRIPT.values())

REGULAR, BOLD, ITALIC = LATIN.regular, LATIN.bold, LATIN.italic
FACES = (REGULAR, BOLD, ITALIC)


def family(language: str) -> Family:
    """The faces of a leaflet in ``language`` (a BCP 47 tag): by its script, given in the tag
    (zh-Hant) or the one CLDR expects (zh-TW and zh-HK are Hant, zh is Hans, ko is Kore)."""
    base = language.split("-")[0].casefold()
    return _BY_LANGUAGE.get(base) or _BY_SCRIPT.get(scripts.of(language) or "Latn", LATIN)


def own_scripts() -> frozenset[str]:
    """The scripts with a family of their own: the only ones ``scripts.of`` must know."""
    return frozenset(_BY_SCRIPT)


def _path(file: str) -> str:
    return str(files("handouts._fonts").joinpath(file))


@cache
def font(name: str, file: str) -> _ttfont.TTFont:
    """Parse and register a bundled font; each file is parsed once per process."""
    ttf = _ttfont.TTFont(name, _path(file))  # subset and embedded wherever it draws
    pdfmetrics.registerFont(ttf)
    return ttf


def register(face: Face) -> None:
    """Register the text face; a fallback is parsed only when some text needs it."""
    font(face.name, face.file)


@dataclass(frozen=True, eq=False)
class Coverage:
    """The code points a font draws, as ranges sorted and disjoint (``_ttfont.Ranges``):
    whether it draws a character is a bisection. A set of a CJK font's 30,000 characters,
    built to check a brand's tagline, was a fifth of a cold build."""

    starts: array.array[int]
    ends: array.array[int]

    def __contains__(self, char: str) -> bool:
        point = ord(char)
        i = bisect_right(self.starts, point)
        return i > 0 and point <= self.ends[i - 1]

    @cached_property
    def characters(self) -> frozenset[str]:
        """Every character drawn, built once when some user needs the set."""
        return _ttfont.characters((self.starts, self.ends))


# Every code point but U+FFFF, a noncharacter some cmaps map.
_ANY = ((0, 0xFFFE), (0x10000, 0x10FFFF))


def coverage(f: Font) -> Coverage:
    """What ``f`` draws, from its cmap alone: it is parsed and registered only when it draws
    (``runs``)."""
    return _coverage(f.file, f.only)


@cache
def _coverage(file: str, only: tuple[tuple[int, int], ...] = ()) -> Coverage:
    starts, ends = _ttfont.cmap_ranges(_path(file))
    kept_starts, kept_ends = array.array("I"), array.array("I")
    for lo, hi in sorted(only or _ANY):  # the ranges of the cmap inside lo..hi, cut to it
        first, stop = bisect_left(ends, lo), bisect_right(starts, hi)
        if first < stop:
            inside_starts, inside_ends = starts[first:stop], ends[first:stop]
            inside_starts[0], inside_ends[-1] = max(inside_starts[0], lo), min(inside_ends[-1], hi)
            kept_starts += inside_starts
            kept_ends += inside_ends
    return Coverage(kept_starts, kept_ends)


def unbreakable(markup: str) -> str:
    """Paragraph markup with each no-break space (``NO_BREAK``) swapped for the stand-in our
    fonts draw as that space, which ReportLab's line breaker does not take for one."""
    # Most text has none: four searches cost a twentieth of translate's copy of the text.
    if _NO_BREAK_1 in markup or _NO_BREAK_2 in markup or _NO_BREAK_3 in markup \
            or _NO_BREAK_4 in markup:
        return markup.translate(_ttfont.TO_STAND_IN)
    return markup


_NO_BREAK_1, _NO_BREAK_2, _NO_BREAK_3, _NO_BREAK_4 = tuple(NO_BREAK)


def primary_coverage(face: Face) -> frozenset[str]:
    """What the text face draws, as a set: asked about every character of every paragraph,
    where a set answers ten times faster than bisection (the fallbacks are asked by
    bisection, about the few characters it lacks)."""
    return _coverage(face.file).characters


def fallback_coverage(face: Face) -> frozenset[str]:
    """What the fallbacks draw: every bundled font's cmap is read (Noto Sans SC has 30,890)."""
    return _fallback_coverage(face.fallbacks)


@cache
def _fallback_coverage(fallbacks: tuple[Font, ...]) -> frozenset[str]:
    return frozenset().union(*(coverage(f).characters for f in fallbacks))


def undrawable(text: str, face: Face) -> list[int]:
    """Offsets of the characters in ``text`` that no font of ``face`` can draw. The fallbacks
    are parsed in turn, only as far as some character needs them."""
    drawable = _drawable(face.file)
    if drawable.issuperset(text):  # the common case, at C speed
        return []
    missing = [i for i, c in enumerate(text) if c not in drawable]
    for f in face.fallbacks:
        if not missing:
            break
        drawn = coverage(f)
        missing = [i for i in missing if text[i] not in drawn]
    return missing


def runs(text: str, face: Face) -> list[tuple[str, str]]:
    """Split ``text`` into ``(font name, chunk)`` runs, each character in the first font of
    ``face`` that draws it (spaces in the text face).

    Callers validate text with ``undrawable`` first; a character no font has is a bug here.
    """
    font(face.name, face.file)  # registered before anything is drawn in it
    drawable = _drawable(face.file)
    if drawable.issuperset(text):  # the common case, at C speed
        return [(face.name, text)] if text else []
    out: list[tuple[str, str]] = []
    for char in text:
        name = face.name if char in drawable else _first_drawing(char, face)
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + char)
        else:
            out.append((name, char))
    return out


@cache  # by the text face's file: hashing a whole Face cost more than the check
def _drawable(file: str) -> frozenset[str]:
    """What the text face draws, and the characters laid out but never drawn."""
    return _coverage(file).characters | _INVISIBLE


def _first_drawing(char: str, face: Face) -> str:
    for f in face.fallbacks:
        if char in coverage(f):
            font(f.name, f.file)
            return f.name
    raise ValueError(f"no bundled font draws U+{ord(char):04X}")


def width(text: str, face: Face, size: float) -> float:
    """The width of plain ``text`` drawn in ``face`` at ``size`` points, fallback included."""
    return float(sum(stringWidth(chunk, name, size) for name, chunk in runs(text, face)))
