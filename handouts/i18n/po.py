"""The strict reader of gettext .po files: every fault a located error, where Babel's reader
would silently cut or drop text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import Collector, Source


@dataclass
class Entry:
    """One message of a .po file as written: where it is, for messages that point at it."""

    line: int  # of its msgid
    context: str | None = None
    msgid: str | None = None
    plural: str | None = None
    forms: dict[int, tuple[str, int]] = field(default_factory=dict)  # n → (text, offset)
    fuzzy: bool = False


_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d)\])?)[ \t]+(?=\")")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*$')
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t"}


# Long: one pass of a line-by-line state machine, whose state (the entry, the field a
# continuation adds to, a pending fuzzy flag, the offset) every part reads and changes.
def parse_po(source: Source, problems: Collector) -> list[Entry] | None:
    """The entries of a .po file, read strictly: Babel's reader accepts a string whose closing
    quote is missing, or a msgstr written without quotes, by cutting letters off it ("Inhalt"
    becomes "nhal"), and keeps one of two entries of the same msgid silently. Here each is a
    located error. Obsolete entries (``#~``) are skipped, as gettext does."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # the field a continuation string adds to
    fuzzy = False
    bad = False
    offset = 0
    for number, line in enumerate(source.text.split("\n"), start=1):
        at, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped:
            target = None
            continue
        if stripped.startswith("#"):
            fuzzy = fuzzy or (stripped.startswith("#,") and "fuzzy" in stripped[2:].replace(
                ",", " ").split())
            target = None
            continue
        keyword = _KEYWORD.match(stripped)
        rest = stripped[keyword.end():] if keyword else stripped
        column = len(line) - len(line.lstrip()) + (keyword.end() if keyword else 0) + 1
        string = _STRING.match(rest)
        if string is None or (keyword is None and target is None):
            problems.add(number, column if keyword else len(line) - len(line.lstrip()) + 1, "",
                         "expected a keyword (msgid, msgid_plural, msgstr, msgstr[n]) and a "
                         "string in double quotes, with \\\" for a quote inside it")
            bad, target = True, None
            if keyword is not None:
                entry = None  # what follows belongs to no message
            continue
        value = _unescape(string[1])
        if value is None:
            problems.add(number, column, "", "expected only the escapes \\\\, \\\", \\n and "
                         "\\t in a string")
            bad, value = True, ""  # reported once, not again as a missing msgstr
        if keyword is None:
            assert target is not None and entry is not None
            _append(entry, target, value, at + column)
            continue
        name, index = keyword[1], int(keyword[2]) if keyword[2] else None
        if name in ("msgctxt", "msgid") and (entry is None or entry.forms or name == "msgctxt"
                                             or entry.msgid is not None):
            entry = Entry(number, fuzzy=fuzzy)
            entries.append(entry)
            fuzzy = False
        if entry is None or (name.startswith("msgstr") and entry.msgid is None):
            problems.add(number, 1, "", f"expected msgid before {name}")
            bad, target = True, None
            continue
        if name == "msgctxt":
            entry.context = value
        elif name == "msgid":
            entry.msgid, entry.line = value, number
        elif name == "msgid_plural":
            entry.plural = value
        else:
            n = 0 if index is None else index
            if n in entry.forms or (index is None) == (entry.plural is not None):
                problems.add(number, 1, "", "expected msgstr after a msgid, and msgstr[0], "
                             "msgstr[1]... after a msgid_plural, each once")
                bad = True
            entry.forms[n] = (value, at + column)
        target = (name, 0 if index is None else index)
    seen: dict[tuple[str | None, str], int] = {}
    for e in entries:
        if e.msgid is None:
            continue
        if (e.context, e.msgid) in seen:
            problems.add(e.line, 1, f"msgid {e.msgid!r}", "expected each message once, found "
                         f"it again (first on line {seen[(e.context, e.msgid)]}); keep one")
            bad = True
        seen.setdefault((e.context, e.msgid), e.line)
        if not e.forms:
            problems.add(e.line, 1, f"msgid {e.msgid!r}", "expected a msgstr after the msgid")
            bad = True
    return None if bad else entries


def _append(entry: Entry, target: tuple[str, int], value: str, offset: int) -> None:
    name, n = target
    if name == "msgctxt":
        entry.context = (entry.context or "") + value
    elif name == "msgid":
        entry.msgid = (entry.msgid or "") + value
    elif name == "msgid_plural":
        entry.plural = (entry.plural or "") + value
    else:
        text_, start = entry.forms[n]
        entry.forms[n] = (text_ + value, start if text_ else offset)


def _unescape(value: str) -> str | None:
    out, i = [], 0
    while i < len(value):
        char = value[i]
        if char == "\\":
            escaped = _ESCAPES.get(value[i + 1:i + 2])
            if escaped is None:
                return None
            out.append(escaped)
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)
