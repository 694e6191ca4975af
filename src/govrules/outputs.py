"""The JSON contract: one pydantic model per kind of output, the same for the command
line and the service, and its JSON Schema (``govrules schema result``).

Every document carries ``format_version`` (``MAJOR.MINOR``): a new MINOR only adds
(keys, codes, values of an open list); anything else is a new MAJOR. docs/json.md states
the policy and CHANGELOG.md every change. A message for people is always
``{"zh": …, "en": …}`` (:class:`Text`), as in ``Diagnostic.to_json``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import Diagnostic
from .rules.results import Result, Text
from .targets import judge, parse, parse_actual, to_json
from .targets.wordings import Degree

FORMAT_VERSION = "1.0"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class SpanOut(_Out):
    file: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


class DiagnosticOut(_Out):
    """``Diagnostic.to_json()``: ``hint``, ``span`` and ``path`` only when there is one."""

    code: str = Field(pattern=r"^GR\d{3}$")
    severity: Literal["error", "warning", "info"]
    message: Text
    hint: Text | None = None
    span: SpanOut | None = None
    path: str | None = None


def diagnostics(found: list[Diagnostic] | tuple[Diagnostic, ...]) -> list[dict[str, Any]]:
    return [d.to_json() for d in found]


class Versioned(_Out):
    format_version: str = Field(default=FORMAT_VERSION, pattern=r"^\d+\.\d+$", description="MAJOR.MINOR of this contract (docs/json.md)")


class ValueOut(BaseModel):
    """A parsed target or actual value: ``kind``, ``canonical`` and the keys of its kind
    (docs/json.md lists them); ``kind`` and ``canonical`` are null for an unreadable line."""

    model_config = ConfigDict(extra="allow", frozen=True)
    kind: str | None
    canonical: str | None
    input: str | None = None
    diagnostics: list[DiagnosticOut] = []


class TargetOut(ValueOut):
    """``govrules target --json``, one line of ``govrules target -``, one item of the service's /v1/targets."""

    format_version: str = FORMAT_VERSION
    line: int | None = None
    input: str | None
    name: str | None
    actual: ValueOut | None = None
    satisfied: bool | None = None
    reason: Text | None = None
    degree: Degree | None = None  # what a wording such as 部分完成 declares
    band: list[str] | None = None  # the share of the points a qualitative row's degree allows, e.g. ["0.5", "0.8"]
    applicable: bool | None = None  # False: the target or the actual says not applicable (/, 不适用 …)


class TableOut(_Out):
    """Where a table of a workbook was: its sheet, its rows and the cell of every field."""

    file: str
    sheet: str
    index: int
    rows: list[int]
    cells: dict[str, str]  # field path (指标[3].完成值) -> cell (自评表!E14)


class RecordOut(_Out):
    """One submission's outcome: a ``result``, or the ``errors`` that stopped it; never both."""

    file: str
    table: TableOut | None = None  # for a table read from a spreadsheet
    warnings: list[DiagnosticOut] | None = None  # about how it was read
    result: Result | None = None
    errors: list[DiagnosticOut] | None = None


class EvaluateOut(Versioned):
    """The service's answer for one submission: as an entry of ``govrules eval --json``."""

    file: str
    result: Result


class RecordLine(Versioned, RecordOut):
    """One line of JSON Lines (the service's batch): the record of input line ``line``
    (counted from 1), with ``result`` or ``errors``, never both."""

    line: int


class RuleSetOut(_Out):
    name: str
    applies: str | None
    valid_from: str | None
    valid_to: str | None
    version: str | None
    file: str
    rules_hash: str


class EvalOut(Versioned):
    """``govrules eval --json``: one record per input file, in order."""

    rules: str
    ruleset: RuleSetOut
    results: list[RecordOut]


class CheckOut(Versioned):
    """``govrules check --json`` and the service's /v1/check."""

    diagnostics: list[DiagnosticOut]
    failed: bool = Field(description="an error (with --strict, also a warning) was found")


class ExplainOut(Versioned):
    """One item of a result explained: the chain of rule, formula with figures, inputs."""

    ruleset: str
    rules_hash: str
    item: str
    explanation: Text


OUTPUTS: dict[str, type[BaseModel]] = {
    "result": EvalOut,
    "records": RecordLine,
    "target": TargetOut,
    "check": CheckOut,
    "explain": ExplainOut,
}


def output_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of output (as it is written: serialization mode)."""
    schema = OUTPUTS[kind].model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def ruleset_out(rules: Any) -> dict[str, Any]:
    """A rule set's identity, as results and the service's list name it (``rules`` is a RuleSet)."""
    from .rules.catalog import content_hash

    return {
        "name": rules.name, "applies": rules.applies, "valid_from": rules.valid_from, "valid_to": rules.valid_to,
        "version": rules.version, "file": rules.path, "rules_hash": content_hash(rules),
    }  # fmt: skip


def target_json(text: str, actual: str | None = None, name: str | None = None) -> dict[str, Any]:
    """The JSON of ``govrules target --json`` and of the service's /v1/targets (:class:`TargetOut`)."""
    parsed = parse(text, name)
    out: dict[str, Any] = {"format_version": FORMAT_VERSION, "input": text, "name": name}
    out.update(to_json(parsed.value))
    out["diagnostics"] = [d.to_json() for d in parsed.diagnostics]
    if actual is not None:
        a = parse_actual(actual, text, name)  # the one reading of a bare figure, as in judging
        j = judge(parsed.value, a.value)
        out["actual"] = {**to_json(a.value), "input": actual, "diagnostics": [d.to_json() for d in a.diagnostics]}
        out["satisfied"] = j.satisfied
        out["reason"] = {"zh": j.zh, "en": j.en}
        out.update(degree=j.degree, band=[str(b) for b in j.band] if j.band else None, applicable=j.applicable)
    return out
