"""Many leaflets: find the monographs, build what changed in worker processes, keep the manifest.

The library never prints: progress goes to a callback, one ``Result`` per finished leaflet, and
``run`` returns a ``Summary``. The worker processes are ``_pool``'s.
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import os
import stat
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..build import monograph_of, output_path, render_leaflet
from ..errors import HandoutsError, InputError
from ..pdf import fonts
from ..pdf.write import clean_temporary, write_atomic
from ..source import load
from ..source._files import inside, kind
from ..source.model import BatchOptions, Brand, Options, Patient
from . import _pool, fhir, manifest
from .manifest import Entry, Inputs, Manifest, Reference

SUFFIXES = (".yaml", ".yml")
_PATTERN = frozenset("*?[")
_FLUSH_EVERY = 1.0  # seconds between manifest writes: a killed run loses at most this much


class UsageError(HandoutsError):
    """The inputs cannot be built as asked: a path that does not exist, or two monographs
    that would write the same PDF."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM turned into one) during ``run``: what was finished is written and
    recorded in the manifest; ``summary`` says what that was. A re-run does the rest."""

    def __init__(self, summary: Summary) -> None:
        super().__init__("interrupted")
        self.summary = summary


@dataclass(frozen=True)
class Selection:
    """The monographs to build, in order, and how the output folder is kept."""

    sources: tuple[Path, ...]
    # A folder or a pattern was named: the output folder mirrors a formulary, so keep a
    # manifest, skip what is up to date and remove PDFs whose monograph is gone. Files named
    # one by one are simply built, as they always were.
    formulary: bool
    # Why a source is refused before it is read, by index: found in a folder (or by a
    # pattern) through a link that leads out of it, so never opened; or not a regular file
    # (a FIFO would block). Each is reported as that file's failure, never skipped.
    refused: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Done:
    """A leaflet in the output folder after the run, built now or found up to date."""

    pdf: Path
    title: str  # generic name
    pages: int
    size: int
    sha256: str
    fhir: Reference | None = None  # the DocumentReference beside it (fhir.json_path), if any


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


def discover(args: Sequence[str | Path]) -> Selection:
    """Files as named; a folder's ``*.yaml``/``*.yml`` files, sorted; a pattern's matches
    (``data/*.yaml``, ``data/**/*.yml``), sorted. Raises ``UsageError`` for a path that does
    not exist or two monographs that would be built into the same PDF.

    What a folder or pattern finds that is not a regular file (a FIFO, a folder), or that is a
    link leading out of the folder searched, is kept in ``refused``: nothing outside the folder
    is opened, and nothing is skipped without a word. A file named on the command line is the
    user's choice, wherever its links lead."""
    found: list[tuple[Path, str | None]] = []  # a file, and the real folder it must stay in
    formulary = False
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            formulary = True
            folder = os.path.realpath(path)
            found += [(p, folder) for p in sorted(path.iterdir())
                      if p.suffix.lower() in SUFFIXES]
        elif path.exists():
            found.append((path, None))
        elif _PATTERN & set(str(arg)):
            formulary = True
            folder = os.path.realpath(_searched(str(arg)))
            found += [(p, folder) for p in sorted(map(Path, glob.glob(str(arg), recursive=True)))
                      if p.suffix.lower() in SUFFIXES]
        else:
            raise UsageError(f"{arg}: no such file or folder")
    sources: list[Path] = []
    refused: dict[int, str] = {}
    seen: set[Path] = set()
    targets: dict[str, Path] = {}
    for source, within in found:
        reason = _refusal(source, within)
        if reason is not None:  # reported, however many names lead to it
            refused[len(sources)] = reason
            sources.append(source)
            continue
        real = source.resolve()
        if real in seen:
            continue
        seen.add(real)
        # casefold: on a case-insensitive disk A.yaml and a.yaml would overwrite each other
        target = output_path(source, Path()).name.casefold()
        if target in targets:
            raise UsageError(f"{targets[target]} and {source} would both be built into "
                             f"{output_path(source, Path()).name}; rename one of them")
        targets[target] = source
        sources.append(source)
    return Selection(tuple(sources), formulary, refused)


