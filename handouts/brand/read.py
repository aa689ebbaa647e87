"""The brand file → the Brand model: organisation, tagline (per language), colours checked for
contrast, the logo, the clinic's contact details (their texts per language), its language and
its own message catalogues.
Every problem of the file, and of its catalogues, is reported at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..errors import Collector, Source
from ..i18n import words
from ..i18n.catalogue import Catalogues
from ..i18n.tags import lookup
from ..page import _band, cover
from ..page.styles import LARGE, LOGO_HEIGHT, STANDARD
from ..pdf import fonts
from ..source import text
from ..source.checker import Checker
from ..source.load import Raw
from ..source.model import Brand, Colours, Contact, Localised, Logo, tagline_in
from ..source.options import PHONE, PHONE_EXAMPLE
from ..source.validate import language_tag
from ._colour import HEX, WHITE, contrast
from ._logo import LogoError, read_logo
from .catalogues import CatalogueError, read_clinic

AA_TEXT = 4.5  # WCAG 2.1 AA, 1.4.3: normal-size text
AA_GRAPHIC = 3.0  # WCAG 2.1 AA, 1.4.11: bullets, rules and borders that carry meaning

_KEYS = {"organisation": True, "tagline": True, "colours": False, "logo": False,
         "contact": False, "language": False, "catalogues": False}
DEFAULT_COLOURS = Colours(band="#0b4f6c", band_text="#ffffff", heading="#0b4f6c",
                          text="#1a1a1a", rule="#2a7f62", highlight="#e6f0f4",
                          urgent="#a4161a", urgent_background="#fdeeee")
# Each text colour on each background it is printed on, with the contrast it needs. A name is
# a colour of the brand; WHITE is the page.
_CONTRAST = (
    ("band_text", "band", AA_TEXT),
    ("heading", WHITE, AA_TEXT),
    ("text", WHITE, AA_TEXT),
    ("rule", WHITE, AA_GRAPHIC),
    ("heading", "highlight", AA_TEXT),  # the key points box
    ("text", "highlight", AA_TEXT),
    ("urgent", "urgent_background", AA_TEXT),  # the urgent box's heading and border
    ("text", "urgent_background", AA_TEXT),
    ("urgent", WHITE, AA_GRAPHIC),
)
_CONTACT_KEYS = {"name": False, "phone": False, "out_of_hours": False, "hours": False,
                 "address": False}
MAX_ADDRESS_LINES = 6


def validate(root: Raw, source: Source, problems: Collector) -> Brand:
    """Validate a brand file; raises ``InputError`` with every problem of the file."""
    check = Checker(source, problems)
    entries = check.mapping(root, "", _KEYS)
    organisation = None
    if "organisation" in entries:
        # A proper name: printed as written in every language, so never given per language.
        organisation = check.string(entries["organisation"][1], "organisation", fonts.BOLD,
                                    what="the organisation's name, printed as written in every "
                                    "language (a proper name)")
    colours = _colours(check, entries["colours"][1]) if "colours" in entries else DEFAULT_COLOURS
    logo = _logo(check, entries["logo"][1], Path(source.path).parent) if "logo" in entries else None
    if organisation is not None and ("logo" not in entries or logo is not None):
        _organisation_fits(check, entries["organisation"][1], organisation, logo)
    catalogues = Catalogues()
    if "catalogues" in entries:
        catalogues = _catalogues(check, entries["catalogues"][1], Path(source.path).parent)
    language = "en"
    if "language" in entries:
        language = _language(check, entries["language"][1], catalogues) or language
    taglines: tuple[tuple[str, str], ...] | None = None
    if "tagline" in entries:
        taglines = _per_language(check, entries["tagline"][1], "tagline", _bold_line, language,
                                 ("the tagline", "a tagline"), "its cover and contents")
    # After the language: a contact text given per language must be given in it.
    contact = _contact(check, entries["contact"][1], language) if "contact" in entries else None
    problems.raise_if_any()
    assert organisation is not None and taglines is not None and colours is not None
    per_language = taglines if taglines[0][0] else ()  # ("", text): one for every language
    tagline = tagline_in(per_language, language) if per_language else taglines[0][1]
    assert tagline is not None  # _per_language made sure the brand's language has one
    return Brand(text.collapse(organisation), tagline, colours, logo, contact,
                 taglines=per_language, language=language, catalogues=catalogues,
                 where=_where(root, source))


def _where(root: Raw, source: Source) -> tuple[tuple[str, str, int, int], ...]:
    """Where each key of the brand file, and of its contact block, was written."""
    out = []
    for key, value in root.entries:
        out.append((key.text, source.path, *source.position(value.start)))
        if key.text == "contact":
            out += [(f"contact.{k.text}", source.path, *source.position(v.start))
                    for k, v in value.entries]
    return tuple(out)


T = TypeVar("T", str, tuple[str, ...])
Read = Callable[[Checker, Raw, str], T | None]  # one value at a key, or None once reported


def _per_language(check: Checker, node: Raw, key: str, read: Read[T], language: str,
                  nouns: tuple[str, str], why: str) -> tuple[tuple[str, T], ...] | None:
    """A brand text: one for every language (("", value),), or one per language as a mapping
    of BCP 47 tags, which must include the brand's own ``language`` (``why`` it is needed).
    ``read`` reads one value; ``nouns`` name the text ("the tagline", "a tagline")."""
    if node.kind != "a mapping":
        value = read(check, node, key)
        return None if value is None else (("", value),)
    out = []
    for tag_node, entry in node.entries:
        where = f"{key}.{tag_node.text}"
        tag = language_tag(check, tag_node, where, tag_node.text)
        value = read(check, entry, where)
        if tag is not None and value is not None:
            out.append((tag, value))
    if len(out) != len(node.entries):
        return None
    the, a = nouns
    if not out:
        check.error(node, key, f"expected {the}, or {a} for each language such as "
                    "{en: ..., es: ...}; found an empty mapping")
        return None
    if lookup(dict(out), language) is None:
        check.error(node, key, f"expected {a} in the brand's language {language!r} ({why}), "
                    "found one in: " + ", ".join(tag for tag, _ in out))
        return None
    return tuple(out)


def _localised(check: Checker, node: Raw, key: str, read: Read[T], language: str,
               nouns: tuple[str, str]) -> Localised[T] | None:
    """A contact text, as ``Localised``: where a leaflet's language has none, it prints the
    text in the brand's language."""
    given = _per_language(check, node, key, read, language, nouns,
                          "what a leaflet in a language without its own prints")
    if given is None:
        return None
    return Localised(given, lookup(dict(given), language) or "")


