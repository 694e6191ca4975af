"""govrules serve, in process (httpx over ASGI): the endpoints, the JSON they answer with,
tokens, each limit, reloading, the decision log, and errors that are diagnostics."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from govrules.cli import main
from govrules.errors import GovrulesError
from govrules.evaluation import evaluate_files
from govrules.rules.catalog import Catalog
from govrules.service.app import create_app
from govrules.service.settings import Settings
from govrules.service.state import State

ROOT = Path(__file__).resolve().parents[1]
MONITORING = sorted((ROOT / "examples/001_monitoring").glob("0*.yaml"))
TARGET_TABLE = ROOT / "examples/000_target_tables/01_机关事业单位养老保险.yaml"
YAML = {"content-type": "application/yaml"}
NDJSON = {"content-type": "application/x-ndjson"}
EVALUATE = "/v1/rulesets/绩效监控审核/evaluate"


def call(app: Any, method: str, url: str, *, server_errors: bool = True, **kw: Any) -> httpx.Response:
    """One request; ``server_errors=False`` answers as a server would after an exception (the
    test transport otherwise raises what the application re-raises for the server's log)."""

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=server_errors)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, url, **kw)

    return asyncio.run(go())


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(Settings())


def codes(response: httpx.Response) -> list[str]:
    body = response.json()
    assert body["format_version"] == "1.0" and set(body) == {"format_version", "errors"}
    return [e["code"] for e in body["errors"]]


# --- the endpoints ----------------------------------------------------------------------------


def test_evaluate_gives_what_govrules_eval_json_gives(app: Any, capsys: pytest.CaptureFixture[str]) -> None:
    main(["eval", "绩效监控审核", str(MONITORING[1]), "--json"])
    expected = json.loads(capsys.readouterr().out)["results"][0]["result"]
    text = MONITORING[1].read_bytes()
    by_yaml = call(app, "POST", EVALUATE, content=text, headers=YAML)
    data = yaml.safe_load(text)
    by_json = call(app, "POST", EVALUATE, json=data, params={"file": "02.json"})
    assert by_yaml.status_code == by_json.status_code == 200, by_yaml.text
    assert by_yaml.json()["result"] == by_json.json()["result"] == expected
    assert by_yaml.json()["format_version"] == "1.0" and by_json.json()["file"] == "02.json"
    assert expected["rules_hash"].startswith("sha256:") and expected["version"] == "1"
    assert expected["total"] == "94"  # 附件2's row for 城乡居民养老保险


def test_evaluate_errors_are_the_cli_diagnostics(app: Any) -> None:
    broken = call(app, "POST", EVALUATE, content="项目名称: [未闭合\n".encode(), headers=YAML)
    assert broken.status_code == 422 and codes(broken) == ["GR202"]
    (error,) = broken.json()["errors"]
    assert error["message"]["zh"].startswith("YAML 语法错误") and error["span"]["file"] == "request.yaml"
    other_kind = call(app, "POST", EVALUATE, content=TARGET_TABLE.read_bytes(), headers=YAML)
    assert other_kind.status_code == 422 and codes(other_kind) == ["GR502"]
    unknown = call(app, "POST", "/v1/rulesets/没有/evaluate", content=b"{}", headers={"content-type": "application/json"})
    assert unknown.status_code == 404 and codes(unknown) == ["GR700"] and "绩效监控审核" in unknown.json()["errors"][0]["hint"]["zh"]
    plain = call(app, "POST", EVALUATE, content=b"x", headers={"content-type": "text/plain"})
    assert plain.status_code == 415 and codes(plain) == ["GR705"] and "application/yaml" in plain.json()["errors"][0]["message"]["en"]
    nowhere = call(app, "GET", "/v2/anything")
    assert nowhere.status_code == 404 and codes(nowhere) == ["GR705"]


