"""File to record (handouts.web.record): against a real FHIR R4 server (sekmet-fhir) started
on loopback by the test; a server that is down, slow or refuses, with a stub of our own."""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest
from fhir.resources.R4B.documentreference import DocumentReference

from handouts.web import record
from helpers.web import ORIGIN, app, fhir_json, folder, form, free_port, medplum, sekmet

MRN = "MRN-0042"
SYSTEM = "urn:oid:1.2.36.146.595.217.0.1"
PATIENT = {"resourceType": "Patient", "identifier": [{"system": SYSTEM, "value": MRN}],
           "name": [{"family": "Quartermaine", "given": ["Zebulon"]}]}


@pytest.fixture(scope="module")
def fhir_base(tmp_path_factory) -> Iterator[str]:
    with sekmet(tmp_path_factory.mktemp("sekmet")) as base:
        status, patient = fhir_json("POST", f"{base}/Patient", PATIENT)
        assert status == 201, patient
        yield base


def _client(tmp_path, base: str, token: str | None = None):
    data = folder(tmp_path, "inotuzumab-ozogamicin.yaml", "inotuzumab-ozogamicin.es.yaml")
    return app(data, fhir=record.Server(base, token))


def _file(client, number: str, **fields: str):
    return client.post("/file", data={**form("inotuzumab-ozogamicin", "es", **fields),
                                      "record_number": number}, headers={"Origin": ORIGIN})


def _documents(base: str) -> int:
    status, bundle = fhir_json("GET", f"{base}/DocumentReference?_count=100")
    assert status == 200
    return len(bundle.get("entry", []))  # type: ignore[arg-type]


def test_a_leaflet_is_filed_to_the_patient_found_and_reads_back_the_same(tmp_path, fhir_base):
    with _client(tmp_path, fhir_base) as made:
        client = made.test_client()
        response = _file(client, f"{SYSTEM}|{MRN}", name="Zebulon Quartermaine")
        text = response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"
        assert "Filed to the patient's record: DocumentReference <code>" in text, text
        created = text.split("<code>", 1)[1].split("</code>", 1)[0]
        pdf = client.post("/leaflet.pdf", data=form("inotuzumab-ozogamicin", "es",
                                                    name="Zebulon Quartermaine"),
                          headers={"Origin": ORIGIN}).data
    status, resource = fhir_json("GET", f"{fhir_base}/DocumentReference/{created}")
    assert status == 200
    attachment = resource["content"][0]["attachment"]  # type: ignore[index]
    assert base64.b64decode(attachment["data"]) == pdf
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(pdf).digest()).decode()
    assert attachment["size"] == len(pdf)
    _, patients = fhir_json("GET", f"{fhir_base}/Patient?identifier={MRN}")
    patient = patients["entry"][0]["resource"]["id"]  # type: ignore[index]
    assert resource["subject"] == {"reference": f"Patient/{patient}"}
    assert resource["meta"]["security"] == [  # type: ignore[index]
        {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "N",
         "display": "normal"}]
    # The server validates with the same models: check the codes ourselves, which no model
    # refuses when wrong.
    assert (resource["status"], resource["docStatus"]) == ("current", "final")
    assert resource["type"]["coding"][0]["code"] == "34895-3"  # type: ignore[index]
    assert attachment["language"] == "es" and attachment["title"] == "Inotuzumab ozogamicina"
    DocumentReference.model_validate({k: v for k, v in resource.items() if k != "meta"})
    # And with Medplum's validator, which shares no code with the server's; it is no check
    # over nothing: a wrong type is refused.
    wrong = json.loads(json.dumps(resource))
    wrong["content"][0]["attachment"]["size"] = "big"
    assert medplum(tmp_path, {"filed.json": resource, "wrong.json": wrong}) == [
        "filed.json: valid", "wrong.json: Invalid JSON type: expected number, but got string "
                             "(DocumentReference.content[0].attachment.size)"]


def test_a_leaflet_too_large_to_carry_inline_is_filed_as_a_binary(tmp_path, fhir_base,
                                                                   monkeypatch):
    # A leaflet of some 40 pages passes Medplum's 1 MiB of base64; the seed's is some 60 KB,
    # so the bound is lowered to send it the same way.
    monkeypatch.setattr(record, "MAX_INLINE", 1000)
    with _client(tmp_path, fhir_base) as made:
        client = made.test_client()
        text = _file(client, MRN).get_data(as_text=True)
        assert "Filed to the patient's record: DocumentReference <code>" in text, text
        created = text.split("<code>", 1)[1].split("</code>", 1)[0]
        pdf = client.post("/leaflet.pdf", data=form("inotuzumab-ozogamicin", "es"),
                          headers={"Origin": ORIGIN}).data
    _, resource = fhir_json("GET", f"{fhir_base}/DocumentReference/{created}")
    attachment = resource["content"][0]["attachment"]  # type: ignore[index]
    assert "data" not in attachment and attachment["url"].startswith("Binary/")
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(pdf).digest()).decode()
    status, binary = fhir_json("GET", f"{fhir_base}/{attachment['url']}")
    assert status == 200 and binary["contentType"] == "application/pdf"
    assert base64.b64decode(binary["data"]) == pdf  # type: ignore[arg-type]
    _, patients = fhir_json("GET", f"{fhir_base}/Patient?identifier={MRN}")
    patient = patients["entry"][0]["resource"]["id"]  # type: ignore[index]
    assert binary["securityContext"] == {"reference": f"Patient/{patient}"}
    assert resource["subject"] == {"reference": f"Patient/{patient}"}
    assert binary["meta"]["security"] == resource["meta"]["security"]  # type: ignore[index]
    assert medplum(tmp_path, {"binary.json": binary, "filed.json": resource}) == [
        "binary.json: valid", "filed.json: valid"]


