"""Raw YAML nodes → the typed model, collecting every problem of a file before raising."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

from . import fonts, text
from ._colour import HEX, WHITE, contrast
from .errors import Collector
from .load import REPORTED, Raw, Source, find_control
from .model import (
    SECTIONS,
    Block,
    Brand,
    BulletList,
    Colours,
    Logo,
    Monograph,
    Paragraph,
    Section,
)

# BCP 47, as far as a leaflet needs: a language subtag, then optional script/region/variants.
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
AA_TEXT = 4.5  # WCAG 2.1 AA, 1.4.3: normal-size text
AA_GRAPHIC = 3.0  # WCAG 2.1 AA, 1.4.11: bullets and rules that carry meaning


class _Checker:
    """Shared by the monograph and brand schemas: typed reads that record what is wrong."""

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
            self.error(node, key, f"expected a mapping of keys, found {_found(node)}")
            return {}
        entries = {k.text: (k, v) for k, v in node.entries}
        for name, (k, _) in entries.items():
            if name not in known:
                path = f"{key}.{name}" if key else name
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
        control = find_control(value)
        if control:  # written as an escape: the loader's scan of the file could not see it
            self.error(node, key, "expected printable text, found the control character "
                       f"U+{ord(control.group()):04X}")
            return None
        bad = False
        for char_at in fonts.undrawable(value, face):
            char = value[char_at]
            name = unicodedata.name(char, "unnamed character")
            self.error(node, key, (
                f"cannot print U+{ord(char):04X} {name} ({char!r}): no bundled font has it; "
                "write it another way"), index=self._locate(node, value, char_at))
            bad = True
        return None if bad else value

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


_MONOGRAPH_KEYS = {
    "name": True,
    "brand_names": False,
    "language": False,
    "how_it_is_administered": True,
    "how_it_works": True,
    "common_side_effects": True,
    "serious_side_effects": False,
    "who_should_take_it": True,
    "who_should_not_take_it": True,
    "commonly_used_with": False,
    "commonly_tested_with": False,
}


_TEXT_KEYS = tuple(k for k in _MONOGRAPH_KEYS
                   if k not in ("name", "brand_names", "language", "common_side_effects"))


def monograph(root: Raw, source: Source, problems: Collector) -> Monograph:
    """Validate a monograph; raises ``InputError`` with every problem of the file."""
    check = _Checker(source, problems)
    entries = check.mapping(root, "", _MONOGRAPH_KEYS)
    given = {key: value for key, (_, value) in entries.items()}

    name: str | None = None
    if "name" in given:
        name = check.string(given["name"], "name", fonts.BOLD, "the generic name as text")
    brand_names: tuple[str, ...] | None = ()
    if "brand_names" in given:
        brand_names = check.strings(given["brand_names"], "brand_names", at_least_one=False)
    language: str | None = "en"
    if "language" in given:
        language = _language(check, given["language"], "language")
    side_effects: tuple[str, ...] | None = None
    if "common_side_effects" in given:
        side_effects = check.strings(given["common_side_effects"], "common_side_effects",
                                     at_least_one=True)
    texts = {key: _text(check, given[key], key) for key in _TEXT_KEYS if key in given}
    problems.raise_if_any()
    # Every required key was present and valid, or a problem was raised above.
    assert name is not None and brand_names is not None and language is not None
    assert side_effects is not None

    sections = []
    for key, heading in SECTIONS:
        if key == "common_side_effects":
            blocks: tuple[Block, ...] = (BulletList(tuple(map(text.collapse, side_effects))),
                                         *(texts.get("serious_side_effects") or ()))
        else:
            blocks = texts.get(key) or ()
        if blocks:
            sections.append(Section(key, heading, blocks))
    return Monograph(
        name=text.collapse(name),
        brand_names=tuple(map(text.collapse, brand_names)),
        language=language,
        sections=tuple(sections),
    )


def _text(check: _Checker, node: Raw, key: str) -> tuple[Block, ...] | None:
    """A text field: paragraphs separated by blank lines, or a list printed as bullets."""
    if node.kind == "a list":
        items = check.strings(node, key, at_least_one=True)
        return None if items is None else (BulletList(tuple(text.collapse(i) for i in items)),)
    value = check.string(node, key)
    return None if value is None else tuple(Paragraph(p) for p in text.paragraphs(value))


def _language(check: _Checker, node: Raw, key: str) -> str | None:
    value = check.string(node, key, what="a BCP 47 language tag such as en or en-GB")
    if value is not None and not _LANGUAGE.fullmatch(value):
        check.error(node, key, f"expected a BCP 47 language tag such as en or en-GB, "
                    f"found {value!r}")
        return None
    return value


_BRAND_KEYS = {"organisation": True, "tagline": True, "colours": False, "logo": False}
DEFAULT_COLOURS = Colours(band="#0b4f6c", band_text="#ffffff", heading="#0b4f6c",
                          text="#1a1a1a", rule="#2a7f62")
# Which colours are text on which background, with the contrast each needs.
_CONTRAST = {
    "band_text": ("band", AA_TEXT),
    "heading": (WHITE, AA_TEXT),
    "text": (WHITE, AA_TEXT),
    "rule": (WHITE, AA_GRAPHIC),
}


def brand(root: Raw, source: Source, problems: Collector) -> Brand:
    """Validate a brand file; raises ``InputError`` with every problem of the file."""
    check = _Checker(source, problems)
    entries = check.mapping(root, "", _BRAND_KEYS)
    organisation = tagline = None
    if "organisation" in entries:
        organisation = check.string(entries["organisation"][1], "organisation", fonts.BOLD)
    if "tagline" in entries:
        tagline = check.string(entries["tagline"][1], "tagline", fonts.BOLD)
    colours = _colours(check, entries["colours"][1]) if "colours" in entries else DEFAULT_COLOURS
    logo = _logo(check, entries["logo"][1], Path(source.path).parent) if "logo" in entries else None
    problems.raise_if_any()
    assert organisation is not None and tagline is not None and colours is not None
    return Brand(text.collapse(organisation), text.collapse(tagline), colours, logo)


def _colours(check: _Checker, node: Raw) -> Colours | None:
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
    for name, (against, needed) in _CONTRAST.items():
        if {name, against} & invalid:
            continue  # already reported as not a colour
        background = chosen.get(against, against)
        ratio = contrast(chosen[name], background)
        if ratio < needed:
            # Point at the colour the author wrote: the text's, or else its background's.
            at = entries.get(name, entries.get(against, (node, node)))[1]
            check.error(at, f"colours.{name}", (
                f"expected a contrast of at least {needed}:1 against {background} (WCAG 2.1 AA), "
                f"found {ratio:.2f}:1"))
            invalid.add(name)
    return None if invalid else Colours(**chosen)


def _logo(check: _Checker, node: Raw, base: Path) -> Logo | None:
    name = check.string(node, "logo", what="the path of a PNG or SVG file")
    if name is None:
        return None
    path = base / name
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        check.error(node, "logo", f"expected a .png or .svg file, found {name!r}")
        return None
    if not path.is_file():
        check.error(node, "logo", f"expected an existing file, found no file at {str(path)!r}")
        return None
    if kind == "svg" and b"<text" in path.read_bytes():
        check.error(node, "logo", "expected an SVG whose text is converted to paths, found "
                    "<text> elements (their font could not be embedded)")
        return None
    return Logo(path, kind)
