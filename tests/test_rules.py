"""The rule language: the shipped rule sets on the seed examples, every load-time error
class, and properties of evaluation (deterministic, never raises, points within [0, max])."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govrules.cli import main
from govrules.errors import GovrulesError
from govrules.rules import compile_rules, evaluate, load_rules
from govrules.rules.explain import explain
from govrules.rules.results import Result
from govrules.rules.runtime import fmt
from govrules.submissions import load_submission, validate_submission

ROOT = Path(__file__).resolve().parents[1]
MONITORING = sorted((ROOT / "examples/001_monitoring").glob("0*.yaml"))
SELF_EVAL = sorted((ROOT / "examples/002_self_evaluation").glob("*.yaml"))
TARGET_TABLES = sorted((ROOT / "examples").glob("00[03]_target_tables/*.yaml"))
REVIEW = yaml.safe_load((ROOT / "examples/001_monitoring/review_table.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def monitoring_rules():
    return load_rules(ROOT / "rules/monitoring_review.rules")


# --- the monitoring review reproduces 附件2 of seed 001, row by row ------------------

@pytest.mark.parametrize("row", REVIEW["行"], ids=lambda r: r["对应文件"])
def test_monitoring_review_reproduces_the_review_table(monitoring_rules, row):
    sub = load_submission(ROOT / "examples/001_monitoring" / row["对应文件"])
    result = evaluate(monitoring_rules, sub)
    figures = {name: Decimal(f.value) for name, f in result.figures.items() if f.computable}
    for column in ("调整后预算总数", "到位资金总数", "执行资金总数"):  # 万元, as in the table
        assert fmt(figures[column], "万元") == f"{row[column]}万元", column
    for column in ("预算执行率", "绩效目标总体完成率"):  # whole percent, as in the table
        assert fmt(figures[column], "%0") == row[column], column
    points = {s.name: s.points for s in result.sections}
    for section in ("预算执行情况", "绩效目标完成情况", "目标偏离及应对情况", "按时报送"):
        assert points[section] == row[section], section
    assert result.total == row["总分"]
    # every deduction carries its reason and rule line
    for s in result.sections:
        assert s.points == s.maximum - s.deducted
        for d in s.deductions:
            assert d.reason and d.rule.file.endswith("monitoring_review.rules") and d.rule.line > 0


def test_overall_rate_matches_the_report_except_the_one_that_does_not_follow(monitoring_rules):
    """80%, 70%, 64% are recomputed; the 81% of 城乡居民养老保险 is reported as a discrepancy."""
    recomputed = {}
    for path in MONITORING:
        result = evaluate(monitoring_rules, load_submission(path))
        recomputed[path.name] = fmt(Decimal(result.figures["总体完成率"].value), "%0")
        mismatches = [d for d in result.discrepancies if d.name == "总体完成率" and d.status == "mismatch"]
        if path.name.startswith("02_"):
            assert mismatches and mismatches[0].reported == "0.81" and mismatches[0].tolerance == "0.5%"
        else:
            assert not mismatches
    assert recomputed["01_机关事业单位养老保险.yaml"] == "80%"
    assert recomputed["03_职工基本医疗保险.yaml"] == "70%"
    assert recomputed["04_城乡居民基本医疗保险.yaml"] == "64%"


EXPECTED_RATES = {  # seed 001, 指标完成率 as printed, recomputed from the rows
    "01_机关事业单位养老保险.yaml": {"参保缴费人数": "105%", "保障退休待遇人数": "93%", "基本养老保险支出预算执行率": "77%", "养老金发放时效": "75%"},
    "02_城乡居民养老保险.yaml": {"个人缴费人数": "108.97%", "财政缴费补贴人数": "52.31%", "重度残疾等困难人员代缴人数": "96.42%", "其他代缴标准": "106.43%"},
    "03_职工基本医疗保险.yaml": {"参保缴费人数": "75%", "职工基本医疗支出预算执行率": "36.7%"},
}


@pytest.mark.parametrize("file", sorted(EXPECTED_RATES))
def test_indicator_rates_are_recomputed_from_the_rows(monitoring_rules, file):
    result = evaluate(monitoring_rules, load_submission(ROOT / "examples/001_monitoring" / file))
    by_name = {i.name: i for i in result.indicators}
    for name, expected in EXPECTED_RATES[file].items():
        value = Decimal(by_name[name].values["完成率"].value)
        places = len(expected.split(".")[1]) - 1 if "." in expected else 0
        assert fmt(value, f"%{places}") == expected, name


def test_revenue_rate_is_unverified_and_shown_as_reported(monitoring_rules):
    result = evaluate(monitoring_rules, load_submission(MONITORING[0]))
    revenue = next(i for i in result.indicators if "收入预算执行率" in i.name)
    assert revenue.values["完成率"].computable is False
    assert "收入预算" in (revenue.values["完成率"].reason or "")
    unverified = [d for d in result.discrepancies if d.status == "unverified"]
    assert any("75%" in d.message for d in unverified)


def test_explain_a_deduction_names_rule_formula_and_inputs(monitoring_rules):
    sub = load_submission(MONITORING[1])
    lines = explain(monitoring_rules, sub, "目标偏离及应对情况#1")
    text = "\n".join(lines)
    assert "扣 5 分" in text and "monitoring_review.rules:" in text and "偏差说明" in text and "填报表 偏差和措施" in text
    rate = "\n".join(explain(monitoring_rules, load_submission(MONITORING[0]), "指标[0].完成率"))
    assert "2977人" in rate and "2834人" in rate and "105.05%" in rate
    en = "\n".join(explain(monitoring_rules, sub, "总体完成率", lang="en"))
    assert "rule" in en and "86.45%" in en


def test_explain_unknown_item_is_an_error(monitoring_rules):
    with pytest.raises(GovrulesError) as e:
        explain(monitoring_rules, load_submission(MONITORING[0]), "不存在的项目")
    assert e.value.diagnostics[0].code == "GR501"


# --- the other shipped rule sets -----------------------------------------------------------


def test_self_evaluation_scores_are_within_bounds_and_graded():
    rules = load_rules(ROOT / "rules/self_evaluation.rules")
    assert len(SELF_EVAL) == 4
    for path in SELF_EVAL:
        result = evaluate(rules, load_submission(path))
        weights = {s.name: s.maximum for s in result.sections}
        assert weights == {"预算执行": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
        assert result.total is not None and 0 <= result.total <= 100
        grade = result.figures["等级"].value
        assert grade == ("优" if result.total >= 90 else "良" if result.total >= 80 else "中" if result.total >= 60 else "差")
        budget = next(s for s in result.sections if s.name == "预算执行")
        sub = load_submission(path)
        assert budget.points == min(Decimal(10) * sub.budget.executed / sub.budget.budget, Decimal(10))


def test_target_table_checks_find_the_always_true_disjunctions():
    rules = load_rules(ROOT / "rules/target_table_checks.rules")
    findings = {}
    for path in TARGET_TABLES:
        result = evaluate(rules, load_submission(path))
        findings[path.name] = [(f.check, f.path) for f in result.findings]
    medical = next(v for k, v in findings.items() if k.startswith("02_职工基本医疗"))
    assert ("始终成立的或", "指标[0]") in medical and ("始终成立的或", "指标[1]") in medical
    assert ("成本指标不是金额", "指标[10]") in medical  # 30日内完成审核拨付 under 成本指标
    assert [k for k, v in findings.items() if ("缺少成本指标", None) in v] == [p.name for p in TARGET_TABLES[3:]]  # 003: none
    assert any(check == "非标准区间写法" for v in findings.values() for check, _ in v)


# --- load-time errors, each class with its message --------------------------------------------

HEAD = "规则集 测试\n适用于 绩效监控情况表\n"


@pytest.mark.parametrize(
    ("body", "code", "zh", "en"),
    [
        ("设 a = 预算树 / 12\n", "GR401", "预算数", "did you mean “预算数”"),  # unknown name, with the closest one
        ("设 a = 平局(1)\n", "GR402", "平均", "did you mean “平均”"),
        ("设 a = 最小()\n", "GR403", "参数", "takes 1–20 arguments"),
        ("设 a = 1\n设 a = 2\n", "GR404", "重复", "defined twice"),
        ("设 a = b\n设 b = a\n", "GR405", "循环", "cycle"),
        ("设 a = 完成值\n", "GR406", "平均", "one value per indicator"),
        ("设 a = 预算数 > 95%\n", "GR407", "不可比", "ratio"),
        ("设 a = 执行数 满足 \"≥2000人\"\n", "GR407", "万元（金额） 与 人", "an amount (万元) and persons (人)"),  # 人 vs 万元
        ("评分 x 满分 10:\n  扣 6 分 当 真\n  扣 6 分 当 真\n", "GR408", "超过满分", "more than its maximum"),
        ("设 a = 分档 监控月份:\n  \"很多\" => 1\n", "GR409", "很多", "not a target"),
        ("检查 c 严重性 警告 当 真 理由 \"{a:xx}\"\n设 a = 1\n", "GR410", "格式", "unknown format"),
        ("设 a = 监控月份 是 东西\n", "GR411", "东西", "unknown kind"),
        ("设时间进度 = 1\n", "GR308", "空格", "put a space"),
        ("设 a = (1 +\n", "GR307", "没有写完", "expected"),
        ("设 a = \"abc\n", "GR305", "引号", "not closed"),
        ("设 a = 执行数 / 预算数 满足 105%≤≥95%\n", "GR309", "都要加引号：\"105%≤≥95%\"", "in double quotes"),  # a target unquoted
    ],
)
def test_each_load_error_class_has_code_position_and_message(body, code, zh, en):
    """Each error class: file:line:col, the source line with a caret, the message in Chinese
    and English, and a hint in both (GR307 lists what was expected in its message instead)."""
    with pytest.raises(GovrulesError) as e:
        compile_rules(HEAD + body, "t.rules")
    d = next((d for d in e.value.diagnostics if d.code == code), None)
    assert d is not None, [x.code for x in e.value.diagnostics]
    assert zh in d.zh + d.hint_zh and en in d.en + d.hint_en
    assert code == "GR307" or (d.hint_zh and d.hint_en)
    assert d.span is not None and d.span.file == "t.rules" and d.span.line >= 3
    rendered = d.render()
    assert f"t.rules:{d.span.line}:{d.span.column}" in rendered and "^" in rendered
    assert d.render(lang="en") != rendered


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("设 a = 未知一\n设 b = 未知二\n设 c = 平局(1)\n", ["GR401", "GR401", "GR402"]),  # semantic errors
        ("设c = 1\n设 d = (\n设 e = \"x\n", ["GR308", "GR307", "GR305"]),  # syntax errors
    ],
)
def test_all_errors_are_reported_at_once(text, codes):
    """Syntax errors are all reported; when there are none, all semantic errors are."""
    with pytest.raises(GovrulesError) as e:
        compile_rules(HEAD + text, "t.rules")
    assert [d.code for d in e.value.diagnostics] == codes
    lines = [d.span.line for d in e.value.diagnostics]
    assert lines == sorted(lines) == [3, 4, 5]


def test_english_keywords_mean_the_same():
    zh = compile_rules(HEAD + "设 r = 执行数 / 预算数\n评分 s 满分 10:\n  扣 2 分 当 r < 90% 理由 \"低\"\n", "zh.rules")
    en = compile_rules("ruleset 测试\napplies monitoring\nlet r = executed / budget\nsection s max 10:\n  deduct 2 points when r < 90% because \"低\"\n", "en.rules")
    sub = load_submission(MONITORING[0])
    a, b = evaluate(zh, sub), evaluate(en, sub)
    assert [s.points for s in a.sections] == [s.points for s in b.sections] == [Decimal(8)]
    assert a.figures["r"].value == b.figures["r"].value


def test_local_variants_can_be_stated():
    """Stepped scoring, bands, thresholds, rescaling and rounding from DESIGN.md's local variants."""
    rules = compile_rules(HEAD + (
        "设 满意率 = 87%\n"
        "评分 满意度 满分 10:\n"  # 满意率90%以上得10分，每降5%扣1分，扣完为止 (87%: not yet one full step)
        "  扣 向下取整((90% - 满意率) / 5%) 分 当 满意率 < 90% 理由 \"每降5%扣1分\"\n"
        "评分 控制率 满分 5:\n"  # ±10%以内得5分，±10–15%得3分，±15–20%得1分，以外不得分
        "  得分 = 分档 绝对值(12%):\n    \"≤10%\" => 5\n    \">10%且≤15%\" => 3\n    \">15%且≤20%\" => 1\n    \">20%\" => 0\n"
        "评分 执行 满分 20:\n"  # budget 20 × execution rate, rounded to two decimals
        "  得分 = 取整(满分 × 最小(执行数 / 预算数, 1), 2)\n"
        "检查 说明原因 严重性 警告 当 执行数 / 预算数 < 90% 理由 \"预算执行率未达到90%，需说明原因\"\n"
        "评分 相差 满分 15:\n"  # 每相差3%扣1分，扣满15分为止
        "  扣 向下取整(绝对值(执行数 / 预算数 - 100%) / 3%) 分 当 真 理由 \"相差{执行数:万元}\"\n"
    ), "variants.rules")
    result = evaluate(rules, load_submission(MONITORING[0]))
    points = {s.name: s.points for s in result.sections}
    assert points["满意度"] == 10  # 87% is 3 points below 90%: less than one 5% step, nothing deducted
    assert points["控制率"] == 3
    assert points["执行"] == Decimal("15.45")  # 20 × 10934/14158 = 15.4457…
    assert points["相差"] == 8  # |77.23% − 100%| / 3% = 7.59 → 7 deducted
    assert [f.check for f in result.findings] == ["说明原因"]


