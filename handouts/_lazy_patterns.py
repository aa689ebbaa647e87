"""Regular expressions that ReportLab and PyYAML compile when imported and a leaflet never
uses, compiled on first use instead: 30–40 ms of a cold build's ~300 (issue 16).

- ReportLab's URL pattern (``paragraph.uri_pat``, case-insensitive over ``\\xa1-\\uffff``: 27 ms
  alone) serves only hyphenation and ``uriWasteReduce``, which the leaflet's styles turn off;
- its ``textsplit.rx`` serves only ``cjkwrap``, which nothing here calls;
- PyYAML's ``Reader.NON_PRINTABLE`` serves only the pure-Python reader; the C one is used.

A deferred pattern is the real one at first touch, so another user of these modules in the
process sees no difference but that first touch's cost.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

# How each deferred pattern begins, with its flags: specific enough to match nothing else.
_DEFERRED = (
    ("(^(?:[a-z0-9\\.\\-\\+]*)://)", re.I),  # reportlab.platypus.paragraph.uri_pat
    ("([\u2e80-\uffff])", re.UNICODE),  # reportlab.lib.textsplit.rx
    ("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff", 0),  # yaml.reader.Reader.NON_PRINTABLE
)


_compile = re.compile  # the real one, even while ``deferred`` stands in for it


class Deferred:
    """A pattern compiled the first time any of its attributes is asked for."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:  # only what the instance itself lacks
        if name in Deferred.__slots__:  # not set yet (a copy being made): not the pattern's
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = _compile(self._source, self._flags)
        return getattr(self._compiled, name)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """While the modules above are imported, ``re.compile`` defers their patterns."""
    compile_ = re.compile

    def compile(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and any(
                flags == want and pattern.startswith(head) for head, want in _DEFERRED):
            return Deferred(pattern, flags)
        return compile_(pattern, flags)

    re.compile = compile
    try:
        yield
    finally:
        re.compile = compile_
