"""The binder's own pages: a cover and the table of contents, tagged like the leaflets."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm

from ..errors import BuildError
from ..i18n import words
from ..page import _band
from ..page.cover import CONTENTS_SIZE, TITLE_SIZE, title_lines
from ..page.render import draw_furniture, draw_text, text_width
from ..page.styles import BODY_SIZE, Geometry, geometry
from ..pdf import fonts
from ..pdf.tags import Element, TaggedCanvas
from ..source.model import Brand

_LEADING = 20  # contents lines: 12 pt text, a generous line for readers with low vision
_HEADING = 48  # room taken by "Contents" on the first contents page
_NO_BORDER: list[Any] = [0, 0, 0]


@dataclass(frozen=True)
class Entry:
    """A drug's line of the contents: its title, in its leaflet's language ("": the binder's
    own), and the page its leaflet starts on."""

    title: str
    page: int
    language: str = ""


@dataclass(frozen=True)
class FrontMatter:
    pdf: bytes
    pages: int
    # Where each contents entry was drawn, in order: page (0-based) and x0, y0, x1, y1.
    entries: tuple[tuple[int, tuple[float, float, float, float]], ...]


def _lines_per_page(g: Geometry) -> tuple[int, int]:
    """Contents lines on the first contents page (under its heading) and on the others."""
    height = g.frame[3]
    return int((height - _HEADING) // _LEADING), int(height // _LEADING)


def _name_room(g: Geometry) -> float:
    """The width for a drug's name: the line, less room for a page number and a gap."""
    return float(g.width - 2 * g.margin - text_width("99999", fonts.REGULAR, BODY_SIZE) - 4 * mm)


def _face(entry: Entry) -> fonts.Face:
    """A title in its leaflet's faces: a Chinese one in Taiwan's glyph forms for zh-Hant."""
    return fonts.family(entry.language).regular if entry.language else fonts.REGULAR


def _name_lines(entry: Entry, g: Geometry) -> list[str]:
    """A drug's name in the lines of its contents entry: whole words, never shortened."""
    name = entry.title
    lines = _band.wrap(name, _face(entry), BODY_SIZE, _name_room(g))
    if lines is None:  # a word wider than the line; validation's header check rules it out
        raise BuildError(f"the name {name!r} does not fit a line of the contents")
    return lines


def _pages(entries: Sequence[Entry], g: Geometry) -> list[list[tuple[int, list[str]]]]:
    """The contents, page by page: each entry's index and the lines of its name; an entry is
    never split across pages."""
    first, other = _lines_per_page(g)
    pages: list[list[tuple[int, list[str]]]] = [[]]
    room = first
    for index, entry in enumerate(entries):
        lines = _name_lines(entry, g)
        if len(lines) > room and pages[-1]:
            pages.append([])
            room = other
        pages[-1].append((index, lines))
        room -= len(lines)
    return pages


def contents_pages(entries: Sequence[Entry], paper: str) -> int:
    """How many pages the contents of these drugs take."""
    return len(_pages(entries, geometry(paper)))


def render(entries: Sequence[Entry], brand: Brand, paper: str,
           date: datetime.date) -> FrontMatter:
    """The cover (title, organisation, date, number of leaflets) and the contents: each
    drug's name and the page its leaflet starts on, counting the cover as page 1; in the
    brand's language."""
    fonts.register(fonts.REGULAR)
    fonts.register(fonts.BOLD)
    g = geometry(paper)
    w = words.For(brand.language, brand.catalogues)
    family = fonts.family(brand.language)
    fonts.register(family.regular)
    fonts.register(family.bold)
    root = Element("Document")
    buffer = io.BytesIO()
    canvas = TaggedCanvas(buffer, pagesize=(g.width, g.height), root=root, invariant=1,
                          pageCompression=1, initialFontName=fonts.REGULAR.name,
                          initialFontSize=BODY_SIZE, lang=brand.language)
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # as for leaflets: binary streams, a quarter smaller
    drawn: list[tuple[int, tuple[float, float, float, float]]] = []
    try:
        _cover(canvas, g, brand, root, len(entries), date, w, paper, family)
        pages = 1 + _contents(canvas, g, brand, root, entries, drawn, w, family)
        canvas.save()
    finally:
        rl_config.useA85 = a85
    return FrontMatter(buffer.getvalue(), pages, tuple(drawn))


def _tagged_text(canvas: TaggedCanvas, element: Element, x: float, y: float, text: str,
                 face: fonts.Face, size: float) -> float:
    canvas.begin_tag(element)
    width = draw_text(canvas, x, y, text, face, size)
    canvas.end_marked()
    return width


