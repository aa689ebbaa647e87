"""Importing official labelling into draft monographs (importers.run, importers.spl,
importers.label, importers.draft, importers._xml, importers.epi): names, language and
provenance from the label, headings mapped to keys, nothing of a patient section lost, and a
bad label refused alone, with nothing written for it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

import handouts
from conftest import FIXTURES, body_words, expected_words, page_count
from handouts.build import DRAFT_REFUSED
from handouts.errors import InputError
from handouts.importers import import_files, import_label
from handouts.importers.run import LabelError
from handouts.page.fit import PAGE
from helpers.verapdf import require_verapdf, validate

LABELS = FIXTURES / "labels"
PATIENT = {"openfda_lipitor-orig.xml": "42230-3", "openfda_humira.xml": "42231-1",
           "pharmaledger_entresto_9ed0dcad.xml": "42230-3"}
V3 = "{urn:hl7-org:v3}"


def _import(tmp_path: Path, name: str) -> tuple[dict, str, list[str]]:
    outcome = import_label(LABELS / name, tmp_path, PAGE)
    assert outcome.draft is not None
    text = outcome.draft.read_text(encoding="utf-8")
    return yaml.safe_load(text), text, outcome.report()


def test_lipitor_names_language_and_provenance(tmp_path):
    draft, text, _ = _import(tmp_path, "openfda_lipitor-orig.xml")
    assert (draft["status"], draft["name"], draft["brand_names"], draft["language"]) == (
        "draft", "atorvastatin calcium", ["Lipitor"], "en")
    assert draft["imported_from"] == (
        "FDA SPL; document id 20a11732-b9f5-4b59-9d86-c63f11b139d9; setId "
        "c6e131fe-e7df-4876-83f7-9156fc4e8228; version 11; effective date 2014-01-13; "
        "document code 34391-3; sections 42230-3 Patient Package Insert")
    assert "#   setId: c6e131fe-e7df-4876-83f7-9156fc4e8228\n" in text
    assert (tmp_path / "atorvastatin-calcium.yaml").is_file()


def test_bold_paragraph_headings_map_to_keys_and_sub_headings_stay(tmp_path):
    draft, text, _ = _import(tmp_path, "openfda_lipitor-orig.xml")
    assert draft["how_it_works"].startswith("LIPITOR is a prescription medicine that lowers "
                                            "cholesterol")
    # "What is Cholesterol?" names no product: a sub-heading, kept in its key's text.
    assert "\n\nWhat is Cholesterol?\n\n" in draft["how_it_works"]
    assert "# from heading: What is LIPITOR? (section 1/paragraph[5])" in text
    assert draft["storage"][0] == "Store LIPITOR at room temperature, 68 to 77°F (20 to 25°C)."
    # A question that maps to a key already open stays in its text, as a paragraph.
    assert "\n\nWhat Should I Avoid While Taking LIPITOR?\n\n• Talk to your doctor" in \
        draft["who_should_not_take_it"]
    assert "\n\nWhat are the Ingredients in LIPITOR?\n\n" in draft["notes"]
    # The title and the text before the first heading map to no key: kept under notes.
    assert draft["notes"].startswith("PATIENT INFORMATION\n\nLIPITOR® atorvastatin calcium "
                                     "tablets\n\n(LIP-ih-tore)")


def test_a_leaflet_laid_out_in_one_table_maps_by_its_cells(tmp_path):
    draft, _, report = _import(tmp_path, "pharmaledger_entresto_9ed0dcad.xml")
    assert (draft["name"], draft["brand_names"]) == ("Sacubitril and Valsartan", ["ENTRESTO"])
    assert draft["how_it_works"].startswith("ENTRESTO is a prescription medicine used:\n\n"
                                            "• to reduce the risk of death")
    assert draft["serious_side_effects"].startswith("ENTRESTO can harm or cause death to your "
                                                    "unborn baby.")
    assert draft["storage"].startswith("• Store ENTRESTO at room temperature")
    assert ("  not imported: section 1/table[1] row 1: table flattened: its cells are one "
            "paragraph, separated by ' | '") in report


def test_a_storage_question_inside_instructions_for_use_is_an_aside(tmp_path):
    # Humira's Instructions for Use ask "How should I store HUMIRA?" before their steps: the
    # steps after it are still how it is given, not storage.
    draft, _, _ = _import(tmp_path, "openfda_humira.xml")
    assert "Gather the Supplies for Your Injection" not in draft["storage"]
    assert "\n\nGather the Supplies for Your Injection\n\n" in draft["how_it_is_administered"]
    assert draft["storage"].count("How should I store HUMIRA?") == 2  # the asides, as text


def test_lists_stay_lists_and_common_side_effects_are_the_bullets(tmp_path):
    draft, _, report = _import(tmp_path, "openfda_humira.xml")
    assert draft["common_side_effects"] == [
        "injection site reactions: redness, rash, swelling, itching, or bruising. These "
        "symptoms usually will go away within a few days. Call your doctor right away if you "
        "have pain, redness or swelling around the injection site that does not go away "
        "within a few days or gets worse.",
        "upper respiratory infections (including sinus infections)", "headaches", "rash",
        "nausea"]
    images = [line for line in report if ": image: not imported" in line]
    assert len(images) == 25
    assert images[0] == ("  not imported: g5633232311377536597 (HumiraPenFigA-PenImageB.jpg): "
                         "image: not imported (a leaflet prints words only): fig-a-pen-image")



def test_a_list_laid_out_in_a_table_inside_an_item_stays_a_list(tmp_path):
    # Humira lays out the symptoms of an infection as a two-column table of "• " cells inside
    # a list item: each cell is an item of its own (its own bullet marker left to the list's),
    # after its item's text, not one line of all the symptoms.
    draft, _, _ = _import(tmp_path, "openfda_humira.xml")
    assert ("\n\n• think you have an infection or have symptoms of infection such as:\n\n"
            "• fever, sweats, or chills\n\n• warm, red, or painful skin or sores on your body"
            "\n\n• muscle aches\n\n• diarrhea or stomach pain\n\n• cough\n\n") in \
        draft["serious_side_effects"]


def test_a_block_inside_an_item_follows_its_text_in_order(tmp_path):
    text = (LABELS / "openfda_lipitor-orig.xml").read_text(encoding="utf-8").replace(
        "<item>have diabetes</item>",
        "<item>have <list><item>type 1</item></list>diabetes<paragraph>Tell us.</paragraph>"
        "or not</item>")
    path = tmp_path / "label.xml"
    path.write_text(text, encoding="utf-8")
    draft = yaml.safe_load(import_label(path, tmp_path / "out", PAGE).draft.read_text("utf-8"))
    assert "\n\n• have\n\n• type 1\n\n• diabetes\n\n• Tell us.\n\n• or not\n\n" in \
        draft["who_should_not_take_it"]

def _sentences(section: ET.Element) -> list[str]:
    """The oracle: every sentence of a patient section, split at block boundaries and at
    sentence ends, read with the standard library's own walk of the text."""
    blocks, current = [], []

    def walk(element: ET.Element) -> None:
        tag = element.tag.removeprefix(V3)
        if tag in ("paragraph", "item", "td", "th", "title", "caption", "tr",
                   "observationMedia"):
            blocks.append("".join(current))
            current.clear()
        if tag == "br":
            current.append(" ")
        if element.text and tag != "renderMultiMedia":
            current.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if tag in ("paragraph", "item", "td", "th", "title", "caption", "observationMedia"):
            blocks.append("".join(current))
            current.clear()

    walk(section)
    blocks.append("".join(current))
    return [s for block in blocks for s in re.split(r"(?<=[.!?:])\s+", " ".join(block.split()))
            if s]


