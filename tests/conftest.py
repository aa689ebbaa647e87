"""Shared test helpers: building leaflets, and text extraction as the "nothing lost" oracle."""

from __future__ import annotations

import decimal
import functools
import html
import json
import multiprocessing
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
import yaml

import handouts
from handouts.page import styles
from handouts.source.model import SECTIONS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
SHIPPED = sorted(DATA.glob("*.yaml"))
FAILED = ROOT / "tests" / "_failed"  # git-ignored: pages of failed render tests, to look at

for tool in ("pdftotext", "pdffonts", "pdfinfo", "pdftoppm", "qpdf", "gs", "mutool", "zbarimg"):
    if shutil.which(tool) is None:
        raise RuntimeError(f"{tool} is missing: run `make test`, which installs poppler-utils, "
                           "qpdf, ghostscript, mupdf-tools and zbar-tools")

# Four text extractors that share no code: each reads the fonts' ToUnicode CMaps its own way.
# pdf.js is Firefox's and most web viewers' (tests/helpers/pdfjs_text.mjs, run by Node).
READERS = ("poppler", "ghostscript", "mupdf", "pdfjs")
PDFJS = ROOT / "tests" / "helpers" / "pdfjs_text.mjs"


def nfc_words(text: str) -> list[str]:
    # U+00AD SOFT HYPHEN is an invisible hint where a word may be hyphenated; leaflets are
    # never hyphenated, so it is never printed.
    return unicodedata.normalize("NFC", text).replace("\u00ad", "").split()


