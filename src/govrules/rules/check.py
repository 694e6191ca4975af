"""Load-time checks of a parsed rule file: every semantic error at once.

Unknown names (with the closest known one), unknown functions and wrong numbers of
arguments, duplicate definitions, cycles between definitions, a per-indicator
value used where one figure is needed, unit mismatches (万元 against %), constant
deductions that can apply together and exceed their section, band and target texts the target
language cannot read, template fields that name nothing.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from collections.abc import Iterator, Mapping

from ..errors import Diagnostic, Severity, Span
from ..submissions.models import KINDS as SUBMISSION_KINDS
from ..targets import parse as parse_target
from ..targets.units import unit_info
from ..targets.parse import map_quantities
from ..targets.values import Quantity, Value
from . import ast, graph
from .bounds import bounds
from .conditions import most_together
from .names import DIRECTION, FIELD_BY_NAME, FUNCTION_BY_NAME, INDICATOR_FIELD_BY_NAME, KINDS, MET, TOTAL

# A field {name} or {name:spec} of a message template; {{ and }} write a brace (not a field).
TEMPLATE_FIELD = re.compile(r"(?<!\{)\{([^{}:]+)(?::([^{}]*))?\}(?!\})")


def unescape_template(literal: str) -> str:
    """The text of a template's literal part: ``{{`` is ``{`` and ``}}`` is ``}``."""
    return literal.replace("{{", "{").replace("}}", "}")
FORMATS = re.compile(r"^(%\d?|万元|\.\d|\d|)$")


