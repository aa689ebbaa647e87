"""Characters a leaflet refuses though a font could draw them: invisible format characters,
and right-to-left scripts, which ReportLab would print in the wrong order; and the names of
the scripts handouts cannot print, for messages that point at the README's table."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

SOFT_HYPHEN = "\u00ad"  # an invisible hint where a word may break: dropped, never refused

# Embeddings, overrides and isolates (Unicode Bidirectional Algorithm, UAX #9) and the marks:
# they reorder what is displayed without changing what is stored ("Trojan Source").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
# Bidi classes of strong right-to-left letters and Arabic digits: Hebrew, Arabic, Syriac,
# Thaana, N'Ko... ReportLab lays text out left to right and unshaped, so a word in these
# scripts would print backwards, and be read backwards by a screen reader.
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})


# Scripts handouts cannot print (README, "Languages", with the measurements behind each), by
# the first words of their characters' Unicode names. Right-to-left ones: no bidi layout in
# ReportLab without rlbidi (not on PyPI). The others: no bundled font draws them, and
# ReportLab's shaping (uharfbuzz) loses letters from the PDF's text.
_SCRIPTS = {
    "ARABIC": "Arabic", "HEBREW": "Hebrew", "SYRIAC": "Syriac", "THAANA": "Thaana",
    "NKO": "N'Ko", "DEVANAGARI": "Devanagari", "BENGALI": "Bengali", "GURMUKHI": "Gurmukhi",
    "GUJARATI": "Gujarati", "ORIYA": "Odia", "TAMIL": "Tamil", "TELUGU": "Telugu",
    "KANNADA": "Kannada", "MALAYALAM": "Malayalam", "SINHALA": "Sinhala", "THAI": "Thai",
    "LAO": "Lao", "TIBETAN": "Tibetan", "MYANMAR": "Myanmar", "KHMER": "Khmer",
    "ETHIOPIC": "Ethiopic", "YI": "Yi",
    # One name for the scripts of Chinese, Japanese and Korean, which mix in one text.
    **dict.fromkeys(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"),
                    "Chinese, Japanese or Korean (CJK)"),
}
WHERE = "see 'Languages' in the README for the scripts handouts prints"


def script(char: str) -> str | None:
    """The name of the script of ``char`` if it is one handouts cannot print, else None."""
    first = unicodedata.name(char, "").split(" ")[0]
    return _SCRIPTS.get(first)


def unsupported(char: str) -> str:
    """The message for a character of a script handouts cannot print, once per text."""
    return (f"found {script(char) or 'unsupported'} text ({name(char)}, {char!r}); handouts "
            f"cannot print the {script(char) or 'this'} script yet: {WHERE}")


def name(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``, as messages name a character."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def refused(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for each character of ``text`` that a leaflet must not hold; one
    message for the first right-to-left letter, as a word in such a script has many."""
    right_to_left = False
    for i, char in enumerate(text):
        if char in BIDI_CONTROLS:
            yield i, (f"found the bidirectional control {name(char)}, which can show text in "
                      "another order than it is written; remove it")
        elif unicodedata.category(char) == "Cf" and char != SOFT_HYPHEN:
            yield i, (f"found the invisible character {name(char)}, which can join or hide "
                      "words unseen; remove it")
        elif not right_to_left and unicodedata.bidirectional(char) in _RIGHT_TO_LEFT:
            right_to_left = True
            yield i, (f"found right-to-left text in the {script(char) or 'a right-to-left'} "
                      f"script ({name(char)}, {char!r}); handouts cannot yet print right-to-left "
                      "scripts such as Arabic, Hebrew, Persian or Urdu in the right order: "
                      f"{WHERE}")


def astral(char: str) -> bool:
    """Beyond the Basic Multilingual Plane (emoji, mathematical letters). The leaflet's text
    maps them correctly (UTF-16 surrogate pairs), but Ghostscript 10 reads such a map entry as
    two other characters, so text extraction, and a screen reader fed by it, would lose them."""
    return ord(char) > 0xFFFF
