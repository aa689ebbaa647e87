"""ReportLab's file layout with object streams: every object that is not a stream goes into a
Flate-compressed object stream, indexed by a cross-reference stream (ISO 32000-1 7.5.7 and
7.5.8; allowed in PDF/A-2). The structure tree, fonts' dictionaries and pages were a third of
a leaflet as plain text (issue 16)."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from reportlab.pdfbase import pdfdoc

from . import _format

# Objects a stream: big enough to compress well, small enough that a reader that wants one
# object does not inflate the whole structure tree of a 500-page leaflet.
PER_STREAM = 500
LEVEL = 9  # zlib's best: deterministic for a given zlib, and the write-out is a small part


def install(doc: Any) -> None:
    """Make ``doc`` (a ReportLab PDFDocument) write itself with object streams; only this
    document, never ReportLab's class, so that other users of ReportLab are unchanged."""
    doc.format = lambda: format_document(doc)


def format_document(doc: Any) -> bytes:
    """ReportLab 5.1's ``PDFDocument.format`` (pinned in pyproject.toml), with the objects
    that are not streams gathered into object streams and a cross-reference stream in place
    of the table and trailer. Objects are formatted in the same order as ReportLab's, so new
    objects made while formatting (references to fonts, say) are numbered as there."""
    doc.encrypt.prepare(doc)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    numbers = doc.numberToId
    out = pdfdoc.PDFFile(doc._pdfVersion)
    where: dict[int, tuple[int, int, int]] = {}  # number -> xref entry (type, field 2, field 3)
    packed: list[tuple[int, bytes]] = []
    counter = 0
    doc.__accum__ = out  # ReportLab's objects may ask where they are written
    with _format.installed():
        while (counter := counter + 1) in numbers:
            doc.encrypt.register(counter, 0)
            body = _format.format_object(doc.idToObject[numbers[counter]], doc, toplevel=1)
            # A stream's bytes end with its keyword: no dictionary, array, string or number can,
            # and a name (/endstream) is no stream. Streams stay outside any object stream.
            if body.rstrip().endswith(b"endstream") and not body.lstrip().startswith(b"/"):
                offset = out.add(b"%d 0 obj\n%s%sendobj\n"
                                 % (counter, body, b"" if body.endswith(b"\n") else b"\n"))
                where[counter] = (1, offset, 0)
            else:
                packed.append((counter, body))
    del doc.__accum__
    size = counter  # the next free number
    for start in range(0, len(packed), PER_STREAM):
        chunk = packed[start:start + PER_STREAM]
        number, size = size, size + 1
        where.update((n, (2, number, i)) for i, (n, _) in enumerate(chunk))
        where[number] = (1, out.add(object_stream(number, chunk)), 0)
    catalog, info = (doc.Reference(o).format(doc) for o in (doc.Catalog, doc.info))
    ids = doc.ID().split(b"%", 1)[0].strip()  # without ReportLab's comment after the array
    out.add(xref_stream(size, out.offset, (where[n] for n in range(1, size)),
                        b"/Root %s /Info %s /ID %s" % (catalog, info, ids)))
    return out.format(doc)  # type: ignore[no-any-return]


def object_stream(number: int, chunk: Sequence[tuple[int, bytes]], level: int = LEVEL) -> bytes:
    """Object ``number``: an object stream of ``chunk``'s objects (number, body)."""
    header, bodies, offset = [], [], 0
    for n, body in chunk:
        header.append(b"%d %d" % (n, offset))
        bodies.append(body)
        offset += len(body) + 1  # the newline that separates it from the next
    first = b" ".join(header) + b"\n"
    data = zlib.compress(first + b"\n".join(bodies) + b"\n", level)
    return (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            b"stream\n%s\nendstream\nendobj\n" % (number, len(chunk), len(first), len(data), data))


def xref_stream(number: int, offset: int, entries: Iterable[tuple[int, int, int]],
                trailer: bytes, level: int = LEVEL,
                rows: Callable[[int], Iterable[bytes]] | None = None) -> bytes:
    """The cross-reference stream ``number``, the file's last object, written at ``offset``:
    ``entries`` for objects 1 to ``number - 1``, each (1, offset, 0) or (2, object stream,
    index), then its own; ``trailer``'s keys (/Root, /Info, /ID); startxref and %%EOF.
    ``rows``, if given, stands for ``entries``: ``rows(width)`` gives them packed already,
    each field ``width`` bytes wide, in pieces (the binder's, packed in C)."""
    width = max(1, (max(offset, number).bit_length() + 7) // 8)
    packer = zlib.compressobj(level)
    head = b"\x00" + bytes(width) + b"\xff\xff"  # 0: the free list
    if rows is not None:
        parts = [packer.compress(head), *(packer.compress(piece) for piece in rows(width))]
        pending = bytearray()
    else:
        parts, pending = [], bytearray(head)
        # Compressed as it goes: a binder of 1,000 leaflets has some 70,000 entries, and a
        # bytes object each, held at once, was its peak memory.
        for kind, field, index in entries:
            pending += bytes((kind,)) + field.to_bytes(width, "big") + index.to_bytes(2, "big")
            if len(pending) >= 1 << 16:
                parts.append(packer.compress(pending))
                pending.clear()
    pending += b"\x01" + offset.to_bytes(width, "big") + b"\0\0"
    data = b"".join((*parts, packer.compress(pending), packer.flush()))
    return (b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 %d 2 ] %s /Filter /FlateDecode "
            b"/Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
            % (number, number + 1, width, trailer, len(data), data, offset))
