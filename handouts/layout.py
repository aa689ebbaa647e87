"""Monograph → the flowables of a leaflet, in reading order."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus.flowables import HRFlowable

from . import fonts
from ._flowables import BulletItem, KeepWithNext, paragraph
from .model import Brand, BulletList, Monograph
from .styles import Styles
from .text import escape, markup

BRAND_NAMES_LABEL = "Common brand names:"


def flowables(monograph: Monograph, brand: Brand, styles: Styles) -> list[Flowable]:
    """The leaflet's content; header, footer and page numbers belong to the page template."""
    story: list[Flowable] = [
        paragraph(markup(monograph.name, fonts.BOLD), styles.title, "H1",
                  (monograph.name, "title", 0)),
    ]
    if monograph.brand_names:
        names = ", ".join(markup(n, fonts.REGULAR) for n in monograph.brand_names)
        label = f'<font face="{fonts.BOLD.name}">{escape(BRAND_NAMES_LABEL)}</font>'
        story.append(paragraph(f"{label} {names}", styles.brand_names))
    story.append(HRFlowable(width="100%", thickness=1.5, color=HexColor(brand.colours.rule),
                            spaceBefore=2, spaceAfter=6))

    marker = (fonts.BOLD.name, styles.bullet.fontSize, HexColor(brand.colours.rule))
    for number, section in enumerate(monograph.sections, start=1):
        body: list[Flowable] = []
        for block in section.blocks:
            if isinstance(block, BulletList):
                body += [BulletItem(paragraph(markup(item, fonts.REGULAR), styles.bullet, "LBody"),
                                    marker, 7 * mm) for item in block.items]
            else:
                body.append(paragraph(markup(block.text, fonts.REGULAR), styles.body))
        heading = paragraph(markup(section.heading, fonts.BOLD), styles.heading, "H2",
                            (section.heading, f"s{number}", 1))
        story += [KeepWithNext(heading, body[0]), *body[1:]]
    return story
