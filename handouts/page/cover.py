"""The type of the binder's cover and contents heading, and whether a language's words fit
them: measured here, beside the leaflet's type, so that reading a brand can refuse a binder
language that would not fit without loading the binder (and pikepdf)."""

from __future__ import annotations

from ..i18n import words
from ..pdf import fonts
from . import _band
from .styles import PAPERS, geometry

TITLE_SIZE = 28
CONTENTS_SIZE = 24


def title_lines(title: str, paper: str, face: fonts.Face = fonts.BOLD) -> list[str] | None:
    """The cover's title in the lines it is printed on in ``face`` (a translation can be
    long); None if a word is wider than the page."""
    g = geometry(paper)
    return _band.wrap(title, face, TITLE_SIZE, g.width - 2 * g.margin)


def fits(w: words.Words) -> str | None:
    """What of the front matter's words does not fit its page in ``w``'s language, or None:
    the contents' heading on one line, each word of the cover's title on a line."""
    bold = fonts.family(w.language).bold  # the brand's language's faces, as the binder's
    for paper in PAPERS:
        g = geometry(paper)
        if title_lines(w(words.BINDER_TITLE), paper, bold) is None:
            return "the binder's title has a word too wide for the page"
        if fonts.width(w(words.CONTENTS), bold, CONTENTS_SIZE) > g.width - 2 * g.margin:
            return "the binder's contents heading is too wide for one line"
    return None
