"""Cell values as the cell shows them: percent, decimals, dates, formulas, errors."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from govrules.io import load_inputs, read_tables
from govrules.io.cells import CellError, read_book, shown_number, sniff


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (0.88, "0%", "88%"),
        (1.0923, "0.00%", "109.23%"),
        (0.7722, "0%", "77%"),
        (0.30000000000000004, "General", Decimal("0.3")),  # float noise is not what the cell shows
        (336443, "#,##0", Decimal("336443")),
        (74398.72, "0.00", Decimal("74398.72")),
        (2.675, "0.00", Decimal("2.68")),  # half up, on the figure as written, not on the binary float
        (14158.0, "General", Decimal("14158")),
        (1.5, '0.0"万人"', Decimal("1.5")),
    ],
)
def test_a_number_is_what_its_format_shows(value: float, fmt: str, shown: object) -> None:
    assert shown_number(value, fmt) == shown


def test_sniffing_reads_the_bytes_not_the_name() -> None:
    assert sniff(b"<html><table>", None, ".xls") == "html"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), None, ".xlsx") == "encrypted"
    assert sniff(b"PK\x03\x04", ["xl/workbook.xml"], ".xls") == "xlsx"
    assert sniff(b"PK\x03\x04", ["content.xml", "mimetype"], ".xlsx") == "ods"


def _monitoring(path: Path, **cells: object) -> None:
    """A small monitoring table; ``cells`` override cells by address (and ``fmt_<addr>`` formats)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "监控表"
    rows = [
        ["绩效监控情况表"],
        ["项目名称", "示例项目", "监控时点", "2020年9月"],
        ["预算数:", 14158, "执行数:", 10934, "预算执行率", None],
        ["报送日期", None],
        ["一级指标", "二级指标", "三级指标", "预期指标值", "指标完成值", "指标完成率"],
        ["产出指标", "数量指标", "参保缴费人数", "2834人", "2977人", 1.05],
    ]
    for row in rows:
        ws.append(row)
    ws["F6"].number_format = "0%"
    for ref, value in cells.items():
        if ref.startswith("fmt_"):
            ws[ref[4:]].number_format = str(value)
        else:
            ws[ref] = value
    wb.save(path)


def test_dates_are_dates_and_numbers_keep_their_cell(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    _monitoring(path, B4=dt.datetime(2020, 10, 9), fmt_B4="yyyy/m/d", F3=0.7723, fmt_F3="0.0%")
    assert read_book(path).sheets[0].rows[3][1] == dt.date(2020, 10, 9)
    [table] = read_tables(path)
    assert table.data["报送日期"] == "2020-10-09"
    assert table.data["预算"]["预算执行率"] == "77.2%"
    assert table.data["预算"]["预算数"] == "14158"
    assert table.data["指标"][0]["指标完成率"] == "105%"
    assert table.source.cells["预算.预算数"].a1() == "监控表!B3"


def _with_cached_formula(path: Path, ref: str, formula: str, cached: str | None) -> None:
    """Rewrite a saved workbook so that ``ref`` holds ``formula`` with (or without) a cached result,
    as Excel (or a program that does not calculate) saves it."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    value = f"<v>{cached}</v>" if cached is not None else ""
    sheet, n = re.subn(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', rf'<c r="{ref}"\1><f>{formula}</f>{value}</c>', sheet)
    assert n == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_formula_uses_its_cached_result(tmp_path: Path) -> None:
    path = tmp_path / "cached.xlsx"
    _monitoring(path, F3=0, fmt_F3="0%")
    _with_cached_formula(path, "F3", "D3/B3", "0.77228422093516")
    [table] = read_tables(path)
    assert table.data["预算"]["预算执行率"] == "77%"


def test_a_formula_without_a_cached_result_is_an_error_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "uncached.xlsx"
    _monitoring(path, F3=0, fmt_F3="0%")
    _with_cached_formula(path, "F3", "D3/B3", None)
    assert isinstance(read_book(path).sheets[0].rows[2][5], CellError)
    [one] = load_inputs(path)
    [error] = one.errors
    assert error.code == "GR225" and error.path == "监控表!F3 预算.预算执行率"
    assert "公式" in error.zh and "formula" in error.en


def test_an_error_value_is_an_error_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "div0.xlsx"
    _monitoring(path, E6="#DIV/0!")
    [one] = load_inputs(path)
    [error] = one.errors
    assert error.code == "GR225" and error.path == "监控表!E6 指标[0].完成值" and "#DIV/0!" in error.zh


def test_validation_errors_name_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    _monitoring(path, B3="很多")
    [one] = load_inputs(path)
    assert [(d.code, d.path) for d in one.errors] == [("GR206", "监控表!B3 预算.预算数")]


def test_spacer_columns_and_a_csv_without_merges(tmp_path: Path) -> None:
    path = tmp_path / "flat.csv"
    path.write_text(
        "社保基金支出绩效目标表,,,,\n"
        "项目名称,,示例项目,,\n"  # a spacer column between label and value
        "一级指标,二级指标,三级指标,,指标值\n"
        "项目完成,数量指标,参保缴费人数,,7.79万人\n"
        ",,保障退休待遇人数,,6.24万人\n"  # blank 一级/二级: the same as the row above
        "满意度指标,满意度指标,满意度,,≥95%\n",
        encoding="utf-8",
    )
    [table] = read_tables(path)
    assert table.kind == "target_table" and table.data["项目名称"] == "示例项目"
    assert [(i["一级指标"], i["二级指标"]) for i in table.data["指标"]] == [("项目完成", "数量指标")] * 2 + [("满意度指标", "满意度指标")]


def test_headings_with_a_period_before_them(tmp_path: Path) -> None:
    """Monitoring tables name the period in their headings: 1-6月执行数, 截至6月底实际完成值."""
    wb = Workbook()
    ws = wb.active
    ws.title = "监控"
    for row in (
        ["项目支出绩效运行监控表"],
        ["项目名称", "示例项目", "监控时点", "2024年6月"],
        ["全年预算数", "1-6月执行数", "执行进度"],
        [200, 80, "40%"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "截至6月底实际完成值"],
        ["产出指标", "数量指标", "培训人次", "≥500人次", "230人次"],
    ):
        ws.append(row)
    wb.save(tmp_path / "m.xlsx")
    [table] = read_tables(tmp_path / "m.xlsx")
    assert table.kind == "monitoring"
    assert table.data["预算"] == {"预算数": "200", "执行数": "80", "预算执行率": "40%"}
    assert table.data["指标"][0]["完成值"] == "230人次"


def test_a_date_in_a_chinese_date_format(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    _monitoring(path, B4=44561, fmt_B4='yyyy"年"m"月"d"日"')
    [table] = read_tables(path)
    assert table.data["报送日期"] == "2021-12-31"


def test_a_workbook_with_prefixed_xml_keeps_its_formats(tmp_path: Path) -> None:
    """Some generators write <x:c r="A1" s="3"> (a namespace prefix): the formats are still found."""
    path = tmp_path / "plain.xlsx"
    _monitoring(path, F3=0.7722, fmt_F3="0%")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for name in ("xl/worksheets/sheet1.xml", "xl/styles.xml"):
        xml = parts[name].replace(b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                                  b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
        parts[name] = re.sub(rb"<(/?)(?![?!])([A-Za-z])", rb"<\1x:\2", xml)
    prefixed = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(prefixed, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    [table] = read_tables(prefixed)
    assert table.data["预算"]["预算执行率"] == "77%"
