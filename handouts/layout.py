"""Monograph → the flowables of a leaflet in reading order, each tagged with its structure
element (Document › H1, P, boxes, H2, P…, L › LI › Lbl + LBody, the contact block)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from . import fonts, words
from ._flowables import Box as _Box
from ._flowables import BulletItem, KeepWithNext, Rule, paragraph
from .model import Brand, BulletList, Monograph, Patient
from .styles import Styles
from .tags import Element
from .text import escape, markup


@dataclass
class Footer:
    """What the footer prints as content on page 1 (on later pages it repeats as page
    furniture): the review dates, the address, and its QR code."""

    review: str  # "" when the monograph has no dates
    review_element: Element | None
    url: str | None
    url_element: Element | None
    qr: Element | None  # a Figure


@dataclass
class Layout:
    story: list[Flowable]
    root: Element  # the Document element
    logo: Element | None  # the Figure the page template draws the logo into
    footer: Footer


def flowables(monograph: Monograph, brand: Brand, styles: Styles,
              patient: Patient | None = None) -> Layout:
    """The leaflet's content; header, footer and page numbers belong to the page template."""
    root = Element("Document")
    # The logo comes first in the reading order, as it does on the page.
    logo = Element("Figure", root, alt=brand.organisation) if brand.logo else None
    build = _Builder(root, brand, styles)

    story: list[Flowable] = [
        paragraph(markup(monograph.name, fonts.BOLD), styles.title, Element("H1", root),
                  (monograph.name, "title", 0)),
    ]
    if monograph.brand_names:
        names = ", ".join(markup(n, fonts.REGULAR) for n in monograph.brand_names)
        story.append(paragraph(f"{build.label(words.BRAND_NAMES)} {names}", styles.brand_names,
                               Element("P", root)))
    story.append(Rule(width="100%", thickness=1.5, color=HexColor(brand.colours.rule),
                      spaceBefore=2, spaceAfter=6))
    if patient is not None:
        story.append(build.patient(patient))
    if monograph.key_points:
        story.append(build.key_points(monograph.key_points))
    if monograph.when_to_get_help:
        story.append(build.urgent(monograph.when_to_get_help, patient))

    for number, section in enumerate(monograph.sections, start=1):
        heading = paragraph(markup(section.heading, fonts.BOLD), styles.heading,
                            Element("H2", root), (section.heading, f"s{number}", 1))
        body: list[Flowable] = []
        for block in section.blocks:
            if isinstance(block, BulletList):
                body += build.bullets(block.items, Element("L", root))
            else:
                body.append(paragraph(markup(block.text, fonts.REGULAR), styles.body,
                                      Element("P", root)))
        story += [KeepWithNext(heading, body[0]), *body[1:]]
    if brand.contact is not None:
        story += build.contact(len(monograph.sections) + 1)
    return Layout(story, root, logo, _footer(monograph, root))


def _footer(monograph: Monograph, root: Element) -> Footer:
    # Last in the reading order, as they are last on page 1.
    review = review_line(monograph)
    return Footer(
        review=review,
        review_element=Element("P", root) if review else None,
        url=monograph.url,
        url_element=Element("P", root) if monograph.url else None,
        qr=Element("Figure", root, alt=words.QR_ALT.format(url=monograph.url))
        if monograph.url else None)


def review_line(monograph: Monograph) -> str:
    """"Reviewed 1 March 2025 · Next review 1 March 2027", or as much of it as is known."""
    parts = []
    if monograph.reviewed:
        parts.append(words.REVIEWED.format(date=words.long_date(monograph.reviewed)))
    if monograph.next_review:
        parts.append(words.NEXT_REVIEW.format(date=words.long_date(monograph.next_review)))
    return " \u00b7 ".join(parts)


