"""The front desk's routes (handouts.web.app, with render and guard): search, choose,
preview, print and download; the monograph's errors and a bad form shown on the page."""

from __future__ import annotations

import re
import shutil

import pytest

from helpers.invoke import run
from helpers.web import ORIGIN, ROOT, app, folder, form

SPANISH = "inotuzumab-ozogamicin.es.yaml"


@pytest.fixture
def client(tmp_path):
    data = folder(tmp_path, "inotuzumab-ozogamicin.yaml", SPANISH, "ondansetron.yaml")
    (data / "broken.yaml").write_text("name: Broken\nlanguage: en\nhow_it_works: 3\n",
                                      encoding="utf-8")
    with app(data) as made:
        yield made.test_client()


def _post(client, path, data, **headers):
    return client.post(path, data=data, headers={"Origin": ORIGIN, **headers})


def test_search_answers_a_fragment_with_names_and_languages(client):
    response = client.get("/search?q=besp")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<html" not in text  # htmx swaps it into the page
    assert 'href="/?drug=inotuzumab-ozogamicin"' in text
    assert "Inotuzumab ozogamicin</span> (Besponsa)" in text
    assert "Languages: English, Spanish (español)" in text
    assert "No drug matches “zzz”." in client.get("/search?q=zzz").get_data(as_text=True)


def test_a_language_is_named_in_english_and_in_itself():
    from handouts.web.app import language_name

    assert [language_name(t) for t in ("en", "es", "pt-BR", "en-GB", "xx", "?")] == [
        "English", "Spanish (español)", "Portuguese (Brazil) (português (Brasil))",
        "English (United Kingdom)", "xx", "?"]


def test_the_page_offers_each_language_paper_and_the_copy_fields(client):
    text = client.get("/?drug=inotuzumab-ozogamicin").get_data(as_text=True)
    for expected in ('name="language" value="en"', 'name="language" value="es"',
                     'name="paper" value="letter"', 'name="large_print"', 'id="name"',
                     'id="prescriber"', 'id="start_date"', 'id="clinic_phone"',
                     'src="/static/htmx.min.js"'):
        assert expected in text
    assert "//" not in re.sub(r"https?://|<!--.*?-->", "", text).replace("href=\"/", "")


def test_preview_shows_a_png_of_each_page(client):
    response = _post(client, "/preview", form("inotuzumab-ozogamicin", "es", paper="letter",
                                              large_print="on", name="Ana Pérez"))
    text = response.get_data(as_text=True)
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="Page (\d) of (\d)', text)
    assert len(images) >= 2 and images[0][1:] == ("1", str(len(images)))
    assert response.headers["Cache-Control"] == "no-store"


def test_preview_says_when_the_leaflets_furniture_is_unreviewed(client):
    # As `build` and `check` warn: staff see it before they give the leaflet to a patient.
    spanish = _post(client, "/preview", form("inotuzumab-ozogamicin", "es")).get_data(
        as_text=True)
    assert ('<p class="warning" role="status">Before giving it to a patient: the leaflet&#39;s '
            "furniture (headings, box sentences, labels) in &#39;es&#39; comes from the shipped "
            "catalogue &#39;es&#39;, which no qualified medical translator has reviewed") in spanish
    english = _post(client, "/preview", form("inotuzumab-ozogamicin")).get_data(as_text=True)
    assert 'class="warning"' not in english and "<img" in english


def test_the_pdf_is_the_bytes_handouts_build_makes(client, tmp_path):
    fields = {"name": "Ana Pérez", "prescriber": "Dr. Ruiz", "start_date": "2026-12-03",
              "clinic_phone": "+1 555 0100"}
    response = _post(client, "/leaflet.pdf", {**form("inotuzumab-ozogamicin", "es"),
                                              "paper": "letter", "large_print": "on",
                                              "disposition": "attachment", **fields})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    # Named after the file, never after the patient.
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="{SPANISH.removesuffix(".yaml")}.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    out = tmp_path / "cli"
    code, _, err = run("build", tmp_path / "data" / SPANISH, "-o", out, "--paper", "letter",
                       "--large-print", "--for", fields["name"], "--prescriber",
                       fields["prescriber"], "--start-date", fields["start_date"],
                       "--clinic-phone", fields["clinic_phone"], "-q")
    assert code == 0, err
    assert response.data == (out / SPANISH.replace(".yaml", ".pdf")).read_bytes()


def test_without_a_copy_the_pdf_is_the_plain_leaflet(client, tmp_path):
    response = _post(client, "/leaflet.pdf", form("ondansetron"))
    assert response.headers["Content-Disposition"] == 'inline; filename="ondansetron.pdf"'
    run("build", tmp_path / "data" / "ondansetron.yaml", "-o", tmp_path / "cli", "-q")
    assert response.data == (tmp_path / "cli" / "ondansetron.pdf").read_bytes()