# A small self-evaluation whose figures can be checked by hand (weights in 分值):
#   [0] 产出 参保人数 1000人 → 900人, 30      得分率 0.9
#   [1] 产出 培训人数 500人 → 600人, 10       得分率 1 (met)
#   [2] 产出 发放成功率 ≥95% → 96%, 20        得分率 1 (met)
#   [3] 效益 上访率 ≤0.1% → 0.2%, 20          得分率 0.1/0.2 = 0.5 (lower is better)
#   [4] 效益 宣传 广泛宣传 → 不适用, 10        does not apply (qualitative: not computable)
#   [5] 满意度 满意度 ≥90% → 87%, 10          得分率 87/90
#   预算数 100, 执行数 80 → 执行率 80%
VARIANT_SUBMISSION = {
    "表类型": "绩效自评表", "项目名称": "地方办法示例", "预算": {"预算数": 100, "执行数": 80},
    "指标": [
        {"一级指标": l1, "二级指标": l2, "三级指标": name, "指标值": t, "完成值": a, "分值": w}
        for l1, l2, name, t, a, w in [
            ("产出指标", "数量指标", "参保人数", "1000人", "900人", 30),
            ("产出指标", "数量指标", "培训人数", "500人", "600人", 10),
            ("产出指标", "质量指标", "发放成功率", "≥95%", "96%", 20),
            ("效益指标", "社会效益指标", "上访率", "≤0.1%", "0.2%", 20),
            ("效益指标", "社会效益指标", "宣传", "广泛宣传", "不适用", 10),
            ("满意度指标", "满意度指标", "满意度", "≥90%", "87%", 10),
        ]
    ],
}  # fmt: skip
RATE = "每个指标 设 得分率 = 最小(完成比例(完成值, 指标值), 1)\n"
SE_HEAD = "规则集 地方办法\n适用于 绩效自评表\n" + RATE
MEAN_OUT, MEAN_ALL = (Decimal("0.9") + 2) / 3, (Decimal("0.9") + 2 + Decimal("0.5") + Decimal(87) / 90) / 5
BUDGET = "评分 预算执行 满分 {0}:\n  得分 = 满分 × 最小(执行数 / 预算数, 1)\n"
SECTION = "评分 {0} 满分 {1}:\n  得分 = 满分 × 平均(得分率{2})\n"


