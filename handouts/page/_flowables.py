"""The few flowables a leaflet needs beyond ReportLab's own: bookmarked headings, bullets
that draw their own marker, a heading that keeps the start of its text with it, and blocks
and boxes that are never split across pages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.paragraph import _FUZZ, ParaLines, _wsc, textTransformFrags
from reportlab.rl_config import paraFontSizeHeightOffset

from ..pdf.tags import Element, artifact, tagged
from . import _frags, _linebreak

# What ReportLab's cleaner takes for white space (its _wsc, and U+00A0 where str.split finds it),
# but the space, which it keeps when single and inside the text.
_SPACES = frozenset(_wsc + "\u00a0") - {" "}


def _clean(text: str) -> bool:
    """Whether ReportLab's ``cleanBlockQuotedText`` leaves ``text`` as it is."""
    return (bool(text) and _SPACES.isdisjoint(text) and "  " not in text
            and text[0] != " " and text[-1] != " ")


class Paragraph(_Paragraph):  # type: ignore[misc]
    """A paragraph that draws as its structure element's marked content, and may be a
    bookmark's destination."""

    outline: tuple[str, str, int] | None = None  # bookmark title, key, level
    element: Element | None = None  # its structure element, once the layout has tagged it
    # Chinese lines already broken at a width: the rest of a paragraph split across pages.
    _cjk_lines: tuple[float, Any] | None = None
    # The last wrap: its width, lines and height. A stack measures its content, the frame the
    # stack, the stack its content again to draw: the same width every time.
    _wrapped: tuple[float, Any, float] | None = None

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        if frags is None and isinstance(text, str):
            # The layout's markup made into fragments directly, as the parser would make them.
            # ReportLab's cleaner (cleanBlockQuotedText, from Paragraph.__init__) collapses
            # white space: the layout's markup rarely has any to collapse, and tests at C
            # speed say so in half the cleaner's time (2 µs, 4 for a sentence).
            if not _clean(text):
                text = cleaner(text)
            frags = _frags.frags(text, style)
            if frags is not None:
                textTransformFrags(frags, style)
        super()._setup(text, style, bulletText, frags, cleaner)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        # ReportLab's wrap ignores aH: its lines depend on the width alone. They are reused
        # while they are still the paragraph's.
        known = self._wrapped
        if known is not None and known[0] == aW and getattr(self, "blPara", None) is known[1]:
            self.width, self.height = aW, known[2]
            return aW, known[2]
        width, height = super().wrap(aW, aH)
        if aW >= _FUZZ:  # narrower, ReportLab breaks no lines
            self._wrapped = (aW, self.blPara, height)
        return width, height

    def split(self, aW: float, aH: float) -> list[Any]:
        # ReportLab builds the parts with self.__class__(None, style, frags=...): carry the
        # structure element to every part (a split paragraph stays one P) and the bookmark to
        # the first only.
        lines = getattr(self, "blPara", None)
        parts: list[Any] = super().split(aW, aH)
        known = self._wrapped
        if (not parts and lines is not None and known is not None and known[0] == aW
                and known[1] is lines):
            # Moved on whole, its lines at this width dropped (no room for two): they are the
            # same on the next page.
            self.blPara = lines
        for i, part in enumerate(parts):
            part.element = self.element
            part.outline = self.outline if i == 0 else None
        if len(parts) == 2 and self.style.wordWrap == "CJK" and self.blPara.kind == 1:
            # ReportLab breaks the rest again on the next page, and again on the one after:
            # the square of a long paragraph's length. Its lines at this width are known.
            rest = self.blPara.lines[len(parts[0].blPara.lines):]
            parts[1]._cjk_lines = (aW, ParaLines(kind=1, lines=rest))
        return parts

    def draw(self) -> None:
        if self.outline is not None:
            title, key, level = self.outline
            self.canv.bookmarkHorizontal(key, 0, self.height)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)
        super().draw()

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        # The style's wordWrap="CJK" (Chinese) lands here: our rules, not ReportLab's.
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara  # a part of a split paragraph keeps its lines
        widths = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        known = self._cjk_lines
        if known is not None and all(w == known[0] for w in widths):
            return known[1]
        return _linebreak.lines(self.frags, widths, calc_bounds=False)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        opened = tagged(canvas, self.element)
        # Chinese lines break between characters, where no space was: none is added.
        if self.style.wordWrap == "CJK":
            super().drawOn(canvas, x, y, _sW)
        else:
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


def _gap(above: Flowable, below: Flowable) -> float:
    # A frame lets one flowable's space after and the next one's space before overlap
    # (rl_config.overlapAttachedSpace): the larger of the two separates them.
    return max(float(above.getSpaceAfter()), float(below.getSpaceBefore()))


