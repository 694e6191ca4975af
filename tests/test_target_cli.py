"""The ``govrules target`` command: the contract other tools and scripts rely on."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from govrules.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, out


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out = run(capsys, *argv, "--json")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1, out  # one JSON object
    result: dict[str, Any] = json.loads(lines[0])
    return result


def assert_diagnostics_shape(diagnostics: list[dict[str, Any]]) -> None:
    for d in diagnostics:
        assert set(d) >= {"code", "severity", "message"}
        assert d["code"].startswith("GR")
        assert d["severity"] in {"error", "warning", "info"}
        assert d["message"]["zh"] and d["message"]["en"]


# --- person-readable output ---------------------------------------------------------


def test_human_output_is_chinese_with_the_standard_form(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "target", "105%≤≥95%")
    assert code == 0
    assert "标准写法：95%～105%" in out
    assert "区间" in out and "GR101" in out


def test_human_output_with_actual_gives_verdict_and_reason(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "target", "105%≤≥95%", "--actual", "10934")
    assert code == 0
    assert "判断：无法判断" in out
    assert "百分比" in out  # the reason: an amount reported for a rate
    _, out = run(capsys, "target", "≥95%", "--actual", "95%")
    assert "判断：达到" in out


def test_human_output_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--lang", "en", "target", "≥95", "--name", "养老保险待遇首次发放成功率（%）", "--actual", "94")
    assert code == 0
    assert "canonical: ≥95%" in out
    assert "not met" in out
    assert "GR105" in out


# --- --json ---------------------------------------------------------------------------


def test_json_has_kind_canonical_and_diagnostics(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "target", "≥-10%或≤10%")
    assert out["kind"] == "or"
    assert out["canonical"] == "≥-10%或≤10%"
    assert [d["code"] for d in out["diagnostics"]] == ["GR103"]
    assert_diagnostics_shape(out["diagnostics"])
    assert "-10%～10%" in out["diagnostics"][0]["message"]["zh"]
    assert "satisfied" not in out and "reason" not in out


def test_json_with_actual_has_satisfied_and_reason(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "target", "7.79万人", "--actual", "77900人")
    assert out["kind"] == "quantity" and out["canonical"] == "7.79万人"
    assert out["satisfied"] is True
    assert out["reason"]["zh"] and out["reason"]["en"]
    assert out["actual"]["canonical"] == "77900人"

    out = run_json(capsys, "target", "7.79万人", "--actual", "77899人")
    assert out["satisfied"] is False

    out = run_json(capsys, "target", "2834人", "--actual", "3万元")
    assert out["satisfied"] is None
    assert "不可比" in out["reason"]["zh"]


def test_json_name_supplies_the_unit(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "target", "41191", "--name", "月均养老金支出（万元）", "--actual", "4.2亿元")
    assert out["canonical"] == "41191万元"
    assert [d["code"] for d in out["diagnostics"]] == ["GR105"]
    assert out["satisfied"] is True


def test_json_for_text_it_cannot_read(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "target", "持续有效推动", "--actual", "未推动")
    assert out["kind"] == "qualitative" and out["canonical"] == "持续有效推动"
    assert [d["code"] for d in out["diagnostics"]] == ["GR104"]
    assert out["satisfied"] is False


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["target"])
    assert e.value.code == 2
    assert "用法" in capsys.readouterr().err  # Chinese by default, like every message (tests/test_contract.py)


# --- reading standard input -------------------------------------------------------------

STDIN_LINES = [
    "≥95%\t95%".encode(),
    "105%≤≥95%\t10934".encode(),
    b"\xff\xfe not utf-8",
    b"",
    "≥95\t94\t养老保险待遇首次发放成功率（%）".encode(),
    "每月25日前\t按时发放\r".encode(),  # a CRLF line
    "上访率控制在0.1%以内，维护社会稳定，长治久安\t<0.1%".encode(),
    "\t95%".encode(),  # actual without target
    "50、6.17".encode(),  # the last line, without a newline
]


def feed(monkeypatch: pytest.MonkeyPatch, lines: list[bytes], final_newline: bool = False) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline else b"")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_gives_one_json_line_per_line_in_order(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed(monkeypatch, STDIN_LINES)
    code, out = run(capsys, "target", "-")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(STDIN_LINES)
    assert [r["line"] for r in records] == list(range(1, len(STDIN_LINES) + 1))
    assert code == 1  # one line could not be read

    ok, rate, bad, empty, named, crlf, prose, no_target, last = records
    assert (ok["canonical"], ok["satisfied"]) == ("≥95%", True)
    assert (rate["canonical"], rate["satisfied"]) == ("95%～105%", None)
    assert (bad["kind"], bad["canonical"], bad["name"]) == (None, None, None)
    assert [d["code"] for d in bad["diagnostics"]] == ["GR113"]
    assert bad["diagnostics"][0]["severity"] == "error"
    assert "第 3 行" in bad["diagnostics"][0]["message"]["zh"] and "line 3" in bad["diagnostics"][0]["message"]["en"]
    assert bad["input"].endswith(" not utf-8")  # the readable part, to find the line
    assert empty["kind"] == "qualitative" and [d["code"] for d in empty["diagnostics"]] == ["GR110"]
    assert "satisfied" not in empty
    assert (named["canonical"], named["satisfied"], named["name"]) == ("≥95%", False, "养老保险待遇首次发放成功率（%）")
    assert (crlf["kind"], crlf["satisfied"]) == ("deadline", True)
    assert (prose["kind"], prose["embedded"]["canonical"], prose["satisfied"]) == ("prose", "≤0.1%", True)
    assert no_target["satisfied"] is None and [d["code"] for d in no_target["diagnostics"]] == ["GR110"]
    assert (last["kind"], last["canonical"]) == ("list", "50、6.17")
    for r in records:  # every record has the same core keys, the unreadable one too
        assert {"line", "input", "name", "kind", "canonical", "diagnostics"} <= set(r)
        assert_diagnostics_shape(r["diagnostics"])


def test_stdin_all_good_exits_0(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed(monkeypatch, ["≥95%\t96%".encode(), "7.79万人\t77900人".encode()], final_newline=True)
    code, out = run(capsys, "target", "-")
    assert code == 0
    assert [json.loads(line)["satisfied"] for line in out.splitlines()] == [True, True]


def test_stdin_bom_blank_cells_and_extra_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A BOM before line 1 (files saved by Excel) is no part of the target; a blank actual is
    no actual; a fourth column is ignored with a warning, not silently."""
    lines = ["\ufeff≥95%\t96%".encode(), "≥95%\t  \t  ".encode(), "≥95%\t96%\t满意度\t多余".encode(), b"\t"]
    feed(monkeypatch, lines)
    code, out = run(capsys, "target", "-")
    bom, blank, extra, tab = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert (bom["input"], bom["kind"], bom["satisfied"]) == ("≥95%", "comparison", True)
    assert "satisfied" not in blank and blank["name"] is None and blank["diagnostics"] == []
    assert extra["satisfied"] is True and extra["name"] == "满意度"
    assert [d["code"] for d in extra["diagnostics"]] == ["GR119"]
    assert extra["diagnostics"][0]["severity"] == "warning" and "4" in extra["diagnostics"][0]["message"]["zh"]
    assert [d["code"] for d in tab["diagnostics"]] == ["GR110"] and "satisfied" not in tab


