"""File to record: a leaflet as a FHIR R4 DocumentReference (the resource ``--fhir-inline``
writes, with the PDF inside) about the patient a FHIR server finds by record number.

A filed copy is about one patient and may carry their details in its bytes: it has a
``subject`` and ``meta.security`` with HL7's confidentiality code N ("normal": health
information protected by privacy law, the code a patient's chart carries unless it is more
sensitive), so that the EHR's access rules treat it as the rest of the record.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

from ..errors import HandoutsError
from ..run import fhir

TOKEN_VARIABLE = "HANDOUTS_FHIR_TOKEN"  # a bearer token for the server, when it wants one
TIMEOUT = 15.0  # seconds for each request to the server
CONFIDENTIALITY = {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality",
                   "code": "N", "display": "normal"}
# Bytes of a server's answer read: a search, an OperationOutcome, a transaction's answer (which
# may echo the PDF, though asked not to).
MAX_ANSWER = 64 * 1024 * 1024
# Characters of base64 carried inline, at most: Medplum, for one, refuses more; a larger
# leaflet goes as a Binary beside its DocumentReference, in one transaction.
MAX_INLINE = 1024 * 1024
_FHIR_JSON = "application/fhir+json"


class RecordError(HandoutsError):
    """The leaflet was not filed: why, in words for the desk (never the record number)."""


@dataclass(frozen=True)
class Filed:
    id: str  # the new DocumentReference's id on the server
    location: str  # its address, from the server's Location header (or built from the id)


@dataclass(frozen=True)
class Server:
    base: str  # the FHIR base, such as https://ehr.example/fhir
    token: str | None = None

    def __repr__(self) -> str:
        return f"Server({self.base!r})"  # never the token


def file(server: Server, record_number: str, pdf: bytes, pdf_name: str, title: str,
         language: str, now: datetime.datetime) -> Filed:
    """POST ``pdf``'s DocumentReference with ``subject`` the one Patient whose identifier is
    ``record_number`` (``system|value`` or a value in any system); raises ``RecordError``
    (nothing is sent when the patient is not found, or not found once)."""
    patient = find_patient(server, record_number)
    resource = document(pdf, pdf_name, title, language, now, patient)
    if 4 * -(-len(pdf) // 3) > MAX_INLINE:
        return _file_binary(server, pdf, resource, patient)
    status, headers, answer = _request(server, "POST", "DocumentReference",
                                       fhir.dumps(resource), f"{_FHIR_JSON}; charset=utf-8")
    if status not in (200, 201):
        raise RecordError(f"the FHIR server refused the leaflet ({status}): {_outcome(answer)}")
    created = answer.get("id") if isinstance(answer, dict) else None
    return _filed(server, created, headers.get("Location", ""))


def _file_binary(server: Server, pdf: bytes, resource: dict[str, Any],
                 patient: str) -> Filed:
    """A leaflet too large to carry inline: a transaction of the PDF as a ``Binary`` (at an id
    chosen here, PUT, so that the reference to it is known before the server answers) and the
    DocumentReference pointing to it; all or nothing."""
    binary = str(uuid.uuid4())
    attachment = resource["content"][0]["attachment"]
    del attachment["data"]
    attachment["url"] = f"Binary/{binary}"  # a relative URL: against the server's base
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": f"{server.base.rstrip('/')}/Binary/{binary}",
         "resource": {"resourceType": "Binary", "id": binary,
                      "meta": {"security": [CONFIDENTIALITY]},
                      "contentType": "application/pdf",
                      # Who may read the PDF: whoever may read this patient's record.
                      "securityContext": {"reference": f"Patient/{patient}"},
                      "data": base64.b64encode(pdf).decode("ascii")},
         "request": {"method": "PUT", "url": f"Binary/{binary}"}},
        {"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": resource,
         "request": {"method": "POST", "url": "DocumentReference"}}]}
    status, _, answer = _request(server, "POST", "", fhir.dumps(bundle),
                                 f"{_FHIR_JSON}; charset=utf-8")
    if status != 200 or not isinstance(answer, dict) or len(answer.get("entry", [])) != 2:
        raise RecordError(f"the FHIR server refused the leaflet ({status}): {_outcome(answer)}")
    location = str(answer["entry"][1].get("response", {}).get("location", ""))
    return _filed(server, None, location)


def _filed(server: Server, created: str | None, location: str) -> Filed:
    """What the server's answer says was made: the id it gave, else the one its location
    names (``.../DocumentReference/ID/_history/1``)."""
    named = re.search(r"(?:^|/)DocumentReference/([^/]+)", location)
    if not created and named:
        created = named[1]
    if not created:
        raise RecordError("the FHIR server answered without the new resource's id")
    return Filed(created, location or f"{server.base.rstrip('/')}/DocumentReference/{created}")


def document(pdf: bytes, pdf_name: str, title: str, language: str, now: datetime.datetime,
             patient: str) -> dict[str, Any]:
    """The leaflet's DocumentReference about ``patient`` (its id on the server)."""
    resource = fhir.document_reference(pdf, pdf_name, title, language, fhir.instant(now),
                                       inline=True)
    # meta comes first in a resource, subject after type (the specification's order).
    ordered: dict[str, Any] = {"resourceType": resource.pop("resourceType"),
                               "meta": {"security": [CONFIDENTIALITY]}}
    for key, value in resource.items():
        ordered[key] = value
        if key == "type":
            ordered["subject"] = {"reference": f"Patient/{patient}"}
    return ordered


