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
from .errors import BuildError
from .model import Brand, BulletList, Monograph, Patient
from .styles import LARGE, PAPERS, Styles, Type, geometry
from .tags import Element
from .text import escape, markup
from .words import Words


@dataclass
class Footer:
    """What the footer prints as content on page 1 (on later pages it repeats as page
    furniture): the review dates, the address, and its QR code."""

    review: tuple[str, ...]  # its lines: () when the monograph has no dates
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
    words: Words  # the leaflet's language: the page template's words come from it too
    tagline: str  # the brand's, in that language


def flowables(monograph: Monograph, brand: Brand, styles: Styles,
              patient: Patient | None = None) -> Layout:
    """The leaflet's content; header, footer and page numbers belong to the page template.
    Every word handouts adds is in the monograph's language (validation made sure that its
    catalogue and the brand's tagline exist)."""
    w = words.For(monograph.language, brand.catalogues)
    tagline = brand.tagline_for(monograph.language)
    if tagline is None:
        raise BuildError(f"the brand has no tagline in {monograph.language!r}")
    root = Element("Document")
    # The logo comes first in the reading order, as it does on the page.
    logo = Element("Figure", root, alt=brand.organisation) if brand.logo else None
    build = _Builder(root, brand, styles, w)

    story: list[Flowable] = [
        paragraph(markup(monograph.name, fonts.BOLD), styles.title, Element("H1", root),
                  (monograph.name, "title", 0)),
    ]
    if monograph.brand_names:
        names = ", ".join(markup(n, fonts.REGULAR) for n in monograph.brand_names)
        story.append(paragraph(f"{build.label(w(words.BRAND_NAMES))} {names}", styles.brand_names,
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
        title = w(section.heading)
        heading = paragraph(markup(title, fonts.BOLD), styles.heading,
                            Element("H2", root), (title, f"s{number}", 1))
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
    return Layout(story, root, logo, _footer(monograph, root, w, styles.type), w, tagline)


def _footer(monograph: Monograph, root: Element, w: Words, t: Type) -> Footer:
    # Last in the reading order, as they are last on page 1.
    review = _review_lines(monograph, w, t)
    return Footer(
        review=review,
        review_element=Element("P", root) if review else None,
        url=monograph.url,
        url_element=Element("P", root) if monograph.url else None,
        qr=Element("Figure", root, alt=w(words.QR_ALT, url=monograph.url))
        if monograph.url else None)


def _review_lines(monograph: Monograph, w: Words, t: Type) -> tuple[str, ...]:
    """"Reviewed 1 March 2025 · Next review 1 March 2027", or as much of it as is known; on
    two lines when one is too narrow for it beside the address's QR code, if it has one, on
    either paper (Spanish dates in large print are)."""
    parts = []
    if monograph.reviewed:
        parts.append(w(words.REVIEWED, date=w.long_date(monograph.reviewed)))
    if monograph.next_review:
        parts.append(w(words.NEXT_REVIEW, date=w.long_date(monograph.next_review)))
    line = " \u00b7 ".join(parts)
    room = min(geometry(paper, t is LARGE, url=monograph.url).footer_width
               for paper in PAPERS)
    if len(parts) > 1 and fonts.width(line, fonts.REGULAR, t.footer) > room:
        return tuple(parts)
    return (line,) if line else ()


class _Builder:
    """Makes the parts of a leaflet that are more than a paragraph: bullets, boxes."""

    def __init__(self, root: Element, brand: Brand, styles: Styles, w: Words) -> None:
        self.root = root
        self.brand = brand
        self.styles = styles
        self.words = w
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
        title = self.words(words.KEY_POINTS)
        heading = paragraph(markup(title, fonts.BOLD), self.styles.box_heading,
                            Element("H2", self.root), (title, "key_points", 1))
        body = self.bullets(items, Element("L", self.root), self.styles.box_last)
        return self._box([KeepWithNext(heading, body[0]), *body[1:]], colours.highlight,
                         colours.rule, 1)

    def urgent(self, items: tuple[str, ...], patient: Patient | None) -> _Box:
        colours = self.brand.colours
        title = self.words(words.WHEN_TO_GET_HELP)
        heading = paragraph(markup(title, fonts.BOLD), self.styles.urgent_heading,
                            Element("H2", self.root), (title, "when_to_get_help", 1))
        body = self.bullets(items, Element("L", self.root))
        call = [paragraph(self.label(line), self.styles.box_last if i == len(lines) - 1
                          else self.styles.body, Element("P", self.root))
                for lines in [_calls(self.brand, patient, self.words)]
                for i, line in enumerate(lines)]
        return self._box([KeepWithNext(heading, body[0]), *body[1:], *call],
                         colours.urgent_background, colours.urgent, 2)

    def patient(self, patient: Patient) -> _Box:
        colours = self.brand.colours
        w = self.words
        rows = [(w(words.PREPARED_FOR), patient.name), (w(words.PRESCRIBER), patient.prescriber),
                (w(words.START_DATE), patient.start_date and w.long_date(patient.start_date)),
                (w(words.CLINIC_PHONE), patient.clinic_phone)]
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
        title = self.words(words.CONTACT)
        heading = paragraph(markup(title, fonts.BOLD), styles.heading,
                            Element("H2", self.root), (title, f"s{number}", 1))
        lines = []
        if contact.name:
            lines.append(self.label(contact.name))
        lines += [markup(line, fonts.REGULAR) for line in contact.address]
        if contact.phone:
            hours = f" ({markup(contact.hours, fonts.REGULAR)})" if contact.hours else ""
            lines.append(f"{self.label(self.words(words.PHONE))} "
                         f"{markup(contact.phone, fonts.REGULAR)}"
                         + hours)
        if contact.out_of_hours:
            lines.append(f"{self.label(self.words(words.OUT_OF_HOURS))} "
                         f"{markup(contact.out_of_hours, fonts.REGULAR)}")
        # One paragraph, its lines kept: an address reads as one block.
        block = paragraph("<br/>".join(lines), styles.body, Element("P", self.root))
        return [KeepWithNext(heading, block)]


def _calls(brand: Brand, patient: Patient | None, w: Words) -> list[str]:
    """Who to call, as the urgent box says it: the patient's own clinic first."""
    contact = brand.contact
    lines = []
    if patient is not None and patient.clinic_phone:
        lines.append(w(words.CALL_YOURS, phone=patient.clinic_phone))
    if contact is not None and contact.phone:
        if contact.hours:
            lines.append(w(words.CALL_DAY_HOURS, phone=contact.phone, hours=contact.hours))
        else:
            lines.append(w(words.CALL_DAY, phone=contact.phone))
    if contact is not None and contact.out_of_hours:
        lines.append(w(words.CALL_OUT_OF_HOURS, phone=contact.out_of_hours))
    return lines or [w(words.CALL_NONE)]
