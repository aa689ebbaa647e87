"""The few flowables a leaflet needs beyond ReportLab's own: bookmarked headings, bullets
that draw their own marker, and a heading that keeps the start of its text with it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.flowables import HRFlowable
from reportlab.rl_config import paraFontSizeHeightOffset

from ..pdf.tags import Element, artifact, tagged


class Paragraph(_Paragraph):  # type: ignore[misc]
    """A paragraph that draws as its structure element's marked content, and may be a
    bookmark's destination."""

    outline: tuple[str, str, int] | None = None  # bookmark title, key, level
    element: Element | None = None  # its structure element, once the layout has tagged it

    def split(self, aW: float, aH: float) -> list[Any]:
        # ReportLab builds the parts with self.__class__(None, style, frags=...): carry the
        # structure element to every part (a split paragraph stays one P) and the bookmark to
        # the first only.
        parts: list[Any] = super().split(aW, aH)
        for i, part in enumerate(parts):
            part.element = self.element
            part.outline = self.outline if i == 0 else None
        return parts

    def draw(self) -> None:
        if self.outline is not None:
            title, key, level = self.outline
            self.canv.bookmarkHorizontal(key, 0, self.height)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)
        super().draw()

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        opened = tagged(canvas, self.element)
        with _line_end_spaces(self.blPara):
            super().drawOn(canvas, x, y, _sW)
        if opened:
            canvas.end_marked()


@contextmanager
def _line_end_spaces(para: Any) -> Iterator[None]:
    """Draw the space at each line break that ReportLab drops, so that text extraction and
    screen readers do not run "chest" and "infections" together. Only while drawing: the
    line breaking (and so the split between pages) must not see the extra width."""
    lines = para.lines
    if para.kind == 0:
        saved = list(lines)
        for i in range(len(lines) - 1):
            extra, words = lines[i]
            if words:
                lines[i] = (extra, [*words[:-1], words[-1] + " "])
        try:
            yield
        finally:
            lines[:] = saved
        return
    changed = [line.words[-1] for line in lines[:-1]
               if line.words and not line.words[-1].text.endswith(" ")]
    for word in changed:
        word.text += " "
    try:
        yield
    finally:
        for word in changed:
            word.text = word.text[:-1]


def paragraph(markup: str, style: Any, element: Element,
              outline: tuple[str, str, int] | None = None) -> Paragraph:
    """A paragraph of ``markup`` in ``style`` tagged as ``element``; with ``outline``, a
    bookmark lands on it."""
    p = Paragraph(markup, style)
    p.element = element
    p.outline = outline
    return p


class BulletItem(Flowable):  # type: ignore[misc]
    """One side effect: a bullet drawn in the brand colour, then the item's paragraph."""

    def __init__(self, body: Paragraph, marker: tuple[str, float, Color], indent: float,
                 label: Element | None = None, first: bool = True) -> None:
        super().__init__()
        self.body = body
        self.marker = marker  # font name, size, colour
        self.indent = indent
        self.label = label  # the Lbl element the bullet is tagged as
        self.first = first  # a continuation on the next page carries no second bullet

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        _, self.height = self.body.wrap(aW - self.indent, aH)
        self.width = aW
        return aW, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        parts = self.body.split(aW - self.indent, aH)
        return [BulletItem(part, self.marker, self.indent, self.label, self.first and i == 0)
                for i, part in enumerate(parts)]

    def getSpaceBefore(self) -> float:
        return float(self.body.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.body.getSpaceAfter())

    def draw(self) -> None:
        if self.first:
            font, size, colour = self.marker
            style = self.body.style
            # The same baseline as the paragraph's first line (see Paragraph.drawPara).
            baseline = self.height - (style.fontSize if paraFontSizeHeightOffset
                                      else self.body.blPara.ascent)
            opened = tagged(self.canv, self.label)
            self.canv.setFont(font, size)
            self.canv.setFillColor(colour)
            self.canv.drawString(self.indent * 0.25, baseline, "\u2022")
            if opened:
                self.canv.end_marked()
        self.body.drawOn(self.canv, self.indent, 0)


