"""How loading and checking a rule file grows with its size (issue 13: linear, and
100,000 sections in under 10 s).

    .venv/bin/python benchmarks/load_scale.py [SECTIONS ...]

For each size, a rule file of that many sections (each with a score formula and a
deduction that uses a definition) and as many definitions is written to a temporary
folder, then timed: ``load_rules`` (read, parse, check, compile) and
``diagnose_paths`` (what ``govrules check`` runs: parse, check, the analyses).
CPU seconds, one run each; the ratio column is seconds per 1,000 sections.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from govrules.rules import load_rules
from govrules.rules.lint import diagnose_paths


def rule_file(sections: int) -> str:
    lines = ["规则集 规模", "适用于 绩效监控情况表", "有效期 2020 至 2020"]
    for i in range(sections):
        lines.append(f"设 门槛{i} = {i % 90 + 1}%")
        lines.append(f"评分 第{i}段 满分 10:")
        lines.append(f"  得分 = 10 * 最小(执行数 / 预算数, 1)")
        lines.append(f"  扣 2 分 当 执行数 / 预算数 < 门槛{i} 理由 \"执行率低于{{门槛{i}:%}}\"")
    return "\n".join(lines) + "\n"


def timed(run: object) -> float:
    start = time.process_time()
    run()  # type: ignore[operator]
    return time.process_time() - start


def main(sizes: list[int]) -> None:
    print(f"{'sections':>9} {'lines':>8} {'load s':>8} {'check s':>8} {'load s/1k':>10} {'check s/1k':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            path = Path(folder) / f"scale{n}.rules"
            path.write_text(rule_file(n), encoding="utf-8")
            load = timed(lambda: load_rules(path))
            check = timed(lambda: diagnose_paths([path]))
            print(f"{n:>9,} {4 * n + 3:>8,} {load:>8.2f} {check:>8.2f} {load / n * 1000:>10.3f} {check / n * 1000:>11.3f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
