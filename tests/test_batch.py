"""Batches (issue 14): the same records serially, in this process and in worker processes,
from files, folders, patterns and JSON Lines; one record per input, in input order."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from govrules.outputs import FORMAT_VERSION

from govrules.batch import expand, run
from govrules.batch.inputs import Input
from govrules.batch.runner import evaluate_input, rules_digest
from govrules.cli import main
from govrules.evaluation import evaluate_files
from govrules.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
MONITORING = ROOT / "rules" / "monitoring_review.rules"
# every shipped rule set with every example, those of other kinds included (GR502 records)
SUITE = [(ROOT / "rules" / f"{name}.rules") for name in ("monitoring_review", "self_evaluation", "target_table_checks")]
EXAMPLES = sorted(str(p) for p in (ROOT / "examples").rglob("*.yaml"))


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # records name the files as given, relative to the checkout


def serial_json(rules: Path, files: list[str]) -> list[dict[str, Any]]:
    """Each record as a line of --out carries it: a document of its own, with the contract's version."""
    return [{"format_version": FORMAT_VERSION, **r.to_json()} for r in evaluate_files(rules, files)]


def batch_json(rules: Path, arguments: list[str], jobs: int, **kw: Any) -> list[dict[str, Any]]:
    outcomes = list(run(load_rules(rules), expand(arguments), jobs, **kw))
    assert [o.index for o in outcomes] == list(range(len(outcomes)))
    return [json.loads(line.json) for o in outcomes for line in o.lines]


@pytest.mark.parametrize("rules", SUITE, ids=lambda p: p.stem)
def test_the_same_records_serially_and_in_this_process(rules: Path) -> None:
    assert batch_json(rules, EXAMPLES, 1) == serial_json(rules, EXAMPLES)


@pytest.mark.parametrize("rules", SUITE, ids=lambda p: p.stem)
def test_the_same_records_from_worker_processes(rules: Path) -> None:
    assert batch_json(rules, EXAMPLES, 2, chunk=3) == serial_json(rules, EXAMPLES)


def test_workers_can_be_spawned() -> None:
    """Windows and macOS start workers with spawn: nothing is inherited, all is sent."""
    assert batch_json(MONITORING, EXAMPLES, 2, start_method="spawn", chunk=5) == serial_json(MONITORING, EXAMPLES)


def test_a_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ("b/c/2.yaml", "b/1.json", "a.yml", "z.txt", ".hidden/x.yaml", "b/.x.yaml"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    names = [i.name for i in expand([str(tmp_path)])]
    assert names == [str(tmp_path / n) for n in ("a.yml", "b/1.json", "b/c/2.yaml")]


def test_a_quoted_pattern_is_expanded(tmp_path: Path) -> None:
    assert [i.name for i in expand(["examples/001_monitoring/0*.yaml"])] == sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "001_monitoring").glob("0*.yaml"))
    deep = [i.name for i in expand(["examples/**/*养老*.yaml"])]
    assert len(deep) >= 5 and all("养老" in n for n in deep)


def test_what_names_nothing_still_gets_a_record(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    arguments = [str(tmp_path / "no-such-*.yaml"), str(empty), str(tmp_path / "missing.yaml")]
    records = batch_json(MONITORING, arguments, 1)
    assert [r["file"] for r in records] == arguments
    assert all(set(r) == {"format_version", "file", "errors"} and r["errors"][0]["code"] == "GR201" for r in records)
    assert "匹配" in records[0]["errors"][0]["message"]["zh"] and "matches" in records[0]["errors"][0]["message"]["en"]


def monitoring_lines() -> list[str]:
    """The four monitoring reports as JSON lines (numbers as text, as a system would send them)."""
    from govrules.submissions.load import read_data

    return [json.dumps(read_data(p)[0], ensure_ascii=False) for p in sorted((ROOT / "examples" / "001_monitoring").glob("0*.yaml"))]


def test_json_lines_one_record_per_line(tmp_path: Path) -> None:
    good = monitoring_lines()
    stream = tmp_path / "reports.jsonl"
    stream.write_text("\n".join([good[0], "", good[1], '{"kind": "monitoring",, }', "[1, 2]", good[2] + "\r", "   "]) + "\n", encoding="utf-8")
    records = batch_json(MONITORING, [str(stream)], 1)
    assert [r["file"] for r in records] == [f"{stream}:{n}" for n in (1, 3, 4, 5, 6)]  # blank lines are no input
    assert ["result" in r for r in records] == [True, True, False, False, True]
    syntax = records[2]["errors"][0]
    assert syntax["code"] == "GR202" and syntax["span"]["line"] == 4 and syntax["span"]["file"] == str(stream)
    assert records[3]["errors"][0]["code"] == "GR206"
    expected = serial_json(MONITORING, sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "001_monitoring").glob("0*.yaml")))
    assert [r["result"] for r in records if "result" in r] == [expected[i]["result"] for i in (0, 1, 2)]