@pytest.mark.parametrize("name", sorted(PATIENT))
def test_every_sentence_of_the_patient_section_is_in_the_draft_or_the_report(tmp_path, name):
    _, text, report = _import(tmp_path, name)
    loaded = yaml.safe_load(text)
    values = [v for value in loaded.values() for v in (value if isinstance(value, list)
                                                       else [str(value)])]
    comments = [line for line in text.splitlines() if line.startswith("#")]
    haystack = " ".join(" ".join([*values, *comments, *report]).replace(" | ", " ").split())
    root = ET.parse(LABELS / name).getroot()
    (section,) = [s for s in root.iter(f"{V3}section")
                  if s.find(f"{V3}code") is not None
                  and s.find(f"{V3}code").get("code") == PATIENT[name]]
    sentences = _sentences(section)
    assert len(sentences) > 40
    assert [s for s in sentences if s not in haystack] == []


def test_a_draft_is_valid_and_deterministic(tmp_path):
    for name in PATIENT:
        first = import_label(LABELS / name, tmp_path / "a", PAGE)
        again = import_label(LABELS / name, tmp_path / "b", PAGE)
        assert first.draft.read_bytes() == again.draft.read_bytes()
        assert first.problems == ()  # check accepts it as a draft
        assert first.warnings == ()  # its text names its product
        handouts.read_monograph(first.draft, proof=True)


