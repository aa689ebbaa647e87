"""What a run gives: each monograph's ``Result`` (its leaflet ``Done``, or its ``Failure``), the
``Summary`` of them all, and ``Interrupted`` when Ctrl-C stopped it part way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import fhir
from .manifest import Reference


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM turned into one) during ``run``: what was finished is written and
    recorded in the manifest; ``summary`` says what that was. A re-run does the rest."""

    def __init__(self, summary: Summary) -> None:
        super().__init__("interrupted")
        self.summary = summary


@dataclass(frozen=True)
class Done:
    """A leaflet in the output folder after the run, built now or found up to date."""

    pdf: Path
    title: str  # generic name
    pages: int
    size: int
    sha256: str
    fhir: Reference | None = None  # the DocumentReference beside it (fhir.json_path), if any
    language: str = ""  # the monograph's (BCP 47), for the binder's contents; "" if not known


@dataclass(frozen=True)
class Failure:
    messages: tuple[str, ...]  # "file:line:col: key: message" lines, or "file: reason"
    traceback: str | None = None  # set when handouts itself failed (a bug), for --debug


@dataclass(frozen=True)
class Result:
    """One monograph's outcome; ``progress`` receives one per leaflet built or failed."""

    index: int  # position in Selection.sources
    source: Path
    status: Literal["built", "unchanged", "failed"]
    leaflet: Done | None = None
    failure: Failure | None = None
    source_sha256: str | None = None  # of the bytes this leaflet was built from
    wrote_reference: bool = False  # its FHIR reference was written by this run
    warnings: tuple[str, ...] = ()  # "file:line:col: key: message": built, with a caveat


@dataclass(frozen=True)
class Summary:
    results: tuple[Result, ...]  # in the order of the sources; not-started ones left out
    removed: tuple[Path, ...]  # stale PDFs deleted
    seconds: float
    warnings: tuple[str, ...] = ()
    interrupted: bool = False
    references_removed: tuple[Path, ...] = ()  # FHIR references deleted with --fhir off or stale

    def _with(self, status: str) -> list[Result]:
        return [r for r in self.results if r.status == status]

    @property
    def built(self) -> list[Result]:
        return self._with("built")

    @property
    def unchanged(self) -> list[Result]:
        return self._with("unchanged")

    @property
    def failed(self) -> list[Result]:
        return self._with("failed")

    @property
    def leaflets(self) -> list[Done]:
        """Every leaflet this run's sources have in the folder: built or up to date."""
        return [r.leaflet for r in self.results if r.leaflet is not None]

    @property
    def pages(self) -> int:
        return sum(leaflet.pages for leaflet in self.leaflets)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted

    @property
    def references(self) -> list[Path]:
        """The FHIR references beside this run's leaflets, written now or up to date."""
        return [fhir.json_path(leaflet.pdf) for leaflet in self.leaflets
                if leaflet.fhir is not None]

    @property
    def references_written(self) -> list[Path]:
        return [fhir.json_path(r.leaflet.pdf) for r in self.results
                if r.wrote_reference and r.leaflet is not None]

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain data (for ``--format json``)."""

        def leaflet(r: Result) -> dict[str, Any]:
            assert r.leaflet is not None
            return {"source": str(r.source), "pdf": str(r.leaflet.pdf), "title": r.leaflet.title,
                    "pages": r.leaflet.pages, "bytes": r.leaflet.size,
                    "sha256": r.leaflet.sha256,
                    "fhir": (str(fhir.json_path(r.leaflet.pdf)) if r.leaflet.fhir is not None
                             else None)}

        return {
            "built": [leaflet(r) for r in self.built],
            "unchanged": [leaflet(r) for r in self.unchanged],
            "failed": [{"source": str(r.source),
                        "messages": list(r.failure.messages if r.failure else ()),
                        "bug": bool(r.failure and r.failure.traceback)}
                       for r in self.failed],
            "removed": [str(p) for p in self.removed],
            "fhir": {"written": [str(p) for p in self.references_written],
                     "removed": [str(p) for p in self.references_removed]},
            "counts": {"built": len(self.built), "unchanged": len(self.unchanged),
                       "failed": len(self.failed), "removed": len(self.removed)},
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "warnings": list(self.warnings),
            "interrupted": self.interrupted,
        }
