"""govrules serve as a real process on 127.0.0.1 (uvicorn, a free port): schemathesis over
the network, a Node client (built-in fetch) as the Java and web systems would call it, and
SIGHUP reloads — good and broken rule sets, one worker and two — without dropping a request."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig

import service_serializers  # noqa: F401  (JSON Lines bodies)

ROOT = Path(__file__).resolve().parents[1]
MONITORING = sorted((ROOT / "examples/001_monitoring").glob("0*.yaml"))
TOKEN = "process-test-token-91c2"
SOURCE = (ROOT / "rules/monitoring_review.rules").read_text(encoding="utf-8")
BROKEN = SOURCE + "\n评分 坏 满分 10:\n  得分 = 没有这个名字\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    rules: Path
    log: Path

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return httpx.get(self.url + path, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {TOKEN}", **kw.pop("headers", {})}
        return httpx.post(self.url + path, headers=headers, timeout=60, **kw)

    def version(self) -> str:
        return str(self.get("/v1/rulesets").json()["rulesets"][0]["version"])

    def hup(self) -> None:
        self.process.send_signal(signal.SIGHUP)


def wait_for(what: Callable[[], bool], seconds: float = 60) -> None:
    """Poll until ``what()`` holds (a readiness wait, not a measurement)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if what():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("gave up waiting")


def start(tmp: Path, *extra: str) -> Server:
    rules = tmp / "rules"
    rules.mkdir()
    (rules / "monitoring.rules").write_text(SOURCE, encoding="utf-8")
    port = free_port()
    log = tmp / "server.log"
    env = {**os.environ, "GOVRULES_TOKENS": TOKEN, "PYTHONUNBUFFERED": "1"}
    argv = [sys.executable, "-m", "govrules", "serve", "--port", str(port), "--rules", str(rules), *extra]
    with open(log, "wb") as out:
        process = subprocess.Popen(argv, cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", rules, log)
    try:
        wait_for(lambda: httpx.get(server.url + "/v1/ready", timeout=5).status_code == 200)
    except AssertionError:
        process.kill()
        raise AssertionError(log.read_text(encoding="utf-8", errors="replace")) from None
    return server


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = start(tmp_path_factory.mktemp("serve"))
    yield s
    stop(s)


# --- over the network ---------------------------------------------------------------------------------


def test_schemathesis_against_the_running_server(server: Server) -> None:
    """Every endpoint over real HTTP, with the token (schemathesis also sends requests without
    it, which must be refused). Driven by hand: the schema exists only once the server runs."""
    config = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}, "seed": 7})
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json", config=config)
    tested = []
    for found in schema.get_all_operations():
        operation = found.ok()

        @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(operation.as_strategy())
        def one(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})

        one()
        tested.append(operation.label)
    assert len(tested) == 8 and "POST /v1/rulesets/{name}/batch" in tested


def test_a_node_client_over_loopback(server: Server) -> None:
    node = shutil.which("node")
    assert node, "node 20 is needed for the client test (installed by .ci/run)"
    done = subprocess.run([node, str(ROOT / "tests/clients/client.mjs"), server.url, str(MONITORING[1]), TOKEN],
                          capture_output=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    seen = json.loads(done.stdout)
    assert seen["list"] == {"status": 200, "names": ["绩效监控审核"]}
    evaluated = seen["evaluate"]
    assert (evaluated["status"], evaluated["format_version"], evaluated["total"]) == (200, "1.0", "94")
    assert evaluated["rules_hash"] == server.get("/v1/rulesets").json()["rulesets"][0]["rules_hash"]
    assert evaluated["sections"][0] == ["预算执行情况", "30"]
    assert seen["unauthorized"]["status"] == 401 and seen["unauthorized"]["code"] == "GR704" and "令牌" in seen["unauthorized"]["zh"]
    direct = server.post("/v1/rulesets/绩效监控审核/evaluate", content='{"表类型": "绩效监控情况表"}'.encode(), headers={"Content-Type": "application/json"})
    assert seen["broken"] == {"status": 422, "codes": [e["code"] for e in direct.json()["errors"]], "paths": [e.get("path") for e in direct.json()["errors"]]}
    assert seen["broken"]["codes"] and all(c.startswith("GR2") for c in seen["broken"]["codes"])
    assert [line for line, _ in seen["batch"]["lines"]] == [1, 2] and seen["batch"]["lines"][1][1] == "GR202"


# --- reloading ------------------------------------------------------------------------------------


def test_sighup_reloads_good_rules_and_refuses_broken_ones_without_dropping_requests(tmp_path: Path) -> None:
    server = start(tmp_path, "--decision-log", str(tmp_path / "decisions.jsonl"))
    try:
        assert server.version() == "1"
        line = json.dumps(yaml.safe_load(MONITORING[0].read_bytes()), ensure_ascii=False)
        answers: list[httpx.Response] = []
        in_flight = threading.Thread(target=lambda: answers.append(server.post(
            "/v1/rulesets/绩效监控审核/batch", content=("\n".join([line] * 300)).encode(), headers={"Content-Type": "application/x-ndjson"})))  # fmt: skip
        in_flight.start()
        wait_for(lambda: (tmp_path / "decisions.jsonl").exists())  # the batch is being evaluated
        (server.rules / "monitoring.rules").write_text(SOURCE.replace("版本 1", "版本 2"), encoding="utf-8")
        server.hup()
        wait_for(lambda: server.version() == "2")
        in_flight.join(timeout=120)
        (answer,) = answers
        records = [json.loads(r) for r in answer.text.splitlines()]
        assert answer.status_code == 200 and len(records) == 300 and all("result" in r for r in records)  # not dropped
        assert {r["result"]["version"] for r in records} == {"1"}  # finished with the rule sets it started with

        (server.rules / "monitoring.rules").write_text(BROKEN, encoding="utf-8")
        server.hup()
        wait_for(lambda: server.get("/v1/ready").json()["last_reload"] == "refused")
        ready = server.get("/v1/ready").json()
        assert ready["ready"] is True and ready["last_reload_errors"][0]["code"] == "GR401"
        assert server.version() == "2"  # the rule sets before the refused reload stay
        evaluated = server.post("/v1/rulesets/绩效监控审核/evaluate", content=MONITORING[0].read_bytes(), headers={"Content-Type": "application/yaml"})
        assert evaluated.status_code == 200 and evaluated.json()["result"]["version"] == "2"
        assert "reload refused" in server.log.read_text(encoding="utf-8")
    finally:
        stop(server)


def test_two_workers_reload_on_sighup_and_keep_serving_on_broken_rules(tmp_path: Path) -> None:
    server = start(tmp_path, "--workers", "2")
    try:
        (server.rules / "monitoring.rules").write_text(BROKEN, encoding="utf-8")
        server.hup()
        wait_for(lambda: "aborting the restart" in server.log.read_text(encoding="utf-8"), seconds=120)
        assert server.version() == "1"  # the old workers stay
        (server.rules / "monitoring.rules").write_text(SOURCE.replace("版本 1", "版本 3"), encoding="utf-8")
        server.hup()
        wait_for(lambda: all(server.version() == "3" for _ in range(4)), seconds=120)
    finally:
        stop(server)


def test_serve_refuses_to_start_on_rules_that_do_not_check(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.rules").write_text(BROKEN, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "govrules", "serve", "--port", str(free_port()), "--rules", str(rules)],
                          capture_output=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 1 and "GR401" in done.stderr.decode("utf-8")
