"""Judge an actual value (完成值) against a target (指标值).

The answer is satisfied, not satisfied, or unknown (None) — and always a reason.
Values are compared as sets of admissible figures in one dimension: an actual
that is itself a bound (``≥95%``) satisfies a target when every figure it allows
does (``≥95%`` satisfies ``≥95%``). Figures of different dimensions (人 and 万元)
are incomparable: unknown, with the reason, never False.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from ..errors import Diagnostic
from .parse import TIME_DIMENSIONS, map_quantities, parse
from .reading import parse_actual, read
from .wordings import BANDS, DEGREE_EN, DEGREE_ZH, Degree, degree, denies
from .values import (
    OP_EN,
    AllOf,
    AnyOf,
    Comparison,
    Date,
    Deadline,
    Grades,
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

Direction = Literal["higher", "lower"]

AFFIRMATIVE = ("按时", "按期", "及时", "如期", "准时", "足额", "已完成", "完成", "达到", "达成", "到位", "符合", "实现")
# Words saying a time limit was kept, or missed: 按时发放 / 未按时发放, 延迟发放.
_ON_TIME = re.compile(r"(?<!未)(?<!不)(?<!没)(?<!没有)(?<!未能)(?<!不能)(按时|及时|按期|如期|准时)")
_LATE = re.compile(
    r"(未|不|没|没有|未能|不能)(按时|及时|按期|如期|准时)"
    r"|(?<!未)(?<!无)(?<!没有)(?<!未发生)(?<!未出现)(延迟|延误|滞后|逾期|超期|推迟)"  # not 未发生延误
)


@dataclass(frozen=True, slots=True)
class Judgement:
    """``satisfied``: met, not met, or None (cannot tell, or not applicable). ``degree`` is the
    band of achievement the actual's words state (达成 / 部分达成 / 未达成), and ``band`` the share
    of the weight a reviewer's judged value must fall in for it (80–100% / 50–80% / 0–50%).
    ``applicable`` is False for a row whose target or actual is /、—、无、不适用."""

    satisfied: bool | None
    zh: str
    en: str
    degree: Degree | None = None
    band: tuple[Decimal, Decimal] | None = None
    applicable: bool = True


@dataclass(frozen=True, slots=True)
class _Interval:
    """Figures between low and high in one dimension (None: unbounded)."""

    dimension: str | None
    low: Decimal | None = None
    low_closed: bool = True
    high: Decimal | None = None
    high_closed: bool = True

    def contains(self, other: _Interval) -> bool:
        return _below_or_at(self, other) and _above_or_at(self, other)

    def meets(self, other: _Interval) -> bool:
        return _overlap(self, other)


def _below_or_at(outer: _Interval, inner: _Interval) -> bool:
    if outer.low is None:
        return True
    if inner.low is None:
        return False
    return inner.low > outer.low or (inner.low == outer.low and (outer.low_closed or not inner.low_closed))


def _above_or_at(outer: _Interval, inner: _Interval) -> bool:
    if outer.high is None:
        return True
    if inner.high is None:
        return False
    return inner.high < outer.high or (inner.high == outer.high and (outer.high_closed or not inner.high_closed))


def _overlap(a: _Interval, b: _Interval) -> bool:
    if a.high is not None and b.low is not None:
        if a.high < b.low or (a.high == b.low and not (a.high_closed and b.low_closed)):
            return False
    if b.high is not None and a.low is not None:
        if b.high < a.low or (b.high == a.low and not (b.high_closed and a.low_closed)):
            return False
    return True


class _Incomparable(Exception):
    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en


def judge(
    target: Value | str | None,
    actual: Value | str | None,
    *,
    name: str | None = None,
    direction: Direction | None = None,
) -> Judgement:
    """Does ``actual`` satisfy ``target``? Either is a parsed value or anything :func:`parse`
    reads (text; None or a number from a table cell). ``direction`` says how a bare figure target reads:
    ``higher`` (the default, 正向: at least) or ``lower`` (反向: at most).

    >>> judge("≥95%", "95%").satisfied
    True
    >>> judge("7.79万人", "77000人").satisfied
    False
    >>> judge("2834人", "3万元").satisfied is None
    True
    """
    t = target if isinstance(target, VALUE_TYPES) else parse(target, name).value
    notes: tuple[Diagnostic, ...] = ()
    if isinstance(actual, VALUE_TYPES):
        a = actual
    else:  # a text: read against the target's text when there is one (cached by the texts)
        parsed = parse_actual(actual, render(t) if target is None or isinstance(target, VALUE_TYPES) else target, name)
        a, notes = parsed.value, parsed.diagnostics
    reading = read(t, a, name)
    notes = (*notes, *reading.notes)
    t, a = reading.target, reading.actual
    t = t.embedded if isinstance(t, Prose) else t
    try:
        made = _judge(t, a, direction or "higher")
    except _Incomparable as e:
        said = degree(a.text) if isinstance(a, (Qualitative, Prose)) else None
        # 已完成100% against 2次: a progress, not a figure of the target's kind
        made = _as_declared(t, a, said) if isinstance(a, (Qualitative, Prose)) and said else Judgement(None, e.zh, e.en)
    guessed = [n for n in notes if n.code == "GR122"]
    if guessed:  # the guess is said where the verdict is
        made = replace(made, zh=f"{made.zh}（{guessed[0].zh}）", en=f"{made.en} ({guessed[0].en})")
    if reading.target_unit:
        unit = reading.target_unit
        made = replace(
            made,
            zh=f"{made.zh}（目标未写单位，按完成值的单位“{unit}”理解）",
            en=f"{made.en} (target written without unit: read in the actual’s unit “{unit}”)",
        )
    return made


def _judge(t: Value, a: Value, direction: Direction) -> Judgement:
    for side, value in (("指标值", t), ("完成值", a)):
        if isinstance(value, NotApplicable):
            en = "target" if side == "指标值" else "actual"
            return Judgement(
                None, f"{side}“{value.text}”表示不适用，不参与评价", f"the {en} “{value.text}” means not applicable: left out", applicable=False
            )
    if isinstance(t, (Deadline, Date, Period)):
        return _judge_timeliness(t, a)
    if isinstance(t, Grades):
        return _judge_grades(t, a, direction)
    if isinstance(t, Qualitative):
        return _judge_text(t, a)
    if isinstance(t, QuantityList):
        return _judge_list(t, a, direction)
    figure = a.embedded if isinstance(a, Prose) else a
    if not isinstance(figure, (Quantity, Comparison, Range, AllOf)) and _is_time_limit(t):
        said = _on_time(_text_of(a), t)  # 30日内完成审核拨付 / 按时完成审核拨付
        if said is not None:
            return said
    if not isinstance(figure, (Quantity, Comparison, Range, AllOf)):
        said_degree = degree(a.text) if isinstance(a, Qualitative) else None
        if isinstance(a, Qualitative) and said_degree is not None:
            return _as_declared(t, a, said_degree)
        if isinstance(a, (Qualitative, Prose)) and denies(a.text):
            return Judgement(False, f"完成值“{a.text}”表明未完成", f"the actual “{a.text}” says the target was not met")
        return Judgement(
            None,
            f"完成值“{render(a)}”没有可比的数值，无法与目标 {render(t)} 比较，需人工判断",
            f"the actual “{render(a)}” has no figure to compare with the target {render(t)}; a reviewer must judge",
        )
    allowed = _target_set(t, direction)
    dimension = allowed[0].dimension if allowed else None
    got = _actual_interval(figure, dimension)
    rel = f"{render(figure)}（目标 {render(t)}）"
    rel_en = f"{render(figure)} (target {render(t)})"
    if isinstance(a, Prose) and denies(_words(a), render(t)):  # 完成率未达到95%: never met by its figure
        return Judgement(False, f"完成值“{a.text}”表明未达到目标 {render(t)}", f"the actual “{a.text}” says the target {render(t)} was not reached")
    if any(i.contains(got) for i in _merge(allowed)):
        return Judgement(True, f"{rel}：达到目标", f"{rel_en}: target met")
    if not any(i.meets(got) for i in allowed):
        return Judgement(False, f"{rel}：未达到目标", f"{rel_en}: target not met")
    if got.high is None and got.low_closed and any(i.low == i.high == got.low for i in allowed):
        # 达到100% (≥100%) against =100%: the figure the target names, reached
        return Judgement(True, f"{rel}：完成值写的是达到目标值，视为达到", f"{rel_en}: the actual says the target figure was reached: met")
    return Judgement(
        None,
        f"{rel}：完成值是一个范围，只有一部分落在目标内，无法确定",
        f"{rel_en}: the actual is a range only partly inside the target; cannot tell",
    )


def _target_set(t: Value, direction: Direction) -> list[_Interval]:
    """The target as a union of intervals, all in one dimension."""
    match t:
        case Quantity(approx=approx) if approx:
            return [_bound(">", t)]  # 700多次: more than 700
        case Quantity():
            op = "≥" if direction == "higher" else "≤"
            return [_bound(op, t)]
        case Comparison(op, q):
            return [_bound(op, q)]
        case Range(low, high):
            _same(low, high)
            return [_Interval(low.dimension, low.base, True, high.base, True)]
        case AnyOf(parts):
            sets = [i for p in parts for i in _target_set(p, direction)]
            for s in sets[1:]:
                _same_dim(sets[0].dimension, s.dimension)
            return sets
        case AllOf(parts):
            result: _Interval | None = None
            for p in parts:
                merged = _merge(_target_set(p, direction))
                if len(merged) != 1:
                    raise _Incomparable(f"目标 {render(t)} 无法化为一个区间", f"the target {render(t)} is not one interval")
                result = merged[0] if result is None else _intersect(result, merged[0])
            return [result] if result else []
    raise _Incomparable(f"目标 {render(t)} 不是数值目标", f"the target {render(t)} is not numeric")


def _bound(op: str, q: Quantity) -> _Interval:
    b = q.base
    if op == "≥":
        return _Interval(q.dimension, low=b)
    if op == ">":
        return _Interval(q.dimension, low=b, low_closed=False)
    if op == "≤":
        return _Interval(q.dimension, high=b)
    if op == "<":
        return _Interval(q.dimension, high=b, high_closed=False)
    return _Interval(q.dimension, b, True, b, True)


def _actual_interval(a: Value, dimension: str | None) -> _Interval:
    """The figures the actual allows, in the target's dimension (a bare actual takes it)."""
    match a:
        case Quantity(approx=approx) if approx:
            return _bound(">", _adopt(a, dimension))  # 700多次: more than 700
        case Quantity():
            return _bound("=", _adopt(a, dimension))
        case Comparison(op, q):
            return _bound(op, _adopt(q, dimension))
        case Range(low, high):
            low, high = _adopt(low, dimension), _adopt(high, dimension)
            return _Interval(low.dimension, low.base, True, high.base, True)
        case AllOf(parts):
            result = _actual_interval(parts[0], dimension)
            for p in parts[1:]:
                result = _intersect(result, _actual_interval(p, dimension))
            return result
    raise _Incomparable(f"完成值 {render(a)} 不是数值", f"the actual {render(a)} is not a figure")


