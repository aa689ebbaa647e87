"""A translation checked against its drug's original (``run.translations``' rule: ``STEM.LANG.yaml``
beside ``STEM.yaml``): that the original is there, that the file name's language is the
monograph's, and that it has the original's sections and as many bullets in each, so that
nothing the original says is lost in a language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..build import validated
from ..errors import HandoutsError, Problem
from ..run import translations
from ..source import load
from ..source.model import Brand, BulletList, Monograph


def problems(path: Path, shown: str, monograph: Monograph, keys: dict[str, tuple[int, int]],
             brand: Brand | None) -> Iterator[Problem]:
    """The errors of ``monograph`` (read from ``path``, shown as ``shown``, its keys where
    ``keys`` say) as a translation; none for an original. An original with errors of its own
    is compared with nothing: checking or building it reports them."""
    stem, language = translations.split(path)
    if not language:
        return

    def at(key: str, message: str) -> Problem:
        line, column = keys.get(key, (None, None))
        return Problem(shown, line, column, key, message)

    if monograph.language.casefold() != language.casefold():
        yield at("language", f"the file's name says it is the translation into {language!r}, "
                             f"but it is written in {monograph.language!r}; rename the file "
                             f"or correct the language")
    original = translations.original(path)
    if original is None:
        yield at("", f"a translation (named {stem}.{language}.yaml) whose drug has no original "
                     f"{stem}.yaml beside it; add the original, or name this file {stem}.yaml "
                     f"if it is one")
        return
    try:
        first, _ = validated(load.read_source(original), brand)
    except HandoutsError:
        return
    mine, theirs = _shape(monograph), _shape(first)
    for key, count in theirs.items():
        if key not in mine:
            yield at("", f"{key}: missing; the original {original.name} has it")
        elif mine[key] != count:
            yield at(key, f"{mine[key]} bullets, but the original {original.name} has {count}; "
                          f"translate every one")
    for key in mine:
        if key not in theirs:
            yield at(key, f"a section the original {original.name} does not have; add it "
                          f"there first")


def _shape(monograph: Monograph) -> dict[str, int]:
    """Each key the monograph has, with its bullets' count."""
    shape = {section.key: sum(len(block.items) for block in section.blocks
                              if isinstance(block, BulletList))
             for section in monograph.sections}
    if monograph.key_points:
        shape["key_points"] = len(monograph.key_points)
    if monograph.when_to_get_help:
        shape["when_to_get_help"] = len(monograph.when_to_get_help)
    return shape
