"""Generated monographs for the property tests: mostly what authors write, then what they get
wrong or paste by mistake (hypothesis strategies)."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from handouts.source.model import SECTIONS

# What authors write, and what they paste by mistake.
PLAIN = string.ascii_letters + string.digits + " .,;:()/-'%+=?!&<>\"*#@[]{}|"
MEDICAL = "≥≤µ²³°±×–—“”‘’éñüçàβκα→½¼\u00a0\u202f\u2009漢，이"
HOSTILE = ("\u05d0\u0645\u06a9"  # right-to-left letters
           "\u202e\u2066\u200b\u200d\u2060\ufeff"  # bidi controls, invisible characters
           "\x07\x1b\x85"  # control characters
           "ᚠ🧪\U0001d400\ufffe")  # no font, outside the BMP, a noncharacter

KEYS = ["name", "brand_names", "language", "key_points", "when_to_get_help",
        *(key for key, _ in SECTIONS), "serious_side_effects", "reviewed", "next_review", "url"]
# Mostly good values, so that builds are common; then what an author might get wrong.
BAD_DATES = ["2025-02-30", "1 March 2025", "2025-3-1"]
DATES = {"reviewed": ["2025-03-01"] * 6 + BAD_DATES, "next_review": ["2027-03-01"] * 6 + BAD_DATES}
URLS = ["https://example.org/medicines/x"] * 3 + [
    "https://chemocare.com/chemotherapy/drug-info/inotuzumab-ozogamicin.aspx",
    "http://example.org/x", "https://user@example.org/", "https://10.0.0.1/x",
    "file:///etc/passwd", "https://example.org/" + "x" * 150]
REQUIRED = {"name", "how_it_is_administered", "how_it_works", "common_side_effects",
            "who_should_take_it", "who_should_not_take_it"}


def words(alphabet: str) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=12)


def texts(hostile: bool) -> st.SearchStrategy[str]:
    alphabet = PLAIN + MEDICAL + (HOSTILE if hostile else "")
    sentence = st.lists(words(alphabet), min_size=1, max_size=15).map(" ".join)
    return st.lists(sentence, min_size=1, max_size=3).map("\n\n".join)


def wrong_types() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(PLAIN, max_size=5), inner,
                                                     max_size=3)), max_leaves=8)


@st.composite
def monographs(draw: st.DrawFn) -> dict[str, Any]:
    # Each fault is a draw's middle value, not its minimum: hypothesis draws the minimum (0)
    # far more often than 1 in n, which made nearly every monograph a refusal.
    hostile = draw(st.integers(0, 3)) == 2
    text = texts(hostile)
    data: dict[str, Any] = {}
    for key in KEYS:
        if key not in REQUIRED and draw(st.booleans()):
            continue
        if key in REQUIRED and draw(st.integers(0, 40)) == 17:
            continue  # a required key forgotten
        if draw(st.integers(0, 40)) == 23:
            data[key] = draw(wrong_types())
        elif key == "language":
            data[key] = draw(st.sampled_from([
                "en", "en-GB", "es", "es-US", "fr-CA", "de", "english!"]))
        elif key in ("brand_names", "common_side_effects", "key_points", "when_to_get_help"):
            data[key] = draw(st.lists(text, min_size=key != "brand_names", max_size=5))
        elif key in ("reviewed", "next_review"):
            data[key] = draw(st.sampled_from(DATES[key]))
        elif key == "url":
            data[key] = draw(st.sampled_from(URLS))
        elif key == "name":
            data[key] = draw(st.lists(words(PLAIN + MEDICAL), min_size=1, max_size=4)
                             .map(" ".join))
        else:
            data[key] = draw(st.one_of(text, st.lists(text, min_size=1, max_size=4)))
    return data
