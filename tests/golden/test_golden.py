"""Current ``govrules eval`` output equals the golden reports, file by file.

After an intended change: ``.venv/bin/python tests/golden/golden_reports.py``, then
review the diff (see README.md in this folder for the figures checked by hand).
"""

from __future__ import annotations

import pytest
from golden_reports import ROOT, cases, report

CASES = list(cases())


def test_every_bundled_example_has_goldens():
    assert len(CASES) == 2 * (4 + 4 + 7)
    assert all(golden.exists() for *_, golden in CASES), "run tests/golden/golden_reports.py"


@pytest.mark.parametrize(("rules", "example", "lang", "golden"), CASES, ids=lambda v: v.name if hasattr(v, "name") else None)
def test_eval_output_equals_golden(rules, example, lang, golden):
    expected = golden.read_text(encoding="utf-8")
    actual = report(rules, example, lang)
    assert str(ROOT) not in actual
    assert actual == expected, f"{golden.name} differs; if intended, run tests/golden/golden_reports.py and review the diff"


# --- the figures checked by hand against the seed documents (see README.md) ------------------

from decimal import Decimal as D  # noqa: E402

from govrules.rules import evaluate, load_rules  # noqa: E402
from govrules.submissions import load_submission  # noqa: E402

# (rule set, example, figure or 指标[i].figure, exact value from the seed's own numbers)
VERIFIED = [
    # seed 001, 附件1 + 附件2 (监控 2020年9月): 预算执行率 = 执行数 / 预算数
    ("monitoring_review", "001_monitoring/01_机关事业单位养老保险.yaml", "预算执行率", D(10934) / D(14158)),
    ("monitoring_review", "001_monitoring/02_城乡居民养老保险.yaml", "预算执行率", D(433) / D(542)),
    ("monitoring_review", "001_monitoring/03_职工基本医疗保险.yaml", "预算执行率", D(1280) / D(3488)),
    ("monitoring_review", "001_monitoring/04_城乡居民基本医疗保险.yaml", "预算执行率", D(587) / D(2157)),
    ("monitoring_review", "001_monitoring/01_机关事业单位养老保险.yaml", "时间进度", D(9) / D(12)),
    # quantity indicators: 指标完成率 = 完成值 / 指标值
    ("monitoring_review", "001_monitoring/01_机关事业单位养老保险.yaml", "指标[0].完成率", D(2977) / D(2834)),
    ("monitoring_review", "001_monitoring/01_机关事业单位养老保险.yaml", "指标[1].完成率", D(1539) / D(1660)),
    ("monitoring_review", "001_monitoring/02_城乡居民养老保险.yaml", "指标[0].完成率", D(18007) / D(16525)),
    ("monitoring_review", "001_monitoring/02_城乡居民养老保险.yaml", "指标[1].完成率", D(8791) / D(16804)),
    ("monitoring_review", "001_monitoring/02_城乡居民养老保险.yaml", "指标[7].完成率", D(2672) / D(2827)),
    ("monitoring_review", "001_monitoring/03_职工基本医疗保险.yaml", "指标[1].完成率", D(1493) / D(1991)),
    ("monitoring_review", "001_monitoring/04_城乡居民基本医疗保险.yaml", "指标[0].完成率", D(26614) / D(35485)),
    # 总体完成率 = mean of the rows (the revenue execution rate as reported, met rows at 75%)
    ("monitoring_review", "001_monitoring/01_机关事业单位养老保险.yaml", "总体完成率",
     (D(2977) / D(2834) + D(1539) / D(1660) + D("0.75") + D(10934) / D(14158) + 7 * D("0.75")) / 11),
    ("monitoring_review", "001_monitoring/03_职工基本医疗保险.yaml", "总体完成率",
     (D(2883) / D(3844) + D(1493) / D(1991) + D("0.56") + D(1280) / D(3488) + 7 * D("0.75")) / 11),
    ("monitoring_review", "001_monitoring/04_城乡居民基本医疗保险.yaml", "总体完成率",
     (D(26614) / D(35485) + D("0.25") + D(587) / D(2157) + 6 * D("0.75")) / 9),
    # seed 002 (自评 2020): 预算执行率 = 执行数 / 预算数; unmet rows scored in proportion
    ("self_evaluation", "002_self_evaluation/01_企业职工基本养老保险.yaml", "预算执行率", D(1281199) / D(1410942)),
    ("self_evaluation", "002_self_evaluation/02_机关事业单位基本养老保险.yaml", "预算执行率", D(478059) / D(489150)),
    ("self_evaluation", "002_self_evaluation/03_工伤保险.yaml", "预算执行率", D(5769) / D(6926)),
    ("self_evaluation", "002_self_evaluation/04_失业保险.yaml", "预算执行率", D(10049) / D(16244)),
    ("self_evaluation", "002_self_evaluation/01_企业职工基本养老保险.yaml", "指标[0].得分率", D("32.68") / D("32.85")),
    ("self_evaluation", "002_self_evaluation/01_企业职工基本养老保险.yaml", "指标[3].得分率", D("0.43") / D("0.5")),
    ("self_evaluation", "002_self_evaluation/01_企业职工基本养老保险.yaml", "指标[5].得分率", D("92.85") / D(95)),
    ("self_evaluation", "002_self_evaluation/02_机关事业单位基本养老保险.yaml", "指标[1].得分率", D("5.76") / D("6.46")),
    ("self_evaluation", "002_self_evaluation/03_工伤保险.yaml", "指标[1].得分率", D(745) / D(3700)),
    ("self_evaluation", "002_self_evaluation/03_工伤保险.yaml", "指标[5].得分率", D(84) / D(95)),
    ("self_evaluation", "002_self_evaluation/04_失业保险.yaml", "指标[4].得分率", D(1445) / D(24400)),
    ("self_evaluation", "002_self_evaluation/04_失业保险.yaml", "指标[6].得分率", D("61.86") / D(95)),
]


