"""The target language: every value of the seed documents, judging, units, and properties.

The seed values come from tests/data/seed_values.yaml (copied from the seed documents;
nothing here reads them at run time).
"""

from __future__ import annotations

import importlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from govrules.errors import Diagnostic, Severity
from govrules.targets import judge, parse, render, to_json
from govrules.targets.parse import EVERY, name_unit
from govrules.targets.wordings import NOT_APPLICABLE
from govrules.targets.units import CANONICAL_UNIT, MAGNITUDES, UNITS, split_unit, unit_info
from govrules.targets.values import (
    AllOf,
    AnyOf,
    Comparison,
    Date,
    Deadline,
    Grades,
    NotApplicable,
    Period,
    Prose,
    Qualitative,
    Quantity,
    QuantityList,
    Range,
    Value,
)

DATA = Path(__file__).parent / "data" / "seed_values.yaml"
SEEDS: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
VALUES: list[dict[str, Any]] = SEEDS["values"]
JUDGEMENTS: list[dict[str, Any]] = SEEDS["judgements"]
KINDS = {"quantity", "comparison", "range", "or", "and", "list", "date", "period", "deadline", "qualitative", "prose", "not_applicable", "grades"}


def codes(parsed: Any) -> list[str]:
    return [d.code for d in parsed.diagnostics]


# --- the seed corpus ---------------------------------------------------------


def test_seed_file_is_well_formed() -> None:
    assert len(VALUES) >= 150
    seen = set()
    for e in VALUES:
        assert set(e) <= {"text", "name", "roles", "sources", "kind", "canonical", "embedded", "codes", "note"}, e
        assert e["text"] and e["name"] and e["sources"], e
        assert set(e["roles"]) <= {"target", "actual", "rate", "field"}, e
        assert e["kind"] in KINDS, e
        assert ("embedded" in e) == (e["kind"] == "prose"), e
        assert all(s[:3] in {"000", "001", "002", "003"} for s in e["sources"]), e
        key = (e["text"], name_unit(e["name"]))
        assert key not in seen, f"duplicate entry {key}"
        seen.add(key)
    # each seed document contributes, and every notation DESIGN.md names is there
    assert {s[:3] for e in VALUES for s in e["sources"]} == {"000", "001", "002", "003"}
    texts = {e["text"] for e in VALUES}
    for must in ["105%≤≥95%", "105%≤95%", "≥-10%或≤10%", "≥6个月或≤9个月", "7.79万人", "2176人次", "41191",
                 "50、5.6", "每月25日前", "每季度结束后的，15日内", "每年度结束后的，20日内", "每季末次月底前",
                 "30日内完成审核拨付", "2020/12/31", "充分发挥社会保险的职能作用", "持续有效推动", "按标准审核后足额发放",
                 "上访率控制在0.1%以内，维护社会稳定，长治久安", "2977人", "按时发放", "10934",
                 "2020年末实际参保缴费人数32.68万人", "养老保险待遇首次发放成功率实际≥95%", "离退休人员上访率<0.1%",
                 "109.00%", "≥95"]:  # fmt: skip
        assert must in texts, must


@pytest.mark.parametrize("entry", VALUES, ids=lambda e: f"{e['sources'][0]}:{e['text'][:20]}")
def test_seed_value(entry: dict[str, Any]) -> None:
    parsed = parse(entry["text"], entry["name"])
    assert parsed.kind == entry["kind"]
    assert parsed.canonical == entry["canonical"]
    assert render(parsed.value) == entry["canonical"]
    if entry["kind"] == "prose":
        assert isinstance(parsed.value, Prose)
        assert render(parsed.value.embedded) == entry["embedded"]
    assert codes(parsed) == entry["codes"]
    assert all(isinstance(d, Diagnostic) for d in parsed.diagnostics)
    # the canonical text reads back as the same value, with no note about the way it was written
    again = parse(entry["canonical"], entry["name"])
    assert again.value == parsed.value
    assert not {"GR101", "GR102", "GR105", "GR106"} & set(codes(again))
    # and the JSON view says the same
    out = to_json(parsed.value)
    assert out["kind"] == entry["kind"] and out["canonical"] == entry["canonical"]


@pytest.mark.parametrize("case", JUDGEMENTS, ids=lambda c: f"{c['source']}:{c['target'][:12]}|{c['actual'][:12]}")
def test_seed_judgement(case: dict[str, Any]) -> None:
    j = judge(case["target"], case["actual"], name=case["name"])
    assert j.satisfied is case["satisfied"]
    assert j.zh and j.en


def test_seed_monitoring_rows_are_judged_as_the_table_reports_them() -> None:
    """001: 2977 of 2834 met (105%), 1539 of 1660 not met (93%), an amount for a rate: cannot tell."""
    by = {(c["target"], c["actual"]): c for c in JUDGEMENTS}
    assert by[("2834人", "2977人")]["satisfied"] is True
    assert by[("1660人", "1539人")]["satisfied"] is False
    assert by[("105%≤≥95%", "10934")]["satisfied"] is None


# --- diagnostics of the seed notations ----------------------------------------


def test_idiom_range_is_info_with_standard_form() -> None:
    p = parse("105%≤≥95%")
    assert p.value == Range(Quantity(Decimal(95), "", "%"), Quantity(Decimal(105), "", "%"))
    (d,) = p.diagnostics
    assert (d.code, d.severity) == ("GR101", Severity.INFO)
    assert "95%～105%" in d.hint_zh and "95%～105%" in d.hint_en


def test_broken_idiom_is_the_range_it_means_with_a_warning() -> None:
    p = parse("105%≤95%")
    assert p.canonical == "95%～105%"
    (d,) = p.diagnostics
    assert (d.code, d.severity) == ("GR102", Severity.WARNING)
    assert "95%～105%" in d.zh


@pytest.mark.parametrize(
    ("text", "probable"),
    [("≥-10%或≤10%", "-10%～10%"), ("≥6个月或≤9个月", "6个月～9个月"), (">=-10%或者<=10%", "-10%～10%")],
)
def test_always_true_or_parses_as_written_and_names_the_range(text: str, probable: str) -> None:
    p = parse(text)
    assert isinstance(p.value, AnyOf) and len(p.value.parts) == 2
    assert codes(p) == ["GR103"]
    d = p.diagnostics[0]
    assert d.severity is Severity.WARNING
    assert probable in d.zh and probable in d.en and probable in d.hint_zh


def test_or_that_is_not_always_true_has_no_warning() -> None:
    assert codes(parse("≤5%或≥95%")) == []


def test_two_digit_year_warns() -> None:
    p = parse("2020年1月1日-20年12月31日")
    assert p.value == Period(Date(2020, 1, 1), Date(2020, 12, 31))
    assert codes(p) == ["GR106"] and "2020" in p.diagnostics[0].zh


def test_prose_keeps_the_words_and_finds_the_target() -> None:
    p = parse("上访率控制在0.1%以内，维护社会稳定，长治久安")
    assert isinstance(p.value, Prose)
    assert p.value.text == "上访率控制在0.1%以内，维护社会稳定，长治久安"
    assert p.value.embedded == Comparison("≤", Quantity(Decimal("0.1"), "", "%"))
    assert codes(p) == ["GR107"] and "≤0.1%" in p.diagnostics[0].zh


def test_qualitative_text_is_kept_verbatim_with_a_diagnostic() -> None:
    p = parse("  充分发挥社会保险的职能作用 ")
    assert p.value == Qualitative("充分发挥社会保险的职能作用")
    assert codes(p) == ["GR104"]


@pytest.mark.parametrize(("text", "grade"), [("优", "优"), ("较好", "较好"), ("一般", "一般"), ("良好", "良好")])
def test_grades_are_qualitative_with_a_class(text: str, grade: str) -> None:
    p = parse(text)
    assert p.value == Qualitative(text, grade)
    assert codes(p) == []