def pdftotext(pdf: Path, page: int | None = None,
              box: tuple[float, float, float, float] | None = None) -> str:
    """poppler's text of ``pdf``; ``box`` is (x, y, width, height) from the page's top-left."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if box is not None:
        x, y, w, h = box
        args += ["-x", str(int(x)), "-y", str(int(y)), "-W", str(int(w)), "-H", str(int(h))]
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def text_lines(pdf: Path, reader: str, first: int = 1,
               last: int | None = None) -> list[list[tuple[float, str]]]:
    """Each page's text lines as ``reader`` assembles them, in its order, with the
    baseline's distance from the top of the page: ``reader`` is ``"ghostscript"`` (txtwrite's
    XML), ``"mupdf"`` (mutool's structured text) or ``"pdfjs"`` (its text content's lines)."""
    last = last or page_count(pdf)
    if reader == "pdfjs":
        return _pdfjs_lines(pdf, first, last)
    if reader == "ghostscript":
        xml = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                              "-sDEVICE=txtwrite", "-dTextFormat=1", f"-dFirstPage={first}",
                              f"-dLastPage={last}", "-sOutputFile=-", str(pdf)],
                             check=True, capture_output=True).stdout.decode("utf-8")
        # <span bbox="x0 baseline x1 baseline" ...> holds <char bbox="..." c="x"/>; a line's
        # spans run on without a break (a font change inside a word starts a new span).
        line_re, y_re = r"<line>(.*?)</line>", r'<span bbox="[\d.-]+ ([\d.-]+) '
    elif reader == "mupdf":
        # preserve-whitespace: else mutool prints every Unicode space as U+0020.
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "text.xml"
            subprocess.run(["mutool", "convert", "-F", "stext", "-O", "preserve-whitespace",
                            "-o", str(out), str(pdf), f"{first}-{last}"], check=True,
                           capture_output=True)
            xml = out.read_text(encoding="utf-8")
        line_re, y_re = r"<line [^>]*>(.*?)</line>", r'<char [^>]*? y="([\d.-]+)"'
    else:
        raise ValueError(reader)
    pages = []
    # Parsed by pattern, not as XML: a character a reader cannot map comes out as "&#x1;",
    # which an XML parser refuses, and the test must show it in its diff instead.
    for page in re.findall(r"<page[ >](.*?)</page>", xml, re.DOTALL):
        lines = []
        for line in re.findall(line_re, page, re.DOTALL):
            y = re.search(y_re, line)
            chars = re.findall(r'<char [^>]*?c="([^"]*)"', line)
            if y and chars:
                lines.append((float(y[1]), html.unescape("".join(chars))))
        pages.append(lines)
    return pages


def _pdfjs_lines(pdf: Path, first: int, last: int) -> list[list[tuple[float, str]]]:
    """``text_lines`` as pdf.js reads them: one Node process for all the pages (it takes a
    fifth of a second to start)."""
    assert (ROOT / "tests" / "web" / "node_modules" / "pdfjs-dist").exists(), \
        "pdfjs-dist is missing: run `make test`, which installs it with npm"
    # Its warnings on stderr (no canvas to draw with) are about drawing, not text.
    done = subprocess.run(["node", str(PDFJS), str(pdf), str(first), str(last)], check=True,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    return [[(y, text) for y, text in page] for page in json.loads(done.stdout)]


def as_read_by(reader: str, text: str) -> str:
    """``text`` as ``reader`` prints it: poppler and pdf.js end a word at any Unicode space and
    print U+0020 for it whatever the ToUnicode CMap says, so no-break spaces come out plain
    (pdf.js keeps a space only when its glyph's position says one is there, then writes " ")."""
    if reader not in ("poppler", "pdfjs"):
        return text
    return "".join(" " if c.isspace() else c for c in text)


def reader_pages(pdf: Path, reader: str, first: int = 1, last: int | None = None) -> list[str]:
    """The text of pages ``first`` to ``last`` as ``reader`` extracts it, one string a page."""
    if reader == "poppler":
        last = last or page_count(pdf)
        return [pdftotext(pdf, page) for page in range(first, last + 1)]
    return ["\n".join(text for _, text in page) for page in text_lines(pdf, reader, first, last)]


@dataclass(frozen=True)
class PageFrame:
    """Where a page's body lies, measured from what is drawn on it (top-down points): under
    the header band's fill and above the footer rule. Measured, not taken from the library,
    so that a leaflet whose footer grew (review dates, an address) is read as it is."""

    width: float
    height: float
    band: float  # the band's bottom
    rule: float  # the footer rule

    @property
    def box(self) -> tuple[float, float, float, float]:
        return 0, self.band, self.width, self.rule - self.band


@functools.lru_cache(maxsize=64)
def _frames(pdf: Path, mtime: int) -> tuple[PageFrame, ...]:
    import pdfplumber

    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            width, height = float(page.width), float(page.height)
            band = max(r["bottom"] for r in page.rects
                       if r["top"] < 1 and r["x0"] < 1 and r["x1"] > width - 1)
            rule = max(line["top"] for line in page.lines if line["top"] == line["bottom"]
                       and line["x1"] - line["x0"] > 0.8 * width)
            out.append(PageFrame(width, height, band, rule))
    return tuple(out)


def frames(pdf: Path) -> tuple[PageFrame, ...]:
    """Each page's ``PageFrame``."""
    return _frames(pdf, pdf.stat().st_mtime_ns)


def body_words(pdf: Path, paper: str = "a4", reader: str = "poppler", first: int = 1,
               last: int | None = None, geometry: styles.Geometry | None = None) -> list[str]:
    """The words printed between the header band and the footer rule of every page (or pages
    ``first`` to ``last``), bullets markers left out: exactly the monograph's words, if
    nothing was lost. Readers differ in where they put the page furniture (mupdf reads the
    footer first), never in the body's order. ``paper`` and ``geometry`` are not needed: the
    frame of each page is measured."""
    last = last or page_count(pdf)
    measured = frames(pdf)[first - 1:last]
    if reader != "poppler":
        return body_of(text_lines(pdf, reader, first, last), measured)
    return [w for page, frame in zip(range(first, last + 1), measured, strict=True)
            for w in nfc_words(pdftotext(pdf, page, frame.box)) if w != "\u2022"]


def body_of(pages: list[list[tuple[float, str]]], frames: Sequence[PageFrame]) -> list[str]:
    """``body_words`` of pages that ``text_lines`` read, with their ``frames``."""
    return [w for page, frame in zip(pages, frames, strict=True) for y, text in page
            if frame.band < y < frame.rule for w in nfc_words(text) if w != "\u2022"]


def cmap_problems(pdf: Path) -> list[str]:
    """What is wrong with the ToUnicode CMaps of ``pdf``'s fonts: a bfchar or bfrange block
    of more than 100 entries (Adobe Technical Note #5014), a count that is not the block's
    length, or a destination that is not UTF-16BE."""
    problems = []
    with pikepdf.open(pdf) as doc:
        for obj in doc.objects:
            if not isinstance(obj, pikepdf.Dictionary) or "/ToUnicode" not in obj:
                continue
            name = str(obj.get("/BaseFont"))
            cmap = obj.ToUnicode.read_bytes().decode("latin-1")
            blocks = re.findall(r"(\d+)\s+begin(bfchar|bfrange)(.*?)end\2", cmap, re.DOTALL)
            if not blocks:
                problems.append(f"{name}: no mappings")
            for count, kind, body in blocks:
                if kind == "bfchar":
                    entries = re.findall(r"<([^>]*)>\s*<([^>]*)>", body)
                    destinations = [d for _, d in entries]
                else:
                    entries = re.findall(r"<[^>]*>\s*<[^>]*>\s*(<[^>]*>|\[[^\]]*\])", body)
                    destinations = [d for e in entries for d in re.findall(r"<([^>]*)>", e)]
                if int(count) > 100:
                    problems.append(f"{name}: {count} entries in one {kind} block")
                if int(count) != len(entries):
                    problems.append(f"{name}: {kind} block says {count}, has {len(entries)}")
                for d in destinations:
                    try:
                        if not d or len(d) % 4:
                            raise ValueError
                        bytes.fromhex(d).decode("utf-16-be")
                    except ValueError:
                        problems.append(f"{name}: <{d}> is not UTF-16BE")
    return problems


# Printers cannot print the paper's outer 5 mm (ISO/IEC 24734 test pages assume as much).
UNPRINTABLE = 5 * 72 / 25.4
_EPSILON = 0.01  # points: PDF numbers are written with a few decimals


def too_near_the_edge(pdf: Path) -> list[str]:
    """Every char, image, line, curve and rect of ``pdf`` closer than 5 mm to an edge of its
    page, read back from the file (pdfplumber), whatever drew it. Only the header band's fill,
    the one filled rectangle as wide as the page at its top, may bleed to the edge."""
    import pdfplumber

    found = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            bands = [r for r in page.rects if r["fill"] and not r["stroke"]
                     and r["x0"] <= _EPSILON and r["top"] <= _EPSILON
                     and r["x1"] >= page.width - _EPSILON]
            assert len(bands) == 1, f"page {page.page_number}: {len(bands)} header bands"
            objects = [*page.chars, *page.images, *page.lines, *page.curves,
                       *(r for r in page.rects if r is not bands[0])]
            assert objects, f"page {page.page_number} is empty"
            for o in objects:
                room = min(o["x0"], o["top"], page.width - o["x1"], page.height - o["bottom"])
                if room < UNPRINTABLE - _EPSILON:
                    what = o.get("text", o["object_type"])
                    found.append(f"page {page.page_number}: {what!r} {room / 72 * 25.4:.2f} mm "
                                 "from an edge")
    return found


# An SVG logo using what validation lets through: a gradient from a style sheet, a clip path,
# <use>, opacity, and a stroke running far outside its box (which the leaflet must clip).
VECTOR_LOGO = """\
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="60" height="30" viewBox="0 0 60 30">
  <defs>
    <linearGradient id="g" x1="0" x2="1">
      <stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#2a7f62"/>
    </linearGradient>
    <clipPath id="c"><circle cx="15" cy="15" r="14"/></clipPath>
  </defs>
  <style>.a { fill: url(#g) }</style>
  <g id="s" clip-path="url(#c)"><rect class="a" width="30" height="30"/></g>
  <use xlink:href="#s" x="30" opacity="0.5"/>
  <path d="M-50 -50 L900 900" stroke="#fff" stroke-width="3"/>
</svg>
"""


def png_logo_brand(folder: Path, size: tuple[int, int] = (120, 60), mode: str = "RGBA") -> Path:
    """A brand file in ``folder`` whose logo is a PNG of ``size`` pixels in ``mode``."""
    from PIL import Image

    image = Image.new(mode, size)
    bands = len(image.getbands())  # a gradient, with partial transparency where there is alpha
    image.putdata([(i % 256, 80, 120, 200)[:bands] if bands > 1 else i % 256
                   for i in range(size[0] * size[1])])
    if mode == "P":
        image.info["transparency"] = 0
    image.save(folder / "logo.png")
    (folder / "brand.yaml").write_text("organisation: Pixel Clinic\ntagline: Sharp care.\n"
                                       "logo: logo.png\n")
    return folder / "brand.yaml"


@dataclass(frozen=True)
class Tagged:
    """A child of the Document structure element as read back from a PDF: its tag, its text,
    and the lines it is printed on."""

    tag: str
    text: str  # white space collapsed
    lines: tuple[tuple[int, float], ...]  # (page, baseline from the top) of each body line

    @property
    def pages(self) -> set[int]:
        return {page for page, _ in self.lines}


def to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    """A simple font's code → text map, from its ToUnicode CMap (bfchar and bfrange)."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    table: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, start in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                table[int(lo, 16) + offset] = chr(int(start, 16) + offset)
    return table


Matrix = tuple[float, float, float, float, float, float]


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``, as PDF composes matrices (row vectors)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _page_marks(page: pikepdf.Page) -> tuple[dict[int, list[tuple[float, str]]], float]:
    """Each marked-content sequence's text runs on ``page`` with their baselines (points from
    the top), and the footer rule's height from the top (the lowest line as wide as the text):
    a small interpreter of the operators ReportLab writes."""
    height = float(page.mediabox[3])
    fonts = {name: to_unicode(font) for name, font in page.Resources.Font.items()}
    identity: Matrix = (1, 0, 0, 1, 0, 0)
    ctm, saved = identity, []
    line = text = identity
    leading = 0.0
    font: dict[int, str] = {}
    stack: list[int | None] = []
    runs: dict[int, list[tuple[float, str]]] = {}
    rules, start = [], (0.0, 0.0)
    for operands, op in pikepdf.parse_content_stream(page):
        name, args = str(op), [float(o) if isinstance(o, (int, float, decimal.Decimal)) else o
                               for o in operands]
        if name == "q":
            saved.append(ctm)
        elif name == "Q":
            ctm = saved.pop()
        elif name == "cm":
            ctm = _times(tuple(args), ctm)
        elif name in ("BDC", "BMC"):
            mcid = (int(operands[1].MCID) if name == "BDC" and isinstance(
                operands[1], pikepdf.Dictionary) and "/MCID" in operands[1] else None)
            stack.append(mcid if mcid is not None else (stack[-1] if stack else None))
        elif name == "EMC":
            stack.pop()
        elif name == "BT":
            line = text = identity
        elif name == "Tm":
            line = text = tuple(args)
        elif name in ("Td", "TD", "T*", "'", '"'):
            tx, ty = (args[0], args[1]) if name in ("Td", "TD") else (0.0, -leading)
            if name == "TD":
                leading = -ty
            line = text = _times((1, 0, 0, 1, tx, ty), line)
        elif name == "TL":
            leading = args[0]
        elif name == "Tf":
            font = fonts[str(operands[0])]
        if name in ("Tj", "TJ", "'", '"') and stack and stack[-1] is not None:
            shown = operands[-1]
            strings = shown if isinstance(shown, pikepdf.Array) else [shown]
            chars = "".join(font[b] for s in strings if isinstance(s, pikepdf.String)
                            for b in bytes(s))
            baseline = round(height - _times(text, ctm)[5], 1)
            runs.setdefault(stack[-1], []).append((baseline, chars))
        elif name == "m":
            start = (ctm[0] * args[0] + ctm[2] * args[1] + ctm[4],
                     ctm[1] * args[0] + ctm[3] * args[1] + ctm[5])
        elif name == "l":
            x, y = (ctm[0] * args[0] + ctm[2] * args[1] + ctm[4],
                    ctm[1] * args[0] + ctm[3] * args[1] + ctm[5])
            if abs(y - start[1]) < 0.01 and abs(x - start[0]) > 0.8 * float(page.mediabox[2]):
                rules.append(height - y)
    return runs, max(rules)


def tagged_elements(pdf: Path) -> list[Tagged]:
    """The Document's children in reading order, each with the text and lines of every marked
    content under it: where each element landed, read from the PDF itself (its structure tree
    and page contents), never from the layout. Elements with no text (the logo, the QR code)
    and the footer's content on page 1 (the review dates, the address) have no lines."""
    with pikepdf.open(pdf) as doc:
        numbers = {page.objgen: n for n, page in enumerate(doc.pages, start=1)}
        pages = [_page_marks(page) for page in doc.pages]

        def marks(element: pikepdf.Dictionary) -> list[tuple[int, int]]:
            kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
            out = []
            for kid in kids:
                if isinstance(kid, int):
                    out.append((numbers[element.Pg.objgen], kid))
                elif kid.get("/Type") == "/MCR":
                    out.append((numbers[kid.Pg.objgen], int(kid.MCID)))
                else:
                    out += marks(kid)
            return out

        document = doc.Root.StructTreeRoot.K
        found = []
        for kid in document.K if isinstance(document.K, pikepdf.Array) else [document.K]:
            drawn = [(page, baseline, chars) for page, mcid in marks(kid)
                     for baseline, chars in pages[page - 1][0].get(mcid, [])]
            lines = tuple(dict.fromkeys((page, baseline) for page, baseline, _ in drawn
                                        if baseline < pages[page - 1][1]))
            found.append(Tagged(str(kid.S)[1:], " ".join("".join(c for *_, c in drawn).split()),
                                lines))
    return found


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("Pages:")))


