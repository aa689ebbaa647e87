"""handouts.run._pool: what a worker process starts with (the rest of the pool's behaviour is
tested through the batch, tests/run/test_batch.py and tests/test_cli.py)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from handouts.run import _pool


def _mask() -> set[int]:
    return {int(held) for held in signal.pthread_sigmask(signal.SIG_BLOCK, [])}


def _read(path: Path) -> set[int]:
    return {int(number) for number in path.read_text().split()}


@pytest.mark.skipif(sys.platform == "win32", reason="signal masks")
def test_a_worker_holds_ctrl_c_from_its_fork_until_its_own_handlers_are_set(tmp_path,
                                                                           monkeypatch):
    # Forked with the parent's handlers, which raise KeyboardInterrupt: a Ctrl-C before _start
    # had set its own printed "Exception in initializer" and a traceback.
    started, set_up = tmp_path / "started", tmp_path / "set-up"
    real = _pool._start

    def start(work, args, setup):  # the first thing a worker runs
        started.write_text(" ".join(map(str, _mask())))
        real(work, args, setup)

    def setup() -> None:  # after _start has set the worker's handlers
        set_up.write_text(" ".join(map(str, _mask())))

    monkeypatch.setattr(_pool, "_start", start)
    before = _mask()
    results: list[int] = []
    _pool.map_jobs([1, 2], lambda job: os.getpid(), (), workers=1, setup=setup,
                   finished=results.append, died=lambda job: -1)
    assert len(results) == 2 and os.getpid() not in results
    held = {int(signal.SIGINT), int(signal.SIGTERM)}
    assert held <= _read(started)
    assert not held & _read(set_up)
    assert _mask() == before  # the parent lets them go once the workers are forked
