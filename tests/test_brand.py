"""The brand file: contact details and the colours of the boxes (the logo is tested in
test_validate.py with the rest of the brand's older checks)."""

from __future__ import annotations

from pathlib import Path

from test_validate import errors as validate_errors

from handouts import read_brand
from handouts.model import Contact

BRAND = """\
organisation: Test Clinic
tagline: We care.
"""


def errors(path: Path) -> list[str]:
    return validate_errors(read_brand, path)


def test_contact_block(write_yaml):
    brand = read_brand(write_yaml(BRAND + """\
contact:
  name: Day Unit, Test Clinic
  phone: 01632 960 000
  out_of_hours: "+44 1632 960999"
  hours: Monday to Friday, 9am to 5pm
  address: |
    1 River Road
    Riverside   RV1 1AA
""", "brand.yaml"))
    assert brand.contact == Contact(
        name="Day Unit, Test Clinic", phone="01632 960 000", out_of_hours="+44 1632 960999",
        hours="Monday to Friday, 9am to 5pm", address=("1 River Road", "Riverside RV1 1AA"))


def test_no_contact_is_none(write_yaml):
    assert read_brand(write_yaml(BRAND, "brand.yaml")).contact is None


def test_error_contact_problems_at_once(write_yaml):
    path = write_yaml(BRAND + """\
contact:
  phone: call us
  out_of_hours: 12
  address: [one, two, three, four, five, six, seven]
  fax: "123"
""", "brand.yaml")
    assert errors(path) == [
        f"{path}:4:10: contact.phone: expected a telephone number such as '01632 960 000' or "
        "'+44 1632 960000', found 'call us'",
        f"{path}:5:17: contact.out_of_hours: expected a telephone number such as '01632 960 000' "
        "or '+44 1632 960000', found a number ('12')",
        f"{path}:6:12: contact.address: expected at most 6 lines, found 7",
        f"{path}:7:3: contact.fax: unknown key; expected one of: name, phone, out_of_hours, "
        "hours, address",
    ]


def test_error_empty_contact(write_yaml):
    path = write_yaml(BRAND + "contact: {}\n", "brand.yaml")
    assert errors(path) == [f"{path}:3:10: contact: expected at least one of: name, phone, "
                            "out_of_hours, hours, address"]


def test_error_box_colours_are_checked_as_pairs(write_yaml):
    path = write_yaml(BRAND + """\
colours:
  highlight: "#777777"
  urgent: "#ff9999"
""", "brand.yaml")
    assert errors(path) == [
        f"{path}:4:14: colours.heading: expected a contrast of at least 4.5:1 for "
        "colours.heading (#0b4f6c) on colours.highlight (#777777) (WCAG 2.1 AA), found 2.00:1; "
        "darken or lighten one of the two",
        f"{path}:4:14: colours.text: expected a contrast of at least 4.5:1 for colours.text "
        "(#1a1a1a) on colours.highlight (#777777) (WCAG 2.1 AA), found 3.89:1; darken or "
        "lighten one of the two",
        f"{path}:5:11: colours.urgent: expected a contrast of at least 4.5:1 for "
        "colours.urgent (#ff9999) on colours.urgent_background (#fdeeee) (WCAG 2.1 AA), found "
        "1.82:1; darken or lighten one of the two",
    ]


def test_the_default_colours_pass_every_pair():
    from handouts._colour import WHITE, contrast
    from handouts.brand import _CONTRAST, DEFAULT_COLOURS

    chosen = vars(DEFAULT_COLOURS)
    for name, against, needed in _CONTRAST:
        assert contrast(chosen[name], chosen.get(against, WHITE)) >= needed, (name, against)


def test_error_hours_without_a_day_phone(write_yaml):
    # The hours are printed beside the day number only: without one they would be lost.
    path = write_yaml(BRAND + "contact:\n  hours: Monday to Friday\n"
                      "  out_of_hours: 01632 960 999\n", "brand.yaml")
    assert errors(path) == [f"{path}:4:10: contact.hours: expected with contact.phone (the "
                            "hours say when that number is answered, and are printed beside it)"]