CATALOGUES = ROOT / "handouts" / "i18n" / "catalogues"


@functools.cache
def catalogue(language: str, folder: Path = CATALOGUES) -> dict[str, str]:
    """The catalogue of ``language`` in ``folder`` (the shipped ones, or a clinic's complete
    one): "es-US" falls back to "es", "zh-Hant-TW" to "zh-Hant" (RFC 4647 lookup,
    case-insensitive, as the library does), read from its .po with Babel, not through the
    library: English message → its first (or only) form."""
    from babel.messages.pofile import read_po

    shipped = {p.stem.casefold(): p for p in folder.glob("*.po")}
    parts = language.split("-")
    while "-".join(parts).casefold() not in shipped:
        parts.pop()
        while parts and len(parts[-1]) == 1:  # an extension (-x-...) goes with what follows
            parts.pop()
        if not parts:
            raise KeyError(f"no catalogue for {language!r} in {folder}")
    with shipped["-".join(parts).casefold()].open("rb") as f:
        return {(m.id[0] if isinstance(m.id, tuple) else m.id):
                (m.string[0] if isinstance(m.string, tuple) else m.string)
                for m in read_po(f) if m.id}


def expected_words(monograph_yaml: Path, catalogues: Path = CATALOGUES) -> list[str]:
    """The words a leaflet must print, in order, read from the YAML independently of the
    library: title, brand names, the boxes, then each section's heading and text, with the
    tool's own words from the catalogue of the monograph's language (in ``catalogues``: a
    clinic's folder for a language it adds), built with a brand that gives no phone number
    (the bundled one): the urgent box says "your care team"."""
    data = yaml.safe_load(monograph_yaml.read_text(encoding="utf-8-sig"))
    say = catalogue(data.get("language", "en"), catalogues)
    words = nfc_words(data["name"])
    if data.get("brand_names"):
        words += nfc_words(say["Common brand names:"])
        words += nfc_words(", ".join(data["brand_names"]))
    if data.get("key_points"):
        words += [*nfc_words(say["Key points"]),
                  *(w for item in data["key_points"] for w in nfc_words(item))]
    if data.get("when_to_get_help"):
        words += [*nfc_words(say["When to get help"]),
                  *(w for item in data["when_to_get_help"] for w in nfc_words(item)),
                  *nfc_words(say["Call your care team straight away."])]
    for key, heading in SECTIONS:
        # A draft may have serious side effects and no common ones: they print under the
        # side effects heading all the same.
        if key not in data and not (key == "common_side_effects"
                                    and "serious_side_effects" in data):
            continue
        words += nfc_words(say[heading])
        for field in (key, "serious_side_effects") if key == "common_side_effects" else (key,):
            value = data.get(field)
            if value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                words += nfc_words(item)
    return words


