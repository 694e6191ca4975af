"""Properties of evaluation on random valid submissions with extreme figures (issue 13):
0, decimals down to 10^-19, 20-digit amounts, negatives, and cells with such figures, through
every shipped rule set. Evaluation never raises, gives no float, keeps points within
[0, maximum], is deterministic, does not depend on the caller's decimal context, and every
item of the result can be explained."""

from __future__ import annotations

import decimal
import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govrules.errors import GovrulesError
from govrules.rules import evaluate, load_rules
from govrules.rules.explain import available_items, explain
from govrules.rules.results import Result
from govrules.submissions import validate_submission
from govrules.submissions.models import MAX_DIGITS

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = {kind: load_rules(ROOT / f"rules/{name}.rules") for kind, name in
           (("绩效监控情况表", "monitoring_review"), ("绩效自评表", "self_evaluation"), ("绩效目标表", "target_table_checks"))}  # fmt: skip


@st.composite
def amounts(draw: st.DrawFn) -> str:
    """A figure validate accepts: at most 20 digits, any sign, the point anywhere."""
    digits = draw(st.integers(min_value=1, max_value=MAX_DIGITS))
    text = draw(st.text(alphabet="0123456789", min_size=digits, max_size=digits))
    point = draw(st.integers(min_value=0, max_value=digits))
    if point == 0:  # below 1: the leading 0 is one of the digits
        number = "0." + text[: digits - 1] if digits > 1 else "0"
    else:
        number = text[:point] + ("." + text[point:] if point < digits else "")
    return draw(st.sampled_from(["", "-"])) + number