def _lines(f: Flowable) -> int:
    """The lines of a wrapped paragraph or bullet; 2 for anything else (it is not a line)."""
    body = f.body if isinstance(f, BulletItem) else f
    para = getattr(body, "blPara", None)
    return len(para.lines) if para is not None else 2


class Stack(Flowable):  # type: ignore[misc]
    """Flowables one under another, spaced as a frame spaces them, and kept whole: a stack is
    never split across pages (ReportLab moves a flowable that does not split to the next
    page), so it is read as one thing."""

    def __init__(self, content: list[Flowable]) -> None:
        super().__init__()
        self.content = content
        self._placed: list[tuple[Flowable, float]] = []  # each flowable and its y in the stack

    def _stack(self, width: float) -> float:
        """Lay the content out top down; returns its height."""
        height = 0.0
        self._placed = []
        for i, f in enumerate(self.content):
            _, h = f.wrap(width, 1e9)
            if i:
                height += _gap(self.content[i - 1], f)
            self._placed.append((f, height + h))
            height += h
        return height

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        self.height = self._stack(aW)
        return aW, self.height

    def getSpaceBefore(self) -> float:
        return float(self.content[0].getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.content[-1].getSpaceAfter())

    def _draw_content(self, inset: float) -> None:
        # In order, top down: the page's content, and so text extraction and the reading
        # order, has each flowable before the next.
        self._stack(self.width - 2 * inset)
        for f, bottom in self._placed:
            f.drawOn(self.canv, inset, self.height - inset - bottom)

    def draw(self) -> None:
        self._draw_content(0)


MIN_LINES = 2  # under a heading at the foot of a page


class KeepWithNext(Stack):
    """A heading and the first flowables of what it heads (two: the first may be a line):
    split only where at least two lines of its text stay under the heading (all of it when it
    is shorter), so a heading never ends a page alone or over a lone line or bullet."""

    def __init__(self, heading: Flowable, following: list[Flowable]) -> None:
        super().__init__([heading, *following])

    def split(self, aW: float, aH: float) -> list[Flowable]:
        heading, *following = self.content
        _, room = heading.wrap(aW, aH)
        room = aH - room
        lines, placed, above = 0, [], heading
        for i, f in enumerate(following):
            room -= _gap(above, f)
            _, h = f.wrap(aW, max(room, 0))
            if h <= room:
                placed.append(f)
                lines += _lines(f)
                room -= h
                above = f
                if lines >= MIN_LINES:
                    return [heading, *placed, *following[i + 1:]]
                continue
            parts = f.split(aW, room) if room > 0 else []
            if parts:
                parts[0].wrap(aW, room)
            if not parts or lines + _lines(parts[0]) < MIN_LINES:
                return []  # too little of the text fits under the heading: move it all on
            return [heading, *placed, *parts, *following[i + 1:]]
        return [heading, *placed]  # all of it fits (wrap said not, by a rounding)


class Rule(HRFlowable):  # type: ignore[misc]
    """A decorative rule: an artifact, not content, to a screen reader."""

    def draw(self) -> None:
        opened = artifact(self.canv, "Layout")
        super().draw()
        if opened:
            self.canv.end_marked()


class Box(Stack):
    """Flowables in a coloured box with a border, kept whole like any stack: a box is one
    thing to read (the urgent box ends with who to call), so it moves whole to the next page
    rather than split; validation refuses a box taller than a page. The box is an artifact;
    what is in it is tagged as usual."""

    def __init__(self, content: list[Flowable], background: Color, border: Color,
                 border_width: float, padding: float, key: str | None = None) -> None:
        super().__init__(content)
        self.background = background
        self.border = border
        self.border_width = border_width
        self.padding = padding
        self.key = key  # the monograph key it prints, named when it cannot fit a page

    def _inset(self) -> float:
        return self.padding + self.border_width

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        self.height = self._stack(aW - 2 * self._inset()) + 2 * self._inset()
        return aW, self.height

    # Its own spacing, as layout sets it, not its content's.
    def getSpaceBefore(self) -> float:
        return float(getattr(self, "spaceBefore", 0))

    def getSpaceAfter(self) -> float:
        return float(getattr(self, "spaceAfter", 0))

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        opened = artifact(canvas, "Layout")
        canvas.setFillColor(self.background)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setStrokeColor(self.border)
        canvas.setLineWidth(self.border_width)
        half = self.border_width / 2
        canvas.rect(half, half, self.width - self.border_width, self.height - self.border_width,
                    stroke=1, fill=0)
        if opened:
            canvas.end_marked()
        canvas.restoreState()
        self._draw_content(self._inset())