@pytest.mark.parametrize(
    ("text", "code"), [("", "GR110"), ("   ", "GR110"), ("\ufeff\u200b", "GR110"), (None, "GR110"), ("字" * 501, "GR111")]
)
def test_empty_and_overlong_input(text: Any, code: str) -> None:
    p = parse(text)
    assert p.kind == "qualitative" and codes(p) == [code]


@pytest.mark.parametrize(
    ("text", "kind", "canonical"),
    [
        ("≥95％", "comparison", "≥95%"),  # full-width
        ("＞90%", "comparison", ">90%"),
        ("﹦100%", "comparison", "=100%"),  # small equals sign
        (">=95%", "comparison", "≥95%"),
        ("不低于95%", "comparison", "≥95%"),
        ("不少于2834人", "comparison", "≥2834人"),
        ("不高于5%", "comparison", "≤5%"),
        ("不超过30日", "comparison", "≤30日"),
        ("达到95%", "comparison", "≥95%"),
        ("98%以上", "comparison", "≥98%"),
        ("0.1%以内", "comparison", "≤0.1%"),
        ("5%以下", "comparison", "≤5%"),
        ("控制在4.5%以内", "comparison", "≤4.5%"),
        ("1,234人", "quantity", "1234人"),
        ("18—54周岁", "range", "18周岁～54周岁"),
        ("95%≤x≤105%", "range", "95%～105%"),
        ("≥100百分比", "comparison", "≥100%"),
        (">=530元/人*月", "comparison", "≥530元/人·月"),
        ("5年度", "quantity", "5年度"),
        ("12月底前", "deadline", "12月底前"),
        ("2023.07-2024.01", "period", "2023年7月～2024年1月"),
        ("2019.5元/人", "quantity", "2019.5元/人"),
        # units
        ("30分钟内", "comparison", "≤30分钟"),
        ("10 台套", "quantity", "10台套"),
        ("≥100组", "comparison", "≥100组"),
        ("115万页", "quantity", "115万页"),
        ("56.15万册次", "quantity", "56.15万册次"),
        ("100字以内", "comparison", "≤100字"),
        ("2km", "quantity", "2km"),
        ("54微克/立方米", "quantity", "54微克/立方米"),
        ("1760株/栋", "quantity", "1760株/栋"),
        ("2.37:1", "quantity", "2.37:1"),
        # compound units: a second slash, a magnitude below, the numerator left out
        ("60元/人/月", "quantity", "60元/人·月"),
        ("780元/生/年", "quantity", "780元/生·年"),
        ("5.36批次/千人", "quantity", "5.36批次/千人"),
        ("89.34/亩", "quantity", "89.34/亩"),
        ("≤620万/月", "comparison", "≤620万/月"),
        # more than, about
        ("700多次", "quantity", "700多次"),
        ("22.5万余场", "quantity", "22.5万余场"),
        ("控制在60微克/立方米左右", "comparison", "≤60微克/立方米"),
        ("25%、20%、15%左右", "list", "25%、20%、15%"),
        # traditional characters and small Chinese numerals
        ("28.8萬元", "quantity", "28.8万元"),
        (">=2個", "comparison", "≥2个"),
        ("不滿七周歲", "comparison", "<7周岁"),
        ("不少于一个月", "comparison", "≥1个月"),
        ("未满十八周岁", "comparison", "<18周岁"),
        ("不超过二十五个工作日", "comparison", "≤25个工作日"),
        ("达到一个新台阶", "qualitative", "达到一个新台阶"),  # 一个 + words: no figure
        # comparators
        ("达92.4%以上", "comparison", "≥92.4%"),
        ("不足5%", "comparison", "<5%"),
        ("分别不低于24%和30%", "list", "≥24%、≥30%"),
        ("≥24%、≤30%、5～6人", "list", "≥24%、≤30%、5人～6人"),
        # periods
        ("2024年—2026年", "period", "2024年～2026年"),
        ("2019年--2021年", "period", "2019年～2021年"),
        ("2021年全年", "period", "2021年1月1日～2021年12月31日"),
        ("2021年1月-12月", "period", "2021年1月～2021年12月"),
        ("2020年1月--2020年11月", "period", "2020年1月～2020年11月"),
        ("202001-202012", "period", "2020年1月～2020年12月"),
        ("2024年", "date", "2024年"),
        ("2020年度", "quantity", "2020年度"),  # not a year: kept as written before
        ("12月", "quantity", "12月"),  # twelve months, not December
        # deadlines
        ("12月底到位", "deadline", "12月底前"),
        ("12月前", "deadline", "12月前"),
        ("每季度结束后15个工作日", "deadline", "每季度结束后15个工作日内"),
        ("每季度最后一日前", "deadline", "每季度最后一日前"),
        ("最晚不超過下年1月10日", "deadline", "次年1月10日前"),
        ("不晚于2020年12月31日", "deadline", "2020年12月31日前"),
        ("2024年底前", "deadline", "2024年底前"),
        ("25日前", "deadline", "25日前"),  # the 25th, not 25 days
        ("每月10日", "deadline", "每月10日"),  # on the 10th of every month
        ("每月25号", "deadline", "每月25日"),
        ("次月10日前", "deadline", "次月10日前"),
        ("下月5号前", "deadline", "次月5日前"),
        ("2024年12月底前", "deadline", "2024年12月底前"),
        ("最迟2024年6月末前", "deadline", "2024年6月底前"),
        ("2024年底", "qualitative", "2024年底"),  # no 前: a time, not a time limit
        # no such month or day: text, not a date that renders as another one
        ("2023年0月1日", "qualitative", "2023年0月1日"),
        ("2023年13月", "qualitative", "2023年13月"),
        ("每月0日前", "qualitative", "每月0日前"),
        ("13月底前", "qualitative", "13月底前"),
        # (含): the bound is included, as ≥ and ≤ already say
        ("60周岁（含）以上", "comparison", "≥60周岁"),
        ("95%以上（含95%）", "comparison", "≥95%"),
        ("不低于95%(含)", "comparison", "≥95%"),
        # within ±: a range; ≥±5% states nothing
        ("≤±5%", "range", "-5%～5%"),
        ("控制在±3%以内", "range", "-3%～3%"),
        ("≥±5%", "qualitative", "≥±5%"),
        # = is a comparison, never a range end: 5000=25000 is a calculation
        ("5000=25000", "prose", "5000=25000"),
        # invisible characters from copied cells: BOM, zero-width space, soft hyphen
        ("\ufeff≥95%", "comparison", "≥95%"),
        ("≥95%\u200b", "comparison", "≥95%"),
        ("1\u00ad000人", "quantity", "1000人"),
        # not units, not ratios
        ("50/60", "prose", "50/60"),
        ("10:15", "prose", "10:15"),
    ],
)
def test_written_forms(text: str, kind: str, canonical: str) -> None:
    p = parse(text)
    assert (p.kind, p.canonical) == (kind, canonical)


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("≥95%以上", None, "GR115"),  # said twice: a note
        ("控制在60微克/立方米左右", None, "GR116"),  # about: dropped, with a note
        ("-0%", None, "GR117"),  # minus zero
        ("10625", "基本养老保险收入预算执行率", "GR114"),  # an amount in a rate's cell
    ],
)
def test_notes_on_the_way_a_value_is_written(text: str, name: str | None, code: str) -> None:
    p = parse(text, name)
    assert codes(p) == [code]
    d = p.diagnostics[0]
    assert d.zh and d.en
    assert d.severity is (Severity.WARNING if code == "GR114" else Severity.INFO)


def test_symbol_and_contrary_suffix_is_a_contradiction() -> None:
    p = parse("≥95%以下")
    assert p.canonical == "≥95%" and codes(p) == ["GR112"]


def test_minus_zero_is_zero() -> None:
    assert parse("-0%").value == parse("0%").value and parse("-0.00%").canonical == "0.00%"


