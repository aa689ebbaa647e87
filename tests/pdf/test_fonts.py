"""Glyph coverage, fallback runs, and what the embedded fonts tell text extractors."""

from __future__ import annotations

import itertools
import re
import subprocess

import pytest

from conftest import READERS, SHIPPED, body_words, cmap_problems, expected_words
from handouts.pdf import _ttfont, fonts
from handouts.source import _chars


def test_runs_split_by_coverage():
    assert fonts.runs("β-blockers → µg", fonts.REGULAR) == [
        ("DejaVuSans", "β"), ("Atkinson", "-blockers "), ("DejaVuSans", "→"),
        ("Atkinson", " µg")]
    assert fonts.runs("plain", fonts.BOLD) == [("Atkinson-Bold", "plain")]


def test_runs_of_text_the_face_draws_are_found_without_a_python_step_per_character():
    # Every word of every leaflet passes through runs: its common case, all in the text face,
    # is one set operation (C speed), not a Python call per character (~1 ms a leaflet), nor
    # the hashing of a whole Face with its fallbacks (which made a short text slower).
    import sys

    for text in ("Take this medicine with food.\n" * 100, "Take it with food."):
        fonts.runs(text, fonts.REGULAR)  # the font parsed and its coverage read
        calls = 0

        def count(frame, event, arg):
            nonlocal calls
            calls += event == "call"
        sys.setprofile(count)
        try:
            assert fonts.runs(text, fonts.REGULAR) == [("Atkinson", text)]
        finally:
            sys.setprofile(None)
        assert calls <= 2, text  # runs, and the profiler's own exit


def test_undrawable_offsets():
    assert fonts.undrawable("ok ᚠ ≥ 🧪 漢", fonts.REGULAR) == [3, 7]


def test_runs_refuse_what_no_font_draws():
    with pytest.raises(ValueError, match="U\\+16A0"):
        fonts.runs("ᚠ", fonts.REGULAR)


@pytest.mark.parametrize(("language", "face"), [
    ("en", "Atkinson"), ("fr", "Atkinson"), ("pt-BR", "Atkinson"), ("tl", "Atkinson"),
    ("ht", "Atkinson"), ("pl", "Atkinson"), ("vi", "DejaVuSans"), ("ru", "DejaVuSans"),
    ("uk", "DejaVuSans"), ("el", "DejaVuSans"), ("zh-Hans", "NotoSansSC"), ("zh", "NotoSansSC"),
    ("zh-CN", "NotoSansSC"), ("zh-Hant", "NotoSansTC"), ("zh-TW", "NotoSansTC"),
    ("zh-HK", "NotoSansTC"), ("ko", "NotoSansKR"), ("ko-KR", "NotoSansKR"),
    # BCP 47 tags are case-insensitive: CLDR's table is keyed "zh_TW".
    ("zh-tw", "NotoSansTC"), ("ZH-hk", "NotoSansTC"), ("zh-hant", "NotoSansTC"),
])
def test_a_language_prints_in_the_face_that_draws_all_its_letters(language, face):
    family = fonts.family(language)
    assert family.regular.name == face
    assert family.bold.name == face + "-Bold"


def test_a_leaflet_draws_chinese_in_its_own_glyph_forms():
    # One code point, two designs: the mainland's and Taiwan's forms of 骨.
    text = "骨髓 Inotuzumab 375 mg/m²"
    assert fonts.runs(text, fonts.family("zh-Hans").regular) == [("NotoSansSC", text)]
    assert fonts.runs(text, fonts.family("zh-Hant").regular) == [("NotoSansTC", text)]


def test_a_latin_face_takes_only_chinese_and_korean_from_the_cjk_fonts():
    # Their Latin letters and symbols would print a Latin text in another design; a dash of
    # three ems (U+2E3B) would break checker.LINE_RUN's bound.
    assert fonts.runs("Dose 每周，이 약", fonts.REGULAR) == [
        ("Atkinson", "Dose "), ("NotoSansSC", "每周，"), ("NotoSansKR", "이"),
        ("Atkinson", " "), ("NotoSansKR", "약")]
    assert fonts.undrawable("\u2e3b", fonts.REGULAR) == [0]
    assert fonts.undrawable("\u2e3b", fonts.family("zh-Hans").regular) == []


@pytest.mark.parametrize("family", fonts.FAMILIES, ids=lambda f: f.script)
def test_every_family_draws_all_that_validation_accepts(family):
    # Validation checks characters against the Latin family, whatever the language: each
    # family must draw every one of them, weight for weight, so none prints as a blank.
    for weight in ("regular", "bold", "italic"):
        latin, face = getattr(fonts.LATIN, weight), getattr(family, weight)
        accepted = fonts.primary_coverage(latin) | fonts.fallback_coverage(latin)
        drawn = fonts.primary_coverage(face) | fonts.fallback_coverage(face)
        assert accepted - drawn == set(), weight


