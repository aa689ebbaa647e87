"""A font subset as ReportLab's subsetter makes it, without hinting, in one pass over the
font (issue 16): the glyphs a document draws, their metrics, a cmap of its codes."""

from __future__ import annotations

import itertools
import struct
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase import ttfonts

# TrueType hinting: the programs and control values of the font, and each glyph's
# instructions. 44 % of an embedded subset, compressed (issue 16); it snaps outlines to a
# screen's pixel grid, which print resolutions do not need (poppler and mupdf ignore it).
# Stripped here rather than by fontTools' subsetter: 0.2 ms a subset, no import of fontTools.
_HINTING = frozenset({"fpgm", "prep", "cvt "})
_MORE_COMPONENTS, _WE_HAVE_INSTRUCTIONS = 0x20, 0x100


def unhinted(font: bytes) -> bytes:
    """``font`` (a TrueType file as ReportLab's subsetter writes it) without hinting: no fpgm,
    prep or cvt table, and no glyph instructions. Outlines, metrics and the cmap unchanged."""
    count = int.from_bytes(font[4:6], "big")
    tables: dict[str, bytes] = {}
    for i in range(count):
        entry = font[12 + 16 * i:28 + 16 * i]
        start, length = int.from_bytes(entry[8:12], "big"), int.from_bytes(entry[12:16], "big")
        tables[entry[:4].decode("latin-1")] = font[start:start + length]
    head, loca = tables["head"], tables["loca"]
    size = 4 if int.from_bytes(head[50:52], "big") else 2
    offsets = [int.from_bytes(loca[i:i + size], "big") * (1 if size == 4 else 2)
               for i in range(0, len(loca), size)]
    glyf, new = tables["glyf"], [0]
    glyphs = []
    for start, end in itertools.pairwise(offsets):
        glyph = _bare(glyf[start:end])
        glyph += b"\0" * (-len(glyph) % 4)
        glyphs.append(glyph)
        new.append(new[-1] + len(glyph))
    long = new[-1] > 0x1FFFE  # the short format counts in words of 16 bits
    output = ttfonts.TTFontMaker()
    for tag, data in tables.items():
        if tag not in _HINTING:
            output.add(tag, data)
    output.add("glyf", b"".join(glyphs))
    output.add("loca", b"".join(o.to_bytes(4, "big") if long else (o // 2).to_bytes(2, "big")
                                for o in new))
    output.add("head", head[:50] + (b"\0\1" if long else b"\0\0") + head[52:])
    return output.makeStream()  # type: ignore[no-any-return]


def _bare(glyph: bytes) -> bytes:
    """One glyph's outline without its instructions (TrueType's glyf table)."""
    if not glyph:
        return glyph
    contours = int.from_bytes(glyph[:2], "big", signed=True)
    if contours >= 0:  # simple: the instructions follow the contours' end points
        at = 10 + 2 * contours
        length = int.from_bytes(glyph[at:at + 2], "big")
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length:]
    data, at, flags = bytearray(glyph), 10, _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:  # composite: instructions follow the last component
        flags = int.from_bytes(data[at:at + 2], "big")
        data[at:at + 2] = (flags & ~_WE_HAVE_INSTRUCTIONS).to_bytes(2, "big")
        at += 4 + (4 if flags & 0x1 else 2)  # flags, glyph index, 2 arguments of 1 or 2 bytes
        at += 2 if flags & 0x8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0  # scale
    return bytes(data[:at])