LINK_OUT = ("expected a file in the folder, found a link that leads out of it; copy the "
            "monograph into the folder, or name the link on the command line to build it from "
            "where it is")


def _refusal(source: Path, folder: str | None) -> str | None:
    """Why ``source`` cannot be a monograph, from its links and kind alone (nothing is
    opened); None if it may be read. ``folder``: the real folder it was found in."""
    if folder is not None and not inside(folder, os.path.realpath(source)):
        return LINK_OUT
    try:
        mode = os.stat(source).st_mode
    except OSError:
        return None  # gone, or a broken link: reading it says why
    return None if stat.S_ISREG(mode) else f"expected a regular file, found {kind(mode)}"


def _searched(pattern: str) -> str:
    """The folder a pattern searches: its path up to the first part with a wildcard."""
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if _PATTERN & set(part))
    return str(Path(*parts[:fixed])) if fixed else "."


def plan(selection: Selection, out_dir: Path, brand: Brand, options: Options = Options(),
         force: bool = False, fhir_request: fhir.Request | None = None,
         patient: Patient | None = None) -> Plan:
    """Decide what to build: everything for files named one by one; for a formulary, what
    the manifest does not show as up to date (everything with ``force``).

    With ``fhir_request`` every leaflet gets its FHIR reference; a leaflet up to date whose
    reference is not (missing, changed, of the other form) has it written again without
    being rebuilt. Without, the references handouts wrote for this run's leaflets are removed.

    A ``patient``'s copies are built only from files named one by one, into a folder that is
    not a formulary's: the patient's details must never reach a manifest (``UsageError``).
    """
    if patient is not None:
        if selection.formulary:
            raise UsageError("a patient's copy is made from monograph files named one by one, "
                             "not from a folder or pattern")
        if (out_dir / manifest.FILE).exists():
            raise UsageError(f"{out_dir} holds a formulary ({manifest.FILE}); write a patient's "
                             "copy to another folder with -o")
    rejected = tuple(Result(i, source, "failed", failure=Failure((f"{source}: {reason}",)))
                     for i, source in enumerate(selection.sources)
                     if (reason := refusal(selection, i)) is not None)
    refused = {r.index for r in rejected}
    everything = tuple(i for i in range(len(selection.sources)) if i not in refused)
    if not selection.formulary:
        return Plan(selection, out_dir, brand, options, everything, (), (), None, {},
                    rejected=rejected, fhir=fhir_request, patient=patient)
    warnings: list[str] = []
    try:
        known = manifest.read(out_dir)
    except manifest.ManifestError as e:
        warnings.append(f"{e}; rebuilding every leaflet")
        known = Manifest()
    brand_sha = manifest.brand_sha256(brand)
    record = manifest.options_record(options)
    todo: list[int] = []
    unchanged: list[Result] = []
    refresh: list[Refresh] = []
    unreferenced: list[str] = []
    inputs: dict[int, Inputs] = {}
    targets: set[str] = set()
    for index in everything:
        source = selection.sources[index]
        pdf = output_path(source, out_dir)
        targets.add(pdf.name)
        try:
            source_sha = manifest.file_sha256(source)
        except OSError:
            todo.append(index)  # the build reports why it cannot be read
            continue
        inputs[index] = wanted = Inputs(manifest.source_key(source, out_dir), source_sha, record,
                                        brand_sha)
        entry = known.leaflets.get(pdf.name)
        if force or entry is None or not manifest.is_current(entry, wanted, pdf):
            todo.append(index)
            continue
        done = Done(pdf, entry.title, entry.pages, entry.size, entry.output_sha256, entry.fhir)
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
    # Stale: recorded, not built by this run, and its monograph is gone from the disk. A
    # monograph merely not named this time keeps its PDF.
    stale = tuple(sorted(
        name for name, entry in known.leaflets.items()
        if name not in targets and not manifest.source_path(entry.inputs.source, out_dir).exists()))
    return Plan(selection, out_dir, brand, options, tuple(todo), tuple(unchanged), stale, known,
                inputs, tuple(warnings), rejected, fhir_request, tuple(refresh),
                tuple(unreferenced))


