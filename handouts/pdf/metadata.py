"""Document metadata for PDF/A-2 and PDF/UA-1: XMP that agrees with the Info dictionary, and
an sRGB output intent. Attached to the canvas so it is written in the same pass."""

from __future__ import annotations

import contextlib
import datetime
import time
import zlib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

from ..errors import BuildError

PDFA_PART = 2
# Level A: the tagging gives the logical structure and Unicode text that level A asks for.
PDFA_CONFORMANCE = "A"
ICC_NAME = "sRGB IEC61966-2.1"  # the output intent's condition


def escape(text: str) -> str:
    """XML's escapes for element text, as xml.sax.saxutils.escape: that module imports
    urllib.request, http.client and email, a tenth of start-up, for these three lines."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaid:part>{part}</pdfaid:part>
<pdfaid:conformance>{conformance}</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
"""


EPOCH = 946684800  # 2000-01-01T00:00:00Z: every leaflet's creation date, and its /ID's seed


class _FixedStamp(TimeStamp):  # type: ignore[misc]
    """ReportLab's invariant time stamp, without its reading of SOURCE_DATE_EPOCH: a leaflet's
    bytes depend on its inputs only, never on the environment of the build."""

    def __init__(self, invariant: Any = None) -> None:
        self.t = float(EPOCH)
        self.lt = time.gmtime(EPOCH)
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


@contextlib.contextmanager
def fixed_time() -> Iterator[None]:
    """Documents made inside get the fixed date: ReportLab takes SOURCE_DATE_EPOCH when it
    is set (and fails when it is not a number), which would give one folder leaflets of two
    dates and IDs, and no record of which."""
    saved = pdfdoc.TimeStamp
    pdfdoc.TimeStamp = _FixedStamp
    try:
        yield
    finally:
        pdfdoc.TimeStamp = saved


def build_time(environ: Mapping[str, str]) -> datetime.datetime:
    """When things built now are built (the binder's cover, a FHIR reference): from
    SOURCE_DATE_EPOCH when set (reproducible builds), else the clock; in UTC, to the second.
    Never a leaflet's own date, which is fixed (``EPOCH``)."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    try:
        return datetime.datetime.fromtimestamp(int(value), datetime.timezone.utc)
    except (ValueError, OverflowError, OSError) as e:
        raise BuildError(f"SOURCE_DATE_EPOCH={value!r}: expected a whole number of seconds "
                         "since 1970") from e


@cache
def icc_profile() -> bytes:
    """The sRGB profile of the output intent, Flate-compressed once per process."""
    return zlib.compress(files("handouts.assets").joinpath("sRGB.icc").read_bytes())


class _Info(pdfdoc.PDFInfo):  # type: ignore[misc]
    """ReportLab's Info dictionary without /Trapped, whose value XMP cannot mirror (PDF/A
    6.6.2.3.1 wants the two to agree)."""

    def format(self, document: Any) -> bytes:
        entries = {key: PDFString(value) for key, value in (
            ("Title", self.title), ("Author", self.author), ("Subject", self.subject),
            ("Keywords", self.keywords), ("Creator", self.creator), ("Producer", self.producer))}
        entries["CreationDate"] = entries["ModDate"] = pdfdoc.PDFDate(
            ts=document._timeStamp, dateFormatter=self._dateFormatter)
        return PDFDictionary(entries).format(document)  # type: ignore[no-any-return]


def _xmp_date(stamp: Any) -> str:
    # The numbers ReportLab's PDFDate writes into the Info dictionary.
    y, mo, d, h, mi, s = stamp.YMDhms
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{stamp.dhh:+03d}:{stamp.dmm:02d}"


def xmp(info: Any, language: str, stamp: Any) -> bytes:
    return _XMP.format(
        part=PDFA_PART, conformance=PDFA_CONFORMANCE, title=escape(info.title),
        author=escape(info.author), subject=escape(info.subject),
        keywords=escape(info.keywords), producer=escape(info.producer),
        creator=escape(info.creator), language=escape(language), date=_xmp_date(stamp),
    ).encode("utf-8")


def attach(canvas: Canvas, language: str) -> None:
    """Write the XMP metadata and the output intent into the document being saved."""
    doc = canvas._doc
    doc._handouts_pdfa = True  # see _install_endstream_eol
    doc.info.__class__ = _Info
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString(ICC_NAME),
        "Info": PDFString(ICC_NAME),
        # Compressed once per process; the Filter entry stops ReportLab compressing it again.
        "DestOutputProfile": PDFStream(PDFDictionary({"N": 3, "Filter": PDFName("FlateDecode")}),
                                       icc_profile()),
    })
    doc.Catalog.OutputIntents = PDFArray([intent])
    # No filters: PDF/A wants the metadata readable without decompressing it.
    doc.Catalog.Metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp(doc.info, language, doc._timeStamp))


def _install_endstream_eol() -> None:
    """ReportLab 5.1 writes ``...data endstream`` with no end-of-line before the keyword, which
    PDF/A forbids (ISO 19005-2, 6.1.7.1); every stream goes through PDFStream.format, so add
    the EOL there. /Length is unchanged: the EOL is not part of the data."""
    cls = pdfdoc.PDFStream
    if getattr(cls.format, "_handouts_eol", False):
        return
    original = cls.format
    end = b"endstream\n"

    def format(self: Any, document: Any) -> bytes:
        out: bytes = original(self, document)
        if not getattr(document, "_handouts_pdfa", False):
            return out  # someone else's document in this process: leave it as ReportLab made it
        return out[: -len(end)] + b"\n" + end if out.endswith(end) else out

    format._handouts_eol = True  # type: ignore[attr-defined]
    cls.format = format


_install_endstream_eol()