def test_stdin_empty_input_writes_nothing(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    code, out = run(capsys, "target", "-")
    assert (code, out) == (0, "")


# --- the installed console script -----------------------------------------------------


def console_script() -> Path:
    script = Path(sys.executable).parent / ("govrules.exe" if os.name == "nt" else "govrules")
    assert script.exists(), f"console script not installed at {script}"
    return script


def test_console_script(tmp_path: Path) -> None:
    script = console_script()
    done = subprocess.run(
        [str(script), "target", "105%≤≥95%", "--actual", "10934", "--json"],
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    out = json.loads(done.stdout.decode("utf-8"))
    assert (out["kind"], out["canonical"], out["satisfied"]) == ("range", "95%～105%", None)

    lines = "≥95%\t95%\n".encode() + b"\xff\n" + "每月25日前\t按时发放\n".encode()
    done = subprocess.run(
        [str(script), "target", "-"], input=lines, capture_output=True, cwd=tmp_path, timeout=60, check=False
    )
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[0]["satisfied"] is True and records[2]["satisfied"] is True
    assert records[1]["kind"] is None and records[1]["diagnostics"][0]["code"] == "GR113"
    assert done.returncode == 1


def test_json_actual_in_prose_is_worded_as_an_actual(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "target", "≥30万人", "--actual", "2020年末实际参保缴费人数32.68万人")
    assert out["satisfied"] is True
    (d,) = out["actual"]["diagnostics"]
    assert d["code"] == "GR118" and "完成值" in d["message"]["zh"] and "指标值" not in d["message"]["zh"]
    assert [x["code"] for x in run_json(capsys, "target", "上访率控制在0.1%以内")["diagnostics"]] == ["GR107"]


def test_json_on_time_meets_a_time_limit(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "target", "30日内完成审核拨付", "--actual", "按时完成审核拨付")
    assert out["satisfied"] is True and "按时" in out["reason"]["zh"] and "on time" in out["reason"]["en"]
    out = run_json(capsys, "target", "30日内完成审核拨付", "--actual", "未按时完成审核拨付")
    assert out["satisfied"] is False


def test_json_rate_with_an_amount_is_flagged(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "target", "10625", "--name", "基本养老保险收入预算执行率")
    (d,) = out["diagnostics"]
    assert (d["code"], d["severity"]) == ("GR114", "warning")
    assert "10625%" in d["message"]["zh"]


def test_human_output_shows_the_actuals_notes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "target", "105%≤≥95%", "--actual", "10625", "--name", "基本养老保险收入预算执行率")
    assert code == 0
    lines = out.splitlines()
    at = lines.index("完成值：10625")
    assert lines[at + 1].startswith("  警告[GR114]") and "10625%" in lines[at + 1]
    assert lines[-2] == "判断：无法判断"
