"""Find the tables in a grid by their labels, never by fixed positions.

A table is anchored on its indicator header row: a row with a name heading (三级指标,
指标名称) and a target heading (指标值, 年度指标值, 预期指标值（包含数字及文字描述）…).
Above it lies the table's header block, read as label–value pairs wherever they stand
(``项目名称 | …``, ``预算数: | 14158``, ``监控时点: 2020年9月`` in one cell, a column
heading with its value below); below it the indicator rows, until a blank row or a
footer label (``五、…偏差和采取的措施``, ``总分``); then the footer (its labels and
footnotes), up to the title or first label of the next table. Merged cells are
filled on purpose: a merged 一级/二级指标 cell gives its value to every row it covers,
and a value merged across several columns is read once, at its first cell. Empty
columns between labels and values (spacer columns) are skipped.

The result is the dict the YAML loader gives (Chinese keys, as in examples/), with the
cell of every field, so that the submission models validate it unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import Diagnostic
from ..messages import diagnostic
from .cells import Book, CellError, Sheet, Value
from .source import CellRef, TableSource

# --- labels -----------------------------------------------------------------------------

# Indicator headings → role. Keys are normalised (see _key): no spaces, no brackets' content.
COLUMN_LABELS: dict[str, str] = {
    "一级指标": "level1", "二级指标": "level2",
    "三级指标": "name", "指标名称": "name", "三级指标名称": "name", "绩效指标名称": "name",
    "指标值": "target", "年度指标值": "target", "预期指标值": "target", "目标值": "target", "年度目标值": "target",
    "指标目标值": "target", "全年指标值": "target", "计划指标值": "target", "预期目标值": "target",
    "完成值": "actual", "指标完成值": "actual", "实际完成值": "actual", "实际完成指标值": "actual", "实际值": "actual",
    "全年实际值": "actual", "实际完成情况": "actual", "截至目前完成值": "actual", "目前完成值": "actual",
    "指标完成率": "rate", "完成率": "rate",
    "分值": "points", "权重": "points", "指标分值": "points",
    "得分": "score", "自评得分": "score",
    "偏差原因分析及改进措施": "remark", "偏差原因分析": "remark", "改进措施": "remark", "备注": "remark",
    "说明": "remark", "未完成原因分析": "remark", "偏差原因": "remark",
    "编号": "number", "序号": "number",
    "指标内容": "name", "年初指标值": "target", "指标值及单位": "target", "年终完成值": "actual", "全年实际完成值": "actual",
    "自评分": "score", "未完成原因和改进措施": "remark", "全年完成值": "actual", "绩效标准": "remark",
    "指标性质": "sign", "指标方向": "sign", "符号": "sign", "度量单位": "unit", "计量单位": "unit", "单位": "unit",
}  # fmt: skip
# A target written over three cells (四川, 内蒙古 forms): 指标性质 ≥ | 指标值 90 | 度量单位 % → ≥90%.
SIGNS = {"=": "=", "＝": "=", "≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", ">": ">", "<": "<", "＞": ">", "＜": "<"}
NAME_LABELS = ("三级指标", "指标名称")
TARGET_LABELS = ("指标值", "年度指标值", "预期指标值", "目标值")
ROLE_KEYS = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "指标值", "actual": "完成值",
             "rate": "指标完成率", "points": "分值", "score": "得分", "number": "编号", "remark": "备注",
             "sign": "指标性质", "unit": "度量单位"}  # fmt: skip

# Header and footer labels → logical field, and whether its value may stand below it.
FIELD_LABELS: dict[str, tuple[str, bool]] = {
    "项目名称": ("project", False),
    "预算单位": ("unit", False), "填报单位": ("unit", False), "部门单位名称": ("unit", False), "实施单位": ("unit", False),
    "社会保险基金预算支出部门": ("unit", False), "部门": ("unit", False), "主管部门": ("unit2", False),
    "项目周期": ("period", False), "项目起止年限": ("period", False), "项目截至时间": ("period", False),
    "项目起止时间": ("period", False), "实施周期": ("period", False),
    "金额单位": ("amount_unit", False), "单位": ("amount_unit", False),
    "监控时点": ("checkpoint", False), "年度": ("year", False),
    "项目总体目标": ("goal", True), "总体目标": ("goal", True), "年度预期目标": ("goal", True), "预期目标": ("goal", True),
    "年度目标": ("goal", True), "年度绩效目标": ("goal", True),
    "中长期目标": ("mid_goal", True),
    "目前完成情况": ("achievement", True), "实际完成目标": ("achievement", True), "实际完成情况": ("achievement", True),
    "完成情况": ("achievement", True), "总体完成率": ("overall_rate", True),
    "绩效目标执行出现的偏差和采取的措施": ("deviation", False), "偏差和措施": ("deviation", False), "偏差说明": ("deviation", False),
    "完成目标可能性": ("likelihood", False), "报送日期": ("submitted_on", False), "填报日期": ("submitted_on", False),
    "项目类型": ("project_type", False), "中长期规划": ("plan", False), "资金管理办法": ("fund_rules", False),
    "绩效分配方式": ("allocation", False), "立项依据": ("basis", False), "使用范围": ("scope", False), "申报条件": ("eligibility", False),
    "预算数": ("budget", True), "全年预算数": ("budget", True), "调整后预算数": ("budget", True), "年初预算数": ("initial_budget", True),
    "到位数": ("received", True), "执行数": ("executed", True), "全年执行数": ("executed", True),
    "预算执行率": ("exec_rate", True), "执行率": ("exec_rate", True), "执行进度": ("exec_rate", True),
    "预算执行进度": ("exec_rate", True),
    "年度资金总额": ("total", False), "中长期资金总额": ("mid_total", False), "其他资金": ("other", False),
    "财政拨款": ("fiscal", False), "社保基金": ("fund", False),
    "项目年度目标": ("goal", True), "本年度绩效目标": ("goal", False), "实施期绩效目标": ("mid_goal", False),
    "年度目标完成情况": ("achievement", True), "全年实际完成情况": ("achievement", True),
    "转移支付名称": ("project", False), "项目支出名称": ("project", False), "预算部门": ("unit", False),
    "资金使用单位": ("unit", False), "地方主管部门": ("unit2", False), "项目支出实施期": ("period", False),
    "年初预算": ("initial_budget", True), "预算执行数": ("executed", True), "年度本级预算金额": ("total", False),
    "资金总额": ("total", False), "财政拨款小计": ("fiscal", False), "专项资金名称": ("project", False),
    "县级主管部门": ("unit2", False), "年初设定目标": ("goal", True),
}  # fmt: skip
MULTI = {"remark", "sign"}  # every heading of these roles is read (偏差原因分析 | 改进措施; 指标性质 | 指标方向)
AMOUNTS = {"budget", "initial_budget", "received", "executed", "fund_budget", "fund_executed", "total", "mid_total", "other", "fiscal", "fund"}
_AMOUNT = re.compile(r"^(-?[\d,，]+(?:\.\d+)?)\s*(?:万元|万)?$")
FOOTER_START = re.compile(r"^(总分|合计|总计|注[:：]|注\d|说明[:：]|备注[:：]|填表人|填报人|联系电话|审核人|单位负责人|处室领导|经办人|项目负责人|财务负责人|评价结论|存在问题)")
START_LABELS = {"项目名称", "预算单位", "部门单位名称", "填报单位", "社会保险基金预算支出部门", "主管部门", "实施单位"}
TITLE = re.compile(r"(绩效目标(申报)?表|绩效监控(情况)?表|自评表|绩效目标表|目标申报表)$")

PATHS = {
    "project": "项目名称", "unit": "预算单位", "unit2": "预算单位", "period": "项目周期", "amount_unit": "金额单位",
    "checkpoint": "监控时点", "year": "年度", "goal": "总体目标", "mid_goal": "中长期目标", "achievement": "完成情况",
    "overall_rate": "总体完成率", "deviation": "偏差和措施", "likelihood": "完成目标可能性", "submitted_on": "报送日期",
    "project_type": "项目类型", "plan": "中长期规划", "fund_rules": "资金管理办法", "allocation": "绩效分配方式",
    "basis": "立项依据", "scope": "使用范围", "eligibility": "申报条件",
    "budget": "预算.预算数", "initial_budget": "预算.年初预算数", "received": "预算.到位数", "executed": "预算.执行数",
    "exec_rate": "预算.预算执行率", "fund_budget": "预算.社保基金预算数", "fund_executed": "预算.社保基金执行数",
    "total": "资金.年度资金总额", "mid_total": "资金.中长期资金总额", "other": "资金.其他资金", "fiscal": "资金.财政拨款",
    "fund": "资金.社保基金",
}  # fmt: skip
_COMMON = {"project", "unit", "unit2", "period", "amount_unit", "year", "goal"}
_BUDGET = {"budget", "initial_budget", "received", "executed", "exec_rate", "fund_budget", "fund_executed"}
KIND_FIELDS = {
    "target_table": _COMMON | {"mid_goal", "project_type", "plan", "fund_rules", "allocation", "basis", "scope",
                               "eligibility", "total", "mid_total", "other", "fiscal", "fund"},
    "monitoring": _COMMON | _BUDGET | {"checkpoint", "achievement", "overall_rate", "deviation", "likelihood", "submitted_on"},
    "self_evaluation": _COMMON | _BUDGET | {"achievement", "overall_rate", "deviation"},
}  # fmt: skip
KIND_ZH = {"target_table": "绩效目标表", "monitoring": "绩效监控情况表", "self_evaluation": "绩效自评表"}
CHECKED = re.compile(r"([^\s□√☑■✓✔☐]+)\s*[√☑■✓✔]")
NUMBER = re.compile(r"^指标\s*(\d+)\s*[：:]?$")
_ENUM = re.compile(r"^([一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+[、.．](?!\d))")
_BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")


_PERIOD = re.compile(r"^(\d{1,2}[-—－~～至]\d{1,2}月(份)?|截[至止]\d{1,2}月(底|末)?|截[至止]目前|截[至止]监控时点)(?=.)")


def _key(text: str) -> str:
    """A label as compared: no spaces or enumeration, no brackets' content, no colon, and
    no period before it (1-6月执行数, 截至9月底实际完成值 are 执行数, 实际完成值)."""
    t = re.sub(r"\s+", "", text)
    t = _ENUM.sub("", t)
    t = _BRACKETS.sub("", t).rstrip(":：")
    return _PERIOD.sub("", t)


def _field_of(text: str) -> str | None:
    """The logical field a header label names, or None."""
    k = _key(text)
    if k in FIELD_LABELS:
        return FIELD_LABELS[k][0]
    if k.startswith("其中"):
        rest = k[2:].lstrip(":：")
        if "财政" in rest:
            return "fiscal"
        if "基金" in rest or "社保" in rest:
            return "fund_sub"
        if rest.startswith("其他"):
            return "other"
    if "偏差" in k and "措施" in k and len(k) <= 30:
        return "deviation"
    return None


def _is_label(text: str) -> bool:
    return _field_of(text) is not None or _key(text) in COLUMN_LABELS or _key(text).startswith("其中")


# --- the grid, merged cells filled ------------------------------------------------------------


class Grid:
    """A sheet with every cell's anchor: the first cell of its merged range, or itself."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.height = len(sheet.rows)
        self.width = max((len(r) for r in sheet.rows), default=0)
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self.extent: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in sheet.merges:
            r2, c2 = min(r2, self.height), min(c2, self.width)
            self.extent[(r1, c1)] = (r2, c2)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self.anchor[(r, c)] = (r1, c1)

    def raw(self, r: int, c: int) -> Value:
        if 1 <= r <= self.height:
            row = self.sheet.rows[r - 1]
            if 1 <= c <= len(row):
                return row[c - 1]
        return None

    def at(self, r: int, c: int) -> tuple[tuple[int, int], Value]:
        """The anchor of (r, c) and its value: a merged cell gives its value everywhere."""
        a = self.anchor.get((r, c), (r, c))
        return a, self.raw(*a)

    def end(self, a: tuple[int, int]) -> tuple[int, int]:
        return self.extent.get(a, a)

    def text(self, r: int, c: int) -> str:
        v = self.at(r, c)[1]
        return v.strip() if isinstance(v, str) else ""

    def own(self, r: int) -> list[tuple[int, Value]]:
        """The cells that begin in row r: (column, value), non-empty."""
        out = []
        for c in range(1, self.width + 1):
            a = self.anchor.get((r, c), (r, c))
            if a == (r, c):
                v = self.raw(r, c)
                if not _empty(v):
                    out.append((c, v))
        return out


