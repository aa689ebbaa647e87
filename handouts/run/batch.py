"""Many leaflets: find the monographs (``discover``), decide what to build (``plan``), build it in
worker processes (``run``), keeping the output folder's manifest.

The library never prints: progress goes to a callback, one ``Result`` per finished leaflet, and
``run`` returns a ``Summary``. The worker processes are ``_pool``'s; one leaflet is ``worker``'s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ..build import output_path
from ..errors import UsageError
from ..pdf.write import clean_temporary
from ..source.model import BatchOptions
from . import _cluster, fhir, manifest, worker
from .book import Book
from .discover import NOT_UTF8, Selection, discover, named_in_utf8, refusal
from .plan import Plan, Refresh, plan
from .results import Done, Failure, Interrupted, Result, Summary

__all__ = ["NOT_UTF8", "Done", "Failure", "Interrupted", "Plan", "Refresh", "Result",
           "Selection", "Summary", "UsageError", "discover", "named_in_utf8", "plan", "refusal",
           "run"]


def run(plan: Plan, batch: BatchOptions = BatchOptions(),
        progress: Callable[[Result], None] | None = None, book: Book | None = None) -> Summary:
    """Carry out ``plan``: remove stale PDFs, build the rest, keep the manifest current.

    A monograph that fails (bad input, or a bug in handouts) is reported in the summary and
    the others go on. On KeyboardInterrupt the leaflets already being built are finished and
    recorded, then ``Interrupted`` is raised with the summary so far.

    For a formulary, hold ``manifest.locked(plan.out_dir)`` from before ``plan`` until this
    returns (the CLI does): another run into the folder would otherwise plan from a manifest
    this run is about to replace. ``book``: where to keep the manifest (a new ``Book`` of
    ``plan`` when None), for a caller that records more in it afterwards (the binder's).
    """
    start = time.perf_counter()
    results: dict[int, Result] = {r.index: r for r in plan.unchanged}
    book = Book(plan) if book is None else book
    removed: list[Path] = []
    dropped: list[Path] = []  # FHIR references
    warnings = list(plan.warnings)

    def finished(result: Result) -> None:
        results[result.index] = result
        book.record(result)
        if progress is not None:
            progress(result)

    def summary(interrupted: bool = False) -> Summary:
        done = tuple(results[i] for i in sorted(results))
        # Each leaflet's own (its furniture unreviewed) in the files' order, whatever order
        # the workers finished in.
        return Summary(done, tuple(removed), time.perf_counter() - start,
                       (*warnings, *(w for r in done for w in r.warnings)), interrupted,
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
        _build_all(jobs, plan, batch, finished)
    except KeyboardInterrupt as e:
        book.flush()
        raise Interrupted(summary(interrupted=True)) from e
    finally:
        book.flush()  # an exception from a progress callback must not lose finished work
    return summary()


def _ours(name: str) -> bool:
    """Whether a file of the output folder is one a batch writes."""
    return name == manifest.FILE or manifest.is_pdf_name(name) or fhir.is_json_name(name)


def _build_all(jobs: list[worker.Job], plan: Plan, batch: BatchOptions,
               finished: Callable[[Result], None]) -> None:
    """Each job in this process (one), in local worker processes, or on a Dask cluster."""
    args = (plan.brand, plan.options, plan.fhir, plan.patient)
    if batch.scheduler is not None and jobs:
        _cluster.map_jobs(jobs, worker.build, args, address=batch.scheduler,
                          setup=worker.warm, finished=finished, died=worker.died)
    elif len(jobs) == 1:  # not warmed: it parses the faces it draws (no italic in most)
        finished(worker.build(jobs[0], *args))
    elif jobs:
        # Worker processes even for --jobs 1: a monograph that crashes the process (a bug in
        # C code, the OOM killer) is reported, and the batch goes on. Imported here: ~9 ms.
        from . import _pool

        worker.warm(plan.brand)  # in this process: a forked worker inherits the parsed fonts
        _pool.map_jobs(jobs, _pool.Together(worker.build_all), args,
                       workers=min(batch.workers, len(jobs)), setup=worker.start,
                       finished=finished, died=worker.died)
