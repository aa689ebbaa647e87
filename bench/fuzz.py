"""The long run of the property tests: thousands of generated and damaged monographs.

    python bench/fuzz.py [--examples 3000] [--seed N]

CI runs a fixed, bounded set (tests/test_properties.py, profile "ci"). This runs the same
properties with many more examples and a fresh seed, and prints how many ran, how long it took
and what failed (hypothesis shrinks a failure to its smallest example and prints it).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=random.randrange(2**32))
    args = parser.parse_args()
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long",
           "HYPOTHESIS_MAX_EXAMPLES": str(args.examples)}
    tests = ["tests/test_properties.py::test_a_generated_monograph_builds_whole_or_is_refused"
             "_with_locations",
             "tests/test_properties.py::test_a_damaged_monograph_is_refused_with_locations_or"
             "_still_whole",
             "tests/test_schema.py::test_generated_monographs_get_the_same_verdict"]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           f"--hypothesis-seed={args.seed}", *tests], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    print(f"seed {args.seed}, up to {args.examples} examples per property, {len(tests)} "
          f"properties, {seconds:.0f} s")
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-2000:])
    if done.returncode:
        print(done.stdout[-6000:])
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