NOTHING = {"", "—", "——", "-", "--", "－", "/", "／", "\\"}  # what a form shows in a cell left blank on purpose


def _empty(v: Value) -> bool:
    return v is None or (isinstance(v, str) and v.strip() in NOTHING)


def cell_text(v: Value) -> str | None:
    """A cell's value as the text a submission keeps."""
    if v is None or isinstance(v, CellError):
        return None
    if isinstance(v, str):
        return None if v.strip() in NOTHING else v.strip()
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    return v.isoformat()


# --- one table ---------------------------------------------------------------------------------


@dataclass
class Located:
    kind: str
    data: dict[str, Any]
    source: TableSource
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Header:
    row: int  # the header row
    bottom: int  # its last row (headings merged down, a row of sub-headings)
    spans: dict[str, list[tuple[int, int]]]  # role → (first col, last col) of each heading with that role
    heads: dict[int, str] = field(default_factory=dict)  # first col of a heading → its text


def find_headers(g: Grid) -> list[_Header]:
    out: list[_Header] = []
    r = 1
    while r <= g.height:
        spans: dict[str, list[tuple[int, int]]] = {}
        heads: dict[int, str] = {}
        bottom = r
        for c, v in g.own(r):
            if isinstance(v, str) and _key(v) in COLUMN_LABELS:
                role = COLUMN_LABELS[_key(v)]
                end = g.end((r, c))
                spans.setdefault(role, []).append((c, end[1]))
                heads[c] = _key(v)
                bottom = max(bottom, end[0])
        if "name" in spans and "target" in spans:
            for sub in range(r + 1, bottom + 1):  # sub-headings under a heading merged across
                for c, v in g.own(sub):
                    if isinstance(v, str) and _key(v) in COLUMN_LABELS:
                        spans.setdefault(COLUMN_LABELS[_key(v)], []).append((c, g.end((sub, c))[1]))
                        heads[c] = _key(v)
            out.append(_Header(r, bottom, spans, heads))
            r = bottom + 1
        else:
            r += 1
    return out


