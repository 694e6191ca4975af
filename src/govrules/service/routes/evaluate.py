"""Evaluate a submission, a batch of them (JSON Lines, streamed), and explain one item."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse

from ...errors import GovrulesError
from ...evaluation import Record, evaluate_record
from ...messages import diagnostic
from ...outputs import FORMAT_VERSION, EvaluateOut, ExplainOut, RecordLine
from ...rules.catalog import content_hash
from ...rules.compile import RuleSet
from ..deps import READERS, TABLE_TYPES, Reader, StateDep, media_type, submission_reader
from ..state import ServiceError, State

router = APIRouter(tags=["evaluate"])

SUBMISSION_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "一份填报表：JSON 或 YAML（键为英文或中文表头）/ one submission, JSON or YAML (English or Chinese keys)",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Submission"}},
            **{kind: {"schema": {"type": "string", "format": "binary"} if kind in TABLE_TYPES else {"type": "string"}} for kind in READERS if kind != "application/json"},
        },
    }
}
BATCH_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines")
BATCH_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "JSON Lines：每行一份 JSON 填报表 / JSON Lines: one JSON submission a line",
        # OpenAPI has no JSON Lines type: the body is this array, one item written per line
        "content": {kind: {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Submission"}}} for kind in BATCH_TYPES},
    }
}
Version = Annotated[str | None, Query(max_length=50, description="规则集版本（默认：最新）/ rule set version (default: the latest)")]
File = Annotated[str, Query(max_length=200, description="填报表的名称，只用于结果和诊断中（不读取任何文件）/ a name for the submission in results and diagnostics (nothing is read)")]


def _evaluate(state: State, rules: RuleSet, reader: Reader, raw: bytes, file: str) -> Record:
    started = time.perf_counter()
    try:
        sub = reader(raw, file)
    except GovrulesError as e:
        state.decision(rules, raw, started, None, e.diagnostics)
        return Record(file, errors=e.diagnostics)
    record = evaluate_record(rules, sub, file)
    logged = sub.model_dump(mode="json") if state.settings.log_submissions else None
    state.decision(rules, raw, started, record.result.total if record.result else None, record.errors, logged)
    return record


@router.post("/rulesets/{name}/evaluate", response_model=EvaluateOut, openapi_extra=SUBMISSION_BODY,
             summary="评价一份填报表 / evaluate one submission")  # fmt: skip
async def evaluate(name: str, request: Request, state: StateDep, version: Version = None, file: File = "request") -> Response:
    """The same result as ``govrules eval --json`` gives for one file, with the rule set's
    version and content hash; 422 with the diagnostics when the submission cannot be read."""
    rules = state.rules(name, version)
    reader = submission_reader(request)
    raw = await request.body()
    record = await state.run(_evaluate, state, rules, reader, raw, file)
    if record.result is None:
        raise GovrulesError(record.errors)
    body = EvaluateOut.model_construct(format_version=FORMAT_VERSION, file=file, result=record.result)
    return Response(body.model_dump_json(), media_type="application/json")


@router.post("/rulesets/{name}/batch", response_model=RecordLine, openapi_extra=BATCH_BODY,
             response_description="JSON Lines：每个输入行一个记录，顺序相同 / one record per input line, in order",
             responses={200: {"content": {"application/x-ndjson": {"schema": {"$ref": "#/components/schemas/RecordLine"}}}}},
             summary="批量评价（JSON Lines 输入输出，流式）/ evaluate a batch (JSON Lines in and out, streamed)")  # fmt: skip
async def batch(name: str, request: Request, state: StateDep, version: Version = None) -> StreamingResponse:
    """Each input line is a JSON submission; each output line its record, written as soon as
    it is made: ``{format_version, line, file, result}`` or ``{…, errors}`` — exactly one per
    non-blank input line, in order. The time limit holds per submission."""
    rules = state.rules(name, version)
    if media_type(request) not in BATCH_TYPES:
        raise ServiceError(415, [diagnostic("GR705", path="Content-Type", problem=f"批量评价的内容类型应为 {'、'.join(BATCH_TYPES)}",
                                            problem_en=f"a batch is sent as {', '.join(BATCH_TYPES)}")])  # fmt: skip
    # The body is read before the answer starts (bounded by --max-batch-bytes): a streamed
    # answer listens for the client going away on the same channel a streamed body comes in.
    raw = await request.body()
    return StreamingResponse(_records(raw.split(b"\n"), state, rules), media_type="application/x-ndjson")


async def _records(raw_lines: list[bytes], state: State, rules: RuleSet) -> AsyncIterator[bytes]:
    reader = READERS["application/json"]
    for number, raw in enumerate(raw_lines, start=1):
        if raw.strip():
            yield await _line(state, rules, reader, raw, number)


async def _line(state: State, rules: RuleSet, reader: Reader, raw: bytes, number: int) -> bytes:
    file = f"batch:{number}"
    try:
        record = await state.run(_evaluate, state, rules, reader, raw, file)
    except ServiceError as e:  # this line took too long: its record says so, the batch goes on
        record = Record(file, errors=tuple(e.diagnostics))
    return _line_json(record, number)


def _line_json(record: Record, number: int) -> bytes:
    """``{format_version, line, file, result}`` or ``{…, errors}`` (:class:`RecordLine`)."""
    head = json.dumps({"format_version": FORMAT_VERSION, "line": number, "file": record.file}, ensure_ascii=False)[:-1]
    if record.result is not None:
        return f'{head}, "result": {record.result.model_dump_json()}}}\n'.encode("utf-8")
    return f'{head}, "errors": {json.dumps([d.to_json() for d in record.errors], ensure_ascii=False)}}}\n'.encode("utf-8")


def _explain(rules: RuleSet, reader: Reader, raw: bytes, file: str, item: str) -> dict[str, str]:
    from ...rules import evaluate as run_rules
    from ...rules.explain import explain

    sub = reader(raw, file)
    result = run_rules(rules, sub)
    return {lang: "\n".join(explain(rules, sub, item, lang, result)) for lang in ("zh", "en")}


@router.post("/rulesets/{name}/explain", response_model=ExplainOut, openapi_extra=SUBMISSION_BODY,
             summary="解释结果中的一项 / explain one item of a result")  # fmt: skip
async def explain_item(
    name: str, request: Request, state: StateDep,
    item: Annotated[str, Query(min_length=1, max_length=500, description="总体完成率 | 指标[2].完成率 | 目标偏离及应对情况#1 | 核对:总体完成率 | 检查:… | 总分")],
    version: Version = None, file: File = "request",
) -> ExplainOut:  # fmt: skip
    """As ``govrules explain``: the rule, the formula with the figures put in, the inputs;
    an unknown item is 422 (GR501) listing the available ones."""
    rules = state.rules(name, version)
    reader = submission_reader(request)
    raw = await request.body()
    text = await state.run(_explain, rules, reader, raw, file, item)
    return ExplainOut(ruleset=rules.name, rules_hash=content_hash(rules), item=item, explanation={"zh": text["zh"], "en": text["en"]})


__all__ = ["router"]
