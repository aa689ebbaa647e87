"""What the embedded font subsets hold: only what a leaflet draws (issue 16: the seed in 25 KB)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import zlib
from collections import defaultdict
from importlib.resources import files

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, ttfonts

import handouts
from conftest import FIXTURES, SHIPPED, to_unicode
from handouts.pdf import _subset, _ttfont

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


class _Document:
    """A document to ReportLab's font: the key of the font's state (codes given, subsets)."""


@pytest.fixture(scope="module")
def dejavu() -> _ttfont.TTFont:
    # Not registered: no other test sees this font or its states.
    return _ttfont.TTFont("TestDejaVu", str(files("handouts._fonts") / "DejaVuSans.ttf"))


def _split_in_reportlab(font: _ttfont.TTFont, text: str, document: _Document,
                        drawn: dict[int, set[int]]) -> list[tuple[int, bytes]]:
    """The wrapper's split as it was, every string through ReportLab's loop: the reference."""
    parts: list[tuple[int, bytes]] = ttfonts.TTFont.splitString(
        font, text.translate(_ttfont.TO_STAND_IN), document)
    for n, codes in parts:
        drawn.setdefault(n, set()).update(codes)
    return parts


# Latin, Greek, Cyrillic and Armenian (over 256 characters: more than one subset), the
# no-break spaces, and characters DejaVu Sans does not draw (Chinese, private use).
_SCRIPTS = [chr(c) for r in ((0x20, 0x7F), (0xA0, 0x17F), (0x391, 0x3CA), (0x400, 0x45F),
                             (0x531, 0x556)) for c in range(*r)]
_ALPHABET = st.one_of(st.sampled_from(_SCRIPTS), st.sampled_from(_ttfont.NO_BREAK),
                      st.sampled_from(["中", "文", "\ue000"]))


# Strings of a few characters of the alphabet (a leaflet's strings share their characters),
# drawn in one subset or across several.
_STRINGS = st.lists(_ALPHABET, min_size=1, max_size=12, unique=True).flatmap(
    lambda chars: st.lists(st.text(st.sampled_from(chars), max_size=30), max_size=30))


@settings(max_examples=200, derandomize=True, deadline=None)
@given(texts=_STRINGS, first=st.sampled_from(["", "".join(_SCRIPTS)]))
def test_any_strings_split_as_reportlabs_loop_splits_them(dejavu, texts, first):
    """Strings of mixed scripts, one after another in a document (after none, or after one
    that gives every character a code, in several subsets): the same subsets and bytes as
    ReportLab's loop gives, the same codes drawn and the same codes given."""
    ours, theirs, drawn = _Document(), _Document(), {}
    for text in [first, *texts]:
        assert dejavu.splitString(text, ours) == _split_in_reportlab(dejavu, text, theirs, drawn)
    if ours in dejavu.state:  # no state until a first string
        assert _ttfont._drawn(dejavu.state[ours]) == drawn
        assert dejavu.state[ours].assignments == dejavu.state[theirs].assignments
        assert dejavu.state[ours].subsets == dejavu.state[theirs].subsets


def test_a_string_of_characters_with_codes_is_mapped_without_reportlabs_loop(
        dejavu, monkeypatch):
    # ReportLab's loop, a Python step a character, was a tenth of a warm render (issue 16);
    # a string whose characters all have codes in one subset is mapped in C.
    document, calls = _Document(), []
    loop = ttfonts.TTFont.splitString
    monkeypatch.setattr(ttfonts.TTFont, "splitString",
                        lambda *args: calls.append(args[1]) or loop(*args))
    dejavu.splitString("Take 2\u00a0tablets", document)
    assert dejavu.splitString("Tablets\u2009take 2", document) == [
        (0, b"Tablets\x02take 2")]
    assert dejavu.splitString("2\u00a0Tablets\u2009", document) == [(0, b"2\x01Tablets\x02")]
    assert dejavu.splitString(b"take", document) == [(0, b"take")]
    assert calls == ["Take 2\U000f00a0tablets", "Tablets\U000f2009take 2"]


def test_a_words_width_is_measured_once_per_size(dejavu, monkeypatch):
    # ReportLab's line breaking measures every word and space, a thousand calls a leaflet.
    measured = []
    measure = ttfonts.instanceStringWidthTTF
    monkeypatch.setattr(ttfonts, "instanceStringWidthTTF",
                        lambda *args: measured.append(args[1:3]) or measure(*args))
    widths = [dejavu.stringWidth(word, size) for word, size in
              [("Tablets", 10), ("Tablets", 10), ("Tablets", 12), (b"Tablets", 10),
               ("Tablets", 10)]]
    assert widths == [measure(dejavu, "Tablets", size) for size in (10, 10, 12, 10, 10)]
    assert measured == [("Tablets", 10), ("Tablets", 12), (b"Tablets", 10)]

    class Shaped(str):  # ReportLab's shaped text and split words are kinds of str
        pass

    measured.clear()
    for _ in range(2):
        dejavu.stringWidth(Shaped("Tablets"), 10)
    assert measured == [("Tablets", 10), ("Tablets", 10)]


