"""Evaluate a compiled rule set on one submission: a pure function → :class:`Result`.

Values are computed on demand and memoised, in whatever order the rules need
them (cycles were refused at load time). Nothing here reads files, the
environment or the network; a missing input gives a not-computable value with
its reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..submissions.models import KIND_ZH, _Submission
from ..submissions.load import validate_submission
from ..targets import Parsed, judge, to_json
from ..targets.judge import Judgement
from ..targets.parse import clear_cache as clear_parse_cache
from . import runtime as rt
from ..errors import Diagnostic, GovrulesError, Severity, Span
from . import ast
from .catalog import content_hash
from .compile import CompiledCase, CompiledDefinition, CompiledSection, Fn, RuleSet, Template
from .names import _rate
from .results import (
    DeductionResult,
    Discrepancy,
    Figure,
    Finding,
    IndicatorResult,
    Result,
    RuleRef,
    SectionResult,
    ValueView,
)


class Tracer:
    """What an evaluation reports as it goes; this one records nothing (plain evaluation).

    Swap in a recording tracer (``govrules test --coverage``) instead of branching in
    the evaluator: the null tracer costs one method call per chosen case.
    """

    def chose(self, node: Any) -> None:
        """A case or band (an ``ast.Case``/``ast.Band``) was the one that applied."""

    def fired(self, node: Any) -> None:
        """A deduction's or a check's condition held (an ``ast.Deduction``/``ast.Check``)."""

    def compared(self, node: Any) -> None:
        """A reconcile (``ast.Reconcile``) had a reported value to compare."""


NULL_TRACER = Tracer()


BUDGET_FACTOR = 20  # evaluation steps allowed per node of the rules and per indicator (and one more)


def budget(rules: RuleSet, submission: _Submission) -> int:
    """The steps an evaluation may take: BUDGET_FACTOR × the rules' expression nodes × (the
    indicators + 1). A step is a value computed, an indicator visited by a rule that runs
    over them, or a note made. Every aggregate is computed once, so plain evaluation stays
    within a few steps per node and indicator."""
    return BUDGET_FACTOR * rules.size * (len(submission.indicators) + 1)


class Scope:
    """The state of one evaluation: memoised values and the indicator in view."""

    def __init__(self, rules: RuleSet, submission: _Submission, tracer: Tracer | None = None):
        self.rules = rules
        self.tracer = tracer or NULL_TRACER
        self.submission = submission
        self.index: int | None = None
        self.scalars: dict[str, Any] = {}
        self.each: dict[tuple[str, int], Any] = {}
        self.case_used: dict[tuple[str, int | None], CompiledCase] = {}  # the case or band that applied
        self.sections: dict[str, SectionResult] = {}
        self.notes: dict[tuple[str, int | None], dict[rt.Message, None]] = {}  # per figure or section, in order
        self.aggregates: dict[Any, tuple[Any, tuple[rt.Message, ...]]] = {}  # compile._kept: each aggregate's value and notes
        self.noted: dict[tuple[tuple[str, int | None], int], tuple[rt.Message, ...]] = {}  # notes already put beside a figure
        self.steps = 0
        self.budget = budget(rules, submission)
        self.current: list[tuple[str, int | None]] = []  # the figures or sections being computed
        self.judgements: dict[int, Any] = {}
        self.mets: dict[int, Any] = {}
        self.done: dict[int | None, int] = {}  # how far along rules.order values are computed (before)

    def indices(self) -> range:
        return range(len(self.submission.indicators))

    def over(self, each: bool) -> Iterator[int | None]:
        """The indicators a rule runs over, each in view in turn (``每个指标``), or once
        with none in view."""
        if not each:
            yield None
            return
        self.spend(len(self.submission.indicators))
        saved = self.index
        try:
            for i in range(len(self.submission.indicators)):
                self.index = i
                yield i
        finally:
            self.index = saved

    def at(self, index: int, fn: Fn | None) -> Any:
        if fn is None:
            return None
        saved, self.index = self.index, index
        try:
            return fn(self)
        finally:
            self.index = saved

    # -- values ------------------------------------------------------------------

    def scalar(self, name: str) -> Any:
        if name not in self.scalars:
            if self.done.get(None, 0) < self.rules.position[name]:
                self.before(name, None)
            if name not in self.scalars:
                self.current.append((name, None))
                try:
                    self.steps += 1
                    if self.steps > self.budget:
                        raise self.over_budget()
                    self.scalars[name] = self.definition(self.rules.definitions[name], None)
                finally:
                    self.current.pop()
        return self.scalars[name]

    def each_value(self, name: str, index: int | None) -> Any:
        assert index is not None
        key = (name, index)
        value = self.each.get(key, self)  # the scope itself: not yet computed
        if value is self:
            if self.done.get(index, 0) < self.rules.position[name]:
                self.before(name, index)
                value = self.each.get(key, self)
            if value is self:
                self.current.append(key)
                saved, self.index = self.index, index
                try:
                    self.steps += 1
                    if self.steps > self.budget:
                        raise self.over_budget()
                    value = self.each[key] = self.definition(self.rules.definitions[name], index)
                finally:
                    self.index = saved
                    self.current.pop()
        return value

    def before(self, name: str, index: int | None) -> None:
        """Compute the definitions of the kind of ``name`` (one value, or per indicator at
        ``index``) that come before it in the rule set's order, first to last: each then finds
        those it refers to already computed, so that no chain of definitions, however long,
        nests calls."""
        order = self.rules.kinds[index is not None]
        end = self.rules.position[name]
        while (done := self.done.get(index, 0)) < end:
            self.done[index] = done + 1
            if index is None:
                self.scalar(order[done])
            else:
                self.each_value(order[done], index)

    def definition(self, d: CompiledDefinition, index: int | None) -> Any:
        if d.expr is not None:
            return d.expr(self)
        # The first case whose condition holds; bands test the subject, other cases the scope.
        on = self if d.subject is None else d.subject(self)
        for case in d.cases:
            if case.condition is None or case.condition(on) is True:
                self.case_used[(d.name, index)] = case
                self.tracer.chose(case.node)
                return case.result(self)
        if d.subject is not None:
            return rt.nc(f"{rt.fmt(on)} 不在任何档次内", f"{rt.fmt(on, '', 'en')} falls in no band")
        return rt.nc("没有适用的规则", "no rule applies")

    def met(self, index: int | None) -> Any:
        """达成: whether indicator ``index`` met its target (its judgement kept in ``judgements``)."""
        assert index is not None
        met = self.mets.get(index, self)
        if met is self:
            ind = self.submission.indicators[index]
            if ind.parsed_actual is None or not ind.parsed_actual.text.strip():
                j: Any = rt.nc("完成值未填写", "the actual value is empty")
            else:
                j = _judge(ind.parsed_target.value, ind.parsed_actual.value, self.direction(index))
            self.judgements[index] = j
            met = j if isinstance(j, rt.NotComputable) else rt.nc(j.zh, j.en) if j.satisfied is None else j.satisfied
            self.mets[index] = met
        return met

    def direction(self, index: int | None) -> Any:
        if "方向" in self.rules.definitions:
            return self.each_value("方向", index)
        return "正向"

    def section_points(self, name: str) -> Any:
        section = next(s for s in self.rules.sections if s.name == name)
        result = self.section(section)
        if result.points is not None:
            return result.points
        make = rt.NotComputable if result.applicable else rt.Inapplicable
        return make(result.reason or "", result.reason_en or "")

    def total(self) -> Any:
        """The sum of the sections that apply; not computable, saying which section and
        why, when one of them cannot be computed."""
        sections = [self.section(s) for s in self.rules.sections]
        applicable = [r for r in sections if r.applicable]
        missing = [r for r in applicable if r.points is None]
        if missing:
            zh = "；".join(f"评分项“{r.name}”无法计算（{r.reason}）" for r in missing)
            en = "; ".join(f"section “{r.name}” cannot be computed ({r.reason_en})" for r in missing)
            return rt.nc(zh, en)
        if not applicable:
            return rt.nc("没有适用的评分项", "no section applies")
        return rt.total(r.points for r in applicable if r.points is not None)

    def left_out(self, index: int, why: rt.NotComputable) -> rt.Message:
        """The note that an aggregate left indicator ``index`` out, and why."""
        name = self.submission.indicators[index].name
        return rt.Message(f"未计入 指标[{index}] {name}：{why.zh}", f"left out: 指标[{index}] {name}: {why.en}")

    def note_skipped(self, skipped: tuple[rt.Message, ...]) -> None:
        """Note beside the figure or section being computed the indicators an aggregate left
        out (each once, in order; linear in their number)."""
        if not skipped or not self.current or (self.current[-1], id(skipped)) in self.noted:
            return  # the same notes beside the same figure: once (an aggregate used in a loop)
        self.noted[(self.current[-1], id(skipped))] = skipped  # kept: its id stays its own
        self.spend(len(skipped))
        notes = self.notes.setdefault(self.current[-1], {})
        for note in skipped:
            notes[note] = None

    def spend(self, steps: int) -> None:
        """Count evaluation steps against the budget (:func:`budget`); past it, GR503."""
        self.steps += steps
        if self.steps > self.budget:
            raise self.over_budget()

    def over_budget(self) -> GovrulesError:
        name = self.current[-1][0] if self.current else ""
        node = self.rules.definitions.get(name) or next((s for s in self.rules.sections if s.name == name), None)
        span = node.node.span if node is not None else None
        n = len(self.submission.indicators)
        where_zh, where_en = (f"，在计算“{name}”时停止", f"; stopped while computing “{name}”") if name else ("", "")
        return GovrulesError([Diagnostic(
            "GR503", Severity.ERROR,
            f"评价超出计算预算：{self.budget} 步（规则 {self.rules.size} 个节点 × {n + 1} × {BUDGET_FACTOR}）{where_zh}",
            f"evaluation is over its budget of {self.budget} steps (the rules' {self.rules.size} nodes × {n + 1} × {BUDGET_FACTOR}){where_en}",
            "多半是逐指标的定义里用了对全部指标的汇总，且未计入的指标很多：把汇总写成单独的定义（设 …）",
            "usually an aggregate over every indicator inside a per-indicator definition, with many indicators left out: give the aggregate a definition of its own (let …)",
            span, "", self.rules.tree.source_line(span) if span is not None else "",
        )])  # fmt: skip

    # -- sections ------------------------------------------------------------------

    def section(self, s: CompiledSection) -> SectionResult:
        if s.name in self.sections:
            return self.sections[s.name]
        self.current.append((s.name, None))
        try:
            result = self._section(s)
        finally:
            self.current.pop()
        self.sections[s.name] = result
        return result

    def _section(self, s: CompiledSection) -> SectionResult:
        base: Any = s.maximum
        if s.score is not None:
            base = self.definition(s.score, None)
        deductions: list[DeductionResult] = []
        notes: list[rt.Message] = []
        for d in s.deductions:
            for i in self.over(d.node.each):
                fired = d.condition(self)
                if isinstance(fired, rt.NotComputable):
                    where = f"指标[{i}] " if i is not None else ""
                    line = self.line_name(d.node.span)
                    notes.append(rt.Message(f"{line[0]}的扣分条件无法判断（{where}{fired.zh}），未扣分",
                                       f"the deduction condition on {line[1]} cannot be decided ({where}{fired.en}); nothing deducted"))  # fmt: skip
                    continue
                if not rt.truthy(fired):
                    continue
                self.tracer.fired(d.node)
                worth = d.points(self)
                f = rt.figure(worth)
                if isinstance(f, rt.NotComputable):
                    line = self.line_name(d.node.span)
                    notes.append(rt.Message(f"{line[0]}的扣分分值无法计算：{f.zh}", f"the points deducted on {line[1]} cannot be computed: {f.en}"))
                    continue
                reason_text = self.render(d.reason, i) if d.reason is not None else self.rules.tree.source_line(d.node.span).strip()
                path = f"指标[{i}]" if i is not None else None
                deductions.append(DeductionResult.trusted(
                    id=f"{s.name}#{d.index}" + (f"@{path}" if path else ""), section=s.name, points=f[0],
                    reason=reason_text, rule=d.ref, indicator=path,
                ))  # fmt: skip
        summed = rt.total(d.points for d in deductions)
        deducted = summed if isinstance(summed, Decimal) else s.maximum  # a sum out of range takes all
        fb = rt.figure(base)
        base_value = None if isinstance(fb, rt.NotComputable) else fb[0]
        applicable = not isinstance(fb, rt.Inapplicable)
        left = summed if isinstance(summed, rt.NotComputable) else fb if base_value is None else rt.calculate("-", base_value, deducted)
        points: Decimal | None = min(max(left, Decimal(0)), s.maximum) if isinstance(left, Decimal) else None
        why = left if isinstance(left, rt.NotComputable) else None
        all_notes = [*notes, *self.notes.get((s.name, None), ()), *self.figure_notes(s)]
        return SectionResult.trusted(
            name=s.name, maximum=s.maximum, base=base_value, points=points, deducted=deducted,
            deductions=tuple(deductions), rule=s.ref, base_rule=s.score.ref if s.score is not None else None,
            reason=why.zh if why is not None else None, reason_en=why.en if why is not None else None,
            applicable=applicable, notes=tuple(n.zh for n in all_notes), notes_en=tuple(n.en for n in all_notes),
        )  # fmt: skip

    def figure_notes(self, s: CompiledSection) -> list[rt.Message]:
        """The notes of the figures a section's score names directly (the rows an aggregate
        behind ``得分 = 满分 × 产出得分率`` left out): said where the points are, too."""
        if s.score is None or s.score.node.expr is None:
            return []
        from .check import walk

        names = [n.name for n, _ in walk(s.score.node.expr) if isinstance(n, ast.Name) and n.name in self.rules.definitions]
        return [m for name in dict.fromkeys(names) if not self.rules.definitions[name].each for m in self.notes.get((name, None), [])]

    # -- text ------------------------------------------------------------------------

    def render(self, template: Template, index: int | None) -> str:
        """A message template (compiled at load time) with the figures put in."""
        out = []
        for part in template:
            if isinstance(part, str):
                out.append(part)
            elif part.cell and index is not None:
                ind = self.submission.indicators[index]
                out.append((ind.target if part.name == "指标值" else ind.actual) or "（空）")
            else:
                value = self.at(index, part.value) if index is not None else part.value(self)
                out.append(rt.fmt(value, part.spec))
        return "".join(out)

    def line_name(self, span: Span) -> tuple[str, str]:
        """“第 N 行” / “line N”, naming the file when the rule comes from an included file."""
        if span.file == self.rules.path:
            return f"第 {span.line} 行", f"line {span.line}"
        return f"{span.file} 第 {span.line} 行", f"{span.file} line {span.line}"


def clear_caches(rules: RuleSet | None = None) -> None:
    """Forget what evaluations keep for reuse: parsed notations, judgements, value views
    and, given a rule set, the result parts it shares between evaluations. Never needed
    for correctness (all of it is immutable and keyed by its inputs): for measurements."""
    clear_parse_cache()
    _rate.cache_clear()
    _JUDGEMENTS.clear()
    _VIEWS.clear()
    if rules is not None:
        rules.clear_shared()


@rt.in_context
def evaluate(rules: RuleSet, submission: _Submission | dict[str, Any], tracer: Tracer | None = None) -> Result:
    """Apply a rule set to one submission (a model or a dict as loaded from JSON/YAML)."""
    sub = submission if isinstance(submission, _Submission) else validate_submission(submission)  # a list, a text…: GR206
    s = Scope(rules, sub, tracer)
    kind = str(getattr(sub, "kind"))  # each submission model declares its own kind
    figures = {name: _figure(s, d, s.scalar(name), None) for name, d in rules.definitions.items() if not d.each}
    each = [d for d in rules.definitions.values() if d.each]
    indicators = tuple(_indicator(s, i, each) for i in s.indices())
    sections = tuple(s.section(sec) for sec in rules.sections)
    total = s.total()
    findings = tuple(f for c in rules.checks for f in _check(s, c))
    discrepancies = tuple(d for r in rules.reconciles for d in _reconcile(s, r))
    return Result.trusted(
        ruleset=rules.name, version=rules.version, rules_file=rules.path, rules_hash=content_hash(rules),
        submission={"project": sub.project, "kind": KIND_ZH[kind], "kind_en": kind, "unit": sub.unit, "source": sub.source},
        figures=figures, indicators=indicators, sections=sections,
        total=total if isinstance(total, Decimal) else None,
        total_reason=total.zh if isinstance(total, rt.NotComputable) else None,
        total_reason_en=total.en if isinstance(total, rt.NotComputable) else None,
        maximum=sum((sec.maximum for sec in sections if sec.applicable), Decimal(0)),
        findings=findings, discrepancies=discrepancies,
    )  # fmt: skip


def _figure(s: Scope, d: CompiledDefinition, value: Any, index: int | None) -> Figure:
    name = d.name
    rule = (s.case_used.get((name, index)) or d).ref  # the case that applied, or the definition
    notes = s.notes.get((name, index), ()) if s.notes else ()
    # Figures are immutable and often the same (时间进度 75% of every report of September,
    # the same class from the same rule line): made once per rule set and shared. The key
    # holds the value with its type (1 is not True) and, for a Decimal, its exact digits.
    key = (name, value.__class__, str(value) if isinstance(value, Decimal) else value, id(rule), tuple(notes))
    return s.rules.shared(key, _new_figure, name, value, rule, notes)


def _new_figure(name: str, value: Any, rule: RuleRef, notes: Any) -> Figure:
    spec = "%" if _is_rate_name(name) else ""
    missing = value if isinstance(value, rt.NotComputable) else None
    return Figure.trusted(
        name=name, value=rt.json_value(value), display=rt.fmt(value, spec), display_en=rt.fmt(value, spec, "en"),
        computable=missing is None,
        reason=missing.zh if missing is not None else None, reason_en=missing.en if missing is not None else None,
        rule=rule, notes=tuple(n.zh for n in notes), notes_en=tuple(n.en for n in notes),
    )  # fmt: skip


def _is_rate_name(name: str) -> bool:
    return name.endswith("率") or name.endswith("进度") or name.endswith("度") and "完成" in name


# judge() and the value views, memoised on the identity of their arguments. The target
# parser caches its results, so the same text gives the same value object in every
# submission: looking it up by ``id`` is cheaper than hashing a nested value. An entry
# keeps its arguments alive, so no other object can have their ids while it is kept.
MEMO_SIZE = 8192
_JUDGEMENTS: dict[tuple[int, int, str], tuple[Any, Any, Judgement]] = {}
_VIEWS: dict[int, tuple[Parsed, ValueView]] = {}


def _judge(target: Any, actual: Any, direction: str) -> Judgement:
    key = (id(target), id(actual), direction)
    hit = _JUDGEMENTS.get(key)
    if hit is None:
        if len(_JUDGEMENTS) >= MEMO_SIZE:
            _JUDGEMENTS.clear()
        made = judge(target, actual, direction="lower" if direction == "反向" else "higher")
        hit = _JUDGEMENTS[key] = (target, actual, made)
    return hit[2]


def _view(parsed: Parsed) -> ValueView:
    hit = _VIEWS.get(id(parsed))
    if hit is None:
        if len(_VIEWS) >= MEMO_SIZE:
            _VIEWS.clear()
        j = to_json(parsed.value)
        diagnostics = tuple(d.to_json() for d in parsed.diagnostics)
        hit = _VIEWS[id(parsed)] = (parsed, ValueView.trusted(text=parsed.text, kind=j["kind"], canonical=j["canonical"], diagnostics=diagnostics))
    return hit[1]


def _indicator(s: Scope, i: int, each: list[CompiledDefinition]) -> IndicatorResult:
    ind = s.submission.indicators[i]
    met = s.met(i)
    j = s.judgements.get(i)
    values = {d.name: _figure(s, d, s.each_value(d.name, i), i) for d in each}
    return IndicatorResult.trusted(
        index=i, path=f"指标[{i}]", name=ind.name, level1=ind.level1, level2=ind.level2,
        target=_view(ind.parsed_target) if ind.target is not None else None,
        actual=_view(ind.parsed_actual) if ind.parsed_actual is not None else None,
        met=met if isinstance(met, bool) else None,
        judgement=j.zh if j is not None else "", judgement_en=j.en if j is not None else "",
        values=values,
    )  # fmt: skip


def _check(s: Scope, c: Any) -> list[Finding]:
    node = c.node
    out = []
    for i in s.over(node.each):
        fired = c.condition(s)
        if fired is True:
            s.tracer.fired(node)
            text = s.render(c.reason, i) if c.reason is not None else node.name
            path = f"指标[{i}]" if i is not None else None
            message = message_en = text
            if i is not None:
                where = f"{path} {s.submission.indicators[i].name}"
                message, message_en = f"{where}：{text}", f"{where}: {text}"
            out.append(Finding.trusted(check=node.name, severity=node.severity, message=message, message_en=message_en, rule=c.ref, path=path))
    return out


def _reconcile(s: Scope, r: Any) -> list[Discrepancy]:
    node = r.node
    out = []
    name = r.label
    tolerance = r.tolerance(s)
    for i in s.over(node.each):
        recomputed, reported = r.recomputed(s), r.reported(s)
        if reported is None or isinstance(reported, rt.NotComputable):
            continue
        s.tracer.compared(node)
        unverified = isinstance(recomputed, rt.NotComputable) or recomputed is None
        diff = None if unverified else rt.arithmetic("-", recomputed, reported)
        if not unverified and not (isinstance(diff, Decimal) and isinstance(tolerance, Decimal) and abs(diff) > tolerance):
            continue
        path = f"指标[{i}]" if i is not None else None
        label = name + (f"（{s.submission.indicators[i].name}）" if i is not None else "")
        label_en = name + (f" ({s.submission.indicators[i].name})" if i is not None else "")
        ident = f"核对:{path}.{name}" if path else f"核对:{name}"
        tol = rt.fmt(tolerance, "%")
        shown = rt.fmt(reported, "%")
        if unverified:
            why = recomputed if isinstance(recomputed, rt.NotComputable) else rt.nc("未计算", "not computed")
            out.append(Discrepancy.trusted(
                id=ident, name=label, path=path, status="unverified", reported=rt.json_value(reported), recomputed=None, difference=None, tolerance=tol,
                message=f"{label}：无法复核（{why.zh}），采用报告值 {shown}",
                message_en=f"{label_en}: cannot be recomputed ({why.en}); the reported {shown} is used", rule=r.ref,
            ))  # fmt: skip
            continue
        assert isinstance(diff, Decimal)
        again, gap = rt.fmt(recomputed, "%"), rt.fmt(abs(diff), "%")
        out.append(Discrepancy.trusted(
            id=ident, name=label, path=path, status="mismatch", reported=rt.json_value(reported), recomputed=rt.json_value(recomputed),
            difference=rt.json_value(diff), tolerance=tol,
            message=f"{label}：报告值 {shown} 与按表内数据重算的 {again} 不符（相差 {gap}，容差 {tol}）",
            message_en=f"{label_en}: the reported {shown} differs from {again} recomputed from the table (by {gap}, tolerance {tol})",
            rule=r.ref,
        ))  # fmt: skip
    return out


__all__ = ["clear_caches", "evaluate", "Scope", "Tracer"]
