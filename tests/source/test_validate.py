"""Validation into the model: every problem of a file, located and explained, at once.

Covers source.validate and source.checker, with page.fit (the name in the band, the address
in the footer) and brand._logo (a brand's logo, checked when the brand is read).
"""

from __future__ import annotations

import base64
import builtins
import gzip
import io
import os
import struct
import zlib
from pathlib import Path

import pytest

from handouts import read_brand, read_monograph
from handouts.source.model import BulletList, Paragraph
from helpers.samples import (
    GOOD,
    V2,
    errors,
)


def test_model_from_a_good_file(write_yaml):
    m = read_monograph(write_yaml(GOOD + "serious_side_effects: |\n  Rarely, bad.\n\n"
                                         "  Call us.\nbrand_names: [Testo, Probe]\n"))
    assert m.language == "en"
    assert m.brand_names == ("Testo", "Probe")
    assert [s.heading for s in m.sections] == [
        "How it is administered", "How it works", "Common side effects", "Who should take it",
        "Who should not take it"]
    assert m.sections[2].blocks == (BulletList(("Nausea",)), Paragraph("Rarely, bad."),
                                    Paragraph("Call us."))


def test_text_as_a_list_becomes_bullets(write_yaml):
    m = read_monograph(write_yaml(GOOD.replace("how_it_works: It works.",
                                               "how_it_works:\n  - One way.\n  - Another.")))
    assert m.sections[1].blocks == (BulletList(("One way.", "Another.")),)


def test_paragraphs_reflow_and_normalise_to_nfc_not_nfkc(write_yaml):
    m = read_monograph(write_yaml(GOOD.replace(
        "how_it_works: It works.",
        "how_it_works: |\n  Dose 5 µg/m²\n  at 37 °C; cafe\u0301.\n\n  Second ≥ 2.")))
    assert m.sections[1].blocks == (Paragraph("Dose 5 µg/m² at 37 °C; café."),
                                    Paragraph("Second ≥ 2."))


def test_text_is_checked_without_a_python_step_per_character():
    # Every text of every leaflet is checked (fonts, refused characters, beyond U+FFFF, its
    # length): in the common case, where nothing is wrong, by set and string operations at C
    # speed, not a Python step per character or word (~5 ms a leaflet, paid again by each
    # leaflet of a batch).
    import sys

    from handouts.errors import Collector, Source
    from handouts.source import checker
    from handouts.source.load import Raw

    value = "Take this medicine with food, 30 minutes before a meal: 0.8 mg/m². " * 100
    check = checker.Checker(Source("drug.yaml", value), Collector("drug.yaml"))
    node = Raw("text", value, 0, len(value), "|")
    check.string(node, "how_it_works")  # the fonts parsed, the characters' faults cached
    watched = ("checker.py", "_chars.py", "fonts.py")
    steps = 0

    def line(frame, event, arg):
        nonlocal steps
        steps += event == "line"
        return line

    sys.settrace(lambda frame, event, arg: line if frame.f_code.co_filename.endswith(watched)
                 else None)
    try:
        assert check.string(node, "how_it_works") == value
        assert check.short(node, "how_it_works", value)
    finally:
        sys.settrace(None)
    assert check.problems.problems == []
    assert steps < len(value) / 10


@pytest.mark.parametrize("read", [read_monograph, read_brand], ids=["monograph", "brand"])
def test_error_a_file_that_is_not_ours_is_located_not_quoted(write_yaml, read):
    # Named on the command line, /etc/passwd's first line was repeated in the message; a
    # file of other keys (/etc/shadow, a secrets file) had each key repeated.
    path = write_yaml("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/bin/false\n")
    assert errors(read, path) == [f"{path}:1:1: expected a mapping of keys, found text"]
    path = write_yaml("root:$6$s3cr3t:19000:0:99999:7:::\napi_token: abc\n")
    required = (["organisation", "tagline"] if read is read_brand else
                ["name", "how_it_is_administered", "how_it_works", "common_side_effects",
                 "who_should_take_it", "who_should_not_take_it"])
    found = errors(read, path)
    unknown = found[0].split(": ", 1)[1]
    assert unknown.startswith("unknown key; expected one of: ")
    assert found == [f"{path}:1:1: {unknown}",
                     *(f"{path}:1:1: {key}: missing required key" for key in required),
                     f"{path}:2:1: {unknown}"]


def test_error_unknown_key_suggests_the_nearest(write_yaml):
    path = write_yaml(GOOD + "comon_side_effects:\n  - Typo\n")
    assert errors(read_monograph, path) == [
        f"{path}:8:1: comon_side_effects: unknown key; did you mean 'common_side_effects'?"]


def test_error_every_problem_of_a_file_at_once(write_yaml):
    path = write_yaml("""\
name: 42
language: "english!"
how_it_is_administered: ""
how_it_works:
  nested: mapping
common_side_effects: []
who_should_take_it: yes
brand_names: Besponsa
""")
    assert errors(read_monograph, path) == [
        f"{path}:1:1: who_should_not_take_it: missing required key",
        f"{path}:1:7: name: expected the generic name as text, found a number ('42')",
        f"{path}:2:11: language: expected a BCP 47 language tag such as en or en-GB, "
        "found 'english!'",
        f"{path}:3:25: how_it_is_administered: expected text, found an empty string",
        f"{path}:5:3: how_it_works: expected text, found a mapping",
        f"{path}:6:22: common_side_effects: expected at least one item, found an empty list",
        f"{path}:7:21: who_should_take_it: expected text, found a yes/no value ('yes')",
        f"{path}:8:14: brand_names: expected a list of text items, found text ('Besponsa')",
    ]


def test_error_empty_bullet_is_not_skipped(write_yaml):
    path = write_yaml(GOOD.replace("  - Nausea", "  - Nausea\n  -\n  - '  '"))
    assert errors(read_monograph, path) == [
        f"{path}:6:4: common_side_effects[2]: expected text, found nothing",
        f"{path}:7:5: common_side_effects[3]: expected text, found an empty string",
    ]


