"""One source's objects copied into the join (``_pdfjoin``), their references renumbered on
pikepdf's objects, never by matching patterns in serialised bytes (issue 15): its pages and
structure tree by qpdf (``Graph``: ``copy_foreign`` into a scratch Pdf numbered as the join),
its resources item by item (``Copier``), each written once across sources (``share``)."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from . import _objects
from ._objects import JoinError


class Copier:
    """Copies objects of one source into the joiner, renumbering references."""

    # joiner: the _pdfjoin.Joiner, untyped here: _pdfjoin imports this module.
    def __init__(self, joiner: Any, pdf: pikepdf.Pdf) -> None:
        self.joiner = joiner
        self.pdf = pdf
        self.refs: dict[tuple[int, int], bytes] = {}  # a source object → our reference to it
        self._visiting: set[tuple[int, int]] = set()

    def assign(self, objgen: tuple[int, int], number: int) -> None:
        """Make references to the source object ``objgen`` point to our object ``number``."""
        self.refs[objgen] = b"%d 0 R" % number

    def serialise(self, obj: object, shared: bool = False) -> bytes:
        """The object's PDF syntax (a direct copy of it, for an indirect one) with every
        reference renumbered, copying what it refers to first."""
        if isinstance(obj, Array):
            # qpdf's bytes, kept when they hold no R at all, so no reference to renumber (a
            # font's widths, a box); with one, the walk below renumbers it item by item.
            # Dictionaries nearly always refer to something: tried, they cost a serialisation.
            body = obj.unparse()
            if b"R" not in body:
                return body
        if isinstance(obj, Dictionary):
            return self._dictionary(obj.items(), shared)
        if isinstance(obj, Array):
            return b"[ " + b" ".join(self._syntax(item, shared) for item in obj) + b" ]"
        return self._syntax(obj, shared)

    def _syntax(self, obj: object, shared: bool) -> bytes:
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            new = self.refs.get(obj.objgen)
            if new is not None:
                return new
            return self._shared(obj) if shared else self.ref(obj)
        if isinstance(obj, Dictionary | Array):
            return self.serialise(obj, shared)
        if isinstance(obj, pikepdf.Object):  # a name, a string, null: qpdf writes it
            return obj.unparse()
        # pikepdf hands back numbers and booleans as Python values.
        if isinstance(obj, bool):
            return b"true" if obj else b"false"
        if isinstance(obj, Decimal):
            return format(obj, "f").encode("ascii")  # never an exponent: PDF has none
        if isinstance(obj, int):
            return b"%d" % obj
        raise JoinError(f"cannot copy the value {obj!r}")

    def _dictionary(self, items: object, shared: bool,
                    replace: dict[str, bytes] | None = None) -> bytes:
        replace = replace or {}
        return b"<< " + b" ".join(
            _objects.key(key) + b" " + (replace[key] if key in replace
                                        else self._syntax(value, shared))
            for key, value in items) + b" >>"  # type: ignore[attr-defined]

    def _body(self, obj: pikepdf.Object, shared: bool) -> tuple[bytes, bytes | None]:
        if isinstance(obj, pikepdf.Stream):
            head, raw = _stored(obj)
            if b"R" not in head:  # no reference, as in serialise
                return head, raw
            head = self._dictionary(obj.stream_dict.items(), shared,
                                    {"/Length": b"%d" % len(raw)})
            return head, raw
        return self.serialise(obj, shared), None

    def ref(self, obj: pikepdf.Object) -> bytes:
        """Copy an indirect object as it is (cycles are fine: numbered before its body);
        returns our reference to it."""
        new = self.refs.get(obj.objgen)
        if new is None:
            number = self.joiner.reserve()
            new = self.refs[obj.objgen] = b"%d 0 R" % number
            body, stream = self._body(obj, shared=False)
            self.joiner.write(number, body, stream)
        return new

    def share(self, obj: object) -> None:
        """Copy the resources under ``obj``, each written once across all sources."""
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            try:
                self._shared(obj)
            except _objects.Cycle:
                self._visiting.clear()
                self.ref(obj)
        elif isinstance(obj, Dictionary):
            for value in obj.values():
                self.share(value)
        elif isinstance(obj, Array) and b"R" in obj.unparse():  # else no reference
            for value in obj:
                self.share(value)

    def _shared(self, obj: pikepdf.Object) -> bytes:
        key = obj.objgen
        new = self.refs.get(key)
        if new is not None:
            return new
        if key in self._visiting:
            raise _objects.Cycle
        if "/StructParents" in obj or "/StructParent" in obj:
            raise JoinError("a source has tagged content inside a form or annotation resource, "
                            "which the binder does not renumber")
        self._visiting.add(key)
        renamed = self._rename_subset(obj)
        body, stream = self._body(obj, shared=True)
        self._visiting.discard(key)
        # 16 bytes of SHA-256: collisions stay out of reach, the table stays small.
        identity = hashlib.sha256(body + b"\0stream\0" + (stream or b"")).digest()[:16]
        number = self.joiner._shared.get(identity)
        if number is None:
            number = self.joiner._shared[identity] = self.joiner.reserve()
            self.joiner.write(number, body, stream)
        else:
            self.joiner.counts.shared_hits += 1
            self.joiner.counts.shared_bytes += len(body) + len(stream or b"")
        new = self.refs[key] = b"%d 0 R" % number
        if renamed is not None:
            self.joiner._renamed[new] = renamed
        return new

    def _rename_subset(self, obj: pikepdf.Object) -> Name | None:
        """Give a font descriptor (in the source, before it is written) the subset name the
        joiner chose for its program, and a font its descriptor's; returns a descriptor's
        new name."""
        if not isinstance(obj, Dictionary):
            return None
        descriptor = obj.get("/FontDescriptor")
        if isinstance(descriptor, Dictionary) and descriptor.is_indirect and "/BaseFont" in obj:
            new = self.joiner._renamed.get(self._shared(descriptor))
            if new is not None:
                obj.BaseFont = new
            return None
        name = obj.get("/FontName")
        program = next((obj[key] for key in ("/FontFile2", "/FontFile3", "/FontFile")
                        if key in obj), None)
        if not isinstance(name, Name) or not isinstance(program, pikepdf.Stream) \
                or not program.is_indirect:
            return None
        subset: Name = self.joiner._subset_name(name, self._shared(program))
        if subset == name:
            return None
        obj.FontName = subset
        return subset


def _stored(stream: pikepdf.Stream) -> tuple[bytes, bytes]:
    """A stream's dictionary as qpdf writes it, and its data as stored: its /Length is the
    data's length as read (an indirect /Length is not copied)."""
    raw = stream.read_raw_bytes()
    head = stream.stream_dict
    length = head.get_raw("/Length")  # unresolved: an indirect one is not copied
    if (isinstance(length, pikepdf.Object) and length.is_indirect) or length != len(raw):
        head = Dictionary(dict(head.items()))
        head.Length = len(raw)
    return head.unparse(), raw


