"""The brand's logo, read once from inside the brand file's folder and checked to the byte."""

from __future__ import annotations

import dataclasses
import io
import re
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..errors import BuildError
from ..page import _svg
from ..page.render import draw_logo
from ..page.styles import LOGO_HEIGHT, MAX_ASPECT
from ..pdf import fonts
from ..pdf.metadata import fixed_time
from ..source._files import FileProblem, read_inside
from ..source.model import Logo

if TYPE_CHECKING:  # ~10 ms of start-up: imported where a logo other than the bundled is checked
    from lxml import etree

# Every leaflet embeds the logo: a flat logo exported for print is tens to hundreds of KB.
MAX_BYTES = 2 * 1024 * 1024
# Printed LOGO_HEIGHT (9 mm) tall, 600 dpi needs ~210 pixels. Pillow and ReportLab hold about
# 10 bytes a pixel while a leaflet is drawn, in every worker: 4 MP adds ~55 MB, 13000² 1.6 GB.
MAX_SIDE = 4096
MAX_PIXELS = 4 * 1024 * 1024
# svglib makes Python objects for every element, and again for every <use> and clip-path
# reference: a real logo has tens to a few thousand elements; a file of 1 KB can ask for 10^6.
MAX_ELEMENTS = 20_000
MAX_EXPANDED_BYTES = 4 * 1024 * 1024
# libxml2's own limit without huge_tree (a real logo nests a few groups deep); past it, svglib
# would recurse once a level.
MAX_DEPTH = 256
_LOGO_MM = round(LOGO_HEIGHT / mm)

_PNG = b"\x89PNG\r\n\x1a\n"
_GZIP = b"\x1f\x8b"
_SVG_NS = "http://www.w3.org/2000/svg"
# svglib drops every element's namespace, so these are refused by local name in any namespace.
_TEXT = frozenset({"text", "tspan", "textPath", "tref", "altGlyph", "altGlyphDef",
                   "altGlyphItem", "glyphRef", "flowRoot", "flowPara", "flowSpan", "flowDiv",
                   "flowRegion", "font", "font-face", "font-face-src", "font-face-uri",
                   "font-face-format", "font-face-name", "glyph", "missing-glyph", "hkern",
                   "vkern"})
_ACTIVE = frozenset({"foreignObject", "script", "handler", "iframe", "video", "audio",
                     "canvas"})
_URL = re.compile(r"url\s*\(", re.IGNORECASE)
_LOCAL_URL = re.compile(r"""url\s*\(\s*(['"]?)#([^'"()\s\\]+)\1\s*\)""", re.IGNORECASE)
_LOCAL_HREF = re.compile(r"#[^\s#]+")
# References svglib expands anew at each use (gradients it resolves once, by name).
_EXPANDING = re.compile(r"""(?:clip-path|mask)\s*:\s*url\s*\(\s*(['"]?)#([^'"()\s\\]+)\1""",
                        re.IGNORECASE)


class LogoError(Exception):
    """What is wrong with the logo, as the brand file's message says it."""


def read_logo(base: Path, name: str) -> Logo:
    """The logo named ``name`` in the brand file, relative to its folder ``base``: read once,
    checked, and kept as bytes so that rendering never opens a path again."""
    kind = Path(name).suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise LogoError(f"expected a .png or .svg file, found {name!r}")
    data = _read_inside(base, name)
    if kind == "png":
        _check_png(name, data)
    elif _svg.bundled(data) is None:  # the package's own logo, checked by its tests
        _check_svg(data)
    return _check_drawable(Logo(data, kind))


