"""The binder: cover, contents, every leaflet in order, bookmarks, labels, tags, same bytes.

Covers binder._objects (the PDF pieces the join reads and writes), binder._copy (a source's
objects copied) and page.cover through the binder's cover and contents.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

import handouts
from conftest import (
    READERS,
    body_of,
    body_words,
    cmap_problems,
    expected_words,
    frames,
    in_order,
    nfc_words,
    png_logo_brand,
    text_lines,
    too_near_the_edge,
)
from handouts.binder import _frontmatter, _pdfjoin
from handouts.binder import make as binder
from handouts.errors import BuildError
from handouts.pdf import _ttfont
from handouts.run import batch
from handouts.source.model import BatchOptions
from helpers import verapdf
from helpers.formulary import formulary

DATE = datetime.date(2025, 11, 24)
COUNT = 40  # enough for two contents pages on A4


class Book:
    def __init__(self, folder: Path) -> None:
        self.data = folder / "data"
        formulary(self.data, COUNT)
        self.brand = handouts.read_brand()
        plan = batch.plan(batch.discover([self.data]), folder / "out", self.brand)
        self.summary = batch.run(plan, BatchOptions(jobs=2))
        assert self.summary.ok
        self.leaflets = binder.order(self.summary.leaflets)
        self.path = folder / "binder.pdf"
        self.made = binder.make(self.summary.leaflets, self.brand, self.path, date=DATE)
        # The first page of each leaflet (0-based): after the cover and the contents.
        self.front = 1 + handouts.binder._frontmatter.contents_pages(
            [_frontmatter.Entry(leaflet.title, 0) for leaflet in self.leaflets], "a4")
        self.first = []
        page = self.front
        for leaflet in self.leaflets:
            self.first.append(page)
            page += leaflet.pages
        self.pages = text_pages(self.path)

    def source(self, leaflet: batch.Done) -> Path:
        return self.data / f"{leaflet.pdf.stem}.yaml"


def text_pages(pdf: Path, layout: bool = False) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []),
                           str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Book:
    return Book(tmp_path_factory.mktemp("binder"))


def test_alphabetical_by_generic_name(book):
    titles = [leaflet.title for leaflet in book.leaflets]
    assert titles[:4] == ["Allopurinol", "Allopurinol 2", "Allopurinol 3", "Allopurinol 4"]
    assert titles == sorted(titles, key=str.casefold)
    assert (book.made.drugs, book.made.pages) == (COUNT, book.front + book.summary.pages)


def test_order_ignores_case_and_accents():
    def done(title: str, name: str = "x") -> batch.Done:
        return batch.Done(Path(f"{name}.pdf"), title, 1, 1, "")

    titles = ["Zidovudine", "éculizumab", "Abacavir", "Eculizumab B", "abacavir"]
    ordered = binder.order([done(t, str(i)) for i, t in enumerate(titles)])
    assert [d.title for d in ordered] == ["Abacavir", "abacavir", "éculizumab", "Eculizumab B",
                                          "Zidovudine"]


def test_cover_names_organisation_date_and_count(book):
    cover = nfc_words(book.pages[0])
    assert cover == nfc_words("Riverside Cancer Care Patient information leaflets Riverside "
                              f"Cancer Care {COUNT} medicines Built on 24 November 2025 "
                              "Together we care. Together we cure.")


def test_contents_lists_every_drug_at_its_first_page(book):
    entries = []
    for page in text_pages(book.path, layout=True)[1:book.front]:
        for line in page.splitlines():
            match = re.fullmatch(r"\s*(\S.*?)[\s.]+?(\d+)\s*", line)
            if match and match[1] not in ("Riverside Cancer Care",):
                entries.append((match[1].strip(" ."), int(match[2])))
    assert entries == [(leaflet.title, first + 1)  # printed from 1, the cover
                       for leaflet, first in zip(book.leaflets, book.first, strict=True)]
    assert book.front == 3  # a cover and two pages of contents


def test_page_labels_restart_for_each_drug(book):
    with pikepdf.open(book.path) as pdf:
        labels = [page.label for page in pdf.pages]
    expected = ["i", "ii", "iii"]
    for leaflet in book.leaflets:
        expected += [f"{leaflet.title} {n}" for n in range(1, leaflet.pages + 1)]
    assert labels == expected


def test_one_bookmark_per_drug_with_its_headings(book):
    with pikepdf.open(book.path) as pdf, pdf.open_outline() as outline:
        drugs = outline.root
        assert [item.title for item in drugs] == [leaflet.title for leaflet in book.leaflets]
        for item, leaflet, first in zip(drugs, book.leaflets, book.first, strict=True):
            assert item.is_closed
            assert pdf.pages.index(pikepdf.Page(item.destination[0])) == first
            with pikepdf.open(leaflet.pdf) as single, single.open_outline() as own:
                (title,) = own.root
                assert list(item.destination)[1:] == list(title.destination)[1:]
                assert [c.title for c in item.children] == [c.title for c in title.children]
                for mine, theirs in zip(item.children, title.children, strict=True):
                    page = pdf.pages.index(pikepdf.Page(mine.destination[0]))
                    own_page = single.pages.index(pikepdf.Page(theirs.destination[0]))
                    assert page == first + own_page
                    assert list(mine.destination)[1:] == list(theirs.destination)[1:]


def test_contents_entries_link_to_their_drug(book):
    with pikepdf.open(book.path) as pdf:
        dests = pdf.Root.Dests
        annotations = [(index, a) for index, page in enumerate(pdf.pages[:book.front])
                       for a in page.obj.get("/Annots", [])]
        assert len(annotations) == COUNT
        for (index, link), leaflet, first in zip(annotations, book.leaflets, book.first,
                                                 strict=True):
            assert index in (1, 2) and link.Subtype == "/Link" and int(link.F) == 4
            target = dests[link.Dest]
            assert pdf.pages.index(pikepdf.Page(target[0])) == first
            assert str(link.Contents) == f"{leaflet.title}, page {first + 1}"
            element = pdf.Root.StructTreeRoot.ParentTree.Nums[2 * int(link.StructParent) + 1]
            assert element.S == "/Link" and element.K[-1].Obj.objgen == link.objgen


def test_every_leaflet_is_in_the_binder_word_for_word(book):
    for leaflet, first in zip(book.leaflets, book.first, strict=True):
        pages = book.pages[first:first + leaflet.pages]
        words = nfc_words("\n".join(pages))
        assert words == nfc_words("\n".join(text_pages(leaflet.pdf))), leaflet.title
        assert in_order(expected_words(book.source(leaflet)), words) == [], leaflet.title


@pytest.mark.parametrize("reader", READERS)
def test_every_leaflet_body_is_in_the_binder_exactly(reader, book):
    # Read once for the whole binder (Ghostscript takes a tenth of a second to start).
    pages = None if reader == "poppler" else text_lines(book.path, reader)
    measured = frames(book.path)
    for leaflet, first in zip(book.leaflets, book.first, strict=True):
        if pages is None:
            words = body_words(book.path, reader=reader, first=first + 1,
                               last=first + leaflet.pages)
        else:
            words = body_of(pages[first:first + leaflet.pages],
                            measured[first:first + leaflet.pages])
        assert words == expected_words(book.source(leaflet)), leaflet.title


def test_two_builds_are_byte_identical(book, tmp_path):
    again = binder.make(book.summary.leaflets, book.brand, tmp_path / "again.pdf", date=DATE)
    assert again.path.read_bytes() == book.path.read_bytes()
    later = binder.make(book.summary.leaflets, book.brand, tmp_path / "later.pdf",
                        date=DATE + datetime.timedelta(days=1))
    assert later.path.read_bytes() != book.path.read_bytes()


def test_fonts_and_forms_shared_not_duplicated(book):
    def font_files(path: Path) -> dict[bytes, int]:
        files: dict[bytes, int] = {}
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj:
                    data = obj.FontFile2.read_raw_bytes()
                    files[data] = files.get(data, 0) + 1
        return files

    in_binder = font_files(book.path)
    assert all(count == 1 for count in in_binder.values())  # each distinct subset once
    in_leaflets: dict[bytes, int] = {}
    for leaflet in book.leaflets:
        for data in font_files(leaflet.pdf):
            in_leaflets[data] = in_leaflets.get(data, 0) + 1
    assert set(in_leaflets) <= set(in_binder)
    # Copies of a monograph draw the same characters, so embed the same subsets: written once.
    # (A subset holds only the characters drawn, so each drug's bold subset is its own.)
    assert max(in_leaflets.values()) > 1
    assert book.made.shared > COUNT
    assert book.made.size < book.made.leaflets_size - sum(
        len(data) * (n - 1) for data, n in in_leaflets.items())


def test_every_to_unicode_cmap_is_valid(book):
    assert cmap_problems(book.path) == []


def font_names(pdf: Path) -> list[str]:
    """The name of every font object pdffonts lists (each once, by object number)."""
    rows = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                          text=True).stdout.splitlines()[2:]
    return [row.split()[0] for row in rows]


def test_no_two_fonts_share_a_name(book):
    # ISO 32000-1 9.6.4: distinct subsets in one file have distinct tags. The binder stores
    # each distinct font once, so two font objects of one name are two different subsets.
    names = font_names(book.path)
    assert len(names) > 3  # the leaflets' regular subsets differ
    assert sorted(names) == sorted(set(names))


def test_clashing_subset_tags_are_renamed(tmp_path, monkeypatch):
    # Leaflets tag a subset from a hash of its content: two different subsets could still
    # draw the same six letters. Force that, as ReportLab's own AAAAAA+ did for every one.
    monkeypatch.setattr(_ttfont, "subset_tag",
                        lambda name, points, attempt=0: "AAAAA" + "ABCDEFGHIJ"[attempt])
    brand = handouts.read_brand()
    done = []
    for source in formulary(tmp_path / "data", 3):
        pdf, leaflet = handouts.build(source, tmp_path / "out", brand)
        done.append(batch.Done(pdf, handouts.read_monograph(source).name, leaflet.pages,
                               len(leaflet.pdf), hashlib.sha256(leaflet.pdf).hexdigest()))
    assert len({n for d in done for n in font_names(d.pdf)}) == 2  # one name a font
    made = binder.make(done, brand, tmp_path / "b.pdf", date=DATE)
    names = font_names(made.path)
    assert sorted(names) == sorted(set(names))
    assert len(names) > 3
    # Renamed consistently: each font's descriptor names it as the font does.
    with pikepdf.open(made.path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                assert obj.BaseFont == obj.FontDescriptor.FontName
    first = 1 + _frontmatter.contents_pages([_frontmatter.Entry(d.title, 0) for d in done],
                                            "a4")
    for leaflet in binder.order(done):
        words = body_words(made.path, first=first + 1, last=first + leaflet.pages)
        assert words == body_words(leaflet.pdf), leaflet.title
        first += leaflet.pages


def test_structure_tree_one_document_a_part_per_leaflet(book):
    with pikepdf.open(book.path) as pdf:
        tree = pdf.Root.StructTreeRoot
        document = tree.K
        assert document.S == "/Document"
        tags = [str(kid.S) for kid in document.K]
        assert tags == ["/H1", "/P", "/P", "/P", "/H1", "/TOC", *["/Part"] * COUNT]
        toc = document.K[5]
        assert [str(item.S) for item in toc.K] == ["/TOCI"] * COUNT
        assert [str(item.K[0].S) for item in toc.K] == ["/Link"] * COUNT
        for part, leaflet in zip(list(document.K)[6:], book.leaflets, strict=True):
            assert part.Lang == "en" and part.P.objgen == document.objgen
            assert str(part.T) == leaflet.title
            assert [str(kid.S) for kid in part.K][:2] == ["/Figure", "/H1"]
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        links = [int(a.StructParent) for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert len(links) == COUNT
        nums = tree.ParentTree.Nums
        # One parent-tree entry per page and per link, none shared, none missing, and the
        # number tree's keys in ascending order as the PDF format requires.
        assert len(set(keys + links)) == len(keys + links)
        assert [int(nums[i]) for i in range(0, len(nums), 2)] == sorted(keys + links)
        assert keys == sorted(keys)
        assert int(tree.ParentTreeNextKey) == max(keys + links) + 1
        # Each marked-content id on a page leads back to an element drawn on that page: its
        # own /Pg, or a marked-content reference (a paragraph split across pages).
        for page in pdf.pages[::5]:
            for element in nums[2 * int(page.obj.StructParents) + 1]:
                kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                pages = {element.Pg.objgen} | {k.Pg.objgen for k in kids
                                                if isinstance(k, pikepdf.Dictionary) and "/Pg" in k}
                assert page.obj.objgen in pages


def test_conforms_to_pdfua1_and_pdfa2a(book):
    verapdf.require_verapdf()  # skips locally, fails in CI, when java, jar or JAXB are missing
    verapdf.compile_validator()
    for verdict in verapdf.validate([book.path], flavours=("ua1", "2a")):
        assert verdict.compliant, verdict.summary()


def test_qpdf_finds_nothing_wrong(book):
    check = subprocess.run(["qpdf", "--check", str(book.path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout


def test_failed_binder_leaves_the_old_one_and_no_temp(book, tmp_path, monkeypatch):
    target = tmp_path / "b.pdf"
    target.write_bytes(b"old binder")
    real = _pdfjoin.Joiner.add
    added = []

    def fail_third(self, pdf, *args, **kwargs):
        added.append(pdf)
        if len(added) == 3:
            raise _pdfjoin.JoinError("simulated")
        return real(self, pdf, *args, **kwargs)

    monkeypatch.setattr(_pdfjoin.Joiner, "add", fail_third)
    with pytest.raises(BuildError) as info:
        binder.make(book.summary.leaflets, book.brand, target, date=DATE)
    assert str(info.value) == f"{target}: cannot make the binder: simulated"
    assert target.read_bytes() == b"old binder"
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]


def test_error_leaflet_changed_since_it_was_built(tmp_path):
    (source,) = formulary(tmp_path / "data", 1)
    summary = batch.run(batch.plan(batch.discover([source]), tmp_path / "out",
                                   handouts.read_brand()))
    (leaflet,) = summary.leaflets
    leaflet.pdf.write_bytes(leaflet.pdf.read_bytes() + b"\n")
    with pytest.raises(BuildError) as info:
        binder.make(summary.leaflets, handouts.read_brand(), tmp_path / "b.pdf", date=DATE)
    assert str(info.value) == (f"{leaflet.pdf} changed while the binder was being made; "
                               "run again")
    assert not (tmp_path / "b.pdf").exists()


def test_build_date_from_source_date_epoch():
    assert binder.build_date({"SOURCE_DATE_EPOCH": "1764000000"}) == DATE
    assert binder.build_date({}) == datetime.date.today()


def test_error_build_date_not_a_number():
    with pytest.raises(BuildError) as info:
        binder.build_date({"SOURCE_DATE_EPOCH": "yesterday"})
    assert str(info.value) == ("SOURCE_DATE_EPOCH='yesterday': expected a whole number of "
                               "seconds since 1970")


def test_letter_binder_of_one(tmp_path):
    sources = formulary(tmp_path / "data", 1)
    options = handouts.Options(paper="letter")
    summary = batch.run(batch.plan(batch.discover(sources), tmp_path / "out",
                                   handouts.read_brand(), options))
    made = binder.make(summary.leaflets, handouts.read_brand(), tmp_path / "b.pdf", options,
                       DATE)
    assert made.pages == 2 + summary.pages
    with pikepdf.open(made.path) as pdf:
        assert [round(float(x)) for x in pdf.pages[0].MediaBox] == [0, 0, 612, 792]
        assert "1 medicine " in " ".join(text_pages(made.path)[0].split()) + " "


def test_titles_come_from_the_leaflets_not_the_manifest(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 3)
    brand = handouts.read_brand()
    batch.run(batch.plan(batch.discover([data]), out, brand))
    recorded = json.loads((out / "manifest.json").read_text())
    recorded["leaflets"]["allopurinol.pdf"]["title"] = "Aaa: take ten times the dose"
    (out / "manifest.json").write_text(json.dumps(recorded))
    summary = batch.run(batch.plan(batch.discover([data]), out, brand))
    assert len(summary.unchanged) == 3  # the edit is to a field no build depends on
    made = binder.make(summary.leaflets, brand, tmp_path / "b.pdf", date=DATE)
    text = " ".join(text_pages(made.path)[1].split())
    assert "ten times" not in text and "Allopurinol" in text
    with pikepdf.open(made.path) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == ["Allopurinol", "Blinatumomab",
                                                         "Filgrastim"]


def test_parent_tree_refers_to_elements_never_copies_them(book):
    with pikepdf.open(book.path) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        values = [nums[i] for i in range(1, len(nums), 2)]
        assert all(isinstance(v, pikepdf.Array) or v.is_indirect for v in values)
        links = [v for v in values if not isinstance(v, pikepdf.Array)]
        assert len(links) == COUNT and all(pikepdf.Name.Link == v.S for v in links)
    struct = subprocess.run(["pdfinfo", "-struct", str(book.path)], capture_output=True,
                            text=True, check=True)
    assert "wrong type" not in struct.stderr, struct.stderr


def test_a_binder_left_half_written_by_a_killed_run_is_cleaned_up(book, tmp_path):
    left = tmp_path / ".b.pdf.x1y2z3_4.part"
    left.write_bytes(b"%PDF-1.7 half a binder")
    other = tmp_path / ".other.pdf.x1y2z3_4.part"  # not the binder's: not ours to remove
    other.write_bytes(b"%PDF")
    binder.make(book.summary.leaflets, book.brand, tmp_path / "b.pdf", date=DATE)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.pdf.x1y2z3_4.part", "b.pdf"]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("logo", ["svg", "png"])
def test_front_matter_keeps_clear_of_the_unprintable_edge(tmp_path, paper, logo):
    brand = (handouts.read_brand() if logo == "svg"
             else handouts.read_brand(png_logo_brand(tmp_path)))
    entries = [_frontmatter.Entry(f"Medicine number {i}", 3 + 2 * i) for i in range(COUNT)]
    front = _frontmatter.render(entries, brand, paper, DATE)
    assert front.pages == 1 + _frontmatter.contents_pages(entries, paper) >= 3
    (tmp_path / "front.pdf").write_bytes(front.pdf)
    assert too_near_the_edge(tmp_path / "front.pdf") == []


def test_a_long_name_wraps_in_the_contents_never_cut(tmp_path):
    # A name that fits its own leaflet's header (two lines) fits the contents on two lines.
    long = " ".join(["Wide"] * 22)
    entries = [_frontmatter.Entry("Allopurinol", 3), _frontmatter.Entry(long, 5),
               _frontmatter.Entry("Zidovudine", 9)]
    front = _frontmatter.render(entries, handouts.read_brand(), "a4", DATE)
    (tmp_path / "front.pdf").write_bytes(front.pdf)
    # The words without the dot leaders ("Zidovudine....... 9").
    words = [w.rstrip(".") for w in text_pages(tmp_path / "front.pdf")[1].split()]
    contents = " ".join(w for w in words if w)
    assert f"Contents Allopurinol 3 {long} 5 Zidovudine 9 " in contents
    (_, (_, low, _, high)) = front.entries[1]
    assert high - low > 2 * 20 - 1  # the link covers both lines of the entry


def test_the_binder_does_not_import_the_batch():
    # Issue 15: arrows only point down the pipeline; the batch calls the binder, not back.
    check = subprocess.run([sys.executable, "-c", "import sys, handouts.binder.make; "
                            "print('handouts.run.batch' in sys.modules)"],
                           capture_output=True, text=True, check=True)
    assert check.stdout == "False\n"


def test_a_reference_is_renumbered_but_never_text_that_looks_like_one():
    import io

    from handouts.binder import _copy

    pdf = pikepdf.new()
    target = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Target))
    source = pikepdf.Dictionary(
        T=pikepdf.String("see 4 0 R (and \\ 5 0 R)"),  # parentheses and a backslash
        N=pikepdf.Name("/F1"), A=pikepdf.Array([1, 0, target, 2, 0]), R=target)
    joiner = _pdfjoin.Joiner(io.BytesIO())
    copier = _copy.Copier(joiner, pdf)
    body = copier.serialise(source)
    ours = copier.refs[target.objgen]
    assert ours != target.unparse()  # renumbered: the joiner's own objects come first
    assert pikepdf.String("see 4 0 R (and \\ 5 0 R)").unparse() in body
    assert b"/N /F1 " in body
    assert b"/A [ 1 0 %s 2 0 ]" % ours in body and b"/R %s" % ours in body


@pytest.mark.parametrize("field", ["title", "pages"])
def test_a_manifest_that_misdescribes_a_leaflet_changes_nothing(tmp_path, field):
    # The recorded titles and page counts lay out the contents; a wrong one (or one that
    # cannot be printed) is found as the leaflet is copied, and the binder made from the PDFs.
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 3)
    brand = handouts.read_brand()
    honest = batch.run(batch.plan(batch.discover([data]), out, brand))
    expected = binder.make(honest.leaflets, brand, tmp_path / "honest.pdf", date=DATE)
    recorded = json.loads((out / "manifest.json").read_text())
    recorded["leaflets"]["filgrastim.pdf"][field] = {"title": "\u0007", "pages": 40}[field]
    (out / "manifest.json").write_text(json.dumps(recorded))
    summary = batch.run(batch.plan(batch.discover([data]), out, brand))
    assert len(summary.unchanged) == 3
    made = binder.make(summary.leaflets, brand, tmp_path / "b.pdf", date=DATE)
    assert (made.pages, made.drugs) == (expected.pages, 3)
    assert made.path.read_bytes() == expected.path.read_bytes()
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]  # first try


def test_pages_and_structure_tree_are_copied_by_qpdf_not_item_by_item(book, monkeypatch):
    # Issue 16: walking a leaflet's ~130 objects value by value in Python was most of the
    # binder's time; qpdf copies its pages and structure tree, the Copier only its resources.
    import io

    from handouts.binder import _copy

    walked: list[str] = []
    real = _copy.Copier.serialise

    def serialise(self, obj, shared=False):
        if isinstance(obj, pikepdf.Dictionary):
            walked.append(str(obj.get("/Type")))
        return real(self, obj, shared)

    monkeypatch.setattr(_copy.Copier, "serialise", serialise)
    joiner = _pdfjoin.Joiner(io.BytesIO())
    with pikepdf.open(book.leaflets[0].pdf) as pdf:
        pages = len(pdf.pages)
        added = joiner.add(pdf, title="A drug")
    assert len(added.pages) == pages and joiner.parts and joiner.parent_tree
    assert "/Font" in walked  # the resources are still shared item by item
    assert not {"/Page", "/StructElem", "/Annot"} & set(walked)


def test_a_value_without_a_reference_is_written_as_qpdf_writes_it(monkeypatch):
    # A font's widths (hundreds of numbers) hold no reference to renumber: no Python call per
    # item. A value with an R anywhere is walked (test_a_reference_is_renumbered_but_never...).
    import io

    from handouts.binder import _copy

    pdf = pikepdf.new()
    widths = pikepdf.Array([500, 610, pikepdf.Name.Foo, 0.25, True] * 40)
    copier = _copy.Copier(_pdfjoin.Joiner(io.BytesIO()), pdf)
    calls = []
    real = _copy.Copier._syntax
    monkeypatch.setattr(_copy.Copier, "_syntax",
                        lambda self, obj, shared: calls.append(obj) or real(self, obj, shared))
    assert copier.serialise(widths) == widths.unparse()
    assert calls == []


def test_a_stream_s_dictionary_is_rebuilt_only_to_correct_its_length(monkeypatch):
    # Issue 16: a font program's dictionary was copied into a new Dictionary to set a /Length
    # it already had; only a wrong or indirect /Length is worth the copy.
    import io

    from handouts.binder import _copy

    pdf = pikepdf.new()
    right = pikepdf.Stream(pdf, b"abc")
    right.Length1 = 3
    # pikepdf sets no /Length by hand: a file with an indirect one (no xref: qpdf recovers).
    source = pikepdf.open(io.BytesIO(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [ 5 0 R ] /Count 1 >> endobj\n"
        b"3 0 obj << /Length 4 0 R >>\nstream\nabcdef\nendstream\nendobj\n4 0 obj 6 endobj\n"
        b"5 0 obj << /Type /Page /Parent 2 0 R /MediaBox [ 0 0 9 9 ] >> endobj\n"
        b"trailer << /Root 1 0 R /Size 6 >>\n"))
    wrong = source.get_object((3, 0))
    built = []
    real = _copy.Dictionary
    monkeypatch.setattr(_copy, "Dictionary", lambda *a: built.append(a) or real(*a))
    assert _copy._stored(right) == (b"<< /Length 3 /Length1 3 >>", b"abc")
    assert built == []
    assert _copy._stored(wrong) == (b"<< /Length 6 >>", b"abcdef")
    assert len(built) == 1 and wrong.stream_dict.get_raw("/Length").is_indirect  # unchanged


def test_each_dictionary_key_is_unparsed_once(monkeypatch):
    # Some 100,000 keys a binder of 1,000 leaflets, of a few dozen names: qpdf writes each once.
    import io

    from handouts.binder import _copy, _objects

    made = []
    real = _objects.Name
    for module in (_copy, _objects):
        monkeypatch.setattr(module, "Name", lambda key: made.append(key) or real(key))
    copier = _copy.Copier(_pdfjoin.Joiner(io.BytesIO()), pikepdf.new())
    value = pikepdf.Dictionary({"/HandoutsTestKey": 1, "/HandoutsTestOther": pikepdf.Name.A})
    first = copier.serialise(value)
    assert copier.serialise(value) == first == value.unparse()
    # An outline item's dictionary, as the joiner writes it.
    assert _objects.dictionary({"/HandoutsTestKey": b"2"}) == b"<< /HandoutsTestKey 2 >>"
    assert made == ["/HandoutsTestKey", "/HandoutsTestOther"]


def test_the_outline_s_destinations_are_copied_by_qpdf_not_item_by_item(book, monkeypatch):
    # Issue 16: each bookmark's destination was walked value by value in Python; qpdf copies
    # them all at once with the parent tree's entries.
    import io

    from handouts.binder import _copy

    walked = []
    real = _copy.Copier.serialise
    monkeypatch.setattr(_copy.Copier, "serialise", lambda self, obj, shared=False: (
        walked.append(obj) or real(self, obj, shared)))
    joiner = _pdfjoin.Joiner(io.BytesIO())
    with pikepdf.open(book.leaflets[0].pdf) as pdf:
        headings = len(pdf.open_outline().root[0].children)
        added = joiner.add(pdf, title="A drug")
    (mark,) = added.bookmarks
    assert len(mark.children) == headings > 2
    assert mark.dest.startswith(b"[ %d 0 R /XYZ " % added.pages[0])
    # A font's widths and box are still the Copier's; a destination is not.
    assert not [obj for obj in walked
                if isinstance(obj, pikepdf.Array) and b"/XYZ" in obj.unparse()]


def test_a_joined_leaflet_hands_back_its_placed_bookmark_alone(book):
    # Its headings' items are written as it is joined: holding (and, from a half, pickling)
    # every heading's Bookmark until the end only cost memory (1,000 leaflets: 2.6 MiB).
    import io

    joiner = _pdfjoin.Joiner(io.BytesIO())
    leaflet = binder._as_built(book.leaflets[0])
    added = binder._add(joiner, leaflet)
    assert added.bookmarks == () and added.placed is not None
    assert added.placed.title == leaflet.title and added.placed.kids is not None
