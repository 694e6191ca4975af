"""Evaluation never fails by accident (issue 13): arithmetic in an explicit, wide context,
rounding that never raises, no Python recursion that input can drive past the limit, a
bounded cost, and only GovrulesError out of the public API. Each test is a reproducer of
the issue."""

from __future__ import annotations

import copy
import decimal
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from govrules.errors import GovrulesError
from govrules.rules import compile_rules, evaluate, load_rules
from govrules.rules import runtime as rt
from govrules.submissions import validate_submission

ROOT = Path(__file__).resolve().parents[1]


def _yaml(path: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
    return data


MONITORING = _yaml("examples/001_monitoring/02_城乡居民养老保险.yaml")
SELF_EVAL = _yaml("examples/002_self_evaluation/01_企业职工基本养老保险.yaml")
HEAD = "规则集 x\n适用于 绩效监控情况表\n"


def _with_budget(sub: dict[str, Any], **figures: str) -> dict[str, Any]:
    out = copy.deepcopy(sub)
    out["预算"].update(figures)
    return out


def _figure(text: str, sub: dict[str, Any], name: str = "x") -> Any:
    return evaluate(compile_rules(HEAD + text), sub).figures[name]


# --- arithmetic without accidents ----------------------------------------------------------


@pytest.mark.parametrize(("rules", "sub"), [("monitoring_review", MONITORING), ("self_evaluation", SELF_EVAL)])
def test_shipped_rule_sets_take_the_extreme_figures_validate_accepts(rules: str, sub: dict[str, Any]) -> None:
    """预算数 0.00001, 执行数 99999999999999999999: a 25-digit execution rate raised
    InvalidOperation when it was shown as a percentage."""
    extreme = _with_budget(sub, 预算数="0.00001", 执行数="99999999999999999999")
    validate_submission(extreme)  # the submission is valid
    result = evaluate(load_rules(ROOT / "rules" / f"{rules}.rules"), extreme)
    rate = result.figures["预算执行率"]
    assert rate.value == "9999999999999999999900000"  # exact
    assert rate.display == "999999999999999999990000000%"
    assert result.total is not None and 0 <= result.total <= result.maximum


def test_a_product_beyond_28_digits_is_exact() -> None:
    """设 x = 执行数 * 执行数 with 执行数 1000000000000: 25 digits, exact (not rounded, no exception)."""
    sub = _with_budget(MONITORING, 执行数="1000000000000")
    x = _figure("设 x = 执行数 * 执行数\n", sub)
    assert x.computable and x.value == "1" + "0" * 24 and x.display == "1" + "0" * 24
    big = _with_budget(MONITORING, 执行数="99999999999999999999")
    assert Decimal(_figure("设 x = 执行数 * 执行数 * 执行数\n", big).value) == Decimal("99999999999999999999") ** 3  # 60 digits


def test_above_the_precision_a_result_is_rounded_at_the_60th_digit() -> None:
    big = _with_budget(MONITORING, 执行数="99999999999999999999")
    x = Decimal(_figure("设 x = 执行数 * 执行数 * 执行数 * 执行数\n", big).value)
    exact = Decimal("99999999999999999999") ** 4  # worked out in the tests' context: 60 digits
    with decimal.localcontext(prec=200):
        exact = Decimal("99999999999999999999") * Decimal("99999999999999999999") * Decimal("99999999999999999999") * Decimal("99999999999999999999")
        assert x != exact and abs(x - exact) / exact < Decimal("1e-59")


def test_a_figure_out_of_range_is_not_computable_with_its_reason() -> None:
    big = _with_budget(MONITORING, 执行数="99999999999999999999")
    power = " * ".join(["执行数"] * 51)  # 10^1020
    x = _figure(f"设 x = {power}\n", big)
    assert not x.computable and "10^999" in x.reason and "10^999" in (x.reason_en or "")
    tiny = _with_budget(MONITORING, 执行数="0.0000000000000000001")
    y = _figure("设 x = " + " * ".join(["执行数"] * 60) + "\n", tiny)
    assert not y.computable and "过小" in (y.reason or "")


def test_evaluation_neither_uses_nor_changes_the_callers_decimal_context() -> None:
    rules = load_rules(ROOT / "rules/self_evaluation.rules")
    plain = evaluate(rules, SELF_EVAL).model_dump(mode="json")
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN, traps=[decimal.Inexact])) as caller:
        again = evaluate(rules, SELF_EVAL).model_dump(mode="json")
        assert caller.prec == 3 and caller.rounding == decimal.ROUND_DOWN and not caller.flags[decimal.Overflow]
    assert again == plain