@pytest.mark.parametrize(
    ("text", "name", "flagged"),
    [
        ("10625", "基本养老保险收入预算执行率", True),  # 率 in the name, no unit
        ("10625", "执行率（%）", True),  # the name's unit is %
        ("1001", "执行率（%）", True),
        ("1000", "执行率（%）", False),  # 1000% is the limit, not above it
        ("≥95", "执行率（%）", False),
        ("0.95", "执行率", False),
        ("20000", "出生率（‰）", True),  # 2000%
        ("2000000", "孕产妇死亡率（/10万）", True),  # 2000%
        ("20", "孕产妇死亡率（/10万）", False),
        ("9000", "出生率（‰）", False),  # 900%
        ("10625%", "执行率", False),  # a unit written: what it says, it says
        ("10625", "参保缴费人数", False),  # not a rate
        ("10625", "月均支出（万元）", False),
        ("1.2万", "执行率", True),
    ],
)
def test_a_figure_too_large_for_a_rate_is_flagged(text: str, name: str, flagged: bool) -> None:
    p = parse(text, name)
    assert ("GR114" in codes(p)) is flagged
    if flagged:
        d = next(d for d in p.diagnostics if d.code == "GR114")
        assert d.severity is Severity.WARNING and "%" in d.zh and "%" in d.en


def test_prose_note_is_worded_for_its_role() -> None:
    text = "2020年末实际参保缴费人数32.68万人"
    target, actual = parse(text), parse(text, role="actual")
    assert target.value == actual.value
    assert codes(target) == ["GR107"] and "指标值" in target.diagnostics[0].zh
    assert codes(actual) == ["GR118"] and "完成值" in actual.diagnostics[0].zh
    assert "指标值" not in actual.diagnostics[0].zh and "target" not in actual.diagnostics[0].en


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("二100百分比", "资金使用效率", "GR120"),  # OCR read = as 二: not 2100%, not 100%
        ("20246-202516", "项目起止时间", "GR121"),  # 2024.6-2025.1.6 without separators
    ],
)
def test_garbled_figures_are_flagged_not_guessed(text: str, name: str, code: str) -> None:
    p = parse(text, name)
    assert (p.kind, p.canonical, codes(p)) == ("qualitative", text, [code])
    assert p.diagnostics[0].severity is Severity.WARNING


@pytest.mark.parametrize(("text", "name", "kind", "canonical"), [
    ("2020-2025年", None, "period", "2020年～2025年"),  # years, not 2020 to 2025 years
    ("2020-2025年", "项目起止时间", "period", "2020年～2025年"),
    ("2020-2025", "项目起止时间", "period", "2020年～2025年"),  # bare years under a time indicator
    ("2020-2025", "实施期限", "period", "2020年～2025年"),
    ("2020-2025", None, "range", "2020～2025"),  # bare figures elsewhere stay figures
    ("2020-2025", "参保人数（人）", "range", "2020人～2025人"),
    ("3-5年", "项目起止时间", "range", "3年～5年"),  # a duration
    ("2020-2020年", None, "period", "2020年～2020年"),
])  # fmt: skip
def test_a_range_of_two_years_is_a_period(text: str, name: str | None, kind: str, canonical: str) -> None:
    p = parse(text, name)
    assert (p.kind, p.canonical) == (kind, canonical)


def test_dates_without_separators_are_flagged_only_under_a_time_indicator() -> None:
    assert parse("20246-202516").kind == "range"
    assert parse("180", "服务周期").kind == "quantity"
    assert parse("202001-202012", "项目起止时间").kind == "period"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("不低于每人12000元", "≥12000元/人"), ("≥每户1.2万元", "≥1.2万元/户"), ("不少于每生500", "≥500/生")],
)
def test_a_per_head_prefix_is_the_unit_per_head(text: str, canonical: str) -> None:
    assert parse(text).canonical == canonical


def test_plus_minus_is_a_range_low_end_first() -> None:
    ten = Quantity(Decimal(10), "", "%")
    assert parse("±10%").value == Range(Quantity(Decimal(-10), "", "%"), ten)
    assert parse("±-10%").value == Range(Quantity(Decimal(-10), "", "%"), ten)


def test_a_day_before_which_is_no_count_of_days() -> None:
    """次月10日前 is a day of the month: an actual of 15日 does not meet it as 15 ≥ 10 days would."""
    p = parse("数据于次月10日前上报")
    assert p.kind == "prose" and p.value.embedded == Deadline("next_month_day", day=10)  # type: ignore[union-attr]
    assert judge("次月10日前", "15日").satisfied is None
    assert judge("次月10日前", "按时上报").satisfied is True
    assert parse("30日内").canonical == "≤30日"
    on_day = parse("每月25日发放")
    assert on_day.kind == "prose" and on_day.value.embedded == Deadline("on_day_of_period", every="月", day=25)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("2023年12月31日前", "2023年12月15日", True),
        ("2023年12月31日前", "2024年1月5日完成", False),  # the word 完成 does not make it on time
        ("2023年12月31日前", "2023年12月31日", True),
        ("2024年12月底前", "2024年11月", True),
        ("2024年11月15日前", "2024年11月", None),  # some day in November: cannot tell
        ("2024年底前", "2025年1月2日", False),
        ("12月底前", "11月20日", True),
        ("12月31日前", "2023年12月15日", None),  # only one has a year: by the words, if any
        ("2023年12月31日前", "2023年13月1日", None),  # no such dates: no comparison, no exception
        ("2023年12月31日前", "2023年12月0日", None),
        ("2023年2月30日前", "2023年2月1日", None),
        ("2023年13月底前", "2023年12月1日", None),
    ],
)
def test_a_dated_actual_against_a_time_limit(target: str, actual: str, expected: bool | None) -> None:
    j = judge(target, actual)
    assert j.satisfied is expected, j.zh
    assert j.zh and j.en


def test_month_end_deadline() -> None:
    assert parse("12月底前").value == Deadline("month_end", month=12)


def test_year_and_month_figure_followed_by_a_unit_is_a_figure() -> None:
    assert parse("2019.5元/人").value == Quantity(Decimal("2019.5"), "", "元/人")
    assert parse("2020.12").value == Date(2020, 12)


# --- judging -----------------------------------------------------------------