@pytest.mark.parametrize("face", fonts.FACES, ids=lambda f: f.name)
def test_every_face_covers_the_format_characters(face):
    assert fonts.undrawable("≥ ≤ µ ² ³ ° ± × – — “ ” ‘ ’ é ñ ü β κ → •", face) == []


SEED = SHIPPED[[p.stem for p in SHIPPED].index("inotuzumab-ozogamicin")]
# Characters of DejaVu Sans above U+FFFF, beside ones the text face draws.
ASTRAL = """\
name: Astramab
how_it_is_administered: "Sets 𝔸 and 𝕥, digits 𝟙𝟚 (≥ 5 µg/m²)."
how_it_works: Plain.
common_side_effects: [Nausea]
who_should_take_it: Adults.
who_should_not_take_it: Children.
"""


@pytest.mark.parametrize("source", SHIPPED, ids=lambda p: p.stem)
def test_every_to_unicode_cmap_is_valid(source, build_file):
    # At most 100 entries a block, UTF-16BE destinations: what every reader can parse.
    assert cmap_problems(build_file(source)) == []


@pytest.mark.parametrize("reader", [
    *(r for r in READERS if r != "ghostscript"),
    pytest.param("ghostscript", marks=pytest.mark.xfail(strict=True, reason=(
        "Ghostscript 10.0 misreads any ToUnicode destination above U+FFFF, bfchar or "
        "bfrange: <D835DD38> (U+1D538) comes out as U+D835 U+3538"))),
])
def test_astral_characters_map_to_themselves(reader, write_yaml, build_file, monkeypatch):
    # Validation refuses them, for the Ghostscript bug below; their map must still be right.
    monkeypatch.setattr(_chars, "astral", lambda char: False)
    source = write_yaml(ASTRAL)
    pdf = build_file(source)
    assert cmap_problems(pdf) == []
    assert "𝟙𝟚" in expected_words(source)
    assert body_words(pdf, reader=reader) == expected_words(source)


def test_ghostscript_keeps_every_character_through_pdfwrite(build_file, tmp_path):
    # A print or archive pipeline rewrites PDFs with Ghostscript: the text layer must survive.
    rewritten = tmp_path / "rewritten.pdf"
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
                    f"-sOutputFile={rewritten}", str(build_file(SEED))], check=True)
    assert "(m²)," in expected_words(SEED)
    # Read by the other two: Ghostscript misreads the ToUnicode bfrange its pdfwrite writes
    # (the bullet's <01> <01> <2022> comes back as '"').
    for reader in ("poppler", "mupdf"):
        assert body_words(rewritten, reader=reader) == expected_words(SEED), reader


def test_to_unicode_cmap_blocks_of_100_and_surrogate_pairs():
    cmap = _ttfont.to_unicode_cmap([0, *range(0x41, 0x41 + 230), 0x1D538])
    assert re.findall(r"(\d+) beginbfchar", cmap) == ["100", "100", "31"]
    assert "<01> <0041>" in cmap and "<00>" not in cmap.split("endcodespacerange")[1]
    assert "<E7> <D835DD38>" in cmap


def test_subset_tag_is_six_letters_from_the_subset():
    tag = _ttfont.subset_tag(b"AtkinsonHyperlegible-Regular", [0, 32, 65])
    assert re.fullmatch("[A-Z]{6}", tag)
    assert tag == _ttfont.subset_tag(b"AtkinsonHyperlegible-Regular", [0, 32, 65])
    assert len({tag, _ttfont.subset_tag(b"AtkinsonHyperlegible-Regular", [0, 32, 66]),
                _ttfont.subset_tag(b"AtkinsonHyperlegible-Bold", [0, 32, 65]),
                _ttfont.subset_tag(b"AtkinsonHyperlegible-Regular", [0, 32, 65], 1)}) == 4


def _tables(font: bytes) -> dict[bytes, bytes]:
    """A TrueType file's tables by tag, from its table directory."""
    count = int.from_bytes(font[4:6], "big")
    tables = {}
    for i in range(count):
        entry = font[12 + 16 * i:28 + 16 * i]
        offset, length = int.from_bytes(entry[8:12], "big"), int.from_bytes(entry[12:16], "big")
        tables[entry[:4]] = font[offset:offset + length]
    return tables


