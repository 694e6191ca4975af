"""Hostile and huge rule files (issue 13, the loading side): each reproducer of the issue
gives a clear, positioned error or the right answer; nothing else leaves the API.

Limits are in docs/limits.md; speed is measured by benchmarks/load_scale.py, not here.
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govrules.errors import GovrulesError
from govrules.rules import compile_rules, evaluate, load_rules
from govrules.rules import check as check_module
from govrules.rules import loading, parse
from govrules.rules.format import format_rules, without_spans
from govrules.rules.lint import diagnose_paths, diagnose_rules
from govrules.rules.parse import MAX_DEPTH, parse_rules
from govrules.submissions import load_submission

ROOT = Path(__file__).resolve().parents[1]
SUB = load_submission(ROOT / "examples/001_monitoring/03_职工基本医疗保险.yaml")
HEAD = "规则集 大文件\n适用于 绩效监控情况表\n"


def codes(text: str) -> set[str]:
    """The codes every entry point gives for ``text``: load (compile), check and fmt agree."""
    with pytest.raises(GovrulesError) as compiled:
        compile_rules(text)
    _, found = diagnose_rules(text)
    with pytest.raises(GovrulesError) as formatted:
        format_rules(text)
    loaded = {d.code for d in compiled.value.diagnostics}
    assert loaded <= {d.code for d in found} and loaded <= {d.code for d in formatted.value.diagnostics}
    return loaded


def value(text: str, name: str = "a") -> str | bool | None:
    return evaluate(compile_rules(text), SUB).figures[name].value


# --- nesting: refused below Python's recursion limit, with the line --------------------------


@pytest.mark.parametrize(
    "formula",
    [
        "(1 + " * 244 + "1" + ")" * 244,  # 244 nested parentheses
        "绝对值(" * 163 + "1" + ")" * 163,  # 163 nested calls
        "-" * 487 + "1",  # 487 unary minus
        "非 " * 300 + "真",
    ],
    ids=["parentheses", "calls", "minus", "not"],
)
def test_deep_nesting_is_refused_with_its_line(formula: str) -> None:
    text = HEAD + "设 b = 1\n设 a = " + formula + "\n"
    assert codes(text) == {"GR319"}
    with pytest.raises(GovrulesError) as caught:
        compile_rules(text)
    (d,) = caught.value.diagnostics
    assert d.span is not None and d.span.line == 4 and "100" in d.zh and "100" in d.en


def test_nesting_up_to_the_limit_works() -> None:
    depth = MAX_DEPTH - 10
    assert value(HEAD + "设 a = " + "(1 + " * depth + "1" + ")" * depth + "\n") == str(depth + 1)
    assert value(HEAD + "设 a = " + "-" * (depth // 2 * 2) + "7\n") == "7"


def test_nesting_far_beyond_the_interpreter_limit_is_refused_too() -> None:
    n = sys.getrecursionlimit() * 3
    brackets = HEAD + "设 a = " + "(" * n + "1 + 1" + ")" * n + "\n"  # brackets alone nest nothing
    assert value(brackets) == "2" and format_rules(brackets).endswith("设 a = 1 + 1\n")
    assert codes(HEAD + "设 a = " + "最大(1, " * n + "1" + ")" * n + "\n") == {"GR319"}


# --- long flat chains work --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        (" + ".join(["1"] * 600), "600"),  # a flat sum of 600 terms
        (" * ".join(["1"] * 5000), "1"),  # 5,000 ×
        (" 且 ".join(["真"] * 1000), True),  # 1,000 且
        (" 或 ".join(["假"] * 1000 + ["真"]), True),
        (" + ".join(["执行数"] * 2000) + " - 1999 * 执行数", None),  # a long sum inside a mixed formula
    ],
    ids=["sum600", "product5000", "and1000", "or1001", "mixed"],
)
def test_long_flat_chains_load_check_format_and_evaluate(formula: str, expected: object) -> None:
    text = HEAD + "设 a = " + formula + "\n"
    rules = compile_rules(text)
    got = evaluate(rules, SUB).figures["a"].value
    if expected is None:  # 2000 × 执行数 − 1999 × 执行数
        expected = value(HEAD + "设 a = 执行数\n")
        assert got is not None and Decimal(str(got)) == Decimal(str(expected))
    else:
        assert got == expected
    assert [d.code for d in diagnose_rules(text)[1] if d.severity.value == "error"] == []
    formatted = format_rules(text)
    assert without_spans(parse_rules(formatted)) == without_spans(rules.tree)
    assert format_rules(formatted) == formatted


def test_a_long_chain_of_one_operator_is_balanced_and_keeps_its_order() -> None:
    text = HEAD + "设 a = " + " + ".join(f'"{i}"' for i in range(100)) + "\n"
    tree = parse_rules(text)
    depth, todo = 0, [(tree.statements[0].expr, 1)]  # type: ignore[union-attr]
    leaves = []
    while todo:
        node, d = todo.pop()
        depth = max(depth, d)
        if hasattr(node, "left"):
            todo += [(node.right, d + 1), (node.left, d + 1)]
        else:
            leaves.append(node.value)
    assert leaves == [str(i) for i in range(100)] and depth <= 8


def test_a_long_mixed_chain_nests_one_level_per_operator_and_is_refused_past_the_limit() -> None:
    assert codes(HEAD + "设 a = " + " + 1 - ".join(["1"] * 150) + "\n") == {"GR319"}
    assert value(HEAD + "设 a = " + " + 2 - ".join(["1"] * 40) + "\n") == str(1 + 39 * 1)


# --- definitions: cycles and chains -------------------------------------------------------------


def test_a_cycle_of_3000_definitions_is_one_short_error() -> None:
    text = HEAD + "".join(f"设 d{i} = d{(i + 1) % 3000} + 1\n" for i in range(3000))
    with pytest.raises(GovrulesError) as caught:
        compile_rules(text)
    (d,) = caught.value.diagnostics
    assert d.code == "GR405" and "共 3000 个" in d.zh and "3000 in all" in d.en and len(d.zh) < 200


def test_a_chain_of_400_definitions_passes_check() -> None:
    text = HEAD + "".join(f"设 d{i} = d{i + 1} + 1\n" for i in range(400)) + "设 d400 = 执行数 / 预算数\n"
    assert [d.code for d in diagnose_rules(text)[1] if d.severity.value != "info"] == []
    compile_rules(text)


def test_units_are_still_checked_through_definitions() -> None:
    text = HEAD + "设 x = 执行数\n设 y = x\n设 a = y + 50%\n"
    with pytest.raises(GovrulesError) as caught:
        compile_rules(text)
    assert [d.code for d in caught.value.diagnostics] == ["GR407"]


# --- size -------------------------------------------------------------------------------------------


def test_a_10000_section_file_loads() -> None:
    rules = compile_rules(HEAD + "".join(f"评分 第{i}段 满分 10:\n  得分 = 10\n" for i in range(10_000)))
    assert len(rules.sections) == 10_000 and rules.sections[-1].ref.line == 2 + 2 * 10_000 - 1


def test_a_suggestion_compares_a_bounded_number_of_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cost of “did you mean” does not grow with the file (it compared every name)."""
    sizes: list[int] = []
    real = check_module.difflib.get_close_matches

    def counted(word: str, possibilities: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
        sizes.append(len(possibilities))
        return real(word, possibilities, n, cutoff)

    monkeypatch.setattr(check_module.difflib, "get_close_matches", counted)
    text = HEAD + "".join(f"设 指标{i}号 = {i}\n" for i in range(5000)) + "设 a = 指标4999x号 + 预算树\n"
    _, found = diagnose_rules(text)
    hints = {d.zh: d.hint_zh for d in found if d.code == "GR401"}
    assert hints["未知的名称“预算树”"] == "是否想写“预算数”？"
    assert "“指标4999号”" in hints["未知的名称“指标4999x号”"]
    assert sizes and max(sizes) <= check_module.SUGGEST


def test_too_many_statements_are_refused_from_the_first_one_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "MAX_STATEMENTS", 50)
    text = HEAD + "".join(f"设 d{i} = {i}\n" for i in range(100))
    with pytest.raises(GovrulesError) as caught:
        parse_rules(text)
    (d,) = caught.value.diagnostics
    assert d.code == "GR318" and d.span is not None and d.span.line == 50 + 8 + 1  # the 59th block: 2 header lines, then 56 definitions


