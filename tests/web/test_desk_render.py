"""One leaflet for the page in a worker (handouts.web.render): the PDF, a PNG of each page, or
why there is none; never a patient's details in a repr."""

from __future__ import annotations

from concurrent.futures import BrokenExecutor

import pypdfium2
import pytest

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


def test_error_a_worker_that_dies_is_said_and_replaced(tmp_path):
    import os

    from handouts.web import app
    from helpers.web import ORIGIN, folder, form

    made = app.create_app(app.Config(folder(tmp_path, "ondansetron.yaml"), workers=1))
    try:
        desk = made.extensions["handouts"]
        with pytest.raises(BrokenExecutor):  # a worker killed (out of memory, by hand)
            desk.pool.submit(os._exit, 1).result(timeout=120)
        client = made.test_client()
        text = client.post("/preview", data=form("ondansetron"),
                           headers={"Origin": ORIGIN}).get_data(as_text=True)
        assert '<p class="problem" role="alert">a worker process stopped while making the ' \
               'leaflet; it has been restarted: try again</p>' in text
        response = client.post("/preview", data=form("ondansetron"), headers={"Origin": ORIGIN})
        assert response.status_code == 200 and b"data:image/png" in response.data
    finally:
        app.close(made)
