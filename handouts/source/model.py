"""The validated model: plain frozen data classes that the layout reads, and the options."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..errors import Problem
from ..i18n import words
from ..i18n.catalogue import Catalogues
from ..i18n.tags import lookup


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


Block = Paragraph | BulletList


@dataclass(frozen=True)
class Section:
    key: str  # the monograph key it came from
    heading: str  # in English: the message whose translation the leaflet prints
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Monograph:
    name: str  # generic name: the leaflet's title
    brand_names: tuple[str, ...]
    language: str  # BCP 47
    sections: tuple[Section, ...]
    key_points: tuple[str, ...] = ()  # the box under the title
    when_to_get_help: tuple[str, ...] = ()  # the urgent box
    reviewed: datetime.date | None = None
    next_review: datetime.date | None = None
    url: str | None = None  # https only; printed and as a QR code
    draft: bool = False  # status: draft, imported and not reviewed: printed only as a proof


@dataclass(frozen=True)
class Colours:
    """Brand colours as ``#rrggbb``; validation checks each text colour's contrast."""

    band: str  # header band background
    band_text: str  # organisation and drug name on the band
    heading: str  # section headings, on white
    text: str  # body text, on white and in the boxes
    rule: str  # decorative rules and bullets
    highlight: str  # the key points box's background
    urgent: str  # the urgent box's heading and border
    urgent_background: str  # the urgent box's background


@dataclass(frozen=True)
class Logo:
    """The logo's bytes as validated: what is drawn and hashed, never re-read from a path."""

    data: bytes = field(repr=False)
    kind: str  # "png" or "svg"
    aspect: float = 1.0  # width ÷ height as drawn, so that the band's room is known up front


T = TypeVar("T", str, tuple[str, ...])


@dataclass(frozen=True)
class Localised(Generic[T]):
    """A brand text that a leaflet prints: one for every language (tag ""), or one per
    language (BCP 47 tag, text), as the brand file gives it."""

    given: tuple[tuple[str, T], ...]
    # The tag printed where a leaflet's language has none: the brand's own language's.
    fallback: str = ""

    @classmethod
    def every(cls, value: T) -> Localised[T]:
        """One text, printed as written in every language."""
        return cls((("", value),))

    def in_language(self, language: str) -> tuple[T, str | None]:
        """What a leaflet in ``language`` prints, and the language that is in when it is
        not the leaflet's (the brand language's, as a fallback), else None. RFC 4647 lookup,
        as for the tagline: es-US falls back to es."""
        given = dict(self.given)
        if "" in given:
            return given[""], None
        tag = lookup(given, language)
        if tag is not None:
            return given[tag], None
        return given[self.fallback], self.fallback

    @property
    def languages(self) -> tuple[str, ...]:
        """The tags it is given in; () when it is one text for every language."""
        return tuple(tag for tag, _ in self.given if tag)


@dataclass(frozen=True)
class Contact:
    """Who a patient calls: printed at the end of every leaflet and in the urgent box. The
    numbers are the same in every language; the texts may be given per language."""

    name: Localised[str] | None  # the clinic or unit
    phone: str | None  # in the day
    out_of_hours: str | None
    # When the day number is answered, as written ("Monday to Friday, 9 to 5").
    hours: Localised[str] | None
    address: Localised[tuple[str, ...]] | None  # lines

    def texts(self) -> tuple[tuple[str, Localised[str] | Localised[tuple[str, ...]]], ...]:
        """Its texts by brand-file key, in the order a leaflet prints them."""
        named = (("contact.name", self.name), ("contact.address", self.address),
                 ("contact.hours", self.hours))
        return tuple((key, value) for key, value in named if value is not None)


@dataclass(frozen=True)
class Brand:
    organisation: str  # printed as written, in every language
    tagline: str  # in ``language``; a plain tagline is printed as written in every language
    colours: Colours
    logo: Logo | None
    contact: Contact | None = None
    # The tagline in each language it was given in (BCP 47 tag, text), when given per language.
    taglines: tuple[tuple[str, str], ...] = ()
    language: str = "en"  # of the binder's own pages: its cover and contents
    catalogues: Catalogues = Catalogues()  # the shipped catalogues and the clinic's own
    # Where the brand file gave each key (key, file, line, column), for check's warnings about
    # it; not the brand itself: the manifest's hash leaves it out.
    where: tuple[tuple[str, str, int, int], ...] = field(default=(), compare=False, repr=False)

    def at(self, key: str, message: str) -> Problem:
        """A problem located at ``key`` of the brand file (at no line if not known)."""
        for name, path, line, column in self.where:
            if name == key:
                return Problem(path, line, column, key, message)
        return Problem("<brand>", None, None, key, message)  # a Brand made in Python

    def tagline_for(self, language: str) -> str | None:
        """The tagline of a leaflet in ``language`` (es-US falls back to es); None when the
        tagline is given per language but not in this one."""
        return tagline_in(self.taglines, language) if self.taglines else self.tagline


def tagline_in(taglines: tuple[tuple[str, str], ...], language: str) -> str | None:
    """The tagline of ``taglines`` (BCP 47 tag, text) for ``language``: es-US falls back to es."""
    given = dict(taglines)
    tag = lookup(given, language)
    return None if tag is None else given[tag]


@dataclass(frozen=True)
class Patient:
    """One patient's copy: printed in a box on page 1 of that PDF and nowhere else (never in
    the manifest, a log, a file name or the binder)."""

    name: str | None = None
    prescriber: str | None = None
    start_date: datetime.date | None = None
    clinic_phone: str | None = None


PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class Options:
    """Everything a build can vary besides its inputs; the CLI's defaults come from here."""

    paper: str = "a4"
    large_print: bool = False  # 16 pt body text, nothing below 14 pt (RNIB)
    # A proof for review: builds a draft, and every page says so in its furniture.
    proof: bool = False


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs. None of these changes a leaflet's bytes, so the manifest ignores them."""

    jobs: int | None = None  # worker processes; None: one per CPU
    force: bool = False  # rebuild even the leaflets the manifest says are up to date
    # A Dask scheduler's address (tcp://host:8786): the leaflets are built on its cluster's
    # workers instead of local processes; None: here.
    scheduler: str | None = None

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs is not None else os.cpu_count() or 1


@dataclass(frozen=True)
class CheckOptions:
    """What ``check`` warns about, and whether warnings fail it; the CLI's defaults."""

    # Patient material should read at grade 6 to 8: the AMA asks for sixth grade or below
    # (Weiss, "Health Literacy and Patient Safety: Help Patients Understand", AMA Foundation,
    # 2nd ed. 2007), the NIH for seventh to eighth grade or below ("Clear & Simple", NCI;
    # MedlinePlus, "How to write easy-to-read health materials"); reviewed by Badarudeen and
    # Sabharwal, Clin Orthop Relat Res 2010;468:2572-80. Warn above the top of that range.
    max_grade: float = 8.0
    strict: bool = False  # warnings fail the check as errors do
    jobs: int | None = None  # worker processes for many files; None: one per CPU
    today: datetime.date | None = None  # against which next_review is due; None: the clock

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs is not None else os.cpu_count() or 1


# Monograph keys that hold text, in the order the leaflet prints them, with their headings:
# the tool's own words, so they live with the catalogues' other messages.
SECTIONS: tuple[tuple[str, str], ...] = words.SECTION_HEADINGS