def test_a_file_too_large_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    text = "#" * (parse.MAX_BYTES + 1)
    with pytest.raises(GovrulesError) as caught:
        parse_rules(text)
    assert [d.code for d in caught.value.diagnostics] == ["GR317"]
    path = tmp_path / "big.rules"
    with path.open("wb") as f:
        f.truncate(parse.MAX_BYTES + 1)  # sparse: no 16 MB written
    for run in (lambda: load_rules(path), lambda: loading.read_rule_text(path)):
        with pytest.raises(GovrulesError) as caught:
            run()
        assert [d.code for d in caught.value.diagnostics] == ["GR317"]


def test_many_deductions_of_one_section_are_analysed_within_a_bound() -> None:
    """GR408 compared every pair of deductions (800 took 4.6 s): beyond COMPARED, the plain sum."""
    body = "".join(f"  扣 1 分 当 执行数 > {i} 且 执行数 < {i + 1}\n" for i in range(800))
    with pytest.raises(GovrulesError) as caught:
        compile_rules(HEAD + "评分 s 满分 5:\n" + body)
    (d,) = caught.value.diagnostics
    assert d.code == "GR408" and "800" in d.zh and str(check_module.COMPARED) in d.en
    exclusive = "".join(f"  扣 1 分 当 执行数 > {i} 且 执行数 < {i + 1}\n" for i in range(check_module.COMPARED))
    compile_rules(HEAD + "评分 s 满分 5:\n" + exclusive)  # they exclude each other: at most 1 point together
    small = "".join(f"  扣 1 分 当 执行数 > {i}\n" for i in range(1000))
    compile_rules(HEAD + "评分 s 满分 1000:\n" + small)  # the plain sum is within the maximum: nothing to analyse


