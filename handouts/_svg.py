"""SVG logos, read once per process with svglib (imported only when a brand has one)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from .errors import BuildError


@cache
def drawing(path: Path) -> Any:
    from svglib.svglib import svg2rlg

    try:
        result = svg2rlg(str(path))
    except Exception as e:  # svglib raises bare lxml and parsing errors
        raise BuildError(f"{path}: cannot read the SVG logo: {e}") from e
    if result is None or not result.height:
        raise BuildError(f"{path}: cannot read the SVG logo")
    return result
