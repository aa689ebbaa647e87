"""Benchmark long text: layout time against paragraph length, and the worst monograph allowed.

    python bench/paragraph.py [--beyond]

ReportLab re-breaks the rest of a paragraph at every page it runs onto, so one paragraph costs
the square of its length. Validation bounds a paragraph at ``validate.MAX_WORDS`` words; this
prints how long paragraphs up to that bound take, and a monograph at the 1 MiB file limit made
of the longest paragraphs allowed (the worst case a user can ask for). ``--beyond`` also times
paragraphs past the bound, built without validation, to show the curve the bound cuts off.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import handouts  # noqa: E402
from handouts.source import load, validate  # noqa: E402
from handouts.source.model import Monograph, Paragraph, Section  # noqa: E402

WORDS = ("the", "patient", "dose", "infusion", "doctor", "nurse", "treatment", "blood", "cells",
         "kidney", "liver", "medicine", "before", "after", "every", "week", "tablet")


def text(words: int, rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def monograph(paragraphs: list[str]) -> Monograph:
    # Built directly, skipping validation, so that --beyond can pass the bound.
    return Monograph("Benchmab", (), "en", (
        Section("how_it_works", "How it works", tuple(Paragraph(p) for p in paragraphs)),))


def timed(m: Monograph, brand: handouts.Brand) -> tuple[float, int]:
    start = time.perf_counter()
    leaflet = handouts.render_leaflet(m, brand)
    return time.perf_counter() - start, leaflet.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beyond", action="store_true",
                        help="also time paragraphs past the bound (up to 40,000 words)")
    args = parser.parse_args()
    rng = random.Random(1)
    brand = handouts.read_brand()
    timed(monograph(["warm up"]), brand)

    bound = validate.MAX_WORDS
    lengths = [500, 1000, 2000, 3000, 4000, bound]
    if args.beyond:
        lengths += [10_000, 20_000, 40_000]
    print(f"one paragraph (bound: {bound:,} words)")
    print(f"  {'words':>7} {'pages':>6} {'seconds':>8} {'ms per 1,000 words':>19}")
    for n in lengths:
        seconds, pages = timed(monograph([text(n, rng)]), brand)
        mark = "  (past the bound)" if n > bound else ""
        print(f"  {n:>7,} {pages:>6} {seconds:>8.2f} {seconds * 1e6 / n:>19.1f}{mark}")

    # The worst case allowed: a file at the size limit, every paragraph at the word bound.
    paragraph = text(bound, rng)
    per = len(paragraph.encode()) + 4  # "\n\n" between paragraphs, in a | block, indented
    count = (load.MAX_BYTES - 400) // per
    body = "\n\n".join(f"  {paragraph}" for _ in range(count))
    yaml_text = ("name: Benchmab\nhow_it_is_administered: x\nhow_it_works: |\n" + body
                 + "\ncommon_side_effects: [x]\nwho_should_take_it: x\n"
                 "who_should_not_take_it: x\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "worst.yaml"
        path.write_text(yaml_text, encoding="utf-8")
        start = time.perf_counter()
        m = handouts.read_monograph(path)
        loaded = time.perf_counter() - start
        seconds, pages = timed(m, brand)
    print(f"worst monograph allowed: {len(yaml_text.encode()):,} bytes, {count} paragraphs of "
          f"{bound:,} words")
    print(f"  load+validate {loaded:.2f} s, layout+render {seconds:.2f} s, {pages} pages")


if __name__ == "__main__":
    main()
