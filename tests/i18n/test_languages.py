"""Leaflets in the patient's language: a Spanish leaflet has no English word of the tool's
left, loses nothing, conforms, and a binder of mixed languages keeps each leaflet's own; the
seed's translations into issue 18's languages say what the English says and lose nothing."""

from __future__ import annotations

import datetime
import re
import string
from pathlib import Path

import pikepdf
import pytest

import handouts
from conftest import (
    DATA,
    FIXTURES,
    READERS,
    body_words,
    catalogue,
    expected_words,
    nfc_words,
    page_count,
    pdftotext,
    too_near_the_edge,
)
from handouts.binder import make as binder
from handouts.i18n import words
from handouts.i18n.catalogue import SHIPPED
from handouts.run import batch
from handouts.source.model import BatchOptions, Patient
from helpers import verapdf
from helpers.samples import CONTACT as LAYOUT_CONTACT

FIXTURES = FIXTURES
SPANISH = FIXTURES / "inotuzumab-ozogamicin.es.yaml"
ENGLISH = DATA / "inotuzumab-ozogamicin.yaml"
# The clinic of the layout tests, its tagline given in both languages.
CONTACT = LAYOUT_CONTACT.replace("tagline: Together we care. Together we cure.\n", """\
tagline:
  en: Together we care. Together we cure.
  es: Juntos cuidamos. Juntos curamos.
""")
PATIENT = Patient(name="Juana Muñoz", prescriber="Dra. Núñez",
                  start_date=datetime.date(2026, 12, 3), clinic_phone="(555) 010-0199")


def _english_fragments() -> set[str]:
    """The literal parts of every English message (placeholders cut out), long enough to
    mean something on their own."""
    out = set()
    for message in [*words.SINGULAR, *(form for p in words.PLURAL for form in p)]:
        for literal, *_ in string.Formatter().parse(message):
            out.update(part.strip() for part in re.split(r"[.:,()]", literal)
                       if len(part.strip()) >= 4)
    return out


def _build(tmp_path: Path, source: Path, brand: handouts.Brand, name: str,
           options: handouts.Options = handouts.Options(),
           patient: Patient | None = None) -> Path:
    leaflet = handouts.render_leaflet(handouts.read_monograph(source, brand), brand, options,
                                      patient)
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(leaflet.pdf)
    return path


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> dict[str, Path]:
    """The Spanish seed: with the bundled brand; with a clinic's contact block, for everyone
    and as a patient's copy (every label and sentence of the boxes); and in large print."""
    folder = tmp_path_factory.mktemp("spanish")
    (folder / "brand.yaml").write_text(CONTACT, encoding="utf-8")
    contact = handouts.read_brand(folder / "brand.yaml")
    bundled = handouts.read_brand()
    return {
        "plain": _build(folder, SPANISH, bundled, "plain"),
        "clinic": _build(folder, SPANISH, contact, "clinic"),
        "copy": _build(folder, SPANISH, contact, "copy", patient=PATIENT),
        "large": _build(folder, SPANISH, contact, "large", handouts.Options(large_print=True),
                        PATIENT),
    }


def test_spanish_leaflet_has_no_english_word_of_the_tool_left(spanish):
    say = catalogue("es")
    copy = " ".join(nfc_words(pdftotext(spanish["copy"])))
    plain = " ".join(nfc_words(pdftotext(spanish["plain"])))
    clinic = " ".join(nfc_words(pdftotext(spanish["clinic"])))
    # Every tool string a leaflet prints, in Spanish: headings, boxes, labels, who to call,
    # the footer.
    printed = [say[m] for m in (
        words.BRAND_NAMES, words.KEY_POINTS, words.WHEN_TO_GET_HELP, words.CONTACT,
        words.PREPARED_FOR, words.PRESCRIBER, words.START_DATE, words.CLINIC_PHONE,
        words.PHONE, words.OUT_OF_HOURS, *(h for _, h in handouts.source.model.SECTIONS))]
    printed += [
        say[words.CALL_YOURS].format(phone="(555) 010-0199"),
        say[words.CALL_ALSO_DAY_HOURS].format(phone="01632 960 000",
                                              hours="Monday to Friday, 8am to 6pm"),
        say[words.CALL_OUT_OF_HOURS].format(phone="01632 960 999"),
        say[words.START_DATE] + " 3 de diciembre de 2026",
        say[words.PAGE].format(page=1, total=page_count(spanish["copy"])),
        say[words.REVIEWED].format(date="30 de noviembre de 2026"),
        say[words.NEXT_REVIEW].format(date="30 de noviembre de 2028"),
        "Juntos cuidamos. Juntos curamos."]
    for text in printed:
        assert " ".join(nfc_words(text)) in copy, text
    assert " ".join(nfc_words(say[words.CALL_NONE])) in plain
    assert " ".join(nfc_words(say[words.CALL_DAY_HOURS].format(
        phone="01632 960 000", hours="Monday to Friday, 8am to 6pm"))) in clinic
    assert "Juntos cuidamos. Juntos curamos." in plain  # the bundled brand's, in Spanish
    for leaflet in (copy, plain, clinic):
        left = [f for f in _english_fragments() if re.search(rf"\b{re.escape(f)}\b", leaflet)]
        assert left == []


