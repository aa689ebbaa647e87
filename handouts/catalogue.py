"""Message catalogues (gettext): the shipped ones, a clinic's own from its brand's folder,
checked as untrusted text, and the catalogue a BCP 47 language tag falls back to."""

from __future__ import annotations

import difflib
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from babel import Locale
from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from . import fonts, text
from ._files import FileProblem, inside, read_inside
from .errors import Collector, Problem
from .fields import LANGUAGE_TAG
from .load import Raw, Source

SHIPPED = ("en", "es")  # handouts/catalogues/<tag>.po, compiled beside it as <tag>.mo
ENGLISH = "en"  # the source language: its msgids are the messages
# A clinic's catalogue is a few dozen short messages (the shipped ones are 3 KB); these bound
# what a brand folder can make every run read and check.
MAX_BYTES = 256 * 1024
MAX_FILES = 50
MAX_MESSAGE = 300  # characters: the longest English message is under 80
# Forms a message's text: a key of the monograph's messages, or a plural's forms.
Messages = dict[str, tuple[str, ...]]


class CatalogueError(Exception):
    """The brand's ``catalogues`` folder cannot be read (not its files' contents)."""


@dataclass(frozen=True)
class Catalogue:
    """A clinic's catalogue as checked: each message's English text and its forms (one, or
    one per plural form). Hashable, so the manifest's brand hash covers it."""

    language: str  # BCP 47, from the file's name: fr.po is "fr"
    messages: tuple[tuple[str, tuple[str, ...]], ...]


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
        shipped = _shipped()
        clinic = {c.language.casefold(): dict(c.messages) for c in self.clinic}
        out: Messages = {}
        for step in reversed(fallbacks(tag)):
            out.update(shipped.get(step.casefold(), {}))
            out.update(clinic.get(step.casefold(), {}))
        return out


def lookup(tags: Iterable[str], language: str) -> str | None:
    """Which of ``tags`` serves ``language`` (RFC 4647 lookup, case-insensitive): es-US →
    es-US if given, else es; zh-Hant-TW → zh-Hant, then zh. None when none fits."""
    known = {tag.casefold(): tag for tag in tags}
    return next((known[t.casefold()] for t in fallbacks(language) if t.casefold() in known),
                None)


def fallbacks(language: str) -> list[str]:
    """``es-419-x`` → [es-419-x, es-419, es]; a single-letter subtag (an extension such as
    ``-x-``) is dropped with what follows it, as RFC 4647 3.4 asks."""
    parts = language.split("-")
    out = []
    while parts:
        out.append("-".join(parts))
        parts.pop()
        while parts and len(parts[-1]) == 1:
            parts.pop()
    return out