def _read_inside(base: Path, name: str) -> bytes:
    """The logo's bytes, if it lies inside ``base``: nothing outside is opened."""
    shown = base / name
    try:
        return read_inside(base, name, MAX_BYTES)
    except FileProblem as e:
        message = {
            "link": f"expected a file in the brand file's folder, found {name!r}, a link to a "
                    "file outside it; put the logo itself beside the brand file",
            "outside": f"expected a file in the brand file's folder, found {name!r}, which is "
                       "outside it; put the logo beside the brand file",
            "missing": f"expected an existing file, found no file at {str(shown)!r}",
            "unreadable": f"expected a readable file, found {name!r} ({e.detail}); check its "
                          "permissions",
            "special": f"expected a PNG or SVG file, found {e.detail} at {str(shown)!r}",
            "too big": f"expected a file of at most {MAX_BYTES:,} bytes, found {e.size:,} "
                       f"bytes; export the logo smaller (it is printed {_LOGO_MM} mm tall)",
        }[e.reason]
        raise LogoError(message) from None


def _check_png(name: str, data: bytes) -> None:
    """The size from the PNG's header before any decoding, then a full decode."""
    if not data.startswith(_PNG):
        raise LogoError(f"expected a PNG file, found {name!r}, which does not start with PNG's "
                        "signature; export the logo as PNG or SVG")
    damaged = LogoError(f"expected a PNG file, found a damaged one ({name!r} cannot be "
                        "decoded); export it again")
    # The first chunk is IHDR: length 13, type, then width and height (PNG 1.2, 11.2.2).
    if len(data) < 24 or data[8:16] != b"\x00\x00\x00\x0dIHDR":
        raise damaged
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE and width * height <= MAX_PIXELS):
        raise LogoError(
            f"expected a PNG of at most {MAX_SIDE} pixels a side and {MAX_PIXELS:,} pixels in "
            f"all, found {width} × {height} pixels; scale it down (it is printed {_LOGO_MM} mm "
            "tall: a few hundred pixels high are plenty)")
    _check_aspect(width, height, f"{width} × {height} pixels")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.verify()  # every chunk's CRC
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.load()  # every pixel: a truncated or corrupt stream fails here, not later
    except Exception:  # Pillow raises many types (OSError, SyntaxError, ValueError, ...)
        raise damaged from None


def _check_aspect(width: float, height: float, found: str) -> None:
    if width > MAX_ASPECT * height:
        raise LogoError(f"expected a logo at most {MAX_ASPECT} times as wide as it is tall, "
                        f"found {found} ({width / height:.1f} times); crop it or use a narrower "
                        "version")


def _check_svg(data: bytes) -> None:
    """Parse without DTDs, entities or network, then walk every element, whatever its
    namespace prefix, for what svglib would fetch, draw as text, or refuse to draw."""
    from lxml import etree

    if data.startswith(_GZIP):
        raise LogoError("expected an uncompressed SVG file, found a gzip-compressed one (SVGZ); "
                        "save it as plain SVG")
    # Before parsing: libxml2 refuses an entity bomb even when told not to expand entities,
    # as a syntax error, so the DOCTYPE that holds it would not be named.
    doctype = _doctype(data)
    if doctype is not None:
        raise _no_doctype(doctype)
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        line, column = e.position
        if "depth" in str(e.msg).lower():  # "Excessive depth in document: 256, ..."
            raise LogoError(f"expected an SVG whose elements are nested at most {MAX_DEPTH} "
                            f"deep, found deeper nesting at line {line}, column {column}; "
                            "export the logo again with its groups flattened") from None
        raise LogoError(f"expected an SVG file, found invalid XML at line {line}, column "
                        f"{column}; export the logo again as plain SVG") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise _no_doctype(info.root_name or "")
    name = etree.QName(root)
    if name.localname != "svg" or name.namespace not in (_SVG_NS, None):
        raise LogoError(f"expected an SVG file, found XML whose root element is "
                        f"<{name.localname}>; export the logo again as plain SVG")
    for node in (*_siblings(root), *root.iter()):
        if isinstance(node, etree._ProcessingInstruction):
            raise LogoError("expected an SVG file without processing instructions, found "
                            f"<?{node.target}?>; delete it")
        if isinstance(node, etree._Entity):  # unreachable without a DOCTYPE; kept for safety
            raise LogoError("expected an SVG file without entities, found one; export it again")
        if isinstance(node, etree._Element):
            _check_element(node)
    _check_expansion(root)