def test_error_character_no_font_draws(write_yaml):
    path = write_yaml(GOOD.replace("Adults.", "Adults 🧪 and\n  more こ.").replace(
        "who_should_take_it: ", "who_should_take_it: |\n  "))
    assert errors(read_monograph, path) == [
        f"{path}:7:10: who_should_take_it: cannot print U+1F9EA TEST TUBE ('🧪'): no "
        "bundled font has it; write it another way",
        f"{path}:8:8: who_should_take_it: found Japanese text (U+3053 HIRAGANA LETTER KO, "
        "'こ'); handouts cannot print the Japanese script yet: see 'Languages' in the README "
        "for the scripts handouts prints",
    ]


@pytest.mark.parametrize(("text", "script", "char"), [
    ("यह दवा", "Devanagari", "U+092F DEVANAGARI LETTER YA, 'य'"),
    ("এই ওষুধ", "Bengali", "U+098F BENGALI LETTER E, 'এ'"),
    ("ยานี้", "Thai", "U+0E22 THAI CHARACTER YO YAK, 'ย'"),
    ("この薬", "Japanese", "U+3053 HIRAGANA LETTER KO, 'こ'"),
    ("\u1100\u119e", "Old Korean (conjoining Hangul letters)",
     "U+1100 HANGUL CHOSEONG KIYEOK, '\u1100'"),
])
def test_error_a_script_handouts_cannot_print_is_named_once(write_yaml, text, script, char):
    # No bundled font draws these; ReportLab's shaping would lose letters from the PDF's text
    # (README, "Languages"): one message names the script, however long the text.
    path = write_yaml(GOOD.replace("It works.", f"{text} {text}"))
    assert errors(read_monograph, path) == [
        f"{path}:3:15: how_it_works: found {script} text ({char}); handouts cannot print the "
        f"{script} script yet: see 'Languages' in the README for the scripts handouts prints"]


@pytest.mark.parametrize("text", [
    "本品每周给药一次（第1、8、15天）。", "本品每週給藥一次「第1天」。", "이 약은 주사로 맞습니다.",
    "Thuốc được truyền vào tĩnh mạch.", "Препарат вводят внутривенно."])
def test_chinese_korean_vietnamese_and_cyrillic_text_is_accepted(write_yaml, text):
    path = write_yaml(GOOD.replace("It works.", text))
    assert read_monograph(path).sections


def test_fallback_characters_are_accepted(write_yaml):
    m = read_monograph(write_yaml(GOOD.replace("It works.", "β-blockers → κ chains.")))
    assert m.sections[1].blocks == (Paragraph("β-blockers → κ chains."),)


BRAND = """\
organisation: Test Clinic
tagline: We care.
"""


def test_brand_defaults(write_yaml):
    brand = read_brand(write_yaml(BRAND, "brand.yaml"))
    assert (brand.organisation, brand.tagline, brand.logo) == ("Test Clinic", "We care.", None)


def test_default_brand_is_the_clinic_tagline():
    assert read_brand().tagline == "Together we care. Together we cure."