def test_error_build_refuses_a_draft(tmp_path):
    outcome = import_label(LABELS / "openfda_lipitor-orig.xml", tmp_path, PAGE)
    with pytest.raises(InputError) as e:
        handouts.read_monograph(outcome.draft)
    assert str(e.value) == f"{outcome.draft}:12:1: status: {DRAFT_REFUSED}"
    assert DRAFT_REFUSED == ("a draft is not for patients: review it against its label, then "
                             "delete 'status: draft' (or build a proof for review with --proof)")


def _error(tmp_path: Path, name: str, data: bytes | None = None) -> str:
    path = LABELS / name if data is None else tmp_path / name
    if data is not None:
        path.write_bytes(data)
    out = tmp_path / "out"
    with pytest.raises(LabelError) as e:
        import_label(path, out, PAGE)
    assert not out.exists() or list(out.iterdir()) == []  # nothing written for it
    return str(e.value)


def test_error_no_patient_section(tmp_path):
    assert _error(tmp_path, "openfda_no-title.xml") == (
        f"{LABELS / 'openfda_no-title.xml'}: no patient section (LOINC 42231-1 Medication "
        "Guide, 42230-3 Patient Package Insert or 59845-8 Instructions for Use)")


def test_error_otc_drug_facts(tmp_path):
    assert _error(tmp_path, "openfda_cough_otc.xml") == (
        f"{LABELS / 'openfda_cough_otc.xml'}: an OTC \"Drug Facts\" label (document code "
        "34390-5): it has no patient leaflet (Medication Guide or Patient Package Insert) to "
        "import")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<document xmlns="urn:hl7-org:v3"><title>&lol3;</title></document>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<document xmlns="urn:hl7-org:v3"><title>&secret;</title></document>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL])
def test_error_a_dtd_and_its_entities_are_refused(tmp_path, data):
    path = tmp_path / "hostile.xml"
    assert _error(tmp_path, "hostile.xml", data) == (
        f"{path}: it declares a DTD, which a label never needs (entities in a DTD can expand "
        "without bound or read other files); refused")


def test_error_truncated_xml(tmp_path):
    data = (LABELS / "openfda_lipitor-orig.xml").read_bytes()[:5000]
    assert _error(tmp_path, "cut.xml", data) == (
        f"{tmp_path / 'cut.xml'}: not well-formed XML at line 84, column 37 (a truncated or "
        "damaged file?)")


def test_error_huge_file_is_refused_unread(tmp_path):
    path = tmp_path / "huge.xml"
    with path.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: 100 MB that take no room on the disk
    with pytest.raises(LabelError) as e:
        import_label(path, tmp_path / "out", PAGE)
    assert str(e.value) == (f"{path}: cannot read it: 104,857,600 bytes, more than the "
                            "20,971,520 a label may have")
    assert not (tmp_path / "out").exists()


def test_error_not_a_label(tmp_path):
    assert _error(tmp_path, "x.xml", b"<html><body/></html>") == (
        f"{tmp_path / 'x.xml'}: not a label: expected an SPL document (HL7 v3) or an ePI FHIR "
        "Bundle, found the XML element 'html'")