def _instructions(tables: dict[bytes, bytes]) -> int:
    """Bytes of TrueType instructions in the glyphs of ``tables``."""
    long = int.from_bytes(tables[b"head"][50:52], "big")
    loca, glyf = tables[b"loca"], tables[b"glyf"]
    size = 4 if long else 2
    offsets = [int.from_bytes(loca[i:i + size], "big") * (1 if long else 2)
               for i in range(0, len(loca), size)]
    total = 0
    for start, end in itertools.pairwise(offsets):
        glyph = glyf[start:end]
        if not glyph:
            continue
        contours = int.from_bytes(glyph[:2], "big", signed=True)
        if contours >= 0:
            total += int.from_bytes(glyph[10 + 2 * contours:12 + 2 * contours], "big")
            continue
        at, flags = 10, 0x20
        while flags & 0x20:  # MORE_COMPONENTS
            flags = int.from_bytes(glyph[at:at + 2], "big")
            at += 4 + (4 if flags & 1 else 2) + (2 if flags & 8 else 4 if flags & 0x40 else
                                                   8 if flags & 0x80 else 0)
            if flags & 0x100:  # WE_HAVE_INSTRUCTIONS, after the last component
                total += 1
    return total


def test_embedded_subsets_carry_no_hinting(build_file):
    """Issue 16: hinting (the fpgm, prep and cvt tables, and each glyph's instructions) is a
    third of a subset, and a PDF viewer or printer rasterises well without it."""
    import pikepdf

    pdf = build_file(SEED)
    fonts_seen = 0
    with pikepdf.open(pdf) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj:
                tables = _tables(obj.FontFile2.read_bytes())
                assert not {b"fpgm", b"prep", b"cvt "} & set(tables)
                assert _instructions(tables) == 0
                fonts_seen += 1
    assert fonts_seen >= 2


@pytest.mark.parametrize("font", sorted({f for family in fonts.FAMILIES for face in
                                          (family.regular, family.bold, family.italic)
                                          for f in face.fonts}, key=lambda f: f.name),
                         ids=lambda f: f.name)
def test_coverage_from_the_cmap_alone_is_what_the_parsed_font_draws(font):
    # Read from the cmap table alone, so that one Chinese character in a brand's tagline
    # does not parse three 10 MB fonts; the parsed font must draw exactly those characters.
    from importlib.resources import files

    path = str(files("handouts._fonts").joinpath(font.file))
    assert _ttfont.cmap_characters(path) - {"\uffff"} == \
        fonts.font(font.name, font.file).characters() - {"\uffff"}


def test_reading_the_bundled_brand_parses_no_cjk_font():
    # Its taglines in Chinese and Korean are checked against the CJK fonts' cmaps only.
    import subprocess
    import sys

    probe = ("import handouts; from reportlab.pdfbase import pdfmetrics; handouts.read_brand(); "
             "print(sorted(n for n in pdfmetrics._fonts if n.startswith('Noto')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out == "[]\n"


_EVERY_FONT = sorted({f for family in fonts.FAMILIES for face in
                      (family.regular, family.bold, family.italic) for f in face.fonts},
                     key=lambda f: (f.name, f.only))


@pytest.mark.parametrize("font", _EVERY_FONT, ids=lambda f: f.name + ("-cjk" if f.only else ""))
def test_coverage_ranges_draw_what_the_cmap_maps(font):
    # The ranges answer "does this font draw c" by bisection: exactly the cmap's characters
    # (without U+FFFF), cut to the font's ``only`` ranges, and nothing either side of a range.
    from importlib.resources import files

    path = str(files("handouts._fonts").joinpath(font.file))
    expected = frozenset(c for c in _ttfont.cmap_characters(path) - {"\uffff"}
                         if not font.only or any(lo <= ord(c) <= hi for lo, hi in font.only))
    coverage = fonts.coverage(font)
    assert coverage.characters == expected
    assert all(c in coverage for c in expected)
    edges = {p for start, end in zip(coverage.starts, coverage.ends, strict=True)
             for p in (start - 1, start, end, end + 1) if 0 <= p <= 0x10FFFF}
    assert {p for p in edges if chr(p) in coverage} == {p for p in edges if chr(p) in expected}


def test_checking_text_builds_no_set_of_a_fonts_characters(monkeypatch):
    # A brand's tagline in Chinese and Korean was checked against frozensets of every CJK
    # font's 20,000-30,000 characters, built char by char: 130 ms of every cold build.
    def refused(path: str) -> frozenset[str]:
        raise AssertionError(f"built the set of {path}'s characters")

    monkeypatch.setattr(_ttfont, "cmap_characters", refused)
    fonts._coverage.cache_clear()
    try:
        assert fonts.undrawable("携手关爱 攜手關懷 함께 Cùng ᚠ", fonts.BOLD) == [18]
        assert fonts.undrawable("携手 함께", fonts.family("ko").bold) == []
    finally:
        fonts._coverage.cache_clear()  # nothing built under the patch outlives the test


def test_unbreakable_copies_only_text_with_a_no_break_space():
    # Every paragraph's markup passes through it, and most has none: no copy is made.
    text = "Take 2 tablets a day &amp; drink water."
    assert fonts.unbreakable(text) is text
    for space in fonts.NO_BREAK:
        assert fonts.unbreakable(f"10{space}mg") == f"10{chr(0xF0000 + ord(space))}mg"
