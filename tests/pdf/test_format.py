"""The direct formatter of ReportLab's simple objects: the very same bytes as ReportLab's."""

from __future__ import annotations

import contextlib
import dataclasses
from collections import OrderedDict
from typing import Any

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFArrayCompact,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
)

import handouts
from conftest import FIXTURES, SHIPPED
from handouts.pdf import _format
from helpers.samples import SHIPPED_SEED

SIMPLE = (PDFDictionary, PDFArray, PDFArrayCompact, pdfdoc.PDFObjectReference, str, int, float)
LANGUAGES = ("es", "ko", "ru", "zh-Hans")  # other scripts, fonts and fallbacks


def test_reportlab_formats_no_simple_object_of_a_leaflet(brand, monkeypatch):
    # The write-out's dictionaries, arrays, references, names and numbers take the direct path;
    # ReportLab's format still does the rest (streams, pages, the catalog).
    seen: list[type] = []
    original = pdfdoc.format

    def recorder(element: Any, document: Any, toplevel: int = 0) -> bytes:
        seen.append(type(element))
        return original(element, document, toplevel)  # type: ignore[no-any-return]

    monkeypatch.setattr(pdfdoc, "format", recorder)
    monkeypatch.setattr(_format, "_ORIGINAL", recorder)
    seed = handouts.read_monograph(SHIPPED_SEED)
    handouts.render_leaflet(seed, brand, handouts.Options())
    assert PDFStream in seen
    assert [kind for kind in seen if kind in SIMPLE] == []


@pytest.mark.parametrize("source", [*SHIPPED, *(FIXTURES / f"inotuzumab-ozogamicin.{language}.yaml"
                                                for language in LANGUAGES)],
                         ids=lambda path: path.stem)
def test_a_leaflet_has_the_bytes_reportlab_alone_writes(source, brand, monkeypatch):
    monograph = handouts.read_monograph(source)
    monograph = dataclasses.replace(monograph, url="https://www.example.org/medicines/7")
    fast = handouts.render_leaflet(monograph, brand, handouts.Options()).pdf
    monkeypatch.setattr(_format, "installed", contextlib.nullcontext)
    monkeypatch.setattr(_format, "format_object", pdfdoc.format)
    assert handouts.render_leaflet(monograph, brand, handouts.Options()).pdf == fast


def _objects() -> list[Any]:
    ordered = PDFDictionary()
    ordered.dict = OrderedDict([("Zeta", 1), ("Alpha", PDFName("Beta"))])
    forced = PDFDictionary({"B": 2, "A": [1, 2]})
    forced.multiline = "forced"
    commented = PDFDictionary({"Type": PDFName("Thing")})
    commented.__Comment__ = "a comment"
    return [
        PDFDictionary({f"Key{i}": i * 1.25 for i in range(14)}),  # a line break every 6
        PDFDictionary({"a b#(c)": -0.5, "Name": "/Str", "T": PDFString("Dosis: día 1 – 8"),
                       "Raw": b"<00ff>", "Yes": True, "None": None, "Big": 10 ** 12}),
        PDFArray(list(range(23))),  # every 10
        PDFArrayCompact([0.1, 2, PDFName("N")]),
        PDFArray([PDFDictionary({"Nested": PDFArray([1.5, PDFString("x")])})]),
        PDFDictionary({"Stream": PDFStream(PDFDictionary(), b"q Q")}),  # top level only: a ref
        ordered, forced, commented,
    ]


@pytest.mark.parametrize("toplevel", [0, 1])
@pytest.mark.parametrize("index", range(len(_objects())))
def test_the_same_bytes_as_reportlab_for_each_kind(index, toplevel):
    document = pdfdoc.PDFDocument()
    element = _objects()[index]
    with _format.installed():
        fast = _format.format_object(element, document, toplevel)
    # The stream was registered by the first call; ReportLab's refers to the same object.
    assert pdfdoc.format(element, document, toplevel) == fast
    assert pdfdoc.format is _format._ORIGINAL  # put back


def test_a_reference_to_nothing_is_reportlabs_error():
    with pytest.raises(KeyError, match="forward reference to 'R9' not resolved"):
        _format.format_object(pdfdoc.PDFObjectReference("R9"), pdfdoc.PDFDocument())


def test_reportlabs_comments_where_they_are_on(monkeypatch):
    monkeypatch.setattr(rl_config, "pdfComments", 1)
    monkeypatch.setattr(rl_config, "invariant", 0)
    document, element = pdfdoc.PDFDocument(), _objects()[-1]
    with _format.installed():
        fast = _format.format_object(element, document, 1)
    assert fast.startswith(b"% a comment\n")
    assert fast == pdfdoc.format(element, document, 1)
