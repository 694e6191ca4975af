"""The values a rule computes with, and the operations on them.

A value is a Decimal, a text, a bool, None (empty: the cell was not filled in), a
target-language value (指标值 / 完成值), or :class:`NotComputable` — which carries
its reason and passes through every operation, so a missing input never becomes
a silent zero.

Arithmetic runs in one explicit context, :data:`CONTEXT`, never in the context of the
program that embeds govrules: every result is exact when it has at most PRECISION (60)
significant digits, and is otherwise rounded ROUND_HALF_UP at the 60th. A figure of a
valid submission has at most 20 digits, so sums, differences and products of two or
three such figures are always exact; a quotient that does not terminate (1/3) is
rounded at the 60th digit, far below any figure shown. A figure out of range (at or
beyond 10^EXPONENT_LIMIT, or below 10^-EXPONENT_LIMIT, in absolute value) is not
computable with that reason, never an exception.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow, Underflow, localcontext
from typing import Any, TypeVar, cast

from ..targets import judge
from ..targets.reading import read
from ..targets.wordings import degree
from ..targets.values import (
    AllOf,
    AnyOf,
    Comparison,
    Date,
    Deadline,
    NotApplicable,
    Period,
    Prose,
    Qualitative,
    Quantity,
    QuantityList,
    Range,
    VALUE_TYPES,
    Value,
    render,
)

PRECISION = 60  # significant digits of every result (exact up to this, rounded beyond)
EXPONENT_LIMIT = 999  # |adjusted exponent| of any figure: 10^1000 is out of range
MAX_PLACES = 20  # 取整(x, n) and display formats: n from -20 to 20


def _context(digits: int) -> Context:
    return Context(prec=digits, rounding=ROUND_HALF_UP, Emax=EXPONENT_LIMIT, Emin=-EXPONENT_LIMIT, capitals=1, clamp=0,
                   flags=[], traps=[InvalidOperation, DivisionByZero, Overflow, Underflow])  # fmt: skip


# The context of every operation (and of evaluation, as a ``decimal.localcontext``, for any
# arithmetic written with operators): a signal is a not-computable value, never a NaN.
CONTEXT = _context(PRECISION)
# Rounding to places (取整, display): wide enough for any figure in range rounded to 20 places.
ROUNDING = _context(EXPONENT_LIMIT + MAX_PLACES + 2)


F = TypeVar("F", bound=Callable[..., Any])


def in_context(fn: F) -> F:
    """Run ``fn`` in :data:`CONTEXT` (a ``decimal.localcontext``): the caller's own decimal
    context is neither used nor changed."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        with localcontext(CONTEXT):
            return fn(*args, **kwargs)

    return cast(F, run)


TARGET_TYPES = VALUE_TYPES


@dataclass(frozen=True, slots=True)
class NotComputable:
    zh: str
    en: str

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class Inapplicable(NotComputable):
    """``不适用("理由")``: the item does not apply to this submission (a section the table
    has no rows for, a row the table gives no 分值). Not a failure: an aggregate leaves
    it out with a note, a section so scored counts in neither the total nor the maximum."""


@dataclass(frozen=True, slots=True)
class Message:
    """A text the engine writes, in Chinese and English (notes beside a figure or section)."""

    zh: str
    en: str


def nc(zh: str, en: str) -> NotComputable:
    return NotComputable(zh, en)


def is_target(v: Any) -> bool:
    return isinstance(v, TARGET_TYPES)


def figure(v: Any) -> tuple[Decimal, str | None] | NotComputable:
    """The number in a value, with its dimension (None: a plain number)."""
    if v.__class__ is Decimal:
        return v, None  # the common case first
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
    if a.__class__ is Decimal and b.__class__ is Decimal:
        return a, b  # two plain numbers, the common case
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
    return calculate(op, *pair)


def calculate(op: str, x: Decimal, y: Decimal) -> Decimal | NotComputable:
    """``x op y`` (+ - * /) on two numbers, in :data:`CONTEXT`: a Decimal, or not
    computable with the reason (division by zero, a figure out of range)."""
    try:
        if op == "+":
            return CONTEXT.add(x, y)
        if op == "-":
            return CONTEXT.subtract(x, y)
        if op == "*":
            return CONTEXT.multiply(x, y)
        if y == 0:
            return nc("除数为 0", "division by zero")
        return CONTEXT.divide(x, y)
    except ArithmeticError as e:
        return out_of_range(e)


