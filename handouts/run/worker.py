"""One leaflet of a run, as a worker process builds it: read, validate, render, write, and its
FHIR reference; every failure becomes that leaflet's ``Result``, never an exception that could
stop the batch (or fail to pickle back from a worker)."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import traceback
from pathlib import Path
from typing import Literal

from ..build import monograph_and_warnings, render_leaflet
from ..errors import HandoutsError, InputError
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
    index, source, pdf, refresh = job
    on_disk: Done | None = None  # the leaflet's PDF, once it is complete on the disk
    try:
        read = load.read_source(source)
        # Validated even for a reference alone: its title and language come from the monograph
        # itself, never from the manifest, which anyone can edit.
        monograph, warnings = monograph_and_warnings(read, brand, options.proof)
        data = None
        if refresh is not None and read.sha256 == refresh.source_sha256:
            data = _as_recorded(refresh.done)
        if refresh is not None and data is not None:
            status: Literal["built", "unchanged"] = "unchanged"
            on_disk = dataclasses.replace(refresh.done, title=monograph.name, fhir=None,
                                          language=monograph.language)
            date = refresh.date
        else:
            leaflet = render_leaflet(monograph, brand, options, patient)
            fhir.forget(pdf)  # it describes the PDF about to be replaced
            write_atomic(pdf, leaflet.pdf)
            status, data = "built", leaflet.pdf
            on_disk = Done(pdf, monograph.name, leaflet.pages, len(leaflet.pdf),
                           hashlib.sha256(leaflet.pdf).hexdigest(), language=monograph.language)
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
                  wrote_reference=request is not None, warnings=tuple(map(str, warnings)))


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
