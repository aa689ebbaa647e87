"""Tagged PDF/UA-1 and PDF/A-2a: the structure tree directly (pikepdf), and veraPDF's verdict.

Covers pdf.tags, pdf.metadata and pdf._objstm (object streams).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml

import handouts
from conftest import FIXTURES, SHIPPED, VECTOR_LOGO, catalogue, nfc_words, png_logo_brand
from handouts.source.model import SECTIONS
from helpers import verapdf as harness
from helpers.samples import (
    SHIPPED_SEED,
    TRICKY,
)
from helpers.structure import element_text, marked_text, structure

FLAVOURS = ("ua1", "2a")
SPANISH_SEED = FIXTURES / "inotuzumab-ozogamicin.es.yaml"


@pytest.fixture(scope="session")
def verapdf() -> None:
    """Skips locally, fails in CI (CI=true), when java, the jar or JAXB are missing."""
    harness.require_verapdf()
    harness.compile_validator()


@pytest.fixture(scope="module")
def leaflets(tmp_path_factory) -> dict[str, Path]:
    """Every shipped leaflet, plus tricky and long ones, and the seed in Spanish."""
    folder = tmp_path_factory.mktemp("tagged")
    brand = handouts.read_brand()
    (folder / "tricky.yaml").write_text(TRICKY, encoding="utf-8")
    long_text = " ".join(f"word{i}" for i in range(1500))
    bullets = "\n".join(f"  - Side effect number {i} of many" for i in range(80))
    (folder / "long.yaml").write_text(f"""\
name: Longamab
how_it_is_administered: |
  {long_text}
how_it_works: Short.
common_side_effects:
{bullets}
who_should_take_it: Adults.
who_should_not_take_it: Children.
""", encoding="utf-8")
    sources = [*SHIPPED, folder / "tricky.yaml", folder / "long.yaml", SPANISH_SEED]
    return {s.stem: handouts.build(s, folder / "out", brand)[0] for s in sources}


def test_every_leaflet_conforms_to_pdfua1_and_pdfa2a(verapdf, leaflets):
    verdicts = harness.validate(list(leaflets.values()), flavours=FLAVOURS)
    assert len(verdicts) == len(leaflets) * len(FLAVOURS)
    failed = [v.summary() for v in verdicts if not v.compliant]
    assert failed == []


def test_every_kind_of_logo_that_passes_conforms(verapdf, tmp_path):
    """PNG with alpha, a palette, 16 bits; SVG with a gradient, clip path, <use>, opacity."""
    brands = []
    for mode in ("LA", "P", "RGBA", "I;16"):
        folder = tmp_path / mode.replace(";", "")
        folder.mkdir()
        brands.append(png_logo_brand(folder, (40, 20), mode))
    (tmp_path / "logo.svg").write_text(VECTOR_LOGO)
    (tmp_path / "brand.yaml").write_text("organisation: Vector Clinic\ntagline: We care.\n"
                                         "logo: logo.svg\n")
    brands.append(tmp_path / "brand.yaml")
    pdfs = [handouts.build(SHIPPED_SEED, brand.parent / "out", handouts.read_brand(brand))[0]
            for brand in brands]
    failed = [v.summary() for v in harness.validate(pdfs, flavours=FLAVOURS) if not v.compliant]
    assert failed == []




def test_structure_tree_follows_the_reading_order(leaflets):
    with pikepdf.open(leaflets["inotuzumab-ozogamicin"]) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        tags = [tag for tag, _ in structure(pdf)]
        for page in pdf.pages:
            assert page.Tabs == "/S" and "/StructParents" in page
    # The logo, the title, brand names, the key points box, the urgent box ...
    assert tags[:7] == ["Document", "Figure", "H1", "P", "H2", "L", "LI"]
    # ... and last, page 1's footer: the review dates, the address and its QR code.
    assert tags[-3:] == ["P", "P", "Figure"]
    assert tags.count("H2") == 10  # the two boxes and eight sections
    assert tags.count("LI") == tags.count("Lbl") == tags.count("LBody") == 3 + 4 + 13
    assert tags.count("L") == 3






@pytest.mark.parametrize("seed", [SHIPPED_SEED, SPANISH_SEED], ids=["en", "es"])
def test_text_under_each_tag(leaflets, seed):
    """The H1 is the drug, the H2s the section headings, each LI one side effect (its Lbl the
    bullet), and the Ps the monograph's paragraphs, word for word; the tool's own words in the
    monograph's language, from its catalogue."""
    source = yaml.safe_load(seed.read_text(encoding="utf-8"))
    say = catalogue(source["language"])
    with pikepdf.open(leaflets[seed.stem]) as pdf:
        assert str(pdf.Root.Lang) == source["language"]
        marked = marked_text(pdf)
        elements = structure(pdf)

        def texts(tag: str) -> list[str]:
            return [" ".join(element_text(e, marked).split()) for t, e in elements if t == tag]

        assert texts("H1") == [source["name"]]
        assert texts("H2") == [say["Key points"], say["When to get help"],
                               *(say[heading] for key, heading in SECTIONS if key in source)]
        items = [*source["key_points"], *source["when_to_get_help"],
                 *source["common_side_effects"]]
        assert texts("LI") == [f"\u2022{' '.join(item.split())}" for item in items]
        assert texts("Lbl") == ["\u2022"] * len(items)
        paragraphs = texts("P")
        dates = {"en": ("30 November 2026", "30 November 2028"),
                 "es": ("30 de noviembre de 2026", "30 de noviembre de 2028")}
        reviewed, due = dates[source["language"]]
        assert paragraphs[:3] == [f"{say['Common brand names:']} Besponsa",
                                  say["Call your care team straight away."],
                                  " ".join(source["how_it_is_administered"].split())]
        assert paragraphs[-3:] == [
            " ".join(source["commonly_tested_with"].split()),
            say["Reviewed {date}"].format(date=reviewed) + " · "
            + say["Next review {date}"].format(date=due), source["url"]]
        logo, qr = [e for t, e in elements if t == "Figure"]
        assert str(logo.Alt) == "Riverside Cancer Care"  # the organisation, as written
        assert str(qr.Alt) == say["QR code for {url}"].format(url=source["url"])


