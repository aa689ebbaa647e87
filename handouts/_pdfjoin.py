"""Join whole PDFs into one with pikepdf: qpdf copies the objects (``copy_foreign``), numbers
them and writes the file; what qpdf cannot do is here, as small functions.

- Structure trees are merged: each source's top element becomes a part of one ``/Document``,
  its parent-tree keys are shifted past the previous sources', and its pages'
  ``/StructParents`` with them (``Joiner._add_tree``).
- Resources (fonts, forms, images) that are byte-for-byte the same in two sources are stored
  once (``_Sharer``): an object's identity is a hash of its content with the identities of
  what it refers to, so equal subtrees (a font, its descriptor, its font file) collapse
  bottom-up. A known one is replaced in the source, before the copy, by a placeholder name,
  and the placeholder in the copy by the object stored first: duplicates are never copied.

A source's stream data is read into memory before the copy, so that the output holds only
the bytes it keeps, not every source's whole file (qpdf reads copied streams lazily from
their source otherwise).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name

# A subset's name: a tag of six capitals, "+", the PostScript name (ISO 32000-1 9.6.4).
_SUBSET = re.compile(r"/([A-Z]{6})(\+.+)")
# Placeholders stand for a shared object between the two steps of one ``add``.
_PLACEHOLDER = "/handouts.shared."


class JoinError(Exception):
    """A source uses a feature the joiner cannot merge faithfully."""


@dataclass(frozen=True)
class Bookmark:
    title: str
    dest: Array  # a destination in the joined PDF
    children: tuple[Bookmark, ...] = ()
    open: bool = False


@dataclass(frozen=True)
class Added:
    """A source after joining: its pages in the output and its bookmarks."""

    pages: tuple[pikepdf.Object, ...]
    bookmarks: tuple[Bookmark, ...]
    language: str | None


@dataclass
class _Counts:
    shared_hits: int = 0  # objects not copied because an equal one already was
    shared_bytes: int = 0  # their size, near enough (their streams and dictionaries)


@dataclass
class Joiner:
    pdf: pikepdf.Pdf = field(default_factory=pikepdf.Pdf.new)
    next_key: int = 0  # the next free parent-tree key
    role_map: dict[str, str] = field(default_factory=dict)
    counts: _Counts = field(default_factory=_Counts)

    def __post_init__(self) -> None:
        self.struct_root = self.pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = self.pdf.make_indirect(Dictionary(
            Type=Name.StructElem, S=Name.Document, P=self.struct_root, K=Array()))
        self.parent_tree = Array()  # the merged /Nums, keys ascending
        self.shared: dict[bytes, pikepdf.Object] = {}  # identity → the object stored
        self.font_names: dict[bytes, Name] = {}  # a descriptor's identity → its font's name
        self._subset_programs: dict[str, bytes] = {}  # subset name → its font program
        self._subset_names: dict[tuple[str, bytes], str] = {}  # (name, program) → name

    @property
    def pages(self) -> pikepdf._core.PageList:
        return self.pdf.pages

    def add(self, pdf: pikepdf.Pdf, part: str | None = "Part", title: str | None = None) -> Added:
        """Append every page of ``pdf`` (which this changes). Its top structure element
        becomes a ``/<part>`` of the document, titled ``title``; with ``part=None`` its
        children join the document directly."""
        offset = self.next_key
        for page in pdf.pages:
            # Shifted in the source: the copy of the structure tree refers to these.
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots") or ():
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        _read_streams(pdf)
        sharer = _Sharer(self)
        for page in pdf.pages:
            sharer.share(page.obj)
        # Page by page, not pages.extend: that warns that it drops named destinations, which
        # the binder makes itself.
        pages = tuple(self.pdf.copy_foreign(page.obj) for page in pdf.pages)
        for page in pages:
            self.pdf.pages.append(pikepdf.Page(page))
        sharer.restore(pages)
        language = _text(pdf.Root.get("/Lang"))
        tree = pdf.Root.get("/StructTreeRoot")
        if isinstance(tree, Dictionary):
            self._add_tree(tree, part, language, title)
        bookmarks = _bookmarks(self.pdf, pdf.Root.get("/Outlines"))
        return Added(pages, bookmarks, language)

    def _add_tree(self, tree: Dictionary, part: str | None, language: str | None,
                  title: str | None) -> None:
        tops = _kids(tree)
        elements = [kid for top in tops for kid in _kids(top)] if part is None else tops
        for element in elements:
            if part is not None:
                if element.get("/S") == Name.Document:
                    element.S = Name("/" + part)
                if language and "/Lang" not in element:
                    element.Lang = pikepdf.String(language)  # the catalog's /Lang stays behind
                if title is not None:
                    element.T = pikepdf.String(title)  # what a screen reader names the part by
            # Cut from the source's root before the copy, which would otherwise take the
            # whole source tree with it; the copy's parent is our Document.
            del element["/P"]
            copy = self.pdf.copy_foreign(element)
            copy.P = self.document
            self.document.K.append(copy)
        offset = self.next_key
        keys = [-1]
        for key, value in _number_tree(tree.get("/ParentTree")):
            # A page's entry is an array of elements; an annotation's is the element itself,
            # which must stay a reference (ISO 32000-1, 14.7.4.4), not become a copy.
            self.parent_tree.append(key + offset)
            self.parent_tree.append(_copy(self.pdf, value))
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

    def finish(self, catalog: Dictionary, info: Dictionary, bookmarks: list[Bookmark]) -> None:
        """Complete the structure tree, the outline, the catalog (``catalog``'s entries added)
        and the Info dictionary."""
        self.struct_root.K = self.document
        self.struct_root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=self.parent_tree))
        self.struct_root.ParentTreeNextKey = self.next_key
        if self.role_map:
            self.struct_root.RoleMap = Dictionary(
                {name: Name(role) for name, role in sorted(self.role_map.items())})
        root = self.pdf.Root
        for key, value in catalog.items():
            root[key] = value
        root.StructTreeRoot = self.struct_root
        root.MarkInfo = Dictionary(Marked=True)
        if bookmarks:
            outline = self.pdf.make_indirect(Dictionary(Type=Name.Outlines))
            outline.First, outline.Last, outline.Count = self._items(bookmarks, outline)
            root.Outlines = outline
        self.pdf.trailer.Info = self.pdf.make_indirect(info)

    def _items(self, items: list[Bookmark] | tuple[Bookmark, ...],
               parent: pikepdf.Object) -> tuple[pikepdf.Object, pikepdf.Object, int]:
        """Make sibling items; returns the first, the last and how many are visible."""
        made = [self.pdf.make_indirect(Dictionary(Title=pikepdf.String(item.title),
                                                  Parent=parent, Dest=item.dest))
                for item in items]
        visible = len(items)
        for i, (item, entry) in enumerate(zip(items, made, strict=True)):
            if i > 0:
                entry.Prev = made[i - 1]
            if i + 1 < len(made):
                entry.Next = made[i + 1]
            if item.children:
                entry.First, entry.Last, count = self._items(item.children, entry)
                # Positive: open, with that many visible descendants; negative: closed.
                entry.Count = count if item.open else -count
                if item.open:
                    visible += count
        return made[0], made[-1], visible

    def save(self, out: BinaryIO) -> None:
        """Write the joined PDF: the same content gives the same bytes (the ID hashes it)."""
        self.pdf.save(out, deterministic_id=True, min_version="1.7",
                      object_stream_mode=pikepdf.ObjectStreamMode.generate,
                      # The streams stay as the sources had them; the XMP stays unfiltered.
                      compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                      fix_metadata_version=False)


def _read_streams(pdf: pikepdf.Pdf) -> None:
    """Give each stream its data as bytes in memory: a copy then takes the bytes, where it
    would otherwise keep reading them from ``pdf``'s file, holding every source's whole file
    until the output is written."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            obj.write(obj.read_raw_bytes(), filter=obj.get("/Filter"),
                      decode_parms=obj.get("/DecodeParms"), type_check=False)


