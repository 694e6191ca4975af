"""``govrules fmt``: canonical layout, idempotence, comments kept, the syntax tree unchanged,
and the same results from the Chinese and the English spelling of every shipped rule set."""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govrules.cli import main
from govrules.errors import GovrulesError, Span
from govrules.grammars import parser as grammar_parser
from govrules.rules import ast, compile_rules, evaluate, load_rules
from govrules.rules.format import (
    OPERATORS,
    WIDTH,
    _Printer,
    comments,
    display_width,
    dominant_keywords,
    format_rules,
    keyword_table,
    without_spans,
)
from govrules.rules.parse import TERMINALS, parse_rules
from govrules.submissions import load_submission

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "rules").glob("*.rules"))
EXAMPLES = {
    "monitoring_review.rules": sorted((ROOT / "examples/001_monitoring").glob("0*.yaml")),
    "self_evaluation.rules": sorted((ROOT / "examples/002_self_evaluation").glob("*.yaml")),
    "target_table_checks.rules": sorted((ROOT / "examples").glob("00[03]_target_tables/*.yaml")),
}


def assert_formatted_well(source: str, keywords: str | None = None) -> str:
    """Format, then check the three promises: idempotent, same tree, same comments."""
    out = format_rules(source, "<t>", keywords)
    assert format_rules(out, "<t>", keywords) == out
    assert format_rules(out, "<t>") == out  # the output's own language is kept
    assert without_spans(parse_rules(out)) == without_spans(parse_rules(source))
    assert Counter(comments(out)) == Counter(comments(source))
    assert out.endswith("\n") and not out.endswith("\n\n") and "\n\n\n" not in out
    return out


# --- the shipped rule sets --------------------------------------------------------------


@pytest.mark.parametrize("keywords", [None, "zh", "en"])
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_rule_files_format_idempotently_and_keep_tree_and_comments(path, keywords):
    source = path.read_text(encoding="utf-8")
    out = assert_formatted_well(source, keywords)
    assert dominant_keywords(out) == (keywords or "zh")
    # the two spellings are one layout: back to Chinese gives what Chinese gives directly
    assert format_rules(out, "<t>", "zh") == format_rules(source, "<t>", "zh")


def _comparable(obj: Any) -> Any:
    """A result's JSON without what legitimately differs between two layouts: rule line numbers
    and texts, and so the hash of the rule text."""
    if isinstance(obj, dict):
        if set(obj) == {"file", "line", "text"}:
            return {"file": obj["file"]}
        return {k: _comparable(v) for k, v in obj.items() if k != "rules_hash"}
    if isinstance(obj, list | tuple):
        return [_comparable(v) for v in obj]
    return obj


CASES = [(name, example) for name, examples in EXAMPLES.items() for example in examples]


