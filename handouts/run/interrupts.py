"""Ctrl-C and SIGTERM for a run in the foreground (the command line's): SIGTERM stops a batch as
Ctrl-C does, and both are held back while pikepdf works, whose C++ code a KeyboardInterrupt
would crash. Only the main thread can set signals: elsewhere these change nothing."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any


@contextlib.contextmanager
def held() -> Iterator[Callable[[], None]]:
    """Hold Ctrl-C and SIGTERM back while pikepdf works: a KeyboardInterrupt raised inside
    its C++ code aborts the process (SIGABRT) or surfaces as a PDF error. Yields the check
    that raises it, for the binder to call where stopping is safe."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    arrived: list[int] = []

    def hold(signum: int, frame: Any) -> None:
        arrived.append(signum)

    def checkpoint() -> None:
        if arrived:
            raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield checkpoint
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def sigterm_as_ctrl_c() -> Iterator[None]:
    """SIGTERM (a scheduler stopping the job) stops the batch as Ctrl-C does: the leaflets in
    hand are finished and recorded. Restored afterwards: CliRunner runs us inside pytest."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


CTRL_C = threading.Event()  # Ctrl-C came while a command ran (see ``interrupt``)


def interrupt(signum: int, frame: object) -> None:
    """SIGINT's handler while a command runs: KeyboardInterrupt, and a record of it, as
    Python drops one raised inside a __del__ or a weakref callback."""
    CTRL_C.set()
    raise KeyboardInterrupt


@contextlib.contextmanager
def dropped_quietly() -> Iterator[None]:
    """While a command runs, a KeyboardInterrupt that Python drops (raised in a __del__, a
    weakref callback or an at-fork hook such as logging's) is not printed as "Exception
    ignored ... Traceback": ``CTRL_C`` has recorded it, and the command exits 130 for it."""
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if unraisable.exc_type is None or not issubclass(unraisable.exc_type, KeyboardInterrupt):
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


def exit_quietly(signum: int, frame: object) -> None:
    """SIGINT's handler while the command line is read: nothing was done, so 130, quietly."""
    raise SystemExit(130)


def on_ctrl_c(handler: Any) -> Any:
    """Make ``handler`` SIGINT's and return the one before (None: nothing changed). Not when
    SIGINT is ignored (nohup, a background job: the caller's choice), outside the main thread
    (a CliRunner in a thread), where signals cannot be set, nor for None."""
    if (handler is None or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) == signal.SIG_IGN):
        return None
    return signal.signal(signal.SIGINT, handler)
