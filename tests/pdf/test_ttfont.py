"""What the embedded font subsets hold: only what a leaflet draws (issue 16: the seed in 25 KB)."""

from __future__ import annotations

from collections import defaultdict

import pikepdf
import pytest

from conftest import FIXTURES, SHIPPED, to_unicode

SEED = SHIPPED[[p.stem for p in SHIPPED].index("inotuzumab-ozogamicin")]


def _codes_drawn(pdf: pikepdf.Pdf) -> dict[str, set[int]]:
    """For each font (by BaseFont), the codes its text-showing operators draw, on the pages
    and in the Form XObjects they use (the page numbers)."""
    drawn: dict[str, set[int]] = defaultdict(set)

    def walk(content: pikepdf.Object, resources: pikepdf.Dictionary) -> None:
        fonts = resources.get("/Font", {})
        current = None
        for operands, operator in pikepdf.parse_content_stream(content):
            op = str(operator)
            if op == "Tf":
                current = str(fonts[operands[0]].BaseFont)
            elif op in ("Tj", "'", '"'):
                drawn[current].update(bytes(operands[-1]))
            elif op == "TJ":
                for part in operands[0]:
                    if isinstance(part, pikepdf.String):
                        drawn[current].update(bytes(part))
            elif op == "Do":
                form = resources.XObject[operands[0]]
                walk(form, form.get("/Resources", resources))

    for page in pdf.pages:
        walk(page.obj, page.Resources)
    return drawn


def _fonts(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Dictionary]:
    return {str(font.BaseFont): font for page in pdf.pages
            for font in page.Resources.Font.values()}


def _glyph_count(font_file: bytes) -> int:
    """numGlyphs of a TrueType font's maxp table."""
    for i in range(int.from_bytes(font_file[4:6], "big")):
        entry = font_file[12 + 16 * i:28 + 16 * i]
        if entry[:4] == b"maxp":
            start = int.from_bytes(entry[8:12], "big")
            return int.from_bytes(font_file[start + 4:start + 6], "big")
    raise AssertionError("no maxp table")


@pytest.mark.parametrize("source", [*SHIPPED, FIXTURES / "inotuzumab-ozogamicin.ko.yaml"],
                         ids=lambda p: p.stem)
def test_a_subset_maps_exactly_the_codes_drawn(source, build_file):
    # ReportLab puts all of ASCII into a font's first subset, drawn or not. Every code drawn
    # keeps its character (text extraction); no code undrawn is embedded.
    with pikepdf.open(build_file(source)) as pdf:
        drawn, fonts = _codes_drawn(pdf), _fonts(pdf)
        assert set(drawn) == set(fonts)
        for name, font in fonts.items():
            assert set(to_unicode(font)) == drawn[name], name


def test_a_subset_holds_only_the_glyphs_drawn(build_file):
    # A third of the glyphs of the seed's subsets were never drawn (issue 16: ≤ 25 KB).
    with pikepdf.open(build_file(SEED)) as pdf:
        drawn = _codes_drawn(pdf)
        for name, font in _fonts(pdf).items():
            # .notdef, then one glyph a character (the seed draws no composite glyph)
            font_file = font.FontDescriptor.FontFile2.read_bytes()
            assert _glyph_count(font_file) == 1 + len(drawn[name]), name
