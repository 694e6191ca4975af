"""``create_app(settings)``: the FastAPI application of ``govrules serve``.

Safe by default: tokens required off loopback (checked before start), a body-size limit, a
time limit and a concurrency limit per request, CORS off unless configured, no path read
from a request, and every error — also an unexpected one — answered as diagnostics,
never with a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import Diagnostic, GovrulesError
from ..messages import diagnostic
from ..outputs import FORMAT_VERSION
from ..submissions.models import Submission
from .deps import authorized
from .models import ErrorOut
from .routes import evaluate, health, rulesets, targets
from .settings import Settings
from .state import ServiceError, State, _now

log = logging.getLogger("govrules.service")

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (400, "请求内容无法解析 / the body cannot be parsed (GR705)"),
        (401, "缺少或错误的令牌 / missing or wrong token (GR704)"),
        (404, "没有这个规则集 / no such rule set (GR700)"),
        (413, "请求过大 / request too large (GR701)"),
        (415, "不支持的内容类型 / unsupported content type (GR705)"),
        (422, "诊断：请求或填报表有误 / diagnostics: the request or the submission is wrong"),
        (429, "请求过多 / too many requests at once (GR702)"),
        (503, "超时或尚未就绪 / too slow, or not ready (GR703, GR707)"),
        (500, "govrules 内部错误 / internal error (GR708), never a traceback"),
    )
}
UNLIMITED = ("/v1/health", "/v1/ready", "/openapi.json")


def error_response(status: int, found: list[Diagnostic] | tuple[Diagnostic, ...], headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"format_version": FORMAT_VERSION, "errors": [d.to_json() for d in found]}
    return JSONResponse(body, status_code=status, headers=headers)


def create_app(settings: Settings, state: State | None = None) -> FastAPI:
    """The application for these settings; the rule sets are loaded now (GovrulesError if
    they do not check cleanly) unless a ``state`` is given."""
    if state is None:
        state = State(settings)
        state.load()
    app = FastAPI(
        title="govrules",
        version=__version__,
        summary="预算绩效管理规则引擎 / a rules engine for budget performance management",
        description=f"JSON contract version {FORMAT_VERSION} (docs/json.md). Every error answer is "
        "`{format_version, errors: [diagnostic]}`; messages are `{zh, en}`.",
        docs_url=None,  # the interactive pages load scripts from a CDN: nothing loads from the internet
        redoc_url=None,
        responses=ERRORS,
    )
    app.state.govrules = state
    guarded = [Depends(authorized)] if settings.tokens else []  # the OpenAPI document says which
    app.include_router(health.router, prefix="/v1")
    app.include_router(rulesets.router, prefix="/v1", dependencies=guarded)
    app.include_router(evaluate.router, prefix="/v1", dependencies=guarded)
    app.include_router(targets.router, prefix="/v1", dependencies=guarded)
    _handlers(app)
    app.add_middleware(Limits, settings=settings)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])  # fmt: skip
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def service_error(request: Request, e: ServiceError) -> JSONResponse:
        return error_response(e.status, e.diagnostics, e.headers)

    @app.exception_handler(GovrulesError)
    async def govrules_error(request: Request, e: GovrulesError) -> JSONResponse:
        return error_response(422, e.diagnostics)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError) -> JSONResponse:
        found = []
        for error in e.errors()[:50]:
            where = ".".join(str(p) for p in error.get("loc", ())[1:]) or str((error.get("loc") or ("body",))[0])
            found.append(diagnostic("GR705", path=where, problem=f"“{where}”不符合要求（{error.get('type')}）", problem_en=f"{where}: {error.get('msg')}"))
        return error_response(422, found)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, e: StarletteHTTPException) -> JSONResponse:
        zh = {400: "请求内容无法解析", 404: "没有这个接口", 405: "此接口不接受这种请求方法"}.get(e.status_code, f"HTTP {e.status_code}")
        en = {404: "no such endpoint", 405: "method not allowed here"}.get(e.status_code, str(e.detail))
        return error_response(e.status_code, [diagnostic("GR705", path=request.url.path, problem=zh, problem_en=en)], dict(e.headers or {}))

    @app.exception_handler(Exception)
    async def internal(request: Request, e: Exception) -> JSONResponse:
        when = _now()
        log.exception("internal error at %s on %s %s", when, request.method, request.url.path)
        return error_response(500, [diagnostic("GR708", time=when)])


class Limits:
    """Body size (413) and requests at once (429), before any route reads a byte. The body is
    read here, counted as it arrives (also without Content-Length), and handed on whole: a
    route never sees more than the limit, and every route answers 413 alike."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings
        self.active = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED:
            await self.app(scope, receive, send)
            return
        if self.active >= self.settings.max_concurrent:
            response = error_response(429, [diagnostic("GR702", limit=self.settings.max_concurrent)], {"Retry-After": "1"})
            await response(scope, receive, send)
            return
        self.active += 1
        try:
            limit = self.settings.max_batch_bytes if scope["path"].endswith("/batch") else self.settings.max_body_bytes
            declared = dict(scope["headers"]).get(b"content-length", b"")
            if declared.isdigit() and int(declared) > limit:
                await error_response(413, [diagnostic("GR701", limit=limit)])(scope, receive, send)
                return
            chunks, size = [], 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    await error_response(413, [diagnostic("GR701", limit=limit)])(scope, receive, send)
                    return
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
            whole: Message | None = {"type": "http.request", "body": b"".join(chunks), "more_body": False}

            async def replay() -> Message:
                nonlocal whole
                if whole is not None:
                    message, whole = whole, None
                    return message
                return await receive()  # then only the client going away

            await self.app(scope, replay, send)
        finally:
            self.active -= 1


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with the submission schema the evaluate routes take."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, summary=app.summary, description=app.description, routes=app.routes)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    submission = TypeAdapter(Submission).json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(submission.pop("$defs", {}))
    schemas["Submission"] = submission
    app.openapi_schema = doc
    return doc
