"""The canonical layout of a rule file (``govrules fmt``), in Chinese or English keywords.

The file is parsed with the ordinary parser and printed again from its syntax
tree, so the layout depends on the tree alone (plus comments and blank lines):

- one statement per line, blocks indented by two spaces, one space around every
  operator and keyword, ``=>`` not aligned;
- parentheses only where precedence needs them;
- numbers as written (``0.50`` stays ``0.50``, ``95%`` stays ``95%``), names as
  written, text in ``"…"`` (in ``“…”`` when it contains a ``"``);
- operators in one spelling per language: ``× / ≤ ≥ ≠`` with Chinese keywords,
  ``* / <= >= !=`` with English ones;
- a deduction's or check's ``理由`` stays on its line when the line fits in
  :data:`WIDTH` display columns (a Chinese character counts two), otherwise it
  moves to the next line, indented two more spaces;
- the header in the order 规则集, 适用于, 有效期, 版本, 引用; in a section the
  ``得分`` line before the deductions;
- comments kept: a comment line goes before the item that follows it, at that
  item's indentation; a comment at the end of a line stays at the end of its
  item's last line (two spaces before the ``#``); a comment text is kept as
  written. One blank line where the source had one or more, none elsewhere.

Keywords: ``keywords="zh"`` or ``"en"``; ``None`` keeps the file's language
(English when most of its keywords are English, else Chinese). The spellings
come from the keyword terminals of ``grammar/rules.lark``, so a keyword added
there is translated without a change here.

The result is checked before it is returned: it must parse to the same syntax
tree (spans aside) and carry the same comments. If it does not — a name written
like a keyword of the other language — the file is refused with GR390.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import Diagnostic, GovrulesError, Severity, Span
from ..grammars import parser as grammar_parser
from . import ast
from .parse import parse_rules

WIDTH = 80
INDENT = "  "
LANGUAGES = ("zh", "en")

# What the checker accepts after 严重性, by the tree's name for it.
SEVERITIES: dict[str, tuple[str, str]] = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}

# Operators by the tree's name for them: (Chinese-keyword spelling, English-keyword spelling).
OPERATORS: dict[str, tuple[str, str]] = {
    "=": ("=", "="), "!=": ("≠", "!="), "<": ("<", "<"), ">": (">", ">"), "≤": ("≤", "<="), "≥": ("≥", ">="),
    "+": ("+", "+"), "-": ("-", "-"), "*": ("×", "*"), "/": ("/", "/"),
}  # fmt: skip

# Binding strength, loosest first; an operand of lower strength than its place needs is parenthesized.
_OR, _AND, _NOT, _TEST, _SUM, _PRODUCT, _UNARY, _ATOM = range(1, 9)
_BINARY_LEVEL = {"or": _OR, "and": _AND, "+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT}
_KEYWORD_PATTERN = re.compile(r"\((.*)\)\(\?!\[\^\\W\\d\]\)")


@functools.cache
def keyword_table() -> dict[str, tuple[str, str]]:
    """Each keyword terminal of ``grammar/rules.lark`` → (Chinese spelling, English spelling).

    A keyword terminal is a regex ``(spelling|spelling…)(?![^\\W\\d])``; the first
    non-ASCII alternative is the Chinese spelling, the first ASCII one the English
    (``[ \\t]+`` read as one space, ``s?`` as ``s``). A missing spelling is "".
    """
    table: dict[str, tuple[str, str]] = {}
    for terminal in grammar_parser("rules", "start").terminals:
        m = _KEYWORD_PATTERN.fullmatch(terminal.pattern.value) if terminal.pattern.type == "re" else None
        if m is None:
            continue
        spellings = [re.sub(r"\[(?: |\t|\\t)+\]\+", " ", alt).replace("?", "") for alt in m.group(1).split("|")]
        zh = next((s for s in spellings if not s.isascii()), "")
        en = next((s for s in spellings if s.isascii()), "")
        table[terminal.name] = (zh, en)
    return table


@functools.cache
def _keyword_regex() -> re.Pattern[str]:
    """Any keyword as a whole word (longest spellings first, so 不为空 wins over 为空)."""
    terminals = sorted(grammar_parser("rules", "start").terminals, key=lambda t: -t.priority)
    patterns = [t.pattern.value for t in terminals if t.name in keyword_table()]
    return re.compile(r"(?<![\w·])(?:" + "|".join(patterns) + ")")


# --- the source: comments, blank lines, keyword language --------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    code: str  # the line without its comment, strings blanked out
    comment: str | None  # from "#" to the end, trailing space removed

    @property
    def blank(self) -> bool:
        return not self.code.strip() and self.comment is None

    @property
    def comment_only(self) -> bool:
        return not self.code.strip() and self.comment is not None


def _scan(text: str) -> list[_Line]:
    """Split each line into code and comment; a "#" inside quoted text is not a comment."""
    out = []
    for line in text.splitlines():
        code: list[str] = []
        comment = None
        i = 0
        while i < len(line):
            ch = line[i]
            if ch == "#":
                comment = line[i:].rstrip()
                break
            if ch in "\"“":
                end = line.find('"' if ch == '"' else "”", i + 1)
                end = len(line) if end < 0 else end + 1
                code.append(ch + " " * (end - i - 2) + line[end - 1 : end])
                i = end
                continue
            code.append(ch)
            i += 1
        out.append(_Line("".join(code), comment))
    return out


def comments(text: str) -> list[str]:
    """Every comment of a rule file, in order (``# …``, trailing space removed)."""
    return [line.comment for line in _scan(text) if line.comment is not None]


def dominant_keywords(text: str) -> str:
    """``"en"`` when most keywords of the file are spelt in English, else ``"zh"``."""
    counts: Counter[bool] = Counter()
    pattern = _keyword_regex()
    for line in _scan(text):
        for m in pattern.finditer(line.code):
            counts[m.group(0).isascii()] += 1
    return "en" if counts[True] > counts[False] else "zh"


# --- printing -------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns on a terminal: Chinese (wide and full-width) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def quote(text: str) -> str:
    """Quoted text as the grammar reads it: "…", or “…” when the text holds a "."""
    return f"“{text}”" if '"' in text else f'"{text}"'


def number(value: Decimal, percent: bool = False) -> str:
    """A number as written: never an exponent, trailing zeros kept."""
    return format(value, "f") + ("%" if percent else "")


def _level(e: ast.Expr) -> int:
    if isinstance(e, ast.Binary):
        return _BINARY_LEVEL.get(e.op, _TEST)
    if isinstance(e, ast.Unary):
        return _NOT if e.op == "not" else _UNARY
    if isinstance(e, ast.Test):
        return _TEST
    return _ATOM


@dataclass
class _Item:
    """One printed item (a line, or a deduction with its reason line) and where it began."""

    start: int  # source line, 1-based
    depth: int
    lines: list[str]  # the first at ``depth``, the others one level deeper
    before: list[tuple[str, bool]] = field(default_factory=list)  # comment lines before it, blank line before each
    blank_before: bool = False
    trailing: str | None = None


class _Printer:
    def __init__(self, lang: str):
        self.en = lang == "en"
        self.keywords = keyword_table()

    def kw(self, terminal: str) -> str:
        return self.keywords[terminal][self.en]

    # expressions

    def expr(self, e: ast.Expr, level: int = _OR) -> str:
        text = self._expr(e)
        return f"({text})" if _level(e) < level else text

    def _expr(self, e: ast.Expr) -> str:
        if isinstance(e, ast.Number):
            return number(e.value, e.percent)
        if isinstance(e, ast.Text):
            return quote(e.value)
        if isinstance(e, ast.Bool):
            return self.kw("TRUE" if e.value else "FALSE")
        if isinstance(e, ast.Name):
            return e.name
        if isinstance(e, ast.Call):
            return f"{e.function}({', '.join(self.expr(a) for a in e.args)})"
        if isinstance(e, ast.NotComputable):
            return f"{self.kw('NOT_COMPUTABLE')} {quote(e.reason)}"
        if isinstance(e, ast.Unary):
            if e.op == "not":
                return f"{self.kw('NOT')} {self.expr(e.operand, _NOT)}"
            return f"-{self.expr(e.operand, _UNARY)}"
        if isinstance(e, ast.Test):
            subject = self.expr(e.operand, _SUM)
            if e.op == "is":
                return f"{subject} {self.kw('IS')} {e.argument}"
            if e.op == "is_not":
                return f"{subject} {self.kw('IS_NOT')} {e.argument}"
            if e.op == "satisfies":
                return f"{subject} {self.kw('SATISFIES')} {quote(e.argument)}"
            return f"{subject} {self.kw('EMPTY' if e.op == 'empty' else 'NOT_EMPTY')}"
        assert isinstance(e, ast.Binary), e
        level = _level(e)
        if level == _TEST:  # comparisons do not chain: both sides are sums
            op = self.kw("CONTAINS") if e.op == "contains" else OPERATORS[e.op][self.en]
            return f"{self.expr(e.left, _SUM)} {op} {self.expr(e.right, _SUM)}"
        op = self.kw(e.op.upper()) if e.op in ("or", "and") else OPERATORS[e.op][self.en]
        return f"{self.expr(e.left, level)} {op} {self.expr(e.right, level + 1)}"

    # statements

    def with_reason(self, head: str, reason: str | None, depth: int) -> list[str]:
        if reason is None:
            return [head]
        tail = f"{self.kw('BECAUSE')} {quote(reason)}"
        if display_width(INDENT * depth + head + " " + tail) <= WIDTH:
            return [f"{head} {tail}"]
        return [head, tail]

    def each(self, each: bool) -> str:
        return f"{self.kw('EACH')} " if each else ""

    def header(self, h: ast.Header, starts: dict[str, int]) -> list[_Item]:
        items = [_Item(h.span.line, 0, [f"{self.kw('RULESET')} {h.name}"])]
        if h.applies is not None:
            items.append(_Item(starts.get("APPLIES", h.span.line), 0, [f"{self.kw('APPLIES')} {h.applies}"]))
        if h.valid_from is not None:
            items.append(_Item(starts.get("VALID", h.span.line), 0, [f"{self.kw('VALID')} {h.valid_from} {self.kw('TO')} {h.valid_to}"]))
        if h.version is not None:
            items.append(_Item(starts.get("VERSION", h.span.line), 0, [f"{self.kw('VERSION')} {h.version}"]))
        for path, span in h.includes:
            items.append(_Item(span.line, 0, [f"{self.kw('INCLUDE')} {quote(path)}"]))
        return items

    def statement(self, s: ast.Statement) -> list[_Item]:
        if isinstance(s, ast.Definition):
            head = f"{self.each(s.each)}{self.kw('LET')} {s.name}"
            return self.definition(s, head, 0)
        if isinstance(s, ast.Section):
            items = [_Item(s.span.line, 0, [f"{self.kw('SECTION')} {s.name} {self.kw('MAX')} {number(s.maximum)}:"])]
            if s.score is not None:
                items += self.definition(s.score, self.kw("SCORE"), 1)
            for d in s.deductions:
                points = self.kw("POINTS")
                if self.en and isinstance(d.points, ast.Number) and d.points.value == 1 and not d.points.percent:
                    points = points.removesuffix("s")  # deduct 1 point: the grammar reads points?
                head = f"{self.kw('DEDUCT')} {self.expr(d.points)} {points} {self.each(d.each)}{self.kw('WHEN')} {self.expr(d.condition)}"
                items.append(_Item(d.span.line, 1, self.with_reason(head, d.reason, 1)))
            return items
        if isinstance(s, ast.Check):
            severity = SEVERITIES[s.severity][self.en]
            head = f"{self.kw('CHECK')} {s.name} {self.kw('SEVERITY')} {severity} {self.each(s.each)}{self.kw('WHEN')} {self.expr(s.condition)}"
            return [_Item(s.span.line, 0, self.with_reason(head, s.reason, 0))]
        assert isinstance(s, ast.Reconcile), s
        line = (
            f"{self.kw('RECONCILE')} {self.each(s.each)}{self.expr(s.recomputed)} "
            f"{self.kw('AGAINST')} {self.expr(s.reported)} {self.kw('TOLERANCE')} {self.expr(s.tolerance)}"
        )
        return [_Item(s.span.line, 0, [line])]

    def definition(self, d: ast.Definition, head: str, depth: int) -> list[_Item]:
        if d.expr is not None:
            return [_Item(d.span.line, depth, [f"{head} = {self.expr(d.expr)}"])]
        arrow = "=>"
        if d.subject is not None:
            items = [_Item(d.span.line, depth, [f"{head} = {self.kw('BANDS')} {self.expr(d.subject)}:"])]
            for b in d.bands:
                items.append(_Item(b.span.line, depth + 1, [f"{quote(b.target)} {arrow} {self.expr(b.result)}"]))
            return items
        items = [_Item(d.span.line, depth, [f"{head}:"])]
        for c in d.cases:
            condition = self.kw("OTHERWISE") if c.condition is None else self.expr(c.condition)
            items.append(_Item(c.span.line, depth + 1, [f"{condition} {arrow} {self.expr(c.result)}"]))
        return items


def _header_starts(lines: list[_Line], tree: ast.RuleFile) -> dict[str, int]:
    """The source line of the (last, effective) 适用于 / 有效期 / 版本 line: the tree does not keep it."""
    first_statement = min((s.span.line for s in tree.statements), default=len(lines) + 1)
    starts: dict[str, int] = {}
    keywords = {name: re.compile(terminal.pattern.value) for terminal in grammar_parser("rules", "start").terminals
                if (name := terminal.name) in ("APPLIES", "VALID", "VERSION")}  # fmt: skip
    for number_, line in enumerate(lines[: first_statement - 1], start=1):
        if line.code[:1].strip():
            for name, pattern in keywords.items():
                if pattern.match(line.code):
                    starts[name] = number_
    return starts


def _attach(items: list[_Item], lines: list[_Line]) -> list[tuple[str, bool]]:
    """Give each item the comments and blank lines of the source around it; returns the
    comments after the last item. A comment line goes with the item after it; a comment
    inside an item (a continued line) goes before it; a trailing comment stays at its end."""
    ordered = sorted(items, key=lambda item: item.start)
    ends = [item.start for item in ordered[1:]] + [len(lines) + 1]
    pending = [_comment_line(lines, n) for n in range(1, ordered[0].start) if lines[n - 1].comment is not None]
    for item, end in zip(ordered, ends, strict=True):
        item.before, pending = pending, []
        item.blank_before = item.start > 1 and lines[item.start - 2].blank
        last_code = max((n for n in range(item.start, end) if lines[n - 1].code.strip()), default=item.start)
        moved: list[str] = []
        trailing: list[str] = []
        for n in range(item.start, end):
            line = lines[n - 1]
            if line.comment is None:
                continue
            if line.comment_only and n > last_code:
                pending.append(_comment_line(lines, n))
            elif line.comment_only:
                moved.append(line.comment)
            else:
                trailing.append(line.comment)
        moved += trailing[:-1]
        item.trailing = trailing[-1] if trailing else None
        if moved:
            item.before += [(c, item.blank_before and i == 0) for i, c in enumerate(moved)]
            item.blank_before = False
    return pending


def _comment_line(lines: list[_Line], n: int) -> tuple[str, bool]:
    comment = lines[n - 1].comment
    assert comment is not None
    return comment, n > 1 and lines[n - 2].blank


def _render(items: list[_Item], tail: list[tuple[str, bool]]) -> str:
    out: list[str] = []

    def emit(text: str, blank: bool) -> None:
        if blank and out:
            out.append("")
        out.append(text)

    for item in items:
        indent = INDENT * item.depth
        for comment, blank in item.before:
            emit(indent + comment, blank)
        for i, text in enumerate(item.lines):
            line = (indent if i == 0 else indent + INDENT) + text
            if i == len(item.lines) - 1 and item.trailing:
                line += "  " + item.trailing
            emit(line, item.blank_before and i == 0)
    for comment, blank in tail:
        emit(comment, blank)
    return "\n".join(out) + "\n"


def format_rules(text: str, path: str = "<rules>", keywords: str | None = None) -> str:
    """The canonical text of a rule file; raises GovrulesError if it does not parse.

    >>> print(format_rules('规则集 示例\\n设 x=(1+2)*3 # 注\\n'), end="")
    规则集 示例
    设 x = (1 + 2) × 3  # 注
    >>> print(format_rules('规则集 示例\\n设 x=(1+2)*3\\n', keywords="en"), end="")
    ruleset 示例
    let x = (1 + 2) * 3
    """
    if keywords is not None and keywords not in LANGUAGES:
        raise ValueError(f"keywords must be one of {LANGUAGES}, not {keywords!r}")
    tree = parse_rules(text, path)
    lines = _scan(text)
    lang = keywords or dominant_keywords(text)
    printer = _Printer(lang)
    items = printer.header(tree.header, _header_starts(lines, tree))
    for statement in tree.statements:
        items += printer.statement(statement)
    result = _render(items, _attach(items, lines))
    _verify(tree, text, result, path, lang)
    return result


# --- the guarantee: same tree, same comments ------------------------------------------------


def without_spans(node: Any) -> Any:
    """A syntax tree as nested tuples, without spans, file name or source lines: two files
    that mean the same thing (whatever their layout and keyword language) give equal values."""
    if isinstance(node, Span):
        return None
    if isinstance(node, ast.RuleFile):
        return (without_spans(node.header), without_spans(node.statements))
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        fields = (f.name for f in dataclasses.fields(node) if f.name != "span")
        return (type(node).__name__, *(without_spans(getattr(node, name)) for name in fields))
    if isinstance(node, tuple):
        return tuple(without_spans(part) for part in node)
    return node


def _verify(tree: ast.RuleFile, source: str, result: str, path: str, lang: str) -> None:
    try:
        again = parse_rules(result, path)
    except GovrulesError as e:
        span = e.diagnostics[0].span if e.diagnostics else None
        raise _unsafe(tree, span.line if span else 1, lang) from None
    if without_spans(again) != without_spans(tree):
        pairs = zip(again.statements, tree.statements)
        line = next((b.span.line for a, b in pairs if without_spans(a) != without_spans(b)), tree.header.span.line)
        raise _unsafe(tree, line, lang)
    if Counter(comments(result)) != Counter(comments(source)):  # a bug here; never seen
        raise _unsafe(tree, 1, lang, comment=True)


def _unsafe(tree: ast.RuleFile, line: int, lang: str, comment: bool = False) -> GovrulesError:
    words = "英文" if lang == "en" else "中文"
    if comment:
        zh, en = "无法格式化：格式化后会丢失注释（govrules 的缺陷，请报告）", "cannot format: a comment would be lost (a bug in govrules, please report it)"
    else:
        zh = f"无法格式化：用{words}关键字改写后，这一行的含义会改变（多半是某个名称与关键字同形）"
        en = f"cannot format: with {lang} keywords this line would mean something else (a name spelt like a keyword, most likely)"
    return GovrulesError([Diagnostic(
        "GR390", Severity.ERROR, zh, en,
        "把与关键字同形的名称改掉，或改用另一种语言的关键字（--keywords）",
        "rename what is spelt like a keyword, or use the other keyword language (--keywords)",
        Span(tree.path, line, 1), "", tree.lines[line - 1] if 0 < line <= len(tree.lines) else "",
    )])  # fmt: skip
