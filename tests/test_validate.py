"""Validation into the model: every problem of a file, located and explained, at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts import InputError, read_brand, read_monograph
from handouts.model import BulletList, Paragraph
from test_load import GOOD


def errors(read, path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read(path)
    return [str(p) for p in info.value.problems]


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
    path = write_yaml(GOOD.replace("Adults.", "Adults 🧪 and\n  more 漢.").replace(
        "who_should_take_it: ", "who_should_take_it: |\n  "))
    assert errors(read_monograph, path) == [
        f"{path}:7:10: who_should_take_it: cannot print U+1F9EA TEST TUBE ('🧪'): no "
        "bundled font has it; write it another way",
        f"{path}:8:8: who_should_take_it: cannot print U+6F22 CJK UNIFIED IDEOGRAPH-6F22 "
        "('漢'): no bundled font has it; write it another way",
    ]


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
        f"{path}:4:9: colours.band_text: expected a contrast of at least 4.5:1 against "
        "#ffff00 (WCAG 2.1 AA), found 1.07:1",
        f"{path}:5:9: colours.text: expected a contrast of at least 4.5:1 against #ffffff "
        "(WCAG 2.1 AA), found 2.85:1",
        f"{path}:6:12: colours.heading: expected a colour such as '#0b4f6c', found 'blue'",
        f"{path}:7:9: colours.rule: expected a contrast of at least 3.0:1 against #ffffff "
        "(WCAG 2.1 AA), found 1.65:1",
        f"{path}:8:3: colours.border: unknown key; expected one of: band, band_text, heading, "
        "text, rule",
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
    from handouts._colour import contrast

    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's classic fail


def test_error_soft_hyphens_alone_are_empty(write_yaml):
    # A soft hyphen is never printed (text.collapse): text of nothing else prints nothing.
    path = write_yaml(GOOD.replace("how_it_works: It works.", 'how_it_works: "\\u00ad"')
                      .replace("  - Nausea", '  - Nausea\n  - "\\u00ad \\u00ad"'))
    assert errors(read_monograph, path) == [
        f"{path}:3:15: how_it_works: expected text, found an empty string",
        f"{path}:6:5: common_side_effects[2]: expected text, found an empty string",
    ]
