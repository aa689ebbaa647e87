"""Reading an input file: only a regular file, never more than a bound, whatever the file
claims; and a file that a brand file names (its logo, its catalogues) only inside its folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

Reason = Literal["outside", "link", "missing", "unreadable", "special", "too big"]


class FileProblem(Exception):
    """Why the file was not read; the caller says it in the words of what it was reading."""

    def __init__(self, reason: Reason, detail: str = "", size: int = 0) -> None:
        super().__init__(reason)
        self.reason: Reason = reason
        # the system's words for "missing" and "unreadable"; what the file is for "special"
        self.detail = detail
        self.size = size  # bytes found, for "too big"


def inside(folder: str, path: str) -> bool:
    try:
        return os.path.commonpath([folder, path]) == folder
    except ValueError:  # Windows: another drive
        return False


def kind(mode: int) -> str:
    """What a file that is not a regular file is, in a message's words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a link"
    return "a special file"


def read_inside(base: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of ``base / name`` if it lies inside ``base`` once links are resolved
    ("link": it is a link leading out; "outside": it is named outside). Nothing outside is
    opened, and a special file (a FIFO would block) is not read."""
    shown = base / name
    real = os.path.realpath(shown)  # lstat and readlink only: opens nothing
    if not inside(os.path.realpath(base), real):
        named_inside = inside(os.path.abspath(base), os.path.abspath(shown))
        raise FileProblem("link" if named_inside else "outside")
    return read_regular(real, max_bytes, follow=False)


def read_regular(path: str | Path, max_bytes: int, follow: bool = True) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``. Its kind and
    size are read before it is opened (a FIFO would wait for a writer for ever, a huge file is
    not read), and again from what was opened, in case it was replaced in between."""
    try:
        info = os.stat(path, follow_symlinks=follow)
    except FileNotFoundError as e:
        raise FileProblem("missing", e.strerror or str(e)) from None
    except OSError as e:
        raise FileProblem("unreadable", e.strerror or str(e)) from None
    _check(info, max_bytes)
    flags = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_CLOEXEC", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0)))
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as e:
        raise FileProblem("missing", e.strerror or str(e)) from None
    except OSError as e:
        raise FileProblem("unreadable", e.strerror or str(e)) from None
    try:
        info = os.fstat(fd)
        _check(info, max_bytes)  # os.fdopen of a folder raises IsADirectoryError
        with os.fdopen(fd, "rb", closefd=False) as f:
            # Its size and a byte more, to see that it grew, rather than a buffer of the bound
            # (a batch read each monograph into 1 MiB); never more than the bound and a byte.
            data = f.read(info.st_size + 1)
            if info.st_size < len(data) <= max_bytes:  # it grew since fstat
                data += f.read(max_bytes + 1 - len(data))
    except OSError as e:
        raise FileProblem("unreadable", e.strerror or str(e)) from None
    finally:
        os.close(fd)
    size = max(info.st_size, len(data))
    if size > max_bytes:
        raise FileProblem("too big", size=size)
    return data


def _check(info: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem("special", kind(info.st_mode))
    if info.st_size > max_bytes:
        raise FileProblem("too big", size=info.st_size)