def _diag(code: str, zh: str, en: str, span: Span, source: str, hint: tuple[str, str] = ("", ""), severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(code, severity, zh, en, hint[0], hint[1], span, "", source)


def walk(expr: ast.Expr, in_aggregate: bool = False) -> Iterator[tuple[ast.Expr, bool]]:
    """Every node of an expression (depth first, left to right), with whether it sits
    inside an aggregate's argument. An explicit stack: no recursion."""
    todo = [(expr, in_aggregate)]
    while todo:
        node, inside = todo.pop()
        yield node, inside
        match node:
            case ast.Call(function, args):
                fn = FUNCTION_BY_NAME.get(function)
                todo.extend((a, inside or bool(fn and fn.aggregate)) for a in reversed(args))
            case ast.Unary(_, operand) | ast.Test(_, operand):
                todo.append((operand, inside))
            case ast.Binary(_, left, right):
                todo.extend(((right, inside), (left, inside)))


SUGGEST = 300  # at most this many known names are compared with an unknown one
VISITS = 20_000  # … chosen by looking at most this many entries of the index up
HINTS = 1_000  # unknown names given a “did you mean” (the others are still reported)


def pieces(name: str) -> set[str]:
    """What the index of names is keyed by: the pairs of adjacent characters (the name itself when it has one)."""
    return {name[i : i + 2] for i in range(len(name) - 1)} or {name}


def closest(name: str, known: list[str], index: Mapping[str, list[str]], cutoff: float = 0.4) -> str | None:
    """The known name most like ``name`` (“did you mean …?”), or None. Among many names,
    only those sharing most pairs of characters with it are compared (looked up in
    ``index``, rarest pairs first, at most VISITS entries, SUGGEST names): the cost of
    one suggestion does not grow with the rule file."""
    if len(known) > SUGGEST:
        shared: dict[str, int] = {}
        visits = 0
        for piece in sorted(pieces(name), key=lambda p: len(index.get(p, ()))):
            for candidate in index.get(piece, ())[: VISITS - visits]:
                shared[candidate] = shared.get(candidate, 0) + 1
            visits += len(index.get(piece, ()))
            if visits >= VISITS:
                break
        known = sorted(shared, key=lambda c: (-shared[c], abs(len(c) - len(name)), c))[:SUGGEST]
    close = difflib.get_close_matches(name, known, n=1, cutoff=cutoff)
    return close[0] if close else None


class Checker:
    def __init__(self, rules: ast.RuleFile):
        self.rules = rules
        self.errors: list[Diagnostic] = []
        self.defs: dict[str, ast.Definition] = {}
        self.sections: dict[str, ast.Section] = {}
        self._def_units: dict[str, str | None] | None = None
        self._known: list[str] | None = None
        self._known_set: set[str] = set()
        self._by_piece: dict[str, list[str]] = {}
        self._hints: dict[str, str | None] = {}  # a suggestion per unknown name, made once

    def error(self, code: str, zh: str, en: str, span: Span, hint: tuple[str, str] = ("", ""), severity: Severity = Severity.ERROR) -> None:
        self.errors.append(_diag(code, zh, en, span, self.rules.source_line(span), hint, severity))

    def run(self) -> list[Diagnostic]:
        header = self.rules.header
        if header.applies is not None and header.applies not in SUBMISSION_KINDS:
            self.error("GR413", f"未知的表类型“{header.applies}”", f"unknown submission kind “{header.applies}”", header.span, ("可选：绩效目标表、绩效监控情况表、绩效自评表", "one of: target_table, monitoring, self_evaluation"))
        for st in self.rules.statements:
            if isinstance(st, ast.Definition):
                self._define(st.name, st.span, st)
            elif isinstance(st, ast.Section):
                self._define(st.name, st.span, st)
        for st in self.rules.statements:
            self._statement(st)
        self._cycles()
        return sorted(set(self.errors), key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))

    def _define(self, name: str, span: Span, node: ast.Definition | ast.Section) -> None:
        builtin = name in FIELD_BY_NAME or name in INDICATOR_FIELD_BY_NAME or name in MET or name in TOTAL or name in FUNCTION_BY_NAME
        if builtin:
            self.error("GR404", f"“{name}”是内置名称，不能重新定义", f"“{name}” is a built-in name and cannot be redefined", span, ("换一个名称", "choose another name"))
            return
        earlier = self.defs.get(name) or self.sections.get(name)
        if earlier is not None:
            self.error("GR404", f"“{name}”重复定义（第 {earlier.span.line} 行已定义）", f"“{name}” is defined twice (first on line {earlier.span.line})", span,
                       ("删去其中一个，或给这一个换个名称", "delete one of them, or give this one another name"))
            return
        if isinstance(node, ast.Definition):
            self.defs[name] = node
        else:
            self.sections[name] = node

    # -- names ------------------------------------------------------------------

    def units(self) -> dict[str, str | None]:
        """The static unit of each definition (:func:`definition_units`), worked out once."""
        if self._def_units is None:
            self._def_units = definition_units(self.defs)
        return self._def_units

    def known_names(self) -> list[str]:
        """Every name a rule may use here (made once, after the definitions are known)."""
        if self._known is None:
            self._known = list(dict.fromkeys([*self.defs, *self.sections, *FIELD_BY_NAME, *INDICATOR_FIELD_BY_NAME, *MET, *DIRECTION, *TOTAL]))
            self._known_set = set(self._known)
            for known in self._known:
                for piece in pieces(known):
                    self._by_piece.setdefault(piece, []).append(known)
        return self._known

    def is_each(self, name: str) -> bool:
        d = self.defs.get(name)
        return bool(d and d.each) or name in INDICATOR_FIELD_BY_NAME or name in MET or name in DIRECTION

    def _expr(self, expr: ast.Expr, each: bool, section: ast.Section | None = None) -> None:
        for node, in_agg in walk(expr):
            match node:
                case ast.Name(name, span):
                    self._name(name, span, each or in_agg, section)
                case ast.Call(function, args, span):
                    fn = FUNCTION_BY_NAME.get(function)
                    if fn is None:
                        close = difflib.get_close_matches(function, list(FUNCTION_BY_NAME), n=1, cutoff=0.4)
                        hint = (f"是否想写“{close[0]}”？", f"did you mean “{close[0]}”?") if close else ("", "")
                        self.error("GR402", f"未知的函数“{function}”", f"unknown function “{function}”", span, hint)
                    elif not fn.min_args <= len(args) <= fn.max_args:
                        n = f"{fn.min_args}" if fn.min_args == fn.max_args else f"{fn.min_args}–{fn.max_args}"
                        self.error("GR403", f"函数“{function}”需要 {n} 个参数，这里有 {len(args)} 个", f"function “{function}” takes {n} arguments, not {len(args)}", span, (fn.doc, f"see {function} ({fn.en}) in the function reference"))
                case ast.Test(op, _, argument, span) if op in ("is", "is_not") and argument not in KINDS:
                    close = difflib.get_close_matches(argument, list(KINDS), n=1, cutoff=0.3)
                    kinds = "、".join(k for k in KINDS if not k.isascii())
                    hint = (f"是否想写“{close[0]}”？可用：{kinds}", f"did you mean “{close[0]}”? Kinds: {kinds}") if close else (f"可用：{kinds}", f"kinds: {kinds}")
                    self.error("GR411", f"未知的值类型“{argument}”", f"unknown kind of value “{argument}”", span, hint)
                case ast.Test("satisfies", _, argument, span):
                    self._target(argument, span)
        self._units(expr)

    def _name(self, name: str, span: Span, each: bool, section: ast.Section | None) -> None:
        if name in ("满分", "max") and section is not None:
            return
        if name not in self._known_set and name not in self.known_names():
            if name not in self._hints and len(self._hints) < HINTS:
                self._hints[name] = closest(name, self.known_names(), self._by_piece)
            close = self._hints.get(name)
            hint = (f"是否想写“{close}”？", f"did you mean “{close}”?") if close else ("名称须先用“设”定义，或是内置名称（见语言参考）", "define it with “let” first, or use a built-in name (see the language reference)")
            self.error("GR401", f"未知的名称“{name}”", f"unknown name “{name}”", span, hint)
        elif self.is_each(name) and not each:
            self.error(
                "GR406", f"“{name}”是每个指标各有的值，这里需要单一数值", f"“{name}” has one value per indicator; a single figure is needed here", span,
                (f"用 平均({name})、求和({name}) 或 计数(条件) 汇总，或在规则前加“每个指标”", f"aggregate it with mean({name}), sum({name}) or count(condition), or write the rule with “each”"),
            )  # fmt: skip

    def _target(self, text: str, span: Span) -> None:
        parsed = parse_target(text)
        if parsed.kind == "qualitative":
            self.error("GR409", f"“{text}”不是可识别的指标值写法", f"“{text}” is not a target the target language can read", span, ("写成如 ≥90%、80%～90%、<60", "write e.g. ≥90%, 80%～90%, <60"))

    def _template(self, text: str | None, span: Span, each: bool, section: ast.Section | None) -> None:
        for m in TEMPLATE_FIELD.finditer(text or ""):
            name, spec = m.group(1).strip(), m.group(2) or ""
            where = self._field_span(m.group(0), span)
            self._name(name, where, each, section)
            if not FORMATS.match(spec):
                self.error("GR410", f"未知的格式“{spec}”", f"unknown format “{spec}”", where, ("可用：% %0 %1 %2 万元 .2 0", "use one of: % %0 %1 %2 万元 .2 0"))

    def _field_span(self, field: str, span: Span) -> Span:
        """Where a template field ``{name:spec}`` is written in the statement (its first occurrence), else the statement."""
        for line in range(span.line, (span.end_line or span.line) + 1):
            column = self.rules.source_line(Span(span.file, line, 1)).find(field)
            if column >= 0:
                return Span(span.file, line, column + 1, line, column + 1 + len(field))
        return span

    def _unit_mismatch(self, a: str, b: str, span: Span) -> None:
        self.error("GR407", f"单位不可比：{_unit_zh(a)} 与 {_unit_zh(b)}", f"units do not compare: {_unit_en(a)} and {_unit_en(b)}", span,
                   ("只比较同一单位的数值：金额与金额、比率与比率，如 执行数 / 预算数 ≥ 95%",
                    "compare like with like: amounts with amounts, ratios with ratios, e.g. 执行数 / 预算数 ≥ 95%"))  # fmt: skip

    def _units(self, expr: ast.Expr) -> None:
        for node, _ in walk(expr):
            if isinstance(node, ast.Binary) and node.op in ("+", "-", "=", "!=", "<", "≤", ">", "≥"):
                a, b = static_unit(node.left, self.defs, known=self.units()), static_unit(node.right, self.defs, known=self.units())
                if a and b and a != b:
                    self._unit_mismatch(a, b, node.span)
            if isinstance(node, ast.Test) and node.op == "satisfies":
                a, b = static_unit(node.operand, self.defs, known=self.units()), target_dimension(parse_target(node.argument or "").value)
                if a and b and a != b:
                    self._unit_mismatch(a, b, node.span)

    # -- statements ---------------------------------------------------------------

    def _statement(self, st: ast.Statement) -> None:
        if isinstance(st, ast.Definition):
            self._definition(st, st.each, None)
        elif isinstance(st, ast.Section):
            if st.score is not None:
                self._definition(st.score, False, st)
            for d in st.deductions:
                self._expr(d.points, d.each, st)
                self._expr(d.condition, d.each, st)
                self._template(d.reason, d.span, d.each, st)
            # fixed points, once per section; those whose conditions exclude each other are not added up
            items = [(d.points.amount, d.condition) for d in st.deductions if not d.each and isinstance(d.points, ast.Number)]
            plain = sum((p for p, _ in items), Decimal(0))
            if plain > st.maximum and len(items) > COMPARED:  # the analysis compares every pair: bounded
                self.error("GR408", f"本段有 {len(items)} 条固定分值的扣分，合计 {plain} 分，超过满分 {st.maximum} 分（多于 {COMPARED} 条时不再逐对判断条件是否互斥）", f"this section has {len(items)} deductions of fixed points adding up to {plain}, more than its maximum {st.maximum} (beyond {COMPARED}, their conditions are not compared pair by pair)", st.span,
                           ("把扣分分到几个评分段，或写成分档（设 扣分 = 分档 …），再 扣 扣分 分", "split the deductions over several sections, or write them as bands (let d = bands …) and deduct d points"))  # fmt: skip
                return
            fixed = most_together(items) if plain > st.maximum else plain
            if fixed > st.maximum:
                self.error("GR408", f"本段可同时发生的扣分合计可达 {fixed} 分，超过满分 {st.maximum} 分", f"the deductions of this section that can apply together add up to {fixed}, more than its maximum {st.maximum}", st.span, ("多半是分值写错了：调低扣分或调高满分。“扣完为止”不必这样写：把扣分写成公式（如 扣 最小(相差 / 3%, 15) 分），得分本就不会低于 0", "a figure is probably wrong: lower the deductions or raise the maximum. For “until nothing is left”, write the points as a formula (e.g. deduct 最小(gap / 3%, 15) points); points never go below zero"))
        elif isinstance(st, ast.Check):
            self._expr(st.condition, st.each)
            self._template(st.reason, st.span, st.each, None)
        elif isinstance(st, ast.Reconcile):
            for e in (st.recomputed, st.reported, st.tolerance):
                self._expr(e, st.each)

    def _definition(self, d: ast.Definition, each: bool, section: ast.Section | None) -> None:
        if d.expr is not None:
            self._expr(d.expr, each, section)
        for c in d.cases:
            if c.condition is not None:
                self._expr(c.condition, each, section)
            self._expr(c.result, each, section)
        if d.subject is not None:
            self._expr(d.subject, each, section)
        for b in d.bands:
            self._target(b.target, b.span)
            self._expr(b.result, each, section)
        if any(c.condition is None for c in d.cases[:-1]):
            bad = next(c for c in d.cases[:-1] if c.condition is None)
            self.error("GR414", "“否则”之后的情形永远不会用到", "cases after “otherwise” can never apply", bad.span, ("把“否则”放在最后", "put “otherwise” last"))

    # -- cycles ----------------------------------------------------------------------

    def _cycles(self) -> None:
        for cycle in graph.cycles(graph.references(self.rules)):
            where = self.defs.get(cycle[0]) or self.sections.get(cycle[0])
            span = where.span if where is not None else self.rules.header.span
            shown = cycle if len(cycle) <= 12 else [*cycle[:5], f"…（共 {len(cycle) - 1} 个）", *cycle[-5:]]  # a cycle of 3,000: its ends
            chain = " → ".join(shown)
            chain_en = chain.replace(f"…（共 {len(cycle) - 1} 个）", f"… ({len(cycle) - 1} in all)")
            self.error("GR405", f"定义之间循环引用：{chain}", f"definitions refer to each other in a cycle: {chain_en}", span,
                       ("改写其中一个定义，使它不再（间接）引用自己", "rewrite one of the definitions so that it no longer refers to itself, directly or through others"))