JUDGE_CASES = [
    # boundaries
    ("≥95%", "95%", True),
    ("≥95%", "94.99%", False),
    (">90%", "90%", False),
    (">90%", "90.01%", True),
    ("<0.1%", "0.1%", False),
    ("<0.1%", "0.09%", True),
    ("≤0.1%", "0.1%", True),
    ("≤0.1%", "0.11%", False),
    ("=100%", "100.0%", True),
    # the idiom and its broken form
    ("105%≤≥95%", "95%", True),
    ("105%≤≥95%", "105%", True),
    ("105%≤≥95%", "105.01%", False),
    ("105%≤≥95%", "94.99%", False),
    ("105%≤95%", "100%", True),
    # ranges
    ("95%～105%", "100%", True),
    ("95%-105%", "94%", False),
    ("18—54周岁", "18周岁", True),
    ("18—54周岁", "55周岁", False),
    ("95%<x≤105%", "95%", False),
    ("95%<x≤105%", "105%", True),
    ("±10%", "-10%", True),
    ("±10%", "10.5%", False),
    # magnitudes and units
    ("7.79万人", "77900人", True),
    ("7.79万人", "77899人", False),
    ("7.79万人", "7.8万人", True),
    ("1.2亿元", "12000万元", True),
    ("1.2亿元", "11999万元", False),
    ("5‰", "0.5%", True),
    ("≤5‰", "0.6%", False),
    ("≥6个月", "1年", True),
    # an actual that is itself a bound
    ("≥95%", "≥95%", True),
    ("≥95%", "≥96%", True),
    ("≥95%", ">95%", True),
    ("≥95%", "95%～100%", True),
    ("≤0.1%", "<0.1%", True),
    ("上访率控制在0.1%以内，维护社会稳定，长治久安", "<0.1%", True),
    ("上访率控制在0.1%以内，维护社会稳定，长治久安", "离退休人员上访率<0.1%", True),
    ("上访率控制在0.1%以内，维护社会稳定，长治久安", "0.2%", False),
    ("养老保险待遇首次发放成功率实际≥95%", "96%", True),
    # deadlines
    ("每月25日前", "按时发放", True),
    ("每月25日前", "养老金每月25日前按时足额发放", True),
    ("每月25日前", "未按时发放", False),
    ("每月25日前", "延迟发放", False),
    ("每季度结束后的，15日内", "按时报送", True),
    ("每季末次月底前", "逾期报送", False),
    ("2020/12/31", "2020年全年企业基本养老保险基金支出保障到位", True),
    ("30日内完成审核拨付", "25日", True),
    ("30日内完成审核拨付", "31日", False),
    # a time limit kept or missed in words: 按时/及时/按期 (not after 未/不) meets it
    ("30日内完成审核拨付", "按时完成审核拨付", True),
    ("30日内完成审核拨付", "按时发放", True),
    ("30日内完成审核拨付", "已按时完成", True),
    ("≤15个工作日", "及时办结", True),
    ("30日内完成审核拨付", "未按时完成审核拨付", False),
    ("30日内完成审核拨付", "不及时", False),
    ("每月25日前", "没有按期发放", False),
    ("每月25日前", "按时发放，未发生延误", True),
    ("每季度最后一日前", "按期发放", True),
    # qualitative
    ("充分发挥社会保险的职能作用", "充分发挥社会保险的职能作用", True),
    ("保障失业人员基本生活", "让失业人员按时足额领取待遇，保障失业人员基本生活", True),
    ("持续有效推动", "未能推动", False),
    ("良", "优", True),
    ("优", "良", False),
    ("较好", "一般", False),
    # more than (多/余)
    ("≥700次", "700多次", True),
    ("700多次", "800次", True),
    ("700多次", "700次", False),
    ("≥20万场", "22.5万余场", True),
    # new units and forms
    ("≤30分钟", "0.4小时", True),
    ("≤30分钟", "1小时", False),
    ("≥2批次/千人", "0.003批次/人", True),
    ("≤60微克/立方米", "0.05毫克/立方米", True),
    ("≥2km", "1500米", False),
    ("≥80M", "85M", True),
    ("≥80M", "85米", True),  # M in the tables is metres
    ("≥5000平方米", "5200㎡", True),
    ("≥1km", "1200m", True),
    ("≥2吨", "1500kg", False),
    ("≥95%", "95%及以上", True),  # 及以上 copied from the target into the actual
    ("≥100人", "100人及以上", True),
    ("≥2.3:1", "2.37:1", True),
    ("≤620万/月", "600万/月", True),
    ("≤10/10万", "0.08‰", True),
    ("≤10/10万", "0.011%", False),
    ("分别不低于24%和30%", "25%、31%", True),
    ("分别不低于24%和30%", "25%、29%", False),
    ("不满七周岁", "6周岁", True),
    # lists
    ("50、6.17", "52、15", True),
    ("50、6.17", "52、5", False),
    ("50、6.17", "50、6.17", True),
    # a bare figure takes the target's unit, except against a rate
    ("2834人", "2977", True),
    # note: an always-true 或 (GR103) is judged as written, so any figure meets it; whether
    # judge() should use the range it probably means (6个月～9个月) is an open design question
    ("≥-10%或≤10%", "50%", True),
    ("≥6个月或≤9个月", "12个月", True),
]


@pytest.mark.parametrize(("target", "actual", "expected"), JUDGE_CASES, ids=[f"{t}|{a}" for t, a, _ in JUDGE_CASES])
def test_judge(target: str, actual: str, expected: bool) -> None:
    j = judge(target, actual)
    assert j.satisfied is expected, j.zh
    assert j.zh and j.en


UNKNOWN_CASES = [
    # (target, actual, a word the reason must contain)
    ("2834人", "3万元", "不可比"),
    ("≥95%", "2977人", "不可比"),
    ("105%≤≥95%", "10934", "百分比"),
    ("≥95%", "≥94%", "范围"),
    ("≥95%", "按时发放", "人工"),
    ("每月25日前", "已发放", "人工"),
    ("充分发挥社会保险的社会保障职能作用", "防止因工伤返贫致贫、充分发挥社会保险的职能作用", "判断"),
    ("50、6.17", "52", "2 项"),
    ("30日内完成审核拨付", "已完成审核拨付", "人工"),  # done, but said nothing of time
    ("每月25日前", "按时发放，个别延迟", "人工"),  # on time and late at once
    ("≥30日", "按时完成", "人工"),  # at least 30 days is no time limit
    ("≥750次", "700多次", "范围"),  # more than 700: maybe 750, maybe not
    ("185751万元", "2020年8家中央驻疆单位纳入自治区本级机关事业单位养老保险范围，实际补发基金养老金", "不可比"),
    ("2.37:1", "2.37人", "不可比"),
]


@pytest.mark.parametrize(("target", "actual", "word"), UNKNOWN_CASES, ids=[f"{t}|{a}" for t, a, _ in UNKNOWN_CASES])
def test_judge_cannot_tell_and_says_why(target: str, actual: str, word: str) -> None:
    j = judge(target, actual)
    assert j.satisfied is None
    assert word in j.zh
    assert j.en


def test_incomparable_units_name_both_dimensions() -> None:
    j = judge("2834人", "3万元")
    assert j.satisfied is None
    assert "人" in j.zh and "元" in j.zh
    assert "persons" in j.en or "人" in j.en


def test_public_functions_take_what_a_table_cell_may_hold() -> None:
    """None (an empty cell), numbers and bytes never raise; an indicator name may be a number."""
    assert judge("≥95%", None).satisfied is None
    assert judge(None, "95%").satisfied is None
    assert judge(100, 100).satisfied is True
    assert parse(Decimal("95.5")).canonical == "95.5"
    assert parse("≥95%".encode()).canonical == "≥95%"
    assert parse("≥95", name=2024).canonical == "≥95"  # type: ignore[arg-type]


def test_judge_accepts_values_as_well_as_text() -> None:
    target = parse("≥95%").value
    assert judge(target, parse("96%").value).satisfied is True
    assert judge(target, "94%").satisfied is False


def test_direction_lower_reads_a_bare_target_as_at_most() -> None:
    assert judge("5%", "4%").satisfied is False
    assert judge("5%", "4%", direction="lower").satisfied is True
    assert judge("5%", "6%", direction="lower").satisfied is False


# --- units -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension", "base"),
    [
        ("7.79万人", "人", "77900"),
        ("13.2万人", "人", "132000"),
        ("185751万元", "元", "1857510000"),
        ("1.2亿元", "元", "120000000"),
        ("95%", "比率", "0.95"),
        ("0.1%", "比率", "0.001"),
        ("5‰", "比率", "0.005"),
        ("100百分比", "比率", "1"),
        ("2176人次", "人次", "2176"),
        ("6个月", "月", "6"),
        ("1年", "月", "12"),
        ("2周", "日", "14"),
        ("3吨", "千克", "3000"),
        ("530元/人·月", "元/人·月", "530"),
        ("2小时", "分钟", "120"),
        ("30分钟", "分钟", "30"),
        ("2km", "米", "2000"),
        ("54微克/立方米", "千克/立方米", "0.000000054"),
        ("5.36批次/千人", "批次/人", "0.00536"),
        ("60元/人/月", "元/人·月", "60"),
        ("89.34/亩", "/亩", "89.34"),
        ("620万/月", "/月", "6200000"),
        ("2.37:1", "比值", "2.37"),
        ("15个工作日", "工作日", "15"),
        ("80M", "米", "80"),  # M in the tables is metres
        ("10/10万", "比率", "0.0001"),
    ],
)
def test_unit_conversion(text: str, dimension: str, base: str) -> None:
    q = parse(text).value
    assert isinstance(q, Quantity)
    assert q.dimension == dimension
    assert q.base == Decimal(base)


def test_jin_and_hectares_convert() -> None:
    assert judge("≥500公顷", "7500亩").satisfied is True
    assert judge("≥1000斤", "500公斤").satisfied is True
    assert judge("≥1000斤", "499千克").satisfied is False


