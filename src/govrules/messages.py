"""Every diagnostic govrules can report, by stable code, in Chinese and English.

GR1xx  target language (指标值 / 完成值)
GR2xx  submissions (目标表 / 监控表 / 自评表 files)
GR3xx  rule files: syntax
GR4xx  rule files: checks at load time
GR5xx  evaluation

The documentation has one page per code, generated from this table.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .errors import Diagnostic, Severity, Span


class Message(NamedTuple):
    severity: Severity
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

MESSAGES: dict[str, Message] = {
    # --- target language -------------------------------------------------
    "GR101": Message(
        I,
        "“{text}”是常见写法，含义为 {canonical}（两端都含）",
        "“{text}” is the usual idiom for {canonical} (both ends included)",
        "标准写法：{canonical}",
        "standard form: {canonical}",
    ),
    "GR102": Message(
        W,
        "“{text}”写法不规范，按区间 {canonical} 理解",
        "“{text}” is malformed; read as the range {canonical}",
        "请改为 {canonical}",
        "write {canonical} instead",
    ),
    "GR103": Message(
        W,
        "“{text}”用“或”连接，按字面永远成立；很可能想写的是区间 {canonical}",
        "“{text}” joins its parts with OR and, as written, is always true; it most likely means the range {canonical}",
        "请改为 {canonical}",
        "write {canonical} instead",
    ),
    "GR104": Message(
        I,
        "未能识别“{text}”中的数值目标，按定性文字处理",
        "no figure or target could be read in “{text}”; kept as qualitative text",
        "定量指标请写成如 ≥95%、7.79万人、每月25日前",
        "write a quantitative target like ≥95%, 7.79万人, 每月25日前",
    ),
    "GR105": Message(
        I,
        "数值未写单位，按指标名称中的单位“{unit}”理解",
        "the figure has no unit; the unit “{unit}” is taken from the indicator name",
    ),
    "GR106": Message(
        W,
        "年份“{year}”只写了两位，按 {full} 年理解",
        "the year “{year}” has two digits; read as {full}",
        "请写四位年份",
        "write the year with four digits",
    ),
    "GR107": Message(
        I,
        "从文字中取出的指标值为 {canonical}",
        "the target taken from the text is {canonical}",
    ),
    "GR108": Message(
        W,
        "数值单位“{unit}”与指标名称中的单位“{name_unit}”不可比",
        "the unit “{unit}” does not compare with the unit “{name_unit}” in the indicator name",
    ),
    "GR109": Message(
        W,
        "区间两端单位不可比：{low} 与 {high}",
        "the ends of the range do not compare: {low} and {high}",
    ),
    "GR110": Message(
        W,
        "指标值为空",
        "the value is empty",
    ),
    "GR111": Message(
        W,
        "文字过长（{length} 个字符），不做解析，按定性文字处理",
        "the text is too long ({length} characters) to parse; kept as qualitative text",
    ),
    "GR112": Message(
        W,
        "比较词“{word}”与后缀“{suffix}”方向矛盾，按“{word}”理解",
        "the comparator “{word}” contradicts the suffix “{suffix}”; read as “{word}”",
    ),
}


def diagnostic(
    code: str,
    *,
    span: Span | None = None,
    path: str = "",
    source_line: str = "",
    **figures: Any,
) -> Diagnostic:
    """The diagnostic ``code`` with its templates filled from ``figures``."""
    m = MESSAGES[code]
    return Diagnostic(
        code=code,
        severity=m.severity,
        zh=m.zh.format(**figures),
        en=m.en.format(**figures),
        hint_zh=m.hint_zh.format(**figures),
        hint_en=m.hint_en.format(**figures),
        span=span,
        path=path,
        source_line=source_line,
    )