def _bold_line(check: Checker, node: Raw, key: str) -> str | None:
    """One line of text, printed in bold: checked against the bold face."""
    value = check.string(node, key, fonts.BOLD)
    return None if value is None else text.collapse(value)


def _language(check: Checker, node: Raw, catalogues: Catalogues) -> str | None:
    """The language of the binder's own pages (cover, contents), which needs a catalogue."""
    tag = language_tag(check, node, "language", check.string(node, "language",
                                                             what="a BCP 47 language tag"))
    if tag is not None and catalogues.lookup(tag) is None:
        check.error(node, "language", f"no catalogue for {tag!r}; available: "
                    + ", ".join(catalogues.languages()))
        return None
    if tag is not None:
        wrong = cover.fits(words.For(tag, catalogues))
        if wrong:
            check.error(node, "language", f"{wrong} in {tag!r}; shorten its translation")
            return None
    return tag


def _catalogues(check: Checker, node: Raw, base: Path) -> Catalogues:
    """The clinic's own catalogues: a folder of <tag>.po files beside the brand file. Their
    problems are the brand's, each located in its own file."""
    name = check.string(node, "catalogues", what="the name of a folder of .po files")
    if name is None:
        return Catalogues()
    try:
        found, problems = read_clinic(base, name)
    except CatalogueError as e:
        check.error(node, "catalogues", str(e))
        return Catalogues()
    check.problems.problems += problems
    return Catalogues(found)


def _organisation_fits(check: Checker, node: Raw, name: str, logo: Logo | None) -> None:
    logo_width = logo.aspect * LOGO_HEIGHT if logo else 0
    if not _band.fits(text.collapse(name), "", logo_width):
        check.error(node, "organisation", (
            "expected a name that fits the header band beside the logo, on at most "
            f"{STANDARD.band_lines} lines at {STANDARD.band_min:g} pt (and {LARGE.band_lines} at "
            f"{LARGE.band_min:g} pt in large print), found {len(text.collapse(name))} characters; "
            "shorten it (the full name can go in the tagline)"))


