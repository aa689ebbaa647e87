"""Atomic file writes: a reader sees the old file or the new one, never half of one; and the
file locks (flock) that tell a writer's files from a killed one's, and keep writers apart."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: temporary files are never cleaned up
    fcntl = None  # type: ignore[assignment]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()  # what open() would have given a new file
# ".<target>.<8 characters from tempfile's alphabet>.part": what atomic_writer names its files.
_TEMPORARY = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.part")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place.

    Not ``click.open_file(atomic=True)``: that replaces the target even after an exception.
    """
    with atomic_writer(path) as f:
        f.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through, in pieces: it replaces ``path`` only when the block
    ends without an exception; otherwise it is deleted and ``path`` is left as it was.

    The temporary file stays locked while it is written, so that ``clean_temporary`` can tell
    one left by a killed process (the lock died with it) from one still being written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
            os.chmod(tmp, _MODE)
            os.replace(tmp, path)  # before the close: the lock is held until the rename
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, which must not exist: raises ``FileExistsError`` and leaves
    an existing file untouched. A complete temporary file is linked into place, so the check
    and the creation are one step and a reader never sees half of the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _MODE)
        os.link(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def clean_temporary(folder: Path, target: Callable[[str], bool]) -> list[Path]:
    """Delete the temporary files that ``atomic_writer`` left in ``folder`` when a process
    writing ``target`` files was killed (SIGKILL, power loss). Only regular files named as
    it names them, for a target ``target`` accepts, that no living process holds locked."""
    if fcntl is None:  # pragma: no cover
        return []
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:  # no folder yet: nothing to clean
        return []
    removed = []
    for name in sorted(names):
        match = _TEMPORARY.fullmatch(name)
        if match is None or not target(match["target"]):
            continue
        path = folder / name
        try:
            fd = _open_lockable(path, os.O_RDONLY)
        except OSError:  # a link, not a regular file, gone already, or not ours to read
            continue
        try:
            try:
                if not _try_lock(fd):  # being written right now
                    continue
            except OSError:  # no locks here (ENOLCK): we cannot tell, so leave it
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
                removed.append(path)
        finally:
            os.close(fd)
    return removed


@contextlib.contextmanager
def locked(path: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created empty if missing, and never
    removed: a process could otherwise lock a file another has just unlinked) for the block.
    If another process holds it, ``waiting()`` is called, then this waits for it.

    Raises ``NotLockable`` if ``path`` is a link (never followed: one planted there must not
    make us create or lock a file elsewhere) or not a regular file, ``OSError`` if it cannot
    be opened. The lock dies with the process, however it ends.
    """
    if fcntl is None:  # pragma: no cover - Windows: no lock
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # Read and write: NFS gives an exclusive flock only on a file open for writing.
    fd = _open_lockable(path, os.O_RDWR | os.O_CREAT)
    try:
        if not _try_lock(fd):
            if waiting is not None:
                waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)  # Ctrl-C still interrupts the wait (PEP 475)
        yield
    finally:
        os.close(fd)  # and with it the lock


class NotLockable(OSError):
    """The lock file is a link, or not a regular file (a folder, a FIFO)."""

    def __init__(self, path: Path, link: bool) -> None:
        super().__init__(f"{path}: " + ("a link" if link else "not a regular file"))
        self.link = link


def _open_lockable(path: Path, flags: int) -> int:
    """A descriptor of ``path`` to lock: never through a link, never blocking on a FIFO, and
    only if it is a regular file (``NotLockable`` otherwise)."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    except OSError as e:
        if os.path.islink(path):  # ELOOP on Linux, EMLINK on FreeBSD: say it plainly
            raise NotLockable(path, link=True) from e
        if os.path.isdir(path):  # EISDIR
            raise NotLockable(path, link=False) from e
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotLockable(path, link=False)
    return fd


def _try_lock(fd: int) -> bool:
    """Take the exclusive lock on ``fd`` if no other process holds it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