def test_conversion_is_exact_for_long_figures() -> None:
    """Decimal's default 28 digits would make these two figures equal."""
    assert judge("≥12345678901234567890123456789人", "12345678901234567890123456788人").satisfied is False
    assert judge("≥1.2345678901234567890123456789万人", "12345.678901234567890123456788人").satisfied is False
    assert parse("1.2345678901234567890123456789万人").value.base == Decimal("12345.678901234567890123456789")  # type: ignore[union-attr]


def test_working_days_are_not_calendar_days() -> None:
    assert parse("15个工作日").value.dimension != parse("15日").value.dimension  # type: ignore[union-attr]
    assert judge("≤15个工作日", "20日").satisfied is None


def test_people_never_compare_with_money() -> None:
    people, money = parse("2834人").value, parse("3万元").value
    assert isinstance(people, Quantity) and isinstance(money, Quantity)
    assert people.dimension != money.dimension
    assert judge(people, money).satisfied is None


def test_units_table() -> None:
    assert split_unit("万元") == ("万", "元")
    assert split_unit("%") == ("", "%")
    assert split_unit("百分比") == ("", "%")
    assert split_unit("元/人") == ("", "元/人")
    assert split_unit("省级、县级") is None
    assert unit_info("元/人·月") is not None
    assert unit_info("元/外星人") is None
    assert unit_info("") is None
    assert all(info.factor > 0 for info in UNITS.values())


# --- the unit written in the indicator's name ----------------------------------


def test_name_unit_percent() -> None:
    p = parse("≥95", name="养老保险待遇首次发放成功率（%）")
    assert p.value == Comparison("≥", Quantity(Decimal(95), "", "%"))
    assert codes(p) == ["GR105"] and "%" in p.diagnostics[0].zh
    assert judge("≥95", "95", name="养老保险待遇首次发放成功率（%）").satisfied is True
    assert judge("≥95", "94", name="养老保险待遇首次发放成功率（%）").satisfied is False


def test_name_unit_ten_thousand_yuan() -> None:
    p = parse("41191", name="月均养老金支出（万元）")
    assert p.value == Quantity(Decimal(41191), "万", "元")
    assert p.value.base == Decimal(411910000)
    assert codes(p) == ["GR105"]
    assert judge("41191", "4.2亿元", name="月均养老金支出（万元）").satisfied is True
    assert judge("41191", "41000", name="月均养老金支出（万元）").satisfied is False


def test_name_unit_from_a_fill_in_template() -> None:
    """(≥**%) and (≤**元/株) in a name are templates: the unit after the placeholder applies."""
    assert name_unit("种植作物成活率(≥**%)") == ("", "%")
    assert name_unit("脱贫地区特色产业产值(≥XX万元)") == ("万", "元")
    assert parse(">=85", "种植作物成活率(≥**%)").canonical == "≥85%"
    assert parse("≤28.40/株", "黄金蜜(葡萄)补助成本(≤**元/株)").canonical == "≤28.40元/株"  # the numerator left out
    assert codes(parse("≤28.40/亩", "补助成本(≤**元/株)")) == ["GR108"]


def test_a_target_without_unit_is_read_in_the_actuals_unit() -> None:
    """≥85 against 90% compared 85 with 0.9 (not met); the target is read as ≥85%, and the reason says so."""
    j = judge("≥85", "90%")
    assert j.satisfied is True and "按完成值的单位“%”理解" in j.zh and "actual’s unit" in j.en
    assert judge("≥85", "80%").satisfied is False
    assert judge("2834", "0.2977万人").satisfied is True  # the magnitude stays as written: 2834人
    j = judge("≥95%", "96")  # the other way round: a bare actual under a % target is a percent, said as a guess
    assert j.satisfied is True and "按指标值的单位“%”理解" in j.zh


def test_name_unit_does_not_override_a_written_unit() -> None:
    p = parse("224269人", name="个人缴费人数（人）")
    assert p.value == Quantity(Decimal(224269), "", "人") and codes(p) == []
    mismatch = parse("5万元", name="参保人数（人）")
    assert mismatch.value == Quantity(Decimal(5), "万", "元")
    assert codes(mismatch) == ["GR108"]


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("月均养老金支出（万元）", ("万", "元")),
        ("养老保险待遇首次发放成功率(%)", ("", "%")),
        ("人均缴费工资基数（元/人）", ("", "元/人")),
        ("财政补贴标准（省级、县级）", None),
        ("参保缴费人数", None),
        (None, None),
    ],
)
def test_name_unit(name: str | None, unit: tuple[str, str] | None) -> None:
    assert name_unit(name) == unit


def test_name_unit_reads_a_year_month_shaped_figure_as_the_figure() -> None:
    """2050.6 alone reads as June 2050; under 人均缴费标准（元/人） it is 2050.6 元/人."""
    assert parse("2050.6").value == Date(2050, 6)
    p = parse("2050.6", name="个人缴费人均缴费标准（元/人）")
    assert p.value == Quantity(Decimal("2050.6"), "", "元/人") and codes(p) == ["GR105"]
    assert parse("2020.12", name="完成时限（月）").value == Date(2020, 12)  # a time unit: still a month
    assert parse("2020.12.31", name="标准（元）").value == Date(2020, 12, 31)


def test_name_unit_applies_inside_lists_ranges_and_prose() -> None:
    assert parse("50、5.6", name="财政补贴标准（元/人）").canonical == "50元/人、5.6元/人"
    assert parse("95～105", name="执行率（%）").canonical == "95%～105%"
    p = parse("成功率实际≥95", name="成功率（%）")
    assert isinstance(p.value, Prose) and render(p.value.embedded) == "≥95%"


# --- properties --------------------------------------------------------------

SIMPLE_UNITS = sorted(u for u in UNITS if u not in CANONICAL_UNIT and "/" not in u)  # /10万: a unit of its own
EVERY_PERIODS = sorted(set(EVERY.values()))

numbers = st.builds(
    lambda i, exp, neg: Decimal(-i if neg else i).scaleb(exp),
    st.integers(0, 10**9),
    st.integers(-6, 4),
    st.booleans(),
)
def _denominator(magnitude: str, unit: str) -> str:
    """A unit after /, with a magnitude (批次/千人) unless 千 + 米 would read as the unit 千米."""
    return unit if any(u.startswith(magnitude) and (magnitude + unit).startswith(u) for u in UNITS) else magnitude + unit


compound_units = st.builds(
    lambda a, m, b, c: f"{a}/{_denominator(m, b)}" + (f"·{c}" if c else ""),
    st.one_of(st.just(""), st.sampled_from(SIMPLE_UNITS)),  # 89.34/亩: the numerator left out
    st.one_of(st.just(""), st.sampled_from(sorted(MAGNITUDES))),
    st.sampled_from(SIMPLE_UNITS),
    st.one_of(st.just(""), st.sampled_from(SIMPLE_UNITS)),
)
units = st.one_of(st.just(""), st.sampled_from(SIMPLE_UNITS), compound_units, st.just("/10万"))
magnitudes = st.one_of(st.just(""), st.sampled_from(sorted(MAGNITUDES)))
approximations = st.sampled_from(["", "多", "余"])
YEAR = re.compile(r"(19|20)\d\d年(?![度末底初\d])")  # 2024年 is a year (DATE_Y in the grammar)
COMPACT_PERIOD = re.compile(r"(19|20)\d\d(0[1-9]|1[0-2])～(19|20)\d\d(0[1-9]|1[0-2])")  # 202001～202012


def _readable(q: Quantity) -> bool:
    """Written forms with two readings, excluded on purpose:

    - 千 + 米 is written 千米, which is the unit 千米 (the same length, another value);
      the same for every unit that begins with a magnitude (千克, 千瓦);
    - a bare figure like 2020.12 reads as a year and month (see the report / design note);
    - 2024 years is written 2024年, which reads as the year 2024.
    """
    if q.magnitude and any(u.startswith(q.magnitude) and (q.magnitude + q.unit).startswith(u) for u in UNITS):
        return False
    text = render(q)
    if YEAR.match(text):
        return False
    return not (not q.unit and not q.magnitude and parse(text).kind == "date")


