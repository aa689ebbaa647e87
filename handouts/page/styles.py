"""Page geometry and paragraph styles, derived from the paper size, the print size and the
brand."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from ..pdf import fonts
from ..source.model import Brand
from . import _qr

PAPERS = {"a4": A4, "letter": LETTER}
# Printers cannot print the paper's outer 5 mm: centred in the band, a 9 mm logo keeps clear of
# the top edge (only the band's fill may bleed to the edge).
LOGO_HEIGHT = 9 * mm
# A wider logo would leave too little of the band for the organisation's and the drug's names.
MAX_ASPECT = 6
EDGE = 5 * mm  # nothing but the band's fill comes nearer the paper's edge
# The QR code's smallest module: zbar misses some codes of 0.5 mm modules on a page rendered
# at 200 dpi and blurred by a pixel (an office printer); a long address makes the code larger.
QR_MODULE = 0.55 * mm


@dataclass(frozen=True)
class Type:
    """The type sizes of one print size, in points."""

    body: float
    leading: float
    title: float
    title_leading: float
    heading: float
    heading_leading: float
    footer: float  # footer lines: tagline, page number, review dates, address
    band_max: float  # the header band's names, shrunk from band_max to band_min to fit
    band_min: float
    band_lines: int  # at most, for a name wrapped in the band
    band: float  # the band's height
    qr: float  # the QR code's least side, without its quiet zone


# Clear Print guidance (RNIB): at least 12 pt for standard print.
STANDARD = Type(body=12, leading=16.5, title=26, title_leading=31, heading=16,
                heading_leading=20, footer=11, band_max=15, band_min=9, band_lines=2,
                band=20 * mm, qr=20 * mm)
# RNIB: large print is 16 pt or more; nothing here is below 14 pt.
LARGE = Type(body=16, leading=23, title=32, title_leading=38, heading=20, heading_leading=25,
             footer=14, band_max=18, band_min=14, band_lines=3, band=28 * mm, qr=24 * mm)
TYPES = (STANDARD, LARGE)
# Chinese and Korean at the sizes above: a character fills its em square where a Latin
# lower-case letter fills half of it, so the same point size reads as large, but lines of such
# dense, even text need more space between them (Chinese and Korean typesetting sets body text
# at 1.5 to 1.8 times its size; the Latin sizes above are about 1.4). Titles and headings too.
IDEOGRAPHIC = frozenset({"Hans", "Hant", "Kore"})
_CJK_LEADING = 1.6


def type_for(large_print: bool, family: fonts.Family) -> Type:
    """The type sizes of a print size, for a leaflet printed in ``family``."""
    t = LARGE if large_print else STANDARD
    if family.script not in IDEOGRAPHIC:
        return t
    return dataclasses.replace(t, leading=t.body * _CJK_LEADING,
                               heading_leading=max(t.heading_leading, t.heading * 1.4),
                               title_leading=max(t.title_leading, t.title * 1.3))

BODY_SIZE = STANDARD.body  # the binder's front matter
FOOTER_SIZE = STANDARD.footer


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    type: Type = STANDARD
    footer_lines: int = 1  # tagline and page number; review dates; the address (two lines)
    qr: int = 0  # modules on a side of the QR code at the footer's right on page 1; 0: none
    margin: float = 18 * mm

    @property
    def band(self) -> float:
        """The header band's height."""
        return self.type.band

    @property
    def footer_leading(self) -> float:
        return self.type.footer * 1.25

    @property
    def qr_side(self) -> float:
        """The QR code's side, dark modules only: the print size's, or more for modules of at
        least QR_MODULE."""
        return float(max(self.type.qr, self.qr * QR_MODULE)) if self.qr else 0.0

    @property
    def qr_quiet(self) -> float:
        """The white around the QR code: 4 modules. The code lines up with the text's right
        edge; its quiet zone reaches into the margin there, and keeps the footer's text and
        rule away on the other sides."""
        return self.qr_side * _qr.QUIET / self.qr if self.qr else 0.0

    @property
    def footer(self) -> float:
        """From the page's foot to the footer rule: the last footer line's baseline stays 10 mm
        up, clear of the edge, and the QR code with its quiet zone (from 6 mm up) fits under
        the rule."""
        lines = self.footer_baseline(0) + 6 * mm * self.type.footer / 11
        qr = 6 * mm + self.qr_side + 2 * self.qr_quiet + 2 * mm
        return float(max(lines, qr) if self.qr else lines)

    def footer_baseline(self, line: int) -> float:
        """The baseline of footer line ``line`` (0: the tagline and page number)."""
        return float(10 * mm + (self.footer_lines - 1 - line) * self.footer_leading)

    @property
    def footer_width(self) -> float:
        """The width for footer text: the line, less the QR code's room on page 1."""
        room = self.qr_side + self.qr_quiet + 2 * mm if self.qr else 0  # 2 mm past its quiet zone
        return float(self.width - 2 * self.margin - room)

    @property
    def frame(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the text frame."""
        top = self.height - self.band - 8 * mm
        bottom = self.footer + 4 * mm
        return self.margin, bottom, self.width - 2 * self.margin, top - bottom


@dataclass(frozen=True)
class Styles:
    type: Type
    title: ParagraphStyle
    brand_names: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    last_bullet: ParagraphStyle  # a paragraph's space after the list, not a bullet's
    box_heading: ParagraphStyle  # inside the key points and urgent boxes
    urgent_heading: ParagraphStyle
    box_last: ParagraphStyle  # the last paragraph of a box: no space after it
    line: ParagraphStyle  # a line of the contact block, a paragraph of its own: no space after
    family: fonts.Family  # the faces of the leaflet's language


def geometry(paper: str, large_print: bool = False, footer_lines: int = 1,
             url: str | None = None) -> Geometry:
    """The page of ``paper``; with ``url``, page 1 has its QR code in the footer."""
    width, height = PAPERS[paper]
    return Geometry(width, height, LARGE if large_print else STANDARD, footer_lines,
                    _qr.count(url) if url else 0)


def leaflet_geometry(paper: str, large_print: bool, url: str | None,
                     review_lines: int) -> Geometry:
    """The page of a leaflet: a footer with room for its review dates (``review_lines`` of
    them), its address and the address's QR code, when it has them."""
    g = geometry(paper, large_print, url=url)
    lines = 1 + review_lines + (len(url_lines(url, g) or ()) if url is not None else 0)
    return dataclasses.replace(g, footer_lines=lines)


# Once a process per brand, print size and language: a batch's leaflets share them, and the
# fragments made for each style (_frags) with them. Nothing changes a style once made.
@functools.lru_cache(maxsize=64)
def styles(brand: Brand, large_print: bool = False, language: str = "en") -> Styles:
    family = fonts.family(language)
    t = type_for(large_print, family)
    text = HexColor(brand.colours.text)
    body = ParagraphStyle(
        "body",
        fontName=family.regular.name,
        fontSize=t.body,
        leading=t.leading,
        textColor=text,
        alignment=TA_LEFT,  # ragged right: even word spacing reads more easily
        spaceAfter=t.body * 7 / 12,
        allowWidows=0,  # never a paragraph's last line alone at the top of a page
        allowOrphans=0,  # nor its first line alone at the foot of one
        hyphenationLang="",  # Clear Print: words are never split across lines
        embeddedHyphenation=0,
        uriWasteReduce=0,
        # Chinese is written without spaces: lines break between characters (_linebreak).
        wordWrap="CJK" if family.script in ("Hans", "Hant") else None,
    )
    heading = ParagraphStyle("heading", parent=body, fontName=family.bold.name,
                             fontSize=t.heading, leading=t.heading_leading,
                             textColor=HexColor(brand.colours.heading),
                             spaceBefore=t.heading * 0.625, spaceAfter=t.heading * 0.25)
    return Styles(
        type=t,
        title=ParagraphStyle("title", parent=body, fontName=family.bold.name, fontSize=t.title,
                             leading=t.title_leading, textColor=HexColor(brand.colours.heading),
                             spaceAfter=6),
        brand_names=ParagraphStyle("brand_names", parent=body, spaceAfter=t.body * 10 / 12),
        heading=heading,
        body=body,
        bullet=ParagraphStyle("bullet", parent=body, spaceAfter=2),  # indented by BulletItem
        last_bullet=ParagraphStyle("last_bullet", parent=body),
        box_heading=ParagraphStyle("box_heading", parent=heading, spaceBefore=0),
        urgent_heading=ParagraphStyle("urgent_heading", parent=heading, spaceBefore=0,
                                      textColor=HexColor(brand.colours.urgent)),
        box_last=ParagraphStyle("box_last", parent=body, spaceAfter=0),
        line=ParagraphStyle("line", parent=body, spaceAfter=0),
        family=family,
    )


def url_lines(url: str, g: Geometry) -> list[str] | None:
    """The address as the footer prints it: one line, or two broken after a "/" or other
    separator (a URL has no spaces; the QR code carries it whole). None if it does not fit."""
    size, width = g.type.footer, g.footer_width
    if fonts.width(url, fonts.REGULAR, size) <= width:
        return [url]
    for cut in range(len(url) - 1, 0, -1):
        if url[cut - 1] in "/-._?&=" and fonts.width(url[:cut], fonts.REGULAR, size) <= width:
            return [url[:cut], url[cut:]] if fonts.width(url[cut:], fonts.REGULAR,
                                                         size) <= width else None
    return None
