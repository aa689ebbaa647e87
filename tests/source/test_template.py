"""A new monograph's template: every key, a comment each, nothing that can print unfilled."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from cli import main
from handouts import InputError, read_monograph
from handouts.source.fields import FIELDS
from handouts.source.template import file_name, template

# An imported draft's keys (status, imported_from, notes) are not a new monograph's.
AUTHORED = [f for f in FIELDS if f.template]


def test_every_key_with_its_comment_in_the_format_s_order():
    text = template("Pembrolizumab")
    assert list(yaml.safe_load(text)) == [f.key for f in AUTHORED]
    assert {f.key for f in FIELDS} - {f.key for f in AUTHORED} == {"status", "imported_from",
                                                                   "notes"}
    for field in AUTHORED:
        before = text.split(f"\n{field.key}: ")[0].rsplit("\n", 1)[-1]
        assert before.startswith("# ") and before.endswith(
            "(required)" if field.required else "(optional)")


def test_an_unfilled_template_is_refused_on_every_empty_key(tmp_path):
    path = tmp_path / "pembrolizumab.yaml"
    path.write_text(template("Pembrolizumab"), encoding="utf-8")
    try:
        read_monograph(path)
    except InputError as e:
        refused = {p.key for p in e.problems}
    else:
        raise AssertionError("an unfilled template was accepted")
    assert refused == {f.key for f in AUTHORED} - {"name", "brand_names", "language"}


def test_the_name_is_kept_exactly_and_quoted():
    assert yaml.safe_load(template('Drug "x": \\ #1'))["name"] == 'Drug "x": \\ #1'


def test_file_names():
    assert file_name("Inotuzumab ozogamicin") == "inotuzumab-ozogamicin.yaml"
    assert file_name("Trastuzumab/deruxtécan (Enhertu)") == "trastuzumab-deruxtecan-enhertu.yaml"
    assert file_name("β") == ""


def test_new_writes_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["new", "Pembrolizumab"])
    assert first.exit_code == 0
    made = tmp_path / "data" / "pembrolizumab.yaml"
    assert made.read_text(encoding="utf-8") == template("Pembrolizumab")
    made.write_text("edited", encoding="utf-8")
    again = CliRunner().invoke(main, ["new", "Pembrolizumab"])
    assert again.exit_code == 1
    assert again.stderr == ("error: data/pembrolizumab.yaml exists; it was left as it is "
                            "(choose another file with -o)\n")
    assert made.read_text(encoding="utf-8") == "edited"
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["pembrolizumab.yaml"]


def test_error_new_name_checked_like_a_monograph_s(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "Bad\u202ename"])
    assert result.exit_code == 2
    assert "found the bidirectional control U+202E" in result.stderr
    result = CliRunner().invoke(main, ["new", "β"])
    assert result.exit_code == 2 and "give one with -o" in result.stderr
    assert CliRunner().invoke(main, ["new", "β", "-o", "beta.yaml"]).exit_code == 0
    assert not (tmp_path / "data").exists()
