"""Everything a rule file can name that it does not define itself: the figures of a
submission, the fields of an indicator, and the functions. One curated registry,
in Chinese and English (like OpenFisca's model_api).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from ..submissions.models import Indicator, _Submission
from ..targets import judge, parse
from ..targets.wordings import BANDS, DEGREE_ZH
from ..targets.values import Comparison, Prose, Quantity, Value


@dataclass(frozen=True, slots=True)
class Field:
    """A figure read from the submission; ``path`` says where (for explanations)."""

    zh: str
    en: str
    path: str
    get: Callable[[Any], Any]
    unit: str | None = None  # static unit for load-time checks: 元, 比率 or None
    doc: str = ""


@lru_cache(maxsize=4096)
def _rate(text: str | None) -> Decimal | None:
    """A reported rate as a ratio: ``77%`` → 0.77; empty → None (pure: kept in a cache)."""
    if text is None or not str(text).strip():
        return None
    value = parse(text).value
    if isinstance(value, Prose):
        value = value.embedded
    if isinstance(value, Comparison):
        value = value.quantity
    if isinstance(value, Quantity) and value.unit in ("%", "‰"):
        return value.base
    return None


def _money(sub: Any, field: str, part: str = "budget") -> Any:
    holder = getattr(sub, part, None)
    return getattr(holder, field, None) if holder is not None else None


def _empty(text: Any) -> Any:
    return None if text is None or (isinstance(text, str) and not text.strip()) else text


SUBMISSION_FIELDS: tuple[Field, ...] = (
    Field("预算数", "budget", "预算.预算数", lambda s: _money(s, "budget"), "元", "调整后预算数（万元）"),
    Field("年初预算数", "initial_budget", "预算.年初预算数", lambda s: _money(s, "initial_budget"), "元"),
    Field("到位数", "received", "预算.到位数", lambda s: _money(s, "received"), "元"),
    Field("执行数", "executed", "预算.执行数", lambda s: _money(s, "executed"), "元"),
    Field("报告预算执行率", "reported_execution_rate", "预算.预算执行率", lambda s: _rate(_money(s, "execution_rate")), "比率"),
    Field("年度资金总额", "total_funds", "资金.年度资金总额", lambda s: _money(s, "total", "funds"), "元"),
    Field("报告总体完成率", "reported_overall_rate", "总体完成率", lambda s: _rate(getattr(s, "overall_rate", None)), "比率"),
    Field("监控月份", "checkpoint_month", "监控时点", lambda s: _month(s), None, "监控时点的月份，如 2020年9月 → 9"),
    Field("偏差说明", "deviation", "偏差和措施", lambda s: _empty(getattr(s, "deviation", None))),
    Field("完成情况", "achievement", "完成情况", lambda s: _empty(getattr(s, "achievement", None))),
    Field("完成目标可能性", "likelihood", "完成目标可能性", lambda s: _empty(getattr(s, "likelihood", None))),
    Field("报送日期", "submitted_on", "报送日期", lambda s: _empty(getattr(s, "submitted_on", None))),
    Field("项目名称", "project", "项目名称", lambda s: s.project),
    Field("预算单位", "unit", "预算单位", lambda s: s.unit),
    Field("指标个数", "indicator_count", "指标", lambda s: Decimal(len(s.indicators))),
)


def _month(sub: Any) -> Decimal | None:
    month = getattr(sub, "checkpoint_month", None)
    return Decimal(month) if month else None


_NO_DEGREE: tuple[Any, Any, Any] = (None, None, None)


def _degree(indicator: Any) -> tuple[Any, Any, Any]:
    """The degree the 完成值 states (达成 / 部分达成 / 未达成) and its band, from the judgement."""
    actual = indicator.parsed_actual
    if actual is None or not actual.text.strip():
        return _NO_DEGREE
    j = judge(indicator.parsed_target.value, actual.value)
    if j.degree is None:
        return _NO_DEGREE
    low, high = j.band if j.band is not None else BANDS[j.degree]
    return DEGREE_ZH[j.degree], low, high


def _value(parsed: Any) -> Value | None:
    return None if parsed is None or not parsed.text.strip() else parsed.value


INDICATOR_FIELDS: tuple[Field, ...] = (
    Field("一级指标", "level1", "一级指标", lambda i: i.level1 or ""),
    Field("二级指标", "level2", "二级指标", lambda i: i.level2 or ""),
    Field("三级指标", "name", "三级指标", lambda i: i.name),
    Field("指标值", "target", "指标值", lambda i: _value(i.parsed_target)),
    Field("完成值", "actual", "完成值", lambda i: _value(i.parsed_actual)),
    Field("报告完成率", "reported_rate", "指标完成率", lambda i: _rate(i.rate), "比率"),
    Field("权重", "weight", "分值", lambda i: i.weight),
    Field("报告得分", "reported_score", "得分", lambda i: i.score),
    Field("档次", "degree", "完成值", lambda i: _degree(i)[0], None, "完成值说明的完成档次：达成、部分达成、未达成（如“达成预期指标”“部分完成”），没有则为空"),
    Field("档次下限", "band_low", "完成值", lambda i: _degree(i)[1], "比率", "定性指标按档次评审得分应在的区间下限：达成 80%、部分达成 50%、未达成 0%"),
    Field("档次上限", "band_high", "完成值", lambda i: _degree(i)[2], "比率", "该区间上限：达成 100%、部分达成 80%、未达成 50%"),
    Field("指标值诊断", "target_diagnostics", "指标值", lambda i: " ".join(d.code for d in i.parsed_target.diagnostics), None, "解析指标值时的诊断代码，如 GR103"),
)

# Computed per indicator by the engine (not read from a cell).
MET = ("达成", "met")
DIRECTION = ("方向", "direction")

# Kinds usable after 是 / is.
KINDS: dict[str, str] = {
    "数量": "quantity", "比较": "comparison", "区间": "range", "或者": "or", "并且": "and", "无单位": "unitless",
    "列表": "list", "时限": "deadline", "日期": "date", "期间": "period", "定性": "qualitative",
    "文字": "prose", "空": "empty", "数值": "numeric", "百分比": "percent", "不适用": "not_applicable", "分档": "grades",
    "上限": "upper_bound", "下限": "lower_bound",
    "any_of": "or", "all_of": "and",
    **{k: k for k in ("quantity", "comparison", "range", "unitless", "list", "deadline", "date",
                      "period", "qualitative", "prose", "empty", "numeric", "percent", "not_applicable", "grades",
                      "upper_bound", "lower_bound")},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Function:
    zh: str
    en: str
    min_args: int
    max_args: int
    aggregate: bool  # the first argument is evaluated for each indicator
    doc: str


FUNCTIONS: tuple[Function, ...] = (
    Function("最小", "min", 1, 20, False, "最小值：最小(完成率, 1) 即封顶 100%"),
    Function("最大", "max", 1, 20, False, "最大值：最大(得分, 0) 即保底为 0"),
    Function("绝对值", "abs", 1, 1, False, "绝对值"),
    Function("取整", "round", 1, 2, False, "四舍五入（ROUND_HALF_UP）到给定位数：取整(得分, 2)"),
    Function("向下取整", "floor", 1, 1, False, "向下取整：每降 5% 扣 1 分 写作 向下取整((90% - 满意率) / 5%)"),
    Function("首个可用", "coalesce", 1, 20, False, "第一个可计算且非空的值：首个可用(完成率, 报告完成率)"),
    Function("数值", "number", 1, 1, False, "指标值或完成值中的数值（换算到基本单位；百分比为比率）"),
    Function("完成比例", "attainment", 2, 3, False,
             "定量指标完成的比例（达到为 1）：完成比例(完成值, 指标值, 方向)。正向未达到：完成值/指标值；"
             "反向超出：指标值/完成值；区间（95%～105%）低于下限：完成值/下限，高于上限：上限/完成值"),
    Function("不适用", "not_applicable", 1, 1, False,
             "本项或本行不适用，括号里写理由：不适用(\"表中没有满意度指标\")。汇总时略去并注明；"
             "评分项得分不适用时，不计入总分，也不计入满分"),
    Function("平均", "mean", 1, 2, True, "各指标的平均：平均(完成率) 或 平均(完成率, 一级指标 包含 \"产出\")"),
    Function("求和", "sum", 1, 2, True,
             "各指标求和：求和(得分, 条件)。有一项无法计算，和也无法计算（写明是哪一项）；"
             "要按 0 计的，写 求和(首个可用(得分, 0))。不适用的项略去并注明"),
    Function("计数", "count", 1, 1, True, "满足条件的指标个数：计数(二级指标 包含 \"满意度\")"),
    Function("加权平均", "weighted_mean", 2, 3, True, "加权平均：加权平均(完成率, 权重, 条件)"),
)
FUNCTION_BY_NAME: dict[str, Function] = {n: f for f in FUNCTIONS for n in (f.zh, f.en)}

FIELD_BY_NAME: dict[str, Field] = {n: f for f in SUBMISSION_FIELDS for n in (f.zh, f.en)}
INDICATOR_FIELD_BY_NAME: dict[str, Field] = {n: f for f in INDICATOR_FIELDS for n in (f.zh, f.en)}

# The names the engine defines for every rule set.
TOTAL = ("总分", "total")


def canonical_name(name: str) -> str:
    """English spellings of built-in names map to the Chinese ones used in results."""
    for table in (FIELD_BY_NAME, INDICATOR_FIELD_BY_NAME):
        if name in table:
            return table[name].zh
    if name in MET:
        return MET[0]
    if name in DIRECTION:
        return DIRECTION[0]
    if name in TOTAL:
        return TOTAL[0]
    return name


_QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(12))


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    quantum = _QUANTA[places] if 0 <= places < len(_QUANTA) else Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


__all__ = ["Field", "Function", "Indicator", "_Submission"]