def test_error_no_patient_with_that_number_sends_nothing(tmp_path, fhir_base):
    before = _documents(fhir_base)
    with _client(tmp_path, fhir_base) as made:
        text = _file(made.test_client(), "MRN-9999").get_data(as_text=True)
    assert '<p class="problem" role="alert">Not filed: no patient has that record number on ' \
           'the FHIR server; nothing was filed</p>' in text
    assert _documents(fhir_base) == before


def test_error_two_patients_with_that_number_sends_nothing(tmp_path, fhir_base):
    twin = {**PATIENT, "identifier": [{"system": "urn:other", "value": "MRN-TWIN"}]}
    for _ in range(2):
        assert fhir_json("POST", f"{fhir_base}/Patient", twin)[0] == 201
    before = _documents(fhir_base)
    with _client(tmp_path, fhir_base) as made:
        text = _file(made.test_client(), "MRN-TWIN").get_data(as_text=True)
    assert "Not filed: more than one patient has that record number on the FHIR server; " \
           "nothing was filed: give it with its system (system|value)" in text
    assert _documents(fhir_base) == before


def test_error_a_missing_record_number_is_named(tmp_path, fhir_base):
    with _client(tmp_path, fhir_base) as made:
        text = _file(made.test_client(), " ").get_data(as_text=True)
    assert "Not filed: Record number: expected the patient&#39;s record number (at most 100 " \
           "characters)." in text


def test_error_a_server_that_is_down_is_said(tmp_path):
    port = free_port()  # nothing listens there
    with _client(tmp_path, f"http://127.0.0.1:{port}/fhir") as made:
        text = _file(made.test_client(), MRN).get_data(as_text=True)
    assert '<p class="problem" role="alert">Not filed: the FHIR server cannot be reached: ' \
           'Connection refused; nothing was filed</p>' in text
    assert "Traceback" not in text


class _Stub(http.server.BaseHTTPRequestHandler):
    """A FHIR server that finds the patient, then answers the filing as the test says."""

    answer: tuple[int, dict[str, object] | None] = (500, None)
    delay = 0.0
    seen: ClassVar[list[str]] = []
    paths: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.seen.append(self.headers.get("Authorization", ""))
        self.paths.append(self.path)
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.endswith("/Patient/_search"):
            status, body = 200, {"resourceType": "Bundle", "type": "searchset", "total": 1,
                                 "entry": [{"resource": {"resourceType": "Patient",
                                                         "id": "p1"}}]}
        else:
            time.sleep(self.delay)
            status, body = self.answer
        data = json.dumps(body).encode() if body is not None else b"<html>oops</html>"
        self.send_response(status)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[tuple[str, type[_Stub]]]:
    class Handler(_Stub):
        seen: ClassVar[list[str]] = []
        paths: ClassVar[list[str]] = []

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/fhir", Handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize(("answer", "message"), [
    ((400, {"resourceType": "OperationOutcome", "issue": [
        {"severity": "error", "code": "invalid", "diagnostics": "content[0]: bad"}]}),
     "Not filed: the FHIR server refused the leaflet (400): error invalid content[0]: bad"),
    ((503, None), "Not filed: the FHIR server refused the leaflet (503): no OperationOutcome "
                  "in its answer"),
    ((201, {"resourceType": "DocumentReference"}),
     "Not filed: the FHIR server answered without the new resource&#39;s id"),
])
def test_error_a_server_that_refuses_is_shown(tmp_path, stub, answer, message):
    base, handler = stub
    handler.answer = answer
    with _client(tmp_path, base) as made:
        text = _file(made.test_client(), MRN).get_data(as_text=True)
    assert f'<p class="problem" role="alert">{message}</p>' in text


def test_error_a_refused_transaction_is_shown(tmp_path, stub, monkeypatch):
    base, handler = stub
    handler.answer = (400, {"resourceType": "OperationOutcome", "issue": [
        {"severity": "error", "code": "processing", "diagnostics": "rolled back"}]})
    monkeypatch.setattr(record, "MAX_INLINE", 1000)
    with _client(tmp_path, base) as made:
        text = _file(made.test_client(), MRN).get_data(as_text=True)
    assert "Not filed: the FHIR server refused the leaflet (400): error processing rolled " \
           "back" in text
    assert handler.paths == ["/fhir/Patient/_search", "/fhir"]


def test_error_a_slow_server_is_said(tmp_path, stub, monkeypatch):
    base, handler = stub
    handler.delay = 1.0
    monkeypatch.setattr(record, "TIMEOUT", 0.3)
    with _client(tmp_path, base) as made:
        text = _file(made.test_client(), MRN).get_data(as_text=True)
    assert "Not filed: the FHIR server did not answer within 0.3 s; if it was filing, look for " \
           "the leaflet there before filing it again" in text


def test_a_bearer_token_is_sent_and_never_shown(tmp_path, stub):
    base, handler = stub
    handler.answer = (201, {"resourceType": "DocumentReference", "id": "d1"})
    with _client(tmp_path, base, token="s3cret-t0ken") as made:
        text = _file(made.test_client(), MRN).get_data(as_text=True)
        assert "s3cret-t0ken" not in repr(made.extensions["handouts"].config)
    assert "DocumentReference <code>d1</code>" in text
    assert handler.seen == ["Bearer s3cret-t0ken"] * 2


def test_error_filing_without_a_server_is_not_offered(tmp_path):
    with app(folder(tmp_path, "ondansetron.yaml")) as made:
        client = made.test_client()
        assert "File to record" not in client.get("/?drug=ondansetron").get_data(as_text=True)
        response = client.post("/file", data={**form("ondansetron"), "record_number": MRN},
                               headers={"Origin": ORIGIN})
    assert response.status_code == 404