quantities = st.builds(Quantity, numbers, magnitudes, units, approximations).filter(_readable)
comparisons = st.builds(Comparison, st.sampled_from(["≥", "≤", ">", "<", "="]), quantities)


@st.composite
def ranges(draw: st.DrawFn) -> Range:
    # both ends carry the unit (a range written 5～10人 gives the bare end the other's unit)
    unit = draw(units)
    a = Quantity(draw(numbers), draw(magnitudes), unit)
    b = Quantity(draw(numbers), draw(magnitudes), unit)
    if not (_readable(a) and _readable(b)):
        a, b = Quantity(a.number, "", unit), Quantity(b.number, "", unit)
    assume(_readable(a) and _readable(b))
    if a.base > b.base:  # the parser puts the low end first
        a, b = b, a
    r = Range(a, b)
    assume(not COMPACT_PERIOD.fullmatch(render(r)))  # two year-months: a period
    return r


quantity_lists = st.lists(st.one_of(quantities, comparisons, ranges()), min_size=2, max_size=4).map(
    lambda xs: QuantityList(tuple(xs))
)


@st.composite
def dates(draw: st.DrawFn) -> Date:
    year, month, day = draw(st.integers(1900, 2099)), draw(st.integers(1, 12)), draw(st.integers(1, 31))
    return draw(st.sampled_from([Date(year, month, day), Date(year, month), Date(None, month, day), Date(year)]))


# an end written without its year (2023年3月1日-6月30日) is in the start's year: no such value is canonical
periods = st.builds(Period, dates(), dates()).filter(lambda p: not (p.start.year and p.end.year is None and p.end.month))
deadlines = st.one_of(
    st.builds(
        lambda e, d: Deadline("day_of_period", every=e, day=d), st.sampled_from(EVERY_PERIODS), st.integers(1, 31)
    ),
    st.builds(
        lambda e, n, u: Deadline("after_period_end", every=e, within=Quantity(n, "", u)),
        st.sampled_from(EVERY_PERIODS),
        st.integers(1, 400).map(Decimal),
        st.sampled_from(SIMPLE_UNITS),
    ),
    st.builds(lambda e: Deadline("next_month_end", every=e), st.sampled_from(EVERY_PERIODS)),
    st.builds(lambda f, d: Deadline(f, day=d), st.sampled_from(["day_of_month", "next_month_day"]), st.integers(1, 31)),
    st.builds(
        lambda e, d: Deadline("on_day_of_period", every=e, day=d), st.sampled_from(EVERY_PERIODS), st.integers(1, 31)
    ),
    st.builds(lambda d: Deadline("by_date", date=d), dates()),
    st.builds(lambda m: Deadline("by_date", date=Date(None, m)), st.integers(1, 12)),  # 12月前
    st.builds(lambda e: Deadline("last_day", every=e), st.sampled_from(EVERY_PERIODS)),
    st.builds(lambda m, d: Deadline("next_year", date=Date(None, m, d)), st.integers(1, 12), st.integers(1, 31)),
    st.just(Deadline("year_end")),
    st.builds(lambda y: Deadline("year_end", year=y), st.integers(1900, 2099)),
    st.builds(lambda m: Deadline("month_end", month=m), st.integers(1, 12)),
    st.builds(lambda y, m: Deadline("month_end", month=m, year=y), st.integers(1900, 2099), st.integers(1, 12)),
)
items = st.one_of(quantities, comparisons, ranges(), quantity_lists, dates(), periods, deadlines)
# 且 binds tighter than 或: an AllOf holds items, an AnyOf holds items and AllOfs
all_ofs = st.lists(items, min_size=2, max_size=3).map(lambda xs: AllOf(tuple(xs)))
any_ofs = st.lists(st.one_of(items, all_ofs), min_size=2, max_size=3).map(lambda xs: AnyOf(tuple(xs)))
not_applicables = st.sampled_from(sorted(NOT_APPLICABLE)).map(NotApplicable)
graded = st.lists(st.sampled_from(["优", "良", "中", "差", "优秀", "良好", "合格"]), min_size=2, max_size=4, unique=True).flatmap(
    lambda names: st.lists(comparisons, min_size=len(names), max_size=len(names)).map(lambda cs: Grades(tuple(zip(names, cs))))
)
values = st.one_of(items, all_ofs, any_ofs, not_applicables, graded)

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(values)
def test_render_then_parse_gives_the_same_value(value: Value) -> None:
    text = render(value)
    parsed = parse(text)
    assert parsed.value == value, text
    assert parsed.canonical == text


@PROPERTY
@given(st.one_of(quantities, comparisons, ranges(), quantity_lists, deadlines))
def test_canonical_text_is_stable(value: Value) -> None:
    once = parse(render(value)).canonical
    assert parse(once).canonical == once


WORDS = [
    "不低于", "不少于", "不高于", "不超过", "达到", "以上", "以内", "以下", "控制在", "每月", "每季度", "每季",
    "每年度", "结束后的，", "日前", "月底", "年底", "年末", "次月底前", "或", "且", "万", "亿", "千", "人", "元",
    "人次", "个月", "周岁", "年", "月", "日", "%", "‰", "％", "≥", "≤", ">", "<", "=", "、", "～", "-", "—", "±",
    "x", ".", "/", "·", "，", ",", "0", "1", "9", "95", "105", "0.1", "2020", "20", "实际", "上访率", "满意度",
    "前", "内", "优", "较好", " ", "\t", "\n",
]  # fmt: skip
grammar_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(alphabet="0123456789.%≥≤<>=、～-万人元", max_size=4)), max_size=12
).map("".join)
any_text = st.one_of(
    st.text(),
    st.text(st.characters(categories=["Cs", "Lo", "Nd", "Sm", "So", "Po", "Zs", "Cc"])),  # incl. lone surrogates
    grammar_text,
)


@PROPERTY
@given(any_text, st.one_of(st.none(), any_text))
def test_parse_never_raises(text: str, name: str | None) -> None:
    parsed = parse(text, name)
    assert isinstance(render(parsed.value), str)
    assert parsed.kind in KINDS
    assert all(isinstance(d, Diagnostic) for d in parsed.diagnostics)
    assert all(d.zh and d.en for d in parsed.diagnostics)
    assert isinstance(to_json(parsed.value), dict)


@PROPERTY
@given(grammar_text, grammar_text)
def test_judge_never_raises(target: str, actual: str) -> None:
    j = judge(target, actual)
    assert j.satisfied in (True, False, None)
    assert isinstance(j.zh, str) and isinstance(j.en, str) and j.zh


@PROPERTY
@given(grammar_text)
def test_parsed_values_read_back(text: str) -> None:
    """Whatever the parser makes of a text, its canonical text parses to the same value."""
    value = parse(text).value
    if isinstance(value, (Qualitative, Prose)):
        return  # kept verbatim: the text is its own canonical form
    assert parse(render(value)).value == value


@PROPERTY
@given(st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.booleans())
def test_judging_dates_never_raises(m1: int, d1: int, m2: int, d2: int, month_end: bool) -> None:
    """Dates that do not exist (13月, 2月30日, 0日) compare as no date at all."""
    target = f"2023年{m1}月底前" if month_end else f"2023年{m1}月{d1}日前"
    j = judge(target, f"2023年{m2}月{d2}日完成")
    assert j.satisfied in (True, False, None) and j.zh and j.en


# --- plain figures are read without the parser, to the same value --------------------------------


def _grammar_units() -> list[str]:
    from govrules.grammars import parser

    (unit,) = [t.pattern.value for t in parser("target", "value", "prose").terminals if t.name == "UNIT"]
    return [u.replace("\\/", "/") for u in unit.split("|")]


# the module (govrules.targets.parse is also the name of its function)
target_parse = importlib.import_module("govrules.targets.parse")


def _by_the_parser(text: str, name: str | None = None) -> Any:
    """What parse gives with the plain-figure shortcut switched off."""
    saved = target_parse._plain_quantity
    target_parse._plain_quantity = lambda norm: None
    try:
        return target_parse._parse.__wrapped__(text, name, "target")
    finally:
        target_parse._plain_quantity = saved


