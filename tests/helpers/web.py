"""The front desk for tests: its app with an in-process pool, a form as a browser sends it,
``handouts serve`` and a real FHIR server (sekmet-fhir) started in child processes (loopback
only) and stopped by the test."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from handouts.web import app as desk

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ORIGIN = "http://localhost"  # Flask's test client's host


def folder(tmp: Path, *names: str) -> Path:
    """A data folder holding the shipped monographs (or the fixtures) ``names``."""
    data = tmp / "data"
    data.mkdir()
    for name in names:
        source = ROOT / "data" / name
        shutil.copy(source if source.exists() else FIXTURES / name, data / name)
    return data


@contextlib.contextmanager
def app(data: Path, **options: object) -> Iterator[Flask]:
    """The front desk over ``data``, rendering in threads of this process: the routes' tests
    need no worker processes (``test_serve`` runs the real ones)."""
    made = desk.create_app(desk.Config(data, **options),  # type: ignore[arg-type]
                           pool=lambda: ThreadPoolExecutor(2))
    made.testing = True
    try:
        yield made
    finally:
        desk.close(made)


def form(drug: str, language: str = "en", **fields: str) -> dict[str, str]:
    return {"drug": drug, "language": language, "paper": "a4", **fields}


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path  # standard error: the access log and any failure

    def stop(self) -> str:
        """Ctrl-C, as a user stops it; returns everything it printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def serve(data: Path, home: Path, *args: str,
          env: dict[str, str] | None = None) -> Iterator[Server]:
    """``handouts serve --data DATA --port 0`` in ``home`` (its working folder, HOME and
    TMPDIR, so that every file it could write lands there); stopped when the block ends."""
    home.mkdir(exist_ok=True)
    log = home.parent / f"{home.name}.log"
    environ = {**os.environ, "HOME": str(home), "TMPDIR": str(home),
               "PYTHONPATH": str(ROOT), **(env or {})}
    with open(log, "wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "handouts", "serve", "--data", str(data), "--port", "0",
             *args], cwd=home, env=environ, stdout=stderr, stderr=stderr)
    server = Server("", process, log)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            found = re.search(r"at (http://\S+/) ", log.read_text(encoding="utf-8"))
            if found:
                server.url = found[1]
                break
            time.sleep(0.1)
        assert server.url, server.stop()
        yield server
    finally:
        server.stop()


def free_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def sekmet(home: Path) -> Iterator[str]:
    """A real FHIR R4 server (sekmet-fhir: FastAPI and SQLite) on loopback, its database in
    ``home``; gives its FHIR base and stops it when the block ends."""
    home.mkdir(exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}/fhir"
    environ = {**os.environ, "SEKMET_DB": str(home / "sekmet.sqlite"),
               "SEKMET_BASE_URL": base}
    executable = shutil.which("sekmet")
    assert executable, "sekmet-fhir is missing: run `make test`, which installs .[test]"
    with open(home / "sekmet.log", "wb") as log:
        process = subprocess.Popen([executable, "serve", "--host", "127.0.0.1", "--port",
                                    str(port)], cwd=home, env=environ, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None and time.monotonic() < deadline, \
                (home / "sekmet.log").read_text(encoding="utf-8", errors="replace")
            try:
                with urllib.request.urlopen(f"{base}/metadata", timeout=5):
                    break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fhir_json(method: str, url: str, resource: dict[str, object] | None = None
              ) -> tuple[int, dict[str, object]]:
    """A FHIR server's answer to ``method`` on ``url`` (with ``resource`` as its body)."""
    body = None if resource is None else json.dumps(resource).encode()
    request = urllib.request.Request(url, body, {"Accept": "application/fhir+json",
                                                 "Content-Type": "application/fhir+json"},
                                     method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        with e:
            return e.code, json.loads(e.read())


MEDPLUM = ROOT / "tests" / "web" / "medplum_validate.mjs"


def medplum(folder: Path, resources: dict[str, object]) -> list[str]:
    """Medplum's verdict on each of ``resources`` (by a file name), written into ``folder``:
    "NAME: valid" or "NAME: why not"."""
    assert (ROOT / "tests" / "web" / "node_modules" / "@medplum" / "core").exists(), \
        "@medplum/core is missing: run `make test`, which installs it with npm"
    for name, resource in resources.items():
        (folder / name).write_text(json.dumps(resource), encoding="utf-8")
    done = subprocess.run(["node", str(MEDPLUM), *resources], cwd=folder, capture_output=True,
                          text=True, timeout=120)
    assert not done.stderr, done.stderr
    return done.stdout.splitlines()
