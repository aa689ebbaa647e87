"""Characters a leaflet refuses though a font could draw them: invisible characters, and
every character of a script handouts cannot print (right-to-left ones, which ReportLab would
print in the wrong order, with their marks and digits); and the names of those scripts, for
messages that point at the README's table."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache

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
    "NKO": "N'Ko", "SAMARITAN": "Samaritan", "MANDAIC": "Mandaic",
    "DEVANAGARI": "Devanagari", "BENGALI": "Bengali", "GURMUKHI": "Gurmukhi",
    "GUJARATI": "Gujarati", "ORIYA": "Odia", "TAMIL": "Tamil", "TELUGU": "Telugu",
    "KANNADA": "Kannada", "MALAYALAM": "Malayalam", "SINHALA": "Sinhala", "THAI": "Thai",
    "LAO": "Lao", "TIBETAN": "Tibetan", "MYANMAR": "Myanmar", "KHMER": "Khmer",
    "ETHIOPIC": "Ethiopic", "YI": "Yi",
    # Chinese and Korean print (Noto Sans SC, TC and KR); Japanese would print in Chinese glyph
    # forms, which a Japanese reader takes for errors, so its kana stay refused.
    **dict.fromkeys(("HIRAGANA", "KATAKANA"), "Japanese"),
}
# Hangul's conjoining letters: modern Korean is written in precomposed syllables (NFC composes
# a typed sequence into one); what is left (Old Korean) needs shaping ReportLab does not do.
_CONJOINING = frozenset({"CHOSEONG", "JUNGSEONG", "JONGSEONG"})
_RIGHT_TO_LEFT_SCRIPTS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana", "N'Ko",
                                    "Samaritan", "Mandaic"})
# Characters that print nothing visible though they are neither white space nor format
# characters (Cf), by name: what Unicode's Default_Ignorable_Code_Point adds to Cf (the
# grapheme joiner, variation selectors, Hangul and other fillers, Khmer's inherent vowels), and
# what the fonts draw blank (the Braille blank; the object replacement character, a stand-in
# for something that is not there).
_BLANK = frozenset({"COMBINING GRAPHEME JOINER", "BRAILLE PATTERN BLANK",
                    "OBJECT REPLACEMENT CHARACTER", "KHMER VOWEL INHERENT AQ",
                    "KHMER VOWEL INHERENT AA"})
WHERE = "see 'Languages' in the README for the scripts handouts prints"

# What is wrong with a refused character, in words that name neither it nor its text: a
# patient's details are never repeated, not even one character of them (``fault``).
BIDI = "a bidirectional control, which can show text in another order than it is written"
INVISIBLE = "an invisible character, which can join or hide words unseen"
RIGHT_TO_LEFT = ("of a right-to-left script, which handouts cannot yet print in the right "
                 "order")
SCRIPT = "of a script handouts cannot print yet"


def script(char: str) -> str | None:
    """The name of the script of ``char`` if it is one handouts cannot print, else None: by
    its Unicode name's first word ("EXTENDED ARABIC-INDIC DIGIT ZERO" is Arabic), so that
    every letter, mark, sign and digit of the script is found, whatever its bidi class."""
    words = unicodedata.name(char, "").split(" ")
    first = words[1] if words[0] == "EXTENDED" and len(words) > 1 else words[0]
    if first == "HANGUL" and len(words) > 1 and words[1] in _CONJOINING:
        return "Old Korean (conjoining Hangul letters)"
    return _SCRIPTS.get(first.split("-")[0])


def invisible(char: str) -> bool:
    """Whether ``char`` prints nothing visible and is not white space: a format character
    (Cf) other than the soft hyphen, which text.collapse drops, or a blank one by name."""
    if char == SOFT_HYPHEN:
        return False
    if unicodedata.category(char) == "Cf":
        return True
    name = unicodedata.name(char, "")
    return name in _BLANK or "VARIATION SELECTOR" in name or name.endswith(" FILLER")


@cache
def fault(char: str) -> str | None:
    """Why a leaflet refuses ``char`` whatever the font (one of the constants above), or
    None. ASCII is never refused here (its controls are the loader's)."""
    if char < "\x80":
        return None
    if char in BIDI_CONTROLS:
        return BIDI
    if invisible(char):
        return INVISIBLE
    found = script(char)
    if found in _RIGHT_TO_LEFT_SCRIPTS or unicodedata.bidirectional(char) in _RIGHT_TO_LEFT:
        return RIGHT_TO_LEFT
    return SCRIPT if found is not None else None


def unsupported(char: str) -> str:
    """The message for a character of a script handouts cannot print, once per text."""
    return (f"found {script(char) or 'unsupported'} text ({name(char)}, {char!r}); handouts "
            f"cannot print the {script(char) or 'this'} script yet: {WHERE}")


def name(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``, as messages name a character."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def refused(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for each character of ``text`` that a leaflet must not hold; one
    message for the first character of each script it cannot print (one for all the
    right-to-left ones), as a word in such a script has many."""
    scripts: set[str] = set()
    for i, char in enumerate(text):
        why = fault(char)
        if why is BIDI:
            yield i, (f"found the bidirectional control {name(char)}, which can show text in "
                      "another order than it is written; remove it")
        elif why is INVISIBLE:
            yield i, (f"found the invisible character {name(char)}, which can join or hide "
                      "words unseen; remove it")
        elif why is RIGHT_TO_LEFT and RIGHT_TO_LEFT not in scripts:
            scripts.add(RIGHT_TO_LEFT)
            yield i, (f"found right-to-left text in the {script(char) or 'a right-to-left'} "
                      f"script ({name(char)}, {char!r}); handouts cannot yet print right-to-left "
                      "scripts such as Arabic, Hebrew, Persian or Urdu in the right order: "
                      f"{WHERE}")
        elif why is SCRIPT and str(script(char)) not in scripts:
            scripts.add(str(script(char)))
            yield i, unsupported(char)


def astral(char: str) -> bool:
    """Beyond the Basic Multilingual Plane (emoji, mathematical letters). The leaflet's text
    maps them correctly (UTF-16 surrogate pairs), but Ghostscript 10 reads such a map entry as
    two other characters, so text extraction, and a screen reader fed by it, would lose them."""
    return ord(char) > 0xFFFF
