"""The public Python API: load a rule set, evaluate submissions, explain a figure.

>>> from govrules.evaluation import evaluate_files
>>> records = evaluate_files("rules/monitoring_review.rules", ["examples/001_monitoring/01_机关事业单位养老保险.yaml"])  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import Diagnostic, GovrulesError, Severity
from .io import Loaded, TableSource, load_inputs
from .rules import RuleSet, evaluate, load_rules
from .rules.results import Result
from .submissions.load import validate_submission
from .submissions.models import KIND_ZH, KINDS, _Submission


@dataclass(frozen=True)
class Record:
    """One input's outcome: a result, or the diagnostics that stopped it. Never both.

    ``file`` names the input: the file, or for a table of a workbook ``book.xlsx:Sheet#2``
    (its ``source`` then says where each field came from).
    """

    file: str
    result: Result | None = None
    errors: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    source: TableSource | None = None
    submission: _Submission | None = field(default=None, repr=False, compare=False)  # what was evaluated (for reports)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file}
        if self.source is not None:
            out["table"] = {"file": self.source.file, "sheet": self.source.sheet, "index": self.source.index,
                            "rows": [self.source.first_row, self.source.last_row],
                            "cells": {path: cell.a1() for path, cell in self.source.cells.items()}}  # fmt: skip
        if self.warnings:
            out["warnings"] = [d.to_json() for d in self.warnings]
        if self.result is not None:
            out["result"] = self.result.model_dump(mode="json")
        else:
            out["errors"] = [d.to_json() for d in self.errors]
        return out

    def error_text(self, lang: str = "zh") -> str:
        return GovrulesError(self.errors).render(lang)


def evaluate_files(rules: str | Path | RuleSet, files: list[str]) -> list[Record]:
    """Evaluate each submission file; exactly one record per file, in order, and one per
    table of a workbook (.xlsx, .xls, .ods, .csv, .docx), named ``book.xlsx:Sheet#N``."""
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    return [record for f in files for record in _records(ruleset, f)]


def evaluate_data(rules: RuleSet, name: str, data: Any) -> Record:
    """One submission given as data (the dict a YAML or JSON file holds: a JSON Lines line,
    a Spark row), named ``name`` in the record: a result, or the errors that stopped it."""
    try:
        submission = validate_submission(data, source=name)
    except GovrulesError as e:
        return Record(name, errors=e.diagnostics)
    return evaluate_record(rules, submission, name)


def _records(rules: RuleSet, file: str) -> list[Record]:
    return [loaded_record(rules, one) for one in load_inputs(file)]


def loaded_record(rules: RuleSet, one: Loaded) -> Record:
    """The record of one loaded input (a file, a table of a workbook): its result with how it
    was read, or the errors that stopped it."""
    if one.submission is None:
        return Record(one.name, errors=one.errors, warnings=one.warnings, source=one.source)
    return replace(evaluate_record(rules, one.submission, one.name), warnings=one.warnings, source=one.source)


def evaluate_record(rules: RuleSet, sub: _Submission, file: str) -> Record:
    """The record of one loaded submission: its result, or GR502 when the rule set is for
    another kind of table."""
    kind = str(getattr(sub, "kind"))  # each submission model declares its own kind
    if rules.applies is not None and KINDS.get(rules.applies) != kind:
        want = KIND_ZH[KINDS[rules.applies]]
        return Record(file, errors=(Diagnostic(
            "GR502", Severity.ERROR, f"规则集“{rules.name}”适用于{want}，此文件是{KIND_ZH[kind]}",
            f"rule set “{rules.name}” applies to {KINDS[rules.applies]}, this file is a {kind}", path="表类型",
        ),))  # fmt: skip
    try:
        return Record(file, result=evaluate(rules, sub), submission=sub)
    except GovrulesError as e:  # e.g. over the evaluation budget (GR503)
        return Record(file, errors=e.diagnostics)
