"""The monograph format as data: each key, what it holds, whether it is required, and what
belongs in it. Validation, the JSON Schema and the template of a new monograph are all made
from this one table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# What a key holds:
#   name      text on one line (the generic name)
#   names     a list of text items, possibly empty
#   language  a BCP 47 tag
#   text      paragraphs (a string; blank lines between paragraphs) or bullets (a list)
#   bullets   a list of text items, at least one
#   date      an ISO 8601 calendar date, YYYY-MM-DD
#   url       an https:// address
#   status    the word draft
Kind = Literal["name", "names", "language", "text", "bullets", "date", "url", "status"]


# Version 1 had no key_points, when_to_get_help, storage, dates or url; version 2 had no
# status, imported_from or notes (an imported draft's).
FORMAT_VERSION = 3


@dataclass(frozen=True)
class Field:
    key: str
    kind: Kind
    required: bool
    help: str  # what belongs here, for authors: the template's comment, the schema's description
    since: int = 1  # the format version that added it
    template: bool = True  # in a new monograph's template (not the keys of an imported draft)


FIELDS: tuple[Field, ...] = (
    Field("name", "name", True, "The generic name, as the title of the leaflet."),
    Field("brand_names", "names", False, "Common brand names, printed under the title."),
    Field("language", "language", False,
          "The language of the text, as a BCP 47 tag such as en, en-GB or es (default en); "
          "handouts prints its own words from the catalogue of this language or of the one it "
          "falls back to (es-US: es)."),
    Field("key_points", "bullets", False,
          "The few things a patient must remember, printed in a box under the title.", 2),
    Field("when_to_get_help", "bullets", False,
          "When to call the clinic at once, each with a concrete threshold (for example, a "
          "temperature of 38 °C or higher); printed in a box with the clinic's phone numbers.",
          2),
    Field("how_it_is_administered", "text", True,
          "How the medicine is given: by whom, where, how often, for how long."),
    Field("how_it_works", "text", True, "What the medicine does, in plain words."),
    Field("common_side_effects", "bullets", True, "Common side effects, one per item."),
    Field("serious_side_effects", "text", False,
          "Serious side effects, printed under the common ones."),
    Field("who_should_take_it", "text", True, "Who the medicine is for."),
    Field("who_should_not_take_it", "text", True,
          "Who should not take it, and what to tell the care team first."),
    Field("storage", "text", False, "How to store the medicine at home.", 2),
    Field("commonly_used_with", "text", False, "Medicines it is often given with."),
    Field("commonly_tested_with", "text", False, "Tests done before or during treatment."),
    Field("reviewed", "date", False,
          "When the text was last reviewed, YYYY-MM-DD; printed in the footer.", 2),
    Field("next_review", "date", False,
          "When the text is due for review, YYYY-MM-DD, after reviewed; printed in the footer.",
          2),
    Field("url", "url", False,
          "An https:// address with more about the medicine; printed, and as a QR code.", 2),
    Field("status", "status", False,
          "draft: text imported from official labelling and not yet reviewed; build refuses "
          "it unless --proof, which marks every page DRAFT. Delete the key once reviewed.", 3,
          template=False),
    Field("imported_from", "text", False,
          "The label a draft was imported from: its kind, ids, version, date and sections; "
          "not printed.", 3, template=False),
    Field("notes", "text", False,
          "Imported text that maps to no other key, for a reviewer to move or delete; not "
          "printed, and only a draft may have it.", 3, template=False),
)

BY_KEY = {field.key: field for field in FIELDS}
