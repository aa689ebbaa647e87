"""The page: fonts, header band, footer, bookmarks, metadata, and nothing off the page.

Covers page.render with page._band (the header band), page._qr (the QR code) and page._svg
(an SVG logo drawn).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pypdf
import pytest

import handouts
from conftest import (
    DATA,
    SHIPPED,
    VECTOR_LOGO,
    as_read_by,
    page_count,
    pdftotext,
    png_logo_brand,
    text_lines,
    too_near_the_edge,
)
from handouts.page import layout, render, styles
from handouts.page.styles import Geometry

SEED = DATA / "inotuzumab-ozogamicin.yaml"


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory) -> Path:
    target, _ = handouts.build(SEED, tmp_path_factory.mktemp("seed"), handouts.read_brand())
    return target


def test_seed_is_three_a4_pages(seed_pdf):
    assert page_count(seed_pdf) == 3
    box = pypdf.PdfReader(seed_pdf).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)


def test_only_bundled_fonts_all_embedded_and_subset(seed_pdf, write_yaml, tmp_path):
    greek = write_yaml(SEED.read_text(encoding="utf-8").replace("Besponsa", "Besponsa β →"))
    greek_pdf, _ = handouts.build(greek, tmp_path / "g", handouts.read_brand())
    for pdf, expected in ((seed_pdf, {"AtkinsonHyperlegible-Bold", "AtkinsonHyperlegible-Regular"}),
                          (greek_pdf, {"AtkinsonHyperlegible-Bold",
                                       "AtkinsonHyperlegible-Regular", "DejaVuSans"})):
        rows = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                              text=True).stdout.splitlines()[2:]
        names = set()
        for row in rows:
            name, *_, emb, sub, uni, _obj, _gen = row.split()
            assert (emb, sub, uni) == ("yes", "yes", "yes"), row
            names.add(name.split("+", 1)[1])
        assert names == expected


def leaflet_geometry(source: Path) -> Geometry:
    """The page of the leaflet of ``source`` as build lays it out, with the bundled brand."""
    brand = handouts.read_brand()
    monograph = handouts.read_monograph(source, brand)
    laid_out = layout.flowables(monograph, brand, styles.styles(brand))
    return render.geometry(monograph, handouts.Options(), laid_out)


def test_header_and_footer_on_every_page(seed_pdf):
    g = leaflet_geometry(SEED)
    # Tagline; review dates; the address, and its QR code of 45 modules a side (version 7).
    assert (g.footer_lines, g.qr) == (3, 45)
    pages = page_count(seed_pdf)
    for page in range(1, pages + 1):
        band = pdftotext(seed_pdf, page, (0, 0, g.width, g.band)).split()
        footer = pdftotext(seed_pdf, page, (0, g.height - g.footer, g.width, g.footer))
        assert " ".join(band[:3]) == "Riverside Cancer Care"
        # The drug's name is in the band from page 2 on; page 1 has the title instead.
        assert (" ".join(band[3:]) == "Inotuzumab ozogamicin") == (page > 1)
        expected = (
            f"Together we care. Together we cure. Page {page} of {pages} Reviewed 30 November "
            "2026 · Next review 30 November 2028 "
            "https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=inotuzumab+ozogamicin")
        # poppler reads "Page X of Y" where its column ends: first on page 1, whose QR code
        # narrows the text; last on the others.
        assert sorted(footer.split()) == sorted(expected.split())


@pytest.mark.parametrize(("paper", "name", "organisation_shown"), [
    # 84 characters: it failed at page 2 with "handle_pageBegin args=() ... shorten the
    # organisation's name".
    ("a4", "Supercalifragilistic " * 3 + "Supercalifragilistic", True),
    ("letter", "Wide " * 21 + "Wide", False),  # wraps onto a second line in the band
    ("a4", "Supercalifragilistic " * 4 + "Supercalifragilistic", False),  # alone, one line
])
def test_a_long_drug_name_is_whole_in_the_band_of_every_later_page(write_yaml, build_file,
                                                                   paper, name,
                                                                   organisation_shown):
    text = SEED.read_text(encoding="utf-8").replace("name: Inotuzumab ozogamicin",
                                                    f"name: {name}")
    pdf = build_file(write_yaml(text), handouts.Options(paper=paper))
    g = styles.geometry(paper)
    assert page_count(pdf) >= 2
    for page in range(2, page_count(pdf) + 1):
        band = " ".join(pdftotext(pdf, page, (0, 0, g.width, g.band)).split())
        expected = ("Riverside Cancer Care " if organisation_shown else "") + name
        assert band == expected
    assert too_near_the_edge(pdf) == []


def test_bookmarks_land_on_their_headings(seed_pdf):
    reader = pypdf.PdfReader(seed_pdf)
    (title, sections) = reader.outline
    assert title.title == "Inotuzumab ozogamicin"
    assert [s.title for s in sections] == [
        "Key points", "When to get help", "How it is administered", "How it works",
        "Common side effects", "Who should take it", "Who should not take it",
        "How to store it", "Commonly used with", "Commonly tested with"]
    g = styles.geometry("a4")
    for mark in [title, *sections]:
        page = reader.get_destination_page_number(mark) + 1
        top = float(mark.top)
        # The text just below the bookmark's top is its heading.
        below = pdftotext(seed_pdf, page, (0, g.height - top, g.width, 36))
        assert " ".join(below.split()) == mark.title


def _word_boxes(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ElementTree.fromstring(xml)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    out = []
    for number, page in enumerate(root.iterfind(".//x:page", ns), start=1):
        for w in page.iterfind("x:word", ns):
            out.append((number, float(w.get("xMin")), float(w.get("yMin")),
                        float(w.get("xMax")), float(w.get("yMax")), w.text or ""))
    return out


@pytest.mark.parametrize("source", SHIPPED, ids=lambda p: p.stem)
def test_no_text_outside_its_place(source, build_file):
    """Every word is inside the page; body words inside the frame, clear of band and footer."""
    pdf = build_file(source)
    _check_places(_word_boxes(pdf), leaflet_geometry(source), page_count(pdf))


def test_the_place_check_fails_when_the_extraction_finds_no_words():
    # Otherwise a pdftotext that reads nothing (or misses a page) would pass it vacuously.
    g = leaflet_geometry(SEED)
    fx, fy, _, fh = g.frame
    inside = (1, fx + 1, g.height - fy - fh + 1, fx + 10, g.height - fy - fh + 10, "word")
    _check_places([inside], g, 1)
    with pytest.raises(AssertionError):
        _check_places([], g, 1)
    with pytest.raises(AssertionError):
        _check_places([inside], g, 2)


def _check_places(boxes: list[tuple[int, float, float, float, float, str]], g: Geometry,
                  pages: int) -> None:
    assert {page for page, *_ in boxes} == set(range(1, pages + 1)), "no words on some page"
    fx, fy, fw, fh = g.frame
    for _page, x0, y0, x1, y1, word in boxes:
        assert 0 <= x0 < x1 <= g.width and 0 <= y0 < y1 <= g.height, word
        in_band = y1 <= g.band
        in_footer = y0 >= g.height - g.footer
        if not (in_band or in_footer):
            assert fx - 0.5 <= x0 and x1 <= fx + fw + 0.5, word
            assert g.height - (fy + fh) - 4 <= y0 and y1 <= g.height - fy + 4, word


def test_headings_never_end_a_page(write_yaml, build_file):
    """For paragraphs of many lengths, every section heading has text under it on its page."""
    for filler in range(0, 40, 3):
        source = write_yaml(f"""\
