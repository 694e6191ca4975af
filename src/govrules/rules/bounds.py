"""Load-time checks that keep evaluation within its bounds: what would otherwise fail only
when a submission is evaluated, refused when the rule file is loaded.

- GR430: an expression nested more deeply than MAX_DEPTH (evaluation nests a Python call per
  level: this keeps it far below the interpreter's recursion limit, whatever built the tree);
- GR431: ``取整(x, n)`` with a literal ``n`` that is not a whole number from -20 to 20;
- GR432: a period (``有效期``) whose bound is not a year from 0001 to 9999 or a real date, or
  whose start is after its end.
"""

from __future__ import annotations

import re
from datetime import date

from ..errors import Diagnostic, Severity, Span
from . import ast, graph
from .names import FUNCTION_BY_NAME
from .runtime import MAX_PLACES

MAX_DEPTH = 150  # levels of nesting of one expression: evaluation and explanations stay below ~550 Python frames


def bounds(tree: ast.RuleFile) -> list[Diagnostic]:
    """The GR43x errors of a parsed rule file (with the statements of its includes)."""
    out = _period(tree)
    exprs = [(e, st) for st in tree.statements for e in graph.statement_exprs(st) if e is not None]
    deep = [(e, st) for e, st in exprs if graph.depth(e) > MAX_DEPTH]
    for e, st in deep:
        out.append(_error(tree, "GR430", f"表达式嵌套超过 {MAX_DEPTH} 层", f"the expression nests more than {MAX_DEPTH} levels deep", st.span,
                          ("把其中一部分写成单独的定义（设 …），再引用它的名称", "give part of it a name of its own (let …) and use that name")))  # fmt: skip
    if deep:
        return out  # too deep to walk further
    for e, _ in exprs:
        for node in _nodes(e):
            if isinstance(node, ast.Call) and FUNCTION_BY_NAME.get(node.function) is FUNCTION_BY_NAME["round"] and len(node.args) == 2:
                places = node.args[1]
                literal = places.amount if isinstance(places, ast.Number) else None
                if isinstance(places, ast.Unary) and places.op == "-" and isinstance(places.operand, ast.Number):
                    literal = -places.operand.amount
                if isinstance(places, (ast.Text, ast.Bool)) or (
                    literal is not None and (literal != literal.to_integral_value() or not -MAX_PLACES <= literal <= MAX_PLACES)
                ):
                    shown = _shown(places)
                    out.append(_error(tree, "GR431", f"取整的位数须是 -{MAX_PLACES} 到 {MAX_PLACES} 的整数，这里是 {shown}",
                                      f"the places to round to must be a whole number from -{MAX_PLACES} to {MAX_PLACES}, not {shown}", places.span,
                                      ("如 取整(得分, 2) 保留两位小数，取整(得分) 取整数", "e.g. 取整(得分, 2) for two decimals, 取整(得分) for a whole number")))  # fmt: skip
    return out


def _nodes(expr: ast.Expr) -> list[ast.Expr]:
    out, todo = [], [expr]
    while todo:
        e = todo.pop()
        out.append(e)
        todo.extend(graph.children(e))
    return out


def _shown(e: ast.Expr) -> str:
    match e:
        case ast.Number(value, percent):
            return f"{value}%" if percent else str(value)
        case ast.Unary("-", operand):
            return "-" + _shown(operand)
        case ast.Text(value):
            return f"“{value}”"
        case ast.Bool(value):
            return "真" if value else "假"
    return "?"


def _period(tree: ast.RuleFile) -> list[Diagnostic]:
    h = tree.header
    span = next((Span(h.span.file, n, 1, n, len(line) + 1) for n, line in enumerate(tree.lines, start=1)
                 if re.match(r"\s*(有效期|valid)(?![^\W\d])", line)), h.span)  # fmt: skip
    bounds: list[tuple[str, date]] = []
    out: list[Diagnostic] = []
    for text, end in ((h.valid_from, False), (h.valid_to, True)):
        if text is None:
            continue
        day = period_bound(text, end)
        if day is None:
            out.append(_error(tree, "GR432", f"有效期“{text}”不是 0001–9999 的年份或有效的日期", f"the period bound “{text}” is not a year from 0001 to 9999 or a real date", span,
                              ("写成如 有效期 2020 至 2022，或 有效期 2020-07-01 至 2021-06-30", "write e.g. 有效期 2020 至 2022, or 有效期 2020-07-01 至 2021-06-30")))  # fmt: skip
        else:
            bounds.append((text, day))
    if len(bounds) == 2 and bounds[0][1] > bounds[1][1]:
        out.append(_error(tree, "GR432", f"有效期从 {bounds[0][0]} 起，晚于止于的 {bounds[1][0]}", f"the period starts at {bounds[0][0]}, after it ends at {bounds[1][0]}", span,
                          ("把较早的写在前面：有效期 起 至 止", "write the earlier bound first: valid FROM to TO")))  # fmt: skip
    return out


def period_bound(text: str, end: bool = False) -> date | None:
    """The first (or, ``end``, the last) day of a period bound: a year ``2020`` or a date
    ``2020-07-01``; None if it is neither."""
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def _error(tree: ast.RuleFile, code: str, zh: str, en: str, span: Span, hint: tuple[str, str]) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, zh, en, hint[0], hint[1], span, "", tree.source_line(span))
