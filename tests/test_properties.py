"""Generated monographs: each one either builds with every word of it in the PDF, or is refused
with located one-line messages; never any other exception.

CI runs a bounded, derandomized number of examples. ``HYPOTHESIS_PROFILE=long`` runs thousands
(``bench/fuzz.py`` does, and prints what it found).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import handouts
from conftest import DATA, body_words, catalogue, frames, nfc_words
from handouts.source.model import SECTIONS
from helpers.generated import HOSTILE, monographs

settings.register_profile("ci", max_examples=60, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "3000")))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Refusals that concern the whole file, so carry no line.
WHOLE_FILE = ("the file is empty", "the file is", "and ")


def check(path: Path, brand: handouts.Brand) -> handouts.Monograph | None:
    """The property: a located refusal, or a leaflet with every word."""
    try:
        monograph = handouts.read_monograph(path)
    except handouts.InputError as e:
        assert e.problems
        for problem in e.problems:
            shown = str(problem)
            assert "\n" not in shown and shown.startswith(f"{path}:"), shown
            assert problem.line is not None or problem.message.startswith(WHOLE_FILE), shown
        return None
    leaflet = handouts.render_leaflet(monograph, brand)
    pdf = path.with_suffix(".pdf")
    pdf.write_bytes(leaflet.pdf)
    expected = model_words(monograph)
    assert raw_body_words(pdf) == expected
    for reader in ("ghostscript", "mupdf"):
        assert body_words(pdf, reader=reader) == expected, reader
    return monograph


def raw_body_words(pdf: Path) -> list[str]:
    """poppler's words in content order (-raw). Its default layout mode joins one-character
    words on a short line ("0 0" reads "00") even though the space is in the text layer;
    Ghostscript and mupdf read it as written."""
    out = []
    for page, frame in enumerate(frames(pdf), start=1):
        x, y, w, h = (str(int(v)) for v in frame.box)
        text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(page), "-l",
                               str(page), "-x", x, "-y", y, "-W", w, "-H", h, str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
        out += [w for w in nfc_words(text) if w != "\u2022"]
    return out


def model_words(monograph: handouts.Monograph) -> list[str]:
    say = catalogue(monograph.language)  # the tool's words, in the leaflet's language
    out = nfc_words(monograph.name)
    if monograph.brand_names:
        out += [*nfc_words(say["Common brand names:"]),
                *nfc_words(", ".join(monograph.brand_names))]
    out += _boxes(say, monograph.key_points, monograph.when_to_get_help)
    for section in monograph.sections:
        out += nfc_words(say[section.heading])
        for block in section.blocks:
            for item in getattr(block, "items", None) or (block.text,):
                out += nfc_words(item)
    return out


def source_words(data: dict[str, Any]) -> list[str]:
    """The words the author wrote, read from the generated data, not through the library."""
    def of(value: Any) -> list[str]:
        items = value if isinstance(value, list) else [value]
        return [w for item in items for w in nfc_words(item.replace("\u00ad", ""))]

    say = catalogue(data.get("language", "en"))
    out = of(data["name"])
    if data.get("brand_names"):
        # Each name is trimmed: white space around a name is not a word of it.
        names = ", ".join(" ".join(name.split()) for name in data["brand_names"])
        out += [*nfc_words(say["Common brand names:"]), *nfc_words(names)]
    out += _boxes(say, *(tuple(w for item in data.get(key) or ()
                               for w in [" ".join(item.split())])
                         for key in ("key_points", "when_to_get_help")))
    for key, heading in SECTIONS:
        if key in data:
            out += nfc_words(say[heading]) + of(data[key])
            if key == "common_side_effects" and "serious_side_effects" in data:
                out += of(data["serious_side_effects"])
    return out


def _boxes(say: dict[str, str], key_points: tuple[str, ...],
           when_to_get_help: tuple[str, ...]) -> list[str]:
    out = []
    if key_points:
        out += [*nfc_words(say["Key points"]),
                *(w for item in key_points for w in nfc_words(item))]
    if when_to_get_help:  # the default brand has no phone: "your care team"
        out += [*nfc_words(say["When to get help"]),
                *(w for item in when_to_get_help for w in nfc_words(item)),
                *nfc_words(say["Call your care team straight away."])]
    return out


@pytest.fixture(scope="module")
def brand() -> handouts.Brand:
    return handouts.read_brand()


@given(data=monographs())
def test_a_generated_monograph_builds_whole_or_is_refused_with_locations(data, brand):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "drug.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        monograph = check(path, brand)
        if monograph is not None:  # and the words are the author's, not only the model's
            assert model_words(monograph) == source_words(data)


GOOD = (DATA / "ondansetron.yaml").read_text(encoding="utf-8")
SNIPPETS = ["[", "]", "{", "}", "&a ", "*a", "!!python/object/apply:os.system ['true'] ",
            "!!binary ", ": ", "\t", "'", '"', "\n  - ", "\n---\n", "#", "|", ">", "\\x07",
            "\u202e", "\x00", "\ufeff", "- ", "? ", "%YAML 1.1\n"]


@given(cuts=st.lists(st.tuples(st.integers(0, len(GOOD)), st.sampled_from(SNIPPETS)),
                     min_size=1, max_size=4))
def test_a_damaged_monograph_is_refused_with_locations_or_still_whole(cuts, brand):
    text = GOOD
    for at, snippet in sorted(cuts, reverse=True):
        text = text[:at] + snippet + text[at:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "drug.yaml"
        path.write_text(text, encoding="utf-8")
        check(path, brand)


def test_the_generators_reach_both_outcomes(brand):
    # A property that only ever sees refusals proves nothing about the builds.
    outcomes = {"built": 0, "refused": 0}

    @settings(max_examples=40, derandomize=True, deadline=None)
    @given(data=monographs())
    def tally(data):
        try:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "drug.yaml"
                path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
                handouts.read_monograph(path)
            outcomes["built"] += 1
        except handouts.InputError:
            outcomes["refused"] += 1

    tally()
    assert outcomes["built"] >= 5 and outcomes["refused"] >= 5, outcomes


def test_unicodedata_agrees_with_the_hostile_alphabet():
    # Keeps HOSTILE honest: each character is one the library must refuse.
    assert all(unicodedata.bidirectional(c) in ("R", "AL") for c in HOSTILE[:3])