name: Keepamab
how_it_is_administered: |
  {"Filler words fill the page here. " * (60 + filler * 7)}
how_it_works: |
  {"More words about how it works. " * 40}
common_side_effects: [Nausea, Fatigue]
who_should_take_it: Adults with the disease.
who_should_not_take_it: Children.
""", f"keep{filler}.yaml")
        pdf = build_file(source)
        reader = pypdf.PdfReader(pdf)
        g = styles.geometry("a4")
        for mark in reader.outline[1]:
            page = reader.get_destination_page_number(mark) + 1
            below = pdftotext(pdf, page, (0, g.height - float(mark.top), g.width,
                                          float(mark.top) - g.footer)).split()
            heading = mark.title.split()
            assert below[: len(heading)] == heading
            assert len(below) > len(heading), f"{mark.title} alone at the foot of page {page}"


def test_document_metadata(seed_pdf):
    reader = pypdf.PdfReader(seed_pdf)
    info = reader.metadata
    assert info.title == "Inotuzumab ozogamicin"
    assert info.author == "Riverside Cancer Care"
    assert info.subject == "Patient information leaflet: Inotuzumab ozogamicin"
    assert "Besponsa" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    preferences = reader.trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/DisplayDocTitle"] == pypdf.generic.BooleanObject(True)


def test_printed_at_full_size_not_fitted_to_the_page(seed_pdf):
    # A browser's print dialog shrinks to fit unless the file says otherwise: large print
    # must come out at the size it was set in.
    import pikepdf

    with pikepdf.open(seed_pdf) as pdf:
        assert pdf.Root.ViewerPreferences.PrintScaling == pikepdf.Name("/None")
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


def test_seed_leaflet_is_small(seed_pdf):
    # Issue 16's bound: two unhinted font subsets of the characters drawn ~7.5 KB, the page
    # contents ~7.5 KB, the XMP (stored uncompressed) 2.3 KB, and object streams of the
    # structure tree and every dictionary; it was 54 KB with hinting, plain dictionaries, a
    # 6.9 KB colour profile and all of ASCII in each subset (29.8 KB).
    assert seed_pdf.stat().st_size <= 25_000


def _lines_per_page(pdf: Path, prefix: str) -> list[int]:
    """How many text lines on each page hold words starting with ``prefix``."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    return [sum(1 for line in page.iterfind(".//x:line", ns)
                if any((w.text or "").startswith(prefix) for w in line.iterfind("x:word", ns)))
            for page in root.iterfind(".//x:page", ns)]


