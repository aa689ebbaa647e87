"""The script a language is written in: the one its tag gives, else the one it most likely is
(CLDR's likely subtags: ko → Kore, zh-TW → Hant, sr-ME → Latn), as far as choosing a leaflet's
fonts needs it. The entries come from ``_likely_scripts``, a table taken from the pinned Babel
(``make catalogues`` writes it; a test keeps it equal to Babel's): ``babel.core.get_global``
unpickles all of CLDR's global data (15–23 ms of a cold build) for the one table. It holds every
entry of each language that some entry gives a script with a family of its own; a language it
lacks is written in a script whose leaflets print in the Latin family anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from ._likely_scripts import LIKELY


@cache
def of(language: str) -> str | None:
    """The ISO 15924 script of ``language`` (a BCP 47 tag): the one the tag gives (zh-Hant),
    else the one CLDR expects by its language and region (zh-TW), else by its language alone;
    None when neither the tag nor the table says."""
    parts = language.replace("_", "-").split("-")
    given = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if given:
        return given
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
    for key in ([f"{parts[0].lower()}_{region}"] if region else []) + [parts[0].lower()]:
        if key in LIKELY:
            return LIKELY[key]
    return None


def module_text(scripts: Iterable[str]) -> str:
    """The source of ``_likely_scripts`` for the languages of which some entry of Babel's
    likely subtags gives one of ``scripts``: what ``make catalogues`` writes."""
    import babel
    from babel.core import get_global

    wanted = set(scripts)
    table = {key: next((p for p in value.split("_")[1:] if len(p) == 4), "")
             for key, value in get_global("likely_subtags").items()}
    languages = {key.split("_")[0] for key, script in table.items() if script in wanted}
    lines = [f'"""Written by `make catalogues` from Babel {babel.__version__}: the script of '
             "each entry of CLDR's likely", "subtags for the languages some entry of which "
             f'gives {", ".join(sorted(wanted))}. Do not edit."""', "",
             "LIKELY: dict[str, str] = {"]
    entries = [f"{key!r}: {script!r}," for key, script in sorted(table.items())
               if key.split("_")[0] in languages]
    row = "   "
    for entry in entries:  # as many a line as fit in 100 columns
        if len(row) + len(entry) + 1 > 99:
            lines.append(row)
            row = "   "
        row += " " + entry
    return "\n".join([*lines, row, "}", ""])