def names_in(expr: ast.Expr | None) -> set[str]:
    return graph.names(expr)


def template_names(text: str | None) -> set[str]:
    return graph.template_names(text)


def refs_of_definition(d: ast.Definition) -> set[str]:
    return graph.names(*graph.definition_exprs(d))


def definition_units(defs: Mapping[str, ast.Definition]) -> dict[str, str | None]:
    """The static unit of each definition, worked out in dependency order (each from the
    units of those before it: no recursion along a chain of definitions)."""
    units: dict[str, str | None] = {}
    refs = {name: sorted(refs_of_definition(d) & defs.keys()) for name, d in defs.items()}
    for name in graph.order(refs):
        units[name] = static_unit(ast.Name(name, defs[name].span), defs, known=units)
    return units


def static_unit(expr: ast.Expr, defs: Mapping[str, ast.Definition] | None = None, seen: frozenset[str] = frozenset(),
                known: Mapping[str, str | None] | None = None) -> str | None:
    """The unit of an expression when it is known before any submission is seen: of a
    submission's figure, a percentage, a division of like by like (执行数 / 预算数: a
    ratio), and of a name ``defs`` defines by a formula, or by cases that all give it.
    With ``known`` (:func:`definition_units`), a definition's unit is looked up there
    (None if it is not there yet) instead of being worked out again."""
    match expr:
        case ast.Number(_, percent):
            return "比率" if percent else None
        case ast.Name(name):
            field = FIELD_BY_NAME.get(name)
            if field is not None:
                return field.unit
            d = (defs or {}).get(name)
            if known is not None and name in known and name not in seen:
                return known[name]
            if d is None or name in seen or (known is not None and seen):
                return None
            results = [d.expr] if d.expr is not None else [c.result for c in d.cases] + [b.result for b in d.bands]
            units = {static_unit(r, defs, seen | {name}, known) for r in results if not isinstance(r, ast.NotComputable)}
            return units.pop() if len(units) == 1 else None
        case ast.Binary("/" | "*", left, right):
            a, b = static_unit(left, defs, seen, known), static_unit(right, defs, seen, known)
            if expr.op == "/" and a == b:
                return "比率" if a is not None else None
            return a if b is None else None
        case ast.Binary("+" | "-", left, right):
            return static_unit(left, defs, seen, known) or static_unit(right, defs, seen, known)
        case ast.Unary("-", operand):
            return static_unit(operand, defs, seen, known)
    return None


COMPARED = 200  # GR408 compares the conditions of at most this many fixed deductions of a section


def target_dimension(value: Value) -> str | None:
    """The dimension of the first quantity in a parsed target: ≥2000人 → 人, ≥95% → 比率."""
    dimensions: list[str] = []

    def note(q: Quantity) -> Quantity:
        if q.dimension is not None:
            dimensions.append(q.dimension)
        return q

    map_quantities(value, note)
    return dimensions[0] if dimensions else None


def _unit_zh(unit: str) -> str:
    return {"元": "万元（金额）", "比率": "%（比率）"}.get(unit, unit)


def _unit_en(unit: str) -> str:
    info = unit_info(unit)
    return {"元": "an amount (万元)", "比率": "a ratio (%)"}.get(unit) or (f"{info.en} ({unit})" if info else unit)


def check(rules: ast.RuleFile) -> list[Diagnostic]:
    """Every semantic error of a parsed rule file, sorted by position."""
    limits = bounds(rules)
    if any(d.code == "GR430" for d in limits):
        return limits  # too deeply nested to check further
    return sorted(Checker(rules).run() + limits, key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))
