"""The ``govrules`` command line. Chinese by default; ``--lang en`` for English.

Exit codes: 0 success, 1 a problem was found in the input, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from .errors import GovrulesError
from .targets import judge, parse, to_json
from .targets.parse import Parsed

LANGS = ["zh", "en"]

KIND_ZH = {
    "quantity": "数量", "comparison": "比较", "range": "区间", "or": "或（任一成立）",
    "and": "且（同时成立）", "list": "多项数值", "deadline": "时限", "date": "日期",
    "period": "期间", "qualitative": "定性文字", "prose": "文字中含指标值",
}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except GovrulesError as e:
        print(e.render(args.lang), file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug in govrules: say so plainly, without a traceback
        import os

        if os.environ.get("GOVRULES_DEBUG"):
            raise
        print(f"govrules 内部错误（请报告此问题）/ internal error, please report: {type(e).__name__}: {e}", file=sys.stderr)
        return 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="govrules",
        description="govrules：预算绩效管理规则引擎 / a rules engine for budget performance management",
    )
    p.add_argument("--lang", choices=LANGS, default="zh", help="输出语言 / output language (zh, en)")
    sub = p.add_subparsers(required=True, metavar="COMMAND")

    t = sub.add_parser("target", help="解析指标值并判断完成值 / parse a target and judge an actual value")
    t.add_argument("text", help="指标值；用 - 从标准输入逐行读取 / the target, or - to read lines from stdin")
    t.add_argument("--actual", help="完成值 / the actual value to judge")
    t.add_argument("--name", help="指标名称（可带单位，如“月均支出（万元）”）/ indicator name")
    t.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    t.set_defaults(run=_target)

    e = sub.add_parser("eval", help="用规则集评价填报表 / evaluate submissions with a rule set")
    e.add_argument("rules", help="规则文件 / rule file")
    e.add_argument("submissions", nargs="+", metavar="INPUT", help="填报文件、文件夹、通配模式（加引号，如 \"报表/**/*.yaml\"）、JSON Lines 文件（.jsonl），- 为标准输入 / submission files, folders, quoted glob patterns, JSON Lines files, - for standard input")
    e.add_argument("--json", action="store_true", help="输出一个 JSON 文档 / print one JSON document")
    e.add_argument("--out", metavar="FILE", help="批量：逐行写出 JSON Lines，每条记录一行，按输入顺序（- 为标准输出）/ batch: one JSON line per record, in input order (- for standard output)")
    e.add_argument("--jobs", type=int, metavar="N", help="批量：并行的工作进程数（0：每个处理器一个）/ batch: worker processes (0: one per processor)")
    e.add_argument("--resume", action="store_true", help="批量：从中断处继续写到 --out 的那次运行 / batch: continue a stopped run that wrote to --out")
    e.set_defaults(run=_eval)

    x = sub.add_parser(
        "explain", help="解释某个得分、扣分、完成率或核对结果 / explain one figure, score, deduction or reconciliation",
        description="项目写法 / item syntax: 总体完成率 | 指标[2].完成率 | 参保缴费人数.完成率 | 目标偏离及应对情况 | "
        "目标偏离及应对情况#1 | 核对:总体完成率 | 核对:指标[8].完成率 | 检查:缺少成本指标 | 总分. 写错时会列出可用的项目 / an unknown item lists the available ones.",
    )  # fmt: skip
    x.add_argument("rules", help="规则文件 / rule file")
    x.add_argument("submission", help="填报表 / submission file")
    x.add_argument("item", help="数值、指标[序号].数值、评分段、评分段#序号、核对:数值、检查:检查名、总分 / a figure, 指标[i].figure, section, section#n, 核对:figure, 检查:check, 总分")
    x.set_defaults(run=_explain)

    from .submissions.commands import add_commands
    from .tools import check, fmt, ruletest

    add_commands(sub)
    for tool in (check, fmt, ruletest):
        tool.add_command(sub)
    for command in sub.choices.values():  # also after the command (govrules explain … --lang en); SUPPRESS keeps the global value
        command.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="输出语言 / output language (zh, en)")
    return p


# --- govrules eval / explain ---------------------------------------------------


def _eval(args: argparse.Namespace) -> int:
    from .batch.command import run_eval

    return run_eval(args)


def _explain(args: argparse.Namespace) -> int:
    from .rules import load_rules
    from .rules.explain import explain
    from .submissions import load_submission

    rules = load_rules(args.rules)
    sub = load_submission(args.submission)
    print("\n".join(explain(rules, sub, args.item, args.lang)))
    return 0


# --- govrules target ---------------------------------------------------------


def target_json(text: str, actual: str | None = None, name: str | None = None) -> dict[str, Any]:
    """The JSON contract of ``govrules target`` (documented in docs/json.md)."""
    parsed = parse(text, name)
    out: dict[str, Any] = {"input": text, "name": name}
    out.update(to_json(parsed.value))
    out["diagnostics"] = [d.to_json() for d in parsed.diagnostics]
    if actual is not None:
        a = parse(actual, name, role="actual")
        j = judge(parsed.value, a.value)
        out["actual"] = {**to_json(a.value), "input": actual, "diagnostics": [d.to_json() for d in a.diagnostics]}
        out["satisfied"] = j.satisfied
        out["reason"] = {"zh": j.zh, "en": j.en}
    return out


def _target(args: argparse.Namespace) -> int:
    if args.text == "-":
        return _target_lines(sys.stdin.buffer, sys.stdout)
    if args.json:
        _print_json(target_json(args.text, args.actual, args.name))
        return 0
    print(_target_text(parse(args.text, args.name), args.actual, args.name, args.lang))
    return 0


def _target_lines(stream: Any, out: TextIO) -> int:
    """One JSON object per input line, in order, also for lines that cannot be read: every
    object has ``line``, ``input``, ``name``, ``kind``, ``canonical`` and ``diagnostics``
    (an unreadable line: ``kind`` and ``canonical`` null, the GR113 error in ``diagnostics``)."""
    from .messages import diagnostic

    bad = 0
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")  # a BOM opens line 1
        except UnicodeDecodeError as e:
            bad += 1
            error = diagnostic("GR113", line=number, byte=e.start + 1)
            shown = raw.decode("utf-8", "replace").rstrip("\r\n")
            record = {"input": shown, "name": None, "kind": None, "canonical": None, "diagnostics": [error.to_json()]}
            _print_json({"line": number, **record}, out)
            continue
        cells = line.split("\t")
        result = target_json(cells[0], _cell(cells, 1), _cell(cells, 2))
        if len(cells) > 3:  # a fourth column: a tab inside a cell, or columns out of place
            result["diagnostics"].append(diagnostic("GR119", line=number, columns=len(cells)).to_json())
        _print_json({"line": number, **result}, out)
    return 1 if bad else 0


def _cell(cells: list[str], i: int) -> str | None:
    """Cell i, or None when it is missing or blank (a blank actual is no actual)."""
    return cells[i] if len(cells) > i and cells[i].strip() else None


def _print_json(obj: Any, out: TextIO | None = None) -> None:
    print(json.dumps(obj, ensure_ascii=False), file=out or sys.stdout, flush=True)


def _target_text(parsed: Parsed, actual: str | None, name: str | None, lang: str) -> str:
    from .errors import Severity

    en = lang == "en"
    lines = [
        ("target:   " if en else "指标值：") + parsed.text,
        ("kind:     " if en else "类型：") + (parsed.kind if en else f"{KIND_ZH[parsed.kind]}（{parsed.kind}）"),
        ("canonical: " if en else "标准写法：") + parsed.canonical,
    ]

    def notes(value: Parsed, with_info: bool) -> None:
        for d in value.diagnostics:
            if d.severity is Severity.INFO and not with_info:
                continue
            lines.append(f"  {d.severity.value if en else d.severity.zh}[{d.code}]: {d.message(lang)}")
            if d.hint(lang):
                lines.append(("    hint: " if en else "    提示：") + d.hint(lang))

    notes(parsed, with_info=True)
    if actual is not None:
        a = parse(actual, name, role="actual")
        j = judge(parsed.value, a.value)
        verdict = {True: ("met", "达到"), False: ("not met", "未达到"), None: ("cannot tell", "无法判断")}[j.satisfied]
        lines.append(("actual:   " if en else "完成值：") + actual)
        notes(a, with_info=False)  # warnings only, as govrules validate: e.g. GR114, an amount for a rate
        lines.append(("verdict:  " if en else "判断：") + (verdict[0] if en else verdict[1]))
        lines.append(("reason:   " if en else "理由：") + (j.en if en else j.zh))
    return "\n".join(lines)
