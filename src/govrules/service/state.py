"""What a running service holds: the rule sets in use, how to reload them, the pool that
evaluates under a time limit, and the decision log. No FastAPI here."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypeVar

from ..errors import Diagnostic, GovrulesError
from ..messages import diagnostic
from ..rules.catalog import Catalog, content_hash
from ..rules.compile import RuleSet
from .settings import Settings

log = logging.getLogger("govrules.service")
T = TypeVar("T")


class ServiceError(Exception):
    """An answer other than 200: the HTTP status, the diagnostics, extra headers."""

    def __init__(self, status: int, diagnostics: list[Diagnostic], headers: dict[str, str] | None = None):
        super().__init__(status)
        self.status = status
        self.diagnostics = diagnostics
        self.headers = headers or {}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class State:
    settings: Settings
    catalog: Catalog | None = None
    loaded_at: str | None = None
    last_reload: str | None = None
    last_reload_errors: tuple[Diagnostic, ...] = ()
    pool: ThreadPoolExecutor = field(init=False)
    _log_lock: threading.Lock = field(default_factory=threading.Lock)
    _reload_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=max(1, self.settings.max_concurrent), thread_name_prefix="govrules-eval")

    # --- rule sets ---------------------------------------------------------------------------

    def load(self) -> None:
        """Load the rule sets (raises GovrulesError with every problem: the service does not start)."""
        self.catalog = Catalog.load(self.settings.rules)
        self.loaded_at = _now()

    def reload(self) -> bool:
        """Load the folder again; use it only if it checks cleanly. In-flight requests keep the
        rule sets they started with. Returns whether the new rule sets are in use."""
        with self._reload_lock:
            try:
                catalog = Catalog.load(self.settings.rules)
            except GovrulesError as e:
                self.last_reload, self.last_reload_errors = "refused", e.diagnostics
                log.error("reload refused, the rule sets before it stay / 重新加载被拒绝，继续使用原规则集:\n%s", e.render("en", limit=20))
                return False
            self.catalog, self.loaded_at = catalog, _now()
            self.last_reload, self.last_reload_errors = "ok", ()
            log.info("rule sets reloaded / 规则集已重新加载: %s", ", ".join(f"{r.name} {content_hash(r)[:19]}" for r in catalog.rule_sets))
            return True

    def rules(self, name: str, version: str | None = None) -> RuleSet:
        if self.catalog is None:
            raise ServiceError(503, [diagnostic("GR707")], {"Retry-After": "1"})
        try:
            return self.catalog.find(name, version)
        except GovrulesError as e:
            raise ServiceError(404, list(e.diagnostics)) from None

    # --- bounded work ------------------------------------------------------------------------

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in the pool, within the time limit (503 GR703 past it; the work
        itself ends on its own, every evaluation being bounded)."""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.pool, fn, *args)
        try:
            return await asyncio.wait_for(future, self.settings.timeout)
        except asyncio.TimeoutError:
            raise ServiceError(503, [diagnostic("GR703", seconds=f"{self.settings.timeout:g}")], {"Retry-After": "1"}) from None

    # --- decision log ------------------------------------------------------------------------

    def decision(self, rules: RuleSet, raw: bytes, started: float, total: Any, errors: tuple[Diagnostic, ...] = (), submission: Any = None) -> None:
        """One JSON line per evaluation: time, rule set and its hash, the input's hash, the
        total (or the error codes) and the duration; the submission only if asked for."""
        path = self.settings.decision_log
        if path is None:
            return
        entry: dict[str, Any] = {
            "time": _now(), "ruleset": rules.name, "version": rules.version, "rules_hash": content_hash(rules),
            "input_hash": "sha256:" + hashlib.sha256(raw).hexdigest(),
            "total": None if total is None else str(total), "errors": [d.code for d in errors],
            "duration_ms": round((time.perf_counter() - started) * 1000, 3),
        }  # fmt: skip
        if self.settings.log_submissions and submission is not None:
            entry["submission"] = submission
        line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        with self._log_lock:  # one write per line, appended: whole lines also with several workers
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
