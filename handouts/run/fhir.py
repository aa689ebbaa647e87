"""``DIR/<stem>.fhir.json`` beside a leaflet (``--fhir``): a FHIR R4 DocumentReference that an
EHR imports with the PDF, pointing to it or carrying it.

The resource copies no free text but the monograph's generic name (its title) and language, and
the PDF's own file name in ``url``: nothing that a personalised leaflet (a patient's name) could
put there. There is no ``subject``: a leaflet is about a drug, not a patient.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import BuildError
from ..pdf import metadata
from ..pdf.write import write_atomic
from . import manifest
from .manifest import Reference

SUFFIX = ".fhir.json"

# The kind of document, from the Document Type value set that R4 binds DocumentReference.type to
# (preferred strength: LOINC codes of scale DOC). 34895-3 "Education note" is the LOINC document
# type for patient education material: France's national XDS type codes (ANS CI-SIS,
# JDV_J07-XdsTypeCode-CISIS) list it as "Fiche d'information au patient", a patient information
# sheet, and IHE PCC and C-CDA use the same code for patient education. Considered instead:
# 69730-0 "Instructions" (instructions for one patient's own care, such as discharge
# instructions, not general information about a drug) and 51855-5 "Patient Note" (a note the
# patient wrote). No category: R4 binds it to an example value set only, and each XDS affinity
# domain has its own class codes (US Core's "clinical-note", France's, Switzerland's SNOMED CT),
# so any one code would be wrong for most EHRs, which can derive the class from this type.
TYPE = {"coding": [{"system": "http://loinc.org", "code": "34895-3",
                    "display": "Education note"}]}
# The PDF needs no schema to be read: IHE's format code for "the MIME type says it all", which
# MHD-based document registries require (content.format 1..1).
FORMAT = {"system": "http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode",
          "code": "urn:ihe:iti:xds:2017:mimeTypeSufficient", "display": "mimeType Sufficient"}
_UNSIGNED_INT = 2**31 - 1  # R4 Attachment.size is an unsignedInt (R5 made it integer64)


@dataclass(frozen=True)
class Request:
    """What ``--fhir`` asks of a run."""

    inline: bool  # the PDF inside the JSON (base64 ``data``), else a relative ``url`` to it
    date: str  # FHIR instant, UTC to the second: when the leaflets of this run are built


def request(inline: bool, environ: Mapping[str, str]) -> Request:
    """A run's request, dated by ``build_time``; raises ``BuildError`` for a bad
    ``SOURCE_DATE_EPOCH``."""
    return Request(inline, instant(build_time(environ)))


build_time = metadata.build_time  # when leaflets built now are built


def instant(moment: datetime.datetime) -> str:
    """``moment`` as a FHIR instant in UTC: ``2025-11-24T16:00:00Z``."""
    utc = moment.astimezone(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)
    return utc.isoformat() + "Z"  # isoformat, not strftime: %Y does not pad years before 1000


def json_path(pdf: Path) -> Path:
    """``DIR/<stem>.fhir.json`` for ``DIR/<stem>.pdf``: the pair sorts and moves together."""
    return pdf.with_name(pdf.name.removesuffix(".pdf") + SUFFIX)


def is_json_name(name: str) -> bool:
    """Whether ``name`` is the reference of a leaflet this folder can hold (``x.fhir.json``
    for a plain ``x.pdf``), so never a path, a hidden or a temporary file."""
    return (name.endswith(SUFFIX)
            and manifest.is_pdf_name(name.removesuffix(SUFFIX) + ".pdf"))


def document_reference(pdf: bytes, pdf_name: str, title: str, language: str, date: str,
                       inline: bool) -> dict[str, Any]:
    """The DocumentReference of the leaflet ``pdf`` (bytes) named ``pdf_name``, titled with
    the generic name, in the monograph's ``language`` (BCP 47), dated ``date``.

    Elements are in the order the specification defines them; only R4 elements are used (R5
    renamed and retyped several: ``date`` became a dateTime, ``size`` an integer64).
    """
    if len(pdf) > _UNSIGNED_INT:  # pragma: no cover - a leaflet is some tens of KB
        raise BuildError(f"{pdf_name}: {len(pdf):,} bytes is too large for FHIR R4")
    attachment: dict[str, Any] = {"contentType": "application/pdf", "language": language}
    if inline:
        attachment["data"] = base64.b64encode(pdf).decode("ascii")
    else:
        # A relative reference (R4 Attachment.url: "Urls may be relative references"), to the
        # file beside this one: the pair can be moved together. quote: a space, ':' or
        # non-ASCII letter in a file name is not a valid relative URL as it stands.
        attachment["url"] = quote(pdf_name, safe="")
    attachment.update(
        size=len(pdf),
        # R4 Attachment.hash: "The calculated hash of the data using SHA-1. Represented using
        # base64" (of the 20-byte digest, not of its hexadecimal form).
        hash=base64.b64encode(hashlib.sha1(pdf).digest()).decode("ascii"),
        title=title,
        creation=date,
    )
    return {
        "resourceType": "DocumentReference",
        "status": "current",
        "docStatus": "final",  # a finished leaflet, not a preliminary or amended one
        "type": TYPE,
        "date": date,
        "description": title,
        "content": [{"attachment": attachment, "format": FORMAT}],
    }


def dumps(resource: dict[str, Any]) -> bytes:
    """UTF-8 JSON, as FHIR requires, with a final newline; the same resource, the same bytes."""
    return (json.dumps(resource, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write(pdf_path: Path, pdf: bytes, title: str, language: str, date: str,
          inline: bool) -> Reference:
    """Write the reference of ``pdf`` (the bytes just written to ``pdf_path``) beside it,
    atomically; returns what the manifest records of it."""
    data = dumps(document_reference(pdf, pdf_path.name, title, language, date, inline))
    path = json_path(pdf_path)
    try:
        write_atomic(path, data)
    except OSError as e:
        raise BuildError(f"cannot write {path}: {e.strerror or e}") from e
    return Reference(inline, date, hashlib.sha256(data).hexdigest(), len(data))


def forget(pdf_path: Path) -> None:
    """Remove the reference beside ``pdf_path`` before that PDF is replaced: it describes the
    old bytes. The name is reserved for it; a link is removed, never followed."""
    path = json_path(pdf_path)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as e:
        raise BuildError(f"cannot remove {path}, which describes the PDF about to be replaced: "
                         f"{e.strerror or e}") from e


def is_ours(pdf_path: Path, record: Reference) -> bool:
    """Whether the reference beside ``pdf_path`` is a regular file (not a link) holding exactly
    the bytes ``record`` says were written."""
    return manifest.same_file(json_path(pdf_path), record.size, record.sha256)
