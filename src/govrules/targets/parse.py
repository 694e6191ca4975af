"""Parse an indicator value (指标值) or actual value (完成值) into a typed value.

``parse`` never raises for any string: what it cannot read comes back as
:class:`Qualitative` text with a diagnostic.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from decimal import Decimal
from typing import Any, Literal

from lark import Token, Transformer, v_args
from lark.exceptions import LarkError

from ..errors import Diagnostic
from ..grammars import parser
from ..messages import diagnostic
from .wordings import not_applicable
from .units import CANONICAL_UNIT, MAGNITUDES, RATIO, RATIO_TO_ONE, UNITS, split_unit
from .values import (
    AllOf,
    AnyOf,
    Comparison,
    Date,
    Deadline,
    Grades,
    NotApplicable,
    Op,
    Period,
    Prose,
    Qualitative,
    Quantity,
    QuantityList,
    Range,
    Value,
    number_text,
    render,
)

Role = Literal["target", "actual"]

MAX_LENGTH = 500
PLAUSIBLE_PERCENT = Decimal(1000)  # a bare figure above this under a rate indicator: GR114

GRADES = ("优秀", "良好", "合格", "不合格", "优", "良", "中", "低", "差", "好", "较好", "一般", "较差")

OPS: dict[str, Op] = {
    ">=": "≥", "=>": "≥", "≥": "≥", "≧": "≥",
    "<=": "≤", "=<": "≤", "≤": "≤", "≦": "≤",
    ">": ">", "<": "<", "=": "=", "==": "=",
}  # fmt: skip
WORD_OPS: dict[str, Op] = {
    **dict.fromkeys(["不低于", "不少于", "不小于", "大于等于", "大于或等于", "达到", "达", "至少"], "≥"),
    **dict.fromkeys(["不超过", "不高于", "不大于", "不多于", "小于等于", "小于或等于", "至多", "最多", "未超过"], "≤"),
    **dict.fromkeys(["高于", "大于", "超过", "多于"], ">"),
    **dict.fromkeys(["低于", "小于", "少于", "不满", "未满", "不足"], "<"),
    "等于": "=",
}
SUFFIX_OPS: dict[str, Op] = {
    **dict.fromkeys(["以上", "及以上", "或以上"], "≥"),
    **dict.fromkeys(["以下", "及以下", "或以下", "以内", "之内", "内"], "≤"),
}
EVERY = {"每月": "月", "每季度": "季度", "每季": "季度", "每年度": "年度", "每年": "年度",
         "每周": "周", "每半年": "半年", "每日": "日", "每天": "日"}  # fmt: skip

_FLIP: dict[Op, Op] = {"≤": "≥", "≥": "≤", "<": ">", ">": "<", "=": "="}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPACE = re.compile(r"\s+")
# Invisible format characters (BOM, zero-width space and joiners, soft hyphen) that copies
# from web pages and spreadsheets carry: removed before anything else.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# "(含)" after a figure says the bound is included, as ≥ and ≤ already do: 60周岁(含)以上,
# 95%以上(含95%). Dropped (after NFKC, so （含） too).
_INCLUSIVE = re.compile(r"(?<=[\d%‰\w])\((含|包含|含本数)([\d.]+[^()]{0,6})?\)")
_NAME_UNIT = re.compile(r"[（(]([^（）()]{1,12})[）)]\s*$")
# A fill-in template in the name's brackets: (≥**%), (≤**元/株), (≥XX万元) → the unit after it.
_NAME_TEMPLATE = re.compile(r"^(>=|<=|[≥≤><=])?(\*+|[xX×]+)")
_YEAR_MONTH_FIGURE = re.compile(r"(19|20)\d\d\.\d{1,2}")  # 2050.6: June 2050, or the figure 2050.6
TIME_DIMENSIONS = ("月", "日", "工作日", "分钟")  # what a time limit (30日内, ≤15个工作日) is counted in
# Traditional characters of the target vocabulary (pages on traditional-script mirrors):
# folded before parsing, so 28.8萬元 reads as 28.8万元 and 不滿七周歲 as 不满七周岁.
_TRADITIONAL = str.maketrans(
    "萬億兩個點滿歲過於內後時間項輛臺場條張處頭門層盞單戶噸畝週號並結穩維準遲滯沒額發報餘組頁冊棟鐘塊隻終達實現",
    "万亿两个点满岁过于内后时间项辆台场条张处头门层盏单户吨亩周号并结稳维准迟滞没额发报余组页册栋钟块只终达实现",
)
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed value with the diagnostics found on the way."""

    text: str
    value: Value
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def kind(self) -> str:
        return self.value.kind

    @property
    def canonical(self) -> str:
        return render(self.value)


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), simplified characters, no white space, no thousands
    separators, and a small Chinese numeral between a comparator and a unit in digits
    (不满七周岁 → 不满7周岁)."""
    text = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)
    text = _TWO_INDICATORS.sub("、", text)  # 12000份 / ≥80%: two indicators in one cell
    text = _SPACE.sub("", text)
    text = _INCLUSIVE.sub("", text)
    text = _THOUSANDS.sub("", text)
    text = _CN_FIGURE.sub(lambda m: m.group(1) + str(_cn_number(m.group(2)) or m.group(2)), text)
    text = _PER_HEAD.sub(lambda m: m.group(1) + m.group(3) + "/" + m.group(2), text)
    text = _PER_HEAD_PERIOD.sub(lambda m: (m.group(1) or "") + m.group(5) + "/" + m.group(3) + ("·" + m.group(4) if m.group(4) else ""), text)
    text = _YEAR_YEAR_END.sub(r"\1\2", text)  # 2024年 年底前
    text = _SHORT_PERIOD.sub(lambda m: f"{m[1]}.{m[2]}.{m[3]}{m[4]}{m[1]}.{m[5]}.{m[6]}", text)  # 2023.3.1-6.30
    text = _SHORT_MONTHS.sub(_short_months, text)  # 2023.3-6, 2023年1-12月
    text = _PER_TIME.sub("人次", text)  # 人/次
    text = _REACHED.sub("达到", text)  # 达到目标值95%, 全部达到100%
    text = _MET_SUFFIX.sub("", text)  # 100%达标
    text = _UNIT_NOTE.sub(_unit_note, text)  # ≥98%（百分比）, ≥50（个）
    return text.rstrip("。.;；")


def _short_months(m: re.Match[str]) -> str:
    """2023.3-6 → 2023.3-2023.6 and 2023年1-12月 → 2023年1月-12月, when the months run forward."""
    year, first, sep, last = m["year"], int(m["first"]), m["sep"], int(m["last"])
    if not 1 <= first < last <= 12:
        return m.group(0)
    return f"{year}.{first}{sep}{year}.{last}" if m["dot"] else f"{year}年{first}月{sep}{last}月"


def _unit_note(m: re.Match[str]) -> str:
    """A unit annotation after a figure: dropped after a unit (≥98%(百分比)), kept as the unit
    after a bare figure (≥50(个) → ≥50个); anything else stays."""
    unit = split_unit(m.group(2))
    if unit is None:
        return m.group(0)
    return m.group(1) + (unit[0] + unit[1] if m.group(1)[-1].isdigit() else "")


def _cn_number(text: str) -> int | None:
    """一 … 九十九 written in Chinese numerals (七, 十二, 二十五); None for anything else."""
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    high = 1 if tens == "" else _CN_DIGITS.get(tens) if len(tens) == 1 else None
    low = 0 if ones == "" else _CN_DIGITS.get(ones) if len(ones) == 1 else None
    return None if high is None or low is None else high * 10 + low


_UNIT_WORDS = sorted(UNITS, key=len, reverse=True)
_COMPARATORS = "|".join(re.escape(w) for w in sorted([*WORD_OPS, *OPS], key=len, reverse=True))
# Not before the bare unit 个: 达到一个新台阶 is words, 不少于一个月 a figure.
_CN_FIGURE = re.compile(
    "(" + _COMPARATORS + ")([一二两三四五六七八九十]{1,3})(?="
    + "|".join(re.escape(u) for u in _UNIT_WORDS if u != "个")
    + ")"
)
# A per-head rate written before the figure: 不低于每人12000元 is ≥12000元/人.
_PER_HEAD = re.compile(
    "(" + _COMPARATORS + ")每(人|户|生|名|家)(\\d+(?:\\.\\d+)?(?:" + "|".join(sorted(MAGNITUDES, key=len, reverse=True)) + ")?(?:"
    + "|".join(re.escape(u) for u in _UNIT_WORDS if "/" not in u)
    + ")?)(?![\\d./])"
)
# Numbers used as labels: 第1-6期, 第3、4批, 1-2批次 (which issue, which batch), masked so that
# no figure is read in them (circled digits are no \d for the grammar's terminals).
_LABEL = re.compile(r"第\d+(?:(?:--|——|-|—|–|~|至|到|、|和)\d+)*|(?<![\d.])\d+(?:-|—|–|~|至|到)\d+(?=批次)")
_MASK = str.maketrans("0123456789-—–~", "⓪①②③④⑤⑥⑦⑧⑨－－－～")
# Notations of real tables, rewritten to the forms the grammar reads (see normalise):
_TWO_INDICATORS = re.compile(r"\s+/\s+|/(?=[≥≤><=])")
_YEAR_YEAR_END = re.compile(r"((?:19|20)\d\d)年(年底|年末|年终)")
_SHORT_PERIOD = re.compile(r"((?:19|20)\d\d)\.(\d{1,2})\.(\d{1,2})(-|—|–|~|至|到)(\d{1,2})\.(\d{1,2})(?![\d.])")
_SHORT_MONTHS = re.compile(
    r"(?P<year>(?:19|20)\d\d)(?:(?P<dot>\.)|年)(?P<first>\d{1,2})(?P<sep>-|—|–|~|至|到)(?P<last>\d{1,2})(?(dot)(?![.\w])|月)(?![\d日])"
)
_PER_TIME = re.compile(r"(?<=\d)人/次|(?<=\d[万千])人/次")
_REACHED = re.compile(r"(?:全部|全面|均|均已|已|全部已)?(达到|达)(?:目标值|目标|标准值|标准|要求)?(?=[\d+\-±])")
_MET_SUFFIX = re.compile(r"(?<=[\d%‰])(?:达标|完成)$|(?<=前)(?:完成|办结|完成拨付|拨付|发放)$")
_UNIT_NOTE = re.compile(r"([\d%‰])\(([^()\d]{1,6})\)$")
# A Chinese numeral glued to an Arabic figure (二100百分比: = misread as 二): no figure to trust.
_MIXED_NUMERALS = re.compile(r"[一二两三四五六七八九十]\d")
# A per-head rate for a period written before the figure: 平均每人每月300元 is 300元/人·月.
_PER_HEAD_PERIOD = re.compile(
    "(" + _COMPARATORS + ")?(平均|人均)?每(人|户|生|名|家)(?:每(月|年|天|日|周))?(\\d+(?:\\.\\d+)?(?:" + "|".join(sorted(MAGNITUDES, key=len, reverse=True)) + ")?(?:"
    + "|".join(re.escape(u) for u in _UNIT_WORDS if "/" not in u)
    + "))(?![\\d./])"
)
# Figures that begin with a year, under an indicator that is a time (项目起止时间 20246-202516):
# dates whose separators were lost.
_UNDIVIDED_DATE = re.compile(r"(19|20)\d{3,6}")
_YEAR = re.compile(r"(19|20)\d\d")
_TIME_NAME = re.compile(r"时间|日期|期限|年限|起止|时限")


def name_unit(name: str | None) -> tuple[str, str] | None:
    """The unit written in an indicator's name: ``月均养老金支出（万元）`` → (万, 元)."""
    if not name:
        return None
    m = _NAME_UNIT.search(unicodedata.normalize("NFKC", name).strip())
    return split_unit(_NAME_TEMPLATE.sub("", m.group(1))) if m else None


