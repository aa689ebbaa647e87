"""Reading a file that a brand file names (its logo, its catalogues): only inside the brand's
folder, only a regular file, and never more than a bound, whatever the file claims."""

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
        self.detail = detail  # the system's words, for "unreadable"
        self.size = size  # bytes found, for "too big"


def inside(folder: str, path: str) -> bool:
    try:
        return os.path.commonpath([folder, path]) == folder
    except ValueError:  # Windows: another drive
        return False


def read_inside(base: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of ``base / name`` if it lies inside ``base`` once links are resolved
    ("link": it is a link leading out; "outside": it is named outside). Nothing outside is
    opened, and a special file (a FIFO would block) is not read."""
    shown = base / name
    real = os.path.realpath(shown)  # lstat and readlink only: opens nothing
    if not inside(os.path.realpath(base), real):
        named_inside = inside(os.path.abspath(base), os.path.abspath(shown))
        raise FileProblem("link" if named_inside else "outside")
    flags = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        raise FileProblem("missing") from None
    except OSError as e:
        raise FileProblem("unreadable", e.strerror or str(e)) from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("special")
        data = f.read(max_bytes + 1)  # no more, even if the file grew since fstat
    size = max(info.st_size, len(data))
    if size > max_bytes:
        raise FileProblem("too big", size=size)
    return data