class _Sharer:
    """Stores the resources of one source's pages once across all sources.

    ``share`` hashes every object under a page's ``/Resources`` (before the copy) and puts a
    placeholder where it finds one the output already has; ``restore`` (after the copy) puts
    the stored object in the placeholder's place and records the source's new ones."""

    def __init__(self, joiner: Joiner) -> None:
        self.joiner = joiner
        self.identities: dict[tuple[int, int], bytes] = {}
        self.new: dict[bytes, pikepdf.Object] = {}  # identity → the first such object here
        self._visiting: set[tuple[int, int]] = set()

    def share(self, page: Dictionary) -> None:
        if "/Resources" in page:
            self._value(page, "/Resources", page.Resources)

    def _value(self, container: pikepdf.Object, key: str | int, value: object) -> bytes:
        """``value``'s canonical bytes; an indirect value already stored is replaced in
        ``container`` by a placeholder."""
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            identity = self._identity(value)
            first = self.new.get(identity)
            if first is None and identity not in self.joiner.shared:
                self.new[identity] = value
            elif first is None or first.objgen != value.objgen:
                container[key] = Name(_PLACEHOLDER + identity.hex())
                self.joiner.counts.shared_hits += 1
                self.joiner.counts.shared_bytes += len(value.unparse()) + (
                    len(value.read_raw_bytes()) if isinstance(value, pikepdf.Stream) else 0)
            return b"@" + identity
        if isinstance(value, Dictionary | Array):
            return self._direct(value)
        if isinstance(value, pikepdf.Object):
            return value.unparse()
        if isinstance(value, bool):  # pikepdf hands back numbers and booleans as Python values
            return b"true" if value else b"false"
        return str(value).encode("ascii")

    def _direct(self, obj: pikepdf.Object) -> bytes:
        if isinstance(obj, Array):
            return b"[" + b" ".join(self._value(obj, i, v) for i, v in enumerate(list(obj))) + b"]"
        is_stream = isinstance(obj, pikepdf.Stream)
        entries = list(obj.stream_dict.items() if is_stream else obj.items())
        # A stream's /Length is its data's, hashed with the data.
        parts = {key: self._value(obj, key, value) for key, value in entries
                 if not (is_stream and key == "/Length")}
        self._rename_subset(obj, parts)
        return b"<<" + b"".join(Name(k).unparse() + b" " + v + b"\n"
                                for k, v in sorted(parts.items())) + b">>"

    def _identity(self, obj: pikepdf.Object) -> bytes:
        """16 bytes of SHA-256 over the object's content: collisions stay out of reach, the
        table stays small."""
        known = self.identities.get(obj.objgen)
        if known is not None:
            return known
        if obj.objgen in self._visiting:
            raise JoinError("a source's resources refer to themselves, which the binder does "
                            "not share")
        if "/StructParents" in obj or "/StructParent" in obj:
            raise JoinError("a source has tagged content inside a form or annotation resource, "
                            "which the binder does not renumber")
        self._visiting.add(obj.objgen)
        content = self._direct(obj) if isinstance(obj, Dictionary | Array | pikepdf.Stream) \
            else obj.unparse()
        if isinstance(obj, pikepdf.Stream):
            content += b"\0stream\0" + obj.read_raw_bytes()
        self._visiting.discard(obj.objgen)
        identity = self.identities[obj.objgen] = hashlib.sha256(content).digest()[:16]
        if isinstance(obj, Dictionary) and "/FontName" in obj:
            self.joiner.font_names[identity] = obj.FontName  # as renamed, for its fonts
        return identity

    def _rename_subset(self, obj: pikepdf.Object, parts: dict[str, bytes]) -> None:
        """ISO 32000-1 9.6.4: distinct subsets in one file have distinct tags. Leaflets tag a
        subset from a hash of its content, so two sources' subsets of one name are the same
        subset (stored once) or, rarely, a clash of six letters: then the later subset takes
        the next free tag, in its descriptor and in its font."""
        if "/FontDescriptor" in parts and "/BaseFont" in parts:
            new = self.joiner.font_names.get(parts["/FontDescriptor"][1:])
            if new is not None and new != obj.BaseFont:
                obj.BaseFont = new
                parts["/BaseFont"] = new.unparse()
            return
        program = parts.get("/FontFile2") or parts.get("/FontFile3") or parts.get("/FontFile")
        name = _SUBSET.fullmatch(str(obj.get("/FontName", "")))
        if program is None or name is None:
            return
        key = (name[0], program)
        new = self.joiner._subset_names.get(key)
        if new is None:
            tag, new = name[1], name[0]
            while self.joiner._subset_programs.setdefault(new, program) != program:
                tag = _next_tag(tag)
                new = f"/{tag}{name[2]}"
            self.joiner._subset_names[key] = new
        if new != name[0]:
            obj.FontName = Name(new)
            parts["/FontName"] = obj.FontName.unparse()

    def restore(self, pages: tuple[pikepdf.Object, ...]) -> None:
        """After the copy: record this source's new objects, then replace the placeholders in
        the copied pages' resources and in those new objects."""
        pdf, shared = self.joiner.pdf, self.joiner.shared
        copies = []
        for identity, obj in self.new.items():
            copy = shared[identity] = pdf.copy_foreign(obj)  # the copy the pages hold
            copies.append(copy)
        for page in pages:
            if "/Resources" in page:
                _replace(page, "/Resources", page.Resources, shared)
        for copy in copies:
            _replace_within(copy, shared)