def parse(text: object, name: str | None = None, role: Role = "target") -> Parsed:
    """Parse one value. ``name`` is the indicator's name; a unit written in it applies to bare
    figures. ``role`` says whether the text is a target (指标值) or an actual (完成值): it only
    changes the wording of diagnostics.

    >>> parse("105%≤≥95%").canonical
    '95%～105%'
    >>> parse("≥95", name="养老保险待遇首次发放成功率（%）").canonical
    '≥95%'

    Values are immutable, so results are kept in a bounded cache (:data:`CACHE_SIZE`
    entries, least recently used first out): the same notation in many submissions is
    parsed once. :func:`clear_cache` empties it.
    """
    raw = "" if text is None else text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return _parse(raw, None if name is None else str(name), role)


CACHE_SIZE = 8192


@lru_cache(maxsize=CACHE_SIZE)
def _parse(raw: str, name: str | None, role: Role) -> Parsed:
    shown = _INVISIBLE.sub("", raw).strip()
    if not shown:
        return Parsed(raw, Qualitative(""), (diagnostic("GR110"),))
    if len(shown) > MAX_LENGTH:
        return Parsed(raw, Qualitative(shown), (diagnostic("GR111", length=len(shown)),))
    if not_applicable(shown):
        return Parsed(raw, NotApplicable(shown), (diagnostic("GR124", text=shown),))
    notes: list[Diagnostic] = []
    norm = normalise(shown)
    labels = _LABEL.findall(norm)
    if labels:  # 第1-6期, 1-2批次: numbers in a series, not figures
        norm = _LABEL.sub(lambda m: m.group(0).translate(_MASK), norm)
    label_notes = tuple(diagnostic("GR125", label=label) for label in dict.fromkeys(labels))
    if _MIXED_NUMERALS.search(norm):
        return Parsed(raw, Qualitative(shown), (diagnostic("GR120", text=shown),))
    value: Value | None = _plain_quantity(norm) or _grades(norm)
    try:
        if value is None:
            value = _Build(shown, notes).transform(parser("target", "value", "prose").parse(norm, start="value"))
    except LarkError:
        notes.clear()
        value = _prose(shown, norm, notes, role)
    if value is None:
        grade = norm if norm in GRADES else None
        if grade is None:
            notes.append(diagnostic("GR104", text=shown))
        value = Qualitative(shown, grade)
    time_name = bool(name and _TIME_NAME.search(name))
    years = _years(value, time_name)
    if years is not None:
        value = years
    serial = _spreadsheet_date(value) if time_name else None
    if serial is not None:  # =44561 under 项目财政资金到位时间: a date a spreadsheet showed as its number
        value = serial
        notes.append(diagnostic("GR127", figure=shown, canonical=render(serial)))
    if time_name and _undivided_dates(value):
        return Parsed(raw, Qualitative(shown), (diagnostic("GR121", text=shown),))
    unit = name_unit(name)
    if name and _is_rate(name, unit):
        notes.extend(_implausible_rates(value, unit))
    if unit is not None:
        if isinstance(value, Date) and _YEAR_MONTH_FIGURE.fullmatch(norm) and not _is_time(unit):
            value = Quantity(Decimal(norm))  # 2050.6 under 人均缴费标准（元/人） is a figure, not a month
        value = _apply_unit(value, unit, notes)
    return Parsed(raw, value, (*label_notes, *notes))


