"""Message catalogues (gettext): the shipped ones, read once per process, and a brand's set of
them (the shipped ones and a clinic's own), by the language tag a leaflet falls back to."""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..errors import Collector, Source
from .po import parse_po
from .review import Review, months_of, review_of
from .tags import fallbacks, lookup

# handouts/i18n/catalogues/<tag>.po, compiled beside it as <tag>.mo
SHIPPED = ("en", "es", "fr", "ht", "ko", "pl", "pt", "ru", "tl", "vi", "zh-Hans", "zh-Hant")
ENGLISH = "en"  # the source language: its msgids are the messages
# Forms a message's text: a key of the monograph's messages, or a plural's forms.
Messages = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Catalogue:
    """A clinic's catalogue as checked: each message's English text and its forms (one, or
    one per plural form). Hashable, so the manifest's brand hash covers it."""

    language: str  # BCP 47, from the file's name: fr.po is "fr"
    messages: tuple[tuple[str, tuple[str, ...]], ...]
    review: Review = Review()  # from its header: unreviewed unless it says otherwise


@dataclass(frozen=True)
class Origin:
    """Which catalogue gives a message: its tag, whether it is the clinic's, its review."""

    tag: str
    clinic: bool
    review: Review

    def __str__(self) -> str:
        return f"the {'clinic' if self.clinic else 'shipped'} catalogue {self.tag!r}"


@dataclass(frozen=True)
class Catalogues:
    """The catalogues a brand prints with: the shipped ones, then the clinic's (which add a
    language, or override some messages of the language their tag falls back to)."""

    clinic: tuple[Catalogue, ...] = ()

    def languages(self) -> list[str]:
        """Every catalogue's tag, sorted: what a monograph's ``language`` may fall back to."""
        tags = {tag.casefold(): tag for tag in SHIPPED}
        tags.update({c.language.casefold(): c.language for c in self.clinic})
        return sorted(tags.values(), key=str.casefold)

    def lookup(self, language: str) -> str | None:
        """The catalogue for ``language``: es-US → es-US if there is one, else es."""
        return lookup(self.languages(), language)

    def messages(self, tag: str) -> Messages:
        """The messages of catalogue ``tag``: from the most general tag it falls back to down
        to itself, the shipped catalogue then the clinic's at each step."""
        clinic = {c.language.casefold(): dict(c.messages) for c in self.clinic}
        out: Messages = {}
        for step in reversed(fallbacks(tag)):
            out.update(_shipped(step.casefold()) or {})
            out.update(clinic.get(step.casefold(), {}))
        return out

    def origins(self, tag: str) -> dict[str, Origin]:
        """Which catalogue gives each message of ``messages(tag)``, and its review status."""
        clinic = {c.language.casefold(): c for c in self.clinic}
        out: dict[str, Origin] = {}
        for step in reversed(fallbacks(tag)):
            if (shipped := _shipped(folded := step.casefold())) is not None:
                header = _shipped_header(folded)
                assert header is not None  # shipped: both files are
                out.update(dict.fromkeys(shipped, Origin(header[0], False, header[1])))
            if (own := clinic.get(folded)) is not None:
                origin = Origin(own.language, True, own.review)
                out.update(dict.fromkeys(dict(own.messages), origin))
        return out

    def months(self, tag: str) -> tuple[str, ...] | None:
        """The month names a shipped catalogue gives, for a language whose CLDR data has none
        (Haitian Creole), from ``tag`` or the tag it falls back to."""
        headers = (_shipped_header(t.casefold()) for t in fallbacks(tag))
        return next((h[2] for h in headers if h is not None and h[2]), None)


_MO_MAGIC = 0x950412DE  # GNU gettext's .mo, in the byte order that reads it so


def _read_mo(data: bytes) -> Messages:
    """A compiled catalogue's messages, read from the .mo's tables directly: Babel's
    ``read_mo`` builds a ``Catalog`` (its header parsed as e-mail, with dates and a locale),
    ~30 ms for the first catalogue of a process. Its plurals are keyed by their singular."""
    order = next((o for o in "<>" if struct.unpack(o + "I", data[:4])[0] == _MO_MAGIC), None)
    if order is None:
        raise ValueError("not a .mo file")
    count, originals, translations = struct.unpack(order + "3I", data[8:20])
    out: Messages = {}
    for i in range(count):
        id_length, id_at = struct.unpack_from(order + "2I", data, originals + 8 * i)
        text_length, text_at = struct.unpack_from(order + "2I", data, translations + 8 * i)
        if id_length == 0:
            continue  # the header
        message = data[id_at:id_at + id_length].decode("utf-8")  # as compile_po writes them
        forms = data[text_at:text_at + text_length].decode("utf-8").split("\0")
        out[message.split("\0")[0].rpartition("\x04")[2]] = tuple(forms)
    return out


# Read per language, as a leaflet needs it: a build in one language reads its own catalogues,
# not all twelve (25 ms of a cold build).
_SHIPPED_BY_FOLDED = {tag.casefold(): tag for tag in SHIPPED}


@cache
def _shipped(folded: str) -> Messages | None:
    """The shipped catalogue of casefolded tag ``folded``, read once per process from its .mo;
    None if no catalogue of that tag is shipped."""
    tag = _SHIPPED_BY_FOLDED.get(folded)
    if tag is None:
        return None
    data = files("handouts.i18n.catalogues").joinpath(f"{tag}.mo").read_bytes()
    return _read_mo(data)


@cache
def _shipped_header(folded: str) -> tuple[str, Review, tuple[str, ...] | None] | None:
    """A shipped catalogue's tag, review status and month names, from its .po (Babel leaves
    the header's own fields, X-Review-Status, out of the .mo); None if none is shipped."""
    tag = _SHIPPED_BY_FOLDED.get(folded)
    if tag is None:
        return None
    folder = files("handouts.i18n.catalogues")
    source = Source(f"{tag}.po", folder.joinpath(f"{tag}.po").read_text(encoding="utf-8"))
    problems = Collector(source.path)
    entries = parse_po(source, problems) or []
    problems.raise_if_any()  # a test reads every shipped catalogue: never at a patient's
    header = next((e.forms[0][0] for e in entries if e.msgid == "" and 0 in e.forms), "")
    return tag, review_of(header), months_of(header)


def shipped_review(tag: str) -> Review:
    """The review status shipped catalogue ``tag``'s header records."""
    header = _shipped_header(tag.casefold())
    if header is None:
        raise KeyError(tag)
    return header[1]


def english() -> Messages:
    """The English catalogue: its keys are every message handouts prints."""
    english = _shipped(ENGLISH)
    assert english is not None
    return english


def compile_po(po: str) -> bytes:
    """The .mo of a shipped .po, as ``tools/compile_catalogues.py`` writes it and a test
    checks: fuzzy and untranslated messages are left out, as msgfmt does."""
    from babel.messages.mofile import write_mo  # for the tools and tests, not a build
    from babel.messages.pofile import read_po

    catalog = read_po(io.StringIO(po), abort_invalid=True)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


