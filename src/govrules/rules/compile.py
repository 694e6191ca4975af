"""Checked syntax tree → an immutable compiled rule set of closures, built once.

Evaluating a submission then only calls these closures: no tree walking, no
name lookups by string in the hot path beyond one dict access, no eval/exec.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any, TypeVar

from ..errors import Diagnostic, GovrulesError, Severity, Span
from ..targets import parse as parse_target
from ..targets.values import Value
from . import ast
from . import runtime as rt
from .check import TEMPLATE_FIELD, check
from .names import DIRECTION, FIELD_BY_NAME, FUNCTION_BY_NAME, INDICATOR_FIELD_BY_NAME, KINDS, MET, TOTAL, canonical_name
from .parse import parse_rules
from .results import RuleRef

Fn = Callable[[Any], Any]  # Scope → value
T = TypeVar("T")
SHARED_MAX = 50_000


@dataclass(frozen=True, slots=True)
class CompiledCase:
    condition: Fn | None
    result: Fn
    node: ast.Case | ast.Band
    ref: RuleRef  # the rule line results cite, made once at load time


@dataclass(frozen=True, slots=True)
class CompiledDefinition:
    name: str
    each: bool
    node: ast.Definition
    expr: Fn | None
    cases: tuple[CompiledCase, ...]
    subject: Fn | None
    ref: RuleRef


@dataclass(frozen=True, slots=True)
class TemplateField:
    """One ``{name:spec}`` of a message template, its value compiled once."""

    name: str  # canonical
    value: Fn
    spec: str
    cell: bool  # 指标值 / 完成值: shown as written in the submission, not re-rendered


# A message template: literal text and fields, in order.
Template = tuple[str | TemplateField, ...]


@dataclass(frozen=True, slots=True)
class CompiledDeduction:
    index: int
    node: ast.Deduction
    points: Fn
    condition: Fn
    reason: Template | None
    ref: RuleRef


@dataclass(frozen=True, slots=True)
class CompiledSection:
    name: str
    maximum: Decimal
    node: ast.Section
    score: CompiledDefinition | None
    deductions: tuple[CompiledDeduction, ...]
    ref: RuleRef


@dataclass(frozen=True, slots=True)
class CompiledCheck:
    node: ast.Check
    condition: Fn
    reason: Template | None
    ref: RuleRef


@dataclass(frozen=True, slots=True)
class CompiledReconcile:
    node: ast.Reconcile
    label: str  # what is compared, as results name it: 总体完成率
    recomputed: Fn
    reported: Fn
    tolerance: Fn
    ref: RuleRef


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A loaded, checked and compiled rule file. Immutable; evaluate it as often as you like."""

    name: str
    applies: str | None
    valid_from: str | None
    valid_to: str | None
    version: str | None
    path: str
    lines: tuple[str, ...]
    definitions: dict[str, CompiledDefinition]
    sections: tuple[CompiledSection, ...]
    checks: tuple[CompiledCheck, ...]
    reconciles: tuple[CompiledReconcile, ...]
    tree: ast.RuleFile
    _shared: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def source_line(self, line: int) -> str:
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""

    def clear_shared(self) -> None:
        self._shared.clear()

    def shared(self, key: Any, make: Callable[..., T], *args: Any) -> T:
        """An immutable result part, ``make(*args)``, made once for its key and then shared
        by every evaluation of this rule set (at most SHARED_MAX kept; then it starts over)."""
        found = self._shared.get(key)
        if found is None:
            if len(self._shared) >= SHARED_MAX:
                self._shared.clear()
            found = self._shared[key] = make(*args)
        return found


def load_rules(path: str | Path, *, shown: str | None = None) -> RuleSet:
    """Read, parse, check and compile a rule file and the files it includes (``引用``);
    raises GovrulesError with every problem. ``shown`` names the file in results instead of
    ``path`` (for a copy of the rule files, as govrules.spark makes on each worker)."""
    return _compile_tree(load_rule_file(path, shown=shown))


def load_rule_file(path: str | Path, *, shown: str | None = None) -> ast.RuleFile:
    """Read and parse a rule file with the files it includes merged in (not yet checked):
    for tools that check or lint a rule file as the evaluator will see it."""
    return _load_tree(Path(path), str(path) if shown is None else shown, (), set(), None)


