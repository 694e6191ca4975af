"""Explanations: why a figure, score or deduction is what it is.

Built on demand from the rule's syntax tree and a fresh evaluation scope, so plain
evaluation records nothing extra. Each explanation is a short chain: the rule
(file:line and its text), the formula with the figures put in, and where each
figure came from (a cell of the submission, or another rule — itself explainable).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from ..errors import Diagnostic, GovrulesError, Severity, Span
from ..submissions.models import _Submission
from . import ast
from . import runtime as rt
from .compile import RuleSet, _Compiler
from .evaluate import Scope, evaluate
from .results import Result
from .names import FIELD_BY_NAME, FUNCTION_BY_NAME, INDICATOR_FIELD_BY_NAME, MET, canonical_name, round_half_up
from ..targets.values import Comparison, Prose, Quantity, Range, render

_ITEM = re.compile(r"^(?:指标\[(\d+)\]|([^.#]+?))(?:\.(.+?))?(?:#(\d+))?$")
_RECONCILE = ("核对:", "核对：", "reconcile:")
_CHECK = ("检查:", "检查：", "check:")

ITEM_SYNTAX_ZH = (
    "可解释的项目：数值名（如 总体完成率）；指标[序号].数值名（如 指标[2].完成率，序号从 0 起）"
    "或 三级指标名称.数值名；指标[序号] 或 三级指标名称（该指标的全部数值）；评分段名（如 目标偏离及应对情况）；评分段名#扣分规则序号（如 目标偏离及应对情况#1；逐指标的扣分可加 @指标[序号]，即结果中扣分的 id）；"
    "核对:数值名 或 核对:指标[序号].数值名（报告值与重算值的核对）；检查:检查名（审核发现）；总分；失分（失掉的分落在哪些行、哪些扣分上）"
)
ITEM_SYNTAX_EN = (
    "items: a figure (e.g. 总体完成率); 指标[i].figure (e.g. 指标[2].完成率, counting from 0) or "
    "indicator-name.figure; 指标[i] or an indicator's name (all its figures); a section (e.g. 目标偏离及应对情况); section#n for its n-th deduction rule (add @指标[i] for one indicator's deduction: the deduction's id in the result); "
    "核对:figure or 核对:指标[i].figure (reported vs recomputed; reconcile: also works); 检查:check-name (a finding; check: also works); 总分 (total); 失分 (lost: where the points went, row by row and deduction by deduction)"
)

LOST = ("失分", "lost", "points")


@rt.in_context
def explain(rules: RuleSet, submission: _Submission, item: str, lang: str = "zh", result: Result | None = None) -> list[str]:
    """The explanation chain of ``item``: a figure (``总体完成率``), a per-indicator figure
    (``指标[2].完成率`` or ``参保缴费人数.完成率``), a section (``目标偏离及应对情况``), one of its
    deductions (``目标偏离及应对情况#1``), a reconciliation of a reported figure
    (``核对:总体完成率``, ``核对:指标[8].完成率``), or ``总分``. Raises GovrulesError
    (GR501, listing the items there are) for an unknown item. Pass ``result`` (the
    evaluation of this submission) to explain many items without evaluating again."""
    scope = Scope(rules, submission)
    if result is None:
        result = evaluate(rules, submission)
    ex = _Explainer(rules, scope, lang)
    text = item.strip()
    if text in LOST:
        return points_lost(rules, result).render(lang)
    for prefix in _RECONCILE:
        if text.lower().startswith(prefix):
            lines = ex.reconcile(text[len(prefix):].strip(), result)
            if lines is not None:
                return lines
            raise _unknown(rules, submission, result, item)
    for prefix in _CHECK:
        if text.lower().startswith(prefix):
            wanted = text[len(prefix):].strip()
            check = next((c for c in rules.checks if c.node.name == wanted), None)
            if check is None:
                raise _unknown(rules, submission, result, item)
            return ex.check(check, result)
    at = re.search(r"@指标\[(\d+)\]$", text)  # a deduction's id: 绩效目标完成情况#1@指标[4]
    only = f"指标[{at.group(1)}]" if at and "#" in text else None
    if only is not None and at is not None:
        text = text[: at.start()]
        if int(only[3:-1]) >= len(submission.indicators):  # no such indicator: say what there is
            raise _unknown(rules, submission, result, item)
    m = _ITEM.match(text)
    if m:
        index_text, head, tail, deduction = m.groups()
        if index_text is not None or (tail and head not in rules.definitions):
            index = int(index_text) if index_text is not None else _indicator_index(submission, head or "")
            if index is not None and index < len(submission.indicators) and tail and tail in rules.definitions and rules.definitions[tail].each:
                return ex.each_figure(tail, index)
        name = canonical_name(head or "")
        if name in rules.definitions and not rules.definitions[name].each and not tail and not deduction:
            lines = ex.scalar(name)
            lines += [f"  {d.message_en if lang == 'en' else d.message}  [{d.id}]" for d in result.discrepancies if d.name == name]
            return lines
        section = next((s for s in rules.sections if s.name == name), None)
        if section is not None and not tail:
            return ex.section(section, result, int(deduction) if deduction else None, only)
        if name == "总分" and not tail and not deduction:
            return ex.total(result)
        if not tail and not deduction:
            index = int(index_text) if index_text is not None else _indicator_index(submission, head or "")
            if index is not None and index < len(submission.indicators):
                return ex.indicator(index, result)
    raise _unknown(rules, submission, result, item)


def available_items(rules: RuleSet, submission: _Submission, result: Any) -> list[str]:
    """Every item ``explain`` accepts for this rule set and submission, in result order."""
    items = [n for n, d in rules.definitions.items() if not d.each]
    count = len(submission.indicators)
    if count:
        span = "0" if count == 1 else f"0–{count - 1}"
        items += [f"指标[{span}].{n}" for n, d in rules.definitions.items() if d.each]
    for s in rules.sections:
        items.append(s.name)
        items += [f"{s.name}#{d.index}" for d in s.deductions]
    items += [d.id for d in result.discrepancies]
    items += [f"检查:{c.node.name}" for c in rules.checks]
    items += ["总分", "失分"]
    return items


def _unknown(rules: RuleSet, submission: _Submission, result: Any, item: str) -> GovrulesError:
    items = available_items(rules, submission, result)
    shown = items if len(items) <= 60 else [*items[:60], "…"]
    close = _closest(item.strip(), [*items, *(i.name for i in submission.indicators)])
    guess_zh = f"是否想写：{'、'.join(close)}？" if close else ""
    guess_en = f"did you mean: {', '.join(close)}? " if close else ""
    return GovrulesError([Diagnostic(
        "GR501", Severity.ERROR, f"没有可解释的项目“{item}”", f"nothing to explain called “{item}”",
        hint_zh=f"{guess_zh}{ITEM_SYNTAX_ZH}。此处可用：{'、'.join(shown)}",
        hint_en=f"{guess_en}{ITEM_SYNTAX_EN}. Available here: {', '.join(shown)}",
    )])  # fmt: skip


def _closest(item: str, candidates: list[str]) -> list[str]:
    """Up to three items a reviewer probably meant: those containing what was typed
    (偏离 → 目标偏离及应对情况), then the closest spellings."""
    if not item:
        return []
    found = [c for c in candidates if item in c and "–" not in c]
    found += difflib.get_close_matches(item, candidates, n=3, cutoff=0.5)
    return list(dict.fromkeys(found))[:3]


def _indicator_index(sub: _Submission, name: str) -> int | None:
    return next((i for i, ind in enumerate(sub.indicators) if ind.name == name), None)


class _Explainer:
    def __init__(self, rules: RuleSet, scope: Scope, lang: str):
        self.rules, self.scope, self.lang = rules, scope, lang
        self.compiler = _Compiler(rules.tree)

    def t(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def fmt(self, value: Any, spec: str = "") -> str:
        return rt.fmt(value, spec, self.lang)

    def why(self, value: Any) -> str:
        """The reason of a not-computable value (or a judgement) in the output language."""
        return str(getattr(value, "en" if self.lang == "en" else "zh", ""))

    def rule(self, span: Span) -> str:
        return f"{self.t('规则', 'rule')} {span.file}:{span.line}  {self.rules.tree.source_line(span).strip()}"

    def where(self, span: Span) -> str:
        return f"{self.t('规则', 'rule')} {span.file}:{span.line}"

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
                return self.t(f"无法计算（{reason}）", f"not computable ({reason})")
            case ast.Name(name):
                if index is None and self._each(name):
                    return name  # one value per indicator: shown under its aggregate
                return f"{name}〔{self.fmt(self.value(name, index, section), self._spec(name))}〕"
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
                    return f"{inner}〔{self.fmt(self.compiler.expr(e)(self.scope), '%' if function in ('平均', 'mean') else '')}〕"
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

    def inputs(self, exprs: list[ast.Expr | None], index: int | None, section: ast.Section | None = None) -> list[str]:
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
                out.append("    " + self.origin(node.name, None if in_agg else index, section))
        return out

    def origin(self, name: str, index: int | None, section: ast.Section | None = None) -> str:
        name_c = canonical_name(name)
        if name in FIELD_BY_NAME:
            f = FIELD_BY_NAME[name]
            return f"{name_c} = {self.fmt(f.get(self.scope.submission), self._spec(name))}  ← {self.t('填报表', 'submission')} {f.path}"
        if name in INDICATOR_FIELD_BY_NAME:
            f = INDICATOR_FIELD_BY_NAME[name]
            if index is None:
                return f"{name_c} ← {self.t('各指标的', 'each indicator’s')} {f.path}"
            ind = self.scope.submission.indicators[index]
            return f"{name_c} = {self.fmt(f.get(ind), self._spec(name))}  ← {self.t('填报表', 'submission')} 指标[{index}].{f.path}"
        if name in MET:
            if index is None:
                return f"{name_c} ← {self.t('各指标完成值与指标值的比较', 'each indicator’s actual judged against its target')}"
            met = self.scope.met(index)
            return f"{name_c} = {self.fmt(met)}  ← {self.why(self.scope.judgements.get(index))}"
        d = self.rules.definitions.get(name)
        if d is not None:
            if d.each and index is None:
                return f"{name} ← {self.t('各指标的', 'each indicator’s')} {name}" + self.t(f"（{self.where(d.node.span)}）", f" ({self.where(d.node.span)})")
            v = self.value(name, index)
            return f"{name} = {self.fmt(v, self._spec(name))}  ← {self.where(d.node.span)}"
        if name in ("满分", "max") and section is not None:
            return f"{name} = {section.maximum}  ← " + self.t(f"评分段“{section.name}”的满分", f"the maximum of section “{section.name}”")
        return f"{name} = {self.fmt(self.value(name, index, section))}"

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

    def indicator(self, index: int, result: Any) -> list[str]:
        """``指标[1]`` or an indicator's name: every per-indicator figure of it, and its reconciliations."""
        ind = self.scope.submission.indicators[index]
        lines = [f"指标[{index}] {ind.name}"]
        for name, d in self.rules.definitions.items():
            if d.each:
                lines += self.each_figure(name, index)[1:]
        if len(lines) == 1:
            lines.append("  " + self.t("本规则集没有逐指标计算的数值", "this rule set computes no per-indicator figure"))
        lines += [f"  {d.message_en if self.lang == 'en' else d.message}  [{d.id}]" for d in result.discrepancies if d.id.startswith(f"核对:指标[{index}].")]
        return lines

    def attainments(self, exprs: list[ast.Expr | None], index: int | None, section: ast.Section | None = None) -> list[str]:
        """For each 完成比例(完成值, 指标值, 方向) of one indicator: the arithmetic inside it,
        which bound applied and why, and what full marks needed."""
        from .check import walk

        out: list[str] = []
        if index is None:
            return out
        for e in exprs:
            for node, inside in walk(e) if e is not None else ():
                if isinstance(node, ast.Call) and FUNCTION_BY_NAME[node.function].en == "attainment" and not inside:
                    args = [self.scope.at(index, self.compiler.expr(a, section)) for a in node.args]
                    direction = args[2] if len(args) > 2 else "正向"
                    out += ["  " + line for line in attainment_steps(args[0], args[1], direction, lang=self.lang)]
        return out

    def rows(self, exprs: list[ast.Expr | None], section: ast.Section | None = None) -> list[str]:
        """For each aggregate (平均, 求和, 加权平均, 计数) over the indicators: what each
        indicator put in, or why it was left out, and the arithmetic."""
        from .check import walk

        out: list[str] = []
        for e in exprs:
            for node, inside in walk(e) if e is not None else ():
                if isinstance(node, ast.Call) and FUNCTION_BY_NAME[node.function].aggregate and not inside:
                    out += self._rows(node, section)
        return out

    def _rows(self, call: ast.Call, section: ast.Section | None) -> list[str]:
        fn = FUNCTION_BY_NAME[call.function].en
        args = list(call.args)
        value = args[0]
        weight = args[1] if fn == "weighted_mean" else None
        cond = args[-1] if fn != "count" and len(args) == (3 if weight is not None else 2) else None
        spec = self._spec(value.name) if isinstance(value, ast.Name) else ("%" if fn == "mean" else "")
        compiled = [self.compiler.expr(a, section) if a is not None else None for a in (value, weight, cond)]
        lines = [f"  {self.t('逐项', 'item by item')} {call.function}(" + ", ".join(self.show(a, None, section) for a in args) + "):"]
        used: list[str] = []
        for i, ind in enumerate(self.scope.submission.indicators):
            if compiled[2] is not None and not rt.truthy(self.scope.at(i, compiled[2])):
                continue
            v = self.scope.at(i, compiled[0])
            if fn == "count":
                if rt.truthy(v):
                    used.append("1")
                    lines.append(f"    指标[{i}] {ind.name}")
                continue
            w = self.scope.at(i, compiled[1]) if compiled[1] is not None else None
            # left out as the aggregate leaves it out (compile._aggregate): a value or weight with no figure
            bad = next((f for f in (rt.figure(v), rt.figure(w) if compiled[1] is not None else None) if isinstance(f, rt.NotComputable)), None)
            if bad is not None:
                lines.append(f"    指标[{i}] {ind.name}: " + self.t(f"不计入（{self.why(bad)}）", f"left out ({self.why(bad)})"))
                continue
            shown = self.fmt(v, spec)
            used.append(shown if w is None else f"{shown} × {self.fmt(w)}")
            lines.append(f"    指标[{i}] {ind.name}: {used[-1]}")
        if fn == "count":
            lines.append(f"    {self.t('计数', 'count')} = {len(used)}")
        elif used and fn in ("mean", "sum"):
            total = " + ".join(used)
            lines.append(f"    = ({total}) / {len(used)}" if fn == "mean" else f"    = {total}")
        return lines

    def _definition(self, name: str, node: ast.Definition, value: Any, index: int | None, section: ast.Section | None = None) -> list[str]:
        lines = [f"{name} = {self.fmt(value, self._spec(name))}"]
        case = self.scope.case_used.get((name, index))
        used = case.node if case is not None else None
        if node.expr is not None:
            lines.append("  " + self.rule(node.span))
            lines.append(f"  = {self.show(node.expr, index, section)}")
            lines += self.attainments([node.expr], index, section)
            lines += self.inputs([node.expr], index, section)
            lines += self.rows([node.expr], section) if index is None else []
        elif isinstance(used, ast.Case):
            lines.append("  " + self.rule(used.span))
            if used.condition is not None:
                lines.append(f"  {self.t('因为', 'because')} {self.show(used.condition, index, section)}")
            lines.append(f"  = {self.show(used.result, index, section)}")
            lines += self.attainments([used.result], index, section)
            lines += self.inputs([used.condition, used.result], index, section)
            lines += self.rows([used.condition, used.result], section) if index is None else []
        elif isinstance(used, ast.Band):
            lines.append("  " + self.rule(used.span))
            assert node.subject is not None
            lines.append(f"  {self.show(node.subject, index, section)} {self.t('落在档次', 'falls in band')} “{used.target}”")
            lines += self.inputs([node.subject], index, section)
        else:
            lines.append("  " + self.rule(node.span))
        if isinstance(value, rt.NotComputable):
            lines.append("  " + self.t(f"无法计算：{self.why(value)}", f"not computable: {self.why(value)}"))
        lines += [f"  {self.why(n)}" for n in self.scope.notes.get((name, index), [])]
        return lines

    def section(self, s: Any, result: Any, deduction: int | None, only: str | None = None) -> list[str]:
        r = next(x for x in result.sections if x.name == s.name)
        if deduction is not None:
            return self.deduction(s, r, deduction, only)
        if not r.applicable:
            why = r.reason_en if self.lang == "en" else r.reason
            return [f"{s.name}: " + self.t(f"{why}（不计入总分和满分）", f"{why} (counted in neither the total nor the maximum)"), "  " + self.rule(s.node.span)]
        points = _points(r.points) if r.points is not None else self.t("无法计算", "not computable")
        lines = [f"{s.name} = {points} / {r.maximum} {self.t('分', 'points')}", "  " + self.rule(s.node.span)]
        if s.score is not None:
            lines.append(f"  {self.t('基础得分', 'base points')} {_points(r.base) if r.base is not None else '?'}")
            lines += ["  " + line for line in self._definition("得分", s.score.node, self.scope.definition(s.score, None), None, s.node)[1:]]
        else:
            lines.append(f"  {self.t('基础得分 = 满分', 'base points = the maximum')} {r.maximum}")
        for d in r.deductions:
            lines.append("  " + self.t(f"扣 {d.points} 分：", f"− {d.points} points: ") + f"{d.reason}  ({d.rule})  [{d.id}]")
        if r.points is not None and r.base is not None and r.points != r.base - r.deducted:
            lines.append("  " + self.t(f"{_points(r.base)} − {_points(r.deducted)} 限定在 0 到满分 {r.maximum} 之间",
                                       f"{_points(r.base)} − {_points(r.deducted)} kept between 0 and the maximum {r.maximum}"))  # fmt: skip
        lines += [f"  {n}" for n in (r.notes_en if self.lang == "en" else r.notes)]
        return lines

    def deduction(self, s: Any, r: Any, number: int, only: str | None = None) -> list[str]:
        """Deduction rule ``number`` of a section: each time it applied (``only``: for that indicator)."""
        ded = s.deductions[number - 1] if 0 < number <= len(s.deductions) else None
        if ded is None:
            raise GovrulesError([Diagnostic("GR501", Severity.ERROR, f"“{s.name}”没有第 {number} 条扣分规则（共 {len(s.deductions)} 条）",
                                            f"“{s.name}” has no deduction rule {number} (it has {len(s.deductions)})")])  # fmt: skip
        chosen = [d for d in r.deductions if d.id.split("@")[0] == f"{s.name}#{number}" and only in (None, d.indicator)]
        total = sum((d.points for d in chosen), Decimal(0))
        lines = [f"{s.name} #{number}: " + (self.t(f"扣 {total} 分", f"{total} points deducted") if chosen else self.t("未扣分", "nothing deducted"))]
        lines.append("  " + self.rule(ded.node.span))
        for d in chosen:
            index = int(d.indicator[3:-1]) if d.indicator else None
            lines.append(f"  {self.t('因为', 'because')} {self.show(ded.node.condition, index, s.node)}")
            lines.append("  " + self.t("理由：", "reason: ") + d.reason)
            lines += self.inputs([ded.node.condition], index, s.node)
        if not chosen and (not ded.node.each or only is not None):
            index = int(only[3:-1]) if only is not None and ded.node.each else None
            lines.append("  " + self.t("条件不成立：", "the condition does not hold: ") + self.show(ded.node.condition, index, s.node))
        line = f"{ded.node.span.line}"
        lines += [f"  {n}" for n, zh in zip(r.notes_en if self.lang == "en" else r.notes, r.notes) if line in zh]
        return lines

    def reconcile(self, ident: str, result: Any) -> list[str] | None:
        """``核对:总体完成率`` or ``核对:指标[8].完成率``: the reported figure against the recomputed one."""
        m = re.match(r"^(?:指标\[(\d+)\]\.)?(.+)$", ident)
        if m is None:
            return None
        index = int(m.group(1)) if m.group(1) is not None else None
        name = canonical_name(m.group(2).strip())
        r = next((r for r in self.rules.reconciles if r.label == name and r.node.each == (index is not None)), None)
        if r is None or (index is not None and index >= len(self.scope.submission.indicators)):
            return None
        node = r.node
        s = self.scope
        recomputed = s.at(index, r.recomputed) if index is not None else r.recomputed(s)
        reported = s.at(index, r.reported) if index is not None else r.reported(s)
        tolerance = r.tolerance(s)
        path = f"指标[{index}]." if index is not None else ""
        found = next((d for d in result.discrepancies if d.id == f"核对:{path}{name}"), None)
        if found is not None:
            status = {"mismatch": self.t("不符", "mismatch"), "unverified": self.t("无法复核", "not verified")}[found.status]
        elif reported is None or isinstance(reported, rt.NotComputable):
            status = self.t("未报告，无需核对", "nothing reported to check")
        else:
            status = self.t("一致（在容差内）", "agrees (within the tolerance)")
        head = f"核对:{path}{name}"
        if index is not None:
            head += f"  {s.submission.indicators[index].name}"
        lines = [f"{head} — {status}", "  " + self.rule(node.span)]
        if found is not None:
            lines.append("  " + (found.message_en if self.lang == "en" else found.message))
        lines.append(f"  {self.t('报告值', 'reported')} {self.show(node.reported, index)}")
        lines += self.inputs([node.reported], index)
        lines.append(f"  {self.t('重算值', 'recomputed')} {self.show(node.recomputed, index)}")
        diff = rt.arithmetic("-", recomputed, reported)
        if isinstance(diff, Decimal):
            gap, tol = self.fmt(abs(diff), "%"), self.fmt(tolerance, "%")
            lines.append("  " + self.t(f"相差 {gap}，容差 {tol}", f"difference {gap}, tolerance {tol}"))
        name_expr = node.recomputed
        if isinstance(name_expr, ast.Name) and name_expr.name in self.rules.definitions:
            d = self.rules.definitions[name_expr.name]
            if index is not None and d.each:
                chain = self.each_figure(name_expr.name, index)[1:]
            elif index is None and not d.each:
                chain = ["  " + line for line in self.scalar(name_expr.name)]
            else:
                chain = []
            lines.append("  " + self.t("重算过程：", "how it was recomputed:"))
            lines += ["  " + line for line in chain]
        return lines

    def check(self, c: Any, result: Any) -> list[str]:
        """``检查:NAME``: where the check fired, each with its condition and inputs."""
        node = c.node
        found = [f for f in result.findings if f.check == node.name]
        status = self.t(f"发现 {len(found)} 处", f"{len(found)} finding(s)") if found else self.t("未发现问题", "nothing found")
        lines = [f"检查:{node.name} — {status}", "  " + self.rule(node.span)]
        for f in found:
            index = int(f.path[3:-1]) if f.path else None
            lines.append("  " + (f.message_en if self.lang == "en" else f.message))
            lines.append(f"    {self.t('因为', 'because')} {self.show(node.condition, index)}")
            lines += ["  " + line for line in self.inputs([node.condition], index)]
        if not found:
            if node.each:
                lines.append("  " + self.t("没有指标满足条件：", "no indicator meets the condition: ") + self.show(node.condition, None))
            else:
                lines.append("  " + self.t("条件不成立：", "the condition does not hold: ") + self.show(node.condition, None))
                lines += self.inputs([node.condition], None)
        return lines

    def total(self, result: Any) -> list[str]:
        parts = " + ".join(f"{s.name}〔{_points(s.points) if s.points is not None else '?'}〕" for s in result.sections if s.applicable)
        total = _points(result.total) if result.total is not None else self.t("无法计算", "not computable")
        lines = [f"{self.t('总分', 'total')} = {total} / {result.maximum}", f"  = {parts}"]
        for s in result.sections:
            if not s.applicable:
                why = s.reason_en if self.lang == "en" else s.reason
                lines.append("  " + self.t(f"不计：{s.name}（{why}），其满分 {s.maximum} 也不计入", f"left out: {s.name} ({why}); its maximum {s.maximum} is not counted either"))
        if result.total is None:
            why = result.total_reason_en if self.lang == "en" else result.total_reason
            lines.append("  " + self.t(f"无法计算：{why}", f"not computable: {why}"))
        return lines


def points_text(value: Decimal) -> str:
    """Points for reading: two decimals, ROUND_HALF_UP, trailing zeros dropped (9.5, 94)."""
    shown = rt.fmt(value, ".2")
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


_points = points_text


# -- inside 完成比例 ---------------------------------------------------------------------


def attainment_steps(actual: Any, target: Any, direction: Any = "正向", lang: str = "zh") -> list[str]:
    """The arithmetic of ``完成比例(完成值, 指标值, 方向)`` for a person: ``69人 / 120人 = 57.5%``,
    which bound applied and why (``≤`` in the target: lower is better), and what full marks
    needed. The figure shown is :func:`runtime.attainment`'s own, never recomputed here."""
    en = lang == "en"

    def t(zh: str, e: str) -> str:
        return e if en else zh

    value = rt.attainment(actual, target, direction)
    if isinstance(value, rt.NotComputable):
        return [t(f"完成比例无法计算：{value.zh}", f"attainment not computable: {value.en}")]
    goal = target.embedded if isinstance(target, Prose) else target
    got = actual.embedded if isinstance(actual, Prose) else actual
    if isinstance(got, Comparison):
        got = got.quantity
    reverse = rt.text_of(direction) in ("反向", "reverse", "lower")
    low: Quantity | None = None
    high: Quantity | None = None
    match goal:
        case Comparison(op, q) if op in ("≥", ">"):
            low, why = q, t(f"指标值写“{op}”：越高越好（正向）", f"the target says “{op}”: higher is better")
        case Comparison(op, q) if op in ("≤", "<"):
            high, why = q, t(f"指标值写“{op}”：越低越好（反向）", f"the target says “{op}”: lower is better")
        case Comparison(_, q):
            low, high, why = q, q, t("指标值写“=”：要正好达到", "the target says “=”: it must be reached exactly")
        case Range(lo, hi):
            low, high, why = lo, hi, t(f"指标值是区间 {render(goal)}：低于下限或高于上限都按比例计", f"the target is a range {render(goal)}")
        case Quantity():
            if reverse:
                high, why = goal, t(f"指标值只写一个数，方向为“{rt.text_of(direction)}”：越低越好", f"the target is a bare figure and the direction is “{rt.text_of(direction)}”: lower is better")
            else:
                low, why = goal, t(f"指标值只写一个数，方向为“{rt.text_of(direction)}”：越高越好", f"the target is a bare figure and the direction is “{rt.text_of(direction)}”: higher is better")
        case _:
            return [t(f"完成比例 = {rt.fmt(value, '%')}", f"attainment = {rt.fmt(value, '%', 'en')}")]
    shown = render(got) if rt.is_target(got) else rt.fmt(got)
    pct = rt.fmt(value, "%", lang)
    if low is not None and high is not None and low != high:
        need = t(f"满分需要：完成值在 {render(low)} 到 {render(high)} 之间", f"full marks needed the actual between {render(low)} and {render(high)}")
    elif low is not None and high is not None:
        need = t(f"满分需要：完成值 = {render(low)}", f"full marks needed the actual = {render(low)}")
    elif low is not None:
        need = t(f"满分需要：完成值 ≥ {render(low)}", f"full marks needed the actual ≥ {render(low)}")
    else:
        assert high is not None
        need = t(f"满分需要：完成值 ≤ {render(high)}", f"full marks needed the actual ≤ {render(high)}")
    if value == 1:
        arithmetic = t(f"完成比例：完成值 {shown} 达到目标 → 100%", f"attainment: the actual {shown} meets the target → 100%")
    elif high is not None and (low is None or value < 1 and _above(got, high)):
        arithmetic = t(f"完成比例：超出上限，{render(high)} / {shown} = {pct}", f"attainment: above the bound, {render(high)} / {shown} = {pct}")
    else:
        assert low is not None
        arithmetic = t(f"完成比例：未达到，{shown} / {render(low)} = {pct}", f"attainment: short of it, {shown} / {render(low)} = {pct}")
    return [arithmetic, t(f"因为 {why}", f"because {why}"), need]


def _above(actual: Any, bound: Quantity) -> bool:
    figure = rt.figure(actual)
    return not isinstance(figure, rt.NotComputable) and figure[0] > bound.base


# -- where the points went ---------------------------------------------------------------

CENT = Decimal("0.01")
# The per-indicator figures a scoring rule set names for this view (rules/common/*.rules):
SECTION_OF_ROW = "评分项"  # the section a row's points count in
ROW_MAXIMUM = "行分值"  # the row's 分值
ROW_POINTS = "指标得分"  # the row's points


@dataclass
class LostItem:
    section: str
    label: str
    points: Decimal  # to the cent; all items add up exactly to the view's ``lost``
    detail: str = ""
    detail_en: str = ""
    exact: Decimal = Decimal(0)


@dataclass
class PointsView:
    """Where the points went: every point between the maximum and the total, given to a
    row or a deduction; the amounts (to the cent) add up exactly to maximum − total."""

    maximum: Decimal
    total: Decimal | None
    lost: Decimal
    items: list[LostItem] = field(default_factory=list)
    reason: str | None = None  # why there is no total (zh)
    reason_en: str | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)

    def render(self, lang: str = "zh") -> list[str]:
        en = lang == "en"
        if self.total is None:
            why = self.reason_en if en else self.reason
            return [("lost: not computable: " if en else "失分无法计算：") + str(why)]
        head = (f"lost = maximum {self.maximum} − total {_points(self.total)} = {_points(self.lost)}" if en
                else f"失分 = 满分 {self.maximum} − 总分 {_points(self.total)} = {_points(self.lost)}")  # fmt: skip
        lines = [head]
        section = None
        for item in self.items:
            if item.section != section:
                section = item.section
                lines.append(f"  {section}")
            detail = item.detail_en if en else item.detail
            lines.append(f"    {item.label}  {'−' if en else '失 '}{_points(item.points)}" + (f"  （{detail}）" if detail and not en else f"  ({detail})" if detail else ""))
        lines += [f"  {en_text if en else zh}" for zh, en_text in self.notes]
        return lines


