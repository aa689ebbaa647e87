"""ReportLab's ``pdfdoc.format`` with direct paths for its simple objects (dictionaries,
arrays, references, names, numbers): the very same bytes, without its name escaping, codec
and attribute look-ups per value. The write-out of a leaflet formats some 750 of them, about
a tenth of a warm render (issue 16)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFArray, PDFArrayCompact, PDFDictionary, PDFObjectReference

_ORIGINAL = pdfdoc.format  # ReportLab 5.1's, pinned in pyproject.toml
_ARRAYS = (PDFArray, PDFArrayCompact)
# Names and name-like strings, encoded once: a leaflet uses some hundred distinct ones. Bounded,
# so that a long batch with odd strings cannot grow it without end.
_ENCODED: dict[str, bytes] = {}
_NAMES: dict[str, bytes] = {}
_BOUND = 4096


@contextmanager
def installed() -> Iterator[None]:
    """ReportLab's objects format their parts through the module's ``format``: route it here
    while a document of ours is written. Another thread's document formatted meanwhile gets the
    same bytes, so the swap is safe; the original is always put back."""
    pdfdoc.format = format_object
    try:
        yield
    finally:
        pdfdoc.format = _ORIGINAL


def format_object(element: Any, document: Any, toplevel: int = 0) -> bytes:
    """``pdfdoc.format(element, document, toplevel)``, byte for byte."""
    kind = type(element)
    if kind is str:
        return _encoded(element)
    if kind is PDFObjectReference and not _marked(element):
        try:
            return b"%d %d R" % document.idToObjectNumberAndVersion[element.name]
        except KeyError:
            element.format(document)  # raises ReportLab's error for an unresolved reference
            raise
    if kind is int or kind is float:
        number: str = fp_str(element)
        return number.encode("ascii")  # digits, a sign and a point only
    if kind is bytes:
        return element  # type: ignore[no-any-return]
    if kind is PDFDictionary and not _marked(element):
        return _dictionary(element, document)
    if kind in _ARRAYS and not _marked(element):
        return _array(element, document)
    return _ORIGINAL(element, document, toplevel)  # type: ignore[no-any-return]


def _marked(element: Any) -> bool:
    # An instance may carry ReportLab's markers ("top level only", a comment written where
    # comments are on): its own path. ReportLab gives the fonts' dictionary a comment.
    marks = element.__dict__
    return "__RefOnly__" in marks or ("__Comment__" in marks and bool(rl_config.pdfComments)
                                      and not rl_config.invariant)


def _dictionary(element: Any, document: Any) -> bytes:
    items = element.dict
    keys = list(items)
    if not isinstance(items, OrderedDict):
        keys.sort()
    parts = [_name(k) + b" " + format_object(items[k], document) for k in keys]
    multiline = element.multiline
    if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
        return b"<<\n" + b"\n ".join(parts) + b"\n>>"
    for i in reversed(range(6, len(parts), 6)):  # ReportLab breaks the line every 6 entries
        parts.insert(i, b"\n ")
    return b"<<\n" + b" ".join(parts) + b"\n>>"


def _array(element: Any, document: Any) -> bytes:
    return array([format_object(e, document) for e in element.sequence], element.multiline)


def array(parts: list[bytes], multiline: Any) -> bytes:
    """A ``PDFArray`` of the formatted ``parts``, laid out as ReportLab lays it out."""
    if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
        return b"[ " + b"\n ".join(parts) + b" ]"
    for i in reversed(range(10, len(parts), 10)):  # and an array's every 10 elements
        parts.insert(i, b"\n ")
    return b"[ " + b" ".join(parts) + b" ]"


def _encoded(text: str) -> bytes:
    data = _ENCODED.get(text)
    if data is None:
        if len(_ENCODED) >= _BOUND:
            _ENCODED.clear()
        data = _ENCODED[text] = pdfdoc.pdfdocEnc(text)
    return data


def _name(key: Any) -> bytes:
    data = _NAMES.get(key) if type(key) is str else None
    if data is None:
        data = pdfdoc.pdfdocEnc(pdfdoc.PDFName(key))
        if type(key) is str:
            if len(_NAMES) >= _BOUND:
                _NAMES.clear()
            _NAMES[key] = data
    return data
