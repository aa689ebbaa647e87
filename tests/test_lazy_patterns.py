"""handouts._lazy_patterns: third-party patterns compiled at first use, which must then behave
exactly as the compiled ones."""

from __future__ import annotations

import re

import pytest
import reportlab.lib.textsplit
import reportlab.platypus.paragraph as paragraph
import yaml.reader

import handouts  # noqa: F401  (which imports them with their patterns deferred)
from handouts._lazy_patterns import Deferred, deferred


def test_reportlabs_url_pattern_splits_a_link_as_the_compiled_one():
    # The one place ReportLab uses it: the places a long link may break (hyphenation).
    url = "https://www.example.org/medicines/inotuzumab-ozogamicin/leaflet"
    with deferred():
        pattern = re.compile(paragraph.uri_pat.pattern, re.I)
    assert isinstance(pattern, Deferred)
    compiled = re.compile(pattern.pattern, re.I)
    assert isinstance(compiled, re.Pattern)
    assert pattern.match(url).groups() == compiled.match(url).groups()
    assert pattern.match("not a url") is None
    assert pattern.flags == compiled.flags


def test_the_deferred_patterns_work_in_their_modules():
    assert paragraph._uri_split_pairs("https://example.org/a/b")[0] == (
        "https://example.org/a/", "b")
    assert reportlab.lib.textsplit.rx.sub(r"\1 ", "中文") == "中 文 "
    assert yaml.reader.Reader.NON_PRINTABLE.search("ok\x01").start() == 2
    assert yaml.reader.Reader("ok").peek(0) == "o"  # the pure reader reads through it
    with pytest.raises(yaml.reader.ReaderError, match="#x0001"):
        yaml.reader.Reader("ok\x01")  # ... and finds the character it must refuse


def test_only_the_named_patterns_are_deferred_and_compile_is_restored():
    compile_ = re.compile
    with pytest.raises(RuntimeError), deferred():
        assert isinstance(re.compile("[a-z]+", re.I), re.Pattern)
        assert isinstance(re.compile("(^(?:[a-z0-9\\.\\-\\+]*)://)", 0), re.Pattern)  # flags
        raise RuntimeError
    assert re.compile is compile_
