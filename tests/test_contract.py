"""The JSON contract (docs/json.md): every output carries format_version, uses one bilingual
form for messages, and matches the JSON Schema `govrules schema KIND` prints; argparse's
usage errors speak Chinese by default; rule sets by name."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema_rs  # comes with schemathesis (dev extra)
import pytest

from govrules import __version__
from govrules.cli import main
from govrules.outputs import FORMAT_VERSION, OUTPUTS
from govrules.rules.catalog import Catalog, content_hash, resolve
from govrules.rules.compile import compile_rules

ROOT = Path(__file__).resolve().parents[1]
MONITORING = sorted((ROOT / "examples/001_monitoring").glob("0*.yaml"))
SELF_EVAL = sorted((ROOT / "examples/002_self_evaluation").glob("*.yaml"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def schema_of(capsys: pytest.CaptureFixture[str], kind: str) -> Any:
    code, out, _ = run(capsys, "schema", kind)
    assert code == 0
    return jsonschema_rs.validator_for(json.loads(out))


def messages(node: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every value under a key that holds a message for people, anywhere in a document."""
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("message", "hint", "reason", "display", "judgement", "explanation") and v is not None:
                found.append((f"{path}.{k}", v))
            if k == "notes":
                found += [(f"{path}.notes[{i}]", n) for i, n in enumerate(v)]
            found += messages(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += messages(v, f"{path}[{i}]")
    return found


def assert_bilingual(doc: Any) -> None:
    said = messages(doc)
    assert said, "nothing to compare"
    for where, value in said:
        if where.endswith("].reason") and isinstance(value, str):
            continue  # a deduction's reason: the rule file's own words, as written
        assert isinstance(value, dict) and set(value) == {"zh", "en"}, where
        assert all(isinstance(t, str) for t in value.values()), where
    # no separate _en keys; submission.kind_en is the kind's identifier (monitoring), not a message
    assert not re.search(r'"(?!kind_en")\w+_en"', json.dumps(doc, ensure_ascii=False)), "no separate _en keys"


def test_eval_json_is_versioned_bilingual_and_valid(capsys: pytest.CaptureFixture[str]) -> None:
    bad = ROOT / "examples/000_target_tables/01_机关事业单位养老保险.yaml"  # another kind: GR502
    code, out, _ = run(capsys, "eval", str(ROOT / "rules/monitoring_review.rules"), *map(str, MONITORING), str(bad), "--json")
    doc = json.loads(out)
    assert code == 1 and doc["format_version"] == FORMAT_VERSION
    assert [("result" in r, "errors" in r) for r in doc["results"]] == [(True, False)] * 4 + [(False, True)]
    hashes = {r["result"]["rules_hash"] for r in doc["results"] if "result" in r}
    assert hashes == {doc["ruleset"]["rules_hash"]} and doc["ruleset"]["version"] == "1"
    assert_bilingual(doc)
    figure = doc["results"][0]["result"]["figures"]["预算执行率"]
    assert figure["display"]["zh"].endswith("%") and figure["display"]["en"] == figure["display"]["zh"]
    validator = schema_of(capsys, "result")
    errors = [e.message for e in validator.iter_errors(doc)]
    assert errors == []
    broken = json.loads(out)
    broken["results"][0]["result"]["figures"]["预算执行率"]["display"] = "77%"  # the old, one-language form
    assert not validator.is_valid(broken)


def test_target_and_check_outputs_match_their_schemas(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "target", "105%≤≥95%", "--actual", "98.5%", "--json")
    doc = json.loads(out)
    assert doc["format_version"] == FORMAT_VERSION and doc["reason"].keys() == {"zh", "en"}
    assert_bilingual(doc)
    assert schema_of(capsys, "target").is_valid(doc)
    rules = tmp_path / "x.rules"
    rules.write_text("规则集 x\n评分 x 满分 10:\n  得分 = 平局(1)\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(rules), "--json")
    doc = json.loads(out)
    assert code == 1 and doc["format_version"] == FORMAT_VERSION and doc["failed"] is True
    assert_bilingual(doc)
    check = schema_of(capsys, "check")
    assert check.is_valid(doc)
    assert not check.is_valid([d for d in doc["diagnostics"]])  # the old bare list is not the contract


def test_every_output_kind_has_a_schema(capsys: pytest.CaptureFixture[str]) -> None:
    for kind in OUTPUTS:
        code, out, _ = run(capsys, "schema", kind)
        schema = json.loads(out)
        assert code == 0 and "format_version" in schema["properties"], kind
        assert schema["$schema"].startswith("https://json-schema.org/")
    code, out, _ = run(capsys, "schema", "绩效监控情况表")  # submissions as before
    assert code == 0 and "properties" in json.loads(out)


def test_ruletest_json_is_versioned(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "test", str(ROOT / "rules/monitoring_review.test.yaml"), "--json")
    assert code == 0 and json.loads(out)["format_version"] == FORMAT_VERSION


# --- rule sets by name ------------------------------------------------------------------


def test_shipped_rule_sets_by_name_and_hash() -> None:
    catalog = Catalog.load()
    assert catalog.names() == [
        "绩效监控审核", "绩效目标表审核", "项目支出绩效目标自评_预算20目标80", "项目支出绩效自评",
        "项目支出绩效自评_百分比权重无预算执行", "项目支出绩效自评_逐行保留一位小数", "项目支出绩效自评_逐行取整到整数分",
        "项目支出绩效自评_预算20产出40效益40",
    ]  # fmt: skip  (the files of rules/common are parts included by these, not rule sets of their own)
    rules = resolve("项目支出绩效自评")
    assert rules.path == "self_evaluation.rules" and rules.version == "2"
    review = resolve("绩效监控审核")  # a rule set without includes, so that its text alone compiles
    text = (ROOT / "rules/monitoring_review.rules").read_text(encoding="utf-8")
    assert content_hash(compile_rules(text, "elsewhere/other_name.rules")) == content_hash(review)  # the text, not where it lies
    assert content_hash(compile_rules(text.replace("版本 1", "版本 2"), "x.rules")) != content_hash(review)
    assert resolve(str(ROOT / "rules/monitoring_review.rules")).name == "绩效监控审核"  # a path stays a path


def test_the_latest_version_unless_one_is_named(tmp_path: Path) -> None:
    body = "适用于 绩效监控情况表\n设 a = 1\n"
    (tmp_path / "v1.rules").write_text(f"规则集 审核\n有效期 2020 至 2021\n版本 1\n{body}", encoding="utf-8")
    (tmp_path / "v2.rules").write_text(f"规则集 审核\n有效期 2022 至 2030\n版本 2\n{body}", encoding="utf-8")
    catalog = Catalog.load(tmp_path)
    assert catalog.find("审核").version == "2" and catalog.find("审核", "1").version == "1"
    with pytest.raises(Exception) as e:
        catalog.find("审核", "3")
    assert "GR700" in str(e.value) and "审核（版本 1）" in str(e.value)


def test_eval_by_name_from_any_folder(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    copy = tmp_path / "自评.yaml"
    copy.write_bytes(SELF_EVAL[0].read_bytes())
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "eval", "项目支出绩效自评", "自评.yaml", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["ruleset"]["file"] == "self_evaluation.rules" and doc["results"][0]["result"]["total"]
    code, _, err = run(capsys, "eval", "项目支出绩效", "自评.yaml")
    assert code == 1 and "GR700" in err and "项目支出绩效自评" in err


# --- the command line -------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0 and capsys.readouterr().out.strip() == f"govrules {__version__}"


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (["eval"], "缺少必需的参数：rules, INPUT", "the following arguments are required: rules, INPUT"),
        (["nonsense"], "无效的选择 'nonsense'", "invalid choice: 'nonsense'"),
        (["check", "rules", "--bogus"], "无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
        (["target", "x", "--actual"], "参数 --actual：需要一个值", "argument --actual: expected one argument"),
        (["fmt", "x", "--keywords", "fr"], "参数 --keywords：无效的选择 'fr'", "invalid choice: 'fr'"),
    ],
)
def test_usage_errors_in_chinese_unless_english(capsys: pytest.CaptureFixture[str], argv: list[str], zh: str, en: str) -> None:
    with pytest.raises(SystemExit) as e:
        main(argv)
    err = capsys.readouterr().err
    assert e.value.code == 2 and err.startswith("用法：govrules") and zh in err and "error:" not in err, err
    with pytest.raises(SystemExit) as e:
        main(["--lang", "en", *argv])
    err = capsys.readouterr().err
    assert e.value.code == 2 and err.startswith("usage: govrules") and en in err and "错误" not in err, err


def test_govrules_works_without_the_service_extra() -> None:
    """fastapi and uvicorn are the [service] extra: without them govrules imports, its command
    line works, and `govrules serve` says what to install (exit 2), never a traceback."""
    import subprocess
    import sys

    probe = (
        "import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
        "import govrules, govrules.evaluation, govrules.outputs\n"
        "from govrules.cli import main\n"
        "assert main(['target', '≥95%']) == 0\n"
        "sys.exit(main(['serve']))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=120, check=False)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2 and "pip install 'govrules[service]'" in err and "Traceback" not in err, err
