"""A file → its sheets as grids of cells, whatever the format.

One grid protocol (:class:`Sheet`: rows of values, merged ranges, title lines) and one
adapter per library, chosen by the file's first bytes, not by its extension:

- .xlsx / .xlsm: python-calamine for values, dates and merged ranges; the number format,
  which decides what a cell shows (0.88 formatted ``0%`` is 88%) and which calamine does not
  give, from the workbook's styles (one regular-expression pass over the sheet XML, the
  same pass that checks its size and finds formulas saved without a result);
- .xls: xlrd, which gives the number format of each cell (calamine does not);
- .ods: its content.xml, which holds what each cell shows and its merged ranges
  (calamine drops both for .ods);
- .xlsb: python-calamine;
- .csv: the csv module (UTF-8, else GB18030 as WPS and Excel save it in China);
- .docx: python-docx, each table a sheet (``表格1`` …);
- an "xls" that is really HTML (a common export from web systems): the standard
  html.parser, each ``<table>`` a sheet.

A cell's value is what the cell shows: text; a number as a Decimal rounded as its
format shows it; a percent-formatted number as the text ``88%``; a date as a date; a
formula without a cached value or an error value (``#DIV/0!``) as a :class:`CellError`.
Every read is bounded: file size, unzipped size, rows and columns are checked before
a sheet is loaded, so a 1-million-row sheet is refused at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, GovrulesError, Severity
from ..messages import diagnostic

MAX_BYTES = 20_000_000  # the file as sent
MAX_UNZIPPED = 100_000_000  # all parts of an xlsx/ods/docx, unzipped
MAX_SHEET_XML = 25_000_000  # one worksheet part, unzipped
MAX_ROWS = 10_000  # a performance table has tens to hundreds of rows
MAX_COLS = 200

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".docx", ".htm", ".html")

@dataclass(frozen=True)
class CellError:
    """A cell whose value cannot be used: an error value, or a formula never calculated."""

    zh: str
    en: str


Value = str | Decimal | dt.date | dt.datetime | dt.time | CellError | None


@dataclass
class Sheet:
    """One sheet as a grid: ``rows[r][c]`` is the cell at row r+1, column c+1."""

    name: str
    rows: list[list[Value]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col), 1-based
    titles: list[str] = field(default_factory=list)  # text outside the grid (a Word heading, an HTML <h1>)


@dataclass
class Book:
    file: str
    format: str
    sheets: list[Sheet]


def is_sheet_file(path: str | Path) -> bool:
    """Whether govrules reads this file as a spreadsheet (by its name; the reader sniffs the bytes)."""
    return str(path).lower().endswith(SHEET_SUFFIXES)


def _error(code: str, file: str, **figures: Any) -> GovrulesError:
    return GovrulesError([_diag(code, file, **figures)])


def _unreadable(file: str, zh: str, en: str) -> GovrulesError:
    """GR201, as for a YAML file that cannot be read."""
    return GovrulesError([Diagnostic("GR201", Severity.ERROR, zh, en, path=file)])


def _diag(code: str, file: str, *, sheet: str = "", **figures: Any) -> Diagnostic:
    where = f"{file}:{sheet}" if sheet else file
    return diagnostic(code, path=where, file=file, sheet=sheet, **figures)


# --- sniffing ---------------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(head: bytes, names: list[str] | None, suffix: str) -> str:
    """The format of a file from its first bytes (and, for a zip, its part names)."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        parts = set(names or ())
        if "xl/workbook.xml" in parts:
            return "xlsx"
        if "xl/workbook.bin" in parts:
            return "xlsb"
        if "word/document.xml" in parts:
            return "docx"
        if "content.xml" in parts:
            return "ods"
        return "zip"
    if head.startswith(OLE):
        return "encrypted" if "EncryptionInfo".encode("utf-16-le") in head or b"EncryptedPackage" in head else "xls"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "xml2003"
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body", b"<?xml", b"<!--")) or b"<table" in text[:4096]:
        return "html"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".docx"):
        return "unknown"
    return "csv"