def _row_value(g: Grid, r: int, span: tuple[int, int]) -> tuple[tuple[int, int], Value] | None:
    """The first non-empty cell of row r whose anchor column lies in the span."""
    for c in range(span[0], span[1] + 1):
        a, v = g.at(r, c)
        if span[0] <= a[1] <= span[1] and not _empty(v):
            return a, v
    return None


def _stops(g: Grid, r: int) -> bool:
    """Whether row r ends the indicator rows: blank, a footer or a new table's first row."""
    own = g.own(r)
    if not any(not _empty(g.at(r, c)[1]) for c in range(1, g.width + 1)):
        return True
    if not own:
        return False
    first = own[0][1]
    if isinstance(first, str):
        k = _key(first)
        if FOOTER_START.match(re.sub(r"\s+", "", first)) or k in START_LABELS or TITLE.search(k) or k.startswith("附件"):
            return True
        if _field_of(first) in ("deviation", "likelihood", "submitted_on") or k in ("说明", "备注"):
            return True  # 说明 | 无 below the last indicator: a footer, not an indicator row
    return False


def _is_start(g: Grid, r: int) -> bool:
    """Whether row r begins a table's header block: a title, 附件N, or a first label."""
    own = g.own(r)
    if not own or not isinstance(own[0][1], str):
        return False
    k = _key(own[0][1])
    if k.startswith("附件") or k in START_LABELS or k.split(":")[0].split("：")[0] in START_LABELS:
        return True
    return len(own) == 1 and bool(TITLE.search(k))


