"""The HTML report (govrules eval --html): its model, and one self-contained file."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest

from govrules.cli import main
from govrules.evaluation import Record, evaluate_files
from govrules.report import build_report, render_result
from govrules.report.html import render_html
from govrules.rules import load_rules
from govrules.submissions import load_submission

ROOT = Path(__file__).resolve().parent.parent
MONITORING = "rules/monitoring_review.rules"
SELF = "rules/self_evaluation.rules"


def files(folder: str) -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / folder).glob("0*.yaml"))


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def report(rules: str, folder: str, lang: str = "zh"):  # type: ignore[no-untyped-def]
    records = evaluate_files(rules, files(folder))
    subs = [load_submission(r.file) for r in records]
    return build_report(records, load_rules(rules), subs, lang)


def test_model_scores_ranking_and_distribution() -> None:
    r = report(MONITORING, "001_monitoring")
    totals = [p.total for p in r.projects]
    assert totals == [Decimal(99), Decimal(94), Decimal(94), Decimal(94)]  # 附件2 of seed 001
    assert [(rank, p.number) for rank, p in r.ranking] == [(1, 1), (2, 2), (2, 3), (2, 4)]  # ties share a rank
    assert {b.label: b.count for b in r.distribution}["优 ≥90"] == 4
    assert r.mean_text == "95.25"
    p = r.projects[1]  # 城乡居民养老保险: the reported 81% does not follow from its rows
    mismatch = next(d for d in p.discrepancies if d.status == "mismatch")
    assert (mismatch.reported, mismatch.recomputed) == ("81%", "86.45%")
    assert mismatch.chain[0].text.startswith("核对:总体完成率")
    assert p.budget is not None and p.budget.progress == Decimal("0.75") and p.budget.execution_text == "79.89%"
    assert not p.budget.behind
    lost = {row.label: row.lost for row in p.lost_rows}
    assert lost["目标偏离及应对情况"] == Decimal(5) and lost["按时报送"] == Decimal(1)
    ded = next(d for d in p.deductions if d.section == "目标偏离及应对情况")
    assert ded.chain[0] .text == "目标偏离及应对情况 #1: 扣 5 分" and ded.chain[1].depth == 1
    assert any("偏差和措施" in line.text for line in ded.chain)  # the chain reaches the submission's cell


def test_model_self_evaluation_grade_and_completion() -> None:
    r = report(SELF, "002_self_evaluation")
    p = r.projects[0]
    assert p.grade == "优"
    assert p.budget is not None and p.budget.progress == Decimal(1)  # an annual evaluation: the year is over
    first = p.indicators[0]
    assert first.completion is not None and first.completion_text == "99.48%" and first.met is False
    assert any(i.completion is None and i.completion_reason for i in r.projects[1].indicators)


def test_one_self_contained_file_with_charts_and_anchors() -> None:
    html = render_html(report(MONITORING, "001_monitoring"))
    assert "<script" not in html.lower()
    refs = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", html, re.I)
    assert refs and all(ref.startswith("#") for ref in refs), [r for r in refs if not r.startswith("#")]
    assert not re.search(r"https?://", html)  # no CDN, no font, no image from anywhere
    assert "@import" not in html and "url(" not in html
    for target in set(re.findall(r'href="#([^"]+)"', html)):
        assert f'id="{target}"' in html
    assert html.count('<section class="project"') == 4
    assert html.count('class="chart budget"') == 4 and html.count('class="chart completion"') == 4
    assert html.count('class="chart lost"') == 4 and 'class="chart distribution"' in html
    assert "@media print" in html and "break-before: page" in html
    assert "核对：报告值与重算值" in html and "报告值 81% 与按表内数据重算的 86.45% 不符" in html
    assert "rules/monitoring_review.rules:69" in html  # a deduction's rule line, in its chain


def test_english() -> None:
    html = render_html(report(SELF, "002_self_evaluation", "en"))
    assert not re.search(r"\d\.\d{5,}", html)  # figures are shown rounded (a lost 0.9195487… was once printed whole)
    assert '<html lang="en">' in html and "Scores by section" in html and "Projects ranked" in html
    assert "分项得分" not in html and "总览" not in html


def test_text_is_escaped() -> None:
    records = evaluate_files(MONITORING, files("001_monitoring")[:1])
    result = records[0].result
    assert result is not None
    sub = result.submission | {"project": "<b>项目</b>"}
    forged = Record(records[0].file, result=result.model_copy(update={"submission": sub}))
    html = render_html(build_report([forged]))
    assert "&lt;b&gt;项目&lt;/b&gt;" in html and "<b>项目</b>" not in html


def test_failed_input_is_listed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("表类型: 绩效监控情况表\n项目名称: x\n", encoding="utf-8")
    records = evaluate_files(MONITORING, [files("001_monitoring")[0], str(bad)])
    r = build_report(records)
    assert len(r.projects) == 1 and len(r.failed) == 1 and "GR204" in r.failed[0].errors
    html = render_html(r)
    assert "未能评价的文件" in html and "bad.yaml" in html
    assert not r.projects[0].explained and "未附计算过程" in html


def test_cli_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["eval", MONITORING, *files("001_monitoring"), "--html", str(out)]) == 0
    assert "已写出" in capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    assert "塔什库尔干县城乡居民养老保险基金支出" in html and "计算过程" in html
    assert main(["--lang", "en", "eval", SELF, *files("002_self_evaluation"), "--json", "--html", str(out)]) == 0
    assert capsys.readouterr().out.startswith("{")  # the JSON on stdout stays one document
    assert "Overview" in out.read_text(encoding="utf-8")


def test_cli_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "no such folder" / "r.html"
    assert main(["eval", MONITORING, files("001_monitoring")[0], "--html", str(out)]) == 1
    assert "无法写入" in capsys.readouterr().err


def test_text_rendering_still_importable() -> None:
    records = evaluate_files(MONITORING, files("001_monitoring")[:1])
    assert records[0].result is not None
    assert "总分: 99 / 100" in render_result(records[0].result)


def test_library_does_not_import_the_report_layer() -> None:
    for folder in ("targets", "submissions", "rules"):
        for path in (ROOT / "src" / "govrules" / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    assert "report" not in (node.module or ""), f"{path} imports {node.module}"


def test_a_checks_only_rule_set_has_no_scores_to_show() -> None:
    r = report("rules/target_table_checks.rules", "000_target_tables")
    assert not r.scored and all(not p.scored for p in r.projects) and r.findings > 0
    html = render_html(r)
    assert 'class="chart distribution"' not in html and 'class="chart ring"' not in html
    assert "扣分及其依据" not in html and "审核发现" in html


def test_without_the_extras(tmp_path: Path) -> None:
    """govrules and its report model import without Jinja2 and openpyxl; asking for a file
    that needs one says which extra to install (exit 1, no traceback)."""
    import subprocess
    import sys

    probe = (
        "import sys; sys.modules['jinja2'] = None; sys.modules['openpyxl'] = None\n"
        "import importlib.util; real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name in ('jinja2', 'openpyxl') else real(name, *a)\n"
        "import govrules, govrules.report, govrules.report.outputs\n"
        "from govrules.cli import main\n"
        f"sys.exit(main(['eval', '{MONITORING}', '{files('001_monitoring')[0]}', '--html', r'{tmp_path / 'r.html'}', '--xlsx', r'{tmp_path / 'r.xlsx'}']))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert "pip install 'govrules[report]'" in done.stderr and "pip install 'govrules[xlsx]'" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "r.html").exists()
