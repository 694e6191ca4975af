"""``不适用(理由)``, sums over rows that cannot be computed, ``是 上限`` / ``是 下限`` and
weights written ``20%``: what real 自评表 need from the rule language (issue 11, part 5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govrules.rules import compile_rules, evaluate
from govrules.submissions import validate_submission

HEAD = "规则集 测试\n适用于 绩效自评表\n"


def sub(*rows: dict) -> object:
    return validate_submission({"表类型": "绩效自评表", "项目名称": "x", "预算": {"预算数": 100, "执行数": 80}, "指标": list(rows)})


ROWS = (
    {"一级指标": "产出指标", "三级指标": "参保人数", "指标值": "≥100人", "完成值": "90人", "分值": 30},
    {"一级指标": "产出指标", "三级指标": "宣传", "指标值": "广泛宣传", "完成值": "已宣传", "分值": "20%"},
    {"一级指标": "效益指标", "三级指标": "其中细项", "指标值": "10人", "完成值": "10人"},
)


def test_a_sum_over_a_row_it_cannot_compute_is_not_computable_and_names_the_row():
    rules = compile_rules(HEAD + "每个指标 设 行得分 = 权重 × 完成比例(完成值, 指标值)\n设 合计 = 求和(行得分)\n设 默认为零 = 求和(首个可用(行得分, 0))\n", "t.rules")
    r = evaluate(rules, sub(*ROWS))
    total = r.figures["合计"]
    assert not total.computable and total.reason.startswith("求和的指标[1] 宣传等 2 项无法计算：")
    assert total.reason_en.startswith("the sum's 指标[1] 宣传 and 1 more cannot be computed")
    assert r.figures["默认为零"].value == "27"  # the default the rule states: 30 × 90%


def test_not_applicable_rows_are_left_out_of_every_aggregate_with_a_note():
    rules = compile_rules(HEAD + "每个指标 设 行分值:\n  权重 不为空 => 权重\n  否则 => 不适用(\"细项\")\n设 合计 = 求和(行分值)\n设 均值 = 平均(行分值)\n", "t.rules")
    r = evaluate(rules, sub(*ROWS))
    assert r.figures["合计"].value == "50" and r.figures["均值"].value == "25"
    assert r.indicators[2].values["行分值"].reason == "不适用：细项"
    assert any("指标[2] 其中细项" in n for n in r.figures["合计"].notes)


def test_a_section_that_does_not_apply_counts_in_neither_the_total_nor_the_maximum():
    rules = compile_rules(HEAD + (
        "设 满意度个数 = 计数(一级指标 包含 \"满意度\")\n"
        "设 满意度得分率:\n  满意度个数 = 0 => 不适用(\"表中没有满意度指标\")\n  否则 => 1\n"
        "评分 预算执行 满分 10:\n  得分 = 满分 × 执行数 / 预算数\n"
        "评分 满意度 满分 10:\n  得分 = 满分 × 满意度得分率\n"
        "设 加一 = 满意度 + 1\n"
    ), "t.rules")  # fmt: skip
    r = evaluate(rules, sub(*ROWS))
    (budget, satisfaction) = r.sections
    assert satisfaction.applicable is False and satisfaction.points is None
    assert satisfaction.reason == "不适用：表中没有满意度指标"
    assert r.total == 8 and r.maximum == 10 and r.total_reason is None
    assert r.figures["加一"].reason == "不适用：表中没有满意度指标"  # passes through what refers to it
    assert r.model_dump(mode="json")["sections"][1]["applicable"] is False


def test_a_total_that_cannot_be_computed_says_which_section_and_why():
    rules = compile_rules(HEAD + "评分 预算执行 满分 10:\n  得分 = 满分 × 执行数 / 年初预算数\n", "t.rules")
    r = evaluate(rules, sub(*ROWS))
    assert r.total is None
    assert r.total_reason == "评分项“预算执行”无法计算（值为空（未填写））"
    assert r.total_reason_en == "section “预算执行” cannot be computed (the value is empty (not filled in))"


@pytest.mark.parametrize(("target", "upper", "lower"), [
    ("≤50万元", True, False), ("<0.1%", True, False), ("不超过5%", True, False), ("上访率控制在0.1%以内，维护社会稳定", True, False),
    ("≥95%", False, True), (">=530元/人*月", False, True), ("95%～105%", False, False), ("20万元", False, False), ("效果明显", False, False),
])  # fmt: skip
def test_upper_and_lower_bound_kinds_read_the_targets_own_comparison(target, upper, lower):
    rules = compile_rules(HEAD + "每个指标 设 上 = 指标值 是 上限\n每个指标 设 下 = 指标值 是 下限\n", "t.rules")
    r = evaluate(rules, sub({"一级指标": "产出指标", "三级指标": "x", "指标值": target, "完成值": "1"}))
    assert (r.indicators[0].values["上"].value, r.indicators[0].values["下"].value) == (upper, lower)


@pytest.mark.parametrize(("written", "points"), [("20%", "20"), ("20", "20"), ("12.5分", "12.5"), (" 30 ％", "30"), (10, "10")])
def test_a_weight_may_be_written_as_a_percentage_of_100_points(written, points):
    s = sub({"一级指标": "产出指标", "三级指标": "x", "指标值": "1", "分值": written})
    assert s.indicators[0].weight == Decimal(points)
