"""Escaping and normalisation of untrusted text."""

from __future__ import annotations

from handouts import fonts
from handouts.text import collapse, escape, markup, normalise, paragraphs


def test_escape_makes_markup_literal():
    assert escape('<b>x</b> & <img src="y"/>') == '&lt;b&gt;x&lt;/b&gt; &amp; &lt;img src="y"/&gt;'
    assert escape("&amp;") == "&amp;amp;"


def test_nfc_not_nfkc():
    assert normalise("cafe\u0301") == "café"
    assert normalise("5 µg/m² ½") == "5 µg/m² ½"  # NFKC would give μ, 2 and 1⁄2


def test_paragraphs_and_collapse():
    assert paragraphs("one\ntwo\n\n  \n three  four \n") == ["one two", "three four"]
    assert collapse("  a\t b\n") == "a b"


def test_markup_switches_to_the_fallback_only_where_needed():
    assert markup("a β <b>", fonts.REGULAR) == 'a <font face="DejaVuSans">β</font> &lt;b&gt;'
