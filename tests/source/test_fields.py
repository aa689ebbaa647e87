"""The table of fields: the documentation says what the loader does, and the example in it
is a valid monograph."""

from __future__ import annotations

import re

from conftest import ROOT
from handouts import read_monograph
from handouts.source.fields import FIELDS

DOC = ROOT / "docs" / "monograph-format.md"


def table(text: str) -> list[list[str]]:
    rows = [line for line in text.splitlines() if re.match(r"\| `\w+` \|", line)]
    return [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in rows]


def test_the_format_document_is_the_table_of_fields():
    assert table(DOC.read_text(encoding="utf-8")) == [
        [f.key, "yes" if f.required else "no", f.kind, f.help] for f in FIELDS]


def test_the_readme_lists_every_key_in_order_with_what_is_required():
    section = (ROOT / "README.md").read_text(encoding="utf-8").split(
        "## The monograph format")[1].split("\n## ")[0]
    rows = table(section)
    assert [row[0] for row in rows] == [f.key for f in FIELDS]
    assert [row[1].startswith("yes") for row in rows] == [f.required for f in FIELDS]
    assert [row[1].endswith("(2)") for row in rows] == [f.since == 2 for f in FIELDS]


def test_the_example_is_a_valid_monograph(tmp_path):
    (example,) = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    path = tmp_path / "filgrastim.yaml"
    path.write_text(example, encoding="utf-8")
    monograph = read_monograph(path)
    assert monograph.url and monograph.key_points and monograph.reviewed
