"""The manifest: read, write, and what counts as up to date."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

import handouts
from handouts.run import manifest
from handouts.run.manifest import Entry, Inputs, Manifest, ManifestError


def entry(source: str = "../data/a.yaml", **changes: object) -> Entry:
    inputs = Inputs(source, "ab" * 32, {"paper": "a4"}, "cd" * 32)
    return dataclasses.replace(Entry(inputs, "Allopurinol", "ef" * 32, 1234, 2), **changes)


REFERENCE = {"inline": False, "date": "2025-11-24T16:00:00Z", "sha256": "12" * 32, "size": 900}


def test_round_trip(tmp_path):
    known = Manifest({"b.pdf": entry("../data/b.yaml"),
                      "a.pdf": entry(fhir=manifest.Reference(**REFERENCE)),
                      "c.pdf": entry("../data/c.yaml", language="zh-Hant")})
    manifest.write(tmp_path, known)
    assert manifest.read(tmp_path) == known


def test_written_deterministically_with_sorted_keys(tmp_path):
    one = manifest.dumps(Manifest({"b.pdf": entry("../b.yaml"), "a.pdf": entry()}))
    two = manifest.dumps(Manifest({"a.pdf": entry(), "b.pdf": entry("../b.yaml")}))
    assert one == two and one.endswith(b"}\n")
    data = json.loads(one)
    assert list(data["leaflets"]) == ["a.pdf", "b.pdf"]
    assert list(data["leaflets"]["a.pdf"]) == sorted(data["leaflets"]["a.pdf"])
    assert set(data["leaflets"]["a.pdf"]) == {
        "source", "source_sha256", "options", "brand_sha256", "tool", "title",
        "output_sha256", "size", "pages", "fhir"}
    assert data["leaflets"]["a.pdf"]["tool"] == f"handouts {handouts.__version__}"


def test_no_manifest_is_an_empty_one(tmp_path):
    assert manifest.read(tmp_path) == Manifest()
    assert manifest.read(tmp_path / "not" / "made" / "yet") == Manifest()


def record(**changes: object) -> dict[str, object]:
    data = json.loads(manifest.dumps(Manifest({"a.pdf": entry()})))["leaflets"]["a.pdf"]
    data.update(changes)
    return data


def read_error(folder: Path, text: str) -> str:
    """The error ``manifest.read`` gives for ``folder`` whose manifest is ``text``."""
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        manifest.read(folder)
    return str(info.value)


def manifest_text(leaflets: dict[str, object]) -> str:
    return json.dumps({"format": manifest.FORMAT, "leaflets": leaflets})


@pytest.mark.parametrize("text, message", [
    ("{", "not a handouts manifest (JSONDecodeError: Expecting property name enclosed in "
          "double quotes: line 1 column 2 (char 1))"),
    ('{"format": 99, "leaflets": {}}', "not a handouts manifest (format 99, expected 2)"),
    ('{"format": true, "leaflets": {}}', "not a handouts manifest (format True, expected 2)"),
    # Format 1 had no FHIR references: its entries are not read as having none.
    ('{"format": 1, "leaflets": {}}', "not a handouts manifest (format 1, expected 2)"),
    ('{"format": 2, "leaflets": {"a.pdf": {"source": "x"}}}',
     "not a handouts manifest (a.pdf: expected the keys brand_sha256, fhir, options, "
     "output_sha256, pages, size, source, source_sha256, title, tool)"),
    ("[]", "not a handouts manifest (expected an object with 'format' and 'leaflets')"),
    ("[" * 100_000, "not a handouts manifest (RecursionError: maximum recursion depth "
                    "exceeded while decoding a JSON array from a unicode string)"),
    # Names that are not a PDF lying directly in the folder.
    (manifest_text({"../../../victim.pdf": record()}),
     "not a handouts manifest ('../../../victim.pdf' is not the name of a PDF in this folder)"),
    (manifest_text({"/tmp/victim.txt": record()}),
     "not a handouts manifest ('/tmp/victim.txt' is not the name of a PDF in this folder)"),
    (manifest_text({"victim.txt": record()}),
     "not a handouts manifest ('victim.txt' is not the name of a PDF in this folder)"),
    (manifest_text({".a.pdf.abcdefgh.part": record()}),
     "not a handouts manifest ('.a.pdf.abcdefgh.part' is not the name of a PDF in this "
     "folder)"),
    (manifest_text({"sub\\a.pdf": record()}),
     "not a handouts manifest ('sub\\\\a.pdf' is not the name of a PDF in this folder)"),
    (manifest_text({"\udcff.pdf": record()}),
     "not a handouts manifest ('\\udcff.pdf' is not the name of a PDF in this folder)"),
    (manifest_text({"b.pdf": record()}),
     "not a handouts manifest (b.pdf: built from '../data/a.yaml', which would not be "
     "named b.pdf)"),
    # Fields of the wrong type or out of range.
    (manifest_text({"a.pdf": record()}).replace('"size": 1234', '"size": 1e999'),
     "not a handouts manifest (a.pdf: 'size' is not a whole number from 1 to "
     "1,099,511,627,776)"),
    (manifest_text({"a.pdf": record()}).replace('"size": 1234', '"size": NaN'),
     "not a handouts manifest (NaN is not a number)"),
    (manifest_text({"a.pdf": record(pages=True)}),
     "not a handouts manifest (a.pdf: 'pages' is not a whole number from 1 to 1,000,000)"),
    (manifest_text({"a.pdf": record(pages=0)}),
     "not a handouts manifest (a.pdf: 'pages' is not a whole number from 1 to 1,000,000)"),
    (manifest_text({"a.pdf": record(output_sha256="../x")}),
     "not a handouts manifest (a.pdf: 'output_sha256' is not a SHA-256 in hexadecimal)"),
    (manifest_text({"a.pdf": record(title=["x"])}),
     "not a handouts manifest (a.pdf: 'title' is not text)"),
    (manifest_text({"a.pdf": record(options="a4")}),
     "not a handouts manifest (a.pdf: 'options' is not an object)"),
    # The language, for the binder's contents: optional (older manifests have none), a tag.
    *((manifest_text({"a.pdf": record(language=language)}),
       "not a handouts manifest (a.pdf: 'language' is not a language tag)")
      for language in (["zh"], "zh Hant", "../x", "x" * 36, None)),
    # The FHIR reference: never a file name, each field of its type.
    (manifest_text({"a.pdf": record(fhir="../x.fhir.json")}),
     "not a handouts manifest (a.pdf fhir: expected null or the keys date, inline, sha256, "
     "size)"),
    (manifest_text({"a.pdf": record(fhir={**REFERENCE, "file": "../x.fhir.json"})}),
     "not a handouts manifest (a.pdf fhir: expected null or the keys date, inline, sha256, "
     "size)"),
    (manifest_text({"a.pdf": record(fhir={**REFERENCE, "inline": "yes"})}),
     "not a handouts manifest (a.pdf fhir: 'inline' is not true or false)"),
    (manifest_text({"a.pdf": record(fhir={**REFERENCE, "inline": 0})}),
     "not a handouts manifest (a.pdf fhir: 'inline' is not true or false)"),
    *((manifest_text({"a.pdf": record(fhir={**REFERENCE, "date": date})}),
       "not a handouts manifest (a.pdf fhir: 'date' is not a time such as "
       "2025-01-31T12:00:00Z)")
      for date in ("2025-02-30T00:00:00Z", "2025-11-24T16:00:00+01:00", "2025-11-24", 1764000000,
                   "2025-11-24T16:00:00Z\n")),
    (manifest_text({"a.pdf": record(fhir={**REFERENCE, "sha256": "../x"})}),
     "not a handouts manifest (a.pdf fhir: 'sha256' is not a SHA-256 in hexadecimal)"),
    (manifest_text({"a.pdf": record(fhir={**REFERENCE, "size": 0})}),
     "not a handouts manifest (a.pdf fhir: 'size' is not a whole number from 1 to "
     "4,398,046,511,104)"),
])
def test_error_unusable_manifest(tmp_path, text, message):
    assert read_error(tmp_path, text) == f"{tmp_path / 'manifest.json'}: {message}"


def test_error_manifest_that_is_a_link_is_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(manifest.dumps(Manifest({"a.pdf": entry()})))
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").symlink_to(elsewhere)
    with pytest.raises(ManifestError) as info:
        manifest.read(out)
    assert str(info.value) == (f"{out / 'manifest.json'}: not a handouts manifest (not a "
                               "regular file)")


def test_failed_write_keeps_the_old_manifest(tmp_path, monkeypatch):
    old = Manifest({"a.pdf": entry()})
    manifest.write(tmp_path, old)

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ManifestError) as info:
        manifest.write(tmp_path, Manifest())
    assert str(info.value) == (f"{tmp_path / 'manifest.json'}: cannot write the manifest: "
                               "No space left on device")
    monkeypatch.undo()
    assert manifest.read(tmp_path) == old
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


# the folder's lock

def _held_elsewhere(path: Path) -> bool:
    """Whether a lock is held on ``path``, by another open file (flock locks are per open)."""
    import fcntl

    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_lock_is_held_for_the_block_and_let_go_after_it_even_on_an_error(tmp_path):
    out = tmp_path / "new" / "out"
    with manifest.locked(out):  # makes the folder
        assert _held_elsewhere(out / manifest.LOCK)
    assert not _held_elsewhere(out / manifest.LOCK)
    # An OSError of the block is the caller's, not a failure to lock.
    with pytest.raises(OSError, match="No space left") as info, manifest.locked(out):
        raise OSError(28, "No space left on device")
    assert not isinstance(info.value, ManifestError)
    assert not _held_elsewhere(out / manifest.LOCK)
    assert (out / manifest.LOCK).read_bytes() == b""  # kept, empty: never removed


def test_lock_a_second_holder_waits_for_the_first(tmp_path):
    told = threading.Event()
    events: list[str] = []

    def second() -> None:
        with manifest.locked(tmp_path, told.set):
            events.append("second has it")

    with manifest.locked(tmp_path, lambda: events.append("first waited")):
        thread = threading.Thread(target=second)
        thread.start()
        assert told.wait(timeout=30), "the second holder was not told to wait"
        thread.join(timeout=0.5)
        assert thread.is_alive() and events == []
        events.append("first lets go")
    thread.join(timeout=30)
    assert events == ["first lets go", "second has it"]


def test_lock_file_is_neither_a_leaflet_nor_a_temporary_file(tmp_path):
    from handouts.pdf.write import clean_temporary

    with manifest.locked(tmp_path):
        pass
    assert not manifest.is_pdf_name(manifest.LOCK)
    assert clean_temporary(tmp_path, lambda name: True) == []
    assert (tmp_path / manifest.LOCK).exists()
    assert read_error(tmp_path, manifest_text({manifest.LOCK: record()})) == (
        f"{tmp_path / 'manifest.json'}: not a handouts manifest ('.handouts.lock' is not the "
        "name of a PDF in this folder)")


def test_error_lock_file_that_is_a_link_is_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    for target in (victim, tmp_path / "nothing-here"):
        (out / manifest.LOCK).unlink(missing_ok=True)
        (out / manifest.LOCK).symlink_to(target)
        with pytest.raises(ManifestError) as info, manifest.locked(out):
            pytest.fail("locked through a link")
        assert str(info.value) == (f"{out / manifest.LOCK}: cannot lock the output folder: "
                                   "the lock file is a link; remove it")
        assert not _held_elsewhere(victim)
    assert victim.read_text() == "precious" and not (tmp_path / "nothing-here").exists()


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_error_lock_file_that_is_not_a_regular_file(tmp_path, kind):
    path = tmp_path / manifest.LOCK
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)  # opened without blocking, and refused
    with pytest.raises(ManifestError) as info, manifest.locked(tmp_path):
        pytest.fail("locked a file that is not a regular file")
    assert str(info.value) == (f"{path}: cannot lock the output folder: the lock file is not "
                               "a regular file; remove it")


def test_error_lock_file_cannot_be_made(tmp_path, monkeypatch):
    real = os.open

    def read_only(path, flags, *args, **kwargs):
        if Path(path).name == manifest.LOCK:
            raise OSError(30, "Read-only file system")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(ManifestError) as info, manifest.locked(tmp_path):
        pytest.fail("locked nothing")
    assert str(info.value) == (f"{tmp_path / manifest.LOCK}: cannot lock the output folder: "
                               "Read-only file system")


def test_up_to_date_only_with_the_same_inputs_and_the_same_file(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7 leaflet")
    recorded = entry(output_sha256=manifest.file_sha256(pdf), size=pdf.stat().st_size)
    assert manifest.is_current(recorded, recorded.inputs, pdf)
    assert not manifest.is_current(None, recorded.inputs, pdf)
    for change in ({"source_sha256": "00" * 32}, {"options": {"paper": "letter"}},
                   {"brand_sha256": "00" * 32}, {"tool": "handouts 99"},
                   {"source": "../elsewhere/a.yaml"}):
        assert not manifest.is_current(
            recorded, dataclasses.replace(recorded.inputs, **change), pdf), change
    pdf.write_bytes(b"%PDF-1.7 edited!")  # same size, other bytes
    assert not manifest.is_current(recorded, recorded.inputs, pdf)
    pdf.unlink()
    assert not manifest.is_current(recorded, recorded.inputs, pdf)


def test_source_is_recorded_relative_to_the_output_folder(tmp_path):
    (tmp_path / "data").mkdir()
    assert manifest.source_key(tmp_path / "data" / "a.yaml", tmp_path / "out") == "../data/a.yaml"
    assert manifest.source_path("../data/a.yaml", tmp_path / "out").resolve() == (
        tmp_path / "data" / "a.yaml")


def test_brand_hash_follows_the_brand_not_its_file(tmp_path, write_yaml):
    default = handouts.read_brand()
    assets = Path(handouts.__file__).parent / "assets"
    logo = assets / "logo.svg"
    shutil.copy(logo, tmp_path / "logo.svg")
    text = (assets / "brand.yaml").read_text()
    moved = handouts.read_brand(write_yaml("# moved\n" + text, "brand.yaml"))
    assert manifest.brand_sha256(moved) == manifest.brand_sha256(default)
    recoloured = handouts.read_brand(write_yaml(text.replace("#2a7f62", "#1f6b52"), "b2.yaml"))
    assert manifest.brand_sha256(recoloured) != manifest.brand_sha256(default)
    (tmp_path / "logo.svg").write_text(logo.read_text().replace("</svg>", "<g/></svg>"))
    # The hash is of the bytes read once and drawn, not of whatever the file holds now.
    assert manifest.brand_sha256(moved) == manifest.brand_sha256(default)
    relogoed = handouts.read_brand(tmp_path / "brand.yaml")
    assert manifest.brand_sha256(relogoed) != manifest.brand_sha256(default)


def test_options_are_recorded_as_plain_data():
    assert manifest.options_record(handouts.Options(paper="letter")) == {
        "paper": "letter", "large_print": False, "proof": False}


BINDER = {"inputs_sha256": "34" * 32, "output_sha256": "56" * 32, "size": 90_000, "pages": 9,
          "shared_objects": 12, "shared_bytes": 3_000}


def test_round_trip_with_a_binder(tmp_path):
    known = Manifest({"a.pdf": entry()},
                     {"../book.pdf": manifest.BinderRecord(**BINDER)})  # type: ignore[arg-type]
    manifest.write(tmp_path, known)
    assert manifest.read(tmp_path) == known
    assert json.loads(manifest.dumps(known))["binders"] == {"../book.pdf": BINDER}


def test_a_folder_without_a_binder_keeps_the_manifest_it_had():
    # No "binders" key at all: the manifest reads as before in an older handouts.
    assert set(json.loads(manifest.dumps(Manifest({"a.pdf": entry()})))) == {"format",
                                                                               "leaflets"}


def binders_text(binders: object) -> str:
    return json.dumps({"format": manifest.FORMAT, "leaflets": {}, "binders": binders})


@pytest.mark.parametrize(("text", "message"), [
    (binders_text([]), "'binders' is not an object"),
    (binders_text({"": BINDER}), "binder '': expected the path of a PDF"),
    (binders_text({"book.pdf": {**BINDER, "title": "x"}}),
     "binder book.pdf: expected the keys inputs_sha256, output_sha256, pages, shared_bytes, "
     "shared_objects, size"),
    (binders_text({"book.pdf": {**BINDER, "inputs_sha256": "x"}}),
     "binder book.pdf: 'inputs_sha256' is not a SHA-256 in hexadecimal"),
    (binders_text({"book.pdf": {**BINDER, "pages": 0}}),
     "binder book.pdf: 'pages' is not a whole number from 1 to 1,000,000,000"),
    (binders_text({"book.pdf": {**BINDER, "shared_bytes": -1}}),
     "binder book.pdf: 'shared_bytes' is not a whole number from 0 to 1,099,511,627,776"),
])
def test_error_unusable_binder_record(tmp_path, text, message):
    assert read_error(tmp_path, text) == (f"{tmp_path / 'manifest.json'}: not a handouts "
                                          f"manifest ({message})")


def _as_json(known: Manifest) -> bytes:
    """The manifest as json.dumps writes it in one call: what ``dumps`` must give."""
    leaflets = {}
    for name, e in known.leaflets.items():
        data = dataclasses.asdict(e.inputs)
        data.update(title=e.title, output_sha256=e.output_sha256, size=e.size, pages=e.pages,
                    fhir=None if e.fhir is None else dataclasses.asdict(e.fhir))
        if e.language:
            data["language"] = e.language
        leaflets[name] = data
    whole: dict[str, object] = {"format": manifest.FORMAT, "leaflets": leaflets}
    if known.binders:
        whole["binders"] = {k: dataclasses.asdict(b) for k, b in known.binders.items()}
    return (json.dumps(whole, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()


@pytest.mark.parametrize("known", [
    Manifest(),
    Manifest({"b.pdf": entry("../b.yaml", title="Ünï \"cödé\"\n"),
              "a.pdf": entry(fhir=manifest.Reference(**REFERENCE), language="zh-Hant"),
              "ä.pdf": entry(inputs=Inputs("../ä.yaml", "ab" * 32, {
                  "paper": "a4", "nested": {"z": [1, 2], "a": None}}, "cd" * 32))}),
    Manifest({"a.pdf": entry()},
             {"../book.pdf": manifest.BinderRecord(**BINDER)}),  # type: ignore[arg-type]
    Manifest({}, {"b.pdf": manifest.BinderRecord(**BINDER),  # type: ignore[arg-type]
                  "a.pdf": manifest.BinderRecord(**BINDER)}),  # type: ignore[arg-type]
])
def test_dumps_gives_the_bytes_of_one_json_dumps(known):
    assert manifest.dumps(known) == _as_json(known)
    texts: dict[str, tuple[Entry, str]] = {}
    assert manifest.dumps(known, texts) == manifest.dumps(known, texts) == _as_json(known)


def test_a_write_serialises_only_the_entries_changed_since_the_last(monkeypatch):
    # A run writes the manifest once a second: a formulary of thousands of leaflets must not
    # serialise all of them each time (~25 ms a thousand), only those that changed.
    texts: dict[str, tuple[Entry, str]] = {}
    known = Manifest({"a.pdf": entry(), "b.pdf": entry("../b.yaml"), "c.pdf": entry("../c.yaml")})
    manifest.dumps(known, texts)
    titles = []
    real = json.dumps

    def dumps(value: object, **kwargs: object) -> str:
        titles.append(value["title"] if isinstance(value, dict) else value)
        return real(value, **kwargs)

    monkeypatch.setattr(manifest.json, "dumps", dumps)
    known.leaflets["b.pdf"] = entry("../b.yaml", title="Bortezomib")  # rebuilt
    known.leaflets["d.pdf"] = entry("../d.yaml", title="Dexamethasone")  # new
    del known.leaflets["c.pdf"]  # stale
    after = manifest.dumps(known, texts)
    monkeypatch.undo()
    assert after == _as_json(known)
    assert sorted(t for t in titles if t in ("Allopurinol", "Bortezomib", "Dexamethasone")) == [
        "Bortezomib", "Dexamethasone"]
