"""The settings of ``govrules serve``: one table (name, default, help), the command-line
options made from it, and the checks that keep the service safe by default.

Nothing here imports FastAPI, so ``govrules --help`` works without the ``[service]`` extra.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import GovrulesError
from ..messages import diagnostic

TOKENS_ENV = "GOVRULES_TOKENS"  # tokens, one per line or separated by commas
SETTINGS_ENV = "GOVRULES_SERVICE_SETTINGS"  # how `govrules serve` hands its settings to worker processes


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    rules: str | None = None  # a folder of *.rules; None: the rule sets shipped with govrules
    workers: int = 1
    tokens: tuple[str, ...] = field(default=(), repr=False)
    max_body_bytes: int = 2_000_000
    max_batch_bytes: int = 50_000_000
    max_items: int = 10_000  # target notations in one /v1/targets request
    timeout: float = 10.0  # seconds per request (a batch: per submission)
    max_concurrent: int = 8  # requests handled at once per worker; more get 429
    cors_origins: tuple[str, ...] = ()
    decision_log: str | None = None  # a JSON Lines file
    log_submissions: bool = False

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, text: str) -> Settings:
        raw = json.loads(text)
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k in known}
        return cls(**values)


HELP: dict[str, str] = {
    "host": "监听地址；非本机地址须设置令牌 / address to listen on; off loopback a token is required",
    "port": "端口 / port",
    "rules": "规则集所在文件夹（默认：随软件提供的规则集）/ folder of rule sets (default: the shipped ones)",
    "workers": "工作进程数 / worker processes",
    "max_body_bytes": "一次请求内容的上限（字节）/ largest request body (bytes)",
    "max_batch_bytes": "批量评价请求内容的上限（字节）/ largest batch body (bytes)",
    "max_items": "一次解析的指标值个数上限 / most target notations in one request",
    "timeout": "每个请求的处理时间上限（秒；批量：每份填报表）/ time limit per request (seconds; a batch: per submission)",
    "max_concurrent": "每个进程同时处理的请求上限，超过返回 429 / requests at once per worker; more get 429",
    "cors_origins": "允许跨域访问的来源（可多次给出；默认关闭）/ an origin allowed by CORS (repeatable; off by default)",
    "decision_log": "决策日志文件（JSON Lines）/ decision log file (JSON Lines)",
    "log_submissions": "决策日志中也记录填报内容 / also write the submissions to the decision log",
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``govrules serve``, one per setting, plus ``--token-file``."""
    defaults = Settings()
    for f in fields(Settings):
        if f.name == "tokens":
            continue
        flag = "--" + f.name.replace("_", "-")
        default = getattr(defaults, f.name)
        if isinstance(default, bool):
            p.add_argument(flag, action="store_true", help=HELP[f.name])
        elif isinstance(default, tuple):
            p.add_argument(flag, action="append", default=[], metavar="ORIGIN", help=HELP[f.name])
        else:
            kind: Any = type(default) if default is not None else str
            p.add_argument(flag, type=kind, default=default, help=f"{HELP[f.name]} [{default}]")
    p.add_argument("--token-file", help=f"访问令牌文件，每行一个（或用环境变量 {TOKENS_ENV}）/ file of access tokens, one a line (or the {TOKENS_ENV} variable)")


def from_args(args: argparse.Namespace, environ: dict[str, str] | None = None) -> Settings:
    """Settings from the parsed options; tokens from ``--token-file`` and the environment.
    Raises GovrulesError (GR706) off loopback without a token."""
    env = os.environ if environ is None else environ
    tokens = _split(env.get(TOKENS_ENV, ""))
    if args.token_file:
        try:
            tokens += _split(Path(args.token_file).read_text(encoding="utf-8"))
        except OSError as e:
            raise GovrulesError([diagnostic("GR705", path="--token-file", problem=f"无法读取令牌文件：{e.strerror}", problem_en=f"cannot read the token file: {e.strerror}")]) from None
    values = {f.name: getattr(args, f.name) for f in fields(Settings) if f.name != "tokens"}
    values["cors_origins"] = tuple(values["cors_origins"])
    settings = Settings(**values, tokens=tuple(dict.fromkeys(tokens)))
    check(settings)
    return settings


def _split(text: str) -> list[str]:
    return [t.strip() for line in text.splitlines() for t in line.split(",") if t.strip() and not t.strip().startswith("#")]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check(settings: Settings) -> None:
    """Refuse settings that are not safe: listening off loopback without a token (GR706)."""
    if not is_loopback(settings.host) and not settings.tokens:
        raise GovrulesError([diagnostic("GR706", path="--host", host=settings.host)])
