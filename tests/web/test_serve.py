"""``handouts serve`` (handouts.web.serve) as a user starts it, in a child process on
loopback: a whole session, after which no log line and no file holds a patient's details."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from helpers.invoke import run
from helpers.web import ROOT, fhir_json, folder, form, sekmet, serve

RECORD = "MRN-314159-QZ"  # a record number is a patient's detail too
PATIENT = {"name": "Zebulon Quartermaine", "prescriber": "Dr. Philippa Oyelaran-Smythe",
           "start_date": "2031-07-19", "clinic_phone": "+1 555 0199"}


def _post(url: str, data: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(),
                                     headers={"Origin": url.rsplit("/", 1)[0]})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, dict(e.headers), e.read()


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_session_leaves_no_patient_detail_in_a_log_or_a_file(tmp_path):
    data = folder(tmp_path, "inotuzumab-ozogamicin.yaml", "inotuzumab-ozogamicin.es.yaml")
    before = _files(data)
    home = tmp_path / "home"
    with sekmet(tmp_path / "sekmet") as base, \
            serve(data, home, "--fhir-server", base) as server:
        assert fhir_json("POST", f"{base}/Patient", {"resourceType": "Patient", "identifier": [
            {"system": "urn:mrn", "value": RECORD}]})[0] == 201
        with urllib.request.urlopen(server.url + "search?q=besp", timeout=30) as response:
            assert b"Besponsa" in response.read()
        drug = form("inotuzumab-ozogamicin", "es", **PATIENT)
        status, headers, body = _post(server.url + "preview", drug)
        assert status == 200 and body.count(b"data:image/png;base64,") >= 2
        assert headers["Cache-Control"] == "no-store"
        status, headers, pdf = _post(server.url + "leaflet.pdf",
                                     {**drug, "paper": "letter", "large_print": "on"})
        assert status == 200 and headers["Cache-Control"] == "no-store"
        assert headers["Content-Disposition"] == \
            'inline; filename="inotuzumab-ozogamicin.es.pdf"'
        # Refused and failed requests carry the details too.
        status, _, body = _post(server.url + "preview", {**drug, "start_date": "tomorrow"})
        assert status == 200 and b"Start date: expected a date" in body
        assert _post(server.url + "preview", {**drug, "name": PATIENT["name"] * 1000})[0] == 413
        assert _post(server.url + "leaflet.pdf", {**drug, "drug": "nothing"})[0] == 400
        status, _, body = _post(server.url + "file", {**drug, "record_number": RECORD})
        assert status == 200 and b"Filed to the patient" in body, body
        log = server.stop()
    # The worker processes made the same bytes as the command.
    code, _, err = run("build", data / "inotuzumab-ozogamicin.es.yaml", "-o", tmp_path / "cli",
                       "--paper", "letter", "--large-print", "--for", PATIENT["name"],
                       "--prescriber", PATIENT["prescriber"], "--start-date",
                       PATIENT["start_date"], "--clinic-phone", PATIENT["clinic_phone"], "-q")
    assert code == 0, err
    assert pdf == (tmp_path / "cli" / "inotuzumab-ozogamicin.es.pdf").read_bytes()
    # The access log was written, one line a request, and none holds a detail.
    lines = log.splitlines()
    assert "handouts.web.access POST /preview 200" in log
    assert sum("handouts.web.access" in line for line in lines) == 7
    written = _files(home)
    assert _files(data) == before
    for value in (*PATIENT.values(), RECORD):
        for encoded in (value.encode(), value.encode("utf-16-le"),
                        urllib.parse.quote_plus(value).encode()):
            assert [line for line in lines if encoded.decode("latin-1") in line] == []
            assert [p for p, content in written.items() if encoded in content] == []
    assert "Traceback" not in log


def test_error_a_port_in_use_is_said(tmp_path):
    data = folder(tmp_path, "ondansetron.yaml")
    with serve(data, tmp_path / "home") as server:
        port = server.url.rsplit(":", 1)[1].strip("/")
        # In a process of its own, as a user would start it: waitress leaves the socket it
        # could not bind open, which this process would have to collect.
        second = subprocess.run([sys.executable, "-m", "handouts", "serve", "--data", str(data),
                                 "--port", port], capture_output=True, text=True, timeout=60,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert second.returncode == 2
    assert f"Error: --host 127.0.0.1 --port {port}: cannot listen there: Address already in " \
           "use" in second.stderr
    assert "Traceback" not in second.stderr


def test_ctrl_c_or_sigterm_stops_it_cleanly(tmp_path):
    data = folder(tmp_path, "ondansetron.yaml")
    for signum in (signal.SIGINT, signal.SIGTERM):
        home = tmp_path / f"home-{signum}"
        with serve(data, home) as server:
            assert _post(server.url + "preview", form("ondansetron"))[0] == 200  # workers up
            server.process.send_signal(signum)
            server.process.wait(30)
            log = server.stop()
        # The way a server is stopped: exit 0, its workers gone, nothing left over.
        assert server.process.returncode == 0, (signum, log)
        assert "Traceback" not in log and "leaked" not in log, log
