"""Where a cold `handouts build` of the seed spends its time, phase by phase (issue 16).

    python bench/cold.py [--runs N] [--against DIR] [--peers DIR]

Each run is a new process with bytecode compiled, as installed (its own PYTHONPYCACHEPREFIX,
the first run not counted): the whole command's wall time, and inside it the interpreter's
start (site and its .pth files, before any of ours), the imports of handouts and the CLI,
reading the brand, the monograph (validation, which measures it on the page), rendering, the
rest of `build` (plan, the atomic write, the summary) and the exit (atexit, the last garbage
collection, the modules' teardown). With
``--against DIR`` (another checkout, e.g. `git worktree add /tmp/base main`) both run
interleaved, so that the machine's load hits both alike; with ``--peers DIR`` Typst's cold
run (`python engines.py typst standard`, the peers kit) too. Prints medians; asserts nothing.
Compare figures of one run: on a shared machine the load moves them all.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("startup", "imports", "read_brand", "monograph", "render", "rest", "exit")

# Run in the checkout: the phases are timed by wrapping what build_formulary calls.
_PROBE = r"""
import time; began, start = time.time(), time.perf_counter()
import sys
sys.argv = ["handouts", "build", "data/inotuzumab-ozogamicin.yaml", "-o", sys.argv[1]]
import cli
imported = time.perf_counter()
from handouts.run import formulary, worker
spent = {}
def timed(module, name, phase):
    f = getattr(module, name)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return f(*args, **kwargs)
        finally:
            spent[phase] = spent.get(phase, 0.0) + time.perf_counter() - t
    setattr(module, name, wrapper)
timed(formulary, "read_brand", "read_brand")
timed(worker, "monograph_and_warnings", "monograph")
timed(worker, "render_leaflet", "render")
try:
    cli.main(standalone_mode=False)
except SystemExit:
    pass
command = time.perf_counter() - imported
print(began, imported - start, spent["read_brand"], spent["monograph"], spent["render"],
      command - sum(spent.values()), time.time(), flush=True)
"""


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _env(cache: str, checkout: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=cache, PYTHONPATH=str(checkout))
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--against", type=Path, help="another checkout, run interleaved")
    parser.add_argument("--peers", type=Path, default=os.environ.get("BENCH_PEERS"))
    args = parser.parse_args()
    checkouts = {"this": ROOT, **({"against": args.against.resolve()} if args.against else {})}
    wall: dict[str, list[float]] = {name: [] for name in [*checkouts, "typst"]}
    cpu: dict[str, list[float]] = {name: [] for name in wall}
    phases: dict[str, list[list[float]]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(args.runs + 1):
            for name, checkout in checkouts.items():
                t0, w0, c0 = time.perf_counter(), time.time(), _children_cpu()
                done = subprocess.run(
                    [sys.executable, "-c", _PROBE, f"{scratch}/{name}"], cwd=checkout,
                    env=_env(f"{scratch}/pycache-{name}", checkout), capture_output=True,
                    text=True, check=True)
                t1, w1 = time.perf_counter(), time.time()  # time.time: the probe's clock too
                if run:
                    wall[name].append(t1 - t0)
                    cpu[name].append(_children_cpu() - c0)
                    began, *inside, ended = map(float, done.stdout.splitlines()[-1].split())
                    phases[name].append([began - w0, *inside, w1 - ended])
            if args.peers:
                t0, c0 = time.perf_counter(), _children_cpu()
                subprocess.run([sys.executable, str(args.peers / "engines.py"), "typst",
                                "standard", f"{scratch}/t.pdf"], cwd=args.peers,
                               env=_env(f"{scratch}/pycache-typst", args.peers),
                               capture_output=True, check=True)
                if run:
                    wall["typst"].append(time.perf_counter() - t0)
                    cpu["typst"].append(_children_cpu() - c0)
    print(f"machine load {os.getloadavg()[0]:.2f} (1-minute average, at the end); "
          f"{args.runs} runs, medians in ms")
    for name, samples in wall.items():
        if not samples:
            continue
        line = f"{name:8} whole command {statistics.median(samples) * 1e3:5.0f} " \
               f"(fastest {min(samples) * 1e3:.0f}), CPU {statistics.median(cpu[name]) * 1e3:.0f}"
        if name in phases:
            line += "".join(f"; {phase} {statistics.median(r[i] for r in phases[name]) * 1e3:.0f}"
                            for i, phase in enumerate(PHASES))
        print(line)


if __name__ == "__main__":
    main()
