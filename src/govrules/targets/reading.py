"""One reading of a figure: a 完成值 written without a unit, read once against its target.

Judging (:func:`govrules.targets.judge`), the rule functions 完成比例 and 数值, the
indicator views and the explanations all take the actual from here, so that no two
of them read ``52`` under ``≤50万元`` differently. The reading:

- a unit in the indicator's name comes first (the parser applies it, GR105);
- else a bare figure takes its target's unit and magnitude: ``52`` under ``≤50万元`` is
  52万元, ``100`` under ``=100%`` is 100% — a guess, said by GR122;
- a bare fraction (up to 1) under a rate target of 10% or more is a ratio: ``0.98`` under ``≥95%`` is 98%
  (under ``≤1%``, ``0.5`` stays 0.5%);
- a bare figure that, read so, is not plausible is not read: under a rate, above twice the
  target's largest bound (884 under 95%～105%: an amount put in a rate's cell, GR114), or
  above 100% under a rate that cannot pass it (合格率, 满意度 …, GR123). It stays without
  unit, and comparing it is "cannot tell";
- a written figure above 100% under such a rate is read as written and warned about (GR123);
- a target written without unit (``≥85`` under ``成活率(≥**%)``) is read in the unit of an
  actual that has one (90%), its magnitude as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache

from ..errors import Diagnostic
from ..messages import diagnostic
from .parse import PLAUSIBLE_PERCENT, Parsed, map_quantities, parse
from .units import RATIO
from .values import (
    EXACT_DIGITS,
    AllOf,
    AnyOf,
    Comparison,
    NotApplicable,
    Prose,
    Qualitative,
    Quantity,
    QuantityList,
    Range,
    Value,
    number_text,
    render,
)
from .wordings import DEGREE_EN, DEGREE_ZH, degree, denies

# Rates that cannot pass 100%: a share of people, items or checks (not 执行率 or 增长率).
BOUNDED_RATES = re.compile(
    "(合格|满意|达标|覆盖|知晓|参保|准确|正确|完好|成活|存活|及格|通过|优良|合规|入学|普及|巩固|到位|兑现|"
    "办结|回复|响应|受理|出勤|就业|使用|好评|签约|建档|接种|筛查|公开|结案)(率|度)"
)
_NONE = re.compile(r"无|没有|未发生|未出现|没有发生|零")  # 未发生安全事故, 无投诉 (not 无法完成: a denial)
HUNDRED = Decimal(100)
TEN = Decimal(10)


@dataclass(frozen=True, slots=True)
class Reading:
    """The target and the actual as read together, with what was guessed on the way."""

    target: Value
    actual: Value
    notes: tuple[Diagnostic, ...] = ()
    target_unit: str = ""  # the actual's unit, taken by a target written without one


def read(target: Value, actual: Value, name: str | None = None) -> Reading:
    """The one reading of ``actual`` against ``target`` (both parsed values).

    >>> render(read(parse("≤50万元").value, parse("52").value).actual)
    '52万元'
    >>> render(read(parse("=100%").value, parse("100").value).actual)
    '100%'
    """
    t = target.embedded if isinstance(target, Prose) else target
    none = _none_against_zero(t, actual)
    if none is not None:
        return Reading(target, none)
    actual_units = _units(actual)
    if "" not in actual_units:
        taken = actual_units - {""}
        if _units(t) != {""} or len(taken) != 1:
            return Reading(target, actual)
        (symbol,) = taken  # a target without unit (≥85 under 成活率(≥**%)) in the actual's (90%)
        return Reading(map_quantities(t, lambda q: q.with_unit("", symbol)), actual, (), symbol)
    unit = _target_unit(t)
    if unit is None:
        return Reading(target, actual)
    notes: list[Diagnostic] = []
    magnitude, symbol = unit
    bounded = bool(name and BOUNDED_RATES.search(unicodedata.normalize("NFKC", name)))
    refused: list[str] = []
    limit = _plausible_percent(t)

    fraction_is_ratio = symbol == "%" and min(_percents(t), default=Decimal(0)) >= TEN

    def take(q: Quantity) -> Quantity:
        if q.unit:
            return q
        if fraction_is_ratio and not q.magnitude and 0 < q.number <= 1:  # 0.98 under ≥95%: 98%, not 0.98%; 1 is 100%
            return Quantity((q.number * HUNDRED).normalize(), "", "%", q.approx)
        read_as = q.with_unit(magnitude, symbol)
        if read_as.dimension == RATIO:
            percent = read_as.base * HUNDRED
            if percent > limit or (bounded and percent > HUNDRED):
                refused.append(render(q))
                notes.append(_implausible(q, percent, bounded))
                return q
        return read_as

    read_value = map_quantities(actual, take)
    if len(refused) < sum(1 for u in _all_units(actual) if u == ""):
        shown = read_value.embedded if isinstance(read_value, Prose) else read_value
        notes.insert(0, diagnostic("GR122", unit=magnitude + symbol, figure=render(shown)))
    return Reading(target, read_value, tuple(notes))


def _none_against_zero(t: Value, actual: Value) -> Quantity | None:
    """``无`` or ``未发生安全事故`` reported against a target of none (≤0起, =0, 0次: 安全事故,
    投诉) is the figure 0, not "not applicable" or words to judge."""
    said_none = isinstance(actual, NotApplicable) and actual.text.strip() in ("无", "没有", "未发生")
    if not (said_none or isinstance(actual, Qualitative) and _NONE.match(actual.text.strip()) and not denies(actual.text)):
        return None
    q = t.quantity if isinstance(t, Comparison) and t.op in ("≤", "=", "<") else t
    if isinstance(q, Quantity) and q.number == 0 and not (isinstance(t, Comparison) and t.op == "<"):
        return Quantity(Decimal(0), q.magnitude, q.unit)
    return None


def _percents(t: Value) -> list[Decimal]:
    """The bounds of a rate target, in per cent."""
    bounds: list[Decimal] = []

    def collect(q: Quantity) -> Quantity:
        if q.dimension == RATIO:
            bounds.append(q.base * HUNDRED)
        return q

    map_quantities(t, collect)
    return bounds


def _plausible_percent(t: Value) -> Decimal:
    """The largest percentage a bare figure may be read as under a rate target: twice the
    target's largest bound, at least 100% and at most 1000% (884 under 95%～105% is an amount)."""
    return min(PLAUSIBLE_PERCENT, max([HUNDRED, *(2 * b for b in _percents(t))]))


