"""Atomic writes."""

from __future__ import annotations

import os
import stat

import pytest

from handouts.pdf.write import write_atomic


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "sub" / "a.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["a.pdf"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def test_error_during_write_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"

    def boom(fd):
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(target, b"data")
    assert os.listdir(tmp_path) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
