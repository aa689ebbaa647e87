"""Hostile input: what a monograph, a brand file or its logo can make handouts read, write or
reach. Nothing but the monograph, the brand file and its logo, handouts' own installation (code,
fonts, profile), and the output folder; never the network. Watched with an audit hook
(PEP 578) in a fresh process.

Covers source._files (reading only inside a folder, only a regular file).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

import handouts
from conftest import ROOT, pdftotext

HOSTILE = """\
name: Pathamab
how_it_is_administered: |
  See file:///etc/passwd and ../../../../etc/shadow and /etc/hosts and C:\\\\Windows\\\\win.ini.
how_it_works: <img src="/etc/passwd"/> <link href="https://evil.example/x">click</link> https://evil.example/leak
common_side_effects: ["<font face=\\"/etc/passwd\\">x</font>", "&lt;a href='file:///etc/passwd'&gt;"]
who_should_take_it: "\\\\\\\\server\\\\share\\\\file.pdf and %s and $HOME and `id`"
who_should_not_take_it: ~/.ssh/id_rsa
url: https://example.org/medicines/pathamab
"""

WATCH = """
import json, os, sys
import cli  # code is read before the hook: reading handouts' own code is allowed
seen = []
def hook(event, args):
    if event == "open":
        seen.append(["open", os.fsdecode(args[0]) if not isinstance(args[0], int) else "fd",
                     str(args[1])])
    elif event.split(".")[0] in ("socket", "urllib", "http", "ftplib", "smtplib"):
        seen.append([event, repr(args)[:100], ""])
    elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn"):
        seen.append([event, repr(args)[:100], ""])
sys.addaudithook(hook)
try:
    cli.main(sys.argv[1:])
except SystemExit as e:
    code = e.code
print(json.dumps({"code": code, "seen": seen}))
"""


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "brand").mkdir()
    logo = tmp_path / "brand" / "logo.svg"
    logo.write_bytes((ROOT / "handouts" / "assets" / "logo.svg").read_bytes())
    brand = tmp_path / "brand" / "brand.yaml"
    brand.write_text("organisation: Test Clinic\ntagline: We care.\nlogo: logo.svg\n")
    monograph = tmp_path / "pathamab.yaml"
    monograph.write_text(HOSTILE, encoding="utf-8")
    return {"monograph": monograph, "brand": brand, "logo": logo, "out": tmp_path / "out"}


def watched(*args: str) -> tuple[int, list[list[str]]]:
    done = subprocess.run([sys.executable, "-c", WATCH, *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["code"], report["seen"]


def installed(path: Path) -> bool:
    """Part of handouts' own installation or of the Python it runs on: code and the data
    its packages ship (fonts, the sRGB profile, the pronouncing dictionary)."""
    from importlib.resources import files

    roots = [Path(p).resolve() for p in sys.path if p and Path(p).exists()]
    roots += [Path(sys.base_prefix).resolve(), Path(handouts.__file__).parent.resolve(),
              Path(str(files("handouts._fonts"))).resolve()]
    return any(path == root or root in path.parents for root in roots)


def unexpected(seen: list[list[str]], allowed: set[Path], out: Path | None) -> list[list[str]]:
    bad = []
    for event, what, mode in seen:
        if event != "open":
            bad.append([event, what, mode])  # no socket, no process, ever
            continue
        if what == "fd":
            continue  # os.fdopen of a temporary file handouts made itself
        path = Path(what).resolve()
        if path in allowed or (out is not None and out.resolve() in path.parents):
            continue
        if installed(path) and mode in ("r", "rb", "None"):
            continue
        bad.append([event, what, mode])
    return bad


def test_build_reads_only_its_inputs_and_installation_and_never_the_network(hostile):
    code, seen = watched("build", str(hostile["monograph"]), "--brand", str(hostile["brand"]),
                         "-o", str(hostile["out"]), "--fhir")
    assert code == 0
    allowed = {hostile[k].resolve() for k in ("monograph", "brand", "logo")}
    assert unexpected(seen, allowed, hostile["out"]) == []
    opened = {Path(w).resolve() for e, w, _ in seen if e == "open" and w != "fd"}
    assert allowed <= opened  # the hook saw what it should
    # Every path in the text was printed as text: never a link, an image or a font.
    pdf = hostile["out"] / "pathamab.pdf"
    text = " ".join(pdftotext(pdf).split())
    assert "file:///etc/passwd" in text and "~/.ssh/id_rsa" in text and "$HOME" in text
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            assert "/Annots" not in page.obj and not page.get_images()


def test_check_and_schema_read_only_their_inputs(hostile):
    code, seen = watched("check", str(hostile["monograph"]), "-q")
    assert code == 0
    assert unexpected(seen, {hostile["monograph"].resolve()}, None) == []
    code, seen = watched("schema")
    assert code == 0
    assert unexpected(seen, set(), None) == []


def test_a_file_of_50_mb_is_refused_without_being_read(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB as far as anyone can tell
    code, seen = watched("build", str(big), "-o", str(tmp_path / "out"))
    assert code == 1
    assert not any(e == "open" and Path(w) == big for e, w, _ in seen)
    assert not (tmp_path / "out").exists()


def test_every_test_docs_security_names_exists():
    """docs/security.md names the test guarding each threat: each must exist."""
    import re

    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    named = re.findall(r"(test_\w+)\.py::(test_\w+)(?![\w*])", text)
    assert len(named) >= 20
    # A test file's name is unique in tests/ and its package folders.
    files = {path.stem: path for path in (ROOT / "tests").rglob("test_*.py")}
    for module, test in named:
        source = files[module].read_text(encoding="utf-8")
        assert f"def {test}(" in source, f"{module}.py::{test}"
    prefixes = re.findall(r"(test_\w+)\.py::(test_\w+)\*", text)
    for module, prefix in prefixes:
        assert f"def {prefix}" in files[module].read_text(encoding="utf-8")