@pytest.mark.parametrize("multiline", [False, True])
def test_a_subsets_widths_are_written_as_reportlab_writes_them_in_one_step(
        dejavu, monkeypatch, multiline):
    # Up to 256 numbers a subset, each through pdfdoc.format: 0.15 ms a subset, now 0.03.
    monkeypatch.setattr(rl_config, "pdfMultiLine", int(multiline))
    document = pdfdoc.PDFDocument()
    dejavu.splitString("Take 2 tablets", document)
    dejavu.addObjects(document)
    (font,) = document.idToObject["BasicFonts"].dict.values()
    expected = pdfdoc.PDFArray(font.Widths.sequence).format(document)
    formatted = []
    format_one = pdfdoc.format
    monkeypatch.setattr(pdfdoc, "format",
                        lambda element, *args, **kw: formatted.append(element)
                        or format_one(element, *args, **kw))
    assert font.Widths.format(document) == expected
    assert formatted == []


def test_the_widths_a_font_remembers_are_bounded(dejavu, monkeypatch):
    # A worker that lays out a whole formulary meets far more words than one leaflet's.
    monkeypatch.setattr(_ttfont, "_WIDTHS_KEPT", 3)
    monkeypatch.setattr(dejavu, "_widths", {})
    for word in ("one", "two", "three", "four", "five"):
        assert dejavu.stringWidth(word, 9) == ttfonts.TTFont.stringWidth(dejavu, word, 9)
        assert len(dejavu._widths) <= 3
    assert ("five", 9) in dejavu._widths


def test_the_codes_every_document_starts_with_are_tabled_once_a_font(monkeypatch):
    # ReportLab's state gives all of ASCII its codes in every document: tabled a character
    # at a time, some 50 µs a font a leaflet; copied, a few.
    font = _ttfont.TTFont("TestAtkinson",
                          str(files("handouts._fonts") / "AtkinsonHyperlegible-Regular.ttf"))
    tabled = []
    absorb = _ttfont._absorb
    monkeypatch.setattr(_ttfont, "_absorb",
                        lambda known, assigned: tabled.append(list(assigned))
                        or absorb(known, tabled[-1]))
    for document in (_Document(), _Document()):
        assert font.splitString("Take é", document) == [(0, b"Take \x01")]
        assert font.splitString("é Take", document) == [(0, b"\x01 Take")]
    first, _ = font.first_codes()
    assert len(first) > 90  # ASCII
    assert tabled == [first, [(ord("é"), 1)], [(ord("é"), 1)]]


def test_a_subset_is_made_and_compressed_once_for_the_same_codes(brand, monkeypatch):
    # A second leaflet with the same characters (a new address: only the QR code differs)
    # takes its font files, ToUnicode CMaps and widths from the first: no subsetting, no
    # compressing. (Its tags are hashed again: microseconds, and a cache of them would keep a
    # test's substitute for subset_tag from being called.)
    seed = dataclasses.replace(handouts.read_monograph(SEED), url="https://a.b/first")
    handouts.render_leaflet(seed, brand, handouts.Options())
    subsets, compressed = [], []
    subset, compress = _subset.subset, zlib.compress
    monkeypatch.setattr(_subset, "subset", lambda *a: subsets.append(a) or subset(*a))
    monkeypatch.setattr(zlib, "compress", lambda data, *a: compressed.append(data)
                        or compress(data, *a))
    made = []  # CMaps and widths written out
    monkeypatch.setattr(_ttfont, "to_unicode_cmap", lambda *a: made.append(a))
    monkeypatch.setattr(_ttfont, "fp_str", lambda *a: made.append(a) or fp_str(*a))
    again = dataclasses.replace(seed, url="https://a.b/second")
    handouts.render_leaflet(again, brand, handouts.Options())
    assert subsets == []
    assert made == []
    assert compressed  # the pages, still
    assert [data[:4] for data in compressed if data[:4] == b"\0\1\0\0"] == []  # TrueType
    assert [data for data in compressed if b"/CIDInit" in data] == []  # ToUnicode


def test_a_leaflet_from_the_subsets_made_has_the_bytes_of_one_made_afresh(brand, tmp_path):
    seed = dataclasses.replace(handouts.read_monograph(SEED), url="https://a.b/again")
    for _ in range(2):  # the second from what the first made
        pdf = handouts.render_leaflet(seed, brand, handouts.Options()).pdf
    afresh = subprocess.run(
        [sys.executable, "-c", "import dataclasses, sys, handouts; from pathlib import Path; "
         "seed = handouts.read_monograph(Path(sys.argv[1])); "
         "seed = dataclasses.replace(seed, url='https://a.b/again'); "
         "sys.stdout.buffer.write(handouts.render_leaflet(seed, handouts.read_brand(), "
         "handouts.Options()).pdf)", str(SEED)],
        capture_output=True, check=True, cwd=tmp_path).stdout
    assert pdf == afresh
