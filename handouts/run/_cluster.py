"""Map a function over jobs on a Dask distributed cluster, as ``_pool.map_jobs`` does in local
processes: in partitions of jobs (one task per leaflet was measured slower than a local pool),
the job that kills a worker found, and a clean stop on Ctrl-C.

The workers write each PDF where a local run would (the output folder is a path every worker
and this process see, such as a shared file system), and this process keeps the manifest from
the results it gathers: the same bytes, manifest and incremental rules as a local run, and no
leaflet's bytes travel back through the scheduler.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..errors import HandoutsError

J = TypeVar("J")
R = TypeVar("R")

TASKS_PER_WORKER = 4  # partitions per worker: few enough to keep the scheduler's share small,
# enough that a slow worker does not hold up the end


class ClusterError(HandoutsError):
    """The cluster cannot be reached, or has no workers."""


def partition_size(jobs: int, workers: int) -> int:
    """Jobs per task: the jobs spread over ``TASKS_PER_WORKER`` tasks per worker, at most 64."""
    return max(1, min(64, -(-jobs // (TASKS_PER_WORKER * max(1, workers)))))


def map_jobs(jobs: Sequence[J], work: Callable[..., R], args: tuple[Any, ...], *, address: str,
             setup: Callable[..., None], finished: Callable[[R], None],
             died: Callable[[J], R], timeout: float = 10.0) -> None:
    """Call ``work(job, *args)`` for every job on the cluster whose scheduler is at
    ``address``, each task first calling ``setup(*args)`` (cheap once a worker has done it);
    ``finished(result)`` runs here as results come, in any order.

    A worker that dies is replaced and its tasks rerun by the scheduler; a partition the
    scheduler gives up on (its workers kept dying) is rerun a job per task, and a job that
    still kills its worker gets ``died(job)``. On KeyboardInterrupt the running partitions
    are let finish and reported, the rest cancelled, then it re-raises."""
    from distributed import Client, as_completed  # a second of start-up: only for a cluster

    try:
        client = Client(address, timeout=timeout)  # type: ignore[no-untyped-call]
    except OSError as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    with client:
        workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
        if workers == 0:
            raise ClusterError(f"the Dask scheduler at {address} has no workers")
        size = partition_size(len(jobs), workers)
        parts = {client.submit(_run_partition, list(jobs[i:i + size]), work, args, setup,
                               pure=False): list(jobs[i:i + size])
                 for i in range(0, len(jobs), size)}
        lost: list[J] = []
        handled: set[Any] = set()
        try:
            for future in as_completed(parts):  # type: ignore[no-untyped-call]
                handled.add(future)
                try:
                    results = future.result()
                except Exception as e:  # KilledWorker: the scheduler gave the partition up
                    if type(e).__name__ != "KilledWorker":
                        raise _failed(address, e) from e
                    lost += parts[future]
                    continue
                for result in results:
                    finished(result)
        except BaseException:
            _abandon(client, [f for f in parts if f not in handled], finished)
            raise
        for job in lost:  # alone, so that the one that kills its worker is known
            single = client.submit(_run_partition, [job], work, args, setup, pure=False)
            try:
                finished(single.result()[0])
            except Exception as e:
                if type(e).__name__ != "KilledWorker":
                    raise _failed(address, e) from e
                finished(died(job))


def _failed(address: str, error: Exception) -> ClusterError:
    # worker.build turns every failure of a leaflet into its result: an exception here is the
    # cluster's (most often workers with another version of handouts, or none).
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return ClusterError(f"the Dask cluster at {address} could not run the build: {reason} "
                        "(its scheduler and workers need this version of handouts installed)")


def _abandon(client: Any, unhandled: list[Any], finished: Callable[[Any], None]) -> None:
    """Stop after an interrupt: report the partitions that finished but were not yet seen,
    and cancel the rest. A partition already running on a worker may still write its PDFs;
    they are not recorded in the manifest, so the next run builds them again."""
    for future in unhandled:
        if future.status == "finished":
            for result in future.result():
                finished(result)
    client.cancel([f for f in unhandled if f.status != "finished"])


def _run_partition(jobs: list[Any], work: Callable[..., Any], args: tuple[Any, ...],
                   setup: Callable[..., None]) -> list[Any]:
    setup(*args)
    return [work(job, *args) for job in jobs]
