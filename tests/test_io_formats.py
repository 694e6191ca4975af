"""The same tables saved as .xls, .ods, .csv, .docx and as an HTML "xls" read the same;
bad files get one clear error naming the file and the sheet or cell."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from govrules.cli import main
from govrules.io import load_inputs, read_tables
from govrules.submissions import load_submission

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "sheets" / "formats"
BROKEN = ROOT / "tests" / "sheets" / "broken"
EXAMPLES = ROOT / "examples"
MONITORING = EXAMPLES / "001_monitoring" / "01_机关事业单位养老保险.yaml"
TARGET = EXAMPLES / "003_target_tables" / "01_职工基本医疗保险.yaml"


def dump(sub: Any) -> dict[str, Any]:
    return sub.model_dump(mode="json", exclude={"source", "notes"})


@pytest.mark.parametrize(
    ("file", "twin", "fmt"),
    [
        ("001_01_monitoring.xls", MONITORING, "xls"),
        ("001_01_monitoring.ods", MONITORING, "ods"),
        ("001_01_monitoring.csv", MONITORING, "csv"),
        ("001_01_monitoring.docx", MONITORING, "docx"),
        ("001_01_monitoring_web.xls", MONITORING, "html"),
        ("003_01_target.xls", TARGET, "xls"),
        ("003_01_target.ods", TARGET, "ods"),
        ("003_01_target.docx", TARGET, "docx"),
    ],
)
def test_every_format_reads_as_its_yaml_twin(file: str, twin: Path, fmt: str) -> None:
    from govrules.io.cells import read_book

    assert read_book(FORMATS / file).format == fmt  # sniffed from the bytes: the web export is HTML named .xls
    [one] = load_inputs(FORMATS / file)
    assert one.errors == () and one.warnings == ()
    assert dump(one.submission) == dump(load_submission(twin))


def test_percent_cells_keep_their_percent_in_every_format() -> None:
    for file in ("001_01_monitoring.xls", "001_01_monitoring.ods", "001_01_monitoring.docx", "001_01_monitoring_web.xls"):
        [table] = read_tables(FORMATS / file)
        assert table.data["预算"]["预算执行率"] == "77%", file  # typed 0.77, formatted 0%
        assert table.data["指标"][0]["指标完成率"] == "105%", file


def test_a_word_table_keeps_its_cells_and_title() -> None:
    [table] = read_tables(FORMATS / "003_01_target.docx")
    assert table.kind == "target_table" and table.data["年度"] == 2020  # from the title paragraph and （2020年度）
    assert table.source.cells["项目名称"].a1() == "表格1!C3"


def _error(path: Path) -> Any:
    [one] = load_inputs(path)
    assert one.submission is None
    return one.errors


@pytest.mark.parametrize(
    ("file", "code", "where", "words"),
    [
        ("password.xlsx", "GR221", "password.xlsx", "密码"),
        ("truncated.xlsx", "GR220", "truncated.xlsx", "不完整"),
        ("login_page.xls", "GR222", "login_page.xls", "网页（HTML），其中没有表格：“预算管理一体化系统 - 登录”"),
        ("instructions_only.xlsx", "GR224", "填表说明", "三级指标"),
        ("million_rows.xlsx", "GR223", "绩效目标表", "1000000"),
        ("uncached_formula.xlsx", "GR225", "机关事业单位养老保险!H7 预算.预算执行率", "公式没有计算结果"),
    ],
)
def test_bad_files_get_one_clear_error(file: str, code: str, where: str, words: str) -> None:
    [error] = _error(BROKEN / file)
    assert error.code == code
    assert where in error.path
    assert words in error.zh and error.en and error.hint_zh + error.zh


def test_a_dense_million_row_sheet_is_refused_before_it_is_loaded(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "sheets"))
    try:
        from make_fixtures import million_rows
    finally:
        sys.path.pop(0)
    path = tmp_path / "dense.xlsx"
    million_rows(path, dense=True)  # no <dimension>: the unzipped size of the sheet gives it away
    [error] = _error(path)
    assert error.code == "GR223" and "绩效目标表" in error.path


def test_validate_and_eval_take_spreadsheets(capsys: pytest.CaptureFixture[str]) -> None:
    book = ROOT / "tests" / "sheets" / "seeds" / "001_monitoring.xlsx"
    assert main(["validate", str(book)]) == 0
    out = capsys.readouterr().out
    assert out.count("✓") == 4 and "001_monitoring.xlsx:城乡居民养老保险#1" in out and "有效 4 个" in out
    assert main(["eval", str(ROOT / "rules" / "monitoring_review.rules"), str(book), "--json"]) == 0
    import json

    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["table"]["sheet"] for r in results] == ["机关事业单位养老保险", "城乡居民养老保险", "职工基本医疗保险", "城乡居民基本医疗保险"]
    assert [r["result"]["total"] for r in results] == ["99", "94", "94", "94"]  # 附件2 of seed 001
    assert main(["validate", str(BROKEN / "password.xlsx")]) == 1
    assert "GR221" in capsys.readouterr().out


def test_explain_names_one_table_of_a_workbook(capsys: pytest.CaptureFixture[str]) -> None:
    book = ROOT / "tests" / "sheets" / "seeds" / "001_monitoring.xlsx"
    rules = str(ROOT / "rules" / "monitoring_review.rules")
    assert main(["explain", rules, str(book), "总分"]) == 1
    assert "GR227" in capsys.readouterr().err
    assert main(["explain", rules, f"{book}:城乡居民养老保险#1", "目标偏离及应对情况"]) == 0
    assert "25 / 30" in capsys.readouterr().out
    assert main(["explain", rules, f"{book}:机关事业单位养老保险#1", "预算执行率"]) == 0
    assert "← 填报表 预算.执行数（机关事业单位养老保险!G7）" in capsys.readouterr().out  # each input names its cell


def test_a_sheet_without_a_table_beside_one_with_a_table_is_said(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(ROOT / "tests" / "sheets" / "seeds" / "002_03_工伤保险.xlsx")
    notes = wb.create_sheet("填表说明", 0)
    notes["A1"] = "填表说明：金额单位为万元。"
    wb.save(tmp_path / "two_sheets.xlsx")
    [one] = load_inputs(tmp_path / "two_sheets.xlsx")
    assert one.submission is not None and one.name.endswith(":工伤保险#1")
    assert [(d.code, d.path) for d in one.warnings] == [("GR226", "填表说明")]
    assert "填表说明" in one.warnings[0].zh and "没有指标表" in one.warnings[0].zh


def test_eval_json_maps_each_field_to_its_cell(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    book = ROOT / "tests" / "sheets" / "seeds" / "001_monitoring.xlsx"
    main(["eval", str(ROOT / "rules" / "monitoring_review.rules"), str(book), "--json"])
    first = json.loads(capsys.readouterr().out)["results"][0]
    assert first["table"]["cells"]["指标[2].完成值"] == "机关事业单位养老保险!G15"
    assert first["table"]["cells"]["预算.执行数"] == "机关事业单位养老保险!G7"


def test_a_workbook_is_told_by_its_bytes_whatever_its_name(tmp_path: Path) -> None:
    import shutil

    shutil.copy(ROOT / "tests" / "sheets" / "seeds" / "002_03_工伤保险.xlsx", tmp_path / "附件1")
    [one] = load_inputs(tmp_path / "附件1")
    assert one.submission is not None and one.submission.project == "工伤保险基金支出"