def _adopt(q: Quantity, dimension: str | None) -> Quantity:
    """A figure still without unit against a target that has one: :func:`reading.read` gave
    it none (not plausible in the target's unit, or the target has several): cannot tell."""
    if q.dimension is None and dimension is not None:
        if dimension == "比率":
            raise _Incomparable(
                f"完成值 {render(q)} 没有单位，按百分比读不合理，而目标是百分比：填报的可能是金额或人数，而不是比率",
                f"the actual {render(q)} has no unit and is not plausible as a percentage, while the target is one: "
                "it may be an amount or a count rather than a rate",
            )
        raise _Incomparable(
            f"完成值 {render(q)} 没有单位，无法确定按指标值的哪个单位理解",
            f"the actual {render(q)} has no unit, and the target does not say which unit to read it in",
        )
    _same_dim(dimension, q.dimension)
    return q


def _same(a: Quantity, b: Quantity) -> None:
    _same_dim(a.dimension, b.dimension)


def _same_dim(a: str | None, b: str | None) -> None:
    if a is not None and b is not None and a != b:
        raise _Incomparable(f"单位不可比：{a} 与 {b}", f"units do not compare: {a} and {b}")


def _intersect(a: _Interval, b: _Interval) -> _Interval:
    _same_dim(a.dimension, b.dimension)
    low, low_closed = (a.low, a.low_closed) if _below_or_at(b, a) else (b.low, b.low_closed)
    high, high_closed = (a.high, a.high_closed) if _above_or_at(b, a) else (b.high, b.high_closed)
    return _Interval(a.dimension or b.dimension, low, low_closed, high, high_closed)


