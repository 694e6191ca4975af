"""``govrules serve``: check the settings and the rule sets, then run uvicorn.

Reloading on SIGHUP: with one worker, the process loads the folder again in place and uses
it only if it checks cleanly (requests in flight finish with the rule sets they started
with). With several, uvicorn's supervisor starts a new worker per old one; a worker whose
rule sets do not check cleanly never becomes ready, so the old workers stay and the restart
stops there; an old worker is retired only after its requests are answered.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from ..errors import GovrulesError
from ..rules.catalog import Catalog
from .settings import SETTINGS_ENV, Settings, from_args

log = logging.getLogger("govrules.service")


def serve(args: argparse.Namespace) -> int:
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError:
        print("govrules serve 需要安装服务组件：pip install 'govrules[service]' / govrules serve needs the service extra: pip install 'govrules[service]'", file=sys.stderr)
        return 2
    settings = from_args(args)  # GR706 off loopback without a token
    Catalog.load(settings.rules)  # rule sets that do not check cleanly: refuse to start (GovrulesError → exit 1)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    common: dict[str, Any] = {"host": settings.host, "port": settings.port, "server_header": False, "log_level": "info",
                              "timeout_graceful_shutdown": max(30, int(settings.timeout * 3))}  # fmt: skip
    if settings.workers > 1:
        os.environ[SETTINGS_ENV] = settings.to_env()
        # a new worker has a minute to load its rule sets (uvicorn's 5 s can pass on a busy
        # machine, and the restart would stop with good rules); a failing one exits at once
        uvicorn.run("govrules.service.run:worker_app", factory=True, workers=settings.workers, timeout_worker_healthcheck=60, **common)
        return 0
    uvicorn.run(app(settings, sighup=True), **common)
    return 0


def app(settings: Settings, sighup: bool = False) -> Any:
    """The application for one process; with ``sighup``, SIGHUP reloads its rule sets."""
    from .app import create_app

    application = create_app(settings)
    if sighup:
        state = application.state.govrules
        previous = application.router.lifespan_context

        @asynccontextmanager
        async def lifespan(a: Any) -> AsyncIterator[None]:
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGHUP, lambda: loop.run_in_executor(None, state.reload))
            async with previous(a):
                yield
            loop.remove_signal_handler(signal.SIGHUP)

        application.router.lifespan_context = lifespan
    return application


def worker_app() -> Any:
    """uvicorn's factory in each worker process: the settings come from ``govrules serve``.
    A worker whose rule sets do not check cleanly fails to start (and is never used)."""
    settings = Settings.from_env(os.environ[SETTINGS_ENV])
    try:
        return app(settings)
    except GovrulesError as e:
        log.error("rule sets do not check cleanly / 规则集有错误:\n%s", e.render("en", limit=20))
        raise SystemExit(1) from None
