"""Covers handouts.page._linebreak: where Chinese lines may break, and that a leaflet's lines
break only there."""

from __future__ import annotations

import pytest

from handouts.page._flowables import Paragraph
from handouts.page._linebreak import breaks
from handouts.page.styles import styles
from handouts.pdf import fonts
from handouts.source.text import markup


def _marked(text: str) -> str:
    """``text`` with a "|" where a line may break."""
    marks = zip(text, breaks(text), strict=True)
    return "".join(("|" if may else "") + char for char, may in marks)


def test_chinese_breaks_between_characters():
    assert _marked("本品每周给药") == "本|品|每|周|给|药"


@pytest.mark.parametrize(("text", "marked"), [
    # Never before closing punctuation, never after opening punctuation (kinsoku).
    ("给药，每周。", "给|药，|每|周。"),
    ("（静脉）输注", "（静|脉）|输|注"),
    ("「第一天」起", "「第|一|天」|起"),
    ("“请务必”复诊", "“请|务|必”|复|诊"),
    ("哪里？怎么办！", "哪|里？|怎|么|办！"),
])
def test_kinsoku_punctuation_stays_with_its_neighbour(text, marked):
    assert _marked(text) == marked


@pytest.mark.parametrize(("text", "marked"), [
    # A number and its unit, Latin or Chinese, and a number touching a character, stay whole.
    ("剂量为 0.8 mg/m²，每", "剂|量|为 |0.8 mg/m²，|每"),
    ("体温 38 °C 以上", "体|温 |38 °C |以|上"),
    ("第1、8、15天", "第1、8、15天"),
    ("每 5 天一次", "每 |5 天|一|次"),
    # A Latin word is never split; it breaks at its spaces and beside Chinese characters.
    ("使用Inotuzumab ozogamicin治疗", "使|用|Inotuzumab |ozogamicin|治|疗"),
])
def test_numbers_units_and_latin_words_are_never_split(text, marked):
    assert _marked(text) == marked


def test_no_break_spaces_bind():
    assert _marked("剂量\u00a0为") == "剂|量\u00a0为"


TEXT = ("本药通过静脉滴注给药，剂量为 0.8 mg/m²，每个周期的第1、8、15天给药（体温≥38 °C时请告知）。"
        "Inotuzumab ozogamicin（奥加伊妥珠单抗）是一种“抗体药物偶联物”。") * 2


@pytest.mark.parametrize("width", range(90, 400, 7))
def test_a_chinese_paragraph_breaks_only_where_it_may(width, brand):
    # Laid out as a leaflet lays it out, at every width from a narrow column to a page's.
    style = styles(brand, language="zh-Hans").body
    p = Paragraph(markup(TEXT, fonts.family("zh-Hans").regular), style)
    p.wrap(width, 10_000)
    lines = ["".join(w.text for w in line.words) if hasattr(line, "words") else "".join(line[1])
             for line in p.blPara.lines]
    assert "".join(lines) == TEXT  # nothing lost, nothing added
    allowed = breaks(TEXT)
    at = 0
    for line in lines[:-1]:
        at += len(line)
        assert allowed[at], (line, TEXT[at:at + 5])


def test_a_long_chinese_paragraph_is_broken_into_lines_once_not_once_a_page(monkeypatch, brand):
    # ReportLab breaks the rest of a split paragraph again on each page it runs onto: the
    # square of its length (bench/paragraph.py). The rest keeps the lines already broken.
    import handouts
    from handouts.page import _linebreak
    from handouts.source.model import Monograph, Section
    from handouts.source.model import Paragraph as Text

    broken = []
    lines = _linebreak.lines
    monkeypatch.setattr(_linebreak, "lines",
                        lambda frags, *a, **k: broken.append(sum(len(f.text) for f in frags))
                        or lines(frags, *a, **k))
    text = (TEXT * 40)[:5000]
    m = Monograph("Benchmab", (), "zh-Hans", (
        Section("how_it_works", "How it works", (Text(text),)),))
    leaflet = handouts.render_leaflet(m, brand)
    assert leaflet.pages >= 3
    assert sum(broken) < 3 * len(text), broken
