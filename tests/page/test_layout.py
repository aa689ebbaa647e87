"""The leaflet's parts beyond sections: the boxes, the contact block, the footer's review
dates and QR code, large print, and a patient's copy; measured from the PDF.

Covers page.layout with page._flowables (boxes, bullets, headings kept with their text)
and page._frags (a paragraph's fragments made without ReportLab's markup parser).
"""

from __future__ import annotations

import collections
import datetime
import io
import itertools
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import handouts
from conftest import (
    DATA,
    FIXTURES,
    SHIPPED,
    Tagged,
    body_words,
    catalogue,
    expected_words,
    nfc_words,
    pdftotext,
    tagged_elements,
    too_near_the_edge,
)
from handouts.i18n import words
from handouts.pdf import fonts
from handouts.source import validate
from handouts.source.model import Patient
from handouts.source.text import escape
from helpers.samples import (
    BILINGUAL,
    CONTACT,
    ENGLISH_HOURS,
    SPANISH,
)
from helpers.structure import tagged_languages

SEED = DATA / "inotuzumab-ozogamicin.yaml"


def build(tmp_path: Path, name: str, brand: handouts.Brand | None = None,
          options: handouts.Options = handouts.Options(),
          patient: Patient | None = None, source: Path = SEED) -> Path:
    leaflet = handouts.render_leaflet(handouts.read_monograph(source),
                                      brand or handouts.read_brand(), options, patient)
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(leaflet.pdf)
    return path


def sizes(pdf: Path) -> collections.Counter[float]:
    """How many characters are printed at each size (pdfplumber), over every page."""
    counts: collections.Counter[float] = collections.Counter()
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            counts.update(round(c["size"], 1) for c in page.chars if c["text"].strip())
    return counts


def test_the_boxes_come_between_the_title_and_the_first_section(tmp_path):
    words = nfc_words(pdftotext(build(tmp_path, "seed"), 1))
    order = [words.index(w) for w in ("Besponsa", "Key", "When", "administered")]
    assert order == sorted(order)
    assert "Call your care team straight away." in " ".join(words)


def test_contact_block_and_urgent_box_use_the_brand(tmp_path, write_yaml):
    brand = handouts.read_brand(write_yaml(CONTACT, "brand.yaml"))
    pdf = build(tmp_path, "contact", brand)
    text = " ".join(body_words(pdf))
    assert ("Call us straight away on 01632 960 000 (Monday to Friday, 8am to 6pm). "
            "Out of hours, call 01632 960 999.") in text
    assert text.endswith("Contact us Day Unit 1 River Road Riverside RV1 1AA Phone: "
                         "01632 960 000 (Monday to Friday, 8am to 6pm) Out of hours: "
                         "01632 960 999")






def test_a_spanish_leaflet_prints_the_brands_spanish_texts(tmp_path, write_yaml):
    say = catalogue("es")
    brand = handouts.read_brand(write_yaml(BILINGUAL, "brand.yaml"))
    pdf = build(tmp_path, "es", brand, source=SPANISH)
    text = " ".join(nfc_words(" ".join(body_words(pdf))))
    hours = "De lunes a viernes, de 8 a 18 h"
    assert say[words.CALL_DAY_HOURS].format(phone="01632 960 000", hours=hours) in text
    assert text.endswith(f"{say[words.CONTACT]} Unidad de Día 1 River Road Riverside RV1 1AA "
                         f"Entrada B {say[words.PHONE]} 01632 960 000 ({hours}) "
                         f"{say[words.OUT_OF_HOURS]} 01632 960 999")
    assert "Monday" not in text and "Day Unit" not in text
    assert tagged_languages(pdf) == []  # all of it in the leaflet's language