def compile_rules(text: str, path: str = "<rules>") -> RuleSet:
    """Parse, check and compile rule text. Text without a file cannot include other files."""
    tree = parse_rules(text, path)
    if tree.header.includes:
        raise GovrulesError([_diag(
            "GR332", "规则文本没有所在的文件，无法引用其他文件", "rule text given without its file cannot include other files",
            span, tree, ("用 load_rules(规则文件路径) 读取，引用的路径相对于该文件", "load it with load_rules(path); included paths are relative to that file"),
        ) for _, span in tree.header.includes])  # fmt: skip
    return _compile_tree(tree)


def _compile_tree(tree: ast.RuleFile) -> RuleSet:
    errors = [d for d in check(tree) if d.severity.value == "error"]
    if errors:
        raise GovrulesError(errors)
    return _Compiler(tree).build()


def _diag(code: str, zh: str, en: str, span: Span, tree: ast.RuleFile, hint: tuple[str, str] = ("", "")) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, zh, en, hint[0], hint[1], span, "", tree.source_line(span))


def _load_tree(path: Path, shown: str, chain: tuple[Path, ...], loaded: set[Path], at: tuple[Span, ast.RuleFile] | None) -> ast.RuleFile:
    """One rule file with its includes merged in, depth first, each file once.

    ``shown`` is the path as results and diagnostics name it (the including file's
    path joined with the relative include path); ``chain`` the files including this
    one (for cycles); ``at`` the include line that asked for it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        if at is not None:
            raise GovrulesError([_diag("GR300", f"无法读取引用的规则文件“{shown}”：{e}", f"cannot read the included rule file “{shown}”: {e}", at[0], at[1])]) from None
        raise GovrulesError([Diagnostic("GR300", Severity.ERROR, f"无法读取规则文件：{e}", f"cannot read the rule file: {e}", span=Span(shown, 1, 1))]) from None
    tree = parse_rules(text, shown)
    loaded.add(path.resolve())
    here = path.resolve().parent
    statements: list[ast.Statement] = []
    sources: dict[str, tuple[str, ...]] = {}
    errors: list[Diagnostic] = []
    for relative, span in tree.header.includes:
        target = here / relative
        if PurePath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() or PureWindowsPath(relative).drive:
            errors.append(_diag("GR330", f"引用的路径“{relative}”是绝对路径", f"the included path “{relative}” is absolute", span, tree,
                                ("写相对于本文件的路径，如 引用 \"公共定义.rules\"", "write a path relative to this file, e.g. include \"common.rules\"")))  # fmt: skip
            continue
        if not target.resolve().is_relative_to(here):
            errors.append(_diag("GR330", f"引用的路径“{relative}”离开了本文件所在的文件夹", f"the included path “{relative}” leaves this file's folder", span, tree,
                                ("被引用的文件须在本文件所在的文件夹或其子文件夹中", "an included file must be in this file's folder or below it")))  # fmt: skip
            continue
        resolved = target.resolve()
        if resolved in chain or resolved == path.resolve():
            names = " → ".join([*(p.name for p in chain), path.name, resolved.name])
            errors.append(_diag("GR331", f"循环引用：{names}", f"include cycle: {names}", span, tree,
                                ("去掉其中一处引用；共用的定义放进一个只被引用、自己不引用别人的文件", "drop one of the includes; put shared definitions in a file that includes nothing")))  # fmt: skip
            continue
        if resolved in loaded:
            continue  # already merged (two files include the same one)
        child_shown = posixpath.normpath(posixpath.join(posixpath.dirname(shown.replace("\\", "/")), relative.replace("\\", "/")))
        try:
            child = _load_tree(target, child_shown, (*chain, path.resolve()), loaded, (span, tree))
        except GovrulesError as e:
            errors += e.diagnostics
            continue
        statements += child.statements
        sources.update(child.sources)
        sources[child.path] = child.lines
    if errors:
        raise GovrulesError(errors)
    return ast.RuleFile(tree.header, (*statements, *tree.statements), tree.path, tree.lines, sources)


class _Compiler:
    def __init__(self, tree: ast.RuleFile):
        self.tree = tree
        self.defs = {s.name: s for s in tree.statements if isinstance(s, ast.Definition)}
        self.section_names = {s.name for s in tree.statements if isinstance(s, ast.Section)}

    def build(self) -> RuleSet:
        h = self.tree.header
        definitions = {d.name: self.definition(d, None) for d in self.defs.values()}
        sections, checks, reconciles = [], [], []
        for st in self.tree.statements:
            if isinstance(st, ast.Section):
                ded = tuple(
                    CompiledDeduction(i, d, self.expr(d.points, st), self.expr(d.condition, st), self.template(d.reason, st), self.ref(d))
                    for i, d in enumerate(st.deductions, start=1)
                )
                score = self.definition(st.score, st) if st.score is not None else None
                sections.append(CompiledSection(st.name, st.maximum, st, score, ded, self.ref(st)))
            elif isinstance(st, ast.Check):
                checks.append(CompiledCheck(st, self.expr(st.condition), self.template(st.reason), self.ref(st)))
            elif isinstance(st, ast.Reconcile):
                label = canonical_name(st.recomputed.name) if isinstance(st.recomputed, ast.Name) else "核对项"
                reconciles.append(CompiledReconcile(st, label, self.expr(st.recomputed), self.expr(st.reported), self.expr(st.tolerance), self.ref(st)))
        return RuleSet(
            h.name, h.applies, h.valid_from, h.valid_to, h.version, self.tree.path, self.tree.lines,
            definitions, tuple(sections), tuple(checks), tuple(reconciles), self.tree,
        )  # fmt: skip

    def ref(self, node: ast.Statement | ast.Deduction | ast.Case | ast.Band) -> RuleRef:
        """The rule line a result cites (in this file or an included one), made once here
        and shared by the results of every evaluation."""
        span = node.span
        return RuleRef(file=span.file, line=span.line, text=self.tree.source_line(span).strip())

    def template(self, text: str | None, section: ast.Section | None = None) -> Template | None:
        """Split a message template into literal text and compiled fields (checked at load time)."""
        if text is None:
            return None
        parts: list[str | TemplateField] = []
        last = 0
        for m in TEMPLATE_FIELD.finditer(text):
            if m.start() > last:
                parts.append(text[last : m.start()])
            name = canonical_name(m.group(1).strip())
            cell = name in ("指标值", "完成值")
            parts.append(TemplateField(name, self.name(m.group(1).strip(), section), m.group(2) or "", cell))
            last = m.end()
        if last < len(text):
            parts.append(text[last:])
        return tuple(parts)

    def definition(self, d: ast.Definition, section: ast.Section | None) -> CompiledDefinition:
        cases: list[CompiledCase] = []
        for c in d.cases:
            cond = self.expr(c.condition, section) if c.condition is not None else None
            cases.append(CompiledCase(cond, self.expr(c.result, section), c, self.ref(c)))
        for b in d.bands:
            target = parse_target(b.target).value
            cases.append(CompiledCase(_band_test(target), self.expr(b.result, section), b, self.ref(b)))
        subject = self.expr(d.subject, section) if d.subject is not None else None
        expr = self.expr(d.expr, section) if d.expr is not None else None
        return CompiledDefinition(d.name, d.each, d, expr, tuple(cases), subject, self.ref(d))

    def expr(self, e: ast.Expr, section: ast.Section | None = None) -> Fn:
        match e:
            case ast.Number() | ast.Text() | ast.Bool():
                v = _literal(e)
                return lambda s: v
            case ast.NotComputable(reason):
                result = rt.nc(reason, reason)
                return lambda s: result
            case ast.Name(name):
                return self.name(name, section)
            case ast.Unary("-", operand):
                f = self.expr(operand, section)
                return lambda s: rt.arithmetic("-", Decimal(0), f(s))
            case ast.Unary("not", operand):
                f = self.expr(operand, section)
                return lambda s: _not(f(s))
            case ast.Binary("and", left, right):
                fl, fr = self.expr(left, section), self.expr(right, section)
                return lambda s: rt.logic_and(fl(s), fr, s)
            case ast.Binary("or", left, right):
                fl, fr = self.expr(left, section), self.expr(right, section)
                return lambda s: rt.logic_or(fl(s), fr, s)
            case ast.Binary(op, left, right):  # a literal on the right is put in at load time
                fl, fr, b = self.expr(left, section), self.expr(right, section), _literal(right)
                if op == "contains":
                    return (lambda s: rt.contains(fl(s), b)) if b is not None else lambda s: rt.contains(fl(s), fr(s))
                if op in ("+", "-", "*", "/"):
                    return (lambda s: rt.arithmetic(op, fl(s), b)) if b is not None else lambda s: rt.arithmetic(op, fl(s), fr(s))
                return (lambda s: rt.compare(op, fl(s), b)) if b is not None else lambda s: rt.compare(op, fl(s), fr(s))
            case ast.Test("satisfies", operand, argument):
                f, target = self.expr(operand, section), parse_target(argument).value
                return lambda s: rt.satisfies(f(s), target)
            case ast.Test(op, operand, argument):
                f, kind = self.expr(operand, section), "empty" if op in ("empty", "not_empty") else KINDS[argument]
                if op in ("empty", "is"):
                    return lambda s: rt.is_kind(f(s), kind)
                return lambda s: _not(rt.is_kind(f(s), kind))
            case ast.Call(function, args):
                return self.call(function, [self.expr(a, section) for a in args])
        raise TypeError(e)

    def name(self, name: str, section: ast.Section | None) -> Fn:
        if name in ("满分", "max") and section is not None:
            maximum = section.maximum
            return lambda s: maximum
        if name in self.defs:  # computed once per scope: look the value up before asking for it
            if self.defs[name].each:

                def each(s: Any) -> Any:
                    value = s.each.get((name, s.index), s)
                    return s.each_value(name, s.index) if value is s else value

                return each

            def scalar(s: Any) -> Any:
                value = s.scalars.get(name, s)
                return s.scalar(name) if value is s else value

            return scalar
        if name in self.section_names:
            return lambda s: s.section_points(name)
        if name in TOTAL:
            return lambda s: s.total()
        if name in FIELD_BY_NAME:
            field = FIELD_BY_NAME[name]
            return lambda s: field.get(s.submission)
        if name in INDICATOR_FIELD_BY_NAME:
            ifield = INDICATOR_FIELD_BY_NAME[name]
            return lambda s: ifield.get(s.submission.indicators[s.index])
        if name in MET:
            return lambda s: s.met(s.index)
        if name in DIRECTION:
            return lambda s: s.direction(s.index)
        raise KeyError(canonical_name(name))  # the checker reports unknown names first

    def call(self, function: str, args: list[Fn]) -> Fn:
        fn = FUNCTION_BY_NAME[function].en
        if fn in ("mean", "sum", "count", "weighted_mean"):
            return _aggregate(fn, args)
        if fn == "min":
            return lambda s: _extreme(min, [a(s) for a in args])
        if fn == "max":
            return lambda s: _extreme(max, [a(s) for a in args])
        if fn == "abs":
            return lambda s: _number(args[0](s), abs)
        if fn == "round":
            places = args[1] if len(args) > 1 else (lambda s: Decimal(0))
            return lambda s: _round(args[0](s), places(s))
        if fn == "floor":
            return lambda s: _number(args[0](s), lambda d: d.to_integral_value(rounding="ROUND_FLOOR"))
        if fn == "coalesce":
            return lambda s: _coalesce(args, s)
        if fn == "attainment":
            direction = args[2] if len(args) > 2 else (lambda s: "正向")
            return lambda s: rt.attainment(args[0](s), args[1](s), direction(s))
        if fn == "number":
            return lambda s: _number(args[0](s), lambda d: d)
        if fn == "not_applicable":
            return lambda s: _not_applicable(args[0](s))
        raise KeyError(function)


def _literal(e: ast.Expr) -> Any:
    """The value of a number, text or yes/no written in the rule; None for anything else."""
    match e:
        case ast.Number():
            return e.amount
        case ast.Text(value) | ast.Bool(value):
            return value
    return None


def _band_test(target: Value) -> Fn:
    return lambda subject: rt.satisfies(subject, target)


def _not(v: Any) -> Any:
    return v if isinstance(v, rt.NotComputable) else not rt.truthy(v)


def _number(v: Any, op: Callable[[Decimal], Decimal]) -> Any:
    f = rt.figure(v)
    return f if isinstance(f, rt.NotComputable) else op(f[0])


def _not_applicable(why: Any) -> Any:
    if isinstance(why, rt.NotComputable):
        return why
    text = rt.text_of(why)
    return rt.NotApplicable(f"不适用：{text}", f"not applicable: {text}")


def _round(v: Any, places: Any) -> Any:
    f = rt.figure(v)
    if isinstance(f, rt.NotComputable):
        return f
    from .names import round_half_up

    return round_half_up(f[0], int(places))


def _extreme(pick: Callable[..., Decimal], values: list[Any]) -> Any:
    figures = [rt.figure(v) for v in values]
    bad = next((f for f in figures if isinstance(f, rt.NotComputable)), None)
    if bad is not None:
        return bad
    return pick(f[0] for f in figures if not isinstance(f, rt.NotComputable))


def _coalesce(args: list[Fn], s: Any) -> Any:
    """The first argument that is computable and not empty (the rest are not computed);
    else the first reason why not, else empty."""
    why = None
    for a in args:
        v = a(s)
        if v is not None and not isinstance(v, rt.NotComputable):
            return v
        if why is None and isinstance(v, rt.NotComputable):
            why = v
    return why


def _aggregate(fn: str, args: list[Fn]) -> Fn:
    """mean / sum / count / weighted_mean over the indicators; not-computable items are left
    out and named in the scope's notes, never counted as zero."""
    if fn == "count":
        (which,) = args
        return lambda s: Decimal(sum(1 for _ in s.over(True) if rt.truthy(which(s))))
    value = args[0]
    weight = args[1] if fn == "weighted_mean" else None
    cond: Fn | None = args[-1] if len(args) == (3 if fn == "weighted_mean" else 2) else None

    def run(s: Any) -> Any:
        total, weights, used, skipped, missing = Decimal(0), Decimal(0), 0, [], []
        for i in s.over(True):
            if cond is not None and not rt.truthy(cond(s)):
                continue
            f = rt.figure(value(s))
            w = rt.figure(weight(s)) if weight is not None else (Decimal(1), None)
            if isinstance(f, rt.NotComputable) or isinstance(w, rt.NotComputable):
                bad = f if isinstance(f, rt.NotComputable) else w
                assert isinstance(bad, rt.NotComputable)
                skipped.append((i, bad))
                if fn == "sum" and not isinstance(bad, rt.NotApplicable):
                    missing.append((i, bad))
                continue
            total += f[0] * w[0]
            weights += w[0]
            used += 1
        if missing:
            # A sum over a row it cannot compute is not computable (never a silent 0).
            (i, why), more = missing[0], len(missing) - 1
            name = s.submission.indicators[i].name
            rest_zh, rest_en = (f"等 {len(missing)} 项", f" and {more} more") if more else ("", "")
            return rt.nc(f"求和的指标[{i}] {name}{rest_zh}无法计算：{why.zh}", f"the sum's 指标[{i}] {name}{rest_en} cannot be computed: {why.en}")
        s.note_skipped(skipped)
        if used == 0:
            return rt.nc("没有可计算的指标", "no indicator could be computed")
        if fn == "sum":
            return total
        return total / weights if weights else rt.nc("权重合计为 0", "the weights add up to 0")

    return run


def load_rule_sets(paths: Iterable[str | Path]) -> list[RuleSet]:
    """Load several rule files (a directory: its ``*.rules``), in path order; raises
    GovrulesError with every problem of every file, and GR412 where two versions of
    one rule set (same name and kind) are in force at once or share a version number."""
    from .lint import rule_paths, sort_diagnostics, version_conflicts

    files, errors = rule_paths(paths)
    loaded: list[RuleSet] = []
    for f in dict.fromkeys(files):
        try:
            loaded.append(load_rules(f))
        except GovrulesError as e:
            errors.extend(e.diagnostics)
    errors.extend(version_conflicts([r.tree for r in loaded]))
    if errors:
        raise GovrulesError(sort_diagnostics(errors))
    return loaded
