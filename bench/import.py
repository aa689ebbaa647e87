"""Benchmark ``handouts import``: labels per second, in process, over the test fixtures' SPL
and ePI labels in turn (0.03 to 0.4 MB each), and peak memory.

    python bench/import.py [--n 300]

Each label is imported into a folder of its own under a temporary folder, as a formulary of
``n`` different drugs would be (the same label twice into one folder is refused, never
overwritten). The time covers reading, parsing with defusedxml, mapping, writing the draft
and validating it with its readability. Prints figures; asserts nothing (speed is measured
here, never in tests).
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.importers import import_label  # noqa: E402
from handouts.page.fit import PAGE  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "labels"
FILES = ("openfda_lipitor-orig.xml", "openfda_humira.xml", "pharmaledger_entresto_9ed0dcad.xml",
         "Bundle-bundlepackageleaflet-en-dcaa4d32aa6658a8df831551503e52ee.json",
         "Bundle-47204.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="labels to import")
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        import_label(LABELS / FILES[0], Path(tmp) / "warm", PAGE)  # imports, textstat's data
        per_kind: dict[str, float] = {}
        start = time.perf_counter()
        for i in range(n):
            name = FILES[i % len(FILES)]
            began = time.perf_counter()
            import_label(LABELS / name, Path(tmp) / str(i), PAGE)
            per_kind[name] = per_kind.get(name, 0.0) + time.perf_counter() - began
        seconds = time.perf_counter() - start
    print(f"{platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}")
    print(f"{n} labels in {seconds:.2f} s: {n / seconds:.1f} labels/s, "
          f"{100 * seconds / n:.1f} s per hundred")
    for name, spent in per_kind.items():
        count = len(range(FILES.index(name), n, len(FILES)))
        print(f"  {name}: {1000 * spent / count:.1f} ms each")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