def test_a_brand_text_not_in_the_leaflets_language_is_printed_in_its_own_and_tagged(
        tmp_path, write_yaml):
    say = catalogue("es")
    brand = handouts.read_brand(write_yaml(ENGLISH_HOURS, "brand.yaml"))
    pdf = build(tmp_path, "es", brand, source=SPANISH)
    text = " ".join(nfc_words(" ".join(body_words(pdf))))
    hours = "Monday to Friday, 8am to 6pm"
    # Never an English phrase inside a Spanish sentence: the hours on a line of their own, in
    # the urgent box and in the contact block, each its own P in English for a screen reader.
    assert f"{say[words.CALL_DAY].format(phone='01632 960 000')} {hours}" in text
    assert text.endswith(f"{say[words.CONTACT]} Unidad de Día 1 River Road Riverside RV1 1AA "
                         f"Entrada B {say[words.PHONE]} 01632 960 000 {hours} "
                         f"{say[words.OUT_OF_HOURS]} 01632 960 999")
    assert tagged_languages(pdf) == [("P", "en", hours), ("P", "en", hours)]
    # The English leaflet of the same brand: all of it in its own language, nothing tagged.
    english = build(tmp_path, "en", brand)
    assert f"01632 960 000 ({hours})" in " ".join(body_words(english))
    assert tagged_languages(english) == []


def test_qr_code_decodes_to_the_address(tmp_path):
    import zxingcpp
    from PIL import Image

    pdf = build(tmp_path, "seed")
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    found = zxingcpp.read_barcodes(Image.open(png))
    url = handouts.read_monograph(SEED).url
    assert [(b.format.name, b.text) for b in found] == [("QRCode", url)]


# The longest address the format allows (validate.MAX_URL characters), of the narrowest
# characters so that it fits the footer's two lines beside its code: the densest QR code a
# leaflet can carry.
LONGEST_URL = "https://example.org/" + "l." * 90
QR_CASES = [pytest.param(paper, large_print, url, id=f"{paper}-{size}-{name}")
            for paper in ("a4", "letter")
            for large_print, size in ((False, "standard"), (True, "large"))
            for url, name in ((None, "seed"), (LONGEST_URL, "longest"))]


@pytest.fixture(scope="module")
def qr_leaflets(tmp_path_factory) -> Callable[[str, bool, str | None], Path]:
    """The seed built on ``paper``, in large print or not, with its own address or ``url``;
    each built once for the tests of the QR code."""
    folder = tmp_path_factory.mktemp("qr")
    built: dict[tuple[str, bool, str | None], Path] = {}

    def leaflet(paper: str, large_print: bool, url: str | None) -> Path:
        key = (paper, large_print, url)
        if key not in built:
            text = SEED.read_text(encoding="utf-8")
            if url is not None:
                text = re.sub(r"^url: .*$", f"url: {url}", text, count=1, flags=re.M)
            source = Path(tempfile.mkdtemp(dir=folder)) / SEED.name
            source.write_text(text, encoding="utf-8")
            built[key], _ = handouts.build(source, source.parent, handouts.read_brand(),
                                           handouts.Options(paper=paper, large_print=large_print))
        return built[key]

    return leaflet


@pytest.mark.parametrize("url", ["https://a.b/", LONGEST_URL])
def test_qr_modules_decode_at_q_and_are_the_same_in_another_process(url):
    """page._qr's modules, drawn 4 pixels a module with the quiet zone, read back at level Q;
    a fresh process (another hash seed) encodes the same modules: the PDF's bytes follow."""
    import sys

    import zxingcpp
    from PIL import Image

    from handouts.page import _qr

    rows = _qr.modules(url)
    side = len(rows) + 2 * _qr.QUIET
    assert _qr.count(url) == len(rows) and all(len(row) == len(rows) for row in rows)
    image = Image.new("L", (side, side), 255)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                image.putpixel((c + _qr.QUIET, r + _qr.QUIET), 0)
    found = zxingcpp.read_barcodes(image.resize((4 * side, 4 * side), Image.NEAREST))
    assert [(b.format.name, b.text, b.ec_level) for b in found] == [("QRCode", url, "Q")]
    again = subprocess.run([sys.executable, "-c", "import sys; from handouts.page import _qr; "
                            "print(repr(_qr.modules(sys.argv[1])))", url],
                           capture_output=True, text=True, check=True)
    assert again.stdout == repr(rows) + "\n"


