"""Escaping and normalisation of untrusted text."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.pdf import fonts
from handouts.source import text
from handouts.source.text import collapse, escape, markup, normalise, paragraphs


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


def test_collapse_keeps_no_break_spaces_exactly():
    text = "\u00a01\u00a0000 \t\n mg, 2\u202f000\u202f\u202fmg, 3\u2009mg, 4\u2007000 \u00a0 "
    # Within the text, exactly; at its ends no space binds anything, so none is kept.
    assert collapse(text) == "1\u00a0000 mg, 2\u202f000\u202f\u202fmg, 3\u2009mg, 4\u2007000"


def test_collapse_folds_every_breaking_space():
    # ReportLab breaks lines at these and prints a plain space: the text says so too.
    assert collapse("a\u2003b\u2028c \u3000 d\u200ae\r\nf") == "a b c d e f"


def test_collapse_drops_soft_hyphens_and_keeps_the_spaces():
    assert collapse("dose\u00admonths <b> re\u00ad\u00adcovery \u00ad next") == (
        "dosemonths <b> recovery next")
    assert paragraphs("a\u00ad\n\n\u00ad\n\nb") == ["a", "b"]



def test_collapse_drops_no_break_spaces_at_the_ends_only():
    assert collapse("\u00a0 Besponsa\u202f\u00a0") == "Besponsa"
    assert collapse("1\u00a0000\u00a0mg") == "1\u00a0000\u00a0mg"


def test_a_line_break_between_chinese_characters_is_no_space():
    # Chinese has no spaces between words: an author who wraps a paragraph's lines in the
    # YAML file means none. Beside a Latin word, a number, or in Korean, it stays a space.
    assert collapse("本品每周\n  给药，\n每次 0.8 mg\n/m²。Inotuzumab\nozogamicin\n治疗。") == (
        "本品每周给药，每次 0.8 mg /m²。Inotuzumab ozogamicin 治疗。")
    assert collapse("이 약은\n주사로") == "이 약은 주사로"
    assert collapse("本品 给药") == "本品 给药"  # a space typed on one line is the author's


def test_collapse_needs_no_regular_expression_for_text_with_nothing_to_keep(monkeypatch):
    # ~100 texts a leaflet: ASCII text, or text without line breaks, no-break spaces or soft
    # hyphens, is split and joined in C, without a Python callback per line break.
    def refused(*args: object) -> str:
        raise AssertionError("a regular expression collapsed it")

    for name in ("_LINE_BREAK", "_BREAKING"):
        monkeypatch.setattr(text, name, SimpleNamespace(sub=refused))
    assert collapse(" Feeling\tsick,\r\n  tired \x0b") == "Feeling sick, tired"
    assert collapse("\u3000dose per m²\u2003a day\u2028 ") == "dose per m² a day"


def test_collapse_needs_no_regular_expression_for_wrapped_lines_without_wide_characters(
        monkeypatch):
    # Most monographs are wrapped over several lines and not all ASCII ("m²", "µg", "–"): a
    # line break means a space unless both its neighbours are Chinese (wide) characters.
    def refused(*args: object) -> str:
        raise AssertionError("a regular expression collapsed it")

    for name in ("_LINE_BREAK", "_BREAKING"):
        monkeypatch.setattr(text, name, SimpleNamespace(sub=refused))
    assert collapse("0.8 mg/m² –\n  once a week,\r\n\u2003for 3 weeks\n") == (
        "0.8 mg/m² – once a week, for 3 weeks")
    assert collapse("Café\n\u2028 au lait") == "Café au lait"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(" \t\r\n\x0b\x1f\u00a0\u2007\u2009\u202f\u00ad\u2003\u2028\u3000"
                               "ab1.<é²本品给이약")))
def test_collapse_is_the_same_whichever_way_it_goes(value):
    assert collapse(value) == text._collapse(value)
