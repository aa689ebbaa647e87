"""Flowables → PDF bytes: the page template with its header band, footer and page numbers."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from .._version import __version__
from ..errors import BuildError
from ..i18n import words
from ..pdf import fonts, metadata
from ..pdf.tags import Element, TaggedCanvas, artifact, tagged
from ..source.model import Brand, Logo, Monograph, Options
from . import _band, _qr, _svg, styles
from ._flowables import Box
from .layout import Layout
from .styles import LOGO_HEIGHT, Geometry, url_lines

_PAGE_FORM = "page{}"  # the form that prints "Page X of Y" on page X, once Y is known
# On every page of a proof (build --proof). In English whatever the leaflet's language: it is
# for the staff who review an imported draft, and must not wait for every catalogue to have it.
PROOF_MARK = "DRAFT — not for patients"


def draw_text(canvas: Canvas, x: float, y: float, text: str, face: fonts.Face,
              size: float) -> float:
    """Draw plain text in font runs at (x, y); returns the width drawn."""
    start = x
    for name, chunk in fonts.runs(text, face):
        canvas.setFont(name, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, name, size)
    return x - start


text_width = fonts.width  # the band and the front matter measure text the same way


class _Leaflet(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, monograph: Monograph, brand: Brand,
                 geometry: Geometry, layout: Layout, proof: bool = False) -> None:
        self.layout = layout
        self.proof = proof
        self.monograph = monograph
        self.brand = brand
        self.geometry = geometry
        say = layout.words
        super().__init__(
            buffer,
            pagesize=(geometry.width, geometry.height),
            title=monograph.name,
            author=brand.organisation,
            subject=say(words.SUBJECT, name=monograph.name),
            keywords=[monograph.name, *monograph.brand_names, say(words.KEYWORD)],
            creator=f"handouts {__version__}",
            producer=f"handouts {__version__} (ReportLab)",
            lang=monograph.language,
            displayDocTitle=1,
            invariant=1,  # fixed dates and document ID: same input, same bytes
            pageCompression=1,
            # ReportLab references an unembedded Helvetica unless told the initial font.
            initialFontName=fonts.REGULAR.name,
            initialFontSize=12,
        )
        # Print at 100 %: a browser's "fit to page" would shrink large print. ReportLab writes
        # every ViewerPreferences key it finds on the template, but takes this one as no argument.
        self.printScaling = "None"
        x, y, w, h = geometry.frame
        frame = Frame(x, y, w, h, id="text", leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)
        self.addPageTemplates([PageTemplate("leaflet", [frame], onPage=self._decorate)])
        self._furniture: tuple[str, ...] | None = None  # page 2's, repeated on later pages
        # Page 2's footer, before and after the form that prints its number.
        self._footer_code: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    def _decorate(self, canvas: Canvas, doc: Any) -> None:
        page = canvas.getPageNumber()
        g = self.geometry
        repeated = self._furniture if page > 2 else None
        if repeated is not None:
            canvas._code.extend(repeated)
        else:
            start = len(canvas._code)
            # The logo on page 1 is the Figure at the start of the reading order.
            draw_furniture(canvas, g, self.brand, drug=self.monograph.name if page > 1 else "",
                           figure=self.layout.logo if page == 1 else None,
                           tagline=self.layout.tagline, face=self.layout.family.bold)
            if page == 2 and _repeatable(self.brand.logo):
                # Every page from the second starts in the same state and has the same band
                # and footer rule, all artifacts, between saveState and restoreState: its
                # operators are page 2's, and their fonts' codes given already (0.2 ms a page).
                self._furniture = tuple(canvas._code[start:])
        if self.proof:
            draw_proof_mark(canvas, g, self.brand)
        self._footer(canvas, page)

    def _footer(self, canvas: Canvas, page: int) -> None:
        # From page 2 on, the footer is artifacts, the same on each page but for the form that
        # prints its number: page 2's operators, around that page's form (0.1 ms a page).
        repeated = self._footer_code if page > 2 else None
        if repeated is not None:
            before, after = repeated
            canvas._code.extend(before)
            canvas.doForm(_PAGE_FORM.format(page))
            canvas._code.extend(after)
            return
        start = len(canvas._code)
        self._draw_footer(canvas, page)
        if page == 2:
            code = canvas._code[start:]
            form = code.index(f"/{canvas._doc.getXObjectName(_PAGE_FORM.format(page))} Do")
            self._footer_code = (tuple(code[:form]), tuple(code[form + 1:]))

    def _draw_footer(self, canvas: Canvas, page: int) -> None:
        """"Page X of Y" on the tagline's line; then the review dates and the address, which
        are content on page 1 (last in the reading order) and page furniture after it, and
        on page 1 the address's QR code."""
        g, size = self.geometry, self.geometry.type.footer
        footer = self.layout.footer
        canvas.saveState()
        canvas.setFillColor(HexColor(self.brand.colours.text))
        # "Page X of Y" is drawn into a form of its own per page, filled in once the total is
        # known (a language may put the total anywhere in it); it starts where "Page 999 of
        # 999" would, so it never overlaps the tagline.
        opened = artifact(canvas)
        baseline = g.footer_baseline(0)
        right = g.margin + g.footer_width if page == 1 else g.width - g.margin  # QR on page 1
        x = right - text_width(self.layout.words(words.PAGE, page=999, total=999),
                               self.layout.family.regular, size)
        canvas.saveState()
        canvas.translate(x, baseline)
        canvas.doForm(_PAGE_FORM.format(page))
        canvas.restoreState()
        if opened:
            canvas.end_marked()
        line = 1
        lines: list[tuple[str, Element | None]] = []
        lines += [(part, footer.review_element) for part in footer.review]
        if footer.url:
            lines += [(part, footer.url_element) for part in url_lines(footer.url, g) or ()]
        for number, (text, element) in enumerate(lines):
            content = page == 1 and element is not None
            # One element may span two lines (a long address): one marked run each line.
            opened = tagged(canvas, element) if content else artifact(canvas)
            spoken = text + (" " if number + 1 < len(lines) and lines[number + 1][1] is element
                             else "")
            # The review dates in the leaflet's faces; the address is Latin, as url_lines fits it.
            face = (self.layout.family.regular if element is footer.review_element
                    else fonts.REGULAR)
            draw_text(canvas, g.margin, g.footer_baseline(line), spoken, face, size)
            if opened:
                canvas.end_marked()
            line += 1
        if page == 1 and footer.url and footer.qr is not None:
            opened = tagged(canvas, footer.qr)
            draw_qr(canvas, footer.url, g.width - g.margin - g.qr_side - g.qr_quiet, 6 * mm,
                    g.qr_side + 2 * g.qr_quiet)
            if opened:
                canvas.end_marked()
        canvas.restoreState()

    def _endBuild(self) -> None:
        canvas = self.canv
        for page in range(1, self.page + 1):
            canvas.beginForm(_PAGE_FORM.format(page))
            canvas.setFillColor(HexColor(self.brand.colours.text))
            draw_text(canvas, 0, 0, self.layout.words(words.PAGE, page=page, total=self.page),
                      self.layout.family.regular, self.geometry.type.footer)
            canvas.endForm()
        super()._endBuild()


