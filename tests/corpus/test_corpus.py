"""govrules on real published tables: every notation in them, every table scored with the
rule set its method follows, and the shares measured against what a person reads
(tests/corpus/judgements.yaml). ``python benchmarks/corpus.py`` prints the same report.

The tables were found with the search tool (pages corpus) and transcribed by hand; each
file names its source URL in its first line and in 来源, e.g.
https://www.yongde.gov.cn/info/3003/116104.htm (云南 永德, 总分 96) and
https://pdf.chddh.cn/archives/48n5zg2zkkjxn27q6rjv.html (上海 普陀, 总分 98.62).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from govrules.rules.explain import points_lost
from govrules.submissions import load_submission

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
_spec = importlib.util.spec_from_file_location("corpus_measure", ROOT / "benchmarks" / "corpus.py")
assert _spec is not None and _spec.loader is not None
measure_module = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = measure_module  # dataclasses look their module up
_spec.loader.exec_module(measure_module)

FILES = sorted(CORPUS.glob("*.yaml"))
TABLES = [f for f in FILES if f.name != "judgements.yaml"]


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    r = measure_module.measure()
    print(f"\ntyped {r.typed}; judged {r.judged}; reproduced {r.reproduced}; discretion rows {len(r.discretion)}")
    return r


def test_the_corpus_holds_25_published_tables_from_6_provinces_each_with_its_source():
    judged = measure_module.judgements()
    assert len(TABLES) >= 25 and set(judged) == {f.name for f in TABLES}
    provinces = {spec["省份"] for spec in judged.values()} - {"未注明"}
    assert len(provinces) >= 6, provinces
    for f in TABLES:
        first = f.read_text(encoding="utf-8").splitlines()[0]
        url = re.search(r"https?://\S+", first)
        assert url, f"{f.name}: the first line names the source URL"
        sub = load_submission(f)
        assert sub.source == url.group(0), f.name
        assert f.name.split("_")[1] == judged[f.name]["省份"]
    kinds = {str(getattr(load_submission(f), "kind")) for f in TABLES}
    assert kinds >= {"self_evaluation", "target_table"}


def test_every_notation_in_the_corpus_is_read_and_rendered(report):
    assert report.cells > 400  # every 指标值 and 完成值 cell, parsed and rendered without an error


def test_shares_typed_judged_and_reproduced(report):
    # Floors at what is measured today, so that a regression fails; the goals are 98% / 95%.
    assert report.typed.total >= 200 and report.typed.ratio >= Decimal("0.98"), report.typed.misses
    assert report.judged.total >= 150 and report.judged.ratio >= Decimal("0.90"), report.judged.misses
    assert report.reproduced.total >= 100 and report.reproduced.ratio >= Decimal("0.95"), report.reproduced.misses


def test_a_published_score_that_follows_no_formula_is_recorded_not_imitated(report):
    judged = measure_module.judgements()
    discretionary = sum(1 for spec in judged.values() for row in spec["行"] if row[2] == "酌情")
    assert len(report.discretion) == discretionary
    # 云南 永德：资金到位及时率 100% 对 ≧100%，表上 7 分（分值 10）；引擎按公式给 10，记下差额 -3
    assert any("资金到位及时率: 表上 7，按公式 10.00，相差 -3.00" in line for line in report.discretion)
    rules, result = report.results["19_云南_永德_营养改善计划.yaml"]
    assert result.total == Decimal("99.8")  # not the published 96


def test_complete_tables_are_compared_with_their_published_totals(report):
    lines = "\n".join(report.totals)
    assert "25_上海_普陀_体育中心结算.yaml: 表上总分 98.62，引擎 98.62 / 100" in lines
    assert "21_未注明_长江禁捕_渔业补贴.yaml: 表上总分 100，引擎 100.00 / 100" in lines


@pytest.mark.parametrize("name", [f.name for f in TABLES])
def test_where_the_points_went_adds_up_on_every_table(report, name):
    rules, result = report.results[name]
    view = points_lost(rules, result)
    if result.total is None:
        assert view.reason, f"{name}: a total that cannot be computed says why"
        return
    assert sum((item.points for item in view.items), Decimal(0)) == view.lost
    assert view.lost == (result.maximum - result.total).quantize(Decimal("0.01"))
    assert all(item.points >= 0 for item in view.items)
