"""build_formulary: the one call the CLI and the front desk make for a run, and its listener.

Covers run.formulary and run.report.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pytest

import handouts
from handouts.errors import UsageError
from handouts.run import batch, formulary, manifest, report
from handouts.run.formulary import Copy, Request, build_formulary
from handouts.run.results import Result
from handouts.source.options import OptionError
from helpers.formulary import formulary as make_formulary


class Recorder(formulary.Listener):
    """What a caller is told, in order."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.results: list[Result] = []

    def waiting(self) -> None:
        self.events.append("waiting")

    @contextlib.contextmanager
    def planned(self, plan: batch.Plan) -> Iterator[Callable[[Result], None]]:
        self.events.append(f"planned {len(plan.todo)}")
        yield self.results.append
        self.events.append("built")

    @contextlib.contextmanager
    def uninterruptible(self) -> Iterator[Callable[[], None]]:
        self.events.append("held")
        yield lambda: None


def test_a_formulary_with_its_binder_and_references(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    sources = make_formulary(data, 3)
    listener = Recorder()
    outcome = build_formulary(Request((str(data),), out, binder=tmp_path / "book.pdf",
                                      fhir="link"), listener, environ={})
    assert outcome.ok and outcome.binder_failure is None
    # pikepdf's start-up, then its work: each held; the plan before the batch.
    assert listener.events == ["held", "planned 3", "built", "held"]
    assert sorted(r.source for r in listener.results) == sources
    assert sorted(p.name for p in out.glob("*.pdf")) == [s.stem + ".pdf" for s in sources]
    assert len(list(out.glob("*.fhir.json"))) == 3
    assert manifest.read(out).leaflets.keys() == {s.stem + ".pdf" for s in sources}
    assert outcome.binder is not None and outcome.binder.drugs == 3
    with pikepdf.open(tmp_path / "book.pdf") as book:
        assert len(book.pages) == outcome.binder.pages


def test_the_same_request_twice_builds_nothing_the_second_time(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    make_formulary(data, 2)
    request = Request((str(data),), out)
    assert len(build_formulary(request).summary.built) == 2
    again = build_formulary(request)
    assert (len(again.summary.built), len(again.summary.unchanged)) == (0, 2)


def test_a_patients_copy_is_built_from_a_file_and_kept_out_of_any_manifest(tmp_path):
    source = make_formulary(tmp_path / "data", 1)[0]
    out = tmp_path / "copy"
    copy = Copy(name="Ann Example", clinic_phone="01632 960 321")
    outcome = build_formulary(Request((str(source),), out, copy=copy))
    assert outcome.ok
    assert sorted(p.name for p in out.iterdir()) == [source.stem + ".pdf"]


@pytest.mark.parametrize(("request_", "error", "message"), [
    (Request(("no/such.yaml",)), UsageError, "no/such.yaml: no such file or folder"),
    (Request(("data",), binder=Path("b.pdf"), copy=Copy(name="Ann")), UsageError,
     "a patient's copy cannot go into a binder; leave out --binder"),
    (Request(("data",), copy=Copy(start_date="3 December")), OptionError,
     "--start-date: expected a date written YYYY-MM-DD, such as 2026-12-03"),
    (Request(("data",), out_dir=Path("out"), binder=Path("out/manifest.json")), UsageError,
     "--binder out/manifest.json would overwrite a leaflet, its FHIR reference, the manifest "
     "or its lock"),
])
def test_error_a_request_that_cannot_be_carried_out_writes_nothing(tmp_path, monkeypatch,
                                                                      request_, error, message):
    monkeypatch.chdir(tmp_path)
    make_formulary(tmp_path / "data", 1)
    with pytest.raises(error) as info:
        build_formulary(request_, environ={})
    assert str(info.value) == message
    assert not (tmp_path / "out").exists()


def test_error_source_date_epoch_is_a_usage_error_before_any_work(tmp_path):
    make_formulary(tmp_path / "data", 1)
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        build_formulary(Request((str(tmp_path / "data"),), tmp_path / "out", fhir="inline"),
                        environ={"SOURCE_DATE_EPOCH": "abc"})
    assert not (tmp_path / "out").exists()


def test_error_a_brand_file_with_problems_is_an_input_error(tmp_path):
    make_formulary(tmp_path / "data", 1)
    brand = tmp_path / "brand.yaml"
    brand.write_text("organisation: X\n", encoding="utf-8")
    with pytest.raises(handouts.InputError) as info:
        build_formulary(Request((str(tmp_path / "data"),), tmp_path / "out", brand_file=brand))
    assert [p.key for p in info.value.problems] == ["tagline"]


def test_a_report_of_an_interrupted_run_says_what_is_left(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    make_formulary(data, 3)
    outcome = build_formulary(Request((str(data),), out))
    half = batch.Summary(outcome.summary.results[:1], (), 0.1)
    assert report.interrupted(outcome.plan, half) == (
        "interrupted: 1 leaflets built, 2 not; run the same command again to finish")


def test_report_json_shows_a_file_name_that_is_not_utf8_as_its_bytes():
    name = b"bad\xff.yaml".decode("utf-8", "surrogateescape")
    assert json.loads(report.as_json({"path": name})) == {"path": "bad\\xff.yaml"}
