"""ReportLab's TrueType font: readable ToUnicode, content tags, drawn codes only, no-break space."""

from __future__ import annotations

import array
import hashlib
import itertools
import sys
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, ttfonts

from . import _format, _subset

# Never split across lines, and kept in the text layer as themselves: NO-BREAK SPACE, FIGURE
# SPACE, THIN SPACE (a thousands separator, and the space between a number and its unit in
# medical text: unbreakable here, although Unicode allows a break after it) and NARROW
# NO-BREAK SPACE.
NO_BREAK = "\u00a0\u2007\u2009\u202f"

# ReportLab's paragraph splitter breaks lines at U+2007, U+2009 and U+202F (its ``_wsc``, and
# ``str.split``) and drops them; ``TTFont.splitString`` draws U+00A0 as the space, code 32,
# so extraction gives U+0020. A paragraph gets a stand-in for each instead, from the
# Supplementary Private Use Area-A: ReportLab sees a letter, never a space. The font draws a
# stand-in with the real character's glyph and width, and its ToUnicode CMap maps it back.
# No bundled font maps these code points, so validation refuses them in a monograph.
_STAND_IN = 0xF0000
TO_STAND_IN = {ord(c): _STAND_IN + ord(c) for c in NO_BREAK}
_FROM_STAND_IN = {v: k for k, v in TO_STAND_IN.items()}

# Adobe Technical Note #5014 (CMap and CIDFont Files Specification): "the number of
# mappings in a single begin...end block is limited to 100". Ghostscript 10 drops every
# mapping of a longer block, so every non-ASCII character of a ReportLab subset was lost.
_BLOCK = 100
_TAG_LETTERS = 6
# A subset's font file and ToUnicode CMap depend on the face and its codes alone: a process
# that renders leaflets with the same characters (a preview on every click, leaflets in one
# language) makes and compresses them once. Bounded: a CJK subset is some 100 KB.
SUBSETS = 16


def subset_tag(font_name: bytes, code_points: Sequence[int], attempt: int = 0) -> str:
    """Six letters A-Z from a hash of the font's name and the subset's code points. ISO
    32000-1 9.6.4: distinct subsets in one file have distinct tags; ReportLab tags the first
    subset of every document AAAAAA, so the binder held several AAAAAA+ fonts. From the
    content, the same subset has the same tag, and so the same bytes, in every leaflet, and
    the binder stores it once; ``attempt`` gives another tag when two subsets of one
    document clash."""
    key = b"%s\0%d\0%s" % (font_name, attempt, ",".join(map(str, code_points)).encode())
    n = int.from_bytes(hashlib.sha256(key).digest()[:8], "big")
    letters = []
    for _ in range(_TAG_LETTERS):
        n, letter = divmod(n, 26)
        letters.append(chr(ord("A") + letter))
    return "".join(letters)


