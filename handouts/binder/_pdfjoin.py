"""Join whole PDFs into one, streaming: each source's objects are renumbered and written out as
soon as it is added, so memory holds one source at a time, not the book. A source's pages and
structure tree are copied by qpdf into a scratch Pdf numbered as the join and dropped after
the source (``_copy.Graph``); its resources are serialised from pikepdf's objects, their
references renumbered on the way out (``_copy.Copier``).

Not one pikepdf Pdf for the book and qpdf's writer: qpdf holds every copied object in memory
until it writes, 14 times the memory of this join for 1,000 leaflets (README, Benchmarks).

Resources (fonts, forms, images) that are byte-for-byte the same in two sources are written
once: an object's identity is a hash of its bytes with its references already renumbered, so
equal subtrees (a font, its descriptor, its font file) collapse bottom-up. Structure trees are
merged: each source's top element becomes a part of one ``/Document``, its parent-tree keys
are shifted past the previous sources', and its pages' ``/StructParents`` with them.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

import pikepdf
from pikepdf import Dictionary, Name

from ..pdf import _objstm
from . import _objects, _outline
from ._copy import Copier as _Copier
from ._copy import Graph as _Graph
from ._objects import Bookmark, JoinError
from ._outline import Placed

# zlib's default, not a leaflet's best (9): a quarter of the time for 3 % more compressed
# bytes (1,000 leaflets: 0.85 s against 0.22 s, 2.04 MB against 1.98 MB of object streams).
_LEVEL = 6
# The cross-reference stream's rows, though, compress better and 14 times faster at zlib's
# fastest (1,000 leaflets, 155,000 rows: 266 KB in 6 ms against 286 KB in 83 ms at 6), and
# are written after the merge, with nothing beside them.
_XREF_LEVEL = 1


@dataclass(frozen=True)
class Added:
    """A source after joining: its pages' numbers in the output and its bookmarks."""

    pages: tuple[int, ...]  # object numbers, in order
    bookmarks: tuple[Bookmark, ...]
    language: str | None
    placed: Placed | None = None  # its bookmark, if placed (``_outline.place``): no others


@dataclass
class _Counts:
    shared_hits: int = 0  # objects not written because an equal one already was
    shared_bytes: int = 0  # their size


class Overlap(Exception):
    """A half joined apart cannot be merged: the first half took more numbers or parent-tree
    keys than were left for it, or the halves tag two different font subsets alike."""


@dataclass(frozen=True)
class Half:
    """What a joiner made by ``Joiner.half`` wrote, for ``Joiner.merge``: its objects, numbered
    from ``start``, are in its chunk at ``offsets`` (slots as ``Joiner.offsets``, from start)."""

    start: int
    first_key: int  # its first parent-tree key
    offsets: array[int]
    size: int  # of the chunk
    pages: list[int]
    parts: list[bytes]
    parent_tree: list[bytes]
    next_key: int
    role_map: dict[str, str]
    counts: _Counts
    subsets: dict[str, bytes]  # a font subset's name → its program's identity
    # What ``add_first`` added (the front matter): its pages, parts and parent-tree entries go
    # before all others.
    first: tuple[list[int], list[bytes], list[bytes]]


