"""The scored workbook (``govrules eval … --xlsx OUT.xlsx``); the only module that writes with openpyxl.

The workbook holds, in this order:

- a summary sheet (汇总), one row per input: score, grade, counts, or why it was not evaluated;
- for each submission read from an .xlsx table (a :class:`~govrules.io.source.TableSource`):
  a copy of the submitted sheet in its own layout, with 完成率, 得分 and 等级 filled in where
  the cells are empty (a column the layout lacks is added to the right of the table, with a
  header), and each deduction, finding and discrepancy as a comment on its cell, highlighted.
  A submitted figure is never overwritten: where it differs from the recomputed one, the
  cell is highlighted and the comment gives both;
- a sheet per project laid out like the national 自评表 / 监控表, for every submission (YAML too).

Needs the ``xlsx`` extra (openpyxl). Plain OOXML only (values, number formats, fills, borders,
merged cells, comments, internal hyperlinks), so Excel, WPS and LibreOffice open it alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy
from functools import lru_cache
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..io.source import CellRef, TableSource
from ..rules.names import round_half_up
from .model import BatchReport, ChainLine, ProjectReport

FILLED = "FFDDEBF7"  # a cell govrules filled in
LOSS = "FFF8CBAD"  # a deduction, an error, a mismatch
WARN = "FFFFE699"  # a warning, a figure that could not be verified
NOTE = "FFE2EFDA"  # a note (severity info)
HEAD = "FF1D3557"
RATE_FORMAT = "0.00%"
POINTS_FORMAT = "0.##"
ROLE_HEADERS = {"rate": ("完成率", "completion"), "score": ("得分", "score"), "grade": ("等级", "grade")}
FIGURE_CELLS = {"预算执行率": ("预算.预算执行率", "预算执行率"), "总体完成率": ("总体完成率",)}  # figure -> the cells it fills
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def write_workbook(path: str | Path, report: BatchReport, sources: Sequence[TableSource | None] = ()) -> None:
    """Write the scored workbook of ``report``; ``sources`` gives, in the order of
    ``report.projects``, the table each project was read from (None for YAML and JSON)."""
    from openpyxl import Workbook

    en = report.lang == "en"
    wb = Workbook()
    summary: Any = wb.active
    summary.title = "Summary" if en else "汇总"
    pairs = [(p, s) for p, s in zip(report.projects, list(sources) + [None] * len(report.projects)) if s is not None]
    copies = _scored_copies(wb, pairs, en)
    sheets = {p.anchor: _project_sheet(wb, p, en) for p in report.projects}
    _summary(summary, report, sheets, copies, en)
    wb.save(str(path))


# --- (a) the submitted sheet, scored ----------------------------------------------------


def _scored_copies(wb: Any, pairs: list[tuple[ProjectReport, TableSource]], en: bool) -> dict[str, tuple[str, bool]]:
    """Copy each submitted sheet once (several tables of one sheet share the copy) and score
    its tables in place. Returns, by project anchor, the copy's sheet name (and True), or why
    there is no copy (and False) (openpyxl copies .xlsx and .xlsm only; an .xls, .ods or .csv gets its national
    layout sheet alone)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    done: dict[tuple[str, str], Any] = {}
    books: dict[str, Any] = {}
    names: dict[str, tuple[str, bool]] = {}
    for project, source in pairs:
        key = (source.file, source.sheet)
        if key not in done:
            why = ""
            if Path(source.file).suffix.lower() not in (".xlsx", ".xlsm"):
                why = f"not copied: {Path(source.file).suffix} is not .xlsx" if en else f"原表为 {Path(source.file).suffix} 文件，未复制"
            elif source.file not in books:
                try:
                    books[source.file] = load_workbook(source.file)
                except (OSError, BadZipFile, InvalidFileException, KeyError) as e:
                    why = f"not copied: {e}" if en else f"原表无法打开，未复制：{e}"
            if not why and source.sheet not in books[source.file].sheetnames:
                why = f"not copied: no sheet {source.sheet}" if en else f"原表中没有工作表“{source.sheet}”，未复制"
            done[key] = why or _copy_sheet(books[source.file][source.sheet], wb.create_sheet(_sheet_name(wb, source.sheet)))
        if isinstance(done[key], str):
            names[project.anchor] = (done[key], False)
            continue
        _score_table(done[key], project, source, en)
        names[project.anchor] = (done[key].title, True)
    return names


