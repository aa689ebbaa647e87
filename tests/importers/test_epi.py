"""Importing an EU ePI FHIR Bundle (importers.epi): names from the product data, the language
from the document, sections mapped by SPOR code or QRD number, and nothing of the package
leaflet lost."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import FIXTURES
from handouts.importers import import_label
from handouts.importers.run import LabelError
from handouts.page.fit import PAGE

LABELS = FIXTURES / "labels"
KARVEA_EN = LABELS / "Bundle-bundlepackageleaflet-en-dcaa4d32aa6658a8df831551503e52ee.json"
KARVEA_ES = LABELS / "Bundle-bundlepackageleaflet-es-dcaa4d32aa6658a8df831551503e52ee.json"
PENTASA_FI = LABELS / "Bundle-47204.json"
ACTRAPID_NO = LABELS / "Bundle-545731.json"


def test_karvea_names_language_and_qrd_sections(tmp_path):
    outcome = import_label(KARVEA_EN, tmp_path, PAGE)
    assert outcome.draft == tmp_path / "irbesartan.yaml" and outcome.problems == ()
    draft = yaml.safe_load(outcome.draft.read_text(encoding="utf-8"))
    assert (draft["status"], draft["name"], draft["brand_names"], draft["language"]) == (
        "draft", "irbesartan", ["Karvea"], "en")
    assert draft["how_it_works"].startswith("Karvea belongs to a group of medicines known as "
                                            "angiotensin-II receptor antagonists.")
    assert draft["imported_from"].startswith(
        "EU ePI (FHIR Bundle); Bundle id bundlepackageleaflet-en-dcaa4d32aa6658a8df831551503e52"
        "ee; document id https://spor.ema.europa.eu/rmswi/|karvea-en; date 2022-02-16T13:28:17Z")
    # "Do not take Karvea" opens no key of its own: it stays in the text above its list.
    assert draft["who_should_not_take_it"].startswith(
        "Do not take Karvea\n\n• if you are allergic to irbesartan")


def test_the_parallel_spanish_leaflet_says_its_language(tmp_path):
    outcome = import_label(KARVEA_ES, tmp_path, PAGE)
    assert outcome.draft == tmp_path / "irbesartan.es.yaml" and outcome.problems == ()
    draft = yaml.safe_load(outcome.draft.read_text(encoding="utf-8"))
    assert (draft["name"], draft["language"]) == ("irbesartan", "es")
    assert draft["how_it_is_administered"].startswith(
        "Siga exactamente las instrucciones de administración de este medicamento")


def test_a_language_without_a_catalogue_imports_and_says_so(tmp_path):
    outcome = import_label(PENTASA_FI, tmp_path, PAGE)
    assert outcome.draft == tmp_path / "pentasa-depottab-500-mg.fi.yaml"
    draft = yaml.safe_load(outcome.draft.read_text(encoding="utf-8"))
    assert (draft["name"], draft["language"]) == ("Pentasa depottab 500 mg", "fi")
    assert outcome.problems == ("language: no catalogue for 'fi'; available: en, es, fr, ht, ko, "
                                "pl, pt, ru, tl, vi, zh-Hans, zh-Hant (a clinic "
                                "can add one: see 'Languages' in the README)",)
    # By its SPOR code, in Finnish: "Valmisteen säilyttäminen" is the storage section.
    assert "# from heading: Valmisteen säilyttäminen (section 1.7 title)" in \
        outcome.draft.read_text(encoding="utf-8")
    assert ("  not imported: name: no generic name in the Bundle: the product's name 'Pentasa "
            "depottab 500 mg' is the draft's name; give the generic name") in outcome.report()




def test_a_paragraph_inside_a_list_item_is_not_run_into_its_bold_lead(tmp_path):
    # <li><b>Patients with high blood pressure</b><p>The usual dose...</p></li>: read as one
    # text, the two ran together ("...blood pressure The usual dose").
    outcome = import_label(KARVEA_EN, tmp_path, PAGE)
    draft = yaml.safe_load(outcome.draft.read_text(encoding="utf-8"))
    assert "\n\n• Patients with high blood pressure\n\n• The usual dose is 150 mg once a day" \
        in draft["how_it_is_administered"]

def test_a_leaflet_whose_text_never_names_its_product_is_reported(tmp_path):
    # The Spanish "Karvea" fixture's product data says Karvea (irbesartan), and its sections'
    # titles are Karvea's; its text is Biktarvy's leaflet. A reviewer must be told.
    outcome = import_label(KARVEA_ES, tmp_path, PAGE)
    assert outcome.warnings == (
        "its text (not its headings) never names irbesartan or Karvea: is this leaflet this "
        "product's? Correct name and brand_names, or import the right label",)
    assert f"  warning: {outcome.warnings[0]}" in outcome.report()
    for path in (KARVEA_EN, PENTASA_FI, ACTRAPID_NO):
        assert import_label(path, tmp_path / path.stem, PAGE).warnings == ()

def _sentences(bundle: dict) -> list[str]:
    """The oracle: every sentence of every section's title and XHTML, split at block
    elements and sentence ends, read with the standard library."""
    blocks: list[str] = []

    def walk(sections: list) -> None:
        for section in sections:
            blocks.append(section.get("title", ""))
            div = section.get("text", {}).get("div")
            if div:
                text = re.sub(r"<(/?)(\w+:)?(p|li|td|th|tr|h\d|div|br|ul|ol|table)\b[^>]*>", "\n",
                              ET.tostring(ET.fromstring(div), encoding="unicode"))
                blocks.extend(re.sub(r"<[^>]+>", "", text).split("\n"))
            walk(section.get("section", []))

    walk(bundle["entry"][0]["resource"]["section"])
    return [s for block in blocks
            for s in re.split(r"(?<=[.!?:])\s+", " ".join(block.split())) if s]


@pytest.mark.parametrize("path", [KARVEA_EN, KARVEA_ES, PENTASA_FI, ACTRAPID_NO],
                         ids=["en", "es", "fi", "no"])
def test_every_sentence_of_the_leaflet_is_in_the_draft_or_the_report(tmp_path, path):
    outcome = import_label(path, tmp_path, PAGE)
    text = outcome.draft.read_text(encoding="utf-8")
    values = [v for value in yaml.safe_load(text).values()
              for v in (value if isinstance(value, list) else [str(value)])]
    comments = [line for line in text.splitlines() if line.startswith("#")]
    haystack = " ".join(" ".join([*values, *comments, *outcome.report()])
                        .replace(" | ", " ").split())
    sentences = [html.unescape(s) for s in _sentences(json.loads(path.read_text("utf-8")))]
    assert len(sentences) > 40
    assert [s for s in sentences if s not in haystack] == []


def test_error_a_bundle_with_no_composition(tmp_path):
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"resourceType": "Bundle", "type": "document", "entry": [
        {"resource": {"resourceType": "MedicinalProductDefinition"}}]}), encoding="utf-8")
    with pytest.raises(LabelError) as e:
        import_label(path, tmp_path / "out", PAGE)
    assert str(e.value) == (f"{path}: a FHIR Bundle with no Composition: it holds no document "
                            "to import")
    assert not (tmp_path / "out").exists()


def test_error_json_that_is_not_a_bundle_or_not_json(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"resourceType": "Patient"}', encoding="utf-8")
    with pytest.raises(LabelError) as e:
        import_label(path, tmp_path / "out", PAGE)
    assert str(e.value) == (f"{path}: not a label: expected an SPL document (HL7 v3) or an ePI "
                            "FHIR Bundle, found JSON that is not a FHIR Bundle")
    path.write_text('{"resourceType": "Bundle", ', encoding="utf-8")
    with pytest.raises(LabelError) as e:
        import_label(path, tmp_path / "out", PAGE)
    assert str(e.value) == (f"{path}: not valid JSON (Expecting property name enclosed in double "
                            "quotes: line 1 column 28 (char 27))")


BUNDLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Bundle xmlns="http://hl7.org/fhir">
  <id value="b1"/>
  <type value="document"/>
  <entry><resource><Composition>
    <language value="nb"/>
    <title value="Testamab 10 mg"/>
    <date value="2024-01-02"/>
    <section>
      <title value="Pakningsvedlegg"/>
      <section>
        <title value="Hva Testamab er og hva det brukes mot"/>
        <code><coding><code value="200000029895"/></coding></code>
        <text><div xmlns="http://www.w3.org/1999/xhtml"><p>Testamab virker.</p></div></text>
      </section>
      <section>
        <title value="Mulige bivirkninger"/>
        <code><coding><code value="200000029910"/></coding></code>
        <text><div xmlns="http://www.w3.org/1999/xhtml"><ul><li>Kvalme</li><li>Hodepine</li>
          </ul></div></text>
      </section>
    </section>
  </Composition></resource></entry>
  <entry><resource><MedicinalProductDefinition>
    <name><productName value="Testamab 10 mg"/></name>
  </MedicinalProductDefinition></resource></entry>
</Bundle>
"""
BUNDLE_JSON = {
    "resourceType": "Bundle", "id": "b1", "type": "document", "entry": [
        {"resource": {"resourceType": "Composition", "language": "nb",
                      "title": "Testamab 10 mg", "date": "2024-01-02", "section": [
                          {"title": "Pakningsvedlegg", "section": [
                              {"title": "Hva Testamab er og hva det brukes mot",
                               "code": {"coding": [{"code": "200000029895"}]},
                               "text": {"div": '<div xmlns="http://www.w3.org/1999/xhtml">'
                                               "<p>Testamab virker.</p></div>"}},
                              {"title": "Mulige bivirkninger",
                               "code": {"coding": [{"code": "200000029910"}]},
                               "text": {"div": '<div xmlns="http://www.w3.org/1999/xhtml">'
                                               "<ul><li>Kvalme</li><li>Hodepine</li>\n"
                                               "          </ul></div>"}}]}]}},
        {"resource": {"resourceType": "MedicinalProductDefinition",
                      "name": [{"productName": "Testamab 10 mg"}]}}]}