def test_spanish_metadata_and_language(spanish):
    with pikepdf.open(spanish["plain"]) as pdf:
        assert str(pdf.Root.Lang) == "es"
        assert str(pdf.docinfo.Subject) == ("Hoja de información para el paciente: "
                                            "Inotuzumab ozogamicina")
        assert "información para el paciente" in str(pdf.docinfo.Keywords)
        assert "patient" not in str(pdf.docinfo.Subject) + str(pdf.docinfo.Keywords)
        with pdf.open_metadata() as xmp:
            assert set(xmp["dc:language"]) == {"es"}


@pytest.mark.parametrize("reader", READERS)
def test_spanish_leaflet_loses_nothing(spanish, reader):
    # expected_words learns the headings and boxes from the Spanish catalogue.
    assert body_words(spanish["plain"], reader=reader) == expected_words(SPANISH)


def test_spanish_leaflets_conform_and_keep_clear_of_the_edge(spanish):
    for pdf in spanish.values():
        assert too_near_the_edge(pdf) == []
    verapdf.require_verapdf()  # skips locally, fails in CI, when java, jar or JAXB are missing
    verapdf.compile_validator()
    for verdict in verapdf.validate(list(spanish.values()), flavours=("ua1", "2a")):
        assert verdict.compliant, verdict.summary()


def test_long_spanish_review_dates_take_two_footer_lines_in_large_print(spanish):
    footer = " ".join(pdftotext(spanish["large"], 1).split())
    assert "Revisado el 30 de noviembre de 2026 Próxima revisión: 30 de noviembre de 2028" \
        in footer  # one line each: together they are wider than the footer


def _mixed(tmp_path: Path, brand_text: str | None) -> Path:
    """The binder of the seed in English and in Spanish, with this brand (None: bundled)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "inotuzumab-ozogamicin.yaml").write_bytes(ENGLISH.read_bytes())
    (data / "inotuzumab-ozogamicina.yaml").write_bytes(SPANISH.read_bytes())
    if brand_text is None:
        brand = handouts.read_brand()
    else:
        (tmp_path / "brand.yaml").write_text(brand_text, encoding="utf-8")
        brand = handouts.read_brand(tmp_path / "brand.yaml")
    plan = batch.plan(batch.discover([data]), tmp_path / "out", brand)
    summary = batch.run(plan, BatchOptions(jobs=1))
    assert summary.ok, [r.failure for r in summary.failed]
    path = tmp_path / "binder.pdf"
    binder.make(summary.leaflets, brand, path, date=datetime.date(2026, 12, 1))
    return path


@pytest.mark.parametrize(("language", "cover"), [
    ("en", ["Patient information leaflets", "Riverside Cancer Care", "2 medicines",
            "Built on 1 December 2026", "Contents"]),
    ("es", ["Hojas de información para el paciente", "Riverside Cancer Care",
            "2 medicamentos", "Preparado el 1 de diciembre de 2026", "Índice"]),
])
def test_mixed_binder_front_matter_in_the_brands_language(tmp_path, language, cover):
    # No contact block, as the bundled brand: the urgent box says "your care team".
    brand_text = None if language == "en" else CONTACT.split("contact:")[0] + "language: es\n"
    path = _mixed(tmp_path, brand_text)
    front = " ".join(nfc_words(pdftotext(path, 1) + pdftotext(path, 2)))
    position = 0
    for line in cover:
        found = front.find(line, position)
        assert found >= 0, line
        position = found
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == language  # the binder's own pages
        parts = [kid for kid in pdf.Root.StructTreeRoot.K.K if kid.S == "/Part"]
        # Each leaflet keeps its own language: English sorts first ("...ozogamicin").
        assert [str(p.Lang) for p in parts] == ["en", "es"]
        assert [str(p.T) for p in parts] == ["Inotuzumab ozogamicin",
                                             "Inotuzumab ozogamicina"]
        links = [str(a.Contents) for page in pdf.pages[:2]
                 for a in page.obj.get("/Annots", [])]
        page = catalogue(language)[words.CONTENTS_LINK]
        assert links[0] == page.format(title="Inotuzumab ozogamicin", page=3)
        with pdf.open_metadata() as xmp:
            assert set(xmp["dc:language"]) == {language}
    # Every leaflet word for word, in its own language, inside the binder.
    body = body_words(path, first=3)
    assert body == expected_words(ENGLISH) + expected_words(SPANISH)
    verapdf.require_verapdf()
    verapdf.compile_validator()
    for verdict in verapdf.validate([path], flavours=("ua1", "2a")):
        assert verdict.compliant, verdict.summary()


NEW = [t for t in SHIPPED if t not in ("en", "es")]


@pytest.mark.parametrize("language", NEW)
def test_every_shipped_language_builds_and_loses_nothing(tmp_path, language):
    """The English seed's text tagged with each new language (the text is the author's; the
    furniture is the catalogue's), built with the bundled brand: every word extracts, in
    order, in all three readers, the catalogue's headings and boxes included."""
    source = tmp_path / f"seed.{language}.yaml"
    source.write_text(ENGLISH.read_text(encoding="utf-8").replace(
        "\nlanguage: en\n", f"\nlanguage: {language}\n"), encoding="utf-8")
    pdf = _build(tmp_path, source, handouts.read_brand(), language)
    expected = expected_words(source)
    assert " ".join(nfc_words(catalogue(language)[words.WHEN_TO_GET_HELP])) in " ".join(expected)
    for reader in READERS:
        assert body_words(pdf, reader=reader) == expected, reader