def _ours(name: str) -> bool:
    """Whether a file of the output folder is one a batch writes."""
    return name == manifest.FILE or manifest.is_pdf_name(name) or fhir.is_json_name(name)


NOT_UTF8 = "the file's name or folder is not valid UTF-8; rename it"


def named_in_utf8(source: Path) -> bool:
    """Whether a monograph's path can be recorded and shown; ``plan`` refuses it if not."""
    return _utf8(str(source))


def refusal(selection: Selection, index: int) -> str | None:
    """Why the source at ``index`` is refused before it is read, or None: build and check
    both report it as that file's one error."""
    reason = selection.refused.get(index)
    if reason is None and not named_in_utf8(selection.sources[index]):
        reason = NOT_UTF8
    return reason


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode's stand-ins for bytes that are not UTF-8
        return False
    return True


def run(plan: Plan, batch: BatchOptions = BatchOptions(),
        progress: Callable[[Result], None] | None = None) -> Summary:
    """Carry out ``plan``: remove stale PDFs, build the rest, keep the manifest current.

    A monograph that fails (bad input, or a bug in handouts) is reported in the summary and
    the others go on. On KeyboardInterrupt the leaflets already being built are finished and
    recorded, then ``Interrupted`` is raised with the summary so far.

    For a formulary, hold ``manifest.locked(plan.out_dir)`` from before ``plan`` until this
    returns (the CLI does): another run into the folder would otherwise plan from a manifest
    this run is about to replace.
    """
    start = time.perf_counter()
    results: dict[int, Result] = {r.index: r for r in plan.unchanged}
    book = _Book(plan)
    removed: list[Path] = []
    dropped: list[Path] = []  # FHIR references
    warnings = list(plan.warnings)

    def finished(result: Result) -> None:
        results[result.index] = result
        book.record(result)
        if progress is not None:
            progress(result)

    def summary(interrupted: bool = False) -> Summary:
        return Summary(tuple(results[i] for i in sorted(results)), tuple(removed),
                       time.perf_counter() - start, tuple(warnings), interrupted,
                       tuple(dropped))

    try:
        for result in plan.rejected:
            finished(result)
        clean_temporary(plan.out_dir, _ours)
        removed += book.remove_stale(warnings, dropped)
        book.unreference(warnings, dropped)
        refresh = {r.index: r for r in plan.refresh}
        jobs = [(i, plan.selection.sources[i], output_path(plan.selection.sources[i],
                                                             plan.out_dir), refresh.get(i))
                for i in sorted((*plan.todo, *refresh))]
        _warm(plan.brand)  # in this process: a forked worker inherits the parsed fonts
        if len(jobs) == 1:
            finished(_build(jobs[0], plan.brand, plan.options, plan.fhir, plan.patient))
        elif jobs:
            # Worker processes even for --jobs 1: a monograph that crashes the process (a bug
            # in C code, the OOM killer) is then reported, and the batch goes on without it.
            _pool.map_jobs(jobs, _build, (plan.brand, plan.options, plan.fhir, plan.patient),
                           workers=min(batch.workers, len(jobs)), setup=_warm,
                           finished=finished, died=_died)
    except KeyboardInterrupt as e:
        book.flush()
        raise Interrupted(summary(interrupted=True)) from e
    finally:
        book.flush()  # an exception from a progress callback must not lose finished work
    return summary()


