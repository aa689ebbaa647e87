"""What an importer reads from a label, before it is a monograph: the product's names, the
language, where it came from, and the patient text as a stream of headings, paragraphs and
lists, each with the source element it came from; and the mapping of that stream to keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Piece:
    """One heading, paragraph or list of the patient text, in document order."""

    kind: Literal["heading", "paragraph", "list"]
    texts: tuple[str, ...]  # one for a heading or paragraph, the items of a list
    where: str  # the source element: its ID, or its path from the patient section
    number: str = ""  # a heading's QRD section number (ePI: "4."), which maps in any language


@dataclass(frozen=True)
class Skipped:
    """Something of the patient text not imported as text, and why (an image, a table
    flattened)."""

    where: str
    reason: str
    text: str = ""  # its words, if it has any (an image's caption)


@dataclass(frozen=True)
class Label:
    """A label as read: the patient text and its provenance."""

    kind: str  # "FDA SPL" or "EU ePI (FHIR Bundle)"
    name: str  # the generic name
    brand_names: tuple[str, ...]
    language: str  # BCP 47, from the document
    provenance: tuple[tuple[str, str], ...]  # (what, value): id, setId, version, date
    sections: tuple[str, ...]  # the patient sections' codes and names
    pieces: tuple[Piece, ...]
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True)
class Draft:
    """The label mapped to monograph keys: each key's pieces, in the order read."""

    label: Label
    keys: tuple[tuple[str, tuple[Piece, ...]], ...]  # key → pieces (headings among them)
    headings: tuple[tuple[str, str, str], ...]  # (heading, where, key it starts)


NOTES = "notes"  # the key that keeps what maps to no other, for a reviewer to place

# A heading → the key its text goes to. English headings of FDA Medication Guides and Patient
# Package Inserts (21 CFR 208.20 sets their questions), and the QRD template's numbered
# sections of an EU package leaflet in any language. A heading that matches none is a
# sub-heading: its text stays with the key before it. "{drug}" is one of the product's names,
# so that "What is LIPITOR?" starts a key and "What is cholesterol?" does not.
_HEADINGS: tuple[tuple[str, str], ...] = (
    (r"most important information", "serious_side_effects"),
    (r"^what is {drug}\b|what {drug} is and what it is used for", "how_it_works"),
    (r"who should not (take|use)|do not (take|use) {drug}|before (you )?(take|taking|use|using"
     r"|start|starting|receive|receiving) {drug}|what should i tell my .* before"
     r"|^what should i avoid", "who_should_not_take_it"),
    (r"^how (should i|do i|to|will i) (take|use|inject|receive|give)|instructions for use"
     r"|how (is|will) {drug} (be )?(given|taken|used)", "how_it_is_administered"),
    (r"side effects", "serious_side_effects"),
    (r"^how (should i|do i|to) (store|keep)|^storage", "storage"),
    (r"^general information|ingredients in {drug}", NOTES),
)
# Instructions for Use are about giving the medicine: a storage question inside them is an
# aside that ends at the next heading, not the start of the steps' key.
_IFU = re.compile(r"instructions for use", re.IGNORECASE)
# QRD template (EMA, version 10): the six numbered sections of every EU package leaflet.
_QRD = {"1": "how_it_works", "2": "who_should_not_take_it", "3": "how_it_is_administered",
        "4": "serious_side_effects", "5": "storage", "6": NOTES}
# In the side effects, a list after a sentence naming the common ones is the bullet list.
_COMMON = re.compile(r"\b(most )?common(est)? side effects\b|\bcommon\b.*:\s*$|"
                     r"\b(very )?common\b|\bfrequent", re.IGNORECASE)


def key_of(heading: str, number: str, drugs: tuple[str, ...]) -> str | None:
    """The key a heading starts, or None for a sub-heading."""
    if number:
        return _QRD.get(number.rstrip(".").split(".")[0])
    words = " ".join(heading.lower().split())
    # A lead-in to a list ("Do not take X if you:"), a cross-reference ("See ...") or a bold
    # sentence is a sub-heading, even when it names a key's subject.
    if words.endswith(":") or words.startswith("see ") or len(words.split()) > 12:
        return None
    names = "|".join(re.escape(n.lower()) for n in drugs if n) or "$^"
    for pattern, key in _HEADINGS:
        if re.search(pattern.replace("{drug}", f"(the )?({names})"), words):
            return key
    return None


def mapped(label: Label) -> Draft:
    """Each piece to the key of the heading before it; text before any heading, and under a
    heading that has no key, to ``NOTES``. Nothing is left out."""
    drugs = (label.name, *label.brand_names)
    keys: dict[str, list[Piece]] = {}
    headings = []
    key, common_next, in_ifu = NOTES, False, False
    for piece in label.pieces:
        if piece.kind == "heading":
            found = key_of(piece.texts[0], piece.number, drugs)
            if found is None and in_ifu and key != "how_it_is_administered":
                key = "how_it_is_administered"  # the aside ends: back to the steps
            if found is not None or piece.number:
                found = found or NOTES
                common_next = False
                in_ifu = bool(_IFU.search(piece.texts[0])) or (
                    in_ifu and found != NOTES and not piece.number)
                # The heading that opens a key gives way to the leaflet's own; one under a
                # key already open ("Do not use X", a second "How to store") stays as text.
                if found != key and found not in keys:
                    key = found
                    headings.append((piece.texts[0], piece.where, key))
                    continue
                key = found
        target = key
        if key == "serious_side_effects" and piece.kind == "list" and common_next:
            target = "common_side_effects"
        if piece.kind != "list":
            common_next = bool(_COMMON.search(piece.texts[0]))
        keys.setdefault(target, []).append(piece)
    return Draft(label, tuple((k, tuple(v)) for k, v in keys.items()), tuple(headings))


def unnamed(label: Label) -> str | None:
    """Why the text may be another product's leaflet: none of its paragraphs or lists names the
    product (the first word of its generic name or of a brand name), whatever its headings say:
    an ePI's section titles can be its template's, and a Bundle's product data can be wrong."""
    names = [n for n in (label.name, *label.brand_names) if n]
    firsts = {m.group() for n in names if (m := re.match(r"\w+", n.casefold()))}
    text = " ".join(t for p in label.pieces if p.kind != "heading" for t in p.texts).casefold()
    if not firsts or any(re.search(rf"\b{re.escape(w)}", text) for w in firsts):
        return None
    named = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return (f"its text (not its headings) never names {named}: is this leaflet this product's? "
            "Correct name and brand_names, or import the right label")
