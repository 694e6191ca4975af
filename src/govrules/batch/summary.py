"""What a batch did, counted as its outcomes come: constant memory, rendered at the end."""

from __future__ import annotations

import heapq
import time
from collections import Counter
from decimal import Decimal

from .runner import Outcome

SLOWEST = 5
# grades by the share of the maximum, as 财预〔2020〕10号 grades a score out of 100
BANDS = ((Decimal(90), "优", "excellent (≥90%)"), (Decimal(80), "良", "good (80–90%)"), (Decimal(60), "中", "fair (60–80%)"), (Decimal(0), "差", "poor (<60%)"))


class Summary:
    def __init__(self, resumed: int = 0):
        self.started = time.perf_counter()
        self.resumed = resumed  # inputs a resumed run had already done
        self.inputs = self.results = self.errors = 0
        self.codes: Counter[str] = Counter()
        self.bands: Counter[str] = Counter()
        self.no_total = 0
        self.slowest: list[tuple[float, str]] = []  # a heap of the slowest inputs
        self.cpu = 0.0  # processor time of the evaluations, all processes together

    def add(self, outcome: Outcome) -> None:
        self.inputs += 1
        self.cpu += outcome.cpu_seconds
        heapq.heappush(self.slowest, (outcome.seconds, outcome.name))
        if len(self.slowest) > SLOWEST:
            heapq.heappop(self.slowest)
        for line in outcome.lines:
            if not line.ok:
                self.errors += 1
                self.codes.update(set(line.codes))
                continue
            self.results += 1
            if line.total is None or not line.maximum or Decimal(line.maximum) == 0:
                self.no_total += 1
                continue
            share = Decimal(line.total) * 100 / Decimal(line.maximum)
            self.bands[next(zh for floor, zh, _ in BANDS if share >= floor)] += 1

    def render(self, lang: str = "zh") -> str:
        en = lang == "en"
        seconds = time.perf_counter() - self.started
        rate = self.inputs / seconds if seconds > 0 else 0.0
        out = [
            f"{self.inputs} inputs in {seconds:.1f} s ({rate:.0f}/s): {self.results} results, {self.errors} errors"
            if en else f"共 {self.inputs} 个输入，用时 {seconds:.1f} 秒（每秒 {rate:.0f} 个）：结果 {self.results} 个，错误 {self.errors} 个"
        ]  # fmt: skip
        if self.inputs:
            per = self.cpu / self.inputs * 1000
            out.append(f"processor time per input: {per:.2f} ms" if en else f"每个输入的处理器时间：{per:.2f} 毫秒")
        if self.resumed:
            out.append(f"resumed: {self.resumed} inputs done before were skipped" if en else f"续跑：跳过此前已完成的 {self.resumed} 个输入")
        if self.codes:
            codes = (", " if en else "、").join(f"{c} × {n}" for c, n in sorted(self.codes.items()))
            out.append(("errors by code: " if en else "错误代码：") + codes)
        if self.results:
            parts = [(name_en if en else zh, self.bands[zh]) for _, zh, name_en in BANDS]
            if self.no_total:
                parts.append(("no total" if en else "无总分", self.no_total))
            sep = ", " if en else "，"
            out.append(("scores (share of the maximum): " if en else "得分分布（占满分）：") + sep.join(f"{name} {n}" for name, n in parts))
        if self.slowest:
            slow = sorted(self.slowest, reverse=True)
            out.append("slowest:" if en else "最慢的输入：")
            out.extend(f"  {s * 1000:.1f} ms  {name}" for s, name in slow)
        return "\n".join(out)
