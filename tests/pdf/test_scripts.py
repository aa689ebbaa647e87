"""handouts.pdf.scripts: the likely script of a language from the shipped table, against
Babel's CLDR data, and the family of fonts it chooses."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.core import get_global

from handouts.pdf import fonts, scripts

TABLE = Path(scripts.__file__).with_name("_likely_scripts.py")


def _from_babel(language: str) -> str | None:
    """fonts._script before the table: the tag's own script, else Babel's likely subtags,
    looked up directly."""
    likely = get_global("likely_subtags")
    parts = language.replace("_", "-").split("-")
    given = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if given:
        return given
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
    for key in ([f"{parts[0].lower()}_{region}"] if region else []) + [parts[0].lower()]:
        found = likely.get(key)
        if found:
            return next((str(p) for p in found.split("_")[1:] if len(p) == 4), None)
    return None


def test_the_table_is_what_make_catalogues_writes_from_the_pinned_babel():
    assert TABLE.read_text(encoding="utf-8") == scripts.module_text(fonts.own_scripts()), (
        "handouts/pdf/_likely_scripts.py is stale: run `make catalogues`")


def test_every_language_babel_knows_gets_the_family_babel_gives_it():
    # Each of CLDR's 7,868 entries as a tag, and each language with a region it lacks: the
    # table chooses the same fonts as Babel's whole data did.
    keys = list(get_global("likely_subtags"))
    tags = [key.replace("_", "-") for key in keys] + [
        f"{key.split('_')[0]}-{region}" for key in keys for region in ("TW", "RU", "001")]
    for tag in tags:
        expected = fonts._BY_SCRIPT.get(_from_babel(tag) or "Latn", fonts.LATIN)
        assert fonts._BY_SCRIPT.get(scripts.of(tag) or "Latn", fonts.LATIN) is expected, tag


@pytest.mark.parametrize(("language", "script"), [
    ("ko", "Kore"), ("zh", "Hans"), ("zh-TW", "Hant"), ("zh-HK", "Hant"), ("ru", "Cyrl"),
    ("sr", "Cyrl"), ("sr-ME", "Latn"), ("el", "Grek"), ("uk-UA", "Cyrl")])
def test_a_language_gets_its_likely_script(language, script):
    assert scripts.of(language) == script == _from_babel(language)


def test_a_language_written_in_no_script_with_its_own_fonts_is_not_in_the_table():
    assert scripts.of("en") is None and _from_babel("en") == "Latn"
    assert scripts.of("ar") is None and fonts.family("ar") is fonts.LATIN