def read_book(path: str | Path) -> Book:
    """Every sheet of a spreadsheet file, Word file or HTML export; raises GovrulesError."""
    file = str(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise _unreadable(file, f"无法读取文件：{e.strerror or e}", f"cannot read the file: {e.strerror or e}") from None
    if len(raw) > MAX_BYTES:
        raise _unreadable(file, f"文件过大（超过上限 {MAX_BYTES} 字节）", f"file too large (more than {MAX_BYTES} bytes)")
    if not raw.strip():
        raise _error("GR220", file, what_zh="文件是空的", what_en="the file is empty")
    suffix = Path(file).suffix.lower()
    names: list[str] | None = None
    zf: zipfile.ZipFile | None = None
    if raw.startswith(b"PK"):
        try:
            zf = zipfile.ZipFile(io.BytesIO(raw))
            names = zf.namelist()
        except (zipfile.BadZipFile, ValueError, EOFError):
            raise _error("GR220", file, what_zh="压缩结构损坏（文件可能不完整）", what_en="its zip structure is damaged (the file may be truncated)") from None
        if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED:
            raise _unreadable(file, f"文件解压后过大（超过上限 {MAX_UNZIPPED} 字节）", f"file too large unzipped (more than {MAX_UNZIPPED} bytes)")
    head = raw[:65536] if raw.startswith(OLE) else raw[:8192]
    kind = sniff(head if not raw.startswith(OLE) else raw, names, suffix)
    if kind == "encrypted":
        raise _error("GR221", file)
    if kind in ("zip", "unknown"):
        raise _error("GR220", file, what_zh="不是可识别的表格文件", what_en="it is not a spreadsheet govrules can recognise")
    if kind == "xml2003":
        raise _error("GR222", file, what_zh="Excel 2003 XML 表格", what_en="an Excel 2003 XML spreadsheet")
    try:
        if kind == "xlsx":
            assert zf is not None
            sheets = _xlsx(file, raw, zf)
        elif kind == "xls":
            sheets = _xls(file, raw)
        elif kind == "ods":
            assert zf is not None
            sheets = _ods(file, zf)
        elif kind == "xlsb":
            sheets = _calamine(file, raw)
        elif kind == "docx":
            sheets = _docx(file, raw)
        elif kind == "html":
            sheets = _html(file, raw)
        else:
            sheets = _csv(file, raw)
    except GovrulesError:
        raise
    except Exception as e:  # a library's own error on a damaged file: say so, with its words
        if type(e).__name__ == "PasswordError":
            raise _error("GR221", file) from None
        detail = str(e).splitlines()[0][:200] if str(e) else type(e).__name__
        raise _error("GR220", file, what_zh=f"无法解析（{detail}）", what_en=f"it cannot be parsed ({detail})") from None
    return Book(file, kind, sheets)


# --- xlsx (openpyxl) ------------------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"|<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_CACHED = re.compile(rb"<(?:\w+:)?v>[^<]")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)  # x:c in some generators' files


def _xlsx_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the zip."""
    wb = zf.read("xl/workbook.xml")
    rels = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in zf.namelist() else b""
    targets = {}
    for m in _REL.finditer(rels):
        rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        t = target.decode()
        targets[rid.decode()] = t.lstrip("/") if t.startswith("/") else "xl/" + t
    import html

    return {html.unescape(name.decode()): targets.get(rid.decode(), "") for name, rid in _SHEET.findall(wb)}


def _xlsx(file: str, raw: bytes, zf: zipfile.ZipFile) -> list[Sheet]:
    """Values, dates and merged ranges from python-calamine (fast: the whole read of a table
    costs a few milliseconds); the number format of each numeric cell, which calamine does
    not give, from the workbook's styles and the cells' ``s`` attributes in the sheet XML,
    read in the same pass that checks the sheet's size and dimension before anything is
    loaded and finds formulas saved without a result."""
    parts = _xlsx_parts(zf)
    formats = _number_formats(zf)
    unusable: dict[str, dict[tuple[int, int], CellError]] = {}
    styled: dict[str, dict[tuple[int, int], str]] = {}
    for name, part in parts.items():
        if part not in zf.namelist():
            continue
        info = zf.getinfo(part)
        if info.file_size > MAX_SHEET_XML:
            raise _error("GR223", file, sheet=name, rows=f"> {MAX_SHEET_XML // 1_000_000} MB", limit=MAX_ROWS)
        with zf.open(part) as f:
            head = f.read(4096)
        m = _DIMENSION.search(head)
        if m:
            height, width = int(m.group(2)), _col_number(m.group(1).decode())
            if height > MAX_ROWS or width > MAX_COLS:
                raise _error("GR223", file, sheet=name, rows=f"{height} × {width}", limit=MAX_ROWS)
        data = zf.read(part)
        fmts: dict[tuple[int, int], str] = {}
        bad: dict[tuple[int, int], CellError] = {}
        for col, row_number, attrs, body in _CELL.findall(data):
            at = (int(row_number), _col_number(col.decode()))
            style = _STYLE.search(attrs)
            if style and formats.get(int(style.group(1)), "General") != "General":
                fmts[at] = formats[int(style.group(1))]
            if _FORMULA.search(body) and not _CACHED.search(body):
                bad[at] = UNCACHED
            elif b't="e"' in attrs:  # an error value (#DIV/0!), which calamine gives as an empty cell
                shown = _VALUE.search(body)
                text = shown.group(1).decode(errors="replace") if shown else "#ERROR"
                bad[at] = CellError(f"单元格是错误值 {text}", f"the cell holds the error value {text}")
        styled[name], unusable[name] = fmts, bad
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    wb = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    out: list[Sheet] = []
    for meta in wb.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue  # a chart or macro sheet holds no table
        name = meta.name
        sheet = wb.get_sheet_by_name(name)
        if sheet.total_height > MAX_ROWS or sheet.total_width > MAX_COLS:
            raise _error("GR223", file, sheet=name, rows=f"{sheet.total_height} × {sheet.total_width}", limit=MAX_ROWS)
        fmts = styled.get(name, {})
        rows: list[list[Value]] = []
        for r, raw_row in enumerate(sheet.to_python(skip_empty_area=False), start=1):
            row: list[Value] = []
            for c, v in enumerate(raw_row, start=1):
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    fmt = fmts.get((r, c), "General")
                    row.append(_serial_date(v) if _is_date_format(fmt) else shown_number(v, fmt))
                else:
                    row.append(_calamine_value(v))
            rows.append(row)
        for (r, c), error in unusable.get(name, {}).items():
            while len(rows) < r:
                rows.append([])
            while len(rows[r - 1]) < c:
                rows[r - 1].append(None)
            if rows[r - 1][c - 1] is None:
                rows[r - 1][c - 1] = error
        merges = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or ())]
        out.append(Sheet(name, rows, merges))
    return out


def _is_date_format(fmt: str) -> bool:
    """A date or time format that calamine did not recognise (yyyy"年"m"月"d"日")."""
    plain = _QUOTED.sub("", fmt.split(";")[0]).lower()
    return bool(re.search(r"[ymdhs]", plain)) and not re.search(r"[0#?]", plain) and plain not in ("general", "@")


def _serial_date(v: float) -> Value:
    """An Excel date serial (1900 system) as a date, or a date and time."""
    when = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(v))
    return when.date() if when.time() == dt.time() else when


_STYLE = re.compile(rb'\bs="(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</")
_NUMFMT = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELLXFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)")
_XF_FMT = re.compile(rb'numFmtId="(\d+)"')
# the number formats every spreadsheet program knows by number (ECMA-376 18.8.30)
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
                   12: "General", 13: "General", 37: "#,##0", 38: "#,##0", 39: "#,##0.00", 40: "#,##0.00", 48: "General", 49: "@"}  # fmt: skip


def _number_formats(zf: zipfile.ZipFile) -> dict[int, str]:
    """Cell style index → number format code, from xl/styles.xml."""
    if "xl/styles.xml" not in zf.namelist():
        return {}
    import html

    styles = zf.read("xl/styles.xml")
    custom = {int(i): html.unescape(code.decode()) for i, code in _NUMFMT.findall(styles)}
    xfs = _CELLXFS.search(styles)
    out = {}
    for index, attrs in enumerate(_XF.findall(xfs.group(1)) if xfs else ()):
        m = _XF_FMT.search(attrs)
        number = int(m.group(1)) if m else 0
        out[index] = custom.get(number) or BUILTIN_FORMATS.get(number, "General")
    return out


UNCACHED = CellError("公式没有计算结果（文件保存时未计算，请在 Excel/WPS 中打开并保存一次）",
                     "a formula with no cached result (the file was saved without calculating it: open and save it in Excel/WPS)")  # fmt: skip


def python_value(v: Any, fmt: str = "General") -> Value:
    """A value as a library gives it (bool, int, float, datetime …) → a cell value."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, (int, float)):
        return shown_number(v, fmt)
    if isinstance(v, dt.datetime):
        return v.date() if v.time() == dt.time() else v
    if isinstance(v, (dt.date, dt.time)):
        return v
    return str(v)


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def shown_number(value: int | float, fmt: str) -> Decimal | str:
    """A number as its cell shows it: ``0.88`` with ``0%`` → ``"88%"``; with ``0.00`` → 0.88.

    General (and text) formats show at most 10 significant digits, which drops float
    noise (0.30000000000000004 → 0.3); a format with decimals rounds half up to them.
    """
    section = fmt.split(";")[0]
    plain = _QUOTED.sub("", section)
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    if plain.strip().lower() in ("general", "", "@") or not re.search(r"[0#?]", plain):
        if isinstance(value, int):
            return number
        if number == 0:
            return Decimal(0)
        places = 10 - number.adjusted() - 1
        return _plain(number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) if places > 0 else number.quantize(Decimal(1), ROUND_HALF_UP))
    digits = re.search(r"\.([0#?]+)", plain)
    places = len(digits.group(1)) if digits else 0
    if "%" in plain:
        pct = (number * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        return f"{pct}%"
    try:
        return number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    except InvalidOperation:
        return number


def _plain(d: Decimal) -> Decimal:
    """Without trailing zeros, and never in exponent form."""
    d = d.normalize()
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d


# --- xls (xlrd) -----------------------------------------------------------------------


def _xls(file: str, raw: bytes) -> list[Sheet]:
    """Excel 97–2003 files: xlrd, the reference reader of the format, which gives each cell's
    number format (calamine does not, and a rate typed 77% is stored as 0.77)."""
    import xlrd  # type: ignore[import-untyped]

    try:
        wb = xlrd.open_workbook(file_contents=raw, formatting_info=True, on_demand=True)
    except xlrd.biffh.XLRDError as e:
        if "encrypt" in str(e).lower() or "password" in str(e).lower():
            raise _error("GR221", file) from None
        raise
    out: list[Sheet] = []
    for name in wb.sheet_names():
        ws = wb.sheet_by_name(name)
        if ws.nrows > MAX_ROWS or ws.ncols > MAX_COLS:
            raise _error("GR223", file, sheet=name, rows=f"{ws.nrows} × {ws.ncols}", limit=MAX_ROWS)
        rows: list[list[Value]] = []
        for r in range(ws.nrows):
            row: list[Value] = []
            for c in range(ws.ncols):
                cell = ws.cell(r, c)
                row.append(_xlrd_value(wb, cell))
            rows.append(row)
        merges = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in ws.merged_cells]
        out.append(Sheet(name, rows, merges))
    return out


