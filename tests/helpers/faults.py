"""A fault for the batch tests to put into worker processes, however they are started.

A monkeypatch reaches a worker only if the worker is forked from the test's process; under
'spawn' or 'forkserver' (Python 3.14's default on Linux) it imports handouts afresh. So
``inject`` also swaps the pool's per-worker setup (``worker.start``) for a ``Setup``, which the
pool pickles into every worker, where it puts the fault in place before the first leaflet.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

import pytest

from handouts.run import worker

# The real ones, taken when this module is imported (in a worker: afresh), before any patch.
_render = worker.render_leaflet
_SETUPS = {"warm": worker.warm, "start": worker.start}


@dataclass(frozen=True)
class Fault:
    victim: str  # the generic name of the one monograph it strikes
    error: Exception | None  # raised there (a bug in handouts); None: the process dies


_fault: Fault | None = None  # in this process


def faulty_render(monograph: Any, brand: Any, options: Any, patient: Any = None) -> Any:
    assert _fault is not None
    if monograph.name == _fault.victim:
        if _fault.error is None:
            os._exit(9)  # what a segfault or the OOM killer looks like from the pool
        raise type(_fault.error)(*_fault.error.args)
    return _render(monograph, brand, options, patient)


@dataclass(frozen=True)
class Setup:
    """``worker.warm`` or ``worker.start`` (``setup``), then the fault put in place:
    picklable, so a spawned worker gets it."""

    fault: Fault
    setup: str

    def __call__(self, *args: Any) -> None:
        global _fault
        _SETUPS[self.setup](*args)
        _fault = self.fault
        worker.render_leaflet = faulty_render


def inject(monkeypatch: pytest.MonkeyPatch, victim: str, error: Exception | None) -> None:
    """Make ``worker.render_leaflet`` raise ``error`` for ``victim`` (or, for None, end the
    process), here and in every worker process."""
    monkeypatch.setattr(worker, "render_leaflet", faulty_render)  # a single leaflet runs here
    for setup in _SETUPS:  # warm: this process; start: a pool's workers
        monkeypatch.setattr(worker, setup, Setup(Fault(victim, error), setup))
    monkeypatch.setattr(sys.modules[__name__], "_fault", Fault(victim, error))


def broken_setup(*args: Any) -> None:
    """A worker's setup that fails: what a cluster whose workers cannot build looks like."""
    raise ValueError("no handouts on this worker")