# --- includes -----------------------------------------------------------------------------------


def test_an_include_chain_of_1200_files_stops_at_the_depth_limit(tmp_path: Path) -> None:
    for i in range(1200):
        include = f'引用 "f{i + 1}.rules"\n' if i < 1199 else ""
        (tmp_path / f"f{i}.rules").write_text(f"规则集 f{i}\n{include}设 d{i} = {i}\n", encoding="utf-8")
    with pytest.raises(GovrulesError) as caught:
        load_rules(tmp_path / "f0.rules")
    (d,) = caught.value.diagnostics
    assert d.code == "GR333" and "32" in d.zh and d.span is not None and d.span.line == 2
    assert d.span.file.endswith(f"f{loading.MAX_INCLUDE_DEPTH - 1}.rules")


def test_includes_within_the_depth_limit_load(tmp_path: Path) -> None:
    n = loading.MAX_INCLUDE_DEPTH - 1
    for i in range(n):
        include = f'引用 "f{i + 1}.rules"\n' if i < n - 1 else ""
        (tmp_path / f"f{i}.rules").write_text(f"规则集 f{i}\n{include}设 d{i} = {i}\n", encoding="utf-8")
    assert len(load_rules(tmp_path / "f0.rules").definitions) == n


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_pipe_is_never_read_as_a_rule_file(tmp_path: Path) -> None:
    """An included FIFO blocked forever: only regular files are read."""
    os.mkfifo(tmp_path / "pipe.rules")
    (tmp_path / "main.rules").write_text(HEAD + '引用 "pipe.rules"\n设 a = 1\n', encoding="utf-8")
    with pytest.raises(GovrulesError) as caught:
        load_rules(tmp_path / "main.rules")
    (d,) = caught.value.diagnostics
    assert d.code == "GR300" and "pipe.rules" in d.zh and "not a regular file" in d.en and d.span is not None and d.span.line == 3
    for run in (lambda: load_rules(tmp_path / "pipe.rules"), lambda: loading.read_rule_text(tmp_path / "pipe.rules")):
        with pytest.raises(GovrulesError) as caught:
            run()
        assert caught.value.diagnostics[0].code == "GR300"
    found = diagnose_paths([tmp_path / "pipe.rules", tmp_path / "main.rules"])
    assert {d.code for d in found} >= {"GR300"}


