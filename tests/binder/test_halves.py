"""A big binder joined in two halves, the second in another process (binder._halves): the same
guarantees as a binder joined in one pass, the same bytes with one process or two, and one pass
again whenever the halves cannot be put together."""

from __future__ import annotations

import datetime
import os
import subprocess
from array import array
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest

import handouts
from conftest import READERS, body_of, body_words, expected_words, frames, text_lines
from handouts.binder import _frontmatter, _halves, _objects, _pdfjoin
from handouts.binder import make as binder
from handouts.errors import BuildError
from handouts.pdf import _objstm, _ttfont
from handouts.run import batch
from handouts.source.model import BatchOptions
from helpers import verapdf
from helpers.formulary import formulary

DATE = datetime.date(2025, 11, 24)
COUNT = 12


def leaflets(folder: Path, count: int) -> batch.Summary:
    formulary(folder / "data", count)
    plan = batch.plan(batch.discover([folder / "data"]), folder / "out", handouts.read_brand())
    summary = batch.run(plan, BatchOptions(jobs=2))
    assert summary.ok
    return summary


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> batch.Summary:
    return leaflets(tmp_path_factory.mktemp("halves"), COUNT)


def make(summary: batch.Summary, path: Path, monkeypatch: pytest.MonkeyPatch,
         halves: bool = True, fork: bool = True) -> binder.Binder:
    monkeypatch.setattr(_halves, "FROM", 2 if halves else 10**9)
    monkeypatch.setattr(_halves, "FORK", fork)
    return binder.make(summary.leaflets, handouts.read_brand(), path, date=DATE)


def first_pages(leaflets: list[batch.Done]) -> list[int]:
    """Each leaflet's first page (1-based) in the binder."""
    page = 1 + _frontmatter.contents_pages([_frontmatter.Entry(d.title, 0) for d in leaflets],
                                           "a4")
    firsts = []
    for leaflet in leaflets:
        firsts.append(page + 1)
        page += leaflet.pages
    return firsts


def test_a_big_binder_is_joined_in_two_processes(built, tmp_path, monkeypatch):
    log = tmp_path / "pids"
    real = binder._add

    def add(joiner, leaflet):
        with log.open("a") as file:
            file.write(f"{os.getpid()} {leaflet.title}\n")
        return real(joiner, leaflet)

    monkeypatch.setattr(binder, "_add", add)
    make(built, tmp_path / "b.pdf", monkeypatch)
    by_title = dict(reversed(line.split(" ", 1)) for line in log.read_text().splitlines())
    ordered = [leaflet.title for leaflet in binder.order(built.leaflets)]
    assert len(log.read_text().splitlines()) == COUNT and sorted(by_title) == sorted(ordered)
    cut = _halves.split(binder.order(built.leaflets))
    assert 0 < cut < COUNT and {by_title[title] for title in ordered[:cut]} == {str(os.getpid())}
    # The second half in one other process, while this one joined the first.
    children = {by_title[title] for title in ordered[cut:]}
    assert len(children) == 1 and str(os.getpid()) not in children


def test_the_front_matter_is_drawn_by_the_second_process(built, tmp_path, monkeypatch):
    # Drawn and joined before the fork, it ran beside nothing (0.25 s for 1,000 leaflets).
    log = tmp_path / "pids"
    real = _frontmatter.render

    def render(*args, **kwargs):
        with log.open("a") as file:
            file.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(_frontmatter, "render", render)
    made = make(built, tmp_path / "b.pdf", monkeypatch)
    drawn = log.read_text().split()
    assert len(drawn) == 1 and drawn[0] != str(os.getpid())
    with pikepdf.open(made.path) as pdf:  # its pages and structure still come first
        first = [kid.S for kid in pdf.Root.StructTreeRoot.K.K][:2]
        assert first == ["/H1", "/P"] and pdf.pages[0].obj.StructParents == 0


