"""The library's error types: where a fault lies (a source file, a located problem), and the
exceptions that carry them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

KEY_SHOWN = 60  # characters of a key path in a message: enough to find it, not a paragraph


@dataclass(frozen=True)
class Source:
    """A decoded input file; turns character offsets back into lines and columns."""

    path: str
    text: str
    sha256: str = ""  # of the bytes read, so a build records exactly what it was built from

    def position(self, index: int) -> tuple[int, int]:
        """1-based line and column of the character at ``index``."""
        line = self.text.count("\n", 0, index) + 1
        column = index - (self.text.rfind("\n", 0, index) + 1) + 1
        return line, column


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located like a compiler message."""

    path: str
    line: int | None  # 1-based; None where the whole file is at fault
    column: int | None  # 1-based
    key: str  # key path, e.g. "common_side_effects[3]"; "" for the file itself
    message: str  # what was expected and what was found

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {self.key_shown}:" if self.key else ""
        return f"{where}:{key} {_one_line(self.message)}"

    @property
    def key_shown(self) -> str:
        """The key path as messages show it, text and json alike: one line, at most
        ``KEY_SHOWN`` characters."""
        return _one_line(self.key, KEY_SHOWN)


def _one_line(text: str, limit: int | None = None) -> str:
    """A message is one line, whatever a file put in a key (a key can be a paragraph)."""
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[:limit - 3] + "..."


class HandoutsError(Exception):
    """Base of every error the library raises on purpose."""


class UsageError(HandoutsError):
    """The request cannot be carried out as asked, whatever the inputs hold: a path that does
    not exist, two monographs that would write one PDF, options that contradict each other
    (the command line's exit status 2)."""


class InputError(HandoutsError):
    """An input file (monograph or brand) is wrong; carries every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(HandoutsError):
    """Laying out, rendering or writing a leaflet failed for a reason that is not the input's."""


MAX_PROBLEMS = 100  # shown per file: past that, a count (a file pasted in the wrong script)


class Collector:
    """Gathers problems so that a file's errors are reported together, not one per run."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int | None, column: int | None, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, column, key, message))

    def raise_if_any(self) -> None:
        if self.problems:
            # The file's own problems first, then those of files it names (a brand's
            # catalogues), each file's in order.
            self.problems.sort(key=lambda p: (p.path != self.path, p.path, p.line or 0,
                                              p.column or 0))
            shown = self.problems[:MAX_PROBLEMS]
            if len(self.problems) > MAX_PROBLEMS:
                more = len(self.problems) - MAX_PROBLEMS
                shown.append(Problem(self.path, None, None, "",
                                     f"and {more:,} more problems; fix these first"))
            raise InputError(shown)
