"""The drugs a folder holds, each with its translations (grouped by ``run.translations``'
rule: ``STEM.LANG.yaml`` beside ``STEM.yaml``), and the type-ahead search over them."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..build import read_monograph
from ..errors import InputError
from ..run.discover import SUFFIXES
from ..run.translations import group
from ..source.model import Brand

MAX_RESULTS = 20


@dataclass(frozen=True)
class Version:
    """One file of a drug: its language (the file name's, or the monograph's own for the
    original) and whether it is valid as it was read when the index was made."""

    language: str
    path: Path
    ok: bool


@dataclass(frozen=True)
class Drug:
    key: str  # the original's stem: the id in a form, and the leaflet's file name
    name: str  # the generic name, as the original writes it (its stem when it has errors)
    brand_names: tuple[str, ...]
    versions: tuple[Version, ...]  # the original first, then by language tag
    other_names: tuple[str, ...] = ()  # the translations' generic names, searched too

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(v.language for v in self.versions)

    def version(self, language: str) -> Version | None:
        return next((v for v in self.versions if v.language == language), None)


def fold(text: str) -> str:
    """``text`` as search compares it: no case, no accents ("Ondansetrón" → "ondansetron")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What ``index`` reads of ``folder``: each monograph file's name, size and time of change,
    so that the index is made again when a file is added, removed or edited."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(SUFFIXES) and not entry.name.startswith(".") \
                    and entry.is_file():
                stat = entry.stat()
                found.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


def index(folder: Path, brand: Brand) -> dict[str, Drug]:
    """Every drug of ``folder`` (not its subfolders) by key; a translation without its
    original is listed under its stem with the languages it has."""
    paths = [p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file()
             and not p.name.startswith(".")]
    drugs = {}
    for key, files in group(paths).items():
        name, versions, others = key, [], []
        brand_names: tuple[str, ...] = ()
        for language, path in sorted(files.items()):
            try:
                monograph = read_monograph(path, brand)
            except InputError:
                versions.append(Version(language or "?", path, False))
                continue
            if not language or name == key:
                name, brand_names = monograph.name, monograph.brand_names
            others.append(monograph.name)
            versions.append(Version(language or monograph.language, path, True))
        drugs[key] = Drug(key, name, brand_names, tuple(versions),
                          tuple(n for n in dict.fromkeys(others) if n != name))
    return drugs


def search(drugs: dict[str, Drug], query: str) -> list[Drug]:
    """The drugs whose generic or a brand name contains ``query`` (folded), those that start
    with it first, then by name; at most ``MAX_RESULTS``."""
    wanted = fold(" ".join(query.split()))
    if not wanted:
        return []
    found = []
    for drug in drugs.values():
        names = [fold(n) for n in (drug.name, *drug.brand_names, *drug.other_names)]
        if any(wanted in n for n in names):
            found.append((not any(n.startswith(wanted) for n in names), fold(drug.name), drug))
    return [drug for *_, drug in sorted(found, key=lambda f: (f[0], f[1]))][:MAX_RESULTS]
