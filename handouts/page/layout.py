"""Monograph → the flowables of a leaflet in reading order, each tagged with its structure
element (Document › H1, P, boxes, H2, P…, L › LI › Lbl + LBody, the contact block)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..errors import BuildError
from ..i18n import words
from ..i18n.words import Words
from ..pdf import fonts
from ..pdf.tags import Element
from ..source.model import Brand, BulletList, Monograph, Patient
from ..source.text import escape, markup
from ._flowables import Box as _Box
from ._flowables import BulletItem, KeepWithNext, Rule, Stack, paragraph
from .styles import LARGE, PAPERS, Styles, Type, geometry, leaflet_geometry
from .styles import styles as make_styles


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
    family: fonts.Family  # the faces of that language


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
    build = _Builder(root, brand, styles, w, monograph.language)

    story: list[Flowable] = [
        paragraph(markup(monograph.name, styles.family.bold), styles.title, Element("H1", root),
                  (monograph.name, "title", 0)),
    ]
    if monograph.brand_names:
        names = ", ".join(markup(n, styles.family.regular) for n in monograph.brand_names)
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
        heading = paragraph(markup(title, styles.family.bold), styles.heading,
                            Element("H2", root), (title, f"s{number}", 1))
        body: list[Flowable] = []
        for block in section.blocks:
            if isinstance(block, BulletList):
                body += build.bullets(block.items, Element("L", root))
            else:
                body.append(paragraph(markup(block.text, styles.family.regular), styles.body,
                                      Element("P", root)))
        # The first two: if the first is a line, the second gives the heading its second.
        story += [KeepWithNext(heading, body[:2]), *body[2:]]
    if brand.contact is not None:
        story.append(build.contact(len(monograph.sections) + 1))
    return Layout(story, root, logo, _footer(monograph, root, w, styles.type), w, tagline,
                  styles.family)


@dataclass(frozen=True)
class Overflow:
    """A box taller than a page, by the monograph key it prints, on the paper where it
    overflows most, in large print."""

    key: str
    page_share: float  # its height over the page's text frame's, above 1
    paper: str


def too_tall(monograph: Monograph, brand: Brand,
             patient: Patient | None = None) -> list[Overflow]:
    """The boxes of ``monograph`` that cannot fit on one page on some paper: a box is never
    split, so ReportLab could not place one. Measured as ``flowables`` makes them, with
    ``brand``'s numbers and ``patient``'s clinic phone, in large print only: there every
    size, space and indent is at least as large and the page's text frame smaller (a larger
    band and footer), so a box that fits in large print fits in standard print."""
    w = words.For(monograph.language, brand.catalogues)
    s = make_styles(brand, large_print=True, language=monograph.language)
    build = _Builder(Element("Document"), brand, s, w, monograph.language)
    boxes = []
    if monograph.key_points:
        boxes.append(build.key_points(monograph.key_points))
    if monograph.when_to_get_help:
        boxes.append(build.urgent(monograph.when_to_get_help, patient))
    review = len(_review_lines(monograph, w, s.type))
    worst: dict[str, Overflow] = {}
    for paper in PAPERS:
        _, _, width, height = leaflet_geometry(paper, True, monograph.url, review).frame
        for box in boxes:
            share = box.wrap(width, height)[1] / height
            assert box.key is not None
            if share > 1 and (box.key not in worst or share > worst[box.key].page_share):
                worst[box.key] = Overflow(box.key, share, paper)
    return list(worst.values())


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
    face = fonts.family(monograph.language).regular
    if len(parts) > 1 and fonts.width(line, face, t.footer) > room:
        return tuple(parts)
    return (line,) if line else ()


class _Builder:
    """Makes the parts of a leaflet that are more than a paragraph: bullets, boxes."""

    def __init__(self, root: Element, brand: Brand, styles: Styles, w: Words,
                 language: str) -> None:
        self.root = root
        self.brand = brand
        self.styles = styles
        self.words = w
        self.language = language  # the monograph's: which of the brand's texts it prints
        self.scale = styles.type.body / 12  # boxes and indents grow with large print
        self.family = styles.family

    def label(self, text: str) -> str:
        """``text`` in bold, in a paragraph of regular text: each run in the face that has it."""
        return "".join(f'<font face="{name}">{escape(chunk)}</font>'
                       for name, chunk in fonts.runs(text, self.family.bold))

    def bullets(self, items: tuple[str, ...], parent: Element,
                last_style: ParagraphStyle | None = None) -> list[Flowable]:
        styles = self.styles
        # The bullet in the Latin face in every language: one look, and readers take the gap
        # after it for a space (after a CJK font's bullet Ghostscript ran it into the text).
        marker = (fonts.BOLD.name, styles.bullet.fontSize, HexColor(self.brand.colours.rule))
        out: list[Flowable] = []
        for number, item in enumerate(items, start=1):
            li = Element("LI", parent)
            label = Element("Lbl", li)
            last = number == len(items)
            style = (last_style or styles.last_bullet) if last else styles.bullet
            text = paragraph(markup(item, self.family.regular), style, Element("LBody", li))
            out.append(BulletItem(text, marker, 7 * mm * self.scale, label))
        return out

    def _box(self, content: list[Flowable], background: str, border: str,
             width: float, key: str | None = None) -> _Box:
        box = _Box(content, HexColor(background), HexColor(border), width * self.scale,
                   4 * mm * self.scale, key)
        box.spaceBefore = 2 * self.scale
        box.spaceAfter = 10 * self.scale
        return box

    def key_points(self, items: tuple[str, ...]) -> _Box:
        colours = self.brand.colours
        title = self.words(words.KEY_POINTS)
        heading = paragraph(markup(title, self.family.bold), self.styles.box_heading,
                            Element("H2", self.root), (title, "key_points", 1))
        body = self.bullets(items, Element("L", self.root), self.styles.box_last)
        return self._box([heading, *body], colours.highlight, colours.rule, 1, "key_points")

    def urgent(self, items: tuple[str, ...], patient: Patient | None) -> _Box:
        colours = self.brand.colours
        title = self.words(words.WHEN_TO_GET_HELP)
        heading = paragraph(markup(title, self.family.bold), self.styles.urgent_heading,
                            Element("H2", self.root), (title, "when_to_get_help", 1))
        body = self.bullets(items, Element("L", self.root))
        lines = _calls(self.brand, patient, self.words, self.language)
        # The number to call first in bold; the others, its alternatives, in regular. A line
        # in another language (hours) is its own P, tagged with it.
        call = [paragraph(self.label(line) if i == 0 else markup(line, self.family.regular),
                          self.styles.box_last if i == len(lines) - 1 else self.styles.body,
                          Element("P", self.root, lang=lang))
                for i, (line, lang) in enumerate(lines)]
        return self._box([heading, *body, *call], colours.urgent_background, colours.urgent, 2,
                         "when_to_get_help")

    def patient(self, patient: Patient) -> _Box:
        colours = self.brand.colours
        w = self.words
        rows = [(w(words.PREPARED_FOR), patient.name), (w(words.PRESCRIBER), patient.prescriber),
                (w(words.START_DATE), patient.start_date and w.long_date(patient.start_date)),
                (w(words.CLINIC_PHONE), patient.clinic_phone)]
        given = [(label, value) for label, value in rows if value]
        lines = [paragraph(f"{self.label(label)} {markup(value, self.family.regular)}",
                           self.styles.box_last if i == len(given) - 1 else self.styles.bullet,
                           Element("P", self.root))
                 for i, (label, value) in enumerate(given)]
        return self._box(lines, "#ffffff", colours.rule, 1)

    def contact(self, number: int) -> Stack:
        """The clinic's name, address and numbers, under their own heading, at the end: kept
        whole on one page, each line a paragraph of its own (a P: a screen reader pauses
        after each and can step through them, and each can later carry its own language;
        a list would announce "list of 5 items" for what is an address)."""
        contact = self.brand.contact
        assert contact is not None
        styles = self.styles
        title = self.words(words.CONTACT)
        heading = paragraph(markup(title, self.family.bold), styles.heading,
                            Element("H2", self.root), (title, f"s{number}", 1))
        # Each line with its language where that is not the leaflet's (see _hours).
        lines: list[tuple[str, str | None]] = []
        if contact.name:
            name, lang = contact.name.in_language(self.language)
            lines.append((self.label(name), lang))
        if contact.address:
            address, lang = contact.address.in_language(self.language)
            lines += [(markup(line, self.family.regular), lang) for line in address]
        if contact.phone:
            phone = (f"{self.label(self.words(words.PHONE))} "
                     f"{markup(contact.phone, self.family.regular)}")
            hours = _hours(self.brand, self.language)
            if hours is not None and hours[1] is None:
                phone += f" ({markup(hours[0], self.family.regular)})"
            lines.append((phone, None))
            if hours is not None and hours[1] is not None:
                lines.append((markup(hours[0], self.family.regular), hours[1]))
        if contact.out_of_hours:
            lines.append((f"{self.label(self.words(words.OUT_OF_HOURS))} "
                          f"{markup(contact.out_of_hours, self.family.regular)}", None))
        # One P per line, so that a screen reader steps through them; a line in another
        # language is tagged with it (see _hours). The block is kept whole on one page.
        return Stack([heading, *(paragraph(line, styles.line, Element("P", self.root, lang=lang))
                                 for line, lang in lines)])


def _hours(brand: Brand, language: str) -> tuple[str, str | None] | None:
    """The day number's hours on a leaflet in ``language`` (None: not given), and their
    language when that is another (the brand's own, where the brand file gives none in the
    leaflet's). Such a text is printed as a structure element of its own tagged with its
    language (/Lang), never inside a sentence of the leaflet's, so that a screen reader
    switches voice; so are a name and address in another language."""
    contact = brand.contact
    if contact is None or contact.hours is None:
        return None
    return contact.hours.in_language(language)


def _calls(brand: Brand, patient: Patient | None, w: Words,
           language: str) -> list[tuple[str, str | None]]:
    """Who to call, as the urgent box says it: one number first, to call straight away (the
    patient's own clinic, else the brand's day number), then the others as alternatives.
    Each line with its language where that is not the leaflet's (see _hours)."""
    contact = brand.contact
    day = contact.phone if contact is not None else None
    hours = _hours(brand, language)
    # Hours in the leaflet's language go in the sentence; in another, on a line of their own.
    inline = hours[0] if hours is not None and hours[1] is None else None
    apart = [hours] if hours is not None and hours[1] is not None else []
    lines: list[tuple[str, str | None]]
    if patient is not None and patient.clinic_phone:
        lines = [(w(words.CALL_YOURS, phone=patient.clinic_phone), None)]
        if day and inline:
            lines.append((w(words.CALL_ALSO_DAY_HOURS, phone=day, hours=inline), None))
        elif day:
            lines += [(w(words.CALL_ALSO_DAY, phone=day), None), *apart]
    elif day and inline:
        lines = [(w(words.CALL_DAY_HOURS, phone=day, hours=inline), None)]
    elif day:
        lines = [(w(words.CALL_DAY, phone=day), None), *apart]
    else:
        lines = [(w(words.CALL_NONE), None)]
    if contact is not None and contact.out_of_hours:
        lines.append((w(words.CALL_OUT_OF_HOURS, phone=contact.out_of_hours), None))
    return lines
