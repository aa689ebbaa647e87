"""A ``Draft`` → the text of a draft monograph: YAML that ``source`` validates, marked
``status: draft``, with its provenance and each key's source elements in comments, and every
piece of the patient text under a key. Deterministic: the same label gives the same bytes."""

from __future__ import annotations

import re
import textwrap

import yaml

from ..source.fields import FIELDS
from .label import NOTES, Draft, Piece

_WIDTH = 96
BULLET = "• "  # a list inside a text key: each item its own paragraph, marked so
# A text written as a YAML literal block reads as typed; anything that block cannot carry
# exactly (a tab, a control character, a line that starts or ends with a space) is quoted.
_PLAIN = re.compile(r"[^\x00-\x1f\x7f\u0085\u2028\u2029\ufeff]*")


def draft_text(draft: Draft) -> str:
    """The YAML of the draft monograph."""
    label = draft.label
    out = [f"# A DRAFT imported by handouts from the {label.kind} label below. It is not a",
           "# leaflet: read it against the label, shorten it, add key_points and",
           "# when_to_get_help, move or delete each of the notes, then remove 'status: draft'",
           "# and set 'reviewed'. Until then build refuses it (build --proof prints a proof).",
           "# Source:"]
    out += [_comment(f"#   {what}: {value}") for what, value in label.provenance]
    out += [_comment(f"#   patient section: {s}") for s in label.sections]
    out += ["status: draft", f"name: {_scalar(label.name)}",
            f"brand_names: {_scalar(list(label.brand_names))}",
            f"language: {_scalar(label.language)}",
            "imported_from: " + _scalar(
                f"{label.kind}; " + "; ".join(f"{k} {v}" for k, v in label.provenance)
                + "; sections " + ", ".join(label.sections))]
    keys = dict(draft.keys)
    for field in FIELDS:
        pieces = keys.get(field.key)
        if field.key == NOTES or not pieces:
            continue
        out += _key(draft, field.key, pieces, field.kind == "bullets")
    if NOTES in keys:
        out += ["# notes: text of the label that maps to no key, in the label's order; a",
                "# reviewer moves each to its key or deletes it (a reviewed monograph has none)."]
        out += _key(draft, NOTES, keys[NOTES], False)
    return "\n".join(out) + "\n"


def _key(draft: Draft, key: str, pieces: tuple[Piece, ...], bullets: bool) -> list[str]:
    heads = [f"{h!s} ({w})" for h, w, k in draft.headings if k == key]
    lines = ["", *(_comment(f"# from heading: {h}") for h in heads)]
    lines += [_comment(f"# from: {', '.join(p.where for p in pieces)}")] if len(pieces) < 12 \
        else [_comment(f"# from: {pieces[0].where} ... {pieces[-1].where} ({len(pieces)} "
                       "elements)")]
    if bullets:
        items = [t for p in pieces for t in p.texts]
        return [*lines, f"{key}:", *(f"  - {_scalar(t)}" for t in items)]
    if all(p.kind == "list" for p in pieces):
        items = [t for p in pieces for t in p.texts]
        return [*lines, f"{key}:", *(f"  - {_scalar(t)}" for t in items)]
    paragraphs = [BULLET + t if p.kind == "list" else t for p in pieces for t in p.texts]
    if all(_PLAIN.fullmatch(p) and p == p.strip() for p in paragraphs):
        body: list[str] = []
        for paragraph in paragraphs:
            body += [""] if body else []
            body += ["  " + line for line in textwrap.wrap(
                paragraph, _WIDTH, break_long_words=False, break_on_hyphens=False)]
        return [*lines, f"{key}: |", *body]
    return [*lines, f"{key}: {_scalar(chr(10) + chr(10).join(paragraphs))}"]


def _comment(text: str) -> str:
    """One comment line, whatever the label put in an ID or a heading: a line break written as
    &#10; in an attribute would otherwise end the comment and start a key of the draft."""
    return "".join(c if c.isprintable() else " " for c in text)


def _scalar(value: object) -> str:
    """``value`` as one line of YAML flow (quoted only where it must be)."""
    text: str = yaml.safe_dump(value, allow_unicode=True, width=10**9, default_flow_style=True)
    return text.removesuffix("\n...\n").removesuffix("\n")
