"""Spreadsheets in: a path → its tables → validated submissions, each named and placed.

``read_tables`` gives the raw tables (the dict the YAML loader would give, and where
each field came from); ``load_inputs`` is the one hook the command line, the Python API
and batch runs call for any input file: it gives one :class:`Loaded` per table of a
workbook (one for a YAML or JSON file), each a submission or the diagnostics that
stopped it, never both. Diagnostics of a table name the cell: ``自评表!E14 指标[3].完成值``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, GovrulesError
from ..messages import diagnostic
from ..submissions import load_submission
from ..submissions.load import validate_submission
from ..submissions.models import _Submission
from .cells import OLE, is_sheet_file, read_book
from .locate import NAME_LABELS, TARGET_LABELS, locate, not_read
from .source import TableSource


@dataclass(frozen=True)
class Table:
    """One table found in a file: its kind, its data (as a YAML file would give it) and its source."""

    kind: str
    data: dict[str, Any]
    source: TableSource
    warnings: tuple[Diagnostic, ...] = ()
    errors: tuple[Diagnostic, ...] = ()  # cells whose value cannot be used (a formula never calculated)


@dataclass(frozen=True)
class Loaded:
    """One input: a submission, or the diagnostics that stopped it. Never both."""

    name: str
    submission: _Submission | None = None
    errors: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    source: TableSource | None = None


def read_tables(path: str | Path) -> list[Table]:
    """Every table of a spreadsheet, Word or HTML file, in sheet order; raises GovrulesError
    (naming the file, and the sheet or cell) when the file holds no table that can be read."""
    book = read_book(path)
    found, missing = locate(book)
    if not found:
        raise GovrulesError(missing or [_no_table(str(path))])
    skipped = tuple(not_read(d.path, f"工作表“{d.path}”中没有指标表", f"the sheet “{d.path}” holds no indicator table",
                             "其他工作表中的表照常读取", "the tables of the other sheets are read") for d in missing)  # fmt: skip
    tables = []
    for i, t in enumerate(found):
        tables.append(Table(t.kind, t.data, t.source, tuple(t.warnings) + (skipped if i == 0 else ()), tuple(t.errors)))
    return tables


def _no_table(file: str) -> Diagnostic:
    return diagnostic("GR224", path=file, sheet=Path(file).name, name_labels="、".join(NAME_LABELS), target_labels="、".join(TARGET_LABELS))


def is_table_file(path: str | Path) -> bool:
    """Whether a file is read for its tables (a spreadsheet, Word or HTML export, by its
    name or its first bytes), not as one YAML/JSON submission."""
    return is_sheet_file(path) or _looks_like_sheet(str(path))


def load_inputs(path: str | Path) -> list[Loaded]:
    """The submissions of one input file: one per table of a workbook, one for YAML/JSON."""
    file = str(path)
    if not is_table_file(file):
        try:
            return [Loaded(file, load_submission(file))]
        except GovrulesError as e:
            return [Loaded(file, errors=e.diagnostics)]
    try:
        tables = read_tables(file)
    except GovrulesError as e:
        return [Loaded(file, errors=e.diagnostics)]
    return [_validated(t) for t in tables]


def _looks_like_sheet(file: str) -> bool:
    """A workbook or Word file by its first bytes, whatever its name (a mail attachment saved as 附件1)."""
    try:
        with open(file, "rb") as f:
            head = f.read(8)
    except OSError:
        return False  # the YAML loader says why
    return head.startswith((b"PK\x03\x04", OLE))


def _validated(table: Table) -> Loaded:
    name = table.source.name
    if table.errors:
        return Loaded(name, errors=table.errors, warnings=table.warnings, source=table.source)
    try:
        sub = validate_submission(table.data, source=name)
    except GovrulesError as e:
        return Loaded(name, errors=tuple(_at_cell(d, table.source) for d in e.diagnostics), warnings=table.warnings, source=table.source)
    return Loaded(name, sub, warnings=table.warnings, source=table.source)


def _at_cell(d: Diagnostic, source: TableSource) -> Diagnostic:
    """A validation diagnostic placed at its cell (or, for a missing field, at its table's rows)."""
    from dataclasses import replace

    path = d.path
    cell = source.cells.get(path)
    while cell is None and path:
        path = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path) if re.search(r"(\.[^.\[\]]+|\[\d+\])$", path) else ""
        cell = source.cells.get(path) or next((c for p, c in source.cells.items() if path and p.startswith(path + ".")), None)
    where = cell.a1() if cell else f"{source.sheet}!{source.first_row}:{source.last_row}"
    return replace(d, path=f"{where} {d.path}".strip(), span=None)


def load_one(spec: str | Path) -> Loaded:
    """One submission: a YAML/JSON file, a workbook holding one table, or one table of a
    workbook named as its results are (``book.xlsx:自评表#2``); raises GovrulesError."""
    text = str(spec)
    chosen: str | None = None
    if not Path(text).exists():
        m = re.match(r"^(.*):([^:]+#\d+)$", text)
        if m and Path(m.group(1)).exists():
            text, chosen = m.group(1), text
    loaded = load_inputs(text)
    if chosen is not None:
        loaded = [one for one in loaded if one.name == chosen] or loaded
        if len(loaded) > 1 or loaded[0].name != chosen:
            raise GovrulesError([diagnostic("GR227", path=text, count=len(loaded), names="、".join(x.name for x in loaded))])
    if len(loaded) > 1:
        raise GovrulesError([diagnostic("GR227", path=text, count=len(loaded), names="、".join(x.name for x in loaded))])
    one = loaded[0]
    if one.submission is None:
        raise GovrulesError(one.errors)
    return one


_INPUT = re.compile(r"← (填报表|submission) (\S+)$")


def with_cells(lines: list[str], source: TableSource) -> list[str]:
    """Explanation lines with the cell of each input read from the table (``← 填报表 预算.执行数``
    becomes ``← 填报表 预算.执行数（自评表!G7）``)."""
    out = []
    for line in lines:
        m = _INPUT.search(line)
        cell = source.cells.get(m.group(2)) if m else None
        if cell is None or m is None:
            out.append(line)
        else:
            out.append(f"{line}（{cell.a1()}）" if m.group(1) == "填报表" else f"{line} ({cell.a1()})")
    return out