def test_a_folder_named_like_a_rule_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sub.rules").mkdir()
    (tmp_path / "main.rules").write_text(HEAD + '引用 "sub.rules"\n', encoding="utf-8")
    with pytest.raises(GovrulesError) as caught:
        load_rules(tmp_path / "main.rules")
    assert caught.value.diagnostics[0].code == "GR300" and "folder" in caught.value.diagnostics[0].en


def test_an_included_gbk_file_is_named_as_such(tmp_path: Path) -> None:
    """Includes and top files share one reader (an included GBK file got a bare decode error)."""
    (tmp_path / "gbk.rules").write_bytes("规则集 公共\n设 时间进度 = 监控月份 / 12\n".encode("gb18030"))
    (tmp_path / "main.rules").write_text(HEAD + '引用 "gbk.rules"\n', encoding="utf-8")
    with pytest.raises(GovrulesError) as caught:
        load_rules(tmp_path / "main.rules")
    (d,) = caught.value.diagnostics
    assert d.code == "GR300" and "GBK" in d.zh and "gbk.rules" in d.en and d.hint_zh


# --- every error of a block is reported ----------------------------------------------------------

MISTAKES = [
    "扣 1 分 当 执行数 （ 1",  # a full-width “（” that stays open: it swallowed the next lines' errors
    "扣 1 分 当 最大（执行数, 1） > 1",
    "扣 1 分 当 执行数 ＞ 1",
    "扣 1 分 当 执行数 ¥ 1",
    "扣 1 当 真",
    '扣 1 分 当 真 理由 "未闭合',
    "扣 1 分 当 执行数 >",
    "扣 1 分 当 (执行数 > 1",
]
RIGHT = ["扣 1 分 当 执行数 > 1", "扣 2 分 当 预算数 < 1", '扣 1 分 当 真 理由 "好"']


@given(st.lists(st.one_of(st.sampled_from(MISTAKES), st.sampled_from(RIGHT)), min_size=1, max_size=8))
@settings(max_examples=150, deadline=None)
def test_every_mistake_of_a_block_is_reported_on_its_line(body: list[str]) -> None:
    text = HEAD + "评分 s 满分 100:\n" + "".join(f"  {line}\n" for line in body)
    _, found = parse.parse_partial(text)
    wrong = {4 + n for n, line in enumerate(body) if line in MISTAKES}
    reported = {d.span.line for d in found if d.span is not None}
    if "扣 1 分 当 (执行数 > 1" in body:  # the lines after an open “(” continue it: one error that names its line
        first = 4 + body.index("扣 1 分 当 (执行数 > 1")
        assert any(d.span is not None and d.span.line == first or f"第 {first} 行的“(”没有闭合" in d.hint_zh for d in found)
        wrong = {n for n in wrong if n < first}
        reported = {n for n in reported if n < first}
    assert reported == wrong


# --- message templates: a brace of its own --------------------------------------------------------