def _copy_sheet(src: Any, dst: Any) -> Any:
    """Values, styles, merged ranges, widths and heights, comments and links of ``src``."""
    from openpyxl.comments import Comment

    for row in src.iter_rows():
        for cell in row:
            if cell.__class__.__name__ == "MergedCell":
                continue
            new = dst.cell(row=cell.row, column=cell.column, value=cell.value)
            if cell.has_style:
                new.font, new.border, new.fill = copy(cell.font), copy(cell.border), copy(cell.fill)
                new.number_format, new.alignment, new.protection = cell.number_format, copy(cell.alignment), copy(cell.protection)
            if cell.comment is not None:  # the submitter's own comments stay; govrules' are added after them
                new.comment = Comment(cell.comment.text, cell.comment.author or "")
            if cell.hyperlink is not None:
                new.hyperlink = copy(cell.hyperlink)
    for merged in src.merged_cells.ranges:
        dst.merge_cells(str(merged))
    for letter, dim in src.column_dimensions.items():
        dst.column_dimensions[letter].width = dim.width
    for number, dim in src.row_dimensions.items():
        if dim.height is not None:
            dst.row_dimensions[number].height = dim.height
    dst.freeze_panes = src.freeze_panes
    return dst


def _score_table(ws: Any, p: ProjectReport, source: TableSource, en: bool) -> None:
    columns = dict(source.columns)
    header_row = max(source.first_row, (source.indicator_rows[0] - 1) if source.indicator_rows else source.first_row)
    right = max([*columns.values(), *(c.col for c in source.cells.values() if source.first_row <= c.row <= source.last_row), 1])
    for role in ("rate", "score", "grade"):
        if role not in columns:
            right += 1
            columns[role] = right
            head = ws.cell(row=header_row, column=right)
            if head.__class__.__name__ == "MergedCell":  # the header row merged out this far: head the column where its range begins
                _note(ws, header_row, right, f"govrules: {_letter(right)} = {ROLE_HEADERS[role][1 if en else 0]}", FILLED)
            else:
                head.value = ROLE_HEADERS[role][1 if en else 0]
                _style(head, FILLED, bold=True)
            ws.column_dimensions[_letter(right)].width = 10
    total_row = source.cells["总分"].row if "总分" in source.cells else source.last_row
    for row, ind in zip(source.indicator_rows, p.indicators):
        if ind.completion is not None:
            _fill(ws, row, columns["rate"], _round(ind.completion, 4), RATE_FORMAT, en)
        if ind.points is not None:
            _fill(ws, row, columns["score"], _round(ind.points, 2), POINTS_FORMAT, en)
    if p.total is not None:
        cell = source.cells.get("总分") or CellRef(source.file, source.sheet, total_row, columns["score"])
        _fill(ws, cell.row, cell.col, _round(p.total, 2), POINTS_FORMAT, en)
    if p.grade:
        cell = source.cells.get("等级") or CellRef(source.file, source.sheet, total_row, columns["grade"])
        _fill(ws, cell.row, cell.col, p.grade, None, en)

    values = dict(p.values)
    for name, keys in FIGURE_CELLS.items():  # a rate the table has a cell for but left empty
        at = next((source.cells[k] for k in keys if k in source.cells), None)
        if at is not None and name in values and ws.cell(row=at.row, column=at.col).value in (None, ""):
            _fill(ws, at.row, at.col, _round(values[name], 4), RATE_FORMAT, en)

    rows = {f"指标[{i}]": r for i, r in enumerate(source.indicator_rows)}
    name_col = next((columns[r] for r in ("name", "indicator", "level3", "三级指标", "target") if r in columns), columns["rate"])
    fallback = (total_row, columns["score"])

    def place(path: str | None, chain: tuple[ChainLine, ...], column: int) -> tuple[int, int]:
        if path:
            if path in source.cells:
                return source.cells[path].row, source.cells[path].col
            head = path.split(".")[0]
            if head in rows:
                return rows[head], column
        for field in _fields(chain):
            found = _cell_for(source, field)
            if found is not None:
                return found.row, found.col
        return fallback

    for d in p.deductions:
        r, c = place(d.indicator, d.chain, columns["score"])
        what = f"−{d.points} 分" if not en else f"−{d.points} points"
        _note(ws, r, c, f"{d.section} {what}: {d.reason}\n({d.rule})", LOSS)
    for f in p.findings:
        r, c = place(f.path, f.chain, name_col)
        _note(ws, r, c, f"{f.severity_text}: {f.message}\n({f.rule})", {"error": LOSS, "warning": WARN}.get(f.severity, NOTE))
    for x in p.discrepancies:
        r, c = place(x.path, x.chain, columns["rate"])
        _note(ws, r, c, f"{x.status_text}: {x.message}\n({x.rule})", LOSS if x.status == "mismatch" else WARN)