def test_batch_streams_one_record_per_line_in_order(app: Any) -> None:
    lines = [json.dumps(yaml.safe_load(p.read_bytes()), ensure_ascii=False) for p in MONITORING]
    body = "\n".join([lines[0], "{not json", "", lines[1], json.dumps({"表类型": "绩效目标表", "项目名称": "x"}, ensure_ascii=False), lines[2]])
    response = call(app, "POST", "/v1/rulesets/绩效监控审核/batch", content=body.encode(), headers=NDJSON)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    records = [json.loads(line) for line in response.text.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 4, 5, 6]  # the blank line 3 is no submission
    assert [("result" in r, "errors" in r) for r in records] == [(True, False), (False, True), (True, False), (False, True), (True, False)]
    assert records[1]["errors"][0]["code"] == "GR202" and records[3]["errors"][0]["code"] == "GR502"
    assert [r["result"]["total"] for r in records if "result" in r] == ["99", "94", "94"]
    assert all(r["format_version"] == "1.0" for r in records)
    wrong_type = call(app, "POST", "/v1/rulesets/绩效监控审核/batch", content=body.encode(), headers=YAML)
    assert wrong_type.status_code == 415


def test_explain_check_targets_and_the_list(app: Any) -> None:
    explained = call(app, "POST", "/v1/rulesets/绩效监控审核/explain", params={"item": "总分"}, content=MONITORING[1].read_bytes(), headers=YAML)
    assert explained.status_code == 200, explained.text
    text = explained.json()["explanation"]
    assert text["zh"].startswith("总分 = 94") and text["en"].startswith("total = 94")
    unknown = call(app, "POST", "/v1/rulesets/绩效监控审核/explain", params={"item": "不存在的项目"}, content=MONITORING[1].read_bytes(), headers=YAML)
    assert unknown.status_code == 422 and codes(unknown) == ["GR501"]
    checked = call(app, "POST", "/v1/check", json={"text": "规则集 x\n评分 x 满分 10:\n  得分 = 平局(1)\n", "file": "草稿.rules"})
    assert checked.status_code == 200 and checked.json()["failed"] is True
    (d,) = checked.json()["diagnostics"]
    assert (d["code"], d["span"]["file"], d["span"]["line"]) == ("GR402", "草稿.rules", 3)
    targets = call(app, "POST", "/v1/targets", json={"items": [{"target": "105%≤≥95%", "actual": "98.5%"}, {"target": "≥95", "name": "成功率（%）"}]})
    first, second = targets.json()["results"]
    assert (first["canonical"], first["satisfied"], second["canonical"]) == ("95%～105%", True, "≥95%")
    listed = call(app, "GET", "/v1/rulesets").json()["rulesets"]
    assert sorted(r["name"] for r in listed) == sorted(Catalog.load().names())  # every shipped rule set (test_contract names them)
    assert {"绩效监控审核", "绩效目标表审核", "项目支出绩效自评"} <= {r["name"] for r in listed}
    assert all(r["rules_hash"].startswith("sha256:") and r["version"] and r["valid_from"] for r in listed)
    assert all("/" not in r["file"] for r in listed)  # named within the folder: no server paths


def test_health_ready_and_not_ready() -> None:
    settings = Settings()
    not_loaded = create_app(settings, State(settings))
    assert call(not_loaded, "GET", "/v1/health").json()["status"] == "ok"
    ready = call(not_loaded, "GET", "/v1/ready")
    assert ready.status_code == 503 and ready.json()["ready"] is False
    waiting = call(not_loaded, "POST", EVALUATE, content=b"{}", headers=YAML)
    assert waiting.status_code == 503 and codes(waiting) == ["GR707"] and waiting.headers["retry-after"] == "1"


def test_no_path_from_a_client_is_read(app: Any, tmp_path: Path) -> None:
    secret = tmp_path / "secret.rules"
    secret.write_text("规则集 秘密\n设 机密数字 = 424242\n", encoding="utf-8")
    text = f'规则集 x\n引用 "{secret}"\n设 a = 机密数字\n'
    checked = call(app, "POST", "/v1/check", json={"text": text, "file": str(secret)})
    assert checked.status_code == 200 and "424242" not in checked.text and "秘密" not in checked.text
    named = call(app, "POST", EVALUATE, content=MONITORING[0].read_bytes(), headers=YAML, params={"file": "/etc/passwd"})
    assert named.status_code == 200 and "root:" not in named.text  # the name is only a name