def locate(book: Book) -> tuple[list[Located], list[Diagnostic]]:
    """Every table of every sheet, and a diagnostic for each non-empty sheet without one."""
    tables: list[Located] = []
    missing: list[Diagnostic] = []
    for sheet in book.sheets:
        g = Grid(sheet)
        headers = find_headers(g)
        if not headers:
            if any(g.own(r) for r in range(1, g.height + 1)):
                missing.append(_no_table(book.file, sheet.name))
            continue
        lasts = [_last_indicator_row(g, h) for h in headers]
        starts = [1]
        for i in range(1, len(headers)):
            s = next((r for r in range(lasts[i - 1] + 1, headers[i].row) if _is_start(g, r)), None)
            starts.append(s if s is not None else lasts[i - 1] + 1)
        for i, h in enumerate(headers):
            end = starts[i + 1] - 1 if i + 1 < len(headers) else g.height
            tables.append(_read_table(book.file, g, h, starts[i], lasts[i], end, i + 1))
    return tables, missing


def _no_table(file: str, sheet: str) -> Diagnostic:
    return diagnostic("GR224", path=f"{sheet}", sheet=sheet, name_labels="、".join(NAME_LABELS), target_labels="、".join(TARGET_LABELS))


def _last_indicator_row(g: Grid, h: _Header) -> int:
    r = h.bottom
    while r + 1 <= g.height and not _stops(g, r + 1):
        r += 1
    return r


