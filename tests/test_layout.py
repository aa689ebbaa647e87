"""The leaflet's parts beyond sections: the boxes, the contact block, the footer's review
dates and QR code, large print, and a patient's copy; measured from the PDF."""

from __future__ import annotations

import collections
import datetime
import itertools
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

import handouts
from conftest import body_words, expected_words, nfc_words, pdftotext, too_near_the_edge
from handouts import validate
from handouts.model import Patient

SEED = Path(__file__).parent.parent / "data" / "inotuzumab-ozogamicin.yaml"
CONTACT = """\
organisation: Riverside Cancer Care
tagline: Together we care. Together we cure.
contact:
  name: Day Unit
  phone: 01632 960 000
  hours: Monday to Friday, 8am to 6pm
  out_of_hours: 01632 960 999
  address: |
    1 River Road
    Riverside RV1 1AA
"""


def build(tmp_path: Path, name: str, brand: handouts.Brand | None = None,
          options: handouts.Options = handouts.Options(),
          patient: Patient | None = None) -> Path:
    leaflet = handouts.render_leaflet(handouts.read_monograph(SEED),
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
