"""How the translations of one drug are grouped: ``STEM.yaml`` is a drug's original and
``STEM.LANG.yaml`` (LANG a BCP 47 tag such as ``es`` or ``pt-BR``) its translation into LANG,
in the same folder. A file's name, never its contents, decides the group, so that a translation
with errors is still found with its drug."""

from __future__ import annotations

import re
from pathlib import Path

from .discover import SUFFIXES

# A language tag as the last part of a stem: "es", "pt-BR", "zh-Hant"; letters first, so that
# "rituximab.v2" is a drug of its own.
_TRANSLATION = re.compile(r"(?P<stem>.+)\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)")


def split(path: Path) -> tuple[str, str]:
    """``path``'s drug stem and its language tag ("" for an original)."""
    stem = path.name.rsplit(".", 1)[0]
    match = _TRANSLATION.fullmatch(stem)
    return (match["stem"], match["lang"]) if match else (stem, "")


def original(path: Path) -> Path | None:
    """The original beside the translation ``path`` (``STEM.yaml`` or ``STEM.yml``), or None
    when there is none; ``path`` itself for an original."""
    stem, language = split(path)
    if not language:
        return path
    return next((p for p in (path.with_name(stem + s) for s in SUFFIXES) if p.is_file()), None)


def group(paths: list[Path]) -> dict[str, dict[str, Path]]:
    """Files by drug stem, then by language ("" for the original)."""
    groups: dict[str, dict[str, Path]] = {}
    for path in sorted(paths):
        stem, language = split(path)
        groups.setdefault(stem, {})[language] = path
    return groups
