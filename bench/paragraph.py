"""Benchmark long text: layout time against paragraph length, and the worst monographs allowed.

    python bench/paragraph.py [--beyond]

ReportLab re-breaks the rest of a paragraph at every page it runs onto, so one paragraph costs
the square of its length; a word wider than the line it splits letter by letter, each letter
costing what a word does. Validation bounds a paragraph at ``checker.MAX_WORDS`` words (a
word longer than ``checker.LINE_RUN`` counting once per character) and ``checker.MAX_CHARS``
characters, and a word at ``checker.MAX_RUN`` characters. This prints how long paragraphs
up to the word bound take, then builds the worst monographs a user can ask for: 1 MiB files
(the file limit) of the most expensive paragraphs the bounds allow, in the widest Latin
letter, read and validated from the file, laid out in standard and large print. ``--beyond``
also times paragraphs past the bound, built without validation, to show the curve the bound
cuts off. Prints wall-clock and CPU seconds (CPU time is what other work on a shared machine
does not inflate); asserts nothing.
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
from handouts.source import checker, load  # noqa: E402
from handouts.source.model import Monograph, Paragraph, Section  # noqa: E402

WORDS = ("the", "patient", "dose", "infusion", "doctor", "nurse", "treatment", "blood", "cells",
         "kidney", "liver", "medicine", "before", "after", "every", "week", "tablet")


def text(words: int, rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


# Chinese, which lines break between characters (page/_linebreak.py): a character counts as a
# word against the bound (a run longer than checker.LINE_RUN counts once per character).
CHINESE = "本药通过静脉滴注给药，剂量为 0.8 mg/m²，每个周期的第1、8、15天给药（请按时复诊）。"


def chinese(characters: int) -> str:
    return (CHINESE * (characters // len(CHINESE) + 1))[:characters]


def monograph(paragraphs: list[str], language: str = "en") -> Monograph:
    # Built directly, skipping validation, so that --beyond can pass the bound.
    return Monograph("Benchmab", (), language, (
        Section("how_it_works", "How it works", tuple(Paragraph(p) for p in paragraphs)),))


def timed(m: Monograph, brand: handouts.Brand,
          options: handouts.Options = handouts.Options()) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds and pages to lay out and render ``m``."""
    start, cpu = time.perf_counter(), time.process_time()
    leaflet = handouts.render_leaflet(m, brand, options)
    return time.perf_counter() - start, time.process_time() - cpu, leaflet.pages


def worst(rng: random.Random) -> dict[str, str]:
    """English text at the word bound, and the most expensive paragraphs the bounds allow,
    each at the bounds, in W (the widest Latin letter: the most pages per character)."""
    words = checker.MAX_WORDS
    short = checker.MAX_CHARS // words - 1  # letters, so that the words fill MAX_CHARS
    run = checker.MAX_RUN
    return {
        f"{words:,} English words": text(words, rng),
        f"{words:,} words of {short} letters": " ".join(["W" * short] * words),
        f"{words // run} words of {run} letters (split letter by letter)":
            " ".join(["W" * run] * (words // run)),
        f"{checker.MAX_CHARS // (checker.LINE_RUN + 1):,} words of {checker.LINE_RUN} letters":
            " ".join(["W" * checker.LINE_RUN] * (checker.MAX_CHARS // (checker.LINE_RUN + 1))),
    }


def worst_file(paragraph: str, folder: Path) -> tuple[Path, int]:
    """A monograph at the file size limit made of ``paragraph`` repeated."""
    per = len(paragraph.encode()) + 4  # "\n\n" between paragraphs, in a | block, indented
    count = (load.MAX_BYTES - 400) // per
    body = "\n\n".join(f"  {paragraph}" for _ in range(count))
    yaml_text = ("name: Benchmab\nhow_it_is_administered: x\nhow_it_works: |\n" + body
                 + "\ncommon_side_effects: [x]\nwho_should_take_it: x\n"
                 "who_should_not_take_it: x\n")
    path = folder / "worst.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return path, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beyond", action="store_true",
                        help="also time paragraphs past the bound (up to 40,000 words)")
    args = parser.parse_args()
    rng = random.Random(1)
    brand = handouts.read_brand()
    timed(monograph(["warm up"]), brand)

    bound = checker.MAX_WORDS
    lengths = [500, 1000, 2000, 3000, 4000, bound]
    if args.beyond:
        lengths += [10_000, 20_000, 40_000]
    print(f"one paragraph (bound: {bound:,} words)")
    print(f"  {'words':>7} {'pages':>6} {'seconds':>8} {'ms per 1,000 words':>19}")
    for n in lengths:
        seconds, _, pages = timed(monograph([text(n, rng)]), brand)
        mark = "  (past the bound)" if n > bound else ""
        print(f"  {n:>7,} {pages:>6} {seconds:>8.2f} {seconds * 1e6 / n:>19.1f}{mark}")
    print("one paragraph in Chinese (zh-Hans)")
    print(f"  {'chars':>7} {'pages':>6} {'seconds':>8} {'ms per 1,000 chars':>19}")
    timed(monograph(["预热"], "zh-Hans"), brand)
    for n in lengths[:6]:
        seconds, _, pages = timed(monograph([chinese(n)], "zh-Hans"), brand)
        print(f"  {n:>7,} {pages:>6} {seconds:>8.2f} {seconds * 1e6 / n:>19.1f}")

    print(f"worst monographs allowed ({load.MAX_BYTES:,}-byte files, A4)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, paragraph in worst(rng).items():
            path, count = worst_file(paragraph, Path(tmp))
            start = time.perf_counter()
            m = handouts.read_monograph(path)  # the bounds hold: validation accepts it
            loaded = time.perf_counter() - start
            print(f"  {count} paragraphs of {name}: load+validate {loaded:.2f} s")
            for large in (False, True):
                seconds, cpu, pages = timed(m, brand, handouts.Options(large_print=large))
                print(f"    {'large' if large else 'standard'} print: {seconds:.2f} s "
                      f"({cpu:.2f} s CPU), {pages} pages")

if __name__ == "__main__":
    main()
