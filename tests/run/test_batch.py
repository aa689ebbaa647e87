"""Batches: discovery, parallel builds, incremental rebuilds, stale PDFs, failures, interrupts.

Covers run.batch and what it runs: run.discover, run.plan, run.worker, run.book (the
manifest as leaflets finish) and run.results.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pikepdf
import pytest

import handouts
from conftest import SHIPPED
from handouts.run import _pool, batch, manifest
from handouts.run.batch import Interrupted, UsageError
from handouts.source.model import BatchOptions
from helpers import faults
from helpers.formulary import formulary
from helpers.samples import GOOD


def run(sources: list[Path] | Path, out: Path, *, jobs: int = 2, force: bool = False,
        options: handouts.Options = handouts.Options(), progress=None) -> batch.Summary:
    args = [sources] if isinstance(sources, Path) else sources
    plan = batch.plan(batch.discover(args), out, handouts.read_brand(), options, force=force)
    return batch.run(plan, BatchOptions(jobs=jobs), progress)


def names(results) -> list[str]:
    return [r.source.name for r in results]


def stamps(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}


# discovery

def test_discover_files_in_the_order_given_folders_and_patterns_sorted(tmp_path):
    data = tmp_path / "data"
    formulary(data, 3)
    (data / "notes.txt").write_text("not a monograph")
    (data / "extra.yml").write_text(GOOD)
    (data / "sub").mkdir()
    (data / "sub" / "deep.yaml").write_text(GOOD)
    files = batch.discover([data / "blinatumomab.yaml", data / "allopurinol.yaml"])
    assert names_of(files) == ["blinatumomab.yaml", "allopurinol.yaml"]
    assert not files.formulary
    folder = batch.discover([data])
    assert names_of(folder) == ["allopurinol.yaml", "blinatumomab.yaml", "extra.yml",
                                "filgrastim.yaml"]
    assert folder.formulary
    pattern = batch.discover([str(data / "*i*.yaml")])
    assert names_of(pattern) == ["allopurinol.yaml", "blinatumomab.yaml", "filgrastim.yaml"]
    assert pattern.formulary
    assert names_of(batch.discover([str(data / "**" / "*.yaml")])) == [
        "allopurinol.yaml", "blinatumomab.yaml", "filgrastim.yaml", "deep.yaml"]


def names_of(selection: batch.Selection) -> list[str]:
    return [p.name for p in selection.sources]


def test_discover_drops_repeats_and_allows_an_empty_folder(tmp_path):
    (data,) = formulary(tmp_path / "data", 1)
    assert names_of(batch.discover([data, tmp_path / "data", str(data)])) == [data.name]
    (tmp_path / "empty").mkdir()
    assert batch.discover([tmp_path / "empty"]) == batch.Selection((), True)
    assert batch.discover([str(tmp_path / "*.nothing")]) == batch.Selection((), True)


def test_error_discover_missing_path(tmp_path):
    with pytest.raises(UsageError) as info:
        batch.discover([tmp_path / "nope.yaml"])
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}: no such file or folder"


def test_error_discover_two_monographs_one_pdf(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.yaml").write_text(GOOD)
    (tmp_path / "b" / "X.yml").write_text(GOOD)
    with pytest.raises(UsageError) as info:
        batch.discover([tmp_path / "a", tmp_path / "b"])
    assert str(info.value) == (f"{tmp_path / 'a' / 'x.yaml'} and {tmp_path / 'b' / 'X.yml'} "
                               "would both be built into X.pdf; rename one of them")


LINK_OUT = ("expected a file in the folder, found a link that leads out of it; copy the "
            "monograph into the folder, or name the link on the command line to build it from "
            "where it is")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_error_discover_refuses_links_out_of_the_folder_and_what_is_not_a_file(tmp_path):
    # A link out was followed, and its target's first line printed (ln -s /etc/shadow
    # d/link.yaml); a FIFO, or a folder named like a monograph, was skipped without a word.
    data = tmp_path / "data"
    formulary(data, 1)
    (tmp_path / "secret.yaml").write_text("root:$6$s3cr3t:19000:0:99999:7:::\n")
    (data / "out.yaml").symlink_to(tmp_path / "secret.yaml")
    (data / "text.txt").write_text(GOOD)
    (data / "in.yaml").symlink_to("text.txt")  # a link that stays in the folder is followed
    (data / "sub").mkdir()
    (data / "sub" / "deep.txt").write_text(GOOD)
    (data / "deeper.yaml").symlink_to(data / "sub" / "deep.txt")
    os.mkfifo(data / "pipe.yaml")
    (data / "folder.yaml").mkdir()
    refused = {2: "expected a regular file, found a folder", 4: LINK_OUT,
               5: "expected a regular file, found a named pipe (FIFO)"}
    for args in ([data], [str(data / "*.yaml")], [str(data / "**" / "*.yaml")]):
        selection = batch.discover(args)
        assert names_of(selection) == ["allopurinol.yaml", "deeper.yaml", "folder.yaml",
                                       "in.yaml", "out.yaml", "pipe.yaml"], args
        assert selection.refused == refused, args
    # Named one by one, a link is the user's choice; a pipe is still no monograph.
    named = batch.discover([data / "out.yaml", data / "pipe.yaml"])
    assert named.refused == {1: "expected a regular file, found a named pipe (FIFO)"}
    summary = run(data, tmp_path / "out", jobs=1)
    assert names(summary.built) == ["allopurinol.yaml", "deeper.yaml", "in.yaml"]
    assert [r.failure.messages for r in summary.failed] == [
        (f"{data / name}: {refused[i]}",) for i, name in
        ((2, "folder.yaml"), (4, "out.yaml"), (5, "pipe.yaml"))]


# building

@pytest.fixture(params=[1, 3], ids=["task per leaflet", "3 leaflets per task"])
def chunk(request, monkeypatch) -> int:
    """Small batches send one leaflet per task; large ones several: test both."""
    monkeypatch.setattr(_pool, "chunk_size", lambda jobs, workers: request.param)
    return request.param


def test_chunk_size_grows_with_the_batch():
    # Up to 8 a task from 64 jobs a worker: the last leaflet of a task is written while the
    # task waits (build_all), and the end of the run goes one per task (tasks).
    assert [_pool.chunk_size(n, 2) for n in (1, 15, 16, 63, 64, 128, 200, 1000, 5000)] == [
        1, 1, 1, 3, 4, 8, 8, 8, 8]


def test_a_pool_worker_builds_each_task_together(tmp_path, monkeypatch):
    # build_all: each leaflet's files written while the next is made (tests/run/test_worker.py)
    from handouts.run import worker

    given = []
    monkeypatch.setattr(_pool, "map_jobs", lambda jobs, work, args, **kw: given.append(work))
    formulary(tmp_path / "data", 3)
    run(tmp_path / "data", tmp_path / "out", jobs=2)
    assert given == [_pool.Together(worker.build_all)]


def test_the_last_leaflets_go_one_per_task_so_that_the_workers_finish_together():
    # A worker given a last task of 8 leaflets would work on alone while the other waits:
    # after the tasks of several, one leaflet per task, as many as the workers hold in those.
    assert [len(t) for t in _pool.tasks(list(range(20)), chunk=3, workers=2)] == [
        3, 3, 3, 3, 2, 1, 1, 1, 1, 1, 1]
    assert [len(t) for t in _pool.tasks(list(range(5)), chunk=3, workers=2)] == [1] * 5
    assert [len(t) for t in _pool.tasks(list(range(4)), chunk=1, workers=2)] == [1] * 4
    assert [t for t in _pool.tasks(list("abcdefghij"), chunk=4, workers=1)] == [
        list("abcd"), list("ef"), list("g"), list("h"), list("i"), list("j")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_good_built_bad_reported_rest_goes_on(tmp_path, jobs, chunk):
    data = tmp_path / "data"
    formulary(data)
    (data / "bad.yaml").write_text(GOOD.replace("name: Testamab", "name: 3"))
    seen = []
    summary = run(data, tmp_path / "out", jobs=jobs, progress=seen.append)
    assert names(summary.built) == [p.name for p in SHIPPED]
    assert names(summary.failed) == ["bad.yaml"]
    assert summary.failed[0].failure.messages == (
        f"{data / 'bad.yaml'}:1:7: name: expected the generic name as text, found a number "
        "('3')",)
    assert summary.failed[0].failure.traceback is None
    assert sorted(names(seen)) == sorted(names(summary.results))  # one callback each
    assert [r.index for r in summary.results] == list(range(len(SHIPPED) + 1))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        ["manifest.json", *(f"{p.stem}.pdf" for p in SHIPPED)])
    recorded = json.loads((tmp_path / "out" / "manifest.json").read_text())["leaflets"]
    assert sorted(recorded) == sorted(f"{p.stem}.pdf" for p in SHIPPED)
    assert summary.pages == sum(r.leaflet.pages for r in summary.built)
    assert not summary.ok


def test_a_pool_worker_sets_what_it_loaded_aside_from_garbage_collection(tmp_path, brand,
                                                                          monkeypatch):
    # A worker's modules, fonts and catalogues live as long as it does: frozen once it is set
    # up, the collector does not walk them at each leaflet, nor a forked worker copy their
    # pages. Only there: this process (a library's caller) keeps collecting as it did.
    import gc

    from handouts.run import worker

    started = []
    monkeypatch.setattr(_pool, "map_jobs", lambda jobs, work, args, *, setup, **kw:
                        started.append(setup))
    formulary(tmp_path / "data")
    run(tmp_path / "data", tmp_path / "out", jobs=2)
    assert started == [worker.start]
    gc.unfreeze()
    try:
        worker.start(brand)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # this test process goes on to other tests


def test_workers_make_the_same_bytes_as_one_process(tmp_path):
    data = tmp_path / "data"
    formulary(data)
    run(data, tmp_path / "one", jobs=1)
    run(data, tmp_path / "two", jobs=2)
    for pdf in (tmp_path / "one").glob("*.pdf"):
        assert pdf.read_bytes() == (tmp_path / "two" / pdf.name).read_bytes()


def test_files_named_one_by_one_keep_no_manifest_and_are_always_built(tmp_path):
    sources = formulary(tmp_path / "data", 2)
    out = tmp_path / "out"
    assert len(run(sources, out).built) == 2
    assert len(run(sources, out).built) == 2
    assert not (out / "manifest.json").exists()


def test_one_leaflet_is_built_without_warming_workers(tmp_path, monkeypatch):
    # warm parses every face and the logo for forked workers to inherit; one leaflet is
    # built in this process, which parses what it draws (the seed: no italic) when it draws.
    from handouts.run import worker

    warmed = []
    warm = worker.warm
    monkeypatch.setattr(worker, "warm", lambda *a, **k: warmed.append(1) or warm(*a, **k))
    sources = formulary(tmp_path / "data", 2)
    assert len(run(sources[:1], tmp_path / "one").built) == 1
    assert warmed == []
    assert len(run(sources, tmp_path / "two").built) == 2  # in workers: warmed first
    assert warmed == [1]


# incremental rebuilds

def test_a_plan_is_not_changed_by_running_it(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    plan = batch.plan(batch.discover([data]), out, handouts.read_brand())
    batch.run(plan)
    assert plan.manifest == manifest.Manifest() and len(plan.todo) == 2
    assert len(batch.run(plan).built) == 2  # what was planned, again


def test_unchanged_rerun_builds_nothing(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data)
    run(data, out)
    before, manifest_before = stamps(out), (out / "manifest.json").read_bytes()
    seen = []
    again = run(data, out, progress=seen.append)
    assert (again.built, again.failed, seen) == ([], [], [])
    assert len(again.unchanged) == len(SHIPPED)
    assert again.pages == sum(r.leaflet.pages for r in again.unchanged) > 0
    assert stamps(out) == before
    assert (out / "manifest.json").read_bytes() == manifest_before


def test_a_changed_monograph_rebuilds_only_itself(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data)
    run(data, out)
    before = stamps(out)
    changed = data / "filgrastim.yaml"
    changed.write_text(changed.read_text().replace("Filgrastim", "Filgrastim-sndz", 1))
    again = run(data, out)
    assert names(again.built) == ["filgrastim.yaml"]
    assert again.built[0].leaflet.title == "Filgrastim-sndz"
    after = stamps(out)
    assert {name for name in before if before[name] != after[name]} == {"filgrastim.pdf"}
    assert batch.plan(batch.discover([data]), out, handouts.read_brand()).todo == ()


def test_options_brand_force_or_a_damaged_pdf_rebuild(tmp_path, write_yaml):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    run(data, out)
    assert len(run(data, out, options=handouts.Options(paper="letter")).built) == 2
    assert len(run(data, out, options=handouts.Options(paper="letter")).built) == 0
    assert len(run(data, out, options=handouts.Options(paper="letter"), force=True).built) == 2
    (out / "allopurinol.pdf").write_bytes(b"%PDF-1.7 damaged")
    (out / "blinatumomab.pdf").unlink()
    assert names(run(data, out, options=handouts.Options(paper="letter")).built) == [
        "allopurinol.yaml", "blinatumomab.yaml"]
    brand = handouts.read_brand(write_yaml("organisation: Hilltop\ntagline: Here.\n", "b.yaml"))
    plan = batch.plan(batch.discover([data]), out, brand, handouts.Options(paper="letter"))
    assert len(plan.todo) == 2


def test_deleted_monograph_loses_its_pdf_and_entry(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 3)
    other = formulary(tmp_path / "other", 1)
    run(data, out)
    run(other, out)  # named one by one: no manifest entry, never removed
    (out / "keep.pdf").write_bytes(b"not ours")
    (data / "blinatumomab.yaml").unlink()
    summary = run(data, out)
    assert summary.removed == (out / "blinatumomab.pdf",)
    assert not (out / "blinatumomab.pdf").exists()
    assert (out / "keep.pdf").exists() and (out / "allopurinol.pdf").exists()
    recorded = json.loads((out / "manifest.json").read_text())["leaflets"]
    assert sorted(recorded) == ["allopurinol.pdf", "filgrastim.pdf"]
    # A monograph that still exists but was not named this time keeps its PDF.
    assert run(data / "allopurinol.yaml", out).removed == ()
    assert run([str(data / "f*.yaml")], out).removed == ()
    assert (out / "allopurinol.pdf").exists()


def test_unreadable_manifest_rebuilds_everything_with_a_warning(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    run(data, out)
    (out / "manifest.json").write_text("{ half a manif")
    summary = run(data, out)
    assert len(summary.built) == 2
    (warning,) = summary.warnings
    assert warning.startswith(f"{out / 'manifest.json'}: not a handouts manifest")
    assert warning.endswith("; rebuilding every leaflet")
    assert len(json.loads((out / "manifest.json").read_text())["leaflets"]) == 2


# failures that are handouts' fault

@pytest.mark.parametrize("jobs", [1, 2])
def test_a_renderer_bug_names_the_file_and_the_rest_goes_on(tmp_path, monkeypatch, jobs,
                                                            start_method):
    data = tmp_path / "data"
    formulary(data)
    faults.inject(monkeypatch, "Filgrastim",
                   ZeroDivisionError("division by zero\nsecond line"))
    summary = run(data, tmp_path / "out", jobs=jobs)
    (failed,) = summary.failed
    assert failed.failure.messages == (
        f"{data / 'filgrastim.yaml'}: internal error: ZeroDivisionError: division by zero",)
    trace = failed.failure.traceback
    assert "Traceback" in trace and ", in faulty_render\n" in trace
    assert len(summary.built) == len(SHIPPED) - 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_dies_is_found_and_the_rest_is_built(tmp_path, monkeypatch, chunk, jobs,
                                                           start_method):
    data = tmp_path / "data"
    formulary(data)
    faults.inject(monkeypatch, "Filgrastim", None)
    # With --jobs 1 too: a crash in the one process would end the batch, and every re-run.
    summary = run(data, tmp_path / "out", jobs=jobs)
    assert names(summary.failed) == ["filgrastim.yaml"]
    assert summary.failed[0].failure.messages == (
        f"{data / 'filgrastim.yaml'}: internal error: the worker process building it stopped "
        "unexpectedly (a crash, or out of memory)",)
    assert len(summary.built) == len(SHIPPED) - 1


# interruptions

def test_an_interrupt_between_the_results_of_a_task_loses_none_of_them(monkeypatch):
    # Ctrl-C while the parent records the first of a task's leaflets (it printed "built"):
    # the task's other leaflets are on the disk too, and are recorded before it stops.
    monkeypatch.setattr(_pool, "chunk_size", lambda jobs, workers: 3)
    seen: list[str] = []

    def finished(result: str) -> None:
        seen.append(result)
        if len(seen) == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _pool.map_jobs(list(range(6)), str, (), workers=1, setup=dict, finished=finished,
                       died=str)
    assert seen[:3] == ["0", "1", "2"]
    assert sorted(seen) == sorted(set(seen))  # none twice


@pytest.mark.parametrize("jobs", [1, 2])
def test_interrupt_keeps_what_is_finished_and_a_rerun_completes(tmp_path, jobs, chunk):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 14)

    def ctrl_c(result):
        raise KeyboardInterrupt

    with pytest.raises(Interrupted) as info:
        run(data, out, jobs=jobs, progress=ctrl_c)
    partial = info.value.summary
    assert partial.interrupted and not partial.ok
    assert 1 <= len(partial.built) < 14
    recorded = json.loads((out / "manifest.json").read_text())["leaflets"]
    assert sorted(recorded) == sorted(r.leaflet.pdf.name for r in partial.built)
    for pdf in out.glob("*.pdf"):
        pikepdf.open(pdf).close()
    assert not list(out.glob(".*.part"))
    rest = run(data, out, jobs=jobs)
    assert len(rest.unchanged) == len(partial.built)
    assert len(rest.built) == 14 - len(partial.built)
    assert rest.ok


def test_summary_as_plain_data(tmp_path):
    data = tmp_path / "data"
    formulary(data, 2)
    (data / "bad.yaml").write_text("name: 3\n")
    data_ = run(data, tmp_path / "out").as_dict()
    assert data_["counts"] == {"built": 2, "unchanged": 0, "failed": 1, "removed": 0}
    assert data_["failed"][0]["source"] == str(data / "bad.yaml")
    assert data_["failed"][0]["bug"] is False
    assert set(data_["built"][0]) == {"source", "pdf", "title", "pages", "bytes", "sha256",
                                      "fhir"}
    assert data_["built"][0]["fhir"] is None  # no --fhir
    assert data_["fhir"] == {"written": [], "removed": []}
    json.dumps(data_)  # plain data all the way down


# untrusted manifest, races, names

def test_a_manifest_cannot_delete_files_outside_the_folder_or_not_its_own(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    run(data, out)
    victims = [tmp_path / "victim.pdf", tmp_path / "victim.txt"]
    for victim in victims:
        victim.write_text("precious")
    recorded = json.loads((out / "manifest.json").read_text())
    template = recorded["leaflets"]["allopurinol.pdf"]
    for name in ("../victim.pdf", str(tmp_path / "victim.txt")):
        recorded["leaflets"][name] = {**template, "source": "../gone/victim.yaml"}
    (out / "manifest.json").write_text(json.dumps(recorded))
    summary = run(data, out)
    assert all(victim.read_text() == "precious" for victim in victims)
    assert summary.removed == ()
    assert len(summary.built) == 2  # the manifest was not trusted: everything rebuilt
    assert summary.warnings[0].startswith(f"{out / 'manifest.json'}: not a handouts manifest")


def test_a_stale_pdf_changed_by_hand_or_a_link_is_kept(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 3)
    run(data, out)
    (out / "allopurinol.pdf").write_bytes(b"edited by hand")
    target = tmp_path / "precious.pdf"
    target.write_bytes((out / "blinatumomab.pdf").read_bytes())
    (out / "blinatumomab.pdf").unlink()
    (out / "blinatumomab.pdf").symlink_to(target)
    (data / "allopurinol.yaml").unlink()
    (data / "blinatumomab.yaml").unlink()
    summary = run(data, out)
    assert summary.removed == ()
    assert (out / "allopurinol.pdf").read_bytes() == b"edited by hand"
    assert target.exists() and (out / "blinatumomab.pdf").is_symlink()
    assert summary.warnings == tuple(
        f"{out / name}: kept, though its monograph is gone: it is not the file handouts wrote "
        "(changed since, or a link); delete it yourself if it is not wanted"
        for name in ("allopurinol.pdf", "blinatumomab.pdf"))
    assert sorted(json.loads((out / "manifest.json").read_text())["leaflets"]) == [
        "filgrastim.pdf"]


def test_an_edit_saved_during_the_run_is_never_recorded_as_built(tmp_path, monkeypatch):
    # The plan hashes the monograph, the build reads it again later: an edit saved in between
    # and reverted must not leave a leaflet of the edit that later runs call up to date.
    data, out = tmp_path / "data", tmp_path / "out"
    (source,) = formulary(data, 1)
    original = source.read_text()
    plan = batch.plan(batch.discover([data]), out, handouts.read_brand())
    source.write_text(original.replace("name: Allopurinol", "name: Edited"))
    batch.run(plan, BatchOptions(jobs=1))
    source.write_text(original)
    rerun = run(data, out)
    assert names(rerun.built) == ["allopurinol.yaml"]
    assert rerun.built[0].leaflet.title == "Allopurinol"
    assert names(run(data, out).unchanged) == ["allopurinol.yaml"]


def test_a_file_name_that_is_not_utf8_fails_alone_and_the_manifest_is_written(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    odd = Path(os.fsdecode(bytes(data) + b"/caf\xe9.yaml"))
    odd.write_text(GOOD)
    summary = run(data, out)
    assert names(summary.built) == ["allopurinol.yaml", "blinatumomab.yaml"]
    (failed,) = summary.failed
    assert failed.failure.messages == (
        f"{odd}: the file's name or folder is not valid UTF-8; rename it",)
    assert sorted(json.loads((out / "manifest.json").read_text())["leaflets"]) == [
        "allopurinol.pdf", "blinatumomab.pdf"]


def test_temporary_files_of_a_killed_run_are_cleaned_up_and_only_those(tmp_path):
    from handouts.pdf.write import atomic_writer

    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 1)
    out.mkdir()
    left = [out / ".allopurinol.pdf.k2j4l_0a.part", out / ".manifest.json.abcdefgh.part"]
    kept = [out / ".notes.txt.abcdefgh.part", out / ".allopurinol.pdf.short.part",
            out / "allopurinol.pdf.abcdefgh.part"]
    for path in left + kept:
        path.write_bytes(b"%PDF-1.7 half")
    link = out / ".linked.pdf.abcdefgh.part"
    link.symlink_to(tmp_path / "victim.pdf")
    (tmp_path / "victim.pdf").write_bytes(b"precious")
    with atomic_writer(out / "busy.pdf") as busy:  # another run writing right now
        busy.write(b"%PDF")
        run(data, out)
        assert [p.name for p in out.glob(".busy.pdf.*.part")]  # locked: left alone
    assert not any(path.exists() for path in left)
    assert all(path.exists() for path in kept)
    assert link.is_symlink() and (tmp_path / "victim.pdf").read_bytes() == b"precious"


def test_the_plan_resolves_the_output_folder_once_not_once_per_monograph(tmp_path,
                                                                         monkeypatch):
    # Every entry's key is its monograph's path relative to the output folder, which the plan
    # resolved again for each (~7 lstat calls; ~20 ms of 1,000, before any worker starts).
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 4)
    resolve = Path.resolve
    resolved: list[Path] = []

    def counted(self: Path, strict: bool = False) -> Path:
        resolved.append(self)
        return resolve(self, strict)

    monkeypatch.setattr(Path, "resolve", counted)
    plan = batch.plan(batch.discover([data]), out, handouts.read_brand())
    assert resolved.count(out) == 1
    assert sorted(inputs.source for inputs in plan.inputs.values()) == [
        f"../data/{path.name}" for path in sorted(data.glob("*.yaml"))]
