"""A clinic's own catalogues, from the folder its brand file names: read as untrusted files and
checked message by message against the English, as text a leaflet must print."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from ..errors import Collector, Problem, Source
from ..i18n.catalogue import Catalogue, Catalogues, Messages, english
from ..i18n.po import Entry, parse_po
from ..i18n.review import STATUS, Review, review_of
from ..i18n.tags import LANGUAGE_TAG, babel_locale
from ..i18n.words import placeholders
from ..pdf import fonts
from ..source import text
from ..source._files import FileProblem, inside, read_inside
from ..source.checker import Checker
from ..source.load import Raw

# A clinic's catalogue is a few dozen short messages (the shipped ones are 3 KB); these bound
# what a brand folder can make every run read and check.
MAX_BYTES = 256 * 1024
MAX_FILES = 50
MAX_MESSAGE = 300  # characters: the longest English message is under 80


class CatalogueError(Exception):
    """The brand's ``catalogues`` folder cannot be read (not its files' contents)."""


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
    if (entries := parse_po(source, problems)) is None:
        return None
    english_messages = english()
    plural_forms = _plural_forms(locale)
    messages: Messages = {}
    # The header: its charset and review status (unreviewed unless it says otherwise).
    header = next((e for e in entries if e.msgid == ""), None)
    review = Review() if header is None else _header(header, source, problems)
    for entry in entries:
        msgid, line = entry.msgid, entry.line
        if not msgid:
            continue  # none, or the header
        key = f"msgid {msgid!r}"
        if entry.context is not None:
            problems.add(line, 1, key, "expected no msgctxt: handouts uses none; remove it")
            continue
        if msgid not in english_messages:
            close = difflib.get_close_matches(msgid, english_messages, n=1, cutoff=0.6)
            hint = (f"did you mean {close[0]!r}?" if close
                    else "see handouts/i18n/catalogues/en.po for the messages it prints")
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
    _complete(language, messages, known, problems)
    if problems.problems:
        return None
    return Catalogue(language, tuple(sorted(messages.items())), review)


def _header(entry: Entry, source: Source, problems: Collector) -> Review:
    """The review status the header records, its charset checked; a malformed status is an
    error at its line."""
    text_, at = entry.forms.get(0, ("", 0))
    _charset(text_, entry.line, problems)
    try:
        return review_of(text_)
    except ValueError as e:
        found = source.text.find(STATUS, at)
        line, column = source.position(found if found >= 0 else at)
        problems.add(line, column, STATUS, str(e))
        return Review()


def _charset(header: str, line: int, problems: Collector) -> None:
    match = re.search(r"charset=([\w-]+)", header)
    if match and match[1].lower() not in ("utf-8", "utf8"):
        problems.add(line, 1, "", "expected charset=UTF-8 in the Content-Type header, "
                     f"found {match[1]!r}")


def _complete(language: str, messages: Messages, known: Catalogues,
              problems: Collector) -> None:
    """Every message is translated, here or in the catalogue ``language`` falls back to."""
    english_messages = english()
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
            f"{len(missing)}: {shown} (copy handouts/i18n/catalogues/en.po and translate it)"))


def _form(form: str, english: str, source: Source, at: int, key: str,
          problems: Collector) -> str | None:
    """One translated form, written from offset ``at`` of the file: one line of printable
    text with the English placeholders."""
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


def _plural_forms(locale: str) -> int:
    """How many forms a plural message has in ``locale``, by Babel's table (imported here:
    babel.messages brings its catalogue machinery and the email package, ~11 ms)."""
    from babel.messages.plurals import get_plural

    return int(get_plural(locale).num_plurals)
