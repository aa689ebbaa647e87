"""A new monograph to fill in: every key of the format, each with a comment saying what belongs
there, made from the table of fields. Its values are left empty, so an unfilled template is
refused by `handouts check` and `handouts build`; it can never print a placeholder."""

from __future__ import annotations

import re
import textwrap
import unicodedata

from .fields import FIELDS, FORMAT_VERSION, Field

_EMPTY = {"name": None, "names": "[]", "language": "en", "text": '""', "bullets": "[]",
          "date": '""', "url": '""'}


def file_name(name: str) -> str:
    """``Inotuzumab ozogamicin`` → ``inotuzumab-ozogamicin.yaml``: lower case, hyphens,
    letters stripped of accents; "" when nothing is left (a name in another script)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"{slug}.yaml" if slug else ""


def template(name: str) -> str:
    """The YAML of a new monograph for the drug ``name``."""
    lines = [f"# A new monograph (format version {FORMAT_VERSION}): fill in every value. Required "
             "keys must be",
             "# filled; delete an optional key you do not need. Cite your sources in a comment.",
             "# `handouts check` reports what is still missing."]
    for field in (f for f in FIELDS if f.template):
        lines += _comment(field)
        value = _quote(name) if field.kind == "name" else _EMPTY[field.kind]
        lines.append(f"{field.key}: {value}")
    return "\n".join(lines) + "\n"


def _comment(field: Field) -> list[str]:
    status = "required" if field.required else "optional"
    return textwrap.wrap(f"{field.help} ({status})", width=96, initial_indent="# ",
                         subsequent_indent="# ")


def _quote(text: str) -> str:
    """A YAML double-quoted scalar: the name as typed, whatever it holds."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
