"""Submissions: target tables (绩效目标表), monitoring reports (绩效监控情况表), self-evaluations (绩效自评表).

Keys may be the tables' own Chinese headings (项目名称, 预算数, 指标值 …) or the English
field names; both load to the same model. Target and actual values are kept exactly
as written and parsed on demand with the target language: an odd value is kept and
flagged, never rejected.
"""

from __future__ import annotations

from decimal import Decimal
from collections.abc import Callable
from typing import Annotated, Any, Generic, Literal, TypeVar, Union, overload

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag

from ..targets import parse, parse_actual
from ..targets.parse import Parsed

MAX_DIGITS = 20
T = TypeVar("T")


class parsed_once(Generic[T]):
    """A value computed from an immutable model on first use, then kept in its ``__dict__``.

    functools.cached_property takes a lock on Python 3.11 that costs more than the
    cached parse it guards (measured: ~5% of an evaluation); models never change, so a
    race between threads at worst computes the same value twice.
    """

    def __init__(self, fn: Callable[[Any], T]):
        self.fn, self.name, self.__doc__ = fn, fn.__name__, fn.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> parsed_once[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> T | parsed_once[T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


def _to_decimal(value: Any) -> Any:
    """Amounts: ``336,443`` and ``336443`` alike; at most 20 digits; never a float."""
    if isinstance(value, bool):
        raise ValueError("a number is expected, not true/false")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, (int, str)):
        text = str(value).replace(",", "").replace("，", "").strip()
        digits = sum(c.isdigit() for c in text)
        if digits > MAX_DIGITS or "e" in text.lower():
            raise ValueError(f"number too large or in exponent form ({digits} digits; at most {MAX_DIGITS})")
        return text
    return value


Amount = Annotated[Decimal, BeforeValidator(_to_decimal), Field(allow_inf_nan=False)]


def _to_points(value: Any) -> Any:
    """A row's 分值 or 权重: points (``20``, ``20分``) or a share of a 100-point table
    (``20%`` → 20 points), as tables write it."""
    if isinstance(value, str):
        text = value.strip()
        for suffix in ("%", "％", "分"):
            if text.endswith(suffix) and text[: -len(suffix)].strip():
                text = text[: -len(suffix)].strip()
                break
        value = text
    return _to_decimal(value)


Points = Annotated[Decimal, BeforeValidator(_to_points), Field(allow_inf_nan=False)]


def _to_int(value: Any) -> Any:
    """Whole numbers (年度): bounded like amounts before they become ints."""
    if isinstance(value, bool):
        raise ValueError("a whole number is expected, not true/false")
    if isinstance(value, (int, str)) and sum(c.isdigit() for c in str(value)) > MAX_DIGITS:
        raise ValueError(f"number too large (more than {MAX_DIGITS} digits)")
    return value


Whole = Annotated[int, BeforeValidator(_to_int)]


def _text(value: Any) -> Any:
    """Cells written as numbers (``41191``, ``100``) are kept as the text they show."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return value


Cell = Annotated[str, BeforeValidator(_text)]


def _kind(value: Any) -> Any:
    return KINDS.get(str(value).strip(), value) if isinstance(value, str) else value


def F(en: str, *zh: str, description: str = "", default: Any = None) -> Any:
    """A field readable under its English name and its Chinese heading(s)."""
    return Field(
        default=default,
        validation_alias=AliasChoices(en, *zh),
        description=(" / ".join(zh) + (f" — {description}" if description else "")) if zh else description,
        json_schema_extra={"zh": list(zh)},
    )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, str_strip_whitespace=True, ignored_types=(parsed_once,))


class Indicator(_Model):
    """One row of the indicator tree: 一级指标 → 二级指标 → 三级指标, with its values."""

    level1: Cell | None = F("level1", "一级指标")
    level2: Cell | None = F("level2", "二级指标")
    name: Cell = F("name", "三级指标", default=...)
    target: Cell | None = F("target", "指标值", "预期指标值", "年度指标值", description="as written")
    actual: Cell | None = F("actual", "完成值", "指标完成值", "实际完成指标值", "实际完成值", description="as written")
    rate: Cell | None = F("rate", "指标完成率", description="reported completion rate, as written")
    weight: Points | None = F("weight", "分值", "权重", description="points, or a share of 100 points written 20%")
    score: Amount | None = F("score", "得分")
    number: Cell | None = F("number", "编号")
    note: Cell | None = F("note", "备注", "说明")

    @parsed_once
    def parsed_target(self) -> Parsed:
        return parse(self.target, self.name)

    @parsed_once
    def parsed_actual(self) -> Parsed | None:
        return None if self.actual is None else parse_actual(self.actual, self.target, self.name)

    @parsed_once
    def parsed_rate(self) -> Parsed | None:
        return None if self.rate is None else parse(self.rate)


class Funds(_Model):
    """项目资金 of a target table (万元 unless 金额单位 says otherwise)."""

    total: Amount | None = F("total", "年度资金总额")
    social_insurance_fund: Amount | None = F("social_insurance_fund", "社保基金", "其中社保基金")
    other: Amount | None = F("other", "其他资金")
    fiscal: Amount | None = F("fiscal", "财政拨款")
    medium_term_total: Amount | None = F("medium_term_total", "中长期资金总额")


class Budget(_Model):
    """预算执行情况: budget (调整后), funds received, funds spent, and the reported rate."""

    budget: Amount | None = F("budget", "预算数", description="调整后预算数")
    initial_budget: Amount | None = F("initial_budget", "年初预算数")
    received: Amount | None = F("received", "到位数")
    executed: Amount | None = F("executed", "执行数")
    fund_budget: Amount | None = F("fund_budget", "社保基金预算数", description="其中：社会保险基金")
    fund_executed: Amount | None = F("fund_executed", "社保基金执行数", description="其中：社会保险基金")
    execution_rate: Cell | None = F("execution_rate", "预算执行率", description="reported, as written")


class _Submission(_Model):
    source: Cell | None = F("source", "来源")
    year: Whole | None = F("year", "年度")
    unit: Cell | None = F("unit", "预算单位", "填报单位", "部门单位名称", "社会保险基金预算支出部门", "部门")
    project: Cell = F("project", "项目名称", default=...)
    period: Cell | None = F("period", "项目周期", "项目起止年限", "项目截至时间")
    amount_unit: Cell = F("amount_unit", "金额单位", default="万元")
    overall_goal: Cell | None = F("overall_goal", "总体目标", "项目总体目标", "年度预期目标", "预期目标", "年度目标")
    indicators: tuple[Indicator, ...] = F("indicators", "指标", default=())
    notes: tuple[Cell, ...] = F("notes", "备注", default=())


class TargetTable(_Submission):
    """绩效目标表."""

    kind: Annotated[Literal["target_table"], BeforeValidator(_kind)] = F("kind", "表类型", default="target_table")
    funds: Funds | None = F("funds", "资金", "项目资金")
    medium_term_goal: Cell | None = F("medium_term_goal", "中长期目标")
    project_type: Cell | None = F("project_type", "项目类型")
    medium_term_plan: Cell | None = F("medium_term_plan", "中长期规划")
    fund_rules: Cell | None = F("fund_rules", "资金管理办法")
    allocation_method: Cell | None = F("allocation_method", "绩效分配方式")
    basis: Cell | None = F("basis", "立项依据")
    scope: Cell | None = F("scope", "使用范围")
    eligibility: Cell | None = F("eligibility", "申报条件", "申报（补助）条件")


class MonitoringReport(_Submission):
    """绩效监控情况表 at a checkpoint (监控时点)."""

    kind: Annotated[Literal["monitoring"], BeforeValidator(_kind)] = F("kind", "表类型", default="monitoring")
    checkpoint: Cell = F("checkpoint", "监控时点", default=..., description="e.g. 2020年9月")
    budget: Budget = F("budget", "预算", "预算执行情况", default=Budget())
    achievement: Cell | None = F("achievement", "完成情况", "目前完成情况")
    overall_rate: Cell | None = F("overall_rate", "总体完成率", description="reported, as written")
    deviation: Cell | None = F("deviation", "偏差和措施", "偏差说明", description="偏差及采取的措施; empty when none was written")
    likelihood: Cell | None = F("likelihood", "完成目标可能性", description="确定能 / 有可能 / 不可能")
    causes: tuple[Cell, ...] = F("causes", "偏差原因", default=(), description="经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他")
    measures: Cell | None = F("measures", "改进措施", "措施")
    submitted_on: Cell | None = F("submitted_on", "报送日期", description="date the report was submitted")

    @parsed_once
    def checkpoint_month(self) -> int | None:
        """The month of the checkpoint: ``2020年9月`` → 9."""
        value = parse(self.checkpoint).value
        return getattr(value, "month", None)


class SelfEvaluation(_Submission):
    """绩效自评表 (annual)."""

    kind: Annotated[Literal["self_evaluation"], BeforeValidator(_kind)] = F("kind", "表类型", default="self_evaluation")
    budget: Budget = F("budget", "预算", "预算执行情况", default=Budget())
    achievement: Cell | None = F("achievement", "完成情况", "实际完成目标", "实际完成情况")
    overall_rate: Cell | None = F("overall_rate", "总体完成率")
    deviation: Cell | None = F("deviation", "偏差和措施", "偏差说明")


Submission = Annotated[
    Union[
        Annotated[TargetTable, Tag("target_table")],
        Annotated[MonitoringReport, Tag("monitoring")],
        Annotated[SelfEvaluation, Tag("self_evaluation")],
    ],
    Discriminator(lambda data: kind_of(data)),
]

KINDS: dict[str, str] = {
    "target_table": "target_table", "绩效目标表": "target_table", "目标表": "target_table",
    "monitoring": "monitoring", "绩效监控情况表": "monitoring", "监控表": "monitoring", "绩效监控": "monitoring",
    "self_evaluation": "self_evaluation", "绩效自评表": "self_evaluation", "自评表": "self_evaluation",
    "绩效自评": "self_evaluation",
}  # fmt: skip
KIND_ZH = {"target_table": "绩效目标表", "monitoring": "绩效监控情况表", "self_evaluation": "绩效自评表"}
MODELS: dict[str, type[_Submission]] = {
    "target_table": TargetTable,
    "monitoring": MonitoringReport,
    "self_evaluation": SelfEvaluation,
}


def kind_of(data: Any) -> str | None:
    if isinstance(data, _Submission):
        return str(getattr(data, "kind"))
    if isinstance(data, dict):
        raw = data.get("kind", data.get("表类型"))
        return KINDS.get(str(raw).strip()) if raw is not None else None
    return None