def test_a_bundle_in_xml_gives_the_draft_its_json_form_gives(tmp_path):
    (tmp_path / "b.xml").write_text(BUNDLE_XML, encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(BUNDLE_JSON), encoding="utf-8")
    from_xml = import_label(tmp_path / "b.xml", tmp_path / "x", PAGE)
    from_json = import_label(tmp_path / "b.json", tmp_path / "j", PAGE)
    text = from_xml.draft.read_text(encoding="utf-8")
    assert text == from_json.draft.read_text(encoding="utf-8")
    draft = yaml.safe_load(text)
    assert (draft["name"], draft["language"], draft["how_it_works"]) == (
        "Testamab 10 mg", "nb", "Testamab virker.\n")
    assert draft["serious_side_effects"] == ["Kvalme", "Hodepine"]


@pytest.mark.parametrize("data", [b"[" * 100_000 + b"]" * 100_000,
                                  json.dumps({"resourceType": "Bundle", "entry": [{"resource": {
                                      "resourceType": "Composition", "section": [{}]}}]})
                                  .encode().replace(b"[{}]", b'[{"section": ' * 5000 + b"[]"
                                                    + b"}]" * 5000)])
def test_error_nesting_made_to_crash_the_importer(tmp_path, data):
    path = tmp_path / "deep.json"
    path.write_bytes(data)
    with pytest.raises(LabelError) as e:
        import_label(path, tmp_path / "out", PAGE)
    assert str(e.value) == f"{path}: nested too deeply to be a label; refused"
    assert not (tmp_path / "out").exists()