def test_pdfinfo_and_qpdf(leaflets):
    for pdf in leaflets.values():
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        assert "Tagged:          yes" in info
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No syntax or stream encoding errors found" in check.stdout


def test_split_paragraph_stays_one_p(leaflets):
    with pikepdf.open(leaflets["long"]) as pdf:
        paragraphs = [e for tag, e in structure(pdf) if tag == "P"]
        long_p = paragraphs[0]
        kinds = [k for k in long_p.K if isinstance(k, pikepdf.Dictionary)]
        assert kinds and all(k.Type == "/MCR" for k in kinds)  # continued on later pages
        assert len({k.Pg.objgen for k in kinds}) >= 1


def test_word_spaces_survive_at_line_breaks(leaflets):
    """Each drawn line but a paragraph's last ends with its space: no "chestinfections"."""
    import pypdf

    chunks: list[str] = []
    page = pypdf.PdfReader(leaflets["long"]).pages[0]
    page.extract_text(visitor_text=lambda text, *args: chunks.append(text))
    # pypdf ends each drawn line with a newline of its own; the space must come before it.
    lines = [c.removesuffix("\n") for c in chunks if c.startswith("word")]
    assert len(lines) > 10
    assert all(line.endswith(" ") for line in lines[:-1])
    assert nfc_words("".join(lines))[:3] == ["word0", "word1", "word2"]


def test_xmp_metadata_agrees_with_info(leaflets):
    with pikepdf.open(leaflets["inotuzumab-ozogamicin"]) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Inotuzumab ozogamicin"
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:language"] == {"en"}
        assert str(pdf.docinfo.Title) == meta["dc:title"]
        assert str(pdf.docinfo.Producer) == meta["pdf:Producer"]
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3


