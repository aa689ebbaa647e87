"""The small pieces of PDF the join reads and writes besides whole objects: a structure
element's kids, a number tree's entries, the outline's bookmarks, a font subset's next tag, a
dictionary serialised."""

from __future__ import annotations

import functools
import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from pikepdf import Array, Dictionary, Name


class JoinError(Exception):
    """A source uses a feature the joiner cannot merge faithfully."""


@dataclass(frozen=True)
class Bookmark:
    title: str
    dest: bytes  # a serialised destination array, already renumbered
    children: tuple[Bookmark, ...] = ()
    open: bool = False


class Cycle(Exception):
    pass


def in_stream(stream: int, index: int) -> int:
    """The joiner's offset slot of an object packed in object stream ``stream`` at
    ``index``: below -2 (-1 is reserved, -2 waiting), in the array with no second table."""
    return -3 - (stream << 16 | index)


# A number no object took (``_halves``: a half's numbers are allotted before it is joined):
# the slot of object stream 0's first item, which no object can be, as 0 is no stream.
FREE = in_stream(0, 0)


def xref_entry(slot: int) -> tuple[int, int, int]:
    """A cross-reference stream's entry of an offset slot: (1, offset, 0), (2, object
    stream, index) for a packed object, or (0, 0, 0) for a number left free."""
    if slot >= 0:
        return (1, slot, 0)
    if slot == FREE:
        return (0, 0, 0)
    packed = -3 - slot
    return (2, packed >> 16, packed & 0xFFFF)


# A row as (kind, field, index) with an 8-byte field, which ``xref_rows`` cuts to the width.
_ROW = struct.Struct(">BQH")
_FREE_ROW = _ROW.pack(0, 0, 0)
_PIECE = 1 << 12  # slots a piece: some 45 KB at a time, never a bytes object per slot at once


def xref_rows(slots: array[int], width: int) -> Iterator[bytes]:
    """The cross-reference stream's rows of ``slots`` (``xref_entry`` of each; a field must
    fit ``width`` bytes), in pieces: packed by ``struct`` and cut to width by slices, all in
    C, where a row at a time in Python took some 0.2 s for a binder of 1,000 leaflets (155,000
    numbers, 15,000 of them left free by ``_halves``), after the merge, with nothing beside
    it."""
    size = 3 + width
    for start in range(0, len(slots), _PIECE):
        piece = slots[start:start + _PIECE]
        if piece.count(FREE) == len(piece):  # the numbers between two halves: zeros
            yield bytes(len(piece) * size)
            continue
        full = b"".join([_ROW.pack(1, slot, 0) if slot >= 0 else _FREE_ROW if slot == FREE
                         else _ROW.pack(2, (-3 - slot) >> 16, (-3 - slot) & 0xFFFF)
                         for slot in piece])
        rows = bytearray(len(full) // _ROW.size * size)
        rows[0::size] = full[0::_ROW.size]  # the kind
        for column in range(width + 2):  # the field's low bytes, then the index
            rows[1 + column::size] = full[9 - width + column::_ROW.size]
        yield bytes(rows)


def next_tag(tag: str) -> str:
    """The six letters after ``tag`` (ZZZZZZ wraps to AAAAAA)."""
    n = 0
    for letter in tag:
        n = n * 26 + ord(letter) - ord("A")
    n = (n + 1) % 26 ** len(tag)
    letters: list[str] = []
    for _ in tag:
        n, letter = divmod(n, 26)
        letters.insert(0, chr(ord("A") + letter))
    return "".join(letters)


def kids(element: Dictionary) -> list[Dictionary]:
    """An element's child elements (not its marked content or object references)."""
    k = element.get("/K")
    kids = list(k) if isinstance(k, Array) else [] if k is None else [k]
    elements = []
    for kid in kids:
        if not isinstance(kid, Dictionary) or kid.get("/Type", Name.StructElem) != Name.StructElem:
            raise JoinError("a source has content directly under its top structure element")
        elements.append(kid)
    return elements


def number_tree(node: object) -> Iterator[tuple[int, object]]:
    if not isinstance(node, Dictionary):
        return
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids") or ():
        yield from number_tree(kid)


@dataclass(frozen=True)
class Read:
    """An outline item as read, before its destination is written: ``dest`` indexes the
    destinations ``outline`` collected."""

    title: str
    dest: int
    children: tuple[Read, ...]
    open: bool


def outline(outlines: object, dests: list[Array]) -> tuple[Read, ...]:
    """The outline's items, their destinations appended to ``dests`` (for qpdf to copy all
    at once: ``bookmarks``)."""
    items: list[Read] = []
    node = outlines.get("/First") if isinstance(outlines, Dictionary) else None
    seen: set[tuple[int, int]] = set()
    while isinstance(node, Dictionary) and node.objgen not in seen:
        seen.add(node.objgen)
        dest = node.get("/Dest")
        action = node.get("/A")
        if dest is None and isinstance(action, Dictionary) and action.get("/S") == Name.GoTo:
            dest = action.get("/D")
        if isinstance(dest, Array):  # named destinations are not used by our leaflets
            count = node.get("/Count")
            # An indirect one is written into the item, as a direct one is.
            dests.append(Array(list(dest)) if dest.is_indirect else dest)
            items.append(Read(text(node.get("/Title")) or "", len(dests) - 1,
                              outline(node, dests), count is not None and int(count) > 0))
        node = node.get("/Next")
    return tuple(items)


def bookmarks(items: tuple[Read, ...], dests: list[bytes]) -> tuple[Bookmark, ...]:
    """The items ``outline`` read, with their destinations as written (``dests``)."""
    return tuple(Bookmark(item.title, dests[item.dest], bookmarks(item.children, dests),
                          item.open) for item in items)


def text(value: object) -> str | None:
    return str(value) if value is not None else None


@functools.lru_cache(maxsize=1024)
def key(name: str) -> bytes:
    """A dictionary key as qpdf writes it: a few dozen names, written some 100,000 times a
    binder of 1,000 leaflets (resources, outline items)."""
    return Name(name).unparse()


def dictionary(entries: dict[str, bytes]) -> bytes:
    return b"<< " + b" ".join(key(k) + b" " + v for k, v in entries.items()) + b" >>"