def babel_locale(tag: str) -> str | None:
    """Babel's name of the locale for a BCP 47 tag (es-US → es_US), or None if it has none."""
    try:
        return str(Locale.parse(tag, sep="-"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def _forms(string: object) -> tuple[str, ...]:
    """A message's translation: one form, or one per plural form; "" where none is given."""
    forms = string if isinstance(string, (tuple, list)) else (string,)
    return tuple(form or "" for form in forms)


def _messages_of(catalog: Catalog) -> Messages:
    out: Messages = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        out[key] = _forms(message.string)
    return out


@cache
def _shipped() -> dict[str, Messages]:
    """The shipped catalogues, by casefolded tag, read once per process from their .mo."""
    folder = files("handouts.catalogues")
    return {tag.casefold(): _messages_of(read_mo(io.BytesIO(
        folder.joinpath(f"{tag}.mo").read_bytes()))) for tag in SHIPPED}


def english() -> Messages:
    """The English catalogue: its keys are every message handouts prints."""
    return _shipped()[ENGLISH]


def compile_po(po: str) -> bytes:
    """The .mo of a shipped .po, as ``tools/compile_catalogues.py`` writes it and a test
    checks: fuzzy and untranslated messages are left out, as msgfmt does."""
    catalog = read_po(io.StringIO(po), abort_invalid=True)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def read_clinic(base: Path, name: str) -> tuple[tuple[Catalogue, ...], list[Problem]]:
    """The clinic's catalogues in folder ``name`` of the brand file's folder ``base``: every
    ``*.po`` file in it, each named after its language (``fr.po``, ``es-US.po``). Returns the
    catalogues that passed and the problems of those that did not, located in their file;
    raises ``CatalogueError`` when the folder itself is wrong."""
    shown = base / name
    real = os.path.realpath(shown)  # lstat and readlink only: opens nothing
    if not inside(os.path.realpath(base), real):
        raise CatalogueError(f"expected a folder in the brand file's folder, found {name!r}, "
                             "which is (or leads) outside it; put the catalogues beside the "
                             "brand file")
    if not os.path.isdir(real):
        raise CatalogueError(f"expected a folder of .po files, found no folder at {str(shown)!r}")
    names = sorted(entry for entry in os.listdir(real) if entry.lower().endswith(".po"))
    if len(names) > MAX_FILES:
        raise CatalogueError(f"expected at most {MAX_FILES} .po files, found {len(names)}")
    read: list[tuple[str, Source]] = []
    problems: list[Problem] = []
    for entry in names:
        path = shown / entry
        language = entry[:-3]
        try:
            data = _read_file(real, entry)
        except CatalogueError as e:
            problems.append(Problem(str(path), None, None, "", str(e)))
            continue
        if not LANGUAGE_TAG.fullmatch(language):
            problems.append(Problem(str(path), None, None, "", (
                f"expected a file named after its language as a BCP 47 tag, such as fr.po or "
                f"es-US.po, found {entry!r}")))
            continue
        try:
            source = Source(str(path), data.decode("utf-8"))
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
            problems.append(Problem(str(path), line, column, "", (
                f"expected UTF-8 text, found the byte 0x{data[e.start]:02X}; save the file as "
                "UTF-8")))
            continue
        read.append((language, source))
    # Known first: an override is checked against the catalogue it falls back to, which may
    # be another of the clinic's (es-US.po over es.po), and so must have passed already.
    passed: list[Catalogue] = []
    for language, source in sorted(read, key=lambda item: len(item[0].split("-"))):
        collector = Collector(source.path)
        checked = _check(language, source, Catalogues(tuple(passed)), collector)
        problems += collector.problems
        if checked is not None:
            passed.append(checked)
    return tuple(passed), problems


def _read_file(folder: str, entry: str) -> bytes:
    """A catalogue's bytes: a regular file in the folder itself, never through a link."""
    try:
        return read_inside(Path(folder), entry, MAX_BYTES)
    except FileProblem as e:
        raise CatalogueError({
            "link": "expected a file in the catalogues folder, found a link to a file outside "
                    "it; put the catalogue itself there",
            "outside": "expected a file in the catalogues folder",
            "missing": "expected an existing file; it was removed while being read",
            "unreadable": f"expected a readable file ({e.detail}); check its permissions",
            "special": f"expected a .po file, found {e.detail}",
            "too big": f"expected a file of at most {MAX_BYTES:,} bytes, found {e.size:,}",
        }[e.reason]) from None


@dataclass
class _Entry:
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


def parse_po(source: Source, problems: Collector) -> list[_Entry] | None:
    """The entries of a .po file, read strictly: Babel's reader accepts a string whose closing
    quote is missing, or a msgstr written without quotes, by cutting letters off it ("Inhalt"
    becomes "nhal"), and keeps one of two entries of the same msgid silently. Here each is a
    located error. Obsolete entries (``#~``) are skipped, as gettext does."""
    entries: list[_Entry] = []
    entry: _Entry | None = None
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
            entry = _Entry(number, fuzzy=fuzzy)
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


def _append(entry: _Entry, target: tuple[str, int], value: str, offset: int) -> None:
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


def _check(language: str, source: Source, known: Catalogues,
           problems: Collector) -> Catalogue | None:
    """Check one clinic catalogue as untrusted input: every message one that handouts
    prints, its placeholders those of the English, its characters printable, and the
    language complete once the catalogue it falls back to fills the gaps."""
    locale = babel_locale(language)
    if locale is None:
        problems.add(None, None, "", f"no locale data for {language!r}, so its dates and "
                     "plurals cannot be written; name the file after a language with a known "
                     "locale (such as fr, es-US, pt-BR)")
        return None
    entries = parse_po(source, problems)
    if entries is None:
        return None
    english_messages = english()
    plural_forms = get_plural(locale).num_plurals
    messages: Messages = {}
    for entry in entries:
        msgid, line = entry.msgid, entry.line
        if msgid is None:
            continue
        key = f"msgid {msgid!r}"
        if msgid == "":  # the header: only its charset matters (the file name is the language)
            header = entry.forms.get(0, ("", 0))[0]
            match = re.search(r"charset=([\w-]+)", header)
            if match and match[1].lower() not in ("utf-8", "utf8"):
                problems.add(line, 1, "", "expected charset=UTF-8 in the Content-Type header, "
                             f"found {match[1]!r}")
            continue
        if entry.context is not None:
            problems.add(line, 1, key, "expected no msgctxt: handouts uses none; remove it")
            continue
        if msgid not in english_messages:
            close = difflib.get_close_matches(msgid, english_messages, n=1, cutoff=0.6)
            hint = (f"did you mean {close[0]!r}?" if close
                    else "see handouts/catalogues/en.po for the messages it prints")
            problems.add(line, 1, key, f"unknown message: handouts never prints it; {hint}")
            continue
        english_forms = english_messages[msgid]
        plural = entry.plural is not None
        if plural != (len(english_forms) > 1) or (plural and entry.plural != english_forms[1]):
            problems.add(line, 1, key, f"expected msgid_plural {english_forms[1]!r}"
                         if len(english_forms) > 1 else "expected a message without "
                         "msgid_plural")
            continue
        if entry.fuzzy:
            problems.add(line, 1, key, "the translation is marked fuzzy (to be checked) and "
                         "would not be printed; check it, then remove the fuzzy flag")
            continue
        forms = [entry.forms[n] for n in sorted(entry.forms)]
        if not any(text_ for text_, _ in forms):
            continue  # untranslated: the catalogue it falls back to, if any, gives it
        if plural and sorted(entry.forms) != list(range(plural_forms)):
            problems.add(line, 1, key, f"expected {plural_forms} plural forms for "
                         f"{language!r} (msgstr[0] to msgstr[{plural_forms - 1}]), found "
                         f"{len(forms)}")
            continue
        checked = [_form(text_, english_forms[0], source, at, key, problems)
                   for text_, at in forms]
        if None not in checked:
            messages[msgid] = tuple(f for f in checked if f is not None)
    # What it falls back to: the shipped catalogue of its own tag (an override), or of its
    # language (es-US over es), or a clinic catalogue checked before it.
    base_tag = known.lookup(language)
    base = known.messages(base_tag) if base_tag else {}
    missing = [m for m in english_messages if m not in messages and m not in base]
    if missing:
        shown = ", ".join(repr(m) for m in missing[:3]) + (
            f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        problems.add(1, 1, "", (
            f"expected a translation of every message for {language!r}, which falls back to "
            f"{'no other catalogue' if base_tag is None else repr(base_tag)}; missing "
            f"{len(missing)}: {shown} (copy handouts/catalogues/en.po and translate it)"))
    if problems.problems:
        return None
    return Catalogue(language, tuple(sorted(messages.items())))


def _form(form: str, english: str, source: Source, at: int, key: str,
          problems: Collector) -> str | None:
    """One translated form, written from offset ``at`` of the file: one line of printable
    text with the English placeholders."""
    from .validate import Checker  # validation's character checks, which import this module
    from .words import placeholders

    end = source.text.find("\n\n", at)
    node = Raw("text", form, at, len(source.text) if end < 0 else end)
    line_at, column = source.position(at)
    if "\n" in form or "\t" in form:
        problems.add(line_at, column, key, "expected one line of text, found a line break or "
                     "tab (\\n, \\t); write it on one line")
        return None
    if len(form) > MAX_MESSAGE:
        problems.add(line_at, column, key, f"expected at most {MAX_MESSAGE} characters, found "
                     f"{len(form)}")
        return None
    try:
        found = placeholders(form)
    except ValueError as e:
        problems.add(line_at, column, key, f"expected placeholders written {{name}}, found "
                     f"{e}; write a brace as it is in the English message")
        return None
    wanted = placeholders(english)
    if found != wanted:
        problems.add(line_at, column, key, (
            f"expected the placeholders of the English message exactly "
            f"({', '.join('{' + p + '}' for p in wanted) or 'none'}), found "
            f"{', '.join('{' + p + '}' for p in found) or 'none'}; keep each {{name}} as it is"))
        return None
    check = Checker(source, problems)
    # Headings and labels are bold, sentences regular: the text must print in both faces.
    value = check.string(node, key, fonts.BOLD)
    if value is not None:
        value = check.string(node, key, fonts.REGULAR)
    return None if value is None else text.collapse(value)