_GRADE_WORDS = "优秀|良好|较好|一般|较差|合格|及格|优|良|中|差|好"
# a grade before its bound: 优≥95%, 良(≥85%), 合格:≥60分
_GRADE_START = re.compile(f"({_GRADE_WORDS})[:(]?(?=>=|<=|[≥≤><=]|不低于|不少于|达到|高于|低于)")


def _grades(norm: str) -> Grades | None:
    """``优≥95%良≥85%中≥75%`` (spaces already removed) or with 、,; between: a graded scale."""
    starts = list(_GRADE_START.finditer(norm)) if norm[:1] in "优良较一合及中差好" else []
    if len(starts) < 2 or starts[0].start() != 0:
        return None
    bands: list[tuple[str, Comparison]] = []
    for m, after in zip(starts, [*starts[1:], None]):
        bound = parse(norm[m.end() : after.start() if after else len(norm)].rstrip("、,;").removesuffix(")")).value
        if not isinstance(bound, Comparison):
            return None
        bands.append((m.group(1), bound))
    return Grades(tuple(bands)) if len({g for g, _ in bands}) == len(bands) else None


def _plain_quantity(norm: str) -> Quantity | None:
    """A figure with an optional magnitude and unit and nothing else (2977人, 10627, 93%,
    7.79万人: most 完成值), read without the parser — to the value the parser would give
    (tests/test_targets.py compares the two for every unit and magnitude). None for any
    other text, and for one the lexer could read as a date (2020年, 2020.9)."""
    plain, datelike = _plain_patterns()
    m = plain.fullmatch(norm)
    if m is None or datelike.search(norm):
        return None
    unit = m["unit"] or m["unit_after"] or ""
    return Quantity(Decimal(m["number"]), m["magnitude"] or "", CANONICAL_UNIT.get(unit, unit))


