"""A formulary folder for the batch and binder tests: the shipped monographs, copied under new
file names and generic names, as many as a test needs."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import SHIPPED


def formulary(folder: Path, count: int = len(SHIPPED)) -> list[Path]:
    """``count`` monographs in ``folder``, sorted by file name; past the shipped seven, each
    copy gets a number in its file name and its generic name ("Allopurinol 2")."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        source = SHIPPED[i % len(SHIPPED)]
        text = source.read_text(encoding="utf-8")
        copy = i // len(SHIPPED)
        if copy:
            name = yaml.safe_load(text)["name"]
            text, found = re.subn(rf"^name: {re.escape(name)}$", f"name: {name} {copy + 1}",
                                  text, count=1, flags=re.MULTILINE)
            assert found, source
            path = folder / f"{source.stem}-{copy + 1}.yaml"
        else:
            path = folder / source.name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return sorted(paths)
