"""How long the generic list reader takes: a 1,500-entry list in five layouts, and pathological lines.

    python benchmarks/reader_bench.py

Prints a markdown table of median wall times (5 runs each), next to the time to read the same
text with ``str.splitlines`` as a floor measured in the same run.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from paperlist.importers.generic import read_generic  # noqa: E402
from test_generic_reader import synthetic_list  # noqa: E402

CASES = {
    "1,500 entries, five layouts": synthetic_list(),
    "50,000 '['": "[" * 50_000,
    "20,000 unclosed links": "- " + "[x](" * 20_000,
    "20,000 unclosed <a>": "<a href='x'>" * 20_000,
    "a 50,000-cell table row": "|" * 50_000 + "\n|---|\n" + "|" * 50_000,
    "a 1 MB line": "x" * 1_000_000,
}


def median_seconds(work, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print("| input | read_generic s | splitlines s |")
    print("| --- | ---: | ---: |")
    for name, text in CASES.items():
        reader = median_seconds(lambda t=text: read_generic(t))
        floor = median_seconds(lambda t=text: t.splitlines())
        print(f"| {name} | {reader:.3f} | {floor:.4f} |")


if __name__ == "__main__":
    main()
