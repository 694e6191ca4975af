"""Make the spreadsheet fixtures of tests/sheets/: the 15 seed projects in their published layouts.

Run ``.venv/bin/python tests/sheets/make_fixtures.py`` to rebuild the .xlsx (and the .xls,
.ods, .csv, .docx and HTML variants, and the broken files); the files are committed, so
the tests never run this script.

Each layout below spells out a form as the seed documents show it (tabs in the seed texts
are cell borders; merged cells are why their columns shift): the title rows, the label
cells, the merged ranges (一级/二级指标 merged down over their rows, values merged across),
where each figure stands, and how it is formatted (a rate typed as 0.77 and formatted
``0%``, an amount with a thousands separator). The contents of the cells (names, targets,
figures) are the seed tables' own, as transcribed in examples/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def put(ws: Worksheet, ref: str, value: Any, fmt: str | None = None, *, bold: bool = False, box: bool = True) -> None:
    """Write a cell, or a merged range ``B4:D4`` (its value at the first cell)."""
    first = ref.split(":")[0]
    if ":" in ref:
        ws.merge_cells(ref)
    cell = ws[first]
    cell.value = value
    if fmt:
        cell.number_format = fmt
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    if bold:
        cell.font = Font(bold=True)
    if box:
        for row in ws[ref] if ":" in ref else [[ws[ref]]]:
            for c in row:
                c.border = BOX


def percent(text: str | None) -> Any:
    """A rate as Excel users type it: ``77%`` → 0.77 shown with the format ``0%`` (``109.00%`` → ``0.00%``)."""
    if text is None:
        return None, None
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?%", text)
    if not m:
        return text, None
    places = len(m.group(2) or "")
    value = round(float(text[:-1]) / 100, places + 2)
    return value, "0" + ("." + "0" * places if places else "") + "%"


def number(text: Any) -> Any:
    """A figure typed as a number where the seed shows a bare figure (41191, 74398.72)."""
    if isinstance(text, str) and re.fullmatch(r"\d+(\.\d+)?", text):
        places = len(text.split(".")[1]) if "." in text else 0
        return (float(text) if places else int(text)), ("0." + "0" * places if places else "0")
    return text, None


def merged_runs(rows: list[tuple[Any, ...]], i: int) -> list[tuple[int, int]]:
    """Runs of equal values in column i (一级/二级指标 are merged down over their rows)."""
    runs, start = [], 0
    for k in range(1, len(rows) + 1):
        if k == len(rows) or rows[k][i] != rows[start][i] or (i == 1 and rows[k][0] != rows[start][0]):
            runs.append((start, k - 1))
            start = k
    return runs


def level_cells(ws: Worksheet, rows: list[tuple[Any, ...]], first: int, col1: str, col2: str) -> None:
    for i, col in ((0, col1), (1, col2)):
        for a, b in merged_runs(rows, i):
            put(ws, f"{col}{first + a}:{col}{first + b}" if b > a else f"{col}{first + a}", rows[a][i])


# --- seed 000: 社保基金支出绩效目标表, region level; three tables on one sheet -------------


def target_table_000(ws: Worksheet, top: int, p: dict[str, Any], fund_label: str, amount_fmt: str) -> int:
    """Columns A–G: 预算单位 | value (B:D) | 项目名称 | value (F:G); the funds row of label–value
    pairs; the goal merged across; 三级指标 merged over C:E and 指标值 over F:G. Returns the next free row."""
    h, funds = p["head"], p["head"]["资金"]
    put(ws, f"A{top}:G{top}", "社 保 基 金 支 出 绩 效 目 标 表", bold=True, box=False)
    r = top + 2
    put(ws, f"A{r}", "预算单位")
    put(ws, f"B{r}:D{r}", h["预算单位"])
    put(ws, f"E{r}", "项目名称")
    put(ws, f"F{r}:G{r}", h["项目名称"])
    r += 1
    put(ws, f"A{r}", "项目资金（万元）")
    put(ws, f"B{r}", "年度资金总额：")
    put(ws, f"C{r}", funds["年度资金总额"], amount_fmt)
    put(ws, f"D{r}", fund_label)
    put(ws, f"E{r}", funds["社保基金"], amount_fmt)
    put(ws, f"F{r}", "其他资金")
    put(ws, f"G{r}", funds["其他资金"], amount_fmt)
    r += 1
    put(ws, f"A{r}", "项目总体目标")
    put(ws, f"B{r}:G{r}", h["总体目标"])
    r += 1
    put(ws, f"A{r}", "一级指标", bold=True)
    put(ws, f"B{r}", "二级指标", bold=True)
    put(ws, f"C{r}:E{r}", "三级指标", bold=True)
    put(ws, f"F{r}:G{r}", "指标值（包含数字及文字描述）", bold=True)
    first = r + 1
    rows = p["rows"]
    level_cells(ws, rows, first, "A", "B")
    for k, row in enumerate(rows):
        put(ws, f"C{first + k}:E{first + k}", row[2])
        value, fmt = percent(row[3]) if row[3] == "100%" else number(row[3])  # 100% typed as 1 formatted 0%
        put(ws, f"F{first + k}:G{first + k}", value, fmt)
    return first + len(rows) + 2


def seed_000() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    r = 1
    for key, fund_label, fmt in (("000_01", "其中：社保基金", "0"), ("000_02", "其中：职工基本医疗保险基金", "#,##0"), ("000_03", "其中：社保基金", "0")):
        r = target_table_000(ws, r, P[key], fund_label, fmt)
    wb.save(SEEDS / "000_target_tables.xlsx")


# --- seed 001: 绩效监控情况表, county level; one sheet per project ---------------------------


def monitoring_001(ws: Worksheet, p: dict[str, Any], *, rate_heading: bool = True, rate_cell: str = "H7:I9") -> None:
    """Columns A–I: section labels (一、… 五、) in column A merged down over their rows; label–value
    pairs with colons (预算数: | 14158); 预算执行率 a heading with its value merged below; the goal,
    the achievement and 总体完成率 under their headings; the deviation text merged across the last row."""
    h, b = p["head"], p["head"]["预算"]
    put(ws, "A1", "附件1:", box=False)
    put(ws, "A2:I2", "塔什库尔干县社保基金支出绩效监控情况表", bold=True, box=False)
    put(ws, "A3:E3", f"填报单位(公章): {h['预算单位']}", box=False)
    put(ws, "H3:I3", "金额单位: 万元", box=False)
    put(ws, "A4:A5", "一、基本情况")
    put(ws, "B4", "部门单位名称")
    put(ws, "C4:D4", h["预算单位"])
    put(ws, "E4", "项目周期")
    put(ws, "F4:I4", h["项目周期"])
    put(ws, "B5", "项目名称")
    put(ws, "C5:D5", h["项目名称"])
    put(ws, "E5", "监控时点")
    put(ws, "F5:I5", h["监控时点"])
    put(ws, "A6:A9", "二、预算执行情况")
    put(ws, "B6:C6", "预算安排情况(调整后)")
    put(ws, "D6:E6", "资金到位情况")
    put(ws, "F6:G6", "资金执行情况")
    put(ws, "H6:I6", "预算执行率" if rate_heading else None)
    for col, label, key in (("B", "预算数:", "预算数"), ("D", "到位数:", "到位数"), ("F", "执行数:", "执行数")):
        put(ws, f"{col}7", label)
        put(ws, f"{chr(ord(col) + 1)}7", b[key])
        put(ws, f"{col}8", "其中: 财政资金")
        put(ws, f"{col}9", "其他")
    rate = b.get("预算执行率") or p.get("loose_rate")
    value, fmt = percent(rate)
    put(ws, rate_cell, value, fmt)
    put(ws, "A10:A11", "三、目标完成情况")
    put(ws, "B10:D10", "年度预期目标")
    put(ws, "E10:F10", "目前完成情况")
    put(ws, "G10:I10", "总体完成率")
    put(ws, "B11:D11", h["总体目标"])
    put(ws, "E11:F11", h["完成情况"])
    value, fmt = percent(h["总体完成率"])
    put(ws, "G11:I11", value, fmt)
    rows = p["rows"]
    first, last = 13, 12 + len(rows)
    put(ws, f"A12:A{last}", "四、年度绩效指标完成情况")
    put(ws, "B12", "一级指标", bold=True)
    put(ws, "C12", "二级指标", bold=True)
    put(ws, "D12:E12", "三级指标", bold=True)
    put(ws, "F12", "预期指标值", bold=True)
    put(ws, "G12", "指标完成值", bold=True)
    put(ws, "H12:I12", "指标完成率" if rate_heading else None, bold=True)
    level_cells(ws, rows, first, "B", "C")
    for k, row in enumerate(rows):
        r = first + k
        put(ws, f"D{r}:E{r}", row[2])
        put(ws, f"F{r}", row[3])
        put(ws, f"G{r}", *number(row[4]))
        put(ws, f"H{r}:I{r}", *percent(row[5]))
    put(ws, f"A{last + 1}", "五、绩效目标执行出现的偏差和采取的措施")
    put(ws, f"B{last + 1}:I{last + 1}", h["偏差和措施"] or None)


def seed_001() -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for key, title in (("001_01", "机关事业单位养老保险"), ("001_02", "城乡居民养老保险"), ("001_03", "职工基本医疗保险"), ("001_04", "城乡居民基本医疗保险")):
        ws = wb.create_sheet(title)
        if key == "001_04":  # the published table lacks both rate headings; 27% stands under 执行数's value
            monitoring_001(ws, P[key], rate_heading=False, rate_cell="G8")
        else:
            monitoring_001(ws, P[key])
    wb.save(SEEDS / "001_monitoring.xlsx")


# --- seed 002: 绩效自评表 2020, region level; one file per project ----------------------------


def self_evaluation_002(ws: Worksheet, p: dict[str, Any]) -> None:
    """Columns A–H: title and year rows; 单位：万元 at the right; 预算执行情况 as label–value pairs
    with 其中：社会保险基金 under 预算数 and under 执行数; 预期目标 / 实际完成目标 headings with the
    texts below; the indicator rows with 预期指标值 over E:F and 实际完成指标值 over G:H."""
    h, b = p["head"], p["head"]["预算"]
    put(ws, "A1:H1", "自治区本级社会保险支出绩效自评表", bold=True, box=False)
    put(ws, "A2:H2", "（2020年度）", box=False)
    put(ws, "G3:H3", "单位：万元", box=False)
    put(ws, "A4:B4", "项目名称")
    put(ws, "C4:H4", h["项目名称"])
    put(ws, "A5:B5", "社会保险基金预算支出部门")
    put(ws, "C5:H5", h["预算单位"])
    put(ws, "A6:A8", "预算执行情况（万元）")
    put(ws, "B6", "预算数：")
    put(ws, "C6:D6", b["预算数"], "#,##0")
    put(ws, "E6", "执行数：")
    put(ws, "F6:H6", b["执行数"], "#,##0")
    put(ws, "B7", "其中：社会保险基金")
    put(ws, "C7:D7", b["社保基金预算数"], "#,##0")
    put(ws, "E7", "其中：社会保险基金")
    put(ws, "F7:H7", b["社保基金执行数"], "#,##0")
    put(ws, "B8", "其他资金")
    put(ws, "C8:D8", None)
    put(ws, "E8", "其他资金")
    put(ws, "F8:H8", None)
    put(ws, "A9:A10", "年度目标完成情况")
    put(ws, "B9:D9", "预期目标")
    put(ws, "E9:H9", "实际完成目标")
    put(ws, "B10:D10", h["总体目标"])
    put(ws, "E10:H10", h["完成情况"])
    rows = p["rows"]
    first, last = 12, 11 + len(rows)
    put(ws, f"A11:A{last}", "绩效目标完成情况")
    put(ws, "B11", "一级指标", bold=True)
    put(ws, "C11", "二级指标", bold=True)
    put(ws, "D11", "三级指标", bold=True)
    put(ws, "E11:F11", "预期指标值（包含数字及文字描述）", bold=True)
    put(ws, "G11:H11", "实际完成指标值（包含数字及文字描述）", bold=True)
    level_cells(ws, rows, first, "B", "C")
    for k, row in enumerate(rows):
        r = first + k
        put(ws, f"D{r}", row[2])
        put(ws, f"E{r}:F{r}", row[3])
        put(ws, f"G{r}:H{r}", row[4])


def seed_002() -> None:
    for key, title in (("002_01", "企业职工基本养老保险"), ("002_02", "机关事业单位基本养老保险"), ("002_03", "工伤保险"), ("002_04", "失业保险")):
        wb = Workbook()
        ws = wb.active
        ws.title = title
        self_evaluation_002(ws, P[key])
        wb.save(SEEDS / f"{key}_{title}.xlsx")


# --- seed 003: 绩效目标表 2020, county level, long form; one file per project ---------------


def target_table_003(ws: Worksheet, p: dict[str, Any], title: str) -> None:
    """Columns A–H: title and year rows; 项目类型 and 绩效分配方式 as check-box lines (□ / √);
    项目概况 merged down over its label rows; 项目资金 in two halves (中长期 | 年度); the goal under
    年度目标; the indicator table in two halves, 中长期 (B–E, with the printed 指标N：) and 年度 (F–H)."""
    h, funds = p["head"], p["head"]["资金"]
    put(ws, "A1:H1", title, bold=True, box=False)
    put(ws, "A2:H2", "（2020年度）", box=False)
    put(ws, "A3:B3", "项目名称")
    put(ws, "C3:H3", h["项目名称"])
    put(ws, "A4:B4", "预算单位")
    put(ws, "C4:H4", h["预算单位"])
    put(ws, "A5:B5", "项目类型")
    put(ws, "C5:H5", "产业发展   □ 民生保障   √ 基础设施   □ 行政运行    □")
    labels = (
        ("中长期规划（名称、文号，仅指常年项目）", h["中长期规划"] + "             "),
        ("资金管理办法（名称、文号）", h["资金管理办法"] + "\u3000\u3000"),
        ("绩效分配方式", "因素法  □   项目法  □  据实据效  √   因素法与项目法相结合  □"),
        ("立项依据", h["立项依据"] + "             "),
        ("使用范围", h["使用范围"]),
        ("申报（补助）条件", h["申报条件"]),
        ("项目起止年限", h["项目周期"]),
    )
    put(ws, f"A6:A{5 + len(labels)}", "项目概况")
    for k, (label, value) in enumerate(labels):
        put(ws, f"B{6 + k}", label)
        put(ws, f"C{6 + k}:H{6 + k}", value)
    r = 6 + len(labels)
    put(ws, f"A{r}:A{r + 2}", "项目资金（万元）")
    put(ws, f"B{r}", "中长期资金总额：")
    put(ws, f"C{r}:D{r}", None)
    put(ws, f"E{r}", "年度资金总额：")
    put(ws, f"F{r}:H{r}", funds["年度资金总额"])
    put(ws, f"B{r + 1}", "其中：财政拨款")
    put(ws, f"C{r + 1}:D{r + 1}", None)
    put(ws, f"E{r + 1}", "其中：财政拨款")
    put(ws, f"F{r + 1}:H{r + 1}", None)
    put(ws, f"B{r + 2}", "其他资金")
    put(ws, f"C{r + 2}:D{r + 2}", None)
    put(ws, f"E{r + 2}", "社保基金")
    put(ws, f"F{r + 2}:H{r + 2}", funds["社保基金"])
    r += 3
    put(ws, f"A{r}:A{r + 1}", "总体目标")
    put(ws, f"B{r}:D{r}", "中长期目标（20××年—20××+n年）")
    put(ws, f"E{r}:H{r}", "年度目标")
    put(ws, f"B{r + 1}:D{r + 1}", None)
    put(ws, f"E{r + 1}:H{r + 1}", h["总体目标"])
    r += 2
    rows = p["rows"]
    put(ws, f"A{r}:A{r + len(rows)}", "绩效指标")
    for col, label in zip("BCDEFGH", ("一级指标", "二级指标", "三级指标", "指标值（包含数字及文字描述）", "二级指标", "三级指标", "指标值（包含数字及文字描述）")):
        put(ws, f"{col}{r}", label, bold=True)
    first = r + 1
    long_term = [(row[0], _long_level2(row[1])) + row[2:] for row in rows]
    level_cells(ws, long_term, first, "B", "C")
    for k, row in enumerate(rows):
        rr = first + k
        put(ws, f"D{rr}", f"{row[6]}：")
        put(ws, f"E{rr}", None)
        put(ws, f"F{rr}", row[1])
        put(ws, f"G{rr}", row[2])
        put(ws, f"H{rr}", *number(row[3]))


def _long_level2(name: str) -> str:
    """The merged 二级 heading of the 中长期 half: 社会效益指标 where the 年度 half writes 社会效益."""
    return name if name.endswith("指标") else name + "指标"


def seed_003() -> None:
    for key, title in (("003_01", "2020年叶城县职工基本医疗保险支出绩效目标表"), ("003_02", "2020年叶城县机关事业单位养老保险（改革）支出绩效目标表"),
                       ("003_03", "2020年叶城县城乡居民养老保险支出绩效目标表"), ("003_04", "2020年叶城县城乡居民医疗保险支出绩效目标表")):  # fmt: skip
        wb = Workbook()
        ws = wb.active
        ws.title = "绩效目标表"
        target_table_003(ws, P[key], title)
        wb.save(SEEDS / f"{key}.xlsx")


# --- the same tables saved in other formats, as Excel, WPS and web systems save them ------


FORMATS = HERE / "formats"
BROKEN = HERE / "broken"


def shown(cell: Any) -> str:
    """What a cell shows: 0.77 formatted 0% shows 77%."""
    v, fmt = cell.value, cell.number_format or "General"
    if v is None:
        return ""
    if isinstance(v, float) and "%" in fmt:
        places = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
        return f"{v * 100:.{places}f}%"
    if isinstance(v, float) and "." in fmt:
        return f"{v:.{len(fmt.split('.')[1])}f}"
    if isinstance(v, (int, float)) and "," in fmt:
        return f"{v:,}"
    return str(v)


def grid(ws: Worksheet) -> tuple[list[list[Any]], list[tuple[int, int, int, int]]]:
    cells = [[ws.cell(r, c) for c in range(1, ws.max_column + 1)] for r in range(1, ws.max_row + 1)]
    merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    return cells, merges


def save_xls(ws: Worksheet, path: Path) -> None:
    """Excel 97–2003, as WPS saves it: merged ranges and number formats kept."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(ws.title)
    cells, merges = grid(ws)
    styles: dict[str, Any] = {}

    def style(fmt: str) -> Any:
        if fmt not in styles:
            styles[fmt] = xlwt.easyxf(num_format_str=fmt)
        return styles[fmt]

    inside = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r1, c1, r2, c2 in merges:
        cell = cells[r1 - 1][c1 - 1]
        sheet.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, cell.value, style(cell.number_format or "General"))
    for row in cells:
        for cell in row:
            if (cell.row, cell.column) not in inside and cell.value is not None:
                sheet.write(cell.row - 1, cell.column - 1, cell.value, style(cell.number_format or "General"))
    book.save(str(path))


