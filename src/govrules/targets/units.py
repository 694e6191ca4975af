"""Units and magnitudes of the target language, with the dimension each measures.

A quantity compares with another only within one dimension: 万人 converts to 人,
万元 to 元, % to a ratio; 人 never compares with 万元. The unit symbols here are
exactly those of the UNIT terminal in grammar/target.lark (a test keeps them equal).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


class UnitInfo(NamedTuple):
    dimension: str  # what is measured; two units compare only within one dimension
    factor: Decimal  # size of one unit in the dimension's base unit
    en: str  # English name, for messages


def _u(dimension: str, factor: str | int = 1, en: str = "") -> UnitInfo:
    return UnitInfo(dimension, Decimal(factor), en or dimension)


RATIO = "比率"

UNITS: dict[str, UnitInfo] = {
    "%": _u(RATIO, "0.01", "percent"),
    "百分比": _u(RATIO, "0.01", "percent"),
    "‰": _u(RATIO, "0.001", "per mille"),
    "/10万": _u(RATIO, "0.00001", "per 100 000"),  # 孕产妇死亡率 10/10万
    "个百分点": _u("百分点", 1, "percentage points"),
    "百分点": _u("百分点", 1, "percentage points"),
    "倍": _u("倍", 1, "times"),
    # people and counts
    "人": _u("人", 1, "persons"),
    "名": _u("人", 1, "persons"),
    "人次": _u("人次", 1, "person-times"),
    "人月": _u("人月", 1, "person-months"),
    "户": _u("户", 1, "households"),
    "户次": _u("户次", 1, "household-times"),
    "家": _u("家", 1, "organisations"),
    "个": _u("个", 1, "items"),
    "次": _u("次", 1, "times"),
    "件": _u("件", 1, "pieces"),
    "项": _u("项", 1, "items"),
    "所": _u("所", 1, "institutions"),
    "座": _u("座", 1, "buildings"),
    "栋": _u("栋", 1, "buildings"),
    "幢": _u("栋", 1, "buildings"),
    "生": _u("生", 1, "pupils"),
    "辆": _u("辆", 1, "vehicles"),
    "台": _u("台", 1, "sets"),
    "套": _u("套", 1, "sets"),
    "台套": _u("台套", 1, "sets of equipment"),
    "组": _u("组", 1, "groups"),
    "本": _u("册", 1, "volumes"),
    "册": _u("册", 1, "volumes"),
    "册次": _u("册次", 1, "volume loans"),
    "页": _u("页", 1, "pages"),
    "字": _u("字", 1, "characters"),
    "场": _u("场", 1, "sessions"),
    "期": _u("期", 1, "sessions"),
    "篇": _u("篇", 1, "articles"),
    "份": _u("份", 1, "copies"),
    "批": _u("批", 1, "batches"),
    "批次": _u("批次", 1, "batch-times"),
    "条": _u("条", 1, "items"),
    "张": _u("张", 1, "sheets"),
    "床": _u("床", 1, "beds"),
    "处": _u("处", 1, "sites"),
    "宗": _u("宗", 1, "cases"),
    "起": _u("起", 1, "incidents"),
    "例": _u("例", 1, "cases"),
    "块": _u("块", 1, "pieces"),
    "只": _u("只", 1, "animals"),
    "头": _u("头", 1, "head of livestock"),
    "株": _u("株", 1, "plants"),
    "棵": _u("株", 1, "plants"),
    "部": _u("部", 1, "units"),
    "门": _u("门", 1, "courses"),
    "班": _u("班", 1, "classes"),
    "层": _u("层", 1, "floors"),
    "卷": _u("卷", 1, "volumes"),
    "幅": _u("幅", 1, "pieces"),
    "盏": _u("盏", 1, "lamps"),
    "间": _u("间", 1, "rooms"),
    "单": _u("单", 1, "orders"),
    # money
    "元": _u("元", 1, "yuan"),
    # time
    "日": _u("日", 1, "days"),
    "天": _u("日", 1, "days"),
    "周": _u("日", 7, "weeks"),
    "工作日": _u("工作日", 1, "working days"),
    "个工作日": _u("工作日", 1, "working days"),
    "小时": _u("分钟", 60, "hours"),
    "分钟": _u("分钟", 1, "minutes"),
    "月": _u("月", 1, "months"),
    "个月": _u("月", 1, "months"),
    "季度": _u("月", 3, "quarters"),
    "年": _u("月", 12, "years"),
    "年度": _u("月", 12, "years"),
    "岁": _u("岁", 1, "years of age"),
    "周岁": _u("岁", 1, "years of age"),
    # physical
    "吨": _u("千克", 1000, "tonnes"),
    "千克": _u("千克", 1, "kg"),
    "克": _u("千克", "0.001", "g"),
    "毫克": _u("千克", "0.000001", "mg"),
    "微克": _u("千克", "0.000000001", "µg"),
    "公斤": _u("千克", 1, "kg"),
    "斤": _u("千克", "0.5", "jin"),
    "米": _u("米", 1, "metres"),
    "厘米": _u("米", "0.01", "cm"),
    "毫米": _u("米", "0.001", "mm"),
    "千米": _u("米", 1000, "km"),
    "公里": _u("米", 1000, "km"),
    "km": _u("米", 1000, "km"),
    "m": _u("米", 1, "metres"),
    # "M" in the tables is metres (雾炮车射程 ≥80M); a bandwidth in M compares only with itself anyway.
    "M": _u("米", 1, "metres"),
    "平方米": _u("平方米", 1, "square metres"),
    "m2": _u("平方米", 1, "square metres"),  # ㎡ and m² after NFKC
    "立方米": _u("立方米", 1, "cubic metres"),
    "m3": _u("立方米", 1, "cubic metres"),  # ㎥ and m³ after NFKC
    "t": _u("千克", 1000, "tonnes"),
    "kg": _u("千克", 1, "kg"),
    "亩": _u("亩", 1, "mu"),
    "公顷": _u("亩", 15, "hectares"),
    "千瓦": _u("千瓦", 1, "kW"),
    "分": _u("分", 1, "points"),
}

# Written aliases with one canonical spelling.
CANONICAL_UNIT = {"百分比": "%"}
# Words a 计量单位 column or a name's brackets use for a unit (not units in a figure): 人数 is 人.
UNIT_WORDS = {"人数": "人", "人/次": "人次", "户数": "户", "次数": "次", "个数": "个", "件数": "件", "元人民币": "元"}

MAGNITUDES: dict[str, Decimal] = {
    "千": Decimal(1000),
    "万": Decimal(10000),
    "百万": Decimal(10**6),
    "千万": Decimal(10**7),
    "亿": Decimal(10**8),
    "万亿": Decimal(10**12),
}


# ``2.37:1`` (抚养比): a ratio to one, written after the figure; not a UNIT token of
# the grammar (it has its own terminal, RATIO, which must not read 10:15 as 10:1 and 5).
RATIO_TO_ONE = ":1"
_RATIO_TO_ONE_INFO = _u("比值", 1, "to one")


def _denominator(text: str) -> UnitInfo | None:
    """A unit after ``/``, with an optional magnitude: ``人``, ``千人`` (批次/千人)."""
    if text in UNITS:
        return UNITS[text]
    for mag in sorted(MAGNITUDES, key=len, reverse=True):
        info = UNITS.get(text[len(mag) :]) if text.startswith(mag) else None
        if info is not None:
            return UnitInfo(info.dimension, info.factor * MAGNITUDES[mag], f"{MAGNITUDES[mag]} {info.en}")
    return None


def unit_info(unit: str) -> UnitInfo | None:
    """Dimension and factor of a unit: simple (``人``), compound (``元/人·月``, ``批次/千人``),
    per-something with the numerator left out (``/亩`` in ``89.34/亩``), or ``:1``. None if unknown.
    """
    if not unit:
        return None
    if unit in UNITS:
        return UNITS[unit]
    if unit == RATIO_TO_ONE:
        return _RATIO_TO_ONE_INFO
    if "/" not in unit:
        return None
    head, _, tail = unit.partition("/")
    top = UNITS.get(head) if head else UnitInfo("", Decimal(1), "")
    below = [_denominator(p) for p in tail.split("·")]
    if top is None or any(i is None for i in below):
        return None
    known = [i for i in below if i is not None]
    factor = top.factor
    for info in known:
        factor /= info.factor
    dimension = top.dimension + "/" + "·".join(i.dimension for i in known)
    en = (top.en or "(amount)") + " per " + " ".join(i.en for i in known)
    return UnitInfo(dimension, factor, en)


def split_unit(text: str) -> tuple[str, str] | None:
    """``万元`` → (``万``, ``元``); ``%`` → ("", ``%``); None when text is not a unit."""
    text = text.strip()
    text = UNIT_WORDS.get(text, text)
    if unit_info(text):
        return "", CANONICAL_UNIT.get(text, text)
    for mag in sorted(MAGNITUDES, key=len, reverse=True):
        if text.startswith(mag) and unit_info(text[len(mag) :]):
            rest = text[len(mag) :]
            return mag, CANONICAL_UNIT.get(rest, rest)
    return None
