"""Monograph → the flowables of a leaflet in reading order, each tagged with its structure
element (Document › H1, P, H2, P…, L › LI › Lbl + LBody)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from . import fonts
from ._flowables import BulletItem, KeepWithNext, Rule, paragraph
from .model import Brand, BulletList, Monograph
from .styles import Styles
from .tags import Element
from .text import escape, markup

BRAND_NAMES_LABEL = "Common brand names:"
BULLET_INDENT = 7 * mm


@dataclass
class Layout:
    story: list[Flowable]
    root: Element  # the Document element
    logo: Element | None  # the Figure the page template draws the logo into


def flowables(monograph: Monograph, brand: Brand, styles: Styles) -> Layout:
    """The leaflet's content; header, footer and page numbers belong to the page template."""
    root = Element("Document")
    # The logo comes first in the reading order, as it does on the page.
    logo = Element("Figure", root, alt=brand.organisation) if brand.logo else None

    story: list[Flowable] = [
        paragraph(markup(monograph.name, fonts.BOLD), styles.title, Element("H1", root),
                  (monograph.name, "title", 0)),
    ]
    if monograph.brand_names:
        names = ", ".join(markup(n, fonts.REGULAR) for n in monograph.brand_names)
        prefix = f'<font face="{fonts.BOLD.name}">{escape(BRAND_NAMES_LABEL)}</font>'
        story.append(paragraph(f"{prefix} {names}", styles.brand_names, Element("P", root)))
    story.append(Rule(width="100%", thickness=1.5, color=HexColor(brand.colours.rule),
                      spaceBefore=2, spaceAfter=6))

    marker = (fonts.BOLD.name, styles.bullet.fontSize, HexColor(brand.colours.rule))
    for number, section in enumerate(monograph.sections, start=1):
        heading = paragraph(markup(section.heading, fonts.BOLD), styles.heading,
                            Element("H2", root), (section.heading, f"s{number}", 1))
        body: list[Flowable] = []
        for block in section.blocks:
            if isinstance(block, BulletList):
                items = Element("L", root)
                for number_in_list, item in enumerate(block.items, start=1):
                    li = Element("LI", items)
                    label = Element("Lbl", li)
                    last = number_in_list == len(block.items)
                    item_text = paragraph(markup(item, fonts.REGULAR),
                                          styles.last_bullet if last else styles.bullet,
                                          Element("LBody", li))
                    body.append(BulletItem(item_text, marker, BULLET_INDENT, label))
            else:
                body.append(paragraph(markup(block.text, fonts.REGULAR), styles.body,
                                      Element("P", root)))
        story += [KeepWithNext(heading, body[0]), *body[1:]]
    return Layout(story, root, logo)
