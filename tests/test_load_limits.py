"""Submission loading: libyaml and PyYAML read the same data with the same positions, and
every limit is enforced while a file is read (issues 13 and 14).

Memory is measured with tracemalloc (allocations, not time): a hostile file must be
refused long before it costs what the issue measured (2.2 GB for 1.8 MB of JSON).
"""

from __future__ import annotations

import json
import os
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml

from govrules.errors import GovrulesError
from govrules.submissions import load_submission
from govrules.submissions.load import MAX_DEPTH, MAX_NODES, _compose, _FAST_LOADER, parse_data, read_data

ROOT = Path(__file__).resolve().parents[1]
YAML_FILES = sorted(p for d in ("examples", "rules", "tests") for p in (ROOT / d).rglob("*.yaml"))
BASE = "表类型: 绩效目标表\n项目名称: 测试项目\n"


def refused(path: Path) -> GovrulesError:
    with pytest.raises(GovrulesError) as e:
        load_submission(path)
    return e.value


def refused_measured(path: Path) -> tuple[GovrulesError, int]:
    """The error, and the most memory allocated on the way to it."""
    tracemalloc.start()
    try:
        return refused(path), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def positions(marks: dict[Any, Any]) -> dict[Any, tuple[int, int]]:
    return {k: (m.line, m.column) for k, m in marks.items()}


def test_libyaml_is_used() -> None:
    assert _FAST_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_libyaml_and_pyyaml_give_the_same_data_and_positions(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    fast, fast_marks = _compose(yaml.CSafeLoader(text))
    slow, slow_marks = _compose(yaml.SafeLoader(text))
    assert fast == slow
    assert positions(fast_marks) == positions(slow_marks)
    assert len(fast_marks) > 5


def test_positions_of_fields_in_an_example() -> None:
    path = ROOT / "examples" / "001_monitoring" / "02_城乡居民养老保险.yaml"
    data, marks, lines = read_data(path)
    for key, mark in marks.items():
        if key and isinstance(key[-1], str):  # a key's mark is where the key is written
            assert lines[mark.line][mark.column:].startswith(key[-1]), key


def test_a_value_too_many_is_refused_while_parsing(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(BASE + "备注: [" + "0," * (MAX_NODES + 10) + "0]\n", encoding="utf-8")
    err, peak = refused_measured(path)
    d = err.diagnostics[0]
    assert d.code == "GR203" and str(MAX_NODES) in d.zh
    assert d.span is not None and d.span.line == 3
    assert peak < 100_000_000


@pytest.mark.parametrize("value", ["0", "{}", "[]", '""', '{"a": 0}'])
def test_adversarial_json_is_refused_in_bounded_memory(tmp_path: Path, value: str) -> None:
    """About 1.8 MB of tiny values (the issue's reproducer took 36 s and 2.2 GB)."""
    count = 1_800_000 // (len(value) + 1)
    path = tmp_path / "many.json"
    path.write_text('{"kind": "target_table", "project": "x", "indicators": [' + ",".join([value] * count) + "]}", encoding="utf-8")
    assert 1_700_000 < path.stat().st_size < 2_000_000
    err, peak = refused_measured(path)
    assert [d.code for d in err.diagnostics] == ["GR203"]
    assert str(MAX_NODES) in err.diagnostics[0].en
    assert peak < 100_000_000


def test_json_just_under_the_limits_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    notes = ["很长的说明文字，逗号,不算数"] * 20_000  # commas inside texts are not values
    path.write_text(json.dumps({"kind": "target_table", "project": "x", "remarks": notes}, ensure_ascii=False), encoding="utf-8")
    assert len(path.read_text(encoding="utf-8")) > 2 * MAX_NODES
    data, _, _ = read_data(path)
    assert len(data["remarks"]) == 20_000


def test_json_deep_nesting_in_a_large_file(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    inner = "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2)
    path.write_text('{"kind": "target_table", "project": "x", "a": [' + ",".join(["0"] * 150_000) + "], \"b\": " + inner + "}", encoding="utf-8")
    d = refused(path).diagnostics[0]
    assert d.code == "GR203" and "嵌套" in d.zh


@pytest.mark.parametrize(("text", "path"), [
    ('{"kind": "target_table", "project": "a", "project": "b"}', "project"),
    ('{"kind": "target_table", "project": "a", "indicators": [{"name": "x"}, {"name": "y", "target": "1", "target": "2"}]}', "indicators[1].target"),
    ('{"kind": "target_table", "project": "a", "funds": {"total": 1, "other": 2, "total": 3}}', "funds.total"),
])  # fmt: skip
def test_json_duplicate_keys_are_refused(tmp_path: Path, text: str, path: str) -> None:
    file = tmp_path / "dup.json"
    file.write_text(text, encoding="utf-8")
    d = refused(file).diagnostics[0]
    assert d.code == "GR206" and d.path == path
    assert "重复" in d.zh and "twice" in d.en


def test_yaml_duplicate_keys_are_refused_with_their_line(tmp_path: Path) -> None:
    file = tmp_path / "dup.yaml"
    file.write_text(BASE + "资金:\n  年度资金总额: 1\n  年度资金总额: 2\n", encoding="utf-8")
    d = refused(file).diagnostics[0]
    assert d.code == "GR206" and d.span is not None and d.span.line == 5


def test_a_line_of_a_stream_is_numbered_in_the_stream() -> None:
    with pytest.raises(GovrulesError) as e:
        parse_data(b'{"kind": "monitoring",, "project": "x"}', "reports.jsonl", is_json=True, first_line=17)
    d = e.value.diagnostics[0]
    assert d.code == "GR202" and d.span is not None and (d.span.file, d.span.line, d.span.column) == ("reports.jsonl", 17, 23)
    assert d.source_line.startswith('{"kind"')


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    outcome: list[GovrulesError] = []
    reader = threading.Thread(target=lambda: outcome.append(refused(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # unblock the reader so the suite can go on, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO blocked")
    d = outcome[0].diagnostics[0]
    assert d.code == "GR201" and "普通文件" in d.zh and "regular file" in d.en


def test_a_folder_is_refused(tmp_path: Path) -> None:
    d = refused(tmp_path).diagnostics[0]
    assert d.code == "GR201" and "文件夹" in d.zh and "folder" in d.en


@pytest.mark.parametrize("text", [
    "a: 1\n---\nb: 2\n",  # two documents
    "项目名称: a: b\n",  # a syntax error libyaml words differently
])  # fmt: skip
def test_yaml_errors_are_pyyamls(tmp_path: Path, text: str) -> None:
    file = tmp_path / "x.yaml"
    file.write_text(text, encoding="utf-8")
    d = refused(file).diagnostics[0]
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        assert e.problem and e.problem in d.en
        assert e.problem_mark is not None and d.span is not None
        assert (d.span.line, d.span.column) == (e.problem_mark.line + 1, e.problem_mark.column + 1)
    else:
        pytest.fail("PyYAML accepted the text")