_DARK_RUN = re.compile(b"\x01+")  # dark modules side by side, in a row as bytes of 0 and 1


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """A QR code of ``url`` (error correction Q, its 4-module quiet zone inside ``size``), each
    row's runs of dark modules drawn as rectangles of one path, in whole modules under one
    scaling: exact, and a third of the bytes of positions in points (issue 16)."""
    side, code = _qr_path(url)
    module = size / (side + 2 * _qr.QUIET)
    path = PDFPathObject([code] if code else None)
    canvas.saveState()
    canvas.transform(module, 0, 0, module, x + _qr.QUIET * module, y + _qr.QUIET * module)
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


@lru_cache(maxsize=256)  # as _qr.modules: a patient's copies print the same address again
def _qr_path(url: str) -> tuple[int, str]:
    """The modules on a side of ``url``'s code, and the operators of its path in modules."""
    rows = _qr.modules(url)
    # The operators PDFPathObject.rect writes ("x y w h re", whole numbers here, after the
    # path's "n"), all at once: through it, one by one, some 350 runs took 0.5 ms a leaflet;
    # joined as PDFPathObject.getCode joins them (0.35 ms more, a new address).
    last = len(rows) - 1
    rects = [f"{m.start()} {last - r} {m.end() - m.start()} 1 re"
             for r, row in enumerate(rows) for m in _DARK_RUN.finditer(bytes(row))]
    return len(rows), " ".join(["n", *rects]) if rects else ""


