"""Compile each shipped handouts/i18n/catalogues/<tag>.po into the <tag>.mo beside it, and
write the CLDR tables taken from Babel: handouts/i18n/_long_dates.py, the shipped locales'
long date patterns and month names, and handouts/pdf/_likely_scripts.py, the scripts by which
a leaflet's fonts are chosen.

Run after editing a .po, adding a catalogue or upgrading Babel (``make catalogues``);
tests/i18n/test_catalogue.py fails while a .mo is not the compilation of its .po, and
tests/i18n/test_dates.py and tests/pdf/test_scripts.py while a table is not what Babel gives.
"""

from __future__ import annotations

from pathlib import Path

from handouts.i18n import dates, words
from handouts.i18n.catalogue import SHIPPED, compile_po
from handouts.pdf import fonts, scripts

FOLDER = Path(__file__).resolve().parent.parent / "handouts" / "i18n" / "catalogues"

if __name__ == "__main__":
    for tag in SHIPPED:
        po = FOLDER / f"{tag}.po"
        (FOLDER / f"{tag}.mo").write_bytes(compile_po(po.read_text(encoding="utf-8")))
        print(f"{po.with_suffix('.mo').relative_to(FOLDER.parent.parent)}")
    table = FOLDER.parent / "_long_dates.py"
    table.write_text(dates.module_text(words.date_locales()), encoding="utf-8")
    print(table.relative_to(FOLDER.parent.parent.parent))
    table = FOLDER.parent.parent / "pdf" / "_likely_scripts.py"
    table.write_text(scripts.module_text(fonts.own_scripts()), encoding="utf-8")
    print(table.relative_to(FOLDER.parent.parent.parent))