def test_each_drug_s_headings_are_bookmarked_in_its_half(built, tmp_path, monkeypatch):
    # Issue 16: the whole outline (some 12,000 items for 1,000 leaflets, 0.12 s) was written
    # after the merge, beside nothing; now only the drugs' own items are left for then.
    in_finish, written = [], []
    real_write, real_finish = _pdfjoin.Joiner.write, _pdfjoin.Joiner.finish

    def write(self, number, body, *args, **kwargs):
        if body.startswith(b"<< /Title ") and b" /Parent " in body:  # an outline item
            written.append(bool(in_finish))
        return real_write(self, number, body, *args, **kwargs)

    def finish(self, *args, **kwargs):
        in_finish.append(True)
        return real_finish(self, *args, **kwargs)

    monkeypatch.setattr(_pdfjoin.Joiner, "write", write)
    monkeypatch.setattr(_pdfjoin.Joiner, "finish", finish)
    made = make(built, tmp_path / "b.pdf", monkeypatch, fork=False)  # both halves seen here
    with pikepdf.open(made.path) as pdf:
        drugs = list(pdf.open_outline().root)
        headings = sum(len(item.children) for item in drugs)
    assert len(drugs) == COUNT and headings > COUNT
    assert written.count(True) == COUNT and written.count(False) == headings


def test_each_byte_of_a_binder_is_hashed_once(built, tmp_path, monkeypatch):
    # A half's chunk was hashed by its process, then twice more at the merge (MD5 for the ID,
    # SHA-256 for the manifest), beside nothing: one SHA-256 now gives both.
    import hashlib

    hashed = []

    class Counted:
        def __init__(self, real):
            self.real = real

        def update(self, data):
            hashed.append(len(data))
            self.real.update(data)

        def __getattr__(self, name):
            return getattr(self.real, name)

    counted = SimpleNamespace(**{name: lambda *a, _n=name, **k: Counted(getattr(hashlib, _n)(
        *a, **k)) for name in ("md5", "sha256")})
    monkeypatch.setattr(_pdfjoin, "hashlib", counted)
    monkeypatch.setattr(binder, "hashlib", SimpleNamespace(**{
        **{name: getattr(hashlib, name) for name in dir(hashlib) if not name.startswith("_")},
        **vars(counted)}))
    made = make(built, tmp_path / "b.pdf", monkeypatch, fork=False)  # both halves seen here
    data = made.path.read_bytes()
    assert sum(hashed) == len(data) and made.sha256 == hashlib.sha256(data).hexdigest()


def test_the_halves_are_cut_at_half_the_bytes(monkeypatch):
    # Joining a leaflet takes time roughly as its size: by count, the second half of these
    # would have 3 of the 4 big ones and the first process would wait for it.
    sizes = [10, 10, 10, 10, 40, 10, 40, 40, 40]
    sources = [SimpleNamespace(pdf=Path(f"{i}.pdf"), size=size) for i, size in enumerate(sizes)]
    monkeypatch.setattr(_halves, "SECOND", 0.5)
    assert _halves.split(sources) == 6  # 90 bytes before, 120 after
    assert _halves.split(sources[:2]) == 1 and _halves.split(sources[4:6]) == 1  # never empty
    assert _halves.split([SimpleNamespace(pdf=Path("a.pdf"), size=5)] * 4) == 2


def test_the_same_bytes_in_one_process_or_two(built, tmp_path, monkeypatch):
    two = make(built, tmp_path / "two.pdf", monkeypatch).path.read_bytes()
    again = make(built, tmp_path / "again.pdf", monkeypatch).path.read_bytes()
    one = make(built, tmp_path / "one.pdf", monkeypatch, fork=False).path.read_bytes()
    assert two == again == one
    whole = make(built, tmp_path / "whole.pdf", monkeypatch, halves=False).path.read_bytes()
    assert whole != two  # numbered otherwise: so the halves were taken


