"""A paragraph's fragments from the markup the layout writes, without ReportLab's markup parser:
escaped text in runs of ``<font face="...">``, and nothing else. Parsing that markup built and
fed an HTML parser per paragraph (about 0.9 ms of a 15 ms warm render, measured in place; issue
16); the fragments made here are the parser's own, copied from one it parsed once per style and
font."""

from __future__ import annotations

import re
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paraparser import ParaParser

# The whole grammar: a font run's start and end, the three escapes text.escape writes, and the
# text between them. Any other "<" or "&" (a tag or an entity of someone else's markup) is
# left to ReportLab's parser.
_TOKEN = re.compile(r'<font face="([^"<>&]+)">|(</font>)|&(amp|lt|gt);|([^<&]+)|(.)', re.DOTALL)
_ESCAPED = {"amp": "&", "lt": "<", "gt": ">"}

# Per style, per font run (None: the style's own font), the fragment ReportLab's parser makes
# for text in it.
_PROTOTYPES: WeakKeyDictionary[ParagraphStyle, dict[str | None, Any]] = WeakKeyDictionary()


def frags(markup: str, style: ParagraphStyle) -> list[Any] | None:
    """The fragments ReportLab's parser makes of ``markup`` (cleaned as a Paragraph cleans
    it) in ``style``; None when the markup is not only what the layout writes."""
    if markup.startswith("<para"):
        return None  # the parser would take it for the paragraph's own tag
    runs: list[tuple[str | None, str]] = []  # (font, text) for each piece of text
    face: str | None = None
    for m in _TOKEN.finditer(markup):
        opened, closed, entity, text, other = m.groups()
        if other is not None or (opened and face is not None) or (closed and face is None):
            return None  # another tag or entity, or fonts nested or unbalanced
        if opened:
            face = opened
        elif closed:
            face = None
        else:
            # The parser makes a fragment of each escape on its own, as of each text between.
            runs.append((face, _ESCAPED[entity] if entity else text))
    if face is not None:
        return None
    # Every fragment of a paragraph shares its parse's lists (copies of one frame's).
    link: list[Any] = []
    lines: list[Any] = []
    out = []
    known = _PROTOTYPES.setdefault(style, {})
    for name, text in runs:
        prototype = known.get(name) or _prototype(style, name, known)
        # ReportLab's own copy of a fragment (ABag.clone): 2 µs, copy.copy's 5 µs.
        out.append(prototype.clone(text=text, link=link, us_lines=lines))
    return out


def _prototype(style: ParagraphStyle, face: str | None, known: dict[str | None, Any]) -> Any:
    """The fragment the parser makes of text in ``face`` in ``style``, kept in ``known``."""
    markup = "x" if face is None else f'<font face="{face}">x</font>'
    _, parsed, _ = ParaParser().parse(markup, style)
    (known[face],) = parsed
    return known[face]