def _value(result, item):
    if item.startswith("指标["):
        index, name = item[3:].split("].")
        return D(result.indicators[int(index)].values[name].value)
    return D(result.figures[item].value)


@pytest.mark.parametrize(("ruleset", "example", "item", "expected"), VERIFIED, ids=lambda v: v if isinstance(v, str) else None)
def test_verified_figures_equal_the_seed_arithmetic(ruleset, example, item, expected):
    result = evaluate(load_rules(ROOT / "rules" / f"{ruleset}.rules"), load_submission(ROOT / "examples" / example))
    assert _value(result, item) == expected


def test_review_table_totals_and_the_one_overall_rate_that_does_not_follow():
    """附件2: 总分 99/94/94/94 = 30+30+30+9, 30+30+25+9 ×3; 城乡居民养老保险 reports 81%, its rows give 86.45%."""
    rules = load_rules(ROOT / "rules/monitoring_review.rules")
    totals, points = [], []
    for example in sorted((ROOT / "examples/001_monitoring").glob("0*.yaml")):
        result = evaluate(rules, load_submission(example))
        totals.append(result.total)
        points.append([s.points for s in result.sections])
    assert totals == [99, 94, 94, 94]
    assert points == [[30, 30, 30, 9], [30, 30, 25, 9], [30, 30, 25, 9], [30, 30, 25, 9]]
    second = evaluate(rules, load_submission(ROOT / "examples/001_monitoring/02_城乡居民养老保险.yaml"))
    (mismatch,) = [d for d in second.discrepancies if d.status == "mismatch"]
    assert (mismatch.id, mismatch.reported, D(mismatch.recomputed).quantize(D("0.0001"))) == ("核对:总体完成率", "0.81", D("0.8645"))


@pytest.mark.parametrize(("rules", "example"), sorted({(r, e) for r, e, *_ in CASES}))
def test_results_are_exactly_what_validation_would_make(rules, example):
    """The evaluator builds its results without validating them (``trusted``): each
    must hold exactly the types and values that validating its own dump gives back."""
    from govrules.rules.results import Result

    result = evaluate(load_rules(ROOT / rules), load_submission(ROOT / example))
    assert Result.model_validate(result.model_dump()) == result
    assert Result.model_validate_json(result.model_dump_json()) == result