def _fields(chain: tuple[ChainLine, ...]) -> list[str]:
    """The submission fields an explanation chain reads (``← 填报表 预算.预算数``)."""
    found = []
    for line in chain:
        m = re.search(r"← (?:填报表|submission) (\S+)", line.text)
        if m:
            found.append(m.group(1))
    return found


def _cell_for(source: TableSource, field: str) -> CellRef | None:
    if field in source.cells:
        return source.cells[field]
    head, _, last = field.rpartition(".")
    for key, cell in source.cells.items():
        k_head, _, k_last = key.rpartition(".")
        if k_last == last and (k_head == head or not k_head.startswith("指标") and not head.startswith("指标")):
            return cell
    return None


def _fill(ws: Any, row: int, col: int, value: Any, number_format: str | None, en: bool) -> None:
    """Put ``value`` in an empty cell; a submitted value is kept, and a different one flagged."""
    cell = ws.cell(row=row, column=col)
    shown = f"{value:.2%}" if number_format == RATE_FORMAT and isinstance(value, Decimal) else str(value)
    if cell.__class__.__name__ == "MergedCell":  # inside a merged range: say it on the range's first cell
        _note(ws, row, col, f"govrules: {shown}", WARN)
        return
    if cell.value in (None, ""):
        cell.value = value
        if number_format:
            cell.number_format = number_format
        _style(cell, FILLED)
        return
    if _same(cell.value, value):
        return
    _note(ws, row, col, (f"recomputed: {shown} (the submitted figure is kept)" if en else f"重算值：{shown}（保留填报值）"), WARN)


def _same(a: Any, b: Any) -> bool:
    try:
        return abs(Decimal(str(a).rstrip("%")) / (100 if str(a).endswith("%") else 1) - Decimal(str(b))) < Decimal("0.005")
    except ArithmeticError:
        return str(a).strip() == str(b).strip()


def _note(ws: Any, row: int, col: int, text: str, colour: str) -> None:
    from openpyxl.comments import Comment

    cell = ws.cell(row=row, column=col)
    if cell.__class__.__name__ == "MergedCell":  # a comment goes on the merged range's first cell
        for merged in ws.merged_cells.ranges:
            if cell.coordinate in merged:
                cell = ws.cell(row=merged.min_row, column=merged.min_col)
                break
    old = cell.comment.text + "\n\n" if cell.comment is not None else ""
    comment = Comment(old + text, "govrules")
    comment.width, comment.height = 320, 140
    cell.comment = comment
    _style(cell, colour)


# --- (b) a sheet per project, laid out like the national tables ---------------------------