def out_of_range(e: ArithmeticError) -> NotComputable:
    """Why an arithmetic signal makes a figure not computable."""
    if isinstance(e, Underflow):
        return nc(f"数值过小（绝对值小于 10^-{EXPONENT_LIMIT}）", f"the figure is too small (below 10^-{EXPONENT_LIMIT} in absolute value)")
    return nc(f"数值超出可计算范围（绝对值不能超过 10^{EXPONENT_LIMIT}）", f"the figure is out of range (at most 10^{EXPONENT_LIMIT} in absolute value)")


def total(values: Any, start: Decimal = Decimal(0)) -> Decimal | NotComputable:
    """The sum of numbers (or not computable: see :func:`calculate`)."""
    acc = start
    try:
        for v in values:
            acc = CONTEXT.add(acc, v)
    except ArithmeticError as e:
        return out_of_range(e)
    return acc


def places_of(v: Any) -> int | NotComputable:
    """The places to round to (``取整(x, n)``): a whole number from -20 to 20 (-1: to tens)."""
    p = figure(v)
    if isinstance(p, NotComputable):
        return nc(f"取整的位数无法计算：{p.zh}", f"the places to round to cannot be computed: {p.en}")
    n = p[0]
    if n != n.to_integral_value() or not -MAX_PLACES <= n <= MAX_PLACES:
        return nc(f"取整的位数须是 -{MAX_PLACES} 到 {MAX_PLACES} 的整数，这里是 {_trim(n)}", f"the places to round to must be a whole number from -{MAX_PLACES} to {MAX_PLACES}, not {_trim(n)}")
    return int(n)


def rounded(value: Decimal, places: int) -> Decimal | NotComputable:
    """``value`` rounded ROUND_HALF_UP to ``places`` decimals (from -20 to 20); not
    computable when the result would be out of range."""
    quantum = _QUANTA.get(places)
    if quantum is None:
        why = places_of(Decimal(places))
        assert isinstance(why, NotComputable)  # places out of range
        return why
    try:
        return value.quantize(quantum, context=ROUNDING)
    except ArithmeticError as e:
        return out_of_range(e)


_QUANTA = {n: Decimal(1).scaleb(-n) for n in range(-MAX_PLACES, MAX_PLACES + 1)}
# Figures too long to show rounded: 12 significant digits in E notation, never a signal.
_SHOWN = Context(prec=12, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])


def percent(value: Decimal) -> Decimal | NotComputable:
    """A ratio as a percentage figure: 0.955 → 95.5 (exact)."""
    try:
        return value.scaleb(2, CONTEXT)
    except ArithmeticError as e:
        return out_of_range(e)


def _shown(value: Decimal, places: int, as_percent: bool = False) -> str:
    """A figure (or, ``as_percent``, a ratio ×100) rounded ROUND_HALF_UP for display; never
    raises: a figure of more than 60 whole digits is shown with 12 significant digits in E notation."""
    v = percent(value) if as_percent else value
    r = rounded(v, places) if isinstance(v, Decimal) and v.adjusted() < PRECISION else None
    if isinstance(r, Decimal):
        return format(r, "f")
    return format(_SHOWN.normalize(_SHOWN.scaleb(value, 2) if as_percent else value), "E")


def compare(op: str, a: Any, b: Any) -> Any:
    if a.__class__ is str and b.__class__ is str and op in ("=", "!="):
        return (a == b) is (op == "=")  # two texts, the common case
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
    if isinstance(v, str):
        return v
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
    if a.__class__ is str and b.__class__ is str:
        return b in a  # two texts, the common case
    if isinstance(a, NotComputable):
        return a
    if isinstance(b, NotComputable):
        return b
    return text_of(b) in text_of(a)


def is_kind(v: Any, want: str) -> Any:
    """Whether a value is of a kind (``指标值 是 数量``): ``want`` is the kind's English
    name, a value of :data:`names.KINDS` (looked up when the rule is compiled)."""
    if isinstance(v, NotComputable):
        return v
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
    if want in ("upper_bound", "lower_bound"):
        # ≤ / < (不超过, 以内) bound a target from above: lower is better; ≥ / > from below.
        c = v.embedded if isinstance(v, Prose) else v
        if not isinstance(c, Comparison):
            return False
        return c.op in ("≤", "<") if want == "upper_bound" else c.op in ("≥", ">")
    if want == "numeric":
        return isinstance(v, Decimal) or (is_target(v) and getattr(v, "kind", "") in ("quantity", "comparison", "range", "or", "and"))
    return getattr(v, "kind", "") == want and is_target(v)


