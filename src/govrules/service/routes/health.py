"""Liveness and readiness, for load balancers and supervisors (no token needed)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ... import __version__
from ..deps import StateDep
from ..models import HealthOut, ReadyOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, summary="存活检查 / liveness")
async def health() -> HealthOut:
    return HealthOut(status="ok", version=__version__)


@router.get("/ready", response_model=ReadyOut, responses={503: {"model": ReadyOut}}, summary="就绪检查 / readiness")
async def ready(state: StateDep, response: Response) -> ReadyOut:
    """200 when the rule sets are loaded; says whether the last reload was refused."""
    catalog = state.catalog
    if catalog is None:
        response.status_code = 503
    return ReadyOut.model_validate({
        "ready": catalog is not None, "rulesets": len(catalog.rule_sets) if catalog else 0, "loaded_at": state.loaded_at,
        "last_reload": state.last_reload, "last_reload_errors": [d.to_json() for d in state.last_reload_errors],
    })  # fmt: skip
