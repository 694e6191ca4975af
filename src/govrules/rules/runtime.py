"""The values a rule computes with, and the operations on them.

A value is a Decimal, a text, a bool, None (empty: the cell was not filled in), a
target-language value (指标值 / 完成值), or :class:`NotComputable` — which carries
its reason and passes through every operation, so a missing input never becomes
a silent zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Any

from ..targets import judge
from ..targets.values import (
    AllOf,
    AnyOf,
    Comparison,
    Date,
    Deadline,
    Period,
    Prose,
    Qualitative,
    Quantity,
    QuantityList,
    Range,
    Value,
    render,
)
from .names import KINDS, round_half_up

TARGET_TYPES = (Quantity, Comparison, Range, AnyOf, AllOf, QuantityList, Date, Period, Deadline, Qualitative, Prose)


@dataclass(frozen=True, slots=True)
class NotComputable:
    zh: str
    en: str

    def __bool__(self) -> bool:
        return False


def nc(zh: str, en: str) -> NotComputable:
    return NotComputable(zh, en)


def is_target(v: Any) -> bool:
    return isinstance(v, TARGET_TYPES)


def figure(v: Any) -> tuple[Decimal, str | None] | NotComputable:
    """The number in a value, with its dimension (None: a plain number)."""
    if isinstance(v, NotComputable):
        return v
    if v is None:
        return nc("值为空（未填写）", "the value is empty (not filled in)")
    if isinstance(v, bool):
        return nc("是/否值不能参与计算", "a yes/no value cannot be computed with")
    if isinstance(v, Decimal):
        return v, None
    if isinstance(v, Prose):
        return figure(v.embedded)
    if isinstance(v, Comparison):
        v = v.quantity
    if isinstance(v, Quantity):
        dim = v.dimension
        return v.base, dim
    if is_target(v):
        return nc(f"“{render(v)}”没有单一的数值", f"“{render(v)}” has no single figure")
    return nc(f"“{v}”不是数值", f"“{v}” is not a number")


def _pair(a: Any, b: Any) -> tuple[Decimal, Decimal] | NotComputable:
    fa, fb = figure(a), figure(b)
    if isinstance(fa, NotComputable):
        return fa
    if isinstance(fb, NotComputable):
        return fb
    (x, da), (y, db) = fa, fb
    if da and db and da != db:
        return nc(f"单位不可比：{da} 与 {db}", f"units do not compare: {da} and {db}")
    if (da == "比率") != (db == "比率") and is_target(a) and is_target(b):
        amount = a if da != "比率" else b
        return nc(
            f"“{render(amount)}”没有单位，而另一方是百分比：可能填报的是金额或人数，而不是比率",
            f"“{render(amount)}” has no unit while the other side is a percentage: it may be an amount, not a rate",
        )
    return x, y


def arithmetic(op: str, a: Any, b: Any) -> Any:
    pair = _pair(a, b)
    if isinstance(pair, NotComputable):
        return pair
    x, y = pair
    try:
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if y == 0:
            return nc("除数为 0", "division by zero")
        return x / y
    except (InvalidOperation, DivisionByZero, OverflowError):
        return nc("数值超出可计算范围", "the figure is out of range")


def compare(op: str, a: Any, b: Any) -> Any:
    if op in ("=", "!=") and (isinstance(a, str) or isinstance(b, str) or isinstance(a, bool) or isinstance(b, bool)):
        if isinstance(a, NotComputable):
            return a
        if isinstance(b, NotComputable):
            return b
        same = text_of(a) == text_of(b)
        return same if op == "=" else not same
    pair = _pair(a, b)
    if isinstance(pair, NotComputable):
        return pair
    x, y = pair
    return {"=": x == y, "!=": x != y, "<": x < y, "≤": x <= y, ">": x > y, "≥": x >= y}[op]


def text_of(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (Prose,)) or hasattr(v, "text") and is_target(v):
        return str(getattr(v, "text"))
    if is_target(v):
        return render(v)
    if isinstance(v, bool):
        return "是" if v else "否"
    return str(v)


def contains(a: Any, b: Any) -> Any:
    if isinstance(a, NotComputable):
        return a
    if isinstance(b, NotComputable):
        return b
    return text_of(b) in text_of(a)


def kind_test(v: Any, kind: str) -> Any:
    if isinstance(v, NotComputable):
        return v
    want = KINDS[kind]
    if want == "empty":
        return v is None or (isinstance(v, str) and not v.strip())
    if v is None:
        return False
    if want == "unitless":
        q = v.quantity if isinstance(v, Comparison) else v
        return isinstance(q, Quantity) and not q.unit
    if want == "percent":
        q = v.quantity if isinstance(v, Comparison) else v
        return isinstance(q, Quantity) and q.unit in ("%", "‰")
    if want == "numeric":
        return isinstance(v, Decimal) or (is_target(v) and getattr(v, "kind", "") in ("quantity", "comparison", "range", "or", "and"))
    return is_target(v) and getattr(v, "kind", "") == want


def satisfies(v: Any, target: Value) -> Any:
    if isinstance(v, NotComputable):
        return v
    if v is None:
        return nc("值为空（未填写）", "the value is empty (not filled in)")
    if isinstance(v, Decimal):
        v = Quantity(round_half_up(v * 100, 10).normalize(), "", "%") if _is_rate(target) else Quantity(v)
    j = judge(target, v) if is_target(v) else judge(target, text_of(v))
    if j.satisfied is None:
        return nc(j.zh, j.en)
    return j.satisfied


def _is_rate(target: Value) -> bool:
    """Whether a target is stated as a rate (its figures are % or ‰)."""
    match target:
        case Quantity():
            return target.dimension == "比率"
        case Comparison(_, q):
            return _is_rate(q)
        case Range(low, _):
            return _is_rate(low)
        case AnyOf(parts) | AllOf(parts):
            return any(_is_rate(p) for p in parts)
        case Prose(_, embedded):
            return _is_rate(embedded)
    return False


def logic_and(values: list[Any]) -> Any:
    if any(v is False for v in values):
        return False
    bad = next((v for v in values if isinstance(v, NotComputable)), None)
    if bad is not None:
        return bad
    return all(truthy(v) for v in values)


def logic_or(values: list[Any]) -> Any:
    if any(v is True or (not isinstance(v, NotComputable) and truthy(v)) for v in values):
        return True
    bad = next((v for v in values if isinstance(v, NotComputable)), None)
    return bad if bad is not None else False


def truthy(v: Any) -> bool:
    if isinstance(v, NotComputable) or v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, Decimal):
        return v != 0
    if isinstance(v, str):
        return bool(v.strip())
    return True


def fmt(v: Any, spec: str = "") -> str:
    """A value for a person: ``%`` percent (``%0`` whole, ``%1`` one decimal), ``万元``, ``.2`` decimals."""
    if isinstance(v, NotComputable):
        return f"（无法计算：{v.zh}）"
    if v is None:
        return "（空）"
    if isinstance(v, bool):
        return "是" if v else "否"
    if is_target(v):
        return render(v)
    if isinstance(v, Decimal):
        if spec.startswith("%"):
            places = int(spec[1:]) if spec[1:].isdigit() else 2
            return _trim(round_half_up(v * 100, places)) + "%"
        if spec == "万元":
            return f"{_trim(round_half_up(v, 2))}万元"
        if spec.startswith(".") and spec[1:].isdigit():
            return str(round_half_up(v, int(spec[1:])))
        if spec.isdigit():
            return str(round_half_up(v, int(spec)))
        return _trim(round_half_up(v, 4))
    return str(v)


def _trim(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def json_value(v: Any) -> Any:
    """A value for JSON: numbers as strings (never floats), targets as their canonical text."""
    if isinstance(v, NotComputable) or v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, Decimal):
        return format(v.normalize() if v == v.to_integral() else v, "f")
    if is_target(v):
        return render(v)
    return str(v)
