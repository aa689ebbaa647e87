"""What of a monograph must fit the page, measured on every paper and print size: validation
asks these (through ``source.checker.Fit``) so that ``check`` and ``build`` refuse the same
files, while the page's measures stay in the page package."""

from __future__ import annotations

from . import _band
from .styles import LARGE, PAPERS, STANDARD, TYPES, geometry, url_lines


class PageFit:
    """The page's answers to validation (``source.checker.Fit``)."""

    name_lines = STANDARD.band_lines  # the generic name's lines in the header band

    def name(self, name: str) -> bool:
        """Whether a generic name fits the band of every leaflet, beside the widest logo."""
        return _band.fits("", name)

    def url(self, url: str) -> bool:
        """Whether an address fits the footer beside its QR code, in two lines at most."""
        return all(url_lines(url, geometry(paper, t is LARGE, url=url)) for paper in PAPERS
                   for t in TYPES)


PAGE = PageFit()
