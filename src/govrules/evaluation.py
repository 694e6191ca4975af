"""The public Python API: load a rule set, evaluate submissions, explain a figure.

>>> from govrules.evaluation import evaluate_files
>>> records = evaluate_files("rules/monitoring_review.rules", ["examples/001_monitoring/01_机关事业单位养老保险.yaml"])  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Diagnostic, GovrulesError, Severity
from .rules import RuleSet, evaluate, load_rules
from .rules.results import Result
from .submissions import load_submission
from .submissions.models import KIND_ZH, KINDS, _Submission


@dataclass(frozen=True)
class Record:
    """One input file's outcome: a result, or the diagnostics that stopped it. Never both."""

    file: str
    result: Result | None = None
    errors: tuple[Diagnostic, ...] = ()

    def to_json(self) -> dict[str, Any]:
        if self.result is not None:
            return {"file": self.file, "result": self.result.model_dump(mode="json")}
        return {"file": self.file, "errors": [d.to_json() for d in self.errors]}

    def error_text(self, lang: str = "zh") -> str:
        return GovrulesError(self.errors).render(lang)


def evaluate_files(rules: str | Path | RuleSet, files: list[str]) -> list[Record]:
    """Evaluate each submission file; exactly one record per file, in order."""
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    return [_one(ruleset, f) for f in files]


def _one(rules: RuleSet, file: str) -> Record:
    try:
        sub = load_submission(file)
    except GovrulesError as e:
        return Record(file, errors=e.diagnostics)
    return evaluate_record(rules, file, sub)


def evaluate_record(rules: RuleSet, file: str, sub: _Submission) -> Record:
    """The record of one loaded submission: its result, or GR502 when the rule set is
    written for another kind of table."""
    kind = str(getattr(sub, "kind"))  # each submission model declares its own kind
    if rules.applies is not None and KINDS.get(rules.applies) != kind:
        want = KIND_ZH[KINDS[rules.applies]]
        return Record(file, errors=(Diagnostic(
            "GR502", Severity.ERROR, f"规则集“{rules.name}”适用于{want}，此文件是{KIND_ZH[kind]}",
            f"rule set “{rules.name}” applies to {KINDS[rules.applies]}, this file is a {kind}", path="表类型",
        ),))  # fmt: skip
    return Record(file, result=evaluate(rules, sub))
