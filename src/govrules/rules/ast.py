"""The syntax tree of a rule file: frozen, slotted nodes, each with its span."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union

from ..errors import Span


@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal
    percent: bool
    span: Span

    @property
    def amount(self) -> Decimal:
        """The number written: ``95%`` → 0.95."""
        return self.value / 100 if self.percent else self.value


@dataclass(frozen=True, slots=True)
class Text:
    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" or "not"
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # + - * / and or = != < <= > >= contains
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Test:
    """``X 是 数量``, ``X 为空``, ``X 满足 "≥95%"``: a question about a value."""

    op: str  # is, is_not, empty, not_empty, satisfies
    operand: Expr
    argument: str  # the kind name, or the target text
    span: Span


@dataclass(frozen=True, slots=True)
class NotComputable:
    reason: str
    span: Span


Expr = Union[Number, Text, Bool, Name, Call, Unary, Binary, Test, NotComputable]


@dataclass(frozen=True, slots=True)
class Case:
    condition: Expr | None  # None: 否则
    result: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Band:
    target: str  # target-language text, e.g. ≥90%
    result: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Definition:
    """``设 NAME = …`` (``each``: one value per indicator)."""

    name: str
    each: bool
    expr: Expr | None
    cases: tuple[Case, ...]
    bands: tuple[Band, ...]
    subject: Expr | None  # what the bands classify
    span: Span


@dataclass(frozen=True, slots=True)
class Deduction:
    points: Expr
    each: bool
    condition: Expr
    reason: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    maximum: Decimal
    score: Definition | None  # 得分 = … (formula or bands); None: the maximum
    deductions: tuple[Deduction, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    severity: str  # error | warning | info
    each: bool
    condition: Expr
    reason: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Reconcile:
    each: bool
    recomputed: Expr
    reported: Expr
    tolerance: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Header:
    name: str
    applies: str | None
    valid_from: str | None
    valid_to: str | None
    version: str | None
    includes: tuple[tuple[str, Span], ...]
    span: Span


Statement = Union[Definition, Section, Check, Reconcile]


@dataclass(frozen=True, slots=True)
class RuleFile:
    """A rule file; after loading, ``statements`` also hold those of the files it includes
    (``引用``), placed before its own, and ``sources`` the lines of those files by path."""

    header: Header
    statements: tuple[Statement, ...]
    path: str
    lines: tuple[str, ...]
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    def source_line(self, span: Span) -> str:
        """The text of the line a span starts on, in this file or an included one
        (for diagnostics and explanations)."""
        lines = self.lines if span.file == self.path else self.sources.get(span.file, ())
        return lines[span.line - 1] if 0 < span.line <= len(lines) else ""
