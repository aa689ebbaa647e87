"""Raw YAML nodes → the typed model, collecting every problem of a file before raising."""

from __future__ import annotations

import datetime
import difflib
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from . import _band, _chars, fonts, text
from .catalogue import Catalogues
from .errors import Collector, HandoutsError
from .fields import BY_KEY, FIELDS, LANGUAGE_TAG
from .load import REPORTED, Raw, Source, find_unprintable, unprintable
from .model import (
    SECTIONS,
    Block,
    Brand,
    BulletList,
    Monograph,
    Paragraph,
    Patient,
    Section,
)
from .styles import LARGE, PAPERS, STANDARD, TYPES, geometry, url_lines

# ReportLab re-breaks a paragraph's remaining lines at every page it runs onto, so laying out
# a paragraph costs the square of its length (a 100,000-word one took a minute). A patient
# leaflet's paragraph is a few dozen words; these bounds keep a paragraph to a second or so,
# and the worst 1 MiB file the bounds allow to seconds (bench/paragraph.py).
MAX_WORDS = 5000
# 5,000 words of 7 characters (the bench's English text, 6.7 a word with its space); 5,000
# words of 15 letters made 170 pages of large print that took 6 s alone.
MAX_CHARS = 40_000
# ReportLab splits a word wider than the line letter by letter, measuring each letter as it
# does a word, again on every page: a word of a million letters did not build in a minute.
# 15 of the widest glyph a text may hold (U+2031 PER TEN THOUSAND SIGN, 27.8 pt at 16 pt) fit
# on a line of the narrowest column (large print, A4, a bullet in a box: 431 pt), so a word
# up to LINE_RUN is never split; a longer one counts once per character against MAX_WORDS.
LINE_RUN = 15
# A word (a run of characters between breaking spaces) as long as the url key's address
# fits; split letter by letter, it takes at most 14 lines of that column.
MAX_RUN = 200


