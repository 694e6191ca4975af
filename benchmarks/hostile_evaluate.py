"""How evaluation copes with the hostile inputs of issue 13 (not a test).

    python benchmarks/hostile_evaluate.py [--indicators 20000]

Each line: the input, what happened (ok, or the error code), and the CPU time. The inputs:
aggregates nested 4 deep over 50 indicators; the monitoring review on a submission whose
indicators cannot be computed (``--indicators``, and half as many, to see that the cost is
linear); a chain of 400 definitions; a cycle of 3,000 definitions; the monitoring review on
预算数 0.00001 and 执行数 99999999999999999999; an aggregate inside a per-indicator definition
over 2,000 indicators that cannot be computed (past the budget: GR503).
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govrules.errors import GovrulesError  # noqa: E402
from govrules.rules import compile_rules, evaluate, load_rules  # noqa: E402
from govrules.submissions import validate_submission  # noqa: E402

HEAD = "规则集 x\n适用于 绩效监控情况表\n"


def clock(label: str, run: Callable[[], Any]) -> None:
    start = time.process_time()
    try:
        run()
        outcome = "ok"
    except GovrulesError as e:
        outcome = ", ".join(sorted({d.code for d in e.diagnostics}))
    print(f"  {label:<72} {outcome:<8} {time.process_time() - start:7.2f} s CPU")


def rows(count: int, target: str = "很多", actual: str = "不少") -> list[dict[str, str]]:
    return [{"三级指标": f"指标{i}", "指标值": target, "完成值": actual} for i in range(count)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--indicators", type=int, default=20_000, help="indicators that cannot be computed (default 20000)")
    args = ap.parse_args()
    base = yaml.safe_load((ROOT / "examples/001_monitoring/02_城乡居民养老保险.yaml").read_text(encoding="utf-8"))
    review = load_rules(ROOT / "rules/monitoring_review.rules")
    print(f"python {sys.version.split()[0]}, one process")

    nested = copy.deepcopy(base)
    nested["指标"] = rows(50, "100人", "97人")
    rules = compile_rules(HEAD + "每个指标 设 r = 数值(完成值)\n设 x = 平均(r + 平均(r + 平均(r + 平均(r))))\n")
    clock("aggregates nested 4 deep, 50 indicators", lambda: evaluate(rules, nested))
    for count in (args.indicators // 2, args.indicators):
        many = copy.deepcopy(base)
        many["指标"] = rows(count)
        model = validate_submission(many)
        clock(f"monitoring_review, {count:,} indicators that cannot be computed", lambda: evaluate(review, model))
    chain = HEAD + "".join(f"设 d{i} = d{i + 1} + 1\n" for i in range(400)) + "设 d400 = 执行数\n"
    clock("a chain of 400 definitions (load and evaluate)", lambda: evaluate(compile_rules(chain), base))
    cycle = HEAD + "".join(f"设 d{i} = d{(i + 1) % 3000} + 1\n" for i in range(3000))
    clock("a cycle of 3,000 definitions (load)", lambda: compile_rules(cycle))
    extreme = copy.deepcopy(base)
    extreme["预算"].update(预算数="0.00001", 执行数="99999999999999999999")
    clock("monitoring_review, 预算数 0.00001, 执行数 99999999999999999999", lambda: evaluate(review, extreme))
    over = copy.deepcopy(base)
    over["指标"] = rows(2000)
    inside = compile_rules(HEAD + "每个指标 设 r = 数值(完成值) / 平均(数值(完成值))\n")
    clock("an aggregate inside a per-indicator definition, 2,000 left out", lambda: evaluate(inside, over))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
