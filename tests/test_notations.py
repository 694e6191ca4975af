"""230 real notations collected from published performance tables (tests/data/notations.yaml,
each with its source and the expected kind and canonical text).

A ratchet, not a skip: the notations the engine does not yet read as expected are listed
in KNOWN_GAPS, and the test fails both when a new one breaks and when a listed one starts
working (then delete it from the list). The gaps are the next work on the target language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from govrules.targets import parse, render

DATA = yaml.safe_load((Path(__file__).parent / "data/notations.yaml").read_text(encoding="utf-8"))

KNOWN_GAPS = {
    # units not yet in the unit table (分钟, 组, 页, 册次, 字, 批次, 微克/立方米, km, M, 台套, 多/余, traditional 萬 個)
    "28.8萬元", ">=2個", "≥80M", "80M", "2km", "10 台套", "≥100组", "30分钟内", "不少于100分钟", "100字以内",
    "不低于50万册次", "56.15万册次", "115万页", "5.36批次/千人", "54微克/立方米", "≤620万/月", "89.34/畝",
    "≤28.40/株", "700多次", "22.5万余场", "控制在60微克/立方米左右", "25%、20%、15%左右", "4.0‰、4.5‰、10/10万",
    # compound units with two slashes (元/人/月)
    "780元/生/年", "60元/人/月", "830元/人/月",
    # periods and deadlines without a form yet
    "2021年全年", "2021年1月-12月", "2020年1月--2020年11月", "2022年6月--2023年6月", "2024年—2026年",
    "2019年--2021年", "202001-202012", "12月底到位", "每季度结束后15个工作日", "每季度最后一日前",
    "最晚不超過下年1月10日", "出生当年或次年12月31日前", "分别于5月、8月、11月、次年2月的上旬发放",
    # comparator forms not yet read
    "达92.4%以上", "不滿七周歲", "分别不低于24%和30%", "-0%",
    # ratios, formulas, garbled cells
    "2.37:1", "二100百分比", "20246-202516", "检测批次达到2批次/千人", "按照1760株/栋的标准", "每孩每年3600元",
    "不低于每人12000元", "5次*5000=25000元", "2023年购买13台安可电脑,并于12月前完成资金支付。",
    "生活费:集中供养1420元/人/月, 分散供养1130元/人/月; 护理费:一档752元,二档470元,三档188元",
}


def _matches(entry: dict) -> bool:
    parsed = parse(entry["text"], entry.get("name"))
    if parsed.kind != entry["kind"] or parsed.canonical != entry["canonical"]:
        return False
    if entry["kind"] == "prose" and "embedded" in entry:
        return render(parsed.value.embedded) == entry["embedded"]  # type: ignore[union-attr]
    return True


def test_the_collection_is_large_and_sourced():
    assert len(DATA) >= 150
    assert all(e.get("source") for e in DATA)
    assert len({e["source"] for e in DATA}) >= 50


@pytest.mark.parametrize("entry", DATA, ids=lambda e: e["text"][:30])
def test_notation(entry):
    ok = _matches(entry)
    if entry["text"] in KNOWN_GAPS:
        assert not ok, f"“{entry['text']}” now reads as expected: remove it from KNOWN_GAPS"
    else:
        parsed = parse(entry["text"], entry.get("name"))
        assert ok, (entry["text"], parsed.kind, parsed.canonical, entry["kind"], entry["canonical"])