class Checker:
    """Typed reads of raw nodes that record what is wrong; the brand file uses them too."""

    def __init__(self, source: Source, problems: Collector) -> None:
        self.source = source
        self.problems = problems

    def error(self, node: Raw, key: str, message: str, index: int | None = None) -> None:
        line, column = self.source.position(node.start if index is None else index)
        self.problems.add(line, column, key, message)

    def mapping(self, node: Raw, key: str, known: dict[str, bool]) -> dict[str, tuple[Raw, Raw]]:
        """The entries of a mapping; unknown keys and missing required keys are problems."""
        if node.kind in REPORTED:
            return {}
        if node.kind != "a mapping":
            # The whole file, when key is "": not a monograph (or brand file), so its text is
            # not repeated (it may be anything: a link's target, a secret).
            found = _found(node) if key else node.kind
            self.error(node, key, f"expected a mapping of keys, found {found}")
            return {}
        entries = {k.text: (k, v) for k, v in node.entries}
        # A file with none of the keys is not one of ours: its faults are located, not quoted.
        ours = bool(key) or any(name in known for name in entries)
        for name, (k, _) in entries.items():
            if name not in known:
                path = (f"{key}.{name}" if key else name) if ours else key
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                hint = (f"did you mean '{close[0]}'?" if close
                        else "expected one of: " + ", ".join(known))
                self.error(k, path, f"unknown key; {hint}")
        for name, required in known.items():
            if required and name not in entries:
                path = f"{key}.{name}" if key else name
                self.error(node, path, "missing required key")
        return entries

    def string(self, node: Raw, key: str, face: fonts.Face = fonts.REGULAR,
               what: str = "text") -> str | None:
        """A non-empty string that the bundled fonts can draw, NFC-normalised."""
        if node.kind in REPORTED:
            return None
        if node.kind != "text":
            self.error(node, key, f"expected {what}, found {_found(node)}")
            return None
        value = text.normalise(node.text)
        if not text.collapse(value).strip():  # a soft hyphen alone prints nothing
            self.error(node, key, f"expected {what}, found an empty string")
            return None
        control = find_unprintable(value)
        if control:  # written as an escape: the loader's scan of the file could not see it
            self.error(node, key, unprintable(control.group()))
            return None
        bad = False
        # Each character no font has, once: a paragraph in an unsupported script has hundreds,
        # and the refused ones (a script's letters among them) are reported by _chars.refused.
        seen: set[str] = set()
        for char_at, message in _chars.refused(value):
            self.error(node, key, message, index=self._locate(node, value, char_at))
            seen.add(value[char_at])
            bad = True
        for char_at in fonts.undrawable(value, face):
            char = value[char_at]
            if char in seen or _chars.fault(char) is not None:
                continue
            seen.add(char)
            self.error(node, key, f"cannot print {_chars.name(char)} ({char!r}): no bundled "
                       "font has it; write it another way", index=self._locate(node, value,
                                                                               char_at))
            bad = True
        for char_at, char in enumerate(value):
            if char not in seen and _chars.fault(char) is None and _chars.astral(char):
                seen.add(char)
                self.error(node, key, (
                    f"found {_chars.name(char)} ({char!r}), a character beyond U+FFFF, which "
                    "some PDF readers (Ghostscript) extract as other characters; write it "
                    "another way"), index=self._locate(node, value, char_at))
                bad = True
        return None if bad else value

    def short(self, node: Raw, key: str, paragraph: str) -> bool:
        """Whether a paragraph or item is within ``MAX_RUN``, ``MAX_WORDS`` and ``MAX_CHARS``;
        records a problem (one, the first of those) if not."""
        runs = text.collapse(paragraph).split(" ")  # no-break spaces join, as ReportLab's do
        longest = max(map(len, runs))
        if longest > MAX_RUN:
            self.error(node, key, f"expected at most {MAX_RUN} characters between spaces, "
                       f"found {longest:,} in a row; put spaces in it (a web address of up "
                       f"to {MAX_RUN} characters fits)")
            return False
        words = sum(len(run) if len(run) > LINE_RUN else len(run.split()) for run in runs)
        if words > MAX_WORDS:
            counted = (f" (a word of more than {LINE_RUN} characters counts once per "
                       "character)" if longest > LINE_RUN else "")
            self.error(node, key, f"expected at most {MAX_WORDS:,} words in one paragraph or "
                       f"item, found {words:,}{counted}; split it into shorter paragraphs (a "
                       "blank line between them)")
            return False
        characters = sum(map(len, runs)) + len(runs) - 1
        if characters > MAX_CHARS:
            self.error(node, key, f"expected at most {MAX_CHARS:,} characters in one paragraph "
                       f"or item, found {characters:,}; split it into shorter paragraphs (a "
                       "blank line between them)")
            return False
        return True

    def strings(self, node: Raw, key: str, *, at_least_one: bool) -> tuple[str, ...] | None:
        if node.kind in REPORTED:
            return None
        if node.kind != "a list":
            self.error(node, key, f"expected a list of text items, found {_found(node)}")
            return None
        if at_least_one and not node.value:
            self.error(node, key, "expected at least one item, found an empty list")
            return None
        items = [self.string(item, f"{key}[{i + 1}]") for i, item in enumerate(node.items)]
        items = [value if value is None or self.short(item, f"{key}[{i + 1}]", value) else None
                 for i, (item, value) in enumerate(zip(node.items, items, strict=True))]
        return None if None in items else tuple(i for i in items if i is not None)

    def _locate(self, node: Raw, value: str, char_at: int) -> int:
        """The source offset of ``value[char_at]``: the same occurrence of that character
        inside the node's source span, or the node's start when an escape wrote it."""
        char = value[char_at]
        nth = value.count(char, 0, char_at)
        offset = node.start - 1
        for _ in range(nth + 1):
            offset = self.source.text.find(char, offset + 1, node.end)
            if offset < 0:
                return node.start
        return offset


