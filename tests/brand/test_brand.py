"""The brand file: contact details and the colours of the boxes (the logo is tested in
test_validate.py with the rest of the brand's older checks).

Covers brand.read; brand._logo is tested in source/test_validate.py, brand.catalogues in
i18n/test_catalogue.py.
"""

from __future__ import annotations

from pathlib import Path

from handouts import read_brand
from handouts.source.model import Contact, Localised
from helpers.samples import errors as validate_errors

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
    # Each text given once is printed as written in every language.
    assert brand.contact == Contact(
        name=Localised.every("Day Unit, Test Clinic"), phone="01632 960 000",
        out_of_hours="+44 1632 960999", hours=Localised.every("Monday to Friday, 9am to 5pm"),
        address=Localised.every(("1 River Road", "Riverside RV1 1AA")))


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
    from handouts.brand._colour import WHITE, contrast
    from handouts.brand.read import _CONTRAST, DEFAULT_COLOURS

    chosen = vars(DEFAULT_COLOURS)
    for name, against, needed in _CONTRAST:
        assert contrast(chosen[name], chosen.get(against, WHITE)) >= needed, (name, against)


def test_error_hours_without_a_day_phone(write_yaml):
    # The hours are printed beside the day number only: without one they would be lost.
    path = write_yaml(BRAND + "contact:\n  hours: Monday to Friday\n"
                      "  out_of_hours: 01632 960 999\n", "brand.yaml")
    assert errors(path) == [f"{path}:4:10: contact.hours: expected with contact.phone (the "
                            "hours say when that number is answered, and are printed beside it)"]


PER_LANGUAGE = BRAND + """\
contact:
  name: {en: Day Unit, es: Unidad de Día}
  phone: 01632 960 000
  hours:
    en: Monday to Friday, 8am to 6pm
    es-US: De lunes a viernes, de 8 a 18 h
  address:
    en: [Riverside Hospital, Entrance B]
    es: |
      Hospital Riverside
      Entrada B
"""


def test_contact_texts_per_language(write_yaml):
    contact = read_brand(write_yaml(PER_LANGUAGE, "brand.yaml")).contact
    assert contact is not None and contact.name is not None and contact.hours is not None
    # RFC 4647 lookup as for the tagline; a language not given prints the brand language's,
    # and says which language that is (for its /Lang).
    assert contact.name.in_language("es-MX") == ("Unidad de Día", None)
    assert contact.hours.in_language("es-US") == ("De lunes a viernes, de 8 a 18 h", None)
    assert contact.hours.in_language("es") == ("Monday to Friday, 8am to 6pm", "en")
    assert contact.hours.in_language("en-GB") == ("Monday to Friday, 8am to 6pm", None)
    assert contact.address is not None
    assert contact.address.in_language("es") == (("Hospital Riverside", "Entrada B"), None)
    assert contact.address.in_language("fr") == (("Riverside Hospital", "Entrance B"), "en")
    assert Localised.every("Day Unit").in_language("es") == ("Day Unit", None)


def test_a_brand_in_another_language_falls_back_to_its_own(write_yaml):
    brand = read_brand(write_yaml(BRAND + "language: es\ncontact:\n"
                                  "  name: {en: Day Unit, es: Unidad de Día}\n", "brand.yaml"))
    assert brand.contact is not None and brand.contact.name is not None
    assert brand.contact.name.in_language("de") == ("Unidad de Día", "es")


def test_error_contact_texts_per_language(write_yaml):
    path = write_yaml(BRAND + """\
contact:
  name: {es: Unidad de Día}
  phone: {en: 01632 960 000}
  hours: {}
  address: {en: [one, two, three, four, five, six, seven], xx_YY: Calle 1}
""", "brand.yaml")
    assert errors(path) == [
        f"{path}:4:9: contact.name: expected a name in the brand's language 'en' (what a "
        "leaflet in a language without its own prints), found one in: es",
        f"{path}:5:10: contact.phone: expected a telephone number such as '01632 960 000' or "
        "'+44 1632 960000', found a mapping",
        f"{path}:6:10: contact.hours: expected the hours, or hours for each language such as "
        "{en: ..., es: ...}; found an empty mapping",
        f"{path}:7:17: contact.address.en: expected at most 6 lines, found 7",
        f"{path}:7:60: contact.address.xx_YY: expected a BCP 47 language tag such as en or "
        "en-GB, found 'xx_YY'",
    ]


def test_error_organisation_is_one_name_for_every_language(write_yaml):
    path = write_yaml("organisation: {en: Riverside, es: Ribera}\ntagline: We care.\n",
                      "brand.yaml")
    assert errors(path) == [
        f"{path}:1:15: organisation: expected the organisation's name, printed as written in "
        "every language (a proper name), found a mapping"]
