"""Real published tables, laid out cell by cell as their pages show them, read as transcribed.

Sources (one page each; tests/sheets/published_layouts.py holds each layout, and each
tests/sheets/published/*.yaml the transcription, with the page's address at its top):
- http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2 (安徽 池州市贵池区棠溪镇, 自评表 2022)
- https://www.scqs.gov.cn/info/13206/211004.htm (四川 青神县, 部门预算项目支出绩效自评表 2023)
- https://dyxrmt.cn/article-157795-21.html (四川 大英县, two tables on one page, 2023)
- https://keke.chddh.cn/archives/bqg98jldqdz7y2xm7pe6.html (山西 稷山县, 自评表 2020)
- https://www.ahhuoshan.gov.cn/public/6596221/37950404.html (安徽 霍山县, 转移支付绩效目标自评表 2024)
- http://xtrs.xiangtan.gov.cn/4778/4785/content_1213468.html (湖南 湘潭市工伤保险, 绩效目标表 2023)
- http://zhmail.cnzh.gov.cn/News/Detail/20220301121626208.html (四川 广元市昭化区, 绩效目标申报表 2021)
- http://gxs.wuhai.gov.cn/whsgxshzslhs/1096934/sjtj/1341823/index.html (内蒙古 乌海市, 绩效目标表 2021)
- https://taowenge.com/p-72820237.html (湖南 衡山县, 县级专项资金绩效目标自评表 2020)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govrules.io import load_inputs
from govrules.submissions import load_submission

HERE = Path(__file__).resolve().parent / "sheets" / "published"
TRANSCRIPTIONS = sorted(HERE.glob("*.yaml"))

# the warnings each table must give (GR226: what is there but not read), at their first cell
WARNINGS = {
    "01": ["附件!D7", "附件!G6"],  # 其中：本年财政拨款 (no field in a 自评表); the budget row's 分值/得分
    "02": ["自评表!C10", "自评表!G9"],
    "03": ["自评表!C16", "自评表!G15"],
    "04": ["自评表!G6"],
    "05": ["自评表!C8", "自评表!G8"],
    "06": ["绩效目标表!B9"],  # the 绩效目标 column, which has no field
    "07": ["绩效目标申报表!D7"],  # the sub-rows of 财政拨款
    "08": [],
    "09": ["自评表!D6"],  # 其中：中央、省、市补助县级资金
}


def dump(sub: Any) -> dict[str, Any]:
    return sub.model_dump(mode="json", exclude={"source", "notes"})


def test_ten_published_tables_from_nine_pages() -> None:
    tables = [one for yaml in TRANSCRIPTIONS for one in load_inputs(yaml.with_suffix(".xlsx"))]
    assert len(TRANSCRIPTIONS) == 9 and len(tables) == 10


@pytest.mark.parametrize("yaml", TRANSCRIPTIONS, ids=lambda p: p.stem)
def test_published_table_reads_as_transcribed(yaml: Path) -> None:
    loaded = load_inputs(yaml.with_suffix(".xlsx"))
    one = loaded[-1]  # 03: the second table of the page (the first is checked below)
    assert one.errors == ()
    assert dump(one.submission) == dump(load_submission(yaml))
    assert [d.path for d in one.warnings] == WARNINGS[yaml.name[:2]]
    assert all(d.code == "GR226" and d.zh and d.en for d in one.warnings)


def test_a_table_whose_header_block_is_not_on_the_page_is_named_at_its_rows() -> None:
    first, second = load_inputs(HERE / "03_sichuan_daying_two_tables_2023.xlsx")
    [error] = first.errors
    assert error.code == "GR204" and error.path.startswith("自评表!1:7")
    assert first.name.endswith(":自评表#1") and second.name.endswith(":自评表#2")
    assert second.source is not None and second.source.first_row == 8  # the second table starts at its title


def test_footnotes_below_a_table_are_kept_as_notes() -> None:
    [one] = load_inputs(HERE / "02_sichuan_qingshen_self_evaluation_2023.xlsx")
    assert one.submission is not None
    assert [n.split("：")[0] for n in one.submission.notes] == ["评价结论", "存在问题", "改进措施"]  # signature lines give none
    [grain] = load_inputs(HERE / "09_hunan_hengshan_grain_reserve_2020.xlsx")
    assert grain.submission is not None
    assert grain.submission.notes[0] == "说明：无" and grain.submission.notes[1].startswith("注：1、其他资金")


def test_a_target_over_three_cells_keeps_each_cell() -> None:
    [one] = load_inputs(HERE / "08_neimenggu_wuhai_recycling_targets_2021.xlsx")
    assert one.source is not None
    assert one.source.cells["指标[1].指标值"].a1() == "绩效目标表!F16"
    assert one.source.cells["指标[1].指标方向"].a1() == "绩效目标表!E16"
    assert one.source.cells["指标[1].指标性质"].a1() == "绩效目标表!D16"