def _found(node: Raw) -> str:
    if node.kind in ("a list", "a mapping", "an alias", "nothing"):
        return node.kind
    shown = node.text if len(node.text) <= 40 else node.text[:37] + "..."
    return f"{node.kind} ({shown!r})" if node.kind != "text" or shown else "an empty string"


def monograph(root: Raw, source: Source, problems: Collector,
              brand: Brand | None = None) -> Monograph:
    """Validate a monograph; raises ``InputError`` with every problem of the file. Its
    language must have a catalogue among ``brand``'s (the shipped ones when None)."""
    check = Checker(source, problems)
    entries = check.mapping(root, "", {f.key: f.required for f in FIELDS})
    given = {key: value for key, (_, value) in entries.items()}
    values = {key: _READ[BY_KEY[key].kind](check, node, key) for key, node in given.items()
              if key in BY_KEY}
    _review_dates(check, given, values)
    if values.get("language") is not None or "language" not in given:
        _printable_in(check, given.get("language", root), values.get("language", "en"), brand)
    problems.raise_if_any()
    # Every required key was present and valid, or a problem was raised above.
    assert all(values.get(f.key) is not None for f in FIELDS if f.required)
    assert None not in values.values()

    sections = []
    for key, heading in SECTIONS:
        blocks = values.get(key) or ()
        if key == "common_side_effects":
            blocks = (BulletList(blocks), *(values.get("serious_side_effects") or ()))
        if blocks:
            sections.append(Section(key, heading, blocks))
    return Monograph(
        name=values["name"],
        brand_names=values.get("brand_names", ()),
        language=values.get("language", "en"),
        sections=tuple(sections),
        key_points=values.get("key_points", ()),
        when_to_get_help=values.get("when_to_get_help", ()),
        reviewed=values.get("reviewed"),
        next_review=values.get("next_review"),
        url=values.get("url"),
    )


def _name(check: Checker, node: Raw, key: str) -> str | None:
    name = check.string(node, key, fonts.BOLD, "the generic name as text")
    if name is None:
        return None
    name = text.collapse(name)
    if not _band.fits("", name):
        check.error(node, key, (
            f"expected a generic name that fits {STANDARD.band_lines} lines of the page header, "
            f"found one of {len(name)} characters; give the generic name alone (other names "
            "belong in brand_names)"))
        return None
    return name


def _names(check: Checker, node: Raw, key: str) -> tuple[str, ...] | None:
    items = check.strings(node, key, at_least_one=False)
    return None if items is None else tuple(map(text.collapse, items))


def _bullets(check: Checker, node: Raw, key: str) -> tuple[str, ...] | None:
    items = check.strings(node, key, at_least_one=True)
    return None if items is None else tuple(map(text.collapse, items))


def _text(check: Checker, node: Raw, key: str) -> tuple[Block, ...] | None:
    """A text field: paragraphs separated by blank lines, or a list printed as bullets."""
    if node.kind == "a list":
        items = _bullets(check, node, key)
        return None if items is None else (BulletList(items),)
    value = check.string(node, key)
    if value is None:
        return None
    paragraphs = text.paragraphs(value)
    if not all([check.short(node, key, p) for p in paragraphs]):  # a list: report every one
        return None
    return tuple(Paragraph(p) for p in paragraphs)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(check: Checker, node: Raw, key: str) -> datetime.date | None:
    """An ISO 8601 calendar date; YAML reads 2025-03-01 as a date, "2025-03-01" as text."""
    what = "a date written YYYY-MM-DD, such as 2025-03-01"
    if node.kind in REPORTED:
        return None
    if node.kind not in ("a date", "text"):
        check.error(node, key, f"expected {what}, found {_found(node)}")
        return None
    written = node.text.strip()
    try:
        if not _DATE.fullmatch(written):
            raise ValueError
        return datetime.date.fromisoformat(written)
    except ValueError:
        check.error(node, key, f"expected {what}, found {written!r}")
        return None


