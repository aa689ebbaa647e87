"""Readability: the two formulas as textstat computes them, bullets, sections, languages."""

from __future__ import annotations

import pytest
import textstat

from conftest import SHIPPED
from handouts import read_monograph
from handouts.check.readability import Counts, Figures, counts, is_english, measure
from handouts.source.model import BulletList, Monograph, Paragraph, Section

PROSE = ("Rituximab is a monoclonal antibody, a lab-made protein that recognizes one target on "
         "the surface of B-cells. Once it attaches, it flags the cell for destruction by the "
         "immune system. Because the stem cells are spared, B-cell numbers usually recover "
         "within about a year.")


def monograph(*sections: Section, language: str = "en") -> Monograph:
    return Monograph("Testamab", (), language, sections)


def test_a_paragraph_gets_textstats_own_grades():
    figures = Figures("how_it_works", counts(Paragraph(PROSE)))
    assert figures.flesch_kincaid == round(textstat.flesch_kincaid_grade(PROSE), 1)
    assert figures.smog == round(textstat.smog_index(PROSE), 1)


def test_each_bullet_is_a_sentence_however_short():
    # Run together, textstat would find one sentence in "Nausea Headache Tiredness" (or none
    # of "Nausea." and "Headache.", which it drops as shorter than three words).
    assert counts(BulletList(("Nausea", "Headache", "Feeling tired"))) == Counts(
        sentences=3, words=4, syllables=9, polysyllables=1)


def test_a_bullet_of_whole_sentences_counts_each():
    bullets = BulletList(("Your hair may fall out. It grows back after treatment.",))
    assert counts(bullets).sentences == 2


def test_serious_side_effects_are_measured_apart_from_the_bullets_they_follow():
    section = Section("common_side_effects", "Common side effects",
                      (BulletList(("Nausea", "Headache")), Paragraph(PROSE)))
    measured = measure(monograph(section))
    assert [f.key for f in measured.sections] == ["common_side_effects", "serious_side_effects"]
    assert measured.sections[1].counts == counts(Paragraph(PROSE))


def test_the_whole_leaflet_adds_up_its_sections():
    measured = measure(monograph(
        Section("how_it_works", "How it works", (Paragraph(PROSE), Paragraph("It works."))),
        Section("who_should_take_it", "Who should take it", (Paragraph("Adults."),))))
    assert measured.leaflet is not None
    assert measured.leaflet.key == ""
    assert measured.leaflet.counts == measured.sections[0].counts + measured.sections[1].counts
    assert measured.hardest == measured.sections[0]


def test_the_boxes_are_measured_first_and_counted_in_the_leaflet():
    # What a patient reads first, in the order the leaflet prints it: the boxes, then sections.
    section = Section("how_it_works", "How it works", (Paragraph("It works."),))
    measured = measure(Monograph("Testamab", (), "en", (section,), key_points=(PROSE,),
                                 when_to_get_help=("Fever", "Bleeding that will not stop")))
    assert [f.key for f in measured.sections] == ["key_points", "when_to_get_help",
                                                  "how_it_works"]
    assert measured.sections[0].counts == counts(BulletList((PROSE,)))
    assert measured.sections[1].counts.sentences == 2  # a bullet is a sentence
    assert measured.leaflet is not None
    assert measured.leaflet.counts == sum((f.counts for f in measured.sections), Counts())
    assert measured.hardest == measured.sections[0]


def test_the_grade_is_flesch_kincaid_below_30_sentences_else_the_higher():
    short = Figures("x", Counts(sentences=4, words=40, syllables=60, polysyllables=8))
    assert short.smog > short.flesch_kincaid and not short.smog_reliable
    assert short.grade == short.flesch_kincaid == 6.0
    long = Figures("x", Counts(sentences=30, words=300, syllables=450, polysyllables=60))
    assert long.smog_reliable and long.grade == long.smog == 11.2 > long.flesch_kincaid


def test_text_without_words_has_no_grade():
    figures = Figures("x", counts(Paragraph("—")))
    assert (figures.counts.words, figures.flesch_kincaid, figures.smog) == (0, 0.0, 0.0)


@pytest.mark.parametrize("language, english", [
    ("en", True), ("en-GB", True), ("EN-us", True), ("en-Latn-IE", True),
    ("es", False), ("eng", False), ("fr-CA", False),
])
def test_english_is_any_tag_of_primary_language_en(language, english):
    assert is_english(language) is english


def test_another_language_is_not_measured_and_says_so():
    measured = measure(monograph(Section("how_it_works", "How it works",
                                         (Paragraph("Funciona muy bien."),)), language="es"))
    assert (measured.leaflet, measured.sections, measured.hardest) == (None, (), None)
    assert measured.note == ("not measured for language 'es' (the formulas are for English)")


def test_an_english_variant_gets_the_same_figures_as_en():
    section = Section("how_it_works", "How it works", (Paragraph(PROSE),))
    assert (measure(monograph(section, language="en-GB")).sections
            == measure(monograph(section)).sections)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_monographs_have_sane_figures(path):
    measured = measure(read_monograph(path))
    assert measured.note is None and measured.leaflet is not None
    # A whole leaflet has the 30 sentences SMOG needs, and both formulas land on a school
    # grade; the sections vary more (a two-sentence section of drug names reads at 20).
    assert measured.leaflet.smog_reliable
    assert 5 <= measured.leaflet.flesch_kincaid <= 16 and 5 <= measured.leaflet.smog <= 18
    assert {f.key for f in measured.sections} >= {"how_it_works", "common_side_effects"}
    for figures in measured.sections:
        assert figures.counts.words > 0 and 0 < figures.flesch_kincaid < 30, figures
