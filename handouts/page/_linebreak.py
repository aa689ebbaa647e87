"""Lines of Chinese text: written without spaces, it breaks between characters, except where
Chinese typesetting forbids (kinsoku: never before closing punctuation, never after opening
punctuation), never inside a Latin word or a number, and never between a number and its unit.

ReportLab's own CJK wrapping breaks anywhere, even inside "375 mg" or a drug's Latin name, and
lets a closing mark hang past the margin (over a box's border); this one does neither."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reportlab.platypus.paragraph import _FUZZ, ParaLines, cjkU, makeCJKParaLine

from ..pdf import fonts
from ..pdf._ttfont import TO_STAND_IN
from ..source.text import wide

# Chinese closing and opening punctuation (GB/T 15834, CLREQ 3.1.7), fullwidth and Latin.
CLOSING = frozenset("，。、：；！？）］｝〕〉》」』】〙〗〞〟’”｠…‥·・ー々〆"
                    ",.;:!?)]}%‰°")
OPENING = frozenset("（［｛〔〈《「『【〘〖〝‘“｟([{")
# A number's unit after a space: "375 mg", "0.8 mg/m²", "38 °C". Never alone on a line.
_UNIT = re.compile(r"(?:mg|mcg|µg|μg|ng|g|kg|mL|ml|L|dL|mmol|mol|IU|U|mm|cm|m|m²|°C|°F|%|h"
                   r"|min)(?![A-Za-z])")
_GLUE = frozenset(fonts.NO_BREAK) | frozenset(map(chr, TO_STAND_IN.values()))
def breaks(text: str) -> list[bool]:
    """``breaks(text)[i]``: may a line end just before ``text[i]``? Never before the first."""
    return [i > 0 and _may_break(text, i) for i in range(len(text))]


def _may_break(text: str, i: int) -> bool:
    before, after = text[i - 1], text[i]
    if after == " " or before in _GLUE or after in _GLUE:
        return False  # a line breaks after a space, never before it; no-break spaces bind
    if after in CLOSING or before in OPENING:
        return False
    if before == " ":
        j = i - 2  # a space after a number binds its unit, Latin ("375 mg") or Chinese ("5 天")
        return not (j >= 0 and text[j].isdigit() and (_UNIT.match(text, i) or wide(after)))
    if before.isdigit() or after.isdigit():
        return False  # "第1、8、15天": a number keeps what touches it
    return wide(before) or wide(after)


# Long: one pass of greedy line filling, as ReportLab's cjkFragSplit, which it replaces.
def lines(frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: bool) -> ParaLines:
    """The paragraph's lines for ReportLab (``Paragraph.breakLinesCJK``): as many characters
    on each as fit, ending at the last place ``breaks`` allows; a run with no such place
    wider than a line (a long web address) breaks where it must."""
    chars: list[Any] = []
    for frag in frags:
        text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
        chars += [cjkU(c, frag, "utf8") for c in text] if text else [cjkU("", frag, "utf8")]
    allowed = breaks("".join(str(c) or "\0" for c in chars))
    out: list[Any] = []
    start = 0
    while start < len(chars):
        width = max_widths[min(len(out), len(max_widths) - 1)]
        used, end, last = 0.0, start, None  # last: the latest place this line may end
        while end < len(chars):
            char = chars[end]
            if end > start and allowed[end]:
                last = end
            if hasattr(char.frag, "lineBreak"):
                end += 1
                break
            if used + char.width > width + _FUZZ and end > start and char != " ":
                end = last if last is not None and last > start else end
                break
            used += char.width
            end += 1
        line = chars[start:end]
        used = sum(c.width for c in line)
        broken = hasattr(line[-1].frag, "lineBreak")
        out.append(makeCJKParaLine(line, width, used, width - used, broken, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=out)
