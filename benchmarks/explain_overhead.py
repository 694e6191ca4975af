"""What explanations cost (not a test).

    python benchmarks/explain_overhead.py [--seconds 2]

Loads the three shipped rule sets and every bundled example each applies to (15
submissions), then, each for about the given time:

1. plain ``evaluate`` (the default null tracer);
2. ``evaluate`` with a recording tracer (a ``Tracer`` subclass that keeps every
   chosen case, fired deduction/check and compared reconciliation — what
   ``govrules test --coverage`` needs);
3. ``evaluate`` and then ``explain`` of every item the result offers (every figure,
   per-indicator figure, section, deduction, reconciliation and the total).

Reports microseconds per submission and the overhead against plain evaluation.
Explanations are built on demand from the syntax tree and a fresh scope, so plain
evaluation pays nothing for them; the numbers show what asking for them costs.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govrules.rules import load_rules  # noqa: E402
from govrules.rules.evaluate import Tracer, evaluate  # noqa: E402
from govrules.rules.explain import available_items, explain  # noqa: E402
from govrules.submissions import load_submission  # noqa: E402

CASES = {
    "monitoring_review": ("examples/001_monitoring/0*.yaml",),
    "self_evaluation": ("examples/002_self_evaluation/*.yaml",),
    "target_table_checks": ("examples/000_target_tables/*.yaml", "examples/003_target_tables/*.yaml"),
}


class RecordingTracer(Tracer):
    """Keeps every node the evaluation reports (a list append per event)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def chose(self, node: Any) -> None:
        self.events.append(("chose", node))

    def fired(self, node: Any) -> None:
        self.events.append(("fired", node))

    def compared(self, node: Any) -> None:
        self.events.append(("compared", node))


def pairs() -> list[tuple[Any, Any]]:
    out = []
    for name, globs in CASES.items():
        rules = load_rules(ROOT / "rules" / f"{name}.rules")
        for pattern in globs:
            out += [(rules, load_submission(p)) for p in sorted(ROOT.glob(pattern))]
    return out


def items_of(rules: Any, sub: Any) -> list[str]:
    """Every item explain accepts, with 指标[0–N].x expanded to one item per indicator."""
    out = []
    for item in available_items(rules, sub, evaluate(rules, sub)):
        if item.startswith("指标[") and "–" in item:
            tail = item.split("].", 1)[1]
            out += [f"指标[{i}].{tail}" for i in range(len(sub.indicators))]
        else:
            out.append(item)
    return out


def measure(runs: dict[str, Callable[[], None]], seconds: float, count: int) -> dict[str, float]:
    """Microseconds per submission for each run: the best of timed rounds, the runs
    interleaved so that a busy machine slows them alike."""
    for run in runs.values():
        run()  # warm up
    best = dict.fromkeys(runs, float("inf"))
    spent, rounds = 0.0, 0
    while spent < seconds * len(runs) or rounds < 3:
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            took = time.perf_counter() - start
            best[name] = min(best[name], took)
            spent += took
        rounds += 1
    return {name: t / count * 1e6 for name, t in best.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="time per measurement (default 2)")
    args = ap.parse_args()
    work = pairs()
    items = [items_of(r, s) for r, s in work]

    def plain() -> None:
        for rules, sub in work:
            evaluate(rules, sub)

    def recording() -> None:
        for rules, sub in work:
            evaluate(rules, sub, RecordingTracer())

    def explained() -> None:
        for (rules, sub), wanted in zip(work, items):
            result = evaluate(rules, sub)
            for item in wanted:
                explain(rules, sub, item, result=result)

    n = len(work)
    t = measure({"plain": plain, "recording": recording, "explained": explained}, args.seconds, n)
    base, rec, exp = t["plain"], t["recording"], t["explained"]
    total_items = sum(len(i) for i in items)
    print(f"python {platform.python_version()} on {platform.machine()}; {n} submissions, {total_items} explainable items")
    print(f"  evaluate, null tracer       {base:10.0f} µs/submission")
    print(f"  evaluate, recording tracer  {rec:10.0f} µs/submission   overhead {100 * (rec - base) / base:+.1f}%")
    print(f"  evaluate + explain all      {exp:10.0f} µs/submission   overhead {100 * (exp - base) / base:+.0f}%"
          f"  ({(exp - base) / (total_items / n):.0f} µs per item)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
