"""Benchmark the FHIR references (--fhir): the cost of writing one beside a leaflet, its size
against the PDF's, and a formulary's runs with and without them.

    python bench/fhir.py [--runs N] [--n 200]

In process, for the seed leaflet: making the resource (SHA-1, base64, JSON) and writing it
atomically (with its fsync), by URL and inline. Then, each in a fresh ``handouts build``
process, a synthetic formulary of N seed copies (bench/formulary.py's): built without and with
--fhir, a re-run with every reference deleted (written again, no PDF rebuilt) and the same with
--force (everything rebuilt). Prints figures; asserts nothing (speed is measured here, never in
tests).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from formulary import SEED, generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--n", type=int, default=200, help="leaflets in the formulary")
    args = parser.parse_args()

    import handouts
    from handouts.run import fhir

    monograph = handouts.read_monograph(SEED)
    leaflet = handouts.render_leaflet(monograph, handouts.read_brand())
    date = "2025-11-24T16:00:00Z"
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "seed.pdf"
        pdf.write_bytes(leaflet.pdf)
        print(f"seed leaflet: {len(leaflet.pdf) / 1024:.1f} KB")
        for inline in (False, True):
            made, written = [], []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                data = fhir.dumps(fhir.document_reference(leaflet.pdf, pdf.name, monograph.name,
                                                          monograph.language, date, inline))
                t1 = time.perf_counter()
                fhir.write(pdf, leaflet.pdf, monograph.name, monograph.language, date, inline)
                t2 = time.perf_counter()
                made.append(t1 - t0)
                written.append(t2 - t1)
            size = fhir.json_path(pdf).stat().st_size
            print(f"  {'inline' if inline else 'url':<6}  made in "
                  f"{statistics.median(made) * 1000:.3f} ms, made and written in "
                  f"{statistics.median(written) * 1000:.3f} ms (median); "
                  f"{size / 1024:.1f} KB, {size / len(leaflet.pdf):.2f}x the PDF")

    with tempfile.TemporaryDirectory() as folder:
        data, out = Path(folder) / "data", Path(folder) / "out"
        generate(data, args.n, "seed")
        print(f"formulary of {args.n} seed leaflets, a fresh process each (2 jobs):")
        for label, extra, before in (
                ("build, no --fhir", [], None),
                ("build again with --fhir (references only)", ["--fhir"], None),
                ("references deleted, re-run --fhir", ["--fhir"], "delete"),
                ("switch to --fhir-inline (references only)", ["--fhir-inline"], None),
                ("--force --fhir (everything rebuilt)", ["--fhir", "--force"], None),
                ("fresh folder, build --fhir", ["--fhir"], "fresh")):
            if before == "delete":
                for path in out.glob("*.fhir.json"):
                    path.unlink()
            if before == "fresh":
                for path in out.iterdir():
                    path.unlink()
            seconds = _cli(data, out, extra)
            print(f"  {label:<44} {seconds:6.2f} s  {args.n / seconds:7.0f} leaflets/s")


def _cli(data: Path, out: Path, extra: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "handouts", "build", str(data), "-o", str(out),
                    "--jobs", "2", "-q", *extra], check=True, env=env)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
