"""Typed, immutable values of the target language.

Every value renders to one canonical text (:func:`render`) and parsing that text
gives the same value back. ``kind`` names the shape in JSON output.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any, Literal, Union, get_args

from .units import MAGNITUDES, UnitInfo, unit_info

Op = Literal["≥", "≤", ">", "<", "="]
OP_EN = {"≥": "at least", "≤": "at most", ">": "more than", "<": "less than", "=": "equal to"}
# Enough digits for any figure of a parsed text (at most 500 characters) times a magnitude and
# a unit factor, so that converting to the base unit never rounds.
EXACT_DIGITS = 1100
OP_ZH = {"≥": "不低于", "≤": "不高于", ">": "高于", "<": "低于", "=": "等于"}


def number_text(number: Decimal) -> str:
    """A Decimal as written, never in exponent form (``1E+1`` → ``10``)."""
    text = format(number, "f")
    return "0" if text in ("-0", "+0") else text


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with optional magnitude (万, 亿 …) and unit (人, 元, %, 元/人·月 …).

    ``approx`` is ``多`` or ``余`` when the figure is written as "more than" (700多次,
    22.5万余场): the amount is above the figure, by less than the next round step.
    """

    number: Decimal
    magnitude: str = ""
    unit: str = ""
    approx: str = ""
    _base: Decimal | None = field(default=None, init=False, repr=False, compare=False)  # kept by ``base``
    kind = "quantity"

    @property
    def info(self) -> UnitInfo | None:
        return unit_info(self.unit)

    @property
    def dimension(self) -> str | None:
        info = self.info
        return info.dimension if info else None

    @property
    def base(self) -> Decimal:
        """The amount in the dimension's base unit: 7.79万人 → 77900, 95% → 0.95 (worked
        out once per value: parsed values are cached and met again and again)."""
        base = self._base
        if base is None:
            info = self.info
            with localcontext(prec=EXACT_DIGITS):  # exact: the default 28 digits would round long figures
                base = self.number * MAGNITUDES.get(self.magnitude, Decimal(1))
                base = base * info.factor if info else base
            object.__setattr__(self, "_base", base)
        return base

    def with_unit(self, magnitude: str, unit: str) -> Quantity:
        return Quantity(self.number, self.magnitude or magnitude, unit, self.approx)


@dataclass(frozen=True, slots=True)
class Comparison:
    op: Op
    quantity: Quantity
    kind = "comparison"


@dataclass(frozen=True, slots=True)
class Range:
    """Both ends inclusive: ``95%～105%``."""

    low: Quantity
    high: Quantity
    kind = "range"


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Value, ...]
    kind = "or"


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Value, ...]
    kind = "and"


@dataclass(frozen=True, slots=True)
class QuantityList:
    """``50、5.6``: several figures in one cell (e.g. provincial and county standards);
    an item may also be a bound or a range (``分别不低于24%和30%`` → ``≥24%、≥30%``)."""

    items: tuple[Quantity | Comparison | Range, ...]
    kind = "list"


def _check_day(month: int | None, day: int | None) -> None:
    if not (month is None or 1 <= month <= 12) or not (day is None or 1 <= day <= 31):
        raise ValueError(f"no such month or day: {month}月{day}日")


@dataclass(frozen=True, slots=True)
class Date:
    """A date to the year, month or day; month 1–12 and day 1–31 (ValueError otherwise: the
    parser then reads 2023年13月1日 as text)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    kind = "date"

    def __post_init__(self) -> None:
        _check_day(self.month, self.day)


@dataclass(frozen=True, slots=True)
class Period:
    start: Date
    end: Date
    kind = "period"


DeadlineForm = Literal[
    "day_of_period", "on_day_of_period", "day_of_month", "next_month_day", "after_period_end", "next_month_end", "last_day", "by_date", "next_year", "year_end", "month_end"
]


@dataclass(frozen=True, slots=True)
class Deadline:
    """A one-off or recurring deadline.

    ``every`` is the recurring period (月, 季度, 年度, 周, 半年, 日) or empty. Forms:
    day_of_period 每月25日前; on_day_of_period 每月25日 (on the day); day_of_month 25日前; next_month_day 次月10日前; after_period_end 每季度结束后15日内; next_month_end 每季末次月底前;
    last_day 每季度最后一日前; by_date 2023年12月31日前, 12月前; next_year 次年1月10日前 (``date``
    without year, in the year after the one the target is for); year_end 年底前 (2024年底前 with ``year``); month_end 12月底前 (2024年12月底前).
    """

    form: DeadlineForm
    every: str = ""
    day: int | None = None  # day_of_period: 每月25日前
    within: Quantity | None = None  # after_period_end: 每季度结束后15日内
    date: Date | None = None  # by_date: 2023年12月31日前; next_year: 1月10日
    month: int | None = None  # month_end: 12月底前
    year: int | None = None  # month_end, year_end: 2024年12月底前, 2024年底前
    kind = "deadline"

    def __post_init__(self) -> None:
        _check_day(self.month, self.day)


@dataclass(frozen=True, slots=True)
class Qualitative:
    """Text with no usable figure, kept verbatim; ``grade`` when it is a grade (优, 较好 …)."""

    text: str
    grade: str | None = None
    kind = "qualitative"


@dataclass(frozen=True, slots=True)
class Grades:
    """A graded scale in one cell, best grade first: ``优≥95% 良≥85% 中≥75%``. Reaching the first
    grade's bound meets the target; a lower grade meets it in part; below every grade, not met."""

    bands: tuple[tuple[str, Comparison], ...]
    kind = "grades"


