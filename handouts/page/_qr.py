"""The footer's QR code of an address: how many modules a side, and which are dark, by
ReportLab's encoder at error correction Q."""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.barcode import qrencoder

# Q restores a quarter of the code: a printer's blur, a smudge or a fold; M (15 %) left the
# code unreadable by zbar from a slightly blurred 200 dpi print.
LEVEL = qrencoder.QRErrorCorrectLevel.Q
QUIET = 4  # modules of white around the code (ISO/IEC 18004)


def _code(url: str) -> qrencoder.QRCode:
    code = qrencoder.QRCode(None, LEVEL)
    code.addData(url)
    return code


@lru_cache(maxsize=256)
def count(url: str) -> int:
    """The modules on a side of ``url``'s code, from its version alone: validation and layout
    measure the footer for every address, and encoding tries eight masks."""
    return 4 * int(_code(url).calculate_version()) + 17


@lru_cache(maxsize=256)
def modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, row by row, encoded once: ReportLab's widget encodes twice a page
    (bounds, then drawing) and draws each module as a shape object, six times the cost of a
    leaflet."""
    code = _code(url)
    code.make()
    return tuple(tuple(bool(module) for module in row) for row in code.modules)
