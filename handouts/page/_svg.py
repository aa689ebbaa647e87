"""SVG logos, drawn by svglib from the validated bytes, once per process and logo; the bundled
logo's drawing is kept here, so that a build with the bundled brand needs no svglib."""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import BuildError


@dataclass(frozen=True)
class Bundled:
    """A logo as svglib and renderPDF draw it: its size in points, and its PDF operators."""

    width: float
    height: float
    code: tuple[str, ...]


# The bundled logo (handouts/assets/logo.svg, by its SHA-256) as svglib draws it: importing
# svglib and lxml, checking and drawing it was ~40 ms of every cold build with the bundled
# brand (issue 16). Written here from the package's own file, never from a brand's: a test
# (tests/page/test_render.py) fails when svglib would draw these bytes otherwise.
_BUNDLED_SIZE = 414  # bytes: another logo is not hashed on every page it is drawn on
_BUNDLED_SHA256 = "fd46cad0c9a7a0a8edade71baf982abccbe2ffcec531fdd151a9b211404884b5"
BUNDLED = Bundled(30.0, 30.0, (
    "q", "1 0 0 1 0 0 cm", "0 0 0 RG", "1 w", "0 J", "0 j", "[] 0 d", "0 0 0 rg", "q",
    "1 0 0 1 0 0 cm", "q", ".75 0 0 -0.75 0 30 cm", "q", "1 0 0 1 0 0 cm", "q", "1 1 1 rg",
    "1 w", "0 J", "0 j", "[] 0 d",
    "n 20 36 m 8 27 2 20 2 12.5 c 2 7 6 3 11 3 c 14.6 3 17.8 5 20 8 c 22.2 5 25.4 3 29 3 c "
    "34 3 38 7 38 12.5 c 38 20 32 27 20 36 c h",
    "f", "Q", "Q", "q", "1 0 0 1 0 0 cm", "q", ".164706 .498039 .384314 rg", "1 w", "0 J",
    "0 j", "[] 0 d",
    "n 17 11 m 23 11 l 23 16 l 28 16 l 28 22 l 23 22 l 23 27 l 17 27 l 17 22 l 12 22 l 12 "
    "16 l 17 16 l h",
    "f", "Q", "Q", "Q", "Q", "Q"))


def bundled(data: bytes) -> Bundled | None:
    """The bundled logo's drawing if ``data`` is its bytes, else None (svglib draws it)."""
    if len(data) != _BUNDLED_SIZE or hashlib.sha256(data).hexdigest() != _BUNDLED_SHA256:
        return None
    return BUNDLED


def size(data: bytes) -> tuple[float, float]:
    """The width and height an SVG logo is drawn at, in points (``drawing``'s)."""
    known = bundled(data)
    if known is not None:
        return known.width, known.height
    d = drawing(data)
    return float(d.width), float(d.height)


@lru_cache(maxsize=4)  # keyed by the bytes themselves: one drawing per logo content
def drawing(data: bytes) -> Any:
    from svglib.svglib import svg2rlg

    try:
        # A file object, not a path: svglib then refuses every reference to another file.
        result = svg2rlg(io.BytesIO(data))
    except Exception as e:  # svglib raises bare lxml and parsing errors
        raise BuildError(f"cannot read the SVG logo: {e}") from e
    if result is None or not (result.width > 0 and result.height > 0):
        raise BuildError("cannot read the SVG logo: it has no size")
    bounds = result.getBounds() or ()  # None when it draws nothing
    if not all(map(math.isfinite, (result.width, result.height, *bounds))):
        raise BuildError("cannot read the SVG logo: it has no finite size")
    return result