EXTREMES = ["0", "0.0000000000000000001", "99999999999999999999", "-99999999999999999999", "0.00001", "-1", "1"]
figures = st.one_of(st.sampled_from(EXTREMES), amounts())
units = st.sampled_from(["", "%", "‰", "人", "万人", "人次", "万元", "元", "亿元", "户", "天"])
cells = st.one_of(
    st.none(),
    st.builds(lambda op, n, u: f"{op}{n}{u}", st.sampled_from(["", "≥", "≤", ">", "<", "不低于", "控制在"]), figures, units),
    st.builds(lambda a, b: f"{a}%≤≥{b}%", figures, figures),
    st.builds(lambda n, u: f"实际完成{n}{u}，超出预期", figures, units),
    st.sampled_from(["按时发放", "", "每月25日前", "达成预期指标", "≥-10%或≤10%", "50、5.6"]),
)
levels = st.sampled_from([("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "满意度指标"),
                          ("项目完成指标", "成本指标"), ("", ""), (None, None)])  # fmt: skip
names = st.sampled_from(["参保缴费人数", "基金支出预算执行率", "上访率", "满意度", "月均养老金支出（万元）", "养老金发放时效"])
rows = st.lists(st.tuples(levels, names, cells, cells, cells, st.one_of(st.none(), figures), st.one_of(st.none(), figures)), max_size=6)


def _submission(kind: str, budget: dict[str, str | None], month: int, items: list[Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"表类型": kind, "项目名称": "p", "监控时点": f"2020年{month}月", "预算": budget,
                            "总体完成率": "81%", "资金": {"年度资金总额": budget["预算数"]},
                            "指标": [{"一级指标": l1, "二级指标": l2, "三级指标": n, "指标值": t, "完成值": a, "指标完成率": r, "分值": w, "得分": s}
                                     for (l1, l2), n, t, a, r, w, s in items]}  # fmt: skip
    if kind != "绩效监控情况表":
        del data["监控时点"], data["总体完成率"]
        for row in data["指标"]:
            del row["指标完成率"]
    if kind == "绩效目标表":
        del data["预算"]
        for row in data["指标"]:
            del row["完成值"], row["得分"]
    else:
        del data["资金"]
    return data


def _no_float(text: str) -> None:
    json.loads(text, parse_float=lambda s: pytest.fail(f"a float in JSON: {s}"))


# GOVRULES_EXAMPLES=5000 for a longer run than the suite's
@settings(max_examples=int(os.environ.get("GOVRULES_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(SHIPPED)),
    budget=st.fixed_dictionaries({k: st.one_of(st.none(), figures) for k in ("预算数", "执行数", "到位数")}),
    month=st.integers(min_value=1, max_value=12), items=rows,
)  # fmt: skip
def test_every_shipped_rule_set_on_extreme_figures(kind: str, budget: dict[str, str | None], month: int, items: list[Any]) -> None:
    sub = validate_submission(_submission(kind, budget, month, items))
    rules = SHIPPED[kind]
    first = evaluate(rules, sub)
    with decimal.localcontext(decimal.Context(prec=2, rounding=decimal.ROUND_FLOOR, traps=[decimal.Inexact, decimal.Rounded])):
        second = evaluate(rules, sub)  # the caller's context changes nothing
    dumped = first.model_dump_json()
    assert dumped == second.model_dump_json()
    _no_float(dumped)
    assert Result.model_validate(first.model_dump()) == first
    for s in first.sections:
        assert (s.points is None and s.reason and s.reason_en) or (s.points is not None and 0 <= s.points <= s.maximum)
        assert all(isinstance(d.points, Decimal) for d in s.deductions)
    assert first.total is None or 0 <= first.total <= first.maximum
    values = [*first.figures.values(), *(f for i in first.indicators for f in i.values.values())]
    assert all(f.computable or (f.reason and f.reason_en) for f in values)
    assert all(f.display and f.display_en and "NaN" not in f.display and "Infinity" not in f.display for f in values)
    items_ = [re.sub(r"\[0–(\d+)\]", r"[\1]", i) for i in available_items(rules, sub, first)]
    for item in [*items_, *(d.id for s in first.sections for d in s.deductions)]:
        assert explain(rules, sub, item, lang="en", result=first)


literals = st.one_of(figures.map(lambda f: f.lstrip("-") or "0"), st.sampled_from(["1" + "0" * 40, "95%", "0.5%", "12"]))
leaves = st.one_of(st.sampled_from(["预算数", "执行数", "到位数", "监控月份", "指标个数", "报告总体完成率"]), literals)
formulas = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(lambda a, op, b: f"({a} {op} {b})", inner, st.sampled_from(["+", "-", "*", "/"]), inner),
        st.builds(lambda a: f"-{a}", inner),
        st.builds(lambda f, a, b: f"{f}({a}, {b})", st.sampled_from(["最小", "最大", "首个可用"]), inner, inner),
        st.builds(lambda f, a: f"{f}({a})", st.sampled_from(["绝对值", "向下取整", "取整"]), inner),
        st.builds(lambda a, n: f"取整({a}, {n})", inner, st.sampled_from(["0", "2", "-1", "20", "-20", "监控月份", "执行数"])),
        st.builds(lambda a: f"平均(数值(完成值) * {a})", inner),
    ),
    max_leaves=8,
)


@settings(max_examples=int(os.environ.get("GOVRULES_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formula=formulas, budget=st.fixed_dictionaries({k: st.one_of(st.none(), figures) for k in ("预算数", "执行数", "到位数")}), items=rows)
def test_any_arithmetic_on_extreme_figures_is_a_figure_or_a_reason(formula: str, budget: dict[str, str | None], items: list[Any]) -> None:
    """Sums, products, quotients, rounding and aggregates of extreme figures: a Decimal within
    the stated range, or not computable with its reason; never an exception or a NaN."""
    from govrules.rules import compile_rules
    from govrules.rules.runtime import EXPONENT_LIMIT

    text = f"规则集 x\n适用于 绩效监控情况表\n设 x = {formula}\n评分 s 满分 10:\n  得分 = 最小(最大(x, 0), 满分)\n  扣 1 分 当 x > 1\n"
    try:
        rules = compile_rules(text)
    except GovrulesError as e:  # refused at load time (units that do not compare): a clear error is the answer
        assert all(d.code in ("GR407", "GR408") for d in e.diagnostics), e
        return
    sub = validate_submission(_submission("绩效监控情况表", budget, 9, items))
    result = evaluate(rules, sub)
    _no_float(result.model_dump_json())
    x = result.figures["x"]
    if not x.computable:
        assert x.reason and x.reason_en
    elif x.value is not None:  # else empty: a cell not filled in
        value = Decimal(str(x.value))
        assert value.is_finite() and (value == 0 or abs(value.adjusted()) <= EXPONENT_LIMIT)
    [s] = result.sections
    assert (s.points is None and s.reason) or (s.points is not None and 0 <= s.points <= 10)
    assert explain(rules, sub, "x", lang="en", result=result) and explain(rules, sub, "s", result=result)