# A host name of letters, digits and hyphens in dot-separated labels, with a top-level domain.
_HOST = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
# Characters: two footer lines at most, and a QR code of version 12 at error correction Q
# (65 modules of 0.55 mm, some 36 mm a side).
MAX_URL = 200
# What RFC 3986 allows in a URI (unreserved, reserved and % followed by two hex digits), negated.
_NOT_URL = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")


def _url(check: Checker, node: Raw, key: str) -> str | None:
    """An https address: printed as text and as a QR code, never made a link, and refused if
    it could surprise a patient (another scheme, a user name, a bare IP address)."""
    what = "an https:// address such as https://example.org/medicines/name"
    value = check.string(node, key, what=what)
    if value is None:
        return None
    value = value.strip()
    parts = urllib.parse.urlsplit(value) if value.isascii() else None
    host = (parts.hostname or "") if parts else ""
    if (parts is None or parts.scheme != "https" or not _HOST.fullmatch(host)
            or parts.username is not None or parts.password is not None
            or any(c.isspace() or not c.isprintable() for c in value)):
        shown = value if len(value) <= 80 else value[:77] + "..."
        check.error(node, key, f"expected {what} (https only, a domain name, no spaces or "
                    f"user name), found {shown!r}")
        return None
    assert parts is not None
    try:
        port = parts.port  # ValueError when it is not a number, or past 65535
    except ValueError:
        port = -1
    if port is not None and not 0 < port < 65536:
        check.error(node, key, "expected a port from 1 to 65535 after the domain name (or none: "
                    f"https uses 443), found {parts.netloc.rpartition(':')[2]!r}")
        return None
    wrong = _NOT_URL.search(value)
    if wrong is not None:  # a phone's browser would guess what it means, or refuse it
        char = wrong.group()
        check.error(node, key, "expected only the characters an address may hold (letters, "
                    "digits, - . _ ~ : / ? # [ ] @ ! $ & ' ( ) * + , ; = and %XX escapes), found "
                    f"{char!r}; write it as %{ord(char):02X}",
                    index=check._locate(node, value, wrong.start()))
        return None
    if len(value) > MAX_URL or not all(
            url_lines(value, geometry(paper, t is LARGE, url=value)) for paper in PAPERS
            for t in TYPES):
        check.error(node, key, f"expected an address that fits two lines of the footer, found "
                    f"one of {len(value)} characters; link to a shorter page")
        return None
    return value


def _review_dates(check: Checker, given: dict[str, Raw], values: dict[str, object]) -> None:
    reviewed, due = values.get("reviewed"), values.get("next_review")
    if isinstance(reviewed, datetime.date) and isinstance(due, datetime.date) and due <= reviewed:
        check.error(given["next_review"], "next_review",
                    f"expected a date after reviewed ({reviewed.isoformat()}), found "
                    f"{due.isoformat()}")
        values["next_review"] = None


def _language(check: Checker, node: Raw, key: str) -> str | None:
    value = check.string(node, key, what="a BCP 47 language tag such as en or en-GB")
    return language_tag(check, node, key, value)


def language_tag(check: Checker, node: Raw, key: str, value: str | None) -> str | None:
    """``value`` if it is a BCP 47 tag (as far as a leaflet needs); records a problem if not."""
    if value is not None and not LANGUAGE_TAG.fullmatch(value):
        check.error(node, key, f"expected a BCP 47 language tag such as en or en-GB, "
                    f"found {value!r}")
        return None
    return value


def _printable_in(check: Checker, node: Raw, language: str, brand: Brand | None) -> None:
    """Whether handouts can print its own words in ``language``: a catalogue it falls back to
    (es-US → es), the clinic's included, and the brand's tagline in it."""
    catalogues = brand.catalogues if brand is not None else Catalogues()
    where = "language"
    if catalogues.lookup(language) is None:
        check.error(node, where, f"no catalogue for {language!r}; available: "
                    + ", ".join(catalogues.languages())
                    + " (a clinic can add one: see 'Languages' in the README)")
    elif brand is not None and brand.tagline_for(language) is None:
        check.error(node, where, f"the brand file gives no tagline in {language!r}; add one "
                    "to its tagline (for example tagline: {en: ..., "
                    f"{language.split('-')[0]}: ...}}), found it in: "
                    + ", ".join(tag for tag, _ in brand.taglines))


