"""The rule sets served, and checking rule text sent by a client."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ...errors import Diagnostic, Severity
from ...messages import diagnostic
from ...outputs import FORMAT_VERSION, CheckOut, ruleset_out
from ..deps import StateDep, json_response
from ..models import CheckIn, RuleSetsOut
from ..state import ServiceError

router = APIRouter()


@router.get("/rulesets", response_model=RuleSetsOut, tags=["rule sets"], summary="列出规则集 / list the rule sets")
async def rulesets(state: StateDep) -> Response:
    """Every rule set served: name, kind of table, period, version, file (relative to the
    served folder) and content hash."""
    if state.catalog is None:
        raise ServiceError(503, [diagnostic("GR707")], {"Retry-After": "1"})
    return json_response({"format_version": FORMAT_VERSION, "rulesets": [ruleset_out(r) for r in state.catalog.rule_sets]})


def _check(text: str, file: str) -> list[Diagnostic]:
    from ...rules.lint import diagnose_rules

    return diagnose_rules(text, file)[1]  # text only: the files it includes are never read


@router.post("/check", response_model=CheckOut, tags=["rule sets"], summary="检查规则文本 / check rule text")
async def check(body: CheckIn, state: StateDep) -> Response:
    """As ``govrules check --json`` for one rule text: every error and warning with its
    position. The text runs under the same limits as every request (body size, time)."""
    found = await state.run(_check, body.text, body.file)
    bad = {Severity.ERROR, Severity.WARNING} if body.strict else {Severity.ERROR}
    return json_response({"format_version": FORMAT_VERSION, "diagnostics": [d.to_json() for d in found], "failed": any(d.severity in bad for d in found)})
