"""Warm renders of two checkouts, render by render in turn: the A/B of a speed change.

    python bench/ab.py BEFORE AFTER [--runs N] [--peers DIR]

BEFORE and AFTER are checkouts (`git worktree add DIR COMMIT` gives the code before). Each runs
in a process of its own, warmed up; the two render one leaflet each in turn, so that the load of
a shared machine falls on both alike. Rows: the shipped seed with a new QR address each render,
and with --peers (the peers kit of bench/peers.py) the kit's salted 2-page content. Prints
the seed's size and hash from each (a speed change keeps the bytes), the medians and their
ratio; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

# The worker: renders what it is sent, one line each ("seed URL" or "kit SALT"), and answers
# with the seconds it took.
WORKER = """
import dataclasses, hashlib, sys, time
from pathlib import Path
import handouts
root, peers = Path(sys.argv[1]), sys.argv[2]
seed = handouts.read_monograph(root / "data" / "inotuzumab-ozogamicin.yaml")
brand, options = handouts.read_brand(), handouts.Options()
kit = None
if peers:
    sys.path.insert(0, peers)
    import content, engines
    from handouts.source import model
    handouts.model = model  # the kit predates the packages
    kit = engines.get("handouts")
    kit.setup()
    lf = content.make("standard")
for i in range(5):  # warm up
    handouts.render_leaflet(dataclasses.replace(seed, url=f"https://a.b/warm/{i}"), brand, options)
    if kit:
        kit.build(content.salted(lf, i))
pdf = handouts.render_leaflet(seed, brand, options).pdf
print(len(pdf), hashlib.sha256(pdf).hexdigest()[:16], flush=True)
for line in sys.stdin:
    row, arg = line.split()
    start = time.perf_counter()
    if row == "seed":
        handouts.render_leaflet(dataclasses.replace(seed, url=arg), brand, options)
    else:
        kit.build(content.salted(lf, int(arg)))
    print(time.perf_counter() - start, flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--peers", type=Path, default=os.environ.get("BENCH_PEERS"))
    args = parser.parse_args()
    roots = [args.before.resolve(), args.after.resolve()]
    workers = [subprocess.Popen(
        [sys.executable, "-c", WORKER, str(root), str(args.peers or "")], text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)}) for root in roots]
    heads = [w.stdout.readline().split() for w in workers]  # type: ignore[union-attr]
    rows = ["seed", "kit"] if args.peers else ["seed"]
    times: dict[str, list[list[float]]] = {row: [[], []] for row in rows}
    for i in range(args.runs):
        for row in rows:
            arg = f"https://www.example.org/medicines/{i}" if row == "seed" else str(1000 + i)
            for k in (0, 1) if i % 2 else (1, 0):  # each goes first every other time
                workers[k].stdin.write(f"{row} {arg}\n")  # type: ignore[union-attr]
                workers[k].stdin.flush()  # type: ignore[union-attr]
                times[row][k].append(float(workers[k].stdout.readline()))  # type: ignore[union-attr]
    for w in workers:
        w.stdin.close()  # type: ignore[union-attr]
        w.wait()
    print(f"machine load  {os.getloadavg()[0]:.2f} (1-minute average, at the end)")
    for name, root, (size, digest) in zip(("before", "after"), roots, heads, strict=True):
        print(f"{name:6s} {root}: the seed {int(size):,} bytes, sha256 {digest}…")
    for row, (before, after) in times.items():
        a, b = statistics.median(before) * 1e3, statistics.median(after) * 1e3
        print(f"{row:4s}  {a:.2f} → {b:.2f} ms (medians of {args.runs}), {b / a:.3f}×")


if __name__ == "__main__":
    main()