@lru_cache(maxsize=1)
def _plain_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """NUMBER (UNIT | MAGNITUDE UNIT?)? and the date terminals, from the grammar itself. A
    unit is tried before a magnitude, as the lexer does (千米 is a unit, 千人 is 千 人)."""
    terminals = {t.name: t.pattern.to_regexp() for t in parser("target", "value", "prose").terminals}
    number, magnitude, unit = terminals["NUMBER"], terminals["MAGNITUDE"], terminals["UNIT"]
    plain = re.compile(f"(?P<number>{number})(?:(?P<unit>{unit})|(?P<magnitude>{magnitude})(?P<unit_after>{unit})?)?")
    dates = ("DATE_YMD", "DATE_YM", "DATE_Y", "YEAR", "YEAR_AT_END", "MONTH_DAY", "MONTH_ONLY", "MONTH_BY")
    return plain, re.compile("|".join(terminals[d] for d in dates))


def clear_cache() -> None:
    """Forget every parsed value, and every actual read against its target (for measurements;
    parsing is pure, so never needed)."""
    from .reading import parse_actual  # reading builds on this module

    _parse.cache_clear()
    parse_actual.cache_clear()


def _years(value: Value, time_name: bool) -> Period | None:
    """A range of two years — 2020-2025年, or 2020-2025 under a time indicator such as
    项目起止时间 — is the period they span, not a count of years."""
    if not isinstance(value, Range):
        return None
    ends = (value.low, value.high)
    units = {q.unit for q in ends}
    if units != {"年"} and not (time_name and units == {""}):
        return None
    if any(q.magnitude or q.approx or not _YEAR.fullmatch(number_text(q.number)) for q in ends):
        return None
    first, last = (int(q.number) for q in ends)
    return Period(Date(first), Date(last)) if first <= last else None


