"""Which monographs a run reads: files as named, a folder's ``*.yaml`` files, a pattern's
matches; what is found but must not be opened (a link out of the folder searched, a FIFO, a name
that is not UTF-8) is kept as that file's refusal, never skipped."""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..build import output_path
from ..errors import UsageError
from ..source._files import inside, kind

SUFFIXES = (".yaml", ".yml")
_PATTERN = frozenset("*?[")


@dataclass(frozen=True)
class Selection:
    """The monographs to build, in order, and how the output folder is kept."""

    sources: tuple[Path, ...]
    # A folder or a pattern was named: the output folder mirrors a formulary, so keep a
    # manifest, skip what is up to date and remove PDFs whose monograph is gone. Files named
    # one by one are simply built, as they always were.
    formulary: bool
    # Why a source is refused before it is read, by index: found in a folder (or by a
    # pattern) through a link that leads out of it, so never opened; or not a regular file
    # (a FIFO would block). Each is reported as that file's failure, never skipped.
    refused: Mapping[int, str] = field(default_factory=dict)


def discover(args: Sequence[str | Path]) -> Selection:
    """Files as named; a folder's ``*.yaml``/``*.yml`` files, sorted; a pattern's matches
    (``data/*.yaml``, ``data/**/*.yml``), sorted. Raises ``UsageError`` for a path that does
    not exist or two monographs that would be built into the same PDF.

    What a folder or pattern finds that is not a regular file (a FIFO, a folder), or that is a
    link leading out of the folder searched, is kept in ``refused``: nothing outside the folder
    is opened, and nothing is skipped without a word. A file named on the command line is the
    user's choice, wherever its links lead."""
    found: list[tuple[Path, str | None]] = []  # a file, and the real folder it must stay in
    formulary = False
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            formulary = True
            folder = os.path.realpath(path)
            found += [(p, folder) for p in sorted(path.iterdir())
                      if p.suffix.lower() in SUFFIXES]
        elif path.exists():
            found.append((path, None))
        elif _PATTERN & set(str(arg)):
            formulary = True
            folder = os.path.realpath(_searched(str(arg)))
            found += [(p, folder) for p in sorted(map(Path, glob.glob(str(arg), recursive=True)))
                      if p.suffix.lower() in SUFFIXES]
        else:
            raise UsageError(f"{arg}: no such file or folder")
    sources: list[Path] = []
    refused: dict[int, str] = {}
    seen: set[Path] = set()
    targets: dict[str, Path] = {}
    for source, within in found:
        reason = _refusal(source, within)
        if reason is not None:  # reported, however many names lead to it
            refused[len(sources)] = reason
            sources.append(source)
            continue
        real = source.resolve()
        if real in seen:
            continue
        seen.add(real)
        # casefold: on a case-insensitive disk A.yaml and a.yaml would overwrite each other
        target = output_path(source, Path()).name.casefold()
        if target in targets:
            raise UsageError(f"{targets[target]} and {source} would both be built into "
                             f"{output_path(source, Path()).name}; rename one of them")
        targets[target] = source
        sources.append(source)
    return Selection(tuple(sources), formulary, refused)


LINK_OUT = ("expected a file in the folder, found a link that leads out of it; copy the "
            "monograph into the folder, or name the link on the command line to build it from "
            "where it is")


def _refusal(source: Path, folder: str | None) -> str | None:
    """Why ``source`` cannot be a monograph, from its links and kind alone (nothing is
    opened); None if it may be read. ``folder``: the real folder it was found in."""
    if folder is not None and not inside(folder, os.path.realpath(source)):
        return LINK_OUT
    try:
        mode = os.stat(source).st_mode
    except OSError:
        return None  # gone, or a broken link: reading it says why
    return None if stat.S_ISREG(mode) else f"expected a regular file, found {kind(mode)}"


def _searched(pattern: str) -> str:
    """The folder a pattern searches: its path up to the first part with a wildcard."""
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if _PATTERN & set(part))
    return str(Path(*parts[:fixed])) if fixed else "."


NOT_UTF8 = "the file's name or folder is not valid UTF-8; rename it"


def named_in_utf8(source: Path) -> bool:
    """Whether a monograph's path can be recorded and shown; ``plan`` refuses it if not."""
    return _utf8(str(source))


def refusal(selection: Selection, index: int) -> str | None:
    """Why the source at ``index`` is refused before it is read, or None: build and check
    both report it as that file's one error."""
    reason = selection.refused.get(index)
    if reason is None and not named_in_utf8(selection.sources[index]):
        reason = NOT_UTF8
    return reason


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode's stand-ins for bytes that are not UTF-8
        return False
    return True