def _implausible(q: Quantity, percent: Decimal, bounded: bool) -> Diagnostic:
    shown = number_text(percent.normalize()) if percent == percent.to_integral() else number_text(percent)
    return diagnostic("GR123" if bounded and percent <= PLAUSIBLE_PERCENT else "GR114", figure=render(q), percent=shown)


def _target_unit(t: Value) -> tuple[str, str] | None:
    """The one magnitude and unit of a target's figures; None when it has none or several."""
    found: set[tuple[str, str]] = set()

    def collect(q: Quantity) -> Quantity:
        if q.unit:
            found.add((q.magnitude, q.unit))
        return q

    map_quantities(t, collect)
    return next(iter(found)) if len(found) == 1 else None


def _all_units(value: Value) -> list[str]:
    found: list[str] = []

    def collect(q: Quantity) -> Quantity:
        found.append(q.unit)
        return q

    map_quantities(value, collect)
    return found


def _units(value: Value) -> set[str]:
    return set(_all_units(value))


def written_over_bound(value: Value, name: str | None) -> list[Diagnostic]:
    """GR123 for a written percentage above 100% under a rate that cannot pass it."""
    if not name or not BOUNDED_RATES.search(unicodedata.normalize("NFKC", name)):
        return []
    found: list[Diagnostic] = []

    def check(q: Quantity) -> Quantity:
        if q.unit and q.dimension == RATIO:
            with localcontext(prec=EXACT_DIGITS):
                percent = q.base * HUNDRED
            if percent > HUNDRED:
                found.append(diagnostic("GR123", figure=render(q), percent=number_text(percent.normalize())))
        return q

    map_quantities(value.embedded if isinstance(value, Prose) else value, check)
    return found


@lru_cache(maxsize=8192)
def parse_actual(actual: str | None, target: str | None, name: str | None = None) -> Parsed:
    """A 完成值 cell parsed and read against its 指标值 cell: what judging, scoring and the
    indicator views all use. Keyed by the texts, so the same row in many submissions is
    read once.

    >>> parse_actual("52", "≤50万元").canonical
    '52万元'
    """
    parsed = parse(actual, name, role="actual")
    target_value = parse(target, name).value
    reading = read(target_value, parsed.value, name)
    value = reading.actual
    declared = _declared(target_value, value)
    zero = isinstance(parsed.value, NotApplicable) and not isinstance(value, NotApplicable)  # 无 against ≤0起
    own = tuple(d for d in parsed.diagnostics if not (declared and d.code == "GR104") and not (zero and d.code == "GR124"))
    notes = (*own, *reading.notes, *written_over_bound(value, name), *declared)
    if value is parsed.value and notes == parsed.diagnostics:
        return parsed
    return Parsed(parsed.text, value, _unique(notes))


def _declared(target: Value, actual: Value) -> tuple[Diagnostic, ...]:
    """GR126 for a completion word (已完成, 达标 …) where the target asks for a figure."""
    t = target.embedded if isinstance(target, Prose) else target
    if not isinstance(actual, Qualitative) or not isinstance(t, (Quantity, Comparison, Range, AnyOf, AllOf, QuantityList)):
        return ()
    said = degree(actual.text)
    if said is None:
        return ()
    return (diagnostic("GR126", text=actual.text, degree=DEGREE_ZH[said], degree_en=DEGREE_EN[said]),)


def _unique(notes: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    out: list[Diagnostic] = []
    for n in notes:
        if n not in out:
            out.append(n)
    return tuple(out)


__all__ = ["Reading", "read", "parse_actual", "BOUNDED_RATES"]
