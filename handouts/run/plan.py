"""What a run will do, decided without writing anything: for files named one by one, build them
all; for a formulary, what its manifest does not show as up to date, the PDFs whose monograph is
gone, and the FHIR references to write again or remove."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..build import output_path
from ..errors import UsageError
from ..source.model import Brand, Options, Patient
from . import fhir, manifest
from .discover import Selection, refusal
from .manifest import Inputs, Manifest
from .results import Done, Failure, Result


@dataclass(frozen=True)
class Refresh:
    """A leaflet up to date whose FHIR reference must be written again: missing, changed by
    hand, of the other form (url, inline), or never written."""

    index: int
    done: Done  # as the manifest has it
    source_sha256: str  # what the plan read: a monograph saved since is rebuilt instead
    date: str  # the reference's date: the one it had, for the same PDF, else this run's


@dataclass(frozen=True)
class Plan:
    """What ``run`` will do; computed without writing anything."""

    selection: Selection
    out_dir: Path
    brand: Brand
    options: Options
    todo: tuple[int, ...]  # indexes into selection.sources, in order
    unchanged: tuple[Result, ...]
    stale: tuple[str, ...]  # PDF names in the manifest whose monograph no longer exists
    manifest: Manifest | None  # None: files named one by one, no manifest kept
    inputs: dict[int, Inputs]
    warnings: tuple[str, ...] = ()
    rejected: tuple[Result, ...] = ()  # failed before building: a name that cannot be recorded
    fhir: fhir.Request | None = None  # --fhir: a DocumentReference beside every leaflet built
    refresh: tuple[Refresh, ...] = ()  # up to date, but not their reference
    unreferenced: tuple[str, ...] = ()  # PDF names up to date whose reference goes (no --fhir)
    # A patient's copy: files named one by one only, so never in a manifest (UsageError else).
    patient: Patient | None = None


def plan(selection: Selection, out_dir: Path, brand: Brand, options: Options = Options(),
         force: bool = False, fhir_request: fhir.Request | None = None,
         patient: Patient | None = None) -> Plan:
    """Decide what to build: everything for files named one by one; for a formulary, what
    the manifest does not show as up to date (everything with ``force``). With
    ``fhir_request`` every leaflet gets its FHIR reference; a leaflet up to date whose
    reference is not (missing, changed, of the other form) has it written again without
    being rebuilt. Without, the references handouts wrote for this run's leaflets are removed.
    A ``patient``'s copies are built only from files named one by one, into a folder that is
    not a formulary's: the patient's details must never reach a manifest (``UsageError``)."""
    if patient is not None:
        _copies_allowed(selection, out_dir)
    rejected = _rejected(selection)
    refused = {r.index for r in rejected}
    everything = tuple(i for i in range(len(selection.sources)) if i not in refused)
    if not selection.formulary:
        return Plan(selection, out_dir, brand, options, everything, (), (), None, {},
                    rejected=rejected, fhir=fhir_request, patient=patient)
    warnings: list[str] = []
    known = _known(out_dir, warnings)
    brand_sha, record = manifest.brand_sha256(brand), manifest.options_record(options)
    todo: list[int] = []
    unchanged: list[Result] = []
    refresh: list[Refresh] = []
    unreferenced: list[str] = []
    inputs: dict[int, Inputs] = {}
    targets: set[str] = set()
    real_out = out_dir.resolve()  # once, not per monograph: ~7 lstat calls each
    for index in everything:
        source = selection.sources[index]
        pdf = output_path(source, out_dir)
        targets.add(pdf.name)
        try:
            source_sha = manifest.file_sha256(source)
        except OSError:
            todo.append(index)  # the build reports why it cannot be read
            continue
        inputs[index] = wanted = Inputs(manifest.source_key(source, out_dir, real_out),
                                        source_sha, record, brand_sha)
        entry = known.leaflets.get(pdf.name)
        if force or entry is None or not manifest.is_current(entry, wanted, pdf):
            todo.append(index)
            continue
        done = Done(pdf, entry.title, entry.pages, entry.size, entry.output_sha256, entry.fhir,
                    entry.language)
        if fhir_request is None:
            if entry.fhir is not None:
                unreferenced.append(pdf.name)
                done = dataclasses.replace(done, fhir=None)
        elif (entry.fhir is None or entry.fhir.inline != fhir_request.inline
              or not fhir.is_ours(pdf, entry.fhir)):
            # Cheaper than a rebuild; dated as it was, if it was: the same PDF, the same date.
            refresh.append(Refresh(index, done, source_sha,
                                   fhir_request.date if entry.fhir is None else entry.fhir.date))
            continue
        unchanged.append(Result(index, source, "unchanged", done))
    stale = _stale(known, targets, out_dir)
    return Plan(selection, out_dir, brand, options, tuple(todo), tuple(unchanged), stale, known,
                inputs, tuple(warnings), rejected, fhir_request, tuple(refresh),
                tuple(unreferenced))


def _rejected(selection: Selection) -> tuple[Result, ...]:
    """The sources refused before they are read, each as its failure."""
    return tuple(Result(i, source, "failed", failure=Failure((f"{source}: {reason}",)))
                 for i, source in enumerate(selection.sources)
                 if (reason := refusal(selection, i)) is not None)


def _known(out_dir: Path, warnings: list[str]) -> Manifest:
    """The folder's manifest; an unusable one is a warning, and everything is rebuilt."""
    try:
        return manifest.read(out_dir)
    except manifest.ManifestError as e:
        warnings.append(f"{e}; rebuilding every leaflet")
        return Manifest()


def _copies_allowed(selection: Selection, out_dir: Path) -> None:
    """A patient's copy never goes where a manifest would record it."""
    if selection.formulary:
        raise UsageError("a patient's copy is made from monograph files named one by one, "
                         "not from a folder or pattern")
    if (out_dir / manifest.FILE).exists():
        raise UsageError(f"{out_dir} holds a formulary ({manifest.FILE}); write a patient's "
                         "copy to another folder with -o")


def _stale(known: Manifest, targets: set[str], out_dir: Path) -> tuple[str, ...]:
    """The PDFs recorded, not built by this run, whose monograph is gone from the disk. A
    monograph merely not named this time keeps its PDF."""
    return tuple(sorted(
        name for name, entry in known.leaflets.items()
        if name not in targets and not manifest.source_path(entry.inputs.source, out_dir).exists()))
