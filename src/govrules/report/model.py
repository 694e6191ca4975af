"""What a report shows, worked out once from the results; the templates and writers only render it.

``build_report`` turns evaluation records (and, where it has them, the rule set and the
submissions) into a :class:`BatchReport`: per project the scores by section, every deduction,
finding and discrepancy with its explanation chain, budget execution against time progress,
completion per indicator and points lost by row; for the batch a score distribution and a
ranking. Numbers stay Decimal; each has its display text beside it, rounded ROUND_HALF_UP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import GovrulesError
from ..evaluation import Record
from ..rules.compile import RuleSet
from ..rules.explain import explain, points_text
from ..rules.results import Figure, IndicatorResult, Result
from ..rules.runtime import fmt
from ..submissions.models import _Submission

#: the figure of an indicator that a report shows as its completion, first found wins
COMPLETION_FIGURES = ("完成率", "得分率", "完成比例")
#: score bands of the distribution, in percent of the maximum: the national grades (财预〔2020〕10号)
BANDS = ((Decimal(90), "优 ≥90", "excellent ≥90"), (Decimal(80), "良 80–89", "good 80–89"),
         (Decimal(60), "中 60–79", "fair 60–79"), (Decimal(0), "差 <60", "poor <60"))  # fmt: skip
SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
KIND_EN = {"monitoring": "monitoring report", "self_evaluation": "self-evaluation", "target_table": "target table"}
STATUS = {"mismatch": ("不符", "mismatch"), "unverified": ("无法复核", "not verified")}


@dataclass(frozen=True)
class ChainLine:
    """One line of an explanation chain; ``depth`` is its indentation (0 for the head)."""

    depth: int
    text: str


@dataclass(frozen=True)
class Deduction:
    id: str
    section: str
    points: Decimal
    reason: str
    rule: str
    indicator: str | None  # 指标[3], when the deduction concerns one row
    indicator_name: str | None
    chain: tuple[ChainLine, ...]


@dataclass(frozen=True)
class Section:
    name: str
    maximum: Decimal
    points: Decimal | None
    points_text: str
    lost: Decimal  # maximum − points (0 when the points could not be computed)
    lost_text: str
    share: Decimal  # points / maximum, 0 to 1 (0 when not computable)
    rule: str
    reason: str | None
    notes: tuple[str, ...]
    deductions: tuple[Deduction, ...]
    chain: tuple[ChainLine, ...]


@dataclass(frozen=True)
class FindingView:
    check: str
    severity: str
    severity_text: str
    message: str
    rule: str
    path: str | None
    indicator_name: str | None
    chain: tuple[ChainLine, ...]


@dataclass(frozen=True)
class DiscrepancyView:
    id: str
    name: str
    path: str | None
    status: str
    status_text: str
    reported: str
    recomputed: str
    difference: str
    message: str
    rule: str
    chain: tuple[ChainLine, ...]


@dataclass(frozen=True)
class IndicatorRow:
    index: int
    path: str
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    met: bool | None
    judgement: str
    completion: Decimal | None  # the completion figure (see COMPLETION_FIGURES), a ratio
    completion_text: str
    completion_reason: str | None  # why it could not be computed
    points: Decimal | None  # the row's own 得分 figure, or 分值 × 得分率 where the row has a 分值
    lost: Decimal  # points deducted on this row, or its 分值 less its points


@dataclass(frozen=True)
class Budget:
    """Budget execution against time progress (both ratios; None when not known)."""

    execution: Decimal | None
    execution_text: str
    progress: Decimal | None
    progress_text: str
    progress_label: str  # 监控时点 2020年9月, or 全年
    budget: str | None  # amounts with their unit, for reading
    executed: str | None
    budget_amount: Decimal | None
    executed_amount: Decimal | None
    unit: str
    behind: bool  # execution behind time progress


@dataclass(frozen=True)
class LostRow:
    """One bar of "points lost by row": a scoring row (section) or an indicator row."""

    label: str
    lost: Decimal
    lost_text: str
    maximum: Decimal | None


@dataclass(frozen=True)
class ProjectReport:
    anchor: str  # p1, p2 … (the HTML id of the project's page)
    number: int
    file: str
    project: str
    unit: str | None
    kind: str  # the table's name, in the report's language
    kind_code: str  # monitoring, self_evaluation, target_table
    ruleset: str
    rules_file: str
    total: Decimal | None
    total_text: str
    maximum: Decimal
    percent: Decimal | None  # total / maximum × 100
    grade: str | None
    figures: tuple[tuple[str, str], ...]  # scalar figures (name, display)
    values: tuple[tuple[str, Decimal], ...]  # the scalar figures that are numbers (name, value)
    sections: tuple[Section, ...]
    deductions: tuple[Deduction, ...]
    findings: tuple[FindingView, ...]
    discrepancies: tuple[DiscrepancyView, ...]
    indicators: tuple[IndicatorRow, ...]
    budget: Budget | None
    lost_rows: tuple[LostRow, ...]
    explained: bool  # whether the chains are there (the rule set and submission were at hand)

    @property
    def scored(self) -> bool:
        """Whether the rule set scores (has sections); a checks-only rule set does not."""
        return bool(self.sections)

    @property
    def has_completion(self) -> bool:
        return any(i.completion is not None for i in self.indicators)


@dataclass(frozen=True)
class Failed:
    """An input that gave no result, with its errors as text."""

    file: str
    errors: str


@dataclass(frozen=True)
class Band:
    label: str
    count: int


@dataclass(frozen=True)
class BatchReport:
    lang: str
    title: str
    ruleset: str
    projects: tuple[ProjectReport, ...]
    failed: tuple[Failed, ...]
    distribution: tuple[Band, ...]  # from the best band down; "not computable" last when any
    ranking: tuple[tuple[int, ProjectReport], ...]  # (rank, project), ties share a rank
    mean_text: str
    deductions: int
    findings: int
    discrepancies: int

    @property
    def scored(self) -> bool:
        return any(p.scored for p in self.projects)


def build_report(
    records: Sequence[Record],
    rules: RuleSet | None = None,
    submissions: Sequence[_Submission | None] | None = None,
    lang: str = "zh",
    title: str | None = None,
) -> BatchReport:
    """The report of a batch: one page per record with a result, the failed inputs listed.

    With ``rules`` and the ``submissions`` (in the order of ``records``), each deduction,
    finding, discrepancy and section carries its explanation chain (``govrules explain``)."""
    en = lang == "en"
    subs = list(submissions) if submissions is not None else [None] * len(records)
    projects: list[ProjectReport] = []
    failed: list[Failed] = []
    for rec, sub in zip(records, subs, strict=True):
        if rec.result is None:
            failed.append(Failed(rec.file, rec.error_text(lang)))
        else:
            projects.append(_project(len(projects) + 1, rec.file, rec.result, rules, sub, lang))
    ranked = sorted(projects, key=lambda p: (p.percent is None, -(p.percent or 0), p.number))
    ranking: list[tuple[int, ProjectReport]] = []
    for i, p in enumerate(ranked):
        same = ranking and ranking[-1][1].percent == p.percent and p.percent is not None
        ranking.append((ranking[-1][0] if same else i + 1, p))
    scored = [p.percent for p in projects if p.percent is not None]
    bands = [Band(b[2] if en else b[1], sum(1 for s in scored if _band(s) == b[0])) for b in BANDS]
    if len(scored) < len(projects):
        bands.append(Band("not computable" if en else "无法计算", len(projects) - len(scored)))
    mean = sum(scored, Decimal(0)) / len(scored) if scored else None
    names = dict.fromkeys(p.ruleset for p in projects)
    return BatchReport(
        lang=lang,
        title=title or ("Performance evaluation report" if en else "预算绩效评价报告"),
        ruleset="、".join(names) if not en else ", ".join(names),
        projects=tuple(projects),
        failed=tuple(failed),
        distribution=tuple(bands),
        ranking=tuple(ranking),
        mean_text=(points_text(mean) if mean is not None else "—"),
        deductions=sum(len(p.deductions) for p in projects),
        findings=sum(len(p.findings) for p in projects),
        discrepancies=sum(len(p.discrepancies) for p in projects),
    )


def _band(percent: Decimal) -> Decimal:
    return next(b[0] for b in BANDS if percent >= b[0])


def _project(number: int, file: str, r: Result, rules: RuleSet | None, sub: _Submission | None, lang: str) -> ProjectReport:
    en = lang == "en"
    names = {i.path: i.name for i in r.indicators}

    def chain(item: str) -> tuple[ChainLine, ...]:
        if rules is None or sub is None:
            return ()
        try:
            lines = explain(rules, sub, item, lang, result=r)
        except GovrulesError:
            return ()
        return tuple(ChainLine((len(line) - len(line.lstrip(" "))) // 2, line.strip()) for line in lines)

    findings, explained = [], set()
    for f in r.findings:  # a check's chain covers all its findings: it goes with the first
        first = f.check not in explained
        explained.add(f.check)
        findings.append(FindingView(
            f.check, f.severity, SEVERITY[f.severity][1 if en else 0], f.message_en if en else f.message,
            str(f.rule), f.path, names.get(f.path or ""), chain(f"检查:{f.check}") if first else (),
        ))  # fmt: skip
    sections = []
    for s in r.sections:
        deds = tuple(
            Deduction(d.id, d.section, d.points, d.reason, str(d.rule), d.indicator, names.get(d.indicator or ""), chain(d.id))
            for d in s.deductions
        )
        computable = s.points is not None
        sections.append(Section(
            s.name, s.maximum, s.points, points_text(s.points) if s.points is not None else ("n/a" if en else "无法计算"),
            s.maximum - s.points if s.points is not None else Decimal(0),
            points_text(s.maximum - s.points) if s.points is not None else "0",
            _clamp(s.points / s.maximum) if computable and s.maximum and s.points is not None else Decimal(0),
            str(s.rule), (s.reason_en if en else s.reason), tuple(s.notes_en if en else s.notes), deds, chain(s.name),
        ))  # fmt: skip
    discrepancies = tuple(
        DiscrepancyView(
            d.id, d.name, d.path, d.status, STATUS[d.status][1 if en else 0],
            _figure_text(d.name, d.reported), _figure_text(d.name, d.recomputed), _figure_text(d.name, d.difference),
            d.message_en if en else d.message, str(d.rule), chain(d.id),
        )
        for d in r.discrepancies
    )  # fmt: skip
    lost_by_row: dict[str, Decimal] = {}
    for ded in (d for section in sections for d in section.deductions):
        if ded.indicator:
            lost_by_row[ded.indicator] = lost_by_row.get(ded.indicator, Decimal(0)) + ded.points
    indicators = tuple(_indicator(i, sub, lost_by_row.get(i.path, Decimal(0)), lang) for i in r.indicators)
    lost_rows = [LostRow(x.name, x.lost, points_text(x.lost), x.maximum) for x in sections]
    lost_rows += [LostRow(f"{i.index + 1}. {i.name}", i.lost, points_text(i.lost), None) for i in indicators if i.lost]
    percent = r.total * 100 / r.maximum if r.total is not None and r.maximum else None
    grade = r.figures.get("等级")
    scalars = tuple((n, _display(f, en)) for n, f in r.figures.items() if n != "等级")
    return ProjectReport(
        anchor=f"p{number}", number=number, file=file, project=str(r.submission.get("project") or file),
        unit=r.submission.get("unit"), kind=KIND_EN.get(str(r.submission.get("kind_en")), "") if en else str(r.submission.get("kind") or ""),
        kind_code=str(r.submission.get("kind_en") or ""),
        ruleset=r.ruleset, rules_file=r.rules_file,
        total=r.total, total_text=points_text(r.total) if r.total is not None else ("n/a" if en else "无法计算"),
        maximum=r.maximum, percent=percent,
        grade=grade.display if grade is not None and grade.computable else None,
        figures=scalars, values=tuple((n, v) for n, f in r.figures.items() if f.computable and (v := _decimal(f.value)) is not None),
        sections=tuple(sections), deductions=tuple(d for s in sections for d in s.deductions),
        findings=tuple(findings), discrepancies=discrepancies, indicators=indicators,
        budget=_budget(r, sub, lang), lost_rows=tuple(lost_rows), explained=rules is not None and sub is not None,
    )  # fmt: skip


def _indicator(i: IndicatorResult, sub: _Submission | None, lost: Decimal, lang: str) -> IndicatorRow:
    en = lang == "en"
    fig = next((i.values[n] for n in COMPLETION_FIGURES if n in i.values), None)
    value = _decimal(fig.value) if fig is not None and fig.computable else None
    weight = sub.indicators[i.index].weight if sub is not None and i.index < len(sub.indicators) else None
    own = i.values.get("得分")
    points = _decimal(own.value) if own is not None and own.computable else None
    if points is None and weight is not None and fig is not None and fig.name == "得分率" and value is not None:
        points = weight * _clamp(value)
    if not lost and weight is not None and points is not None:
        lost = max(weight - points, Decimal(0))  # the row's 分值 less what it earned
    return IndicatorRow(
        index=i.index, path=i.path, level1=i.level1 or "", level2=i.level2 or "", name=i.name,
        target=i.target.text if i.target else "", actual=i.actual.text if i.actual else "",
        met=i.met, judgement=i.judgement_en if en else i.judgement,
        completion=value, completion_text=fmt(value, "%") if value is not None else "—",
        completion_reason=None if fig is None or fig.computable else (fig.reason_en if en else fig.reason),
        points=points, lost=lost,
    )  # fmt: skip


def _budget(r: Result, sub: _Submission | None, lang: str) -> Budget | None:
    en = lang == "en"
    execution = r.figures.get("预算执行率")
    kind = r.submission.get("kind_en")
    if execution is None and kind not in ("monitoring", "self_evaluation"):
        return None
    rate = _decimal(execution.value) if execution is not None and execution.computable else None
    progress_fig = r.figures.get("时间进度")
    progress = _decimal(progress_fig.value) if progress_fig is not None and progress_fig.computable else None
    checkpoint = getattr(sub, "checkpoint", None)
    if progress is None and kind == "self_evaluation":
        progress = Decimal(1)  # an annual self-evaluation is made when the year is over
    label = (f"checkpoint {checkpoint}" if en else f"监控时点 {checkpoint}") if checkpoint else ("full year" if en else "全年")
    budget = getattr(sub, "budget", None)
    unit = getattr(sub, "amount_unit", "")

    def amount(v: Decimal | None) -> str | None:
        return f"{fmt(v)} {unit}" if v is not None else None

    return Budget(
        execution=rate, execution_text=fmt(rate, "%") if rate is not None else "—",
        progress=progress, progress_text=fmt(progress, "%") if progress is not None else "—", progress_label=label,
        budget=amount(getattr(budget, "budget", None)), executed=amount(getattr(budget, "executed", None)),
        budget_amount=getattr(budget, "budget", None), executed_amount=getattr(budget, "executed", None), unit=unit,
        behind=rate is not None and progress is not None and rate < progress,
    )  # fmt: skip


def _display(f: Figure, en: bool) -> str:
    if f.computable:
        return f.display_en if en and f.display_en else f.display
    return f"n/a: {f.reason_en}" if en else f"无法计算：{f.reason}"


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return None
    return None


def _figure_text(name: str, value: str | None) -> str:
    """A reported or recomputed figure of a reconciliation: a rate (…率…) as a percent."""
    d = _decimal(value)
    if d is None:
        return value or "—"
    return fmt(d, "%") if "率" in name else fmt(d)


def _clamp(value: Decimal) -> Decimal:
    return max(Decimal(0), min(Decimal(1), value))