def _xlrd_value(wb: Any, cell: Any) -> Value:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_TEXT:
        return str(value) if str(value).strip() else None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "是" if value else "否"
    if kind == xlrd.XL_CELL_ERROR:
        text = xlrd.error_text_from_code.get(value, "#ERROR")
        return CellError(f"单元格是错误值 {text}", f"the cell holds the error value {text}")
    fmt = wb.format_map.get(wb.xf_list[cell.xf_index].format_key)
    if kind == xlrd.XL_CELL_DATE:
        when: dt.datetime = xlrd.xldate.xldate_as_datetime(value, wb.datemode)
        return when.date() if when.time() == dt.time() else when
    return shown_number(int(value) if float(value).is_integer() and "." not in (fmt.format_str if fmt else "") else value, fmt.format_str if fmt else "General")


# --- ods (the standard library) ----------------------------------------------------------

_OD = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _ods(file: str, zf: zipfile.ZipFile) -> list[Sheet]:
    """OpenDocument spreadsheets: content.xml read directly, because it stores what each cell
    shows (its text:p) and its merged ranges, which calamine drops for .ods."""
    import xml.etree.ElementTree as ET

    info = zf.getinfo("content.xml")
    if info.file_size > MAX_SHEET_XML:
        raise _error("GR223", file, sheet="content.xml", rows=f"> {MAX_SHEET_XML // 1_000_000} MB", limit=MAX_ROWS)
    root = ET.fromstring(zf.read("content.xml"))
    t, o = "{%s}" % _OD["table"], "{%s}" % _OD["office"]
    out: list[Sheet] = []
    for table in root.iter(t + "table"):
        name = table.get(t + "name", f"Sheet{len(out) + 1}")
        rows: list[list[Value]] = []
        merges: list[tuple[int, int, int, int]] = []
        for tr in table.iter(t + "table-row"):
            repeat = min(int(tr.get(t + "number-rows-repeated", "1")), MAX_ROWS + 1)
            row: list[Value] = []
            for tc in tr:
                if tc.tag not in (t + "table-cell", t + "covered-table-cell"):
                    continue
                n = min(int(tc.get(t + "number-columns-repeated", "1")), MAX_COLS + 1)
                value = _ods_value(tc, o) if tc.tag == t + "table-cell" else None
                span_c, span_r = int(tc.get(t + "number-columns-spanned", "1")), int(tc.get(t + "number-rows-spanned", "1"))
                if span_c > 1 or span_r > 1:
                    merges.append((len(rows) + 1, len(row) + 1, len(rows) + span_r, len(row) + span_c))
                row.extend([value] * n)
            while row and row[-1] is None:
                row.pop()
            if len(row) > MAX_COLS:
                raise _error("GR223", file, sheet=name, rows=f"{len(row)} columns", limit=MAX_ROWS)
            if not row and repeat > 1:  # the empty rows an editor writes at the end
                if len(rows) + repeat > MAX_ROWS:
                    break
            rows.extend([list(row) for _ in range(repeat)])
            if len(rows) > MAX_ROWS:
                raise _error("GR223", file, sheet=name, rows=f"> {MAX_ROWS}", limit=MAX_ROWS)
        while rows and not rows[-1]:
            rows.pop()
        out.append(Sheet(name, rows, merges))
    return out


