"""Untrusted text made safe: Unicode normalisation, whitespace, and escaping for ReportLab."""

from __future__ import annotations

import re
import unicodedata

from ..pdf import fonts, metadata

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Every white space character but the no-break ones: what an author types to wrap lines
# (space, tab, CR, LF) and the other breaking spaces (EM SPACE, LINE SEPARATOR...), which
# ReportLab's line breaker would print as a plain space anyway.
_BREAKING = re.compile(f"[^\\S{fonts.NO_BREAK}]+")
# An invisible hint where a word may be hyphenated; leaflets are never hyphenated (Clear
# Print), and ReportLab would hyphenate at it and lose the space before the next word.
_SOFT_HYPHEN = "\u00ad"


def normalise(text: str) -> str:
    """NFC, so that "é" typed two ways is one character; never NFKC, which turns µ into μ
    and ² into 2."""
    return unicodedata.normalize("NFC", text)


def paragraphs(text: str) -> list[str]:
    """Split text at blank lines and reflow each paragraph onto one line."""
    return [p for p in (collapse(chunk) for chunk in _BLANK_LINE.split(text)) if p]


def collapse(text: str) -> str:
    """Fold runs of breaking white space (line breaks included) into single spaces, keep
    no-break spaces exactly, and drop soft hyphens. Space of any kind at either end goes: a
    no-break space there binds nothing (found by the property tests: "Name\u00a0, Other").
    A line break between two Chinese characters goes too: Chinese has no spaces between
    words, so one that wraps its lines in the YAML file means none (CSS Text 3, 4.1.3)."""
    if text.isascii() or (not any(c in text for c in _KEPT)
                          and ("\n" not in text or not _any_wide(text))):
        # Nothing to keep or to join: str.split's white space is the expressions' (Unicode's),
        # in one C call. A leaflet collapses ~100 texts, most of them so; the expressions and
        # their callback per line break took ~0.5 ms a leaflet, and ~1 ms more for lines
        # wrapped in text with a non-ASCII character ("m²"), which joins only wide ones.
        return " ".join(text.split())
    return _collapse(text)


def _any_wide(text: str) -> bool:
    """Whether ``text`` has a wide character, beside which a line break may be no space; each
    character once (a paragraph of a few hundred has a few dozen)."""
    return any(wide(c) for c in set(text) if not c.isascii())


def _collapse(text: str) -> str:
    text = _LINE_BREAK.sub(_join, text.replace(_SOFT_HYPHEN, ""))
    return _BREAKING.sub(" ", text).strip()


# What collapse keeps (no-break spaces) or drops (soft hyphens) where str.split would not.
_KEPT = (*fonts.NO_BREAK, _SOFT_HYPHEN)


_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")


def _join(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    if start > 0 and end < len(text) and _unspaced(text[start - 1]) and _unspaced(text[end]):
        return ""
    return m.group()


def wide(char: str) -> bool:
    """Wide or fullwidth (Unicode's East Asian Width W or F), as Chinese and Korean characters
    and their punctuation are: a line of Chinese may break beside one (page/_linebreak.py)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _unspaced(char: str) -> bool:
    """``wide``, and not Korean Hangul, which is written with spaces between words."""
    return wide(char) and not unicodedata.name(char, "").startswith("HANGUL")


# Text for ReportLab's paragraph markup, so it is printed and never interpreted: the markup is
# XML, so its escapes are those the XMP metadata takes.
escape = metadata.escape


def markup(text: str, face: fonts.Face) -> str:
    """Paragraph markup for plain ``text``: escaped, with fallback-font runs where needed."""
    out = []
    for name, chunk in fonts.runs(text, face):
        chunk = fonts.unbreakable(escape(chunk))
        out.append(chunk if name == face.name else f'<font face="{name}">{chunk}</font>')
    return "".join(out)