def test_display_rounding_never_raises() -> None:
    for value in (Decimal("1e998"), Decimal("-9.99e998"), Decimal("1e-998"), Decimal("123456789" * 30), Decimal(10) ** 5000):
        for spec in ("", "%", "%0", "%1", "万元", ".2", "2"):
            shown = rt.fmt(value, spec)
            assert shown and "NaN" not in shown
    assert rt.fmt(Decimal(10) ** 5000, "%") == "1E+5002%"
    assert rt.fmt(Decimal("1.23456789012345e998"), ".2") == "1.23456789012E+998"


def test_json_figures_keep_every_digit() -> None:
    assert rt.json_value(Decimal("99999999999999999999") * Decimal("99999999999999999999")) == "9999999999999999999800000000000000000001"
    assert rt.json_value(Decimal("1E+30")) == "1" + "0" * 30


# --- 取整 places -----------------------------------------------------------------------------


@pytest.mark.parametrize(("places", "figure", "reason"), [
    ("项目名称", None, "不是数值"),  # text
    ("报送日期", None, "值为空"),  # an empty field
    ("预算数", "0.00001", "0.00001"),
    ("预算数", "1.5", "1.5"),
    ("预算数", "21", "21"),
    ("-预算数", "21", "-21"),
    ("预算数", "99999999999999999999", "99999999999999999999"),  # the largest figure validate accepts
])  # fmt: skip
def test_computed_round_places_that_are_not_a_small_whole_number_are_not_computable(places: str, figure: str | None, reason: str) -> None:
    """取整(x, "a") and the like raised ValueError in evaluate (literal places are refused by check, below)."""
    sub = _with_budget(MONITORING, 预算数=figure) if figure is not None else copy.deepcopy(MONITORING)
    sub.pop("报送日期", None)
    x = _figure(f"设 x = 取整(执行数, {places})\n", sub)
    assert not x.computable and reason in (x.reason or "") and x.reason_en


@pytest.mark.parametrize(("places", "value"), [("0", "433"), ("-1", "4.3E+2"), ("-2", "4E+2"), ("2", "433.00"), ("20", "433." + "0" * 20)])
def test_round_places_from_minus_20_to_20_round_half_up(places: str, value: str) -> None:
    x = _figure(f"设 x = 取整(执行数 + 0.5, {places})\n" if places == "0" else f"设 x = 取整(执行数, {places})\n", MONITORING)
    want = Decimal("434") if places == "0" else Decimal(value)
    assert Decimal(x.value) == want


def _codes(text: str) -> list[str]:
    from govrules.rules.lint import diagnose_rules

    return [d.code for d in diagnose_rules(text)[1] if d.severity.value == "error"]


@pytest.mark.parametrize("places", ['"a"', "1.5", "21", "-21", "100000000000000000000", "真"])
def test_check_refuses_literal_round_places_at_load_time(places: str) -> None:
    text = HEAD + f"设 x = 取整(执行数, {places})\n"
    assert _codes(text) == ["GR431"]
    with pytest.raises(GovrulesError) as e:
        compile_rules(text)
    [d] = e.value.diagnostics
    assert d.code == "GR431" and d.span is not None and d.span.line == 3 and d.zh and d.en


