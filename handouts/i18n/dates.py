"""A long date ("1 March 2025", "1 de marzo de 2025") in a locale, written from CLDR's long
date pattern and month names. For the shipped catalogues' locales both come from ``_long_dates``,
a table taken from the pinned Babel (``make catalogues`` writes it; a test keeps it equal to
Babel's output): Babel's own ``format_date`` first loads and merges the locale's whole data
(root, en, en_001 and en_GB: ~400 KB of pickles), 17 ms of a cold build's ~230 (issue 16).
Any other locale goes to Babel.
"""

from __future__ import annotations

import datetime
import re

from ._long_dates import LONG

# A CLDR date pattern's parts: a quoted literal ('de', '' for a quote), a field (a run of
# one letter: d, MMMM, y) or plain text.
_PART = re.compile(r"'((?:[^']|'')*)'|([A-Za-z])\2*|[^A-Za-z']+")
# The fields ``long`` writes; a pattern with another (a weekday, an era) is left to Babel.
FIELDS = frozenset({"d", "dd", "M", "MM", "MMMM", "y"})


def long(date: datetime.date, locale: str) -> str:
    """``date`` in ``locale``'s long format (Babel's name: en_GB, es_US, zh_Hant)."""
    known = LONG.get(locale)
    if known is None:
        from babel.dates import format_date  # here: the shipped locales never need it

        return str(format_date(date, format="long", locale=locale))
    pattern, months = known
    return "".join(_write(part, date, months) for part in _parts(pattern))


def entry(locale: str) -> tuple[str, tuple[str, ...]] | None:
    """What the table holds for ``locale``, from Babel: its long pattern and its month names
    as a date writes them (Polish "marca", not "marzec"); None if the pattern has a field
    ``long`` does not write."""
    from babel import Locale

    data = Locale.parse(locale)
    pattern = data.date_formats["long"].pattern
    if any(_is_field(part) and part not in FIELDS for part in _parts(pattern)):
        return None
    wide = data.months["format"]["wide"]
    return pattern, tuple(wide[month] for month in range(1, 13))


def module_text(locales: list[str]) -> str:
    """The source of ``_long_dates`` for ``locales``: what ``make catalogues`` writes."""
    import babel

    lines = [f'"""Written by `make catalogues` from Babel {babel.__version__}: CLDR\'s long date '
             "pattern and", 'month names of the locales the shipped catalogues print dates in. '
             'Do not edit."""', "", "LONG: dict[str, tuple[str, tuple[str, ...]]] = {"]
    for locale in locales:
        known = entry(locale)
        if known is None:
            continue
        pattern, months = known
        lines.append(f"    {locale!r}: ({pattern!r}, (")
        for half in (months[:6], months[6:]):  # six a line fit in 100 columns, even in CJK
            lines.append("        " + " ".join(f"{month!r}," for month in half))
        lines[-1] += ")),"
    return "\n".join([*lines, "}", ""])


def _parts(pattern: str) -> list[str]:
    return [match.group(0) for match in _PART.finditer(pattern)]


def _is_field(part: str) -> bool:
    return part[0].isascii() and part[0].isalpha()  # 年 and 일 are text, as in Babel


def _write(part: str, date: datetime.date, months: tuple[str, ...]) -> str:
    if part[0] == "'":
        return part[1:-1].replace("''", "'") if len(part) > 2 else "'"
    if not _is_field(part):
        return part
    return {"d": str(date.day), "dd": f"{date.day:02d}", "M": str(date.month),
            "MM": f"{date.month:02d}", "MMMM": months[date.month - 1],
            "y": str(date.year)}[part]