def satisfies(v: Any, target: Value) -> Any:
    if isinstance(v, NotComputable):
        return v
    if v is None:
        return nc("值为空（未填写）", "the value is empty (not filled in)")
    if isinstance(v, Decimal):
        like = _first_quantity(target)
        shown = from_base(v, like) if like is not None else Quantity(v)
        if isinstance(shown, NotComputable):
            return shown
        v = shown
    j = judge(target, v) if is_target(v) else judge(target, text_of(v))
    if j.satisfied is None:
        return nc(j.zh, j.en)
    return j.satisfied


def _first_quantity(target: Value) -> Quantity | None:
    """The first figure of a target that has a unit (the unit a computed figure is shown in)."""
    match target:
        case Quantity():
            return target if target.dimension is not None else None
        case Comparison(_, bound):
            return _first_quantity(bound)
        case Range(low, high):
            return next((f for f in (_first_quantity(low), _first_quantity(high)) if f is not None), None)
        case AnyOf(parts) | AllOf(parts) | QuantityList(parts):
            return next((f for p in parts if (f := _first_quantity(p)) is not None), None)
        case Prose(_, embedded):
            return _first_quantity(embedded)
    return None


def from_base(amount: Decimal, like: Quantity) -> Quantity | NotComputable:
    """A computed figure (in the base unit: 0.77 for a rate, 元 for money) as a quantity in the
    unit and magnitude of ``like``: 0.77 → 77%, 520000 → 52万元 (rounded to 10 places)."""
    if like.dimension is None:
        return Quantity(amount)
    shown = calculate("/", amount, Quantity(Decimal(1), like.magnitude, like.unit).base)
    shown = rounded(shown, 10) if isinstance(shown, Decimal) else shown
    return shown if isinstance(shown, NotComputable) else Quantity(shown.normalize(CONTEXT), like.magnitude, like.unit)


def attainment(actual: Any, target: Any, direction: Any = "正向") -> Any:
    """How far a quantitative target was attained, as a ratio ≤ 1 (1: met).

    Proportional scoring (财预〔2020〕10号 自评表): with A the target and B the actual,
    - a higher-is-better target (``≥A``, ``>A``, or a bare ``A`` read 正向) missed: B / A;
    - a lower-is-better target (``≤A``, ``<A``, or a bare ``A`` read 反向) missed: A / B;
    - a range ``low～high`` (``105%≤≥95%``) missed from below: B / low; from above: high / B;
    - inside the target: 1.
    The actual's figure is taken from prose (``实际参保缴费人数32.68万人`` → 32.68万人);
    a bare actual figure is read by :func:`govrules.targets.reading.read`, as in judging
    (52 under ≤50万元 is 52万元); a computed figure (a Decimal) is in the base unit. A bare
    figure that reading leaves without unit, any other unit mismatch, a non-numeric
    target or actual, or a zero/negative bound is not computable.
    """
    for v in (actual, target, direction):
        if isinstance(v, NotComputable):
            return v
    # 已完成 / 已完成100% with no figure of the target's kind: met as declared, as judging says (GR126)
    declared = isinstance(actual, (Qualitative, Prose)) and degree(actual.text) == "met"
    t = target.embedded if isinstance(target, Prose) else target
    a = actual.embedded if isinstance(actual, Prose) else actual
    if t is None or a is None:
        return nc("值为空（未填写）", "the value is empty (not filled in)")
    if is_target(t) and is_target(a):  # the one reading of a bare figure, as in judging
        reading = read(t, a)
        t, a = reading.target, reading.actual
    if isinstance(a, NotApplicable) or isinstance(t, NotApplicable):  # /、—、不适用
        shown = render(a if isinstance(a, NotApplicable) else t)
        return Inapplicable(f"“{shown}”表示不适用，不参与评价", f"“{shown}” means not applicable: left out")
    reverse = text_of(direction) == "反向" or text_of(direction).lower() in ("reverse", "lower")
    low: Quantity | None
    high: Quantity | None
    match t:
        case Quantity():
            low, high = (None, t) if reverse else (t, None)
        case Comparison(op, q):
            low, high = (q, None) if op in (">", "≥") else (None, q) if op in ("<", "≤") else (q, q)
        case Range(lo, hi):
            low, high = lo, hi
        case _:
            shown = render(t) if is_target(t) else text_of(t)
            return nc(f"指标值“{shown}”不是定量目标，不能按比例计分", f"the target “{shown}” is not quantitative; it cannot be scored in proportion")
    bound = low if low is not None else high
    assert bound is not None
    if isinstance(a, Decimal):
        a = from_base(a, bound)  # a computed figure is in the base unit (数值(完成值) is)
        if isinstance(a, NotComputable):
            return a
    if isinstance(a, Comparison):
        a = a.quantity  # 实际≥95%: the figure reported
    if declared and (not isinstance(a, Quantity) or a.dimension != bound.dimension):
        return Decimal(1)
    if not isinstance(a, Quantity):
        shown = render(a) if is_target(a) else text_of(a)
        return nc(f"完成值“{shown}”没有可比的数值", f"the actual “{shown}” has no figure to compare")
    if a.dimension is None and bound.dimension is not None:
        return nc(
            f"完成值 {render(a)} 没有单位，按指标值的单位读不合理（见诊断），不能按比例计分",
            f"the actual {render(a)} has no unit and is not plausible in the target's unit (see the diagnostics); it cannot be scored in proportion",
        )
    if a.dimension != bound.dimension:
        return nc(f"单位不可比：完成值 {render(a)} 与指标值 {render(bound)}", f"units do not compare: actual {render(a)}, target {render(bound)}")
    b = a.base
    if low is not None and b < low.base:
        if low.base <= 0:
            return nc(f"指标值下限 {render(low)} 不是正数，不能按比例计分", f"the target's lower bound {render(low)} is not positive")
        return calculate("/", b, low.base)
    if high is not None and b > high.base:
        if high.base < 0:
            return nc(f"指标值上限 {render(high)} 是负数，不能按比例计分", f"the target's upper bound {render(high)} is negative")
        return calculate("/", high.base, b)
    return Decimal(1)


