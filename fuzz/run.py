"""Run one harness under atheris (coverage-guided fuzzing with libFuzzer), for a set time.

    python fuzz/run.py ENTRY [--seconds 60] [--runs N] [--keep-going] [--stats FILE]

ENTRY is one of: targets, rules, submissions, evaluation. The seed corpus is read from
tests/ and examples/ (fuzz/common.py) and written to a temporary folder for libFuzzer.
Without ``--keep-going`` the first failure stops the run and libFuzzer saves the input
(crash-…); with it, failures are counted and the run goes on (for survey runs: the
statistics, with each kind of failure's first input, go to ``--stats``). ``make fuzz``
runs every entry point for FUZZ_SECONDS (default 60) each.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HARNESSES = {"targets": "target_seeds", "rules": "rule_seeds", "submissions": "submission_seeds", "evaluation": "submission_seeds"}
# fuzz/spreadsheets.py: spreadsheet reading does not exist yet; see its docstring.


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("entry", choices=sorted(HARNESSES))
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--runs", type=int, default=-1, help="stop after this many inputs (-1: no limit)")
    ap.add_argument("--keep-going", action="store_true", help="count failures instead of stopping at the first")
    ap.add_argument("--stats", type=Path, help="write the run's statistics (JSON) here")
    args, rest = ap.parse_known_args()

    import atheris  # type: ignore[import-untyped]  # an optional extra: pip install atheris (the dev extra has it)

    with atheris.instrument_imports(include=["govrules"]):
        import govrules.rules  # noqa: F401  (instrumented: coverage guides the fuzzer)
        import govrules.submissions  # noqa: F401
        import govrules.targets  # noqa: F401
    common = importlib.import_module("fuzz.common")
    harness = importlib.import_module(f"fuzz.{args.entry}").one_input
    stats = common.Stats(args.entry, args.stats)
    corpus = Path(tempfile.mkdtemp(prefix=f"govrules-corpus-{args.entry}-"))
    for n, seed in enumerate(getattr(common, HARNESSES[args.entry])()):
        (corpus / f"seed-{n}").write_bytes(seed)

    def one(data: bytes) -> None:
        started = time.perf_counter()
        failure: BaseException | None = None
        try:
            harness(data)
        except Exception as e:  # noqa: BLE001 — every failure is counted; GovrulesError never gets here
            failure = e
        stats.record(data, time.perf_counter() - started, failure)
        if failure is not None and not args.keep_going:
            stats.write()
            raise failure

    flags = [f"-max_total_time={args.seconds}", "-rss_limit_mb=2048", "-timeout=20", "-max_len=20000", f"-runs={args.runs}"]
    atheris.Setup([sys.argv[0], *flags, *rest, str(corpus)], one)
    try:
        atheris.Fuzz()
    finally:
        stats.write()


if __name__ == "__main__":
    main()