def test_standard_input_is_a_stream(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    good = monitoring_lines()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(("\n".join(good[:2]) + "\n").encode())))
    assert main(["eval", str(MONITORING), "-", "--out", "-"]) == 0
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["file"] for r in records] == ["-:1", "-:2"]
    assert records[0]["result"]["total"] == "99"
    assert "共 2 个输入" in captured.err and "结果 2 个，错误 0 个" in captured.err


def test_an_overlong_line_is_one_error_record(tmp_path: Path) -> None:
    from govrules.submissions.load import MAX_BYTES

    stream = tmp_path / "long.jsonl"
    good = monitoring_lines()[0]
    stream.write_bytes(b'{"a": "' + b"x" * (MAX_BYTES + 10) + b'"}\n' + good.encode() + b"\n")
    records = batch_json(MONITORING, [str(stream)], 1)
    assert [r["file"] for r in records] == [f"{stream}:1", f"{stream}:2"]
    assert records[0]["errors"][0]["code"] == "GR201" and "result" in records[1]


def test_a_bug_becomes_the_record_of_its_input(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: Any) -> Any:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("govrules.batch.runner.loaded_record", broken)
    outcome = evaluate_input(load_rules(MONITORING), 7, Input(EXAMPLES[4], EXAMPLES[4]))
    assert outcome.index == 7 and len(outcome.lines) == 1
    record = json.loads(outcome.lines[0].json)
    assert set(record) == {"format_version", "file", "errors"} and record["errors"][0]["code"] == "GR505"
    assert "ZeroDivisionError" in record["errors"][0]["message"]["en"]


def test_a_worker_that_dies_costs_no_record() -> None:
    """SIGKILL a worker in the middle of a run: every input still has its one record."""
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "001_monitoring").glob("0*.yaml")) * 40
    outcomes = []
    killed = False
    for outcome in run(load_rules(MONITORING), (Input(f, f) for f in files), 2, start_method="spawn", chunk=4):
        outcomes.append(outcome)
        if not killed:
            children = multiprocessing.active_children()
            assert children
            os.kill(children[0].pid or 0, signal.SIGKILL)
            killed = True
    assert [o.index for o in outcomes] == list(range(len(files)))
    assert [o.name for o in outcomes] == files
    records = [json.loads(o.lines[0].json) for o in outcomes]
    stopped = [r for r in records if "errors" in r]
    assert all(r["errors"][0]["code"] == "GR505" for r in stopped)
    assert len(stopped) <= 1  # only an input that a worker died on twice
    assert all(r["result"]["total"] in ("99", "94") for r in records if "result" in r)


def test_the_command_writes_json_lines_and_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.jsonl"
    code = main(["eval", str(MONITORING), "examples/001_monitoring", "examples/002_self_evaluation/03_工伤保险.yaml", "--jobs", "2", "--out", str(out)])
    assert code == 1  # the review table and the self-evaluation are not monitoring reports
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    files = [i.name for i in expand(["examples/001_monitoring", "examples/002_self_evaluation/03_工伤保险.yaml"])]
    assert [r["file"] for r in records] == files
    assert records == serial_json(MONITORING, files)
    err = capsys.readouterr().err
    assert "共 6 个输入" in err and "结果 4 个，错误 2 个" in err and "GR208 × 1" in err and "GR502 × 1" in err
    assert "优 4" in err and "最慢的输入" in err
    assert main(["--lang", "en", "eval", str(MONITORING), "examples/001_monitoring/0*.yaml", "--out", str(out)]) == 0
    assert "4 inputs" in capsys.readouterr().err and len(out.read_text(encoding="utf-8").splitlines()) == 4