def test_objects_are_in_compressed_object_streams(leaflets):
    """Issue 16: every object but the streams is in a Flate-compressed object stream, indexed
    by a cross-reference stream (PDF 1.5, allowed in PDF/A-2): the structure tree's 17 KB
    of dictionaries was stored as plain text."""
    path = leaflets["inotuzumab-ozogamicin"]
    raw = path.read_bytes()
    assert b"StructElem" not in raw and b"StructTreeRoot" not in raw
    assert b"\ntrailer" not in raw and b"\nxref\n" not in raw
    with pikepdf.open(path) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                   and o.get("/Type") == "/ObjStm"]
        assert streams and all(s.Filter == "/FlateDecode" for s in streams)
        assert pdf.trailer.get("/Type") == "/XRef"
        assert pdf.Root.StructTreeRoot.K.S == "/Document"  # read back through them
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_output_intent_is_a_compact_srgb_profile(leaflets):
    """Issue 16: a v2 sRGB display profile of under 1 KB (CC0 compact-icc-profiles), not the
    6.9 KB one; veraPDF (above) accepts it as the PDF/A output intent."""
    with pikepdf.open(leaflets["inotuzumab-ozogamicin"]) as pdf:
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
    assert len(profile) < 1024
    # ICC.1 header: version 2, a display ("mntr") profile of RGB data, the "acsp" signature.
    assert (profile[8], profile[12:20], profile[36:40]) == (2, b"mntrRGB ", b"acsp")


@pytest.mark.parametrize("damage, rule", [
    ("lang", "7.2-34"),
    ("font", "7.21.4.1-1"),
    ("tag content", "7.1-3"),
])
def test_checker_fails_a_damaged_leaflet(verapdf, leaflets, tmp_path, damage, rule):
    """Prove the check can fail: remove /Lang, un-embed a font, drop a tag's marked content."""
    damaged = tmp_path / f"{damage.replace(' ', '-')}.pdf"
    with pikepdf.open(leaflets["inotuzumab-ozogamicin"]) as pdf:
        if damage == "lang":
            del pdf.Root.Lang
        elif damage == "font":
            for page in pdf.pages:
                for font in page.Resources.Font.values():
                    if "/FontFile2" in font.FontDescriptor:
                        del font.FontDescriptor.FontFile2
        else:
            # Unwrap every tagged marked-content sequence on page 1 (artifacts stay): its
            # content is then neither tagged nor an artifact.
            page = pdf.pages[0]
            out, stack = [], []
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) in ("BDC", "BMC"):
                    tagged = str(op) == "BDC" and "/MCID" in operands[1]
                    stack.append(tagged)
                    if tagged:
                        continue
                elif str(op) == "EMC" and stack.pop():
                    continue
                out.append((operands, op))
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
        pdf.save(damaged)
    (verdict,) = harness.validate([damaged], flavours=("ua1",))
    assert not verdict.compliant
    assert rule in verdict.rule_ids


def test_large_print_and_a_patient_copy_conform(verapdf, tmp_path):
    import datetime

    from handouts.source.model import Patient

    monograph = handouts.read_monograph(SHIPPED_SEED)
    brand = handouts.read_brand()
    pdfs = []
    for name, options, patient in (
            ("large", handouts.Options(large_print=True, paper="letter"), None),
            ("patient", handouts.Options(), Patient("Jane Doe", "Dr Smith",
                                                    datetime.date(2026, 12, 3), "01632 960 123"))):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(handouts.render_leaflet(monograph, brand, options, patient).pdf)
        pdfs.append(path)
    verdicts = harness.validate(pdfs, flavours=FLAVOURS)
    assert [v.summary() for v in verdicts if not v.compliant] == []
    assert len(verdicts) == 4


def test_a_brand_text_in_another_language_conforms(verapdf, tmp_path):
    """A Spanish leaflet whose brand gives its hours in English only: those are P elements of
    their own with /Lang (en), in the urgent box and the contact block."""
    from helpers.samples import ENGLISH_HOURS
    from helpers.structure import tagged_languages

    (tmp_path / "brand.yaml").write_text(ENGLISH_HOURS, encoding="utf-8")
    brand = handouts.read_brand(tmp_path / "brand.yaml")
    path = tmp_path / "es.pdf"
    path.write_bytes(handouts.render_leaflet(handouts.read_monograph(SPANISH_SEED, brand),
                                             brand).pdf)
    assert [lang for _, lang, _ in tagged_languages(path)] == ["en", "en"]
    verdicts = harness.validate([path], flavours=FLAVOURS)
    assert [v.summary() for v in verdicts if not v.compliant] == []
    assert len(verdicts) == 2
