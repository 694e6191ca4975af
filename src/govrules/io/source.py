"""Where a submission read from a spreadsheet came from: its table and every cell."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CellRef:
    """One cell of a workbook; row and col are 1-based."""

    file: str
    sheet: str
    row: int
    col: int

    def a1(self) -> str:
        """The address as a spreadsheet shows it, e.g. 自评表!E14."""
        n, letters = self.col, ""
        while n:
            n, r = divmod(n - 1, 26)
            letters = chr(65 + r) + letters
        return f"{self.sheet}!{letters}{self.row}"


@dataclass(frozen=True)
class TableSource:
    """One table found in a sheet: its place, its columns by role, and the cell of every field."""

    file: str
    sheet: str
    index: int  # 1-based number of the table within its sheet
    first_row: int
    last_row: int
    columns: dict[str, int] = field(default_factory=dict)  # role (e.g. "target", "actual", "points", "score", "rate", "grade", "remark") -> 1-based column
    indicator_rows: tuple[int, ...] = ()  # the row of each indicator, in order
    cells: dict[str, CellRef] = field(default_factory=dict)  # field path as in Diagnostic.path (e.g. "指标[3].完成值", "预算数") -> cell

    @property
    def name(self) -> str:
        """How a result of this table is named: file, sheet and position."""
        return f"{self.file}:{self.sheet}#{self.index}"