class KeepWithNext(Flowable):  # type: ignore[misc]
    """A heading and the flowable after it: never split between them, so a heading is never
    alone at the foot of a page; the text itself may still split below the heading."""

    def __init__(self, heading: Flowable, following: Flowable) -> None:
        super().__init__()
        self.heading = heading
        self.following = following

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        _, h1 = self.heading.wrap(aW, aH)
        _, h2 = self.following.wrap(aW, aH)
        self.width = aW
        self.height = h1 + self.heading.getSpaceAfter() + self.following.getSpaceBefore() + h2
        return aW, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        _, h1 = self.heading.wrap(aW, aH)
        room = aH - h1 - self.heading.getSpaceAfter() - self.following.getSpaceBefore()
        parts = self.following.split(aW, room) if room > 0 else []
        if not parts:
            return []  # nothing of the text fits under the heading: move both on
        return [self.heading, *parts]

    def getSpaceBefore(self) -> float:
        return float(self.heading.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.following.getSpaceAfter())

    def draw(self) -> None:
        # Reached only when the pair fits whole. The heading is drawn first so that the page's
        # content, and so text extraction and the reading order, has it before its text.
        canv = self.canv
        h2 = self.following.height
        gap = self.heading.getSpaceAfter() + self.following.getSpaceBefore()
        self.heading.drawOn(canv, 0, h2 + gap)
        self.following.drawOn(canv, 0, 0)


class Rule(HRFlowable):  # type: ignore[misc]
    """A decorative rule: an artifact, not content, to a screen reader."""

    def draw(self) -> None:
        opened = artifact(self.canv, "Layout")
        super().draw()
        if opened:
            self.canv.end_marked()


class Box(Flowable):  # type: ignore[misc]
    """Flowables in a coloured box with a border, as a page lays them out: it splits between
    or within its flowables when it runs onto the next page. The box is an artifact; what is
    in it is tagged as usual."""

    def __init__(self, content: list[Flowable], background: Color, border: Color,
                 border_width: float, padding: float, top: bool = True,
                 bottom: bool = True) -> None:
        super().__init__()
        self.content = content
        self.background = background
        self.border = border
        self.border_width = border_width
        self.padding = padding
        self.top = top  # a continuation has no top border; a part continued, no bottom one
        self.bottom = bottom
        self._placed: list[tuple[Flowable, float]] = []  # each flowable and its y in the box

    def _inner(self, aW: float) -> float:
        return aW - 2 * (self.padding + self.border_width)

    def _stack(self, flowables: list[Flowable], width: float) -> float:
        """Lay ``flowables`` out top down as a frame would; returns their height."""
        height = 0.0
        self._placed = []
        for i, f in enumerate(flowables):
            _, h = f.wrap(width, 1e9)
            if i:
                height += max(flowables[i - 1].getSpaceAfter(), f.getSpaceBefore())
            self._placed.append((f, height + h))
            height += h
        return height

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        inner = self._stack(self.content, self._inner(aW))
        self.height = inner + 2 * (self.padding + self.border_width)
        return aW, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        width = self._inner(aW)
        room = aH - 2 * (self.padding + self.border_width)
        used, first = 0.0, []
        for i, f in enumerate(self.content):
            gap = max(self.content[i - 1].getSpaceAfter(), f.getSpaceBefore()) if i else 0.0
            _, h = f.wrap(width, room - used - gap)
            if used + gap + h <= room:
                first.append(f)
                used += gap + h
                continue
            parts = f.split(width, room - used - gap) if room - used - gap > 0 else []
            rest = self.content[i + 1:]
            if parts:
                first.append(parts[0])
                rest = [*parts[1:], *rest]
            else:
                rest = [f, *rest]
            if not first or not rest:
                return []
            return [self._part(first, self.top, False), self._part(rest, False, self.bottom)]
        return []

    def _part(self, content: list[Flowable], top: bool, bottom: bool) -> Box:
        return Box(content, self.background, self.border, self.border_width, self.padding,
                   top, bottom)

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        opened = artifact(canvas, "Layout")
        canvas.setFillColor(self.background)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setStrokeColor(self.border)
        canvas.setLineWidth(self.border_width)
        half = self.border_width / 2
        x0, y0, x1, y1 = half, half, self.width - half, self.height - half
        canvas.line(x0, y0, x0, y1)
        canvas.line(x1, y0, x1, y1)
        if self.top:
            canvas.line(x0, y1, x1, y1)
        if self.bottom:
            canvas.line(x0, y0, x1, y0)
        if opened:
            canvas.end_marked()
        canvas.restoreState()
        inset = self.padding + self.border_width
        self._stack(self.content, self._inner(self.width))
        for f, bottom in self._placed:
            f.drawOn(canvas, inset, self.height - inset - bottom)
