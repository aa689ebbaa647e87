"""Whole leaflets: nothing lost, nothing extra, same bytes every time."""

from __future__ import annotations

import subprocess
import sys

import pypdf
import pytest

import handouts
from conftest import (
    FIXTURES,
    READERS,
    SHIPPED,
    as_read_by,
    body_words,
    expected_words,
    in_order,
    nfc_words,
    page_count,
    reader_pages,
)
from helpers.samples import (
    SHIPPED_SEED,
    TALL,
    TALL_ERRORS,
    TRICKY,
)

SEED = FIXTURES / "seed.txt"


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("source", SHIPPED, ids=lambda p: p.stem)
def test_every_word_of_a_shipped_monograph_is_printed_in_order(source, reader, build_file):
    pdf = build_file(source)
    # The text inside the body frame: exactly the monograph's words.
    assert body_words(pdf, reader=reader) == expected_words(source)
    if reader == "poppler":
        # pypdf, the whole page: the same words in the same order, furniture in between.
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        assert in_order(expected_words(source), nfc_words(text)) == []


def test_the_seed_is_shipped_word_for_word():
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    # Site navigation and the brand's footer are not the monograph's (monograph-format.md);
    # the leaflet prints the brand names' label with a colon.
    content = [line.removeprefix("- ") for line in lines[1:-2] if line != "Common brand names"]
    shipped = " ".join(expected_words(SHIPPED_SEED))
    position = 0
    for line in content:
        found = shipped.find(" ".join(nfc_words(line)), position)
        assert found >= 0, f"not shipped, or out of order: {line!r}"
        position = found




@pytest.mark.parametrize("reader", READERS)
def test_tricky_text_is_printed_literally_and_completely(reader, write_yaml, build_file):
    source = write_yaml(TRICKY)
    words = body_words(build_file(source), reader=reader)
    assert words == expected_words(source)
    assert "µg/m²," in words  # U+00B5 MICRO SIGN, not U+03BC: no NFKC anywhere


SPACES = """\
name: Space\u00a0mab
brand_names: ["Dose\u00adCo 1\u202f000"]
how_it_is_administered: "Take 1\u00a0000\u00a0mg, 2\u202f000\u202fmg, 3\u2009000\u2009mg or \
4\u2007000\u2007mg. The dose\u00admonths <b> and re\u00adcovery."
how_it_works: Plain.
common_side_effects: ["Rash\u00a0(1\u2009in\u200910)"]
who_should_take_it: Adults.
who_should_not_take_it: Children.
"""


@pytest.mark.parametrize("reader", READERS)
def test_no_break_spaces_printed_as_themselves_soft_hyphens_not_at_all(reader, write_yaml,
                                                                      build_file):
    source = write_yaml(SPACES)
    pdf = build_file(source)
    text = "\n".join(reader_pages(pdf, reader))
    for kept in ("Space\u00a0mab", "1\u00a0000\u00a0mg", "2\u202f000\u202fmg",
                 "3\u2009000\u2009mg", "4\u2007000\u2007mg", "Rash\u00a0(1\u2009in\u200910)",
                 "DoseCo 1\u202f000", "The dosemonths <b> and recovery."):
        assert as_read_by(reader, kept) in text
    assert "\u00ad" not in text
    assert body_words(pdf, reader=reader) == expected_words(source)


def test_markup_in_monograph_never_becomes_a_link_or_image(write_yaml, build_file):
    pdf = build_file(write_yaml(TRICKY))
    raw = pdf.read_bytes()
    for forbidden in (b"/Annots", b"/URI", b"/Launch", b"/Subtype /Image", b"/JavaScript"):
        assert forbidden not in raw


@pytest.mark.slow
def test_long_monograph_flows_onto_many_pages(write_yaml, build_file):
    long_paragraph = " ".join(f"word{i}" for i in range(3000))
    bullets = "\n".join(f"  - Side effect number {i} of many" for i in range(200))
    source = write_yaml(f"""\
name: Longamab
how_it_is_administered: |
  {long_paragraph}
how_it_works: Short.
common_side_effects:
{bullets}
who_should_take_it: Adults.
who_should_not_take_it: Children.
""")
    pdf = build_file(source)
    assert page_count(pdf) >= 10
    assert body_words(pdf) == expected_words(source)


