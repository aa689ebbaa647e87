"""Benchmark the front desk: concurrent users on loopback for a bounded time.

    python bench/web.py [--users 20] [--seconds 60] [--data DIR]

Starts ``handouts serve`` on 127.0.0.1 (a free port) in a child process and stops it at the
end. Each user repeats a visit: a search, a preview (a random drug, language, paper, print and
patient's copy) and the PDF. A separate prober searches every 0.2 s throughout, to show whether
the page stays responsive while previews render. Prints p50/p95/max of each kind, requests per
second and failures; asserts nothing (speed is measured here, never in tests).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRUGS = ("inotuzumab-ozogamicin", "ondansetron", "rituximab", "allopurinol", "filgrastim",
         "vincristine", "blinatumomab")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as home:
        log = Path(home) / "serve.log"
        with open(log, "wb") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "handouts", "serve", "--data", str(args.data),
                 "--port", "0"], stdout=out, stderr=out, cwd=home,
                env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            url = _address(log, server)
            _run(url, args.users, args.seconds)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(30)


def _address(log: Path, server: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        found = re.search(r"at (http://\S+/) ", log.read_text(encoding="utf-8"))
        if found:
            return found[1]
        time.sleep(0.1)
    raise SystemExit(f"handouts serve did not start:\n{log.read_text(encoding='utf-8')}")


def _run(url: str, users: int, seconds: float) -> None:
    times: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def timed(kind: str, path: str, form: dict[str, str] | None = None) -> None:
        data = None if form is None else urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(url + path, data, {"Origin": url.rstrip("/")})
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                ok = response.status == 200
        except (urllib.error.URLError, OSError):
            ok = False
        with lock:
            if ok:
                times[kind].append(time.perf_counter() - t0)
            else:
                failures[kind] += 1

    def user(seed: int) -> None:
        rng = random.Random(seed)  # the same visits for the same --users
        while time.monotonic() < stop:
            drug = rng.choice(DRUGS)
            timed("search", f"search?q={drug[:4]}")
            form = {"drug": drug, "language": "en", "paper": rng.choice(("a4", "letter")),
                    "name": f"Patient {seed}", "start_date": "2026-12-03"}
            if rng.random() < 0.5:
                form["large_print"] = "on"
            timed("preview", "preview", form)
            timed("pdf", "leaflet.pdf", form)

    def prober() -> None:
        while time.monotonic() < stop:
            timed("search while rendering", "search?q=ond")
            time.sleep(0.2)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    threads.append(threading.Thread(target=prober))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    print(f"{users} users for {elapsed:.0f} s on {os.cpu_count()} CPUs "
          f"(the visits still in flight at the end finish)")
    for kind in ("search", "preview", "pdf", "search while rendering"):
        got = sorted(times[kind])
        if not got:
            print(f"{kind:>24}: none answered, {failures[kind]} failed")
            continue
        p95 = got[min(len(got) - 1, int(len(got) * 0.95))]
        print(f"{kind:>24}: {len(got):5} answered ({len(got) / elapsed:5.1f}/s), "
              f"p50 {statistics.median(got) * 1000:7.0f} ms, p95 {p95 * 1000:7.0f} ms, "
              f"max {got[-1] * 1000:7.0f} ms, {failures[kind]} failed")


if __name__ == "__main__":
    main()
