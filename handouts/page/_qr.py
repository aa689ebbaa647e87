"""The footer's QR code of an address: how many modules a side, and which are dark, by
zxing-cpp's encoder at error correction Q."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import zxingcpp

# Q restores a quarter of the code: a printer's blur, a smudge or a fold; M (15 %) left the
# code unreadable by zbar from a slightly blurred 200 dpi print.
LEVEL = "Q"
QUIET = 4  # modules of white around the code (ISO/IEC 18004)


@lru_cache(maxsize=256)
def modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, row by row, dark ones true; drawn as one path, not ReportLab's
    widget of a shape object a module (six times the cost of a leaflet).

    zxing-cpp (C++), not ReportLab's pure-Python encoder: a new address cost 11-20 ms there
    and 6 ms in segno (pure Python too, and 34 ms to import), 0.3 ms here (bench/peers.py);
    a formulary has an address a drug, so a cache does not help."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=LEVEL)
    # One pixel a module, no margin (QUIET is ours to draw): 0 is dark, 255 light.
    image: Any = code.to_image(scale=1, add_quiet_zones=False)  # a buffer; its stub says not
    pixels: Any = memoryview(image).tolist()  # rows of 0 (dark) and 255 (light)
    return tuple(tuple(p < 128 for p in row) for row in pixels)


def count(url: str) -> int:
    """The modules on a side of ``url``'s code: validation and layout measure the footer for
    every address, and the same code is drawn."""
    return len(modules(url))
