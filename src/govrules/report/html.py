"""The HTML report: one self-contained file (CSS inline, charts as inline SVG, no script,
nothing loaded from anywhere), which reads offline and prints to PDF a project a page.

Needs the ``report`` extra (Jinja2). The templates ship in the package
(``govrules/report/templates``) and only render a :class:`~govrules.report.model.BatchReport`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from .model import BatchReport

LABELS: dict[str, tuple[str, str]] = {
    "colon": ("：", ": "),
    "overview": ("总览", "Overview"),
    "projects": ("项目数", "projects"),
    "failed": ("未能评价", "not evaluated"),
    "mean": ("平均得分", "mean score"),
    "deductions": ("扣分", "deductions"),
    "findings": ("审核发现", "findings"),
    "discrepancies": ("核对不符", "discrepancies"),
    "distribution": ("得分分布", "Score distribution"),
    "distribution_note": ("按得分占满分的百分比分档（优 ≥90，良 80–89，中 60–79，差 <60）",
                          "bands of the score in percent of the maximum (excellent ≥90, good 80–89, fair 60–79, poor <60)"),
    "ranking": ("项目排名", "Projects ranked"),
    "project_list": ("项目", "Projects"),
    "rank": ("名次", "rank"),
    "project": ("项目", "project"),
    "unit": ("单位", "unit"),
    "kind": ("表类型", "table"),
    "score": ("得分", "score"),
    "grade": ("等级", "grade"),
    "total": ("总分", "total"),
    "file": ("文件", "file"),
    "ruleset": ("规则集", "rule set"),
    "sections": ("分项得分", "Scores by section"),
    "section": ("评分项", "section"),
    "maximum": ("满分", "maximum"),
    "lost": ("失分", "lost"),
    "deduction_list": ("扣分及其依据", "Deductions and why"),
    "no_deductions": ("无扣分。", "No deductions."),
    "points": ("分", "points"),
    "reason": ("理由", "reason"),
    "rule": ("规则", "rule"),
    "chain": ("计算过程", "how it was worked out"),
    "finding_list": ("审核发现", "Findings"),
    "no_findings": ("无审核发现。", "No findings."),
    "discrepancy_list": ("核对：报告值与重算值", "Reconciliation: reported vs recomputed"),
    "no_discrepancies": ("报告值与重算值一致。", "Reported figures agree with the recomputed ones."),
    "reported": ("报告值", "reported"),
    "recomputed": ("重算值", "recomputed"),
    "difference": ("相差", "difference"),
    "status": ("状态", "status"),
    "charts": ("图表", "Charts"),
    "budget_chart": ("预算执行与时间进度", "Budget execution against time progress"),
    "execution": ("预算执行率", "budget execution"),
    "progress": ("时间进度", "time progress"),
    "behind": ("执行进度慢于时间进度", "execution is behind time progress"),
    "on_track": ("执行进度不慢于时间进度", "execution keeps up with time progress"),
    "budget": ("预算数", "budget"),
    "executed": ("执行数", "spent"),
    "completion_chart": ("各指标完成情况", "Completion per indicator"),
    "lost_chart": ("各行失分", "Points lost by row"),
    "no_loss": ("没有失分。", "No points lost."),
    "indicators": ("指标", "Indicators"),
    "level": ("一级 / 二级指标", "level 1 / 2"),
    "indicator": ("三级指标", "indicator"),
    "target": ("指标值", "target"),
    "actual": ("完成值", "actual"),
    "completion": ("完成率", "completion"),
    "judgement": ("判断", "judgement"),
    "met": ("达成", "met"),
    "not_met": ("未达成", "not met"),
    "undecided": ("待判断", "undecided"),
    "figures": ("主要数值", "Figures"),
    "not_explained": ("（未附计算过程：评价时没有规则集或填报表。）", "(no explanation chains: the rule set or the submission was not at hand.)"),
    "back": ("返回总览", "back to the overview"),
    "failed_list": ("未能评价的文件", "Files that could not be evaluated"),
    "generated": ("由 govrules 生成；金额、比率按四舍五入（ROUND_HALF_UP）显示。",
                  "Made by govrules; amounts and rates shown rounded half up (ROUND_HALF_UP)."),
    "row": ("行", "row"),
    "none_computable": ("无法计算", "not computable"),
    "legend_met": ("达成", "met"),
    "legend_not_met": ("未达成", "not met"),
    "legend_undecided": ("待判断 / 无法计算", "undecided / not computable"),
}  # fmt: skip


def render_html(report: BatchReport) -> str:
    """The report as one HTML document."""
    env = _environment()
    labels = {k: (v[1] if report.lang == "en" else v[0]) for k, v in LABELS.items()}
    return str(env.get_template("report.html.j2").render(report=report, L=labels, en=report.lang == "en"))


def write_html(report: BatchReport, path: str | Path) -> None:
    """Write the report to ``path`` (UTF-8)."""
    Path(path).write_text(render_html(report), encoding="utf-8")


_ENV: Any = None


def _environment() -> Any:
    global _ENV
    if _ENV is None:
        from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

        env = Environment(
            loader=PackageLoader("govrules.report", "templates"),
            autoescape=select_autoescape(["html", "j2", "svg"], default_for_string=True, default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["pct"] = _percent_number
        env.filters["bar"] = _bar
        _ENV = env
    return _ENV


def _percent_number(value: Decimal | None, places: int = 1) -> str:
    """A ratio as a plain number of percent for SVG geometry (0.7989 → 79.9)."""
    if value is None:
        return "0"
    return format(round(value * 100, places), "f")


def _bar(value: Decimal | None, scale: Decimal | int, width: int | float) -> str:
    """The length in px of a bar for ``value`` on an axis from 0 to ``scale`` drawn ``width`` px long."""
    if value is None or not scale:
        return "0"
    ratio = max(Decimal(0), min(Decimal(value) / Decimal(scale), Decimal(1)))
    return format(round(ratio * Decimal(str(width)), 1), "f")