def points_lost(rules: RuleSet, result: Result) -> PointsView:
    """Give every lost point to a row or a deduction. A section's points below its maximum
    come from its deductions (each as far as it went: never below 0 points) and from its
    base formula; the base shortfall is shared among the rows that score in the section
    (the rule set's per-indicator 评分项, with 行分值 and 指标得分) in proportion to what each
    row missed of its 分值. A section with no such rows keeps its shortfall on its own line."""
    if result.total is None:
        return PointsView(result.maximum, None, Decimal(0), reason=result.total_reason, reason_en=result.total_reason_en)
    raw: list[LostItem] = []
    view = PointsView(result.maximum, result.total, round_half_up(result.maximum - result.total, 2))
    for sec in result.sections:
        if not sec.applicable:
            view.notes.append((f"{sec.name}：{sec.reason}，不计入满分", f"{sec.name}: {sec.reason_en}; not in the maximum"))
            continue
        assert sec.points is not None
        capped = min(sec.base if sec.base is not None else sec.maximum, sec.maximum)
        shortfall = sec.maximum - capped
        room = capped  # deductions take points until none are left
        for d in sec.deductions:
            taken = min(d.points, max(room, Decimal(0)))
            room -= taken
            where = f" {d.indicator}" if d.indicator else ""
            raw.append(LostItem(sec.name, f"{sec.name}#{d.id.split('#')[1].split('@')[0]}{where}", Decimal(0),
                                d.reason + ("" if taken == d.points else f"；扣 {_points(d.points)} 分，只扣到 0 分"),
                                d.reason + ("" if taken == d.points else f"; {_points(d.points)} deducted, down to 0"), taken))  # fmt: skip
        rows = _scored_rows(sec.name, result)
        missed = sum((w - p for _, _, w, p in rows), Decimal(0))
        if shortfall and rows and missed > 0:
            for i, ind, w, p in rows:
                share = shortfall * (w - p) / missed
                if w - p:
                    raw.append(LostItem(sec.name, f"指标[{i}] {ind.name}", Decimal(0),
                                        f"分值 {_points(w)}，得 {_points(p)}", f"worth {_points(w)}, scored {_points(p)}", share))  # fmt: skip
        elif shortfall:
            raw.append(LostItem(sec.name, sec.name, Decimal(0), f"得分 {_points(capped)} / {sec.maximum}", f"{_points(capped)} of {sec.maximum}", shortfall))
        for i, ind in _unscored_rows(sec.name, result):
            view.notes.append((f"{sec.name}：指标[{i}] {ind.name} 未计分（其分值由本项其余各行分担）",
                               f"{sec.name}: 指标[{i}] {ind.name} not scored (its share carried by the section's other rows)"))  # fmt: skip
    view.items = [x for x in _to_cents(raw, view.lost) if x.points or x.exact]
    return view