_SPACE = re.compile(r"\s*")
_DOCTYPE = re.compile(r"<!DOCTYPE(?:\s+([^\s\[>]+))?")
# Byte order marks; without one, UTF-16 shows in "<" and a NUL (XML 1.0, appendix F).
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_NO_BOM = ((b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"))


def _doctype(data: bytes) -> str | None:
    """The root name a DOCTYPE gives, if the file has one: read from the bytes, without
    parsing them. Any other encoding writes "<!DOCTYPE" as ASCII does, which latin-1 reads."""
    bom, codec = next(((b, c) for b, c in _BOMS if data.startswith(b)), (b"", ""))
    codec = codec or next((c for b, c in _NO_BOM if data.startswith(b)), "latin-1")
    text = data[len(bom):].decode(codec, "replace")
    at = 0
    while True:  # the prolog: space, the XML declaration, comments, processing instructions
        at = _SPACE.match(text, at).end()  # type: ignore[union-attr]  # \s* always matches
        for opening, closing in (("<?", "?>"), ("<!--", "-->")):
            if text.startswith(opening, at):
                end = text.find(closing, at + len(opening))
                if end < 0:
                    return None  # unclosed: the parser says where
                at = end + len(closing)
                break
        else:
            found = _DOCTYPE.match(text, at)
            return None if found is None else found.group(1) or ""


def _no_doctype(root_name: str) -> LogoError:
    return LogoError(f"expected an SVG file without a DOCTYPE, found <!DOCTYPE {_shown(root_name)}>"
                     "; delete the DOCTYPE line (an SVG needs none)")


def _siblings(root: etree._Element) -> list[etree._Element]:
    """Nodes beside the root element: processing instructions before or after it."""
    before, after = [], []
    node = root.getprevious()
    while node is not None:
        before.append(node)
        node = node.getprevious()
    node = root.getnext()
    while node is not None:
        after.append(node)
        node = node.getnext()
    return [*reversed(before), *after]


def _check_element(element: etree._Element) -> None:
    from lxml import etree

    local = etree.QName(element).localname
    if local in _TEXT:
        raise LogoError(f"expected an SVG whose text is converted to paths, found <{local}> "
                        "elements (their font could not be embedded)")
    if local == "image":
        raise LogoError("expected an SVG of shapes and paths, found an <image> element (a "
                        "picture inside the SVG); use the picture as a PNG logo, or redraw it "
                        "as paths")
    if local in _ACTIVE:
        raise LogoError(f"expected an SVG of shapes and paths, found a <{local}> element; "
                        "delete it")
    for attribute, value in element.attrib.items():
        if etree.QName(attribute).localname == "href" and not _LOCAL_HREF.fullmatch(value):
            raise LogoError("expected only references to the SVG's own elements "
                            f"(href=\"#id\"), found href={_shown(value)!r}; copy what it refers "
                            "to into the logo")
        _check_urls(value)
    if local == "style":
        css = "".join(element.itertext())
        if re.search(r"@font-face", css, re.IGNORECASE):
            raise LogoError("expected an SVG whose text is converted to paths, found @font-face "
                            "in a style (its font could not be embedded)")
        if re.search(r"@import", css, re.IGNORECASE):
            raise LogoError("expected a self-contained SVG, found @import in a style; copy the "
                            "style sheet into the logo")
        _check_urls(css)


def _check_urls(text: str) -> None:
    for match in _URL.finditer(text):
        if not _LOCAL_URL.match(text, match.start()):
            end = text.find(")", match.start())
            found = text[match.start():end + 1 if end >= 0 else len(text)]
            raise LogoError("expected only url(#id) references to the SVG's own elements, "
                            f"found {_shown(found)!r}; copy what it refers to into the logo")


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def _references(element: etree._Element,
                ids: dict[str, etree._Element]) -> list[etree._Element]:
    """What a <use> or a clip-path, mask or style of ``element`` refers to, by id."""
    from lxml import etree

    found = []
    if etree.QName(element).localname == "use":
        href = next((v for k, v in element.attrib.items()
                     if etree.QName(k).localname == "href"), "")
        if href[1:] in ids:
            found.append(ids[href[1:]])
    for attribute, value in element.attrib.items():
        local = etree.QName(attribute).localname
        if local in ("clip-path", "mask"):
            found += [ids[m.group(2)] for m in _LOCAL_URL.finditer(value) if m.group(2) in ids]
        elif local == "style":
            found += [ids[m.group(2)] for m in _EXPANDING.finditer(value) if m.group(2) in ids]
    return found


def _check_expansion(root: etree._Element) -> None:
    """Bound what svglib will build: each element with its children, plus what its <use> or
    clip-path/mask references expand to. Computed once per element, so a bomb is counted,
    not built."""
    from lxml import etree

    ids: dict[str, etree._Element] = {}
    for element in root.iter(etree.Element):
        ids.setdefault(element.get("id", ""), element)
    css = "".join("".join(e.itertext()) for e in root.iter(etree.Element)
                  if etree.QName(e).localname == "style")
    # A style sheet's clip-path may apply to any element: count it for each, as svglib would.
    css_refs = [ids[m.group(2)] for m in _EXPANDING.finditer(css) if m.group(2) in ids]

    # Depth-first without recursion: <use> chains can be longer than Python's stack.
    sizes: dict[etree._Element, tuple[int, int]] = {}
    open_: set[etree._Element] = set()
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, done = stack.pop()
        if element in sizes:
            continue
        edges = [*element.iterchildren(etree.Element), *_references(element, ids)]
        if not done:
            open_.add(element)
            stack.append((element, True))
            for target in edges:
                if target in open_:
                    raise LogoError("expected an SVG whose <use> and clip-path references do "
                                    "not loop, found a loop; export it again")
                if target not in sizes:
                    stack.append((target, False))
            continue
        own = len(element.tag) + sum(len(k) + len(v) for k, v in element.attrib.items())
        own += len(element.text or "")
        count, size = 1, own
        for target in edges:
            count, size = count + sizes[target][0], size + sizes[target][1]
        open_.discard(element)
        sizes[element] = (count, size)
    count, size = sizes[root]
    for target in css_refs:
        count += sizes[target][0] * len(sizes)
        size += sizes[target][1] * len(sizes)
    if count > MAX_ELEMENTS:
        raise LogoError(f"expected an SVG of at most {MAX_ELEMENTS:,} elements once <use> and "
                        f"clip paths are expanded, found {count:,}; simplify the logo")
    if size > MAX_EXPANDED_BYTES:
        raise LogoError(f"expected an SVG of at most {MAX_EXPANDED_BYTES:,} bytes of shapes "
                        f"once <use> and clip paths are expanded, found {size:,}; simplify the "
                        "logo")


def _check_drawable(logo: Logo) -> Logo:
    """Draw the logo once, as every leaflet will, so that a logo that passes is never a
    failure at render time (and an SVG's drawing is cached for the leaflets); returns it
    with its aspect as drawn."""
    fonts.register(fonts.REGULAR)  # an SVG's drawing starts in it (see render.draw_logo)
    if logo.kind == "svg":
        try:
            width, height = _svg.size(logo.data)  # svglib, but for the bundled logo
        except BuildError:
            raise LogoError("expected an SVG with a width and height or a viewBox, found "
                            "neither; export it again with its size") from None
        px = 0.75  # svglib's points per CSS pixel: report the size in the SVG's own terms
        _check_aspect(width, height, f"{width / px:g} × {height / px:g} px")
    with fixed_time():  # a canvas reads SOURCE_DATE_EPOCH, and fails if it is not a number
        canvas = Canvas(io.BytesIO())
    try:
        width = draw_logo(canvas, logo, 0, 0, LOGO_HEIGHT)
    except Exception:  # ReportLab and svglib raise many types; a bug here must not slip by
        kind = "SVG" if logo.kind == "svg" else "PNG"
        raise LogoError(f"expected a logo that can be drawn, found one that cannot; export it "
                        f"again as plain {kind}") from None
    return dataclasses.replace(logo, aspect=width / LOGO_HEIGHT)