def _read_table(file: str, g: Grid, h: _Header, first: int, last: int, end: int, index: int) -> Located:
    name = g.sheet.name
    cells: dict[str, CellRef] = {}
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    used: set[tuple[int, int]] = set()

    def ref(a: tuple[int, int]) -> CellRef:
        return CellRef(file, name, a[0], a[1])

    def take(path: str, a: tuple[int, int], v: Value) -> str | None:
        used.add(a)
        cells[path] = ref(a)
        if isinstance(v, CellError):
            errors.append(diagnostic("GR225", path=f"{ref(a).a1()} {path}", cell=ref(a).a1(), what_zh=v.zh, what_en=v.en))
            return None
        return cell_text(v)

    rows = list(range(h.bottom + 1, last + 1))
    spans = {role: _choose(g, options, rows) for role, options in h.spans.items() if role not in MULTI}
    multi = {role: options for role, options in h.spans.items() if role in MULTI}
    columns = {role: span[0] for role, span in spans.items()} | {role: options[0][0] for role, options in multi.items()}
    indicators: list[dict[str, Any]] = []
    indicator_rows: list[int] = []
    carry: dict[str, str] = {}
    for r in rows:
        row: dict[str, Any] = {}
        i = len(indicators)
        for role, span in spans.items():
            found = _row_value(g, r, span)
            if found is None:
                if role in ("level1", "level2") and role in carry:
                    row[ROLE_KEYS[role]] = carry[role]  # a blank level cell under a filled one: the same level (csv, flattened tables)
                continue
            a, v = found
            key = ROLE_KEYS[role]
            text = take(f"指标[{i}].{key}", a, v)
            if text is None:
                continue
            if role == "remark" and key in row:
                row[key] = f"{row[key]}；{text}"
                continue
            if role in ("level1", "level2", "name"):
                text = re.sub(r"\s*\n\s*", "", text)  # a heading broken over lines in its cell (Alt+Enter) is one name
            if role == "name":
                m = re.match(r"^指标\s*(\d+)\s*[：:]\s*(.+)$", text, re.S)
                if m:
                    row["编号"] = f"指标{m.group(1)}"
                    text = m.group(2).strip()
            row[key] = text
            if role in ("level1", "level2"):
                carry[role] = text
        remarks, sign = [], None
        for role, options in multi.items():
            for span in options:
                found = _row_value(g, r, span)
                if found is None:
                    continue
                text = take(f"指标[{i}].{h.heads.get(span[0], ROLE_KEYS[role])}", *found)
                if text is None:
                    continue
                if role == "sign" and sign is None and text.replace(" ", "") in SIGNS:
                    sign = SIGNS[text.replace(" ", "")]
                elif role == "sign":
                    remarks.append(f"{h.heads.get(span[0], '')}：{text}")
                else:
                    remarks.append(text)
        unit = row.pop("度量单位", None)
        if "指标值" in row and (sign or unit):
            if unit and _AMOUNT.match(unit):
                remarks.append(f"{h.heads.get(spans['unit'][0], '度量单位')}：{unit}")  # a figure where the unit belongs: said, not glued on
                unit = None
            row["指标值"] = f"{sign or ''}{row['指标值']}{unit or ''}"
        elif unit:
            remarks.append(f"{h.heads.get(spans['unit'][0], '度量单位')}：{unit}")
        if remarks:
            row["备注"] = "；".join(remarks)
        if "编号" not in row:
            for c in range(1, g.width + 1):
                a, v = g.at(r, c)
                if a[0] == r and isinstance(v, str) and NUMBER.match(v.strip()):
                    row["编号"] = f"指标{NUMBER.match(v.strip()).group(1)}"  # type: ignore[union-attr]
                    used.add(a)
                    break
        if "三级指标" not in row and "指标值" not in row:
            continue
        indicators.append(row)
        indicator_rows.append(r)
    # values in indicator rows under no heading: said, not dropped
    covered = {c for options in h.spans.values() for span in options for c in range(span[0], span[1] + 1)}
    stray: list[str] = []
    for r in indicator_rows:
        for c, v in g.own(r):
            if c not in covered and (r, c) not in used and not (isinstance(v, str) and NUMBER.match(v.strip())):
                stray.append(ref((r, c)).a1())
    if stray:
        warnings.append(not_read(stray[0], f"{_cells_text(stray)} 有数值，但所在的列没有可识别的表头", f"{_cells_text(stray)} hold values but their column has no heading govrules recognises",
                                 "请在该列补上表头（如“指标完成率”）", "give the column a heading (such as 指标完成率)"))  # fmt: skip

    head = _pairs(g, first, h.row - 1, used, cells, ref, errors)
    foot = _pairs(g, last + 1, end, used, cells, ref, errors)
    kind = _kind(g, first, h.row - 1, spans, head)
    data: dict[str, Any] = {"表类型": KIND_ZH[kind]}
    allowed = KIND_FIELDS[kind]
    unread: list[tuple[str, tuple[int, int]]] = []
    for field_name, (text, at, label) in {**foot, **head}.items():
        if field_name not in allowed:
            if at is not None and text:
                unread.append((label, at))
            continue
        path = PATHS[field_name]
        if field_name == "unit2" and "预算单位" in data:
            continue
        if field_name == "year":
            m = re.search(r"(\d{4})", text)
            if not m:
                continue
            text = m.group(1)
        if field_name in ("project_type", "allocation"):
            checked = CHECKED.findall(text)
            text = checked[0] if checked else text
        if field_name == "amount_unit":
            text = text.strip("()（）")
        _put(data, path, int(text) if field_name == "year" else text)
        if at is not None:
            cells[path] = ref(at)
    if "预算单位" not in data and "unit2" in head and "unit2" in allowed:
        _put(data, "预算单位", head["unit2"][0])
    if "年度" not in data:
        year = _year(g, first, h.row - 1) or (_year_of(str(data.get("监控时点", ""))) if kind == "monitoring" else None)
        if year:
            data["年度"] = year
    if "金额单位" not in data:
        unit = _unit(g, first, h.row - 1)
        if unit:
            data["金额单位"] = unit
    if indicators:
        data["指标"] = indicators
    notes = _footnotes(g, last + 1, end, used)
    if notes:
        data["备注"] = notes
    taken = {(c.row, c.col) for c in cells.values()}
    for label, a in unread:
        if a not in taken:
            warnings.append(not_read(ref(a).a1(), f"{ref(a).a1()} 的值写在“{label}”旁，但{KIND_ZH[kind]}没有这一项", f"the value at {ref(a).a1()} stands by “{label}”, which a {kind} has no field for",
                                     "请核对该值是否填错了位置", "check whether the value was put in the wrong place"))  # fmt: skip
    loose = [ref(a).a1() for a in _loose_numbers(g, first, h.row - 1, used)]
    if loose:
        warnings.append(not_read(loose[0], f"{_cells_text(loose)} 有数值，但没有可以读入的一项（不在可识别的标签旁，或这类表没有这一项）",
                                 f"{_cells_text(loose)} hold figures with no field to read them into (beside no label govrules recognises, or one this kind of table does not have)",
                                 "请核对该数值属于哪一栏，并补上标签", "check which heading the figure belongs to, and add it"))  # fmt: skip
    source = TableSource(file, name, index, first, end, columns, tuple(indicator_rows), cells)
    return Located(kind, data, source, warnings, errors)


