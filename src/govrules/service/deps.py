"""FastAPI dependencies: who may call (bearer tokens), the service's state, and the body of
a request turned into a submission by its content type."""

from __future__ import annotations

import hmac
import json
from dataclasses import replace
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..errors import Diagnostic, GovrulesError
from ..messages import diagnostic
from ..submissions.load import parse_data, validate_submission
from ..submissions.models import _Submission
from .state import ServiceError, State

_bearer = HTTPBearer(auto_error=False, description="访问令牌 / access token (required when the service listens off loopback)")


def json_response(doc: Any, status: int = 200) -> Response:
    """A JSON answer written as the command line writes it (keys it leaves out stay out)."""
    return Response(json.dumps(doc, ensure_ascii=False), status_code=status, media_type="application/json")


async def get_state(request: Request) -> State:  # async: FastAPI runs a plain def in a thread
    state: State = request.app.state.govrules
    return state


async def authorized(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """With tokens configured, the request must carry one of them (compared in constant time,
    against every token, so the time says nothing about which came close)."""
    tokens = (await get_state(request)).settings.tokens
    if not tokens:
        return
    given = credentials.credentials.encode("utf-8") if credentials is not None else b""
    ok = False
    for token in tokens:
        ok |= hmac.compare_digest(given, token.encode("utf-8"))
    if not ok:
        raise ServiceError(401, [diagnostic("GR704")], {"WWW-Authenticate": "Bearer"})


StateDep = Annotated[State, Depends(get_state)]


# --- the body as a submission (its size is held to the limit by app.Limits) -----------------


Reader = Callable[[bytes, str], _Submission]


def _text_reader(extension: str) -> Reader:
    def read(raw: bytes, name: str) -> _Submission:
        source = f"{name}.{extension}"
        data, marks, lines = parse_data(raw, source, is_json=extension == "json")
        return validate_submission(data, source=source, marks=marks, lines=lines)

    return read


def _table_reader(extension: str) -> Reader:
    """An uploaded workbook, Word or CSV file holding one table (govrules.io reads it from a
    temporary file of its own; no client path is ever read)."""

    def read(raw: bytes, name: str) -> _Submission:
        import os
        import tempfile

        from ..io import load_inputs

        with tempfile.TemporaryDirectory(prefix="govrules-") as folder:
            path = os.path.join(folder, f"{name}.{extension}")
            with open(path, "wb") as f:
                f.write(raw)
            loaded = load_inputs(path)
        hide = folder + os.sep  # diagnostics name the upload, not the server's temporary folder

        def shown(d: Diagnostic) -> Diagnostic:
            return replace(d, zh=d.zh.replace(hide, ""), en=d.en.replace(hide, ""), path=d.path.replace(hide, ""),
                           span=replace(d.span, file=d.span.file.replace(hide, "")) if d.span else None)  # fmt: skip

        if len(loaded) != 1:
            names = "、".join(one.name.replace(hide, "") for one in loaded)
            raise GovrulesError([diagnostic("GR227", path=f"{name}.{extension}", count=len(loaded), names=names)])
        if loaded[0].submission is None:
            raise GovrulesError([shown(d) for d in loaded[0].errors])
        return loaded[0].submission

    return read


# An uploaded table's media type → the file name extension it is read as.
TABLE_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/csv": "csv",
}
# Content type → reader of a body into a submission (raises GovrulesError: 422); the evaluate
# and explain routes take every type listed here.
READERS: dict[str, Reader] = {
    "application/json": _text_reader("json"),
    **dict.fromkeys(("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"), _text_reader("yaml")),
    **{kind: _table_reader(extension) for kind, extension in TABLE_TYPES.items()},
}


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def submission_reader(request: Request) -> Reader:
    """The reader for the request's content type; 415 with the supported ones otherwise."""
    kind = media_type(request)
    reader = READERS.get(kind)
    if reader is None:
        raise ServiceError(415, [diagnostic(
            "GR705", path="Content-Type",
            problem=f"不支持的内容类型“{kind or '（无）'}”，可用：{'、'.join(READERS)}",
            problem_en=f"unsupported content type “{kind or '(none)'}”; use one of {', '.join(READERS)}",
        )])  # fmt: skip
    return reader
