"""The scored workbook (govrules eval --xlsx), read back with openpyxl.

The submitted sheets here are built by hand with openpyxl in the layouts the seed tables
show (a title row, label–value pairs, 一级/二级指标 merged down, a 总分 row), each with the
TableSource a spreadsheet reader gives for it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import Font

from govrules.cli import main
from govrules.evaluation import Record, evaluate_files
from govrules.io.source import CellRef, TableSource
from govrules.report import build_report
from govrules.report.xlsx import write_workbook
from govrules.rules import evaluate, load_rules
from govrules.submissions import load_submission
from govrules.submissions.load import validate_submission
from govrules.submissions.models import _Submission

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def comments(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, str]:
    return {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment is not None}


# --- a 绩效自评表 with 分值 and 得分 columns, but no 完成率 and no 等级 -------------------

SELF_ROWS = [  # 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分 (as submitted)
    ("产出指标", "数量指标", "参保缴费人数", "32.85万人", "32.68万人", 20, None),
    ("产出指标", "数量指标", "保障享受失业待遇人数", "110人", "214人", 15, 15),
    ("产出指标", "质量指标", "待遇发放准确率", "≥95%", "90%", 15, 15),
    ("效益指标", "社会效益指标", "让参保人员安享晚年", "充分发挥社会保险的职能作用", "达成预期指标", 30, 27),
    ("满意度指标", "满意度指标", "参保人员满意度", "≥90%", "95%", 10, None),
]


def self_evaluation_sheet(path: Path, tables: int = 1) -> list[TableSource]:
    """``tables`` 自评表 one under the other in one sheet, 12 rows apart (as seed 000 has three)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "自评表"
    sources = []
    for k in range(tables):
        o, f = 12 * k, str(path)
        ws.cell(row=o + 1, column=1, value="项目支出绩效自评表").font = Font(bold=True, size=16)
        ws.merge_cells(start_row=o + 1, start_column=1, end_row=o + 1, end_column=8)
        ws.cell(row=o + 2, column=1, value="项目名称")
        ws.cell(row=o + 2, column=2, value="失业保险基金支出")
        ws.merge_cells(start_row=o + 2, start_column=2, end_row=o + 2, end_column=8)
        for col, v in ((1, "预算数"), (2, 1000), (4, "执行数"), (5, 900)):
            ws.cell(row=o + 3, column=col, value=v)
        header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
        for col, text in enumerate(header, start=1):
            ws.cell(row=o + 5, column=col, value=text)
        for r, (l1, l2, name, target, actual, weight, score) in enumerate(SELF_ROWS, start=o + 6):
            for col, v in enumerate((l1, l2, name, target, actual, weight, score), start=1):
                if v is not None and not (col <= 2 and r > o + 6 and ws.cell(row=r - 1, column=col).value == v):
                    ws.cell(row=r, column=col, value=v)
        ws.merge_cells(start_row=o + 6, start_column=1, end_row=o + 8, end_column=1)
        ws.merge_cells(start_row=o + 6, start_column=2, end_row=o + 7, end_column=2)
        ws.cell(row=o + 3, column=1).comment = Comment("调整后预算", "填报人")
        ws.cell(row=o + 11, column=1, value="总分")
        ws.cell(row=o + 11, column=6, value=100)
        cells = {"项目名称": CellRef(f, "自评表", o + 2, 2), "预算.预算数": CellRef(f, "自评表", o + 3, 2),
                 "预算.执行数": CellRef(f, "自评表", o + 3, 5), "总分": CellRef(f, "自评表", o + 11, 7)}  # fmt: skip
        for i in range(len(SELF_ROWS)):
            cells[f"指标[{i}].完成值"] = CellRef(f, "自评表", o + 6 + i, 5)
        sources.append(TableSource(
            file=f, sheet="自评表", index=k + 1, first_row=o + 1, last_row=o + 11,
            columns={"level1": 1, "level2": 2, "name": 3, "target": 4, "actual": 5, "points": 6, "score": 7, "remark": 8},
            indicator_rows=tuple(range(o + 6, o + 6 + len(SELF_ROWS))), cells=cells,
        ))  # fmt: skip
    ws.column_dimensions["C"].width = 30
    wb.save(path)
    return sources


