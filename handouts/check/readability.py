"""Readability of a monograph's text: Flesch–Kincaid grade and SMOG index, per key and whole."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from textstat.textstat import textstatistics

from ..source.model import Block, BulletList, Monograph, Paragraph

# SMOG was fitted on samples of 30 sentences (McLaughlin, J Reading 1969;12:639-46) and scales
# a shorter text up to 30: in a four-sentence section one more long word moves it a grade.
SMOG_SENTENCES = 30
# cmudict and the formulas are American English; one dictionary for every English tag, so the
# same words get the same grade whether a monograph says en, en-GB or en-US.
_STATS = textstatistics()  # our own, not textstat's shared one that set_lang changes
_STATS.set_lang("en_US")


@dataclass(frozen=True)
class Counts:
    """What both formulas are made of, as textstat counts them; counts of parts add up."""

    sentences: int = 0
    words: int = 0
    syllables: int = 0
    polysyllables: int = 0  # words of three syllables or more

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.sentences + other.sentences, self.words + other.words,
                      self.syllables + other.syllables, self.polysyllables + other.polysyllables)


@dataclass(frozen=True)
class Figures:
    """The readability of one monograph key's text, or of the whole leaflet (key "")."""

    key: str
    counts: Counts

    @property
    def flesch_kincaid(self) -> float:
        """US school grade (Kincaid et al., 1975), to one decimal; 0 for text without words."""
        c = self.counts
        if not c.words or not c.sentences:
            return 0.0
        return round(0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59, 1)

    @property
    def smog(self) -> float:
        """SMOG grade (McLaughlin, 1969), to one decimal, scaled to 30 sentences as textstat
        does; trust it only when ``smog_reliable``."""
        c = self.counts
        if not c.words or not c.sentences:
            return 0.0
        return round(1.043 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291, 1)

    @property
    def smog_reliable(self) -> bool:
        return self.counts.sentences >= SMOG_SENTENCES

    @property
    def grade(self) -> float:
        """The grade a warning is based on: the higher of the two formulas where SMOG has its
        30 sentences, else Flesch–Kincaid alone.

        SMOG is the one health literacy guidance prefers (it predicts full understanding and
        reads a grade or two above Flesch–Kincaid on health text), so it counts wherever it
        is valid; on a short section it is noise, and Flesch–Kincaid, an average over the
        words and sentences there are, is the steadier figure."""
        if self.smog_reliable:
            return max(self.flesch_kincaid, self.smog)
        return self.flesch_kincaid


@dataclass(frozen=True)
class Readability:
    """A monograph's figures: one per key that holds text, and the whole leaflet's."""

    language: str
    sections: tuple[Figures, ...]  # in the order the leaflet prints them
    leaflet: Figures | None  # None: not measured (the language is not English)

    @property
    def note(self) -> str | None:
        """Why nothing was measured, or None."""
        if self.leaflet is not None:
            return None
        return (f"not measured for language '{self.language}' (the formulas are for "
                "English)")

    @property
    def hardest(self) -> Figures | None:
        """The key that reads at the highest grade (the first of equals)."""
        return max(self.sections, key=lambda f: f.grade, default=None)


def is_english(language: str) -> bool:
    """``en``, ``en-GB``, ``EN-us``...: BCP 47's primary subtag, whatever the case."""
    return language.split("-", 1)[0].lower() == "en"


def measure(monograph: Monograph) -> Readability:
    """Both formulas for every key that holds text and for the whole leaflet, English only:
    another language gets no figures (``note`` says so), never a wrong number."""
    if not is_english(monograph.language):
        return Readability(monograph.language, (), None)
    sections = tuple(Figures(key, sum(map(counts, blocks), Counts()))
                     for key, blocks in parts(monograph))
    whole = sum((f.counts for f in sections), Counts())
    return Readability(monograph.language, sections, Figures("", whole))


def warm() -> None:
    """Load the pronouncing dictionary and hyphenation patterns now (0.7 s, once a process)."""
    counts(Paragraph("Ready."))


def parts(monograph: Monograph) -> Iterator[tuple[str, tuple[Block, ...]]]:
    """Each monograph key's blocks, in the order the leaflet prints them: the author writes,
    and fixes, one key at a time.

    ``key_points`` and ``when_to_get_help`` come first, as bullets: they are what a patient
    reads first, often all that is read, so a hard one must warn as any section does.
    ``serious_side_effects`` is printed under the common side effects heading, after its
    bullets (see ``validate.monograph``); it is measured on its own, so that a hard paragraph
    there is not averaged away by short bullets."""
    for key, items in (("key_points", monograph.key_points),
                       ("when_to_get_help", monograph.when_to_get_help)):
        if items:
            yield key, (BulletList(items),)
    for section in monograph.sections:
        if section.key == "common_side_effects":
            yield section.key, section.blocks[:1]
            if section.blocks[1:]:
                yield "serious_side_effects", section.blocks[1:]
        else:
            yield section.key, section.blocks


def counts(block: Block) -> Counts:
    """A paragraph's sentences as textstat finds them; each bullet as at least one sentence.

    Bullets are fragments ("Nausea") without a full stop: run together they would make one
    long sentence, and textstat drops sentences of two words or fewer from its count while
    keeping their words, so each item is counted on its own (a bullet of two sentences
    counts two)."""
    texts = block.items if isinstance(block, BulletList) else (block.text,)
    total = Counts()
    for text in texts:
        total += Counts(_STATS.sentence_count(text), _STATS.lexicon_count(text),
                        _STATS.syllable_count(text), _STATS.polysyllabcount(text))
    return total