def test_a_binder_in_halves_keeps_every_guarantee(built, tmp_path, monkeypatch):
    made = make(built, tmp_path / "b.pdf", monkeypatch)
    leaflets = binder.order(built.leaflets)
    check = subprocess.run(["qpdf", "--check", str(made.path)], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors found" in check.stdout
    for leaflet, first in zip(leaflets, first_pages(leaflets), strict=True):
        words = body_words(made.path, first=first, last=first + leaflet.pages - 1)
        assert words == body_words(leaflet.pdf), leaflet.title
        source = leaflet.pdf.parent.parent / "data" / f"{leaflet.pdf.stem}.yaml"
        assert words == expected_words(source), leaflet.title
    with pikepdf.open(made.path) as pdf:
        assert len(pdf.pages) == made.pages == first + leaflet.pages - 1
        tree = pdf.Root.StructTreeRoot
        parts = [kid for kid in tree.K.K if kid.S == "/Part"]
        assert [str(part.T) for part in parts] == [leaflet.title for leaflet in leaflets]
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        links = [int(a.StructParent) for page in pdf.pages for a in page.obj.get("/Annots", [])]
        nums = tree.ParentTree.Nums
        assert [int(nums[i]) for i in range(0, len(nums), 2)] == sorted(keys + links)
        assert keys == sorted(keys) and int(tree.ParentTreeNextKey) == max(keys + links) + 1
        outline = [str(item.title) for item in pdf.open_outline().root]
        assert outline == [leaflet.title for leaflet in leaflets]
        labels = pikepdf.NumberTree(pdf.Root.PageLabels)
        assert len(labels) == COUNT + 1
    verapdf.require_verapdf()
    verapdf.compile_validator()
    for verdict in verapdf.validate([made.path], flavours=("ua1", "2a")):
        assert verdict.compliant, verdict.summary()


@pytest.fixture(scope="module")
def halved(built, tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return make(built, tmp_path_factory.mktemp("halved") / "b.pdf", monkeypatch).path


@pytest.mark.parametrize("reader", READERS)
def test_every_leaflet_body_is_in_a_binder_in_halves_exactly(reader, built, halved):
    # Read once for the whole binder (Ghostscript takes a tenth of a second to start).
    pages = None if reader == "poppler" else text_lines(halved, reader)
    measured = frames(halved)
    leaflets = binder.order(built.leaflets)
    for leaflet, first in zip(leaflets, first_pages(leaflets), strict=True):
        last = first + leaflet.pages - 1
        words = body_words(halved, reader=reader, first=first, last=last) if pages is None \
            else body_of(pages[first - 1:last], measured[first - 1:last])
        source = leaflet.pdf.parent.parent / "data" / f"{leaflet.pdf.stem}.yaml"
        assert words == expected_words(source), (reader, leaflet.title)


def test_halves_that_tag_two_subsets_alike_are_joined_in_one_pass(tmp_path, monkeypatch):
    # Each half renames a clash within itself; across halves only one pass can.
    monkeypatch.setattr(_ttfont, "subset_tag",
                        lambda name, points, attempt=0: "AAAAA" + "ABCDEFGHIJ"[attempt])
    summary = leaflets(tmp_path, 4)
    halved = make(summary, tmp_path / "halves.pdf", monkeypatch)
    whole = make(summary, tmp_path / "whole.pdf", monkeypatch, halves=False)
    assert halved.path.read_bytes() == whole.path.read_bytes()


def test_a_first_half_past_its_bound_is_joined_in_one_pass(built, tmp_path, monkeypatch):
    monkeypatch.setattr(_halves, "bound", lambda pdf: (1, 0))  # room for nothing
    halved = make(built, tmp_path / "halves.pdf", monkeypatch)
    whole = make(built, tmp_path / "whole.pdf", monkeypatch, halves=False)
    assert halved.path.read_bytes() == whole.path.read_bytes()


def test_error_a_leaflet_of_the_second_half_changed(built, tmp_path, monkeypatch):
    last = binder.order(built.leaflets)[-1]
    data = last.pdf.read_bytes()
    (tmp_path / "b.pdf").write_bytes(b"the old binder")
    try:
        last.pdf.write_bytes(data + b"\n")
        with pytest.raises(BuildError) as info:
            make(built, tmp_path / "b.pdf", monkeypatch)
    finally:
        last.pdf.write_bytes(data)
    assert str(info.value) == f"{last.pdf} changed while the binder was being made; run again"
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]
    assert (tmp_path / "b.pdf").read_bytes() == b"the old binder"


def test_error_the_second_process_stops(built, tmp_path, monkeypatch):
    parent, real = os.getpid(), binder._add

    def add(joiner, leaflet):
        if os.getpid() != parent:
            os._exit(9)
        return real(joiner, leaflet)

    monkeypatch.setattr(binder, "_add", add)
    path = tmp_path / "b.pdf"
    with pytest.raises(BuildError) as info:
        make(built, path, monkeypatch)
    assert str(info.value) == (f"{path}: cannot make the binder: the process joining the "
                               "second half stopped (exit code 9)")
    assert list(tmp_path.iterdir()) == []


def test_bound_is_read_from_the_trailer_or_the_file_opened(built, tmp_path):
    leaflet = built.leaflets[0].pdf
    with pikepdf.open(leaflet) as pdf:
        size = int(pdf.trailer.Size)
        pdf.save(tmp_path / "classic.pdf", object_stream_mode=pikepdf.ObjectStreamMode.disable)
    assert _halves.bound(leaflet) == (size + 3 + size // 500, size)
    with pikepdf.open(tmp_path / "classic.pdf") as pdf:  # a trailer dictionary, no xref stream
        classic = int(pdf.trailer.Size)
    assert _halves.bound(tmp_path / "classic.pdf") == (classic + 3 + classic // 500, classic)


def test_a_number_left_free_is_a_free_entry():
    assert _objects.xref_entry(_objects.FREE) == (0, 0, 0)
    assert _objects.xref_entry(_objects.in_stream(7, 3)) == (2, 7, 3)


def test_the_xref_rows_are_packed_as_entry_by_entry():
    slots = array("q", [0, 17, _objects.FREE, _objects.in_stream(9, 0), 2**24 - 1,
                        _objects.in_stream(2**24 - 1, 0xFFFF), _objects.FREE, 123456])
    slots *= 5000  # more than one piece
    slots[7:7] = array("q", [_objects.FREE]) * 20000  # whole pieces free, between halves
    by_entry = _objstm.xref_stream(len(slots) + 1, 2**24 + 9, map(_objects.xref_entry, slots),
                                   b"/Root 1 0 R", 6)
    packed = _objstm.xref_stream(len(slots) + 1, 2**24 + 9, (), b"/Root 1 0 R", 6,
                                 rows=lambda width: _objects.xref_rows(slots, width))
    assert packed == by_entry
    for width in (3, 4, 5):
        assert b"".join(_objects.xref_rows(slots, width)) == b"".join(
            bytes((k,)) + f.to_bytes(width, "big") + i.to_bytes(2, "big")
            for k, f, i in map(_objects.xref_entry, slots))


def test_the_xref_is_not_written_a_row_at_a_time_in_python(built, tmp_path, monkeypatch):
    # Some 155,000 numbers in a binder of 1,000 leaflets: 0.2 s, after the merge, alone.
    def entry(slot):
        raise AssertionError("a row at a time")

    monkeypatch.setattr(_objects, "xref_entry", entry)
    made = make(built, tmp_path / "b.pdf", monkeypatch)
    check = subprocess.run(["qpdf", "--check", str(made.path)], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors found" in check.stdout


def test_the_xref_stream_is_compressed_at_zlibs_fastest(built, tmp_path, monkeypatch):
    data = make(built, tmp_path / "b.pdf", monkeypatch).path.read_bytes()
    xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    stream = data[xref:].split(b"stream\n", 1)[1]
    assert stream[:2] == b"\x78\x01"  # zlib's header: the fastest level, which compresses
    # these rows better than the default does


def test_a_ctrl_c_in_the_first_half_stops_the_second(built, tmp_path, monkeypatch):
    import multiprocessing

    parent, calls = os.getpid(), []

    def checkpoint():  # the CLI's, once Ctrl-C came: raises at the next leaflet
        if os.getpid() == parent:
            calls.append(1)
            if len(calls) == 3:
                raise KeyboardInterrupt

    monkeypatch.setattr(_halves, "FROM", 2)
    (tmp_path / "b.pdf").write_bytes(b"the old binder")
    with pytest.raises(KeyboardInterrupt):
        binder.make(built.leaflets, handouts.read_brand(), tmp_path / "b.pdf", date=DATE,
                    checkpoint=checkpoint)
    assert multiprocessing.active_children() == []  # the second half's process is gone
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]
    assert (tmp_path / "b.pdf").read_bytes() == b"the old binder"
