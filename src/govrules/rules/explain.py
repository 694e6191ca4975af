"""Explanations: why a figure, score or deduction is what it is.

Built on demand from the rule's syntax tree and a fresh evaluation scope, so plain
evaluation records nothing extra. Each explanation is a short chain: the rule
(file:line and its text), the formula with the figures put in, and where each
figure came from (a cell of the submission, or another rule — itself explainable).
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Diagnostic, GovrulesError, Severity
from ..submissions.models import _Submission
from . import ast
from . import runtime as rt
from .compile import RuleSet, _Compiler
from .evaluate import Scope, evaluate
from .names import FIELD_BY_NAME, FUNCTION_BY_NAME, INDICATOR_FIELD_BY_NAME, MET, canonical_name

_ITEM = re.compile(r"^(?:指标\[(\d+)\]|([^.#]+?))(?:\.(.+?))?(?:#(\d+))?$")


def explain(rules: RuleSet, submission: _Submission, item: str, lang: str = "zh") -> list[str]:
    """The explanation chain of ``item``: a figure (``总体完成率``), a per-indicator figure
    (``指标[2].完成率`` or ``参保缴费人数.完成率``), a section (``目标偏离及应对情况``), one of its
    deductions (``目标偏离及应对情况#1``), or ``总分``. Raises GovrulesError for an unknown item."""
    scope = Scope(rules, submission)
    result = evaluate(rules, submission)
    ex = _Explainer(rules, scope, lang)
    m = _ITEM.match(item.strip())
    if m:
        index_text, head, tail, deduction = m.groups()
        if index_text is not None or (tail and head not in rules.definitions):
            index = int(index_text) if index_text is not None else _indicator_index(submission, head or "")
            if index is not None and tail and tail in rules.definitions and rules.definitions[tail].each:
                return ex.each_figure(tail, index)
        name = canonical_name(head or "")
        if name in rules.definitions and not rules.definitions[name].each and not tail:
            lines = ex.scalar(name)
            lines += [f"  {d.message}" for d in result.discrepancies if d.name == name]
            return lines
        section = next((s for s in rules.sections if s.name == name), None)
        if section is not None:
            return ex.section(section, result, int(deduction) if deduction else None)
        if name == "总分":
            return ex.total(result)
    known = [*(n for n, d in rules.definitions.items() if not d.each), *(s.name for s in rules.sections), "总分", "指标[0].完成率"]
    raise GovrulesError([Diagnostic("GR501", Severity.ERROR, f"没有可解释的项目“{item}”；可用：{'、'.join(known)}", f"nothing to explain called “{item}”; try: {', '.join(known)}")])


def _indicator_index(sub: _Submission, name: str) -> int | None:
    return next((i for i, ind in enumerate(sub.indicators) if ind.name == name), None)


class _Explainer:
    def __init__(self, rules: RuleSet, scope: Scope, lang: str):
        self.rules, self.scope, self.lang = rules, scope, lang
        self.compiler = _Compiler(rules.tree)

    def t(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def rule(self, line: int) -> str:
        return f"{self.t('规则', 'rule')} {self.rules.path}:{line}  {self.rules.source_line(line)}"

    def value(self, name: str, index: int | None, section: ast.Section | None = None) -> Any:
        fn = self.compiler.name(name, section)
        return self.scope.at(index, fn) if index is not None else fn(self.scope)

    # -- formulas with figures ---------------------------------------------------------

    def show(self, e: ast.Expr, index: int | None, section: ast.Section | None = None) -> str:
        match e:
            case ast.Number(value, percent):
                return f"{value}%" if percent else str(value)
            case ast.Text(value):
                return f"“{value}”"
            case ast.Bool(value):
                return self.t("真" if value else "假", "true" if value else "false")
            case ast.NotComputable(reason):
                return f"{self.t('无法计算', 'not computable')}（{reason}）"
            case ast.Name(name):
                if index is None and self._each(name):
                    return name  # one value per indicator: shown under its aggregate
                return f"{name}〔{rt.fmt(self.value(name, index, section), self._spec(name))}〕"
            case ast.Unary("-", operand):
                return "-" + self.show(operand, index, section)
            case ast.Unary(_, operand):
                return self.t("非 ", "not ") + self.show(operand, index, section)
            case ast.Binary(op, left, right):
                words = {"and": self.t("且", "and"), "or": self.t("或", "or"), "contains": self.t("包含", "contains"), "*": "×"}
                return f"{self.show(left, index, section)} {words.get(op, op)} {self.show(right, index, section)}"
            case ast.Test(op, operand, argument):
                words = {"empty": self.t("为空", "is empty"), "not_empty": self.t("不为空", "is not empty"),
                         "is": self.t("是", "is") + f" {argument}", "is_not": self.t("不是", "is not") + f" {argument}",
                         "satisfies": self.t("满足", "satisfies") + f" “{argument}”"}  # fmt: skip
                return f"{self.show(operand, index, section)} {words[op]}"
            case ast.Call(function, args):
                inner = f"{function}(" + ", ".join(self.show(a, index, section) for a in args) + ")"
                if FUNCTION_BY_NAME[function].aggregate and index is None:
                    return f"{inner}〔{rt.fmt(self.compiler.expr(e)(self.scope), '%' if function in ('平均', 'mean') else '')}〕"
                return inner
        return "?"

    def _each(self, name: str) -> bool:
        d = self.rules.definitions.get(name)
        return bool(d and d.each) or name in INDICATOR_FIELD_BY_NAME or name in MET or canonical_name(name) == "方向"

    def _spec(self, name: str) -> str:
        field = FIELD_BY_NAME.get(name) or INDICATOR_FIELD_BY_NAME.get(name)
        if field is not None and field.unit == "比率":
            return "%"
        if field is not None and field.unit == "元":
            return "万元"
        return "%" if name.endswith("率") or name.endswith("进度") else ""

    def inputs(self, exprs: list[ast.Expr | None], index: int | None) -> list[str]:
        from .check import walk

        seen: list[str] = []
        out = []
        for e in exprs:
            if e is None:
                continue
            for node, in_agg in walk(e):
                if not isinstance(node, ast.Name) or node.name in seen:
                    continue
                seen.append(node.name)
                out.append("    " + self.origin(node.name, None if in_agg else index))
        return out

    def origin(self, name: str, index: int | None) -> str:
        name_c = canonical_name(name)
        if name in FIELD_BY_NAME:
            f = FIELD_BY_NAME[name]
            return f"{name_c} = {rt.fmt(f.get(self.scope.submission), self._spec(name))}  ← {self.t('填报表', 'submission')} {f.path}"
        if name in INDICATOR_FIELD_BY_NAME:
            f = INDICATOR_FIELD_BY_NAME[name]
            if index is None:
                return f"{name_c} ← {self.t('各指标的', 'each indicator’s')} {f.path}"
            ind = self.scope.submission.indicators[index]
            return f"{name_c} = {rt.fmt(f.get(ind))}  ← {self.t('填报表', 'submission')} 指标[{index}].{f.path}"
        if name in MET:
            if index is None:
                return f"{name_c} ← {self.t('各指标完成值与指标值的比较', 'each indicator’s actual judged against its target')}"
            self.scope.met(index)
            j = self.scope.judgements.get(index)
            why = j.zh if hasattr(j, "zh") and self.lang != "en" else getattr(j, "en", "")
            return f"{name_c} = {rt.fmt(self.scope.met(index))}  ← {why}"
        d = self.rules.definitions.get(name)
        if d is not None:
            if d.each and index is None:
                return f"{name} ← {self.t('各指标的', 'each indicator’s')} {name}（{self.t('规则', 'rule')} {self.rules.path}:{d.node.span.line}）"
            v = self.value(name, index)
            return f"{name} = {rt.fmt(v, self._spec(name))}  ← {self.t('规则', 'rule')} {self.rules.path}:{d.node.span.line}"
        return f"{name} = {rt.fmt(self.value(name, index))}"

    # -- items -------------------------------------------------------------------------

    def scalar(self, name: str) -> list[str]:
        d = self.rules.definitions[name]
        value = self.scope.scalar(name)
        return self._definition(name, d.node, value, None)

    def each_figure(self, name: str, index: int) -> list[str]:
        d = self.rules.definitions[name]
        value = self.scope.each_value(name, index)
        ind = self.scope.submission.indicators[index]
        head = f"指标[{index}] {ind.name}"
        return [head] + ["  " + line for line in self._definition(name, d.node, value, index)]

    def _definition(self, name: str, node: ast.Definition, value: Any, index: int | None) -> list[str]:
        lines = [f"{name} = {rt.fmt(value, self._spec(name))}"]
        used = self.scope.case_used.get((name, index))
        if node.expr is not None:
            lines.append("  " + self.rule(node.span.line))
            lines.append(f"  = {self.show(node.expr, index)}")
            lines += self.inputs([node.expr], index)
        elif isinstance(used, ast.Case):
            lines.append("  " + self.rule(used.span.line))
            if used.condition is not None:
                lines.append(f"  {self.t('因为', 'because')} {self.show(used.condition, index)}")
            lines.append(f"  = {self.show(used.result, index)}")
            lines += self.inputs([used.condition, used.result], index)
        elif isinstance(used, ast.Band):
            lines.append("  " + self.rule(used.span.line))
            assert node.subject is not None
            lines.append(f"  {self.show(node.subject, index)} {self.t('落在档次', 'falls in band')} “{used.target}”")
            lines += self.inputs([node.subject], index)
        else:
            lines.append("  " + self.rule(node.span.line))
        if isinstance(value, rt.NotComputable):
            lines.append(f"  {self.t('无法计算', 'not computable')}：{value.zh if self.lang != 'en' else value.en}")
        key = name if index is None else f"指标[{index}].{name}"
        lines += [f"  {n}" for n in self.scope.notes.get(key, [])]
        return lines

    def section(self, s: Any, result: Any, deduction: int | None) -> list[str]:
        r = next(x for x in result.sections if x.name == s.name)
        if deduction is not None:
            chosen = [d for d in r.deductions if d.id.split("@")[0] == f"{s.name}#{deduction}"]
            ded = s.deductions[deduction - 1] if 0 < deduction <= len(s.deductions) else None
            if ded is None:
                raise GovrulesError([Diagnostic("GR501", Severity.ERROR, f"“{s.name}”没有第 {deduction} 条扣分规则", f"“{s.name}” has no deduction rule {deduction}")])
            lines = [f"{s.name} #{deduction}: " + (self.t(f"扣 {sum(d.points for d in chosen)} 分", f"{sum(d.points for d in chosen)} points deducted") if chosen else self.t("未扣分", "nothing deducted"))]
            lines.append("  " + self.rule(ded.node.span.line))
            for d in chosen:
                index = int(d.indicator[3:-1]) if d.indicator else None
                lines.append(f"  {self.t('因为', 'because')} {self.show(ded.node.condition, index, s.node)}")
                lines.append(f"  {self.t('理由', 'reason')}：{d.reason}")
                lines += self.inputs([ded.node.condition], index)
            if not chosen and not ded.node.each:
                lines.append(f"  {self.t('条件不成立', 'the condition does not hold')}：{self.show(ded.node.condition, None, s.node)}")
            return lines
        points = rt.fmt(r.points) if r.points is not None else self.t("无法计算", "not computable")
        lines = [f"{s.name} = {points} / {r.maximum} {self.t('分', 'points')}", "  " + self.rule(s.node.span.line)]
        if s.score is not None:
            lines.append(f"  {self.t('基础得分', 'base points')} {rt.fmt(r.base) if r.base is not None else '?'}")
            lines += ["  " + line for line in self._definition("得分", s.score.node, self.scope.definition(s.score, None), None)[1:]]
        else:
            lines.append(f"  {self.t('基础得分 = 满分', 'base points = the maximum')} {r.maximum}")
        for d in r.deductions:
            lines.append(f"  {self.t('扣', '−')} {d.points} {self.t('分', 'points')}：{d.reason}  ({d.rule})  [{d.id}]")
        lines += [f"  {n}" for n in r.notes]
        return lines

    def total(self, result: Any) -> list[str]:
        parts = " + ".join(f"{s.name}〔{rt.fmt(s.points)}〕" for s in result.sections)
        return [f"总分 = {rt.fmt(result.total)} / {result.maximum}", f"  = {parts}"]