def draw_furniture(canvas: Canvas, g: Geometry, brand: Brand, drug: str = "",
                   figure: Element | None = None, tagline: str | None = None,
                   face: fonts.Face = fonts.BOLD) -> None:
    """The header band (logo, organisation, ``drug`` at the right) and the footer's rule and
    ``tagline`` (the brand's, in its own language, when None, in ``face``), as artifacts: page
    furniture, not content. With ``figure``, the logo is drawn as that structure element
    instead. The band is in the Latin faces whatever the language: the brand's look, and the
    widths validation fitted the names to (a Chinese name's characters come from Noto Sans SC)."""
    canvas.saveState()
    opened = artifact(canvas)
    canvas.setFillColor(HexColor(brand.colours.band))
    canvas.rect(0, g.height - g.band, g.width, g.band, stroke=0, fill=1)
    x = g.margin
    if brand.logo is not None:
        as_figure = opened and figure is not None
        if as_figure:
            canvas.end_marked()
            tagged(canvas, figure)
        x += draw_logo(canvas, brand.logo, x, g.height - (g.band + LOGO_HEIGHT) / 2,
                       LOGO_HEIGHT) + _band.LOGO_GAP
        if as_figure:
            canvas.end_marked()
            artifact(canvas)
    right = g.width - g.margin
    band = _band.fit(brand.organisation, drug, right - x, g.type)
    if band is None:  # validation of the brand and of the monograph rules this out
        raise BuildError(f"the header band cannot hold {brand.organisation!r} and {drug!r}")
    size, leading = band.size, band.leading
    middle = g.height - g.band / 2
    canvas.setFillColor(HexColor(brand.colours.band_text))
    for lines, at_right in ((band.organisation, False), (band.drug, True)):
        top = middle + (len(lines) - 1) * leading / 2 - size * 0.35
        for i, line in enumerate(lines):
            left = right - text_width(line, fonts.BOLD, size) if at_right else x
            draw_text(canvas, left, top - i * leading, line, fonts.BOLD, size)
    canvas.setStrokeColor(HexColor(brand.colours.rule))
    canvas.setLineWidth(1)
    canvas.line(g.margin, g.footer, right, g.footer)
    canvas.setFillColor(HexColor(brand.colours.heading))
    draw_text(canvas, g.margin, g.footer_baseline(0), brand.tagline if tagline is None else tagline,
              face, g.type.footer)
    if opened:
        canvas.end_marked()
    canvas.restoreState()


def draw_proof_mark(canvas: Canvas, g: Geometry, brand: Brand) -> None:
    """``PROOF_MARK`` in bold, in the brand's urgent colour, in the gap under the header band.
    An artifact, as the band is: page furniture repeated on every page, which a screen reader
    would otherwise read out on each; the tagged content is the monograph's text alone."""
    canvas.saveState()
    opened = artifact(canvas)
    canvas.setFillColor(HexColor(brand.colours.urgent))
    size = g.type.footer
    draw_text(canvas, g.margin, g.height - g.band - 4 * mm - size * 0.35, PROOF_MARK,
              fonts.BOLD, size)
    if opened:
        canvas.end_marked()
    canvas.restoreState()


def draw_logo(canvas: Canvas, logo: Logo, x: float, y: float, height: float) -> float:
    """Draw the logo's validated bytes with its bottom-left corner at (x, y); returns its
    width."""
    if logo.kind == "png":
        image = _png(logo.data)
        iw, ih = image.getSize()
        width = height * iw / ih
        canvas.drawImage(image, x, y, width, height, mask="auto")
        return float(width)
    svg_width, svg_height = _svg.size(logo.data)
    scale = height / svg_height
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(scale, scale)
    # An SVG may draw outside its own box: keep it on the band, clear of the paper's edge.
    box = canvas.beginPath()
    box.rect(0, 0, svg_width, svg_height)
    canvas.clipPath(box, stroke=0, fill=0)
    code = _vector_code(logo.data)
    if code is None:
        from reportlab.graphics import renderPDF

        d = _svg.drawing(logo.data)
        d.initialFontName = fonts.REGULAR.name  # else renderPDF selects an unembedded Helvetica
        renderPDF.draw(d, canvas, 0, 0)
    else:
        canvas._code.extend(code)
    canvas.restoreState()
    return float(svg_width * scale)


