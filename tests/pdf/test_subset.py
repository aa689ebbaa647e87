"""A font subset in one pass (pdf._subset): the bytes of ReportLab's subsetter and then the
hinting stripped, without ReportLab's subsetter."""

from __future__ import annotations

from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import ttfonts

from handouts.pdf import _subset, _ttfont

# Latin (composite glyphs for accented letters in DejaVu Sans), and a CJK font of some
# 20,000 glyphs; each parsed once.
FONTS = ("AtkinsonHyperlegible-Bold.ttf", "DejaVuSans.ttf", "NotoSansKR-Regular.ttf")


@pytest.fixture(scope="module", params=FONTS)
def face(request):
    path = str(files("handouts._fonts") / request.param)
    return _ttfont.TTFont(f"Test{request.param}", path).face


def _two_passes(face, codes):
    return _subset.unhinted(ttfonts.TTFontFile.makeSubset(face, codes))


@settings(max_examples=60, derandomize=True, deadline=None)
@given(picks=st.lists(st.integers(0, 10**9), max_size=255), zeros=st.integers(0, 40),
       missing=st.lists(st.sampled_from([0xE000, 0x10FFFD, 0xF00A0]), max_size=3))
def test_any_subset_is_unhinted_reportlabs(face, picks, zeros, missing):
    """Any codes: drawn characters of the font in any order, codes not drawn (0, as
    _ttfont.addObjects gives them), characters the font lacks and the no-break stand-ins."""
    characters = sorted(face.charToGlyph)
    codes = [0] * zeros + [characters[p % len(characters)] for p in picks] + missing
    assert _subset.subset(face, codes) == _two_passes(face, codes)


def test_a_subset_is_made_without_reportlabs_subsetter(face, monkeypatch):
    # ReportLab's copies the whole glyf table (megabytes in a CJK font) and checksums the
    # file it makes, which unhinted parsed again: twice the time of one pass for Chinese.
    codes = [0, *sorted(face.charToGlyph)[:120]]
    expected = _two_passes(face, codes)

    def refuse(*args):
        raise AssertionError("ReportLab's subsetter was called")

    monkeypatch.setattr(ttfonts.TTFontFile, "makeSubset", refuse)
    assert face.makeSubset(codes) == expected


def test_a_subset_has_no_hinting(face):
    font = face.makeSubset([0, *sorted(face.charToGlyph)[:50]])
    tags = {font[12 + 16 * i:16 + 16 * i] for i in range(int.from_bytes(font[4:6], "big"))}
    assert tags == {b"OS/2", b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp",
                    b"name", b"post"}
