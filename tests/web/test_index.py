"""The front desk's drugs: translations grouped by file name, and the type-ahead search."""

from __future__ import annotations

from pathlib import Path

from handouts import read_brand
from handouts.run import translations
from handouts.web import index
from helpers.web import folder


def _drugs(tmp_path: Path, *names: str) -> dict[str, index.Drug]:
    return index.index(folder(tmp_path, *names), read_brand())


def test_translations_are_grouped_by_the_language_before_yaml(tmp_path):
    paths = [Path(n) for n in ("rituximab.yaml", "rituximab.es.yaml", "rituximab.pt-BR.yaml",
                               "rituximab.v2.yaml", "filgrastim.fr.yaml")]
    assert translations.group(paths) == {
        "rituximab": {"": Path("rituximab.yaml"), "es": Path("rituximab.es.yaml"),
                      "pt-BR": Path("rituximab.pt-BR.yaml")},
        "rituximab.v2": {"": Path("rituximab.v2.yaml")},  # "v2" is no language tag
        "filgrastim": {"fr": Path("filgrastim.fr.yaml")},  # a translation without its original
    }


def test_search_finds_generic_and_brand_names_and_shows_languages(tmp_path):
    drugs = _drugs(tmp_path, "inotuzumab-ozogamicin.yaml", "inotuzumab-ozogamicin.es.yaml",
                   "ondansetron.yaml", "rituximab.yaml")
    found = index.search(drugs, "besp")
    assert [(d.name, d.brand_names, d.languages) for d in found] == [
        ("Inotuzumab ozogamicin", ("Besponsa",), ("en", "es"))]
    assert [d.key for d in index.search(drugs, "  ONDANSETRON ")] == ["ondansetron"]
    assert index.search(drugs, "") == [] and index.search(drugs, "zzz") == []


def test_search_ignores_case_and_accents_both_ways(tmp_path):
    data = folder(tmp_path, "ondansetron.yaml")
    source = (data / "ondansetron.yaml").read_text(encoding="utf-8")
    (data / "ondansetron.es.yaml").write_text(
        source.replace("name: Ondansetron", "name: Ondansetrón").replace("language: en",
                                                                        "language: es"),
        encoding="utf-8")
    drugs = index.index(data, read_brand())
    assert drugs["ondansetron"].other_names == ("Ondansetrón",)
    assert [d.key for d in index.search(drugs, "ondansetrón")] == ["ondansetron"]
    assert [d.key for d in index.search(drugs, "ONDANSETRÓN")] == ["ondansetron"]
    assert index.fold("Ondansetrón") == "ondansetron"


def test_a_file_with_errors_is_listed_by_its_stem(tmp_path):
    data = folder(tmp_path)
    (data / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    drugs = index.index(data, read_brand())
    assert drugs["broken"].name == "broken"
    assert [(v.language, v.ok) for v in drugs["broken"].versions] == [("?", False)]
    assert [d.key for d in index.search(drugs, "brok")] == ["broken"]