def _project_sheet(wb: Any, p: ProjectReport, en: bool) -> str:
    ws = wb.create_sheet(_sheet_name(wb, f"{p.number} {p.project}"))
    width = 9
    for letter, w in zip("ABCDEFGHI", (14, 16, 26, 20, 24, 11, 9, 9, 40)):
        ws.column_dimensions[letter].width = w
    titles = {"monitoring": ("绩效监控情况表", "Performance monitoring report"), "self_evaluation": ("项目支出绩效自评表", "Project performance self-evaluation"),
              "target_table": ("绩效目标表", "Performance target table")}  # fmt: skip
    title = titles[p.kind_code][1 if en else 0] if p.kind_code in titles else p.kind
    row = _merged(ws, 1, 1, width, title, bold=True, size=14, align="center")
    ws.row_dimensions[1].height = 26
    row = _pair(ws, row + 1, ("项目名称", "project"), p.project, width, en)
    row = _pair(ws, row, ("实施单位", "unit"), p.unit or "", width, en)
    row = _pair(ws, row, ("规则集", "rule set"), f"{p.ruleset}（{p.rules_file}）" if not en else f"{p.ruleset} ({p.rules_file})", width, en)
    if p.budget is not None:
        b = p.budget
        heads = [(f"项目资金（{b.unit}）", f"funds ({b.unit})"), ("预算数", "budget"), ("执行数", "spent"), ("预算执行率", "execution"), ("时间进度", "time progress")]
        row = _header(ws, row + 1, [h[1] if en else h[0] for h in heads])
        values: list[Any] = [("年度资金总额" if not en else "total"), b.budget_amount, b.executed_amount,
                             _round(b.execution, 4) if b.execution is not None else "—", _round(b.progress, 4) if b.progress is not None else "—"]  # fmt: skip
        for col, v in enumerate(values, start=1):
            cell = _body(ws, row, col, v)
            if col >= 4 and isinstance(v, Decimal):
                cell.number_format = RATE_FORMAT
        if b.behind:
            _note(ws, row, 4, "执行进度慢于时间进度" if not en else "execution is behind time progress", WARN)
        row += 1
    heads = [("一级指标", "level 1"), ("二级指标", "level 2"), ("三级指标", "indicator"), ("指标值", "target"), ("完成值", "actual"),
             ("完成率", "completion"), ("得分", "score"), ("扣分", "lost"), ("判断及说明", "judgement and notes")]  # fmt: skip
    row = _header(ws, row + 1, [h[1] if en else h[0] for h in heads])
    first = row
    for ind in p.indicators:
        met = ("met" if ind.met else "not met" if ind.met is False else "undecided") if en else ("达成" if ind.met else "未达成" if ind.met is False else "待判断")
        notes = "；".join(x for x in (met, ind.completion_reason or "") if x)
        values = [ind.level1, ind.level2, ind.name, ind.target, ind.actual,
                  _round(ind.completion, 4) if ind.completion is not None else "—",
                  _round(ind.points, 2) if ind.points is not None else "", _round(ind.lost, 2) if ind.lost else "", notes]  # fmt: skip
        for col, v in enumerate(values, start=1):
            cell = _body(ws, row, col, v)
            if col == 6 and isinstance(v, Decimal):
                cell.number_format = RATE_FORMAT
        for d in (d for d in p.deductions if d.indicator == ind.path):
            _note(ws, row, 8, f"{d.section} −{d.points}: {d.reason}\n({d.rule})", LOSS)
        for f in (f for f in p.findings if f.path == ind.path):
            _note(ws, row, 3, f"{f.severity_text}: {f.message}\n({f.rule})", {"error": LOSS, "warning": WARN}.get(f.severity, NOTE))
        for x in (x for x in p.discrepancies if x.path and x.path.split(".")[0] == ind.path):
            _note(ws, row, 6, f"{x.status_text}: {x.message}\n({x.rule})", LOSS if x.status == "mismatch" else WARN)
        row += 1
    _merge_runs(ws, first, row - 1, (2, 1))  # 二级 first: it compares with 一级 before 一级 is merged
    heads = [("评分项", "section"), ("满分", "maximum"), ("得分", "score"), ("扣分", "lost"), ("扣分理由", "deductions")]
    row = _header(ws, row + 1, [h[1] if en else h[0] for h in heads])
    for s in p.sections:
        reasons = "\n".join(f"−{d.points}：{d.reason}（{d.rule}）" if not en else f"−{d.points}: {d.reason} ({d.rule})" for d in s.deductions)
        if s.reason:
            reasons = (reasons + "\n" if reasons else "") + s.reason
        for col, v in enumerate([s.name, s.maximum, _round(s.points, 2) if s.points is not None else s.points_text, _round(s.lost, 2), reasons], start=1):
            cell = _body(ws, row, col, v)
            cell.alignment = _align()
        if s.lost:
            _style(ws.cell(row=row, column=4), LOSS)
        row += 1
    for col, v in enumerate([("总分" if not en else "total"), p.maximum, _round(p.total, 2) if p.total is not None else p.total_text,
                             "", (f"等级：{p.grade}" if not en else f"grade: {p.grade}") if p.grade else ""], start=1):  # fmt: skip
        _style(_body(ws, row, col, v), FILLED, bold=True)
    row += 1
    if p.figures:
        row = _header(ws, row + 1, ["主要数值" if not en else "figures", "", "", "", ""])
        for name, shown in p.figures:
            _body(ws, row, 1, name)
            _merge(ws, row, 2, row, 5)
            _body(ws, row, 2, shown)
            row += 1
    if p.discrepancies or p.findings:
        row = _header(ws, row + 1, ["核对与审核发现" if not en else "reconciliation and findings", "", "", "", ""])
        for x in p.discrepancies:
            _body(ws, row, 1, x.status_text)
            _style(_body(ws, row, 2, x.name), LOSS if x.status == "mismatch" else WARN)
            _merge(ws, row, 3, row, 5)
            _body(ws, row, 3, x.message)
            row += 1
        for f in p.findings:
            _body(ws, row, 1, f.severity_text)
            _body(ws, row, 2, f.indicator_name or f.check)
            _merge(ws, row, 3, row, 5)
            _body(ws, row, 3, f.message)
            row += 1
    ws.freeze_panes = "A2"
    return str(ws.title)