def _load_spelt(text: str, rules: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A spelling of a shipped rule file, loaded beside a copy of the files it includes
    (rules/common), by the same relative path for every spelling."""
    shutil.copytree(ROOT / "rules" / "common", folder / "rules" / "common")
    (folder / "rules" / rules).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    return load_rules(Path("rules") / rules)


@pytest.mark.parametrize(("rules", "example"), CASES, ids=[f"{r}-{e.parent.name}/{e.name}" for r, e in CASES])
def test_chinese_and_english_keywords_give_identical_results(rules, example, tmp_path, monkeypatch):
    """THE equivalence test: the original, its Chinese and its English formatting evaluate
    to the same figures, points, deductions, findings and discrepancies."""
    source = (ROOT / "rules" / rules).read_text(encoding="utf-8")
    spelt = {"source": source, "zh": format_rules(source, rules, "zh"), "en": format_rules(source, rules, "en")}
    assert re.search(r"^(ruleset|let|section|check|reconcile) ", spelt["en"], re.M)
    assert not re.search(r"^(规则集|设|评分|检查|核对|每个指标) ", spelt["en"], re.M)
    submission = load_submission(example)
    results = {k: _comparable(evaluate(_load_spelt(text, rules, tmp_path / k, monkeypatch), submission).model_dump(mode="json")) for k, text in spelt.items()}
    assert results["zh"] == results["source"]
    assert results["en"] == results["source"]
    r = results["source"]
    assert r["sections"] or r["findings"] or r["figures"], "the comparison must compare something"


def test_the_equivalence_test_sees_a_change_of_meaning():
    """The comparison is not blind: one changed number changes the results."""
    source = (ROOT / "rules/monitoring_review.rules").read_text(encoding="utf-8")
    changed = source.replace("扣 10 分 当 预算数 为空", "扣 9 分 当 预算数 为空").replace("设 时间进度 = 监控月份 / 12", "设 时间进度 = 监控月份 / 10")
    assert changed != source
    sub = load_submission(EXAMPLES["monitoring_review.rules"][0])
    a, b = (_comparable(evaluate(compile_rules(t, "m.rules"), sub).model_dump(mode="json")) for t in (source, changed))
    assert a != b


# --- a messy file ------------------------------------------------------------------------

MESSY = (
    "\n\n# 开头的注释\n"
    "规则集   示例   # 名称\n"
    "version 2\n"
    "适用 绩效监控情况表\n"
    "有效期\t2020 至 2021\n"
    "\n\n\n"
    "# 一个定义\n"
    "设 x=((a + b))*c # 冗余括号\n"
    "let   y = a-(b-c)\u3000+ (d*e)\n"
    "每个指标 设 z:\n"
    "    # 情形前的注释\n"
    "    a>=1 且 (b <= 2 or 非 c) → \"一\"   # 尾注\n"
    "\n"
    "    otherwise => 无法计算 '无' \n"
    "评分 段 满分 30:  # 段注\n"
    "\t扣 2×n 分 每个指标 当 (x 为空) 且 y is not empty 理由 \"说明 # 不是注释\"\n"
    "\t扣 1 分 当 (\n"
    "\t\t甲 + # 括号里的注释\n"
    "\t\t乙) > 0\n"
    "\t\t# 理由前的注释\n"
    "\t\t理由 “含\"引号”\n"
    "\t得分 = 分档 x:\n"
    "\t\t\"≥90\" => 真\n"
    "\t\t\"<90\"=>false\n"
    "check 空 severity 警告 当 计数(一级指标 包含 \"满意度\") == 0\n"
    "核对 每个指标 完成率 对照 报告完成率 容差 0.50%\n"
    "# 结尾的注释\n\n"
)

MESSY_ZH = """\
# 开头的注释
规则集 示例  # 名称
适用于 绩效监控情况表
有效期 2020 至 2021
版本 2

# 一个定义
设 x = (a + b) × c  # 冗余括号
设 y = a - (b - c) + d × e
每个指标 设 z:
  # 情形前的注释
  a ≥ 1 且 (b ≤ 2 或 非 c) => "一"  # 尾注

  否则 => 无法计算 "无"
评分 段 满分 30:  # 段注
  得分 = 分档 x:
    "≥90" => 真
    "<90" => 假
  扣 2 × n 分 每个指标 当 x 为空 且 y 不为空 理由 "说明 # 不是注释"
  # 理由前的注释
  扣 1 分 当 甲 + 乙 > 0 理由 “含"引号”  # 括号里的注释
检查 空 严重性 警告 当 计数(一级指标 包含 "满意度") = 0
核对 每个指标 完成率 对照 报告完成率 容差 0.50%
# 结尾的注释
"""


def test_a_messy_file_gets_the_canonical_layout():
    assert assert_formatted_well(MESSY.replace("'无'", '"无"'), "zh") == MESSY_ZH


def test_the_messy_file_in_english():
    out = assert_formatted_well(MESSY_ZH, "en")
    assert "  deduct 2 * n points each when x is empty and y is not empty\n    because \"说明 # 不是注释\"\n" in out
    assert "  deduct 1 point when 甲 + 乙 > 0 because “含\"引号”  # 括号里的注释\n" in out
    assert "check 空 severity warning when 计数(一级指标 contains \"满意度\") = 0\n" in out
    assert "  a >= 1 and (b <= 2 or not c) => \"一\"  # 尾注\n" in out
    assert format_rules(out, "<t>", "zh") == MESSY_ZH


def test_a_file_with_a_syntax_error_is_not_formatted():
    with pytest.raises(GovrulesError) as e:
        format_rules("规则集 x\n设 a = (1 +\n")
    assert e.value.diagnostics[0].code.startswith("GR3")


def test_a_name_spelt_like_an_english_keyword_is_refused_not_changed():
    """`是 empty` (the kind "empty") would read as `is empty` in English: GR390, never a silent change."""
    source = "规则集 x\n每个指标 设 k = 指标值 是 empty\n"
    assert_formatted_well(source, "zh")
    with pytest.raises(GovrulesError) as e:
        format_rules(source, "<t>", "en")
    assert e.value.diagnostics[0].code == "GR390" and e.value.diagnostics[0].span.line == 2


# --- layout details ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("(a + b) × c", "(a + b) × c"),
        ("a + (b × c)", "a + b × c"),
        ("(a - b) - c", "a - b - c"),
        ("a - (b - c)", "a - (b - c)"),
        ("a / (b / c)", "a / (b / c)"),
        ("a ÷ b * c", "a / b × c"),
        ("(非 a) 且 b", "非 a 且 b"),
        ("非 (a 且 b)", "非 (a 且 b)"),
        ("a 或 (b 或 c)", "a 或 (b 或 c)"),
        ("(a 或 b) 且 c", "(a 或 b) 且 c"),
        ("-(a + b)", "-(a + b)"),
        ("- - a", "--a"),
        ("(-a) * b", "-a × b"),
        ("(a = b) = 真", "(a = b) = 真"),
        ("a = (b = c)", "a = (b = c)"),
        ("(a 为空) 或 (b 不为空)", "a 为空 或 b 不为空"),
        ("(a + b) 满足 \"≥90%\"", "a + b 满足 \"≥90%\""),
        ("(非 a) + 1", "(非 a) + 1"),
        ("f((a), (b 或 c))", "f(a, b 或 c)"),
        ("f()", "f()"),
        ("((((x))))", "x"),
        ("a != b", "a ≠ b"),
        ("a==b", "a = b"),
        ("0.50 + 95% + 1.0", "0.50 + 95% + 1.0"),
        ("0.0000001", "0.0000001"),
        ("无法计算 \"原因\" + 1", "无法计算 \"原因\" + 1"),
    ],
)
def test_parentheses_only_where_precedence_needs_them(written, canonical):
    out = assert_formatted_well(f"规则集 t\n设 v = {written}\n")
    assert out == f"规则集 t\n设 v = {canonical}\n"


def test_a_long_deduction_moves_its_reason_to_the_next_line_and_a_short_one_joins():
    long_condition = " 或 ".join(f"第{i}项 为空" for i in range(8))
    source = f"规则集 t\n评分 段 满分 10:\n  扣 1 分 当 甲 为空\n    理由 \"短\"\n  扣 1 分 当 {long_condition} 理由 \"长\"\n"
    out = assert_formatted_well(source)
    lines = out.splitlines()
    assert lines[2] == '  扣 1 分 当 甲 为空 理由 "短"'
    assert lines[3].endswith("第7项 为空") and lines[4] == '    理由 "长"'
    assert all(display_width(line) <= WIDTH for line in lines[:3])
    assert display_width(lines[3] + ' 理由 "长"') > WIDTH


def test_the_layout_depends_on_the_tree_not_on_the_source_layout():
    a = "规则集 t\n每个指标 设 k:\n  甲 > 1 => 1\n  否则 => 0\n"
    b = "规则集   t\n每个指标   设 k :\n\t(甲)>1   =>1\n\totherwise=>(0)\n"
    assert format_rules(a) == format_rules(b, keywords="zh") == a


def test_comments_and_blank_lines_are_kept_where_they_belong():
    source = (
        "# 头\n\n\n规则集 t\n# 定义前\n设 a = 1  # 行尾\n\n\n\n"
        "评分 s 满分 10:\n  # 扣分前\n  扣 1 分 当 a > 1  # 尾一\n    理由 \"r\"  # 尾二\n"
        "  # 块末\n# 文末一\n\n# 文末二\n"
    )
    out = assert_formatted_well(source)
    assert out == (
        "# 头\n\n规则集 t\n# 定义前\n设 a = 1  # 行尾\n\n"
        "评分 s 满分 10:\n  # 扣分前\n  # 尾一\n  扣 1 分 当 a > 1 理由 \"r\"  # 尾二\n"
        "# 块末\n# 文末一\n\n# 文末二\n"
    )


def test_a_hash_inside_quoted_text_is_not_a_comment():
    assert comments('设 a = "#1" # 真注释\n设 b = “#2”\n') == ["# 真注释"]


def test_keywords_default_to_the_files_own_language():
    assert dominant_keywords("ruleset t\nlet a = 1\n设 b = 2\nlet c = 3\n") == "en"
    assert dominant_keywords("规则集 t\nlet a = 1\n设 b = 2\n") == "zh"
    assert dominant_keywords("规则集 t\n设 得分率 = 分数\n") == "zh"  # 分 inside a name is no keyword
    assert format_rules("ruleset t\nlet a = 1 *2\n").startswith("ruleset t\nlet a = 1 * 2\n")


# --- the keyword table comes from the grammar -----------------------------------------


def test_every_keyword_terminal_of_the_grammar_has_both_spellings_that_lex_as_that_keyword():
    table = keyword_table()
    terminals = {t.name: t for t in grammar_parser("rules", "start").terminals}
    keyword_terminals = {n for n, t in terminals.items() if t.pattern.value.endswith(r"(?![^\W\d])")}
    assert set(table) == keyword_terminals and len(table) >= 34
    for name, (zh, en) in table.items():
        assert zh and en and not zh.isascii() and en.isascii(), name
        for spelling in (zh, en):
            assert re.fullmatch(terminals[name].pattern.value, spelling), (name, spelling)
        assert TERMINALS[name] == (zh, en), name  # the parser's messages name the same spellings


KITCHEN_SINK = """\
规则集 全部
适用于 绩效监控情况表
有效期 2020-01-01 至 2020-12-31
版本 1
引用 "公共.rules"
每个指标 设 a:
  x 是 数量 且 y 不是 定性 => 真
  非 z 为空 或 w 不为空 => 假
  v 满足 "≥90%" 且 u 包含 "t" => 无法计算 "n"
  否则 => 1
设 b = 分档 总分:
  "≥60" => 1
评分 s 满分 10:
  得分 = 满分 × b
  扣 2 分 每个指标 当 a 理由 "r"
检查 c 严重性 提示 每个指标 当 a 理由 "r"
核对 每个指标 a 对照 b 容差 1%
"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_printer_uses_every_keyword_of_the_grammar(lang):
    out = assert_formatted_well(KITCHEN_SINK, lang)
    for name, spellings in keyword_table().items():
        spelling = spellings[lang == "en"]
        assert re.search(rf"(?<![\w·]){re.escape(spelling)}(?![^\W\d])", out), (lang, name, spelling)
    other = keyword_table()["DEDUCT"][lang != "en"]
    assert other not in out


# --- random expressions: print, parse, compare ----------------------------------------------

SPAN = Span("<h>", 1, 1)
NAMES = st.sampled_from(["甲", "乙", "完成率", "amount", "x1", "满分·调整"])


def _leaf() -> st.SearchStrategy[ast.Expr]:
    return st.one_of(
        st.builds(lambda v, p: ast.Number(Decimal(v), p, SPAN), st.sampled_from(["0", "1", "12.50", "95", "0.005"]), st.booleans()),
        st.builds(lambda v: ast.Text(v, SPAN), st.sampled_from(["", "文字", 'a"b', "#不是注释"])),
        st.builds(lambda v: ast.Bool(v, SPAN), st.booleans()),
        st.builds(lambda n: ast.Name(n, SPAN), NAMES),
        st.builds(lambda r: ast.NotComputable(r, SPAN), st.sampled_from(["原因", "why"])),
    )


def _grow(inner: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    ops = sorted(OPERATORS) + ["and", "or", "contains"]
    return st.one_of(
        st.builds(lambda op, a, b: ast.Binary(op, a, b, SPAN), st.sampled_from(ops), inner, inner),
        st.builds(lambda op, a: ast.Unary(op, a, SPAN), st.sampled_from(["not", "-"]), inner),
        st.builds(lambda op, a, arg: ast.Test(op, a, arg if op in ("is", "is_not", "satisfies") else "", SPAN),
                  st.sampled_from(["is", "is_not", "empty", "not_empty", "satisfies"]), inner, st.sampled_from(["数量", "定性"])),
        st.builds(lambda f, args: ast.Call(f, tuple(args), SPAN), st.sampled_from(["最小", "平均"]), st.lists(inner, max_size=3)),
    )  # fmt: skip


EXPRESSIONS = st.recursive(_leaf(), _grow, max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS, st.sampled_from(["zh", "en"]))
def test_any_expression_prints_to_text_that_parses_back_to_it(expr, lang):
    printer = _Printer(lang)
    text = f"{printer.kw('RULESET')} t\n{printer.kw('LET')} v = {printer.expr(expr)}\n"
    parsed = parse_rules(text)
    assert without_spans(parsed.statements[0].expr) == without_spans(expr), text
    assert format_rules(text, keywords=lang) == text


# --- the command -----------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path):
    (tmp_path / "ok.rules").write_text("规则集 好\n设 a = 1\n", encoding="utf-8")
    (tmp_path / "messy.rules").write_text("规则集 乱\n设 a=(1)\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a rule file", encoding="utf-8")
    return tmp_path


def test_fmt_check_changes_nothing_and_lists_what_would_change(files, capsys):
    before = {p.name: p.read_bytes() for p in files.iterdir()}
    assert main(["fmt", "--check", str(files)]) == 1
    out = capsys.readouterr()
    assert "messy.rules" in out.out and "ok.rules" not in out.out
    assert "共 2 个文件：1 个需要整理" in out.err
    assert {p.name: p.read_bytes() for p in files.iterdir()} == before
    assert main(["fmt", "--check", str(files / "ok.rules")]) == 0


def test_fmt_rewrites_in_place_only_what_changes(files, capsys):
    ok_mtime = (files / "ok.rules").stat().st_mtime_ns
    assert main(["--lang", "en", "fmt", str(files)]) == 0
    out = capsys.readouterr()
    assert out.out == f"reformatted {files / 'messy.rules'}\n"
    assert "2 files: 1 reformatted, 1 unchanged" in out.err
    assert (files / "messy.rules").read_text(encoding="utf-8") == "规则集 乱\n设 a = 1\n"
    assert (files / "ok.rules").stat().st_mtime_ns == ok_mtime
    assert main(["fmt", "--check", str(files)]) == 0


def test_fmt_diff_prints_a_unified_diff_and_writes_nothing(files, capsys):
    assert main(["fmt", "--diff", str(files / "messy.rules")]) == 0
    out = capsys.readouterr().out
    assert "-设 a=(1)\n+设 a = 1\n" in out and out.startswith("--- a/")
    assert (files / "messy.rules").read_text(encoding="utf-8") == "规则集 乱\n设 a=(1)\n"


def test_fmt_keywords_rewrites_the_language(files, capsys):
    assert main(["fmt", "--keywords", "en", str(files / "ok.rules")]) == 0
    assert (files / "ok.rules").read_text(encoding="utf-8") == "ruleset 好\nlet a = 1\n"


def test_fmt_reads_stdin_and_writes_stdout(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("规则集 t\nlet  a=1 # c\n".encode("utf-8"))))
    assert main(["fmt", "--keywords", "zh", "-"]) == 0
    out = capsys.readouterr()
    assert out.out == "规则集 t\n设 a = 1  # c\n" and out.err == ""


def test_fmt_reads_stdin_as_utf8_whatever_the_locale(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("规则集 t\n".encode("gbk")), encoding="ascii", errors="surrogateescape"))
    assert main(["fmt", "-"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith("<stdin>:1:1: 错误[GR300]: 无法读取规则文件：不是 UTF-8 编码，看来是 GBK")


def test_fmt_refuses_a_file_with_syntax_errors_and_leaves_it(files, capsys):
    bad = files / "bad.rules"
    bad.write_text("规则集 坏\n设 a = (1 +\n设 b = \"未闭合\n", encoding="utf-8")
    assert main(["fmt", str(files)]) == 1
    err = capsys.readouterr().err
    assert "GR3" in err and "bad.rules:2" in err and "bad.rules:3" in err and "Traceback" not in err
    assert bad.read_text(encoding="utf-8") == "规则集 坏\n设 a = (1 +\n设 b = \"未闭合\n"
    assert (files / "messy.rules").read_text(encoding="utf-8") == "规则集 乱\n设 a = 1\n"  # the others are done


def test_fmt_reports_a_missing_path(tmp_path, capsys):
    assert main(["--lang", "en", "fmt", str(tmp_path / "nope.rules")]) == 1
    assert "GR300" in capsys.readouterr().err


def test_files_not_formatted_are_not_counted_as_unchanged(tmp_path, capsys):
    (tmp_path / "bad.rules").write_text("规则集 坏\n设 a = (1 +\n", encoding="utf-8")
    (tmp_path / "gbk.rules").write_bytes("规则集 测试\n".encode("gbk"))
    (tmp_path / "ok.rules").write_text("规则集 好\n设 a = 1\n", encoding="utf-8")
    assert main(["fmt", "--check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "GBK" in err and err.splitlines()[-1] == "共 3 个文件：0 个需要整理，1 个无需改动，2 个有错误未整理"
    assert main(["--lang", "en", "fmt", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "3 files: 0 reformatted, 1 unchanged, 2 not formatted (errors above)"


def test_windows_line_endings_and_a_byte_order_mark(tmp_path, capsys):
    unix = "规则集 t\n设 a = 1  # 注\n"
    assert format_rules(unix.replace("\n", "\r\n")) == unix
    f = tmp_path / "win.rules"
    f.write_bytes(b"\xef\xbb\xbf" + unix.replace("\n", "\r\n").encode("utf-8"))
    assert main(["fmt", str(f)]) == 0
    assert f.read_bytes() == unix.encode("utf-8")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHIPPED), st.data())
def test_comments_and_blank_lines_anywhere_in_a_shipped_file_survive(path, data):
    """Insert comment lines, trailing comments and blank lines at random places: the result is
    still idempotent, keeps every comment, and means the same."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for n, line in enumerate(lines):
        what = data.draw(st.sampled_from(["keep", "keep", "keep", "comment", "trailing", "blank"]), label=f"line {n}")
        if what == "comment":
            out.append(data.draw(st.sampled_from(["", "  ", "\t", "    "])) + f"# 插入{n}")
        if what == "blank":
            out.append("")
        out.append(line + (f"  # 尾{n}" if what == "trailing" and line.strip() else ""))
    source = "\n".join(out) + "\n"
    for keywords in ("zh", "en"):
        assert_formatted_well(source, keywords)


def test_the_header_takes_its_canonical_order_and_its_comments_go_with_it():
    source = '引用 "a.rules"  # 甲\n# 版本说明\n版本 3\n规则集 t\n有效期 2021 至 2022\n设 x = 1\n'
    out = assert_formatted_well(source)
    assert out == '规则集 t\n有效期 2021 至 2022\n# 版本说明\n版本 3\n引用 "a.rules"  # 甲\n设 x = 1\n'