def in_order(needles: list[str], haystack: list[str]) -> list[str]:
    """The needles not found in ``haystack`` in order (empty when all are)."""
    it = iter(haystack)
    missing = []
    for word in needles:
        for candidate in it:
            if candidate == word:
                break
        else:
            missing.append(word)
            it = iter(())
    return missing


@pytest.fixture(scope="session")
def brand() -> handouts.Brand:
    return handouts.read_brand()


@pytest.fixture(params=multiprocessing.get_all_start_methods())
def start_method(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each way this platform starts worker processes, for the test's batch: Python 3.14 on
    Linux defaults to 'forkserver', macOS to 'spawn', where a worker imports handouts afresh
    and inherits nothing from the test (put a fault in a worker with ``faults.inject``)."""
    before = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(request.param, force=True)
    yield request.param
    multiprocessing.set_start_method(before, force=True)


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(text: str, name: str = "drug.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def build_file(tmp_path: Path, brand: handouts.Brand,
               request: pytest.FixtureRequest) -> Iterator[Callable[..., Path]]:
    """Build a monograph file into tmp_path/out; on a failed test, its pages go to
    tests/_failed/ as PNGs for a human to look at."""
    built: list[Path] = []

    def build(source: Path, options: handouts.Options = handouts.Options()) -> Path:
        target, _ = handouts.build(source, tmp_path / "out", brand, options)
        built.append(target)
        return target

    yield build
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        FAILED.mkdir(exist_ok=True)
        for pdf in built:
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf),
                            str(FAILED / f"{request.node.name}-{pdf.stem}")], check=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