def test_an_unexpected_error_is_a_diagnostic_without_traceback(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from govrules.service.routes import targets

    def broken(*args: Any) -> Any:
        raise RuntimeError("secret internals at /srv/x.py")

    monkeypatch.setattr(targets, "target_json", broken)
    response = call(app, "POST", "/v1/targets", json={"items": [{"target": "≥95%"}]}, server_errors=False)
    assert response.status_code == 500 and codes(response) == ["GR708"]
    assert "secret" not in response.text and "Traceback" not in response.text and "RuntimeError" not in response.text


def test_openapi_has_the_real_schemas(app: Any) -> None:
    doc = call(app, "GET", "/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"Result", "EvaluateOut", "RecordLine", "CheckOut", "ErrorOut", "Submission", "MonitoringReport"} <= set(schemas)
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            ok = op["responses"]["200"]["content"]
            schema = next(iter(ok.values()))["schema"]
            assert "$ref" in schema, (method, path)
            assert op["responses"]["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    body = doc["paths"]["/v1/rulesets/{name}/evaluate"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/Submission"} and "application/yaml" in body
    assert "securitySchemes" not in doc["components"]  # on loopback without tokens: none needed, none claimed
    secured = call(create_app(Settings(tokens=("t",))), "GET", "/openapi.json").json()
    assert "HTTPBearer" in secured["components"]["securitySchemes"]
    assert secured["paths"]["/v1/rulesets"]["get"]["security"] == [{"HTTPBearer": []}]
    assert "security" not in secured["paths"]["/v1/health"]["get"]
    figure = schemas["Figure"]["properties"]
    assert "display_en" not in figure and figure["display"]["$ref"] == "#/components/schemas/Text"


# --- tokens -------------------------------------------------------------------------------------


def test_tokens_none_wrong_and_right() -> None:
    app = create_app(Settings(tokens=("s3cret-1", "s3cret-2")))
    body = MONITORING[0].read_bytes()
    missing = call(app, "POST", EVALUATE, content=body, headers=YAML)
    assert missing.status_code == 401 and codes(missing) == ["GR704"] and missing.headers["www-authenticate"] == "Bearer"
    wrong = call(app, "POST", EVALUATE, content=body, headers={**YAML, "Authorization": "Bearer s3cret-3"})
    assert wrong.status_code == 401 and codes(wrong) == ["GR704"]
    not_bearer = call(app, "GET", "/v1/rulesets", headers={"Authorization": "Basic czNjcmV0LTE="})
    assert not_bearer.status_code == 401
    for token in ("s3cret-1", "s3cret-2"):
        right = call(app, "POST", EVALUATE, content=body, headers={**YAML, "Authorization": f"Bearer {token}"})
        assert right.status_code == 200 and right.json()["result"]["total"] == "99"
    assert call(app, "GET", "/v1/health").status_code == 200  # probes need no token
    assert call(app, "GET", "/v1/ready").status_code == 200


def test_off_loopback_it_refuses_to_start_without_a_token(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GOVRULES_TOKENS", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 1
    assert "GR706" in capsys.readouterr().err
    assert main(["--lang", "en", "serve", "--host", "10.1.2.3", "--port", "1"]) == 1
    assert "not loopback: an access token is required" in capsys.readouterr().err
    from govrules.service.settings import _split, check, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and not is_loopback("0.0.0.0")
    check(Settings(host="0.0.0.0", tokens=("t",)))  # with a token it may
    with pytest.raises(GovrulesError):
        check(Settings(host="192.168.1.5"))
    assert _split("a, b\n# comment\n\nc\n") == ["a", "b", "c"]


# --- limits -------------------------------------------------------------------------------------


def test_body_too_large_with_and_without_content_length() -> None:
    app = create_app(Settings(max_body_bytes=1000, max_batch_bytes=8000))
    big = MONITORING[0].read_bytes()
    assert len(big) > 1000
    declared = call(app, "POST", EVALUATE, content=big, headers=YAML)
    assert declared.status_code == 413 and codes(declared) == ["GR701"]
    assert "1000" in declared.json()["errors"][0]["message"]["zh"]

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for i in range(0, len(big), 200):
            yield big[i : i + 200]

    streamed = call(app, "POST", EVALUATE, content=chunks(), headers=YAML)
    assert streamed.status_code == 413 and codes(streamed) == ["GR701"]
    check = call(app, "POST", "/v1/check", json={"text": "设 a = 1\n" * 200})
    assert check.status_code == 413  # rule text is held to the same limit
    text = json.dumps({"text": "设 a = 1\n" * 200}).encode()

    async def text_chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(text), 300):
            yield text[i : i + 300]

    chunked = call(app, "POST", "/v1/check", content=text_chunks(), headers={"content-type": "application/json"})
    assert chunked.status_code == 413 and codes(chunked) == ["GR701"]  # also before FastAPI reads a JSON body
    line = json.dumps(yaml.safe_load(big), ensure_ascii=False)
    assert len(line.encode()) < 8000 < len(line.encode()) * 2
    batch = call(app, "POST", "/v1/rulesets/绩效监控审核/batch", content=(line + "\n" + line).encode(), headers=NDJSON)
    assert batch.status_code == 413 and codes(batch) == ["GR701"]  # the batch limit is its own


def test_too_slow_is_503_and_a_batch_line_says_so() -> None:
    app = create_app(Settings(timeout=0.001))
    items = [{"target": f"≥{i}.5万人次", "actual": f"{i}万人次"} for i in range(3000)]
    slow = call(app, "POST", "/v1/targets", json={"items": items})
    assert slow.status_code == 503 and codes(slow) == ["GR703"] and slow.headers["retry-after"] == "1"
    many = "规则集 大\n适用于 绩效监控情况表\n" + "".join(f"设 a{i} = 执行数 / 预算数\n" for i in range(3000))  # a valid text that takes long to check
    check = call(app, "POST", "/v1/check", json={"text": many})
    assert check.status_code == 503 and codes(check) == ["GR703"]  # rule text under the same time limit
    lines = "\n".join(json.dumps(yaml.safe_load(p.read_bytes()), ensure_ascii=False) for p in MONITORING)
    batch = call(app, "POST", "/v1/rulesets/绩效监控审核/batch", content=lines.encode(), headers=NDJSON)
    records = [json.loads(line) for line in batch.text.splitlines()]
    assert batch.status_code == 200 and [r["line"] for r in records] == [1, 2, 3, 4]  # nothing lost
    assert {r["errors"][0]["code"] for r in records if "errors" in r} <= {"GR703"}


def test_too_many_at_once_is_429() -> None:
    app = create_app(Settings(max_concurrent=1))
    body = MONITORING[0].read_bytes()

    async def go() -> tuple[httpx.Response, httpx.Response]:
        release = asyncio.Event()
        arrived = asyncio.Event()

        async def held() -> AsyncIterator[bytes]:  # the first request stays in flight until released
            yield body[:100]
            arrived.set()
            await release.wait()
            yield body[100:]

        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            first = asyncio.create_task(client.post(EVALUATE, content=held(), headers=YAML))
            await arrived.wait()
            second = await client.post(EVALUATE, content=body, headers=YAML)
            assert (await client.get("/v1/health")).status_code == 200  # probes are not counted
            release.set()
            return await first, second

    first, second = asyncio.run(go())
    assert first.status_code == 200 and first.json()["result"]["total"] == "99"
    assert second.status_code == 429 and codes(second) == ["GR702"] and second.headers["retry-after"] == "1"
    assert "稍后重试" in second.json()["errors"][0]["message"]["zh"]


def test_cors_is_off_unless_configured() -> None:
    origin = {"Origin": "https://dashboard.example.gov.cn"}
    off = call(create_app(Settings()), "GET", "/v1/rulesets", headers=origin)
    assert off.status_code == 200 and "access-control-allow-origin" not in off.headers
    on = call(create_app(Settings(cors_origins=("https://dashboard.example.gov.cn",))), "GET", "/v1/rulesets", headers=origin)
    assert on.headers["access-control-allow-origin"] == "https://dashboard.example.gov.cn"


# --- reloading and the decision log ---------------------------------------------------------


def test_reload_uses_a_good_folder_and_refuses_a_broken_one(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    source = (ROOT / "rules/monitoring_review.rules").read_text(encoding="utf-8")
    (rules / "m.rules").write_text(source, encoding="utf-8")
    state = State(Settings(rules=str(rules)))
    state.load()
    app = create_app(state.settings, state)
    before = call(app, "GET", "/v1/rulesets").json()["rulesets"][0]["rules_hash"]
    (rules / "m.rules").write_text(source.replace("版本 1", "版本 2"), encoding="utf-8")
    assert state.reload() is True
    after = call(app, "GET", "/v1/rulesets").json()["rulesets"][0]
    assert after["version"] == "2" and after["rules_hash"] != before
    assert call(app, "GET", "/v1/ready").json()["last_reload"] == "ok"
    (rules / "m.rules").write_text(source + "\n评分 坏 满分 10:\n  得分 = 没有这个名字\n", encoding="utf-8")
    assert state.reload() is False
    kept = call(app, "GET", "/v1/rulesets").json()["rulesets"][0]
    assert kept == after  # the rule sets before the refused reload stay
    ready = call(app, "GET", "/v1/ready").json()
    assert ready["ready"] is True and ready["last_reload"] == "refused" and ready["last_reload_errors"][0]["code"] == "GR401"
    assert call(app, "POST", EVALUATE, content=MONITORING[0].read_bytes(), headers=YAML).json()["result"]["version"] == "2"


def test_decision_log(tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    app = create_app(Settings(decision_log=str(log)))
    bodies = [p.read_bytes() for p in MONITORING[:2]]
    for body in bodies:
        assert call(app, "POST", EVALUATE, content=body, headers=YAML).status_code == 200
    assert call(app, "POST", EVALUATE, content=TARGET_TABLE.read_bytes(), headers=YAML).status_code == 422
    batch = json.dumps(yaml.safe_load(bodies[0]), ensure_ascii=False).encode()
    assert call(app, "POST", "/v1/rulesets/绩效监控审核/batch", content=batch, headers=NDJSON).status_code == 200
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(entries) == 4
    assert [e["total"] for e in entries] == ["99", "94", None, "99"] and entries[2]["errors"] == ["GR502"]
    assert [e["input_hash"] for e in entries[:2]] == ["sha256:" + hashlib.sha256(b).hexdigest() for b in bodies]
    assert entries[3]["input_hash"] == "sha256:" + hashlib.sha256(batch).hexdigest()
    assert all(e["rules_hash"].startswith("sha256:") and e["ruleset"] == "绩效监控审核" and e["duration_ms"] >= 0 and e["time"].endswith("Z") for e in entries)
    assert all("submission" not in e for e in entries)  # submissions stay out unless asked for
    asked = create_app(replace(Settings(), decision_log=str(tmp_path / "with.jsonl"), log_submissions=True))
    call(asked, "POST", EVALUATE, content=bodies[0], headers=YAML)
    (entry,) = [json.loads(line) for line in (tmp_path / "with.jsonl").read_text(encoding="utf-8").splitlines()]
    assert entry["submission"]["project"] == yaml.safe_load(bodies[0])["项目名称"]


def test_an_uploaded_workbook_is_evaluated_as_the_command_line_evaluates_it() -> None:
    """A budget system posts the county's .xlsx as it arrived: one table, one result."""
    book = ROOT / "tests/sheets/seeds/002_04_失业保险.xlsx"
    xlsx = {"content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    app = create_app(Settings())
    answer = call(app, "POST", "/v1/rulesets/项目支出绩效自评/evaluate", content=book.read_bytes(), headers=xlsx)
    assert answer.status_code == 200, answer.text
    (cli,) = evaluate_files(ROOT / "rules/self_evaluation.rules", [str(book)])
    assert cli.result is not None and answer.json()["result"]["total"] == str(cli.result.total)
    several = call(app, "POST", "/v1/rulesets/绩效监控审核/evaluate", content=(ROOT / "tests/sheets/seeds/001_monitoring.xlsx").read_bytes(), headers=xlsx)
    assert several.status_code == 422 and codes(several) == ["GR227"]  # four tables: one upload is one table
    assert "govrules-" not in several.text  # the server's temporary folder is not shown
    broken = call(app, "POST", "/v1/rulesets/绩效监控审核/evaluate", content=b"PK\x03\x04 not really a workbook", headers=xlsx)
    assert broken.status_code == 422 and codes(broken) == ["GR220"]