@dataclass(frozen=True, slots=True)
class NotApplicable:
    """``/``, ``—``, ``无``, ``不适用``, ``N/A``: the indicator does not apply (kept as written).
    Never judged met or not met: rules leave such a row out, with a note."""

    text: str
    kind = "not_applicable"


@dataclass(frozen=True, slots=True)
class Prose:
    """Words with an embedded target or figure: ``上访率控制在0.1%以内，维护社会稳定``.

    ``embedded`` is the target the text states; ``figures`` every value found, in order.
    """

    text: str
    embedded: Value
    figures: tuple[Value, ...] = ()
    kind = "prose"


Value = Union[Quantity, Comparison, Range, AnyOf, AllOf, QuantityList, Date, Period, Deadline, Grades, Qualitative, NotApplicable, Prose]
VALUE_TYPES = get_args(Value)

EVERY_SHORT = {"季度": "季", "年度": "年"}
_YEAR = re.compile(r"(19|20)\d\d年")
_COMPACT_PERIOD = re.compile(r"(19|20)\d\d(0[1-9]|1[0-2])～(19|20)\d\d(0[1-9]|1[0-2])")


def render(value: Value) -> str:
    """The canonical text of a value; ``parse(render(v)).value == v``."""
    match value:
        case Quantity(number, magnitude, unit, approx):
            return number_text(number) + magnitude + approx + unit
        case Comparison(op, quantity):
            return op + render(quantity)
        case Range(low, high):
            text = render(low) + "～" + render(high)
            # 202001～202012 reads as a period (grammar/target.lark COMPACT_PERIOD); as figures, 202001.0～202012.0
            if _COMPACT_PERIOD.fullmatch(text):
                return text.replace("～", ".0～") + ".0"
            if low.unit == high.unit == "年" and _YEAR.fullmatch(render(low)):  # 2021年～2901年 reads as words: 2021～2901年
                return number_text(low.number) + "～" + render(high)
            return text
        case AnyOf(parts):
            return "或".join(render(p) for p in parts)
        case AllOf(parts):
            return "且".join(render(p) for p in parts)
        case QuantityList(items):
            return "、".join(render(i) for i in items)
        case Date(year, month, day):
            return (f"{year}年" if year else "") + (f"{month}月" if month else "") + (f"{day}日" if day else "")
        case Period(start, end):
            return render(start) + "～" + render(end)
        case Deadline():
            return _render_deadline(value)
        case Grades(bands):
            return "、".join(grade + render(bound) for grade, bound in bands)
        case Qualitative(text) | Prose(text) | NotApplicable(text):
            return text
    raise TypeError(f"not a target value: {value!r}")


def _render_deadline(d: Deadline) -> str:
    every = "每" + d.every if d.every else ""
    if d.form in ("day_of_period", "day_of_month"):
        return f"{every}{d.day}日前"
    if d.form == "on_day_of_period":
        return f"{every}{d.day}日"
    if d.form == "next_month_day":
        return f"次月{d.day}日前"
    if d.form == "after_period_end" and d.within is not None:
        return f"{every}结束后{render(d.within)}内"
    if d.form == "next_month_end":
        return "每" + EVERY_SHORT.get(d.every, d.every) + "末次月底前"
    if d.form == "last_day":
        return f"{every}最后一日前"
    if d.form == "by_date" and d.date is not None:
        return render(d.date) + "前"
    if d.form == "next_year" and d.date is not None:
        return "次年" + render(d.date) + "前"
    year = f"{d.year}年" if d.year else ""
    if d.form == "month_end":
        return f"{year}{d.month}月底前"
    return f"{year}底前" if year else "年底前"


def to_json(value: Value) -> dict[str, Any]:
    """A JSON-ready description: ``kind``, ``canonical`` and the value's parts (numbers as strings)."""
    out: dict[str, Any] = {"kind": value.kind, "canonical": render(value)}
    match value:
        case Quantity(number, magnitude, unit, approx):
            out.update(number=number_text(number), magnitude=magnitude, unit=unit, approx=approx)
            info = value.info
            if info is not None:
                out.update(dimension=info.dimension, base=number_text(value.base))
        case Comparison(op, quantity):
            out.update(op=op, quantity=to_json(quantity))
        case Range(low, high):
            out.update(low=to_json(low), high=to_json(high))
        case AnyOf(parts) | AllOf(parts):
            out.update(parts=[to_json(p) for p in parts])
        case QuantityList(items):
            out.update(items=[to_json(i) for i in items])
        case Date(year, month, day):
            out.update(year=year, month=month, day=day)
        case Period(start, end):
            out.update(start=to_json(start), end=to_json(end))
        case Deadline(form, every, day, within, date, month, year):
            out.update(form=form, every=every, day=day, month=month, year=year)
            out.update(within=to_json(within) if within else None, date=to_json(date) if date else None)
        case Grades(bands):
            out.update(bands=[{"grade": grade, "bound": to_json(bound)} for grade, bound in bands])
        case Qualitative(_, grade):
            out.update(grade=grade)
        case Prose(_, embedded, figures):
            out.update(embedded=to_json(embedded), figures=[to_json(f) for f in figures])
    return out