FIGURES = ["0", "0.0", "7", "9", "12", "31", "100", "2977", "7.79", "0.5", "10627", "1999", "2020", "2020.9", "2020.12", "12.31", "3.15"]


def test_plain_figures_read_without_the_parser_as_the_parser_reads_them():
    """Every figure shape × magnitude × unit of the grammar's UNIT terminal: the shortcut
    (or the parser, where the shortcut declines: 2020年 is a date) gives the same value
    and diagnostics as the parser alone."""
    texts = [f + m + u for f in FIGURES for m in ["", *MAGNITUDES] for u in ["", *_grammar_units()]]
    assert len(texts) > 10_000
    shortcut = [t for t in texts if target_parse._plain_quantity(target_parse.normalise(t)) is not None]
    assert len(shortcut) > 0.9 * len(texts)  # the shortcut takes nearly all of them
    for text in texts:
        assert target_parse._parse.__wrapped__(text, None, "target") == _by_the_parser(text), text


def test_every_collected_value_parses_the_same_without_the_shortcut():
    notations = yaml.safe_load((Path(__file__).parent / "data" / "notations.yaml").read_text(encoding="utf-8"))
    cases = [(v["text"], v.get("name")) for v in VALUES] + [(n["text"], n.get("name")) for n in notations]
    assert len(cases) > 400
    for text, name in cases:
        assert parse(text, name) == _by_the_parser(text, name), text


# --- one reading of a bare 完成值, everywhere ------------------------------------------------

READING_RULES = """规则集 读法一致
适用于 绩效自评表
每个指标 设 比例 = 完成比例(完成值, 指标值)
每个指标 设 完成数值 = 数值(完成值)
"""


@pytest.fixture(scope="module")
def reading_rules() -> Any:
    from govrules.rules import compile_rules

    return compile_rules(READING_RULES, "reading.rules")


def _evaluate_row(rules: Any, target: str, actual: str, name: str = "指标") -> Any:
    from govrules.rules import evaluate

    sub = {"表类型": "绩效自评表", "项目名称": "读法", "指标": [{"三级指标": name, "指标值": target, "完成值": actual}]}
    return evaluate(rules, sub).indicators[0]


@pytest.mark.parametrize(
    ("target", "actual", "met", "ratio", "shown"),
    [
        ("≤50万元", "52", False, Decimal(50) / 52, "52万元"),  # a 4% overrun, not 52 元
        ("≥8.5万元", "9", True, Decimal(1), "9万元"),
        ("=100%", "100", True, Decimal(1), "100%"),
        ("≥95%", "96.5", True, Decimal(1), "96.5%"),
        ("105%≤≥95%", "10625", None, None, "10625"),  # an amount in a rate's cell: not read as 10625%
        ("105%≤≥95%", "884", None, None, "884"),  # above twice the target's bound: an amount
    ],
)
def test_a_bare_actual_is_read_once_for_judging_scoring_and_display(
    reading_rules: Any, target: str, actual: str, met: bool | None, ratio: Decimal | None, shown: str
) -> None:
    row = _evaluate_row(reading_rules, target, actual)
    assert row.met is met
    assert row.actual.canonical == shown
    got = row.values["比例"]
    assert (Decimal(got.value) if got.computable else None) == ratio
    assert judge(target, actual).satisfied is met
    codes = [d["code"] for d in row.actual.diagnostics]
    assert ("GR122" in codes) is (met is not None), codes  # the guess is said on the cell


def test_a_bare_actual_and_its_figure_use_the_same_magnitude(reading_rules: Any) -> None:
    row = _evaluate_row(reading_rules, "≤50万元", "52")
    assert Decimal(row.values["完成数值"].value) == 520000  # 52万元 in 元, as 数值(指标值) is 500000


@pytest.mark.parametrize(("name", "actual", "code", "met"), [("群众满意度", "290", "GR123", None), ("群众满意度", "290%", "GR123", True), ("合格率", "98", "GR122", True)])
def test_an_implausible_rate_is_warned_about(name: str, actual: str, code: str, met: bool | None) -> None:
    from govrules.targets import parse_actual

    parsed = parse_actual(actual, "≥90%", name)
    assert code in [d.code for d in parsed.diagnostics]
    assert judge("≥90%", actual, name=name).satisfied is met


_OPS = st.sampled_from(["≥", "≤", "range"])
_UNITS = st.sampled_from([("", "%"), ("万", "元"), ("", "元"), ("", "人"), ("万", "人"), ("", "个"), ("", "‰"), ("亿", "元")])
_FIGURE = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(5000), places=2, allow_nan=False, allow_infinity=False)


@PROPERTY
@given(op=_OPS, unit=_UNITS, low=_FIGURE, width=_FIGURE, actual=_FIGURE)
def test_judgement_and_scoring_never_disagree_on_a_bare_actual(reading_rules: Any, op: str, unit: tuple[str, str], low: Decimal, width: Decimal, actual: Decimal) -> None:
    """met ⇔ 完成比例 = 100% for ≥, ≤ and range targets, evaluated through a rule set; both
    are undetermined together (a bare figure not plausible in the target's unit)."""
    magnitude, symbol = unit
    a, b = render(Quantity(low, magnitude, symbol)), render(Quantity(low + width, magnitude, symbol))
    target = {"≥": "≥" + a, "≤": "≤" + a, "range": f"{a}-{b}"}[op]
    row = _evaluate_row(reading_rules, target, render(Quantity(actual)))
    ratio = row.values["比例"]
    assert (row.met is None) == (not ratio.computable), (target, actual, row.judgement, ratio.reason)
    if row.met is not None:
        assert row.met == (Decimal(ratio.value) >= 1), (target, actual, row.judgement, ratio.value)


# --- the standard wordings, not applicable, denials, labels -------------------------------


@pytest.mark.parametrize(
    ("actual", "degree", "band"),
    [
        ("达成预期指标", "met", ("0.8", "1")),
        ("部分达成预期指标并具有一定效果", "partly", ("0.5", "0.8")),
        ("未达成预期指标且效果较差", "not met", ("0", "0.5")),
        ("已完成", "met", ("0.8", "1")),
        ("完成", "met", ("0.8", "1")),
        ("达标", "met", ("0.8", "1")),
        ("是", "met", ("0.8", "1")),
        ("符合规定", "met", ("0.8", "1")),
        ("全部完成。", "met", ("0.8", "1")),
        ("部分完成", "partly", ("0.5", "0.8")),
        ("基本完成", "partly", ("0.5", "0.8")),
        ("未完成", "not met", ("0", "0.5")),
        ("未达标", "not met", ("0", "0.5")),
    ],
)
def test_the_standard_wordings_give_a_degree_and_a_band_for_a_qualitative_row(actual: str, degree: str, band: tuple[str, str]) -> None:
    j = judge("政策宣传到位", actual)
    assert j.degree == degree and j.band == tuple(Decimal(b) for b in band)
    assert j.satisfied is (degree == "met")


@pytest.mark.parametrize(("actual", "met", "degree"), [("已完成", True, "met"), ("达标", True, "met"), ("部分完成", False, "partly"), ("未完成", False, "not met")])
def test_a_completion_word_against_a_figure_is_as_declared_and_says_no_figure_was_given(actual: str, met: bool, degree: str) -> None:
    from govrules.targets import parse_actual

    j = judge("≥95%", actual)
    assert j.satisfied is met and j.degree == degree and "没有给出数值" in j.zh and "no figure" in j.en
    assert [d.code for d in parse_actual(actual, "≥95%").diagnostics] == ["GR126"]


