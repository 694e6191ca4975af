"""How fast rule sets load and evaluate, and what explanations cost (not a test).

    python benchmarks/evaluate.py [--count 10000] [--repeat 3]

1. Loading: for each shipped rule set in rules/, the time to load it (parse, check,
   compile: ``load_rules``) and the time of ``govrules check`` on it (the same plus
   the static analyses of ``diagnose_paths``), best of ``--repeat``.
2. Evaluation: the four 绩效监控情况表 of seed 001 (examples/001_monitoring)
   replicated to ``--count`` submissions — each a separate model built from its
   YAML data before the clock starts, so nothing cached on one submission helps
   another — evaluated with rules/monitoring_review.rules, on one core:
   - plain ``evaluate`` (the null tracer: what an embedding system runs);
   - ``evaluate`` recording what explanations and coverage need (the
     ``CoverageTracer`` of ``govrules test --coverage``);
   - plain ``evaluate`` of copies whose figures in 完成值 all differ (2977人, 2978人 …),
     as in real batches: targets recur from report to report, actual values do not;
   - the first two with every cache cleared before each submission (``clear_caches``):
     every 指标值/完成值 parsed, judged and every figure made afresh, as if no two
     submissions shared a notation or a figure;
   - ``evaluate`` and then ``explain`` of every item the result offers (every
     figure, per-indicator figure, section, deduction, check and reconciliation),
     on the first ``--count / 10`` submissions.
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govrules.rules import load_rules  # noqa: E402
from govrules.rules.evaluate import clear_caches, evaluate  # noqa: E402
from govrules.rules.explain import available_items, explain  # noqa: E402
from govrules.rules.lint import diagnose_paths  # noqa: E402
from govrules.submissions.load import read_data, validate_submission  # noqa: E402
from govrules.tools.coverage import CoverageTracer  # noqa: E402


def best_of(repeat: int, run: Callable[[], Any]) -> float:
    """The shortest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def loading(repeat: int) -> None:
    print("load and check each shipped rule set (best of %d):" % repeat)
    for path in sorted((ROOT / "rules").glob("*.rules")):
        load = best_of(repeat, lambda: load_rules(path))
        check = best_of(repeat, lambda: diagnose_paths([path]))
        print(f"  {path.name:28} load {load * 1e3:7.1f} ms   check {check * 1e3:7.1f} ms")


def submissions(count: int, new_actuals: bool = False) -> list[Any]:
    """The four reports replicated; with ``new_actuals``, every 完成值 that begins with a
    figure is raised by the copy's number (2977人, 2978人, …), as in real batches where
    targets recur and actual values do not."""
    data = [read_data(p)[0] for p in sorted((ROOT / "examples" / "001_monitoring").glob("0*.yaml"))]
    if not new_actuals:
        return [validate_submission(data[i % len(data)]) for i in range(count)]
    return [validate_submission(_raised(data[i % len(data)], i // len(data))) for i in range(count)]


def _raised(report: dict[str, Any], by: int) -> dict[str, Any]:
    rows = []
    for row in report.get("指标", []):
        actual = str(row.get("完成值") or "")
        figure = re.match(r"\d+", actual)
        rows.append({**row, "完成值": str(int(figure.group()) + by) + actual[figure.end() :]} if figure else row)
    return {**report, "指标": rows}


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000, help="submissions evaluated (default 10000)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds per measurement; the best is kept (default 3)")
    args = ap.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, one process (one core)")
    loading(args.repeat)

    rules = load_rules(ROOT / "rules" / "monitoring_review.rules")
    n = args.count

    def timed(label: str, tracer: Callable[[], Any] | None, cold: bool = False, new_actuals: bool = False) -> float:
        seconds = []
        for _ in range(args.repeat):
            subs = submissions(n, new_actuals)  # fresh models: nothing memoised on a submission carries over
            start = time.perf_counter()
            for sub in subs:
                if cold:
                    clear_caches(rules)
                evaluate(rules, sub, tracer() if tracer else None)
            seconds.append(time.perf_counter() - start)
        rate = n / min(seconds)
        print(f"  {label:44} {rate:9,.0f} submissions/s  ({min(seconds) / n * 1e6:6.0f} µs each)")
        return rate

    print(f"monitoring_review.rules on {n:,} submissions (seed 001's four reports replicated):")
    timed("evaluate", None)
    timed("evaluate, recording (CoverageTracer)", CoverageTracer)
    timed("evaluate, a new 完成值 in every row", None, new_actuals=True)
    timed("evaluate, nothing reused", None, cold=True)
    timed("evaluate, recording, nothing reused", CoverageTracer, cold=True)

    sample = submissions(max(1, n // 10))
    wanted = [items_of(rules, s) for s in sample[:4]]
    per_item = sum(len(w) for w in wanted) / len(wanted)

    def explained() -> None:
        for i, sub in enumerate(sample):
            result = evaluate(rules, sub)
            for item in wanted[i % 4]:
                explain(rules, sub, item, result=result)

    seconds = best_of(args.repeat, explained)
    print(f"  {'evaluate + explain every item (%.0f items each)' % per_item:44} "
          f"{len(sample) / seconds:9,.0f} submissions/s  ({seconds / len(sample) * 1e6:6.0f} µs each, "
          f"on {len(sample):,} submissions)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
