"""Page geometry and paragraph styles, derived from the paper size and the brand."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from . import fonts
from .model import Brand

PAPERS = {"a4": A4, "letter": LETTER}

BODY_SIZE = 12  # Clear Print guidance: at least 12 pt
BODY_LEADING = 16.5
FOOTER_SIZE = 11
# Printers cannot print the paper's outer 5 mm: centred in the 20 mm band, a 9 mm logo keeps
# 5.5 mm clear of the top edge (only the band's fill may bleed to the edge).
LOGO_HEIGHT = 9 * mm


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    margin: float = 18 * mm
    band: float = 20 * mm  # height of the header band
    footer: float = 16 * mm  # from the page's foot to the top of the footer rule

    @property
    def frame(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the text frame."""
        top = self.height - self.band - 8 * mm
        bottom = self.footer + 4 * mm
        return self.margin, bottom, self.width - 2 * self.margin, top - bottom


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    brand_names: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    last_bullet: ParagraphStyle  # a paragraph's space after the list, not a bullet's


def geometry(paper: str) -> Geometry:
    width, height = PAPERS[paper]
    return Geometry(width, height)


def styles(brand: Brand) -> Styles:
    text = HexColor(brand.colours.text)
    body = ParagraphStyle(
        "body",
        fontName=fonts.REGULAR.name,
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        textColor=text,
        alignment=TA_LEFT,  # ragged right: even word spacing reads more easily
        spaceAfter=7,
        allowWidows=0,  # never a paragraph's last line alone at the top of a page
        allowOrphans=0,  # nor its first line alone at the foot of one
        hyphenationLang="",  # Clear Print: words are never split across lines
        embeddedHyphenation=0,
        uriWasteReduce=0,
    )
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=fonts.BOLD.name, fontSize=26,
                             leading=31, textColor=HexColor(brand.colours.heading),
                             spaceAfter=6),
        brand_names=ParagraphStyle("brand_names", parent=body, spaceAfter=10),
        heading=ParagraphStyle("heading", parent=body, fontName=fonts.BOLD.name, fontSize=16,
                               leading=20, textColor=HexColor(brand.colours.heading),
                               spaceBefore=10, spaceAfter=4),
        body=body,
        bullet=ParagraphStyle("bullet", parent=body, spaceAfter=2),  # indented by BulletItem
        last_bullet=ParagraphStyle("last_bullet", parent=body),
    )
