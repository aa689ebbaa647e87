"""Benchmark ``handouts check``: files per second, cold from the command line and warm in
process, with 1 and 2 worker processes, and peak memory.

    python bench/check.py [--n 1000] [--kind copies unique]

The formulary is written into a temporary folder from the shipped monographs. ``copies`` are
the shipped files under new names (as tests/helpers/formulary.py makes them): their texts repeat
every seven files, so textstat's own cache answers most of the readability. ``unique`` adds
the file's number to every text, as in a real formulary where no two texts are alike. Cold
runs are fresh ``python -m handouts check -q`` processes, start-up and the pronouncing
dictionary (0.7-0.9 s) included; warm runs call the library in this process after one file.
Prints figures; asserts nothing (speed is measured here, never in tests).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT))

# Runs a command and reports its time and the peak memory of its largest process (a worker
# or the parent), measured from a process of its own so that one run cannot mask the next.
_MEASURE = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(json.dumps({"seconds": time.perf_counter() - start, "code": code,
                  "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def generate(folder: Path, n: int, kind: str) -> list[Path]:
    """``n`` monographs in ``folder``: copies of the shipped ones, or copies made unique."""
    folder.mkdir(parents=True)
    shipped = sorted(DATA.glob("*.yaml"))
    for i in range(n):
        source = shipped[i % len(shipped)]
        text = source.read_text(encoding="utf-8")
        if kind == "copies":
            text = re.sub(r"^name: (.*)$", rf"name: \1 {i + 1}", text, count=1,
                          flags=re.MULTILINE)
        else:
            data = yaml.safe_load(text)
            mark = f" Copy {i + 1}."
            for key, value in data.items():
                if key in ("name", "brand_names", "language", "url", "reviewed",
                           "next_review"):
                    continue  # not prose: a mark would make it invalid, not unique
                data[key] = ([item + mark for item in value] if isinstance(value, list)
                             else value.rstrip() + mark)
            data["name"] = f"{data['name']} {i + 1}"
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"{source.stem}-{i + 1:04d}.yaml").write_text(text, encoding="utf-8")
    return sorted(folder.glob("*.yaml"))


def cold(args: list[str]) -> dict[str, float]:
    command = [sys.executable, "-m", "handouts", "check", "-q", *args]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], env=env,
                          capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000])
    parser.add_argument("--kind", nargs="+", choices=["copies", "unique"],
                        default=["copies", "unique"])
    args = parser.parse_args()

    from handouts.check import rules as check
    from handouts.source.model import CheckOptions

    # Other work on the machine halves what 2 workers can gain: the load average shows it.
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}, parallel from {check.PARALLEL} files")
    one = cold([str(DATA / "rituximab.yaml")])
    print(f"cold, 1 file            {one['seconds']:6.2f} s   "
          f"peak {one['peak_kib'] / 1024:5.0f} MiB")
    with tempfile.TemporaryDirectory() as folder:
        for kind in args.kind:
            for n in args.n:
                paths = generate(Path(folder) / f"{kind}-{n}", n, kind)
                print(f"\n{n} files, {kind}")
                for jobs in (1, 2):
                    run = cold(["--jobs", str(jobs), str(paths[0].parent)])
                    print(f"  cold, {jobs} job{'s' if jobs > 1 else ' '}        "
                          f"{run['seconds']:6.2f} s {n / run['seconds']:7.0f} files/s   "
                          f"peak {run['peak_kib'] / 1024:5.0f} MiB (largest process)")
                check.check(paths[:1])  # warm: fonts, pronouncing dictionary
                for jobs in (1, 2):
                    start = time.perf_counter()
                    report = check.check(paths, CheckOptions(jobs=jobs))
                    seconds = time.perf_counter() - start
                    print(f"  warm, {jobs} job{'s' if jobs > 1 else ' '}        "
                          f"{seconds:6.2f} s {n / seconds:7.0f} files/s   "
                          f"{report.errors:,} errors, {report.warnings:,} warnings")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"\npeak memory: this process {peak / 1024:.0f} MiB, largest child {workers / 1024:.0f} "
          "MiB (a cold run or a worker)")


if __name__ == "__main__":
    main()
