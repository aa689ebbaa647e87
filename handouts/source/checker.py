"""Typed reads of raw YAML nodes that record what is wrong instead of raising: text in a face
the fonts draw, lists, mappings with known keys, and the bounds that keep a paragraph quick to
lay out. Monographs, brand files and clinic catalogues are all read through a ``Checker``."""

from __future__ import annotations

import difflib
from typing import Protocol

from ..errors import Collector, Source
from ..pdf import fonts
from . import _chars, text
from .load import REPORTED, Raw, find_unprintable, unprintable

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


class Fit(Protocol):
    """What must fit the page, as the page measures it (``page.fit.PAGE``): validation
    measures nothing itself, so that the source stage never reaches up into the page."""

    name_lines: int  # of the header band, for the generic name

    def name(self, name: str) -> bool: ...

    def url(self, url: str) -> bool: ...


class Checker:
    """Typed reads of raw nodes that record what is wrong; the brand file uses them too."""

    def __init__(self, source: Source, problems: Collector, fit: Fit | None = None) -> None:
        self.source = source
        self.problems = problems
        self.fit = fit  # a monograph's checks need it; a brand's and a catalogue's do not

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
            shown = found(node) if key else node.kind
            self.error(node, key, f"expected a mapping of keys, found {shown}")
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
            self.error(node, key, f"expected {what}, found {found(node)}")
            return None
        value = text.normalise(node.text)
        if not text.collapse(value).strip():  # a soft hyphen alone prints nothing
            self.error(node, key, f"expected {what}, found an empty string")
            return None
        control = find_unprintable(value)
        if control:  # written as an escape: the loader's scan of the file could not see it
            self.error(node, key, unprintable(control.group()))
            return None
        # Each character once: most texts are ASCII or a few dozen characters repeated, and
        # every one of them passes here (a Python step per character cost ~5 ms a leaflet).
        if (max(value) <= "\uffff" and not any(map(_chars.fault, set(value)))
                and not fonts.undrawable(value, face)):
            return value
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
        collapsed = text.collapse(paragraph)
        runs = collapsed.split(" ")  # no-break spaces join, as ReportLab's do
        longest = max(map(len, runs))
        if longest > MAX_RUN:
            self.error(node, key, f"expected at most {MAX_RUN} characters between spaces, "
                       f"found {longest:,} in a row; put spaces in it (a web address of up "
                       f"to {MAX_RUN} characters fits)")
            return False
        # Words as str.split finds them (a no-break space parts two): the common case, no run
        # longer than LINE_RUN, in one call rather than a Python step per word.
        words = (len(collapsed.split()) if longest <= LINE_RUN else
                 sum(len(run) if len(run) > LINE_RUN else len(run.split()) for run in runs))
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
            self.error(node, key, f"expected a list of text items, found {found(node)}")
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


def found(node: Raw) -> str:
    if node.kind in ("a list", "a mapping", "an alias", "nothing"):
        return node.kind
    shown = node.text if len(node.text) <= 40 else node.text[:37] + "..."
    return f"{node.kind} ({shown!r})" if node.kind != "text" or shown else "an empty string"
