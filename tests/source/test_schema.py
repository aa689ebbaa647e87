"""The JSON Schema and the loader agree: on every shipped and test monograph, good and bad,
and on generated ones; where the loader checks what a schema cannot say, only the loader
refuses."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given

import handouts
from conftest import SHIPPED
from handouts.source import schema
from helpers.generated import monographs
from helpers.samples import GOOD, TRICKY, V2

# The beginnings of the loader's messages for what only it checks (schema.LOADER_ONLY).
LOADER_ONLY = ("expected a generic name that fits", "expected an address that fits",
               "expected at most 5,000 words", "expected at most 40,000 characters",
               "expected at most 200 characters between spaces", "expected a date after reviewed",
               "expected a date written YYYY-MM-DD", "no catalogue for")


class _Yaml12(yaml.SafeLoader):
    """YAML as an editor's YAML 1.2 language server reads it: no timestamps, so a date is
    text (2025-02-30 included) for the schema to check."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def instance(text: str) -> Any:
    return yaml.load(text, Loader=_Yaml12)


VALIDATOR = jsonschema.Draft202012Validator(schema.schema())


def verdicts(text: str) -> tuple[bool, list[str]]:
    """Whether the schema accepts ``text``, and the loader's messages (none: accepted)."""
    accepted = VALIDATOR.is_valid(instance(text))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "drug.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            handouts.read_monograph(path)
            return accepted, []
        except handouts.InputError as e:
            return accepted, [p.message for p in e.problems]


def agree(text: str) -> None:
    accepted, problems = verdicts(text)
    if accepted == (not problems):
        return
    # Only one disagreement is allowed: the loader refusing what no schema can say.
    assert accepted, f"the schema refuses what the loader accepts:\n{text}"
    assert all(p.startswith(LOADER_ONLY) for p in problems), problems


def test_the_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(schema.schema())
    assert schema.schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("text", [
    *(p.read_text(encoding="utf-8") for p in SHIPPED), GOOD, V2, TRICKY,
], ids=[*(p.stem for p in SHIPPED), "good", "v2", "tricky"])
def test_good_monographs_pass_both(text):
    assert verdicts(text) == (True, [])


BAD = {
    "unknown key": GOOD + "comon_side_effects: [x]\n",
    "missing key": GOOD.replace("how_it_works: It works.\n", ""),
    "number as text": GOOD.replace("It works.", "42"),
    "yes as text": GOOD.replace("It works.", "yes"),
    "empty text": GOOD.replace("It works.", '""'),
    "blank text": GOOD.replace("It works.", '"   "'),
    "empty bullets": GOOD.replace("  - Nausea", "  []").replace("common_side_effects:\n",
                                                                 "common_side_effects:"),
    "mapping as text": GOOD.replace("It works.", "{a: b}"),
    "bad language": GOOD + "language: english!\n",
    "date as words": V2.replace("reviewed: 2025-03-01", "reviewed: 1 March 2025"),
    "http address": V2.replace("https://example.org", "http://example.org"),
    "user in address": V2.replace("https://example.org", "https://me@example.org"),
    "address with a space": V2.replace("medicines/testamab", "medicines/test amab"),
    "port out of range": V2.replace("https://example.org", "https://example.org:99999"),
    "markup in address": V2.replace("medicines/testamab", "medicines/<b>"),
    "control character": GOOD.replace("It works.", '"It\\x07 works."'),
    "right-to-left": GOOD.replace("It works.", "It works \u05d0."),
    "bidi override": GOOD.replace("It works.", "It works \u202e."),
    "zero width space": GOOD.replace("It works.", "It\u200bworks."),
    "no font": GOOD.replace("It works.", "It works ᚠ."),
    "beyond U+FFFF": GOOD.replace("It works.", "It works \U0001d538."),
    "grapheme joiner": GOOD.replace("It works.", "It\u034fworks."),
    "braille blank": GOOD.replace("It works.", "It works\u2800."),
    "hebrew point": GOOD.replace("It works.", "It works\u05b0."),
    "arabic digit": GOOD.replace("It works.", "It works \u06f5."),
    # What only the loader can see.
    "impossible date": V2.replace("reviewed: 2025-03-01", "reviewed: 2025-02-30"),
    "review order": V2.replace("next_review: \"2027-03-01\"", "next_review: 2024-01-01"),
    "long paragraph": GOOD.replace("It works.", " ".join(["word"] * 5001)),
    "long word": GOOD.replace("It works.", "a" * 201),
    "long words": GOOD.replace("It works.", " ".join(["w" * 200] * 26)),
    "paragraph of too many characters": GOOD.replace("It works.", " ".join(["w" * 15] * 2501)),
    "long name": GOOD.replace("Testamab", "Supercalifragilistic " * 12),
    "no catalogue": GOOD + "language: de-CH\n",  # a clinic may add one: the schema allows it
}


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_bad_monographs_are_refused_by_the_loader_and_the_schema_where_it_can(text):
    assert verdicts(text)[1], "the loader accepted a bad monograph"
    agree(text)


def test_the_schema_refuses_every_fault_it_can_express():
    loader_only = {"impossible date", "review order", "long paragraph", "long word",
                   "long words", "paragraph of too many characters", "long name",
                   "no catalogue"}
    for name, text in BAD.items():
        assert verdicts(text)[0] == (name in loader_only), name


@given(data=monographs())
def test_generated_monographs_get_the_same_verdict(data):
    agree(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_the_cli_prints_the_schema():
    from click.testing import CliRunner

    from cli import main

    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schema.schema()