class _Book:
    """The manifest as leaflets finish: written at most once a second, and at the end."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        # A copy: the plan stays what was planned, and can be inspected after the run.
        self.manifest = None if plan.manifest is None else Manifest(dict(plan.manifest.leaflets))
        self.dirty = False
        self.last = time.monotonic()

    def remove_stale(self, warnings: list[str], dropped: list[Path]) -> list[Path]:
        known = self.manifest
        if known is None:
            return []
        removed: list[Path] = []
        # Reference, PDF, then the entry: killed in between, the entry is found stale again,
        # and a PDF may be left without its reference, never a reference without its PDF.
        for name in self.plan.stale:
            pdf = self.plan.out_dir / name  # a plain file name: manifest.read checked it
            entry = known.leaflets.pop(name)
            self.dirty = True
            self._drop_reference(pdf, entry.fhir, "its monograph is gone", warnings, dropped)
            # Only the very file handouts wrote and recorded: not a link, not a PDF edited or
            # replaced by hand since.
            _remove_if_ours(pdf, manifest.is_ours(pdf, entry), "PDF", "its monograph is gone",
                            warnings, removed)
        self.flush()
        return removed

    def unreference(self, warnings: list[str], dropped: list[Path]) -> None:
        """Without --fhir, the leaflets up to date lose the references handouts wrote: the
        folder holds references exactly when the last run asked for them."""
        known = self.manifest
        if known is None:
            return
        for name in self.plan.unreferenced:
            entry = known.leaflets[name]
            self._drop_reference(self.plan.out_dir / name, entry.fhir, "--fhir was not given",
                                 warnings, dropped)
            known.leaflets[name] = dataclasses.replace(entry, fhir=None)
            self.dirty = True

    def _drop_reference(self, pdf: Path, record: Reference | None, why: str,
                        warnings: list[str], dropped: list[Path]) -> None:
        """Delete the reference beside ``pdf`` if it is the very file handouts wrote and
        recorded (a regular file, not a link; its name derives from the PDF's, which
        manifest.read checked, so never a path out of the folder)."""
        path = fhir.json_path(pdf)
        _remove_if_ours(path, record is not None and fhir.is_ours(pdf, record),
                        "FHIR reference", why, warnings, dropped)

    def record(self, result: Result) -> None:
        known = self.manifest
        if known is None:
            return
        done = result.leaflet
        if result.status == "unchanged" and result.wrote_reference and done is not None:
            entry = known.leaflets.get(done.pdf.name)
            if entry is not None and entry.output_sha256 == done.sha256:
                known.leaflets[done.pdf.name] = dataclasses.replace(entry, fhir=done.fhir)
                self._dirty()
            return
        if result.status != "built":
            return
        planned = self.plan.inputs.get(result.index)
        assert done is not None
        # The hash of the bytes the build read, not the plan's: a monograph saved while the run
        # was going must not be recorded as the version that was built.
        inputs = (None if planned is None or result.source_sha256 is None
                  else dataclasses.replace(planned, source_sha256=result.source_sha256))
        if inputs is None:  # the monograph could not be hashed but built: not recordable
            known.leaflets.pop(done.pdf.name, None)
        else:
            known.leaflets[done.pdf.name] = Entry(inputs, done.title, done.sha256, done.size,
                                                  done.pages, done.fhir)
        self._dirty()

    def _dirty(self) -> None:
        self.dirty = True
        if time.monotonic() - self.last >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if self.manifest is not None and self.dirty:
            manifest.write(self.plan.out_dir, self.manifest)
            self.dirty = False
            self.last = time.monotonic()


def _remove_if_ours(path: Path, ours: bool, what: str, why: str, warnings: list[str],
                    removed: list[Path]) -> None:
    """Delete ``path`` if it is the very file handouts wrote (``ours``: checked by the caller
    against what was recorded); otherwise leave whatever is there, with a warning."""
    if not ours:
        if path.exists() or path.is_symlink():
            warnings.append(f"{path}: kept, though {why}: it is not the file handouts wrote "
                            "(changed since, or a link); delete it yourself if it is not wanted")
        return
    try:
        path.unlink()
        removed.append(path)
    except FileNotFoundError:
        pass
    except OSError as e:
        raise manifest.ManifestError(f"{path}: cannot remove this {what}, as {why}: "
                                     f"{e.strerror or e}") from e


# index, monograph, PDF, and for a leaflet up to date, the reference to write beside it
_Job = tuple[int, Path, Path, Refresh | None]


def _build(job: _Job, brand: Brand, options: Options,
           request: fhir.Request | None = None, patient: Patient | None = None) -> Result:
    """Build one leaflet, and its FHIR reference with ``request``; for a ``Refresh``, write only
    the reference, unless the monograph or the PDF changed since the plan. Every failure
    becomes a Result, so one bad monograph cannot stop the batch (or, in a worker, kill the pool
    with an exception that will not pickle)."""
    index, source, pdf, refresh = job
    on_disk: Done | None = None  # the leaflet's PDF, once it is complete on the disk
    try:
        read = load.read_source(source)
        # Validated even for a reference alone: its title and language come from the monograph
        # itself, never from the manifest, which anyone can edit.
        monograph = monograph_of(read, brand)
        data = None
        if refresh is not None and read.sha256 == refresh.source_sha256:
            data = _read_regular(pdf, refresh.done.sha256)
        if refresh is not None and data is not None:
            status: Literal["built", "unchanged"] = "unchanged"
            on_disk = dataclasses.replace(refresh.done, title=monograph.name, fhir=None)
            date = refresh.date
        else:
            leaflet = render_leaflet(monograph, brand, options, patient)
            fhir.forget(pdf)  # it describes the PDF about to be replaced
            write_atomic(pdf, leaflet.pdf)
            status, data = "built", leaflet.pdf
            on_disk = Done(pdf, monograph.name, leaflet.pages, len(leaflet.pdf),
                           hashlib.sha256(leaflet.pdf).hexdigest())
            date = request.date if request is not None else ""
        if request is not None:  # only once the PDF is whole: a reference never precedes it
            on_disk = dataclasses.replace(on_disk, fhir=fhir.write(
                pdf, data, monograph.name, monograph.language, date, request.inline))
    except InputError as e:
        return Result(index, source, "failed", on_disk,
                      Failure(tuple(map(str, e.problems))))
    except HandoutsError as e:
        return Result(index, source, "failed", on_disk, Failure((f"{source}: {e}",)))
    except OSError as e:
        return Result(index, source, "failed", on_disk, Failure(
            (f"{source}: cannot write {pdf}: {e.strerror or e}",)))
    except Exception as e:  # a bug in handouts or a library: name the file, keep going
        reason = (str(e).strip().splitlines() or [""])[0]
        return Result(index, source, "failed", on_disk, Failure(
            (f"{source}: internal error: {type(e).__name__}" + (f": {reason}" if reason else ""),),
            traceback.format_exc()))
    return Result(index, source, status, leaflet=on_disk, source_sha256=read.sha256,
                  wrote_reference=request is not None)


def _read_regular(path: Path, sha256: str) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (never through a link) with this SHA-256;
    None if it is not, or is gone."""
    try:
        # O_NONBLOCK: a FIFO put in its place must not hang the run
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = f.read()
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def _warm(brand: Brand, options: Options | None = None,
          request: fhir.Request | None = None, patient: Patient | None = None) -> None:
    """Parse the fonts and the logo now, once per process, not on the first leaflet."""
    for face in fonts.FACES:
        fonts.register(face)
    if brand.logo is not None and brand.logo.kind == "svg":
        from ..page._svg import drawing

        drawing(brand.logo.data)


def _died(job: _Job) -> Result:
    index, source, *_ = job
    return Result(index, source, "failed", failure=Failure((
        f"{source}: internal error: the worker process building it stopped unexpectedly "
        "(a crash, or out of memory)",)))