def self_evaluation_record(path: Path) -> tuple[Record, _Submission]:
    data = {
        "表类型": "绩效自评表", "项目名称": "失业保险基金支出", "预算": {"预算数": 1000, "执行数": 900},
        "指标": [{"一级指标": l1, "二级指标": l2, "三级指标": n, "指标值": t, "完成值": a, "分值": w, **({"得分": s} if s is not None else {})}
                 for l1, l2, n, t, a, w, s in SELF_ROWS],
    }  # fmt: skip
    sub = validate_submission(data, source=str(path))
    return Record(f"{path}:自评表#1", result=evaluate(load_rules("rules/self_evaluation.rules"), sub)), sub


def test_scored_copy_of_a_self_evaluation(tmp_path: Path) -> None:
    (source,) = self_evaluation_sheet(tmp_path / "in.xlsx")
    record, sub = self_evaluation_record(tmp_path / "in.xlsx")
    report = build_report([record], load_rules("rules/self_evaluation.rules"), [sub])
    out = tmp_path / "out.xlsx"
    write_workbook(out, report, [source])

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["汇总", "自评表"]
    ws = wb["自评表"]
    # the layout is the submitted one: values, merged cells, widths
    assert ws["A1"].value == "项目支出绩效自评表" and ws["B2"].value == "失业保险基金支出" and ws["E3"].value == 900
    assert {"A1:H1", "B2:H2", "A6:A8", "B6:B7"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws.column_dimensions["C"].width == 30
    assert comments(ws)["A3"] == "调整后预算"  # the submitter's comment is kept
    # 完成率 and 等级 were missing: added to the right of the table, with a header
    assert (ws["I5"].value, ws["J5"].value) == ("完成率", "等级")
    p = report.projects[0]
    for i, row in enumerate(source.indicator_rows):
        want = p.indicators[i].completion
        got = ws.cell(row=row, column=9).value
        assert (got is None) if want is None else abs(Decimal(str(got)) - want) < Decimal("0.0001"), (row, got, want)
        assert ws.cell(row=row, column=9).number_format == "0.00%" or want is None
    assert ws["I8"].value == pytest.approx(90 / 95, abs=1e-4)  # 90% against ≥95%, higher is better
    # 得分: filled where it was empty (分值 × 得分率), a submitted 得分 kept
    assert ws["G6"].value == pytest.approx(20 * 32.68 / 32.85, abs=0.01)
    assert ws["G7"].value == 15 and ws["G10"].value == 10
    lost = {row.label: row.lost for row in p.lost_rows}
    assert lost["3. 待遇发放准确率"] == 15 - 15 * Decimal(90) / 95 and "2. 保障享受失业待遇人数" not in lost  # points lost by row
    assert ws["G11"].value == pytest.approx(float(p.total or 0), abs=0.01)  # 总分
    assert ws["J11"].value == p.grade and p.grade in ("优", "良", "中", "差")
    # a submitted 得分 that differs from the recomputed one stays, flagged with both
    notes = comments(ws)
    assert "G8" in notes and "重算值" in notes["G8"] and "保留填报值" in notes["G8"]
    assert ws["G8"].value == 15
    # the finding (目标可能偏低: 214人 against 110人) is a comment on its row, highlighted
    assert "目标可能定得过低" in notes["C7"] and "rules/common/self_evaluation_rows.rules:" in notes["C7"]
    assert ws["C7"].fill.fgColor.rgb.endswith("FFE2EFDA") or ws["C7"].fill.fill_type == "solid"
    assert ws["I6"].fill.fill_type == "solid"  # a cell govrules filled is shaded

    summary = wb["汇总"]
    assert summary["B3"].value == "失业保险基金支出" and summary["E3"].value == pytest.approx(float(p.total or 0), abs=0.01)
    assert summary["G3"].value == p.grade and summary["J3"].value == 2  # 目标可能偏低, and the submitted 得分 15 against the recomputed 14.21
    assert summary["N3"].hyperlink is not None and summary["N3"].hyperlink.location == "'自评表'!A1"


# --- a 绩效监控情况表 (seed 001, 城乡居民养老保险): deductions and discrepancies placed by field ----


def test_deductions_and_discrepancies_on_their_cells(tmp_path: Path) -> None:
    yaml_file = "examples/001_monitoring/02_城乡居民养老保险.yaml"
    sub = load_submission(yaml_file)
    path = tmp_path / "监控.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "监控表"
    ws["A1"] = "绩效监控情况表"
    ws["A2"], ws["B2"] = "项目名称", sub.project
    ws["A3"], ws["B3"], ws["C3"], ws["D3"], ws["E3"] = "预算数", 542, "执行数", 433, "预算执行率"  # its cell F3 left empty, as in seed 001
    ws["A4"], ws["B4"] = "总体完成率", "81%"
    for col, text in enumerate(["一级指标", "二级指标", "三级指标", "预期指标值", "指标完成值", "指标完成率"], start=1):
        ws.cell(row=6, column=col, value=text)
    for i, ind in enumerate(sub.indicators):
        for col, v in enumerate((ind.level1, ind.level2, ind.name, ind.target, ind.actual, ind.rate), start=1):
            ws.cell(row=7 + i, column=col, value=v)
    last = 7 + len(sub.indicators)
    ws.cell(row=last, column=1, value="偏差和措施")
    wb.save(path)
    f = str(path)
    source = TableSource(
        file=f, sheet="监控表", index=1, first_row=1, last_row=last,
        columns={"level1": 1, "level2": 2, "name": 3, "target": 4, "actual": 5, "rate": 6},
        indicator_rows=tuple(range(7, last)),
        cells={"项目名称": CellRef(f, "监控表", 2, 2), "预算.预算数": CellRef(f, "监控表", 3, 2), "预算.执行数": CellRef(f, "监控表", 3, 4), "预算.预算执行率": CellRef(f, "监控表", 3, 6),
               "总体完成率": CellRef(f, "监控表", 4, 2), "偏差和措施": CellRef(f, "监控表", last, 2)},
    )  # fmt: skip
    rules = load_rules("rules/monitoring_review.rules")
    records = evaluate_files(rules, [yaml_file])
    report = build_report(records, rules, [sub])
    out = tmp_path / "out.xlsx"
    write_workbook(out, report, [source])

    ws = openpyxl.load_workbook(out)["监控表"]
    notes = comments(ws)
    assert last == 24  # 17 indicators from row 7
    assert "目标偏离及应对情况" in notes["B24"] and "未填写偏差原因" in notes["B24"]  # on the empty 偏差和措施 cell
    assert "不符" in notes["B4"] and "86.45%" in notes["B4"]  # the reported 81% against its own rows
    assert "无法复核" in notes["F15"]  # 指标[8].完成率 (a revenue budget the table never gives)
    assert ws["F7"].value == "109.00%"  # submitted rates are kept
    assert ws["F3"].value == pytest.approx(433 / 542, abs=1e-4) and ws["F3"].number_format == "0.00%"  # the empty 预算执行率 filled
    assert ws["G6"].value == "得分" and ws["H6"].value == "等级"  # the layout lacked them
    assert ws["G24"].value == 94  # 总分 on the table's last row
    assert ws["F9"].value == "96.42%" and "F9" not in notes  # a submitted rate that agrees is left alone


def test_every_submission_gets_a_national_layout_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "001_monitoring").glob("0*.yaml"))
    out = tmp_path / "scored.xlsx"
    assert main(["eval", "rules/monitoring_review.rules", *files, str(tmp_path / "missing.yaml"), "--xlsx", str(out)]) == 1
    assert "已写出" in capsys.readouterr().err
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 5 and wb.sheetnames[0] == "汇总"
    summary = wb["汇总"]
    assert [summary.cell(row=r, column=5).value for r in range(3, 7)] == [99, 94, 94, 94]
    assert summary["B7"].value == "未能评价" and summary["L7"].value.endswith("missing.yaml")
    sheet = wb[wb.sheetnames[2]]
    assert sheet["A1"].value == "绩效监控情况表" and sheet["B2"].value == "塔什库尔干县城乡居民养老保险基金支出"
    rows = list(sheet.iter_rows(values_only=True))
    total = next(r for r in rows if r[0] == "总分")
    assert total[1] == 100 and total[2] == 94
    deviation = next(r for r in rows if r[0] == "目标偏离及应对情况")
    assert deviation[2] == 25 and "未填写偏差原因及采取的措施" in deviation[4]
    assert any(r[0] == "不符" and "86.45%" in (r[2] or "") for r in rows)  # the reported 81% against its rows
    assert any("无法复核" in text for text in comments(sheet).values())  # 指标[8].完成率, on its row
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A10:A23", "B10:B19", "B20:B23", "A24:A25"} <= merged  # 一级 / 二级指标 merged down their runs


