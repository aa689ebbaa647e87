"""Every word the tool itself prints (the monograph's words are the author's), as the English
messages of the catalogues, and ``For(language)``: those words in a leaflet's language."""

from __future__ import annotations

import datetime
import gettext
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from . import catalogue, dates
from .tags import babel_locale

# Each constant is an English message: the msgid of every catalogue, and what English prints.
# handouts/i18n/catalogues/en.po holds exactly these (a test keeps the two in step).
BRAND_NAMES = "Common brand names:"
KEY_POINTS = "Key points"
WHEN_TO_GET_HELP = "When to get help"
CONTACT = "Contact us"
PREPARED_FOR = "Prepared for:"
PRESCRIBER = "Prescriber:"
START_DATE = "Start date:"
CLINIC_PHONE = "Clinic phone:"
PHONE = "Phone:"
OUT_OF_HOURS = "Out of hours:"
QR_ALT = "QR code for {url}"
REVIEWED = "Reviewed {date}"
NEXT_REVIEW = "Next review {date}"
PAGE = "Page {page} of {total}"  # {total} is drawn once the last page is known
CALL_NONE = "Call your care team straight away."
CALL_DAY = "Call us straight away on {phone}."
CALL_DAY_HOURS = "Call us straight away on {phone} ({hours})."
CALL_OUT_OF_HOURS = "Out of hours, call {phone}."
CALL_YOURS = "Call your clinic straight away on {phone}."
# After the patient's own clinic: the brand's day number as the alternative.
CALL_ALSO_DAY = "If you cannot get through, call us on {phone}."
CALL_ALSO_DAY_HOURS = "If you cannot get through, call us on {phone} ({hours})."
# The PDF's metadata (document properties, search, a screen reader's summary).
SUBJECT = "Patient information leaflet: {name}"
KEYWORD = "patient information"
# The binder's own pages and metadata.
BINDER_TITLE = "Patient information leaflets"
BINDER_FULL_TITLE = "Patient information leaflets: {organisation}"
CONTENTS = "Contents"
BUILT_ON = "Built on {date}"
CONTENTS_LINK = "{title}, page {page}"
BINDER_KEYWORDS = "patient information, formulary"
# Plural messages: (singular, plural) English forms; a catalogue gives each language's forms.
MEDICINES = ("{count} medicine", "{count} medicines")
BINDER_SUBJECT = ("{count} patient information leaflet in one binder, built on {date}",
                  "{count} patient information leaflets in one binder, built on {date}")

# The section headings, by the monograph key each heads, in the order a leaflet prints them.
SECTION_HEADINGS: tuple[tuple[str, str], ...] = (
    ("how_it_is_administered", "How it is administered"),
    ("how_it_works", "How it works"),
    ("common_side_effects", "Common side effects"),
    ("who_should_take_it", "Who should take it"),
    ("who_should_not_take_it", "Who should not take it"),
    ("storage", "How to store it"),
    ("commonly_used_with", "Commonly used with"),
    ("commonly_tested_with", "Commonly tested with"),
)

SINGULAR: tuple[str, ...] = (
    BRAND_NAMES, KEY_POINTS, WHEN_TO_GET_HELP, CONTACT, PREPARED_FOR, PRESCRIBER, START_DATE,
    CLINIC_PHONE, PHONE, OUT_OF_HOURS, QR_ALT, REVIEWED, NEXT_REVIEW, PAGE, CALL_NONE,
    CALL_DAY, CALL_DAY_HOURS, CALL_OUT_OF_HOURS, CALL_YOURS, CALL_ALSO_DAY,
    CALL_ALSO_DAY_HOURS, SUBJECT, KEYWORD, BINDER_TITLE,
    BINDER_FULL_TITLE, CONTENTS, BUILT_ON, CONTENTS_LINK, BINDER_KEYWORDS,
    *(heading for _, heading in SECTION_HEADINGS),
)
PLURAL: tuple[tuple[str, str], ...] = (MEDICINES, BINDER_SUBJECT)
# What a leaflet may print (a binder's own pages are in the brand's language): whether a
# leaflet's furniture is reviewed is the review of the catalogues that give these.
BINDER = frozenset({BINDER_TITLE, BINDER_FULL_TITLE, CONTENTS, BUILT_ON, CONTENTS_LINK,
                    BINDER_KEYWORDS, MEDICINES[0], BINDER_SUBJECT[0]})
LEAFLET: tuple[str, ...] = tuple(m for m in SINGULAR if m not in BINDER)

# Babel's bare "en" writes dates the American way ("March 1, 2025"); the shipped English is
# British (the seed monographs say "tummy" and 38 °C), so a leaflet tagged plain "en" keeps
# "1 March 2025". A region picks its own: en-US prints "March 1, 2025", es-US "1 de marzo".
_LOCALE_OF = {"en": "en_GB"}


