"""``govrules explain`` covers every kind of item (figure, per-indicator figure, section,
deduction, reconciliation, total), and English output has no engine text left in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govrules.cli import main
from govrules.errors import GovrulesError
from govrules.rules import compile_rules, evaluate, load_rules
from govrules.rules.explain import available_items, explain
from govrules.submissions import load_submission, validate_submission

ROOT = Path(__file__).resolve().parents[1]
MONITORING = sorted((ROOT / "examples/001_monitoring").glob("0*.yaml"))
SELF_EVAL = sorted((ROOT / "examples/002_self_evaluation").glob("*.yaml"))

# Words only the engine writes (rule files and submissions never supply them to these outputs).
ENGINE_ZH = ["规则 ", "因为", "填报表", "无法计算", "未计入", "扣分条件", "基础得分", "报告值", "重算", "相差", "容差", "未扣分", "主要数值", "评分：", "总分 =", "各指标的", "无法复核", "（空）"]


@pytest.fixture(scope="module")
def monitoring():
    return load_rules(ROOT / "rules/monitoring_review.rules")


def text(rules, file, item, lang="zh"):
    return "\n".join(explain(rules, load_submission(file), item, lang))


def test_a_discrepancy_is_explained_with_both_figures_and_how_one_was_recomputed(monitoring):
    """Seed 001, 城乡居民养老保险: 总体完成率 reported 81%, recomputed 86.45% from its own rows."""
    out = text(monitoring, MONITORING[1], "核对:总体完成率")
    assert out.startswith("核对:总体完成率 — 不符")
    assert "monitoring_review.rules:49" in out
    assert "报告总体完成率 = 81%  ← 填报表 总体完成率" in out
    assert "重算值 总体完成率〔86.45%〕" in out and "相差 5.45%，容差 0.5%" in out
    assert "平均(首个可用(完成率, 报告完成率))" in out


def test_an_unverified_rate_is_explained_per_indicator(monitoring):
    out = text(monitoring, MONITORING[1], "核对:指标[8].完成率")
    assert "无法复核" in out and "101%" in out and "表中没有收入预算数" in out and "基本养老保险预算执行率" in out


def test_a_reconciliation_that_agrees_says_so(monitoring):
    out = text(monitoring, MONITORING[0], "核对:总体完成率")  # 80% reported, 79.54% recomputed
    assert "一致" in out and "相差 0.46%" in out


ALL = [("monitoring_review", f) for f in MONITORING] + [("self_evaluation", f) for f in SELF_EVAL] + [
    ("target_table_checks", f) for f in sorted((ROOT / "examples").glob("00[03]_target_tables/*.yaml"))
]


@pytest.mark.parametrize(("ruleset", "file"), ALL, ids=lambda v: v.name if isinstance(v, Path) else v)
def test_every_listed_item_can_be_explained(ruleset, file):
    rules = load_rules(ROOT / "rules" / f"{ruleset}.rules")
    sub = load_submission(file)
    result = evaluate(rules, sub)
    items = available_items(rules, sub, result)
    assert "总分" in items and any(i.startswith("核对:") for i in items) == bool(result.discrepancies)
    for item in items:
        if "–" in item:  # 指标[0–10].完成率: one per indicator
            tail = item.split("].", 1)[1]
            for i in range(len(sub.indicators)):
                assert explain(rules, sub, f"指标[{i}].{tail}")
            continue
        assert explain(rules, sub, item), item
        assert explain(rules, sub, item, "en"), item


def test_a_section_scored_by_formula_explains_its_maximum():
    rules = load_rules(ROOT / "rules/self_evaluation.rules")
    out = "\n".join(explain(rules, load_submission(SELF_EVAL[0]), "预算执行"))
    assert out.startswith("预算执行 = 9.08 / 10 分")
    assert "满分〔10〕 × 最小(预算执行率〔90.8%〕, 1)" in out and "满分 = 10  ← 评分段“预算执行”的满分" in out
    assert "预算执行率 = 90.8%  ← 规则 " in out


def test_a_rate_a_score_a_deduction_and_the_total(monitoring):
    rate = text(monitoring, MONITORING[0], "参保缴费人数.完成率")
    assert "完成值〔2977人〕 / 指标值〔2834人〕" in rate and "完成率 = 105.05%" in rate
    section = text(monitoring, MONITORING[2], "目标偏离及应对情况")
    assert section.startswith("目标偏离及应对情况 = 25 / 30 分") and "总体完成率70%低于时间进度75%" in section
    deduction = text(monitoring, MONITORING[2], "目标偏离及应对情况#2")
    assert "扣 5 分" in deduction and "总体完成率〔69.79%〕 < 时间进度〔75%〕" in deduction
    not_fired = text(monitoring, MONITORING[0], "目标偏离及应对情况#2")
    assert "未扣分" in not_fired and "条件不成立" in not_fired
    assert text(monitoring, MONITORING[0], "总分").startswith("总分 = 99 / 100")


def test_an_unknown_item_lists_the_syntax_and_the_items_there_are(monitoring):
    with pytest.raises(GovrulesError) as e:
        explain(monitoring, load_submission(MONITORING[1]), "总体完成")
    d = e.value.diagnostics[0]
    assert d.code == "GR501" and "核对:总体完成率" in d.hint_zh and "指标[0–16].完成率" in d.hint_zh and "目标偏离及应对情况#2" in d.hint_zh
    assert "Available here" in d.hint_en
    with pytest.raises(GovrulesError):
        explain(monitoring, load_submission(MONITORING[1]), "核对:指标[99].完成率")
    with pytest.raises(GovrulesError) as e:
        explain(monitoring, load_submission(MONITORING[1]), "目标偏离及应对情况#9")
    assert "共 2 条" in e.value.diagnostics[0].zh


def _engine_chinese(out: str) -> list[str]:
    """Engine words left in Chinese, after dropping the quoted rule lines (policy staff's text)."""
    out = re.sub(r"(\.rules:\d+)  .*$", r"\1", out, flags=re.M)
    return [w for w in ENGINE_ZH if w in out]


@pytest.mark.parametrize("item", ["核对:总体完成率", "核对:指标[8].完成率", "目标偏离及应对情况", "目标偏离及应对情况#1", "总分", "指标[1].完成率", "总体完成率"])
def test_english_explanations_have_no_engine_text_in_chinese(monitoring, item):
    out = text(monitoring, MONITORING[1], item, "en")
    assert not _engine_chinese(out), out
    assert re.search(r"rule rules/|monitoring_review\.rules:\d+", out) or item == "总分"


def test_english_eval_has_no_engine_text_in_chinese(capsys):
    for rules, files in (("monitoring_review", MONITORING), ("self_evaluation", SELF_EVAL)):
        assert main(["--lang", "en", "eval", str(ROOT / "rules" / f"{rules}.rules"), *map(str, files)]) == 0
        out = capsys.readouterr().out
        assert not _engine_chinese(out), _engine_chinese(out)
        assert "left out: 指标[" in out or rules == "monitoring_review"


def test_english_notes_and_messages_are_carried_in_the_result():
    rules = load_rules(ROOT / "rules/self_evaluation.rules")
    result = evaluate(rules, load_submission(SELF_EVAL[2]))  # 工伤保险: a qualitative row is left out
    benefit = next(s for s in result.sections if s.name == "效益指标")
    assert benefit.notes and len(benefit.notes) == len(benefit.notes_en)
    assert benefit.notes[0].startswith("未计入 指标[10]") and benefit.notes_en[0].startswith("left out: 指标[10]")
    monitoring = evaluate(load_rules(ROOT / "rules/monitoring_review.rules"), load_submission(MONITORING[1]))
    d = next(d for d in monitoring.discrepancies if d.status == "mismatch")
    assert d.id == "核对:总体完成率" and "differs from 86.45%" in d.message_en


def test_explain_cli_takes_a_discrepancy_item(capsys):
    code = main(["--lang", "en", "explain", str(ROOT / "rules/monitoring_review.rules"), str(MONITORING[1]), "核对:总体完成率"])
    assert code == 0 and "mismatch" in capsys.readouterr().out
    assert main(["explain", str(ROOT / "rules/monitoring_review.rules"), str(MONITORING[1]), "nothing"]) == 1
    assert "核对:总体完成率" in capsys.readouterr().err


@pytest.mark.parametrize("command", [
    ["explain", "rules/monitoring_review.rules", "examples/001_monitoring/02_城乡居民养老保险.yaml", "目标偏离及应对情况#1"],
    ["eval", "rules/monitoring_review.rules", "examples/001_monitoring/02_城乡居民养老保险.yaml"],
    ["target", "105%≤≥95%", "--actual", "96%"],
    ["validate", "examples/001_monitoring/02_城乡居民养老保险.yaml"],
])  # fmt: skip
def test_lang_goes_before_or_after_the_command(command, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["--lang", "en", *command]) == 0
    before = capsys.readouterr().out
    assert main([*command, "--lang", "en"]) == 0
    assert capsys.readouterr().out == before
    assert main(command) == 0
    assert capsys.readouterr().out != before  # Chinese by default


def test_a_finding_is_explained_per_indicator_with_its_condition():
    rules = load_rules(ROOT / "rules/target_table_checks.rules")
    sub = load_submission(ROOT / "examples/000_target_tables/02_职工基本医疗保险.yaml")
    out = "\n".join(explain(rules, sub, "检查:始终成立的或"))
    assert out.startswith("检查:始终成立的或 — 发现 2 处") and "target_table_checks.rules:13" in out
    assert "指标[0] 职工基本医疗保险支出预算执行率与序时进程偏离率：指标值“≥-10%或≤10%”" in out
    assert "因为 指标值诊断〔GR103〕 包含 “GR103”" in out
    quiet = "\n".join(explain(rules, sub, "检查:缺少成本指标"))
    assert "未发现问题" in quiet and "计数(二级指标 包含 “成本”)〔2〕 = 0" in quiet
    en = "\n".join(explain(rules, load_submission(ROOT / "examples/003_target_tables/04_城乡居民医疗保险.yaml"), "check:缺少成本指标", "en"))
    assert "1 finding(s)" in en and "〔0〕 = 0" in en


def test_an_undecidable_deduction_is_noted_in_both_languages(capsys):
    from govrules.rules import compile_rules

    rules = compile_rules("规则集 测试\n适用于 绩效监控情况表\n评分 s 满分 10:\n  扣 2 分 当 报告预算执行率 < 90% 理由 \"低\"\n", "t.rules")
    result = evaluate(rules, load_submission(MONITORING[1]))  # 02 leaves its execution rate empty
    (section,) = result.sections
    assert section.points == 10 and not section.deductions
    assert section.notes == ("第 4 行的扣分条件无法判断（值为空（未填写）），未扣分",)
    assert section.notes_en == ("the deduction condition on line 4 cannot be decided (the value is empty (not filled in)); nothing deducted",)
    out = "\n".join(explain(rules, load_submission(MONITORING[1]), "s#1", "en"))
    assert "nothing deducted" in out and "line 4 cannot be decided" in out


def test_an_aggregate_lists_what_each_indicator_put_in_and_the_arithmetic(monitoring):
    """总体完成率 of 城乡居民养老保险: the 17 figures averaged, so the 86.45% can be checked by hand."""
    rules, sub = monitoring, load_submission(MONITORING[1])
    lines = explain(rules, sub, "总体完成率")
    rows = [line for line in lines if line.startswith("    指标[")]
    assert len(rows) == 17 and rows[1] == "    指标[1] 财政缴费补贴人数: 52.31%" and rows[8].endswith(": 101%")  # the reported revenue rate
    assert any(line.startswith("    = (108.97% + 52.31% + ") and line.endswith(") / 17") for line in lines)
    selfeval = load_rules(ROOT / "rules/self_evaluation.rules")
    en = explain(selfeval, load_submission(ROOT / "examples/002_self_evaluation/03_工伤保险.yaml"), "效益指标", lang="en")
    assert any("指标[10]" in line and "left out" in line for line in en)


def test_aggregate_rows_leave_out_what_the_aggregate_leaves_out():
    """A row whose weight is empty is left out of 加权平均, and its explanation says so."""
    rules = compile_rules("规则集 测试\n适用于 绩效自评表\n设 平均得分率 = 加权平均(数值(完成值), 权重)\n", "t.rules")
    sub = validate_submission({"表类型": "绩效自评表", "项目名称": "p", "指标": [
        {"三级指标": "a", "指标值": "10", "完成值": "8", "分值": 2}, {"三级指标": "b", "指标值": "10", "完成值": "4"}]})  # fmt: skip
    assert evaluate(rules, sub).figures["平均得分率"].value == "8"
    lines = explain(rules, sub, "平均得分率")
    assert "    指标[1] b: 不计入（值为空（未填写））" in lines and "    指标[0] a: 8 × 2" in lines


@pytest.mark.parametrize("item", ["财政缴费补贴人数", "指标[1]"])
def test_an_indicator_by_its_name_or_number_explains_all_its_figures(monitoring, item):
    rules, sub = monitoring, load_submission(MONITORING[1])
    text = "\n".join(explain(rules, sub, item))
    assert text.startswith("指标[1] 财政缴费补贴人数") and "类别 = 计数" in text and "完成率 = 52.31%" in text and "8791人" in text


@pytest.mark.parametrize(("item", "guess"), [("偏离", "目标偏离及应对情况"), ("按时报送情况", "按时报送"), ("总体完成律", "总体完成率")])
def test_a_wrong_item_suggests_the_closest_ones(monitoring, item, guess, capsys):
    rules, sub = monitoring, load_submission(MONITORING[1])
    with pytest.raises(GovrulesError) as e:
        explain(rules, sub, item)
    d = e.value.diagnostics[0]
    assert d.code == "GR501" and d.hint_zh.startswith(f"是否想写：{guess}") and d.hint_en.startswith(f"did you mean: {guess}")
    assert main(["explain", str(ROOT / "rules/monitoring_review.rules"), str(MONITORING[1]), item]) == 1
    err = capsys.readouterr()
    assert "GR501" in err.out + err.err and "Traceback" not in err.out + err.err


def test_a_deduction_is_explained_by_the_id_the_result_gives_it(monitoring, capsys):
    """docs/json.md: a deduction's ``id`` is the item for ``govrules explain``, also with ``@指标[i]``."""
    sub = {"表类型": "绩效监控情况表", "项目名称": "示例", "监控时点": "2020年9月", "偏差和措施": "已说明",
           "预算": {"预算数": 100, "执行数": 50},
           "指标": [{"三级指标": "参保人数", "指标值": "100人", "完成值": "90人"}, {"三级指标": "发放人数", "指标值": "100人"}]}  # fmt: skip
    result = evaluate(monitoring, sub)
    (deduction,) = next(s for s in result.sections if s.name == "绩效目标完成情况").deductions
    assert deduction.id == "绩效目标完成情况#1@指标[1]"
    from govrules.submissions import validate_submission

    text = "\n".join(explain(monitoring, validate_submission(sub), deduction.id))
    assert "扣 3 分" in text and "发放人数" in text and "指标[1].完成值" in text
    other = "\n".join(explain(monitoring, validate_submission(sub), "绩效目标完成情况#1@指标[0]"))
    assert "未扣分" in other and "条件不成立：完成值〔90人〕 为空" in other


# --- inside 完成比例, and where the points went ------------------------------------------------

from decimal import Decimal  # noqa: E402

from govrules.rules.explain import attainment_steps, points_lost  # noqa: E402
from govrules.targets import parse  # noqa: E402

CORPUS = ROOT / "tests/corpus"


@pytest.mark.parametrize(("target", "actual", "direction", "lines"), [
    ("≥120人", "69人", "正向", ["完成比例：未达到，69人 / 120人 = 57.5%", "因为 指标值写“≥”：越高越好（正向）", "满分需要：完成值 ≥ 120人"]),
    ("≤50万元", "52万元", "正向", ["完成比例：超出上限，50万元 / 52万元 = 96.15%", "因为 指标值写“≤”：越低越好（反向）", "满分需要：完成值 ≤ 50万元"]),
    ("95%～105%", "92.85%", "正向", ["完成比例：未达到，92.85% / 95% = 97.74%", "因为 指标值是区间 95%～105%：低于下限或高于上限都按比例计", "满分需要：完成值在 95% 到 105% 之间"]),
    ("95%～105%", "110%", "正向", ["完成比例：超出上限，105% / 110% = 95.45%"]),
    ("3%", "4%", "反向", ["完成比例：超出上限，3% / 4% = 75%", "因为 指标值只写一个数，方向为“反向”：越低越好", "满分需要：完成值 ≤ 3%"]),
    ("≥95%", "96%", "正向", ["完成比例：完成值 96% 达到目标 → 100%"]),
])  # fmt: skip
def test_the_arithmetic_inside_attainment_the_bound_and_why_and_what_full_marks_needed(target, actual, direction, lines):
    steps = attainment_steps(parse(actual).value, parse(target).value, direction)
    assert steps[: len(lines)] == lines


def test_attainment_that_cannot_be_computed_says_why_and_english_is_english():
    (line,) = attainment_steps(parse("8家").value, parse("185751万元").value)
    assert line.startswith("完成比例无法计算：单位不可比")
    en = attainment_steps(parse("69人").value, parse("≥120人").value, lang="en")
    assert en == ["attainment: short of it, 69人 / 120人 = 57.5%", "because the target says “≥”: higher is better", "full marks needed the actual ≥ 120人"]


def test_an_indicators_score_explains_the_attainment_on_a_published_table():
    """安徽 濉溪 临时救助 (https://www.sxx.gov.cn/zwgk/public/811/56426371.html): 5830元/户 against ≤5300元/户."""
    out = text(load_rules(ROOT / "rules/self_evaluation.rules"), CORPUS / "27_安徽_濉溪_临时救助.yaml", "指标[7].得分率")
    assert "完成比例：超出上限，5300元/户 / 5830元/户 = 90.91%" in out
    assert "因为 指标值写“≤”：越低越好（反向）" in out and "满分需要：完成值 ≤ 5300元/户" in out


def _lost_adds_up(rules, result) -> list[str]:
    view = points_lost(rules, result)
    assert result.total is not None
    assert view.lost == round(result.maximum - result.total, 2)
    assert sum((i.points for i in view.items), Decimal(0)) == view.lost
    return view.render()


@pytest.mark.parametrize("file", [*MONITORING, *SELF_EVAL], ids=lambda f: f.name)
def test_where_the_points_went_adds_up_on_the_seeds(file):
    name = "monitoring_review" if "001" in str(file) else "self_evaluation"
    rules = load_rules(ROOT / "rules" / f"{name}.rules")
    _lost_adds_up(rules, evaluate(rules, load_submission(file)))


def test_where_the_points_went_names_each_deduction_and_row(monitoring):
    lines = "\n".join(_lost_adds_up(monitoring, evaluate(monitoring, load_submission(MONITORING[1]))))
    assert lines.startswith("失分 = 满分 100 − 总分 94 = 6")
    assert "目标偏离及应对情况#" in lines  # the deduction, by its rule
    rules = load_rules(ROOT / "rules/self_evaluation.rules")
    out = text(rules, SELF_EVAL[0], "失分")
    assert out.splitlines()[0] == "失分 = 满分 100 − 总分 98.32 = 1.68"
    assert "指标[3] 保障丧葬抚恤金发放人数  失 0.64" in out and "预算执行  失 0.92" in out
    assert "指标[10] 按季度报送" in out and "未计分" in out  # a row left out is named, with no points
    assert "失分" in available_items(rules, load_submission(SELF_EVAL[0]), evaluate(rules, load_submission(SELF_EVAL[0])))


def test_deductions_beyond_the_points_left_are_counted_only_down_to_zero():
    rules = compile_rules("规则集 扣分\n适用于 绩效监控情况表\n评分 报送 满分 5:\n  得分 = 3\n  扣 1 分 当 真 理由 \"一\"\n  扣 4 分 当 真 理由 \"二\"\n", "d.rules")
    result = evaluate(rules, validate_submission({"表类型": "绩效监控情况表", "项目名称": "x", "监控时点": "2020年9月"}))
    view = points_lost(rules, result)
    assert result.total == 0
    # 5 lost: 2 below the maximum before any deduction, then 1, then 2 of the 4 (down to 0 points)
    assert [(i.label, i.points) for i in view.items] == [("报送#1", Decimal(1)), ("报送#2", Decimal(2)), ("报送", Decimal(2))]
    assert "只扣到 0 分" in view.items[1].detail


def test_lost_points_are_given_to_the_cent_and_add_up_exactly():
    """Three rows missing a third each: 3.33 + 3.33 + 3.34 = 10 (largest remainder), never 9.99."""
    rules = load_rules(ROOT / "rules/percent_weights.rules")
    rows = [{"一级指标": "产出指标", "三级指标": f"指标{i}", "指标值": "≥3人", "完成值": "2人", "分值": 10} for i in range(3)]
    rows.append({"一级指标": "产出指标", "三级指标": "其他", "指标值": "≥1人", "完成值": "1人", "分值": 70})
    result = evaluate(rules, validate_submission({"表类型": "绩效自评表", "项目名称": "x", "指标": rows}))
    view = points_lost(rules, result)
    assert view.lost == Decimal(10) and sorted(i.points for i in view.items) == [Decimal("3.33"), Decimal("3.33"), Decimal("3.34")]


def test_a_total_that_cannot_be_computed_says_why_and_a_section_that_does_not_apply_says_so():
    """安徽 池州 (http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2): the table's
    年度资金总额 row is 0 / 0, and the stored copy stops before the 满意度 rows."""
    rules = load_rules(ROOT / "rules/self_evaluation.rules")
    sub = load_submission(CORPUS / "01_安徽_池州_委托业务项目.yaml")
    result = evaluate(rules, sub)
    assert result.total is None and result.maximum == 90
    assert result.total_reason == "评分项“预算执行”无法计算（除数为 0）"
    out = "\n".join(explain(rules, sub, "总分"))
    assert "无法计算：评分项“预算执行”无法计算（除数为 0）" in out
    assert "不计：满意度指标（不适用：表中没有满意度指标），其满分 10 也不计入" in out
    assert explain(rules, sub, "满意度指标")[0] == "满意度指标: 不适用：表中没有满意度指标（不计入总分和满分）"
    assert explain(rules, sub, "失分") == ["失分无法计算：评分项“预算执行”无法计算（除数为 0）"]
    en = "\n".join(explain(rules, sub, "总分", "en"))
    assert "not computable: section “预算执行” cannot be computed (division by zero)" in en


@pytest.mark.parametrize("item", ["失分", "参保缴费人数.得分率", "总分", "产出指标"])
def test_english_self_evaluation_explanations_have_no_engine_text_in_chinese(item):
    out = text(load_rules(ROOT / "rules/self_evaluation.rules"), SELF_EVAL[0], item, "en")
    assert not _engine_chinese(out), out


def test_explain_points_on_the_command_line(capsys):
    """``govrules explain RULES FILE --points`` is the item 失分; an item and --points together is a usage error."""
    args = ["explain", str(ROOT / "rules/self_evaluation.rules"), str(SELF_EVAL[0])]
    assert main([*args, "--points"]) == 0
    assert capsys.readouterr().out.startswith("失分 = 满分 100 − 总分 98.32 = 1.68")
    assert main([*args, "总分", "--points"]) == 2 and main(args) == 2
    assert "--points" in capsys.readouterr().err