# --- (c) the summary -----------------------------------------------------------------------


def _summary(ws: Any, report: BatchReport, sheets: dict[str, str], copies: dict[str, tuple[str, bool]], en: bool) -> None:
    from openpyxl.worksheet.hyperlink import Hyperlink

    heads = [("序号", "no."), ("项目名称", "project"), ("单位", "unit"), ("表类型", "table"), ("总分", "total"), ("满分", "maximum"),
             ("等级", "grade"), ("名次", "rank"), ("扣分项", "deductions"), ("审核发现", "findings"), ("核对不符", "mismatches"),
             ("文件", "file"), ("评分表", "scored sheet"), ("原表评分", "scored copy")]  # fmt: skip
    _merged(ws, 1, 1, len(heads), report.title, bold=True, size=14)
    ws.row_dimensions[1].height = 24
    _header(ws, 2, [h[1] if en else h[0] for h in heads])
    ranks = {p.anchor: rank for rank, p in report.ranking}
    row = 3
    for p in report.projects:
        mismatches = sum(1 for x in p.discrepancies if x.status == "mismatch")
        values = [p.number, p.project, p.unit or "", p.kind, _round(p.total, 2) if p.total is not None else p.total_text, p.maximum,
                  p.grade or "", ranks[p.anchor], len(p.deductions), len(p.findings), mismatches, p.file,
                  sheets[p.anchor], copies.get(p.anchor, ("", False))[0]]  # fmt: skip
        for col, v in enumerate(values, start=1):
            _body(ws, row, col, v)
        copy_name, copied = copies.get(p.anchor, ("", False))
        for col, target in ((13, sheets[p.anchor]), (14, copy_name if copied else "")):
            if target:
                cell = ws.cell(row=row, column=col)
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{target}'!A1", display=target)
                cell.font = _font(colour="FF2F6690", underline=True)
        if mismatches:
            _style(ws.cell(row=row, column=11), LOSS)
        row += 1
    for f in report.failed:
        _body(ws, row, 2, "未能评价" if not en else "not evaluated")
        _style(ws.cell(row=row, column=2), LOSS)
        _body(ws, row, 12, f.file)
        note = ws.cell(row=row, column=3, value=f.errors.splitlines()[0] if f.errors else "")
        note.border = _border()
        row += 1
    for letter, w in zip("ABCDEFGHIJKLMN", (6, 34, 24, 14, 8, 7, 6, 6, 8, 9, 9, 40, 22, 14)):
        ws.column_dimensions[letter].width = w
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:N{max(row - 1, 2)}"


# --- cells ---------------------------------------------------------------------------------


def _round(value: Decimal | None, places: int) -> Decimal | None:
    return None if value is None else round_half_up(value, places)


def _sheet_name(wb: Any, wanted: str) -> str:
    base = _SHEET_CHARS.sub("_", wanted).strip("'") or "Sheet"
    name, n = base[:31], 2
    while name in wb.sheetnames:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    return name


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(col))