def test_the_band_is_a_name_rules_can_use() -> None:
    from govrules.rules import compile_rules, evaluate

    rules = compile_rules(
        "规则集 档次\n适用于 绩效自评表\n每个指标 设 区间 = 档次下限\n每个指标 设 档 = 档次\n"
        "检查 得分不在档内 严重性 警告 每个指标 当 报告得分 / 权重 < 档次下限 或 报告得分 / 权重 > 档次上限\n  理由 \"得分不在档内\"\n",
        "band.rules",
    )
    rows = [("部分达成预期指标并具有一定效果", 9), ("达成预期指标", 9)]
    sub = {"表类型": "绩效自评表", "项目名称": "档次", "指标": [{"三级指标": f"宣传{i}", "指标值": "广泛宣传", "完成值": a, "分值": 10, "得分": s} for i, (a, s) in enumerate(rows)]}
    result = evaluate(rules, sub)
    assert [r.values["档"].value for r in result.indicators] == ["部分达成", "达成"]
    assert [Decimal(str(r.values["区间"].value)) for r in result.indicators] == [Decimal("0.5"), Decimal("0.8")]
    assert [f.path for f in result.findings] == ["指标[0]"]  # 9 of 10 is above the 部分达成 band


@pytest.mark.parametrize("text", ["/", "／", "—", "无", "不适用", "N/A", "不涉及"])
def test_not_applicable_is_never_judged_met(text: str) -> None:
    assert parse(text).kind == "not_applicable" and [d.code for d in parse(text).diagnostics] == ["GR124"]
    for j in (judge(text, "100%"), judge("≥95%", text), judge("广泛宣传", text)):
        assert j.satisfied is None and j.applicable is False and "不适用" in j.zh


def test_a_not_applicable_row_is_left_out_of_an_aggregate_with_a_note() -> None:
    from govrules.rules import compile_rules, evaluate

    rules = compile_rules("规则集 不适用\n适用于 绩效自评表\n每个指标 设 得分率 = 最小(完成比例(完成值, 指标值), 1)\n设 平均得分率 = 平均(得分率)\n", "na.rules")
    sub = {"表类型": "绩效自评表", "项目名称": "不适用", "指标": [
        {"三级指标": "参保人数", "指标值": "≥100人", "完成值": "90人"},
        {"三级指标": "宣传", "指标值": "/", "完成值": "/"},
    ]}  # fmt: skip
    result = evaluate(rules, sub)
    assert result.indicators[1].met is None
    average = result.figures["平均得分率"]
    assert Decimal(str(average.value)) == Decimal("0.9") and any("不适用" in n for n in average.notes)


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("第3-4期", "第3-4期未按时完成"),
        ("按时完成第3-4期培训", "第3-4期未按时完成"),
        ("≥95%", "完成率未达到95%"),
        ("资金拨付到位", "资金拨付没有到位"),
        ("群众满意", "群众满意度不到90%"),
    ],
)
def test_an_actual_that_says_the_target_failed_is_never_met(target: str, actual: str) -> None:
    assert judge(target, actual).satisfied is False


@pytest.mark.parametrize(("target", "actual"), [("未发生重大安全事故", "未发生重大安全事故"), ("否", "否")])
def test_words_that_report_a_success_are_no_denial(target: str, actual: str) -> None:
    assert judge(target, actual).satisfied is True


@pytest.mark.parametrize("text", ["第1-6期", "1-2批次", "第3、4批", "完成第1-6期培训"])
def test_numbers_used_as_labels_are_not_ranges(text: str) -> None:
    parsed = parse(text)
    assert parsed.kind in ("qualitative", "prose") and "GR125" in [d.code for d in parsed.diagnostics]
    assert not isinstance(parsed.value, Range) and not (isinstance(parsed.value, Prose) and isinstance(parsed.value.embedded, Range))


# --- notations of real tables ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "canonical"),
    [
        ("2024年底前", "deadline", "2024年底前"),
        ("2024年 年底前", "deadline", "2024年底前"),
        ("优≥95% 良≥85% 中≥75%", "grades", "优≥95%、良≥85%、中≥75%"),
        ("优秀≥90分，良好≥80分，合格≥60分", "grades", "优秀≥90分、良好≥80分、合格≥60分"),
        ("12000份 / ≥80%", "list", "12000份、≥80%"),
        ("2023.3.1-6.30", "period", "2023年3月1日～2023年6月30日"),
        ("≥98%（百分比）", "comparison", "≥98%"),
        ("≥50（个）", "comparison", "≥50个"),
        ("达到目标值95%", "comparison", "≥95%"),
        ("全部达到100%", "comparison", "≥100%"),
        ("100%达标", "quantity", "100%"),
        ("平均每人每月300元", "quantity", "300元/人·月"),
        ("≥500人/次", "comparison", "≥500人次"),
        ("≥300（人数）", "comparison", "≥300人"),
        ("≥80M", "comparison", "≥80M"),
        ("500㎡", "quantity", "500m2"),
        ("10t", "quantity", "10t"),
        ("95%及以上", "comparison", "≥95%"),
    ],
)
def test_notations_of_real_tables(text: str, kind: str, canonical: str) -> None:
    parsed = parse(text)
    assert (parsed.kind, parsed.canonical) == (kind, canonical)
    assert parse(parsed.canonical).value == parsed.value  # the canonical text reads back


def test_a_unit_word_in_the_name_is_the_unit() -> None:
    assert parse("≥200", "培训人数（人数）").canonical == "≥200人"


@pytest.mark.parametrize(
    ("actual", "met", "word"),
    [("96%", True, "最高档"), ("90%", False, "“良”档"), ("70%", False, "未达到任何一档"), ("良", False, "“良”档"), ("优", True, "最高档")],
)
def test_a_graded_scale_is_read_as_bands(actual: str, met: bool, word: str) -> None:
    j = judge("优≥95% 良≥85% 中≥75%", actual)
    assert j.satisfied is met and word in j.zh


def test_two_indicators_in_one_cell_are_judged_item_by_item() -> None:
    assert judge("12000份 / ≥80%", "12500份 / 85%").satisfied is True
    assert judge("12000份 / ≥80%", "12500份 / 75%").satisfied is False


def test_none_against_a_target_of_none_is_zero_not_not_applicable() -> None:
    from govrules.targets import parse_actual

    assert judge("≤0起", "无").satisfied is True and judge("=0次", "无").satisfied is True
    assert parse_actual("无", "≤0起").canonical == "0起" and not parse_actual("无", "≤0起").diagnostics
    assert judge("≥95%", "无").applicable is False  # elsewhere 无 is not applicable


def test_reached_the_target_figure_meets_an_equality_target() -> None:
    assert judge("=100%", "达到100%").satisfied is True  # 达到100% is ≥100%: the figure named, reached
    assert judge("=100%", "≥95%").satisfied is None  # a bound below the figure: cannot tell


@pytest.mark.parametrize(("target", "actual", "shown", "met"), [("≥95%", "0.98", "98%", True), ("=100%", "1", "100%", True), ("≤1%", "0.5", "0.5%", True), ("≥90%", "0.85", "85%", False)])
def test_a_bare_fraction_under_a_rate_is_a_ratio_unless_the_target_is_small(target: str, actual: str, shown: str, met: bool) -> None:
    from govrules.targets import parse_actual

    parsed = parse_actual(actual, target)
    assert parsed.canonical == shown and [d.code for d in parsed.diagnostics] == ["GR122"]
    assert judge(target, actual).satisfied is met


@pytest.mark.parametrize(("target", "actual", "met"), [("≤0起", "未发生安全事故", True), ("≤0次", "无投诉", True), ("=0", "无法完成", False), ("每月25日前", "未发生延误", None)])
def test_words_of_none_against_a_target_of_none(target: str, actual: str, met: bool | None) -> None:
    """未发生安全事故 under ≤0起 is 0 (met); 无法完成 is a denial, never 0; 未发生延误 is no denial."""
    assert judge(target, actual).satisfied is met


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("2023.3-6", "2023年3月～2023年6月"), ("2023年1-12月", "2023年1月～2023年12月"), ("2023年3月1日-6月30日", "2023年3月1日～2023年6月30日")],
)
def test_a_period_whose_end_leaves_out_the_year(text: str, canonical: str) -> None:
    parsed = parse(text)
    assert (parsed.kind, parsed.canonical) == ("period", canonical)
