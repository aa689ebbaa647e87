"""From draft to leaflet (importers.run, importers.draft, with check and build): every label
fixture with a patient section, imported, then reviewed by a person (the edits below, as data),
passes check and builds to a leaflet that prints every imported word, in order.

A review here only adds what no label heading maps to (``key_points``, ``when_to_get_help``,
``who_should_take_it``, and ``common_side_effects`` where the label's side effects are prose),
deletes ``status`` and ``notes`` (never printed; a reviewed monograph may not keep them) and
sets ``reviewed``. Where the label's product data is wrong or not a generic name, it corrects
``name`` and ``brand_names``, and says why. No imported text key is shortened or changed: none
of the fixtures is over the format's bounds (a test below proves each key is kept as imported).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import yaml

import handouts
from conftest import CATALOGUES, FIXTURES, READERS, body_words, expected_words, in_order, nfc_words
from handouts import check
from handouts.importers import import_files, import_label
from handouts.page.fit import PAGE
from handouts.source.model import SECTIONS
from helpers.invoke import run

LABELS = FIXTURES / "labels"
# A clinic brand whose own catalogues add Finnish and Norwegian: TEST DATA, not reviewed
# translations (the shipped catalogues are English and Spanish only).
CLINIC = FIXTURES / "clinic"
REVIEWED = "2026-12-01"


@dataclass(frozen=True)
class Review:
    """A person's edits to one imported draft."""

    fixture: str  # the test's id
    label: str
    writes: dict[str, Any]  # keys the reviewer writes: no label heading maps to them
    names: dict[str, Any] = field(default_factory=dict)  # name/brand_names corrected, and why
    why: str = ""
    file: str = ""  # the reviewed file's name, where the draft's would not pass check
    clinic: bool = False  # its language has no shipped catalogue: built with the clinic's


