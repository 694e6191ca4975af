"""``govrules test``: rule tests that policy staff can read and write.

A rule test is a YAML file named ``*.test.yaml``, kept beside the rule file it tests
(``rules/monitoring_review.test.yaml`` tests ``rules/monitoring_review.rules``). Each
case gives a submission and what the rules must make of it. Keys are Chinese, each with
one English alias; a misspelt key is an error (GR601, with “did you mean”), never ignored::

    规则: monitoring_review.rules      # rules — optional: by default the .rules file of the same name
    容差: 0.5%                         # tolerance — optional, for every case (see “Numbers” below)
    用例:                              # cases
      - 名称: 机关事业单位养老保险，总分 99        # name
        填报: ../examples/001_monitoring/01_机关事业单位养老保险.yaml
                                       # submission: a path relative to this file, or the
                                       # submission itself written out (表类型, 项目名称, …)
        容差: 0                        # tolerance — optional, for this case
        预期:                          # expect — only what is written here is checked
          总分: 99                     # total
          得分: {按时报送: 9}           # points, per section
          数值:                        # figures: a definition's value …
            总体完成率: 80%
            指标[3].完成率: 77%        # … or one indicator's: 指标[序号].名称 or 三级指标.名称
            参保缴费人数.完成率: 105%
            等级: 优                   # text and true/false values are compared as written
          扣分:                        # deductions: the complete list (or just how many: 扣分: 1)
            - 评分: 按时报送            #   section
              分值: 1                  #   points
              理由包含: 未注明报送日期   #   reason_contains: part of the reason
              指标: 指标[2]            #   indicator (deductions made per indicator)
          发现:                        # findings: the complete list, or how many
            - {检查: 缺少成本指标, 严重性: 警告, 理由包含: …}  # check, severity, indicator
          差异:                        # discrepancies: the complete list, or how many
            - {名称: 总体完成率, 状态: 不符, 报告值: 81%, 重算值: 86.45%, 指标: …}
                                       # name, status (不符/mismatch, 无法复核/unverified),
                                       # reported, recomputed
          不可计算:                    # not_computable: exactly these figures, sections or 总分
            - 指标[2].完成率            # could not be computed (in [a, b] form, quote names
                                       # with brackets: ["指标[2].完成率"])
          解释:                        # explanation: `govrules explain` of an item must contain
            按时报送#1: [扣 1 分, 未注明报送日期]  # these texts, in this order (rule files are
                                       # named relative to this test file)

Numbers: ``80%`` and ``0.8`` are the same number. Without a tolerance a number is
compared as written: ``80%`` passes for any figure that rounds (half up) to 80%,
``79.54%`` only for one that rounds to 79.54%. A tolerance (``容差: 0.5%``, or
``容差: 0`` for exact) replaces that with “differs by at most this much”.

Lists (扣分, 发现, 差异, 不可计算) are compared whole: each entry must match a different
actual one, and there must be no others. Mappings (得分, 数值, 解释) check only the
items they name.

Errors in a test file have codes GR601–GR606, a position (file:line:col) and a hint:
GR601 unknown key, GR602 wrong kind of value, GR603 missing or repeated key, GR604 a file
that cannot be found or read, GR605 an unknown figure, section, indicator or item,
GR606 an ambiguous indicator name.

``govrules test [PATH…]`` runs every ``*.test.yaml`` under the paths (default ``rules/``),
prints ✓ or ✗ per case and, for each failure, the expectation's position, expected vs
actual, and the explanation of the actual figure. ``--coverage`` lists, per rule file,
the rule lines no test exercised (see :mod:`govrules.tools.coverage`); ``--min-coverage N``
fails when any rule file is below N%. ``--update`` writes the actual values over the
expected ones that differ, keeping everything else in the file byte for byte, and prints
each change. Exit code: 0 when every case passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, GovrulesError, Severity, Span
from ..rules import runtime as rt
from ..rules.compile import RuleSet, load_rules
from ..rules.evaluate import Tracer, evaluate
from ..rules.explain import explain
from ..rules.names import round_half_up
from ..rules.results import Result
from ..submissions.load import PathKey, _NoAliasComposer, load_submission, read_data, validate_submission
from ..submissions.models import _Submission
from .coverage import Coverage, CoverageTracer

SUFFIX = ".test.yaml"

# canonical (English) key → Chinese key, per level of the file
TOP_KEYS = {"rules": "规则", "tolerance": "容差", "cases": "用例"}
CASE_KEYS = {"name": "名称", "submission": "填报", "tolerance": "容差", "expect": "预期"}
EXPECT_KEYS = {
    "total": "总分", "points": "得分", "figures": "数值", "deductions": "扣分", "findings": "发现",
    "discrepancies": "差异", "not_computable": "不可计算", "explanation": "解释",
}  # fmt: skip
DEDUCTION_KEYS = {"section": "评分", "points": "分值", "reason_contains": "理由包含", "indicator": "指标"}
FINDING_KEYS = {"check": "检查", "severity": "严重性", "indicator": "指标", "reason_contains": "理由包含"}
DISCREPANCY_KEYS = {"name": "名称", "status": "状态", "reported": "报告值", "recomputed": "重算值", "indicator": "指标"}
SEVERITIES = {"错误": "error", "警告": "warning", "提示": "info", "error": "error", "warning": "warning", "info": "info"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUSES = {"不符": "mismatch", "无法复核": "unverified", "mismatch": "mismatch", "unverified": "unverified"}
STATUS_ZH = {"mismatch": "不符", "unverified": "无法复核"}

_NUMBER = re.compile(r"^([+-]?\d+(?:\.(\d+))?)\s*([%％]?)$")
_INDEXED = re.compile(r"^指标\[(\d+)\]$")


# --- the test file, read and checked --------------------------------------------------


@dataclass(frozen=True)
class Num:
    """A number as written: ``80%`` is 0.80 written to 2 places (of the fraction)."""

    value: Decimal
    places: int
    percent: bool
    text: str

    def matches(self, actual: Decimal, tolerance: Decimal | None) -> bool:
        if tolerance is not None:
            return abs(actual - self.value) <= tolerance
        return bool(round_half_up(actual, self.places) == self.value)

    def like(self, actual: Decimal, tolerance: Decimal | None) -> str:
        """``actual`` written the way this number is, with as few places as make it match."""
        for places in range(self.places, self.places + 8):
            v = round_half_up(actual, places)
            if Num(v, places, self.percent, "").matches(actual, tolerance):
                break
        if self.percent:
            return f"{v * 100:.{max(places - 2, 0)}f}%"
        return f"{v:.{places}f}"


@dataclass(frozen=True)
class Expectation:
    """One checked item: ``kind`` is a key of EXPECT_KEYS; ``path`` where its value sits."""

    kind: str
    key: str  # section, figure or explanation item ("" for the whole-list kinds and 总分)
    value: Any
    path: PathKey


@dataclass(frozen=True)
class CaseSpec:
    name: str
    path: PathKey
    submission: str | dict[str, Any]
    submission_path: PathKey
    tolerance: Decimal | None
    expectations: tuple[Expectation, ...]


@dataclass
class TestFile:
    path: Path
    rules_path: Path
    cases: list[CaseSpec]
    marks: dict[PathKey, Any]
    lines: list[str]

    def span(self, path: PathKey) -> Span | None:
        mark = self.marks.get(path)
        return Span(str(self.path), mark.line + 1, mark.column + 1) if mark is not None else None

    def diag(self, code: str, zh: str, en: str, path: PathKey, hint: tuple[str, str] = ("", "")) -> Diagnostic:
        return _diagnostic(str(self.path), self.marks, self.lines, code, zh, en, path, hint)


def _diagnostic(file: str, marks: dict[PathKey, Any], lines: list[str], code: str, zh: str, en: str, path: PathKey, hint: tuple[str, str] = ("", "")) -> Diagnostic:
    p = path
    while p and p not in marks:
        p = p[:-1]
    mark = marks.get(p)
    span = Span(file, mark.line + 1, mark.column + 1) if mark is not None else Span(file, 1, 1)
    source = lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) and len(lines[mark.line]) <= 1000 else ""
    return Diagnostic(code, Severity.ERROR, zh, en, hint[0], hint[1], span, _path_text(path), source)


def _path_text(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Reader:
    """Checks the shape of a test file; collects every problem before giving up."""

    def __init__(self, file: str, marks: dict[PathKey, Any], lines: list[str]):
        self.file, self.marks, self.lines = file, marks, lines
        self.errors: list[Diagnostic] = []

    def error(self, code: str, zh: str, en: str, path: PathKey, hint: tuple[str, str] = ("", "")) -> None:
        self.errors.append(_diagnostic(self.file, self.marks, self.lines, code, zh, en, path, hint))

    def wrong(self, path: PathKey, zh: str, en: str) -> None:
        self.error("GR602", f"“{_path_text(path) or '文件'}”{zh}", f"“{_path_text(path) or 'the file'}” {en}", path)

    def mapping(self, data: Any, path: PathKey, keys: dict[str, str], required: Sequence[str] = ()) -> dict[str, tuple[Any, PathKey]]:
        if not isinstance(data, dict):
            self.wrong(path, "应为一组“键: 值”", "must be a mapping (key: value)")
            return {}
        out: dict[str, tuple[Any, PathKey]] = {}
        zh_to_en = {zh: en for en, zh in keys.items()}
        suggested: set[str] = set()
        for raw, value in data.items():
            canon = raw if raw in keys else zh_to_en.get(raw)
            here = (*path, raw)
            if canon is None:
                choices = [*keys.values(), *keys.keys()]
                close = difflib.get_close_matches(raw, choices, n=1, cutoff=0.5)
                if close:
                    suggested.add(zh_to_en.get(close[0], close[0]))
                    hint = (f"是否想写“{close[0]}”？", f"did you mean “{close[0]}”?")
                else:
                    hint = ("可用的键：" + "、".join(keys.values()), "keys allowed here: " + ", ".join(keys))
                self.error("GR601", f"未知的键“{raw}”", f"unknown key “{raw}”", here, hint)
            elif canon in out:
                self.error("GR603", f"“{keys[canon]}”（{canon}）写了两次", f"“{canon}” ({keys[canon]}) is given twice", here,
                           ("中文键和英文键只写一个", "write either the Chinese or the English key, not both"))  # fmt: skip
            else:
                out[canon] = (value, here)
        for r in required:
            if r not in out and r not in suggested:  # a misspelt key is reported once, as misspelt
                self.error("GR603", f"缺少“{keys[r]}”", f"“{keys[r]}” ({r}) is missing", path)
        return out

    def text(self, value: Any, path: PathKey) -> str | None:
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.wrong(path, "应为文字", "must be text")
        return None

    def number(self, value: Any, path: PathKey) -> Num | None:
        m = _NUMBER.match(value.strip()) if isinstance(value, str) else None
        if m is None:
            self.wrong(path, "应为数字（如 99、80%、0.5）", "must be a number (such as 99, 80%, 0.5)")
            return None
        d, places, percent = Decimal(m[1]), len(m[2] or ""), bool(m[3])
        if percent:
            d, places = d.scaleb(-2), places + 2
        return Num(d, places, percent, value.strip())

    def count_or_list(self, value: Any, path: PathKey) -> int | list[Any] | None:
        if isinstance(value, list):
            return value
        n = self.number(value, path) if isinstance(value, str) and _NUMBER.match(value.strip()) else None
        if n is not None and not n.percent and n.places == 0 and n.value >= 0:
            return int(n.value)
        self.wrong(path, "应为一个列表（每项以“- ”开头）或一个个数", "must be a list (items start with “- ”) or a count")
        return None

    def texts(self, value: Any, path: PathKey) -> list[str] | None:
        if not isinstance(value, list):
            self.wrong(path, "应为列表（每项以“- ”开头，或写成 [甲, 乙]）", "must be a list (items start with “- ”, or [a, b])")
            return None
        out = [self.text(v, (*path, i)) for i, v in enumerate(value)]
        return [t for t in out if t is not None] if None not in out else None

    def choice(self, value: Any, path: PathKey, choices: dict[str, str]) -> str | None:
        if isinstance(value, str) and value.strip() in choices:
            return choices[value.strip()]
        self.wrong(path, "应为 " + "、".join(c for c in choices if not c.isascii()), "must be one of " + ", ".join(c for c in choices if c.isascii()))
        return None


def load_test_file(path: str | Path) -> TestFile:
    """Read and check a ``*.test.yaml`` file; raises GovrulesError listing every problem."""
    p = Path(path)
    data, marks, lines = read_data(p)
    r = _Reader(str(p), marks, lines)
    top = r.mapping(data, (), TOP_KEYS, required=("cases",))
    tolerance = _tolerance(r, top.get("tolerance"))
    rules_path = p.with_name(p.name[: -len(SUFFIX)] + ".rules") if p.name.endswith(SUFFIX) else p.with_suffix(".rules")
    if "rules" in top:
        name = r.text(*top["rules"])
        if name is not None:
            rules_path = p.parent / name
    if not rules_path.is_file():
        where = top["rules"][1] if "rules" in top else ()
        r.error("GR604", f"找不到规则文件 {rules_path}", f"rule file {rules_path} not found", where,
                ("用“规则:”写出规则文件相对于本测试文件的路径", "give the rule file's path relative to this test file under “规则:” (rules)"))  # fmt: skip
    cases: list[CaseSpec] = []
    if "cases" in top:
        value, where = top["cases"]
        if not isinstance(value, list) or not value:
            r.wrong(where, "应为用例的列表（每个用例以“- 名称:”开头）", "must be a list of cases (each starting with “- 名称:”)")
        else:
            for i, raw in enumerate(value):
                case = _case(r, raw, (*where, i), tolerance)
                if case is not None:
                    cases.append(case)
    if r.errors:
        raise GovrulesError(sorted(r.errors, key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0)))
    return TestFile(p, rules_path, cases, marks, lines)


def _tolerance(r: _Reader, item: tuple[Any, PathKey] | None) -> Decimal | None:
    if item is None:
        return None
    n = r.number(*item)
    if n is not None and n.value < 0:
        r.wrong(item[1], "不能为负数", "cannot be negative")
    return n.value if n is not None else None


def _case(r: _Reader, raw: Any, path: PathKey, tolerance: Decimal | None) -> CaseSpec | None:
    before = len(r.errors)
    c = r.mapping(raw, path, CASE_KEYS, required=("name", "submission", "expect"))
    name = r.text(*c["name"]) if "name" in c else None
    submission: Any = None
    if "submission" in c:
        submission, sub_path = c["submission"]
        if isinstance(submission, str) and submission.strip():
            submission = submission.strip()
            if not (r.file and (Path(r.file).parent / submission).is_file()):
                r.error("GR604", f"找不到填报表文件 {submission}", f"submission file {submission} not found", sub_path,
                        ("路径相对于本测试文件", "the path is relative to this test file"))  # fmt: skip
        elif not isinstance(submission, dict):
            r.wrong(sub_path, "应为填报表文件的路径，或直接写出的填报表（键: 值）", "must be a submission file's path, or a submission written out (key: value)")
    case_tolerance = _tolerance(r, c["tolerance"]) if "tolerance" in c else tolerance
    expectations = _expectations(r, *c["expect"]) if "expect" in c else []
    if len(r.errors) > before or name is None:
        return None
    return CaseSpec(name, path, submission, c["submission"][1], case_tolerance, tuple(expectations))


def _expectations(r: _Reader, data: Any, path: PathKey) -> list[Expectation]:
    e = r.mapping(data, path, EXPECT_KEYS)
    out: list[Expectation] = []
    if not e and isinstance(data, dict) and not data:
        r.wrong(path, "是空的：至少写一项预期", "is empty: write at least one expectation")
    for kind, (value, where) in e.items():
        if kind == "total":
            n = r.number(value, where)
            if n is not None:
                out.append(Expectation(kind, "", n, where))
        elif kind in ("points", "figures"):
            items = value if isinstance(value, dict) else None
            if items is None:
                r.wrong(where, "应为一组“名称: 数值”", "must be a mapping (name: value)")
                continue
            for key, v in items.items():
                here = (*where, key)
                parsed: Any = r.number(v, here) if kind == "points" else _figure_value(r, v, here)
                if parsed is not None:
                    out.append(Expectation(kind, key, parsed, here))
        elif kind in ("deductions", "findings", "discrepancies"):
            got = r.count_or_list(value, where)
            if isinstance(got, list):
                keys = {"deductions": DEDUCTION_KEYS, "findings": FINDING_KEYS, "discrepancies": DISCREPANCY_KEYS}[kind]
                entries = [_entry(r, kind, item, (*where, i), keys) for i, item in enumerate(got)]
                out.append(Expectation(kind, "", entries, where))
            elif got is not None:
                out.append(Expectation(kind, "", got, where))
        elif kind == "not_computable":
            names = r.texts(value, where)
            if names is not None:
                out.append(Expectation(kind, "", names, where))
        elif kind == "explanation":
            if not isinstance(value, dict):
                r.wrong(where, "应为一组“项目: [文字, …]”", "must be a mapping (item: [text, …])")
                continue
            for key, v in value.items():
                lines = r.texts(v, (*where, key))
                if lines is not None:
                    out.append(Expectation(kind, str(key), lines, (*where, key)))
    return out


def _figure_value(r: _Reader, value: Any, path: PathKey) -> Num | bool | str | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return r.number(value, path)
    return r.text(value, path)


def _entry(r: _Reader, kind: str, item: Any, path: PathKey, keys: dict[str, str]) -> dict[str, Any]:
    m = r.mapping(item, path, keys)
    if isinstance(item, dict) and not item:
        r.wrong(path, "是空的", "is empty")
    out: dict[str, Any] = {}
    for key, (value, where) in m.items():
        if key in ("points", "reported", "recomputed"):
            out[key] = r.number(value, where)
        elif key == "severity":
            out[key] = r.choice(value, where, SEVERITIES)
        elif key == "status":
            out[key] = r.choice(value, where, STATUSES)
        else:
            out[key] = r.text(value, where)
    return out


# --- running a case -------------------------------------------------------------------

_KEEP = object()  # a failure --update cannot fix


@dataclass
class Failure:
    """One expectation not met: what was expected, what the rules gave, and why."""

    label: str
    expected: str
    actual: tuple[str, str]  # zh, en
    span: Span | None
    explanation: list[str] = field(default_factory=list)
    path: PathKey = ()
    new: Any = _KEEP  # the value --update writes at ``path``


@dataclass
class Outcome:
    case: CaseSpec
    failures: list[Failure] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "error" if self.errors else "failed" if self.failures else "passed"

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def render(self, lang: str = "zh") -> str:
        en = lang == "en"
        mark = {"passed": "✓", "failed": "✗", "error": "!"}[self.status]
        lines = [f"{mark} {self.case.name}"]
        for f in self.failures:
            where = f"{f.span}: " if f.span else ""
            if en:
                lines.append(f"    {where}{f.label}: expected {f.expected}, actual {f.actual[1]}")
            else:
                lines.append(f"    {where}{f.label}：预期 {f.expected}，实际 {f.actual[0]}")
            lines += ["        " + line for line in f.explanation]
        for d in self.errors:
            lines += ["    " + line for line in d.render(lang).splitlines()]
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.case.name, "status": self.status,
            "failures": [{"item": f.label, "expected": f.expected, "actual": {"zh": f.actual[0], "en": f.actual[1]},
                          "where": str(f.span) if f.span else None, "explanation": f.explanation} for f in self.failures],
            "errors": [d.to_json() for d in self.errors],
        }  # fmt: skip


class _CaseError(Exception):
    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)


def run_case(tf: TestFile, rules: RuleSet, case: CaseSpec, lang: str = "zh", tracer: Tracer | None = None, coverage: Coverage | None = None) -> Outcome:
    """Evaluate one case and compare; never raises (problems become the outcome's errors)."""
    out = Outcome(case)
    try:
        sub = _submission(tf, case)
        if coverage is not None:
            tracer = CoverageTracer()
        result = evaluate(rules, sub, tracer)
        if coverage is not None and isinstance(tracer, CoverageTracer):
            coverage.record(rules, result, tracer)
        run = _Run(tf, rules, case, sub, result, lang)
        for e in case.expectations:
            try:
                out.failures += run.check(e)
            except _CaseError as err:
                out.errors += err.diagnostics
    except GovrulesError as e:
        out.errors += e.diagnostics
    except _CaseError as err:
        out.errors += err.diagnostics
    except Exception as e:  # a bug in govrules: reported with the case, without a traceback
        if os.environ.get("GOVRULES_DEBUG"):
            raise
        out.errors.append(tf.diag("GR600", f"govrules 内部错误（请报告此问题）：{type(e).__name__}: {e}",
                                  f"internal error in govrules (please report): {type(e).__name__}: {e}", case.path))  # fmt: skip
    return out


def _submission(tf: TestFile, case: CaseSpec) -> _Submission:
    if isinstance(case.submission, str):
        return load_submission(tf.path.parent / case.submission)
    n = len(case.submission_path)
    marks = {k[n:]: m for k, m in tf.marks.items() if k[:n] == case.submission_path}
    try:
        return validate_submission(case.submission, source=str(tf.path), marks=marks, lines=tf.lines)
    except GovrulesError as e:  # a problem of the whole inline submission (no 表类型) has no field to point at: point at 填报
        raise GovrulesError([d if d.span else tf.diag(d.code, d.zh, d.en, case.submission_path, (d.hint_zh, d.hint_en)) for d in e.diagnostics]) from None


class _Run:
    """One evaluated case: compares each expectation with the result."""

    def __init__(self, tf: TestFile, rules: RuleSet, case: CaseSpec, sub: _Submission, result: Result, lang: str):
        self.tf, self.rules, self.case, self.sub, self.result, self.lang = tf, rules, case, sub, result, lang
        self.tol = case.tolerance

    def fail(self, e: Expectation, label: str, expected: str, actual: tuple[str, str], item: str | Iterable[str] | None, new: Any = _KEEP) -> Failure:
        items = [item] if isinstance(item, str) else list(item or [])
        lines = [line for i in items for line in self.explain(i)]
        return Failure(label, expected, actual, self.tf.span(e.path), lines, e.path, new)

    def explain(self, item: str) -> list[str]:
        try:
            return explain(self.rules, self.sub, item, self.lang)
        except GovrulesError:
            return []

    def unknown(self, e: Expectation, what: tuple[str, str], name: str, known: Iterable[str]) -> _CaseError:
        known = list(known)
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.4)
        hint = (f"是否想写“{close[0]}”？", f"did you mean “{close[0]}”?") if close else ("可用：" + "、".join(known[:12]), "known: " + ", ".join(known[:12]))
        return _CaseError([self.tf.diag("GR605", f"没有{what[0]}“{name}”", f"no {what[1]} called “{name}”", e.path, hint)])

    # -- numbers -------------------------------------------------------------------------

    def number(self, e: Expectation, label: str, expected: Num, actual: Decimal | None, why: tuple[str, str] | None, item: str) -> list[Failure]:
        if actual is None:
            why = why or ("", "")
            return [self.fail(e, label, expected.text, (f"无法计算（{why[0]}）", f"not computable ({why[1]})"), item)]
        if expected.matches(actual, self.tol):
            return []
        shown = rt.fmt(actual, "%" if expected.percent else "")
        return [self.fail(e, label, expected.text, (shown, shown), item, _Raw(expected.like(actual, self.tol)))]

    def check(self, e: Expectation) -> list[Failure]:
        return getattr(self, "check_" + e.kind)(e)  # type: ignore[no-any-return]

    def check_total(self, e: Expectation) -> list[Failure]:
        return self.number(e, "总分", e.value, self.result.total, ("有评分段无法计算", "a section could not be computed"), "总分")

    def check_points(self, e: Expectation) -> list[Failure]:
        s = next((s for s in self.result.sections if s.name == e.key), None)
        if s is None:
            raise self.unknown(e, ("评分段", "section"), e.key, [x.name for x in self.result.sections])
        return self.number(e, f"得分.{e.key}", e.value, s.points, (s.reason or "", s.reason or ""), e.key)

    def check_figures(self, e: Expectation) -> list[Failure]:
        item, fig = self.figure(e, e.key)
        label = f"数值.{e.key}"
        if not fig.computable:
            return [self.fail(e, label, _show(e.value), (f"无法计算（{fig.reason}）", f"not computable ({fig.reason_en})"), item)]
        if isinstance(e.value, Num):
            try:
                actual = Decimal(str(fig.value)) if fig.value is not None and not isinstance(fig.value, bool) else None
            except ArithmeticError:
                actual = None
            if actual is None:
                return [self.fail(e, label, e.value.text, (fig.display, fig.display), item, fig.value)]
            return self.number(e, label, e.value, actual, None, item)
        if isinstance(e.value, bool):
            if fig.value is e.value:
                return []
            return [self.fail(e, label, _show(e.value), (fig.display, fig.display), item, fig.value)]
        if e.value in (fig.value, fig.display):
            return []
        return [self.fail(e, label, e.value, (fig.display, fig.display), item, fig.value)]

    def figure(self, e: Expectation, name: str) -> tuple[str, Any]:
        """``总体完成率``, ``指标[3].完成率`` or ``参保缴费人数.完成率`` → (explain item, Figure)."""
        if name in self.result.figures:
            return name, self.result.figures[name]
        head, _, tail = name.rpartition(".")
        each = [n for n, d in self.rules.definitions.items() if d.each]
        if head and tail in each:
            i = self.indicator(e, head)
            return f"指标[{i}].{tail}", self.result.indicators[i].values[tail]
        known = [*self.result.figures, *(f"指标[0].{n}" for n in each)]
        raise self.unknown(e, ("数值", "figure"), name, known)

    def indicator(self, e: Expectation, ref: str) -> int:
        """``指标[3]`` or a 三级指标 name → the indicator's index."""
        m = _INDEXED.match(ref)
        if m:
            i = int(m[1])
            if i < len(self.sub.indicators):
                return i
            raise _CaseError([self.tf.diag("GR605", f"没有 {ref}：填报表只有 {len(self.sub.indicators)} 个指标",
                                           f"no {ref}: the submission has {len(self.sub.indicators)} indicators", e.path)])  # fmt: skip
        found = [i for i, ind in enumerate(self.sub.indicators) if ind.name == ref]
        if len(found) == 1:
            return found[0]
        if found:
            raise _CaseError([self.tf.diag("GR606", f"有 {len(found)} 个指标名为“{ref}”", f"{len(found)} indicators are called “{ref}”", e.path,
                                           (f"改用序号，如 指标[{found[0]}]", f"use the index instead, e.g. 指标[{found[0]}]"))])  # fmt: skip
        raise self.unknown(e, ("指标", "indicator"), ref, [ind.name for ind in self.sub.indicators])

    def indicator_name(self, index: int) -> str:
        """How --update writes an indicator: by its name when that is unique, else 指标[n]."""
        name = self.sub.indicators[index].name
        return name if sum(1 for ind in self.sub.indicators if ind.name == name) == 1 else f"指标[{index}]"

    def path_ref(self, path: str | None) -> str | None:
        m = _INDEXED.match(path or "")
        return self.indicator_name(int(m[1])) if m else None

    # -- lists --------------------------------------------------------------------------

    def whole_list(self, e: Expectation, label: str, actual: list[Any], matches: Any, show: Any, entry: Any, items: Any) -> list[Failure]:
        if isinstance(e.value, int):
            if len(actual) == e.value:
                return []
            shown = "、".join(show(a) for a in actual) or "无"
            return [self.fail(e, label, str(e.value), (f"{len(actual)}（{shown}）", f"{len(actual)} ({shown})"), items(actual), _Raw(str(len(actual))))]
        unused = list(actual)
        missing = []
        for exp in e.value:
            hit = next((a for a in unused if matches(exp, a)), None)
            if hit is None:
                missing.append(exp)
            else:
                unused.remove(hit)
        if not missing and not unused:
            return []
        expected = "；".join(_show_entry(x) for x in e.value) or "无"
        zh = "；".join(show(a) for a in actual) or "无"
        extra = [f"未找到：{_show_entry(x)}" for x in missing] + [f"多出：{show(a)}" for a in unused]
        failure = self.fail(e, label, f"[{expected}]", (zh, zh), items(missing + unused), [entry(a) for a in actual])
        failure.explanation = extra + failure.explanation
        return [failure]

    def has(self, expected: dict[str, Any], key: str, actual: Any) -> bool:
        return key not in expected or expected[key] == actual

    def contains(self, expected: dict[str, Any], text: str) -> bool:
        return "reason_contains" not in expected or expected["reason_contains"] in text

    def same_indicator(self, expected: dict[str, Any], path: str | None) -> bool:
        if "indicator" not in expected:
            return True
        want: str = expected["indicator"]
        if _INDEXED.match(want):
            return path == want
        return path is not None and self.sub.indicators[int(path[3:-1])].name == want

    def check_deductions(self, e: Expectation) -> list[Failure]:
        actual = [d for s in self.result.sections for d in s.deductions]

        def matches(x: dict[str, Any], d: Any) -> bool:
            return (self.has(x, "section", d.section) and ("points" not in x or x["points"].matches(d.points, self.tol))
                    and self.contains(x, d.reason) and self.same_indicator(x, d.indicator))  # fmt: skip

        def show(d: Any) -> str:
            return f"{d.section} 扣 {rt.fmt(d.points)} 分：{d.reason}" + (f"（{d.indicator}）" if d.indicator else "")

        def entry(d: Any) -> dict[str, Any]:
            out = {"评分": d.section, "分值": _Raw(rt.fmt(d.points)), "理由包含": d.reason}
            return out | ({"指标": self.path_ref(d.indicator)} if d.indicator else {})

        def items(ds: list[Any]) -> list[str]:
            names = {d.section if not isinstance(d, dict) else d.get("section") for d in ds} - {None}
            return [s.name for s in self.result.sections if s.name in names or not names and s.deductions]

        return self.whole_list(e, "扣分", actual, matches, show, entry, items)

    def check_findings(self, e: Expectation) -> list[Failure]:
        def matches(x: dict[str, Any], f: Any) -> bool:
            return self.has(x, "check", f.check) and self.has(x, "severity", f.severity) and self.contains(x, f.message) and self.same_indicator(x, f.path)

        def show(f: Any) -> str:
            return f"{SEVERITY_ZH[f.severity]} {f.check}：{f.message}  ({f.rule})"

        def entry(f: Any) -> dict[str, Any]:
            out = {"检查": f.check, "严重性": SEVERITY_ZH[f.severity]}
            return out | ({"指标": self.path_ref(f.path)} if f.path else {}) | {"理由包含": f.message.split("：", 1)[-1] if f.path else f.message}

        return self.whole_list(e, "发现", list(self.result.findings), matches, show, entry, lambda _: [])

    def check_discrepancies(self, e: Expectation) -> list[Failure]:
        def matches(x: dict[str, Any], d: Any) -> bool:
            return (self.has(x, "name", d.name.split("（")[0]) and self.has(x, "status", d.status) and self.same_indicator(x, d.path)
                    and _num_ok(x.get("reported"), d.reported, self.tol) and _num_ok(x.get("recomputed"), d.recomputed, self.tol))  # fmt: skip

        def show(d: Any) -> str:
            return f"{d.message}  ({d.rule})"

        def entry(d: Any) -> dict[str, Any]:
            out: dict[str, Any] = {"名称": d.name.split("（")[0], "状态": STATUS_ZH[d.status]}
            if d.path:
                out["指标"] = self.path_ref(d.path)
            for key, value in (("报告值", d.reported), ("重算值", d.recomputed)):
                if value is not None:
                    out[key] = _Raw(rt.fmt(Decimal(value), "%"))
            return out

        def items(ds: list[Any]) -> list[str]:
            return [f"{d.path}.{d.name.split('（')[0]}" if d.path else d.name for d in ds if not isinstance(d, dict)]

        return self.whole_list(e, "差异", list(self.result.discrepancies), matches, show, entry, items)

    def not_computable_now(self) -> list[str]:
        out = [n for n, f in self.result.figures.items() if not f.computable]
        out += [f"指标[{ind.index}].{n}" for ind in self.result.indicators for n, f in ind.values.items() if not f.computable]
        out += [s.name for s in self.result.sections if s.points is None]
        return out + (["总分"] if self.result.total is None else [])

    def check_not_computable(self, e: Expectation) -> list[Failure]:
        sections = {s.name for s in self.result.sections}
        expected = []
        for name in e.value:
            expected.append(name if name in sections or name == "总分" else self.figure(e, name)[0])
        actual = self.not_computable_now()
        missing, extra = [n for n in expected if n not in actual], [n for n in actual if n not in expected]
        if not missing and not extra:
            return []
        written = [_readable(self, n) for n in actual]
        f = self.fail(e, "不可计算", "[" + "、".join(e.value) + "]", ("[" + "、".join(written) + "]",) * 2, missing + extra, written)
        f.explanation = [f"未能计算却未列出：{n}" for n in extra] + [f"列出了却能计算：{n}" for n in missing] + f.explanation
        return [f]

    def check_explanation(self, e: Expectation) -> list[Failure]:
        try:
            lines = explain(self.rules, self.sub, e.key, "zh")
        except GovrulesError as err:
            raise _CaseError([self.tf.diag(d.code, d.zh, d.en, e.path, (d.hint_zh, d.hint_en)) for d in err.diagnostics]) from None
        here = os.path.relpath(self.rules.path, self.tf.path.parent)
        lines = [line.replace(self.rules.path, here) for line in lines]
        at = 0
        for want in e.value:
            found = next((k for k in range(at, len(lines)) if want in lines[k]), None)
            if found is None:
                f = self.fail(e, f"解释.{e.key}", f"…{want}…", ("（见下）", "(see below)"), None, [line.strip() for line in lines])
                f.explanation = lines
                return [f]
            at = found + 1
        return []