def test_a_table_openpyxl_cannot_copy_gets_its_reason(tmp_path: Path) -> None:
    (source,) = self_evaluation_sheet(tmp_path / "in.xlsx")
    record, sub = self_evaluation_record(tmp_path / "in.xlsx")
    report = build_report([record, record], load_rules("rules/self_evaluation.rules"), [sub, sub])
    ods = TableSource(file=str(tmp_path / "in.ods"), sheet="自评表", index=1, first_row=1, last_row=11)
    gone = TableSource(file=str(tmp_path / "gone.xlsx"), sheet="自评表", index=1, first_row=1, last_row=11)
    out = tmp_path / "out.xlsx"
    write_workbook(out, report, [ods, gone])
    wb = openpyxl.load_workbook(out)
    assert "自评表" not in wb.sheetnames and len(wb.sheetnames) == 3  # the summary and two national-layout sheets
    summary = wb["汇总"]
    assert summary["N3"].value == "原表为 .ods 文件，未复制"
    assert summary["N4"].value.startswith("原表无法打开，未复制") and summary["N4"].hyperlink is None
    assert source.name.endswith("in.xlsx:自评表#1")


def test_english_workbook(tmp_path: Path) -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "002_self_evaluation").glob("0*.yaml"))
    out = tmp_path / "scored.xlsx"
    assert main(["--lang", "en", "eval", "rules/self_evaluation.rules", *files, "--xlsx", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    summary = wb["Summary"]
    assert summary["B2"].value == "project" and summary["G3"].value == "优"
    sheet = wb[wb.sheetnames[1]]
    assert sheet["A1"].value == "Project performance self-evaluation" and sheet["A2"].value == "project"
    assert not any(isinstance(v, str) and "项目资金" in v for row in sheet.iter_rows(values_only=True) for v in row)


def test_tables_of_one_sheet_share_its_copy(tmp_path: Path) -> None:
    sources = self_evaluation_sheet(tmp_path / "in.xlsx", tables=2)
    record, sub = self_evaluation_record(tmp_path / "in.xlsx")
    report = build_report([record, record], load_rules("rules/self_evaluation.rules"), [sub, sub])
    out = tmp_path / "out.xlsx"
    write_workbook(out, report, sources)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames.count("自评表") == 1 and len(wb.sheetnames) == 4  # summary, one copy, two layouts
    ws = wb["自评表"]
    total = float(report.projects[0].total or 0)
    assert ws["G11"].value == pytest.approx(total, abs=0.01) and ws["G23"].value == pytest.approx(total, abs=0.01)
    assert ws["I5"].value == ws["I17"].value == "完成率" and ws["J23"].value == report.projects[1].grade
    notes = comments(ws)
    assert "目标可能定得过低" in notes["C7"] and "目标可能定得过低" in notes["C19"]
    summary = wb["汇总"]
    assert summary["N3"].hyperlink.location == summary["N4"].hyperlink.location == "'自评表'!A1"


def test_a_workbook_read_by_the_cli_comes_back_scored_in_its_own_layout(tmp_path: Path) -> None:
    """The whole path a reviewer takes: a submitted workbook in, the same sheets out, scored."""
    book = Path("tests/sheets/seeds/001_monitoring.xlsx")
    out = tmp_path / "scored.xlsx"
    assert main(["eval", "rules/monitoring_review.rules", str(book), "--xlsx", str(out)]) == 0
    submitted, scored = openpyxl.load_workbook(book), openpyxl.load_workbook(out)
    for name in submitted.sheetnames:  # every submitted sheet is copied, its cells kept
        assert name in scored.sheetnames
        before, after = submitted[name], scored[name]
        for row in before.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert after[cell.coordinate].value == cell.value, (name, cell.coordinate)
    ws = scored["机关事业单位养老保险"]
    notes = {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment}
    # the 按时报送 deduction of the review (99 points) sits on the table, with its rule line
    assert any("按时报送" in text and "rules/monitoring_review.rules:" in text for text in notes.values())
    assert any("无法复核" in text for text in notes.values())  # the rate it cannot recompute is said so on its cell
    assert scored["汇总"].max_row >= 2 + len(submitted.sheetnames)