def test_a_doubled_brace_writes_a_brace_in_a_reason() -> None:
    """``{{x}}`` had no escape: it was read as a field {x} inside braces."""
    text = HEAD + '评分 s 满分 10:\n  扣 1 分 当 真 理由 "写作 {{预算数}}：{预算数} {{ {预算数:.2} }}"\n  扣 1 分 当 真 理由 "{预算数}|{预算数:.2}"\n'
    escaped, plain = (d.reason for d in evaluate(compile_rules(text), SUB).sections[0].deductions)
    assert escaped is not None and plain is not None
    figure, two_places = plain.split("|")
    assert escaped == f"写作 {{预算数}}：{figure} {{ {two_places} }}"
    _, found = diagnose_rules(HEAD + '检查 c 严重性 提示 当 真 理由 "{{未知名称}} 不是字段"\n')
    assert [d.code for d in found] == []


def test_fmt_on_a_file_it_cannot_write_is_a_message_and_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A read-only file gave exit 3 (internal error). The write is refused as a read-only
    file refuses it (a file mode does not stop root, who runs the tests in CI containers)."""
    from govrules.cli import main

    path = tmp_path / "r.rules"
    path.write_text(HEAD + "设 a=1\n", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    assert main(["fmt", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"无法读写文件“{path}”：Permission denied" in err and "GR504" in err
    assert "0 个已整理，0 个无需改动，1 个有错误未整理" in err  # a file it could not write is not counted as reformatted
    assert path.read_text(encoding="utf-8").endswith("设 a=1\n")


# --- the analyses of govrules check grow linearly -------------------------------------------------


def test_the_case_analysis_does_work_in_proportion_to_the_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    """GR422 looked through every earlier case for each case (quadratic): count the work."""
    from govrules.rules import lint

    calls = [0]
    real = lint.always

    def counted(e: object) -> bool:
        calls[0] += 1
        return real(e)  # type: ignore[arg-type]

    monkeypatch.setattr(lint, "always", counted)

    def work(n: int) -> int:
        calls[0] = 0
        body = "".join(f"  执行数 > {i} => {i}\n" for i in range(n))
        _, found = diagnose_rules(HEAD + "设 x:\n" + body + "  否则 => 0\n评分 s 满分 10:\n  得分 = x\n")
        assert [d.code for d in found] == []
        return calls[0]

    small, large = work(200), work(800)
    assert large <= 4 * small + 10


def test_bands_beyond_the_bound_are_not_analysed_and_a_gap_below_it_is_found() -> None:
    from govrules.rules.lint import BANDS_ANALYSED

    def codes_of(bands: list[str]) -> set[str]:
        body = "".join(f'  "{b}" => 1\n' for b in bands)
        return {d.code for d in diagnose_rules(HEAD + "设 x = 分档 执行数 / 预算数:\n" + body + "评分 s 满分 10:\n  得分 = x\n")[1]}

    assert codes_of(["≥90%", "<80%"]) == {"GR420"}
    many = [f"≥{i}%且<{i}.5%" for i in range(BANDS_ANALYSED + 1)]
    assert codes_of(many) == set()


def test_fmt_of_a_closed_standard_input_is_a_message_and_exit_1(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from govrules.cli import main

    monkeypatch.setattr(sys, "stdin", None)  # as Python sets it for ``govrules fmt - <&-``
    assert main(["fmt", "-"]) == 1
    assert "GR504" in capsys.readouterr().err  # as for every command (tests/test_robust_eval.py)


def test_one_statement_too_long_is_refused_at_its_line_and_the_others_are_read() -> None:
    huge = "设 b = " + " + ".join(["1"] * (parse.MAX_BLOCK // 4 + 10)) + "\n"
    tree, found = parse.parse_partial(HEAD + "设 a = 1\n" + huge + "设 c = 2\n")
    assert [(d.code, d.span.line if d.span else 0) for d in found] == [("GR320", 4)]
    assert [s.name for s in tree.statements] == ["a", "c"]  # type: ignore[union-attr]
