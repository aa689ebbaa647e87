"""SVG logos, drawn by svglib from the validated bytes, once per process and logo."""

from __future__ import annotations

import io
import math
from functools import lru_cache
from typing import Any

from ..errors import BuildError


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
