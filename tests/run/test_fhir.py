"""FHIR references (--fhir): valid R4, true to the PDF beside them, and kept in step with it."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pikepdf
import pytest
from click.testing import CliRunner

# fhir.resources models R5 by default. R4B (4.3) is the closest model of R4 (4.0.1) it keeps up:
# DocumentReference and Attachment are the same in both (date an instant, content.attachment,
# context), while R5 changed them, so a resource R4B accepts, with no element R4 lacks, is R4.
# Its models refuse unknown elements, so an R5-only element would fail here too.
from fhir.resources.R4B.documentreference import DocumentReference

import handouts
from cli import main
from conftest import SHIPPED
from handouts.errors import BuildError
from handouts.run import batch, fhir, manifest, worker
from handouts.source.model import BatchOptions
from helpers.formulary import formulary
from helpers.samples import GOOD

EPOCH = "1764000000"  # 2025-11-24T16:00:00Z


def valid(path: Path) -> DocumentReference:
    """The reference at ``path``, checked against the FHIR model and against the PDF it names:
    same size, SHA-1 as R4's Attachment.hash defines it, and the bytes themselves inline, or a
    URL that leads to the PDF beside it."""
    text = path.read_text(encoding="utf-8")
    resource = DocumentReference.model_validate_json(text)
    data = json.loads(text)
    assert data["resourceType"] == "DocumentReference"
    attachment = data["content"][0]["attachment"]
    pdf = path.with_name(path.name.removesuffix(".fhir.json") + ".pdf")
    expected = pdf.read_bytes()
    assert attachment["size"] == len(expected)
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(expected).digest()).decode()
    if "data" in attachment:
        assert "url" not in attachment
        assert base64.b64decode(attachment["data"], validate=True) == expected
    else:
        target = urlparse(urljoin(path.as_uri(), attachment["url"]))
        assert Path(unquote(target.path)) == pdf
        assert "/" not in attachment["url"]  # the file's name alone: the pair moves together
    return resource


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def references(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.fhir.json"))}


# the resource

@pytest.mark.parametrize("inline", [False, True], ids=["url", "inline"])
def test_every_shipped_leaflet_gets_a_valid_r4_reference(tmp_path, brand, inline):
    for source in SHIPPED:
        pdf, leaflet = handouts.build(source, tmp_path, brand)
        monograph = handouts.read_monograph(source)
        record = fhir.write(pdf, leaflet.pdf, monograph.name, monograph.language,
                            "2025-11-24T16:00:00Z", inline)
        path = fhir.json_path(pdf)
        resource = valid(path)
        assert (record.size, record.sha256, record.inline) == (
            path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest(), inline)
        assert resource.status == "current" and resource.docStatus == "final"
        (coding,) = resource.type.coding
        assert (coding.system, coding.code, coding.display) == (
            "http://loinc.org", "34895-3", "Education note")
        attachment = resource.content[0].attachment
        with pikepdf.open(pdf) as document:  # the title the PDF shows, the language it has
            assert resource.description == attachment.title == str(document.docinfo.Title)
            assert attachment.language == str(document.Root.Lang) == monograph.language
        assert attachment.contentType == "application/pdf"
        assert resource.date == attachment.creation == datetime.datetime(
            2025, 11, 24, 16, tzinfo=datetime.timezone.utc)
        # A leaflet is about a drug, not a patient; nor is there anyone to name as author.
        assert resource.subject is None and resource.author is None
        assert resource.context is None and resource.category is None


def test_the_resource_copies_no_text_but_the_title_and_language(tmp_path, write_yaml):
    # Whatever else the monograph and the brand say (and, later, a patient's name on a
    # personalised copy) stays in the PDF.
    secret = "Zq" + "x" * 6
    source = write_yaml(GOOD.replace("Nausea", f"Nausea {secret}").replace(
        "Adults.", f"Adults like {secret}.") + f"brand_names: [{secret}-brand]\nlanguage: en-GB\n",
        "testamab.yaml")
    brand = write_yaml(f"organisation: {secret} Clinic\ntagline: {secret} cares.\n", "b.yaml")
    for flag in ("--fhir", "--fhir-inline"):
        code, _, err = run("build", source, "-o", tmp_path / "out", "--brand", brand, flag)
        assert code == 0, err
        path = tmp_path / "out" / "testamab.fhir.json"
        valid(path)
        data = json.loads(path.read_text())
        data["content"][0]["attachment"].pop("data", None)  # the PDF itself, which is fine
        text = json.dumps(data)
        assert secret not in text
        strings = _strings(data)
        assert {"Testamab", "en-GB"} <= strings
        assert strings - {"Testamab", "en-GB", "testamab.pdf"} <= _CONSTANT | _GENERATED


_CONSTANT = {"DocumentReference", "current", "final", "http://loinc.org", "34895-3",
             "Education note", "application/pdf", fhir.FORMAT["system"], fhir.FORMAT["code"],
             fhir.FORMAT["display"]}
_GENERATED = set()  # filled in by _strings: the date and the hash, made here, not copied


def _strings(value: object) -> set[str]:
    if isinstance(value, dict):
        found: set[str] = set()
        for key, item in value.items():
            if key in ("date", "creation", "hash"):
                _GENERATED.add(item)
            found |= _strings(item)
        return found
    if isinstance(value, list):
        return set().union(*map(_strings, value))
    return {value} if isinstance(value, str) else set()


def test_the_url_of_an_odd_file_name_still_leads_to_the_pdf(tmp_path, write_yaml):
    source = write_yaml(GOOD, "café: 50% off #1.yaml")
    code, _, err = run("build", source, "-o", tmp_path / "out", "--fhir")
    assert code == 0, err
    path = tmp_path / "out" / "café: 50% off #1.fhir.json"
    valid(path)
    assert json.loads(path.read_text())["content"][0]["attachment"]["url"] == (
        "caf%C3%A9%3A%2050%25%20off%20%231.pdf")


def test_same_leaflet_and_date_same_bytes(tmp_path, brand):
    one, leaflet = handouts.build(SHIPPED[0], tmp_path / "one", brand)
    two, _ = handouts.build(SHIPPED[0], tmp_path / "two", brand)
    for pdf in (one, two):
        fhir.write(pdf, leaflet.pdf, "Allopurinol", "en", "2025-11-24T16:00:00Z", False)
    assert fhir.json_path(one).read_bytes() == fhir.json_path(two).read_bytes()
    assert fhir.json_path(one).read_bytes().endswith(b"}\n")


def test_dates_come_from_source_date_epoch_else_the_clock_in_utc():
    assert fhir.request(False, {"SOURCE_DATE_EPOCH": EPOCH}) == fhir.Request(
        False, "2025-11-24T16:00:00Z")
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    now = fhir.build_time({})
    assert before <= now <= datetime.datetime.now(datetime.timezone.utc)
    assert now.tzinfo is datetime.timezone.utc and now.microsecond == 0
    assert fhir.instant(datetime.datetime(999, 1, 2, 3, 4, 5, 678,
                                          tzinfo=datetime.timezone.utc)) == "0999-01-02T03:04:05Z"
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    assert fhir.instant(datetime.datetime(2025, 1, 1, 19, tzinfo=eastern)) == "2025-01-02T00:00:00Z"


@pytest.mark.parametrize("value", ["abc", "1.5", "", "99999999999999999999"])
def test_error_source_date_epoch_not_a_number(value):
    with pytest.raises(BuildError) as info:
        fhir.build_time({"SOURCE_DATE_EPOCH": value})
    assert str(info.value) == (f"SOURCE_DATE_EPOCH={value!r}: expected a whole number of "
                               "seconds since 1970")


def test_names_beside_the_pdf_and_only_those():
    assert fhir.json_path(Path("out/a.b.pdf")) == Path("out/a.b.fhir.json")
    assert fhir.is_json_name("a.fhir.json") and fhir.is_json_name("café 2.fhir.json")
    for name in ("../a.fhir.json", "sub/a.fhir.json", ".a.fhir.json", ".fhir.json", "a.json",
                 "a.pdf", "manifest.json", "a.fhir.json.x", ".a.fhir.json.abcdefgh.part",
                 "\udcff.fhir.json"):
        assert not fhir.is_json_name(name), name


# the command line, files named one by one

def test_cli_files_get_their_reference_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    sources = formulary(tmp_path / "data", 2)
    out = tmp_path / "out"
    code, stdout, err = run("build", *sources, "-o", out, "--fhir")
    assert (code, err) == (0, "")
    lines = stdout.splitlines()
    assert lines[0].startswith(f"{out / 'allopurinol.pdf'} (")
    assert lines[1].startswith(f"{out / 'allopurinol.fhir.json'} (FHIR DocumentReference, ")
    for path in out.glob("*.fhir.json"):
        assert valid(path).date.isoformat() == "2025-11-24T16:00:00+00:00"
    code, stdout, err = run("build", *sources, "-o", out, "--fhir-inline", "--format", "json")
    assert (code, err) == (0, "")
    summary = json.loads(stdout)
    assert [r["fhir"] for r in summary["built"]] == [
        str(out / "allopurinol.fhir.json"), str(out / "blinatumomab.fhir.json")]
    assert summary["fhir"] == {"written": [r["fhir"] for r in summary["built"]], "removed": []}
    assert all("data" in json.loads(p.read_text())["content"][0]["attachment"]
               for p in out.glob("*.fhir.json"))
    # Built again without --fhir: a reference would describe bytes that were replaced.
    assert run("build", sources[0], "-o", out)[0] == 0
    assert sorted(references(out)) == ["blinatumomab.fhir.json"]


def test_error_bad_source_date_epoch_with_fhir_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    code, _, err = run("build", SHIPPED[0], "-o", tmp_path / "out", "--fhir")
    assert code == 2
    assert "SOURCE_DATE_EPOCH='tomorrow': expected a whole number of seconds since 1970" in err
    assert not (tmp_path / "out").exists()


def test_a_monograph_that_fails_leaves_neither_pdf_nor_reference(tmp_path, write_yaml):
    bad = write_yaml(GOOD.replace("name: Testamab", "name: 3"), "bad.yaml")
    data, out = tmp_path / "data", tmp_path / "out"
    for args in ([bad, SHIPPED[0]], [data]):  # files, then a formulary
        formulary(data, 1)
        (data / "bad.yaml").write_text(bad.read_text())
        code, _, _ = run("build", *args, "-o", out, "--fhir")
        assert code == 1
        assert not (out / "bad.pdf").exists() and not (out / "bad.fhir.json").exists()
        assert sorted(references(out)) == ["allopurinol.fhir.json"]
        assert not list(out.glob(".*.part"))
    # A monograph that built before and now fails keeps its old PDF and the reference that
    # is true to it.
    source = data / "allopurinol.yaml"
    source.write_text(source.read_text().replace("name: Allopurinol", "name: [1]"))
    before = references(out)
    assert run("build", data, "-o", out, "--fhir")[0] == 1
    assert references(out) == before
    valid(out / "allopurinol.fhir.json")


def test_a_reference_that_cannot_be_written_fails_the_leaflet_never_stale(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    data, out = tmp_path / "data", tmp_path / "out"
    (source,) = formulary(data, 1)
    assert run("build", data, "-o", out, "--fhir")[0] == 0
    source.write_text(source.read_text().replace("name: Allopurinol", "name: Allopurinol B"))
    real = fhir.write_atomic

    def full(path, data):
        if path.name.endswith(".fhir.json"):
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(fhir, "write_atomic", full)  # one leaflet: built in this process
    code, _, err = run("build", data, "-o", out, "--fhir")
    assert code == 1
    assert (f"error: {source}: cannot write {out / 'allopurinol.fhir.json'}: No space left on "
            "device") in err.splitlines()
    # The new PDF is whole; the reference to the old one is gone, not left with a stale hash.
    with pikepdf.open(out / "allopurinol.pdf") as pdf:
        assert str(pdf.docinfo.Title) == "Allopurinol B"
    assert references(out) == {}
    assert not list(out.glob(".*.part"))
    monkeypatch.setattr(fhir, "write_atomic", real)
    code, _, err = run("build", data, "-o", out, "--fhir")
    assert code == 0, err
    valid(out / "allopurinol.fhir.json")


# a formulary: the reference follows the PDF

def _pdf_stamps(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}


def test_an_unchanged_leaflet_keeps_its_reference_as_it_is(tmp_path, monkeypatch):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 3)
    assert run("build", data, "-o", out, "--fhir")[0] == 0
    before, stamps = references(out), {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # a later run, another date: no matter
    code, _, err = run("build", data, "-o", out, "--fhir")
    assert code == 0
    assert "Building" not in err
    assert "  fhir       0 written, 3 up to date" in err.splitlines()
    assert references(out) == before
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    for path in out.glob("*.fhir.json"):
        valid(path)


def test_a_deleted_reference_is_written_again_not_the_pdf(tmp_path, monkeypatch):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert run("build", data, "-o", out, "--fhir")[0] == 0
    before, pdfs = references(out), _pdf_stamps(out)
    (out / "blinatumomab.fhir.json").unlink()

    def no_render(*args):
        raise AssertionError("a leaflet up to date was rendered again")

    monkeypatch.setattr(worker, "render_leaflet", no_render)  # one job: in this process
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    code, _, err = run("build", data, "-o", out, "--fhir")
    assert code == 0, err
    assert "Building 0 of 3 leaflets (3 up to date; writing 1 FHIR reference)" in err
    assert f"[1/1] wrote {out / 'blinatumomab.fhir.json'}" in err.splitlines()
    assert "  fhir       1 written, 2 up to date" in err.splitlines()
    assert _pdf_stamps(out) == pdfs
    # Dated as it was: the same PDF, the same reference, byte for byte.
    assert references(out) == before


@pytest.mark.parametrize("jobs", [1, 2])
def test_switching_url_inline_and_off_leaves_no_wrong_reference(tmp_path, jobs):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 3)
    build = ["build", data, "-o", out, "--jobs", jobs]
    assert run(*build, "--fhir")[0] == 0
    pdfs = _pdf_stamps(out)

    def forms() -> set[str]:
        return {"data" if "data" in json.loads(p.read_text())["content"][0]["attachment"]
                else "url" for p in out.glob("*.fhir.json") if valid(p)}

    code, stdout, _ = run(*build, "--fhir-inline", "--format", "json")
    assert code == 0
    assert forms() == {"data"} and len(references(out)) == 3
    summary = json.loads(stdout)
    assert summary["counts"]["unchanged"] == 3 and len(summary["fhir"]["written"]) == 3
    assert run(*build, "--fhir")[0] == 0
    assert forms() == {"url"}
    code, stdout, _ = run(*build, "--format", "json")  # no --fhir: the references go
    assert code == 0
    assert references(out) == {}
    assert json.loads(stdout)["fhir"]["removed"] == sorted(
        str(out / f"{p.stem}.fhir.json") for p in (data).glob("*.yaml"))
    assert all(r["fhir"] is None for r in json.loads(stdout)["unchanged"])
    assert all(e["fhir"] is None
               for e in json.loads((out / "manifest.json").read_text())["leaflets"].values())
    assert run(*build, "--fhir-inline")[0] == 0
    assert forms() == {"data"} and len(references(out)) == 3
    assert _pdf_stamps(out) == pdfs  # none of it rebuilt a PDF


def test_a_leaflet_changed_after_the_plan_is_rebuilt_not_described(tmp_path):
    # The plan found both up to date, with a reference to write; by the time it is written a
    # monograph was edited and a PDF became a link. Neither may be described as planned.
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    request = fhir.Request(inline=True, date="2025-11-24T16:00:00Z")
    brand = handouts.read_brand()
    batch.run(batch.plan(batch.discover([data]), out, brand, fhir_request=request))
    for path in out.glob("*.fhir.json"):
        path.unlink()
    plan = batch.plan(batch.discover([data]), out, brand, fhir_request=request)
    assert [r.index for r in plan.refresh] == [0, 1] and plan.todo == ()
    source = data / "allopurinol.yaml"
    source.write_text(source.read_text().replace("name: Allopurinol", "name: Allopurinol B"))
    copy = tmp_path / "elsewhere.pdf"
    copy.write_bytes((out / "blinatumomab.pdf").read_bytes())
    (out / "blinatumomab.pdf").unlink()
    (out / "blinatumomab.pdf").symlink_to(copy)
    summary = batch.run(plan, BatchOptions(jobs=1))
    assert [r.status for r in summary.results] == ["built", "built"]
    assert not (out / "blinatumomab.pdf").is_symlink()
    assert valid(out / "allopurinol.fhir.json").description == "Allopurinol B"
    valid(out / "blinatumomab.fhir.json")
    again = batch.plan(batch.discover([data]), out, brand, fhir_request=request)
    assert (again.todo, again.refresh) == ((), ())


def test_a_changed_monograph_rebuilds_its_pdf_and_its_reference(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    assert run("build", data, "-o", out, "--fhir")[0] == 0
    before = references(out)
    source = data / "blinatumomab.yaml"
    source.write_text(source.read_text().replace("Blinatumomab", "Blinatumomab X", 1))
    assert run("build", data, "-o", out, "--fhir")[0] == 0
    after = references(out)
    assert after["allopurinol.fhir.json"] == before["allopurinol.fhir.json"]
    assert after["blinatumomab.fhir.json"] != before["blinatumomab.fhir.json"]
    assert valid(out / "blinatumomab.fhir.json").description == "Blinatumomab X"
    # Rebuilt without --fhir: its reference goes with the old PDF; the other's, as unasked for.
    source.write_text(source.read_text().replace("Blinatumomab X", "Blinatumomab Y", 1))
    assert run("build", data, "-o", out)[0] == 0
    assert references(out) == {}


def test_a_reference_edited_by_hand_or_a_link_is_replaced_never_followed(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    assert run("build", data, "-o", out, "--fhir")[0] == 0
    (out / "allopurinol.fhir.json").write_text('{"edited": true}')
    victim = tmp_path / "victim.fhir.json"
    victim.write_text("precious")
    (out / "blinatumomab.fhir.json").unlink()
    (out / "blinatumomab.fhir.json").symlink_to(victim)
    code, _, err = run("build", data, "-o", out, "--fhir")
    assert code == 0, err
    assert victim.read_text() == "precious"
    for name in ("allopurinol.fhir.json", "blinatumomab.fhir.json"):
        assert not (out / name).is_symlink()
        valid(out / name)


def test_without_fhir_a_reference_not_as_written_is_kept_with_a_warning(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    assert run("build", data, "-o", out, "--fhir")[0] == 0
    (out / "allopurinol.fhir.json").write_text('{"edited": true}')
    victim = tmp_path / "victim.json"
    victim.write_bytes((out / "blinatumomab.fhir.json").read_bytes())  # the very bytes
    (out / "blinatumomab.fhir.json").unlink()
    (out / "blinatumomab.fhir.json").symlink_to(victim)
    code, _, err = run("build", data, "-o", out)
    assert code == 0
    assert (out / "allopurinol.fhir.json").read_text() == '{"edited": true}'
    assert (out / "blinatumomab.fhir.json").is_symlink() and victim.exists()
    for name in ("allopurinol.fhir.json", "blinatumomab.fhir.json"):
        assert (f"warning: {out / name}: kept, though --fhir was not given: it is not the file "
                "handouts wrote (changed since, or a link); delete it yourself if it is not "
                "wanted") in err.splitlines()
    # Said once: the manifest no longer holds them as handouts'.
    assert "warning" not in run("build", data, "-o", out)[2]


def test_a_removed_stale_pdf_takes_its_reference_with_it(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 3)
    assert run("build", data, "-o", out, "--fhir")[0] == 0
    (data / "blinatumomab.yaml").unlink()
    (data / "filgrastim.yaml").unlink()
    (out / "filgrastim.fhir.json").write_text("edited by hand")
    code, stdout, err = run("build", data, "-o", out, "--format", "json")  # --fhir or not
    assert code == 0
    summary = json.loads(stdout)
    assert summary["removed"] == [str(out / "blinatumomab.pdf"), str(out / "filgrastim.pdf")]
    assert summary["fhir"]["removed"] == [str(out / "blinatumomab.fhir.json"),
                                          str(out / "allopurinol.fhir.json")]
    assert (out / "filgrastim.fhir.json").read_text() == "edited by hand"
    assert (f"warning: {out / 'filgrastim.fhir.json'}: kept, though its monograph is gone: it "
            "is not the file handouts wrote") in err
    assert sorted(p.name for p in out.iterdir()) == [
        ".handouts.lock", "allopurinol.pdf", "filgrastim.fhir.json", "manifest.json"]


def test_a_manifest_cannot_delete_or_read_a_reference_outside_the_folder(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    assert run("build", data, "-o", out, "--fhir")[0] == 0
    victim = tmp_path / "x.fhir.json"
    precious = (out / "allopurinol.fhir.json").read_bytes()
    victim.write_bytes(precious)
    recorded = json.loads((out / "manifest.json").read_text())
    entry = recorded["leaflets"]["allopurinol.pdf"]
    # 1. A reference's file is never named in the manifest: a name is refused outright.
    for bad in ({**entry["fhir"], "file": "../x.fhir.json"},
                {**entry, "fhir": {**entry["fhir"], "inline": "yes"}}["fhir"], "../x.fhir.json"):
        doctored = json.loads(json.dumps(recorded))
        doctored["leaflets"]["allopurinol.pdf"]["fhir"] = bad
        doctored["leaflets"]["../x.pdf"] = {**entry, "source": "../gone/x.yaml"}
        (out / "manifest.json").write_text(json.dumps(doctored))
        code, _, err = run("build", data, "-o", out)
        assert code == 0
        assert f"warning: {out / 'manifest.json'}: not a handouts manifest" in err
        assert victim.read_bytes() == precious
        assert run("build", data, "-o", out, "--fhir")[0] == 0
        recorded = json.loads((out / "manifest.json").read_text())
        entry = recorded["leaflets"]["allopurinol.pdf"]
    # 2. A stale entry whose reference is a link out of the folder, to a file with the very
    # bytes recorded: not followed, not deleted, not read.
    (out / "blinatumomab.fhir.json").unlink()
    link_target = tmp_path / "blinatumomab.fhir.json"
    link_target.write_bytes(victim.read_bytes())
    (out / "blinatumomab.fhir.json").symlink_to(link_target)
    stale = recorded["leaflets"]["blinatumomab.pdf"]
    stale["fhir"] = {**stale["fhir"], "sha256": hashlib.sha256(link_target.read_bytes())
                     .hexdigest(), "size": link_target.stat().st_size}
    (out / "manifest.json").write_text(json.dumps(recorded))
    (data / "blinatumomab.yaml").unlink()
    code, _, err = run("build", data, "-o", out)
    assert code == 0
    assert link_target.exists() and (out / "blinatumomab.fhir.json").is_symlink()
    assert f"warning: {out / 'blinatumomab.fhir.json'}: kept" in err
    assert victim.read_bytes() == precious


def test_temporary_references_of_a_killed_run_are_cleaned_up(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 1)
    out.mkdir()
    left = out / ".allopurinol.fhir.json.k2j4l_0a.part"
    kept = out / ".notes.json.k2j4l_0a.part"
    for path in (left, kept):
        path.write_text("{")
    assert run("build", data, "-o", out, "--fhir")[0] == 0
    assert not left.exists() and kept.exists()


def test_same_source_date_epoch_same_references_in_any_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    formulary(tmp_path / "data", 3)
    for out in ("one", "two"):
        assert run("build", tmp_path / "data", "-o", tmp_path / out, "--fhir", "-q")[0] == 0
    assert references(tmp_path / "one") == references(tmp_path / "two")
    assert (tmp_path / "one" / "manifest.json").read_bytes() == (
        tmp_path / "two" / "manifest.json").read_bytes()


def test_library_plan_and_run(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 2)
    request = fhir.Request(inline=False, date="2025-11-24T16:00:00Z")
    plan = batch.plan(batch.discover([data]), out, handouts.read_brand(), fhir_request=request)
    summary = batch.run(plan, BatchOptions(jobs=1))
    assert summary.references == summary.references_written == [
        out / "allopurinol.fhir.json", out / "blinatumomab.fhir.json"]
    entry = manifest.read(out).leaflets["allopurinol.pdf"]
    assert entry.fhir == manifest.Reference(
        False, "2025-11-24T16:00:00Z",
        hashlib.sha256((out / "allopurinol.fhir.json").read_bytes()).hexdigest(),
        os.path.getsize(out / "allopurinol.fhir.json"))
    again = batch.plan(batch.discover([data]), out, handouts.read_brand(), fhir_request=request)
    assert (again.todo, again.refresh, again.unreferenced) == ((), (), ())
    off = batch.plan(batch.discover([data]), out, handouts.read_brand())
    assert off.unreferenced == ("allopurinol.pdf", "blinatumomab.pdf")
