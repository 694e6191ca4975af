"""Evaluation: ``evaluate`` with each shipped rule set of the submission's kind, then ``explain``.

Input: a submission file's bytes (as for :mod:`fuzz.submissions`); those that do not load
are skipped (that is the submissions harness's business).
Properties: only GovrulesError escapes; no float in a result; every section's points in
[0, maximum], no negative deduction, the total in [0, maximum]; the same result twice;
explaining any item the result offers gives text or a GovrulesError.
"""

from __future__ import annotations

import functools

from govrules.errors import GovrulesError
from govrules.rules import RuleSet, evaluate, load_rules
from govrules.rules.explain import available_items, explain
from govrules.submissions.models import KINDS

from .common import ROOT, expect, no_float, points_in_range
from .submissions import load

EXPLAINED = 12  # items explained per input (the first ones offered)


@functools.cache
def rule_sets() -> tuple[RuleSet, ...]:
    return tuple(load_rules(path) for path in sorted((ROOT / "rules").glob("*.rules")))


def one_input(data: bytes) -> None:
    submission, _ = load(data)
    if submission is None:
        return
    kind = getattr(submission, "kind", None)
    for rules in rule_sets():
        if rules.applies is not None and KINDS.get(rules.applies) != kind:
            continue
        try:
            result = evaluate(rules, submission)  # type: ignore[arg-type]
        except GovrulesError:
            continue
        dumped = result.model_dump()
        no_float(dumped, "the result")
        points_in_range(result)
        expect(evaluate(rules, submission).model_dump() == dumped, "evaluate is not deterministic")  # type: ignore[arg-type]
        for item in available_items(rules, submission, result)[:EXPLAINED]:  # type: ignore[arg-type]
            try:
                text = explain(rules, submission, item, result=result)  # type: ignore[arg-type]
            except GovrulesError:
                continue
            expect(isinstance(text, list) and all(isinstance(t, str) for t in text), f"explain {item!r} gave {text!r}")

