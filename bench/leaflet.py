"""Benchmark one leaflet: warm in-process build time, cold CLI time, output size, peak memory.

    python bench/leaflet.py [MONOGRAPH] [--runs N]

Prints figures; asserts nothing (speed is measured here, never in tests).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("monograph", nargs="?", type=Path,
                        default=ROOT / "data" / "inotuzumab-ozogamicin.yaml")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--cold-runs", type=int, default=10)
    args = parser.parse_args()

    import handouts

    brand = handouts.read_brand()
    options = handouts.Options()
    handouts.render_leaflet(handouts.read_monograph(args.monograph), brand, options)  # warm up

    build, render = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        monograph = handouts.read_monograph(args.monograph)
        t1 = time.perf_counter()
        leaflet = handouts.render_leaflet(monograph, brand, options)
        t2 = time.perf_counter()
        build.append(t2 - t0)
        render.append(t2 - t1)

    # The cost of tagging and PDF/A: the same build on ReportLab's plain canvas (the library has
    # no untagged mode; this swaps its canvas factory for the measurement only).
    from reportlab.pdfgen.canvas import Canvas

    from handouts.page import render as render_module

    tagged_canvas = render_module._canvas
    render_module._canvas = lambda layout, language: Canvas
    try:
        monograph = handouts.read_monograph(args.monograph)
        plain = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            untagged = handouts.render_leaflet(monograph, brand, options)
            plain.append(time.perf_counter() - t0)
    finally:
        render_module._canvas = tagged_canvas

    cold = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.cold_runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "handouts", "build", str(args.monograph),
                            "-o", out], check=True, capture_output=True)
            cold.append(time.perf_counter() - t0)

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"monograph           {args.monograph.name}")
    print(f"pages               {leaflet.pages}")
    print(f"output size         {len(leaflet.pdf):,} bytes")
    print(f"warm build          median {statistics.median(build) * 1e3:.1f} ms "
          f"(load+validate+render, {args.runs} runs; p90 "
          f"{statistics.quantiles(build, n=10)[-1] * 1e3:.1f} ms)")
    print(f"  of which render   median {statistics.median(render) * 1e3:.1f} ms")
    print(f"  untagged render   median {statistics.median(plain) * 1e3:.1f} ms "
          f"({len(untagged.pdf):,} bytes): tagging + PDF/A cost "
          f"{(statistics.median(render) - statistics.median(plain)) * 1e3:.2f} ms")
    print(f"cold CLI build      median {statistics.median(cold) * 1e3:.0f} ms "
          f"(`python -m handouts build`, {args.cold_runs} runs)")
    print(f"peak memory         {peak_kb / 1024:.1f} MiB (this process, after {args.runs} builds)")


if __name__ == "__main__":
    main()