def _ods_value(tc: Any, o: str) -> Value:
    kind = tc.get(o + "value-type")
    shown = "\n".join("".join(p.itertext()) for p in tc if p.tag.endswith("}p")).strip()
    if kind in ("float", "currency"):
        try:
            number = Decimal(tc.get(o + "value"))
        except (InvalidOperation, TypeError):
            return shown or None
        text = shown.replace(",", "").replace("，", "")
        try:
            return Decimal(text)  # what the cell shows, when it is a plain figure
        except InvalidOperation:
            return _plain(number)
    if kind == "percentage":
        return shown or None
    if kind == "date":
        raw = tc.get(o + "date-value", "")
        try:
            when = dt.datetime.fromisoformat(raw)
            return when.date() if "T" not in raw else when
        except ValueError:
            return shown or None
    if kind == "boolean":
        return "是" if tc.get(o + "boolean-value") == "true" else "否"
    return shown or None


# --- xlsb (python-calamine) -------------------------------------------------------------


def _calamine(file: str, raw: bytes) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    out: list[Sheet] = []
    for name in wb.sheet_names:
        sheet = wb.get_sheet_by_name(name)
        if sheet.total_height > MAX_ROWS or sheet.total_width > MAX_COLS:
            raise _error("GR223", file, sheet=name, rows=f"{sheet.total_height} × {sheet.total_width}", limit=MAX_ROWS)
        rows = [[_calamine_value(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        merges = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or ())]
        out.append(Sheet(name, rows, merges))
    return out


def _calamine_value(v: Any) -> Value:
    value = python_value(v)
    if not isinstance(value, str):
        return value
    text = value
    if text.startswith("#") and text.rstrip("!?0/").upper() in ("#DIV", "#N/A", "#NAME", "#NULL", "#NUM", "#REF", "#VALUE"):
        return CellError(f"单元格是错误值 {text}", f"the cell holds the error value {text}")
    return text


# --- csv ------------------------------------------------------------------------------


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, the two encodings Chinese spreadsheets save."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _csv(file: str, raw: bytes) -> list[Sheet]:
    text = decode_text(raw)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows: list[list[Value]] = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if len(rows) >= MAX_ROWS or len(row) > MAX_COLS:
            raise _error("GR223", file, sheet=Path(file).stem, rows=f"> {MAX_ROWS}" if len(rows) >= MAX_ROWS else f"{len(row)} columns", limit=MAX_ROWS)
        rows.append([c if c.strip() else None for c in row])
    return [Sheet(Path(file).stem, rows)]


# --- docx (python-docx) ---------------------------------------------------------------


def _docx(file: str, raw: bytes) -> list[Sheet]:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(raw))
    out: list[Sheet] = []
    titles: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")).strip()
            if text:
                titles.append(text)
        elif tag == "tbl":
            table = Table(block, document)
            rows: list[list[Value]] = []
            seen: dict[Any, tuple[int, int]] = {}  # keyed by the cell's XML element: a merged cell repeats it
            spans: dict[Any, list[int]] = {}
            for r, row in enumerate(table.rows, start=1):
                if r > MAX_ROWS:
                    raise _error("GR223", file, sheet=f"表格{len(out) + 1}", rows=f"> {MAX_ROWS}", limit=MAX_ROWS)
                values: list[Value] = []
                for c, cell in enumerate(row.cells, start=1):
                    key = cell._tc
                    if key in seen:
                        values.append(None)
                        spans[key][2], spans[key][3] = max(spans[key][2], r), max(spans[key][3], c)
                    else:
                        seen[key] = (r, c)
                        spans[key] = [r, c, r, c]
                        values.append(cell.text.strip() or None)
                rows.append(values)
            merges = [(a, b, c, d) for a, b, c, d in spans.values() if (a, b) != (c, d)]
            out.append(Sheet(f"表格{len(out) + 1}", rows, merges, titles[-3:]))
            titles = []
    return out