def test_qr_code_is_drawn_in_whole_modules(qr_leaflets):
    """Issue 16: the code's rectangles are in units of one module, under one scaling: whole
    numbers, a third of the bytes of positions in points to six decimals, and exact."""
    import pikepdf

    with pikepdf.open(qr_leaflets("a4", False, None)) as pdf:
        rects = [[float(v) for v in operands]
                 for operands, operator in pikepdf.parse_content_stream(pdf.pages[0])
                 if operator == pikepdf.Operator("re")]
    whole = [r for r in rects if all(v == int(v) for v in r)]
    assert len(whole) > 100  # the seed's code has some 200 runs of dark modules


def test_qr_code_path_is_written_in_one_piece(monkeypatch):
    """The code's rectangles (some 350 runs of dark modules) are written in one piece, not
    through ReportLab's PDFPathObject.rect one by one (0.5 ms a leaflet), and are exactly the
    operators it writes."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.pathobject import PDFPathObject

    from handouts.page import _qr
    from handouts.page.render import draw_qr

    calls = []
    rect = PDFPathObject.rect
    monkeypatch.setattr(PDFPathObject, "rect",
                        lambda self, *a: calls.append(a) or rect(self, *a))
    url = "https://www.example.org/medications/inotuzumab-ozogamicin"
    canvas = Canvas(io.BytesIO())
    draw_qr(canvas, url, 0, 0, 80)
    assert calls == []
    expected = PDFPathObject()  # ReportLab's own, run by run
    rows = _qr.modules(url)
    for r, row in enumerate(rows):
        c = 0
        for dark, run in itertools.groupby(row):
            count = len(list(run))
            if dark:
                rect(expected, c, len(rows) - 1 - r, count, 1)
            c += count
    assert expected.getCode().count(" re") > 100
    assert expected.getCode() in canvas._code


def test_the_longest_address_the_format_allows_is_valid(write_yaml):
    text = SEED.read_text(encoding="utf-8")
    source = write_yaml(re.sub(r"^url: .*$", f"url: {LONGEST_URL}", text, flags=re.M))
    assert len(LONGEST_URL) == validate.MAX_URL
    assert handouts.read_monograph(source).url == LONGEST_URL


@pytest.mark.parametrize(("paper", "large_print", "url"), QR_CASES)
def test_qr_code_reads_from_an_office_print(qr_leaflets, tmp_path, paper, large_print, url):
    """Two independent decoders read page 1 at 150 dpi, and at 200 dpi blurred as an office
    printer blurs (a Gaussian of 1 pixel): the address, at error correction Q."""
    import zxingcpp
    from PIL import Image, ImageFilter

    pdf = qr_leaflets(paper, large_print, url)
    url = url or handouts.read_monograph(SEED).url
    found = {}
    for dpi, blur in ((150, 0), (200, 1)):
        stem = tmp_path / f"{dpi}"
        subprocess.run(["pdftoppm", "-png", "-gray", "-r", str(dpi), "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(stem)], check=True)
        with Image.open(stem.with_suffix(".png")) as page:
            image = page.filter(ImageFilter.GaussianBlur(blur)) if blur else page.copy()
        image.save(stem.with_suffix(".png"))
        found[dpi, "zxing-cpp"] = [(b.format.name, b.text, b.ec_level)
                                   for b in zxingcpp.read_barcodes(image)]
        zbar = subprocess.run(["zbarimg", "--quiet", "--raw", str(stem.with_suffix(".png"))],
                              capture_output=True, text=True)
        found[dpi, "zbar"] = zbar.stdout.splitlines()
    assert found == {(150, "zxing-cpp"): [("QRCode", url, "Q")], (150, "zbar"): [url],
                     (200, "zxing-cpp"): [("QRCode", url, "Q")], (200, "zbar"): [url]}


@pytest.mark.parametrize(("paper", "large_print", "url"), QR_CASES)
def test_qr_code_is_20_mm_or_more_with_a_clear_quiet_zone(qr_leaflets, paper, large_print,
                                                         url):
    """Measured from the PDF: the code (its dark modules) is at least 20 mm a side, 24 mm in
    large print, of modules at least 0.55 mm; no other mark of page 1 comes within 4 modules
    of it (ISO/IEC 18004's quiet zone); the footer's text is whole; nothing nears the edge."""
    pdf = qr_leaflets(paper, large_print, url)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        rects = page.rects
        dark = [r for r in rects if r["fill"] and r["non_stroking_color"] == (0, 0, 0)]
        x0, top = min(r["x0"] for r in dark), min(r["top"] for r in dark)
        x1, bottom = max(r["x1"] for r in dark), max(r["bottom"] for r in dark)
        module = min(r["bottom"] - r["top"] for r in dark)
        code = {id(r) for r in dark}
        others = [o for o in (*page.chars, *page.lines, *page.curves, *page.images, *rects)
                  if id(o) not in code]
    side, quiet = x1 - x0, 4 * module
    assert side == pytest.approx(bottom - top, abs=0.01)
    assert side >= (24 if large_print else 20) * 72 / 25.4
    assert module >= 0.55 * 72 / 25.4 - 0.01
    # Versions 7 (45 modules a side) and 12 (65) at error correction Q.
    assert round(side / module) == (65 if url else 45)
    assert [o.get("text", o["object_type"]) for o in others
            if o["x1"] > x0 - quiet and o["x0"] < x1 + quiet
            and o["bottom"] > top - quiet and o["top"] < bottom + quiet] == []
    footer = "".join(pdftotext(pdf, 1).split())
    assert (url or handouts.read_monograph(SEED).url) in footer
    assert re.search(r"Page1of\d", footer)
    assert "Reviewed30November2026" in footer and "Nextreview30November2028" in footer
    assert too_near_the_edge(pdf) == []


def test_large_print_sizes_measured_from_the_pdf(tmp_path):
    standard, large = build(tmp_path, "standard"), build(
        tmp_path, "large", options=handouts.Options(large_print=True))
    standard_sizes, large_sizes = sizes(standard), sizes(large)
    # The body text: the size most characters are printed at.
    assert standard_sizes.most_common(1)[0][0] == 12
    assert large_sizes.most_common(1)[0][0] == 16
    assert min(large_sizes) >= 14  # RNIB: no text below 14 pt
    assert max(large_sizes) == 32  # the title
    with pdfplumber.open(standard) as a, pdfplumber.open(large) as b:
        assert (a.pages[0].width, a.pages[0].height) == (b.pages[0].width, b.pages[0].height)
    # Every other guarantee holds: every word, in order; nothing near the edge; same bytes.
    assert body_words(large) == expected_words(SEED)
    assert too_near_the_edge(large) == []
    assert build(tmp_path, "again", options=handouts.Options(large_print=True)).read_bytes() \
        == large.read_bytes()


def test_large_print_line_spacing_is_wider(tmp_path):
    with pdfplumber.open(build(tmp_path, "large",
                               options=handouts.Options(large_print=True))) as doc:
        tops = sorted({round(c["top"], 1) for c in doc.pages[1].chars if c["size"] == 16})
    gaps = collections.Counter(round(b - a, 1) for a, b in itertools.pairwise(tops))
    assert gaps.most_common(1)[0][0] == 23  # 1.44 times the size; standard is 16.5 for 12


def test_patient_box_on_page_1(tmp_path):
    patient = Patient("Zebulon Quist", "Dr A. Smith", datetime.date(2026, 12, 3), "01632 960 123")
    pdf = build(tmp_path, "patient", patient=patient)
    page1 = " ".join(pdftotext(pdf, 1).split())
    assert ("Prepared for: Zebulon Quist Prescriber: Dr A. Smith Start date: 3 December 2026 "
            "Clinic phone: 01632 960 123") in page1
    assert "Call your clinic straight away on 01632 960 123." in page1
    assert page1.index("Prepared for") < page1.index("Key points")
    assert all("Zebulon" not in pdftotext(pdf, page) for page in (2, 3))
    assert too_near_the_edge(pdf) == []


@pytest.mark.parametrize("large_print", [False, True])
def test_footer_prints_the_review_dates_on_every_page(tmp_path, large_print):
    pdf = build(tmp_path, "seed", options=handouts.Options(large_print=large_print))
    for page in range(1, 4):
        assert "Reviewed 30 November 2026 · Next review 30 November 2028" in " ".join(
            pdftotext(pdf, page).split())


# Every monograph the project ships or tests with, in every language it is written in.
EVERY_MONOGRAPH = [*SHIPPED, *sorted((FIXTURES).glob("*.yaml"))]
CLINIC = """\
organisation: Riverside Cancer Care
tagline: Together we care. Together we cure.
contact:
  name: Riverside Cancer Care, Day Unit
  phone: 01632 960 000
  hours: Monday to Friday, 8am to 6pm
  out_of_hours: 01632 960 999
  address: |
    Riverside Hospital, 1 River Road
    Riverside RV1 1AA
"""
COPY = Patient("A B", "Dr A. Smith", datetime.date(2026, 12, 3), "01632 960 321")


@pytest.fixture(scope="module")
def every_variant(tmp_path_factory) -> dict[str, tuple[str, list[Tagged]]]:
    """Every monograph on both papers, in standard and large print, with the bundled brand
    and with a clinic's contact block, as everyone's leaflet and as a patient's copy: each
    PDF's language and its Document's children as read back from it."""
    folder = tmp_path_factory.mktemp("variants")
    (folder / "clinic.yaml").write_text(CLINIC, encoding="utf-8")
    brands = {"bundled": handouts.read_brand(), "clinic": handouts.read_brand(
        folder / "clinic.yaml")}
    built = {}
    for source in EVERY_MONOGRAPH:
        monograph = handouts.read_monograph(source)
        for paper, large, (brand, patient) in itertools.product(
                ("a4", "letter"), (False, True),
                (("bundled", None), ("clinic", None), ("clinic", COPY))):
            name = (f"{source.stem}-{paper}{'-large' if large else ''}-{brand}"
                    f"{'-copy' if patient else ''}")
            leaflet = handouts.render_leaflet(
                monograph, brands[brand], handouts.Options(paper, large), patient)
            pdf = folder / f"{name}.pdf"
            pdf.write_bytes(leaflet.pdf)
            built[name] = (monograph.language, tagged_elements(pdf))
    return built


def _parts(language: str,
           elements: list[Tagged]) -> tuple[list[Tagged], list[tuple[Tagged, list[Tagged]]]]:
    """The patient's box, and each H2 with what follows it up to the next, of the page body
    (the footer's review dates and address, content on page 1, and the figures left out)."""
    body = [e for e in elements if e.lines]
    first = next(i for i, e in enumerate(body) if e.tag == "H2")
    label = " ".join(catalogue(language)["Common brand names:"].split())
    patient = [e for e in body[:first] if e.tag == "P" and not e.text.startswith(label)]
    sections = []
    for element in body[first:]:
        if element.tag == "H2":
            sections.append((element, []))
        else:
            sections[-1][1].append(element)
    return patient, sections


BOXES = ("Key points", "When to get help", "Contact us")


def test_no_box_or_contact_block_spans_two_pages(every_variant):
    """The key points, "When to get help" with its numbers, the patient's box and the contact
    block: each whole on one page, in every variant, read from the PDF's structure."""
    split = []
    for name, (language, elements) in every_variant.items():
        say = catalogue(language)
        patient, sections = _parts(language, elements)
        boxes = [("patient", patient)] if patient else []
        boxes += [(heading.text, [heading, *under]) for heading, under in sections
                  if heading.text in {say[box] for box in BOXES}]
        for what, parts in boxes:
            pages = set().union(*(e.pages for e in parts))
            if len(pages) > 1:
                split.append(f"{name}: {what!r} on pages {sorted(pages)}")
    assert split == []


def test_no_heading_ends_a_page_with_less_than_two_lines_under_it(every_variant):
    """Under each heading, on its own page: two lines or more of what it heads (or all of it,
    when it is shorter), in every variant."""
    stranded = []
    for name, (language, elements) in every_variant.items():
        for heading, under in _parts(language, elements)[1]:
            (page,) = heading.pages
            lines = [line for e in under for line in e.lines]
            with_it = [line for line in lines if line[0] == page]
            if len(with_it) < min(2, len(lines)):
                stranded.append(f"{name}: {heading.text!r} on page {page} with "
                                f"{len(with_it)} of {len(lines)} lines under it")
    assert stranded == []


SPANISH_SEED = FIXTURES / "inotuzumab-ozogamicin.es.yaml"


def _after(elements: list[Tagged], heading: str, tag: str) -> list[str]:
    """The text of each ``tag`` element of the body after the H2 ``heading``, up to the next
    H2."""
    start = next(i for i, e in enumerate(elements) if e.tag == "H2" and e.text == heading)
    following = itertools.takewhile(lambda e: e.tag != "H2", elements[start + 1:])
    return [e.text for e in following if e.tag == tag and e.lines]


@pytest.mark.parametrize("source, calls", [
    (SEED, ["Call your clinic straight away on 01632 960 321.",
            "If you cannot get through, call us on 01632 960 000 (Monday to Friday, 8am to 6pm).",
            "Out of hours, call 01632 960 999."]),
    (SPANISH_SEED, ["Llame de inmediato a su clínica al 01632 960 321.",
                    "Si no puede comunicarse, llámenos al 01632 960 000 (Monday to Friday, "
                    "8am to 6pm).",
                    "Fuera del horario de atención, llame al 01632 960 999."]),
], ids=["en", "es"])
def test_a_patient_copy_gives_one_number_to_call_first(tmp_path, write_yaml, source, calls):
    """The patient's own clinic straight away; the clinic's day number only if that one
    does not answer, and out of hours: never two numbers to call "straight away"."""
    brand = handouts.read_brand(write_yaml(CLINIC, "clinic.yaml"))
    monograph = handouts.read_monograph(source, brand)
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(handouts.render_leaflet(monograph, brand, patient=COPY).pdf)
    say = catalogue(monograph.language)
    assert _after(tagged_elements(pdf), say["When to get help"], "P") == calls


def test_the_number_to_call_first_is_bold_its_alternatives_are_not(tmp_path, write_yaml):
    brand = handouts.read_brand(write_yaml(CLINIC, "clinic.yaml"))
    pdf = build(tmp_path, "copy", brand, patient=COPY)
    faces: dict[str, set[str]] = collections.defaultdict(set)
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for w in page.extract_words(extra_attrs=["fontname"]):
                if w["text"] in ("straight", "cannot", "hours,"):  # words of the call lines
                    faces[w["text"]].add(w["fontname"].split("+")[1])
    assert faces == {"straight": {"AtkinsonHyperlegible-Bold"},
                     "cannot": {"AtkinsonHyperlegible-Regular"},
                     "hours,": {"AtkinsonHyperlegible-Regular"}}


def test_only_an_out_of_hours_number_still_says_call_straight_away(tmp_path, write_yaml):
    night = CLINIC.replace("  phone: 01632 960 000\n", "").replace(
        "  hours: Monday to Friday, 8am to 6pm\n", "")
    pdf = build(tmp_path, "night", handouts.read_brand(write_yaml(night, "night.yaml")))
    assert _after(tagged_elements(pdf), "When to get help", "P") == [
        "Call your care team straight away.", "Out of hours, call 01632 960 999."]


def test_contact_block_is_read_line_by_line(tmp_path, write_yaml):
    """Each line of the contact block its own P: a screen reader does not run the address
    into the phone number ("...Riverside RV1 1AA Phone:")."""
    brand = handouts.read_brand(write_yaml(CLINIC, "clinic.yaml"))
    pdf = tmp_path / "contact.pdf"
    pdf.write_bytes(handouts.render_leaflet(handouts.read_monograph(SEED), brand).pdf)
    elements = tagged_elements(pdf)
    assert _after(elements, "Contact us", "P") == [
        "Riverside Cancer Care, Day Unit", "Riverside Hospital, 1 River Road",
        "Riverside RV1 1AA", "Phone: 01632 960 000 (Monday to Friday, 8am to 6pm)",
        "Out of hours: 01632 960 999"]
    start = next(i for i, e in enumerate(elements) if e.text == "Contact us")
    assert [len(e.lines) for e in elements[start + 1:start + 6]] == [1] * 5


CHINESE = ("本药通过静脉滴注给药，剂量为 0.8 mg/m²，每个周期的第1、8、15天给药。"
           "Inotuzumab ozogamicin 是一种抗体药物偶联物。") * 40


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_each_paragraph_is_broken_into_lines_once_per_width(monkeypatch, brand, language):
    """A stack measures its paragraphs, the frame measures the stack, the stack measures them
    again to draw: a paragraph's lines depend on its width alone, so they are broken once."""
    from handouts.page._flowables import Paragraph
    from handouts.source.model import Monograph, Section
    from handouts.source.model import Paragraph as Text

    broken: collections.Counter[tuple[int, tuple[float, ...]]] = collections.Counter()
    held = []  # every paragraph seen, so that no id is reused by another
    def counting(breaker):
        def counted(self, widths):
            held.append(self)
            broken[id(self), tuple(widths) if isinstance(widths, list) else (widths,)] += 1
            return breaker(self, widths)
        return counted

    for name in ("breakLines", "breakLinesCJK"):
        monkeypatch.setattr(Paragraph, name, counting(getattr(Paragraph, name)))
    if language == "en":
        monograph = handouts.read_monograph(SEED)
    else:  # a paragraph long enough to be split across pages
        monograph = Monograph("Benchmab", (), language, (
            Section("how_it_works", "How it works", (Text(CHINESE),)),))
    handouts.render_leaflet(monograph, brand)
    assert len(broken) >= 5  # the title, a heading, the text in parts, the footer
    assert [count for count in broken.values() if count > 1] == []


def test_a_leaflet_rendered_again_parses_no_markup(monkeypatch, brand):
    """The layout's markup is made into fragments directly (page._frags), from fragments the
    parser made once per style and font: a batch's leaflets and a preview's renders parse
    none."""
    from reportlab.platypus.paraparser import ParaParser

    seed = handouts.read_monograph(SEED)
    handouts.render_leaflet(seed, brand)
    parsed = []
    parse = ParaParser.parse
    monkeypatch.setattr(ParaParser, "parse",
                        lambda self, text, style: parsed.append(text) or parse(self, text, style))
    handouts.render_leaflet(seed, brand)
    assert parsed == []


def test_a_paragraphs_fragments_are_cloned_not_copied(monkeypatch, brand):
    # ABag.clone, ReportLab's own copy of a fragment: 2 µs where copy.copy took 5 (issue 16).
    import copy

    from handouts.page import _frags
    from handouts.page.styles import styles

    for face in (fonts.REGULAR, *fonts.REGULAR.fallbacks[:1]):
        fonts.font(face.name, face.file)  # registered, as the layout registers them
    style = styles(brand).body
    _frags.frags('x <font face="DejaVuSans">x</font>', style)  # the prototypes, parsed once
    copied = []
    copy_one = copy.copy
    monkeypatch.setattr(copy, "copy", lambda x: copied.append(x) or copy_one(x))
    made = _frags.frags('Take <font face="DejaVuSans">β</font>-blockers &amp; food', style)
    assert [f.text for f in made] == ["Take ", "β", "-blockers ", "&", " food"]
    assert copied == []


def test_markup_without_white_space_to_collapse_is_not_cleaned_again(monkeypatch, brand):
    # ReportLab's cleanBlockQuotedText splits and joins every paragraph's text in Python; the
    # layout's rarely has white space to collapse (issue 16).
    from reportlab.platypus import paragraph as reportlab_paragraph

    from handouts.page._flowables import Paragraph
    from handouts.page.styles import styles

    cleaned = []
    clean = reportlab_paragraph.cleanBlockQuotedText
    monkeypatch.setattr(reportlab_paragraph, "cleanBlockQuotedText",
                        lambda text, *args: cleaned.append(text) or clean(text, *args))
    style = styles(brand).body
    assert Paragraph("Take it with food, 2\U000f00a0mg.", style).text == (
        "Take it with food, 2\U000f00a0mg.")
    assert Paragraph(" Take  it\nwith\u00a0food ", style).text == "Take it with\u00a0food"
    assert cleaned == [" Take  it\nwith\u00a0food "]


@pytest.mark.parametrize("markup", [
    "Take it with food.",
    "Dose &lt; 5 mg &amp; &gt; 1 mg; R&amp;D",
    '<font face="DejaVuSans">β</font>-blockers <font face="DejaVuSans">→</font> µg',
    '<font face="Atkinson-Bold">Phone:</font> 01632 960 000',
    "  spaced \n  out  ",
    "",
    "&amp;",
    "本药通过静脉滴注给药，剂量为 0.8 mg/m²。",
    # Not what the layout writes: ReportLab's parser makes these.
    "<b>bold</b> text",
    "x &nbsp; y",
    '<font face="DejaVuSans"><font face="Atkinson">x</font></font>',
    "<para>x</para>",
])
def test_fragments_are_those_reportlabs_parser_makes(brand, markup):
    from reportlab.platypus import Paragraph as ReportLabParagraph

    from handouts.page._flowables import Paragraph
    from handouts.page.styles import styles

    for face in (*fonts.FACES, fonts.family("zh-Hans").bold, *fonts.REGULAR.fallbacks[:1]):
        fonts.font(face.name, face.file)  # registered, as the layout registers them
    for style in (styles(brand).body, styles(brand, True, "zh-Hans").heading):
        ours = Paragraph(markup, style)
        theirs = ReportLabParagraph(markup, style)
        assert (ours.text, ours.style) == (theirs.text, theirs.style)
        assert [f.__dict__ for f in ours.frags] == [f.__dict__ for f in theirs.frags]
        # The parts of one paragraph share its lists, as the parser's do.
        for name in ("link", "us_lines"):
            assert len({id(getattr(f, name)) for f in ours.frags}) <= 1


# Characters the layout's text may hold: ASCII, what XML escapes, quotes, white space of every
# kind (no-break spaces among them), Greek and arrows from a fallback font, Chinese, Korean.
_TEXT = st.text(alphabet=st.sampled_from([
    *"abc XYZ019&<>\"'.,;:!?()/-\t\n\r", "\u00a0", "\u202f", "\u2009", "\u3000", "β", "µ", "→",
    "≥", "本", "药", "，", "한"]), max_size=40)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(text=_TEXT, bold=_TEXT)
def test_any_text_makes_the_fragments_reportlabs_parser_makes(text, bold):
    """Whatever the text, as the layout writes it (a bold label, then the text, each run in the
    font that has it): the fragments are the parser's, so nothing is lost or changed."""
    from reportlab.platypus import Paragraph as ReportLabParagraph

    from handouts.page._flowables import Paragraph
    from handouts.page.styles import styles
    from handouts.source.text import markup

    brand = handouts.read_brand()
    label = "".join(f'<font face="{name}">{escape(chunk)}</font>'
                    for name, chunk in fonts.runs(bold, fonts.BOLD))
    written = f"{label} {markup(text, fonts.REGULAR)}"
    style = styles(brand).body
    ours, theirs = Paragraph(written, style), ReportLabParagraph(written, style)
    assert ours.text == theirs.text
    assert [f.__dict__ for f in ours.frags] == [f.__dict__ for f in theirs.frags]
