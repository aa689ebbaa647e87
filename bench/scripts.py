"""Which scripts could a leaflet print? A measurement, not a test: the evidence behind the
README's table of scripts ("Languages").

For each script, a leaflet is built through handouts' own pipeline (tagged PDF/UA-1 and
PDF/A-2a, our TrueType subsets and ToUnicode maps) with Debian's Noto face for that script in
place of the bundled fonts, with and without ReportLab's shaping (uharfbuzz), then read back
by poppler, Ghostscript and mupdf and checked by veraPDF. Validation, which refuses these
scripts, is bypassed by building the model directly.

    apt-get install fonts-noto-core && pip install uharfbuzz==0.57.0
    python bench/scripts.py [--png DIR]   # from the repository's root

ReportLab's right-to-left layout needs rlbidi, which is not on PyPI: the right-to-left rows
are measured without it, as any install of handouts would run.
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from reportlab.pdfgen.textobject import rtlSupport  # noqa: E402

import handouts  # noqa: E402
from handouts.i18n import catalogue  # noqa: E402
from handouts.i18n.catalogue import Catalogue, Catalogues  # noqa: E402
from handouts.page import layout, render, styles  # noqa: E402
from handouts.pdf import fonts  # noqa: E402
from handouts.source.model import SECTIONS, Monograph, Paragraph, Section  # noqa: E402
from helpers import verapdf  # noqa: E402

NOTO = Path("/usr/share/fonts/truetype/noto")
# Plain patient sentences: "This medicine kills cancer cells. Talk to your doctor before
# treatment." Each has the script's hard cases: conjuncts and reordered vowel signs
# (Devanagari, Bengali), stacked marks and no spaces between words (Thai), joining letters
# (Arabic), right-to-left order (Arabic, Hebrew).
SAMPLES = {
    "Devanagari (Hindi)": ("NotoSansDevanagari", "hi",
                           "यह दवा कैंसर की कोशिकाओं को मारती है। इलाज से पहले डॉक्टर से बात करें।"),
    "Bengali": ("NotoSansBengali", "bn",
                "এই ওষুধ ক্যান্সার কোষ মেরে ফেলে। চিকিৎসার আগে ডাক্তারের সঙ্গে কথা বলুন।"),
    "Thai": ("NotoSansThai", "th", "ยานี้ช่วยฆ่าเซลล์มะเร็ง โปรดปรึกษาแพทย์ก่อนการรักษา"),
    "Arabic": ("NotoSansArabic", "ar",
               "هذا الدواء يقتل الخلايا السرطانية. تحدث إلى طبيبك قبل العلاج."),
    "Hebrew": ("NotoSansHebrew", "he", "התרופה הזאת הורגת תאי סרטן. דברו עם הרופא לפני הטיפול."),
    "Spanish (control)": ("NotoSans", "es",
                          "¿Qué es? Náuseas, señales de infección: ¡llame ya!"),
}
READERS = ("poppler", "ghostscript", "mupdf")


def extract(pdf: Path, reader: str) -> str:
    if reader == "poppler":
        args = ["pdftotext", "-enc", "UTF-8", str(pdf), "-"]
    elif reader == "ghostscript":
        args = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite",
                "-sOutputFile=-", str(pdf)]
    else:
        args = ["mutool", "draw", "-F", "txt", str(pdf)]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8", "replace")


def kept(text: str, extracted: str) -> tuple[bool, int, int]:
    """Whether the sentence came back whole and in order, and how many of its letters came
    back at all (in any order)."""
    norm = " ".join(unicodedata.normalize("NFC", extracted).split())
    letters = [c for c in text if not c.isspace()]
    found = sum(min(norm.count(c), text.count(c)) for c in set(letters))
    return " ".join(text.split()) in norm, found, len(letters)


def build(font: str, language: str, text: str, shaping: bool, out: Path) -> Path:
    regular = fonts.Face(font, str(NOTO / f"{font}-Regular.ttf"), "DejaVuSans", "DejaVuSans.ttf")
    bold = fonts.Face(font + "-Bold", str(NOTO / f"{font}-Bold.ttf"), "DejaVuSans-Bold",
                      "DejaVuSans-Bold.ttf")
    fonts.REGULAR, fonts.BOLD = regular, bold  # this process only: a measurement
    fonts.FACES = (regular, bold)
    made = styles.styles

    def shaped(*args: object, **kw: object) -> styles.Styles:
        s = made(*args, **kw)  # type: ignore[arg-type]
        return dataclasses.replace(s, **{f.name: _shape(getattr(s, f.name), shaping)
                                         for f in dataclasses.fields(s) if f.name != "type"})

    styles.styles = shaped
    monograph = Monograph(
        name="Testamab", brand_names=(), language=language, sections=tuple(
            # Paragraphs only: a bullet is drawn in the text face, which most Noto script
            # faces lack (U+2022), and would fail veraPDF for a reason that is not the script.
            Section(key, dict(SECTIONS)[key], (Paragraph(text),))
            for key in ("how_it_works", "who_should_take_it")))
    # The tool's own words stay English (a catalogue under the script's tag): only the
    # monograph's text is in the script.
    english = Catalogue(language, tuple(sorted(catalogue.english().items())))
    brand = dataclasses.replace(handouts.read_brand(), logo=None, taglines=(),
                                tagline="Together we care.", catalogues=Catalogues((english,)))
    laid_out = layout.flowables(monograph, brand, styles.styles(brand))
    pdf, _ = render.render(laid_out, monograph, brand,
                           render.geometry(monograph, handouts.Options(), laid_out))
    path = out / f"{language}-{'shaped' if shaping else 'plain'}.pdf"
    path.write_bytes(pdf)
    return path


def _shape(style: object, shaping: bool) -> object:
    copy = type(style)(style.name + "-shaped", parent=style)  # type: ignore[attr-defined]
    copy.shaping = int(shaping)
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--png", type=Path, help="also render page 1 of each PDF here")
    args = parser.parse_args()
    print(f"ReportLab right-to-left support (rlbidi importable): {rtlSupport}")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        pdfs = []
        rows = []
        for name, (font, language, text) in SAMPLES.items():
            for shaping in (False, True):
                try:
                    pdf = build(font, language, text, shaping, out)
                except Exception as e:  # a measurement: report it and go on
                    rows.append((name, shaping, f"failed: {type(e).__name__}: {e}", out))
                    continue
                pdfs.append(pdf)
                results = []
                for reader in READERS:
                    whole, found, total = kept(text, extract(pdf, reader))
                    results.append(f"{reader} {'whole' if whole else 'NOT whole'} "
                                   f"{found}/{total}")
                rows.append((name, shaping, ", ".join(results), pdf))
                if args.png:
                    args.png.mkdir(parents=True, exist_ok=True)
                    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1",
                                    str(pdf), str(args.png / pdf.stem)], check=True)
        verdicts = {}
        if verapdf.unavailable_reason() is None:
            verapdf.compile_validator()
            for pdf, verdict in zip(pdfs, verapdf.validate(pdfs, flavours=("ua1",)),
                                    strict=True):
                verdicts[pdf] = ("passes" if verdict.compliant else
                                 "fails: " + verdict.summary().replace("\n", " ")[:200])
        for name, shaping, result, pdf in rows:
            print(f"{name:20} shaping={'on ' if shaping else 'off'} {result}; "
                  f"veraPDF UA-1 {verdicts.get(pdf, 'not run')}")


if __name__ == "__main__":
    main()