def test_no_paragraph_leaves_a_single_line_alone(write_yaml, build_file):
    """Slide a 12-line paragraph across a page break one line at a time: each page holds none
    of its lines or at least two (no orphan at a page's foot, no widow at its head)."""
    target = " ".join(f"tgt{i}" for i in range(150))
    seen_split = False
    for filler in range(200, 420, 6):
        source = write_yaml(f"""\
name: Widowmab
how_it_is_administered: |
  {" ".join(f"fill{i}" for i in range(filler))}
how_it_works: |
  {target}
common_side_effects: [Nausea]
who_should_take_it: Adults.
who_should_not_take_it: Children.
""", f"w{filler}.yaml")
        counts = [c for c in _lines_per_page(build_file(source), "tgt") if c]
        assert all(c >= 2 for c in counts), (filler, counts)
        seen_split |= len(counts) > 1
    assert seen_split, "no filler length split the paragraph: the test tested nothing"


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("logo", ["svg", "png"])
def test_content_keeps_clear_of_the_unprintable_edge(tmp_path, paper, logo):
    brand = (handouts.read_brand() if logo == "svg"
             else handouts.read_brand(png_logo_brand(tmp_path)))
    target, leaflet = handouts.build(SEED, tmp_path / "out", brand, handouts.Options(paper=paper))
    assert leaflet.pages >= 2  # page 2 on has the drug's name in the band too
    assert too_near_the_edge(target) == []


def test_logo_is_drawn_from_the_bytes_validated(tmp_path):
    brand = handouts.read_brand(png_logo_brand(tmp_path, (120, 60)))
    png_logo_brand(tmp_path, (10, 10))  # replaced after the brand was read: not drawn
    (tmp_path / "logo.png").unlink()
    target, _ = handouts.build(SEED, tmp_path / "out", brand)
    pdf = pypdf.PdfReader(target)
    assert [(i.image.width, i.image.height) for i in pdf.pages[0].images] == [(120, 60)]


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"])
def test_every_kind_of_png_that_passes_is_drawn(tmp_path, mode):
    brand = handouts.read_brand(png_logo_brand(tmp_path, (40, 20), mode))
    leaflet = handouts.render_leaflet(handouts.read_monograph(SEED), brand)
    assert leaflet.pages == 3


def test_svg_logo_drawing_outside_its_box_is_clipped(tmp_path):
    (tmp_path / "logo.svg").write_text(VECTOR_LOGO)  # its white stroke runs down the page
    (tmp_path / "brand.yaml").write_text("organisation: Vector Clinic\ntagline: We care.\n"
                                         "logo: logo.svg\n")
    target, _ = handouts.build(SEED, tmp_path / "out", handouts.read_brand(tmp_path / "brand.yaml"))
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-singlefile", str(target),
                    str(tmp_path / "page")], check=True)  # 72 dpi: a pixel is a point
    from PIL import Image

    g = styles.geometry("a4")
    with Image.open(tmp_path / "page.png") as page:
        rgb = page.convert("RGB")
        # The paper's top 5 mm: the band's colour only. Under the band, until the title: white.
        whole = range(int(g.width))  # the last column is only partly the page's
        top = {rgb.getpixel((x, y)) for x in whole for y in range(14)}
        gap = {rgb.getpixel((x, y)) for x in whole
               for y in range(round(g.band) + 2, round(g.height - g.frame[1] - g.frame[3]) - 4)}
    assert (top, gap) == ({(0x0B, 0x4F, 0x6C)}, {(255, 255, 255)})