_SPREADSHEET_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel and WPS serial dates
_SERIALS = range(36526, 54789)  # 2000-01-01 … 2049-12-31


def _spreadsheet_date(value: Value) -> Date | Deadline | None:
    """A bare whole figure in the range of spreadsheet serial dates (44561 is 2021-12-31), alone
    or after = (a date) or ≤ / < (by that date); None for anything else."""
    q = value.quantity if isinstance(value, Comparison) and value.op in ("=", "≤", "<") else value
    if not isinstance(q, Quantity) or q.unit or q.magnitude or q.approx or q.number != q.number.to_integral():
        return None
    if int(q.number) not in _SERIALS:
        return None
    day = _SPREADSHEET_EPOCH + datetime.timedelta(days=int(q.number))
    date = Date(day.year, day.month, day.day)
    return Deadline("by_date", date=date) if isinstance(value, Comparison) and value.op != "=" else date


def _undivided_dates(value: Value) -> bool:
    """A range of two bare figures that both begin with a year (20246-202516)."""
    ends = (value.low, value.high) if isinstance(value, Range) else ()
    return bool(ends) and all(not q.unit and not q.magnitude and _UNDIVIDED_DATE.fullmatch(number_text(q.number)) for q in ends)


def _is_time(unit: tuple[str, str]) -> bool:
    return Quantity(Decimal(1), *unit).dimension in TIME_DIMENSIONS


def _is_rate(name: str, unit: tuple[str, str] | None) -> bool:
    """A rate indicator: its unit is a ratio (%, ‰, /10万), or, with no unit, its name ends in 率."""
    if unit is not None:
        return Quantity(Decimal(1), *unit).dimension == RATIO
    return _NAME_UNIT.sub("", unicodedata.normalize("NFKC", name).strip()).endswith("率")


def _implausible_rates(value: Value, unit: tuple[str, str] | None) -> list[Diagnostic]:
    """A figure without unit under a rate indicator that, read as a percentage, is above
    1000%: most likely an amount or a count put in the wrong cell (10625 for 预算执行率)."""
    # one of the name's unit, in per cent: % → 1, ‰ → 0.1; no unit: the figure read as per cent
    scale = Quantity(Decimal(1), *unit).base * 100 if unit is not None else Decimal(1)
    found: list[Diagnostic] = []

    def check(q: Quantity) -> Quantity:
        percent = q.number * MAGNITUDES.get(q.magnitude, Decimal(1)) * scale
        if not q.unit and percent > PLAUSIBLE_PERCENT:
            found.append(diagnostic("GR114", figure=render(q), percent=number_text(percent)))
        return q

    map_quantities(value, check)
    return found


def _prose(shown: str, norm: str, notes: list[Diagnostic], role: Role) -> Value | None:
    try:
        tree = parser("target", "value", "prose").parse(norm, start="prose")
        figures: list[Value] = _Build(shown, notes).transform(tree)
    except LarkError:
        return None
    if not figures:
        return None
    embedded = min(figures, key=_PREFERENCE)
    notes.append(diagnostic("GR107" if role == "target" else "GR118", canonical=render(embedded)))
    return Prose(shown, embedded, tuple(figures))


def _PREFERENCE(v: Value) -> int:
    """Which figure of a sentence is its target: a stated bound before a bare figure before a date."""
    order = {"comparison": 0, "range": 0, "or": 0, "and": 0, "deadline": 1, "quantity": 2, "list": 2}
    return order.get(v.kind, 3)


