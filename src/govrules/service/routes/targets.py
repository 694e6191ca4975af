"""Parse and judge target notations in bulk."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ...messages import diagnostic
from ...outputs import FORMAT_VERSION, target_json
from ..deps import StateDep, json_response
from ..models import TargetIn, TargetsIn, TargetsOut
from ..state import ServiceError

router = APIRouter(tags=["targets"])


def _targets(items: list[TargetIn]) -> list[dict[str, object]]:
    return [target_json(i.target, i.actual, i.name) for i in items]


@router.post("/targets", response_model=TargetsOut, summary="解析并判断指标值 / parse and judge target notations")
async def targets(body: TargetsIn, state: StateDep) -> Response:
    """Each item as ``govrules target --json`` gives it, in order."""
    limit = state.settings.max_items
    if len(body.items) > limit:
        raise ServiceError(413, [diagnostic("GR705", path="items", problem=f"一次最多 {limit} 项，收到 {len(body.items)} 项",
                                            problem_en=f"at most {limit} items at once, got {len(body.items)}")])  # fmt: skip
    results = await state.run(_targets, body.items)
    return json_response({"format_version": FORMAT_VERSION, "results": results})