def _cover(canvas: TaggedCanvas, g: Geometry, brand: Brand, root: Element, count: int,
           date: datetime.date, w: words.Words, paper: str, family: fonts.Family) -> None:
    draw_furniture(canvas, g, brand, face=family.bold)
    x, top = g.margin, g.height - g.band - 45 * mm
    canvas.setFillColor(HexColor(brand.colours.heading))
    title = title_lines(w(words.BINDER_TITLE), paper, family.bold)
    if title is None:  # the brand's validation checks the title of its language
        raise BuildError("the binder's title does not fit the page")
    # One heading, however many lines a translation takes.
    heading = Element("H1", root)
    canvas.begin_tag(heading)
    for i, line in enumerate(title):
        draw_text(canvas, x, top - i * TITLE_SIZE * 1.2, line + (" " if i + 1 < len(title)
                                                                  else ""),
                  family.bold, TITLE_SIZE)
    canvas.end_marked()
    top -= (len(title) - 1) * TITLE_SIZE * 1.2
    canvas.setFillColor(HexColor(brand.colours.text))
    lines = (brand.organisation, w.plural(words.MEDICINES, count),
             w(words.BUILT_ON, date=w.long_date(date)))
    for i, line in enumerate(lines):
        _tagged_text(canvas, Element("P", root), x, top - 20 * mm - i * 10 * mm, line,
                     family.regular, 16)
    canvas.showPage()


def _contents(canvas: TaggedCanvas, g: Geometry, brand: Brand, root: Element,
              entries: Sequence[Entry],
              drawn: list[tuple[int, tuple[float, float, float, float]]],
              w: words.Words, family: fonts.Family) -> int:
    """Draw the contents; returns its number of pages."""
    x, top = g.margin, g.height - g.band - 8 * mm
    right = g.width - g.margin
    toc = Element("TOC", root)
    pages = _pages(entries, g)
    for number, page in enumerate(pages):
        draw_furniture(canvas, g, brand, face=family.bold)
        y = top - BODY_SIZE
        if number == 0:
            canvas.setFillColor(HexColor(brand.colours.heading))
            # The heading precedes the TOC in reading order: insert it before the TOC element.
            heading = Element("H1")
            heading.parent = root
            root.kids.insert(root.kids.index(toc), heading)
            _tagged_text(canvas, heading, x, top - CONTENTS_SIZE, w(words.CONTENTS), family.bold,
                         CONTENTS_SIZE)
            y -= _HEADING
        canvas.setFillColor(HexColor(brand.colours.text))
        for index, lines in page:
            entry = entries[index]
            # A title in another language than the binder's says so, for a screen reader's voice.
            other = entry.language if entry.language not in ("", brand.language) else None
            _entry(canvas, Element("TOCI", toc, lang=other), x, y, right, lines, entry)
            # The whole entry is the link: from the name to the page number.
            bottom = y - (len(lines) - 1) * _LEADING
            drawn.append((number + 1, (x, bottom - 0.3 * _LEADING, right, y + 0.7 * _LEADING)))
            y = bottom - _LEADING
        canvas.showPage()
    return len(pages)


def _entry(canvas: TaggedCanvas, item: Element, x: float, y: float, right: float,
           lines: list[str], entry: Entry) -> None:
    """One entry: the name's lines, then the page number on the last line's right."""
    canvas.begin_tag(item)
    width = 0.0  # of the last line, where the leaders start
    for i, line in enumerate(lines):
        width = draw_text(canvas, x, y - i * _LEADING, line + " ", _face(entry), BODY_SIZE)
    number = str(entry.page)
    number_x = right - text_width(number, fonts.REGULAR, BODY_SIZE)
    y_last = y - (len(lines) - 1) * _LEADING
    draw_text(canvas, number_x, y_last, number, fonts.REGULAR, BODY_SIZE)
    canvas.end_marked()
    # Dot leaders guide the eye from name to number; they are decoration.
    canvas.begin_artifact("Layout")
    dot = text_width(". ", fonts.REGULAR, BODY_SIZE)
    start = x + width + 2 * mm
    count = int((number_x - 2 * mm - start) // dot)
    if count > 0:
        draw_text(canvas, number_x - 2 * mm - count * dot, y_last, ". " * count, fonts.REGULAR,
                  BODY_SIZE)
    canvas.end_marked()


def link(pdf: pikepdf.Pdf, front: FrontMatter, targets: Sequence[tuple[str, str]]) -> None:
    """Make each contents entry of ``pdf`` (the front matter, opened) a link to the named
    destination ``targets[i][0]``, described as ``targets[i][1]``. Tagged as PDF/UA asks
    (7.18.5): the entry's text and the annotation (an OBJR) under a Link element, which the
    parent tree finds from the annotation's /StructParent."""
    tree = pdf.Root.StructTreeRoot
    toc = next(kid for kid in tree.K.K if kid.S == Name.TOC)
    items = list(toc.K)
    nums = tree.ParentTree.Nums
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    key = int(tree.ParentTreeNextKey)
    for item, (index, rect), (name, description) in zip(items, front.entries, targets,
                                                        strict=True):
        page = pdf.pages[index]
        annotation = pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array(rect), Border=Array(_NO_BORDER),
            F=4,  # print: PDF/A 6.3.2
            Dest=Name("/" + name), Contents=String(description), StructParent=key))
        if "/Annots" not in page.obj:
            page.obj.Annots = pdf.make_indirect(Array())
        page.obj.Annots.append(annotation)
        mcids = list(item.K) if isinstance(item.K, Array) else [item.K]
        element = pdf.make_indirect(Dictionary(
            Type=Name.StructElem, S=Name.Link, P=item, Pg=page.obj,
            K=Array([*mcids, Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page.obj)])))
        item.K = Array([element])
        marks = by_key[int(page.obj.StructParents)]
        for mcid in mcids:
            marks[int(mcid)] = element
        nums.append(key)
        nums.append(element)
        key += 1
    tree.ParentTreeNextKey = key
