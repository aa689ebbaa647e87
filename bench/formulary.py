"""Benchmark a whole formulary: leaflets per second with 1 and 2 worker processes, the binder's
time, size and memory, and peak memory of the parent and of a worker.

    python bench/formulary.py [--n 100 1000] [--kind seed varied] [--no-accel] [--profile]

Two synthetic formularies, written into a temporary folder from the shipped monographs:
``seed`` is N copies of the seed leaflet (inotuzumab ozogamicin, 2 pages); ``varied`` has
leaflets of 1 to 6 pages, sections of several shipped monographs run together. Each build runs
in a fresh process (imports and font parsing outside the timing, pool start-up inside), so one
run's memory does not flatter or burden the next. Prints figures; asserts nothing (speed is
measured here, never in tests).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED = DATA / "inotuzumab-ozogamicin.yaml"
TEXT_KEYS = ("how_it_is_administered", "how_it_works", "who_should_take_it",
             "who_should_not_take_it", "commonly_used_with", "commonly_tested_with")


def generate(folder: Path, n: int, kind: str) -> None:
    """Write ``n`` monographs into ``folder``: copies of the seed, or of varied length."""
    folder.mkdir(parents=True)
    shipped = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.yaml"))]
    rng = random.Random(n)  # the same formulary on every run
    for i in range(n):
        if kind == "seed":
            text = SEED.read_text(encoding="utf-8")
            text = re.sub(r"^name: .*$", f"name: Inotuzumab ozogamicin {i + 1}", text, count=1,
                          flags=re.MULTILINE)
            (folder / f"seed-{i + 1:04d}.yaml").write_text(text, encoding="utf-8")
            continue
        # 0: a one-page leaflet; 1: as shipped (2-3 pages); 2-4: sections of 2-4 shipped
        # monographs run together (4-6 pages). The issue asks for 1 to 6 pages.
        size = i % 5
        base = dict(shipped[i % len(shipped)])
        if size == 0:
            for key in TEXT_KEYS:
                if key in base:
                    base[key] = base[key].split(". ")[0].rstrip(".") + "."
            base["common_side_effects"] = base["common_side_effects"][:4]
            base.pop("serious_side_effects", None)
        for other in rng.sample(shipped, k=max(0, size - 1)):
            for key in TEXT_KEYS:
                if key in base and key in other:
                    base[key] = f"{base[key].rstrip()}\n\n{other[key].rstrip()}\n"
            base["common_side_effects"] = [*base["common_side_effects"],
                                           *other["common_side_effects"][:3]]
        base["name"] = f"{base['name']} {i + 1}"
        (folder / f"drug-{i + 1:04d}.yaml").write_text(
            yaml.safe_dump(base, allow_unicode=True, sort_keys=False, width=1000),
            encoding="utf-8")


def _peak_kib(who: int) -> int:
    return resource.getrusage(who).ru_maxrss  # KiB on Linux


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child_build(data: Path, out: Path, jobs: int, profile: bool) -> dict[str, Any]:
    import handouts
    from handouts.run import batch
    from handouts.source.model import BatchOptions

    brand = handouts.read_brand()
    t0 = time.perf_counter()
    plan = batch.plan(batch.discover([data]), out, brand, force=True)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        summary = profiler.runcall(batch.run, plan, BatchOptions(jobs=jobs))
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(20)
    else:
        summary = batch.run(plan, BatchOptions(jobs=jobs))
    seconds = time.perf_counter() - t0
    assert summary.ok, summary.failed[:3]
    pages = [leaflet.pages for leaflet in summary.leaflets]
    return {"seconds": seconds, "leaflets": len(pages), "pages": sum(pages),
            "page_counts": sorted(set(pages)),
            "bytes": sum(leaflet.size for leaflet in summary.leaflets),
            "parent_peak_kib": _peak_kib(resource.RUSAGE_SELF),
            "worker_peak_kib": _peak_kib(resource.RUSAGE_CHILDREN) if jobs > 1 else None}


def child_binder(data: Path, out: Path, target: Path) -> dict[str, Any]:
    import datetime
    import tracemalloc

    import handouts
    from handouts.binder import make as binder
    from handouts.run import batch

    brand = handouts.read_brand()
    # Every leaflet is up to date: this only reads the manifest and hashes the files.
    summary = batch.run(batch.plan(batch.discover([data]), out, brand))
    assert not summary.built and summary.ok
    date = datetime.date(2026, 1, 1)
    if os.environ.get("HANDOUTS_BENCH_ONE_PASS"):  # bench/binder.py --compare: no halves
        from handouts.binder import _halves

        _halves.FROM = 10**9
    binder.make(summary.leaflets[:3], brand, target, date=date)  # warm: fonts, front matter
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
    before = _rss_kib("VmRSS")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0, cpu0 = time.perf_counter(), time.process_time()
    made = binder.make(summary.leaflets, brand, target, date=date)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    # The binder's second half, in a process of its own (binder/_halves.py).
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    peak = _rss_kib("VmHWM")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    binder.make(summary.leaflets, brand, target, date=date)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"seconds": seconds, "cpu_seconds": cpu, "child_cpu_seconds": child_cpu,
            "child_max_rss_kib": after.ru_maxrss,  # the second half's process at its peak
            "load": os.getloadavg()[0], "bytes": made.size, "pages": made.pages,
            "drugs": made.drugs,
            "leaflets_bytes": made.leaflets_size, "shared_objects": made.shared,
            "shared_bytes": made.shared_bytes,
            "rss_before_kib": before, "rss_growth_kib": peak - before, "max_rss_kib": max_rss,
            "python_peak_bytes": traced}


def _child(args: list[str], no_accel: bool) -> dict[str, Any]:
    env = dict(os.environ)
    if no_accel:
        env["HANDOUTS_BENCH_NO_ACCEL"] = "1"
    result = subprocess.run([sys.executable, __file__, "--child", *args], env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"child {args} failed:\n{result.stderr}")
    if result.stderr:
        print(result.stderr, file=sys.stderr)
    return json.loads(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _accelerated() -> bool:
    from reportlab.lib import rl_accel

    return not rl_accel._py_funcs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--kind", nargs="+", choices=["seed", "varied"],
                        default=["seed", "varied"])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-accel", action="store_true",
                        help="hide the rl_accel C extension: ReportLab's pure-Python fallbacks")
    parser.add_argument("--profile", action="store_true",
                        help="print cProfile's top functions of each build (slower)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        if os.environ.get("HANDOUTS_BENCH_NO_ACCEL"):
            sys.modules["_rl_accel"] = None  # type: ignore[assignment]  # import fails: fallbacks
        what, *rest = args.child
        if what == "build":
            data, out, jobs, profile = rest
            figures = child_build(Path(data), Path(out), int(jobs), profile == "1")
        else:
            data, out, target = rest
            figures = child_binder(Path(data), Path(out), Path(target))
        figures["accelerated"] = _accelerated()
        print(json.dumps(figures))
        return

    import reportlab

    print(f"python {platform.python_version()}, reportlab {reportlab.Version}, "
          f"{os.cpu_count()} CPUs, rl_accel "
          f"{'hidden' if args.no_accel else 'used' if _accelerated() else 'not installed'}")
    for kind in args.kind:
        for n in args.n:
            with tempfile.TemporaryDirectory() as tmp:
                data = Path(tmp) / "data"
                generate(data, n, kind)
                rates = {}
                for jobs in args.jobs:
                    out = Path(tmp) / f"out{jobs}"
                    b = _child(["build", str(data), str(out), str(jobs),
                                "1" if args.profile else "0"], args.no_accel)
                    rates[jobs] = b["leaflets"] / b["seconds"]
                    worker = (f", worker peak {b['worker_peak_kib'] / 1024:.0f} MiB"
                              if b["worker_peak_kib"] else "")
                    print(f"{kind:>6} N={n:<5} jobs={jobs}  {b['seconds']:6.2f} s  "
                          f"{rates[jobs]:6.1f} leaflets/s  {b['pages'] / b['seconds']:6.1f} "
                          f"pages/s  ({b['pages']} pages of {b['page_counts']}, "
                          f"{b['bytes'] / 2**20:.1f} MiB)  parent peak "
                          f"{b['parent_peak_kib'] / 1024:.0f} MiB{worker}")
                if 1 in rates and 2 in rates:
                    print(f"{'':>6} {'':<7} speed-up 1→2 jobs: {rates[2] / rates[1]:.2f}×")
                out = Path(tmp) / f"out{args.jobs[-1]}"
                m = _child(["binder", str(data), str(out), str(Path(tmp) / "binder.pdf")],
                           args.no_accel)
                print(f"{'':>6} {'':<7} binder {m['seconds']:.2f} s, {m['pages']} pages, "
                      f"{m['bytes'] / 2**20:.1f} MiB (leaflets {m['leaflets_bytes'] / 2**20:.1f}"
                      f" MiB; {m['shared_objects']} shared objects saved "
                      f"{m['shared_bytes'] / 2**20:.1f} MiB); memory +"
                      f"{m['rss_growth_kib'] / 1024:.1f} MiB RSS "
                      f"({m['rss_growth_kib'] * 1024 / m['bytes']:.2f}× its size), "
                      f"Python peak {m['python_peak_bytes'] / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
