"""The command line: help, exit codes, messages, and what is (not) left on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import handouts
from cli import main
from conftest import SHIPPED
from test_load import GOOD


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


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
                   "against #ffffff (WCAG 2.1 AA), found 1.16:1\n")
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
