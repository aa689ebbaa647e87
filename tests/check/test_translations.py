"""check on a translation (handouts.check.translations, with run.translations' grouping): its
original must be beside it, in the language its name says, with the same sections and bullets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from handouts.check import rules as check
from handouts.run import translations
from helpers.invoke import run

ROOT = Path(__file__).resolve().parent.parent.parent
ORIGINAL = ROOT / "data" / "inotuzumab-ozogamicin.yaml"
SPANISH = ROOT / "tests" / "fixtures" / "inotuzumab-ozogamicin.es.yaml"


def _pair(tmp_path: Path, spanish: str | None = None, original: str | None = None,
          name: str = "inotuzumab-ozogamicin.es.yaml") -> Path:
    (tmp_path / "inotuzumab-ozogamicin.yaml").write_text(
        original or ORIGINAL.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / name
    path.write_text(spanish or SPANISH.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _errors(path: Path) -> list[str]:
    return [str(p) for p in check.check_file(path).errors]


def test_the_name_says_which_drug_and_language():
    assert translations.split(Path("d/rituximab.pt-BR.yaml")) == ("rituximab", "pt-BR")
    assert translations.split(Path("d/rituximab.yaml")) == ("rituximab", "")
    assert translations.split(Path("d/rituximab.v2.yml")) == ("rituximab.v2", "")


def test_a_faithful_translation_has_no_error(tmp_path):
    assert _errors(_pair(tmp_path)) == []
    assert _errors(tmp_path / "inotuzumab-ozogamicin.yaml") == []


def test_error_a_translation_without_its_original(tmp_path):
    path = tmp_path / "rituximab.es.yaml"
    shutil.copy(SPANISH, path)
    assert _errors(path) == [
        f"{path}: a translation (named rituximab.es.yaml) whose drug has no original "
        "rituximab.yaml beside it; add the original, or name this file rituximab.yaml if it "
        "is one"]
    code, out, err = run("check", path)
    assert code == 1 and "whose drug has no original rituximab.yaml" in out + err


def test_error_a_translation_in_another_language_than_its_name(tmp_path):
    path = _pair(tmp_path, name="inotuzumab-ozogamicin.fr.yaml")
    assert _errors(path) == [
        f"{path}:9:1: language: the file's name says it is the translation into 'fr', but it "
        "is written in 'es'; rename the file or correct the language"]


def test_error_a_section_or_a_bullet_lost_in_translation(tmp_path):
    text = SPANISH.read_text(encoding="utf-8")
    text = re.sub(r"\nstorage: \|\n(  .*\n)+", "\n", text)  # a section gone
    text = text.replace("  - Náuseas\n", "", 1)  # a side effect gone
    assert "storage:" not in text and "Náuseas" not in text
    path = _pair(tmp_path, text)
    errors = _errors(path)
    assert errors == [
        f"{path}: storage: missing; the original inotuzumab-ozogamicin.yaml has it",
        f"{path}:29:1: common_side_effects: 12 bullets, but the original "
        "inotuzumab-ozogamicin.yaml has 13; translate every one"]


def test_error_a_section_the_original_lacks(tmp_path):
    original = re.sub(r"\nstorage: \|\n(  .*\n)+", "\n", ORIGINAL.read_text(encoding="utf-8"))
    path = _pair(tmp_path, original=original)
    assert _errors(path) == [
        f"{path}:97:1: storage: a section the original inotuzumab-ozogamicin.yaml does not "
        "have; add it there first"]
