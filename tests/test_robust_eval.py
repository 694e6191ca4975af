"""Evaluation never fails by accident (issue 13): arithmetic in an explicit, wide context,
rounding that never raises, no Python recursion that input can drive past the limit, a
bounded cost, and only GovrulesError out of the public API. Each test is a reproducer of
the issue."""

from __future__ import annotations

import copy
import decimal
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


@pytest.mark.parametrize(("places", "reason"), [
    ('"a"', "“a”不是数值"),
    ("预算数", "0.00001"),  # 预算数 in the submission below
    ("1.5", "1.5"),
    ("21", "21"),
    ("-21", "-21"),
    ("100000000000000000000", "100000000000000000000"),
    ("报送日期", "值为空"),  # an empty field
])  # fmt: skip
def test_round_places_that_are_not_a_small_whole_number_are_not_computable(places: str, reason: str) -> None:
    sub = _with_budget(MONITORING, 预算数="0.00001")
    sub.pop("报送日期", None)
    x = _figure(f"设 x = 取整(执行数, {places})\n", sub)
    assert not x.computable and reason in (x.reason or "") and x.reason_en


@pytest.mark.parametrize(("places", "value"), [("0", "433"), ("-1", "4.3E+2"), ("-2", "4E+2"), ("2", "433.00"), ("20", "433." + "0" * 20)])
def test_round_places_from_minus_20_to_20_round_half_up(places: str, value: str) -> None:
    x = _figure(f"设 x = 取整(执行数 + 0.5, {places})\n" if places == "0" else f"设 x = 取整(执行数, {places})\n", MONITORING)
    want = Decimal("434") if places == "0" else Decimal(value)
    assert Decimal(x.value) == want
