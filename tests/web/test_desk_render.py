"""One leaflet for the page in a worker (handouts.web.render): the PDF, a PNG of each page, or
why there is none; never a patient's details in a repr."""

from __future__ import annotations

import pypdfium2

from handouts import read_brand, read_monograph, render_leaflet
from handouts.source.model import Options
from handouts.web import render
from helpers.web import ROOT

ONDANSETRON = ROOT / "data" / "ondansetron.yaml"


def test_a_png_of_each_page_in_worker_processes():
    choice = render.Choice(ONDANSETRON, None, "letter", True, "Ana Pérez")
    with render.workers(1) as pool:
        rendered = pool.submit(render.render, choice, True).result(timeout=120)
    assert not rendered.problems and not rendered.refusal
    pages = len(pypdfium2.PdfDocument(rendered.pdf))
    assert len(rendered.pages) == pages >= 2
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in rendered.pages)
    plain = render.render(render.Choice(ONDANSETRON, None), previews=False)
    assert plain.pages == ()
    brand = read_brand()
    assert plain.pdf == render_leaflet(read_monograph(ONDANSETRON, brand), brand,
                                       Options()).pdf


def test_a_choice_never_shows_the_patient():
    choice = render.Choice(ONDANSETRON, None, "a4", False, "Ana Pérez", "Dr. Ruiz",
                           "2026-12-03", "555 0100")
    assert repr(choice) == "Choice('ondansetron.yaml', 'a4', large_print=False)"


def test_error_a_field_is_refused_by_its_label():
    rendered = render.render(render.Choice(ONDANSETRON, None, prescriber="\u202e"), False)
    assert rendered == render.Rendered(refusal=(
        "Prescriber: character 1 is a bidirectional control, which can show text in another "
        "order than it is written; write it without that character"))
