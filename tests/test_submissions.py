"""Submissions: the seed transcriptions load, round-trip and match the seeds; bad input is refused clearly.

The expected figures below were read from the four seed documents (000 target tables,
001 monitoring reports, 002 self-evaluations, 003 target tables) and are written here
so that the suite needs nothing outside the repository.
"""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govrules.cli import main
from govrules.errors import Diagnostic, GovrulesError
from govrules.submissions import (
    MonitoringReport,
    SelfEvaluation,
    TargetTable,
    load_submission,
    validate_submission,
)
from govrules.submissions.load import MAX_BYTES
from govrules.submissions.models import _Submission

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*/*.yaml") if p.name != "review_table.yaml")
CJK = re.compile(r"[\u4e00-\u9fff]")

# project name → (folder, kind, number of indicators), counted in the seed documents
SEED_PROJECTS: dict[str, tuple[str, type[_Submission], int]] = {
    "自治区本级机关事业单位养老保险（改革）基金支出": ("000_target_tables", TargetTable, 12),
    "自治区本级职工基本医疗保险基金支出": ("000_target_tables", TargetTable, 16),
    "自治区本级失业保险基金支出": ("000_target_tables", TargetTable, 14),
    "塔什库尔干县机关事业单位养老保险(改革)基金支出": ("001_monitoring", MonitoringReport, 11),
    "塔什库尔干县城乡居民养老保险基金支出": ("001_monitoring", MonitoringReport, 17),
    "塔什库尔干县职工基本医疗保险(含生育保险)基金支出": ("001_monitoring", MonitoringReport, 11),
    "塔什库尔干县城乡居民基本医疗保险基金支出": ("001_monitoring", MonitoringReport, 9),
    "企业职工基本养老保险基金支出": ("002_self_evaluation", SelfEvaluation, 15),
    "机关事业单位基本养老保险基金支出": ("002_self_evaluation", SelfEvaluation, 12),
    "工伤保险基金支出": ("002_self_evaluation", SelfEvaluation, 12),
    "失业保险基金支出": ("002_self_evaluation", SelfEvaluation, 14),
    "叶城县职工基本医疗保险基金支出": ("003_target_tables", TargetTable, 11),
    "叶城县机关事业单位养老保险（改革）基金支出": ("003_target_tables", TargetTable, 11),
    "叶城县城乡居民养老保险基金支出": ("003_target_tables", TargetTable, 18),
    "叶城县城乡居民医疗保险基金支出": ("003_target_tables", TargetTable, 13),
}


@pytest.fixture(scope="module")
def loaded() -> dict[Path, _Submission]:
    return {path: load_submission(path) for path in EXAMPLE_FILES}


def project(loaded: dict[Path, _Submission], name: str) -> _Submission:
    """The one example whose 项目名称 is ``name`` (found by content, not by file name)."""
    found = [sub for sub in loaded.values() if sub.project == name]
    assert len(found) == 1, f"{len(found)} examples have 项目名称 {name!r}"
    return found[0]


def indicator(sub: _Submission, name: str) -> Any:
    found = [ind for ind in sub.indicators if ind.name == name]
    assert len(found) == 1, f"{len(found)} indicators named {name!r} in {sub.project}"
    return found[0]


# --- 1. every example loads ---------------------------------------------------


def test_fifteen_examples_three_four_four_four() -> None:
    counts = {folder: sum(1 for p in EXAMPLE_FILES if p.parent.name == folder) for folder in
              ("000_target_tables", "001_monitoring", "002_self_evaluation", "003_target_tables")}  # fmt: skip
    assert counts == {"000_target_tables": 3, "001_monitoring": 4, "002_self_evaluation": 4, "003_target_tables": 4}
    assert len(EXAMPLE_FILES) == 15


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_loads(path: Path) -> None:
    sub = load_submission(path)
    assert sub.project in SEED_PROJECTS, f"{path.name}: 项目名称 {sub.project!r} is not a project of the seeds"
    folder, kind, count = SEED_PROJECTS[sub.project]
    assert path.parent.name == folder
    assert type(sub) is kind
    assert len(sub.indicators) == count
    assert sub.amount_unit == "万元"
    assert all(ind.name and ind.target for ind in sub.indicators)


def test_every_seed_project_transcribed_once(loaded: dict[Path, _Submission]) -> None:
    names = sorted(sub.project for sub in loaded.values())
    assert names == sorted(SEED_PROJECTS)


def test_review_table_is_not_a_submission() -> None:
    with pytest.raises(GovrulesError) as e:
        load_submission(EXAMPLES / "001_monitoring" / "review_table.yaml")
    assert [d.code for d in e.value.diagnostics] == ["GR208"]


# --- 2. JSON round trip -------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_json_round_trip(path: Path) -> None:
    sub = load_submission(path)
    for ind in sub.indicators:  # cached parses must not take part in equality
        ind.parsed_target, ind.parsed_actual
    text = sub.model_dump_json()
    again = type(sub).model_validate_json(text)
    assert again == sub
    assert again.model_dump() == sub.model_dump()
    english = json.loads(text)
    assert "project" in english and "项目名称" not in english
    assert validate_submission(english) == sub
    assert validate_submission(json.loads(again.model_dump_json())) == sub


def test_round_trip_through_a_json_file(tmp_path: Path, loaded: dict[Path, _Submission]) -> None:
    for i, sub in enumerate(loaded.values()):
        out = tmp_path / f"{i}.json"
        out.write_text(sub.model_dump_json(indent=2), encoding="utf-8")
        assert load_submission(out) == sub


# --- 3. figures checked against the seeds ---------------------------------------


def test_seed_000_target_tables(loaded: dict[Path, _Submission]) -> None:
    pension = project(loaded, "自治区本级机关事业单位养老保险（改革）基金支出")
    assert isinstance(pension, TargetTable) and pension.funds is not None
    assert pension.unit == "新疆维吾尔自治区社会保险管理局"
    assert pension.funds.total == Decimal("494296")
    assert pension.funds.social_insurance_fund == Decimal("494296")
    assert pension.funds.other == 0
    assert len(pension.indicators) == 12
    assert [ind.target for ind in pension.indicators].count("105%≤≥95%") == 2
    assert indicator(pension, "基本养老保险收入预算执行率").target == "105%≤≥95%"
    assert indicator(pension, "月均养老金支出（万元）").target == "41191"
    assert indicator(pension, "养老金发放时效").target == "每月25日前"
    assert indicator(pension, "参保缴费人数").target == "7.79万人"

    medical = project(loaded, "自治区本级职工基本医疗保险基金支出")
    assert isinstance(medical, TargetTable) and medical.funds is not None
    assert medical.unit == "自治区医疗保障局区本级"
    assert medical.funds.total == Decimal("336443")  # written 336,443
    assert indicator(medical, "职工基本医疗可支付月数").target == "≥6个月或≤9个月"
    assert indicator(medical, "月均待遇支出（万元）").target == "28037"

    unemployment = project(loaded, "自治区本级失业保险基金支出")
    assert isinstance(unemployment, TargetTable) and unemployment.funds is not None
    assert unemployment.funds.total == Decimal("9536")
    assert indicator(unemployment, "月均失业保险基金支出（万元）").target == "795"
    assert indicator(unemployment, "代缴医疗保险人次").target == "2176人次"


# project → (预算数, 到位数, 执行数, 预算执行率 as reported, 总体完成率)
SEED_001 = {
    "塔什库尔干县机关事业单位养老保险(改革)基金支出": (14158, 10934, 10934, "77%", "80%"),
    "塔什库尔干县城乡居民养老保险基金支出": (542, 433, 433, None, "81%"),
    "塔什库尔干县职工基本医疗保险(含生育保险)基金支出": (3488, 1280, 1280, "37%", "70%"),
    "塔什库尔干县城乡居民基本医疗保险基金支出": (2157, 587, 587, "27%", "64%"),
}


@pytest.mark.parametrize("name", SEED_001)
def test_seed_001_monitoring_budget(loaded: dict[Path, _Submission], name: str) -> None:
    sub = project(loaded, name)
    assert isinstance(sub, MonitoringReport)
    budget, received, executed, rate, overall = SEED_001[name]
    assert (sub.budget.budget, sub.budget.received, sub.budget.executed) == (budget, received, executed)
    assert sub.budget.execution_rate == rate
    assert sub.overall_rate == overall
    assert sub.checkpoint == "2020年9月"
    assert sub.checkpoint_month == 9
    assert sub.period == "2020.01.01-2020.12.31"
    assert sub.year == 2020


def test_seed_001_monitoring_odd_values(loaded: dict[Path, _Submission]) -> None:
    pension = project(loaded, "塔什库尔干县机关事业单位养老保险(改革)基金支出")
    assert isinstance(pension, MonitoringReport)
    row = indicator(pension, "基本养老保险收入预算执行率")
    assert (row.target, row.actual, row.rate) == ("105%≤≥95%", "10625", "75%")
    assert indicator(pension, "基本养老保险支出预算执行率").actual == "10934"
    assert indicator(pension, "参保缴费人数").rate == "105%"
    assert pension.deviation is not None and "完成目标执行总情况80%与目标有偏差" in pension.deviation

    rural = project(loaded, "塔什库尔干县城乡居民养老保险基金支出")
    assert isinstance(rural, MonitoringReport)
    assert rural.deviation in ("", None)  # the section has its heading and nothing else
    assert indicator(rural, "个人缴费人数").rate == "109.00%"
    row = indicator(rural, "基本养老保险预算执行率")
    assert (row.target, row.actual, row.rate) == ("105%≤95%", "884", "101%")
    assert indicator(rural, "基本养老支出预算执行率").target == "105%≤95%"
    assert indicator(rural, "财政补贴标准(省级、县级)").target == "50、6.17"
    assert indicator(rural, "财政补贴标准(省级、县级)").rate is None  # empty cell in the seed
    assert rural.unit == "塔什库尔干县社会保险管理局"

    medical = project(loaded, "塔什库尔干县城乡居民基本医疗保险基金支出")
    assert isinstance(medical, MonitoringReport)
    assert medical.unit == "塔什库尔干县医疗保障局"
    assert indicator(medical, "参保缴费人数").actual == "26614人"


# project → (预算数, 执行数)
SEED_002 = {
    "企业职工基本养老保险基金支出": (1410942, 1281199),
    "机关事业单位基本养老保险基金支出": (489150, 478059),
    "工伤保险基金支出": (6926, 5769),
    "失业保险基金支出": (16244, 10049),
}


@pytest.mark.parametrize("name", SEED_002)
def test_seed_002_self_evaluation_budget(loaded: dict[Path, _Submission], name: str) -> None:
    sub = project(loaded, name)
    assert isinstance(sub, SelfEvaluation)
    assert (sub.budget.budget, sub.budget.executed) == SEED_002[name]
    assert sub.unit == "自治区社会保险管理局"
    assert sub.year == 2020


def test_seed_002_self_evaluation_cells(loaded: dict[Path, _Submission]) -> None:
    enterprise = project(loaded, "企业职工基本养老保险基金支出")
    assert indicator(enterprise, "参保缴费人数").target == "32.85万人"
    assert indicator(enterprise, "参保缴费人数").actual == "2020年末实际参保缴费人数32.68万人"
    assert indicator(enterprise, "项目截至时间").target == "2020/12/31"
    assert enterprise.achievement is not None and enterprise.achievement.startswith("全年保障21.81万名离退休人员")
    unemployment = project(loaded, "失业保险基金支出")
    assert indicator(unemployment, "基金支出预算执行率").actual == "基金支出预算执行率61.86%"
    injury = project(loaded, "工伤保险基金支出")
    assert indicator(injury, "保障工伤待遇人数").target == "0.37万人"


def test_seed_003_target_tables(loaded: dict[Path, _Submission]) -> None:
    totals = {
        "叶城县职工基本医疗保险基金支出": 14607,
        "叶城县机关事业单位养老保险（改革）基金支出": 33176,
        "叶城县城乡居民养老保险基金支出": 6186,
        "叶城县城乡居民医疗保险基金支出": 41166,
    }
    for name, total in totals.items():
        sub = project(loaded, name)
        assert isinstance(sub, TargetTable) and sub.funds is not None
        assert sub.funds.total == total, name
        assert sub.period is not None and "20年12月31日" in sub.period  # 项目起止年限, as written
        assert sub.project_type == "民生保障"
        assert sub.allocation_method == "据实据效"
        assert sub.basis is not None and "国发〔2010〕2号" in sub.basis
        assert sub.fund_rules is not None and "财社〔2017〕144号" in sub.fund_rules
        assert sub.scope is not None and sub.scope.startswith("用于叶城县")

    pension = project(loaded, "叶城县机关事业单位养老保险（改革）基金支出")
    assert pension.unit == "叶城县社会保险中心"
    bare = [ind for ind in pension.indicators if ind.target == "≥95" and "（%）" in ind.name]
    assert len(bare) >= 2
    assert indicator(pension, "参保缴费人数（人）").target == "16696"
    medical = project(loaded, "叶城县职工基本医疗保险基金支出")
    assert indicator(medical, "人均缴费工资基数（元/人）").target == "74398.72"
    residents = project(loaded, "叶城县城乡居民养老保险基金支出")
    assert indicator(residents, "财政补贴标准（元/人）").target == "50、5.6"


# --- 4. error paths -------------------------------------------------------------

BASE = "表类型: 绩效目标表\n项目名称: 测试项目\n"


def write(tmp_path: Path, text: str | bytes, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refuse(path: Path | str) -> GovrulesError:
    with pytest.raises(GovrulesError) as e:
        load_submission(path)
    return e.value


def one(err: GovrulesError, code: str) -> Diagnostic:
    found = [d for d in err.diagnostics if d.code == code]
    assert len(found) == 1, f"expected one {code}, got {[d.code for d in err.diagnostics]}"
    d = found[0]
    assert d.zh and CJK.search(d.zh), f"no Chinese message: {d.zh!r}"
    english = re.sub(r"“[^”]*”|\([^)]*\)", "", d.en)  # quoted keys and values may be Chinese
    assert re.search(r"[a-z]{3}", english) and not CJK.search(english), f"no English message: {d.en!r}"
    assert d.message("zh") == d.zh and d.message("en") == d.en
    assert f"[{code}]" in err.render("zh") and f"[{code}]" in err.render("en")
    return d


def at(d: Diagnostic, line: int, column: int | None = None) -> None:
    assert d.span is not None, f"{d.code} has no position"
    assert d.span.line == line, d.render("en")
    if column is not None:
        assert d.span.column == column, d.render("en")


def test_missing_required_field(tmp_path: Path) -> None:
    path = write(tmp_path, "表类型: 绩效目标表\n指标:\n  - 三级指标: 参保缴费人数\n    指标值: 7.79万人\n  - 指标值: ≥95%\n")
    err = refuse(path)
    assert [d.code for d in err.diagnostics] == ["GR204", "GR204"]
    top, row = err.diagnostics
    assert top.path in ("project", "项目名称") and "项目名称" in top.zh and "project" in top.en
    at(top, 1)
    assert row.path.startswith("指标[1].") and "三级指标" in row.zh
    at(row, 5, 5)


def test_monitoring_report_needs_its_checkpoint() -> None:
    with pytest.raises(GovrulesError) as e:
        validate_submission({"表类型": "绩效监控情况表", "项目名称": "x"})
    d = one(e.value, "GR204")
    assert d.path in ("checkpoint", "监控时点") and "监控时点" in d.zh


def test_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    err = refuse(write(tmp_path, "表类型: 绩效目标表\n项目名: 测试项目\n资金:\n  年度资金总数: 1\n"))
    codes = sorted(d.code for d in err.diagnostics)
    assert codes == ["GR204", "GR205", "GR205"]
    top, nested = [d for d in err.diagnostics if d.code == "GR205"]
    assert top.path == "项目名" and "项目名" in top.zh and "项目名" in top.en
    assert "项目名称" in top.hint_zh and "项目名称" in top.hint_en
    at(top, 2, 1)
    assert nested.path == "资金.年度资金总数" and "年度资金总额" in nested.hint_zh
    at(nested, 4, 3)
    assert "项目名称" in err.render("zh") and "did you mean" in err.render("en")


def test_same_field_under_two_names_is_not_an_unknown_key() -> None:
    with pytest.raises(GovrulesError) as e:
        validate_submission({"表类型": "绩效目标表", "project": "甲", "项目名称": "乙"})
    (d,) = e.value.diagnostics
    assert d.code == "GR205" and d.path in ("project", "项目名称")
    assert "未知" not in d.zh and "unknown" not in d.en  # it is known, just given twice
    assert f"“{d.path}”？" not in d.hint_zh  # no "did you mean" the very same key


@pytest.mark.parametrize(
    ("text", "path", "line"),
    [
        (BASE + "资金:\n  年度资金总额: 很多\n", "资金.年度资金总额", 4),
        (BASE + "资金:\n  年度资金总额: true\n", "资金.年度资金总额", 4),
        (BASE + "资金:\n  年度资金总额: .nan\n", "资金.年度资金总额", 4),
        (BASE + "指标: 5\n", "指标", 3),
        (BASE + "资金: 494296\n", "资金", 3),
        (BASE + "指标:\n  - 三级指标: [a, b]\n", "指标[0].三级指标", 4),
        (BASE + "年度: 二〇二〇\n", "年度", 3),
    ],
    ids=["text-for-amount", "bool-for-amount", "nan", "number-for-list", "number-for-mapping", "list-for-text", "text-for-year"],
)
def test_wrong_type(tmp_path: Path, text: str, path: str, line: int) -> None:
    d = one(refuse(write(tmp_path, text)), "GR206")
    assert d.path == path
    at(d, line)


def test_duplicate_key_refused(tmp_path: Path) -> None:
    err = refuse(write(tmp_path, BASE + "项目名称: 另一个\n"))
    at(one(err, "GR206"), 3, 1)


@pytest.mark.parametrize(
    "text",
    [
        BASE + "资金:\n  年度资金总额: 123456789012345678901234567890\n",
        BASE + "资金:\n  年度资金总额: 1e400\n",
        BASE + "年度: 9999999999999999999999999999999999999999\n",
        BASE + "指标:\n  - 三级指标: a\n    分值: " + "9" * 5000 + "\n",
    ],
    ids=["amount", "exponent", "year", "weight-5000-digits"],
)
def test_number_too_large(tmp_path: Path, text: str) -> None:
    started = time.perf_counter()
    d = one(refuse(write(tmp_path, text)), "GR207")
    assert time.perf_counter() - started < 1
    assert d.span is not None and d.path


def test_number_too_large_in_json(tmp_path: Path) -> None:
    text = '{"kind": "target_table", "project": "x", "funds": {"total": 1' + "0" * 40 + "}}"
    d = one(refuse(write(tmp_path, text, "big.json")), "GR207")
    assert d.path == "funds.total"


def test_unknown_kind(tmp_path: Path) -> None:
    d = one(refuse(write(tmp_path, "表类型: 绩效评价表\n项目名称: x\n")), "GR208")
    assert d.path == "表类型" and "绩效评价表" in d.zh
    assert "绩效监控情况表" in d.hint_zh and "monitoring" in d.hint_en
    at(d, 1)
    d = one(refuse(write(tmp_path, "项目名称: x\n", "nokind.yaml")), "GR208")  # no kind at all
    assert "表类型" in d.zh + d.en


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    d = one(refuse(write(tmp_path, BASE + "资金:\n  年度资金总额: 1\n   其他资金: 0\n")), "GR202")
    at(d, 5)
    assert d.source_line.strip() == "其他资金: 0"
    assert "其他资金: 0" in d.render("zh") and "^" in d.render("zh")
    d = one(refuse(write(tmp_path, BASE + "指标:\n\t- 三级指标: a\n", "tab.yaml")), "GR202")
    at(d, 4, 1)


@pytest.mark.parametrize(("text", "zh", "en"), [
    ("项目名称: a: b\n", "值里有冒号时给整个值加引号", "mapping values are not allowed here"),
    ("项目名称: \"abc\n", "引号没有闭合", "found unexpected end of stream"),
    ("指标:\n\t- 三级指标: a\n", "制表符", "cannot start any token"),
    ("预算:\n  预算数: 1\n 执行数: 2\n", "缩进不对", "expected <block end>"),
    ("项目名称: [a, b\n", "方括号", "expected ',' or ']'"),
])  # fmt: skip
def test_yaml_syntax_errors_are_said_in_chinese(tmp_path: Path, text: str, zh: str, en: str) -> None:
    d = one(refuse(write(tmp_path, text)), "GR202")
    assert zh in d.zh and en in d.en
    assert not re.search(r"[A-Za-z]{4,}", d.zh.replace("YAML", "")), d.zh  # no PyYAML English in the Chinese text


def test_json_syntax_error(tmp_path: Path) -> None:
    d = one(refuse(write(tmp_path, '{"kind": "target_table",\n "project": }', "bad.json")), "GR202")
    at(d, 2, 13)
    assert "JSON" in d.zh and "JSON" in d.en


def test_not_utf8(tmp_path: Path) -> None:
    d = one(refuse(write(tmp_path, BASE.encode("gbk"))), "GR201")
    assert "UTF-8" in d.zh and "UTF-8" in d.en and d.hint_zh


def test_missing_file(tmp_path: Path) -> None:
    d = one(refuse(tmp_path / "没有这个文件.yaml"), "GR201")
    assert d.span is not None and d.span.file.endswith("没有这个文件.yaml")
    one(refuse(tmp_path), "GR201")  # a folder
    one(refuse(str(tmp_path / "a\0b.yaml")), "GR201")  # a path no file can have


def test_file_too_large(tmp_path: Path) -> None:
    d = one(refuse(write(tmp_path, BASE + "#" * MAX_BYTES + "\n")), "GR201")
    assert str(MAX_BYTES) in d.zh and str(MAX_BYTES) in d.en


BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (BILLION_LAUGHS, 1),
        (BASE + "总体目标: &goal 确保按时发放\n年度目标: *goal\n", 3),
        (BASE + "指标:\n  - &row\n    三级指标: a\n  - *row\n", 4),
    ],
    ids=["billion-laughs", "scalar-anchor", "mapping-anchor"],
)
def test_anchors_and_aliases_refused(tmp_path: Path, text: str, line: int) -> None:
    started = time.perf_counter()
    d = one(refuse(write(tmp_path, text)), "GR203")
    assert time.perf_counter() - started < 1
    at(d, line)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("[" * 10000 + "]" * 10000, "deep.yaml"),
        ("a:\n  " + "- " * 10000 + "x\n", "deep-block.yaml"),
        (BASE + "备注: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", "deep-inside.yaml"),
        ("[" * 10000 + "]" * 10000, "deep.json"),
        ('{"kind": "target_table", "project": ' + "[" * 100000 + "]" * 100000 + "}", "deep-inside.json"),
    ],
)
def test_deep_nesting_refused(tmp_path: Path, text: str, name: str) -> None:
    started = time.perf_counter()
    err = refuse(write(tmp_path, text, name))  # a RecursionError would escape pytest.raises
    assert time.perf_counter() - started < 1
    d = one(err, "GR203")
    assert "嵌套" in d.zh and "nested" in d.en
    assert len(err.render("zh")) < 2000  # the hostile line is not echoed back


def test_moderate_nesting_reports_the_limit(tmp_path: Path) -> None:
    d = one(refuse(write(tmp_path, BASE + "备注: " + "[" * 30 + "]" * 30 + "\n")), "GR203")
    at(d, 3)
    assert "嵌套" in d.zh and "nested" in d.en
    assert d.source_line.startswith("备注: [[[")


def test_a_very_long_line_is_not_echoed(tmp_path: Path) -> None:
    err = refuse(write(tmp_path, BASE + "备注: " + "[" * 30 + "a, " * 5000 + "]" * 30 + "\n"))
    at(one(err, "GR203"), 3)
    assert len(err.render("zh")) < 2000


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/object:os.system {{}}",
        "!!python/name:os.system ''",
        "!!python/object/apply:subprocess.check_output [['touch', '{marker}']]",
        "!!binary dG91Y2g=",
        "!!set {{a, b}}",
        "!custom 1",
    ],
)
def test_tags_refused_and_nothing_runs(tmp_path: Path, value: str) -> None:
    marker = tmp_path / "pwned"
    for text in (BASE + "备注: " + value.format(marker=marker) + "\n", value.format(marker=marker) + "\n"):
        d = one(refuse(write(tmp_path, text)), "GR203")
        assert d.span is not None
        assert "tag" in d.en and "标签" in d.zh
    assert not marker.exists()


def test_dates_are_text_not_refused(tmp_path: Path) -> None:
    text = "表类型: 绩效监控情况表\n项目名称: x\n监控时点: 2020-09-30\n报送日期: 2020-10-10\n"
    sub = load_submission(write(tmp_path, text))
    assert isinstance(sub, MonitoringReport)
    assert (sub.checkpoint, sub.submitted_on) == ("2020-09-30", "2020-10-10")


def test_every_problem_reported_at_once(tmp_path: Path) -> None:
    text = (
        "表类型: 绩效监控情况表\n"  # 1: 监控时点 missing
        "项目名: 测试项目\n"  # 2: unknown key (and so 项目名称 missing)
        "预算:\n"
        "  预算数: 一万\n"  # 4: not a number
        "  执行数: 12345678901234567890123\n"  # 5: too large
        "指标:\n"
        "  - 指标值: ≥95%\n"  # 7: 三级指标 missing
        "    分值: abc\n"  # 8: not a number
    )
    err = refuse(write(tmp_path, text))
    codes = [d.code for d in err.diagnostics]
    assert len(codes) >= 6
    assert {"GR204", "GR205", "GR206", "GR207"} <= set(codes)
    lines = [d.span.line for d in err.diagnostics if d.span]
    assert lines == sorted(lines) and {2, 4, 5, 7, 8} <= set(lines)
    rendered = err.render("zh")
    assert all(f"[{c}]" in rendered for c in codes)


def test_python_data_gets_field_paths() -> None:
    data = {"kind": "self_evaluation", "project": "x", "budget": {"budget": "abc"}, "indicators": [{"name": "a"}, {"target": "1"}]}
    with pytest.raises(GovrulesError) as e:
        validate_submission(data)
    assert sorted(d.path for d in e.value.diagnostics) == ["budget.budget", "indicators[1].name"]
    for bad in (None, [], "text", 3, {"kind": ["target_table"]}, {1: 2}):
        with pytest.raises(GovrulesError):
            validate_submission(bad)


HOSTILE: list[bytes] = [
    b"", b"\xef\xbb\xbf", b"~", b"- a\n- b\n", b"42", b"'\n", b"{", b"]", b": :", b"? [a]\n: b\n",
    b"[a, b]: c\n", b"{a: 1}: 2\n", b"\x00", b"\xff\xfe", b"%YAML 1.1\n---\na: 1\n", b"---\na: 1\n---\nb: 2\n",
    b"kind: monitoring\nproject: x\ncheckpoint: [1]\n", "表类型: 绩效目标表\n项目名称: x\n指标: [1, null, {}]\n".encode(),
    "表类型: 绩效目标表\n项目名称: {a: 1}\n".encode(), "表类型: [绩效目标表]\n".encode(),
    "表类型: 绩效目标表\n项目名称: x\n资金:\n  年度资金总额: 0x1F\n".encode(),
    "表类型: 绩效目标表\n项目名称: x\n资金:\n  年度资金总额: 1_000\n".encode(),
    "表类型: 绩效目标表\n项目名称: x\n资金:\n  年度资金总额: -.inf\n".encode(),
    "表类型: 绩效目标表\n项目名称: x\n指标:\n  - 三级指标: a\n    权重: 1:30\n".encode(),
    b"a: " + b"x" * 100000 + b"\n",
]


@pytest.mark.parametrize("raw", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_loading_raises_only_govrules_error(tmp_path: Path, raw: bytes, suffix: str) -> None:
    try:
        load_submission(write(tmp_path, raw, "x" + suffix))
    except GovrulesError as e:
        assert e.diagnostics and all(d.code.startswith("GR2") for d in e.diagnostics)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _example_bytes() -> list[bytes]:
    return [p.read_bytes() for p in EXAMPLE_FILES[:4]] or [BASE.encode()]


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mangled_examples_raise_only_govrules_error(scratch: Path, data: st.DataObject) -> None:
    raw = data.draw(st.sampled_from(_example_bytes()))
    cut = data.draw(st.integers(0, len(raw)))
    insert = data.draw(st.binary(max_size=8) | st.sampled_from([b"[", b"{", b"&a ", b"*a", b"!!", b":", b"\t", b"\n  ", b"'"]))
    mangled = raw[:cut] + insert + raw[cut + data.draw(st.integers(0, 4)):]
    path = scratch / ("m.json" if data.draw(st.booleans()) else "m.yaml")
    path.write_bytes(mangled)
    try:
        load_submission(path)
    except GovrulesError as e:
        assert e.diagnostics
        e.render("zh"), e.render("en")


# --- 5. the command line ----------------------------------------------------------


def test_validate_examples(capsys: pytest.CaptureFixture[str], loaded: dict[Path, _Submission]) -> None:
    assert main(["validate", *map(str, EXAMPLE_FILES)]) == 0
    out = capsys.readouterr().out
    kind_zh = {TargetTable: "绩效目标表", MonitoringReport: "绩效监控情况表", SelfEvaluation: "绩效自评表"}
    for path, sub in loaded.items():
        line = next(line for line in out.splitlines() if line.startswith(f"✓ {path}"))
        assert kind_zh[type(sub)] in line and sub.project in line
        assert f"{len(sub.indicators)} 个指标" in line
    assert "有效 15 个，无效 0 个" in out
    assert "✗" not in out and "Traceback" not in out


def test_validate_in_english_flags_odd_values(capsys: pytest.CaptureFixture[str], loaded: dict[Path, _Submission]) -> None:
    rural = next(p for p, s in loaded.items() if s.project == "塔什库尔干县城乡居民养老保险基金支出")
    assert main(["--lang", "en", "validate", str(rural)]) == 0
    out = capsys.readouterr().out
    head = out.splitlines()[0]
    assert "monitoring · 塔什库尔干县城乡居民养老保险基金支出 · 17 indicators" in head
    assert "105%≤95%" in out  # the target written without its ≥ is flagged


def test_validate_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = EXAMPLE_FILES[0]
    bad = write(tmp_path, "表类型: 绩效目标表\n项目名: 测试\n")
    hostile = write(tmp_path, BILLION_LAUGHS, "lol.yaml")
    missing = tmp_path / "missing.yaml"
    assert main(["validate", str(good), str(bad), str(hostile), str(missing)]) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert f"✓ {good}" in out and f"✗ {bad}" in out and f"✗ {hostile}" in out and f"✗ {missing}" in out
    for code in ("GR204", "GR205", "GR203", "GR201"):
        assert f"[{code}]" in out
    assert "项目名称" in out and "有效 1 个，无效 3 个" in out
    assert "Traceback" not in out and "Error:" not in out

    assert main(["--lang", "en", "validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "did you mean" in out and "error[GR205]" in out and "Traceback" not in out


@pytest.mark.parametrize("kind", ["绩效目标表", "绩效监控情况表", "绩效自评表", "target_table", "monitoring", "self_evaluation"])
def test_schema(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    assert main(["schema", kind]) == 0
    en = json.loads(capsys.readouterr().out)
    assert en["type"] == "object" and "project" in en["properties"] and "project" in en["required"]
    assert main(["schema", kind, "--keys", "zh"]) == 0
    zh = json.loads(capsys.readouterr().out)
    assert "项目名称" in zh["properties"] and "项目名称" in zh["required"] and "project" not in zh["properties"]
    assert "三级指标" in zh["$defs"]["Indicator"]["properties"]
    assert len(zh["properties"]) == len(en["properties"])


def test_schema_of_monitoring_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "绩效监控情况表", "--keys", "zh"]) == 0
    zh = json.loads(capsys.readouterr().out)
    assert {"项目名称", "监控时点", "预算", "总体完成率", "指标"} <= set(zh["properties"])
    assert set(zh["required"]) == {"项目名称", "监控时点"}


@pytest.mark.parametrize("kind", ["target_table", "monitoring", "self_evaluation"])
def test_schema_keys_are_accepted_by_the_loader(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    """Every heading the zh schema advertises is a key the loader takes."""
    assert main(["schema", kind, "--keys", "zh"]) == 0
    zh = json.loads(capsys.readouterr().out)
    for key in zh["properties"]:
        if key == "表类型":
            continue
        try:
            validate_submission({"表类型": kind, key: None})
        except GovrulesError as e:
            assert not [d for d in e.diagnostics if d.code == "GR205"], key


def test_schema_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "绩效报告"]) == 2
    assert "绩效监控情况表" in capsys.readouterr().out


# --- 6. Chinese and English keys ------------------------------------------------


ZH = {
    "表类型": "绩效监控情况表",
    "年度": 2020,
    "部门单位名称": "塔什库尔干县医疗保障局",
    "项目名称": "塔什库尔干县城乡居民基本医疗保险基金支出",
    "项目周期": "2020.01.01-2020.12.31",
    "监控时点": "2020年9月",
    "预算": {"预算数": 2157, "到位数": 587, "执行数": "587", "预算执行率": "27%"},
    "年度预期目标": "聚焦总目标",
    "目前完成情况": "按时足额发放",
    "总体完成率": "64%",
    "指标": [
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "参保缴费人数", "预期指标值": "35485人", "指标完成值": "26614人", "指标完成率": "75%"},
        {"一级指标": "满意度指标", "二级指标": "满意度指标", "三级指标": "居民满意度", "指标值": "≥95%", "完成值": "≥95%", "分值": 10, "得分": "9.5"},
    ],
    "偏差和措施": "",
}
EN = {
    "kind": "monitoring",
    "year": "2020",
    "unit": "塔什库尔干县医疗保障局",
    "project": "塔什库尔干县城乡居民基本医疗保险基金支出",
    "period": "2020.01.01-2020.12.31",
    "checkpoint": "2020年9月",
    "budget": {"budget": "2157", "received": 587, "executed": 587, "execution_rate": "27%"},
    "overall_goal": "聚焦总目标",
    "achievement": "按时足额发放",
    "overall_rate": "64%",
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "参保缴费人数", "target": "35485人", "actual": "26614人", "rate": "75%"},
        {"level1": "满意度指标", "level2": "满意度指标", "name": "居民满意度", "target": "≥95%", "actual": "≥95%", "weight": "10", "score": 9.5},
    ],
    "deviation": "",
}


def test_chinese_and_english_keys_load_the_same_model(tmp_path: Path) -> None:
    zh, en = validate_submission(ZH), validate_submission(EN)
    assert isinstance(zh, MonitoringReport)
    assert zh == en
    assert zh.unit == "塔什库尔干县医疗保障局" and zh.checkpoint_month == 9
    assert (zh.budget.budget, zh.budget.received, zh.budget.executed) == (2157, 587, 587)
    assert zh.indicators[0].target == "35485人" and zh.indicators[1].score == Decimal("9.5")
    # and from files: YAML with Chinese keys, JSON with English keys
    yaml_text = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in ZH.items())
    from_yaml = load_submission(write(tmp_path, yaml_text, "zh.yaml"))
    from_json = load_submission(write(tmp_path, json.dumps(EN, ensure_ascii=False), "en.json"))
    assert from_yaml == from_json == zh


def test_mixed_spellings_and_kind_names() -> None:
    mixed = {**{k: v for k, v in ZH.items() if k != "指标"}, "indicators": EN["indicators"]}
    assert validate_submission(mixed) == validate_submission(EN)
    for kind in ("monitoring", "绩效监控情况表", "监控表"):
        assert validate_submission({**EN, "kind": kind}).kind == "monitoring"


def test_the_line_shown_is_the_one_the_position_counts() -> None:
    """A lone \\r in JSON (JSON counts only \\n) showed the wrong source line under the caret
    (found by the submissions fuzz harness: 384 of 132,618 inputs)."""
    from govrules.submissions.load import parse_data

    with pytest.raises(GovrulesError) as e:
        parse_data(b'{"a": 1,\r "b": }', "x.json", is_json=True)
    (d,) = e.value.diagnostics
    assert d.code == "GR202" and d.span is not None and (d.span.line, d.span.column) == (1, 16)
    shown = e.value.render().splitlines()
    assert shown[1].strip() == '{"a": 1,  "b": }' and shown[2].index("^") == shown[1].index("}")