def _replace(container: pikepdf.Object, key: str | int, value: object,
             shared: dict[bytes, pikepdf.Object]) -> None:
    if isinstance(value, Name) and str(value).startswith(_PLACEHOLDER):
        container[key] = shared[bytes.fromhex(str(value)[len(_PLACEHOLDER):])]
    elif isinstance(value, Dictionary | Array) and not value.is_indirect:
        _replace_within(value, shared)


def _replace_within(obj: pikepdf.Object, shared: dict[bytes, pikepdf.Object]) -> None:
    """Replace the placeholders in ``obj`` and its direct parts (an indirect part is an
    object of its own, restored as such)."""
    items = enumerate(obj) if isinstance(obj, Array) else obj.items()
    for key, value in list(items):
        _replace(obj, key, value, shared)


def _copy(pdf: pikepdf.Pdf, value: object) -> object:
    """``value`` for ``pdf``: an indirect object copied (once: qpdf remembers it), a direct
    array or dictionary rebuilt around its parts' copies."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(pdf, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(pdf, item) for key, item in value.items()})
    return value


def _next_tag(tag: str) -> str:
    """The six letters after ``tag`` (ZZZZZZ wraps to AAAAAA)."""
    n = 0
    for letter in tag:
        n = n * 26 + ord(letter) - ord("A")
    n = (n + 1) % 26 ** len(tag)
    letters = []
    for _ in tag:
        n, letter = divmod(n, 26)
        letters.insert(0, chr(ord("A") + letter))
    return "".join(letters)


def _kids(element: Dictionary) -> list[Dictionary]:
    """An element's child elements (not its marked content or object references)."""
    k = element.get("/K")
    kids = list(k) if isinstance(k, Array) else [] if k is None else [k]
    elements = []
    for kid in kids:
        if not isinstance(kid, Dictionary) or kid.get("/Type", Name.StructElem) != Name.StructElem:
            raise JoinError("a source has content directly under its top structure element")
        elements.append(kid)
    return elements


def _number_tree(node: object) -> Iterator[tuple[int, object]]:
    if not isinstance(node, Dictionary):
        return
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids") or ():
        yield from _number_tree(kid)


def _bookmarks(pdf: pikepdf.Pdf, outlines: object) -> tuple[Bookmark, ...]:
    items: list[Bookmark] = []
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
            copied = _copy(pdf, dest)
            assert isinstance(copied, Array)
            items.append(Bookmark(_text(node.get("/Title")) or "", copied,
                                  _bookmarks(pdf, node),
                                  open=count is not None and int(count) > 0))
        node = node.get("/Next")
    return tuple(items)


def _text(value: object) -> str | None:
    return str(value) if value is not None else None