def _merge(intervals: list[_Interval]) -> list[_Interval]:
    """Join overlapping intervals, so that containment in a union is containment in one part."""
    todo = sorted(intervals, key=lambda i: (i.low is not None, i.low or Decimal(0)))
    out: list[_Interval] = []
    for i in todo:
        if out and _overlap(out[-1], i):
            last = out[-1]
            high, closed = (last.high, last.high_closed) if _above_or_at(last, i) else (i.high, i.high_closed)
            out[-1] = _Interval(last.dimension, last.low, last.low_closed, high, closed)
        else:
            out.append(i)
    return out


def _judge_list(t: QuantityList, a: Value, direction: Direction) -> Judgement:
    a = a.embedded if isinstance(a, Prose) else a
    if not isinstance(a, QuantityList) or len(a.items) != len(t.items):
        return Judgement(
            None,
            f"目标 {render(t)} 有 {len(t.items)} 项，完成值 {render(a)} 无法逐项对应",
            f"the target {render(t)} has {len(t.items)} items; the actual {render(a)} does not match them item by item",
        )
    parts = [_judge(ti, ai, direction) for ti, ai in zip(t.items, a.items)]
    if all(p.satisfied for p in parts):
        return Judgement(True, f"{render(a)}（目标 {render(t)}）：各项均达到", f"{render(a)} (target {render(t)}): every item met")
    if any(p.satisfied is False for p in parts):
        return Judgement(False, f"{render(a)}（目标 {render(t)}）：有项目未达到", f"{render(a)} (target {render(t)}): an item is not met")
    return Judgement(None, "；".join(p.zh for p in parts), "; ".join(p.en for p in parts))