def placeholders(message: str) -> list[str]:
    """The names of ``{name}`` placeholders in ``message``, sorted; ValueError for a brace
    that is not a plain placeholder (``{0}``, ``{url!r}``, ``{page:3}``, a lone ``{``)."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(message):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec
                                                                          else "")
            raise ValueError(f"{{{written}}}")  # as written, so the message shows it
        names.append(name)
    return sorted(names)


@dataclass(frozen=True)
class Words:
    """The messages of one language, with its dates and numbers. ``words(KEY_POINTS)``."""

    language: str  # the catalogue's tag: "es" for a leaflet in es-US with no es-US catalogue
    locale: str  # Babel's locale for dates and numbers: the leaflet's own tag where known
    messages: Mapping[str, tuple[str, ...]] = field(repr=False)
    plural_index: Callable[[int], int] = field(repr=False)
    # From the catalogue, for a language whose CLDR data has none (Haitian Creole): Babel
    # would print "2025 M03 1".
    months: tuple[str, ...] | None = None

    def __call__(self, message: str, **values: object) -> str:
        """The translation of the English ``message``, its placeholders filled in. A message
        the catalogue lacks is a KeyError, never English printed in another language."""
        text = self.messages[message][0]
        return text.format(**values) if values else text

    def plural(self, message: tuple[str, str], count: int, **values: object) -> str:
        """The form of a plural message for ``count``, with ``{count}`` written in the locale."""
        forms = self.messages[message[0]]
        return forms[self.plural_index(count)].format(count=self.number(count), **values)

    def number(self, value: int) -> str:
        from babel.numbers import format_decimal  # here: only a plural (the binder's) counts

        return str(format_decimal(value, locale=self.locale))

    def long_date(self, date: datetime.date) -> str:
        """"1 March 2025" in English, "1 de marzo de 2025" in Spanish (CLDR's long format);
        with the catalogue's own month names, day month year: "1 mas 2025"."""
        if self.months is not None:
            return f"{date.day} {self.months[date.month - 1]} {date.year}"
        return dates.long(date, self.locale)


def For(language: str, catalogues: catalogue.Catalogues | None = None) -> Words:
    """The words of a leaflet in ``language`` (BCP 47), from the shipped catalogues and a
    clinic's; validation has made sure that the language has a catalogue (LookupError if not).
    """
    return _words(language, catalogues or catalogue.Catalogues())


@lru_cache(maxsize=32)  # one per language and brand in a process, not one per leaflet
def _words(language: str, catalogues: catalogue.Catalogues) -> Words:
    tag = catalogues.lookup(language)
    if tag is None:
        raise LookupError(f"no catalogue for {language!r}")
    locale = babel_locale(language) or babel_locale(tag)
    assert locale is not None  # a catalogue's own tag always has locale data (validated)
    locale = _LOCALE_OF.get(locale, locale)
    return Words(tag, locale, catalogues.messages(tag), _plural_index(locale),
                 catalogues.months(tag))


def date_locales() -> list[str]:
    """The locales whose long dates the shipped catalogues print from CLDR's data: the table
    ``dates`` holds (not Haitian Creole's, whose catalogue names its months)."""
    return sorted({words.locale for words in map(For, catalogue.SHIPPED) if words.months is None})


def _plural_index(locale: str) -> Callable[[int], int]:
    """The index of a plural message's form for a count, found at the first plural: only the
    binder prints one, and Babel's plural table imports its catalogue machinery and the
    email package (~11 ms of a leaflet's cold start)."""
    return lambda count: _plural_rule(locale)(count)


@lru_cache(maxsize=32)
def _plural_rule(locale: str) -> Callable[[int], int]:
    from babel.messages.plurals import get_plural

    return gettext.c2py(get_plural(locale).plural_expr)


def unreviewed(language: str, catalogues: catalogue.Catalogues | None = None,
               ) -> list[catalogue.Origin]:
    """The catalogues not reviewed by a qualified medical translator that give some of the
    words a leaflet in ``language`` prints: none when a reviewed catalogue (a clinic's own)
    gives them all. Validation has made sure that the language has a catalogue."""
    catalogues = catalogues or catalogue.Catalogues()
    tag = catalogues.lookup(language)
    if tag is None:
        raise LookupError(f"no catalogue for {language!r}")
    origins = catalogues.origins(tag)
    found = {origins[m] for m in LEAFLET if not origins[m].review.reviewed}
    return sorted(found, key=lambda o: (not o.clinic, len(o.tag), o.tag))
