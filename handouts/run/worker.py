"""One leaflet of a run, as a worker process builds it: read, validate, render, write, and its
FHIR reference; every failure becomes that leaflet's ``Result``, never an exception that could
stop the batch (or fail to pickle back from a worker)."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..build import monograph_and_warnings, render_leaflet
from ..errors import HandoutsError, InputError, Problem
from ..pdf import fonts
from ..pdf.write import write_atomic
from ..source import load
from ..source._files import FileProblem, read_regular
from ..source.model import Brand, Options, Patient
from . import fhir
from .plan import Refresh
from .results import Done, Failure, Result

# index, monograph, PDF, and for a leaflet up to date, the reference to write beside it
Job = tuple[int, Path, Path, Refresh | None]


def build(job: Job, brand: Brand, options: Options,
           request: fhir.Request | None = None, patient: Patient | None = None) -> Result:
    """Build one leaflet, and its FHIR reference with ``request``; for a ``Refresh``, write only
    the reference, unless the monograph or the PDF changed since the plan. Every failure
    becomes a Result, so one bad monograph cannot stop the batch (or, in a worker, kill the pool
    with an exception that will not pickle)."""
    made = _make(job, brand, options, request, patient)
    return made if isinstance(made, Result) else made.write()


def build_all(jobs: list[Job], brand: Brand, options: Options,
              request: fhir.Request | None = None, patient: Patient | None = None) -> list[Result]:
    """``build`` for each job, in order; each leaflet's files are written in a thread while the
    next leaflet is made: the PDF's fsync waits on the disk (1 to 8 ms here, while a leaflet
    takes ~20 ms of CPU), and that wait no longer leaves the worker's core idle."""
    if len(jobs) < 2:
        return [build(job, brand, options, request, patient) for job in jobs]
    import concurrent.futures as cf  # here: not a cost of a single leaflet's cold start

    made: list[Result | cf.Future[Result]] = []
    # One thread: the files are written in the jobs' order, as build writes them.
    with cf.ThreadPoolExecutor(1, thread_name_prefix="handouts-write") as writer:
        for job in jobs:
            step = _make(job, brand, options, request, patient)
            made.append(step if isinstance(step, Result) else writer.submit(step.write))
    return [m if isinstance(m, Result) else m.result() for m in made]


@dataclass(frozen=True)
class _Write:
    """What is left of a leaflet's build once it is made: writing its PDF (unless it is up to
    date) and then its FHIR reference. Files and the disk only: no ReportLab, so it may run in
    a thread beside the next leaflet's render."""

    job: Job
    name: str  # the monograph's generic name
    language: str
    warnings: tuple[Problem, ...]
    source_sha256: str
    request: fhir.Request | None
    data: bytes  # the PDF
    pages: int
    done: Done | None = None  # the PDF as recorded, when only its reference is written
    date: str = ""  # that reference's date

    def write(self) -> Result:
        index, source, pdf, _ = self.job
        on_disk = self.done  # the leaflet's PDF, once it is complete on the disk
        try:
            if on_disk is None:
                fhir.forget(pdf)  # it describes the PDF about to be replaced
                write_atomic(pdf, self.data)
                on_disk = Done(pdf, self.name, self.pages, len(self.data),
                               hashlib.sha256(self.data).hexdigest(), language=self.language)
            if self.request is not None:  # only once the PDF is whole: never before it
                # A reference written again keeps its date: the same PDF, the same date.
                date = self.request.date if self.done is None else self.date
                on_disk = dataclasses.replace(on_disk, fhir=fhir.write(
                    pdf, self.data, self.name, self.language, date, self.request.inline))
        except Exception as e:
            return _failed(self.job, on_disk, e)
        return Result(index, source, "built" if self.done is None else "unchanged",
                      leaflet=on_disk, source_sha256=self.source_sha256,
                      wrote_reference=self.request is not None,
                      warnings=tuple(map(str, self.warnings)))


def _make(job: Job, brand: Brand, options: Options, request: fhir.Request | None,
          patient: Patient | None) -> Result | _Write:
    """Read, validate and render one leaflet; its failure as its Result."""
    _, source, _, refresh = job
    try:
        read = load.read_source(source)
        # Validated even for a reference alone: its title and language come from the monograph
        # itself, never from the manifest, which anyone can edit.
        monograph, warnings = monograph_and_warnings(read, brand, options.proof)
        data = None
        if refresh is not None and read.sha256 == refresh.source_sha256:
            data = _as_recorded(refresh.done)
        if refresh is not None and data is not None:
            done = dataclasses.replace(refresh.done, title=monograph.name, fhir=None,
                                       language=monograph.language)
            return _Write(job, monograph.name, monograph.language, warnings, read.sha256,
                          request, data, done.pages, done, refresh.date)
        leaflet = render_leaflet(monograph, brand, options, patient)
    except Exception as e:
        return _failed(job, None, e)
    return _Write(job, monograph.name, monograph.language, warnings, read.sha256, request,
                  leaflet.pdf, leaflet.pages)


def _failed(job: Job, on_disk: Done | None, e: Exception) -> Result:
    """The Result of a leaflet whose build raised ``e`` (called where it was caught)."""
    index, source, pdf, _ = job
    if isinstance(e, InputError):
        return Result(index, source, "failed", on_disk, Failure(tuple(map(str, e.problems))))
    if isinstance(e, HandoutsError):
        return Result(index, source, "failed", on_disk, Failure((f"{source}: {e}",)))
    if isinstance(e, OSError):
        return Result(index, source, "failed", on_disk, Failure(
            (f"{source}: cannot write {pdf}: {e.strerror or e}",)))
    # A bug in handouts or a library: name the file, keep going.
    reason = (str(e).strip().splitlines() or [""])[0]
    return Result(index, source, "failed", on_disk, Failure(
        (f"{source}: internal error: {type(e).__name__}" + (f": {reason}" if reason else ""),),
        traceback.format_exc()))


def _as_recorded(done: Done) -> bytes | None:
    """The bytes of ``done.pdf`` if it is still the regular file recorded (never through a
    link; no bigger than recorded, and with its SHA-256); None if it is not, or is gone."""
    try:
        data = read_regular(done.pdf, done.size, follow=False)
    except FileProblem:
        return None
    return data if hashlib.sha256(data).hexdigest() == done.sha256 else None


def warm(brand: Brand, options: Options | None = None,
          request: fhir.Request | None = None, patient: Patient | None = None) -> None:
    """Parse the fonts and the logo now, once per process, not on the first leaflet."""
    for face in fonts.FACES:
        fonts.register(face)
    if brand.logo is not None and brand.logo.kind == "svg":
        from ..page import _svg

        _svg.size(brand.logo.data)  # svglib's drawing, but for the bundled logo (kept drawn)


def start(brand: Brand, options: Options | None = None,
          request: fhir.Request | None = None, patient: Patient | None = None) -> None:
    """Set up a local pool's worker process, which builds leaflets and nothing else: ``warm``,
    then what it holds by then (modules, fonts, catalogues), which lives as long as it does, is
    set aside from garbage collection. The collector no longer walks it at each leaflet (it
    took 1.3 ms of a warm render, 0.7 ms so), nor touches, and so copies, the pages a forked
    worker shares."""
    warm(brand, options, request, patient)
    gc.freeze()


def died(job: Job) -> Result:
    index, source, *_ = job
    return Result(index, source, "failed", failure=Failure((
        f"{source}: internal error: the worker process building it stopped unexpectedly "
        "(a crash, or out of memory)",)))