def _repeatable(logo: Logo | None) -> bool:
    """Whether a page's furniture is operators alone: an image or a drawing with text adds to
    the page's resources as it is drawn, so it is drawn on each page."""
    return logo is None or (logo.kind != "png" and _vector_code(logo.data) is not None)


@lru_cache(maxsize=4)  # keyed by the bytes, as _svg.drawing
def _vector_code(data: bytes) -> tuple[str, ...] | None:
    """The PDF operators that draw an SVG logo of paths only, rendered once per process: it
    was 1 to 2 ms a page (issue 16). None for a logo with text or images, whose fonts and
    images must be added to each document: that one is drawn on every page."""
    known = _svg.bundled(data)
    return known.code if known is not None else _drawn_code(data)


def _drawn_code(data: bytes) -> tuple[str, ...] | None:
    from reportlab.graphics import renderPDF, shapes

    # Shapes that become PDF operators alone (svglib's own are subclasses of these): no font
    # or image joins the page's resources.
    vector = (shapes.Group, shapes.Path, shapes.Rect, shapes.Circle, shapes.Ellipse,
              shapes.Line, shapes.PolyLine, shapes.Polygon, shapes.Wedge)
    d = _svg.drawing(data)
    stack = [d]
    while stack:
        node = stack.pop()
        if not isinstance(node, vector):
            return None
        stack.extend(getattr(node, "contents", None) or ())
    with metadata.fixed_time():  # a canvas reads SOURCE_DATE_EPOCH
        scratch = Canvas(io.BytesIO())
    d.initialFontName = fonts.REGULAR.name
    start = len(scratch._code)
    renderPDF.draw(d, scratch, 0, 0)
    return tuple(scratch._code[start:])


@lru_cache(maxsize=4)  # keyed by the bytes: decoded once per process, not on every page
def _png(data: bytes) -> Any:
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(data))


def _canvas(layout: Layout, language: str) -> Any:
    def make(*args: Any, **kw: Any) -> TaggedCanvas:
        canvas = TaggedCanvas(*args, root=layout.root, **kw)
        canvas.finishers.append(lambda c: metadata.attach(c, language))
        return canvas

    return make


def geometry(monograph: Monograph, options: Options, layout: Layout) -> Geometry:
    """The page of this leaflet: paper and print size, and a footer with room for the review
    dates (one line or two, as ``layout`` prints them), the address and its QR code when the
    monograph has them."""
    return styles.leaflet_geometry(options.paper, options.large_print, monograph.url,
                                   len(layout.footer.review))


def render(layout: Layout, monograph: Monograph, brand: Brand,
           geometry: Geometry, proof: bool = False) -> tuple[bytes, int]:
    """Lay the story out on pages; returns the finished, tagged PDF/A and its page count.
    A ``proof`` says ``PROOF_MARK`` on every page."""
    fonts.register(fonts.REGULAR)
    fonts.register(fonts.BOLD)
    buffer = io.BytesIO()
    doc = _Leaflet(buffer, monograph, brand, geometry, layout, proof)
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # ASCII85 makes binary streams a quarter larger, for 7-bit mail
    boxes = [f for f in layout.story if isinstance(f, Box) and f.key]  # build empties the story
    try:
        doc.build(layout.story, canvasmaker=_canvas(layout, monograph.language))
    except LayoutError as e:
        # Validation refuses a box taller than a page for the brand it was given; another
        # brand's numbers can still make one.
        _, _, width, height = geometry.frame
        for box in boxes:
            if box.wrap(width, height)[1] > height:
                raise BuildError(f"{box.key}: too long to fit on one page (a box is never "
                                 "split across pages)") from e
        raise BuildError(f"cannot lay the leaflet out: {e}") from e
    finally:
        rl_config.useA85 = a85
    return buffer.getvalue(), doc.page