def not_read(where: str, zh: str, en: str, hint_zh: str, hint_en: str) -> Diagnostic:
    """GR226: something in the file that is not read, said at its cell, never dropped silently."""
    return diagnostic("GR226", path=where, what_zh=zh, what_en=en, hint_zh=hint_zh, hint_en=hint_en)


def _cells_text(cells: list[str]) -> str:
    """自评表!H13、H14、H15 … (the sheet said once)."""
    shown = [cells[0], *(c.split("!", 1)[-1] for c in cells[1:8])]
    return "、".join(shown) + (f" 等 {len(cells)} 格" if len(cells) > 8 else "")


def _choose(g: Grid, options: list[tuple[int, int]], rows: list[int]) -> tuple[int, int]:
    """Of several headings with one role (a form with 中长期 and 年度 halves), the one whose
    column holds the most values; on a tie the rightmost (the 年度 half comes last)."""
    if len(options) == 1:
        return options[0]

    def filled(span: tuple[int, int]) -> int:
        n = 0
        for r in rows:
            found = _row_value(g, r, span)
            if found and not (isinstance(found[1], str) and NUMBER.match(found[1].strip())):
                n += 1
        return n

    return max(options, key=lambda s: (filled(s), s[0]))


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    if "." in path:
        group, key = path.split(".", 1)
        data.setdefault(group, {})[key] = value
    else:
        data[path] = value