def test_serial_output_takes_folders_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(MONITORING), "examples/001_monitoring/0*.yaml", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["result"]["total"] for r in out["results"]] == ["99", "94", "94", "94"]


@pytest.mark.parametrize("arguments", [["--json", "--out", "x.jsonl"], ["--resume"], ["--resume", "--out", "-"], ["--jobs", "-1"]])
def test_wrong_usage(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(MONITORING), EXAMPLES[0], *arguments]) == 2
    assert "govrules eval" in capsys.readouterr().err


def test_the_rule_digest_changes_with_an_included_file(tmp_path: Path) -> None:
    (tmp_path / "common.rules").write_text("规则集 公共定义\n设 时间进度 = 监控月份 / 12\n", encoding="utf-8")
    main_file = tmp_path / "main.rules"
    main_file.write_text('规则集 测试\n适用于 绩效监控情况表\n引用 "common.rules"\n设 进度 = 时间进度 + 1\n', encoding="utf-8")
    before = rules_digest(load_rules(main_file))
    (tmp_path / "common.rules").write_text("规则集 公共定义\n设 时间进度 = 监控月份 / 10\n", encoding="utf-8")
    assert rules_digest(load_rules(main_file)) != before


def test_progress_only_on_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    out = tmp_path / "r.jsonl"
    assert main(["eval", str(MONITORING), EXAMPLES[4], "--out", str(out)]) == 0
    assert "it/s" not in capsys.readouterr().err and "个/s" not in capsys.readouterr().err
    stream = io.StringIO()
    stream.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stderr", stream)
    assert main(["eval", str(MONITORING), EXAMPLES[4], EXAMPLES[5], "--out", str(out)]) == 0
    assert "2/2" in stream.getvalue() and "共 2 个输入" in stream.getvalue()


def test_a_closed_standard_input_is_refused_with_a_message() -> None:
    """Like every command (issue 13): exit 1 and GR504, never an internal error."""
    import subprocess
    import sys

    govrules = Path(sys.executable).parent / "govrules"
    done = subprocess.run(f'"{govrules}" eval "{MONITORING}" - --out - <&-', shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "GR504" in done.stderr and "标准输入" in done.stderr and done.stdout == ""
    assert "internal error" not in done.stderr


def test_a_folder_with_a_workbook_gives_one_record_per_table(tmp_path: Path) -> None:
    """A reviewer drops the folder in: the workbook's tables and the YAML files alike."""
    import shutil

    shutil.copy(ROOT / "tests/sheets/seeds/001_monitoring.xlsx", tmp_path / "县报表.xlsx")
    shutil.copy(ROOT / "examples/001_monitoring/01_机关事业单位养老保险.yaml", tmp_path / "b.yaml")
    (tmp_path / "~$县报表.xlsx").write_bytes(b"")  # Excel's lock file beside an open workbook: not an input
    records = batch_json(MONITORING, [str(tmp_path)], 2)
    names = [r["file"] for r in records]
    assert names[0] == str(tmp_path / "b.yaml")  # sorted by name
    assert names[1:] == [f"{tmp_path / '县报表.xlsx'}:{sheet}#1" for sheet in ("机关事业单位养老保险", "城乡居民养老保险", "职工基本医疗保险", "城乡居民基本医疗保险")]
    assert [r["result"]["total"] for r in records] == ["99", "99", "94", "94", "94"]  # 附件2 of seed 001, from the sheets too
    assert records[1]["table"]["cells"]["预算.执行数"].startswith("机关事业单位养老保险!")