def _judge_grades(t: Grades, a: Value, direction: Direction) -> Judgement:
    """The grade an actual reaches on a graded scale (优≥95% 良≥85% 中≥75%): the first is met,
    a lower one partly met, none not met. An actual that is a grade word is placed by name."""
    grades = [g for g, _ in t.bands]
    shown = render(t)
    reached: str | None = None
    if isinstance(a, Qualitative) and a.text.strip() in grades:
        reached = a.text.strip()
    else:
        for grade, bound in t.bands:
            j = _judge(bound, a, direction)
            if j.satisfied is None:
                return Judgement(None, f"{j.zh}（分档目标 {shown}）", f"{j.en} (graded target {shown})")
            if j.satisfied:
                reached = grade
                break
    if reached is None:
        return Judgement(False, f"{render(a)}（分档目标 {shown}）：未达到任何一档", f"{render(a)} (graded target {shown}): below every grade", "not met")
    if reached == grades[0]:
        return Judgement(True, f"{render(a)}（分档目标 {shown}）：达到最高档“{reached}”", f"{render(a)} (graded target {shown}): the top grade “{reached}”", "met")
    return Judgement(
        False,
        f"{render(a)}（分档目标 {shown}）：达到“{reached}”档，未达到最高档“{grades[0]}”",
        f"{render(a)} (graded target {shown}): grade “{reached}”, not the top grade “{grades[0]}”",
        "partly",
    )


def _scale_of(text: str) -> tuple[str, ...] | None:
    """A target that lists a whole grade scale (优良中低差, 优、良、中、差): its grades, best first."""
    written = re.sub(r"[、,，/\s]", "", text)
    for scale in GRADE_SCALES:
        for n in range(len(scale), 2, -1):
            if written == "".join(scale[:n]):
                return scale[:n]
    return None


