"""A whole run as a user asks for it (the CLI's ``build``, the front desk): every check that can
fail before any work, then the batch and the binder, under the output folder's lock.

The library decides and reports through a ``Listener``; it never prints or exits. What it
raises says what went wrong: ``UsageError`` (the request), ``InputError`` (the brand file),
``HandoutsError`` (the output folder), ``Interrupted`` (Ctrl-C, with what was finished).
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Literal

from ..build import output_path, read_brand
from ..errors import HandoutsError, UsageError
from ..pdf.write import clean_temporary
from ..source import options
from ..source.model import BatchOptions, Brand, Options, Patient
from . import batch, binders, fhir, manifest
from .book import Book
from .results import Result, Summary

if TYPE_CHECKING:
    from ..binder.make import Binder

Progress = Callable[[Result], None]


@dataclass(frozen=True)
class Copy:
    """A patient's copy as typed: each detail checked before any work, and printed in the
    PDF only (never in a manifest, a log or a file name)."""

    name: str | None = None
    prescriber: str | None = None
    start_date: str | None = None  # YYYY-MM-DD
    clinic_phone: str | None = None


@dataclass(frozen=True)
class Request:
    """One run: which monographs, where to, how, and what else to write."""

    inputs: tuple[str, ...]  # files, folders and patterns
    out_dir: Path = Path("out")
    brand_file: Path | None = None  # None: the bundled brand
    options: Options = Options()
    batch: BatchOptions = BatchOptions()
    binder: Path | None = None
    fhir: Literal["link", "inline"] | None = None
    copy: Copy | None = None


class Listener:
    """What a run tells its caller as it goes; every method does nothing here."""

    def waiting(self) -> None:
        """Another run holds the output folder: this one waits for it."""

    def planned(self, plan: batch.Plan) -> AbstractContextManager[Progress | None]:
        """The plan is made; the context is the batch, and gives its progress callback."""
        return contextlib.nullcontext()

    def uninterruptible(self) -> AbstractContextManager[Callable[[], None]]:
        """Around pikepdf's work, which a KeyboardInterrupt would crash: gives a checkpoint
        to call where stopping is safe (the CLI holds Ctrl-C back until then)."""
        return contextlib.nullcontext(lambda: None)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during the run: what was finished is written and recorded (``summary``; a re-run
    does the rest). ``binder`` is the binder not written, when the leaflets all were."""

    def __init__(self, plan: batch.Plan, summary: Summary, binder: Path | None = None) -> None:
        super().__init__("interrupted")
        self.plan = plan
        self.summary = summary
        self.binder = binder


@dataclass(frozen=True)
class Outcome:
    plan: batch.Plan
    summary: Summary
    binder: Binder | None = None
    binder_failure: HandoutsError | None = None  # the leaflets are built; the binder is not

    @property
    def ok(self) -> bool:
        return self.summary.ok and self.binder_failure is None


@dataclass(frozen=True)
class _Checked:
    """A request once everything that can be checked before any work has been."""

    selection: batch.Selection
    patient: Patient | None
    fhir: fhir.Request | None
    binder_date: datetime.date | None
    brand: Brand


def build_formulary(request: Request, listener: Listener | None = None,
                    environ: Mapping[str, str] = os.environ) -> Outcome:
    """Build ``request``'s leaflets (and its binder and FHIR references); a leaflet that fails
    is in the outcome's summary, and the others are built. ``environ`` gives
    SOURCE_DATE_EPOCH, checked before any work."""
    listener = listener or Listener()
    checked = _check(request, environ, listener)
    # A patient's copy keeps no manifest (and from a folder, plan refuses it at once).
    formulary = checked.selection.formulary and checked.patient is None
    with _locked(request.out_dir, formulary, listener):
        plan = batch.plan(checked.selection, request.out_dir, checked.brand, request.options,
                          force=request.batch.force, fhir_request=checked.fhir,
                          patient=checked.patient)
        book = Book(plan)
        try:
            with listener.planned(plan) as progress:
                summary = batch.run(plan, request.batch, progress, book)
        except batch.Interrupted as e:
            raise Interrupted(plan, e.summary) from e
        if request.binder is None:
            return Outcome(plan, summary)
        try:
            with listener.uninterruptible() as checkpoint:
                made = _make_binder(request, checked, book, summary, checkpoint)
        except HandoutsError as e:
            return Outcome(plan, summary, binder_failure=e)
        except KeyboardInterrupt as e:
            raise Interrupted(plan, summary, request.binder) from e
    return Outcome(plan, summary, made)