def test_a_vector_logo_is_rendered_once_a_process_to_the_same_bytes(monkeypatch):
    """Issue 16: the default logo (paths only) is turned into PDF operators once, not on every
    page of every leaflet; the leaflet's bytes are those of drawing it on each page."""
    from reportlab.graphics import renderPDF

    brand, monograph = handouts.read_brand(), handouts.read_monograph(SEED)
    render._vector_code.cache_clear()
    drawn = []
    original = renderPDF.draw
    monkeypatch.setattr(renderPDF, "draw", lambda *a, **k: drawn.append(1) or original(*a, **k))
    cached = [handouts.render_leaflet(monograph, brand).pdf for _ in range(2)]
    assert len(drawn) <= 1  # none: the bundled logo's operators are kept in page._svg
    once = len(drawn)
    monkeypatch.setattr(render, "_vector_code", lambda data: None)  # drawn on every page
    assert cached == [handouts.render_leaflet(monograph, brand).pdf] * 2
    assert len(drawn) == once + 3  # the seed's three pages


def test_pages_after_the_second_repeat_its_furniture(monkeypatch):
    """Issue 16: from page 2 on, the band (logo, organisation, drug) and the footer's rule and
    tagline are the same: drawn on page 2, their operators repeated on the pages after, to
    the bytes of drawing them on each page."""
    brand, monograph = handouts.read_brand(), handouts.read_monograph(SEED)
    drawn = []
    draw = render.draw_furniture
    monkeypatch.setattr(render, "draw_furniture",
                        lambda *a, **k: drawn.append(k["drug"]) or draw(*a, **k))
    leaflet = handouts.render_leaflet(monograph, brand)
    assert leaflet.pages == 3
    assert drawn == ["", "Inotuzumab ozogamicin"]
    # A logo drawn by svglib on every page: each page draws its furniture.
    monkeypatch.setattr(render, "_vector_code", lambda data: None)
    assert handouts.render_leaflet(monograph, brand).pdf == leaflet.pdf
    name = "Inotuzumab ozogamicin"
    assert drawn == ["", name, "", name, name]


def test_pages_after_the_second_repeat_its_footer(monkeypatch):
    """Issue 16: from page 2 on, the footer's review dates and address are artifacts, the
    same on each page but for the form that prints "Page X of Y": drawn on page 2, repeated
    after it, to the bytes of drawing them on each page."""
    brand, monograph = handouts.read_brand(), handouts.read_monograph(SEED)
    drawn = []
    draw = render._Leaflet._draw_footer
    monkeypatch.setattr(render._Leaflet, "_draw_footer",
                        lambda self, canvas, page: drawn.append(page) or draw(self, canvas, page))
    leaflet = handouts.render_leaflet(monograph, brand)
    assert (leaflet.pages, drawn) == (3, [1, 2])
    monkeypatch.setattr(render._Leaflet, "_footer", render._Leaflet._draw_footer)
    assert handouts.render_leaflet(monograph, brand).pdf == leaflet.pdf
    assert drawn == [1, 2, 1, 2, 3]


def test_a_qr_codes_path_is_made_once_an_address(monkeypatch):
    """Issue 16: the runs of dark modules of an address's code are found once a process: a
    patient's copies and a formulary's variants print the same address again."""
    import io
    import re

    from reportlab.pdfgen.canvas import Canvas

    runs = re.compile(render._DARK_RUN.pattern)
    searched = []

    class Counting:
        def finditer(self, row: bytes):
            searched.append(row)
            return runs.finditer(row)

    monkeypatch.setattr(render, "_DARK_RUN", Counting())
    url = "https://www.example.org/medicines/qr-made-once"
    canvases = [Canvas(io.BytesIO()) for _ in range(2)]
    for canvas in canvases:
        render.draw_qr(canvas, url, 10, 10, 50)
    assert len(searched) == len(render._qr.modules(url))  # a row each, once
    assert canvases[0]._code == canvases[1]._code