def to_unicode_cmap(code_points: Sequence[int]) -> str:
    """The ToUnicode CMap of a simple font whose code ``i`` draws ``code_points[i]``: blocks of
    at most 100 mappings, each destination UTF-16BE (surrogate pairs above U+FFFF)."""
    entries = [(code, _utf16be(point)) for code, point in enumerate(code_points)
               if point]  # 0 is ReportLab's .notdef padding: no character at all
    lines = [
        # The header of ISO 32000-1 9.10.3, Example 2.
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), _BLOCK):
        block = entries[start:start + _BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{code:02X}> <{destination}>" for code, destination in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _utf16be(point: int) -> str:
    # ReportLab writes "%04X": five digits above U+FFFF, which readers cut to four.
    return chr(_FROM_STAND_IN.get(point, point)).encode("utf-16-be").hex().upper()


_WIDTHS_KEPT = 1 << 14  # (word, size) pairs a font remembers: about 3 MB at most


class TTFont(ttfonts.TTFont):  # type: ignore[misc]
    """A subclass, not a patch of ReportLab's module: another user of ReportLab in the same
    process (an application that imports handouts) keeps ReportLab's behaviour."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        face = self.face
        for real, stand_in in TO_STAND_IN.items():
            if stand_in in face.charToGlyph:
                raise ValueError(f"{filename} maps U+{stand_in:X}, a no-break space's stand-in")
            if real in face.charToGlyph:
                face.charToGlyph[stand_in] = face.charToGlyph[real]
                face.charWidths[stand_in] = face.getCharWidth(real)
        # This face's subsets only; ReportLab's class is unchanged for other users.
        made = lru_cache(maxsize=SUBSETS)(lambda codes: _subset.subset(face, codes))
        face.makeSubset = lambda codes: made(tuple(codes))
        self._widths: dict[tuple[str, float], float] = {}
        self._first_codes: tuple[list[tuple[int, int]], Known] | None = None

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        # ReportLab's line breaking measures every word and every space of a paragraph, one
        # call each (a thousand a leaflet), and a leaflet's words recur: each is measured once
        # per size. Bounded: a worker that lays out a whole formulary starts afresh.
        if type(text) is not str:  # bytes, or ReportLab's str subclasses (shaped text)
            return float(super().stringWidth(text, size, encoding))
        widths = self._widths
        width = widths.get((text, size))
        if width is None:
            if len(widths) >= _WIDTHS_KEPT:
                widths.clear()
            width = widths[text, size] = super().stringWidth(text, size, encoding)
        return width

    def first_codes(self) -> tuple[list[tuple[int, int]], Known]:
        """The codes (code point, code) ReportLab's state of this font starts every document
        with, and their tables (see ``_known``); made once."""
        if self._first_codes is None:
            first = list(ttfonts.TTFont.State(self._asciiReadable, self).assignments.items())
            self._first_codes = (first, _absorb({}, first))
        return self._first_codes

    def characters(self) -> frozenset[str]:
        """The characters the font draws; the stand-ins are not characters of any text."""
        return frozenset(chr(c) for c in self.face.charToGlyph if c not in _FROM_STAND_IN)

    def splitString(self, text: str | bytes, doc: Any,
                    encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        # Text drawn outside paragraphs (the header band, the footer) has the real characters.
        if isinstance(text, bytes):
            text = text.decode(encoding)
        state = self.state.get(doc)
        if state is not None and text:
            # Most strings of a leaflet are drawn in characters that already have codes, all
            # in one subset: their bytes come from a table in C, not ReportLab's loop in
            # Python a character (a tenth of a warm render; issue 16).
            for n, (chars, table) in _known(state, self).items():
                if chars.issuperset(text):
                    codes = text.translate(table).encode("latin-1")
                    _drawn(state).setdefault(n, set()).update(codes)
                    return [(n, codes)]
        parts: list[tuple[int, bytes]] = super().splitString(text.translate(TO_STAND_IN), doc)
        drawn = _drawn(self.state[doc])
        for n, codes in parts:  # a set of ints updated from bytes: no Python step a character
            drawn.setdefault(n, set()).update(codes)
        return parts

    def addObjects(self, doc: Any) -> None:
        """ReportLab 5.1's ``TTFont.addObjects`` (pinned in pyproject.toml), with our subset
        tag in place of ``SUBSETN(n)`` and our ToUnicode CMap in place of
        ``makeToUnicodeCMap``'s."""
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = ttfonts.TTFont.State(self._asciiReadable)
        state.frozen = 1
        face_name = self.face.name + self.face.subfontNameX
        tags: set[str] = set()
        drawn = _drawn(state)
        for n, subset in enumerate(state.subsets):
            # ReportLab gives all of ASCII its own codes in the first subset, drawn or not
            # (readable content streams); only the codes drawn are embedded, a third fewer
            # glyphs in the seed. The others become 0, .notdef: no glyph of their own and no
            # ToUnicode entry.
            codes = drawn.get(n, set())
            subset = [c if code in codes else 0 for code, c in enumerate(subset)]
            points = tuple(subset)
            attempt = 0
            while (tag := subset_tag(face_name, points, attempt)) in tags:
                attempt += 1
            tags.add(tag)
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font_name = f"{tag}+{face_name.decode('pdfdoc')}"

            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = Numbers(list(_widths(self.face, points)))

            cmap = pdfdoc.PDFStream()
            cmap.content = _cmap(points)
            if doc.compression:
                cmap.filters = [FLATE]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font_name, subset)
            if doc.compression:  # ReportLab's font file stream, compressed by ours
                name = f"fontFile:{self.face.filename}({base_font_name})"
                doc.idToObject[name].filters = [FLATE]

            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]


