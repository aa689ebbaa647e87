"""Raw YAML nodes → the typed model, collecting every problem of a file before raising."""

from __future__ import annotations

import datetime
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from ..errors import Collector, Source
from ..i18n.catalogue import Catalogues
from ..i18n.tags import LANGUAGE_TAG
from ..pdf import fonts
from . import text
from .checker import Checker, Fit, found
from .fields import BY_KEY, FIELDS
from .load import REPORTED, Raw
from .model import (
    SECTIONS,
    Block,
    Brand,
    BulletList,
    Monograph,
    Paragraph,
    Section,
)


def monograph(root: Raw, source: Source, problems: Collector, fit: Fit,
              brand: Brand | None = None) -> Monograph:
    """Validate a monograph; raises ``InputError`` with every problem of the file. Its
    language must have a catalogue among ``brand``'s (the shipped ones when None)."""
    check = Checker(source, problems, fit)
    # A draft may lack a required key: the label had no text for it, and a person writes it
    # before the draft is reviewed (only a proof of a draft is ever printed).
    draft = _is_draft(root)
    entries = check.mapping(root, "", {f.key: f.required and not draft for f in FIELDS})
    given = {key: value for key, (_, value) in entries.items()}
    values = {key: _READ[BY_KEY[key].kind](check, node, key) for key, node in given.items()
              if key in BY_KEY}
    _review_dates(check, given, values)
    if "notes" in given and not draft:
        check.error(entries["notes"][0], "notes", "only a draft may keep notes: move each to "
                    "the key it belongs to, or delete it (nothing under notes is printed)")
    if values.get("language") is not None or "language" not in given:
        _printable_in(check, given.get("language", root), values.get("language", "en"), brand)
    problems.raise_if_any()
    # Every required key was present and valid, or a problem was raised above.
    assert draft or all(values.get(f.key) is not None for f in FIELDS if f.required)
    assert None not in values.values()

    sections = []
    for key, heading in SECTIONS:
        blocks = values.get(key) or ()
        if key == "common_side_effects":
            # A draft may have serious side effects and no common ones yet.
            blocks = ((BulletList(blocks),) if blocks else ()) + tuple(
                values.get("serious_side_effects") or ())
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
        draft=draft,
    )


def _is_draft(root: Raw) -> bool:
    return root.kind == "a mapping" and any(
        key.text == "status" and isinstance(value.value, str) and value.value.strip() == "draft"
        for key, value in root.entries)


def _status(check: Checker, node: Raw, key: str) -> str | None:
    value = check.string(node, key, what="the word draft")
    if value is not None and value.strip() != "draft":
        check.error(node, key, f"expected draft (or no status: a reviewed monograph), found "
                    f"{value.strip()!r}")
        return None
    return value


def drug_name(check: Checker, node: Raw, key: str) -> str | None:
    name = check.string(node, key, fonts.BOLD, "the generic name as text")
    if name is None:
        return None
    name = text.collapse(name)
    assert check.fit is not None
    if not check.fit.name(name):
        check.error(node, key, (
            f"expected a generic name that fits {check.fit.name_lines} lines of the page header, "
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


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(check: Checker, node: Raw, key: str) -> datetime.date | None:
    """An ISO 8601 calendar date; YAML reads 2025-03-01 as a date, "2025-03-01" as text."""
    what = "a date written YYYY-MM-DD, such as 2025-03-01"
    if node.kind in REPORTED:
        return None
    if node.kind not in ("a date", "text"):
        check.error(node, key, f"expected {what}, found {found(node)}")
        return None
    written = node.text.strip()
    try:
        if not DATE.fullmatch(written):
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
    assert check.fit is not None
    if len(value) > MAX_URL or not check.fit.url(value):
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
    "name": drug_name, "names": _names, "language": _language, "text": _text, "bullets": _bullets,
    "date": _date, "url": _url, "status": _status,
}


# A telephone number as people write it: digits, spaces, + - ( ) and dots, at least 3 digits.