def find_patient(server: Server, record_number: str) -> str:
    """The id of the one Patient with identifier ``record_number``; ``RecordError`` else."""
    # POST _search (FHIR R4 3.1.0.7.7): the record number in a body, never in an address
    # that the server or a proxy logs.
    query = urllib.parse.urlencode({"identifier": record_number, "_count": "2"}).encode()
    status, _, answer = _request(server, "POST", "Patient/_search", query,
                                 "application/x-www-form-urlencoded")
    if status != 200 or not isinstance(answer, dict) or answer.get("type") != "searchset":
        raise RecordError(f"the FHIR server could not search its patients ({status}): "
                          f"{_outcome(answer)}")
    ids = [entry["resource"]["id"] for entry in answer.get("entry", [])
           if isinstance(entry, dict) and entry.get("search", {}).get("mode", "match") == "match"
           and isinstance(entry.get("resource"), dict)
           and entry["resource"].get("resourceType") == "Patient"]
    if not ids:
        raise RecordError("no patient has that record number on the FHIR server; nothing "
                          "was filed")
    if len(ids) > 1 or answer.get("total", 1) > 1:
        raise RecordError("more than one patient has that record number on the FHIR server; "
                          "nothing was filed: give it with its system (system|value)")
    return str(ids[0])


def _request(server: Server, method: str, path: str, body: bytes,
             content_type: str) -> tuple[int, dict[str, str], Any]:
    headers = {"Accept": _FHIR_JSON, "Content-Type": content_type}
    if server.token:
        headers["Authorization"] = f"Bearer {server.token}"
    if path == "":  # a transaction, POSTed to the base itself
        headers["Prefer"] = "return=minimal"  # not the PDF back
    request = urllib.request.Request(server.base.rstrip("/") + (path and f"/{path}"), body,
                                     headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), _json(response.read(MAX_ANSWER))
    except urllib.error.HTTPError as e:
        with e:
            return e.code, dict(e.headers), _json(e.read(MAX_ANSWER))
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)  # urlopen wraps a failure to connect in URLError
        if isinstance(reason, TimeoutError):
            raise RecordError(f"the FHIR server did not answer within {TIMEOUT:g} s; if it "
                              "was filing, look for the leaflet there before filing it "
                              "again") from None
        raise RecordError(f"the FHIR server cannot be reached: "
                          f"{getattr(reason, 'strerror', None) or reason}; nothing was filed"
                          ) from None


def _json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None


def _outcome(answer: Any) -> str:
    """What an OperationOutcome says, one line an issue; else that the answer was not one."""
    if isinstance(answer, dict) and answer.get("resourceType") == "OperationOutcome":
        said = [" ".join(str(issue.get(k, "")) for k in ("severity", "code", "diagnostics")
                         if issue.get(k)) for issue in answer.get("issue", [])
                if isinstance(issue, dict)]
        return "; ".join(s for s in said if s) or "an OperationOutcome with no issue"
    return "no OperationOutcome in its answer"
