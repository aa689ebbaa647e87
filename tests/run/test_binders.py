"""A formulary's binder is made again only when something it is made from changed.

Covers run.binders (and the binder's part of run.formulary).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
from pathlib import Path
from types import SimpleNamespace as Leaflet

import pytest

import handouts.assets
from handouts.build import read_brand
from handouts.run import binders, manifest, report
from handouts.run.formulary import Request, build_formulary
from handouts.source.model import Options
from helpers.formulary import formulary as make_formulary

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}
OLD = 1_000_000_000  # an mtime no build sets: a binder still dated so was not rewritten


def first_build(tmp_path: Path, count: int = 3,
                binder: str = "out/book.pdf") -> tuple[Request, Path, bytes]:
    data, out, book = tmp_path / "data", tmp_path / "out", tmp_path / binder
    make_formulary(data, count)
    request = Request((str(data),), out, binder=book)
    outcome = build_formulary(request, environ=EPOCH)
    assert outcome.ok and outcome.binder is not None and outcome.binder.written
    os.utime(book, (OLD, OLD))
    return request, book, book.read_bytes()


def test_an_unchanged_binder_is_left_untouched(tmp_path):
    request, book, before = first_build(tmp_path)
    inode = book.stat().st_ino
    again = build_formulary(request, environ=EPOCH)
    assert again.ok and again.binder is not None
    assert not again.binder.written
    assert book.read_bytes() == before
    assert (book.stat().st_mtime, book.stat().st_ino) == (OLD, inode)
    # What is reported is the binder there: its figures as when it was written.
    assert (again.binder.drugs, again.binder.size) == (3, len(before))
    assert again.binder.pages == 2 + again.summary.pages


def test_an_unchanged_binder_is_reported_as_such(tmp_path):
    request, _, _ = first_build(tmp_path, 1)
    outcome = build_formulary(request, environ=EPOCH)
    assert outcome.binder is not None
    assert outcome.binder.as_dict()["written"] is False
    lines: list[str] = []
    shown = report.Report(outcome.plan, "text", False, False,
                          lambda text, err=False: lines.append(text))
    shown.summary(outcome.summary, outcome.binder)
    binder_line = next(line for line in lines if line.startswith("  binder"))
    assert binder_line.endswith(", unchanged")


def _edit_monograph(request: Request) -> None:
    source = sorted(Path(request.inputs[0]).glob("*.yaml"))[0]
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\nname: ", "\nname: Edited ", 1), encoding="utf-8")


def _add_monograph(request: Request) -> None:
    make_formulary(Path(request.inputs[0]), 4)


def _remove_monograph(request: Request) -> None:
    sorted(Path(request.inputs[0]).glob("*.yaml"))[-1].unlink()


def _edit_binder(request: Request) -> None:
    assert request.binder is not None
    request.binder.write_bytes(request.binder.read_bytes()[:-10])


def _delete_binder(request: Request) -> None:
    assert request.binder is not None
    request.binder.unlink()


def _tamper_record(request: Request) -> None:
    known = manifest.read(request.out_dir)
    key = binders.key(request.binder, request.out_dir)  # type: ignore[arg-type]
    known.binders[key] = dataclasses.replace(known.binders[key], inputs_sha256="0" * 64)
    manifest.write(request.out_dir, known)


def _record_claims_the_current_inputs_for_an_old_binder(request: Request) -> None:
    # The file is an older binder, and the record is edited to claim it has today's inputs:
    # the binder says itself what it was made of, so it is still made again.
    assert request.binder is not None
    known = manifest.read(request.out_dir)
    key = binders.key(request.binder, request.out_dir)
    current = known.binders[key]
    old = build_formulary(dataclasses.replace(request, options=Options(paper="letter")),
                          environ=EPOCH)
    assert old.binder is not None and old.binder.written
    data = request.binder.read_bytes()
    known.binders[key] = dataclasses.replace(
        current, output_sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    manifest.write(request.out_dir, known)
    os.utime(request.binder, (OLD, OLD))


CHANGES = {
    "a monograph edited": (_edit_monograph, {}),
    "a leaflet added": (_add_monograph, {}),
    "a leaflet removed": (_remove_monograph, {}),
    "the binder edited": (_edit_binder, {}),
    "the binder deleted": (_delete_binder, {}),
    "the record tampered with": (_tamper_record, {}),
    "an old binder under a forged record": (_record_claims_the_current_inputs_for_an_old_binder,
                                            {}),
    "the paper": (None, {"options": Options(paper="letter")}),
    "large print": (None, {"options": Options(large_print=True)}),
    "the date": (None, {"environ": {"SOURCE_DATE_EPOCH": "1765000000"}}),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_makes_the_binder_again(tmp_path, change):
    request, book, _ = first_build(tmp_path)
    edit, changed = CHANGES[change]
    if edit is not None:
        edit(request)
    environ = changed.get("environ", EPOCH)
    if "options" in changed:
        request = dataclasses.replace(request, options=changed["options"])
    outcome = build_formulary(request, environ=environ)
    assert outcome.ok and outcome.binder is not None and outcome.binder.written
    assert book.stat().st_mtime != OLD
    # And it is the binder a first build would make of the same inputs.
    fresh = dataclasses.replace(request, binder=tmp_path / "fresh.pdf")
    assert build_formulary(fresh, environ=environ).binder.written  # type: ignore[union-attr]
    assert book.read_bytes() == (tmp_path / "fresh.pdf").read_bytes()


def test_a_new_version_of_handouts_makes_the_binder_again(tmp_path, monkeypatch):
    request, book, _ = first_build(tmp_path)
    monkeypatch.setattr(manifest, "TOOL", "handouts 999.0")
    outcome = build_formulary(request, environ=EPOCH)
    assert outcome.binder is not None and outcome.binder.written
    assert book.stat().st_mtime != OLD


def test_a_new_brand_makes_the_binder_again(tmp_path):
    request, book, _ = first_build(tmp_path)
    brand = tmp_path / "brand.yaml"
    shipped = Path(handouts.assets.__file__).parent
    (tmp_path / "logo.svg").write_bytes((shipped / "logo.svg").read_bytes())
    brand.write_text((shipped / "brand.yaml").read_text(encoding="utf-8").replace(
        "organisation: ", "organisation: New ", 1), encoding="utf-8")
    outcome = build_formulary(dataclasses.replace(request, brand_file=brand), environ=EPOCH)
    assert outcome.binder is not None and outcome.binder.written
    assert book.stat().st_mtime != OLD


def test_files_named_one_by_one_always_make_their_binder(tmp_path):
    sources = make_formulary(tmp_path / "data", 2)
    request = Request(tuple(map(str, sources)), tmp_path / "out", binder=tmp_path / "book.pdf")
    assert build_formulary(request, environ=EPOCH).binder.written  # type: ignore[union-attr]
    os.utime(tmp_path / "book.pdf", (OLD, OLD))
    again = build_formulary(request, environ=EPOCH)
    assert again.binder is not None and again.binder.written  # no manifest to know it by
    assert (tmp_path / "book.pdf").stat().st_mtime != OLD


def test_the_inputs_hash_is_of_names_and_bytes_not_order(tmp_path):
    one = Leaflet(pdf=Path("a.pdf"), sha256="1" * 64)
    two = Leaflet(pdf=Path("b.pdf"), sha256="2" * 64)
    brand, date = read_brand(), datetime.date(2025, 1, 1)
    first = binders.inputs_sha256([one, two], brand, Options(), date)
    assert first == binders.inputs_sha256([two, one], brand, Options(), date)
    renamed = Leaflet(pdf=Path("c.pdf"), sha256="2" * 64)
    assert first != binders.inputs_sha256([one, renamed], brand, Options(), date)


def test_the_inputs_hash_takes_the_libraries_versions_without_their_metadata(monkeypatch):
    # importlib.metadata took ~20 ms of every run with --binder, one that changed nothing
    # included; the versions are those the installed libraries say, so no binder is remade.
    from importlib import metadata

    import pikepdf
    import reportlab

    assert (pikepdf.__version__, reportlab.Version) == (
        metadata.version("pikepdf"), metadata.version("reportlab"))

    def refused(name: str) -> str:
        raise AssertionError(f"the metadata of {name} was read")

    monkeypatch.setattr(metadata, "version", refused)
    leaflets = [Leaflet(pdf=Path("a.pdf"), sha256="1" * 64)]
    brand, date = read_brand(), datetime.date(2025, 1, 1)
    before = binders.inputs_sha256(leaflets, brand, Options(), date)
    monkeypatch.setattr(pikepdf, "__version__", "999.0")  # a new version writes other bytes
    assert binders.inputs_sha256(leaflets, brand, Options(), date) != before


def test_the_binder_step_takes_the_manifest_from_the_run_without_reading_it_again(
        tmp_path, monkeypatch):
    # The run hands over the manifest it holds and has just written, under the same lock:
    # read back and serialised whole again, it cost ~50 ms of a formulary of 1,000.
    request, book, _ = first_build(tmp_path, 2)
    read = manifest.read
    calls: list[Path] = []

    def counted(out_dir: Path) -> manifest.Manifest:
        calls.append(out_dir)
        return read(out_dir)

    monkeypatch.setattr(manifest, "read", counted)
    later = {"SOURCE_DATE_EPOCH": "1764200000"}  # two days on: another cover, made again
    outcome = build_formulary(request, environ=later)
    assert outcome.binder is not None and outcome.binder.written
    assert calls == [request.out_dir]  # by the plan, once
    # What was written is the whole manifest's serialisation, the binder's record in it.
    known = read(request.out_dir)
    assert (request.out_dir / manifest.FILE).read_bytes() == manifest.dumps(known)
    key = binders.key(book, request.out_dir)
    assert known.binders[key].output_sha256 == hashlib.sha256(book.read_bytes()).hexdigest()
    calls.clear()
    again = build_formulary(request, environ=later)
    assert again.binder is not None and not again.binder.written
    assert calls == [request.out_dir]


def test_an_unchanged_binder_still_clears_what_a_killed_run_left(tmp_path):
    # A run killed while writing a binder for other inputs, then those inputs changed back;
    # outside the output folder, where the batch clears nothing.
    request, book, _ = first_build(tmp_path, 1, binder="book.pdf")
    left = book.parent / ".book.pdf.x1y2z3_4.part"
    left.write_bytes(b"%PDF-1.7 half a binder")
    outcome = build_formulary(request, environ=EPOCH)
    assert outcome.binder is not None and not outcome.binder.written
    assert not left.exists()
