"""Benchmark a formulary built on a Dask cluster against the same formulary built here.

    python bench/cluster.py [--n 5000] [--workers 2] [--kind varied]

Writes N synthetic monographs (bench/formulary.py's generator), then builds them twice into
fresh folders: with the local pool (``--jobs WORKERS``) and on a ``distributed.LocalCluster`` of
WORKERS single-threaded worker processes on 127.0.0.1 (``--scheduler``), in partitions of
leaflets. The cluster's start-up is outside the timing, as a real cluster is already running.
Checks that both runs wrote the same bytes. Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
# The cluster's scheduler (in this process) and workers import handouts from this checkout,
# as the builds do.
sys.path.insert(0, str(ROOT))
os.environ["PYTHONPATH"] = str(ROOT)

from formulary import generate  # noqa: E402


def build(data: Path, out: Path, *extra: str) -> float:
    command = [sys.executable, "-m", "handouts", "build", str(data), "-o", str(out), "-q",
               *extra]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def digest(out: Path) -> str:
    h = hashlib.sha256()
    for pdf in sorted(out.glob("*.pdf")):
        h.update(pdf.name.encode() + pdf.read_bytes())
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kind", choices=("seed", "varied"), default="varied")
    args = parser.parse_args()
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        generate(data, args.n, args.kind)
        local = build(data, Path(tmp) / "local", "--jobs", str(args.workers))
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None, silence_logs=50) as cluster:
            far = build(data, Path(tmp) / "far", "--scheduler", cluster.scheduler_address)
        same = digest(Path(tmp) / "local") == digest(Path(tmp) / "far")
        load = os.getloadavg()
        print(f"{args.n} {args.kind} leaflets, {args.workers} workers, load {load[0]:.2f}")
        print(f"  local pool     {local:7.1f} s  {args.n / local:6.1f} leaflets/s")
        print(f"  LocalCluster   {far:7.1f} s  {args.n / far:6.1f} leaflets/s")
        print(f"  same bytes     {same}")


if __name__ == "__main__":
    main()