@lru_cache(maxsize=SUBSETS)
def _cmap(code_points: tuple[int, ...]) -> str:
    return to_unicode_cmap(code_points)


@lru_cache(maxsize=SUBSETS)
def _widths(face: Any, code_points: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(map(face.getCharWidth, code_points))


@lru_cache(maxsize=SUBSETS)
def _numbers(numbers: tuple[float, ...]) -> tuple[bytes, ...]:
    return tuple(fp_str(*numbers).encode("ascii").split(b" "))


@lru_cache(maxsize=2 * SUBSETS)  # a font file and a CMap a subset
def _flate(data: bytes) -> bytes:
    return zlib.compress(data)


class _Flate:
    """ReportLab's ``PDFZCompress`` (zlib's default level, the same bytes), made once for the
    same content."""

    pdfname = "FlateDecode"

    def encode(self, text: str | bytes) -> bytes:
        return _flate(text.encode("utf8") if isinstance(text, str) else text)


FLATE = _Flate()


class Numbers(pdfdoc.PDFArray):  # type: ignore[misc]
    """An array of numbers (a font's 256 widths), written as ReportLab writes a PDFArray of
    them, with one call of its number formatting for them all, not three calls a number."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        return _format.array(list(_numbers(tuple(self.sequence))) if self.sequence else [],
                             self.multiline)


def _drawn(state: Any) -> dict[int, set[int]]:
    """The codes a document draws with a font, by subset, kept on ReportLab's state of the
    font for that document (which ReportLab makes, as ``ttfonts.TTFont.State``, not a
    subclass). By code, not character: ReportLab also gives the space a code in every subset
    after the first, which text never draws (the first subset's space is the space)."""
    drawn: dict[int, set[int]] = vars(state).setdefault("handouts_drawn", {})
    return drawn


Known = dict[int, tuple[set[str], dict[int, int]]]  # by subset: its characters, their codes


def _known(state: Any, font: TTFont) -> Known:
    """The characters that have a code, by subset: each subset's characters, and a table that
    ``str.translate`` maps them with to their codes (a no-break space to its stand-in's).
    Kept on ReportLab's state of the font for a document, brought up to date with the codes
    ReportLab has given since (it only adds to ``assignments``, a dict in the order added)."""
    assignments = state.assignments
    entry = vars(state).get("handouts_known")
    if entry is None:
        # Every document starts with the codes ReportLab's State gives (all of ASCII): their
        # tables are made once a font and copied, not made again a character at a time.
        first, template = font.first_codes()
        if list(itertools.islice(assignments.items(), len(first))) == first:
            entry = ({n: (set(chars), dict(table)) for n, (chars, table) in template.items()},
                     len(first))
        else:
            entry = ({}, 0)
    known: Known
    known, seen = entry
    if seen != len(assignments):
        _absorb(known, itertools.islice(assignments.items(), seen, None))
    state.handouts_known = (known, len(assignments))
    return known


def _absorb(known: Known, assigned: Iterable[tuple[int, int]]) -> Known:
    """``known`` with the characters of ``assigned`` (code point, code) added."""
    for point, code in assigned:
        chars, table = known.setdefault(code >> 8, (set(), {}))
        for char in (point, _FROM_STAND_IN.get(point)):
            if char is not None:  # the stand-in's character, drawn with its code
                chars.add(chr(char))
                table[char] = code & 0xFF
    return known


# Code point ranges: their first and last code points, in two arrays of the same length.
Ranges = tuple["array.array[int]", "array.array[int]"]


def cmap_characters(path: str) -> frozenset[str]:
    """The characters a TrueType font maps to a glyph, read from its cmap table alone (see
    ``cmap_ranges``); for the few users that need them as a set."""
    return characters(cmap_ranges(path))


def characters(ranges: Ranges) -> frozenset[str]:
    """Every character of ``ranges``, as a set."""
    starts, ends = ranges
    return frozenset(map(chr, itertools.chain.from_iterable(
        map(range, starts, (end + 1 for end in ends)))))


def cmap_ranges(path: str) -> Ranges:
    """The code points a TrueType font maps to a glyph, as ranges sorted and disjoint (as the
    OpenType cmap specification requires of its groups and segments), read from its cmap
    table alone in a few arrays: a millisecond where parsing the whole font (``TTFont``)
    takes a tenth of a second for a CJK font of 10 MB, and a set of its 30,000 characters
    30 ms. The Unicode subtable ReportLab uses: format 12 (3,10) if there is one, else
    format 4."""
    with open(path, "rb") as f:
        head = f.read(12)
        count = int.from_bytes(head[4:6], "big")
        directory = f.read(16 * count)
        tables = {directory[i:i + 4]: (int.from_bytes(directory[i + 8:i + 12], "big"),
                                       int.from_bytes(directory[i + 12:i + 16], "big"))
                  for i in range(0, 16 * count, 16)}
        start, length = tables[b"cmap"]
        f.seek(start)
        cmap = f.read(length)
    subtables = {}
    for i in range(int.from_bytes(cmap[2:4], "big")):
        entry = cmap[4 + 8 * i:12 + 8 * i]
        platform, encoding = int.from_bytes(entry[:2], "big"), int.from_bytes(entry[2:4], "big")
        subtables[platform, encoding] = int.from_bytes(entry[4:8], "big")
    if (3, 10) in subtables and int.from_bytes(cmap[subtables[3, 10]:][:2], "big") == 12:
        return _format12(cmap[subtables[3, 10]:])
    at = subtables.get((3, 1), subtables.get((0, 3)))
    if at is None or int.from_bytes(cmap[at:at + 2], "big") != 4:
        raise ValueError(f"{path}: no Unicode cmap of format 4 or 12")
    return _format4(cmap[at:])


def _big_endian(kind: str, data: bytes) -> array.array[int]:
    """``data`` as unsigned integers ("H": 16 bits, "I": 32), big-endian as TrueType's."""
    out = array.array(kind)
    out.frombytes(data[:len(data) - len(data) % out.itemsize])
    if sys.byteorder == "little":
        out.byteswap()
    return out


def _format12(table: bytes) -> Ranges:
    # Groups of (first, last, first glyph), sliced apart without a loop in Python.
    groups = _big_endian("I", table[16:16 + 12 * int.from_bytes(table[12:16], "big")])
    firsts, lasts, glyphs = groups[0::3], groups[1::3], groups[2::3]
    if 0 in glyphs:  # a group's first code maps to glyph 0, .notdef: not drawn
        kept = [(first + (glyph == 0), last) for first, last, glyph
                in zip(firsts, lasts, glyphs, strict=True) if first + (glyph == 0) <= last]
        firsts = array.array("I", (first for first, _ in kept))
        lasts = array.array("I", (last for _, last in kept))
    return firsts, lasts


def _format4(table: bytes) -> Ranges:
    segments = int.from_bytes(table[6:8], "big") // 2
    words = _big_endian("H", table[14:14 + 8 * segments + 2])
    ends, starts = words[:segments], words[segments + 1:2 * segments + 1]  # a pad between
    deltas, offsets = words[2 * segments + 1:3 * segments + 1], words[3 * segments + 1:]
    ranges_at = 14 + 2 * segments * 3 + 2
    out: list[tuple[int, int]] = []
    for i, (first, last) in enumerate(zip(starts, ends, strict=True)):
        last = min(last, 0xFFFE)  # U+FFFF ends the table; it is no character
        if offsets[i] == 0:  # glyph = code + delta: .notdef at one code at most
            notdef = -deltas[i] & 0xFFFF
            out += [r for r in ((first, min(last, notdef - 1)), (max(first, notdef + 1), last))
                    if r[0] <= r[1]]
            continue
        at = ranges_at + 2 * i + offsets[i]
        glyphs = _big_endian("H", table[at:at + 2 * (last - first + 1)])
        for code, glyph in enumerate(glyphs, first):  # past the table's end: no glyph
            if glyph and (glyph + deltas[i]) & 0xFFFF:
                out.append((code, code))
    return array.array("I", (r[0] for r in out)), array.array("I", (r[1] for r in out))