def _make_binder(request: Request, checked: _Checked, book: Book, summary: Summary,
                 checkpoint: Callable[[], None]) -> Binder:
    """The binder of the leaflets built and up to date; for a formulary, left as it is when
    the manifest shows it is already the one these leaflets and options make (binders.py)."""
    assert request.binder is not None
    make, path, leaflets = _binder(), request.binder, summary.leaflets
    date = checked.binder_date or datetime.date.today()
    plan = book.plan
    # The manifest as the run holds it and has just written it, under the same lock: not
    # read back, nor serialised whole again (~50 ms of 1,000 leaflets). None for files named
    # one by one, which keep no manifest to know the binder by.
    known = book.manifest
    key = binders.key(path, plan.out_dir)
    inputs = binders.inputs_sha256(leaflets, checked.brand, request.options, date)
    record = None if known is None else known.binders.get(key)
    if record is not None and binders.up_to_date(record, inputs, path):
        # As make would: a binder half-written by a killed run does not outlive this one.
        clean_temporary(path.parent, lambda name: name == path.name)
        kept: Binder = make.Binder(path, len(leaflets), record.pages, record.size,
                                   sum(leaflet.size for leaflet in leaflets),
                                   record.shared_objects, record.shared_bytes,
                                   record.output_sha256, written=False)
        return kept
    made: Binder = make.make(leaflets, checked.brand, path, request.options, date, checkpoint,
                             inputs)
    book.record_binder(key, manifest.BinderRecord(inputs, made.sha256, made.size, made.pages,
                                                  made.shared, made.shared_bytes))
    return made


def _check(request: Request, environ: Mapping[str, str], listener: Listener) -> _Checked:
    """Everything that can fail before any work, in the order a user fixes it."""
    selection = batch.discover(request.inputs)
    patient = None
    if request.copy is not None:
        if request.binder is not None:
            raise UsageError("a patient's copy cannot go into a binder; leave out --binder")
        if request.batch.scheduler is not None:  # a patient's details stay on this machine
            raise UsageError("a patient's copy is built here, never on a cluster; leave out "
                             "--scheduler")
        copy = request.copy
        patient = options.patient(copy.name, copy.prescriber, copy.start_date,
                                   copy.clinic_phone)
    try:  # before any work: a bad SOURCE_DATE_EPOCH would otherwise fail only at the end
        reference = None if request.fhir is None else fhir.request(request.fhir == "inline",
                                                                  environ)
        date = None
        if request.binder is not None:
            _binder_is_not_an_output(request, selection, reference is not None)
            with listener.uninterruptible() as checkpoint:  # pikepdf's start-up, as its work
                binder = _binder()
            checkpoint()
            date = binder.build_date(environ)
    except UsageError:
        raise
    except HandoutsError as e:
        raise UsageError(str(e)) from None
    return _Checked(selection, patient, reference, date, read_brand(request.brand_file))


def _binder_is_not_an_output(request: Request, selection: batch.Selection,
                             references: bool) -> None:
    assert request.binder is not None
    taken = {output_path(s, request.out_dir).resolve() for s in selection.sources}
    if references:
        taken |= {fhir.json_path(pdf) for pdf in taken}
    taken |= {(request.out_dir / name).resolve() for name in (manifest.FILE, manifest.LOCK)}
    if request.binder.resolve() in taken:
        raise UsageError(f"--binder {request.binder} would overwrite a leaflet, its FHIR "
                         "reference, the manifest or its lock")


def _binder() -> ModuleType:
    from ..binder import make  # pikepdf: a sixth of start-up, only when a binder is asked for

    return make


@contextlib.contextmanager
def _locked(out_dir: Path, formulary: bool, listener: Listener) -> Iterator[None]:
    """One formulary run at a time in a folder. A second one (a cron rebuild overlapping a
    manual build) waits for the first and then does what is left, usually nothing: both
    succeed, rather than the one that came second failing for no fault of its own."""
    if not formulary:  # no manifest to keep; each PDF is written atomically
        yield
        return
    with manifest.locked(out_dir, listener.waiting):
        yield