def _figure_value(res: Any, name: str) -> Any:
    f = res.values.get(name)
    return f.value if f is not None and f.computable else None


def _scored_rows(section: str, result: Result) -> list[tuple[int, Any, Decimal, Decimal]]:
    out = []
    for i, res in enumerate(result.indicators):
        w, p = _figure_value(res, ROW_MAXIMUM), _figure_value(res, ROW_POINTS)
        if _figure_value(res, SECTION_OF_ROW) == section and w is not None and p is not None and Decimal(str(w)) > 0:
            out.append((i, res, Decimal(str(w)), min(Decimal(str(p)), Decimal(str(w)))))
    return out


def _unscored_rows(section: str, result: Result) -> list[tuple[int, Any]]:
    return [(i, res) for i, res in enumerate(result.indicators)
            if _figure_value(res, SECTION_OF_ROW) == section and res.values.get(ROW_POINTS) is not None
            and not res.values[ROW_POINTS].computable and _figure_value(res, ROW_MAXIMUM) is not None]  # fmt: skip


def _to_cents(items: list[LostItem], total: Decimal) -> list[LostItem]:
    """Each exact amount to the cent so that the cents add up to ``total`` exactly: round
    every amount down, then give the cents left to the largest remainders (Hamilton)."""
    for item in items:
        item.points = item.exact.quantize(CENT, rounding=ROUND_DOWN)
    left = int((total - sum((x.points for x in items), Decimal(0))) / CENT)
    by_remainder = sorted(items, key=lambda x: x.exact - x.points, reverse=True)
    for item in by_remainder[: max(left, 0)]:
        item.points += CENT
    return items