# --- HTML saved as .xls ---------------------------------------------------------------


class _Tables(HTMLParser):
    """<table>s → grids, honouring rowspan and colspan; text outside tables as titles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[Value]], list[tuple[int, int, int, int]], list[str]]] = []
        self.depth = 0
        self.rows: list[list[Value]] = []
        self.merges: list[tuple[int, int, int, int]] = []
        self.taken: set[tuple[int, int]] = set()
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.col = 0
        self.outside: list[str] = []
        self.titles: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.rows, self.merges, self.taken = [], [], set()
                self.titles = [t for t in (" ".join(self.outside).split("\n")) if t.strip()][-3:]
                self.outside = []
        elif self.depth == 1 and tag == "tr":
            if len(self.rows) >= MAX_ROWS:
                raise _TooBig()
            self.rows.append([])
            self.col = 0
        elif self.depth == 1 and tag in ("td", "th"):
            self.cell = []
            self.span = (_int(a.get("rowspan")), _int(a.get("colspan")))
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self.tables.append((self.rows, self.merges, self.titles))
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            self._place("".join(self.cell).strip())
            self.cell = None
        elif tag in ("p", "div", "h1", "h2", "h3", "h4") and not self.depth:
            self.outside.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(" ".join(data.split()) if data.strip() else "")
        elif not self.depth:
            self.outside.append(data.strip())

    def _place(self, text: str) -> None:
        if not self.rows:
            self.rows.append([])
        r = len(self.rows)
        while (r, self.col + 1) in self.taken:
            self.col += 1
        c = self.col + 1
        rowspan, colspan = self.span
        if c > MAX_COLS:
            raise _TooBig()
        row = self.rows[-1]
        while len(row) < c:
            row.append(None)
        row[c - 1] = text or None
        for dr in range(rowspan):
            for dc in range(colspan):
                self.taken.add((r + dr, c + dc))
        if rowspan > 1 or colspan > 1:
            self.merges.append((r, c, r + rowspan - 1, c + colspan - 1))
        self.col = c + colspan - 1


class _TooBig(Exception):
    pass


def _int(text: str | None) -> int:
    try:
        return max(1, min(int(text or 1), MAX_ROWS))
    except ValueError:
        return 1


def _html(file: str, raw: bytes) -> list[Sheet]:
    text = raw.decode("utf-8-sig") if _charset(raw) in ("utf-8", "utf8", "") else decode_text(raw)
    if _charset(raw) not in ("utf-8", "utf8", ""):
        try:
            text = raw.decode(_charset(raw))
        except (LookupError, UnicodeDecodeError):
            text = decode_text(raw)
    parser = _Tables()
    try:
        parser.feed(text)
        parser.close()
    except _TooBig:
        raise _error("GR223", file, sheet="表格", rows=f"> {MAX_ROWS}", limit=MAX_ROWS) from None
    if not parser.tables:
        title = re.search(r"<title[^>]*>(.*?)</title>", text, re.S | re.I)
        shown = " ".join((title.group(1) if title else " ".join(parser.outside)).split())[:60]
        raise _error("GR222", file, what_zh=f"网页（HTML），其中没有表格{f'：“{shown}”' if shown else ''}", what_en=f"a web page (HTML) with no table in it{f': “{shown}”' if shown else ''}")
    sheets = []
    for i, (rows, merges, titles) in enumerate(parser.tables, start=1):
        width = max((len(r) for r in rows), default=0)
        for r in rows:
            r.extend([None] * (width - len(r)))
        sheets.append(Sheet(f"表格{i}", rows, merges, titles))
    return sheets


def _charset(raw: bytes) -> str:
    m = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', raw[:4096])
    return m.group(1).decode().lower() if m else ""
