"""How loading and checking a rule file grows with its size (issue 13: linear, and
100,000 sections in under 10 s).

    .venv/bin/python benchmarks/load_scale.py [--shape small|full] [SECTIONS ...]

(default: full, 1,000 / 10,000 / 40,000 sections; small: 1,000 / 10,000 / 100,000)

For each size, a rule file of that many sections is written to a temporary folder:
``small`` sections are two lines (``评分 第1段 满分 10:`` and ``得分 = 10``); ``full``
ones have a score formula and a deduction with a reason that uses a definition of its
own (four lines, about 40 tokens). Then timed: ``load_rules`` (read, parse, check,
compile) and ``diagnose_paths`` (what ``govrules check`` runs: parse, check, the
analyses). CPU seconds, one run each; the ratio columns are seconds per 1,000 sections:
flat when the cost is linear.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from govrules.rules import load_rules
from govrules.rules.lint import diagnose_paths


def rule_file(sections: int, shape: str = "full") -> str:
    lines = ["规则集 规模", "适用于 绩效监控情况表", "有效期 2020 至 2020"]
    if shape == "small":
        return "\n".join(lines + [f"评分 第{i}段 满分 10:\n  得分 = 10" for i in range(sections)]) + "\n"
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


def main(sizes: list[int], shape: str) -> None:
    print(f"shape: {shape}")
    print(f"{'sections':>9} {'lines':>8} {'load s':>8} {'check s':>8} {'load s/1k':>10} {'check s/1k':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            path = Path(folder) / f"scale{n}.rules"
            text = rule_file(n, shape)
            path.write_text(text, encoding="utf-8")
            load = timed(lambda: load_rules(path))
            check = timed(lambda: diagnose_paths([path]))
            print(f"{n:>9,} {text.count(chr(10)):>8,} {load:>8.2f} {check:>8.2f} {load / n * 1000:>10.3f} {check / n * 1000:>11.3f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    shape = "full"
    if args[:1] == ["--shape"]:
        shape, args = args[1], args[2:]
    main([int(a) for a in args] or ([1_000, 10_000, 100_000] if shape == "small" else [1_000, 10_000, 40_000]), shape)  # 40,000 full sections: 7.7 MB, under the 8 MB limit