def _as_declared(t: Value, a: Qualitative | Prose, said: Degree) -> Judgement:
    """A completion word (已完成, 达标, 部分完成 …) against a numeric target: as declared, with
    a note that no figure was given."""
    zh, en = DEGREE_ZH[said], DEGREE_EN[said]
    note = f"完成值“{a.text}”只说明{zh}，没有给出数值"
    note_en = f"the actual “{a.text}” says {en} but gives no figure"
    if said == "met":
        return Judgement(True, f"{note}，按申报视为达到目标 {render(t)}", f"{note_en}: met as declared (target {render(t)})", said)
    return Judgement(False, f"{note}（目标 {render(t)}）：未达到", f"{note_en} (target {render(t)}): not met", said)


def _words(a: Prose) -> str:
    """The words of a sentence around its figures (the figures as written left out)."""
    return re.sub(r"[\d.%‰]+", " ", a.text)


def _text_of(a: Value) -> str:
    return a.text if isinstance(a, (Qualitative, Prose)) else render(a)


def _is_time_limit(t: Value) -> bool:
    """A target that is a time limit: a deadline, or at most so many days (30日内, ≤15个工作日)."""
    if isinstance(t, (Deadline, Date, Period)):
        return True
    return isinstance(t, Comparison) and t.op in ("≤", "<") and t.quantity.dimension in TIME_DIMENSIONS


def _on_time(text: str, t: Value) -> Judgement | None:
    """What the actual's words say about a time limit: 按时/及时/按期 (not after 未/不) kept
    it, 未按时 or 延迟 missed it; None when they say neither (or both)."""
    kept, missed = bool(_ON_TIME.search(text)), bool(_LATE.search(text))
    if kept and not missed:
        return Judgement(
            True,
            f"完成值“{text}”表明按时完成，视为满足时限 {render(t)}",
            f"the actual “{text}” says it was done on time: taken as meeting the time limit {render(t)}",
        )
    if missed and not kept:
        return Judgement(False, f"完成值“{text}”表明未按时完成（时限 {render(t)}）", f"the actual “{text}” says the time limit {render(t)} was missed")
    if kept and missed:
        return Judgement(
            None,
            f"完成值“{text}”既说按时又说延迟，无法判断是否满足时限 {render(t)}，需人工判断",
            f"the actual “{text}” speaks both of on time and of delay; a reviewer must judge the time limit {render(t)}",
        )
    return None


_ANY_YEAR = 2000  # a leap year, for a deadline and a date that both leave the year out