def _spacers(g: Grid, first: int, last: int) -> set[int]:
    """Columns empty in every row of the block: skipped between a label and its value."""
    empty = set(range(1, g.width + 1))
    for r in range(first, last + 1):
        for c in list(empty):
            if not _empty(g.at(r, c)[1]):
                empty.discard(c)
    return empty


def _pairs(g: Grid, first: int, last: int, used: set[tuple[int, int]], cells: dict[str, CellRef], ref: Any, errors: list[Diagnostic]) -> dict[str, tuple[str, tuple[int, int] | None, str]]:
    """Label → value in a block of rows: the value to the right, else (for column headings) below."""
    found: dict[str, tuple[str, tuple[int, int] | None, str]] = {}  # field → (value, its cell, the label as written)
    if first > last:
        return found
    spacers = _spacers(g, first, last)
    inline: dict[str, tuple[str, tuple[int, int] | None, str]] = {}
    for r in range(first, last + 1):
        for c, v in g.own(r):
            if not isinstance(v, str):
                continue
            fname = _field_of(v)
            if fname is None:
                m = re.match(r"^\s*([^:：]{1,20})[:：]\s*(.+)$", v, re.S)
                if m and _field_of(m.group(1)) and not _is_label(m.group(2)):
                    inline.setdefault(_field_of(m.group(1)) or "", (m.group(2).strip(), (r, c), m.group(1).strip()))
                    used.add((r, c))
                continue
            used.add((r, c))
            if fname == "fund_sub":
                fname = _fund_context(g, r, c, first)
            if fname in found:
                continue
            end = g.end((r, c))
            value = _right(g, r, end[1] + 1, spacers, last)
            if value is None and FIELD_LABELS.get(_key(v), ("", False))[1]:
                value = _below(g, end[0] + 1, c, last)
            if value is None:
                if fname == "deviation":
                    found[fname] = ("", None, v.strip())
                continue
            if fname in AMOUNTS and value is not None and _amount(value[1]) is None and _heading(value[1]):
                # 年度资金总额 | 金额（万元）: a column heading, not the amount; the amount may stand below it
                below = _below(g, end[0] + 1, c, last) if FIELD_LABELS.get(_key(v), ("", False))[1] else None
                value = below if below is not None and _amount(below[1]) is not None else None
                if value is None:
                    continue
            a, val = value
            used.add(a)
            if fname in AMOUNTS and _amount(val) is not None:
                val = _amount(val)  # anything else goes on as written, and validation names its cell
            if isinstance(val, CellError):
                errors.append(diagnostic("GR225", path=f"{ref(a).a1()} {PATHS.get(fname, fname)}", cell=ref(a).a1(), what_zh=val.zh, what_en=val.en))
                continue
            text = cell_text(val)
            if text is not None:
                found[fname] = (text, a, re.sub(r"\s+", "", v).rstrip(":："))
    for fname, pair in inline.items():
        found.setdefault(fname, pair)
    return found


def _amount(v: Value) -> Value:
    """An amount as a cell may show it: 14158, 336,443, 3359.62万 (in a table in 万元); else None."""
    if isinstance(v, (Decimal, CellError)):
        return v
    if isinstance(v, str):
        m = _AMOUNT.match(v.strip())
        if m:
            return m.group(1).replace(",", "").replace("，", "")
    return None


