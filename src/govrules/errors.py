"""Diagnostics and the one error type govrules raises.

Every problem govrules reports is a :class:`Diagnostic`: a stable code
(``GR101``), a severity, a message in Chinese and in English, an optional hint
and, where it has one, a position (a :class:`Span` in a file, or a field path in
a submission). Public functions return diagnostics for ordinary bad input; they
raise :class:`GovrulesError` only when they cannot return a result at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from collections.abc import Iterable
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Span:
    """A place in a source: 1-based line and column, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""
    span: Span | None = None
    path: str = ""  # field path in a submission, e.g. 指标[3].指标值
    source_line: str = field(default="", compare=False)

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def hint(self, lang: str = "zh") -> str:
        return self.hint_en if lang == "en" else self.hint_zh

    def render(self, lang: str = "zh") -> str:
        """``file:line:col: 错误[GR101]: message``, the source line, a caret, the hint."""
        where = str(self.span) if self.span else self.path
        if self.span and self.path:
            where += f" ({self.path})"
        sev = self.severity.value if lang == "en" else self.severity.zh
        head = f"{where}: " if where else ""
        lines = [f"{head}{sev}[{self.code}]: {self.message(lang)}"]
        if self.source_line and self.span:
            lines.append(f"    {self.source_line}")
            width = max(1, (self.span.end_column or self.span.column + 1) - self.span.column)
            if self.span.end_line not in (None, self.span.line):
                width = max(1, len(self.source_line) - self.span.column + 1)
            start = self.span.column - 1
            carets = len(_pad(self.source_line[start : start + width], width).expandtabs(1))  # wide characters take two
            lines.append("    " + _pad(self.source_line, start) + "^" * max(1, carets))
        if self.hint(lang):
            lines.append(("  提示: " if lang != "en" else "  hint: ") + self.hint(lang))
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": {"zh": self.zh, "en": self.en},
        }
        if self.hint_zh or self.hint_en:
            out["hint"] = {"zh": self.hint_zh, "en": self.hint_en}
        if self.span:
            out["span"] = {
                "file": self.span.file,
                "line": self.span.line,
                "column": self.span.column,
                "end_line": self.span.end_line,
                "end_column": self.span.end_column,
            }
        if self.path:
            out["path"] = self.path
        return out


def _pad(line: str, width: int) -> str:
    """Spaces under ``line[:width]``, doubled for wide (CJK) characters, tabs kept."""
    out = []
    for ch in line[:width]:
        if ch == "\t":
            out.append("\t")
        elif ord(ch) > 0x2E7F:
            out.append("  ")
        else:
            out.append(" ")
    return "".join(out)


class GovrulesError(Exception):
    """The one error type govrules raises; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]):
        self.diagnostics = tuple(diagnostics)
        super().__init__(self.render("zh"))

    def render(self, lang: str = "zh", limit: int = 50) -> str:
        shown = [d.render(lang) for d in self.diagnostics[:limit]]
        rest = len(self.diagnostics) - limit
        if rest > 0:
            shown.append(f"（还有 {rest} 个问题）" if lang != "en" else f"(and {rest} more)")
        return "\n".join(shown)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.diagnostics,))


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line and column; duplicates dropped."""
    return sorted(set(diagnostics), key=lambda d: (d.span.file, d.span.line, d.span.column, d.code) if d.span else (d.path, 0, 0, d.code))


def io_error(e: OSError) -> GovrulesError:
    """GR504 for a file or a standard stream that cannot be read or written (the command
    line's exit 1, never an internal error)."""
    why = e.strerror or str(e)
    if e.filename is not None:
        zh, en = f"无法读写文件“{e.filename}”：{why}", f"cannot read or write the file “{e.filename}”: {why}"
        hint = ("检查文件是否存在、是否有读写权限，以及磁盘是否已满", "check that the file exists, that it may be read and written, and that the disk is not full")
    elif why == "standard input is closed":
        zh, en = "无法读取标准输入：它已关闭", "cannot read the standard input: it is closed"
        hint = ("用管道或重定向提供输入，如 govrules target - < 指标.tsv", "give the input through a pipe or a redirection, e.g. govrules target - < targets.tsv")
    else:
        zh, en = ("无法写出结果：标准输出已关闭", "cannot write the output: the standard output is closed") if why == "standard output is closed" else (f"无法写出结果：{why}", f"cannot write the output: {why}")
        hint = ("检查输出的去向（文件、管道）是否可写，以及磁盘是否已满", "check that where the output goes (a file, a pipe) can be written, and that the disk is not full")
    return GovrulesError([Diagnostic("GR504", Severity.ERROR, zh, en, hint[0], hint[1])])