def save_ods(ws: Worksheet, path: Path) -> None:
    """OpenDocument, as LibreOffice saves it: value types, shown text, spanned and covered cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=ws.title)
    cells, merges = grid(ws)
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in merges}
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(spans)
    for row in cells:
        tr = TableRow()
        for cell in row:
            at = (cell.row, cell.column)
            if at in covered:
                tr.addElement(CoveredTableCell())
                continue
            attrs: dict[str, Any] = {}
            if at in spans:
                attrs.update(numberrowsspanned=spans[at][0], numbercolumnsspanned=spans[at][1])
            v = cell.value
            if isinstance(v, (int, float)):
                attrs.update(valuetype="percentage" if "%" in (cell.number_format or "") else "float", value=str(v))
            elif v is not None:
                attrs.update(valuetype="string")
            tc = TableCell(**attrs)
            if v is not None:
                tc.addElement(P(text=shown(cell)))
            tr.addElement(tc)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def save_docx(ws: Worksheet, path: Path, title: str) -> None:
    """A Word table, as units paste the form into a report: the title as a paragraph above it."""
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    cells, merges = grid(ws)
    table = document.add_table(rows=len(cells), cols=len(cells[0]))
    table.style = "Table Grid"
    for r1, c1, r2, c2 in merges:
        table.cell(r1 - 1, c1 - 1).merge(table.cell(r2 - 1, c2 - 1))
    inside = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(m[0], m[1]) for m in merges}
    for row in cells:
        for cell in row:
            if (cell.row, cell.column) not in inside and cell.value is not None:
                table.cell(cell.row - 1, cell.column - 1).text = shown(cell)
    document.save(str(path))


def save_html_xls(ws: Worksheet, path: Path, title: str) -> None:
    """An "xls" as web budget systems export it: an HTML page (GBK) with one table, named .xls."""
    cells, merges = grid(ws)
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in merges}
    inside = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(spans)
    lines = ['<html xmlns:x="urn:schemas-microsoft-com:office:excel">', "<head>",
             '<meta http-equiv="Content-Type" content="text/html; charset=gbk">', f"<title>{title}</title>", "</head>", "<body>",
             '<table border="1">']  # fmt: skip
    for row in cells:
        tds = []
        for cell in row:
            at = (cell.row, cell.column)
            if at in inside:
                continue
            span = spans.get(at, (1, 1))
            attrs = (f' rowspan="{span[0]}"' if span[0] > 1 else "") + (f' colspan="{span[1]}"' if span[1] > 1 else "")
            text = shown(cell).replace("&", "&amp;").replace("<", "&lt;")
            tds.append(f"<td{attrs}>{text}</td>")
        lines.append("<tr>" + "".join(tds) + "</tr>")
    lines += ["</table>", "</body>", "</html>"]
    path.write_bytes("\n".join(lines).encode("gbk"))


def save_csv(ws: Worksheet, path: Path) -> None:
    """CSV as Excel saves it in China (GB18030): merged ranges keep their value at the first cell only."""
    import csv
    import io

    cells, _ = grid(ws)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in cells:
        writer.writerow([shown(c) for c in row])
    path.write_bytes(out.getvalue().encode("gb18030"))


def formats() -> None:
    from openpyxl import load_workbook

    FORMATS.mkdir(exist_ok=True)
    monitoring = load_workbook(SEEDS / "001_monitoring.xlsx")["机关事业单位养老保险"]
    save_xls(monitoring, FORMATS / "001_01_monitoring.xls")
    save_ods(monitoring, FORMATS / "001_01_monitoring.ods")
    save_docx(monitoring, FORMATS / "001_01_monitoring.docx", "塔什库尔干县社保基金支出绩效监控情况表")
    save_html_xls(monitoring, FORMATS / "001_01_monitoring_web.xls", "绩效监控情况表导出")
    save_csv(monitoring, FORMATS / "001_01_monitoring.csv")
    target = load_workbook(SEEDS / "003_01.xlsx").active
    save_ods(target, FORMATS / "003_01_target.ods")
    save_xls(target, FORMATS / "003_01_target.xls")
    save_docx(target, FORMATS / "003_01_target.docx", "2020年叶城县职工基本医疗保险支出绩效目标表")


def broken() -> None:
    """Files that must get a clear error, each named for what is wrong with it."""
    import zipfile

    from openpyxl import load_workbook

    BROKEN.mkdir(exist_ok=True)
    good = (SEEDS / "002_01_企业职工基本养老保险.xlsx").read_bytes()
    (BROKEN / "truncated.xlsx").write_bytes(good[: len(good) // 2])
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(good)).encrypt("123456", encrypted)
    (BROKEN / "password.xlsx").write_bytes(encrypted.getvalue())
    (BROKEN / "login_page.xls").write_bytes(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>预算管理一体化系统 - 登录</title></head>"
        "<body><h1>会话已过期，请重新登录</h1><form><input name='user'></form></body></html>".encode()
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "填表说明"
    ws["A1"] = "填表说明"
    ws["A2"] = "1. 金额单位为万元。"
    ws["A3"] = "2. 指标值请填写数字及文字描述。"
    wb.save(BROKEN / "instructions_only.xlsx")
    wb = load_workbook(SEEDS / "001_monitoring.xlsx")
    for name in wb.sheetnames[1:]:
        del wb[name]
    wb.active["H7"] = "=G7/C7"  # a formula saved by a program that does not calculate: no cached value
    wb.save(BROKEN / "uncached_formula.xlsx")
    million_rows(BROKEN / "million_rows.xlsx", dense=False)


def million_rows(path: Path, *, dense: bool) -> None:
    """A sheet that reaches row 1,000,000: every row filled (dense, tens of MB unzipped, no
    <dimension>), or a few rows and the last one (sparse, small, its <dimension> says A1:B1000000)."""
    import zipfile

    numbers = range(1, 1_000_001) if dense else (*range(1, 11), 1_000_000)
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in numbers)
    dimension = b"" if dense else b'<dimension ref="A1:B1000000"/>'
    sheet = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             + dimension + b"<sheetData>" + rows + b"</sheetData></worksheet>")  # fmt: skip
    with zipfile.ZipFile(SEEDS / "000_target_tables.xlsx") as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, sheet if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename))


PUBLISHED_DIR = HERE / "published"


def published() -> None:
    """The real published tables of published_layouts.py, cell by cell."""
    import sys

    sys.path.insert(0, str(HERE))
    from published_layouts import PUBLISHED

    PUBLISHED_DIR.mkdir(exist_ok=True)
    for table in PUBLISHED:
        wb = Workbook()
        ws = wb.active
        ws.title = table["sheet"]
        for r, row in enumerate(table["rows"], start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value).alignment = Alignment(wrap_text=True, vertical="center")
        for ref, fmt in table.get("formats", {}).items():
            ws[ref].number_format = fmt
        for ref in table["merges"]:
            ws.merge_cells(ref)
        wb.save(PUBLISHED_DIR / table["file"])


def main() -> None:
    SEEDS.mkdir(exist_ok=True)
    seed_000()
    seed_001()
    seed_002()
    seed_003()
    formats()
    broken()
    published()


P: dict[str, dict[str, Any]] = {}

# examples/000_target_tables/01_机关事业单位养老保险.yaml
P["000_01"] = dict(
    head={'预算单位': '新疆维吾尔自治区社会保险管理局', '项目名称': '自治区本级机关事业单位养老保险（改革）基金支出', '金额单位': '万元', '资金': {'年度资金总额': 494296, '社保基金': 494296, '其他资金': 0}, '总体目标': '聚焦总目标，确保离退休人员按期足额领取养老金待遇，按期调整待遇，让离退休人员享受国家发展改革成果，安享晚年，确保社会稳定和长治久安。'},
    rows=[
        ('项目完成', '数量指标', '参保缴费人数', '7.79万人', None, None, None),
        ('项目完成', '数量指标', '保障退休待遇人数', '6.24万人', None, None, None),
        ('项目完成', '数量指标', '基本养老保险收入预算执行率', '105%≤≥95%', None, None, None),
        ('项目完成', '数量指标', '基本养老保险支出预算执行率', '105%≤≥95%', None, None, None),
        ('项目完成', '质量指标', '养老保险待遇首次发放成功率', '≥95%', None, None, None),
        ('项目完成', '质量指标', '养老金首次转移成功率', '≥95%', None, None, None),
        ('项目完成', '质量指标', '基金使用符合政策规定', '100%', None, None, None),
        ('项目完成', '时效指标', '养老金发放时效', '每月25日前', None, None, None),
        ('项目完成', '成本指标', '月均养老金支出（万元）', '41191', None, None, None),
        ('项目效益', '社会效益指标', '让离退休人员安享晚年', '充分发挥社会保险的职能作用', None, None, None),
        ('项目效益', '可持续影响指标', '对基本养老保险制度可持续发展', '持续有效推动', None, None, None),
        ('满意度指标', '满意度指标', '离退休人员满意度', '≥95%', None, None, None),
    ],
)
# examples/000_target_tables/02_职工基本医疗保险.yaml
P["000_02"] = dict(
    head={'预算单位': '自治区医疗保障局区本级', '项目名称': '自治区本级职工基本医疗保险基金支出', '金额单位': '万元', '资金': {'年度资金总额': 336443, '社保基金': 336443, '其他资金': 0}, '总体目标': '以习近平新时代中国特色社会主义思想为指导，聚焦社会稳定和长治久安总目标，贯彻《社会保险法》、《社会保险费征缴暂行条例》保障广大参保人员合法权益，确保医疗、生育保险待遇按时、足额发放。严格执行社会保险各项政策，使参保人员的获得感、幸福感不断增强，促进实现新疆社会稳定和长治久安总目标。'},
    rows=[
        ('项目完成', '数量指标', '职工基本医疗保险支出预算执行率与序时进程偏离率', '≥-10%或≤10%', None, None, None),
        ('项目完成', '数量指标', '职工基本医疗可支付月数', '≥6个月或≤9个月', None, None, None),
        ('项目完成', '数量指标', '保障职工基本医疗保险待遇享受人次', '≥4140973人次', None, None, None),
        ('项目完成', '数量指标', '保障生育保险待遇享受人次', '≥7726人次', None, None, None),
        ('项目完成', '数量指标', '参保患者合规医疗费用应享受待遇金额与实际享受待遇金额差额', '<0.1%', None, None, None),
        ('项目完成', '质量指标', '基金使用符合政策规定', '100%', None, None, None),
        ('项目完成', '质量指标', '各项社会保险待遇发放准确率', '≥99%', None, None, None),
        ('项目完成', '时效指标', '按标准足额保障参保人员待遇支出', '≥99%', None, None, None),
        ('项目完成', '时效指标', '按时报送各项社会保险基金季报数据及分析', '每季度结束后的，15日内', None, None, None),
        ('项目完成', '时效指标', '及时报送各项社会保险基金决算数据及分析', '每年度结束后的，20日内', None, None, None),
        ('项目完成', '成本指标', '及时拨款，保障参加社会保险的各项社会保险待遇', '30日内完成审核拨付', None, None, None),
        ('项目完成', '成本指标', '月均待遇支出（万元）', '28037', None, None, None),
        ('项目效益', '社会效益指标', '保障各项社会保险待遇，维护社会稳定', '按标准审核后足额发放', None, None, None),
        ('项目效益', '可持续影响指标', '对职工医疗保险制度可持续发展', '持续有效推动', None, None, None),
        ('满意度指标', '满意度指标', '职工基本医疗保险待遇享受人员满意度', '>90%', None, None, None),
        ('满意度指标', '满意度指标', '其他各项社会保险待遇享受人员满意度', '>90%', None, None, None),
    ],
)
# examples/000_target_tables/03_失业保险.yaml
P["000_03"] = dict(
    head={'预算单位': '新疆维吾尔自治区社会保险管理局', '项目名称': '自治区本级失业保险基金支出', '金额单位': '万元', '资金': {'年度资金总额': 9536, '社保基金': 9536, '其他资金': 0}, '总体目标': '聚焦总目标，为因失业而暂时中断生活来源的失业保险参保对象提供物质帮助以保障其基本生活，并通过通过专业训练、职业介绍等手段为其再就业创造条件。'},
    rows=[
        ('项目完成', '数量指标', '参保缴费人数', '13.2万人', None, None, None),
        ('项目完成', '数量指标', '保障享受失业待遇人数', '293人', None, None, None),
        ('项目完成', '数量指标', '代缴医疗保险人次', '2176人次', None, None, None),
        ('项目完成', '数量指标', '享受稳定岗位补贴企业参加失业保险人数', '13.17万人', None, None, None),
        ('项目完成', '数量指标', '基金收入预算执行率', '105%≤≥95%', None, None, None),
        ('项目完成', '数量指标', '基金支出预算执行率', '105%≤≥95%', None, None, None),
        ('项目完成', '质量指标', '失业保险待遇首次发放成功率', '≥95%', None, None, None),
        ('项目完成', '质量指标', '代缴医疗保险费成功率', '100%', None, None, None),
        ('项目完成', '质量指标', '基金使用符合政策规定', '100%', None, None, None),
        ('项目完成', '时效指标', '失业金发放时效', '每月25日前', None, None, None),
        ('项目完成', '成本指标', '月均失业保险基金支出（万元）', '795', None, None, None),
        ('项目效益', '社会效益指标', '让失业人员按时足额领取待遇', '保障失业人员基本生活', None, None, None),
        ('项目效益', '可持续影响指标', '提高职工职业技能，减少失业率', '充分发挥社会保险的社会保障职能作用', None, None, None),
        ('满意度指标', '满意度指标', '失业人员满意度', '≥95%', None, None, None),
    ],
)
# examples/001_monitoring/01_机关事业单位养老保险.yaml
P["001_01"] = dict(
    head={'年度': 2020, '预算单位': '塔什库尔干县社会保险管理局', '项目名称': '塔什库尔干县机关事业单位养老保险(改革)基金支出', '项目周期': '2020.01.01-2020.12.31', '监控时点': '2020年9月', '金额单位': '万元', '预算': {'预算数': 14158, '到位数': 10934, '执行数': 10934, '预算执行率': '77%'}, '总体目标': '聚焦总目标, 确保我县离退休人员按期足额领取养老金待遇, 按期调整待遇, 让离退休人员享受国家发展改革成果, 安享晚年, 确保社会稳定和长治久安。', '完成情况': '1-9月塔什库尔干县社会保险中心严格执行社保基金管理法规政策, 保证参保人员权益, 按时足额发放各项社会保险待遇, 未发生基金管理运行风险。', '总体完成率': '80%', '偏差和措施': '完成目标执行总情况80%与目标有偏差, 主要为参保缴费人数比预计人数高, 后期精准统计, 确保实际参保缴费人数准确真实性。'},
    rows=[
        ('产出指标', '数量指标', '参保缴费人数', '2834人', '2977人', '105%', None),
        ('产出指标', '数量指标', '保障退休待遇人数', '1660人', '1539人', '93%', None),
        ('产出指标', '数量指标', '基本养老保险收入预算执行率', '105%≤≥95%', '10625', '75%', None),
        ('产出指标', '数量指标', '基本养老保险支出预算执行率', '105%≤≥95%', '10934', '77%', None),
        ('产出指标', '质量指标', '养老保险待遇首次发放成功率', '≥95%', '≥95%', '75%', None),
        ('产出指标', '质量指标', '养老金首次转移成功率', '≥95%', '≥95%', '75%', None),
        ('产出指标', '质量指标', '养老金发放时效', '每月25日前', '按时发放', '75%', None),
        ('产出指标', '质量指标', '基金使用符合政策规定', '100%', '100%', '75%', None),
        ('效益指标', '社会效益指标', '让离退休人员安享晚年', '充分发挥社会保险的职能作用', '充分发挥社会保险的职能作用', '75%', None),
        ('效益指标', '可持续影响指标', '离退休人员上访率', '上访率控制在0.1%以内, 维护社会稳定, 长治久安', '上访率控制在0.1%以内, 维护社会稳定, 长治久安', '75%', None),
        ('满意度指标', '满意度指标', '离休退休人员满意度', '≥95%', '≥95%', '75%', None),
    ],
)
# examples/001_monitoring/02_城乡居民养老保险.yaml
P["001_02"] = dict(
    head={'年度': 2020, '预算单位': '塔什库尔干县社会保险管理局', '项目名称': '塔什库尔干县城乡居民养老保险基金支出', '项目周期': '2020.01.01-2020.12.31', '监控时点': '2020年9月', '金额单位': '万元', '预算': {'预算数': 542, '到位数': 433, '执行数': 433}, '总体目标': '聚焦总目标,确保离退休人员按期足额领取养老金待遇,按期调整待遇,让离退休人员享受国家发展改革成果,安享晚年,确保社会稳定和长治久安。', '完成情况': '1-9月塔什库尔干县社保局严格执行社保基金管理法规政策,保证参保人员权益,按时足额发放各项社会保险待遇,未发生基金管理运行风险。', '总体完成率': '81%', '偏差和措施': ''},
    rows=[
        ('产出指标', '数量指标', '个人缴费人数', '16525人', '18007人', '109.00%', None),
        ('产出指标', '数量指标', '财政缴费补贴人数', '16804人', '8791人', '52.31%', None),
        ('产出指标', '数量指标', '重度残疾等困难人员代缴人数', '10517人', '10141人', '96.42%', None),
        ('产出指标', '数量指标', '个人缴费人均缴费标准', '124.07', '161.46', '130%', None),
        ('产出指标', '数量指标', '财政补贴标准(省级、县级)', '50、6.17', '52、15', None, None),
        ('产出指标', '数量指标', '重度残疾等困难人员代缴标准', '100', '100', None, None),
        ('产出指标', '数量指标', '其他代缴标准', '46.98', '50', '106%', None),
        ('产出指标', '数量指标', '保障退休待遇人数', '2827人', '2672人', '95%', None),
        ('产出指标', '数量指标', '基本养老保险预算执行率', '105%≤95%', '884', '101%', None),
        ('产出指标', '数量指标', '基本养老支出预算执行率', '105%≤95%', '433', '80%', None),
        ('产出指标', '质量指标', '养老保险待遇首次发放成功率', '≥95%', '≥95%', '75%', None),
        ('产出指标', '质量指标', '养老金首次转移成功率', '≥95%', '≥95%', '75%', None),
        ('产出指标', '质量指标', '养老金发放时效', '每月25日前', '按时发放', '75%', None),
        ('产出指标', '质量指标', '基金使用符合政策规定', '100%', '100%', '75%', None),
        ('效益指标', '社会效益指标', '让退休人员安享晚年', '充分发挥社会保险的职能作用', '充分发挥社会保险的职能作用', '75%', None),
        ('效益指标', '可持续影响指标', '退休人员上访率', '上访率控制在0.1%以内,维护社会稳定,长治久安', '上访率控制在0.1%以内,维护社会稳定,长治久安', '75%', None),
        ('满意度指标', '满意度指标', '退休人员满意度', '≥95%', '≥95%', '75%', None),
    ],
)
# examples/001_monitoring/03_职工基本医疗保险.yaml
P["001_03"] = dict(
    head={'年度': 2020, '预算单位': '塔什库尔干县医疗保障局', '项目名称': '塔什库尔干县职工基本医疗保险(含生育保险)基金支出', '项目周期': '2020.01.01-2020.12.31', '监控时点': '2020年9月', '金额单位': '万元', '预算': {'预算数': 3488, '到位数': 1280, '执行数': 1280, '预算执行率': '37%'}, '总体目标': '聚焦总目标, 确保职工基本医疗保险(含生育保险)待遇发放, 按期调整待遇, 让职工享受国家发展改革成果, 确保社会稳定和长治久安。', '完成情况': '1-9月塔什库尔干县医疗保障局严格执行社保基金管理法规政策, 保证参保人员权益, 按时足额发放各项社会保险待遇, 未发生基金管理运行风险。', '总体完成率': '70%', '偏差和措施': '完成目标执行总情况70%与目标有偏差, 主要为领取待遇人数比预计人数低, 后期精准统计, 确保实际领取待遇人数准确真实性。'},
    rows=[
        ('产出指标', '数量指标', '参保缴费人数', '3844人', '2883人', '75%', None),
        ('产出指标', '数量指标', '保障退休待遇人数', '1991人', '1493人', '75%', None),
        ('产出指标', '数量指标', '职工基本医疗收入预算执行率', '105%≤≥95%', '2086', '56%', None),
        ('产出指标', '数量指标', '职工基本医疗支出预算执行率', '105%≤≥95%', '1280', '37%', None),
        ('产出指标', '质量指标', '职工基本医疗保险待遇首次发放', '≥95%', '≥95%', '75%', None),
        ('产出指标', '质量指标', '职工基本医疗首次转移成功率', '≥95%', '≥95%', '75%', None),
        ('产出指标', '质量指标', '职工基本医疗发放时效', '每月25日前', '按时发放', '75%', None),
        ('产出指标', '质量指标', '基金使用符合政策规定', '100%', '100%', '75%', None),
        ('效益指标', '社会效益指标', '参保人员及时报销', '充分发挥社会保险的职能作用', '充分发挥社会保险的职能作用', '75%', None),
        ('效益指标', '可持续影响指标', '职工上访率', '上访率控制在0.1%以内, 维护社会稳定, 长治久安', '上访率控制在0.1%以内, 维护社会稳定, 长治久安', '75%', None),
        ('满意度指标', '满意度指标', '职工满意度', '≥95%', '≥95%', '75%', None),
    ],
)
# examples/001_monitoring/04_城乡居民基本医疗保险.yaml
P["001_04"] = dict(
    head={'年度': 2020, '预算单位': '塔什库尔干县医疗保障局', '项目名称': '塔什库尔干县城乡居民基本医疗保险基金支出', '项目周期': '2020.01.01-2020.12.31', '监控时点': '2020年9月', '金额单位': '万元', '预算': {'预算数': 2157, '到位数': 587, '执行数': 587, '预算执行率': '27%'}, '总体目标': '聚焦总目标, 确保城乡居民基本医疗保险待遇发放, 按期调整待遇, 让参保人员享受国家发展改革成果, 确保社会稳定和长治久安。', '完成情况': '1-9月塔什库尔干县医疗保障局严格执行社保基金管理法规政策, 保证参保人员权益, 按时足额发放各项社会保险待遇, 未发生基金管理运行风险。', '总体完成率': '64%', '偏差和措施': '完成目标执行总情况64%与目标有偏差, 主要为领取待遇人数比预计人数低, 后期精准统计, 确保实际领取待遇人数准确真实性。'},
    rows=[
        ('产出指标', '数量指标', '参保缴费人数', '35485人', '26614人', '75%', None),
        ('产出指标', '数量指标', '城乡居民基本医疗保险收入预算执行率', '105%≤≥95%', '754', '25%', None),
        ('产出指标', '数量指标', '城乡居民基本医疗保险支出预算执行率', '105%≤≥95%', '587', '27%', None),
        ('产出指标', '质量指标', '城乡居民基本医疗保险待遇首次发放成功率', '≥95%', '≥95%', '75%', None),
        ('产出指标', '质量指标', '城乡居民基本医疗发放时效', '每月25日前', '按时发放', '75%', None),
        ('产出指标', '质量指标', '基金使用符合政策规定', '100%', '100%', '75%', None),
        ('效益指标', '社会效益指标', '参保人员及时报销', '充分发挥社会保险的职能作用', '充分发挥社会保险的职能作用', '75%', None),
        ('效益指标', '可持续影响指标', '城乡居民上访率', '上访率控制在0.1%以内, 维护社会稳定, 长治久安', '上访率控制在0.1%以内, 维护社会稳定, 长治久安', '75%', None),
        ('满意度指标', '满意度指标', '居民满意度', '≥95%', '≥95%', '75%', None),
    ],
)
# examples/002_self_evaluation/01_企业职工基本养老保险.yaml
P["002_01"] = dict(
    head={'年度': 2020, '预算单位': '自治区社会保险管理局', '项目名称': '企业职工基本养老保险基金支出', '金额单位': '万元', '预算': {'预算数': 1410942, '执行数': 1281199, '社保基金预算数': 1410942, '社保基金执行数': 1281199}, '总体目标': '聚焦总目标，确保离退休人员按期足额领取养老金待遇，按期调整待遇，让离退休人员享受国家发展改革成果，安享晚年，确保社会稳定和长治久安。', '完成情况': '全年保障21.81万名离退休人员按期足额领取养老金待遇，保障0.43万名离退休死亡人员丧葬抚恤金发放。并在7月按自治区统一部署，调增离退休人员基本养老金，让离退休人员享受国家发展改革成果，安享晚年，达到了预期目标，确保社会稳定和长治久安。'},
    rows=[
        ('项目完成指标', '数量指标', '参保缴费人数', '32.85万人', '2020年末实际参保缴费人数32.68万人', None, None),
        ('项目完成指标', '数量指标', '保障退休待遇人数', '21.72万人', '2020年末实际保障退休待遇人数21.75万人', None, None),
        ('项目完成指标', '数量指标', '保障离休人员待遇人数', '0.05万人', '2020年末实际保障离休人员待遇人数0.05万人', None, None),
        ('项目完成指标', '数量指标', '保障丧葬抚恤金发放人数', '0.5万人', '2020年末实际保障丧葬抚恤金发放人数0.43万人', None, None),
        ('项目完成指标', '数量指标', '基本养老收入预算执行率', '105%≤≥95%', '基本养老保险费收入预算执行率100.97%', None, None),
        ('项目完成指标', '数量指标', '基本养老支出预算执行率', '105%≤≥95%', '基本养老金支出预算执行率92.85%', None, None),
        ('项目完成指标', '质量指标', '养老保险待遇首次发放成功率', '≥95%', '养老保险待遇首次发放成功率实际≥95%', None, None),
        ('项目完成指标', '质量指标', '养老金首次转移成功率', '≥95%', '养老金首次转移成功率≥95%', None, None),
        ('项目完成指标', '质量指标', '养老金发放时效', '每月25日前', '养老金每月25日前按时足额发放', None, None),
        ('项目完成指标', '质量指标', '基金使用符合政策规定', '100%', '基金使用100%符合政策规定', None, None),
        ('项目完成指标', '时效指标', '按季度报送全区基本养老保险、工伤保险、失业保险基金运行分析报告', '每季末次月底前', '每季末基金运行分析报告随季报同时报送', None, None),
        ('项目完成指标', '时效指标', '项目截至时间', '2020/12/31', '2020年全年企业基本养老保险基金支出保障到位', None, None),
        ('项目效益指标', '社会效益指标', '让离退休人员安享晚年', '充分发挥社会保险的职能作用', '充分发挥社会保险的职能作用，让离退休人员安享晚年', None, None),
        ('项目效益指标', '可持续影响力指标', '离退休人员上访率', '上访率控制在0.1%以内，维护社会稳定，长治久安', '离退休人员上访率<0.1%', None, None),
        ('满意度指标', '满意度指标', '离退休人员满意度', '≥95%', '离休退人员满意度≥95%', None, None),
    ],
)
# examples/002_self_evaluation/02_机关事业单位基本养老保险.yaml
P["002_02"] = dict(
    head={'年度': 2020, '预算单位': '自治区社会保险管理局', '项目名称': '机关事业单位基本养老保险基金支出', '金额单位': '万元', '预算': {'预算数': 489150, '执行数': 478059, '社保基金预算数': 489150, '社保基金执行数': 478059}, '总体目标': '聚焦总目标，确保离退休人员按期足额领取养老金待遇，按期调整待遇，让离退休人员享受国家发展改革成果，安享晚年，确保社会稳定和长治久安。', '完成情况': '全年保障5.56万离退休人员按期足额领取养老金待遇，并在7月按自治区统一部署，调增5.76万名离退休人员基本养老金，让离退休人员享受国家发展改革成果，安享晚年，达到了预期目标，确保社会稳定和长治久安。'},
    rows=[
        ('项目完成指标', '数量指标', '参保缴费人数', '8.46万人', '2020年末实际参保缴费人数8.33万人', None, None),
        ('项目完成指标', '数量指标', '保障退休待遇人数', '6.46万人', '2020年末实际保障退休待遇领取人数5.76万人', None, None),
        ('项目完成指标', '数量指标', '清算新纳入中央驻疆单位补发基本养老金', '185751万元', '2020年8家中央驻疆单位纳入自治区本级机关事业单位养老保险范围，实际补发基金养老金', None, None),
        ('项目完成指标', '数量指标', '基本养老收入预算执行率', '105%≤≥95%', '基本养老保险费收入预算执行率99%', None, None),
        ('项目完成指标', '数量指标', '基本养老支出预算执行率', '105%≤≥95%', '基本养老金支出预算执行率98%', None, None),
        ('项目完成指标', '质量指标', '养老保险待遇首次发放成功率', '≥95%', '养老保险待遇首次发放成功率实际≥95%', None, None),
        ('项目完成指标', '质量指标', '养老金首次转移成功率', '≥95%', '养老金首次转移成功率≥95%', None, None),
        ('项目完成指标', '质量指标', '养老金发放时效', '每月25日前', '养老金每月25日前按时足额发放', None, None),
        ('项目完成指标', '质量指标', '基金使用符合政策规定', '100%', '基金使用100%符合政策规定', None, None),
        ('项目效益指标', '社会效益指标', '让离退休人员安享晚年', '充分发挥社会保险的职能作用', '充分发挥社会保险的职能作用，让离退休人员安享晚年', None, None),
        ('项目效益指标', '可持续影响力指标', '离退休人员上访率', '上访率控制在0.1%以内，维护社会稳定，长治久安', '离退休人员上访率<0.1%', None, None),
        ('满意度指标', '满意度指标', '离退休人员满意度', '≥95%', '离休退人员满意度≥95%', None, None),
    ],
)
# examples/002_self_evaluation/03_工伤保险.yaml
P["002_03"] = dict(
    head={'年度': 2020, '预算单位': '自治区社会保险管理局', '项目名称': '工伤保险基金支出', '金额单位': '万元', '预算': {'预算数': 6926, '执行数': 5769, '社保基金预算数': 6926, '社保基金执行数': 5769}, '总体目标': '聚焦总目标，确保发生工伤人员按政策及时足额领取工伤保险待遇，减轻家庭负担，定期调整待遇，让工伤人员享受国家发展改革成果，生活安定，确保社会稳定和长治久安。', '完成情况': '聚焦总目标，确保发生工伤人员按政策及时足额领取工伤保险待遇，减轻家庭负担，定期调整待遇，让工伤人员享受国家发展改革成果，生活安定，2020年全年区本级有效保障了12.79万名参保职工的工伤医疗报销、工伤致残及工亡待遇问题，全年工伤保险待遇享受人数745人，达到了预期目标，确保了社会稳定和长治久安。'},
    rows=[
        ('项目完成指标', '数量指标', '参保缴费人数', '12.51万人', '2020年末实际参保缴费人数12.79万人', None, None),
        ('项目完成指标', '数量指标', '保障工伤待遇人数', '0.37万人', '2020年末实际保障工伤待遇人数745人', None, None),
        ('项目完成指标', '数量指标', '劳动能力鉴定人数', '245人', '2020年末实际劳动能力鉴定人数172人', None, None),
        ('项目完成指标', '数量指标', '工伤保险政策知晓率', '≥95%', '工伤保险政策知晓率≥95%', None, None),
        ('项目完成指标', '数量指标', '基金收入预算执行率', '105%≤≥95%', '基金收入预算执行率103%', None, None),
        ('项目完成指标', '数量指标', '基金支出预算执行率', '105%≤≥95%', '基金支出预算执行率84%', None, None),
        ('项目完成指标', '质量指标', '工伤待遇首次发放成功率', '≥95%', '工伤待遇首次发放成功率≥95%', None, None),
        ('项目完成指标', '质量指标', '工伤待遇发放时效', '每月25日前', '工伤保险待遇每月25日前按时足额发放', None, None),
        ('项目完成指标', '质量指标', '基金使用符合政策规定', '100%', '基金使用100%符合政策规定', None, None),
        ('项目效益指标', '社会效益指标', '让工伤人员按时足额领取待遇', '保障工伤人员安定生活', '让工伤人员按时足额领取待遇，保障工伤人员安定生活', None, None),
        ('项目效益指标', '可持续影响力指标', '防止参保职工因工伤返贫致贫', '充分发挥社会保险的社会保障职能作用', '防止因工伤返贫致贫、充分发挥社会保险的职能作用', None, None),
        ('满意度指标', '满意度指标', '工伤人员满意度', '≥95%', '工伤人员满意度≥95%', None, None),
    ],
)
# examples/002_self_evaluation/04_失业保险.yaml
P["002_04"] = dict(
    head={'年度': 2020, '预算单位': '自治区社会保险管理局', '项目名称': '失业保险基金支出', '金额单位': '万元', '预算': {'预算数': 16244, '执行数': 10049, '社保基金预算数': 16244, '社保基金执行数': 10049}, '总体目标': '全区社会保险代办员补助经费是为切实贯彻《社会保险费征缴暂行条例》、《失业保险条例》精神，全面完成人社部下达给我地区的社会保险扩面指标及基金增收计划，以加强扩大社会保险覆盖面和征收社会保险费的力量。聚焦总目标，确保失业人员按政策及时足额领取失业保险各项待遇，减轻家庭负担，维持基本安定生活，同时采取各项措施提高就业人员职业技能，避免失业。确保社会稳定和长治久安。', '完成情况': '2020年区本级有效保障了13.52万名参保职工的失业保险待遇问题。全年领取失业金人数214人.人均月领取失业金610元。全年代缴失业人员医疗保险费1402人次。全年享受技能补贴1445人，享受稳岗补贴11.88万人次，达到了预期目标，确保了社会稳定和长治久安。'},
    rows=[
        ('项目完成指标', '数量指标', '参保缴费人数', '13.45万人', '2020年末实际参保缴费人数13.52万人', None, None),
        ('项目完成指标', '数量指标', '保障享受失业待遇人数', '110人', '2020年全年领取失业保险金人数214人', None, None),
        ('项目完成指标', '数量指标', '代缴医疗保险人次数', '1315人次', '2020年代缴医疗保险费人月数1402', None, None),
        ('项目完成指标', '数量指标', '享受稳定岗位补贴企业参加失业保险人数', '13.45万人', '2020年享受稳定岗位补贴企业参加失业保险人数11.88万人', None, None),
        ('项目完成指标', '数量指标', '享受技能提升补贴人数', '2.44万人', '2020年享受技能提升补贴人数1445人', None, None),
        ('项目完成指标', '数量指标', '基金收入预算执行率', '105%≤≥95%', '基金收入预算执行率97.52%', None, None),
        ('项目完成指标', '数量指标', '基金支出预算执行率', '105%≤≥95%', '基金支出预算执行率61.86%', None, None),
        ('项目完成指标', '质量指标', '失业保险待遇首次发放成功率', '≥95%', '失业保险待遇首次发放成功率≥95%', None, None),
        ('项目完成指标', '质量指标', '代缴医疗保险费成功率', '100%', '代缴医疗保险费成功率100%', None, None),
        ('项目完成指标', '质量指标', '失业金发放时效', '每月25日前', '每月25日前按时足额发放失业金', None, None),
        ('项目完成指标', '质量指标', '基金使用符合政策规定', '100%', '基金使用100%符合政策规定', None, None),
        ('项目效益指标', '社会效益指标', '让失业人员按时足额领取待遇', '保障失业人员基本生活', '让失业人员按时足额领取待遇，保障失业人员基本生活', None, None),
        ('项目效益指标', '可持续影响力指标', '提高职工职业技能，减少失业率', '充分发挥社会保险的社会保障职能作用', '提高职工职业技能，减少失业率，充分发挥社会保险的社会保障职能作用', None, None),
        ('满意度指标', '满意度指标', '失业人员满意度', '≥95%', '失业人员满意度≥95%', None, None),
    ],
)
# examples/003_target_tables/01_职工基本医疗保险.yaml
P["003_01"] = dict(
    head={'年度': 2020, '预算单位': '叶城县医疗保障局', '项目名称': '叶城县职工基本医疗保险基金支出', '项目周期': '2020年1月1日-20年12月31日', '金额单位': '万元', '资金': {'年度资金总额': 14607, '社保基金': 14607}, '项目类型': '民生保障', '中长期规划': '《国务院关于试行社会保险基金预算的意见》 国发〔2010〕2号', '资金管理办法': '关于印发《社会保险基金财务制度》的通知财社〔2017〕144号', '绩效分配方式': '据实据效', '立项依据': '《国务院关于试行社会保险基金预算的意见》国发〔2010〕2号', '使用范围': '用于叶城县职工基本医疗保险参保人员待遇发放', '申报条件': '符合政策人员', '总体目标': '聚焦总目标，积极推进全民参保计划，职工基本医疗保险参保率稳定在95%以上，确保职工基本医疗保险参保人员的医疗待遇落实，全面实施大病保险制度，减轻参保人员的经济负担，缓解社会矛盾，确保社会稳定和长治久安。'},
    rows=[
        ('项目完成', '数量指标', '缴费人数（人）', '29551', None, None, '指标1'),
        ('项目完成', '数量指标', '人均缴费工资基数（元/人）', '74398.72', None, None, '指标5'),
        ('项目完成', '数量指标', '保障医疗报销人数（人）', '29551', None, None, '指标9'),
        ('项目完成', '数量指标', '基本医疗收入预算执行率', '105%≤≥95%', None, None, '指标10'),
        ('项目完成', '数量指标', '基本医疗支出预算执行率', '105%≤≥95%', None, None, '指标11'),
        ('项目完成', '质量指标', '医疗保险报销首次支付成功率', '≥95%', None, None, '指标1'),
        ('项目完成', '质量指标', '医疗报销金首次转移成功率', '≥95%', None, None, '指标2'),
        ('项目完成', '质量指标', '基金使用符合政策规定', '100%', None, None, '指标4'),
        ('项目效益', '社会效益', '让享受医疗报销减轻负担', '充分发挥社会保险的职能作用', None, None, '指标1'),
        ('项目效益', '可持续影响指标', '享受医疗报销上访率', '上访率控制在0.1%以内，维护社会稳定，长治久安', None, None, '指标1'),
        ('满意度指标', '满意度指标', '享受医疗报销人员满意度', '≥95%', None, None, '指标1'),
    ],
)
# examples/003_target_tables/02_机关事业单位养老保险.yaml
P["003_02"] = dict(
    head={'年度': 2020, '预算单位': '叶城县社会保险中心', '项目名称': '叶城县机关事业单位养老保险（改革）基金支出', '项目周期': '2020年1月1日-20年12月31日', '金额单位': '万元', '资金': {'年度资金总额': 33176, '社保基金': 33176}, '项目类型': '民生保障', '中长期规划': '《国务院关于试行社会保险基金预算的意见》 国发〔2010〕2号', '资金管理办法': '关于印发《社会保险基金财务制度》的通知财社〔2017〕144号', '绩效分配方式': '据实据效', '立项依据': '《国务院关于试行社会保险基金预算的意见》国发〔2010〕2号', '使用范围': '用于叶城县机关事业单位养老保险（改革）参保离退休人员待遇发放', '申报条件': '符合政策退休人员', '总体目标': '聚焦总目标，确保离退休人员按期足额领取养老金待遇，按期调整待遇，让离退休人员享受国家发展改革成果，安享晚年，确保社会稳定和长治久安。'},
    rows=[
        ('项目完成', '数量指标', '参保缴费人数（人）', '16696', None, None, '指标1'),
        ('项目完成', '数量指标', '保障退休待遇人数（人）', '3855', None, None, '指标2'),
        ('项目完成', '数量指标', '基本养老收入预算执行率（%）', '105%≤≥95%', None, None, '指标3'),
        ('项目完成', '数量指标', '基本养老支出预算执行率（%）', '105%≤≥95%', None, None, '指标4'),
        ('项目完成', '质量指标', '养老保险待遇首次发放成功率（%）', '≥95', None, None, '指标1'),
        ('项目完成', '质量指标', '养老金首次转移成功率（%）', '≥95', None, None, '指标2'),
        ('项目完成', '质量指标', '养老金发放时效', '每月25日前', None, None, '指标3'),
        ('项目完成', '质量指标', '基金使用符合政策规定', '100%', None, None, '指标4'),
        ('项目效益', '社会效益', '让离退休人员安享晚年', '充分发挥社会保险的职能作用', None, None, '指标1'),
        ('项目效益', '可持续影响指标', '离退休人员上访率', '上访率控制在0.1%以内，维护社会稳定，长治久安', None, None, '指标1'),
        ('满意度指标', '满意度指标', '离休退人员满意度（%）', '≥95', None, None, '指标1'),
    ],
)
# examples/003_target_tables/03_城乡居民养老保险.yaml
P["003_03"] = dict(
    head={'年度': 2020, '预算单位': '叶城县社会保险中心', '项目名称': '叶城县城乡居民养老保险基金支出', '项目周期': '2020年1月1日-20年12月31日', '金额单位': '万元', '资金': {'年度资金总额': 6186, '社保基金': 6186}, '项目类型': '民生保障', '中长期规划': '《国务院关于试行社会保险基金预算的意见》 国发〔2010〕2号', '资金管理办法': '关于印发《社会保险基金财务制度》的通知财社〔2017〕144号', '绩效分配方式': '据实据效', '立项依据': '《国务院关于试行社会保险基金预算的意见》国发〔2010〕2号', '使用范围': '用于叶城县城乡居民养老保险参保退休人员待遇发放', '申报条件': '符合政策退休人员', '总体目标': '聚焦总目标，确保离退休人员按期足额领取养老金待遇，按期调整待遇，让离退休人员享受国家发展改革成果，安享晚年，确保社会稳定和长治久安。'},
    rows=[
        ('项目完成', '数量指标', '个人缴费人数（人）', '224269人', None, None, '指标1'),
        ('项目完成', '数量指标', '财政缴费补贴人数（人）', '229482人', None, None, '指标2'),
        ('项目完成', '数量指标', '重度残疾等困难人员代缴人数（人）', '5213人', None, None, '指标3'),
        ('项目完成', '数量指标', '其他代缴人数（人）', '97341人', None, None, '指标4'),
        ('项目完成', '数量指标', '个人缴费人均缴费标准（元/人）', '180', None, None, '指标5'),
        ('项目完成', '数量指标', '财政补贴标准（元/人）', '50、5.6', None, None, '指标6'),
        ('项目完成', '数量指标', '重度残疾等困难人员代缴标准（元/人）', '100', None, None, '指标7'),
        ('项目完成', '数量指标', '其他代缴标准（元/人）', '48', None, None, '指标8'),
        ('项目完成', '数量指标', '保障退休待遇人数（人）', '34121人', None, None, '指标9'),
        ('项目完成', '数量指标', '基本养老收入预算执行率（%）', '105%≤≥95%', None, None, '指标10'),
        ('项目完成', '数量指标', '基本养老支出预算执行率（%）', '105%≤≥95%', None, None, '指标11'),
        ('项目完成', '质量指标', '养老保险待遇首次发放成功率（%）', '≥95%', None, None, '指标1'),
        ('项目完成', '质量指标', '养老金首次转移成功率（%）', '≥95%', None, None, '指标2'),
        ('项目完成', '质量指标', '养老金发放时效', '每月25日前', None, None, '指标3'),
        ('项目完成', '质量指标', '基金使用符合政策规定（%）', '100%', None, None, '指标4'),
        ('项目效益', '社会效益', '让离退休人员安享晚年', '充分发挥社会保险的职能作用', None, None, '指标1'),
        ('项目效益', '可持续影响指标', '离退休人员上访率', '上访率控制在0.1%以内，维护社会稳定，长治久安', None, None, '指标1'),
        ('满意度指标', '满意度指标', '离休退人员满意度（%）', '≥95%', None, None, '指标1'),
    ],
)
# examples/003_target_tables/04_城乡居民医疗保险.yaml
P["003_04"] = dict(
    head={'年度': 2020, '预算单位': '叶城县医疗保障局', '项目名称': '叶城县城乡居民医疗保险基金支出', '项目周期': '2020年1月1日-20年12月31日', '金额单位': '万元', '资金': {'年度资金总额': 41166, '社保基金': 41166}, '项目类型': '民生保障', '中长期规划': '《国务院关于试行社会保险基金预算的意见》 国发〔2010〕2号', '资金管理办法': '关于印发《社会保险基金财务制度》的通知财社〔2017〕144号', '绩效分配方式': '据实据效', '立项依据': '《国务院关于试行社会保险基金预算的意见》国发〔2010〕2号', '使用范围': '用于叶城县城乡居民医疗保险参保人员待遇发放', '申报条件': '符合政策人员', '总体目标': '聚焦总目标，积极推进全民参保计划，城乡居民基本医疗保险参保率稳定在95%以上，确保城乡居民基本医疗保险参保人员的医疗待遇落实，全面实施大病保险制度，减轻参保人员的经济负担，缓解社会矛盾，确保社会稳定和长治久安。'},
    rows=[
        ('项目完成', '数量指标', '个人缴费人数（人）', '507021人', None, None, '指标1'),
        ('项目完成', '数量指标', '财政缴费补贴人数（人）', '507021人', None, None, '指标2'),
        ('项目完成', '数量指标', '个人缴费人均缴费标准（元/人）', '790', None, None, '指标5'),
        ('项目完成', '数量指标', '财政补贴标准（省级、县级）', '550', None, None, '指标6'),
        ('项目完成', '数量指标', '保障医疗报销人数（人）', '507021人', None, None, '指标9'),
        ('项目完成', '数量指标', '基本医疗收入预算执行率（%）', '105%≤≥95%', None, None, '指标10'),
        ('项目完成', '数量指标', '基本医疗支出预算执行率（%）', '105%≤≥95%', None, None, '指标11'),
        ('项目完成', '质量指标', '医疗保险报销首次支付成功率', '≥95%', None, None, '指标1'),
        ('项目完成', '质量指标', '医疗报销金首次转移成功率（%）', '≥95%', None, None, '指标2'),
        ('项目完成', '质量指标', '基金使用符合政策规定（%）', '100%', None, None, '指标4'),
        ('项目效益', '社会效益', '让享受医疗报销减轻负担', '充分发挥社会保险的职能作用', None, None, '指标1'),
        ('项目效益', '可持续影响指标', '享受医疗报销上访率', '上访率控制在0.1%以内，维护社会稳定，长治久安', None, None, '指标1'),
        ('满意度指标', '满意度指标', '享受医疗报销人员满意度（%）', '≥95%', None, None, '指标1'),
    ],
)


if __name__ == "__main__":
    main()