def _heading(v: Value) -> bool:
    """Text that reads as a column heading (金额（万元）), not as a value someone typed."""
    return isinstance(v, str) and bool(re.search(r"金额|万元|单位|[（(].*[)）]", v))


def _right(g: Grid, r: int, c: int, spacers: set[int], last: int) -> tuple[tuple[int, int], Value] | None:
    while c <= g.width and c in spacers:
        c += 1
    if c > g.width:
        return None
    a, v = g.at(r, c)
    if _empty(v) or (isinstance(v, str) and _is_label(v)):
        return None
    return a, v


def _below(g: Grid, r: int, c: int, last: int) -> tuple[tuple[int, int], Value] | None:
    if r > last:
        return None
    a, v = g.at(r, c)
    if _empty(v) or (isinstance(v, str) and _is_label(v)):
        return None
    return a, v


def _fund_context(g: Grid, r: int, c: int, first: int) -> str:
    """其中：社会保险基金 under 预算数 is the fund's budget, under 执行数 its spending; elsewhere a fund."""
    for up in range(r - 1, max(first, r - 3) - 1, -1):
        for cc in range(max(1, c - 1), c + 2):
            f = _field_of(g.text(up, cc))
            if f == "budget":
                return "fund_budget"
            if f == "executed":
                return "fund_executed"
    return "fund"


def _kind(g: Grid, first: int, last: int, spans: dict[str, tuple[int, int]], head: dict[str, Any]) -> str:
    texts = [g.sheet.name, *g.sheet.titles]
    for r in range(first, last + 1):
        texts.extend(v for _, v in g.own(r) if isinstance(v, str))
    joined = "".join(_key(t) for t in texts)
    if "自评" in joined:
        return "self_evaluation"
    if "监控" in joined:
        return "monitoring"
    if re.search(r"目标(申报)?表", joined):
        return "target_table"
    if "actual" in spans and ("points" in spans or "score" in spans):
        return "self_evaluation"
    if "actual" in spans:
        return "monitoring"
    return "target_table"


def _year_of(text: str) -> int | None:
    m = re.search(r"(20\d{2})\s*年", text)
    return int(m.group(1)) if m else None


def _year(g: Grid, first: int, last: int) -> int | None:
    """The year of a title row: （2020年度）, 2020年…绩效目标表."""
    for t in [*g.sheet.titles, *(v for r in range(first, last + 1) for _, v in g.own(r) if isinstance(v, str))]:
        k = re.sub(r"\s+", "", t)
        m = re.search(r"(20\d{2})年度", k) or re.match(r"^[（(](20\d{2})年[）)]$", k) or (re.match(r"^(20\d{2})年", k) if TITLE.search(_key(k)) else None)
        if m:
            return int(m.group(1))
    return None


def _unit(g: Grid, first: int, last: int) -> str | None:
    """The amount unit of a heading such as 项目资金（万元）."""
    for r in range(first, last + 1):
        for _, v in g.own(r):
            if isinstance(v, str):
                m = re.search(r"[（(](?:单位[:：])?\s*(万元|元|亿元|千元)\s*[)）]", v)
                if m:
                    return m.group(1)
    return None


def _footnotes(g: Grid, first: int, last: int, used: set[tuple[int, int]]) -> list[str]:
    """Text below a table that no label claimed, one note per row (评价结论：…), never dropped;
    an empty signature line (项目负责人: …) is form furniture and gives no note."""
    notes = []
    for r in range(first, last + 1):
        texts = [v.strip() for c, v in g.own(r) if (r, c) not in used and isinstance(v, str) and v.strip() not in NOTHING]
        if not texts or all(re.fullmatch(r".{1,8}[:：]", t) or (FOOTER_START.match(t) and len(t) <= 4) for t in texts):
            continue
        if len(texts) > 1 and len(texts[0]) <= 8 and not texts[0].endswith((":", "：")):
            notes.append(f"{texts[0]}：{'；'.join(texts[1:])}")
        else:
            notes.append("；".join(texts))
    return notes


def _loose_numbers(g: Grid, first: int, last: int, used: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Figures in the header block that no label claimed."""
    out = []
    for r in range(first, last + 1):
        for c, v in g.own(r):
            if (r, c) in used:
                continue
            if isinstance(v, Decimal) or (isinstance(v, str) and re.fullmatch(r"-?[\d,.]+%?", v.strip())):
                out.append((r, c))
    return out
