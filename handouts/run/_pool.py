"""Map a function over jobs in worker processes: set up once per worker, a few jobs per task,
the job that kills a worker found, and a clean stop on Ctrl-C.

Processes, not threads: ReportLab is not thread-safe. ``work`` and ``setup`` must be
module-level functions (they are pickled by name when workers are spawned, not forked).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")

GRACE = 30.0  # seconds an interrupted run waits for the jobs already running

# Set once per worker by _start: the function each job goes through, and its other arguments.
_work: tuple[Callable[..., Any] | Together, tuple[Any, ...]] | None = None


@dataclass(frozen=True)
class Together:
    """A ``work`` that takes a task's jobs at once: ``many(jobs, *args)`` gives their results
    in order, so that it may overlap one job's waiting (on the disk) with the next's work."""

    many: Callable[..., list[Any]]


def chunk_size(jobs: int, workers: int) -> int:
    """Jobs per task: enough to keep the parent's share of the CPUs (a submit, a queue hop
    and an unpickled result per task) small and to overlap most writes with the next render
    (a ``Together`` waits for its last one), few enough for smooth progress: a task per job
    up to 16 jobs per worker, at most 8 per task. The end of a run goes a job per task."""
    return max(1, min(8, jobs // (8 * workers)))


def tasks(jobs: Sequence[J], chunk: int, workers: int) -> list[list[J]]:
    """``jobs`` in tasks of ``chunk``, but the last ``workers * chunk`` one per task: a worker
    whose last task held several would go on alone while the others wait (up to 8 leaflets,
    ~0.2 s at the end of a run); single jobs at the end even the workers out."""
    grouped = max(0, len(jobs) - workers * chunk)
    return ([list(jobs[i:min(i + chunk, grouped)]) for i in range(0, grouped, chunk)]
            + [[job] for job in jobs[grouped:]])


def map_jobs(jobs: Sequence[J], work: Callable[..., R] | Together, args: tuple[Any, ...], *,
             workers: int, setup: Callable[..., None], finished: Callable[[R], None],
             died: Callable[[J], R]) -> None:
    """Call ``work(job, *args)`` for every job in ``workers`` processes, each of which first
    calls ``setup(*args)``; ``finished(result)`` runs here as results come, in any order.
    A ``Together`` is called with each task's jobs at once.

    ``work`` turns its own failures into results. ``died(job)`` makes the result for the job
    whose worker process died (a crash in C code, the OOM killer): the unfinished jobs are
    re-run in a pool of one, in order, so the first one unfinished there is the culprit.
    On KeyboardInterrupt the running jobs are let finish and reported, then it re-raises.
    """
    pending = list(enumerate(jobs))
    lost = _Run(pending, work, args, setup, finished).go(workers, chunk_size(len(jobs), workers))
    while lost:
        lost = _Run(lost, work, args, setup, finished).go(1, 1)
        if lost:
            finished(died(lost.pop(0)[1]))


class _Run(Generic[J, R]):
    """One pool's run over some jobs."""

    def __init__(self, jobs: list[tuple[int, J]], work: Callable[..., R] | Together,
                 args: tuple[Any, ...], setup: Callable[..., None],
                 finished: Callable[[R], None]) -> None:
        self.jobs = jobs
        self.work = work
        self.args = args
        self.setup = setup
        self.finished = finished
        self.reported: dict[cf.Future[list[R]], int] = {}  # results of a task reported so far

    def go(self, workers: int, chunk: int) -> list[tuple[int, J]]:
        """Run the jobs; returns those lost because a worker died, in their order."""
        pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=_start,
                                      initargs=(self.work, self.args, self.setup))
        futures: dict[cf.Future[list[R]], list[tuple[int, J]]] = {}
        handled: set[cf.Future[list[R]]] = set()
        lost: list[tuple[int, J]] = []
        try:
            with _held(_STOPS):  # the first submit forks the workers
                for part in tasks(self.jobs, chunk, workers):
                    futures[pool.submit(_run_chunk, [job for _, job in part])] = part
            for future in cf.as_completed(futures):
                try:
                    results = future.result()
                except BrokenProcessPool:
                    handled.add(future)
                    lost += futures[future]
                    continue
                self._report(future, results)
                handled.add(future)
        except BaseException:
            self._abandon(pool, [f for f in futures if f not in handled])
            raise
        pool.shutdown(wait=True)
        return sorted(lost, key=lambda job: job[0])

    def _report(self, future: cf.Future[list[R]], results: list[R]) -> None:
        """The results of ``future`` not reported yet: an interrupt between two of a task's
        leaves the rest (on the disk already) to ``_abandon``. Counted before it is reported,
        as a task of one was: the one being reported when the interrupt came is not again."""
        for result in results[self.reported.get(future, 0):]:
            self.reported[future] = self.reported.get(future, 0) + 1
            self.finished(result)

    def _abandon(self, pool: cf.ProcessPoolExecutor, unhandled: list[cf.Future[list[R]]]) -> None:
        """Stop after an interrupt: start nothing new, let the jobs in hand finish (a second
        or so) and report them with those finished but not yet seen, then make sure no worker
        outlives us."""
        # Private, but the only handle on the workers before Python 3.14's
        # terminate_workers(); taken first because shutdown() lets go of it.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        try:
            # Cancel here, not with shutdown(cancel_futures=True): that cancels in the pool's
            # thread, later, without waking cf.wait, which would then sit out its timeout.
            running = [f for f in unhandled if not f.cancel()]
            pool.shutdown(wait=False)
            cf.wait(running, timeout=GRACE)
            for future in running:
                if future.done() and future.exception() is None:
                    self._report(future, future.result())
        finally:
            for process in processes:
                if process.is_alive():
                    process.terminate()


# A forked worker starts with the parent's handlers, which raise KeyboardInterrupt: Ctrl-C in
# the moment between the fork and _start printed "Exception in initializer" and a traceback.
# The parent holds these signals while it forks (one that comes meanwhile reaches it when let
# go), and a worker lets them go once its own handlers are set.
_STOPS = frozenset({signal.SIGINT, signal.SIGTERM})


@contextlib.contextmanager
def _held(signals: frozenset[signal.Signals]) -> Iterator[None]:
    """Hold ``signals`` (pending, not lost) in this thread, and what it forks or starts."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start(work: Callable[..., Any] | Together, args: tuple[Any, ...],
           setup: Callable[..., None]) -> None:
    global _work
    # Ctrl-C reaches every process of the terminal's group: the parent decides what it
    # means, and a worker finishes the job in hand.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent may have made it an interrupt
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)  # held since the fork (_held)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True,
                     name="handouts-parent-watch").start()
    setup(*args)
    _work = (work, args)


def _watch_parent(parent: int) -> None:
    # A worker whose parent was killed (SIGKILL, OOM) would wait on its queue forever.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _run_chunk(jobs: list[Any]) -> list[Any]:
    assert _work is not None, "worker not started"
    work, args = _work
    if isinstance(work, Together):
        return work.many(jobs, *args)
    return [work(job, *args) for job in jobs]