@pytest.mark.parametrize("period", ["0000 至 2019", "2020 至 2019", "2020-02-30 至 2021", "20 至 2021", "2020 至 99999"])
def test_check_refuses_a_period_that_is_not_a_year_or_a_date(period: str) -> None:
    text = f"规则集 x\n适用于 绩效监控情况表\n有效期 {period}\n设 x = 1\n"
    assert "GR432" in _codes(text)


def test_two_versions_one_with_year_0000_give_a_clear_error(tmp_path: Path) -> None:
    """有效期 0000 in one of two versions: ValueError 'year 0 is out of range' from the GR412 analysis."""
    from govrules.rules.compile import load_rule_sets
    from govrules.rules.lint import diagnose_paths

    (tmp_path / "a.rules").write_text("规则集 甲\n适用于 绩效监控情况表\n有效期 0000 至 2019\n设 a = 1\n", encoding="utf-8")
    (tmp_path / "b.rules").write_text("规则集 甲\n适用于 绩效监控情况表\n有效期 2020 至 2020\n设 a = 1\n", encoding="utf-8")
    assert "GR432" in {d.code for d in diagnose_paths([tmp_path])}
    with pytest.raises(GovrulesError) as e:
        load_rule_sets([tmp_path])
    assert "GR432" in {d.code for d in e.value.diagnostics}


# --- no recursion that input can drive past the interpreter's limit ------------------------

CHAIN = 400


def test_a_chain_of_400_definitions_evaluates() -> None:
    """Each refers to the next one down (d0 = d1 + 1 …): it passed check, then evaluate raised RecursionError."""
    text = HEAD + "".join(f"设 d{i} = d{i + 1} + 1\n" for i in range(CHAIN)) + f"设 d{CHAIN} = 执行数\n"
    result = evaluate(compile_rules(text), MONITORING)
    assert result.figures["d0"].value == str(433 + CHAIN)


def test_a_chain_of_per_indicator_definitions_under_an_aggregate_evaluates() -> None:
    text = HEAD + f"设 t = 平均(d0)\n" + "".join(f"每个指标 设 d{i} = d{i + 1} + 1\n" for i in range(CHAIN)) + f"每个指标 设 d{CHAIN} = 0\n"
    result = evaluate(compile_rules(text), MONITORING)
    assert result.figures["t"].value == str(CHAIN)
    assert all(i.values["d0"].value == str(CHAIN) for i in result.indicators)


def test_a_chain_of_definitions_is_explained_one_link_at_a_time() -> None:
    from govrules.rules.explain import explain

    text = HEAD + "".join(f"设 d{i} = d{i + 1} + 1\n" for i in range(CHAIN)) + f"设 d{CHAIN} = 执行数\n"
    lines = explain(compile_rules(text), validate_submission(MONITORING), "d0")
    assert lines[0] == f"d0 = {433 + CHAIN}" and any("d1 = " in line for line in lines)


def test_a_cycle_of_3000_definitions_is_a_clear_error() -> None:
    text = HEAD + "".join(f"设 d{i} = d{(i + 1) % 3000} + 1\n" for i in range(3000))
    with pytest.raises(GovrulesError) as e:
        compile_rules(text)
    [d] = e.value.diagnostics
    assert d.code == "GR405" and d.zh.startswith("定义之间循环引用：d0 → d1 → d2") and d.zh.endswith("d2999 → d0")


def test_a_met_that_depends_on_direction_that_depends_on_met_is_a_cycle() -> None:
    """达成 judges with 方向: a 方向 defined by 达成 recursed without end."""
    text = HEAD + "每个指标 设 方向:\n  达成 => \"正向\"\n  否则 => \"反向\"\n"
    with pytest.raises(GovrulesError) as e:
        compile_rules(text)
    assert [d.code for d in e.value.diagnostics] == ["GR405"]


