"""One leaflet of a run as a worker process builds it (run.worker), and a task's leaflets in
a row, each written while the next is made."""

from __future__ import annotations

import errno
import hashlib
import threading
from pathlib import Path

import handouts
from handouts.run import fhir, worker
from handouts.run.plan import Refresh
from helpers.formulary import formulary


def jobs_for(tmp_path: Path, count: int) -> list[worker.Job]:
    sources = formulary(tmp_path / "data", count)
    return [(i, source, tmp_path / "out" / f"{source.stem}.pdf", None)
            for i, source in enumerate(sources)]


def test_each_pdf_is_written_while_the_next_leaflet_is_made(tmp_path, brand, monkeypatch):
    # Writing a PDF waits on the disk (its fsync: 1 to 8 ms here, a leaflet's render ~17 ms):
    # a worker makes the next leaflet meanwhile.
    jobs = jobs_for(tmp_path, 3)
    renders: list[str] = []
    second_made = threading.Event()
    overlapped = []
    real_render, real_write = worker.render_leaflet, worker.write_atomic

    def render(monograph, *args):
        renders.append(monograph.name)
        if len(renders) == 2:
            second_made.set()
        return real_render(monograph, *args)

    def write(path, data):
        if path == jobs[0][2]:
            overlapped.append(second_made.wait(timeout=20))
        real_write(path, data)

    monkeypatch.setattr(worker, "render_leaflet", render)
    monkeypatch.setattr(worker, "write_atomic", write)
    results = worker.build_all(jobs, brand, handouts.Options())
    assert overlapped == [True]
    assert [(r.index, r.status) for r in results] == [(0, "built"), (1, "built"), (2, "built")]
    for job, result in zip(jobs, results, strict=True):
        assert result.leaflet is not None and result.leaflet.pdf == job[2]
        assert hashlib.sha256(job[2].read_bytes()).hexdigest() == result.leaflet.sha256


def test_build_all_gives_what_build_gives_one_by_one(tmp_path, brand):
    jobs = jobs_for(tmp_path / "all", 3)
    one_by_one = [worker.build((i, source, tmp_path / "one" / pdf.name, refresh), brand,
                               handouts.Options())
                  for i, source, pdf, refresh in jobs]
    together = worker.build_all(jobs, brand, handouts.Options())
    assert [(r.index, r.status, r.source_sha256, r.warnings) for r in together] == [
        (r.index, r.status, r.source_sha256, r.warnings) for r in one_by_one]
    assert [r.leaflet.sha256 for r in together] == [r.leaflet.sha256 for r in one_by_one]


def test_error_a_pdf_that_cannot_be_written_fails_alone(tmp_path, brand, monkeypatch):
    jobs = jobs_for(tmp_path, 3)
    real_write = worker.write_atomic

    def write(path, data):
        if path == jobs[1][2]:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(worker, "write_atomic", write)
    results = worker.build_all(jobs, brand, handouts.Options())
    assert [r.status for r in results] == ["built", "failed", "built"]
    assert results[1].failure is not None and results[1].failure.messages == (
        f"{jobs[1][1]}: cannot write {jobs[1][2]}: No space left on device",)
    assert results[1].leaflet is None and not jobs[1][2].exists()
    assert jobs[0][2].exists() and jobs[2][2].exists()


def test_build_all_writes_each_reference_after_its_pdf_and_refreshes_them(tmp_path, brand):
    jobs = jobs_for(tmp_path / "all", 3)
    one = [(i, source, tmp_path / "one" / pdf.name, None) for i, source, pdf, _ in jobs]
    request = fhir.Request(inline=False, date="2025-11-24T16:00:00Z")
    built = worker.build_all(jobs, brand, handouts.Options(), request)
    alone = [worker.build(job, brand, handouts.Options(), request) for job in one]
    assert [r.status for r in built] == ["built"] * 3 and all(r.wrote_reference for r in built)
    for job, together, single in zip(jobs, built, alone, strict=True):
        assert together.leaflet is not None and single.leaflet is not None
        assert together.leaflet.fhir == single.leaflet.fhir is not None
        assert fhir.json_path(job[2]).read_bytes() == fhir.json_path(single.leaflet.pdf) \
            .read_bytes()
    # Up to date, its reference asked for in the other form: the reference alone is written.
    stamps = [job[2].stat().st_mtime_ns for job in jobs]
    refresh = [(i, source, pdf, Refresh(i, r.leaflet, r.source_sha256, request.date))
               for (i, source, pdf, _), r in zip(jobs, built, strict=True)
               if r.leaflet is not None and r.source_sha256 is not None]
    inline = fhir.Request(inline=True, date="2025-12-01T09:00:00Z")
    again = worker.build_all(refresh, brand, handouts.Options(), inline)
    assert [r.status for r in again] == ["unchanged"] * 3
    assert [job[2].stat().st_mtime_ns for job in jobs] == stamps
    for job, result in zip(jobs, again, strict=True):
        assert result.leaflet is not None and result.leaflet.fhir is not None
        assert result.leaflet.fhir.inline and result.leaflet.fhir.date == request.date
        assert b'"data"' in fhir.json_path(job[2]).read_bytes()