def test_a_logo_with_text_is_drawn_on_every_page():
    """Its font must join each document's resources: no operators are kept for it."""
    text = (b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
            b'<text x="2" y="20" font-size="10">Rx</text></svg>')
    paths = (b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
             b'<path d="M0 0h9v9z"/></svg>')
    assert render._vector_code(text) is None
    assert render._vector_code(paths) is not None


def test_the_bundled_logo_is_drawn_as_svglib_draws_it(monkeypatch):
    """Issue 16: its size and operators are kept in page._svg, so that a build with the
    bundled brand imports neither svglib nor lxml; they must be what svglib draws from its
    bytes today, and any other bytes (one more newline) are drawn by svglib."""
    from importlib.resources import files

    from handouts.page import _svg
    from handouts.pdf import fonts

    fonts.register(fonts.REGULAR)  # an SVG's drawing starts in it
    data = files("handouts.assets").joinpath("logo.svg").read_bytes()
    d = _svg.drawing(data)
    drawn = _svg.Bundled(d.width, d.height, render._drawn_code(data))
    assert _svg.bundled(data) == drawn, f"update page._svg.BUNDLED to {drawn!r}"
    assert _svg.bundled(data + b"\n") is None
    assert render._vector_code(data) == drawn.code
    # A clinic's logo (up to 2 MiB) is asked about on every page: not hashed for it.
    sha256, hashed = hashlib.sha256, []
    monkeypatch.setattr(hashlib, "sha256", lambda d: hashed.append(d) or sha256(d))
    assert _svg.bundled(data * 2) is None and hashed == []


NO_BREAK = {"NO-BREAK SPACE": "\u00a0", "NARROW NO-BREAK SPACE": "\u202f",
            "THIN SPACE": "\u2009", "FIGURE SPACE": "\u2007"}


def _lines(pdf: Path, reader: str) -> list[str]:
    if reader == "poppler":
        return pdftotext(pdf).splitlines()
    return [text for page in text_lines(pdf, reader) for _, text in page]


def test_no_break_spaces_and_soft_hyphens_never_split_a_word(write_yaml, build_file):
    """Slide "1 000 mg", written with each no-break space, and "anti-biotics" written with a
    soft hyphen, across the end of a line one short word at a time: each is always printed
    on one line, the dose with its own space characters, the word whole and unhyphenated."""
    written = {name: f"{n}{space}000{space}mg"
               for n, (name, space) in enumerate(NO_BREAK.items(), start=1)}
    printed = dict(written)
    written["SOFT HYPHEN"], printed["SOFT HYPHEN"] = "anti\u00adbiotics", "antibiotics"
    starts_a_line = set()
    for filler in range(30, 62):
        prefix = " ".join("a" * filler)
        paragraphs = "\n\n  ".join(f"{prefix} {text} end." for text in written.values())
        pdf = build_file(write_yaml(f"""\
name: Spacemab
how_it_is_administered: |
  {paragraphs}
how_it_works: Plain.
common_side_effects: [Nausea]
who_should_take_it: Adults.
who_should_not_take_it: Children.
""", f"s{filler}.yaml"))
        for reader in ("poppler", "mupdf"):
            lines = _lines(pdf, reader)
            for name, text in printed.items():
                found = [line for line in lines if as_read_by(reader, text) in line]
                assert len(found) == 1, (filler, reader, name, lines)
                if found[0].startswith(as_read_by(reader, text)):
                    starts_a_line.add(name)
    assert starts_a_line == set(printed), "one never reached a line's end: the test tested nothing"


def test_error_a_box_taller_than_a_page_that_validation_did_not_see():
    """A monograph validated for one brand, printed with another whose numbers make its
    urgent box taller than a page: the box is named, not ReportLab's internals."""
    import dataclasses

    monograph = dataclasses.replace(handouts.read_monograph(SEED), when_to_get_help=tuple(
        f"Warning sign number {i}, which needs a call to the team." for i in range(40)))
    with pytest.raises(handouts.BuildError) as info:
        handouts.render_leaflet(monograph, handouts.read_brand())
    assert str(info.value) == ("when_to_get_help: too long to fit on one page (a box is never "
                               "split across pages)")