class _Builder:
    """Makes the parts of a leaflet that are more than a paragraph: bullets, boxes."""

    def __init__(self, root: Element, brand: Brand, styles: Styles) -> None:
        self.root = root
        self.brand = brand
        self.styles = styles
        self.scale = styles.type.body / 12  # boxes and indents grow with large print

    def label(self, text: str) -> str:
        """``text`` in bold, in a paragraph of regular text: each run in the face that has it."""
        return "".join(f'<font face="{name}">{escape(chunk)}</font>'
                       for name, chunk in fonts.runs(text, fonts.BOLD))

    def bullets(self, items: tuple[str, ...], parent: Element,
                last_style: ParagraphStyle | None = None) -> list[Flowable]:
        styles = self.styles
        marker = (fonts.BOLD.name, styles.bullet.fontSize, HexColor(self.brand.colours.rule))
        out: list[Flowable] = []
        for number, item in enumerate(items, start=1):
            li = Element("LI", parent)
            label = Element("Lbl", li)
            last = number == len(items)
            style = (last_style or styles.last_bullet) if last else styles.bullet
            text = paragraph(markup(item, fonts.REGULAR), style, Element("LBody", li))
            out.append(BulletItem(text, marker, 7 * mm * self.scale, label))
        return out

    def _box(self, content: list[Flowable], background: str, border: str,
             width: float) -> _Box:
        box = _Box(content, HexColor(background), HexColor(border), width * self.scale,
                   4 * mm * self.scale)
        box.spaceBefore = 2 * self.scale
        box.spaceAfter = 10 * self.scale
        return box

    def key_points(self, items: tuple[str, ...]) -> _Box:
        colours = self.brand.colours
        heading = paragraph(markup(words.KEY_POINTS, fonts.BOLD), self.styles.box_heading,
                            Element("H2", self.root), (words.KEY_POINTS, "key_points", 1))
        body = self.bullets(items, Element("L", self.root), self.styles.box_last)
        return self._box([KeepWithNext(heading, body[0]), *body[1:]], colours.highlight,
                         colours.rule, 1)

    def urgent(self, items: tuple[str, ...], patient: Patient | None) -> _Box:
        colours = self.brand.colours
        heading = paragraph(markup(words.WHEN_TO_GET_HELP, fonts.BOLD),
                            self.styles.urgent_heading, Element("H2", self.root),
                            (words.WHEN_TO_GET_HELP, "when_to_get_help", 1))
        body = self.bullets(items, Element("L", self.root))
        call = [paragraph(self.label(line), self.styles.box_last if i == len(lines) - 1
                          else self.styles.body, Element("P", self.root))
                for lines in [_calls(self.brand, patient)] for i, line in enumerate(lines)]
        return self._box([KeepWithNext(heading, body[0]), *body[1:], *call],
                         colours.urgent_background, colours.urgent, 2)

    def patient(self, patient: Patient) -> _Box:
        colours = self.brand.colours
        rows = [(words.PREPARED_FOR, patient.name), (words.PRESCRIBER, patient.prescriber),
                (words.START_DATE, patient.start_date and words.long_date(patient.start_date)),
                (words.CLINIC_PHONE, patient.clinic_phone)]
        given = [(label, value) for label, value in rows if value]
        lines = [paragraph(f"{self.label(label)} {markup(value, fonts.REGULAR)}",
                           self.styles.box_last if i == len(given) - 1 else self.styles.bullet,
                           Element("P", self.root))
                 for i, (label, value) in enumerate(given)]
        return self._box(lines, "#ffffff", colours.rule, 1)

    def contact(self, number: int) -> list[Flowable]:
        """The clinic's name, address and numbers, under their own heading, at the end."""
        contact = self.brand.contact
        assert contact is not None
        styles = self.styles
        heading = paragraph(markup(words.CONTACT, fonts.BOLD), styles.heading,
                            Element("H2", self.root), (words.CONTACT, f"s{number}", 1))
        lines = []
        if contact.name:
            lines.append(self.label(contact.name))
        lines += [markup(line, fonts.REGULAR) for line in contact.address]
        if contact.phone:
            hours = f" ({markup(contact.hours, fonts.REGULAR)})" if contact.hours else ""
            lines.append(f"{self.label(words.PHONE)} {markup(contact.phone, fonts.REGULAR)}"
                         + hours)
        if contact.out_of_hours:
            lines.append(f"{self.label(words.OUT_OF_HOURS)} "
                         f"{markup(contact.out_of_hours, fonts.REGULAR)}")
        # One paragraph, its lines kept: an address reads as one block.
        block = paragraph("<br/>".join(lines), styles.body, Element("P", self.root))
        return [KeepWithNext(heading, block)]


def _calls(brand: Brand, patient: Patient | None) -> list[str]:
    """Who to call, as the urgent box says it: the patient's own clinic first."""
    contact = brand.contact
    lines = []
    if patient is not None and patient.clinic_phone:
        lines.append(words.CALL_YOURS.format(phone=patient.clinic_phone))
    if contact is not None and contact.phone:
        template = words.CALL_DAY_HOURS if contact.hours else words.CALL_DAY
        lines.append(template.format(phone=contact.phone, hours=contact.hours))
    if contact is not None and contact.out_of_hours:
        lines.append(words.CALL_OUT_OF_HOURS.format(phone=contact.out_of_hours))
    return lines or [words.CALL_NONE]