@lru_cache(maxsize=None)
def _font(bold: bool = False, size: float | None = None, colour: str | None = None, underline: bool = False) -> Any:
    """Style objects are made once and shared (openpyxl looks each new one up in a list)."""
    from openpyxl.styles import Font

    return Font(bold=bold, size=size, color=colour, underline="single" if underline else None)


@lru_cache(maxsize=None)
def _border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="FFB7C0CC")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


@lru_cache(maxsize=None)
def _align(horizontal: str | None = None, vertical: str = "top", wrap: bool = True) -> Any:
    from openpyxl.styles import Alignment

    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap)


@lru_cache(maxsize=None)
def _fill_of(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", start_color=colour, end_color=colour)


def _style(cell: Any, colour: str, bold: bool = False) -> None:
    cell.fill = _fill_of(colour)
    if bold:
        cell.font = _font(bold=True)


def _body(ws: Any, row: int, col: int, value: Any) -> Any:
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, Decimal):
        fmt = "0" if value == value.to_integral_value() else POINTS_FORMAT
    else:
        fmt = "General"
    _styled(cell, ("body", fmt), lambda c: _set(c, border=_border(), alignment=_align(), number_format=fmt))
    return cell


def _header(ws: Any, row: int, names: list[str]) -> int:
    for col, name in enumerate(names, start=1):
        cell = ws.cell(row=row, column=col, value=name or None)
        _styled(cell, ("header",), lambda c: _set(c, fill=_fill_of(HEAD), font=_font(bold=True, colour="FFFFFFFF"),
                                                   border=_border(), alignment=_align("center", "center")))  # fmt: skip
    return row + 1


def _styled(cell: Any, key: tuple[str, ...], apply: Any) -> None:
    """Give ``cell`` the style ``key``: made once per workbook, then copied as openpyxl's own
    sheet copy does (setting a style object hashes it each time: most of the writing time)."""
    cache = cell.parent.parent.__dict__.setdefault("_govrules_styles", {})
    if key in cache:
        cell._style = copy(cache[key])
        return
    apply(cell)
    cache[key] = copy(cell._style)


def _set(cell: Any, **styles: Any) -> None:
    for name, value in styles.items():
        setattr(cell, name, value)


def _pair(ws: Any, row: int, label: tuple[str, str], value: str, width: int, en: bool) -> int:
    cell = _body(ws, row, 1, label[1] if en else label[0])
    cell.font = _font(bold=True)
    _merge(ws, row, 2, row, width)
    _body(ws, row, 2, value)
    return row + 1


def _merged(ws: Any, row: int, first: int, last: int, value: str, bold: bool = False, size: float | None = None, align: str = "left") -> int:
    _merge(ws, row, first, row, last)
    cell = ws.cell(row=row, column=first, value=value)
    cell.font = _font(bold=bold, size=size)
    cell.alignment = _align(align, "center", False)
    return row


def _merge(ws: Any, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Merge a range of a sheet govrules lays out: the covered cells are emptied and the range
    recorded, without openpyxl re-bordering every edge cell (most of the writing time)."""
    from openpyxl.worksheet.cell_range import CellRange

    for r in range(first_row, last_row + 1):
        for c in range(first_col, last_col + 1):
            if (r, c) != (first_row, first_col) and (r, c) in ws._cells:
                ws._cells[(r, c)].value = None
    ws.merged_cells.add(CellRange(min_row=first_row, min_col=first_col, max_row=last_row, max_col=last_col))


def _merge_runs(ws: Any, first: int, last: int, columns: tuple[int, ...]) -> None:
    """Merge 一级 / 二级指标 down each run of the same value, as the national tables do."""
    for col in columns:
        start = first
        for r in range(first + 1, last + 2):
            same = r <= last and ws.cell(row=r, column=col).value == ws.cell(row=start, column=col).value
            if col > 1:  # a 二级 run never crosses a change of 一级
                same = same and ws.cell(row=r, column=1).value == ws.cell(row=start, column=1).value
            if not same:
                if r - 1 > start:
                    _merge(ws, start, col, r - 1, col)
                start = r