VARIANTS = [
        ("预算 20 + 目标 80（得分 = 20 × 执行率）", BUDGET.format(20) + SECTION.format("绩效目标", 80, ""),
         {"预算执行": 16, "绩效目标": 80 * MEAN_ALL}),
        ("20/40/40", BUDGET.format(20) + SECTION.format("产出", 40, ", 一级指标 包含 \"产出\"") + SECTION.format("效益", 40, ", 一级指标 包含 \"效益\""),
         {"预算执行": 16, "产出": 40 * MEAN_OUT, "效益": 20}),
        ("10 + 90", BUDGET.format(10) + SECTION.format("绩效目标", 90, ""), {"预算执行": 8, "绩效目标": 90 * MEAN_ALL}),
        ("百分比权重，无预算执行率一项（产出 60%、效益 40%）",
         SECTION.format("产出", 60, ", 一级指标 包含 \"产出\"") + SECTION.format("效益", 40, ", 一级指标 包含 \"效益\""),
         {"产出": 60 * MEAN_OUT, "效益": 20, "总分": 60 * MEAN_OUT + 20}),
        ("不适用的指标不计，其余按分值折算为 100 分",
         "评分 指标 满分 100:\n  得分 = 满分 × 加权平均(得分率, 权重, 非 完成值 包含 \"不适用\")\n",
         {"指标": 100 * (27 + 10 + 20 + 10 + Decimal(870) / 90) / 90}),
        ("整个一级指标不适用（没有成本指标）：其余折算为 100 分",
         SECTION.format("产出", 60, ", 一级指标 包含 \"产出\"")
         + "评分 成本 满分 20:\n  得分 = 首个可用(满分 × 平均(得分率, 二级指标 包含 \"成本\"), 0)\n"
         + "设 适用满分:\n  计数(二级指标 包含 \"成本\") > 0 => 80\n  否则 => 60\n设 折算总分 = 总分 / 适用满分 × 100\n",
         {"成本": 0, "适用满分": 60, "折算总分": 60 * MEAN_OUT / 60 * 100}),
        ("定量指标先合计再计分（合计完成值 / 合计指标值）",
         "设 合计完成率 = 求和(数值(完成值), 指标值 是 数量) / 求和(数值(指标值), 指标值 是 数量)\n"
         "评分 数量 满分 30:\n  得分 = 满分 × 最小(合计完成率, 1)\n",
         {"合计完成率": Decimal(1500) / 1500, "数量": 30}),
        ("按资金（分值栏）加权平均", "设 加权完成率 = 加权平均(得分率, 权重, 一级指标 包含 \"产出\")\n",
         {"加权完成率": (27 + 10 + 20) / Decimal(60)}),
        ("每行取整到整数分再合计", "每个指标 设 行得分 = 取整(权重 × 得分率)\n设 合计 = 求和(首个可用(行得分, 0))\n",
         {"合计": 27 + 10 + 20 + 10 + 10}),  # 10 × 87/90 = 9.67 → 10
        ("每行保留两位小数再合计", "每个指标 设 行得分 = 取整(权重 × 得分率, 2)\n设 合计 = 求和(首个可用(行得分, 0))\n",
         {"合计": 27 + 10 + 20 + 10 + Decimal("9.67")}),
        ("资金使用率大于95%的得满分，否则按比例", "评分 资金使用 满分 10:\n  得分 = 分档 执行数 / 预算数:\n    \">95%\" => 满分\n    \"≤95%\" => 满分 × 执行数 / 预算数\n",
         {"资金使用": 8}),
        ("预算执行率未达到90%的需说明原因", "检查 须说明原因 严重性 警告 当 执行数 / 预算数 < 90% 理由 \"预算执行率未达到90%，需说明原因\"\n",
         {"检查:须说明原因": 1}),
]  # fmt: skip