def _deep(level: int, logic: bool = False) -> Any:
    from govrules.errors import Span
    from govrules.rules import ast as a
    from govrules.rules import graph

    span = Span("<ast>", 3, 1)
    one = a.Number(Decimal(1), False, span)
    e: Any = a.Binary(">", a.Name("执行数", span), one, span) if logic else a.Name("执行数", span)
    for i in range(level - graph.depth(e)):
        if logic:
            e = a.Binary("and" if i % 2 else "or", a.Bool(i % 2 == 1, span), e, span)
        else:
            e = [a.Binary("+", e, one, span), a.Unary("-", e, span), a.Call("绝对值", (e,), span), a.Call("最大", (e, one), span)][i % 4]
    return e


def _tree(expr: Any) -> Any:
    from govrules.rules import ast as a
    from govrules.rules.parse import parse_rules

    head = parse_rules(HEAD + "设 x = 1\n", "<ast>")
    (d,) = head.statements
    assert isinstance(d, a.Definition)
    return a.RuleFile(head.header, (a.Definition("x", False, expr, (), (), None, d.span),), head.path, head.lines)


def _within(frames: int, run: Any) -> Any:
    """``run()`` with at most ``frames`` Python frames above this one (else RecursionError)."""
    import traceback

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(traceback.extract_stack()) + frames)
    try:
        return run()
    finally:
        sys.setrecursionlimit(limit)


@pytest.mark.parametrize("kind", ["arithmetic", "logic", "aggregates"])
def test_an_expression_as_deep_as_allowed_evaluates_and_explains_within_600_frames(kind: str) -> None:
    """Built as a tree (the parser limits nesting before this): +, unary -, 绝对值 and 最大 in
    turn; or 且 and 或 (their right side is computed one call deeper); or 平均 and 求和 nested."""
    from govrules.errors import Span
    from govrules.rules import ast as a
    from govrules.rules.bounds import MAX_DEPTH
    from govrules.rules.compile import _compile_tree
    from govrules.rules.explain import explain

    if kind == "aggregates":
        span = Span("<ast>", 3, 1)
        # a sum over a row it cannot compute is not computable: each row's figure, or 0
        tree: Any = a.Call("首个可用", (a.Call("数值", (a.Name("完成值", span),), span), a.Number(Decimal(0), False, span)), span)
        for i in range(MAX_DEPTH - 3):
            tree = a.Call("平均" if i % 2 else "求和", (tree,), span)
    else:
        tree = _deep(MAX_DEPTH, kind == "logic")
    rules = _within(600, lambda: _compile_tree(_tree(tree)))
    sub = validate_submission(MONITORING)
    x = _within(600, lambda: evaluate(rules, sub)).figures["x"]
    assert _within(600, lambda: explain(rules, sub, "x"))[0].startswith("x = ")
    value = Decimal(433)
    for i in range(MAX_DEPTH - 1):
        value = [value + 1, -value, abs(value), max(value, Decimal(1))][i % 4]
    expected = {"arithmetic": str(value), "logic": True, "aggregates": x.value}[kind]
    assert x.computable and x.value == expected


def test_an_expression_nested_deeper_than_the_limit_is_refused_at_load() -> None:
    from govrules.rules.bounds import MAX_DEPTH
    from govrules.rules.compile import _compile_tree

    with pytest.raises(GovrulesError) as e:
        _compile_tree(_tree(_deep(5000)))
    assert [d.code for d in e.value.diagnostics] == ["GR430"]
    assert str(MAX_DEPTH) in e.value.diagnostics[0].zh


# --- a bounded cost ------------------------------------------------------------------------


