"""Benchmark handouts beside Typst in one run (issue 16): warm render, cold build, QR, size.

    python bench/peers.py --peers DIR [--runs N] [--cold-runs N] [--batch N]

DIR is the peers kit (bench-peers: engines.py, content.py, leaflet.typ; or set BENCH_PEERS).
Needs `typst` (bench/requirements.txt; not a dependency of the package). Rows, interleaved so
that the machine's load hits both alike; compare the ratios, not the milliseconds:
- warm, same 2-page content: the kit's content through handouts.render_leaflet and Typst;
- warm, the shipped 3-page seed with a new QR URL per build, against Typst's 2-page leaflet;
- cold: `python -m handouts build seed.yaml` and `python engines.py typst standard`;
- the QR code of a new URL (encode only); the seed's size and Typst's;
- batch, 2 workers: N distinct copies of the seed (3 pages, each its own name and URL) by
  `handouts build DIR -j 2`, against the kit's pool_run.py sending N salted 2-page leaflets
  through Typst in a pool of 2: both processes timed from start to end (imports included),
  three runs each, interleaved; and Typst's rate as the kit counts it, from its pool's start.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "inotuzumab-ozogamicin.yaml"


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", type=Path, default=os.environ.get("BENCH_PEERS"))
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--batch", type=int, default=200, help="leaflets in the batch row")
    args = parser.parse_args()
    if args.peers is None:
        parser.error("give the peers kit's folder: --peers DIR or BENCH_PEERS")
    sys.path.insert(0, str(args.peers))
    import content  # the kit's engine-neutral leaflet
    import engines

    import handouts
    from handouts.page import _qr
    from handouts.source import model

    handouts.model = model  # type: ignore[attr-defined]  # the kit predates the packages
    typst, ours = engines.get("typst"), engines.get("handouts")
    typst.setup()
    ours.setup()
    brand, options = handouts.read_brand(), handouts.Options()
    seed = handouts.read_monograph(SEED)
    lf = content.make("standard")
    for i in range(5):  # warm up both
        typst.build(content.salted(lf, i))
        ours.build(content.salted(lf, i))
        handouts.render_leaflet(seed, brand, options)

    t_typst, t_same, t_seed, t_qr = [], [], [], []
    for i in range(args.runs):
        salted = content.salted(lf, 1000 + i)  # unique input: Typst memoises across compiles
        t0 = time.perf_counter()
        typst_pdf = typst.build(salted)
        t1 = time.perf_counter()
        ours.build(salted)
        t2 = time.perf_counter()
        url = f"https://www.example.org/medications/inotuzumab-ozogamicin-{i}"
        leaflet = handouts.render_leaflet(dataclasses.replace(seed, url=url), brand, options)
        t3 = time.perf_counter()
        _qr.modules(url + "/qr")  # a URL not yet cached
        t4 = time.perf_counter()
        t_typst.append(t1 - t0)
        t_same.append(t2 - t1)
        t_seed.append(t3 - t2)
        t_qr.append(t4 - t3)

    cold_ours, cold_typst = [], []
    kit = str(args.peers / "engines.py")
    with tempfile.TemporaryDirectory() as out:
        # Bytecode as an installed package has it: compiled once (the first run, not counted)
        # into a cache of our own, even where PYTHONDONTWRITEBYTECODE is set.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = f"{out}/pycache"
        for run in range(args.cold_runs + 1):
            t0 = time.perf_counter()
            # cwd: `python -m` puts it first on sys.path, before PYTHONPATH's checkout.
            subprocess.run([sys.executable, "-m", "handouts", "build", str(SEED), "-o", out],
                           check=True, capture_output=True, env=env, cwd=out)
            t1 = time.perf_counter()
            subprocess.run([sys.executable, kit, "typst", "standard", f"{out}/t.pdf"],
                           check=True, capture_output=True, cwd=args.peers, env=env)
            t2 = time.perf_counter()
            if run:
                cold_ours.append(t1 - t0)
                cold_typst.append(t2 - t1)

    rates = batch(args.peers, args.batch) if args.batch > 0 else None
    typst_ms = _ms(t_typst)
    print(f"machine load        {os.getloadavg()[0]:.2f} (1-minute average, at the end)")
    print(f"Typst warm          {typst_ms:.1f} ms (2-page kit leaflet, {args.runs} runs)")
    print(f"handouts warm same  {_ms(t_same):.1f} ms = {_ms(t_same) / typst_ms:.2f}× Typst")
    print(f"handouts warm seed  {_ms(t_seed):.1f} ms = {_ms(t_seed) / typst_ms:.2f}× Typst "
          f"(3 pages, a new QR URL each build)")
    print(f"QR, a new URL       {_ms(t_qr):.2f} ms")
    print(f"cold build          {_ms(cold_ours):.0f} ms; Typst {_ms(cold_typst):.0f} ms "
          f"(+{_ms(cold_ours) - _ms(cold_typst):.0f} ms)")
    print(f"size                seed {len(leaflet.pdf):,} bytes; Typst's 2 pages "
          f"{len(typst_pdf):,} bytes")
    if rates is None:
        return
    ours_rate, typst_rate, typst_kit = rates
    print(f"batch, 2 workers    {ours_rate:.1f} leaflets/s = {ours_rate / typst_rate:.2f}× Typst's "
          f"{typst_rate:.1f}/s ({args.batch} leaflets; ours 3 pages, Typst's 2; each process "
          f"from start to end)")
    print(f"                    = {ours_rate / typst_kit:.2f}× Typst's {typst_kit:.1f}/s as the "
          f"kit counts it (its pool only)")


def batch(peers: Path, n: int, runs: int = 3) -> tuple[float, float, float]:
    """Leaflets per second for a batch of ``n`` with 2 workers, medians of ``runs`` interleaved:
    handouts' and Typst's, each from its process's start to its end, and Typst's as the kit's
    pool_run.py counts it (from its pool's start: its interpreter's start-up and the exit are
    left out, which handouts' figure includes)."""
    seed = SEED.read_text(encoding="utf-8")
    ours, typst, typst_kit = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        for i in range(n):  # distinct leaflets: each its own name, and its own QR code
            text = re.sub(r"^name: .*$", f"name: Inotuzumab ozogamicin {i + 1}", seed,
                          count=1, flags=re.MULTILINE)
            text = re.sub(r"^url: .*$", f"url: https://www.example.org/medicines/{i + 1}", text,
                          count=1, flags=re.MULTILINE)
            (data / f"seed-{i + 1:04d}.yaml").write_text(text, encoding="utf-8")
        # Bytecode compiled once, as an installed package has it (as for the cold build).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = f"{tmp}/pycache"
        for run in range(runs + 1):  # the first run compiles: not counted
            shutil.rmtree(f"{tmp}/out", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "handouts", "build", str(data), "-o",
                            f"{tmp}/out", "-j", "2", "-q"], check=True, capture_output=True,
                           cwd=tmp, env=env)
            middle = time.perf_counter()
            done = subprocess.run([sys.executable, str(peers / "pool_run.py"), "typst", "2",
                                   str(n), f"{tmp}/typst"], check=True, capture_output=True,
                                  text=True, cwd=peers, env=env)
            end = time.perf_counter()
            if run:
                ours.append(n / (middle - start))
                typst.append(n / (end - middle))
                typst_kit.append(float(json.loads(done.stdout.strip().splitlines()[-1])["per_s"]))
    return statistics.median(ours), statistics.median(typst), statistics.median(typst_kit)


if __name__ == "__main__":
    main()