def _apply_unit(value: Value, unit: tuple[str, str], notes: list[Diagnostic]) -> Value:
    magnitude, symbol = unit
    applied = False
    mismatch: str | None = None

    def fix(q: Quantity) -> Quantity:
        nonlocal applied, mismatch
        if not q.unit or (q.unit.startswith("/") and symbol.endswith(q.unit)):  # 28.40/株 under 元/株
            applied = True
            return q.with_unit(magnitude, symbol)
        if q.dimension != Quantity(Decimal(1), magnitude, symbol).dimension:
            mismatch = q.magnitude + q.unit
        return q

    new = map_quantities(value, fix)
    if applied:
        notes.append(diagnostic("GR105", unit=magnitude + symbol))
    if mismatch:
        notes.append(diagnostic("GR108", unit=mismatch, name_unit=magnitude + symbol))
    return new


def map_quantities(value: Value, fix: Any) -> Value:
    """``value`` with every quantity in it replaced by ``fix(quantity)``."""
    match value:
        case Quantity():
            return fix(value)  # type: ignore[no-any-return]
        case Comparison(op, q):
            return Comparison(op, fix(q))
        case Range(low, high):
            return Range(fix(low), fix(high))
        case AnyOf(parts):
            return AnyOf(tuple(map_quantities(p, fix) for p in parts))
        case AllOf(parts):
            return AllOf(tuple(map_quantities(p, fix) for p in parts))
        case QuantityList(items):
            return QuantityList(tuple(map_quantities(i, fix) for i in items))  # type: ignore[misc]
        case Prose(text, embedded, figures):
            return Prose(text, map_quantities(embedded, fix), tuple(map_quantities(f, fix) for f in figures))
        case Grades(bands):
            return Grades(tuple((grade, Comparison(bound.op, fix(bound.quantity))) for grade, bound in bands))
    return value


def _range(low: Quantity, high: Quantity) -> Range:
    """An inclusive range; a bound without unit takes the other's (``18—54周岁``)."""
    if not low.unit and high.unit:
        low = low.with_unit(high.magnitude, high.unit)
    elif not high.unit and low.unit:
        high = high.with_unit(low.magnitude, low.unit)
    if low.dimension == high.dimension and low.base > high.base:
        low, high = high, low
    return Range(low, high)


def _date(token: Token, notes: list[Diagnostic]) -> Date:
    parts = [int(p) for p in re.findall(r"\d+", token)]
    if "月" in token and "年" not in token:  # 12月31日
        return Date(None, parts[0], parts[1])
    if len(parts) == 1:  # 2024年
        return Date(parts[0])
    year = parts[0]
    if year < 100:
        notes.append(diagnostic("GR106", year=token.split("年")[0], full=2000 + year))
        year += 2000
    return Date(year, parts[1], parts[2] if len(parts) > 2 else None)


