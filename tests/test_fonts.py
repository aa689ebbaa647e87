"""Glyph coverage and fallback runs."""

from __future__ import annotations

import pytest

from handouts import fonts


def test_runs_split_by_coverage():
    assert fonts.runs("β-blockers → µg", fonts.REGULAR) == [
        ("DejaVuSans", "β"), ("Atkinson", "-blockers "), ("DejaVuSans", "→"),
        ("Atkinson", " µg")]
    assert fonts.runs("plain", fonts.BOLD) == [("Atkinson-Bold", "plain")]


def test_undrawable_offsets():
    assert fonts.undrawable("ok 漢 ≥ 🧪", fonts.REGULAR) == [3, 7]


def test_runs_refuse_what_no_font_draws():
    with pytest.raises(ValueError, match="U\\+6F22"):
        fonts.runs("漢", fonts.REGULAR)


@pytest.mark.parametrize("face", fonts.FACES, ids=lambda f: f.name)
def test_every_face_covers_the_format_characters(face):
    assert fonts.undrawable("≥ ≤ µ ² ³ ° ± × – — “ ” ‘ ’ é ñ ü β κ → •", face) == []