# How each kind of field is read; each returns None after recording what is wrong.
_READ: dict[str, Callable[[Checker, Raw, str], Any]] = {
    "name": _name, "names": _names, "language": _language, "text": _text, "bullets": _bullets,
    "date": _date, "url": _url,
}


# A telephone number as people write it: digits, spaces, + - ( ) and dots, at least 3 digits.
MAX_PHONE = 30  # characters
PHONE = re.compile(rf"(?=(?:\D*\d){{3}})[0-9+()\-. ]{{3,{MAX_PHONE}}}")
PHONE_EXAMPLE = "a telephone number such as '01632 960 000' or '+44 1632 960000'"
MAX_PATIENT_TEXT = 100  # characters of a name on the "Prepared for" box


class OptionError(HandoutsError):
    """A value given on the command line (a patient's details) is wrong."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"{option}: {message}")
        self.option = option
        self.message = message


def patient(name: str | None = None, prescriber: str | None = None,
            start_date: str | None = None, clinic_phone: str | None = None) -> Patient:
    """A patient's details as typed, checked like a monograph's text; raises ``OptionError``
    naming the first option that is wrong (never repeating the value: it may be a name)."""
    for option, value in (("--for", name), ("--prescriber", prescriber)):
        if value is not None:
            option_text(option, value)
    date = None
    if start_date is not None:
        try:
            if not _DATE.fullmatch(start_date):
                raise ValueError
            date = datetime.date.fromisoformat(start_date)
        except ValueError:
            raise OptionError("--start-date", "expected a date written YYYY-MM-DD, such as "
                              "2026-12-03") from None
    if clinic_phone is not None and not PHONE.fullmatch(text.collapse(clinic_phone)):
        raise OptionError("--clinic-phone", f"expected {PHONE_EXAMPLE}")
    return Patient(name=name and text.collapse(name), prescriber=prescriber and
                   text.collapse(prescriber), start_date=date,
                   clinic_phone=clinic_phone and text.collapse(clinic_phone))


def option_text(option: str, value: str, drug: bool = False) -> str:
    """Text typed for ``option``, checked as a monograph's text is (a ``drug``'s name as the
    ``name`` key is); raises ``OptionError`` without repeating the value: a patient's detail
    is named by the fault and position of a character, never by the character."""
    if not drug:
        # Position in the text as printed (NFC), so every character checked is one printed.
        for at, char in enumerate(text.normalise(value)):
            fault = _fault(char, fonts.REGULAR)
            if fault is not None:
                raise OptionError(option, f"character {at + 1} is {fault}; write it without "
                                  "that character")
    problems = Collector(option)
    check = Checker(Source(option, value), problems)
    node = Raw("text", value, 0, len(value))
    checked = _name(check, node, "name") if drug else check.string(node, "", what="a name")
    if checked is None:
        raise OptionError(option, problems.problems[0].message)
    if not drug and len(text.collapse(value)) > MAX_PATIENT_TEXT:
        raise OptionError(option, f"expected at most {MAX_PATIENT_TEXT} characters")
    return text.collapse(checked)


def _fault(char: str, face: fonts.Face) -> str | None:
    """What ``Checker.string`` would refuse ``char`` for, in words that repeat nothing of
    it: its code point and Unicode name are part of a patient's details too."""
    if find_unprintable(char):
        code = ord(char)
        return ("a lone surrogate (bytes that are not UTF-8)" if 0xD800 <= code <= 0xDFFF
                else "a noncharacter" if code in (0xFFFE, 0xFFFF) else "a control character")
    fault = _chars.fault(char)
    if fault is not None:
        return fault
    if fonts.undrawable(char, face):
        return "one no bundled font has"
    if _chars.astral(char):
        return ("beyond U+FFFF, which some PDF readers (Ghostscript) extract as other "
                "characters")
    return None
