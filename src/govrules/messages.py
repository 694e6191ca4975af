"""Every diagnostic govrules can report, by stable code, in Chinese and English.

GR1xx  target language (指标值 / 完成值)
GR2xx  submissions (目标表 / 监控表 / 自评表 files)
GR3xx  rule files: syntax (GR33x includes, GR39x formatting)
GR4xx  rule files: checks at load time (GR42x: analyses of govrules check)
GR5xx  evaluation
GR6xx  rule tests (govrules test)

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
    "GR113": Message(
        E,
        "第 {line} 行不是 UTF-8 文本（第 {byte} 个字节）",
        "line {line} is not UTF-8 text (byte {byte})",
        "请把输入另存为 UTF-8",
        "save the input as UTF-8",
    ),
    "GR114": Message(
        W,
        "比率指标的数值 {figure} 没有单位，按百分比读是 {percent}%，不像比率：填报的可能是金额或人数",
        "the indicator is a rate, but the figure {figure} has no unit and read as a percentage is {percent}%: "
        "it is probably an amount or a count",
        "请填写比率，如 95%",
        "write a rate, such as 95%",
    ),
    "GR115": Message(
        I,
        "“{text}”的比较符号与后缀说的是同一件事，按 {canonical} 理解",
        "“{text}” says the same bound twice (symbol and suffix); read as {canonical}",
        "标准写法：{canonical}",
        "standard form: {canonical}",
    ),
    "GR116": Message(
        I,
        "“左右”表示约数，按 {figure} 理解",
        "“左右” (about) is dropped; read as {figure}",
    ),
    "GR117": Message(
        I,
        "“{text}”中 0 前的负号没有意义，按 0 理解；若想表示越低越好，请写 ≤0%",
        "the minus sign before 0 in “{text}” means nothing; read as 0 (for lower-is-better, write ≤0%)",
    ),
    "GR118": Message(
        I,
        "从完成值文字中取出的数值为 {canonical}",
        "the figure taken from the actual's text is {canonical}",
    ),
    "GR119": Message(
        W,
        "第 {line} 行有 {columns} 列，只读前三列（指标值、完成值、指标名称），其余忽略",
        "line {line} has {columns} columns; only the first three (target, actual, name) are read, the rest is ignored",
        "检查单元格中是否有制表符，或列的顺序是否正确",
        "check for a tab inside a cell, or for columns out of place",
    ),
    "GR120": Message(
        W,
        "“{text}”中汉字数字紧挨着阿拉伯数字，无法确定数值（可能是符号被误识别），按定性文字处理",
        "in “{text}” a Chinese numeral stands right before an Arabic figure, so the figure is uncertain "
        "(perhaps a misread symbol); kept as qualitative text",
        "请核对原表，写成 =100%、2100% 等明确的形式",
        "check the original table and write an unambiguous figure such as =100% or 2100%",
    ),
    "GR121": Message(
        W,
        "“{text}”像是缺了分隔符的日期（指标是时间），不做猜测，按定性文字处理",
        "“{text}” looks like dates that lost their separators (the indicator is a time); "
        "not guessed, kept as qualitative text",
        "请写成 2024年6月～2025年1月6日 或 2024.06-2025.01.06",
        "write it as 2024年6月～2025年1月6日 or 2024.06-2025.01.06",
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


# --- the catalog: one entry per code, for the documentation and for tools -----


class CodeDoc(NamedTuple):
    """What one diagnostic code means, for the reference page generated from it.

    ``example`` is a minimal input that produces the code, read according to
    ``example_kind``: ``"target"`` — a line as ``govrules target -`` reads it
    (the target text, then optionally a tab, an actual value, a tab and the
    indicator name); ``"rules"`` — a whole rule file; ``"submission"`` — a
    submission file in YAML; ``""`` — no example (the code needs a file system
    or a submission run to appear).
    """

    code: str
    severity: Severity
    title_zh: str
    title_en: str
    about_zh: str  # a paragraph for policy staff: what it means, how to fix it
    about_en: str
    example: str = ""  # a minimal input that triggers it
    example_kind: str = ""  # "target" | "rules" | "submission" | "" (no example)


_HEAD = "规则集 示例\n"

_DOCS: tuple[CodeDoc, ...] = (
    # --- GR1xx target language -------------------------------------------------
    CodeDoc("GR101", I, "“105%≤≥95%”式的区间写法", "The “105%≤≥95%” range idiom",
            "表格中常见“上限≤≥下限”的写法，意思是在两者之间（两端都含）。govrules 按区间理解，仅作提示；建议改为标准写法，如 95%～105%。",
            "Tables often write “upper≤≥lower” to mean “between the two, both ends included”. govrules reads it as that range and only notes it; the standard form is e.g. 95%～105%.",
            "105%≤≥95%", "target"),
    CodeDoc("GR102", W, "不规范的区间写法", "A malformed range",
            "区间写成了“105%≤95%”这类字面上不成立的形式。govrules 按最可能的区间理解；请改为标准写法，以免别人误读。",
            "A range is written in a form that is literally false, such as “105%≤95%”. govrules reads it as the range most likely meant; write the standard form so no one misreads it.",
            "105%≤95%", "target"),
    CodeDoc("GR103", W, "用“或”连接、永远成立的指标值", "An always-true OR target",
            "“≥-10%或≤10%”这样用“或”连接的两个条件，任何数值都满足，指标形同虚设。几乎总是想写区间（-10%～10%）。govrules 按字面判断，并提示应写的区间。",
            "Two conditions joined by OR, such as “≥-10%或≤10%”, are met by any figure, so the indicator tests nothing. It almost always means a range (-10%～10%). govrules judges it as written and names the range to write.",
            "≥-10%或≤10%", "target"),
    CodeDoc("GR104", I, "未识别出数值目标", "No figure found in the text",
            "指标值中没有可读出的数值、比较或时限，按定性文字处理（只能由人判断是否达成）。定量指标请写成 ≥95%、7.79万人、每月25日前 等形式。",
            "The text has no figure, comparison or deadline that can be read, so it is kept as qualitative text (met or not is a reviewer's call). Write quantitative targets like ≥95%, 7.79万人, 每月25日前.",
            "按标准审核后足额发放", "target"),
    CodeDoc("GR105", I, "单位取自指标名称", "Unit taken from the indicator name",
            "数值没有写单位，单位写在指标名称的括号里（如“成功率（%）”）。govrules 按名称中的单位理解，仅作提示。",
            "The figure has no unit, and the indicator name carries one in brackets (e.g. “成功率（%）”). govrules uses the unit from the name; this is only a note.",
            "≥95\t\t养老保险待遇首次发放成功率（%）", "target"),
    CodeDoc("GR106", W, "两位数年份", "A two-digit year",
            "日期的年份只写了两位，govrules 按 20xx 年理解。请写四位年份。",
            "The year of a date has two digits; govrules reads it as 20xx. Write the year in full.",
            "20年12月31日前", "target"),
    CodeDoc("GR107", I, "从文字中取出的指标值", "A target taken out of prose",
            "指标值是一句话，其中包含一个可读的目标（如“上访率控制在0.1%以内”）。govrules 取出该目标（≤0.1%），其余文字作为备注。请核对取出的目标是否正确。",
            "The target is a sentence with one readable target inside it (e.g. “上访率控制在0.1%以内”). govrules takes that target (≤0.1%) and keeps the rest as a remark. Check that the target taken is the right one.",
            "上访率控制在0.1%以内，维护社会稳定", "target"),
    CodeDoc("GR108", W, "单位与指标名称不符", "Unit does not match the indicator name",
            "数值的单位（如“人”）与指标名称括号中的单位（如“万元”）不可比，判断时无法比较。请核对是数值还是名称写错了。",
            "The unit of the figure (e.g. 人) does not compare with the unit in the indicator name (e.g. 万元), so the figures cannot be compared. Check which of the two is wrong.",
            "≥95人\t\t月均支出（万元）", "target"),
    CodeDoc("GR109", W, "区间两端单位不可比", "Range ends in different units",
            "区间的两端用了不可比的单位（如 5人～10万元），这样的区间无法判断。请让两端使用同一类单位。",
            "The two ends of a range are in units that do not compare (e.g. 5人～10万元), so the range cannot be judged. Use one kind of unit for both ends.",
            "5人～10万元", "target"),
    CodeDoc("GR110", W, "指标值为空", "Empty value",
            "指标值或完成值没有填写。没有指标值的指标无法评价；请补填。",
            "The target or the actual value is empty. An indicator without a target cannot be evaluated; fill it in."),
    CodeDoc("GR111", W, "文字过长", "Text too long",
            "指标值超过 500 个字符，govrules 不做解析，按定性文字处理。指标值应是简短的目标，说明文字请放在备注中。",
            "The value is longer than 500 characters; govrules does not parse it and keeps it as qualitative text. A target should be short; put explanations in the remarks."),
    CodeDoc("GR112", W, "比较词与后缀方向矛盾", "Comparator contradicts its suffix",
            "同一个目标里比较词与后缀方向相反（如“不低于95%以下”）。govrules 按前面的比较词理解；请删去矛盾的部分。",
            "The comparator and the suffix point in opposite directions (e.g. “不低于95%以下”). govrules follows the comparator; remove the contradicting part.",
            "不低于95%以下", "target"),
    CodeDoc("GR113", E, "输入行不是 UTF-8 文本", "Input line is not UTF-8",
            "用 govrules target - 逐行读取时，某一行不是 UTF-8 编码的文字。该行单独报错，其余行照常处理；请把输入另存为 UTF-8。",
            "When govrules target - reads lines, one line is not UTF-8 text. That line gets an error record and the others are processed; save the input as UTF-8."),
    CodeDoc("GR114", W, "比率指标下的数值不像比率", "A rate indicator with a figure that is no rate",
            "指标名称表明是比率（名称以“率”结尾或单位为 %），数值却没有单位，按百分比读超过 1000%。多半是把金额或人数填进了比率栏（如预算执行率填了执行数 10625）。请改填比率。",
            "The indicator is a rate (its name ends in 率 or its unit is %), but the figure has no unit and, read as a percentage, is above 1000%. Most likely an amount or a count was put in the rate's cell (e.g. 10625, the amount spent, for 预算执行率). Write the rate.",
            "10625\t\t基本养老保险收入预算执行率", "target"),
    CodeDoc("GR115", I, "比较符号与后缀重复", "Comparator repeated by its suffix",
            "“≥95%以上”这样的写法，符号与后缀说的是同一件事。意思清楚，govrules 按 ≥95% 理解，仅作提示；标准写法只用其一。",
            "“≥95%以上” states the bound twice, with a symbol and a suffix. The meaning is clear and govrules reads ≥95%; this is only a note. The standard form uses one of the two.",
            "≥95%以上", "target"),
    CodeDoc("GR116", I, "“左右”（约数）未保留", "“About” (左右) dropped",
            "“60微克/立方米左右”这样的约数，govrules 按数值本身（60微克/立方米）理解和判断，仅作提示。需要容差时，请写成区间。",
            "An approximate figure such as “60微克/立方米左右” is read and judged as the figure itself (60微克/立方米); this is only a note. Where a tolerance is meant, write a range.",
            "控制在60微克/立方米左右", "target"),
    CodeDoc("GR117", I, "0 前的负号", "A minus sign before zero",
            "“-0%”中的负号对 0 没有意义，govrules 按 0% 理解。若想表示“越低越好”（反向指标），请写 ≤0% 或在规则中标明方向。",
            "The minus sign in “-0%” means nothing for zero; govrules reads 0%. For “lower is better” (a reverse indicator), write ≤0% or state the direction in the rules.",
            "-0%", "target"),
    CodeDoc("GR118", I, "从完成值文字中取出的数值", "A figure taken out of an actual's prose",
            "完成值是一句话，其中含有可读的数值（如“2020年末实际参保缴费人数32.68万人”）。govrules 取出该数值（32.68万人）与指标值比较，其余文字作为备注。请核对取出的数值是否正确。（指标值中的同类情况见 GR107。）",
            "The actual value is a sentence with a readable figure inside it (e.g. “2020年末实际参保缴费人数32.68万人”). govrules compares that figure (32.68万人) with the target and keeps the rest as a remark. Check that the figure taken is the right one. (The same in a target: GR107.)"),
    CodeDoc("GR119", W, "输入行的列数多于三列", "An input line with more than three columns",
            "用 govrules target - 逐行读取时，每行最多三列（指标值、完成值、指标名称，用制表符分隔）。多出的列被忽略并警告：多半是某个单元格里含有制表符，或列的顺序不对。",
            "When govrules target - reads lines, a line holds at most three tab-separated columns (target, actual, indicator name). Further columns are ignored with this warning: most likely a cell holds a tab, or the columns are out of place."),
    CodeDoc("GR120", W, "汉字数字紧挨阿拉伯数字", "A Chinese numeral glued to an Arabic figure",
            "“二100百分比”这样的写法，汉字数字紧挨着阿拉伯数字，多半是扫描识别把符号（如 =）认成了汉字。读成 2100% 或 100% 都是猜测，govrules 不猜，按定性文字处理并警告。",
            "In a text like “二100百分比” a Chinese numeral stands right before an Arabic figure, most likely a symbol (such as =) misread by OCR. Reading 2100% or 100% would be a guess; govrules keeps the text as qualitative and warns.",
            "二100百分比", "target"),
    CodeDoc("GR121", W, "缺了分隔符的日期", "Dates without their separators",
            "指标是时间（名称含“时间”“日期”“期限”等），指标值却是两个以年份开头、没有分隔符的数（如 20246-202516，原为 2024.6-2025.1.6）。govrules 不猜日期，按定性文字处理并警告。",
            "The indicator is a time (its name has 时间, 日期, 期限 …), but the value is two figures that begin with a year and have no separators (e.g. 20246-202516, from 2024.6-2025.1.6). govrules does not guess the dates; it keeps the text as qualitative and warns.",
            "20246-202516\t\t项目起止时间", "target"),
    # --- GR2xx submissions -----------------------------------------------------------
    CodeDoc("GR201", E, "无法读取填报文件", "Cannot read the submission file",
            "文件不存在、无权读取、超过大小上限或不是 UTF-8 编码。请检查路径，并把文件另存为 UTF-8。",
            "The file does not exist, cannot be read, is over the size limit or is not UTF-8. Check the path and save the file as UTF-8."),
    CodeDoc("GR202", E, "YAML 或 JSON 语法错误", "YAML or JSON syntax error",
            "文件不是合法的 YAML 或 JSON，通常是缩进不齐或冒号后缺少空格。按提示的行列修正。",
            "The file is not valid YAML or JSON, usually because of uneven indentation or a missing space after a colon. Fix it at the line and column shown.",
            "表类型: 绩效监控情况表\n项目名称: [未闭合\n", "submission"),
    CodeDoc("GR203", E, "文件内容不被允许", "Content refused for safety",
            "为安全起见，govrules 不接受 YAML 标签、锚点和别名（&、*），也不接受嵌套过深或数值过多的文件。请写成普通的“键: 值”。",
            "For safety govrules refuses YAML tags, anchors and aliases (&, *), and files nested too deeply or with too many values. Write plain “key: value” data.",
            "表类型: 绩效监控情况表\n项目名称: &a 示例\n", "submission"),
    CodeDoc("GR204", E, "缺少必填字段", "Required field missing",
            "表中缺少必须填写的字段（如项目名称、三级指标）。请补上该字段。",
            "A required field (such as 项目名称 or 三级指标) is missing. Add it.",
            "表类型: 绩效监控情况表\n监控时点: 2020年9月\n", "submission"),
    CodeDoc("GR205", E, "未知字段", "Unknown field",
            "表中有 govrules 不认识的字段名，多半是写错了字（提示会给出最接近的字段名），或同一字段用中英文写了两次。",
            "The file has a field name govrules does not know, usually a typo (the hint names the closest field), or one field given twice under its Chinese and English names.",
            "表类型: 绩效监控情况表\n项目名称: 示例\n监控时点: 2020年9月\n预算执数: 1\n", "submission"),
    CodeDoc("GR206", E, "取值无效", "Invalid value",
            "字段的取值类型不对，例如金额处写了文字、应为列表处写了单个值。按提示改为正确的类型。",
            "A field holds the wrong kind of value, e.g. text where an amount is needed, or one value where a list is needed. Change it as the hint says.",
            "表类型: 绩效监控情况表\n项目名称: 示例\n监控时点: 2020年9月\n预算:\n  预算数: 很多\n", "submission"),
    CodeDoc("GR207", E, "数值过大", "Number too large",
            "数值超出 govrules 接受的范围（防止异常数据拖垮计算）。请核对数值和金额单位。",
            "A number is beyond the range govrules accepts (so that bad data cannot stall the computation). Check the figure and its unit.",
            "表类型: 绩效监控情况表\n项目名称: 示例\n监控时点: 2020年9月\n预算:\n  预算数: 1" + "0" * 40 + "\n", "submission"),
    CodeDoc("GR208", E, "表类型缺失或无法识别", "Unknown or missing kind",
            "文件须写明表类型：绩效目标表、绩效监控情况表或绩效自评表。",
            "The file must say which kind of table it is: 绩效目标表, 绩效监控情况表 or 绩效自评表.",
            "表类型: 年报\n项目名称: 示例\n", "submission"),
    # --- GR3xx rule files: syntax ------------------------------------------------------
    CodeDoc("GR300", E, "无法读取规则文件", "Cannot read the rule file",
            "规则文件不存在、无权读取或不是 UTF-8 编码；或给出的目录中没有 .rules 文件。请检查路径，并把文件另存为 UTF-8。",
            "The rule file does not exist, cannot be read or is not UTF-8; or a directory given holds no .rules file. Check the path and save the file as UTF-8."),
    CodeDoc("GR301", E, "缺少“规则集”", "Missing “ruleset” line",
            "规则文件的第一条内容须是“规则集 名称”，说明这是哪一套规则。",
            "A rule file must begin with “规则集 NAME” (ruleset NAME), naming the rule set.",
            "设 a = 1\n", "rules"),
    CodeDoc("GR302", E, "“规则集”重复", "“ruleset” given twice",
            "一个文件只能有一行“规则集”。要写另一套规则，请另建文件。",
            "A file has exactly one “规则集” line. Put another rule set in its own file.",
            _HEAD + "规则集 又一个\n", "rules"),
    CodeDoc("GR303", E, "文件头写在了规则之后", "Header line after the rules",
            "适用于、有效期、版本、引用这些文件头须紧跟在“规则集”之后、任何规则之前。",
            "The header lines (适用于, 有效期, 版本, 引用) must follow “规则集” and come before any rule.",
            _HEAD + "设 a = 1\n版本 2\n", "rules"),
    CodeDoc("GR304", E, "缩进不一致", "Inconsistent indentation",
            "段落中的行须以相同数量的空格缩进；回退缩进时须回到上面已有的某一层。不要混用 Tab 和空格。",
            "The lines of a block are indented by the same number of spaces, and a line that steps back must line up with an enclosing block. Do not mix tabs and spaces.",
            _HEAD + "设 a:\n    真 => 1\n  否则 => 2\n", "rules"),
    CodeDoc("GR305", E, "引号没有闭合", "Unclosed quotation mark",
            "一段带引号的文字（理由、分档、文字值）缺少结尾的引号。引号须在同一行内闭合。",
            "A quoted text (a reason, a band, a text value) has no closing quotation mark. Close it on the same line.",
            _HEAD + "设 a = \"未闭合\n", "rules"),
    CodeDoc("GR306", E, "无法识别的字符", "Unexpected character",
            "规则中出现了语言不认识的字符（如货币符号）。名称只能由文字、数字和“·”组成；其他符号只能写在引号中的文字里。全角标点见 GR314。",
            "The rule contains a character the language does not know (such as a currency sign). Names are letters, digits and “·”; other symbols belong inside quoted text. For full-width punctuation see GR314.",
            _HEAD + "设 a = 1 ¥ 2\n", "rules"),
    CodeDoc("GR307", E, "这一行没有写完", "Incomplete line",
            "这一行在规则写完之前就结束了，例如括号没有闭合或运算符后面缺少数值。消息列出此处应写的内容。",
            "The line ends before the rule is complete, e.g. an unclosed bracket or an operator with nothing after it. The message lists what may come here.",
            _HEAD + "设 a = (1 +\n", "rules"),
    CodeDoc("GR308", E, "关键字后缺少空格", "No space after a keyword",
            "关键字（设、评分、扣 等）和后面的名称之间须有空格：写“设 时间进度”，不写“设时间进度”。",
            "A keyword (设, 评分, 扣, …) must be followed by a space before a name: write “设 时间进度”, not “设时间进度”.",
            _HEAD + "设时间进度 = 监控月份 / 12\n", "rules"),
    CodeDoc("GR309", E, "此处不应出现的内容", "Unexpected word or symbol",
            "在这个位置出现了语法不允许的词或符号。消息列出此处可以写什么；拼错的关键字（如把“评分”写成“评份”、“分”写成“份”）会提示最接近的写法，没加引号的文字会提示加引号。",
            "A word or symbol appears where the grammar does not allow it. The message lists what may come here; a misspelt keyword gets the closest spelling as a hint, and text without quotes is told to quote it.",
            _HEAD + "评份 x 满分 10:\n  得分 = 10\n", "rules"),
    CodeDoc("GR310", E, "一个评分段有多个“得分 =”", "Two “score =” in one section",
            "每个评分段只能有一个“得分 =”（公式或分档）；扣分规则另写。",
            "A section has at most one “得分 =” (a formula or bands); deductions are written separately.",
            _HEAD + "评分 x 满分 10:\n  得分 = 1\n  得分 = 2\n", "rules"),
    CodeDoc("GR311", E, "未知的严重性", "Unknown severity",
            "检查的严重性只能是 错误、警告 或 提示（error、warning、info）。",
            "A check's severity is one of 错误, 警告, 提示 (error, warning, info).",
            _HEAD + "检查 c 严重性 严重 当 真\n", "rules"),
    CodeDoc("GR312", E, "段落首行缺少“:”", "Missing “:” at the end of a block's first line",
            "评分段、分档和分情形定义的第一行须以半角冒号“:”结尾，下面的行缩进书写。例如“评分 预算执行 满分 20:”。",
            "The first line of a section, of bands or of cases ends with an ASCII colon “:”, and the lines under it are indented, e.g. “评分 预算执行 满分 20:”.",
            _HEAD + "评分 预算执行 满分 20\n  得分 = 20\n", "rules"),
    CodeDoc("GR313", E, "扣分数值后缺少“分”", "“分” missing after the points",
            "扣分规则写作“扣 5 分 当 条件”：数值后要写“分”。",
            "A deduction reads “扣 5 分 当 CONDITION” (deduct 5 points when …): the points are followed by 分.",
            _HEAD + "评分 x 满分 10:\n  扣 5 当 真\n", "rules"),
    CodeDoc("GR314", E, "全角标点", "Full-width punctuation",
            "规则中的冒号、括号、逗号、等号和运算符号须用半角（: ( ) , = < > + - * / %）。中文输入法下很容易打成全角（：（），＝）；消息会指出应写的半角符号。带引号的文字里可以用全角标点。",
            "Colons, brackets, commas, equals signs and operators in rules are ASCII (: ( ) , = < > + - * / %). A Chinese input method easily types them full-width (：（），＝); the message names the ASCII sign to write. Full-width punctuation is fine inside quoted text.",
            _HEAD + "设 a = 最大（1, 2)\n", "rules"),
    CodeDoc("GR315", E, "情形缺少“=>”", "Case without “=>”",
            "分情形定义的每一行写作“条件 => 结果”，最后一行“否则 => 结果”；分档写作“\"≥90%\" => 结果”。",
            "Each case reads “CONDITION => RESULT”, the last one “否则 => RESULT”; a band reads “\"≥90%\" => RESULT”.",
            _HEAD + "设 a:\n  真 => 1\n  否则 2\n", "rules"),
    CodeDoc("GR316", E, "定义中用了“==”", "“==” in a definition",
            "定义用一个等号：“设 a = 1”。“==” 只用于条件中的比较（也可以写一个“=”）。",
            "A definition uses one equals sign: “设 a = 1”. “==” is a comparison inside a condition (a single “=” works there too).",
            _HEAD + "设 a == 1\n", "rules"),
    CodeDoc("GR330", E, "引用的路径不允许", "Included path not allowed",
            "“引用”的路径须相对于本文件，且不能离开本文件所在的文件夹（不能是绝对路径，也不能用 .. 跳出）。把共用的规则文件放在同一文件夹或其子文件夹中。",
            "An included path is relative to the including file and stays within its folder (no absolute path, no .. leading out). Keep shared rule files in the same folder or below it."),
    CodeDoc("GR331", E, "循环引用文件", "Include cycle",
            "几个规则文件互相“引用”，形成循环。去掉其中一处引用；共用的定义放进一个自己不引用别的文件的文件。",
            "Rule files include each other in a cycle. Drop one include; put shared definitions in a file that includes nothing."),
    CodeDoc("GR332", E, "没有文件的规则文本不能引用", "Rule text without a file cannot include",
            "直接给出的规则文本（不是从文件读取的）无法确定“引用”的相对路径。请把规则保存为文件，再按文件路径读取。",
            "Rule text given directly (not read from a file) has no folder for the included paths to be relative to. Save the rules as a file and load it by its path."),
    CodeDoc("GR390", E, "无法安全地格式化", "Cannot be formatted safely",
            "govrules fmt 格式化后的文件必须与原文件含义相同、注释不丢。若做不到（例如名称写得像另一种语言的关键字），文件保持原样并报告此错误；请改写该名称。",
            "govrules fmt must give a file with the same meaning and every comment kept. Where it cannot (e.g. a name spelt like a keyword of the other language), the file is left as it is and this error is reported; rename it."),
    # --- GR4xx rule files: checks -------------------------------------------------------
    CodeDoc("GR401", E, "未知的名称", "Unknown name",
            "规则用到的名称既不是内置名称，也没有用“设”定义过。提示会给出最接近的名称；常见原因是错别字。",
            "A name is neither built in nor defined with “设”. The hint names the closest one; the usual cause is a typo.",
            _HEAD + "设 a = 预算树 / 12\n", "rules"),
    CodeDoc("GR402", E, "未知的函数", "Unknown function",
            "调用了不存在的函数。可用的函数见语言参考（平均、求和、计数、最小、最大、取整 等）。",
            "The function does not exist. See the language reference for the functions available (平均, 求和, 计数, 最小, 最大, 取整, …).",
            _HEAD + "设 a = 平局(1)\n", "rules"),
    CodeDoc("GR403", E, "函数参数个数不对", "Wrong number of arguments",
            "函数的参数个数不对；提示给出该函数的用法。",
            "The function is given the wrong number of arguments; the hint shows how it is used.",
            _HEAD + "设 a = 最小()\n", "rules"),
    CodeDoc("GR404", E, "重复定义或重定义内置名称", "Defined twice, or a built-in redefined",
            "同一个名称只能定义一次，且不能与内置名称（如 预算数、完成值）同名。请换一个名称或删去重复的定义。",
            "A name is defined once, and never with the name of a built-in (e.g. 预算数, 完成值). Rename it or remove the repeat.",
            _HEAD + "设 a = 1\n设 a = 2\n", "rules"),
    CodeDoc("GR405", E, "循环引用", "Definitions in a cycle",
            "几个定义互相引用，形成循环，无法算出结果。消息给出循环的路径；请打断其中一环。",
            "Definitions refer to each other in a cycle, so none can be computed. The message shows the cycle; break one link.",
            _HEAD + "设 a = b\n设 b = a\n", "rules"),
    CodeDoc("GR406", E, "这里需要单一数值", "One figure needed here",
            "这个名称每个指标各有一个值（如 完成值），但这里需要一个数。请用 平均()、求和()、计数() 汇总，或在规则前加“每个指标”。",
            "The name has one value per indicator (e.g. 完成值) but one figure is needed here. Aggregate it with 平均(), 求和(), 计数(), or write the rule with 每个指标 (each).",
            _HEAD + "设 a = 完成值\n", "rules"),
    CodeDoc("GR407", E, "单位不可比", "Units do not compare",
            "把不可比的量放在一起比较或相加，例如金额（万元）与比率（%）。请核对公式。",
            "Quantities that do not compare are compared or added, e.g. an amount (万元) and a rate (%). Check the formula.",
            _HEAD + "设 a = 预算数 > 95%\n", "rules"),
    CodeDoc("GR408", E, "扣分合计超过满分", "Deductions exceed the section's maximum",
            "一个评分段里可能同时发生的固定分值扣分加起来超过了该段满分。条件互相排斥、不会同时成立的扣分（如 执行率 < 60% 与 执行率 ≥ 60% 且 执行率 < 80%）不相加。得分不会低于 0，但这通常说明分值写错了；请调整扣分或满分。",
            "The fixed deductions of a section that can apply together add up to more than its maximum. Deductions whose conditions exclude each other (e.g. rate < 60% and rate ≥ 60% and rate < 80%) are not added up. Points never go below zero, but this usually means a figure is wrong; adjust the deductions or the maximum.",
            _HEAD + "评分 x 满分 10:\n  扣 6 分 当 真\n  扣 6 分 当 真\n", "rules"),
    CodeDoc("GR409", E, "无法识别的指标值写法", "Unreadable target text",
            "分档或“满足”后面的文字不是指标值语言能读懂的目标。请写成 ≥90%、80%～90%、<60 这样的形式。",
            "The text of a band or after 满足 (satisfies) is not a target the target language can read. Write e.g. ≥90%, 80%～90%, <60.",
            _HEAD + "设 a = 分档 监控月份:\n  \"很多\" => 1\n", "rules"),
    CodeDoc("GR410", E, "未知的格式", "Unknown format",
            "理由模板 {名称:格式} 中的格式不认识。可用：% %0 %1 %2 万元 .2 0。",
            "The format in a template field {name:format} is not known. Use one of: % %0 %1 %2 万元 .2 0.",
            _HEAD + "设 a = 1\n检查 c 严重性 警告 当 真 理由 \"{a:xx}\"\n", "rules"),
    CodeDoc("GR411", E, "未知的值类型", "Unknown kind of value",
            "“是 …”后面的值类型不认识。可用的类型见语言参考（数量、百分比、区间、时限、定性 等）。",
            "The kind after 是 (is) is not known. See the language reference for the kinds (数量, 百分比, 区间, 时限, 定性, …).",
            _HEAD + "设 a = 监控月份 是 东西\n", "rules"),
    CodeDoc("GR412", E, "同一规则集的版本有效期重叠", "Versions of one rule set overlap",
            "同一规则集（名称和适用的表类型都相同）的两个文件有效期重叠，或版本号相同，评价时无法确定该用哪一个。请调整有效期或版本号。",
            "Two files of one rule set (same name, same kind of submission) are in force over overlapping periods, or carry the same version, so it is unclear which one applies. Adjust the periods or the versions."),
    CodeDoc("GR413", E, "未知的表类型", "Unknown submission kind",
            "“适用于”后面须是 绩效目标表、绩效监控情况表 或 绩效自评表。",
            "“适用于” (applies) names one of 绩效目标表, 绩效监控情况表, 绩效自评表.",
            "规则集 示例\n适用于 年报\n", "rules"),
    CodeDoc("GR414", E, "“否则”不在最后", "“otherwise” not last",
            "情形按顺序尝试，“否则”总会成立，所以它后面的情形永远用不到。请把“否则”放在最后。",
            "Cases are tried in order and 否则 (otherwise) always applies, so cases after it are never used. Put 否则 last.",
            _HEAD + "设 a:\n  否则 => 1\n  真 => 2\n", "rules"),
    CodeDoc("GR420", W, "分档有空缺", "Bands leave a gap",
            "分档没有覆盖所有可能的数值：落在空缺中的数值不属于任何一档，得不出结果。消息给出空缺的范围；请补一档或调整端点（注意“≥”与“>”的区别）。",
            "The bands do not cover every value: a value in the gap falls in no band and gets no result. The message names the gap; add a band or move an end (mind ≥ versus >).",
            _HEAD + "设 a = 分档 监控月份:\n  \"≥9\" => 1\n  \"<6\" => 0\n", "rules"),
    CodeDoc("GR421", W, "分档重叠", "Bands overlap",
            "分档按顺序尝试，取第一个符合的。后一档与前面的档重叠时，重叠部分的数值永远落不到后一档；完全被覆盖的档永远用不到。消息给出这些数值；请调整端点。",
            "Bands are tried in order and the first that matches wins. Where a later band overlaps an earlier one, those values never reach the later band; a band covered entirely is never used. The message names the values; adjust the ends.",
            _HEAD + "设 a = 分档 监控月份:\n  \"≥6\" => 1\n  \"≥9\" => 2\n  \"<6\" => 0\n", "rules"),
    CodeDoc("GR422", W, "永远用不到的情形", "A case that never applies",
            "情形按顺序尝试，取第一个成立的。写在无条件情形（“真”）之后的情形，或条件与前面某一情形完全相同的情形，永远用不到。请删去或改写。",
            "Cases are tried in order and the first that holds wins. A case after an unconditional one (真), or with the same condition as an earlier case, never applies. Remove or rewrite it.",
            _HEAD + "设 a:\n  监控月份 > 6 => 1\n  监控月份 > 6 => 2\n  否则 => 0\n", "rules"),
    CodeDoc("GR423", W, "永远不会成立的扣分或检查", "A deduction or check that can never apply",
            "扣分或检查的条件永远不成立：条件是“假”，或对同一个名称提出了互相矛盾的要求（如 x < 5 且 x > 10）。请核对条件。",
            "The condition of a deduction or a check can never hold: it is 假 (false), or it asks contradictory things of one name (e.g. x < 5 且 x > 10). Check the condition.",
            _HEAD + "评分 x 满分 10:\n  扣 5 分 当 监控月份 < 5 且 监控月份 > 10\n", "rules"),
    CodeDoc("GR424", I, "定义没有被用到", "A definition is never used",
            "这个定义没有被任何评分、检查、核对、理由模板或其他定义用到。它仍会出现在评价结果中（可能是有意报告的数字），所以只作提示；若不需要，可以删去。",
            "No score, check, reconciliation, reason template or other definition uses this definition. It still appears in the results (it may be a figure reported on purpose), so this is only a note; remove it if it is not needed.",
            _HEAD + "设 没用到 = 1\n", "rules"),
    # --- GR5xx evaluation -------------------------------------------------------------
    CodeDoc("GR501", E, "没有可解释的项目", "Nothing to explain by that name",
            "govrules explain 的最后一个参数须是一个定义、评分段、扣分（段名#序号）、指标[序号].完成率 或 总分。消息列出可用的项目。",
            "The last argument of govrules explain names a definition, a section, a deduction (section#number), 指标[N].完成率 or 总分. The message lists what is available."),
    CodeDoc("GR502", E, "规则集不适用于此表", "Rule set does not apply to this table",
            "规则集写明了适用的表类型（适用于 …），而填报文件是另一种表。请选用适用于该表的规则集。",
            "The rule set says which kind of table it applies to, and the submission is another kind. Use a rule set written for this kind of table."),
    # --- GR6xx rule tests (govrules test) --------------------------------------------
    CodeDoc("GR600", E, "govrules 内部错误", "Internal error in govrules",
            "运行规则测试时 govrules 自身出错。这不是规则或测试文件的问题；请把测试文件和消息一起报告给维护者。",
            "govrules itself failed while running a rule test. This is not a problem of the rules or the test file; report it to the maintainers with the test file and the message."),
    CodeDoc("GR601", E, "测试文件中的未知键", "Unknown key in a test file",
            "规则测试文件中有不认识的键，多半是写错了字；提示给出最接近的键。未知的键不会被忽略。",
            "A rule test file has a key govrules does not know, usually a typo; the hint names the closest key. Unknown keys are never ignored."),
    CodeDoc("GR602", E, "测试文件中的取值类型不对", "Wrong kind of value in a test file",
            "测试文件中某个键的取值类型不对，例如应为数字处写了列表。按提示修改。",
            "A key of the test file holds the wrong kind of value, e.g. a list where a number is needed. Change it as the hint says."),
    CodeDoc("GR603", E, "测试文件中的键缺失或重复", "Key missing or repeated in a test file",
            "测试文件缺少必须的键（如 用例、预期），或同一个键用中英文写了两次。",
            "The test file lacks a required key (such as 用例 / cases, 预期 / expect), or gives one key twice under its Chinese and English names."),
    CodeDoc("GR604", E, "找不到测试引用的文件", "File named by a test not found",
            "测试文件提到的规则文件或填报表文件找不到或无法读取。路径相对于测试文件本身。",
            "A rule file or submission named by the test cannot be found or read. Paths are relative to the test file."),
    CodeDoc("GR605", E, "测试中提到的项目不存在", "Unknown item in a test",
            "预期中写了规则集里没有的数字、评分段、指标或解释项目，多半是名称写错了。",
            "The expectations name a figure, section, indicator or item the rule set does not have, usually a misspelt name."),
    CodeDoc("GR606", E, "指标名称不唯一", "Ambiguous indicator name",
            "填报表中有多个指标同名，按名称无法确定指哪一个。请改用 指标[序号] 指明。",
            "Several indicators of the submission share the name, so the name does not say which one. Use 指标[N] instead."),
)

CODES: dict[str, CodeDoc] = {d.code: d for d in sorted(_DOCS)}