@dataclass
class Joiner:
    out: BinaryIO
    # File offset by object number, -1: reserved. An array: 1,000 leaflets, 70,000 objects.
    offsets: array[int] = field(default_factory=lambda: array("q", [-1]))
    pos: int = 0
    pages: list[int] = field(default_factory=list)
    parts: list[bytes] = field(default_factory=list)  # top structure elements, in order
    parent_tree: list[bytes] = field(default_factory=list)  # each source's entries, keys ours
    next_key: int = 0  # the next free parent-tree key
    role_map: dict[str, str] = field(default_factory=dict)
    counts: _Counts = field(default_factory=_Counts)
    note: bytes = b""  # a comment line after the header (make.py: what the binder is made of)
    # A half's (``half``): the catalog, Info, page tree, structure tree root and Document of
    # the joiner it was made from, which writes them; a half writes no header either.
    roots: tuple[int, int, int, int, int] | None = None

    def __post_init__(self) -> None:
        # The file's ID and the manifest's hash, one pass over each byte; a half's chunk is
        # hashed where it is appended (``merge``), not in the half's process as well.
        self._digest = hashlib.sha256() if self.roots is None else None
        self._shared: dict[bytes, int] = {}  # identity of a shared resource → its number
        self._subset_programs: dict[str, bytes] = {}  # subset name → our font program
        self._subset_names: dict[tuple[str, bytes], str] = {}  # (name, program) → name
        self._renamed: dict[bytes, Name] = {}  # our renamed descriptor → its new name
        # Objects for the next object stream: outline items apart from the rest, as when the
        # whole outline was written last (mixed with leaflets' objects: 0.5 % more bytes).
        self._packed: tuple[list[tuple[int, bytes]], ...] = ([], [])
        self._first: tuple[list[int], list[bytes], list[bytes]] = ([], [], [])  # add_first's
        if self.roots is not None:
            self.catalog, self.info, self.pages_root, self.struct_root, self.document = self.roots
            return
        self._emit(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + self.note)  # binary marker: PDF/A 6.1.2
        # The catalog and Info, written last, are 1 and 2: a copy's scratch Pdf keeps its own
        # 1 and 2 (_copy.Graph), so no object a copy refers to may have those numbers.
        self.catalog, self.info = self.reserve(), self.reserve()
        self.pages_root = self.reserve()
        self.struct_root = self.reserve()
        self.document = self.reserve()

    def _subset_name(self, name: Name, program: bytes) -> Name:
        """ISO 32000-1 9.6.4: distinct subsets in one file have distinct tags. Leaflets tag a
        subset from a hash of its content, so two sources' subsets of one name are the same
        subset (stored once) or, rarely, a clash of six letters: then the later subset takes
        the next free tag. ``program`` is our reference to the subset's font program."""
        text = str(name)[1:]
        tag, rest = text[:6], text[6:]
        if not (len(tag) == 6 and tag.isascii() and tag.isupper() and rest.startswith("+")):
            return name  # not a subset
        key = (text, program)
        new = self._subset_names.get(key)
        if new is None:
            new = text
            while self._subset_programs.setdefault(new, program) != program:
                tag = _objects.next_tag(tag)
                new = tag + rest
            self._subset_names[key] = new
        return name if new == text else Name("/" + new)

    def sha256(self) -> str:
        """The SHA-256 of every byte written so far: after ``finish``, of the file."""
        assert self._digest is not None, "a half's chunk is hashed where it is merged"
        return self._digest.hexdigest()

    def reserve(self) -> int:
        self.offsets.append(-1)
        return len(self.offsets) - 1

    def _emit(self, data: bytes) -> None:
        self.out.write(data)
        if self._digest is not None:
            self._digest.update(data)
        self.pos += len(data)

    def write(self, number: int, body: bytes, stream: bytes | None = None,
              outline: bool = False) -> None:
        assert self.offsets[number] == -1, f"object {number} written twice"
        self.offsets[number] = -2 if stream is None else self.pos  # -2: its object stream to come
        if stream is None:  # into an object stream, as in a leaflet (pdf/_objstm.py)
            packed = self._packed[outline]
            packed.append((number, body))
            if len(packed) == _objstm.PER_STREAM:
                self._pack(packed)
        else:  # an EOL before endstream, outside /Length: PDF/A 6.1.7.1
            self._emit(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, body, stream))

    def add(self, pdf: pikepdf.Pdf, part: str | None = "Part", title: str | None = None) -> Added:
        """Append every page of ``pdf``. Its top structure element becomes a ``/<part>`` of
        the document, titled ``title``; with ``part=None`` its children join the document
        directly. ``pdf`` is changed on the way: open it for this alone."""
        copier = _Copier(self, pdf)
        pages = [page.obj for page in pdf.pages]
        offset = self.next_key
        resources = []
        for page in pages:
            # Shift the parent-tree keys in the source before anything is copied.
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + offset
            for annotation in page.get("/Annots") or ():
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
            resources.append(page.get("/Resources"))
            if "/Resources" in page:  # shared across sources by the Copier, not copied by qpdf
                copier.share(page.Resources)
                del page["/Resources"]
            del page["/Parent"]
        graph = _Graph(self, copier)
        numbers = []
        for page, shared in zip(pages, resources, strict=True):
            copy = graph.copy(page)
            numbers.append(int(copy.objgen[0]))
            copier.assign(page.objgen, numbers[-1])  # should a resource refer to it
            copy.Parent = graph.outside(self.pages_root)
            if shared is not None:
                copy.Resources = graph.shared(shared)
        language = _objects.text(pdf.Root.get("/Lang"))
        tree = pdf.Root.get("/StructTreeRoot")
        entries = None
        if isinstance(tree, Dictionary):
            entries = self._add_tree(graph, tree, part, language, title)
        dests: list[pikepdf.Array] = []
        read = _objects.outline(pdf.Root.get("/Outlines"), dests)
        # The parent tree's entries and the outline's destinations, copied by qpdf at once.
        arrays = dests if entries is None else [entries, *dests]
        values = graph.values(arrays) if arrays else []
        if entries is not None:
            body = values.pop(0)
            assert body.startswith(b"[") and body.endswith(b"]")
            if body[1:-1].strip():
                self.parent_tree.append(body[1:-1].strip())
        graph.write()
        self.pages += numbers
        return Added(tuple(numbers), _objects.bookmarks(read, values), language)

    def _add_tree(self, graph: _Graph, tree: Dictionary, part: str | None,
                  language: str | None, title: str | None) -> pikepdf.Array:
        """Copy the structure tree's top elements (or their kids); returns its parent tree's
        entries, keys shifted, for ``Graph.values``."""
        tops = _objects.kids(tree)
        if part is None:
            elements = [kid for top in tops for kid in _objects.kids(top)]
        else:
            elements = tops
            for top in tops:
                if top.get("/S") == Name.Document:
                    top.S = Name("/" + part)
                if language and "/Lang" not in top:
                    top.Lang = pikepdf.String(language)  # the catalog's /Lang stays behind
                if title is not None:
                    top.T = pikepdf.String(title)  # what a screen reader names the part by
        # Their parent (the source's root, or its top element) is our Document: cut from it
        # before qpdf copies them, else it would copy the source's whole root as well.
        for element in (*tops, *elements):
            if "/P" in element:
                del element["/P"]
        for element in elements:
            copy = graph.copy(element)
            copy.P = graph.outside(self.document)
            self.parts.append(b"%d 0 R" % copy.objgen[0])
        offset = self.next_key
        keys = [-1]
        entries: list[object] = []
        for key, value in _objects.number_tree(tree.get("/ParentTree")):
            # A page's entry is an array of elements; an annotation's is the element itself,
            # which stays a reference (ISO 32000-1, 14.7.4.4): qpdf copies it as one.
            entries += (key + offset, value)
            keys.append(key)
        next_key = tree.get("/ParentTreeNextKey")
        self.next_key = offset + max(int(next_key) if next_key is not None else 0, max(keys) + 1)
        role_map = tree.get("/RoleMap")
        for name, value in (role_map.items() if isinstance(role_map, Dictionary) else ()):
            role = str(value)
            if self.role_map.setdefault(name, role) != role:
                raise JoinError(f"two sources map the structure type {name} differently")
        if "/ClassMap" in tree or "/IDTree" in tree:
            raise JoinError("a source's structure tree has a ClassMap or IDTree, which the "
                            "binder does not merge")
        return pikepdf.Array(entries)

    def half(self, out: BinaryIO, start: int, first_key: int) -> Joiner:
        """A joiner for sources that come after all this one will add before ``merge``: it
        writes their objects to ``out``, numbered from ``start``, their parent-tree keys from
        ``first_key``, and shares resources among them only. Nothing is written here."""
        assert start >= len(self.offsets) and first_key >= self.next_key
        roots = (self.catalog, self.info, self.pages_root, self.struct_root, self.document)
        return Joiner(out, offsets=array("q", [-1]) * start, next_key=first_key, roots=roots)

    def add_first(self, add: Callable[[Joiner], object], key: int, keys: int) -> None:
        """Call ``add`` (the front matter's join) on this half: what it adds goes before all
        else at the merge (``Half.first``), its parent-tree keys from ``key``, at most ``keys``
        of them."""
        pages, parts, tree, next_key = (len(self.pages), len(self.parts),
                                        len(self.parent_tree), self.next_key)
        self.next_key = key
        add(self)
        if self.next_key > key + keys:
            raise Overlap(f"the front matter took keys to {self.next_key - 1}, past "
                          f"{key + keys - 1}")
        self._first = (self.pages[pages:], self.parts[parts:], self.parent_tree[tree:])
        del self.pages[pages:], self.parts[parts:], self.parent_tree[tree:]
        self.next_key = next_key

    def written(self, start: int, first_key: int) -> Half:
        """What this joiner, made by ``half(out, start, first_key)``, wrote: for ``merge``."""
        self._pack_all()
        return Half(start, first_key, self.offsets[start:], self.pos, self.pages, self.parts,
                    self.parent_tree, self.next_key, self.role_map, self.counts,
                    self._subsets(), self._first)

    def merge(self, half: Half, chunk: BinaryIO) -> None:
        """Append what a half wrote (``chunk``, from its start), after everything this joiner
        added since the half was made. Numbers between the two are left free."""
        if len(self.offsets) > half.start or self.next_key > half.first_key:
            raise Overlap(f"the first half took objects to {len(self.offsets) - 1} and keys to "
                          f"{self.next_key - 1}; the second begins at {half.start}, "
                          f"{half.first_key}")
        ours = self._subsets()
        if any(ours.get(name, program) != program for name, program in half.subsets.items()):
            raise Overlap("two halves tag different font subsets alike")
        for name, role in half.role_map.items():
            if self.role_map.setdefault(name, role) != role:
                raise JoinError(f"two sources map the structure type {name} differently")
        self.offsets.extend(array("q", [_objects.FREE]) * (half.start - len(self.offsets)))
        base = self.pos
        self.offsets.extend(array("q", (slot + base if slot >= 0 else slot
                                        for slot in half.offsets)))
        chunk.seek(0)
        while data := chunk.read(1 << 20):  # never the whole chunk at once
            self._emit(data)
        if self.pos != base + half.size:
            raise AssertionError(f"the chunk has {self.pos - base} bytes, not {half.size}")
        pages, parts, tree = half.first
        self.pages[:0], self.parts[:0], self.parent_tree[:0] = pages, parts, tree
        self.pages += half.pages
        self.parts += half.parts
        self.parent_tree += half.parent_tree
        self.next_key = half.next_key
        self.counts.shared_hits += half.counts.shared_hits
        self.counts.shared_bytes += half.counts.shared_bytes

    def _subsets(self) -> dict[str, bytes]:
        """Each font subset's name, with the identity of its program (the same in any joiner:
        a font program refers to nothing)."""
        identity = {number: key for key, number in self._shared.items()}
        # A program not shared (copied within a cycle) keeps its reference, which no other
        # joiner's can equal: the same name in two halves then counts as a clash.
        return {name: identity.get(int(ref.split(b" ", 1)[0]), ref)
                for name, ref in self._subset_programs.items()}

    def finish(self, catalog: dict[str, bytes], info: dict[str, bytes],
               bookmarks: list[Placed], extra: list[tuple[int, bytes, bytes | None]]) -> None:
        """Write the page tree, structure tree, outline, catalog and cross-reference table.
        ``catalog`` and ``info`` are serialised values by key; ``extra`` objects (number,
        body, stream) are written first so that the catalog can refer to them."""
        for number, body, stream in extra:
            self.write(number, body, stream)
        kids = b" ".join(b"%d 0 R" % n for n in self.pages)
        self.write(self.pages_root, b"<< /Type /Pages /Count %d /Kids [ %s ] >>"
                   % (len(self.pages), kids))
        parts = b" ".join(self.parts)
        self.write(self.document, b"<< /Type /StructElem /S /Document /P %d 0 R /K [ %s ] >>"
                   % (self.struct_root, parts))
        parent_tree = self.reserve()
        nums = b" ".join(self.parent_tree)
        self.write(parent_tree, b"<< /Nums [ %s ] >>" % nums)
        role_map = b"".join(Name(k).unparse() + b" " + Name(v).unparse() + b" "
                            for k, v in sorted(self.role_map.items()))
        self.write(self.struct_root, b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R "
                   b"/ParentTreeNextKey %d%s >>" % (
                       self.document, parent_tree, self.next_key,
                       b" /RoleMap << %s>>" % role_map if role_map else b""))
        entries = {**catalog, "/Type": b"/Catalog", "/Pages": b"%d 0 R" % self.pages_root,
                   "/StructTreeRoot": b"%d 0 R" % self.struct_root,
                   "/MarkInfo": b"<< /Marked true >>"}
        if bookmarks:
            entries["/Outlines"] = b"%d 0 R" % _outline.write(self, bookmarks)
        self.write(self.catalog, _objects.dictionary(entries))
        self.write(self.info, _objects.dictionary(info))
        self._xref(self.catalog, self.info)

    def _pack(self, objects: list[tuple[int, bytes]]) -> None:
        number = self.reserve()
        for index, (packed, _) in enumerate(objects):
            self.offsets[packed] = _objects.in_stream(number, index)
        self.offsets[number] = self.pos
        self._emit(_objstm.object_stream(number, objects, _LEVEL))
        objects.clear()

    def _pack_all(self) -> None:
        for objects in self._packed:
            if objects:
                self._pack(objects)

    def _xref(self, catalog: int, info: int) -> None:
        self._pack_all()
        if -1 in self.offsets[1:]:
            raise AssertionError(f"object {self.offsets.index(-1, 1)} reserved, never written")
        # The ID hashes every byte before it: same content, same ID (and same file). 16 bytes,
        # as an MD5's would be.
        assert self._digest is not None, "a half writes no cross-reference stream"
        file_id = self._digest.copy().hexdigest()[:32].encode("ascii")
        self._emit(_objstm.xref_stream(
            len(self.offsets), self.pos, (),
            b"/Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ]" % (catalog, info, file_id, file_id),
            _XREF_LEVEL, rows=lambda width: _objects.xref_rows(self.offsets[1:], width)))