@pytest.mark.parametrize("reader", READERS)
def test_letter_paper(reader, write_yaml, build_file):
    source = SHIPPED[0]
    pdf = build_file(source, handouts.Options(paper="letter"))
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)
    assert body_words(pdf, "letter", reader) == expected_words(source)


def test_same_input_same_bytes_in_another_process(tmp_path, brand):
    source = SHIPPED[0]
    _, here = handouts.build(source, tmp_path / "a", brand)
    script = ("import sys, pathlib, handouts; "
              "handouts.build(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), "
              "handouts.read_brand())")
    subprocess.run([sys.executable, "-c", script, str(source), str(tmp_path / "b")], check=True,
                   env={"PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"})
    again = handouts.render_leaflet(handouts.read_monograph(source), brand)
    assert here.pdf == again.pdf == (tmp_path / "b" / f"{source.stem}.pdf").read_bytes()


@pytest.mark.parametrize("argv0", ["-m", "/usr/local/bin/handouts", "-c"])
@pytest.mark.parametrize("collecting", [True, False])
def test_the_command_starting_runs_no_garbage_collection_while_handouts_loads(argv0, collecting):
    # Its modules make some 40,000 objects and no garbage: the collector walked them some fifty
    # times while they loaded, and at each collection after (issue 16). The command
    # starting (argv[0] is "-m" while python -m imports the package; the script's path) sets
    # them aside; a program that imports handouts ("-c" here) keeps its collector as it was.
    script = ("import gc, sys; runs = []; gc.callbacks.append(lambda phase, info: runs.append(1)); "
              f"sys.argv[0] = {argv0!r}; {'' if collecting else 'gc.disable(); '}"
              "import handouts; print(len(runs), gc.get_freeze_count() > 0, gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                          text=True)
    runs, frozen, enabled = done.stdout.split()
    command = argv0 != "-c"
    assert (frozen, enabled) == (str(command), str(collecting))
    if command:
        assert runs == "0"


@pytest.mark.parametrize("epoch", ["1700000000", "abc"])
def test_source_date_epoch_never_changes_a_leaflet(tmp_path, brand, epoch):
    # The rule (README, "Layout choices"): a leaflet's bytes depend on its inputs only. With
    # SOURCE_DATE_EPOCH, ReportLab dated it (and seeded its /ID) from the variable, which the
    # manifest does not record, so one folder could mix both; "abc" failed every leaflet.
    source = SHIPPED[0]
    script = ("import sys, pathlib, handouts; "
              "handouts.build(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), "
              "handouts.read_brand())")
    subprocess.run([sys.executable, "-c", script, str(source), str(tmp_path)], check=True,
                   env={"SOURCE_DATE_EPOCH": epoch, "PATH": "/usr/bin:/bin"})
    built = (tmp_path / f"{source.stem}.pdf").read_bytes()
    assert built == handouts.render_leaflet(handouts.read_monograph(source), brand).pdf
    reader = pypdf.PdfReader(tmp_path / f"{source.stem}.pdf")
    dates = {reader.metadata["/CreationDate"], reader.metadata["/ModDate"]}
    assert dates == {"D:20000101000000+00'00'"}


def test_failure_leaves_no_file_behind(write_yaml, tmp_path, brand):
    bad = write_yaml("name: [broken\n")
    with pytest.raises(handouts.InputError):
        handouts.build(bad, tmp_path / "out", brand)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_output_is_named_after_the_file_not_its_contents(write_yaml, build_file):
    source = write_yaml(TRICKY.replace("name: Tricky-mab", "name: ../../etc/evil"), "safe.yaml")
    assert build_file(source).name == "safe.pdf"




def test_error_a_box_taller_than_a_page(write_yaml, tmp_path, brand):
    source = write_yaml(TALL)
    with pytest.raises(handouts.InputError) as info:
        handouts.build(source, tmp_path / "out", brand)
    assert [str(p) for p in info.value.problems] == [f"{source}:{e}" for e in TALL_ERRORS]
    assert not (tmp_path / "out").exists()