def test_error_a_monograph_with_errors_shows_them_instead_of_a_leaflet(client):
    # Its language is unknown: the file could not be read.
    text = _post(client, "/preview", form("broken", "?")).get_data(as_text=True)
    assert "The monograph for broken has errors, so no leaflet is made." in text
    # Every problem of the file, each as `handouts check` says it, named by the file only.
    assert re.findall("<code>(.*?)</code>", text) == [
        "broken.yaml:1:1: how_it_is_administered: missing required key",
        "broken.yaml:1:1: common_side_effects: missing required key",
        "broken.yaml:1:1: who_should_take_it: missing required key",
        "broken.yaml:1:1: who_should_not_take_it: missing required key",
        "broken.yaml:3:15: how_it_works: expected text, found a number (&#39;3&#39;)"]
    assert "<img" not in text and "Traceback" not in text
    response = _post(client, "/leaflet.pdf", form("broken", "?"))
    assert response.status_code == 422 and response.mimetype == "text/html"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("start_date", "tomorrow", "Start date: expected a date written YYYY-MM-DD, such as "
                               "2026-12-03"),
    ("name", "x" * 101, "Patient&#39;s name: expected at most 100 characters"),
    ("name", "Ana\x07", "Patient&#39;s name: character 4 is a control character; write it "
                        "without that character"),
    ("clinic_phone", "call me", "Clinic phone: expected a telephone number such as "
                                "&#39;01632 960 000&#39; or &#39;+44 1632 960000&#39;"),
])
def test_error_an_absurd_field_is_named_on_the_page(client, field, value, message):
    response = _post(client, "/preview", form("ondansetron", **{field: value}))
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<p class="problem" role="alert">{message}</p>' in text
    assert "<img" not in text


@pytest.mark.parametrize(("data", "message"), [
    (form("no-such-drug"), "No such drug here: search for it again."),
    (form("ondansetron", "fr"), "Ondansetron has no translation in that language; choose one "
                                "of en."),
    (form("ondansetron", paper="a0"), "Paper: choose one of a4, letter."),
])
def test_error_a_bad_choice_is_a_400_page(client, data, message):
    response = _post(client, "/leaflet.pdf", data)
    assert response.status_code == 400
    assert f'<p class="problem" role="alert">{message}</p>' in response.get_data(as_text=True)


def test_error_an_unknown_drug_in_the_address_is_said(client):
    text = client.get("/?drug=nothing").get_data(as_text=True)
    assert '<p class="problem" role="alert">No such drug here: search for it again.</p>' in text


def test_error_a_post_from_another_site_is_refused(client):
    for headers in ({"Origin": "http://evil.example"}, {"Referer": "http://evil.example/x"},
                    {"Origin": "null"}, {}):
        response = client.post("/preview", data=form("ondansetron"), headers=headers)
        assert response.status_code == 403
        assert response.get_data(as_text=True) == \
            "Refused: this form was not sent from the front desk's own page."
    # A browser that sends only a Referer from the page itself is let through.
    assert client.post("/preview", data=form("ondansetron"),
                       headers={"Referer": ORIGIN + "/?drug=ondansetron"}).status_code == 200


def test_error_a_request_too_large_is_refused(client):
    response = _post(client, "/preview", form("ondansetron", name="x" * 20_000))
    assert response.status_code == 413
    assert '<p class="problem" role="alert">What was typed is too long to send (a form takes ' \
           'at most 16 KiB); shorten it.</p>' in response.get_data(as_text=True)


def test_error_htmx_gets_the_message_alone_and_swaps_every_status(client):
    # htmx swaps no 4xx or 5xx answer by default: a refusal would leave the old preview
    # there, saying nothing. The page's config swaps them all; the answer is the message.
    page = client.get("/?drug=ondansetron").get_data(as_text=True)
    assert '"responseHandling": [{"code": "204", "swap": false}, {"code": "...", "swap": true}]' \
        in page
    response = _post(client, "/preview", form("ondansetron", paper="a0"), **{"HX-Request": "true"})
    assert response.status_code == 400
    assert response.get_data(as_text=True) == \
        '<p class="problem" role="alert">Paper: choose one of a4, letter.</p>'


def test_error_a_failure_of_handouts_shows_no_traceback(client, monkeypatch):
    from handouts.web import index

    def broken(*args: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(index, "search", broken)
    response = client.get("/search?q=x")
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "handouts failed to make this page; nothing was printed or filed." in text
    assert "secret detail" not in text and "Traceback" not in text


def test_every_response_says_no_store(client):
    for response in (client.get("/"), client.get("/search?q=a"),
                     client.get("/static/desk.css"), client.get("/nothing"),
                     _post(client, "/preview", form("ondansetron"))):
        assert response.headers["Cache-Control"] == "no-store"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        # Not no-referrer: Chromium then sends "Origin: null" with a form's POST, refused.
        assert response.headers["Referrer-Policy"] == "same-origin"
        response.close()  # the static file's


def test_a_file_name_beyond_ascii_is_given_both_ways(tmp_path):
    data = folder(tmp_path)
    shutil.copy(ROOT / "data" / "ondansetron.yaml", data / "ondansetrón \"x\".yaml")
    with app(data) as made:
        response = made.test_client().post("/leaflet.pdf", data=form('ondansetrón "x"'),
                                           headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "inline; filename=\"ondansetr_n _x_.pdf\"; "
        "filename*=UTF-8''ondansetr%C3%B3n%20%22x%22.pdf")


def test_a_monograph_added_or_edited_is_found_without_a_restart(client, tmp_path):
    assert "rituximab" not in client.get("/search?q=rit").get_data(as_text=True)
    shutil.copy(ROOT / "data" / "rituximab.yaml", tmp_path / "data" / "rituximab.yaml")
    assert 'href="/?drug=rituximab"' in client.get("/search?q=rit").get_data(as_text=True)
    path = tmp_path / "data" / "rituximab.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - Rituxan\n",
                                                             "  - Rituxan\n  - Zzyxa\n"),
                    encoding="utf-8")
    assert "Zzyxa" in client.get("/search?q=zzyx").get_data(as_text=True)
    path.unlink()
    assert "rituximab" not in client.get("/search?q=rit").get_data(as_text=True)
