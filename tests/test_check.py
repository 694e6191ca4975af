"""``govrules check``: static analyses, named syntax mistakes, partial parsing, versions, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govrules.cli import main
from govrules.errors import GovrulesError, Severity
from govrules.rules.format import format_rules
from govrules.rules.conditions import EVERYTHING, Interval, complement, intersect, union
from govrules.rules.lint import diagnose_paths, diagnose_rules
from govrules.rules.parse import parse_partial, parse_rules

ROOT = Path(__file__).resolve().parents[1]
HEAD = "规则集 示例\n"


def codes(text: str) -> list[str]:
    return [d.code for d in diagnose_rules(HEAD + text, "t.rules")[1]]


def messages(text: str, code: str) -> list[str]:
    return [d.zh for d in diagnose_rules(HEAD + text, "t.rules")[1] if d.code == code]


def bands(*targets: str, subject: str = "监控月份") -> str:
    lines = "".join(f'  "{t}" => {i}\n' for i, t in enumerate(targets))
    return f"设 a = 分档 {subject}:\n{lines}检查 c 严重性 提示 当 a > 1\n"


# --- intervals ------------------------------------------------------------------------------


def test_interval_algebra():
    from decimal import Decimal as D

    a = (Interval(D(0), True, D(5), False),)
    b = (Interval(D(5), True, D(9), True),)
    assert union((*a, *b)) == (Interval(D(0), True, D(9), True),)
    assert intersect(a, b) == ()
    assert intersect(b, (Interval(D(9), True, None, False),)) == (Interval(D(9), True, D(9), True),)
    assert complement(EVERYTHING) == ()
    assert complement(a) == (Interval(None, False, D(0), False), Interval(D(5), True, None, False))


# --- bands (GR420, GR421) ---------------------------------------------------------------


def test_bands_covering_everything_once_are_clean():
    assert codes(bands("≥90", "≥80且<90", "≥60且<80", "<60")) == []


def test_band_gap_names_the_values():
    found = messages(bands("≥9", "<6"), "GR420")
    assert found == ["“a”的分档有空缺：6～9（不含9） 不属于任何一档"]


def test_band_gap_between_closed_integer_ends():
    found = messages(bands("0～59", "60～100"), "GR420")
    assert found and "59～60（不含59、60）" in found[0] and ">100" in found[0]


def test_band_overlap_on_a_shared_end():
    # “≥90%” then “80%～90%”: 90% is taken by the first band; the second never gets it
    found = diagnose_rules(HEAD + "设 执行率 = 执行数 / 预算数\n" + bands("≥90%", "80%～90%", "<80%", subject="执行率"), "t.rules")[1]
    overlap = [d for d in found if d.code == "GR421"]
    assert [(d.span.line, d.zh) for d in overlap] == [(5, "分档重叠：90% 已落入前面的档，永远不会归入这一档")]
    assert overlap[0].severity == Severity.WARNING and "90%" in overlap[0].en


def test_band_covered_entirely_is_never_used():
    found = messages(bands("≥6", "≥9", "<6"), "GR421")
    assert found == ["这一档永远用不到：≥9 的数值都已落入前面的档"]


def test_stepped_thresholds_are_the_policy_idiom_not_an_overlap():
    # “≥70%得3分，≥65%得1分，<65%不得分”
    assert codes(bands("≥9", "≥6", "<6")) == []


def test_bands_with_qualitative_targets_are_not_reasoned_about():
    assert "GR420" not in codes('设 a = 分档 监控月份:\n  "优" => 1\n检查 c 严重性 提示 当 a > 1\n')


# --- cases (GR422) --------------------------------------------------------------------------


def test_case_with_the_condition_of_an_earlier_case():
    text = "设 a:\n  监控月份 > 6 => 1\n  监控月份 >  6 => 2\n  否则 => 0\n检查 c 严重性 提示 当 a > 1\n"
    assert messages(text, "GR422") == ["这一情形永远用不到：条件与第 3 行相同"]


def test_case_after_an_unconditional_case():
    text = "设 a:\n  真 => 1\n  监控月份 > 6 => 2\n  否则 => 0\n检查 c 严重性 提示 当 a > 1\n"
    assert messages(text, "GR422") == ["这一情形永远用不到：第 3 行的情形总是成立"]


def test_distinct_cases_are_clean():
    text = "设 a:\n  监控月份 > 6 => 1\n  监控月份 > 3 => 2\n  否则 => 0\n检查 c 严重性 提示 当 a > 1\n"
    assert codes(text) == []


# --- conditions that never hold (GR423) -------------------------------------------------------


@pytest.mark.parametrize("condition", ["假", "监控月份 < 5 且 监控月份 > 10", "非 真", "监控月份 = 3 且 监控月份 ≥ 4", "偏差说明 为空 且 偏差说明 不为空",
                                       "(监控月份 < 5 且 监控月份 > 10) 或 假", "监控月份 < 50% 且 监控月份 > 0.6",
                                       '项目名称 = "甲" 且 项目名称 = "乙"', '项目名称 = "甲" 且 项目名称 ≠ "甲"', "预算数 为空 且 预算数 > 10"])  # fmt: skip
def test_deduction_that_never_applies(condition: str):
    assert codes(f"评分 x 满分 10:\n  扣 5 分 当 {condition}\n") == ["GR423"]


@pytest.mark.parametrize("condition", ["真", "监控月份 < 5 且 监控月份 > 1", "监控月份 < 5 或 监控月份 > 10", "监控月份 < 5 且 预算数 > 10", "监控月份 ≤ 5 且 监控月份 ≥ 5",
                                       '项目名称 = "甲" 且 项目名称 ≠ "乙"', '项目名称 = "甲" 且 预算单位 = "乙"', "预算数 不为空 且 预算数 > 10",
                                       '偏差说明 为空 且 偏差说明 = ""', '偏差说明 为空 且 偏差说明 ≠ "甲"'])  # fmt: skip
def test_deduction_that_can_apply(condition: str):
    assert codes(f"评分 x 满分 10:\n  扣 5 分 当 {condition}\n") == []


def test_check_that_never_fires():
    assert messages("检查 c 严重性 警告 当 监控月份 > 12 且 监控月份 < 1\n", "GR423") == ["这条检查永远不会触发：条件永远不成立"]


@pytest.mark.parametrize(("text", "found"), [
    ("设 执行率 = 执行数 / 预算数\n检查 c 严重性 提示 当 执行率 > 预算数\n", ["GR407"]),  # a ratio against an amount
    ("设 执行率 = 执行数 / 预算数\n检查 c 严重性 提示 当 执行率 < 95%\n", []),
    ("设 结余 = 预算数 - 执行数\n设 结余率 = 结余 / 预算数\n检查 c 严重性 提示 当 结余 > 10% 或 结余率 > 10%\n", ["GR407"]),
    ("设 基数:\n  监控月份 > 6 => 预算数\n  否则 => 到位数\n检查 c 严重性 提示 当 基数 > 95%\n", ["GR407"]),  # every case an amount
    ("设 基数:\n  监控月份 > 6 => 预算数\n  否则 => 无法计算 \"未到\"\n检查 c 严重性 提示 当 基数 > 95%\n", ["GR407"]),
    ("设 混合:\n  监控月份 > 6 => 预算数\n  否则 => 95%\n检查 c 严重性 提示 当 混合 > 95%\n", []),  # cases disagree: unknown
    ("设 a = b\n设 b = a\n检查 c 严重性 提示 当 a > 95%\n", ["GR405"]),  # a cycle is reported, not followed
])  # fmt: skip
def test_units_follow_definitions(text: str, found: list[str]):
    assert [c for c in codes(text) if c != "GR424"] == found


# Stepped deductions as scoring tables write them (执行率低于60%扣10分，60%—80%扣5分 …): only
# one of them can apply, so they are not added up against the maximum.
STEPPED = "设 执行率 = 执行数 / 预算数\n评分 x 满分 10:\n  扣 10 分 当 执行率 < 60%\n  扣 5 分 当 执行率 ≥ 60% 且 执行率 < 80%\n  扣 2 分 当 执行率 ≥ 80% 且 执行率 < 90%\n"


@pytest.mark.parametrize(("text", "found"), [
    (STEPPED, []),
    (STEPPED + "  扣 1 分 当 偏差说明 为空\n", ["GR408"]),  # 10 and 1 can apply together
    (STEPPED.replace("满分 10", "满分 11") + "  扣 1 分 当 偏差说明 为空\n", []),
    ("评分 x 满分 5:\n  扣 5 分 当 报送日期 为空\n  扣 3 分 当 报送日期 不为空 且 监控月份 > 9\n", []),
    ('评分 x 满分 5:\n  扣 5 分 当 项目名称 = "甲"\n  扣 5 分 当 项目名称 = "乙"\n', []),
    ('评分 x 满分 5:\n  扣 5 分 当 项目名称 = "甲"\n  扣 5 分 当 预算单位 = "乙"\n', ["GR408"]),
    ("评分 x 满分 5:\n  扣 4 分 当 监控月份 < 3\n  扣 4 分 当 监控月份 > 6\n  扣 4 分 当 监控月份 > 1\n", ["GR408"]),  # the 2nd and 3rd together
    ("评分 x 满分 5:\n  扣 4 分 当 监控月份 < 3\n  扣 4 分 当 监控月份 > 6\n  扣 4 分 当 监控月份 > 1 且 监控月份 < 2\n", ["GR408"]),  # 1st and 3rd
    ("评分 x 满分 5:\n  扣 4 分 当 监控月份 < 3\n  扣 4 分 当 监控月份 > 6\n  扣 4 分 当 监控月份 > 3 且 监控月份 < 5\n", []),
])  # fmt: skip
def test_deductions_that_exclude_each_other_are_not_added_up(text: str, found: list[str]):
    assert [c for c in codes(text) if c != "GR424"] == found


def test_deductions_over_the_maximum_are_the_load_time_gr408():
    assert codes("评分 x 满分 10:\n  扣 6 分 当 监控月份 > 1\n  扣 6 分 当 监控月份 > 2\n") == ["GR408"]
    (d,) = diagnose_rules(HEAD + "评分 x 满分 10:\n  扣 6 分 当 监控月份 > 1\n  扣 6 分 当 监控月份 > 2\n", "t.rules")[1]
    formula = d.hint_zh.split("（如 ")[1].split("）")[0]  # the hint's way to write “扣完为止” is itself a rule that checks clean
    assert codes(f"设 相差 = 1 - 监控月份 / 12\n评分 y 满分 15:\n  {formula} 当 相差 > 0\n") == []


# --- unused definitions (GR424) ---------------------------------------------------------------


def test_unused_definition_is_a_note():
    found = diagnose_rules(HEAD + "设 用到 = 1\n设 没用到 = 2\n评分 x 满分 10:\n  得分 = 用到\n", "t.rules")[1]
    assert [(d.code, d.severity, d.span.line) for d in found] == [("GR424", Severity.INFO, 3)]


def test_use_in_a_reason_template_counts():
    text = "设 a = 1\n评分 x 满分 10:\n  扣 1 分 当 监控月份 > 1 理由 \"见{a}\"\n"
    assert codes(text) == []


# --- syntax and semantic errors at once -----------------------------------------------------------


def test_syntax_and_semantic_errors_are_reported_together():
    text = HEAD + "设 a = (\n设 b = a + 平局(1)\n评分 x 满分 10\n  得分 = 1\n设 c = 未知 + b\n"
    tree, found = diagnose_rules(text, "t.rules")
    assert [(d.code, d.span.line) for d in found] == [("GR307", 2), ("GR402", 3), ("GR312", 4), ("GR424", 6), ("GR401", 6)]
    # “a” was defined on a line that did not parse: it is not also reported as unknown
    assert not any("“a”" in d.zh for d in found if d.code == "GR401")
    assert [type(s).__name__ for s in tree.statements] == ["Definition", "Definition"]


def test_parse_partial_never_raises_and_parse_rules_still_does():
    text = HEAD + "设 a = (\n设 b = 1\n"
    tree, errors = parse_partial(text, "t.rules")
    assert [d.code for d in errors] == ["GR307"] and [s.name for s in tree.statements] == ["b"]  # type: ignore[union-attr]
    with pytest.raises(GovrulesError) as e:
        parse_rules(text, "t.rules")
    assert [d.code for d in e.value.diagnostics] == ["GR307"]


def test_missing_ruleset_line_still_checks_the_rest():
    tree, found = diagnose_rules("评分 x 满分 10:\n  得分 = 平局(1)\n", "t.rules")
    assert [d.code for d in found] == ["GR301", "GR402"] and tree.header.name == ""


# --- named common mistakes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "zh", "en"),
    [
        ("评分 x 满分 10\n  得分 = 1\n", "GR312", "须以“:”结尾", "must end with “:”"),
        ("设 a = 分档 监控月份\n  \"≥1\" => 1\n", "GR312", "须以“:”结尾", "must end with “:”"),
        ("评分 x 满分 10:\n  扣 5 当 真\n", "GR313", "须写“分”", "followed by “分”"),
        ("评分 x 满分 10:\n  扣 (监控月份 + 1) 每个指标 当 真\n", "GR313", "须写“分”", "followed by “分”"),
        ("设 a = 最大（1, 2)\n", "GR314", "全角符号“（”", "full-width “（”"),
        ("设 a ＝ 1\n", "GR314", "半角“=”", "ASCII “=”"),
        ("设 a = 最大(1，2)\n", "GR314", "半角“,”", "ASCII “,”"),
        ("设 a = \"abc\n", "GR305", "引号没有闭合", "not closed"),
        ("设 a:\n  真 => 1\n  否则 2\n", "GR315", "缺少“=>”", "“=>” is missing"),
        ("设 a:\n  监控月份 > 6 1\n  否则 => 2\n", "GR315", "缺少“=>”", "“=>” is missing"),
        ("设 a = 分档 监控月份:\n  \"≥1\" = 1\n", "GR315", "缺少“=>”", "“=>” is missing"),
        ("设 a == 1\n", "GR316", "不是“==”", "not “==”"),
        ("设时间进度 = 监控月份 / 12\n", "GR308", "后面需要一个空格", "put a space after"),
        ("评分预算 满分 10:\n  得分 = 1\n", "GR308", "关键字“评分”", "keyword “评分”"),
        ("设 a:\n    真 => 1\n  否则 => 2\n", "GR304", "缩进不一致", "inconsistent indentation"),
        ("设 a = 1\n  设 b = 2\n", "GR304", "不应缩进", "should not be indented"),
        ("评分 x 满分 10:\n", "GR304", "须有缩进的行", "followed by indented lines"),
    ],
)
def test_named_mistake(text: str, code: str, zh: str, en: str):
    found = diagnose_rules(HEAD + text, "t.rules")[1]
    syntax = [d for d in found if d.code.startswith("GR3")]
    assert syntax and syntax[0].code == code, [(d.code, d.zh) for d in found]
    assert zh in syntax[0].zh and en in syntax[0].en


def test_mistake_positions_point_at_the_line():
    found = {d.code: d for d in diagnose_rules(HEAD + "设 a = 1\n  设 b = 2\n设 c:\n    真 => 1\n  否则 => 2\n", "t.rules")[1]}
    assert (found["GR304"].span.line, found["GR304"].span.column) in ((3, 3), (6, 1))
    indents = [d for d in diagnose_rules(HEAD + "设 c:\n    真 => 1\n  否则 => 2\n", "t.rules")[1]]
    assert [(d.code, d.span.line) for d in indents] == [("GR304", 4)]


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("评份 x 满分 10:\n  得分 = 1\n", "“评分”"),
        ("评分 x 满份 10:\n  得分 = 1\n", "“满分”"),
        ("评分 x 满分 10:\n  扣 5 份 当 真\n", "“分”"),  # same sound (拼音 input), no letters in common
        ("评分 x 满分 10:\n  扣 5 分 档 真\n", "“当”"),
        ("secton x max 10:\n  score = 1\n", "“section”"),
    ],
)
def test_a_misspelt_keyword_gets_did_you_mean(text: str, hint: str):
    (d,) = diagnose_rules(HEAD + text, "t.rules")[1]
    assert d.code == "GR309" and d.hint_zh == f"是否想写{hint}？" and d.hint_en == f"did you mean {hint}?"


def test_a_reason_without_quotes_is_told_to_quote_it():
    (d,) = diagnose_rules(HEAD + "评分 x 满分 10:\n  扣 1 分 当 真 理由 未填写\n", "t.rules")[1]
    assert (d.code, d.hint_zh, d.hint_en) == ("GR309", '文字和指标值都要加引号："未填写"', 'put texts and targets in double quotes: "未填写"')


def test_every_syntax_error_of_a_block_at_once():
    """One mistake does not hide the next, also inside one section: each full-width symbol,
    each broken deduction; and leaving a broken line out invents nothing."""
    text = ("评分 x 满分 10：\n  扣 5 份 当 真\n  扣 1 分 当 监控月份 ＜ 6\n    理由 \"a\"\n"
            "  扣 1 分 档 真\n  扣 1 分 当 （监控月份 > 1）\n  扣 1 分 当 真\n")  # fmt: skip
    found = [(d.span.line, d.span.column, d.code) for d in diagnose_rules(HEAD + text, "t.rules")[1]]
    assert found == [(2, 11, "GR314"), (3, 7, "GR309"), (4, 16, "GR314"), (6, 9, "GR309"), (7, 11, "GR314"), (7, 20, "GR314")]
    only = "评分 x 满分 10:\n  扣 5 份 当 真\n"  # the section's only line is left out: no “needs indented lines”
    assert [d.code for d in diagnose_rules(HEAD + only, "t.rules")[1]] == ["GR309"]


def test_a_parenthesis_left_open_is_one_error_that_names_it():
    """After an unclosed “(” the next lines read as its continuation: one error, not one per line."""
    text = "评分 x 满分 10:\n  扣 1 分 当 (监控月份 > 1\n  扣 2 分 当 监控月份 > 2\n  扣 2 分 当 监控月份 > 3\n"
    (d,) = diagnose_rules(HEAD + text, "t.rules")[1]
    assert (d.code, d.span.line, d.hint_zh, d.hint_en) == ("GR309", 4, "第 3 行的“(”没有闭合", "the “(” on line 3 is not closed")


def test_a_template_field_is_pointed_at_where_it_is_written():
    (d,) = diagnose_rules(HEAD + "评分 x 满分 10:\n  扣 1 分 当 监控月份 > 6\n    理由 \"过了{监控月分:%0}\"\n", "t.rules")[1]
    assert (d.code, d.span.line, d.span.column, d.span.end_column) == ("GR401", 4, 11, 20)
    assert d.render().splitlines()[2] == "    " + " " * 14 + "^" * 13  # past `  理由 "过了`; under {监控月分:%0}, 监控月分 two cells a character


def test_the_caret_is_as_wide_as_the_text_under_wide_characters():
    (d,) = [d for d in diagnose_rules(HEAD + "设 a = 平局(1)\n", "t.rules")[1] if d.code == "GR402"]
    source, caret = d.render().splitlines()[1:3]
    assert source == "    设 a = 平局(1)" and caret == "    " + " " * 7 + "^" * 7  # 平局 two cells each, (1) one each


def test_no_lark_terminal_names_in_any_message():
    broken = ["设 a = 1 2\n", "设 a = (1 +\n", "评分 x 满分 10:\n  扣 5 分 当 真 理由 \"x\" y\n", "检查 c 严重性 警告 当\n", "核对 a 对照\n", "设 a = 最大(1,\n"]
    for text in broken:
        for d in diagnose_rules(HEAD + text, "t.rules")[1]:
            for word in ("NAME", "NUMBER", "STRING", "_NL", "_INDENT", "$END", "CMP", "LPAR", "RPAR", "COLON"):
                assert word not in d.zh and word not in d.en, (text, d.zh, d.en)


INTERNAL = re.compile(r"\b(NAME|NUMBER|STRING|CMP|LPAR|RPAR|COLON|ARROW|ISO_DATE|[A-Z]+_[A-Z_]+)\b|__ANON|\$END|_NL|_INDENT|_DEDENT")
PLACEHOLDER = re.compile(r"(?:ruleset|let|设) NAME")  # “ruleset NAME” in a message is what to write, not a terminal
TYPOS = ["：", "（", "）", "＝", "＜", "％", "\"", "“", ":", "=>", "  ", "\t", "\n", "扣", "分", "份", "当", "理由", "设", "评分", "#", "(", ")", "且", "%", "{", "分档", "否则", "每个指标", "\u3000", ""]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted((ROOT / "rules").glob("*.rules"))), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 4), st.sampled_from(TYPOS)), min_size=1, max_size=3))
def test_any_typo_in_a_shipped_file_gets_diagnostics_in_our_words_never_an_exception(path: Path, edits: list[tuple[int, int, int, str]]):
    """A typo anywhere (a character replaced, dropped or put in): check never raises,
    every message and hint is in govrules' words (no Lark terminal names), and the
    diagnostics come sorted by position."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for line, column, drop, typed in edits:
        i = line % len(lines)
        j = column % (len(lines[i]) + 1)
        lines[i] = lines[i][:j] + typed + lines[i][j + drop :]
    text = "\n".join(lines)
    found = diagnose_rules(text, "t.rules")[1]
    for d in found:
        for said in (d.zh, d.en, d.hint_zh, d.hint_en):
            assert not INTERNAL.search(PLACEHOLDER.sub("", said)), (d.code, said)
    positions = [(d.span.line, d.span.column) for d in found if d.span]
    assert positions == sorted(positions)
    if not any(d.severity is Severity.ERROR for d in found):
        format_rules(text, "t.rules")  # a file check accepts can be formatted


# --- versions (GR412) ----------------------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def version(name: str, valid: str, number: str, applies: str = "绩效监控情况表") -> str:
    return f"规则集 {name}\n适用于 {applies}\n有效期 {valid}\n版本 {number}\n评分 x 满分 10:\n  得分 = 10\n"


def test_overlapping_periods_of_one_rule_set(tmp_path: Path):
    write(tmp_path, "a.rules", version("审核", "2020 至 2021", "1"))
    write(tmp_path, "b.rules", version("审核", "2021-07-01 至 2022-12-31", "2"))
    found = diagnose_paths([tmp_path])
    assert [(d.code, Path(d.span.file).name) for d in found] == [("GR412", "b.rules")]
    assert "a.rules:1" in found[0].zh


def test_same_version_number(tmp_path: Path):
    write(tmp_path, "a.rules", version("审核", "2020 至 2020", "1"))
    write(tmp_path, "b.rules", version("审核", "2021 至 2021", "1"))
    assert [d.code for d in diagnose_paths([tmp_path])] == ["GR412"]


def test_successive_versions_and_other_rule_sets_are_clean(tmp_path: Path):
    write(tmp_path, "a.rules", version("审核", "2020 至 2020", "1"))
    write(tmp_path, "b.rules", version("审核", "2021-01-01 至 2022-12-31", "2"))
    write(tmp_path, "c.rules", version("审核", "2020 至 2020", "1", applies="绩效自评表"))  # another kind
    write(tmp_path, "d.rules", version("别的", "2020 至 2020", "1"))
    assert diagnose_paths([tmp_path]) == []


def test_kind_spellings_group_together(tmp_path: Path):
    write(tmp_path, "a.rules", version("审核", "2020 至 2020", "1", applies="绩效监控情况表"))
    write(tmp_path, "b.rules", version("审核", "2020 至 2020", "2", applies="monitoring"))
    assert [d.code for d in diagnose_paths([tmp_path])] == ["GR412"]


# --- the command line ------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_shipped_rule_sets_pass_strict(capsys: pytest.CaptureFixture[str]):
    code, out = run(capsys, "check", "--strict", str(ROOT / "rules"))
    assert code == 0, out
    assert "错误[" not in out and "警告[" not in out


def test_exit_codes_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    clean = write(tmp_path, "clean.rules", HEAD + "评分 x 满分 10:\n  得分 = 10\n")
    warned = write(tmp_path, "warned.rules", HEAD + "评分 x 满分 10:\n  扣 1 分 当 假\n")
    broken = write(tmp_path, "broken.rules", HEAD + "设 a = 平局(1)\n")
    assert run(capsys, "check", str(clean)) == (0, "没有发现问题\n")
    assert run(capsys, "check", str(warned))[0] == 0
    assert run(capsys, "check", "--strict", str(warned))[0] == 1
    assert run(capsys, "check", str(broken))[0] == 1
    assert run(capsys, "check", str(tmp_path / "missing.rules")) == (1, f"{tmp_path / 'missing.rules'}:1:1: 错误[GR300]: 无法读取规则文件：文件不存在\n1 个错误\n")
    with pytest.raises(SystemExit) as e:
        main(["check"])
    assert e.value.code == 2
    capsys.readouterr()


def test_output_is_sorted_with_source_caret_hint_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    b = write(tmp_path, "b.rules", "规则集 乙\n评分 y 满分 10:\n  得分 = 平局(1)\n设时间进度 = 1\n评分 x 满分 10:\n  扣 1 分 当 假\n")
    a = write(tmp_path, "a.rules", "规则集 甲\n评分 x 满分 10:\n  得分 = 未知\n")
    code, out = run(capsys, "check", str(b), str(a))
    heads = [line for line in out.splitlines() if line.startswith(str(tmp_path))]
    assert [h.split(": ")[0].replace(str(tmp_path) + "/", "") for h in heads] == ["a.rules:3:8", "b.rules:3:8", "b.rules:4:1", "b.rules:6:3"]
    assert code == 1
    assert "      得分 = 平局(1)\n" in out and "^^^^^" in out and "提示: 是否想写“平均”？" in out
    assert out.splitlines()[-1] == "3 个错误，1 个警告"


def test_english_after_the_subcommand_and_globally(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    p = write(tmp_path, "x.rules", HEAD + "评分 x 满分 10:\n  得分 = 平局(1) + 未知\n")
    after = run(capsys, "check", "--lang", "en", str(p))
    before = run(capsys, "--lang", "en", "check", str(p))
    assert after == before
    assert "error[GR402]: unknown function “平局”" in after[1] and after[1].splitlines()[-1] == "2 errors"
    assert run(capsys, "check", str(p))[1].splitlines()[-1] == "2 个错误"


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    p = write(tmp_path, "x.rules", HEAD + "评分 x 满分 10:\n  得分 = 平局(1)\n")
    code, out = run(capsys, "check", "--json", str(p))
    data = json.loads(out)
    assert data["format_version"] == "1.0" and data["failed"] is True
    assert code == 1 and [(d["code"], d["severity"], d["span"]["line"]) for d in data["diagnostics"]] == [("GR402", "error", 3)]


def test_duplicates_are_reported_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    p = write(tmp_path, "x.rules", HEAD + "评分 x 满分 10:\n  得分 = 平局(1)\n")
    code, out = run(capsys, "check", str(p), str(p), str(tmp_path))
    assert out.count("GR402") == 1 and out.splitlines()[-1] == "1 个错误"


def test_empty_directory_is_a_diagnostic(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code, out = run(capsys, "check", str(tmp_path))
    assert code == 1 and "GR300" in out and "没有 .rules 文件" in out


def test_files_that_are_not_utf8_text_say_what_they_look_like(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    gbk = tmp_path / "gbk.rules"
    gbk.write_bytes("规则集 测试\n评分 a 满分 10:\n  得分 = 10\n".encode("gbk"))  # what Windows Notepad of old saved
    (tmp_path / "binary.rules").write_bytes(b"PK\x03\x04\x00\xff\xfe")
    (tmp_path / "empty.rules").write_bytes(b"")
    code, out = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert "binary.rules:1:1: 错误[GR300]: 无法读取规则文件：不是文本文件" in out
    assert "empty.rules:1:1: 错误[GR301]: 文件是空的：文件须以“规则集 名称”开头" in out
    assert "gbk.rules:1:1: 错误[GR300]: 无法读取规则文件：不是 UTF-8 编码，看来是 GBK（GB18030）编码" in out and "“另存为”时编码选 UTF-8" in out
    assert "looks like GBK" in run(capsys, "--lang", "en", "check", str(gbk))[1]


def test_load_rule_sets_refuses_overlapping_versions(tmp_path: Path):
    from govrules.rules.compile import load_rule_sets

    write(tmp_path, "a.rules", version("审核", "2020 至 2020", "1"))
    write(tmp_path, "b.rules", version("审核", "2021 至 2021", "2"))
    assert [r.version for r in load_rule_sets([tmp_path])] == ["1", "2"]
    write(tmp_path, "c.rules", version("审核", "2021-06-01 至 2021-12-31", "3"))
    with pytest.raises(GovrulesError) as e:
        load_rule_sets([tmp_path])
    assert [(d.code, Path(d.span.file).name) for d in e.value.diagnostics] == [("GR412", "c.rules")]


# --- includes (引用) ------------------------------------------------------------------------------


def test_names_from_included_files_are_known_and_used(tmp_path: Path):
    write(tmp_path, "common.rules", "规则集 公共\n设 进度 = 监控月份 / 12\n设 多余 = 1\n")
    write(tmp_path, "main.rules", "规则集 主\n引用 \"common.rules\"\n评分 x 满分 10:\n  扣 5 分 当 执行数 / 预算数 < 进度\n设 c = 未知\n")
    found = diagnose_paths([tmp_path])
    # 进度 is used by the file that includes it; 多余 is used by nobody; 未知 is unknown everywhere
    assert [(Path(d.span.file).name, d.code, d.span.line) for d in found] == [
        ("common.rules", "GR424", 3), ("main.rules", "GR424", 5), ("main.rules", "GR401", 5)]  # fmt: skip


def test_a_missing_include_is_reported_without_guessing_names(tmp_path: Path):
    write(tmp_path, "main.rules", "规则集 主\n引用 \"nope.rules\"\n评分 x 满分 10:\n  得分 = 进度\n")
    assert [d.code for d in diagnose_paths([tmp_path])] == ["GR300"]


def test_a_name_whose_definition_lacks_the_space_is_not_also_unknown():
    found = diagnose_rules(HEAD + "设时间进度 = 监控月份 / 12\n评分 x 满分 10:\n  扣 1 分 当 执行数 / 预算数 < 时间进度\n", "t.rules")[1]
    assert [d.code for d in found] == ["GR308"]


# --- the body of a block whose first line does not parse is still checked ---------------------


def where(text: str) -> list[tuple[str, int]]:
    return [(d.code, d.span.line) for d in diagnose_rules(HEAD + text, "t.rules")[1] if d.span is not None]


@pytest.mark.parametrize(("text", "expected"), [
    # 满分 十 (a Chinese numeral): the deductions under it are still read
    ("设 执行率 = 执行数 / 预算数\n评分 x 满分 十:\n  扣 5 分 当 执形率 < 60%\n  扣 5 分 当 执行率 <\n",
     [("GR309", 3), ("GR401", 4), ("GR307", 5)]),
    # a broken 每个指标 设 … : its cases may use an indicator's cells
    ("每个指标 设 类别 = :\n  完成值 是 数量 => \"计数\"\n  未知名 > 1 => \"x\"\n  否则 => \"其他\"\n检查 c 严重性 提示 当 计数(类别 = \"计数\") > 1\n",
     [("GR309", 2), ("GR401", 4)]),
    # a broken band header: its bands are still read
    ("设 等级 = 分档 总分 总分:\n  \"≥90\" => \"优\"\n  \"很多\" => \"良\"\n", [("GR309", 2), ("GR409", 4)]),
])  # fmt: skip
def test_the_body_under_a_broken_first_line_is_checked(text: str, expected: list[tuple[str, int]]):
    found = where(text)
    assert [f for f in found if f[0] != "GR424"] == expected
    assert not any("第" in d.zh and "行”" in d.zh for d in diagnose_rules(HEAD + text, "t.rules")[1])  # the stand-in's name never shows


def test_a_name_used_only_on_a_broken_line_is_not_reported_unused():
    text = "设 执行率 = 执行数 / 预算数\n评分 x 满分 10:\n  扣 5 分 当 执行率 <\n"
    assert [c for c, _ in where(text)] == ["GR307"]


def test_the_other_lines_of_a_block_with_a_broken_line_are_checked():
    text = "设 执行率 = 执行数 / 预算数\n评分 x 满分 10:\n  扣 5 分 当 执形率 < 60%\n  扣 5 分 当 执行率 <\n  扣 5 分 当 执行率 > 预算数\n"
    assert where(text) == [("GR401", 4), ("GR307", 5), ("GR407", 6)]


def test_a_band_left_out_for_a_syntax_error_is_not_reported_as_a_gap():
    text = '设 等级 = 分档 监控月份:\n  "≥9" => "优"\n  "≥6且<9" => "中"\n  "<6" =>\n检查 c 严重性 提示 当 等级 = "优"\n'
    assert [c for c, _ in where(text)] == ["GR307"]
    assert "GR420" in codes(text.replace('  "<6" =>\n', ""))  # without the line the gap is real


def test_a_broken_first_line_without_a_body_gets_one_error():
    assert where("设 x = 平均(完成值:\n评分 z 满分 十:\n设 y = 1\n") == [("GR309", 2), ("GR309", 3), ("GR424", 4)]