def _colours(check: Checker, node: Raw) -> Colours | None:
    names = dict.fromkeys(DEFAULT_COLOURS.__dataclass_fields__, False)
    entries = check.mapping(node, "colours", names)
    chosen = dict(vars(DEFAULT_COLOURS))
    invalid = set()
    for name, (_, value) in entries.items():
        if name not in chosen:
            continue
        colour = check.string(value, f"colours.{name}", what="a colour such as '#0b4f6c'")
        if colour is None or not HEX.fullmatch(colour):
            if colour is not None:
                check.error(value, f"colours.{name}",
                            f"expected a colour such as '#0b4f6c', found {colour!r}")
            invalid.add(name)
            continue
        chosen[name] = colour.lower()
    for name, against, needed in _CONTRAST:
        if {name, against} & invalid:
            continue  # already reported as not a colour, or as failing another pair
        background = chosen.get(against, against)
        ratio = contrast(chosen[name], background)
        if ratio < needed:
            # Point at the colour the author wrote: the text's, or else its background's.
            at = entries.get(name, entries.get(against, (node, node)))[1]
            on = f"colours.{against} ({background})" if against in chosen else f"white ({WHITE})"
            check.error(at, f"colours.{name}", (
                f"expected a contrast of at least {needed}:1 for colours.{name} "
                f"({chosen[name]}) on {on} (WCAG 2.1 AA), found {ratio:.2f}:1; darken or "
                "lighten one of the two"))
            invalid.add(name)
    return None if invalid else Colours(**chosen)


def _logo(check: Checker, node: Raw, base: Path) -> Logo | None:
    name = check.string(node, "logo", what="the path of a PNG or SVG file")
    if name is None:
        return None
    try:
        return read_logo(base, name)
    except LogoError as e:
        check.error(node, "logo", str(e))
        return None


def _contact(check: Checker, node: Raw, language: str) -> Contact | None:
    """Who to call, printed at the end of every leaflet and in the urgent box. Its name,
    address and hours may be given per language; its numbers are the same in every one."""
    entries = check.mapping(node, "contact", _CONTACT_KEYS)
    texts: dict[str, Localised[str] | None] = {}
    for key, nouns in (("name", ("the name", "a name")), ("hours", ("the hours", "hours"))):
        if key in entries:
            texts[key] = _localised(check, entries[key][1], f"contact.{key}", _bold_line,
                                    language, nouns)
    phones: dict[str, str | None] = {}
    for key in ("phone", "out_of_hours"):
        if key in entries:
            phones[key] = _phone(check, entries[key][1], f"contact.{key}")
    if "hours" in entries and "phone" not in entries:
        check.error(entries["hours"][1], "contact.hours", "expected with contact.phone (the "
                    "hours say when that number is answered, and are printed beside it)")
        texts["hours"] = None
    address: Localised[tuple[str, ...]] | None = None
    if "address" in entries:
        address = _localised(check, entries["address"][1], "contact.address", _address,
                             language, ("the address", "an address"))
    if (None in texts.values() or None in phones.values()
            or ("address" in entries and address is None)):
        return None  # each was reported
    if not texts and not phones and address is None:
        check.error(node, "contact", "expected at least one of: " + ", ".join(_CONTACT_KEYS))
        return None
    return Contact(name=texts.get("name"), phone=phones.get("phone"),
                   out_of_hours=phones.get("out_of_hours"), hours=texts.get("hours"),
                   address=address)


def _phone(check: Checker, node: Raw, key: str) -> str | None:
    what = PHONE_EXAMPLE
    value = check.string(node, key, what=what)
    if value is None:
        return None
    value = text.collapse(value)
    if not PHONE.fullmatch(value):
        check.error(node, key, f"expected {what}, found {value!r}")
        return None
    return value


def _address(check: Checker, node: Raw, key: str) -> tuple[str, ...] | None:
    """An address: its lines kept as lines (a list, or a | block)."""
    if node.kind == "a list":
        lines = check.strings(node, key, at_least_one=True)
    else:
        value = check.string(node, key)
        lines = None if value is None else tuple(value.splitlines())
    if lines is None:
        return None
    lines = tuple(line for line in map(text.collapse, lines) if line)
    if len(lines) > MAX_ADDRESS_LINES:
        check.error(node, key, f"expected at most {MAX_ADDRESS_LINES} lines, "
                    f"found {len(lines)}")
        return None
    return lines
