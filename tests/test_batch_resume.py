"""``govrules eval --out … --resume``: a batch killed halfway continues, and every input
ends with exactly one record, none evaluated twice into the results (issue 14)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govrules.batch.journal import journal_path
from govrules.cli import main
from govrules.submissions.load import read_data

ROOT = Path(__file__).resolve().parents[1]
MONITORING = ROOT / "rules" / "monitoring_review.rules"
GOVRULES = Path(sys.executable).parent / "govrules"


def report_lines(count: int) -> list[str]:
    """``count`` monitoring reports, one JSON line each, every project named apart, each
    with its first two indicators (the run stays short); every 97th line is broken, so
    that error records are resumed too."""
    reports = [read_data(p)[0] for p in sorted((ROOT / "examples" / "001_monitoring").glob("0*.yaml"))]
    lines = []
    for i in range(count):
        if i % 97 == 96:
            lines.append('{"kind": "monitoring", "project": ')
            continue
        report = dict(reports[i % 4])
        report["项目名称"] = f"{report['项目名称']}·{i}"
        report["指标"] = report["指标"][:2]
        lines.append(json.dumps(report, ensure_ascii=False))
    return lines


def read_records(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_a_killed_run_of_10000_inputs_resumes(tmp_path: Path) -> None:
    stream = tmp_path / "reports.jsonl"
    stream.write_text("\n".join(report_lines(10_000)) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    command = [str(GOVRULES), "eval", str(MONITORING), str(stream), "--jobs", "2", "--out", str(out)]
    run = subprocess.Popen(command, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
        if out.exists() and out.stat().st_size > 0 and out.read_bytes().count(b"\n") >= 5_000:
            break
    assert run.poll() is None, "the run ended before it could be killed"
    os.killpg(run.pid, signal.SIGKILL)  # the parent and its workers, at once
    run.wait()
    written = out.read_bytes()
    done = written.count(b"\n")
    assert 5_000 <= done < 10_000

    resumed = subprocess.run([*command, "--resume"], cwd=ROOT, capture_output=True, timeout=600)
    assert resumed.returncode == 1, resumed.stderr.decode()  # the broken lines are errors
    err = resumed.stderr.decode()
    assert "续跑：跳过此前已完成的" in err

    records = read_records(out)
    names = [r["file"] for r in records]
    assert names == [f"{stream}:{n}" for n in range(1, 10_001)]  # each input once, in input order
    assert out.read_bytes().startswith(written[: written.rfind(b"\n") + 1])  # what was written stays, byte for byte
    broken = [i for i, r in enumerate(records) if "errors" in r]
    assert broken == [i for i in range(10_000) if i % 97 == 96]
    assert all(set(r) == {"format_version", "file", "result"} for i, r in enumerate(records) if i % 97 != 96)
    projects = [r["result"]["submission"]["project"] for r in records if "result" in r]  # type: ignore[index]
    assert len(set(projects)) == len(projects)  # none evaluated twice into the results
    journal = Path(journal_path(str(out))).read_text(encoding="utf-8").splitlines()
    assert len(journal) == 1 + 10_000


def write_run(tmp_path: Path, count: int = 6) -> tuple[Path, Path, list[str]]:
    stream = tmp_path / "reports.jsonl"
    stream.write_text("\n".join(report_lines(count)) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    return stream, out, ["eval", str(MONITORING), str(stream), "--out", str(out)]


def test_a_record_written_but_not_journaled_is_written_again_once(tmp_path: Path) -> None:
    """Killed between a record and its journal entry, or in the middle of a record."""
    stream, out, command = write_run(tmp_path)
    assert main(command) == 0
    full = out.read_bytes()
    journal = Path(journal_path(str(out)))
    entries = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(entries[:4]) + entries[4][:10])  # 3 inputs confirmed, a 4th half journaled
    out.write_bytes(full[: full.index(b"\n", full.index(b"\n", full.index(b"\n", full.index(b"\n") + 1) + 1) + 1) + 50])
    assert main([*command, "--resume"]) == 0
    assert out.read_bytes() == full
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 7


def test_a_journal_ahead_of_the_results_is_cut_back(tmp_path: Path) -> None:
    """After a power cut the journal may reach further than the results file did."""
    stream, out, command = write_run(tmp_path)
    assert main(command) == 0
    full = out.read_bytes()
    out.write_bytes(full[: len(full) // 2])
    assert main([*command, "--resume"]) == 0
    assert out.read_bytes() == full


def test_resume_with_nothing_to_resume_starts_afresh(tmp_path: Path) -> None:
    stream, out, command = write_run(tmp_path)
    assert main([*command, "--resume"]) == 0
    assert len(read_records(out)) == 6
    assert main([*command, "--resume"]) == 0  # everything was done: nothing is added
    assert len(read_records(out)) == 6


def test_resume_refuses_other_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stream, out, command = write_run(tmp_path)
    assert main(command) == 0
    other = tmp_path / "other.rules"
    other.write_text(MONITORING.read_text(encoding="utf-8").replace("满分 30", "满分 31", 1), encoding="utf-8")
    before = out.read_bytes()
    assert main(["eval", str(other), *command[2:], "--resume"]) == 1
    assert "[GR506]" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_resume_refuses_changed_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stream, out, command = write_run(tmp_path)
    assert main(command) == 0
    lines = stream.read_text(encoding="utf-8").splitlines()
    stream.write_text("\n".join([lines[0], lines[2], lines[1], *lines[3:]]) + "\n", encoding="utf-8")
    before = out.read_bytes()
    assert main([*command, "--resume"]) == 1
    err = capsys.readouterr().err
    assert "[GR506]" in err and "第 2 个输入" in err
    assert out.read_bytes() == before
    stream.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    assert main([*command, "--resume"]) == 1
    assert "少" in capsys.readouterr().err


def test_ctrl_c_stops_cleanly_and_can_be_resumed(tmp_path: Path) -> None:
    stream = tmp_path / "reports.jsonl"
    stream.write_text("\n".join(report_lines(3_000)) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    command = [str(GOVRULES), "eval", str(MONITORING), str(stream), "--jobs", "2", "--out", str(out)]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and run.poll() is None and not (out.exists() and out.read_bytes().count(b"\n") >= 200):
        time.sleep(0.05)
    run.send_signal(signal.SIGINT)  # to the parent only, as a terminal's Ctrl-C reaches it first
    _, err = run.communicate(timeout=300)
    assert run.returncode == 130, err
    assert "已中断；用同样的命令加 --resume 继续" in err and "Traceback" not in err
    assert main([*command[1:], "--resume"]) == 1  # the broken lines
    assert [r["file"] for r in read_records(out)] == [f"{stream}:{n}" for n in range(1, 3_001)]


def test_an_unwritable_results_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stream, _, command = write_run(tmp_path)
    assert main([*command[:-1], str(tmp_path / "no-such-folder" / "results.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "[GR507]" in err and "无法写入结果文件" in err
