"""A file's check report as text: its errors and warnings in the compilers' format (``error:
FILE:LINE:COLUMN: KEY: MESSAGE``), and its readability figures in a line."""

from __future__ import annotations

from collections.abc import Iterator

from .rules import FileReport


def lines(file: FileReport, quiet: bool) -> Iterator[str]:
    """Its errors, then (unless ``quiet``) its readability, then its warnings."""
    for problem in file.errors:
        yield f"error: {problem}"
    measured = file.readability
    if measured is not None and not quiet:
        if measured.leaflet is None:
            yield f"{file.path}: readability: {measured.note}"
        else:
            whole = measured.leaflet
            smog = f"SMOG {whole.smog}"
            if not whole.smog_reliable:
                smog += f" (from {whole.counts.sentences} sentences; it needs 30)"
            line = f"grade {whole.flesch_kincaid} (Flesch–Kincaid), {smog}"
            if measured.hardest is not None:
                line += f"; highest: {measured.hardest.key} {measured.hardest.grade}"
            yield f"{file.path}: readability: {line}"
    for problem in file.warnings:
        yield f"warning: {problem}"
