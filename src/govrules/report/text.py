"""A result as text for a person (Chinese first, English with lang="en")."""

from __future__ import annotations

from ..rules.explain import points_text
from ..rules.results import Result

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def render_result(r: Result, lang: str = "zh") -> str:
    en = lang == "en"

    def t(zh: str, e: str) -> str:
        return e if en else zh

    kind = r.submission.get("kind_en") if en else r.submission["kind"]
    out = [f"== {r.submission['project']}" + (f" ({kind}) · rule set " if en else f"（{kind}）· 规则集 ") + f"{r.ruleset} =="]
    if r.figures:
        out.append(t("主要数值：", "Figures:"))
        for name, f in r.figures.items():
            why = f"  — {f.reason if not en else f.reason_en}" if not f.computable else ""
            shown = (f.display_en if en else f.display) if f.computable else t("无法计算", "not computable")
            out.append(f"  {name}: {shown}{why}  ({f.rule})")
            out += [f"      {n}" for n in (f.notes_en if en else f.notes)]
    if r.indicators and any(i.values for i in r.indicators):
        out.append(t("指标：", "Indicators:"))
        for i in r.indicators:
            met = {True: t("达成", "met"), False: t("未达成", "not met"), None: t("待判断", "undecided")}[i.met]
            target = i.target.text if i.target else ""
            actual = i.actual.text if i.actual else ""
            if i.actual and i.actual.canonical != i.actual.text and any(d.get("code") == "GR122" for d in i.actual.diagnostics):
                actual += t(f"（按 {i.actual.canonical}）", f" (read as {i.actual.canonical})")  # the one reading, said
            vals = "  ".join(f"{k} {(v.display_en if en else v.display) if v.computable else t('无法计算', 'n/a')}" for k, v in i.values.items())
            out.append(f"  [{i.index}] {i.name}  {t('指标值', 'target')} {target}  {t('完成值', 'actual')} {actual}  {met}  {vals}")
    if r.sections:
        out.append(t("评分：", "Scores:"))
        for s in r.sections:
            if not s.applicable:  # 不适用: in neither the total nor the maximum
                out.append(f"  {s.name}: {s.reason_en if en else s.reason}" + t(f"（满分 {s.maximum} 不计入）", f" (its maximum {s.maximum} not counted)"))
                continue
            pts = points_text(s.points) if s.points is not None else t("无法计算", "n/a")
            why = f"  — {s.reason_en if en else s.reason}" if s.points is None else ""
            out.append(f"  {s.name}: {pts} / {s.maximum}{why}")
            for d in s.deductions:
                out.append(f"      {t('扣', '−')}{d.points}{t('分：', ' points: ')}{d.reason}  ({d.rule})  [{d.id}]")
            out += [f"      {n}" for n in (s.notes_en if en else s.notes)]
        total = points_text(r.total) if r.total is not None else t("无法计算", "n/a")
        why_total = f"  — {r.total_reason_en if en else r.total_reason}" if r.total is None and r.total_reason else ""
        out.append(f"  {t('总分', 'total')}: {total} / {r.maximum}{why_total}")
    if r.discrepancies:
        out.append(t("核对（报告值与重算值）：", "Reconciliation (reported vs recomputed):"))
        for c in r.discrepancies:
            mark = "✗" if c.status == "mismatch" else "?"
            out.append(f"  {mark} {c.message_en if en else c.message}  ({c.rule})  [{c.id}]")
    if r.findings:
        out.append(t("审核发现：", "Findings:"))
        for finding in r.findings:
            severity = finding.severity if en else SEVERITY_ZH[finding.severity]
            out.append(f"  {severity}: {finding.message_en if en else finding.message}  ({finding.rule})")
    return "\n".join(out)