# Long: ReportLab 5.1's TTFontFile.makeSubset (pinned in pyproject.toml) step by step, table by
# table, so that its bytes are those of unhinted(makeSubset(...)), which the tests check.
def subset(face: Any, codes: Sequence[int]) -> bytes:
    """``unhinted(ttfonts.TTFontFile.makeSubset(face, codes))`` without writing and reading
    back the hinted subset: ReportLab's subsetter copies the whole glyf table (megabytes in a
    CJK font) and checksums the file it makes, which ``unhinted`` parses again; this takes
    each glyph from the font as it stands. ``codes[i]`` is drawn by code ``i``."""
    data = memoryview(face._ttf_data)
    char_to_glyph, positions = face.charToGlyph, face.glyphPos
    glyph_map = [0]  # new glyph index -> the font's; 0 is .notdef in both
    glyph_set = {0: 0}  # the font's glyph index -> new
    code_to_glyph: dict[int, int] = {}
    for code in codes:
        old = char_to_glyph.get(code, 0)
        if old not in glyph_set:
            glyph_set[old] = len(glyph_map)
            glyph_map.append(old)
        code_to_glyph[code] = glyph_set[old]
    glyf_at = face.table["glyf"]["offset"]
    n = 0
    while n < len(glyph_map):  # the components of composite glyphs join the subset
        start, end = positions[glyph_map[n]], positions[glyph_map[n] + 1]
        n += 1
        if end == start or data[glyf_at + start] < 0x80:  # contours >= 0: a simple glyph
            continue
        for at in _components(data[glyf_at + start:glyf_at + end]):
            old = int.from_bytes(data[glyf_at + start + at:glyf_at + start + at + 2], "big")
            if old not in glyph_set:
                glyph_set[old] = len(glyph_map)
                glyph_map.append(old)
    output = ttfonts.TTFontMaker()
    for tag in ("name", "OS/2"):  # copied; cvt, fpgm and prep are hinting
        output.add(tag, face.get_table(tag))
    output.add("post", b"\0\3\0\0" + face.get_table("post")[4:16] + b"\0" * 16)
    hmtx = [int(m) for old in glyph_map for m in face.hmetrics[old]]
    last = len(hmtx) - 2  # a run of equal advance widths at the end is written once
    while last and hmtx[last] == hmtx[last - 2]:
        last -= 2
    last += 2
    output.add("hmtx", _shorts(hmtx[:last] + hmtx[last + 1::2]))
    output.add("hhea", _with_short(face.get_table("hhea"), 34, last >> 1))
    output.add("maxp", _with_short(face.get_table("maxp"), 4, len(glyph_map)))
    cmap = [0, 1, 1, 0, 0, 12, 6, 10 + 2 * len(codes), 0, 0, len(codes),
            *(code_to_glyph[code] for code in codes)]
    output.add("cmap", _shorts(cmap))
    glyphs, offsets = [], [0]
    for old in glyph_map:
        start, end = positions[old], positions[old + 1]
        glyph = bytes(data[glyf_at + start:glyf_at + end])
        if end - start > 2 and glyph[0] >= 0x80:  # composite: renumber its components
            mutable = bytearray(glyph)
            for at in _components(glyph):
                old_component = int.from_bytes(glyph[at:at + 2], "big")
                mutable[at:at + 2] = glyph_set[old_component].to_bytes(2, "big")
            glyph = bytes(mutable)
        glyph = _bare(glyph + b"\0" * (-len(glyph) % 4))  # ReportLab pads, then we strip
        glyph += b"\0" * (-len(glyph) % 4)
        glyphs.append(glyph)
        offsets.append(offsets[-1] + len(glyph))
    long = offsets[-1] > 0x1FFFE  # the short format counts in words of 16 bits
    output.add("glyf", b"".join(glyphs))
    output.add("loca", struct.pack(f">{len(offsets)}L", *offsets) if long
               else _shorts([o // 2 for o in offsets]))
    head = face.get_table("head")
    output.add("head", head[:50] + (b"\0\1" if long else b"\0\0") + head[52:])
    return output.makeStream()  # type: ignore[no-any-return]


def _shorts(values: Sequence[int]) -> bytes:
    return struct.pack(f">{len(values)}H", *values)


def _with_short(table: bytes, at: int, value: int) -> bytes:
    return table[:at] + value.to_bytes(2, "big") + table[at + 2:]


def _components(glyph: Any) -> list[int]:
    """Where a composite glyph's components give their glyph index (after each one's flags)."""
    at, flags, out = 10, _MORE_COMPONENTS, []
    while flags & _MORE_COMPONENTS:
        flags = int.from_bytes(glyph[at:at + 2], "big")
        out.append(at + 2)
        at += 4 + (4 if flags & 0x1 else 2)  # flags, glyph index, 2 arguments of 1 or 2 bytes
        at += 2 if flags & 0x8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0  # scale
    return out
