"""Cold start: whole processes, as a command line or an editor starts them (issue 14).

    python benchmarks/cold_start.py [--runs N]

Measures, N times each, interleaved:
- ``import govrules`` plus loading a shipped rule set (rules/monitoring_review.rules);
- ``govrules check rules/``, as a whole process;
each with the grammar cache warm (its usual state after the first run) and with an empty
cache folder (the very first run after installing; GOVRULES_CACHE_DIR points at a new
folder each time). Prints the minimum and the median of wall time and of CPU time
(user + system of the child): on a shared machine CPU time is the steadier figure.
Not a test: nothing is asserted.
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

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOAD = "import govrules; from govrules.rules import load_rules; load_rules('rules/monitoring_review.rules')"
CASES = {
    "import govrules + load_rules(monitoring_review)": [sys.executable, "-c", LOAD],
    "govrules check rules/": [str(BIN / "govrules"), "check", "rules/"],
}


def once(command: list[str], cache: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env={**os.environ, "GOVRULES_CACHE_DIR": cache}, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warm = str(Path(tmp) / "warm")
        for command in CASES.values():
            once(command, warm)  # fill the warm cache
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for run in range(args.runs):
            for name, command in CASES.items():
                times.setdefault((name, "warm cache"), []).append(once(command, warm))
                times.setdefault((name, "empty cache"), []).append(once(command, str(Path(tmp) / f"cold{run}")))
    print(f"{'case':<50} {'cache':<12} {'wall min':>9} {'median':>8} {'cpu min':>8} {'median':>8}   ({args.runs} runs, ms)")
    for (name, cache), values in times.items():
        walls, cpus = [w * 1000 for w, _ in values], [c * 1000 for _, c in values]
        print(f"{name:<50} {cache:<12} {min(walls):9.0f} {statistics.median(walls):8.0f} {min(cpus):8.0f} {statistics.median(cpus):8.0f}")


if __name__ == "__main__":
    main()
