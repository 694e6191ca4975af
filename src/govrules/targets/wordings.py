"""What the words of a 完成值 say: the national 自评表's three bands of achievement and their
everyday forms, "not applicable", and words that deny the target was reached.

- :func:`degree`: ``达成预期指标`` / ``已完成`` / ``达标`` / ``是`` / ``符合规定`` → met;
  ``部分达成预期指标并具有一定效果`` / ``部分完成`` / ``基本完成`` → partly met;
  ``未达成预期指标且效果较差`` / ``未完成`` / ``否`` → not met. For a qualitative row the degree
  gives the band of the weight the reviewer's judged value must fall in (财预〔2020〕10号):
  达成 80–100%, 部分达成 50–80%, 未达成 0–50% (:data:`BANDS`).
- :func:`not_applicable`: ``/``, ``—``, ``无``, ``不适用``, ``N/A``, ``不涉及``.
- :func:`denies`: the words say the target failed (未, 没有, 未能, 不到 …) — apart from the
  words of the target itself and phrases such as 未发生, which report a success.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Literal

Degree = Literal["met", "partly", "not met"]

BANDS: dict[Degree, tuple[Decimal, Decimal]] = {
    "met": (Decimal("0.8"), Decimal(1)),
    "partly": (Decimal("0.5"), Decimal("0.8")),
    "not met": (Decimal(0), Decimal("0.5")),
}
DEGREE_ZH: dict[Degree, str] = {"met": "达成", "partly": "部分达成", "not met": "未达成"}
DEGREE_EN: dict[Degree, str] = {"met": "met", "partly": "partly met", "not met": "not met"}

NOT_APPLICABLE = frozenset(
    ["/", "//", "\\", "-", "--", "—", "——", "–", "一", "无", "不适用", "不涉及", "n/a", "na", "N/A", "NA", "N/a", "无此项"]
)

_VERB = "(完成|达成|达标|达到|实现|落实|到位|符合|满足|合格)"
_OBJECT = (
    "(了)?(预期|年度|绩效|既定|计划|全年|工作)?(指标值|指标|目标值|目标|任务|要求|规定|标准|计划|效果|预期)?"
    "(要求|规定|标准)?"
)
_TAIL = "(,?(并|且|但)?(具有|有|取得)?(一定|较好|良好|明显|显著)?(的)?(效果|成效|效益)(较差|一般|较好|良好|明显|显著)?)?"
_NOT = re.compile(f"(未|没有|没|未能|尚未|不能|无法)(按时|按期|全部|全面)?{_VERB}{_OBJECT}{_TAIL}|否|不符合{_OBJECT}|不达标|不合格|未通过")
_PARTLY = re.compile(f"(部分|基本|大部分|大部)(按时|按期)?{_VERB}{_OBJECT}{_TAIL}|部分")
_MET = re.compile(
    f"(已经|已|全部|全面|均已|均|圆满|顺利|足额|100%)*{_VERB}{_OBJECT}{_TAIL}|是|有|通过|已通过|(已经|已|全部|均)?(完成|达成|实现)(率)?(了)?100%|100%(完成|达成|实现)"
)
_PUNCTUATION = re.compile(r"[\s。.,，;；:：!！、]+")

# Denials: the words say it was not done. "不足" and the like belong to a comparison
# (不足5%) only when a figure follows; as words they deny.
_DENIAL = re.compile(r"未|没有|没能|未能|不到|尚未|不足|不能|无法|不及时|延迟|滞后|逾期|超期|不达标|不合格")
# Phrases with a denial word that report a success (no incident, no overrun, no complaint).
_BENIGN = re.compile(
    r"(未|没有|无)(发生|出现|收到|接到|超|超过|超出|超支|突破|造成|产生|引发|有|被|因|见|违|存在|影响)"
    r"|未[^，,。；;]{0,6}(事故|投诉|事件|问题|违规|违纪)"
)


def _clean(text: str) -> str:
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", text)).strip()


def degree(text: str) -> Degree | None:
    """The degree of achievement the whole text states, or None when it states none.

    >>> degree("达成预期指标"), degree("部分达成预期指标并具有一定效果"), degree("未达成预期指标且效果较差")
    ('met', 'partly', 'not met')
    >>> degree("已完成"), degree("第3-4期未按时完成"), degree("按时发放")
    ('met', None, None)
    """
    t = _clean(text)
    if not t or len(t) > 24:
        return None
    if _NOT.fullmatch(t):
        return "not met"
    if _PARTLY.fullmatch(t):
        return "partly"
    if _MET.fullmatch(t):
        return "met"
    return None


def not_applicable(text: str) -> bool:
    """``/``, ``—``, ``无``, ``不适用``, ``N/A`` …: the row does not apply."""
    return _clean(text) in NOT_APPLICABLE or text.strip() in NOT_APPLICABLE


def denies(text: str, target: str = "") -> bool:
    """Do the words say the target failed? The target's own words are not counted (a target
    ``未发生重大事故`` restated is no denial), nor phrases such as 未发生 or 未超过.

    >>> denies("第3-4期未按时完成"), denies("未发生安全事故"), denies("全部完成")
    (True, False, False)
    """
    rest = unicodedata.normalize("NFKC", text)
    if target:
        rest = rest.replace(unicodedata.normalize("NFKC", target), "")
    rest = _BENIGN.sub("", rest)
    return bool(_DENIAL.search(rest))


__all__ = ["BANDS", "DEGREE_EN", "DEGREE_ZH", "Degree", "degree", "denies", "not_applicable"]
