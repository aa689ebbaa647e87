"""Compile each shipped handouts/i18n/catalogues/<tag>.po into the <tag>.mo beside it, and
write handouts/i18n/_long_dates.py, the shipped locales' long date patterns and month names.

Run after editing a .po, adding a catalogue or upgrading Babel (``make catalogues``);
tests/i18n/test_catalogue.py fails while a .mo is not the compilation of its .po, and
tests/i18n/test_dates.py while the table is not what Babel gives.
"""

from __future__ import annotations

from pathlib import Path

from handouts.i18n import dates, words
from handouts.i18n.catalogue import SHIPPED, compile_po

FOLDER = Path(__file__).resolve().parent.parent / "handouts" / "i18n" / "catalogues"

if __name__ == "__main__":
    for tag in SHIPPED:
        po = FOLDER / f"{tag}.po"
        (FOLDER / f"{tag}.mo").write_bytes(compile_po(po.read_text(encoding="utf-8")))
        print(f"{po.with_suffix('.mo').relative_to(FOLDER.parent.parent)}")
    table = FOLDER.parent / "_long_dates.py"
    table.write_text(dates.module_text(words.date_locales()), encoding="utf-8")
    print(table.relative_to(FOLDER.parent.parent.parent))