REVIEWS = (
    Review("lipitor", "openfda_lipitor-orig.xml", {
        "key_points": ["LIPITOR lowers cholesterol in your blood.",
                       "Take it once a day, at about the same time, with or without food.",
                       "Stay on a low-fat diet while you take it."],
        "when_to_get_help": ["You have muscle pain, tenderness or weakness with no good "
                             "reason, especially with a fever or more tiredness than usual.",
                             "Your skin or the whites of your eyes turn yellow.",
                             "Your face, lips, tongue or throat swell."],
        "who_should_take_it": "Adults and children over 10 whose cholesterol does not come "
                              "down enough with exercise and a low-fat diet alone.",
        # The label's common side effects are one sentence in its side effects' prose.
        "common_side_effects": ["diarrhea", "upset stomach", "muscle and joint pain",
                                "changes in some blood tests"]}),
    Review("humira", "openfda_humira.xml", {
        "key_points": ["HUMIRA is an injection under the skin that affects your immune "
                       "system.",
                       "It can lower your ability to fight infections, some of them serious.",
                       "Your doctor should test you for TB before you start."],
        "when_to_get_help": ["You have a fever, sweats or chills, a cough, or feel very "
                             "tired.",
                             "You have hives, trouble breathing, or swelling of your face, "
                             "eyes, lips or mouth."],
        "who_should_take_it": "Adults and children whose doctor prescribes HUMIRA for one of "
                              "the conditions under \u201cHow it works\u201d."}),
    Review("entresto", "pharmaledger_entresto_9ed0dcad.xml", {
        "key_points": ["ENTRESTO treats heart failure.",
                       "Take it two times each day.",
                       "It can harm an unborn baby: tell your doctor at once if you become "
                       "pregnant."],
        "when_to_get_help": ["Your face, lips, tongue or throat swell, or you have trouble "
                             "breathing.",
                             "You feel dizzy or lightheaded, or very tired."],
        "who_should_take_it": "Adults with long-lasting (chronic) heart failure, and children "
                              "1 to less than 18 years old with heart failure.",
        # Its Patient Information names no common side effects: these are the prescribing
        # information's most common adverse reactions (section 6 of the same label).
        "common_side_effects": ["low blood pressure", "high potassium in the blood", "cough",
                                "dizziness", "kidney problems"]}),
    Review("karvea-en", "Bundle-bundlepackageleaflet-en-dcaa4d32aa6658a8df831551503e52ee.json", {
        "key_points": ["Karvea lowers blood pressure.",
                       "It also protects the kidneys of people with high blood pressure and "
                       "type 2 diabetes.",
                       "Do not take it after the first 3 months of pregnancy."],
        "when_to_get_help": ["You get a rash, or your face, lips or tongue swell.",
                             "You get short of breath."],
        "who_should_take_it": "Adults with high blood pressure, or with high blood pressure, "
                              "type 2 diabetes and kidney disease.",
        "common_side_effects": ["dizziness", "feeling sick or vomiting", "tiredness",
                                "raised levels of an enzyme in blood tests"]}),
    # The Spanish "parallel" leaflet of the fixtures is Biktarvy's, in a Bundle whose product
    # data says Karvea (irbesartan): the reviewer names the drug its text is about, and saves
    # it as a monograph of its own (as irbesartan.es.yaml, check would compare it with
    # Karvea's English one).
    Review("karvea-es", "Bundle-bundlepackageleaflet-es-dcaa4d32aa6658a8df831551503e52ee.json", {
        "key_points": ["Biktarvy trata la infección por el VIH-1 en adultos.",
                       "Tome un comprimido al día, con o sin alimentos.",
                       "No mastique, triture ni divida el comprimido."],
        "when_to_get_help": ["Tiene fiebre u otros signos de infección o de inflamación.",
                             "Se le hinchan la cara, los labios, la lengua o la garganta."],
        "who_should_take_it": "Adultos con infección por el VIH-1.",
        "common_side_effects": ["depresión", "sueños anormales", "dolor de cabeza", "mareo",
                                "diarrea", "ganas de vomitar (náuseas)", "cansancio (fatiga)"]},
        names={"name": "bictegravir/emtricitabina/tenofovir alafenamida",
               "brand_names": ["Biktarvy"]},
        why="the leaflet's text is Biktarvy's; the Bundle's product data says Karvea",
        file="bictegravir-emtricitabina-tenofovir-alafenamida.yaml"),
    # A Finnish ePI: the Bundle gives the product's name only; the generic name is the
    # leaflet's own ("mesalatsiini"), the product's name becomes the brand name.
    Review("pentasa-fi", "Bundle-47204.json", {
        "key_points": ["Pentasa hoitaa suoliston tulehdusta.",
                       "Käytä lääkettä juuri siten kuin lääkäri on määrännyt."],
        "when_to_get_help": ["Saat punoittavia läiskiä iholle, haavaumia suuhun tai laajan "
                             "ihottuman, jossa on kuumetta."],
        "who_should_take_it": "Aikuiset ja yli 6-vuotiaat lapset, joilla on haavainen "
                              "paksusuolitulehdus tai Crohnin tauti.",
        "common_side_effects": ["päänsärky", "ripuli", "vatsakipu", "pahoinvointi",
                                "oksentelu", "ilmavaivat", "ihottuma"]},
        names={"name": "mesalatsiini", "brand_names": ["Pentasa depottab 500 mg"]},
        why="the Bundle names no active ingredient: the leaflet's text names mesalatsiini",
        file="mesalatsiini.yaml", clinic=True),
    Review("actrapid-no", "Bundle-545731.json", {
        "key_points": ["Actrapid er et hurtigvirkende insulin som senker blodsukkeret.",
                       "Spis et måltid innen 30 minutter etter injeksjonen."],
        "when_to_get_help": ["Du har tegn på lavt blodsukker som ikke går over når du spiser "
                             "sukker.",
                             "Du får en alvorlig allergisk reaksjon."],
        "who_should_take_it": "Voksne, barn og ungdom med diabetes.",
        "common_side_effects": ["lavt blodsukker (føling)"]},
        names={"name": "insulin, human", "brand_names": ["Actrapid Penfill inj, oppl 100 "
                                                         "IE/ml"]},
        why="the Bundle names no active ingredient: the leaflet's text names insulin, human",
        file="insulin-human.yaml", clinic=True),
)
# Written for every draft: what makes it a reviewed monograph.
DELETED = {"status", "notes"}


def _reviewed(draft: dict[str, Any], review: Review) -> dict[str, Any]:
    out = {k: v for k, v in draft.items() if k not in DELETED}
    out.update(review.names)
    return {**out, **review.writes, "reviewed": REVIEWED}


