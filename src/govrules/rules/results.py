"""Typed results of evaluating a rule set on a submission; they serialise to JSON.

Numbers are strings in JSON (Decimal, never float). Every figure says which rule
line produced it; ``govrules explain`` turns any of them into a chain.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Literal, Self

from typing_extensions import TypedDict  # pydantic reads typing.TypedDict only from Python 3.12

from pydantic import BaseModel, ConfigDict, Field, FieldSerializationInfo, field_serializer, model_validator


class Text(TypedDict):
    """A message for people, in both languages: the one bilingual form of every JSON output
    (as ``Diagnostic.to_json`` writes ``message`` and ``hint``)."""

    zh: str
    en: str


class _Model(BaseModel):
    """In Python a message is two fields, ``reason`` and ``reason_en``; in JSON it is one,
    ``"reason": {"zh": …, "en": …}`` (``_PAIRS`` names them), and it reads back either way."""

    model_config = ConfigDict(frozen=True)
    _PAIRS: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _unfold(cls, data: Any) -> Any:
        if isinstance(data, dict) and cls._PAIRS:
            for name in cls._PAIRS:
                value = data.get(name)
                if isinstance(value, dict):
                    data = {**data, name: value.get("zh"), f"{name}_en": value.get("en")}
                elif isinstance(value, (list, tuple)) and value and isinstance(value[0], dict):
                    data = {**data, name: tuple(v.get("zh") for v in value), f"{name}_en": tuple(v.get("en") for v in value)}
            return data
        return data

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


class _Explained(_Model):
    """A figure or a section: ``reason`` (why it could not be computed) and ``notes``, each
    with its English twin."""

    @field_serializer("reason", check_fields=False)
    def _reason(self, zh: str | None, info: FieldSerializationInfo) -> Text | None:
        return None if zh is None else {"zh": zh, "en": getattr(self, "reason_en") or ""}

    @field_serializer("notes", check_fields=False)
    def _notes(self, zh: tuple[str, ...], info: FieldSerializationInfo) -> list[Text]:
        return [{"zh": a, "en": b} for a, b in zip(zh, getattr(self, "notes_en"), strict=False)]


class RuleRef(_Model):
    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Figure(_Explained):
    """One computed value: ``value`` for machines, ``display`` (zh) / ``display_en`` for people."""

    _PAIRS = ("display", "reason", "notes")
    name: str
    value: str | bool | None
    display: str
    display_en: str = Field("", exclude=True)
    computable: bool
    reason: str | None = None  # why it could not be computed (zh)
    reason_en: str | None = Field(None, exclude=True)
    rule: RuleRef | None = None
    notes: tuple[str, ...] = ()  # e.g. which indicators an aggregate left out (zh)
    notes_en: tuple[str, ...] = Field((), exclude=True)

    @field_serializer("display")
    def _display(self, zh: str, info: FieldSerializationInfo) -> Text:
        return {"zh": zh, "en": self.display_en}


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
    _PAIRS = ("judgement",)
    met: bool | None
    judgement: str
    judgement_en: str = Field(exclude=True)
    values: dict[str, Figure]

    @field_serializer("judgement")
    def _judgement(self, zh: str, info: FieldSerializationInfo) -> Text:
        return {"zh": zh, "en": self.judgement_en}


class DeductionResult(_Model):
    """``reason`` is the rule file's template, filled in: policy staff's words, not translated."""

    id: str  # 目标偏离及应对情况#1, or with the indicator: 绩效目标完成情况#1@指标[4]
    section: str
    points: Decimal
    reason: str
    rule: RuleRef
    indicator: str | None = None


class SectionResult(_Explained):
    name: str
    maximum: Decimal
    base: Decimal | None  # points before deductions (the maximum unless 得分 says otherwise)
    points: Decimal | None
    deducted: Decimal
    deductions: tuple[DeductionResult, ...]
    rule: RuleRef
    base_rule: RuleRef | None = None
    reason: str | None = None  # when the points could not be computed, or why the section does not apply (zh)
    reason_en: str | None = Field(None, exclude=True)
    applicable: bool = True  # False: 不适用 — counted in neither the total nor the maximum
    notes: tuple[str, ...] = ()  # deductions that could not be decided, indicators left out (zh)
    notes_en: tuple[str, ...] = Field((), exclude=True)
    _PAIRS = ("reason", "notes")


class Finding(_Model):
    """A check that fired. ``message`` is the rule file's text (policy staff's words), after
    the indicator it concerns; ``message_en`` differs only in the engine's punctuation."""

    _PAIRS = ("message",)
    check: str
    severity: Literal["error", "warning", "info"]
    message: str
    message_en: str = Field(exclude=True)
    rule: RuleRef
    path: str | None = None

    @field_serializer("message")
    def _message(self, zh: str, info: FieldSerializationInfo) -> Text:
        return {"zh": zh, "en": self.message_en}


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
    message_en: str = Field(exclude=True)
    rule: RuleRef
    _PAIRS = ("message",)

    @field_serializer("message")
    def _message(self, zh: str, info: FieldSerializationInfo) -> Text:
        return {"zh": zh, "en": self.message_en}


class Result(_Model):
    ruleset: str
    version: str | None
    rules_file: str
    rules_hash: str  # sha256:… of the rule text and its includes (rules.catalog.content_hash)
    submission: dict[str, str | None]
    figures: dict[str, Figure]
    indicators: tuple[IndicatorResult, ...]
    sections: tuple[SectionResult, ...]
    total: Decimal | None
    maximum: Decimal  # of the sections that apply
    total_reason: str | None = None  # why the total could not be computed (zh)
    total_reason_en: str | None = Field(None, exclude=True)
    findings: tuple[Finding, ...]
    discrepancies: tuple[Discrepancy, ...]
    rounding: str = "ROUND_HALF_UP at presentation; stored figures unrounded"
    _PAIRS = ("total_reason",)

    @field_serializer("total_reason")
    def _total_reason(self, zh: str | None, info: FieldSerializationInfo) -> Text | None:
        return None if zh is None else {"zh": zh, "en": self.total_reason_en or ""}