def _indicators(count: int, target: str = "很多", actual: str = "不少") -> list[dict[str, str]]:
    return [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": f"指标{i}", "指标值": target, "完成值": actual} for i in range(count)]


def test_nested_aggregates_are_computed_once_each() -> None:
    """50 indicators, aggregates nested 4 deep: 50^4 rows (18.7 s) before each aggregate was kept."""
    from govrules.rules.evaluate import Scope

    sub = copy.deepcopy(MONITORING)
    sub["指标"] = _indicators(50, "100人", "97人")
    rules = compile_rules(HEAD + "每个指标 设 r = 数值(完成值)\n设 x = 平均(r + 平均(r + 平均(r + 平均(r))))\n")
    assert evaluate(rules, sub).figures["x"].value == str(4 * 97)
    scope = Scope(rules, validate_submission(sub))
    scope.scalar("x")
    assert scope.steps <= 6 * 51  # each of the four aggregates visits the 50 rows once, r is computed once per row


def test_indicators_left_out_are_noted_once_each_in_order() -> None:
    """note_skipped scanned the notes for each one (20,000 indicators: over 2 minutes)."""
    sub = copy.deepcopy(MONITORING)
    sub["指标"] = _indicators(2000)
    rules = compile_rules(HEAD + "每个指标 设 r = 数值(完成值)\n设 x = 平均(r) + 求和(r)\n")
    x = evaluate(rules, sub).figures["x"]
    assert not x.computable and len(x.notes) == len(x.notes_en) == 2000
    assert x.notes[0].startswith("未计入 指标[0] 指标0") and x.notes[-1].startswith("未计入 指标[1999] 指标1999")


def test_the_budget_grows_linearly_with_the_submission() -> None:
    from govrules.rules.evaluate import Scope, budget

    rules = load_rules(ROOT / "rules/monitoring_review.rules")
    steps = {}
    for count in (500, 1000):
        sub = copy.deepcopy(MONITORING)
        sub["指标"] = _indicators(count)
        model = validate_submission(sub)
        assert budget(rules, model) == 20 * rules.size * (count + 1)
        scope = Scope(rules, model)
        for name in rules.order:
            scope.scalar(name) if not rules.definitions[name].each else [scope.each_value(name, i) for i in scope.indices()]
        steps[count] = scope.steps
    assert steps[1000] <= 2 * steps[500] + 10


def test_past_the_budget_evaluation_stops_with_a_clear_error(tmp_path: Path) -> None:
    """An aggregate inside a per-indicator definition, every indicator left out: each of n
    figures notes n indicators (n^2 notes); past the budget, GR503 at the definition's line."""
    sub = copy.deepcopy(MONITORING)
    sub["指标"] = _indicators(400)
    rules = compile_rules(HEAD + "设 t = 1\n每个指标 设 r = 数值(完成值) / 平均(数值(完成值))\n")
    with pytest.raises(GovrulesError) as e:
        evaluate(rules, sub)
    [d] = e.value.diagnostics
    assert d.code == "GR503" and d.span is not None and d.span.line == 4 and "“r”" in d.zh and "“r”" in d.en
    from govrules.evaluation import evaluate_files

    path = tmp_path / "big.json"
    path.write_text(json.dumps(sub, ensure_ascii=False), encoding="utf-8")
    good = ROOT / "examples/001_monitoring/01_机关事业单位养老保险.yaml"
    over, fine = evaluate_files(rules, [str(path), str(good)])  # one record per file, the error in its own
    assert over.result is None and [d.code for d in over.errors] == ["GR503"]
    assert fine.result is not None


# --- the public API and the command line: only clear errors --------------------------------


@pytest.mark.parametrize("item", ["绩效目标完成情况#1@指标[99]", "核对:指标[99].完成率", "指标[99].完成率", "指标[99]"])
def test_explain_of_an_indicator_that_is_not_there_lists_what_there_is(item: str) -> None:
    """绩效目标完成情况#1@指标[99] raised IndexError."""
    from govrules.rules.explain import explain
    from govrules.submissions import load_submission

    rules = load_rules(ROOT / "rules/monitoring_review.rules")
    sub = load_submission(ROOT / "examples/001_monitoring/01_机关事业单位养老保险.yaml")
    with pytest.raises(GovrulesError) as e:
        explain(rules, sub, item)
    [d] = e.value.diagnostics
    assert d.code == "GR501" and "指标[0–10]" in d.hint_zh and "绩效目标完成情况#1" in d.hint_en


GOVRULES = [sys.executable, "-c", "import sys; from govrules.cli import main; sys.exit(main())"]
EXAMPLE = str(ROOT / "examples/001_monitoring/01_机关事业单位养老保险.yaml")


def _run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("GOVRULES_DEBUG", None)
    env.update(kwargs.pop("env", {}))
    return subprocess.run(GOVRULES + args, capture_output=kwargs.pop("capture", True), env=env, timeout=60, cwd=ROOT, **kwargs)


def _closed(fd: int) -> Any:
    return lambda: os.close(fd)


@pytest.mark.parametrize(("args", "closed", "message"), [
    (["target", "-"], 0, "无法读取标准输入：它已关闭"),
    (["fmt", "-"], 0, "无法读取标准输入：它已关闭"),
    (["target", "≥95%"], 1, "无法写出结果：标准输出已关闭"),
])  # fmt: skip
def test_a_closed_standard_stream_is_exit_1_with_a_message(args: list[str], closed: int, message: str) -> None:
    """govrules target - <&- exited 3 (internal error: 'NoneType' object has no attribute 'buffer')."""
    done = _run(args, preexec_fn=_closed(closed), stdout=subprocess.DEVNULL if closed == 0 else None, stderr=subprocess.PIPE, capture=False)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1 and message in err and "GR504" in err and "Traceback" not in err


@pytest.mark.parametrize(("args", "message"), [
    (["target", "≥95%"], "无法写出结果"),
    (["--lang", "en", "eval", "--json", "rules/monitoring_review.rules", EXAMPLE], "cannot write the output"),
])  # fmt: skip
def test_an_output_that_cannot_be_written_is_exit_1_with_a_message(args: list[str], message: str) -> None:
    """govrules … > /dev/full exited 3 (OSError: No space left on device)."""
    with open("/dev/full", "wb") as full:
        done = _run(args, stdout=full, stderr=subprocess.PIPE, capture=False)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1 and message in err and "GR504" in err and "Exception ignored" not in err


def test_fmt_on_a_read_only_file_is_exit_1_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.rules"
    path.write_text("规则集 甲\n适用于 绩效监控情况表\n设  a  =  1\n", encoding="utf-8")
    path.chmod(0o444)
    root = os.geteuid() == 0  # root may write a read-only file: make it immutable instead
    if root:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        done = _run(["fmt", str(path)])
    finally:
        if root:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1 and f"无法读写文件“{path}”" in err and "GR504" in err, err
    assert path.read_text(encoding="utf-8").endswith("设  a  =  1\n")  # left as it was


def test_a_console_that_is_not_utf8_gets_what_it_cannot_show_as_escapes() -> None:
    """PYTHONIOENCODING=gbk (Chinese Windows): ✗ has no GBK code, and exited 3 (UnicodeEncodeError)."""
    done = _run(["eval", "rules/monitoring_review.rules", str(ROOT / "examples/001_monitoring/review_table.yaml")], env={"PYTHONIOENCODING": "gbk"})
    out = done.stdout.decode("gbk")
    assert done.returncode == 1 and out.startswith("\\u2717 ")
    assert "表类型“绩效监控审核表”无法识别" in out  # what GBK has is written as it is
    ascii = _run(["target", "105%≤≥95%", "--actual", "98.5%"], env={"PYTHONIOENCODING": "ascii"})
    assert ascii.returncode == 0 and ascii.stdout.decode("ascii").startswith("\\u6307\\u6807\\u503c")  # 指标值


@pytest.mark.parametrize("data", [[1], "预算数: 1", None, 5])
def test_evaluate_given_something_that_is_not_a_submission_is_a_clear_error(data: Any) -> None:
    with pytest.raises(GovrulesError) as e:
        evaluate(load_rules(ROOT / "rules/monitoring_review.rules"), data)
    assert [d.code for d in e.value.diagnostics] == ["GR206"]