@pytest.mark.parametrize(("variant", "body", "expected"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_each_published_local_variant_is_stated_and_computed(variant, body, expected):
    """DESIGN.md “Published local variants”: each written as rules and evaluated on a
    hand-checkable self-evaluation (VARIANT_SUBMISSION)."""
    result = evaluate(compile_rules(SE_HEAD + body, "variant.rules"), VARIANT_SUBMISSION)
    points = {s.name: s.points for s in result.sections}
    for item, want in expected.items():
        if item.startswith("检查:"):
            got: object = Decimal(sum(1 for f in result.findings if f.check == item[3:]))
        elif item == "总分":
            got = result.total
        elif item in points:
            got = points[item]
        else:
            got = Decimal(result.figures[item].value)
        assert got == Decimal(want), (variant, item)


@pytest.mark.parametrize(
    ("rate", "points"),
    [("95%", 10), ("90%", 10), ("87%", 10), ("85%", 9), ("78%", 8), ("70%", 6), ("30%", 0), ("0%", 0)],
)
def test_stepped_deduction_每降5扣1分_扣完为止(rate, points):
    """满意率90%以上得10分，每降5%扣1分，扣完为止: only full 5% steps count; never below 0."""
    rules = compile_rules(HEAD + f"设 满意率 = {rate}\n评分 满意度 满分 10:\n"
                          "  扣 向下取整((90% - 满意率) / 5%) 分 当 满意率 < 90% 理由 \"每降5%扣1分\"\n", "t.rules")  # fmt: skip
    assert evaluate(rules, load_submission(MONITORING[0])).sections[0].points == points


@pytest.mark.parametrize(("rate", "points", "reasons"), [
    ("50%", 0, ["低于60%扣10分"]), ("60%", 5, ["60%—80%扣5分"]), ("79.9%", 5, ["60%—80%扣5分"]),
    ("85%", 8, ["80%—90%扣2分"]), ("90%", 10, []),
])  # fmt: skip
def test_stepped_deductions_by_band_take_one_step(rate, points, reasons):
    """执行率低于60%扣10分，60%—80%扣5分，80%—90%扣2分: the steps exclude each other (so the
    load-time check does not add them up, GR408), and exactly one applies."""
    rules = compile_rules(HEAD + f"设 执行率 = {rate}\n评分 预算执行 满分 10:\n"
                          "  扣 10 分 当 执行率 < 60% 理由 \"低于60%扣10分\"\n"
                          "  扣 5 分 当 执行率 ≥ 60% 且 执行率 < 80% 理由 \"60%—80%扣5分\"\n"
                          "  扣 2 分 当 执行率 ≥ 80% 且 执行率 < 90% 理由 \"80%—90%扣2分\"\n", "t.rules")  # fmt: skip
    (section,) = evaluate(rules, load_submission(MONITORING[0])).sections
    assert (section.points, [d.reason for d in section.deductions]) == (points, reasons)


@pytest.mark.parametrize(
    ("body", "cases"),
    [
        # 控制率在±10%以内得5分，±10–15%得3分，±15–20%得1分，以外不得分
        ("得分 = 分档 绝对值(x):\n    \"≤10%\" => 5\n    \">10%且≤15%\" => 3\n    \">15%且≤20%\" => 1\n    \">20%\" => 0\n",
         [("5%", 5), ("-10%", 5), ("12%", 3), ("-15%", 3), ("18%", 1), ("20%", 1), ("-25%", 0)]),
        # ≥70%得3分，≥65%得1分，<65%不得分
        ("得分 = 分档 x:\n    \"≥70%\" => 3\n    \"≥65%且<70%\" => 1\n    \"<65%\" => 0\n",
         [("72%", 3), ("70%", 3), ("67%", 1), ("65%", 1), ("64.9%", 0)]),
        # 每相差3%扣1分，扣满15分为止 (section of 20)
        ("扣 最小(向下取整(绝对值(100% - x) / 3%), 15) 分 当 x < 100% 理由 \"每相差3%扣1分\"\n",
         [("100%", 20), ("98%", 20), ("97%", 19), ("80%", 14), ("40%", 5), ("0%", 5)]),
    ],
    ids=["控制率分档", "三档门槛", "每相差3%扣1分"],
)
def test_stepped_scoring_sentences(body, cases):
    for x, points in cases:
        rules = compile_rules(HEAD + f"设 x = {x.lstrip('-')}\n" + ("设 y = 0 - x\n" if x.startswith("-") else "")
                              + f"评分 s 满分 {20 if '扣' in body else 5}:\n  " + (body.replace("(x)", "(y)") if x.startswith("-") else body), "t.rules")  # fmt: skip
        assert evaluate(rules, load_submission(MONITORING[0])).sections[0].points == points, x


def test_a_section_with_no_indicator_to_score_says_why():
    """A mean over no indicators is not computable with its reason (not 0, not a blank)."""
    rules = compile_rules(SE_HEAD + SECTION.format("社会效益", 10, ", 三级指标 包含 \"不存在\""), "t.rules")
    (section,) = evaluate(rules, VARIANT_SUBMISSION).sections
    assert section.points is None and section.reason == "没有可计算的指标" and section.reason_en == "no indicator could be computed"


# --- properties ------------------------------------------------------------------------------

numbers = st.integers(min_value=0, max_value=10**9).map(str)
cells = st.one_of(st.none(), numbers.map(lambda n: n + "人"), st.sampled_from(["≥95%", "105%≤≥95%", "按时发放", "", "≥95", "100%", "每月25日前", "abc"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    budget=st.one_of(st.none(), numbers), executed=st.one_of(st.none(), numbers),
    deviation=st.one_of(st.none(), st.text(max_size=5)), rows=st.lists(st.tuples(cells, cells, cells), max_size=6),
)  # fmt: skip
def test_evaluation_is_deterministic_and_points_stay_in_bounds(monitoring_rules, budget, executed, deviation, rows):
    data = {"表类型": "绩效监控情况表", "项目名称": "p", "监控时点": "2020年9月", "偏差和措施": deviation,
            "预算": {"预算数": budget, "执行数": executed},
            "指标": [{"三级指标": "指标", "指标值": t, "完成值": a, "指标完成率": r} for t, a, r in rows]}  # fmt: skip
    sub = validate_submission(data)
    first = evaluate(monitoring_rules, sub)
    second = evaluate(monitoring_rules, sub)
    assert first.model_dump_json() == second.model_dump_json()
    assert Result.model_validate(first.model_dump()) == first  # results are built unvalidated (trusted)
    for s in first.sections:
        assert s.points is None or 0 <= s.points <= s.maximum


SHIPPED = {kind: load_rules(ROOT / f"rules/{name}.rules") for kind, name in
           (("绩效监控情况表", "monitoring_review"), ("绩效自评表", "self_evaluation"), ("绩效目标表", "target_table_checks"))}  # fmt: skip
levels = st.sampled_from([("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "满意度指标"),
                          ("项目完成指标", "成本指标"), ("", ""), (None, None)])  # fmt: skip
names = st.sampled_from(["参保缴费人数", "基金支出预算执行率", "上访率", "满意度", "养老金发放时效", "x"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(SHIPPED)), budget=st.one_of(st.none(), numbers), executed=st.one_of(st.none(), numbers),
    rows=st.lists(st.tuples(levels, names, cells, cells, cells), max_size=8),
)  # fmt: skip
def test_every_shipped_rule_set_on_any_valid_submission(kind, budget, executed, rows):
    """Never raises; deterministic; points within [0, maximum]; no float in the JSON; every
    value that cannot be computed says why (never a silent blank or zero)."""
    data = {"表类型": kind, "项目名称": "p", "监控时点": "2020年9月", "预算": {"预算数": budget, "执行数": executed},
            "指标": [{"一级指标": l1, "二级指标": l2, "三级指标": n, "指标值": t, "完成值": a, "指标完成率": r}
                     for (l1, l2), n, t, a, r in rows]}  # fmt: skip
    if kind != "绩效监控情况表":
        del data["监控时点"]
        for row in data["指标"]:
            del row["指标完成率"]
    if kind == "绩效目标表":
        del data["预算"]
        for row in data["指标"]:
            del row["完成值"]
    sub = validate_submission(data)
    first, second = evaluate(SHIPPED[kind], sub), evaluate(SHIPPED[kind], sub)
    dumped = first.model_dump_json()
    assert dumped == second.model_dump_json()
    assert Result.model_validate(first.model_dump()) == first  # built unvalidated, yet exactly as validation makes them
    json.loads(dumped, parse_float=lambda s: pytest.fail(f"a float in JSON: {s}"))
    for s in first.sections:
        assert (s.points is None and s.reason and s.reason_en) or 0 <= s.points <= s.maximum
    assert first.total is None or 0 <= first.total <= first.maximum
    figures = [*first.figures.values(), *(f for i in first.indicators for f in i.values.values())]
    assert all(f.computable or (f.reason and f.reason_en) for f in figures)
    # every item a reviewer can ask about is explained, in both languages, without an exception
    from govrules.rules.explain import available_items

    items = [re.sub(r"\[0–(\d+)\]", r"[\1]", i) for i in available_items(SHIPPED[kind], sub, first)]  # the last indicator
    for item in [*items, *(d.id for s in first.sections for d in s.deductions), *(i.name for i in sub.indicators[:2])]:
        for lang in ("zh", "en"):
            assert explain(SHIPPED[kind], sub, item, lang=lang, result=first)


# --- CLI and API ----------------------------------------------------------------------------


def test_eval_cli_json_gives_one_record_per_input(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("表类型: 绩效监控情况表\n", encoding="utf-8")
    code = main(["eval", str(ROOT / "rules/monitoring_review.rules"), str(MONITORING[0]), str(bad), str(TARGET_TABLES[0]), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [("result" in r, "errors" in r) for r in out["results"]] == [(True, False), (False, True), (False, True)]
    assert out["results"][0]["result"]["total"] == "99"
    assert out["results"][2]["errors"][0]["code"] == "GR502"


def test_eval_cli_text_is_chinese_and_explain_cli_works(capsys):
    assert main(["eval", str(ROOT / "rules/monitoring_review.rules"), str(MONITORING[1])]) == 0
    out = capsys.readouterr().out
    assert "总分: 94 / 100" in out and "未填写偏差原因" in out
    assert main(["explain", str(ROOT / "rules/monitoring_review.rules"), str(MONITORING[1]), "总分"]) == 0
    assert "总分 = 94" in capsys.readouterr().out


def test_public_api_example():
    """The embedding example of docs/embedding.md."""
    from govrules.rules import load_rules as load, evaluate as run

    rules = load(ROOT / "rules/monitoring_review.rules")
    result = run(rules, {"表类型": "绩效监控情况表", "项目名称": "示例", "监控时点": "2020年6月",
                         "预算": {"预算数": 100, "执行数": 40}, "偏差和措施": "已说明"})  # fmt: skip
    assert result.figures["时间进度"].display == "50%"
    assert result.figures["预算执行率"].display == "40%"
    assert json.loads(result.model_dump_json())["total"] == "99"


# --- proportional scoring (完成比例) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "target", "direction", "expected"),
    [
        ("32.68万人", "32.85万人", "正向", Decimal("32.68") / Decimal("32.85")),  # seed 002: 参保缴费人数
        ("2020年末实际参保缴费人数32.68万人", "32.85万人", "正向", Decimal("32.68") / Decimal("32.85")),  # figure from prose
        ("745人", "0.37万人", "正向", Decimal(745) / Decimal(3700)),  # units converted: 0.37万人 = 3700人
        ("33万人", "32.85万人", "正向", Decimal(1)),  # met
        ("92.85%", "105%≤≥95%", "正向", Decimal("0.9285") / Decimal("0.95")),  # below the range: actual / low
        ("110%", "105%≤≥95%", "正向", Decimal("1.05") / Decimal("1.10")),  # above the range: high / actual
        ("100%", "105%≤≥95%", "正向", Decimal(1)),  # inside
        ("0.2%", "≤0.1%", "正向", Decimal("0.001") / Decimal("0.002")),  # lower-is-better by its sign
        ("0.2%", "0.1%", "反向", Decimal("0.001") / Decimal("0.002")),  # lower-is-better by direction
        ("0.05%", "0.1%", "反向", Decimal(1)),
        ("0.2%", "上访率控制在0.1%以内，维护社会稳定", "反向", Decimal("0.001") / Decimal("0.002")),  # a target inside prose
        ("实际≥95%", "≥98%", "正向", Decimal("0.95") / Decimal("0.98")),  # the figure of a comparison
        ("92.85", "105%≤≥95%", "正向", Decimal("0.9285") / Decimal("0.95")),  # a bare figure takes the target's unit
    ],
)
def test_attainment_scores_a_missed_target_in_proportion(actual, target, direction, expected):
    from govrules.rules.runtime import attainment
    from govrules.targets import parse as parse_target

    assert attainment(parse_target(actual).value, parse_target(target).value, direction) == expected


@pytest.mark.parametrize(
    ("actual", "target", "words"),
    [
        ("2020年8家中央驻疆单位纳入", "185751万元", "单位不可比"),  # seed 002: no amount in the actual
        ("按时发放", "每月25日前", "不是定量目标"),
        ("按时发放", "≥95%", "没有可比的数值"),
    ],
)
def test_attainment_is_not_computable_rather_than_wrong(actual, target, words):
    from govrules.rules.runtime import NotComputable, attainment
    from govrules.targets import parse as parse_target

    result = attainment(parse_target(actual).value, parse_target(target).value)
    assert isinstance(result, NotComputable) and words in result.zh and result.en


def test_self_evaluation_scores_a_range_missed_from_below_in_proportion():
    """Seed 002, 企业职工基本养老保险: 基本养老支出预算执行率 target 95%～105%, actual 92.85%."""
    rules = load_rules(ROOT / "rules/self_evaluation.rules")
    result = evaluate(rules, load_submission(SELF_EVAL[0]))
    row = next(i for i in result.indicators if i.name == "基本养老支出预算执行率")
    assert Decimal(row.values["得分率"].value) == Decimal("0.9285") / Decimal("0.95")
    assert fmt(Decimal(row.values["得分率"].value), "%") == "97.74%"
    output = next(s for s in result.sections if s.name == "产出指标")
    assert not any("基本养老支出预算执行率" in n for n in output.notes)


def test_message_templates_are_compiled_once_at_load_time():
    """A deduction's reason is split into text and compiled fields when the rules load;
    rendering only calls the compiled fields (here 满分 resolves inside its section)."""
    from govrules.rules.compile import TemplateField

    rules = compile_rules(HEAD + "设 r = 执行数 / 预算数\n评分 s 满分 10:\n  扣 2 分 当 r < 90% 理由 \"执行率{r:%0}，满分{满分}，指标{指标个数}个\"\n", "t.rules")
    (section,) = rules.sections
    reason = section.deductions[0].reason
    assert reason is not None and [p if isinstance(p, str) else (p.name, p.spec) for p in reason] == [
        "执行率", ("r", "%0"), "，满分", ("满分", ""), "，指标", ("指标个数", ""), "个"]  # fmt: skip
    assert all(callable(p.value) for p in reason if isinstance(p, TemplateField))
    result = evaluate(rules, load_submission(MONITORING[0]))
    assert result.sections[0].deductions[0].reason == "执行率77%，满分10，指标11个"


def test_json_result_is_the_one_docs_json_md_documents_and_has_no_float():
    """Every key of a result, a figure, a section, a deduction, an indicator, a finding, a
    discrepancy and a rule reference is documented in docs/json.md, and nothing more."""
    from govrules.rules import results as r

    doc = (ROOT / "docs/json.md").read_text(encoding="utf-8")
    doc = doc[doc.index("## `govrules eval"):]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| (`[^|]+`) \| [^|]+ \| (.+) \|$", doc, re.M)}
    top = {k for cell in rows for k in re.findall(r"`(\w+)`", cell)}
    def keys(model: type) -> set[str]:  # as written in JSON: x and x_en are one {zh, en}
        return set(model.model_json_schema(mode="serialization")["properties"])

    assert top == keys(r.Result)

    def braces(label: str) -> set[str]:
        m = re.search(rf"A \*\*{label}\*\*[^`]*`\{{([^}}]+)\}}`", doc)
        assert m, label
        return {k.strip() for k in m.group(1).split(",")}

    assert braces("figure") == keys(r.Figure)
    assert braces("deduction") == keys(r.DeductionResult)
    assert braces("rule") == keys(r.RuleRef)
    for key, model in (("sections", r.SectionResult), ("findings", r.Finding), ("discrepancies", r.Discrepancy), ("indicators", r.IndicatorResult)):
        cell = rows[f"`{key}`"]
        documented = set(re.findall(r"`(\w+)`", cell)) - {"true", "false", "null", "mismatch", "unverified", "error", "warning", "info", "text", "kind", "canonical", "diagnostics"}
        assert keys(model) <= documented, (key, keys(model) - documented)
    rules = load_rules(ROOT / "rules/monitoring_review.rules")
    for path in MONITORING:
        json.loads(evaluate(rules, load_submission(path)).model_dump_json(), parse_float=lambda s: pytest.fail(f"a float in JSON: {s}"))


@pytest.mark.parametrize(
    ("actual", "score", "rate", "finding"),
    [
        ("充分发挥社会保险的职能作用", 9, Decimal("0.9"), False),  # 达成, judged 90%: inside 80–100%
        ("充分发挥社会保险的职能作用", 6, Decimal("0.6"), True),  # 达成 but judged 60%: outside its band
        ("充分发挥社会保险的职能作用", None, Decimal(1), False),  # 达成, no judgement: full weight
        ("部分发挥作用", 6, Decimal("0.6"), False),  # the reviewer judged 部分达成 (50–80%)
        ("部分发挥作用", None, None, False),  # not decided and no judgement: not computable, says why
    ],
)
def test_self_evaluation_scores_a_qualitative_indicator_by_the_reviewers_judgement(actual, score, rate, finding):
    """财预〔2020〕10号: 达成 80–100%, 部分达成 50–80%, 未达成 0–50%, judged by a reviewer (the row's 得分 / 分值)."""
    rules = load_rules(ROOT / "rules/self_evaluation.rules")
    row = {"一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "让离退休人员安享晚年",
           "指标值": "充分发挥社会保险的职能作用", "完成值": actual, "分值": 10, "得分": score}  # fmt: skip
    result = evaluate(rules, {"表类型": "绩效自评表", "项目名称": "p", "预算": {"预算数": 10, "执行数": 10}, "指标": [row]})
    value = result.indicators[0].values["得分率"]
    assert (Decimal(value.value) if value.computable else None) == rate
    assert value.computable or "评审人员" in (value.reason or "")
    assert any(f.check == "定性指标得分不在档内" for f in result.findings) == finding
