"""Faults for the batch tests to put into worker processes, however they are started.

A monkeypatch reaches a worker only if the worker is forked from the test's process; under
'spawn' or 'forkserver' (Python 3.14's default on Linux) it imports handouts afresh. So
``inject`` also swaps the pool's per-worker setup for a ``Setup``, which the pool pickles by
name into every worker, where it puts the fault in place before the first leaflet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

from handouts import batch

# The real ones, taken when this module is imported (in a worker: afresh), before any patch.
_render = batch.render_leaflet
_warm = batch._warm
VICTIM = "Filgrastim"  # the generic name of the one monograph the faults strike


def bug(monograph: Any, brand: Any, options: Any, patient: Any = None) -> Any:
    if monograph.name == VICTIM:
        raise ZeroDivisionError("division by zero\nsecond line")
    return _render(monograph, brand, options, patient)


def crash(monograph: Any, brand: Any, options: Any, patient: Any = None) -> Any:
    if monograph.name == VICTIM:
        os._exit(9)  # what a segfault or the OOM killer looks like from the pool
    return _render(monograph, brand, options, patient)


FAULTS = {"bug": bug, "crash": crash}


@dataclass(frozen=True)
class Setup:
    """``batch._warm`` with the fault put in place: picklable, so a spawned worker gets it."""

    fault: str

    def __call__(self, *args: Any) -> None:
        _warm(*args)
        batch.render_leaflet = FAULTS[self.fault]


def inject(monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    """Make ``batch.render_leaflet`` fail for VICTIM, here and in every worker."""
    monkeypatch.setattr(batch, "render_leaflet", FAULTS[fault])  # a single leaflet runs here
    monkeypatch.setattr(batch, "_warm", Setup(fault))
