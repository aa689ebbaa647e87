"""Long dates: the shipped locales' table (handouts.i18n._long_dates) against Babel's own
format_date, and the other locales through Babel."""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.dates import format_date

from handouts.i18n import dates, words
from handouts.i18n._long_dates import LONG

TABLE = Path(dates.__file__).with_name("_long_dates.py")


def test_the_table_is_what_make_catalogues_writes_from_the_pinned_babel():
    assert TABLE.read_text(encoding="utf-8") == dates.module_text(words.date_locales()), (
        "handouts/i18n/_long_dates.py is stale: run `make catalogues`")


def test_the_table_holds_every_shipped_locale_with_cldr_dates():
    # All eleven whose catalogue does not name its own months: none is left to Babel.
    assert sorted(LONG) == words.date_locales()
    assert len(LONG) == 11


@pytest.mark.parametrize("locale", sorted(LONG))
def test_a_shipped_locale_writes_every_date_as_babel_does(locale):
    day = datetime.date(1999, 12, 25)
    while day.year < 2032:  # every month, days of one and two digits, years on both sides of 2000
        assert dates.long(day, locale) == format_date(day, format="long", locale=locale)
        day += datetime.timedelta(days=11)


def test_quoted_text_and_a_quote_are_written_as_cldr_says():
    assert dates._parts("d 'de' MMMM 'de' y") == ["d", " ", "'de'", " ", "MMMM", " ", "'de'",
                                                  " ", "y"]
    assert dates._write("''", datetime.date(2025, 3, 1), ()) == "'"
    assert dates._write("'o''clock'", datetime.date(2025, 3, 1), ()) == "o'clock"
    assert dates.long(datetime.date(2025, 3, 1), "ru") == "1 марта 2025\u202fг."


def test_another_locale_is_written_by_babel():
    assert "de_AT" not in LONG
    assert dates.long(datetime.date(2025, 1, 1), "de_AT") == "1. Jänner 2025"


def test_a_pattern_with_a_field_it_does_not_write_is_left_to_babel(monkeypatch):
    import babel

    weekday = SimpleNamespace(date_formats={"long": SimpleNamespace(pattern="EEEE, d MMMM y")},
                              months={"format": {"wide": dict.fromkeys(range(1, 13), "x")}})
    monkeypatch.setattr(babel.Locale, "parse", lambda name: weekday)
    assert dates.entry("xx") is None
    assert "'xx'" not in dates.module_text(["xx"])
