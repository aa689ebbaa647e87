"""A big binder's leaflets joined in two processes: the second half's object numbers and
parent-tree keys are allotted before either half is joined, past what the first half can take
(each leaflet's trailer /Size bounds its objects), so a second process copies and serialises
its half into a chunk file while this one does the first; the chunk is then appended and its
numbers taken over (``Joiner.merge``). The bytes depend on the leaflets alone, never on which
process finished first, nor on whether there was a second process at all.

Each half shares fonts and forms among its own leaflets: one the two halves have in common is
stored twice (0.2 % of a binder of 1,000 leaflets). If the halves tag two different subsets
alike, or the first half took more than its bound, the binder is joined again in one pass
(``Overlap``).
"""

from __future__ import annotations

import multiprocessing
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pikepdf

from ..pdf import _objstm
from ._objects import JoinError
from ._pdfjoin import Added, Half, Joiner

# Below this many leaflets (some 0.3 s of joining) a second process is not worth its fork, its
# bounds and the merge (6.5 % more work in all, README: Benchmarks). The bytes differ from a
# join in one pass (the numbering does), so it is a fixed number, never the machine's cores.
FROM = 100
# The second process's share of the leaflets' bytes: a little less than half, as it also draws
# and joins the front matter (``Front``); after the merge this process works alone either way.
# 0.58 of the leaflets by count, with the front matter joined before the fork, left this one
# waiting some 0.5 s of 5; at 0.46 of the bytes this one was last by 0.05-0.1 s (load 1.1).
SECOND = 0.47
FORK = "fork" in multiprocessing.get_all_start_methods()  # else both halves in this process


class _Source(Protocol):
    @property
    def pdf(self) -> Path: ...
    @property
    def size(self) -> int: ...  # its file's bytes: what joining it costs, roughly


S = TypeVar("S", bound=_Source)
Add = Callable[[Joiner, S], Added]


def join(joiner: Joiner, sources: Sequence[S], add: Add[S], check: Callable[[], None],
         folder: Path, front: Front, halves: bool = True) -> list[Added]:
    """``add`` each source in turn to ``joiner``, after ``front``: a big binder in two halves
    (``halves``), the second's chunk written to a temporary file in ``folder`` (beside the
    binder: it is as big as half of it). ``check`` is called between sources, in both
    processes."""
    if not halves or len(sources) < FROM:
        front.add(joiner)
        return [_added(joiner, source, add, check) for source in sources]
    cut = split(sources)
    first, second = sources[:cut], sources[cut:]
    # The front matter's keys come first, as its pages do; it is joined by the second process.
    front_key = joiner.next_key
    joiner.next_key += front.keys
    with tempfile.TemporaryFile(dir=folder) as chunk:
        args = (joiner, first, second, add, check, chunk, front, front_key)
        if FORK and not multiprocessing.current_process().daemon:  # which may have no child
            added, (later, half) = _forked(*args)
        else:
            later, half = _second(*args)
            added = [_added(joiner, source, add, check) for source in first]
        joiner.merge(half, chunk)
    return added + later


@dataclass(frozen=True)
class Front:
    """The front matter: ``add`` joins it to a joiner; it takes at most ``keys`` parent-tree
    keys. In halves it is drawn and joined by the second process after its leaflets (0.25 s
    of 1,000 leaflets' contents that ran alone before the fork), its pages put first."""

    add: Callable[[Joiner], object]
    keys: int


def split(sources: Sequence[S]) -> int:
    """Where the second half begins: nearest to ``SECOND`` of the bytes (a leaflet whose
    middle falls in it goes with it), so that both halves end together: a leaflet's join
    takes time roughly as its size, where a count put 1-page and 7-page leaflets alike.
    Never an empty half."""
    total, remaining = sum(source.size for source in sources), 0
    cut = len(sources)
    while cut > 1 and 2 * remaining + sources[cut - 1].size <= 2 * total * SECOND:
        cut -= 1
        remaining += sources[cut].size
    return min(cut, len(sources) - 1)


def _added(joiner: Joiner, source: S, add: Add[S], check: Callable[[], None]) -> Added:
    check()
    return add(joiner, source)


def _second(joiner: Joiner, first: Sequence[S], second: Sequence[S], add: Add[S],
            check: Callable[[], None], chunk: Any, front: Front,
            front_key: int) -> tuple[list[Added], Half]:
    """Join ``second`` into ``chunk``, numbered past all that ``first`` can take in
    ``joiner`` as it is now, then the front matter, its keys from ``front_key``."""
    bounds = [bound(source.pdf) for source in first]
    start = len(joiner.offsets) + sum(objects for objects, _ in bounds)
    first_key = joiner.next_key + sum(keys for _, keys in bounds)
    half = joiner.half(chunk, start, first_key)
    added = [_added(half, source, add, check) for source in second]
    check()
    half.add_first(front.add, front_key, front.keys)
    written = half.written(start, first_key)
    chunk.flush()  # a child leaves by os._exit, which flushes nothing
    return added, written


def _forked(joiner: Joiner, first: Sequence[S], second: Sequence[S], add: Add[S],
            check: Callable[[], None], chunk: Any, front: Front,
            front_key: int) -> tuple[list[Added], tuple[list[Added], Half]]:
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=_child, args=(send, joiner, first, second, add, check, chunk, front, front_key),
        daemon=True)
    process.start()
    send.close()
    try:
        added = [_added(joiner, source, add, check) for source in first]
        try:
            outcome, value = receive.recv()
        except EOFError:
            process.join()
            raise JoinError(f"the process joining the second half stopped (exit code "
                            f"{process.exitcode})") from None
        process.join()
    finally:
        receive.close()
        if process.is_alive():  # this half failed or was stopped: the other's work is moot
            process.kill()
            process.join()
    if outcome == "failed":
        raise value
    later: tuple[list[Added], Half] = value
    return added, later


def _child(send: Connection, *args: Any) -> None:
    try:
        result: tuple[str, Any] = ("done", _second(*args))
    except BaseException as e:  # handed to the parent, which raises it
        result = ("failed", e)
    try:
        send.send(result)
    except Exception as e:  # an exception that does not pickle
        send.send(("failed", JoinError(f"the second half failed: {result[1]!r} ({e})")))
    send.close()


# Where a file of ours keeps its trailer: the cross-reference stream at startxref (pdf/_objstm).
_TAIL = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF = re.compile(rb"\d+ 0 obj\s*<<(.*?)>>\s*stream\b", re.S)
_SIZE = re.compile(rb"/Size\s+(\d+)\b")


def bound(pdf: Path) -> tuple[int, int]:
    """The most object numbers and parent-tree keys joining the leaflet ``pdf`` can take: its
    objects (fewer than its trailer's /Size), an array of its parent tree's entries, and the
    object streams they fill. Read from the file's end, not by opening it: a thousandth of
    the time. A file written otherwise is opened."""
    size = None
    with pdf.open("rb") as file:
        file.seek(0, 2)
        file.seek(max(0, file.tell() - 64))
        tail = _TAIL.search(file.read())
        if tail is not None:
            file.seek(int(tail.group(1)))
            xref = _XREF.match(file.read(1024))
            found = _SIZE.search(xref.group(1)) if xref is not None else None
            size = int(found.group(1)) if found is not None else None
    if size is None:
        with pikepdf.open(pdf) as opened:
            size = int(opened.trailer.Size)
    return size + 2 + size // _objstm.PER_STREAM + 1, size
