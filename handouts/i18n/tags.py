"""Language tags (BCP 47): the pattern a leaflet accepts, the RFC 4647 lookup by which a tag
falls back to a more general one (es-US → es), and Babel's locale for a tag."""

from __future__ import annotations

import re
from collections.abc import Iterable

from babel import Locale
from babel.core import UnknownLocaleError

# BCP 47, as far as a leaflet needs: a language subtag, then optional script, region and
# variants. The loader, a clinic catalogue's file name and the JSON Schema all use this one.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
# RFC 5646 4.4.1: 35 characters hold any tag a leaflet needs.
MAX_TAG = 35


def is_tag(text: str) -> bool:
    """Whether untrusted ``text`` (a manifest's, a PDF's /Lang) is a tag a leaflet could have."""
    return len(text) <= MAX_TAG and LANGUAGE_TAG.fullmatch(text) is not None


def lookup(tags: Iterable[str], language: str) -> str | None:
    """Which of ``tags`` serves ``language`` (RFC 4647 lookup, case-insensitive): es-US →
    es-US if given, else es; zh-Hant-TW → zh-Hant, then zh. None when none fits."""
    known = {tag.casefold(): tag for tag in tags}
    return next((known[t.casefold()] for t in fallbacks(language) if t.casefold() in known),
                None)


def fallbacks(language: str) -> list[str]:
    """``es-419-x`` → [es-419-x, es-419, es]; a single-letter subtag (an extension such as
    ``-x-``) is dropped with what follows it, as RFC 4647 3.4 asks."""
    parts = language.split("-")
    out = []
    while parts:
        out.append("-".join(parts))
        parts.pop()
        while parts and len(parts[-1]) == 1:
            parts.pop()
    return out


def babel_locale(tag: str) -> str | None:
    """Babel's name of the locale for a BCP 47 tag (es-US → es_US), or None if it has none."""
    try:
        return str(Locale.parse(tag, sep="-"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