def _days(d: Date, year: int | None) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a date written to the year, month or day can mean; None for
    no such day (2月30日)."""
    y = d.year or year
    if y is None or (d.month is None and d.day is not None):
        return None
    if d.month is None:
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    last = calendar.monthrange(y, d.month)[1]
    if d.day is None:
        return datetime.date(y, d.month, 1), datetime.date(y, d.month, last)
    return (datetime.date(y, d.month, d.day),) * 2 if d.day <= last else None


def _latest(t: Value) -> Date | None:
    """The last day a one-off time limit allows, as a Date (to the day, month or year)."""
    match t:
        case Date():
            return t
        case Deadline(form="by_date", date=Date() as d):
            return d
        case Deadline(form="month_end", month=month, year=year):
            return Date(year, month)
        case Deadline(form="year_end", year=int(year)):
            return Date(year)
    return None


def _by_date(t: Value, a: Value) -> Judgement | None:
    """A dated actual (2023年12月15日, 2023年12月15日完成) against a one-off time limit: is it on
    or before the last day allowed? None when either has no date or only one has a year."""
    actual = a if isinstance(a, Date) else next((f for f in getattr(a, "figures", ()) if isinstance(f, Date)), None)
    limit = _latest(t)
    if actual is None or limit is None or (actual.year is None) != (limit.year is None):
        return None
    done, allowed = _days(actual, _ANY_YEAR), _days(limit, _ANY_YEAR)
    if done is None or allowed is None:
        return None
    shown = f"完成日期 {render(actual)}，时限 {render(t)}"
    shown_en = f"done {render(actual)}, time limit {render(t)}"
    if done[1] <= allowed[1]:
        return Judgement(True, f"{shown}：按时", f"{shown_en}: on time")
    if done[0] > allowed[1]:
        return Judgement(False, f"{shown}：晚于时限", f"{shown_en}: late")
    return Judgement(None, f"{shown}：完成日期不够具体，无法确定是否按时", f"{shown_en}: the date is not precise enough to tell")


def _judge_timeliness(t: Value, a: Value) -> Judgement:
    text = _text_of(a)
    if a == t or (isinstance(a, Prose) and a.embedded == t):
        return Judgement(True, f"完成值与时限 {render(t)} 一致", f"the actual matches the deadline {render(t)}")
    dated = _by_date(t, a)
    if dated is not None:
        return dated
    said = _on_time(text, t)
    if said is not None:
        return said
    if denies(text):
        return Judgement(False, f"完成值“{text}”表明未按时完成（时限 {render(t)}）", f"the actual “{text}” says the deadline {render(t)} was missed")
    if any(w in text for w in AFFIRMATIVE):
        return Judgement(True, f"完成值“{text}”表明按时完成（时限 {render(t)}）", f"the actual “{text}” says the deadline {render(t)} was kept")
    return Judgement(None, f"无法从“{text}”判断是否满足时限 {render(t)}，需人工判断", f"cannot tell from “{text}” whether the deadline {render(t)} was kept")


YES_NO = ("是", "否")
GRADE_SCALES = (("优", "良", "中", "低", "差"), ("好", "较好", "一般", "较差", "差"), ("优秀", "良好", "合格", "不合格"))


def _judge_text(t: Qualitative, a: Value) -> Judgement:
    """A qualitative target: a grade against a grade; the national band wordings (达成预期指标 …)
    give the degree and the band the reviewer's judged value must fall in; a restatement of
    the target is met unless the actual's own words deny it (第3-4期未按时完成)."""
    text = _text_of(a)
    if t.grade and isinstance(a, Qualitative) and a.grade:
        for scale in GRADE_SCALES:
            if t.grade in scale and a.grade in scale:
                ok = scale.index(a.grade) <= scale.index(t.grade)
                return Judgement(ok, f"等级 {a.grade}（目标 {t.grade}）", f"grade {a.grade} (target {t.grade})")
    listed = _scale_of(t.text)
    if listed and isinstance(a, Qualitative) and a.grade in listed:  # 优良中低差 as the target, 优 as the actual
        top = a.grade == listed[0]
        return Judgement(top, f"等级 {a.grade}（目标为等级表“{t.text}”，最高为 {listed[0]}）", f"grade {a.grade} (the target lists the scale “{t.text}”, best {listed[0]})")
    if t.text in YES_NO and text in YES_NO:  # 是否被核减: 否 against 否 is met
        return Judgement(t.text == text, f"完成值“{text}”（目标“{t.text}”）", f"the actual “{text}” (target “{t.text}”)")
    said = degree(text)
    if said is not None:
        low, high = BANDS[said]
        band = f"{low * 100:.0f}%–{high * 100:.0f}%"
        return Judgement(
            said == "met",
            f"完成值“{text}”：{DEGREE_ZH[said]}（定性指标，评审得分应在分值的 {band} 之内）",
            f"the actual “{text}”: {DEGREE_EN[said]} (a qualitative row: the judged score falls within {band} of the weight)",
            said,
            (low, high),
        )
    denied = denies(text, t.text)
    if t.text and t.text in text and not denied:
        return Judgement(True, f"完成值“{text}”包含目标表述“{t.text}”", f"the actual “{text}” restates the target “{t.text}”", "met", BANDS["met"])
    if denied:
        return Judgement(False, f"完成值“{text}”表明未完成", f"the actual “{text}” says the target was not met", "not met", BANDS["not met"])
    return Judgement(None, f"定性指标“{t.text}”，需评审人员判断完成值“{text}”", f"qualitative target “{t.text}”: a reviewer must judge “{text}”")


__all__ = ["Judgement", "judge", "Direction", "OP_EN"]
