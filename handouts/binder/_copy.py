"""One source's objects copied into the join (``_pdfjoin``): each serialised from pikepdf's
objects item by item, its references renumbered as they are met (never by matching patterns in
serialised bytes: issue 15), what it refers to copied first; resources written once across
sources (``share``)."""

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
            Name(key).unparse() + b" " + (replace[key] if key in replace
                                          else self._syntax(value, shared))
            for key, value in items) + b" >>"  # type: ignore[attr-defined]

    def _body(self, obj: pikepdf.Object, shared: bool) -> tuple[bytes, bytes | None]:
        if isinstance(obj, pikepdf.Stream):
            raw = obj.read_raw_bytes()
            # The data as stored, so its length as read (an indirect /Length is not copied).
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
        elif isinstance(obj, Dictionary | Array):
            for value in obj.values() if isinstance(obj, Dictionary) else obj:
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