def test_error_brand_problems_at_once(write_yaml, tmp_path):
    (tmp_path / "words.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>Hi</text></svg>')
    path = write_yaml(BRAND + """\
colours:
  band: "#ffff00"
  text: "#999999"
  heading: blue
  rule: "#abcdef"
  border: "#000000"
logo: words.svg
""", "brand.yaml")
    assert errors(read_brand, path) == [
        f"{path}:4:9: colours.band_text: expected a contrast of at least 4.5:1 for "
        "colours.band_text (#ffffff) on colours.band (#ffff00) (WCAG 2.1 AA), found 1.07:1; "
        "darken or lighten one of the two",
        f"{path}:5:9: colours.text: expected a contrast of at least 4.5:1 for colours.text "
        "(#999999) on white (#ffffff) (WCAG 2.1 AA), found 2.85:1; darken or lighten one of "
        "the two",
        f"{path}:6:12: colours.heading: expected a colour such as '#0b4f6c', found 'blue'",
        f"{path}:7:9: colours.rule: expected a contrast of at least 3.0:1 for colours.rule "
        "(#abcdef) on white (#ffffff) (WCAG 2.1 AA), found 1.65:1; darken or lighten one of "
        "the two",
        f"{path}:8:3: colours.border: unknown key; expected one of: band, band_text, heading, "
        "text, rule, highlight, urgent, urgent_background",
        f"{path}:9:7: logo: expected an SVG whose text is converted to paths, found <text> "
        "elements (their font could not be embedded)",
    ]


def test_error_brand_missing_logo_and_keys(write_yaml):
    path = write_yaml("organisation: X\nlogo: nowhere.png\n", "brand.yaml")
    assert errors(read_brand, path) == [
        f"{path}:1:1: tagline: missing required key",
        f"{path}:2:7: logo: expected an existing file, found no file at "
        f"'{path.parent / 'nowhere.png'}'",
    ]


def test_contrast_matches_wcag_reference_values():
    from handouts.brand._colour import contrast

    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's classic fail


@pytest.mark.parametrize(("text", "column", "char"), [
    ("Take it with \u05de\u05d9\u05dd water.", 28, "U+05DE HEBREW LETTER MEM, 'מ'"),
    ("Take it with \u0645\u0627\u0621 water.", 28, "U+0645 ARABIC LETTER MEEM, 'م'"),
    ("Take it \u06a9\u0647 water.", 23, "U+06A9 ARABIC LETTER KEHEH, 'ک'"),  # Persian
])
def test_error_right_to_left_text_is_refused_once_per_text(write_yaml, text, column, char):
    # DejaVu has these glyphs, but ReportLab would draw them left to right and unshaped: the
    # words would print, and be read aloud, backwards.
    path = write_yaml(GOOD.replace("It works.", text))
    assert errors(read_monograph, path) == [
        f"{path}:3:{column}: how_it_works: found right-to-left text in the "
        f"{char.split()[1].title()} script ({char}); handouts cannot yet print right-to-left "
        "scripts such as Arabic, Hebrew, Persian or Urdu in the right order: see 'Languages' "
        "in the README for the scripts handouts prints"]


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                  "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_error_bidi_controls_are_refused(write_yaml, char):
    path = write_yaml(GOOD.replace("Adults.", f"Adults{char} only."))
    import unicodedata

    assert errors(read_monograph, path) == [
        f"{path}:6:27: who_should_take_it: found the bidirectional control U+{ord(char):04X} "
        f"{unicodedata.name(char)}, which can show text in another order than it is written; "
        "remove it"]


@pytest.mark.parametrize(("char", "name"), [
    ("\u200b", "ZERO WIDTH SPACE"), ("\u200c", "ZERO WIDTH NON-JOINER"),
    ("\u200d", "ZERO WIDTH JOINER"), ("\u2060", "WORD JOINER"),
    ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"), ("\U000e0041", "TAG LATIN CAPITAL LETTER A"),
])
def test_error_invisible_characters_are_refused_where_they_are(write_yaml, char, name):
    path = write_yaml(GOOD.replace("- Nausea", f"- Naus{char}ea"))
    assert errors(read_monograph, path) == [
        f"{path}:5:9: common_side_effects[1]: found the invisible character "
        f"U+{ord(char):04X} {name}, which can join or hide words unseen; remove it"]


@pytest.mark.parametrize(("char", "name"), [
    ("\u034f", "COMBINING GRAPHEME JOINER"), ("\ufe00", "VARIATION SELECTOR-1"),
    ("\ufe0f", "VARIATION SELECTOR-16"), ("\u2800", "BRAILLE PATTERN BLANK"),
    ("\u115f", "HANGUL CHOSEONG FILLER"), ("\u3164", "HANGUL FILLER"),
    ("\uffa0", "HALFWIDTH HANGUL FILLER"), ("\u180b", "MONGOLIAN FREE VARIATION SELECTOR ONE"),
    ("\u180f", "MONGOLIAN FREE VARIATION SELECTOR FOUR"),
])
def test_error_characters_that_print_nothing_are_refused(write_yaml, char, name):
    # Not format characters (Cf), so they passed; each prints nothing, or nothing visible.
    path = write_yaml(GOOD.replace("- Nausea", f"- Naus{char}ea"))
    assert errors(read_monograph, path) == [
        f"{path}:5:9: common_side_effects[1]: found the invisible character "
        f"U+{ord(char):04X} {name}, which can join or hide words unseen; remove it"]


def _accepted(char: str) -> bool:
    """Whether a monograph's text may hold ``char`` (as validation decides, character by
    character: the file's controls, the refused characters, the fonts, the astral plane)."""
    from handouts.pdf import fonts
    from handouts.source import _chars
    from handouts.source.load import find_unprintable

    return not (find_unprintable(char) or any(_chars.refused(char)) or _chars.astral(char)
                or fonts.undrawable(char, fonts.REGULAR))


def _empty_glyphs() -> set[str]:
    """Characters some family's first font that has them draws with a glyph of no outline:
    they print as blank space in a leaflet in that family's languages."""
    from handouts.pdf import fonts

    blank = set()
    for family in fonts.FAMILIES:
        earlier: set[str] = set()
        for f in family.regular.fonts:
            face = fonts.font(f.name, f.file).face
            for code, glyph in face.charToGlyph.items():
                if chr(code) not in earlier and face.glyphPos[glyph + 1] == face.glyphPos[glyph]:
                    blank.add(chr(code))  # 'loca': no outline
            earlier |= fonts.font(f.name, f.file).characters()
    return blank


def test_every_invisible_or_blank_character_is_refused():
    # The whole class, not a list: every character Unicode says a renderer may ignore
    # (Default_Ignorable_Code_Point, from the regex module's own copy of the UCD), and every
    # one the fonts draw as blank, unless it is white space the text means (spaces and line
    # breaks, which text.collapse folds; tab and the controls are the loader's).
    import sys
    import unicodedata

    import regex
    everything = "".join(map(chr, [*range(0xD800), *range(0xE000, sys.maxunicode + 1)]))
    ignorable = regex.findall(r"\p{Default_Ignorable_Code_Point}", everything)
    blank = _empty_glyphs()
    allowed = {"\u00ad"}  # the soft hyphen is dropped, never refused (text.collapse)
    passed = [f"U+{ord(char):04X}" for char in sorted({*ignorable, *blank} - allowed)
              if unicodedata.category(char) not in ("Zs", "Zl", "Zp", "Cc", "Cn")
              and _accepted(char)]
    assert passed == []
    assert {"\u034f", "\u2800"} <= blank and "\u3164" in ignorable  # the oracle sees them


@pytest.mark.parametrize(("text", "column", "char"), [
    ("Dose\u05b0 one.", 19, "U+05B0 HEBREW POINT SHEVA, '\u05b0'"),
    ("Dose\u05c7 one.", 19, "U+05C7 HEBREW POINT QAMATS QATAN, '\u05c7'"),
    ("Dose\u064b one.", 19, "U+064B ARABIC FATHATAN, '\u064b'"),
    ("Dose\u0655 one.", 19, "U+0655 ARABIC HAMZA BELOW, '\u0655'"),
    ("Dose\u0670 one.", 19, "U+0670 ARABIC LETTER SUPERSCRIPT ALEF, '\u0670'"),
    ("Dose \u0606 one.", 20, "U+0606 ARABIC-INDIC CUBE ROOT, '\u0606'"),
    ("Dose \u06f5 mg.", 20, "U+06F5 EXTENDED ARABIC-INDIC DIGIT FIVE, '\u06f5'"),
])
def test_error_marks_signs_and_digits_of_a_refused_script_are_refused(write_yaml, text,
                                                                       column, char):
    # Their bidi class is not right-to-left, so they passed while their letters were
    # refused, and pdftotext reordered the text around them.
    path = write_yaml(GOOD.replace("It works.", text))
    script = "Hebrew" if "HEBREW" in char else "Arabic"
    assert errors(read_monograph, path) == [
        f"{path}:3:{column}: how_it_works: found right-to-left text in the {script} script "
        f"({char}); handouts cannot yet print right-to-left scripts such as Arabic, Hebrew, "
        "Persian or Urdu in the right order: see 'Languages' in the README for the scripts "
        "handouts prints"]


def test_every_character_of_a_refused_script_is_refused():
    # By the script in the character's Unicode name, whatever its category or bidi class.
    import sys
    import unicodedata

    from handouts.source import _chars

    passed = [f"U+{code:04X} {name}" for code in range(0x10000)
              if (name := unicodedata.name(chr(code), "")).split(" ")[0].split("-")[0]
              in ("HEBREW", "ARABIC", "SYRIAC", "THAANA", "NKO", "DEVANAGARI", "THAI")
              and _accepted(chr(code))]
    assert passed == []
    assert _chars.script("\u06f0") == "Arabic" and sys.maxunicode > 0xFFFF


def test_error_invisible_character_written_as_an_escape(write_yaml):
    path = write_yaml(GOOD.replace("- Nausea", '- "10\\u200b0 mg"'))
    assert errors(read_monograph, path) == [
        f"{path}:5:5: common_side_effects[1]: found the invisible character U+200B ZERO WIDTH "
        "SPACE, which can join or hide words unseen; remove it"]


def test_each_missing_character_is_reported_once_per_text(write_yaml):
    path = write_yaml(GOOD.replace("It works.", "\ua500\ua500 \ua501 \ua500"))
    assert [m.split(": ", 2)[2][:28] for m in errors(read_monograph, path)] == [
        "cannot print U+A500 VAI SYLL", "cannot print U+A501 VAI SYLL"]


def test_error_paragraph_too_long_for_a_leaflet(write_yaml):
    long = " ".join(["word"] * 5001)
    path = write_yaml(GOOD.replace("It works.", f"|\n  Short.\n\n  {long}").replace(
        "- Nausea", f"- {long}"))
    assert errors(read_monograph, path) == [
        f"{path}:3:15: how_it_works: expected at most 5,000 words in one paragraph or item, "
        "found 5,001; split it into shorter paragraphs (a blank line between them)",
        f"{path}:8:5: common_side_effects[1]: expected at most 5,000 words in one paragraph or "
        "item, found 5,001; split it into shorter paragraphs (a blank line between them)"]


def test_a_paragraph_of_the_most_words_allowed_is_accepted(write_yaml):
    m = read_monograph(write_yaml(GOOD.replace("It works.", " ".join(["word"] * 5000))))
    assert len(m.sections[1].blocks[0].text.split()) == 5000


def test_error_one_huge_word_is_refused_at_its_bound(write_yaml):
    # A million letters with no space took over a minute to lay out (ReportLab splits such a
    # word letter by letter, again on every page), and passed the word bound as one word.
    path = write_yaml(GOOD.replace("It works.", "a" * 1_000_000).replace(
        "- Nausea", f"- Nausea {'b' * 201}"))
    assert errors(read_monograph, path) == [
        f"{path}:3:15: how_it_works: expected at most 200 characters between spaces, found "
        "1,000,000 in a row; put spaces in it (a web address of up to 200 characters fits)",
        f"{path}:5:5: common_side_effects[1]: expected at most 200 characters between spaces, "
        "found 201 in a row; put spaces in it (a web address of up to 200 characters fits)"]


def test_a_long_address_in_the_text_is_accepted(write_yaml):
    # As long as the url key allows, joined by no-break spaces too: one run of 200.
    address = "https://example.org/" + "x" * 174 + "\u00a0mg/m\u00b2"
    assert len(address) == 200
    m = read_monograph(write_yaml(GOOD.replace("It works.", f"See {address} today.")))
    assert m.sections[1].blocks == (Paragraph(f"See {address} today."),)


@pytest.mark.parametrize(("count", "lines"), [(15, 1), (16, 2)])
def test_a_word_of_line_run_widest_glyphs_fits_the_narrowest_column(tmp_path, count, lines):
    # checker.LINE_RUN, measured: a bullet in the urgent box, large print, A4 (narrower than
    # Letter), in the widest glyph a text may hold; one more and ReportLab splits the word.
    import io

    import pdfplumber

    from handouts import Options, read_brand, render_leaflet
    from handouts.pdf import fonts
    from handouts.source import checker

    assert checker.LINE_RUN == 15
    widest = "\u2031"  # PER TEN THOUSAND SIGN
    drawable = fonts.primary_coverage(fonts.REGULAR) | fonts.fallback_coverage(fonts.REGULAR)
    assert max(sorted(c for c in drawable if _accepted(c) and not c.isspace()),
               key=lambda c: fonts.width(c, fonts.REGULAR, 16)) == widest
    path = tmp_path / "drug.yaml"
    path.write_text(GOOD + f"when_to_get_help:\n  - {widest * count}\n", encoding="utf-8")
    leaflet = render_leaflet(read_monograph(path), read_brand(), Options(large_print=True))
    with pdfplumber.open(io.BytesIO(leaflet.pdf)) as doc:
        tops = {round(c["top"]) for page in doc.pages for c in page.chars if c["text"] == widest}
    assert len(tops) == lines


def test_error_long_words_count_once_per_letter(write_yaml):
    # ReportLab lays out a word wider than a line letter by letter, each letter costing what
    # a whole word does: 26 words of 200 letters count as 5,200.
    long = " ".join(["w" * 200] * 26)
    path = write_yaml(GOOD.replace("It works.", long))
    assert errors(read_monograph, path) == [
        f"{path}:3:15: how_it_works: expected at most 5,000 words in one paragraph or item, "
        "found 5,200 (a word of more than 15 characters counts once per character); split it "
        "into shorter paragraphs (a blank line between them)"]
    m = read_monograph(write_yaml(GOOD.replace("It works.", " ".join(["w" * 200] * 25))))
    assert len(m.sections[1].blocks[0].text.split()) == 25


def test_error_paragraph_of_too_many_characters(write_yaml):
    # 5,000 words of 15 letters made a paragraph of 80,000 characters and 170 pages of large
    # print, which took 6 s alone; a 1 MiB file held six.
    path = write_yaml(GOOD.replace("It works.", " ".join(["w" * 15] * 2501)))
    assert errors(read_monograph, path) == [
        f"{path}:3:15: how_it_works: expected at most 40,000 characters in one paragraph or "
        "item, found 40,015; split it into shorter paragraphs (a blank line between them)"]
    read_monograph(write_yaml(GOOD.replace("It works.", " ".join(["w" * 15] * 2500))))


@pytest.mark.parametrize(("value", "fault"), [
    ("Ana \u05e9\u05dc\u05d5\u05dd", "character 5 is of a right-to-left script, which handouts "
                                "cannot yet print in the right order"),
    ("Dose\u05b0", "character 5 is of a right-to-left script, which handouts cannot yet print "
                   "in the right order"),
    ("Zeb \u202e", "character 5 is a bidirectional control, which can show text in another "
                   "order than it is written"),
    ("Z\u200beb", "character 2 is an invisible character, which can join or hide words unseen"),
    ("Z\ufe0feb", "character 2 is an invisible character, which can join or hide words unseen"),
    ("Zeb \u092f\u0939", "character 5 is of a script handouts cannot print yet"),
    ("Zeb \ua500", "character 5 is one no bundled font has"),
    ("Zeb \U0001f9ea", "character 5 is one no bundled font has"),
    ("Zeb \U0001f600", "character 5 is beyond U+FFFF, which some PDF readers (Ghostscript) "
                       "extract as other characters"),
    ("Zeb\x07", "character 4 is a control character"),
    ("Zeb\udcff", "character 4 is a lone surrogate (bytes that are not UTF-8)"),
])
def test_error_patient_details_name_the_fault_and_position_never_the_value(value, fault):
    # A patient's details appear in their PDF and nowhere else: not one character of them,
    # nor its code point or Unicode name, in a message.
    from handouts.source import options

    for option, details in (("--for", {"name": value}), ("--prescriber", {"prescriber": value})):
        with pytest.raises(options.OptionError) as info:
            options.patient(**details)
        assert str(info.value) == f"{option}: {fault}; write it without that character"
        assert not any(c in str(info.value) for c in value if not c.isascii())


# The brand's logo: checked once, when the brand is read, from inside the brand's folder.

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">{}</svg>'
SQUARE = '<path d="M0 0 H20 V20 H0 Z"/>'


def png_file(path: Path, width: int, height: int, rows: bytes | None = None) -> Path:
    """A real 1-bit greyscale PNG of ``width`` × ``height`` black pixels: zlib shrinks its zero
    rows a thousandfold, so even 20000 × 20000 is a few tens of KB on disk. ``rows`` replaces
    the compressed pixels (to damage them)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    if rows is None:
        row = bytes(1 + (width + 7) // 8)  # filter byte 0, then the row's bits
        packer = zlib.compressobj(9)
        rows = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", rows) + chunk(b"IEND", b""))
    return path


def logo_brand(write_yaml, name: str) -> Path:
    return write_yaml(BRAND + f"logo: {name}\n", "brand.yaml")


def logo_error(write_yaml, name: str) -> str:
    """The one problem reading a brand with ``logo: name``, without the file's name."""
    path = logo_brand(write_yaml, name)
    (problem,) = errors(read_brand, path)
    prefix = f"{path}:3:7: logo: "
    assert problem.startswith(prefix), problem
    return problem[len(prefix):]


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if anything decodes (or even opens) an image with Pillow or ReportLab."""
    from PIL import Image, ImageFile
    from reportlab.lib import utils

    def refuse(*args, **kwargs):
        raise AssertionError("the image was opened for decoding")

    monkeypatch.setattr(Image, "open", refuse)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    monkeypatch.setattr(utils, "ImageReader", refuse)


TEXT = ("expected an SVG whose text is converted to paths, found <text> elements (their font "
        "could not be embedded)")


def test_error_logo_svg_text_with_a_namespace_prefix(write_yaml, tmp_path):
    (tmp_path / "logo.svg").write_text('<svg:svg xmlns:svg="http://www.w3.org/2000/svg" '
                                       'width="40" height="20"><svg:text>Hi</svg:text></svg:svg>')
    assert logo_error(write_yaml, "logo.svg") == TEXT


def test_error_logo_svg_text_in_utf16(write_yaml, tmp_path):
    (tmp_path / "logo.svg").write_bytes(SVG.format("<text>Hi</text>").encode("utf-16"))
    assert logo_error(write_yaml, "logo.svg") == TEXT


def test_error_logo_svg_compressed(write_yaml, tmp_path):
    # libxml2 inflates a gzip file it is given by name, so svglib drew this one's text.
    (tmp_path / "logo.svg").write_bytes(gzip.compress(SVG.format("<text>Hi</text>").encode()))
    assert logo_error(write_yaml, "logo.svg") == (
        "expected an uncompressed SVG file, found a gzip-compressed one (SVGZ); save it as "
        "plain SVG")


def test_error_logo_svg_uses_another_file(write_yaml, tmp_path):
    (tmp_path / "other.svg").write_text(SVG.format('<text id="t">Secret</text>'))
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.svg").write_text(SVG.format('<use href="../other.svg#t"/>'))
    path = write_yaml(BRAND + "logo: logo.svg\n", "brand/brand.yaml")
    assert errors(read_brand, path) == [
        f"{path}:3:7: logo: expected only references to the SVG's own elements "
        "(href=\"#id\"), found href='../other.svg#t'; copy what it refers to into the logo"]


def test_error_logo_svg_raster_image(write_yaml, tmp_path):
    png = base64.b64encode(png_file(tmp_path / "p.png", 2, 2).read_bytes()).decode()
    (tmp_path / "logo.svg").write_text(SVG.format(
        f'<image width="2" height="2" href="data:image/png;base64,{png}"/>'))
    assert logo_error(write_yaml, "logo.svg") == (
        "expected an SVG of shapes and paths, found an <image> element (a picture inside the "
        "SVG); use the picture as a PNG logo, or redraw it as paths")


@pytest.mark.parametrize(("content", "message"), [
    ("<g><tspan>Hi</tspan></g>", TEXT.replace("<text>", "<tspan>")),
    ('<x:textPath xmlns:x="urn:any">Hi</x:textPath>',  # svglib ignores namespaces
     TEXT.replace("<text>", "<textPath>")),
    ("<defs><font-face font-family='A'/></defs>", TEXT.replace("<text>", "<font-face>")),
    ("<style>@font-face { font-family: A; src: url(#a) }</style>",
     "expected an SVG whose text is converted to paths, found @font-face in a style (its font "
     "could not be embedded)"),
    ("<foreignObject><p xmlns='http://www.w3.org/1999/xhtml'>Hi</p></foreignObject>",
     "expected an SVG of shapes and paths, found a <foreignObject> element; delete it"),
    ("<script>alert(1)</script>",
     "expected an SVG of shapes and paths, found a <script> element; delete it"),
    ('<use xmlns:xl="http://www.w3.org/1999/xlink" xl:href="http://example.org/a.svg#b"/>',
     "expected only references to the SVG's own elements (href=\"#id\"), found "
     "href='http://example.org/a.svg#b'; copy what it refers to into the logo"),
    ('<path fill="url(other.svg#g)" d="M0 0 H9 V9 Z"/>',
     "expected only url(#id) references to the SVG's own elements, found "
     "'url(other.svg#g)'; copy what it refers to into the logo"),
    ("<style>path { fill: URL( 'http://example.org/x' ) }</style>",
     "expected only url(#id) references to the SVG's own elements, found "
     "\"URL( 'http://example.org/x' )\"; copy what it refers to into the logo"),
    ("<style>@import 'brand.css';</style>",
     "expected a self-contained SVG, found @import in a style; copy the style sheet into the "
     "logo"),
    ('<g id="a"><use href="#a"/></g>',
     "expected an SVG whose <use> and clip-path references do not loop, found a loop; "
     "export it again"),
])
def test_error_logo_svg_content(write_yaml, tmp_path, content, message):
    (tmp_path / "logo.svg").write_text(SVG.format(content))
    assert logo_error(write_yaml, "logo.svg") == message


@pytest.mark.parametrize(("svg", "message"), [
    ('<!DOCTYPE svg [<!ENTITY big "x">]>' + SVG.format("&big;"),
     "expected an SVG file without a DOCTYPE, found <!DOCTYPE svg>; delete the DOCTYPE line "
     "(an SVG needs none)"),
    ('<?xml-stylesheet href="x.css"?>' + SVG.format(SQUARE),
     "expected an SVG file without processing instructions, found <?xml-stylesheet?>; "
     "delete it"),
    ("<svg><g></svg>",
     "expected an SVG file, found invalid XML at line 1, column 15; export the logo again as "
     "plain SVG"),
    ('<html xmlns="http://www.w3.org/1999/xhtml"/>',
     "expected an SVG file, found XML whose root element is <html>; export the logo again as "
     "plain SVG"),
    ('<svg xmlns="http://www.w3.org/2000/svg">' + SQUARE + "</svg>",
     "expected an SVG with a width and height or a viewBox, found neither; export it again "
     "with its size"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="700" height="100">' + SQUARE + "</svg>",
     "expected a logo at most 6 times as wide as it is tall, found 700 × 100 px (7.0 times); "
     "crop it or use a narrower version"),
])
def test_error_logo_svg_document(write_yaml, tmp_path, svg, message):
    (tmp_path / "logo.svg").write_text(svg)
    assert logo_error(write_yaml, "logo.svg") == message


def test_error_logo_svg_nested_too_deep_says_so(write_yaml, tmp_path):
    # 100,000 nested <g> were "invalid XML": it is the parser's limit on nesting.
    (tmp_path / "logo.svg").write_text(SVG.format("<g>" * 100_000 + "</g>" * 100_000))
    assert logo_error(write_yaml, "logo.svg") == (
        "expected an SVG whose elements are nested at most 256 deep, found deeper nesting at "
        "line 1, column 831; export the logo again with its groups flattened")


def laughs() -> str:
    """"Billion laughs": ten entities of ten of ten... of "lol", 10^9 once expanded."""
    entities = ['<!ENTITY lol "lol">']
    for n in range(2, 10):
        previous = f"lol{n - 1}" if n > 2 else "lol"
        entities.append(f'<!ENTITY lol{n} "{("&" + previous + ";") * 10}">')
    return ('<?xml version="1.0"?>\n<!-- a comment: <!DOCTYPE svg> -->\n<!DOCTYPE lolz [\n'
            + "\n".join(entities) + "\n]>\n" + SVG.format("<desc>&lol9;</desc>" + SQUARE))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_error_logo_svg_billion_laughs_names_its_doctype(write_yaml, tmp_path, encoding):
    # It was "invalid XML": libxml2 refuses the entities' expansion even when told not to
    # expand them, before the DOCTYPE could be named.
    (tmp_path / "logo.svg").write_bytes(laughs().encode(encoding))
    assert logo_error(write_yaml, "logo.svg") == (
        "expected an SVG file without a DOCTYPE, found <!DOCTYPE lolz>; delete the DOCTYPE "
        "line (an SVG needs none)")


def test_error_logo_svg_use_bomb(write_yaml, tmp_path):
    # Ten <use> of ten <use> of ... : 10^5 copies of one path from a file of 1.4 KB.
    defs = SQUARE.replace("<path", '<path id="l0"')
    for level in range(1, 6):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(10))
        defs += f'<g id="l{level}">{uses}</g>'
    (tmp_path / "logo.svg").write_text(SVG.format(f'<defs>{defs}</defs><use href="#l5"/>'))
    # Level n holds 1 + 10 × (1 + level n-1) elements: 21, 221, 2221, 22221, 222221. Counted
    # once where defined, and once more through the last <use>: svg, defs, l0..l5, use, l5.
    expanded = 1 + 1 + (1 + 21 + 221 + 2221 + 22221 + 222221) + 1 + 222221
    assert logo_error(write_yaml, "logo.svg") == (
        "expected an SVG of at most 20,000 elements once <use> and clip paths are expanded, "
        f"found {expanded:,}; simplify the logo")


def test_logo_svg_with_references_to_itself_is_accepted(write_yaml, tmp_path):
    (tmp_path / "logo.svg").write_text(SVG.format(
        '<!-- paths only --><metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
        '</metadata><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/>'
        '</linearGradient><clipPath id="c"><rect width="20" height="20"/></clipPath></defs>'
        '<style>.a { fill: url( "#g" ) }</style>'
        f'<g id="s" clip-path="url(#c)">{SQUARE}</g>'
        '<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="#s" x="20"/>'))
    logo = read_brand(logo_brand(write_yaml, "logo.svg")).logo
    assert (logo.kind, logo.data) == ("svg", (tmp_path / "logo.svg").read_bytes())


@pytest.mark.parametrize(("side", "height"), [(13000, 13000), (20000, 20000), (4097, 10)])
def test_error_logo_png_too_large_refused_before_decoding(write_yaml, tmp_path, no_decoding,
                                                           side, height):
    png_file(tmp_path / "logo.png", side, height)
    assert logo_error(write_yaml, "logo.png") == (
        "expected a PNG of at most 4096 pixels a side and 4,194,304 pixels in all, found "
        f"{side} × {height} pixels; scale it down (it is printed 9 mm tall: a few hundred "
        "pixels high are plenty)")


def test_error_logo_png_too_wide(write_yaml, tmp_path, no_decoding):
    png_file(tmp_path / "logo.png", 1000, 100)
    assert logo_error(write_yaml, "logo.png") == (
        "expected a logo at most 6 times as wide as it is tall, found 1000 × 100 pixels "
        "(10.0 times); crop it or use a narrower version")


def test_error_logo_png_damaged(write_yaml, tmp_path):
    png_file(tmp_path / "logo.png", 120, 60, rows=zlib.compress(bytes(100))[:-6] + b"garbage")
    assert logo_error(write_yaml, "logo.png") == (
        "expected a PNG file, found a damaged one ('logo.png' cannot be decoded); export it "
        "again")


def test_error_logo_png_not_a_png(write_yaml, tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\xff\xd8\xff\xe0 a JPEG")
    assert logo_error(write_yaml, "logo.png") == (
        "expected a PNG file, found 'logo.png', which does not start with PNG's signature; "
        "export the logo as PNG or SVG")


def test_error_logo_file_too_large(write_yaml, tmp_path, no_decoding):
    with (tmp_path / "logo.svg").open("wb") as f:
        f.truncate(2 * 1024 * 1024 + 1)  # sparse: no disk used
    assert logo_error(write_yaml, "logo.svg") == (
        "expected a file of at most 2,097,152 bytes, found 2,097,153 bytes; export the logo "
        "smaller (it is printed 9 mm tall)")


def test_error_logo_not_a_regular_file(write_yaml, tmp_path):
    os.mkfifo(tmp_path / "logo.png")  # reading it would wait for a writer for ever
    path = logo_brand(write_yaml, "logo.png")
    assert errors(read_brand, path) == [
        f"{path}:3:7: logo: expected a PNG or SVG file, found a named pipe (FIFO) at "
        f"'{tmp_path / 'logo.png'}'"]


def test_error_logo_that_is_a_folder(write_yaml, tmp_path):
    # An IsADirectoryError traceback, in build and in check, which both read the brand.
    (tmp_path / "logo.svg").mkdir()
    path = logo_brand(write_yaml, "logo.svg")
    assert errors(read_brand, path) == [
        f"{path}:3:7: logo: expected a PNG or SVG file, found a folder at "
        f"'{tmp_path / 'logo.svg'}'"]


@pytest.mark.parametrize("where", ["relative", "absolute", "symlink"])
def test_error_logo_outside_the_brand_folder_is_never_opened(write_yaml, tmp_path,
                                                             monkeypatch, where):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    secret = png_file(elsewhere / "x.png", 20, 10)
    (tmp_path / "brand").mkdir()
    if where == "symlink":
        (tmp_path / "brand" / "link.png").symlink_to(secret)
    name = {"relative": "../elsewhere/x.png", "absolute": str(secret),
            "symlink": "link.png"}[where]
    path = write_yaml(BRAND + f"logo: {name}\n", "brand/brand.yaml")

    def guard(real_open):
        def open_inside(file, *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)):
                assert not Path(os.fsdecode(file)).resolve().is_relative_to(elsewhere), file
            return real_open(file, *args, **kwargs)
        return open_inside

    for module, opener in ((os, "open"), (io, "open"), (builtins, "open")):
        monkeypatch.setattr(module, opener, guard(getattr(module, opener)))
    outside = ("a link to a file outside it; put the logo itself beside the brand file"
               if where == "symlink" else "which is outside it; put the logo beside the brand file")
    assert errors(read_brand, path) == [
        f"{path}:3:7: logo: expected a file in the brand file's folder, found {name!r}, "
        + outside]


def test_logo_png_is_kept_as_its_bytes(write_yaml, tmp_path):
    png_file(tmp_path / "logo.png", 120, 60)
    logo = read_brand(logo_brand(write_yaml, "logo.png")).logo
    assert (logo.kind, logo.data) == ("png", (tmp_path / "logo.png").read_bytes())


def test_error_generic_name_too_long_for_the_page_header(write_yaml):
    # It failed at render time with ReportLab's internal label and advice about the
    # organisation's name; it is an input error, located.
    name = "Supercalifragilistic " * 12
    path = write_yaml(GOOD.replace("name: Testamab", f"name: {name.strip()}"))
    assert errors(read_monograph, path) == [
        f"{path}:1:7: name: expected a generic name that fits 2 lines of the page header, "
        "found one of 251 characters; give the generic name alone (other names belong in "
        "brand_names)"]


def test_error_organisation_too_long_for_the_band(write_yaml):
    name = "The Very Long Name " * 12
    path = write_yaml(BRAND.replace("Test Clinic", name), "brand.yaml")
    assert errors(read_brand, path) == [
        f"{path}:1:15: organisation: expected a name that fits the header band beside the logo, "
        "on at most 2 lines at 9 pt (and 3 at 14 pt in large print), found 227 characters; "
        "shorten it (the full name can go in the tagline)"]


def test_error_soft_hyphens_alone_are_empty(write_yaml):
    # A soft hyphen is never printed (text.collapse): text of nothing else prints nothing.
    path = write_yaml(GOOD.replace("how_it_works: It works.", 'how_it_works: "\\u00ad"')
                      .replace("  - Nausea", '  - Nausea\n  - "\\u00ad \\u00ad"'))
    assert errors(read_monograph, path) == [
        f"{path}:3:15: how_it_works: expected text, found an empty string",
        f"{path}:6:5: common_side_effects[2]: expected text, found an empty string",
    ]


def test_error_characters_beyond_the_bmp_that_a_font_draws(write_yaml):
    path = write_yaml(GOOD.replace("It works.", "Sets \U0001d538 and \U0001f600."))
    assert errors(read_monograph, path) == [
        f"{path}:3:20: how_it_works: found U+1D538 MATHEMATICAL DOUBLE-STRUCK CAPITAL A ('𝔸'), "
        "a character beyond U+FFFF, which some PDF readers (Ghostscript) extract as other "
        "characters; write it another way",
        f"{path}:3:26: how_it_works: found U+1F600 GRINNING FACE ('😀'), a character beyond "
        "U+FFFF, which some PDF readers (Ghostscript) extract as other characters; write it "
        "another way"]


# format version 2



CHARACTERS = ("expected only the characters an address may hold (letters, digits, "
              "- . _ ~ : / ? # [ ] @ ! $ & ' ( ) * + , ; = and %XX escapes), found ")
PORT = "expected a port from 1 to 65535 after the domain name (or none: https uses 443), found "


@pytest.mark.parametrize(("url", "column", "message"), [
    ("https://example.org:99999/x", 6, PORT + "'99999'"),
    ("https://example.org:0/x", 6, PORT + "'0'"),
    ("https://example.org:443x/", 6, PORT + "'443x'"),
    ("https://example.org/a<b>", 27, CHARACTERS + "'<'; write it as %3C"),
    ("https://example.org/100%", 29, CHARACTERS + "'%'; write it as %25"),
    ("https://example.org:8443/a%20b?q=1#top", 0, None),
], ids=["port too high", "port 0", "port not a number", "markup", "bare percent", "good"])
def test_error_url_is_checked_whole(write_yaml, url, column, message):
    # https://example.org:99999/ was printed, and encoded in the QR code.
    path = write_yaml(V2.replace("https://example.org/medicines/testamab", url))
    if message is None:
        assert read_monograph(path).url == url
    else:
        assert errors(read_monograph, path) == [f"{path}:14:{column}: url: {message}"]


def test_version_2_fields(write_yaml):
    import datetime

    m = read_monograph(write_yaml(V2))
    assert m.key_points == ("Take it with food.", "Drink plenty.")
    assert m.when_to_get_help == ("A temperature of 38 °C or higher.",)
    assert [s.key for s in m.sections][-1] == "storage"
    assert (m.reviewed, m.next_review) == (datetime.date(2025, 3, 1), datetime.date(2027, 3, 1))
    assert m.url == "https://example.org/medicines/testamab"


def test_a_version_1_monograph_has_none_of_them(write_yaml):
    m = read_monograph(write_yaml(GOOD))
    assert (m.key_points, m.when_to_get_help, m.reviewed, m.next_review, m.url) == (
        (), (), None, None, None)


@pytest.mark.parametrize(("change", "message"), [
    ("reviewed: 2025-03-01", None),
    ("reviewed: 2025-02-30", "reviewed: expected a date written YYYY-MM-DD, such as "
                             "2025-03-01, found '2025-02-30'"),
    ("reviewed: 1 March 2025", "reviewed: expected a date written YYYY-MM-DD, such as "
                               "2025-03-01, found '1 March 2025'"),
    ("reviewed: 2025", "reviewed: expected a date written YYYY-MM-DD, such as 2025-03-01, "
                       "found a number ('2025')"),
    ("next_review: 2024-01-01", "next_review: expected a date after reviewed (2025-03-01), "
                                "found 2024-01-01"),
    ("url: http://example.org/x", "url: expected an https:// address such as "
     "https://example.org/medicines/name (https only, a domain name, no spaces or user name), "
     "found 'http://example.org/x'"),
    ("url: https://user:pw@example.org/", "url: expected an https:// address such as "
     "https://example.org/medicines/name (https only, a domain name, no spaces or user name), "
     "found 'https://user:pw@example.org/'"),
    ("url: https://192.168.1.1/x", "url: expected an https:// address such as "
     "https://example.org/medicines/name (https only, a domain name, no spaces or user name), "
     "found 'https://192.168.1.1/x'"),
    ("url: file:///etc/passwd", "url: expected an https:// address such as "
     "https://example.org/medicines/name (https only, a domain name, no spaces or user name), "
     "found 'file:///etc/passwd'"),
    (f"url: https://example.org/{'a' * 150}", "url: expected an address that fits two "
     "lines of the footer, found one of 170 characters; link to a shorter page"),
    ("key_points: []", "key_points: expected at least one item, found an empty list"),
])
def test_error_version_2_values(write_yaml, change, message):
    lines = V2.splitlines()
    key = change.split(":")[0]
    number = next(i for i, line in enumerate(lines) if line.startswith(key + ":"))
    lines[number] = change
    path = write_yaml("\n".join(lines) + "\n")
    if message is None:
        read_monograph(path)
        return
    (found,) = errors(read_monograph, path)
    column = len(key) + 3  # the value, after "key: "
    assert found == f"{path}:{number + 1}:{column}: {message}"


# An imported draft (format version 3): status, imported_from and notes


DRAFT = """\
name: Testamab
status: draft
imported_from: FDA SPL; setId 1234
how_it_works: It works.
notes: |
  Text of the label that maps to no key.
"""


def test_a_draft_may_lack_required_keys_and_keep_notes(write_yaml):
    monograph = read_monograph(write_yaml(DRAFT), proof=True)
    assert monograph.draft
    assert [s.key for s in monograph.sections] == ["how_it_works"]


def test_error_only_a_draft_may_keep_notes(write_yaml):
    path = write_yaml(GOOD + "notes: Kept from the label.\n")
    assert errors(read_monograph, path) == [
        f"{path}:8:1: notes: only a draft may keep notes: move each to the key it belongs to, "
        "or delete it (nothing under notes is printed)"]


def test_error_status_is_draft_or_absent(write_yaml):
    path = write_yaml(GOOD + "status: reviewed\n")
    assert errors(read_monograph, path) == [
        f"{path}:8:9: status: expected draft (or no status: a reviewed monograph), found "
        "'reviewed'"]


def test_error_a_draft_still_checks_what_it_has(write_yaml):
    path = write_yaml(DRAFT + "common_side_effects: []\n")
    assert errors(lambda p: read_monograph(p, proof=True), path) == [
        f"{path}:7:22: common_side_effects: expected at least one item, found an empty list"]