def logic_and(left: Any, right: Callable[[Any], Any], scope: Any) -> Any:
    """``left 且 right``: false if either side is false (the right side is not computed
    when the left is false), else not computable if either side is, else both truthy."""
    if left is False:
        return False
    value = right(scope)
    if value is False:
        return False
    for v in (left, value):
        if isinstance(v, NotComputable):
            return v
    return truthy(left) and truthy(value)


def logic_or(left: Any, right: Callable[[Any], Any], scope: Any) -> Any:
    """``left 或 right``: true if either side is truthy (the right side is not computed when
    the left is), else not computable if either side is, else false."""
    if truthy(left):
        return True
    value = right(scope)
    if truthy(value):
        return True
    for v in (left, value):
        if isinstance(v, NotComputable):
            return v
    return False


def truthy(v: Any) -> bool:
    if v.__class__ is bool:
        return v  # a condition's answer, the common case
    if isinstance(v, NotComputable) or v is None:
        return False
    if isinstance(v, Decimal):
        return v != 0
    if isinstance(v, str):
        return bool(v.strip())
    return True


def fmt(v: Any, spec: str = "", lang: str = "zh") -> str:
    """A value for a person: ``%`` percent (``%0`` whole, ``%1`` one decimal), ``万元``, ``.2`` decimals."""
    if isinstance(v, Decimal):
        if spec.startswith("%"):
            places = int(spec[1:]) if spec[1:].isdigit() else 2
            return _trim_text(_shown(v, places, as_percent=True)) + "%"
        if spec == "万元":
            return f"{_trim_text(_shown(v, 2))}万元"
        if spec.startswith(".") and spec[1:].isdigit():
            return _shown(v, int(spec[1:]))
        if spec.isdigit():
            return _shown(v, int(spec))
        return _trim_text(_shown(v, 4))
    if isinstance(v, str):
        return v
    en = lang == "en"
    if isinstance(v, NotComputable):
        return f"(not computable: {v.en})" if en else f"（无法计算：{v.zh}）"
    if v is None:
        return "(empty)" if en else "（空）"
    if isinstance(v, bool):
        return ("yes" if v else "no") if en else ("是" if v else "否")
    if is_target(v):
        return render(v)
    return str(v)


def _trim(d: Decimal) -> str:
    return _trim_text(format(d, "f"))


def _trim_text(text: str) -> str:
    if "E" in text:
        return text
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
        return format(v.normalize(CONTEXT) if v == v.to_integral_value() else v, "f")
    if is_target(v):
        return render(v)
    return str(v)