def _readable(run: _Run, name: str) -> str:
    m = re.match(r"^指标\[(\d+)\]\.(.+)$", name)
    return f"{run.indicator_name(int(m[1]))}.{m[2]}" if m else name


def _num_ok(expected: Num | None, actual: str | None, tolerance: Decimal | None) -> bool:
    if expected is None:
        return True
    return actual is not None and expected.matches(Decimal(actual), tolerance)


def _show(value: Any) -> str:
    if isinstance(value, Num):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_ENTRY_ZH = DEDUCTION_KEYS | FINDING_KEYS | DISCREPANCY_KEYS


def _show_entry(x: dict[str, Any]) -> str:
    zh = SEVERITY_ZH | STATUS_ZH
    return "{" + ", ".join(f"{_ENTRY_ZH[k]}: {zh.get(v, _show(v)) if isinstance(v, str) else _show(v)}" for k, v in x.items()) + "}"


# --- a run over files -----------------------------------------------------------------


@dataclass
class FileRun:
    path: Path
    rules: str | None = None
    errors: list[Diagnostic] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    test_file: TestFile | None = None

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "rules": self.rules, "errors": [d.to_json() for d in self.errors], "cases": [o.to_json() for o in self.outcomes]}


def find_test_files(paths: Sequence[str | Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Test files under ``paths``: a folder is searched for *.test.yaml, a rule file stands for
    the test file beside it, any other file is taken as a test file."""
    found: list[Path] = []
    errors = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found += sorted(p.rglob("*" + SUFFIX))
        elif p.suffix == ".rules" and p.with_name(p.stem + SUFFIX).is_file():  # a rule file: its tests
            found.append(p.with_name(p.stem + SUFFIX))
        elif p.suffix == ".rules" and p.is_file():
            errors.append(Diagnostic("GR604", Severity.ERROR, f"规则文件 {p} 没有测试（{p.stem + SUFFIX}）", f"the rule file {p} has no tests ({p.stem + SUFFIX})", span=Span(str(p), 1, 1)))
        elif p.is_file():
            found.append(p)
        else:
            errors.append(Diagnostic("GR604", Severity.ERROR, f"找不到 {p}", f"{p} not found", span=Span(str(p), 1, 1)))
    return list(dict.fromkeys(found)), errors


def run_file(path: str | Path, lang: str = "zh", coverage: Coverage | None = None) -> FileRun:
    """Load and run one test file; problems become the run's errors, never exceptions."""
    run = FileRun(Path(path))
    try:
        tf = load_test_file(path)
        run.test_file, run.rules = tf, str(tf.rules_path)
        rules = load_rules(tf.rules_path)
    except GovrulesError as e:
        run.errors += e.diagnostics
        return run
    if coverage is not None:
        coverage.add_rules(rules)
    run.outcomes = [run_case(tf, rules, case, lang, coverage=coverage) for case in tf.cases]
    return run


# --- --update -------------------------------------------------------------------------


class _Raw(str):
    """A number written as is (``99``, ``86%``), not quoted."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_raw(dumper: yaml.SafeDumper, value: _Raw) -> yaml.Node:
    tag = "tag:yaml.org,2002:int" if re.fullmatch(r"-?\d+", value) else "tag:yaml.org,2002:float" if _NUMBER.match(value) and "%" not in value else "tag:yaml.org,2002:str"
    return dumper.represent_scalar(tag, str(value))


_Dumper.add_representer(_Raw, _represent_raw)


def _dump(value: Any, flow: bool) -> str:
    if isinstance(value, _Raw):
        return str(value)
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=10**6)
    return text.removesuffix("\n").removesuffix("\n...").rstrip("\n")


def _node_at(root: yaml.Node, path: PathKey) -> yaml.Node | None:
    node: Any = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    return node  # type: ignore[no-any-return]


def _end(node: yaml.Node) -> int:
    """Where a node's own text ends (a block collection's end mark lies on the next line)."""
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _end(last[1] if isinstance(last, tuple) else last)
    return int(node.end_mark.index)


def update_file(run: FileRun, lang: str = "zh") -> list[str]:
    """Write the actual values over the expected ones that differ; the changes, one line each.

    Everything else in the file (comments, key order, quoting, blank lines) is kept byte
    for byte: each changed value is replaced where it stands, found by its position."""
    tf = run.test_file
    if tf is None:
        return []
    with open(tf.path, encoding="utf-8", newline="") as stream:  # line endings and a BOM stay as they are
        text = stream.read()
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom):]
    loader = _NoAliasComposer(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if root is None:
        return []
    edits: list[tuple[int, int, str]] = []
    changes: list[str] = []
    for outcome in run.outcomes:
        for f in outcome.failures:
            node = _node_at(root, f.path) if f.new is not _KEEP else None
            if node is None:
                why = "not updated: the actual value cannot be written here, edit by hand" if lang == "en" else "未改写：实际值无法写在这里，请手工处理"
                changes.append(f"{f.span}: {outcome.case.name}：{f.label}  {why}")
                continue
            start, end = int(node.start_mark.index), _end(node)
            old = text[start:end]
            if isinstance(node, yaml.ScalarNode) and not isinstance(f.new, list):
                new = _dump(f.new, True)
                if node.style in ("'", '"') and isinstance(f.new, _Raw):
                    new = node.style + new + node.style
            elif isinstance(node, yaml.SequenceNode) and isinstance(f.new, list):
                flow = bool(node.flow_style) or not f.new
                new = _dump(f.new, flow) if flow else _dump(f.new, False).replace("\n", "\n" + " " * node.start_mark.column)
                if not flow and not node.value:
                    continue
            else:
                continue
            edits.append((start, end, new))
            changes.append(f"{f.span}: {outcome.case.name}：{f.label}  {_one_line(old)} → {_one_line(new)}")
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    if edits:
        with open(tf.path, "w", encoding="utf-8", newline="") as stream:
            stream.write(bom + text)
    return changes


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:57] + "…"


# --- the command ----------------------------------------------------------------------


def add_command(sub: Any) -> None:
    """Register ``govrules test`` on the ``govrules`` argument parser."""
    p = sub.add_parser("test", help="运行规则测试（*.test.yaml）/ run rule tests (*.test.yaml)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="测试文件或文件夹（默认 rules/）/ test files or folders (default: rules/)")
    p.add_argument("--coverage", action="store_true", help="列出没有测试覆盖的规则行 / list rule lines no test exercised")
    p.add_argument("--min-coverage", type=_percent, metavar="N", help="任一规则文件覆盖率低于 N%% 则失败 / fail when a rule file's coverage is below N%%")
    p.add_argument("--update", action="store_true", help="用实际值改写不符的预期值 / write actual values over the expected ones that differ")
    p.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    p.set_defaults(run=_run)


def _percent(text: str) -> Decimal:
    m = _NUMBER.match(text.strip())
    if m is None or Decimal(m[1]) < 0 or Decimal(m[1]) > 100:
        raise argparse.ArgumentTypeError(f"应为 0 到 100 之间的百分数 / a percentage from 0 to 100 expected: {text}")
    return Decimal(m[1])


def run_paths(paths: Sequence[str | Path], lang: str = "zh", coverage: Coverage | None = None) -> tuple[list[FileRun], list[Diagnostic]]:
    files, errors = find_test_files(paths)
    runs = [run_file(f, lang, coverage) for f in files]
    if coverage is not None:  # rule files in the folders given that no test names count too, at 0%
        included = set(coverage.files)  # files a tested rule set includes: counted through it
        for raw in paths:
            for rules_file in sorted(Path(raw).rglob("*.rules")) if Path(raw).is_dir() else []:
                if str(rules_file.resolve()) in included:
                    continue
                try:
                    coverage.add_rules(load_rules(rules_file))
                except GovrulesError as e:
                    errors += e.diagnostics
    return runs, errors


def _run(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", "zh")
    en = lang == "en"
    coverage = Coverage() if args.coverage or args.min_coverage is not None else None
    runs, errors = run_paths(args.paths or ["rules"], lang, coverage)
    outcomes = [o for r in runs for o in r.outcomes]
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("passed", "failed", "error")}
    bad_files = sum(1 for r in runs if r.errors) + len(errors)
    low = coverage.below(args.min_coverage) if coverage is not None and args.min_coverage is not None else []
    changes = [c for r in runs for c in update_file(r, lang)] if args.update else []
    if args.json:
        from ..outputs import FORMAT_VERSION

        doc: dict[str, Any] = {"format_version": FORMAT_VERSION, "files": [r.to_json() for r in runs], "errors": [d.to_json() for d in errors],
                               "summary": {"cases": len(outcomes), **counts, "file_errors": bad_files}}  # fmt: skip
        if coverage is not None:
            doc["coverage"] = coverage.to_json()
        if args.update:
            doc["updated"] = changes
        print(json.dumps(doc, ensure_ascii=False))
    else:
        for d in errors:
            print(d.render(lang))
        for r in runs:
            print(f"{r.path}" + (f"  ({'rules' if en else '规则'} {r.rules})" if r.rules else ""))
            for d in r.errors:
                print("\n".join("  " + line for line in d.render(lang).splitlines()))
            for o in r.outcomes:
                print("\n".join("  " + line for line in o.render(lang).splitlines()))
        if not runs and not errors:
            print("no *.test.yaml files found" if en else "没有找到测试文件（*.test.yaml）")
        summary = (f"{len(outcomes)} case{'' if len(outcomes) == 1 else 's'}: {counts['passed']} passed, {counts['failed']} failed, {counts['error']} error{'' if counts['error'] == 1 else 's'}"
                   if en else f"{len(outcomes)} 个用例：{counts['passed']} 个通过，{counts['failed']} 个未通过，{counts['error']} 个出错")  # fmt: skip
        if bad_files:
            summary += f"; {bad_files} file{'' if bad_files == 1 else 's'} could not be run" if en else f"；{bad_files} 个文件无法运行"
        print(summary)
        if coverage is not None:
            print(coverage.render(lang))
        for fc in low:
            print(f"coverage of {fc.path} is {fc.percent}%, below {args.min_coverage}%" if en else f"{fc.path} 的覆盖率 {fc.percent}% 低于 {args.min_coverage}%")
        if changes:
            print("Updated:" if en else "已改写：")
            print("\n".join("  " + c for c in changes))
    ok = outcomes and counts["failed"] == counts["error"] == 0 and not bad_files and not low
    return 0 if ok else 1
