"""How govrules fares on real published tables (tests/corpus): the shares, not a speed.

    python benchmarks/corpus.py [--rows]        (or: make corpus)

tests/corpus holds published 自评表 and 目标表 from many provinces, transcribed as
submissions, each with its source URL; ``tests/corpus/judgements.yaml`` records, row by
row, what a person reads in them (see the comment at its top). This script evaluates
every table with the rule set the judgements name and prints:

- typed: of the 指标值 cells in which a person reads a definite figure, the share the
  target language types (a comparison, quantity, range, deadline …, or prose with the
  figure found inside), and how many cells without a figure it typed all the same;
- judged: of the (指标值, 完成值) pairs a person can judge, the share the engine judges
  the same way (达成 ↔ met, 未达成/部分达成 ↔ not met, 不适用 ↔ left out as not
  applicable, 无法判断 ↔ cannot tell);
- reproduced: of the rows whose published 得分 follows the national formula (and of
  the 预算执行 rows), the share whose points the engine reproduces exactly, at the
  rule set's rounding (ROUND_HALF_UP to 2 decimals unless the rule set rounds itself);
- the differences where a published score follows no formula (a reviewer's
  discretion): recorded, never imitated; and each complete table's total against the
  published one.

``--rows`` lists every row the engine judges or scores differently from the person.
The test tests/corpus/test_corpus.py runs the same measurement.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govrules.rules import evaluate, load_rules  # noqa: E402
from govrules.rules.compile import RuleSet  # noqa: E402
from govrules.rules.names import round_half_up  # noqa: E402
from govrules.rules.results import Result  # noqa: E402
from govrules.submissions import load_submission  # noqa: E402
from govrules.submissions.models import Indicator  # noqa: E402
from govrules.targets import to_json  # noqa: E402
from govrules.targets.values import Prose, Qualitative  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
RULES = ROOT / "rules"
ROW_POINTS = "指标得分"  # the per-indicator figure a shipped self-evaluation rule set gives a row's points in


@dataclass
class Share:
    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.hits += ok
        if not ok:
            self.misses.append(what)

    @property
    def ratio(self) -> Decimal:
        return Decimal(self.hits) / Decimal(self.total) if self.total else Decimal(0)

    def __str__(self) -> str:
        return f"{self.hits}/{self.total} = {round_half_up(self.ratio * 100, 1)}%"


@dataclass
class Report:
    tables: int = 0
    provinces: set[str] = field(default_factory=set)
    kinds: dict[str, int] = field(default_factory=dict)
    cells: int = 0  # every 指标值 and 完成值 cell parsed
    typed: Share = field(default_factory=Share)
    typed_without_figure: Share = field(default_factory=Share)  # cells with no figure that were typed
    judged: Share = field(default_factory=Share)
    reproduced: Share = field(default_factory=Share)
    discretion: list[str] = field(default_factory=list)  # published score ≠ the formula: the difference
    totals: list[str] = field(default_factory=list)
    results: dict[str, tuple[RuleSet, Result]] = field(default_factory=dict)


def judgements() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CORPUS / "judgements.yaml").read_text(encoding="utf-8"))
    return data


def is_typed(ind: Indicator) -> bool:
    """Whether the target language read a definite figure (or a time limit) in the 指标值 cell."""
    value = ind.parsed_target.value
    if isinstance(value, Prose):
        return value.embedded is not None
    return not isinstance(value, Qualitative) and bool(ind.parsed_target.text.strip())


def engine_judgement(res: Any) -> str:
    if res.met is True:
        return "达成"
    if res.met is False:
        return "未达成"
    if "不适用" in res.judgement:
        return "不适用"
    return "无法判断"


def same_judgement(person: str, engine: str) -> bool:
    return {"部分达成": "未达成"}.get(person, person) == engine


def measure() -> Report:
    report = Report()
    rule_sets: dict[str, RuleSet] = {}
    for name, spec in judgements().items():
        sub = load_submission(str(CORPUS / name))
        report.tables += 1
        report.provinces.add(spec["省份"])
        kind = str(getattr(sub, "kind"))
        report.kinds[kind] = report.kinds.get(kind, 0) + 1
        rows = spec["行"]
        assert len(rows) == len(sub.indicators), f"{name}: {len(rows)} judgements for {len(sub.indicators)} rows"
        rules = rule_sets.get(spec["规则"]) or rule_sets.setdefault(spec["规则"], load_rules(RULES / spec["规则"]))
        result = evaluate(rules, sub)
        report.results[name] = (rules, result)
        for i, (ind, (target_kind, person, scored)) in enumerate(zip(sub.indicators, rows)):
            where = f"{name} 指标[{i}] {ind.name}"
            for cell in (ind.parsed_target, ind.parsed_actual):
                if cell is not None:
                    report.cells += 1
                    to_json(cell.value)  # every notation renders
            if target_kind == "定量":
                report.typed.add(is_typed(ind), f"{where}: 指标值“{ind.target}”未识别出数值")
            elif target_kind == "定性":
                report.typed_without_figure.add(is_typed(ind), f"{where}: 指标值“{ind.target}”")
            res = result.indicators[i]
            if person != "—":
                engine = engine_judgement(res)
                report.judged.add(same_judgement(person, engine), f"{where}: 人判 {person}，引擎 {engine}（{res.judgement}）")
            if scored in ("公式", "酌情") and ind.score is not None:
                points = res.values.get(ROW_POINTS)
                engine_points = Decimal(str(points.value)) if points is not None and points.computable and points.value is not None else None
                shown = "无法计算" if engine_points is None else str(round_half_up(engine_points, 2))
                if scored == "公式":
                    ok = engine_points is not None and round_half_up(engine_points, 2) == ind.score
                    why = "" if points is None or points.computable else f"（{points.reason}）"
                    report.reproduced.add(ok, f"{where}: 表上 {ind.score}，引擎 {shown}{why}")
                else:
                    diff = "" if engine_points is None else f"，相差 {round_half_up(ind.score - engine_points, 2)}"
                    report.discretion.append(f"{where}: 表上 {ind.score}，按公式 {shown}{diff}")
        published = spec.get("公布") or {}
        budget = next((s for s in result.sections if s.name == "预算执行"), None)
        if "预算执行" in published and budget is not None and sub_has_budget(sub):
            got = budget.points
            ok = got is not None and round_half_up(got, 2) == Decimal(str(published["预算执行"]))
            report.reproduced.add(ok, f"{name} 预算执行: 表上 {published['预算执行']}，引擎 {got if got is None else round_half_up(got, 2)}")
        if spec.get("完整") and "总分" in published:
            got_total = "无法计算" if result.total is None else str(round_half_up(result.total, 2))
            report.totals.append(f"{name}: 表上总分 {published['总分']}，引擎 {got_total} / {result.maximum}")
    return report


def sub_has_budget(sub: Any) -> bool:
    budget = getattr(sub, "budget", None)
    return budget is not None and bool(budget.budget) and budget.executed is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", action="store_true", help="list every row judged or scored differently from the person")
    args = parser.parse_args()
    r = measure()
    kinds = "，".join(f"{k} {n}" for k, n in sorted(r.kinds.items()))
    print(f"语料：{r.tables} 张表（{kinds}），{len(r.provinces - {'未注明'})} 个省级地区，{r.cells} 个指标值/完成值格")
    print(f"typed      定量指标值识别出数值: {r.typed}（无数值的格被当作数值: {r.typed_without_figure.hits}/{r.typed_without_figure.total}）")
    print(f"judged     判断与人一致: {r.judged}")
    print(f"reproduced 按公式计分的行复现: {r.reproduced}")
    print(f"discretion 表上得分不合公式的行（只记差额，不模仿）: {len(r.discretion)}")
    for line in r.discretion:
        print("   ", line)
    print("totals     完整的表，总分对照:")
    for line in r.totals:
        print("   ", line)
    if args.rows:
        for title, share in (("未识别", r.typed), ("判断不同", r.judged), ("未复现", r.reproduced)):
            print(f"-- {title} --")
            for line in share.misses:
                print("   ", line)


if __name__ == "__main__":
    main()
