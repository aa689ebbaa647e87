"""Benchmark the binder alone: wall time and peak memory of joining N distinct leaflets.

    python bench/binder.py [--count 1000] [--cache DIR] [--repeat 1] [--compare] [--phases]

The leaflets (``varied`` ones from bench/formulary.py: 1 to 6 pages, every one distinct) are
built once into ``DIR/<count>/`` and reused by later runs, so that before and after a change
the binder joins the very same files. Each measurement runs in a fresh process, after a
warm-up binder of three leaflets (fonts, front matter): its wall and CPU time (the CPU time
is the steadier figure on a busy machine; a big binder's second half is joined in a process of
its own, whose CPU time is printed apart: on an idle machine the wall time is about the larger
of the two), the load average after it, its peak RSS above what the process held before
(VmHWM, reset through /proc/self/clear_refs), the process's peak RSS (ru_maxrss), that of the
second half's process and, in a second pass, the peak of Python's own allocations
(tracemalloc: qpdf's C++ objects are not in it). ``--compare`` alternates it with the join in
one pass, as before the halves (binder/_halves.py). ``--phases`` prints instead, for one binder,
when each phase begins and ends in each process (seconds from the start, and the process's CPU
seconds): what runs before the fork, the halves, the wait, the merge, the outline, the
cross-reference stream and the fsync. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from formulary import child_binder, generate


def prepare(folder: Path, count: int) -> tuple[Path, Path]:
    """The monographs and their leaflets, built now unless an earlier run left them."""
    data, out = folder / "data", folder / "out"
    if not data.exists():
        generate(data, count, "varied")
    result = subprocess.run([sys.executable, __file__, "--child", "build", str(data), str(out)],
                            capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"building the leaflets failed:\n{result.stderr}")
    return data, out


def child_build(data: Path, out: Path) -> dict[str, Any]:
    import handouts
    from handouts.run import batch
    from handouts.source.model import BatchOptions

    summary = batch.run(batch.plan(batch.discover([data]), out, handouts.read_brand()),
                        BatchOptions(jobs=2))
    assert summary.ok, summary.failed[:3]
    return {"built": len(summary.built)}


def child_phases(data: Path, out: Path, target: Path) -> None:
    import datetime
    import time

    import handouts
    from handouts.binder import _halves, _outline, _pdfjoin
    from handouts.binder import make as binder
    from handouts.pdf import write
    from handouts.run import batch

    brand = handouts.read_brand()
    summary = batch.run(batch.plan(batch.discover([data]), out, brand))
    date = datetime.date(2026, 1, 1)
    binder.make(summary.leaflets[:3], brand, target, date=date)  # warm: fonts, front matter
    start = time.perf_counter()

    def timed(owner: Any, name: str) -> None:
        real = getattr(owner, name)

        def phase(*args: Any, **kwargs: Any) -> Any:
            print(f"{os.getpid()} {time.perf_counter() - start:6.3f} s "
                  f"(CPU {time.process_time():5.2f} s) {name} begins", flush=True)
            try:
                return real(*args, **kwargs)
            finally:
                print(f"{os.getpid()} {time.perf_counter() - start:6.3f} s "
                      f"(CPU {time.process_time():5.2f} s) {name} ends", flush=True)
        setattr(owner, name, phase)

    # The outline: the drugs' items and the root, after the merge (their headings' items are
    # written as each leaflet is joined, binder/_outline.py).
    for owner, names in ((binder, ("_front",)), (_halves, ("join", "_second")),
                         (_pdfjoin.Joiner, ("merge",)), (_outline, ("write",)),
                         (_pdfjoin.Joiner, ("_xref",)), (write.os, ("fsync", "replace"))):
        for name in names:
            timed(owner, name)
    binder.make(summary.leaflets, brand, target, date=date)
    print(f"{os.getpid()} {time.perf_counter() - start:6.3f} s (CPU {time.process_time():5.2f} "
          f"s) made; load {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="leaflets (default 1000)")
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "handouts-bench-binder",
                        help="where the leaflets are built once and kept")
    parser.add_argument("--repeat", type=int, default=1, help="measurements, each fresh")
    parser.add_argument("--compare", action="store_true",
                        help="alternate each measurement with the join in one pass")
    parser.add_argument("--phases", action="store_true",
                        help="print when each phase of one binder begins and ends")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        what, *rest = args.child
        if what == "build":
            figures = child_build(*map(Path, rest))
        elif what == "phases":
            child_phases(*map(Path, rest))
            return
        else:
            figures = child_binder(*map(Path, rest))
        print(json.dumps(figures))
        return

    import pikepdf

    folder = args.cache / str(args.count)
    data, out = prepare(folder, args.count)
    print(f"python {platform.python_version()}, pikepdf {pikepdf.__version__} "
          f"(qpdf {pikepdf.__libqpdf_version__}), {args.count} varied leaflets in {out}")
    if args.phases:
        subprocess.run([sys.executable, __file__, "--child", "phases", str(data), str(out),
                        str(folder / "binder.pdf")], check=True)
        return
    ways = [("one pass", {"HANDOUTS_BENCH_ONE_PASS": "1"})] if args.compare else []
    for _ in range(args.repeat):
        for way, env in [*ways, ("binder", {})]:
            measure(way, env, data, out, folder / "binder.pdf")


def measure(way: str, env: dict[str, str], data: Path, out: Path, target: Path) -> None:
    result = subprocess.run([sys.executable, __file__, "--child", "binder", str(data),
                             str(out), str(target)], env={**os.environ, **env},
                            capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"the binder failed:\n{result.stderr}")
    m = json.loads(result.stdout.splitlines()[-1])
    print(f"{way} {m['seconds']:.2f} s ({m['cpu_seconds']:.2f} s CPU, second half "
          f"{m['child_cpu_seconds']:.2f} s; load {m['load']:.1f}), {m['drugs']} "
          f"leaflets, {m['pages']} pages, "
          f"{m['bytes'] / 2**20:.2f} MiB (leaflets {m['leaflets_bytes'] / 2**20:.1f} MiB, "
          f"{m['shared_objects']} shared objects); RSS +{m['rss_growth_kib'] / 1024:.1f} MiB "
          f"over {m['rss_before_kib'] / 1024:.0f} MiB (peak {m['max_rss_kib'] / 1024:.0f} "
          f"MiB; second half's process {m['child_max_rss_kib'] / 1024:.0f} MiB), Python peak "
          f"{m['python_peak_bytes'] / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
