"""The monograph format as a JSON Schema (draft 2020-12), made from the table of fields and
the fonts' coverage, so that an editor can check a monograph as it is typed.

It says what a JSON Schema can say: the keys, their types, required keys, the form of dates,
languages and addresses, and which characters a text may hold. The loader checks more (see
``LOADER_ONLY``); anything the schema refuses, the loader refuses too.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from ..i18n.tags import LANGUAGE_TAG
from ..pdf import fonts
from . import _chars
from .fields import FIELDS, FORMAT_VERSION, Kind
from .validate import MAX_URL

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# What only the loader checks, because a JSON Schema cannot say it (README, "check").
LOADER_ONLY = (
    "YAML itself: duplicate keys, tags, anchors and aliases, nesting depth, file size, encoding",
    "a generic name that fits the page header, and an address that fits the footer",
    "at most 5,000 words and 40,000 characters in a paragraph or item (paragraphs are split "
    "at blank lines), and 200 characters between spaces",
    "next_review after reviewed, and a real calendar date (2025-02-30 has the right form)",
    "that the monograph's language has a message catalogue",
)

# Whitespace a text may hold besides the characters the fonts draw.
_SPACES = "\t\n\r "


def _escape(code: int) -> str:
    return f"\\u{code:04X}"


def _ranges(codes: list[int]) -> str:
    """A regex character class body for sorted code points, as ranges."""
    out = []
    start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        out.append(_escape(start) if start == prev else f"{_escape(start)}-{_escape(prev)}")
        start = prev = code
    return "".join(out)


@cache
def printable(face: fonts.Face) -> str:
    """A pattern for text of nothing but characters a leaflet prints in ``face``: drawn by
    the face or its fallback, and not refused (controls, invisible and bidi characters,
    right-to-left letters, characters beyond U+FFFF)."""
    drawable = fonts.primary_coverage(face) | fonts.fallback_coverage(face) | set(_SPACES)
    codes = sorted(ord(c) for c in drawable
                   if (not _chars.astral(c) and not any(_chars.refused(c))
                   and unicodedata.category(c) not in ("Cc", "Cs", "Cn"))
                   or c in _SPACES)
    return f"^[{_ranges(codes)}]*$"


def _text(face: fonts.Face = fonts.REGULAR) -> dict[str, Any]:
    # Not empty or white space only, and every character printable.
    return {"type": "string", "allOf": [{"pattern": r"\S"}, {"pattern": printable(face)}]}


def _kind(kind: Kind) -> dict[str, Any]:
    if kind == "name":
        return {"$ref": "#/$defs/name"}
    if kind == "names":
        return {"type": "array", "items": {"$ref": "#/$defs/text"}}
    if kind == "bullets":
        return {"$ref": "#/$defs/bullets"}
    if kind == "text":
        return {"oneOf": [{"$ref": "#/$defs/text"}, {"$ref": "#/$defs/bullets"}]}
    if kind == "language":
        return {"type": "string", "pattern": f"^{LANGUAGE_TAG.pattern}$"}
    if kind == "date":
        return {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    if kind == "status":
        return {"const": "draft"}
    if kind == "url":
        label = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
        port = (r"([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]"
                r"|6553[0-5])")  # 1 to 65535
        char = r"([A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})"  # RFC 3986
        return {"type": "string", "maxLength": MAX_URL,
                "pattern": rf"^https://({label}\.)+[A-Za-z]{{2,63}}(:{port})?([/?#]{char}*)?$"}
    raise AssertionError(kind)


def schema() -> dict[str, Any]:
    """The JSON Schema of a monograph, as plain data."""
    return {
        "$schema": DIALECT,
        "$id": f"urn:handouts:monograph:{FORMAT_VERSION}",
        "title": f"handouts monograph, format version {FORMAT_VERSION}",
        "description": "A drug monograph that handouts turns into a patient leaflet. Checked "
                       "here as far as a schema can; `handouts check` checks the rest.",
        "type": "object",
        "additionalProperties": False,
        "required": [f.key for f in FIELDS if f.required],
        "properties": {f.key: {"description": f.help, **_kind(f.kind)} for f in FIELDS},
        "$defs": {
            "text": _text(),
            "name": _text(fonts.BOLD),
            "bullets": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/text"}},
        },
    }
