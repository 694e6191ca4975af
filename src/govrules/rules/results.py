"""Typed results of evaluating a rule set on a submission; they serialise to JSON.

Numbers are strings in JSON (Decimal, never float). Every figure says which rule
line produced it; ``govrules explain`` turns any of them into a chain.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)

    @classmethod
    def trusted(cls, **fields: Any) -> Self:
        """An instance of values the evaluator made itself, already of the declared types:
        what ``model_construct`` does, without validation or its per-field alias handling
        (validating costs about a tenth of an evaluation). The property tests check that
        every result so made validates back to itself."""
        known = _DEFAULTS.get(cls)
        if known is None:
            known = _DEFAULTS[cls] = (len(cls.model_fields), {n: f.default for n, f in cls.model_fields.items() if not f.is_required()})
        obj = _new(cls)
        _set(obj, "__dict__", fields if len(fields) == known[0] else {**known[1], **fields})
        _set(obj, "__pydantic_fields_set__", set(fields))
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj


_DEFAULTS: dict[type[_Model], tuple[int, dict[str, Any]]] = {}  # per model: field count, defaults
_new = object.__new__
_set = object.__setattr__


class RuleRef(_Model):
    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Figure(_Model):
    """One computed value: ``value`` for machines, ``display`` (zh) / ``display_en`` for people."""

    name: str
    value: str | bool | None
    display: str
    display_en: str = ""
    computable: bool
    reason: str | None = None  # why it could not be computed (zh)
    reason_en: str | None = None
    rule: RuleRef | None = None
    notes: tuple[str, ...] = ()  # e.g. which indicators an aggregate left out (zh)
    notes_en: tuple[str, ...] = ()


class ValueView(_Model):
    """A target or actual value: as written, its kind and its canonical text."""

    text: str
    kind: str
    canonical: str
    diagnostics: tuple[dict[str, Any], ...] = ()


class IndicatorResult(_Model):
    index: int
    path: str  # 指标[3]
    name: str
    level1: str | None
    level2: str | None
    target: ValueView | None
    actual: ValueView | None
    met: bool | None
    judgement: str
    judgement_en: str
    values: dict[str, Figure]


class DeductionResult(_Model):
    """``reason`` is the rule file's template, filled in: policy staff's words, not translated."""

    id: str  # 目标偏离及应对情况#1, or with the indicator: 绩效目标完成情况#1@指标[4]
    section: str
    points: Decimal
    reason: str
    rule: RuleRef
    indicator: str | None = None


class SectionResult(_Model):
    name: str
    maximum: Decimal
    base: Decimal | None  # points before deductions (the maximum unless 得分 says otherwise)
    points: Decimal | None
    deducted: Decimal
    deductions: tuple[DeductionResult, ...]
    rule: RuleRef
    base_rule: RuleRef | None = None
    reason: str | None = None  # when the points could not be computed, or why the section does not apply (zh)
    reason_en: str | None = None
    applicable: bool = True  # False: 不适用 — counted in neither the total nor the maximum
    notes: tuple[str, ...] = ()  # deductions that could not be decided, indicators left out (zh)
    notes_en: tuple[str, ...] = ()


class Finding(_Model):
    """A check that fired. ``message`` is the rule file's text (policy staff's words), after
    the indicator it concerns; ``message_en`` differs only in the engine's punctuation."""

    check: str
    severity: Literal["error", "warning", "info"]
    message: str
    message_en: str
    rule: RuleRef
    path: str | None = None


class Discrepancy(_Model):
    """A reported figure that differs from the recomputed one, or that could not be recomputed."""

    id: str  # for ``govrules explain``: 核对:总体完成率, 核对:指标[8].完成率
    name: str
    path: str | None
    status: Literal["mismatch", "unverified"]
    reported: str | None
    recomputed: str | None
    difference: str | None
    tolerance: str
    message: str
    message_en: str
    rule: RuleRef


class Result(_Model):
    ruleset: str
    version: str | None
    rules_file: str
    submission: dict[str, str | None]
    figures: dict[str, Figure]
    indicators: tuple[IndicatorResult, ...]
    sections: tuple[SectionResult, ...]
    total: Decimal | None
    maximum: Decimal  # of the sections that apply
    total_reason: str | None = None  # why the total could not be computed (zh)
    total_reason_en: str | None = None
    findings: tuple[Finding, ...]
    discrepancies: tuple[Discrepancy, ...]
    rounding: str = "ROUND_HALF_UP at presentation; stored figures unrounded"