def _imported_words(draft: dict[str, Any]) -> list[str]:
    """The words of the draft's printed text keys, in the leaflet's order (bullets as
    ``body_words`` gives them: marker left out)."""
    keys = [k for key, _ in SECTIONS
            for k in ((key, "serious_side_effects") if key == "common_side_effects" else (key,))]
    return [w for key in keys if key in draft
            for text in (draft[key] if isinstance(draft[key], list) else [draft[key]])
            for w in nfc_words(text) if w != "\u2022"]


def _review(tmp_path: Path, review: Review) -> tuple[dict[str, Any], Path]:
    outcome = import_label(LABELS / review.label, tmp_path / "drafts", PAGE)
    assert outcome.draft is not None
    draft = yaml.safe_load(outcome.draft.read_text(encoding="utf-8"))
    path = tmp_path / "reviewed" / (review.file or outcome.draft.name)
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(_reviewed(draft, review), allow_unicode=True,
                                   sort_keys=False, width=96), encoding="utf-8")
    return draft, path


@pytest.mark.parametrize("review", REVIEWS, ids=lambda r: r.fixture)
def test_a_reviewed_import_passes_check_and_prints_every_imported_word(tmp_path, review):
    draft, path = _review(tmp_path, review)
    reviewed = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Nothing imported is shortened or changed: only what the review says is deleted or set.
    kept = set(draft) - DELETED - set(review.names)
    assert {k: reviewed[k] for k in kept} == {k: draft[k] for k in kept}
    brand = handouts.read_brand(CLINIC / "brand.yaml" if review.clinic else None)
    (report,) = check.check([path], handouts.CheckOptions(), brand).files
    assert report.errors == ()
    pdf = tmp_path / "leaflet.pdf"
    pdf.write_bytes(handouts.render_leaflet(handouts.read_monograph(path, brand), brand,
                                            handouts.Options()).pdf)
    imported = _imported_words(draft)
    assert len(imported) > 300
    for reader in READERS:
        assert in_order(imported, body_words(pdf, reader=reader)) == [], reader
    # And every word of the reviewed monograph, the reviewer's too, exactly as written.
    expected = expected_words(path, CLINIC / "lang" if review.clinic else CATALOGUES)
    assert body_words(pdf) == [w for w in expected if w != "\u2022"]


@pytest.mark.parametrize("review", [r for r in REVIEWS if r.clinic],
                         ids=lambda r: r.fixture)
def test_error_a_reviewed_import_in_a_language_without_a_catalogue(tmp_path, review):
    _, path = _review(tmp_path, review)
    language = yaml.safe_load(path.read_text(encoding="utf-8"))["language"]
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("language:"))
    code, _, err = run("build", path, "-o", tmp_path / "out")
    assert code == 1
    assert err == (f"error: {path}:{line}:11: language: no catalogue for {language!r}; "
                   "available: en, es, fr, ht, ko, pl, pt, ru, tl, vi, zh-Hans, zh-Hant (a "
                   "clinic can add one: see 'Languages' in the README)\n"
                   "1 of 1 monographs failed; no PDF was written for them.\n")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_every_fixture_with_a_patient_section_is_reviewed_above(tmp_path):
    labels = sorted(p for p in LABELS.iterdir() if p.suffix in (".xml", ".json"))
    imported = [Path(o.path).name for o in import_files(tmp_path, labels, PAGE) if o.ok]
    assert sorted(imported) == sorted(r.label for r in REVIEWS)


def test_error_a_reviewed_draft_named_as_a_translation_needs_its_original(tmp_path):
    # Why the Finnish and Norwegian reviews rename the file: a draft in another language than
    # English is named STEM.LANG.yaml, a translation, and alone it has no original to follow.
    review = replace(next(r for r in REVIEWS if r.fixture == "pentasa-fi"), file="")
    _, path = _review(tmp_path, review)
    brand = handouts.read_brand(CLINIC / "brand.yaml")
    (report,) = check.check([path], handouts.CheckOptions(), brand).files
    assert [str(p) for p in report.errors] == [
        f"{path}: a translation (named pentasa-depottab-500-mg.fi.yaml) whose drug has no "
        "original pentasa-depottab-500-mg.yaml beside it; add the original, or name this file "
        "pentasa-depottab-500-mg.yaml if it is one"]