@v_args(inline=True)
class _Build(Transformer[Token, Any]):
    """Parse tree → values; records diagnostics about the way a value was written."""

    def __init__(self, text: str, notes: list[Diagnostic]):
        super().__init__()
        self.text = text
        self.notes = notes

    # -- results of the two start symbols
    def value(self, v: Value) -> Value:
        return v

    def prose(self, *items: Any) -> list[Value]:
        return [i for i in items if not isinstance(i, Token)]  # words and years are context

    # -- quantities
    def quantity(self, *parts: Any) -> Quantity:
        sign, number, magnitude, approx, unit, about = "", "", "", "", "", False
        for p in parts:
            if isinstance(p, str) and not isinstance(p, Token):
                unit = p
            elif p.type == "SIGN":
                sign = "-" if p == "-" else ""
            elif p.type == "NUMBER":
                number = p
            elif p.type == "MAGNITUDE":
                magnitude = str(p)
            elif p.type == "APPROX":
                approx = str(p)
            elif p.type == "RATIO":
                unit = RATIO_TO_ONE
            elif p.type == "ABOUT":
                about = True
        figure = Decimal(sign + number)
        if figure == 0:
            if sign:  # -0%: the sign says nothing about zero
                self.notes.append(diagnostic("GR117", text=self.text))
            figure = figure.copy_abs()
        q = Quantity(figure, magnitude, unit, approx)
        if about:  # 60微克/立方米左右: the figure, without "about"
            self.notes.append(diagnostic("GR116", figure=render(q)))
        return q

    def unit(self, *parts: Token) -> str:
        out = []
        for p in parts:
            if p.type == "UNIT":
                out.append(CANONICAL_UNIT.get(str(p), str(p)))
            elif p.type == "MAGNITUDE":
                out.append(str(p))
            elif p.type == "PER" and "/" not in out:
                out.append("/")
            else:  # 元/人/月 and 元/人·月 are one unit: the second / is written ·
                out.append("·")
        return "".join(out)

    def quantity_list(self, *items: Any) -> QuantityList:
        return QuantityList(tuple(i for i in items if not isinstance(i, Token)))

    def each_list(self, _each: Token, op: Token, *rest: Any) -> QuantityList:
        """分别不低于24%和30%: one comparator shared by every figure."""
        *figures, last = rest
        suffix = last if isinstance(last, Token) and last.type == "SUFFIX" else None
        if suffix is None:
            figures.append(last)
        compare = self.op_comparison if op.type == "OP" else self.word_comparison
        return QuantityList(tuple(compare(op, q, suffix) for q in figures if isinstance(q, Quantity)))

    # -- comparisons
    def op_comparison(self, op: Token, q: Quantity, suffix: Token | None = None) -> Comparison:
        value = Comparison(OPS[op], q)
        if suffix is not None:  # ≥95%以上: said twice; ≥95%以下: said both ways
            if _agrees(value.op, suffix):
                self.notes.append(diagnostic("GR115", text=self.text, canonical=render(value)))
            else:
                self.notes.append(diagnostic("GR112", word=str(op), suffix=str(suffix)))
        return value

    def word_comparison(self, word: Token, q: Quantity, suffix: Token | None = None) -> Comparison:
        op = WORD_OPS[word]
        if suffix is not None and not _agrees(op, suffix):
            self.notes.append(diagnostic("GR112", word=str(word), suffix=str(suffix)))
        return Comparison(op, q)

    def control_comparison(self, word: Token, q: Quantity, suffix: Token | None = None) -> Comparison:
        if suffix is not None:
            return Comparison(SUFFIX_OPS[suffix], q)
        return Comparison("≤" if word == "控制在" else "≥", q)

    def suffix_comparison(self, q: Quantity, suffix: Token) -> Comparison:
        return Comparison(SUFFIX_OPS[suffix], q)

    def plus_minus(self, *parts: Any) -> Range:
        """±5%, and ≤±5% / 控制在±5%以内 (within ±5%); ≥±5% says nothing and is not read."""
        (q,) = (p for p in parts if isinstance(p, Quantity))
        if any(isinstance(p, Token) and p.type == "OP" and OPS[p] not in ("≤", "<") for p in parts):
            raise _NotATarget()
        return _range(replace(q, number=-q.number), q)  # low end first, also for ±-10%

    # -- ranges
    def dash_range(self, low: Quantity, _sep: Token, high: Quantity) -> Range:
        return self._checked(_range(low, high))

    def control_range(self, _w: Token, low: Quantity, _sep: Token, high: Quantity, _s: Token | None = None) -> Range:
        return self._checked(_range(low, high))

    def idiom_range(self, a: Quantity, op1: Token, op2: Token, b: Quantity) -> Range:
        r = self._checked(_range(a, b))
        code = "GR101" if {OPS[op1], OPS[op2]} == {"≤", "≥"} else "GR102"
        self.notes.append(diagnostic(code, text=self.text, canonical=render(r)))
        return r

    def bare_range(self, a: Quantity, _op: Token, b: Quantity) -> Range:
        r = self._checked(_range(a, b))
        self.notes.append(diagnostic("GR102", text=self.text, canonical=render(r)))
        return r

    def between_range(self, a: Quantity, op1: Token, _var: Token, op2: Token, b: Quantity) -> Value:
        """``95%≤x≤105%``: a range when both ends are inclusive, else two comparisons."""
        first, second = OPS[op1], OPS[op2]
        if first in ("≥", ">"):  # 105%≥x≥95%: read right to left
            a, b, first, second = b, a, _FLIP[second], _FLIP[first]
        if first == "≤" and second == "≤":
            return self._checked(_range(a, b))
        return AllOf((Comparison(_FLIP[first], a), Comparison(second, b)))

    def _checked(self, r: Range) -> Range:
        if r.low.dimension != r.high.dimension:
            self.notes.append(diagnostic("GR109", low=render(r.low), high=render(r.high)))
        return r

    # -- combinations
    def any_of(self, *parts: Any) -> AnyOf:
        value = AnyOf(tuple(p for p in parts if not isinstance(p, Token)))
        probable = _always_true(value)
        if probable is not None:
            self.notes.append(diagnostic("GR103", text=self.text, canonical=render(probable)))
        return value

    def all_of(self, *parts: Any) -> AllOf:
        return AllOf(tuple(p for p in parts if not isinstance(p, Token)))

    # -- dates and deadlines
    def date(self, token: Token) -> Date:
        return _date(token, self.notes)

    def period(self, start: Date, _sep: Token, end: Date | Token) -> Period:
        if isinstance(end, Token):  # 2021年1月-12月: the end is in the start's year
            end = Date(start.year, int(end.rstrip("月")))
        elif end.year is None and start.year is not None and end.month is not None:  # 2023年3月1日-6月30日
            end = Date(start.year, end.month, end.day)
        return Period(start, end)

    def whole_year(self, year: Token, _whole: Token) -> Period:
        y = int(year[:4])
        return Period(Date(y, 1, 1), Date(y, 12, 31))

    def compact_period(self, token: Token) -> Period:
        """202001-202012: two year-months written without separators."""
        return Period(Date(int(token[:4]), int(token[4:6])), Date(int(token[-6:-2]), int(token[-2:])))

    def every_day(self, every: Token, day: Token, _d: Token, _b: Token) -> Deadline:
        return Deadline("day_of_period", every=EVERY[every], day=int(day))

    def every_day_on(self, every: Token, day: Token, _d: Token) -> Deadline:
        return Deadline("on_day_of_period", every=EVERY[every], day=int(day))

    def day_of_month(self, *parts: Token) -> Deadline:
        """25日前 (in the month the target is for), 次月10日前 (in the month after)."""
        (day,) = (int(p) for p in parts if p.type == "NUMBER")
        nxt = any(p.type == "NEXT_MONTH" for p in parts)
        return Deadline("next_month_day" if nxt else "day_of_month", day=day)

    def every_after_end(self, every: Token, _after: Token, n: Token, unit: str, _s: Token | None = None) -> Deadline:
        return Deadline("after_period_end", every=EVERY[every], within=Quantity(Decimal(n), "", unit))

    def every_last_day(self, every: Token, _last: Token, _b: Token) -> Deadline:
        return Deadline("last_day", every=EVERY[every])

    def every_next_month_end(self, every: Token, _end: Token, _next: Token, _b: Token) -> Deadline:
        return Deadline("next_month_end", every=EVERY[every])

    def by_date(self, *parts: Any) -> Deadline:
        (date,) = (p for p in parts if isinstance(p, Date))
        return Deadline("by_date", date=date)

    def by_month(self, month: Token, _b: Token) -> Deadline:
        return Deadline("by_date", date=Date(None, int(month.rstrip("月"))))

    def next_year(self, *parts: Token) -> Deadline:
        (day,) = (p for p in parts if p.type == "MONTH_DAY")
        return Deadline("next_year", date=_date(day, self.notes))

    def by_year_end(self, *parts: Token) -> Deadline:
        years = [int(p) for p in parts if p.type == "YEAR_AT_END"]  # 2024年底前
        return Deadline("year_end", year=years[0] if years else None)

    def by_month_end(self, *parts: Token) -> Deadline:
        for p in parts:
            if p.type == "NUMBER":  # 12月底前
                return Deadline("month_end", month=int(p))
            if p.type == "DATE_YM":  # 2024年12月底前
                d = _date(p, self.notes)
                return Deadline("month_end", month=d.month, year=d.year)
        raise _NotATarget()  # the grammar gives a NUMBER or a DATE_YM


class _NotATarget(LarkError):
    """Raised inside the transformer for a shape the grammar accepts but that states no target
    (≥±5%): parse() then reads the text as prose or qualitative, like any text it cannot read."""


def _agrees(op: Op, suffix: Token) -> bool:
    """Does a suffix (以上, 以内 …) say the same as the comparator? > with 以上 does."""
    return SUFFIX_OPS[suffix] == {">": "≥", "<": "≤"}.get(op, op)


def _always_true(value: AnyOf) -> Range | None:
    """For ``≥a或≤b`` with a ≤ b (always true as written): the range a～b it most likely means."""
    lows = [p.quantity for p in value.parts if isinstance(p, Comparison) and p.op in ("≥", ">")]
    highs = [p.quantity for p in value.parts if isinstance(p, Comparison) and p.op in ("≤", "<")]
    for low in lows:
        for high in highs:
            if low.dimension == high.dimension and low.base <= high.base:
                return _range(low, high)
    return None