def test_error_an_existing_file_is_never_overwritten(tmp_path):
    (tmp_path / "atorvastatin-calcium.yaml").write_text("reviewed by hand\n", encoding="utf-8")
    with pytest.raises(LabelError) as e:
        import_label(LABELS / "openfda_lipitor-orig.xml", tmp_path, PAGE)
    assert str(e.value) == (
        f"{LABELS / 'openfda_lipitor-orig.xml'}: {tmp_path / 'atorvastatin-calcium.yaml'} "
        "exists; it was left as it is (a reviewed monograph is never overwritten: move it, or "
        "import elsewhere)")
    assert (tmp_path / "atorvastatin-calcium.yaml").read_text(encoding="utf-8") == \
        "reviewed by hand\n"


def test_a_bad_file_does_not_stop_the_others(tmp_path):
    outcomes = import_files(tmp_path, [LABELS / "openfda_cough_otc.xml",
                                       LABELS / "openfda_lipitor-orig.xml"], PAGE)
    assert [o.ok for o in outcomes] == [False, True]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atorvastatin-calcium.yaml"]


def test_a_line_break_in_an_id_cannot_write_a_key_of_the_draft(tmp_path):
    # &#10; survives XML's attribute normalisation: written into a comment as it is, it
    # would end the comment and make "status: reviewed" a key of the draft.
    text = (LABELS / "openfda_lipitor-orig.xml").read_text(encoding="utf-8").replace(
        '<setId root="c6e131fe-e7df-4876-83f7-9156fc4e8228"/>',
        '<setId root="x&#10;status: reviewed&#10;#"/>').replace(
        "<paragraph>(LIP-ih-tore)</paragraph>",
        '<paragraph ID="p&#10;url: https://example.org&#10;#">(LIP-ih-tore)</paragraph>')
    path = tmp_path / "label.xml"
    path.write_text(text, encoding="utf-8")
    outcome = import_label(path, tmp_path / "out", PAGE)
    draft = yaml.safe_load(outcome.draft.read_text(encoding="utf-8"))
    assert draft["status"] == "draft" and "url" not in draft
    assert "#   setId: x status: reviewed #\n" in outcome.draft.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [*sorted(PATIENT), "Bundle-bundlepackageleaflet-es-"
                                  "dcaa4d32aa6658a8df831551503e52ee.json"])
def test_a_proof_prints_every_word_of_the_draft_s_printed_keys(tmp_path, name):
    outcome = import_label(LABELS / name, tmp_path, PAGE)
    pdf = tmp_path / "proof.pdf"
    monograph = handouts.read_monograph(outcome.draft, proof=True)
    pdf.write_bytes(handouts.render_leaflet(monograph, handouts.read_brand(),
                                            handouts.Options(proof=True)).pdf)
    words, mark = body_words(pdf), ["DRAFT", "—", "not", "for", "patients"]
    starts = [i for i in range(len(words)) if words[i:i + 5] == mark]
    assert len(starts) == page_count(pdf)  # the mark, once on every page
    for start in reversed(starts):
        del words[start:start + 5]
    # body_words leaves bullet markers out: so is the "• " of a list written in a text key.
    assert words == [w for w in expected_words(outcome.draft) if w != "\u2022"]


def test_a_proof_is_still_pdf_ua_and_pdf_a(tmp_path):
    require_verapdf()  # skips locally, fails in CI, when veraPDF's pieces are missing
    outcome = import_label(LABELS / "pharmaledger_entresto_9ed0dcad.xml", tmp_path, PAGE)
    pdf = tmp_path / "proof.pdf"
    pdf.write_bytes(handouts.render_leaflet(handouts.read_monograph(outcome.draft, proof=True),
                                            handouts.read_brand(),
                                            handouts.Options(proof=True)).pdf)
    verdicts = validate([pdf], flavours=("ua1", "2a"))
    assert all(v.compliant for v in verdicts), [v.summary() for v in verdicts]


def test_error_xml_nested_made_to_crash_the_importer(tmp_path):
    deep = b"<content>" * 50_000 + b"x" + b"</content>" * 50_000
    data = (b'<document xmlns="urn:hl7-org:v3"><component><section><code code="42230-3"/>'
            b"<text><paragraph>" + deep + b"</paragraph></text></section></component>"
            b"</document>")
    assert _error(tmp_path, "deep.xml", data) == (
        f"{tmp_path / 'deep.xml'}: nested too deeply to be a label; refused")
