"""Compile each shipped handouts/i18n/catalogues/<tag>.po into the <tag>.mo beside it.

Run after editing a .po (``make catalogues``); tests/test_catalogue.py fails while a .mo is
not the compilation of its .po.
"""

from __future__ import annotations

from pathlib import Path

from handouts.i18n.catalogue import SHIPPED, compile_po

FOLDER = Path(__file__).resolve().parent.parent / "handouts" / "i18n" / "catalogues"

if __name__ == "__main__":
    for tag in SHIPPED:
        po = FOLDER / f"{tag}.po"
        (FOLDER / f"{tag}.mo").write_bytes(compile_po(po.read_text(encoding="utf-8")))
        print(f"{po.with_suffix('.mo').relative_to(FOLDER.parent.parent)}")