class Graph:
    """One source's pages and structure tree copied by qpdf (``Pdf.copy_foreign``) into a
    scratch Pdf whose new objects take the join's next numbers: qpdf walks the graph and
    serialises each object in C++ with its references already ours, where the ``Copier``
    made a Python call per value (issue 16: some 130 objects a leaflet were most of the
    binder's time). Resources are not copied here: the ``Copier`` shares them across sources,
    and ``shared`` puts references to them back in the copied pages."""

    def __init__(self, joiner: Any, copier: Copier) -> None:
        self.joiner, self.copier = joiner, copier
        self.base = len(joiner.offsets) - 1  # the join's highest number so far
        # The scratch's own catalog and page tree (1 and 2) stay: qpdf looks them up.
        assert self.base > 2, "numbers 1 and 2 are the scratch's own"
        self.scratch = pikepdf.new()
        # qpdf numbers a new object one past the highest it has: let that be our next.
        self.scratch._replace_object((self.base, 0), Array())
        self._outside: set[int] = {self.base}
        self._entries = 0  # the number of the parent tree's entries, copied to be read

    def copy(self, obj: pikepdf.Object) -> pikepdf.Object:
        """The copy of the indirect object ``obj`` and of all it refers to (once a source)."""
        return self.scratch.copy_foreign(obj)

    def outside(self, number: int) -> pikepdf.Object:
        """A reference to our object ``number``, written outside this copy, to put in one."""
        assert 2 < number <= self.base, f"object {number} is not outside the copy"
        if number not in self._outside:  # a placeholder: only its number is ever written
            self.scratch._replace_object((number, 0), Array())
            self._outside.add(number)
        return self.scratch.get_object((number, 0))

    def shared(self, value: object) -> object:
        """``value`` (a page's resources) as a value of the scratch, its references pointing
        to the objects the ``Copier`` shared."""
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            return self.outside(int(self.copier.refs[value.objgen].split(b" ", 1)[0]))
        if isinstance(value, Dictionary):
            return Dictionary({key: self.shared(item) for key, item in value.items()})
        if isinstance(value, Array):
            return Array([self.shared(item) for item in value])
        return value

    def values(self, values: list[Array]) -> list[bytes]:
        """Each array of ``values`` (a source's: its parent tree's entries, its outline's
        destinations), its references to copies, written by qpdf; call it after every page and
        element is copied, and once."""
        # Copied as an object of its own, the last: not written, only its items are kept.
        copy = self.copy(self.copier.pdf.make_indirect(Array(values)))
        self._entries = int(copy.objgen[0])
        return [item.unparse() for item in copy.as_list()]

    def write(self) -> None:
        """Write every copy, numbered as the scratch numbered it; nothing may be copied after."""
        end = self.scratch.make_indirect(Array()).objgen[0]  # one past the last copy
        # The entries array, read already, takes no number if nothing else came with it; if
        # something did (an element outside the source's tree), it is written, unreferenced.
        if self._entries == end - 1:
            end -= 1
        if len(self.joiner.offsets) != self.base + 1:
            raise AssertionError(f"object {self.base + 1} numbered twice")
        # All reserved before any is written: writing may reserve an object stream's number.
        for _ in range(self.base + 1, end):
            self.joiner.reserve()
        for number in range(self.base + 1, end):
            obj = self.scratch.get_object((number, 0))
            if isinstance(obj, pikepdf.Stream):
                self.joiner.write(number, *_stored(obj))
            elif isinstance(obj, pikepdf.Object):
                self.joiner.write(number, obj.unparse(resolved=True))
            else:  # pikepdf hands back an indirect number, boolean or null as a Python value
                body = b"null" if obj is None else self.copier._syntax(obj, False)
                self.joiner.write(number, body)
        self.scratch.close()
