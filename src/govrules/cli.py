"""The ``govrules`` command line. Chinese by default; ``--lang en`` for English.

Exit codes: 0 success, 1 a problem was found in the input, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from . import __version__
from .argparse_zh import ArgumentParser
from .errors import GovrulesError, io_error
from .outputs import FORMAT_VERSION, target_json
from .targets import judge, parse, parse_actual
from .targets.parse import Parsed

LANGS = ["zh", "en"]

KIND_ZH = {
    "quantity": "数量", "comparison": "比较", "range": "区间", "or": "或（任一成立）",
    "and": "且（同时成立）", "list": "多项数值", "deadline": "时限", "date": "日期",
    "period": "期间", "qualitative": "定性文字", "prose": "文字中含指标值", "not_applicable": "不适用", "grades": "分档",
}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    _streams()
    args = _parser().parse_args(argv)
    try:
        code = int(args.run(args))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except GovrulesError as e:
        _say(e.render(args.lang))
        return 1
    except BrokenPipeError:  # the reader went away (govrules … | head): nothing more to say
        _discard_stdout()
        return 0
    except OSError as e:  # a closed standard input, an output that cannot be written
        _discard_stdout()
        _say(io_error(e).render(args.lang))
        return 1
    except Exception as e:  # a bug in govrules: say so plainly, without a traceback
        if os.environ.get("GOVRULES_DEBUG"):
            raise
        _say(f"govrules 内部错误（请报告此问题）/ internal error, please report: {type(e).__name__}: {e}")
        return 3


class _Closed(io.RawIOBase):
    """Standard input or output when the process was started without it (``<&-``, ``>&-``):
    reading is an error, not an empty input; writing is an error once, then output is dropped."""

    def __init__(self, name: str):
        super().__init__()
        self.name, self.told = name, False

    def readable(self) -> bool:
        return self.name == "input"

    def writable(self) -> bool:
        return self.name == "output"

    def readinto(self, buffer: Any) -> int:
        raise OSError(errno.EBADF, f"standard {self.name} is closed")

    def write(self, data: Any) -> int:
        if not self.told:
            self.told = True
            raise OSError(errno.EBADF, f"standard {self.name} is closed")
        return len(data)


def _streams() -> None:
    """Output the console cannot encode (a GBK console, PYTHONIOENCODING=ascii) is written as
    backslash escapes instead of failing; a missing standard input or output is an error."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    if sys.stdin is None:
        sys.stdin = io.TextIOWrapper(io.BufferedReader(_Closed("input")), encoding="utf-8")
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Closed("output")), encoding="utf-8")


def _discard_stdout() -> None:
    """Point standard output at the null device, so that what is still buffered for it does
    not fail again when the interpreter exits."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError):
        pass


def _say(text: str) -> None:
    """An error message on standard error, if standard error can take it."""
    try:
        print(text, file=sys.stderr, flush=True)
    except (OSError, AttributeError, ValueError):
        pass


def _parser() -> argparse.ArgumentParser:
    p = ArgumentParser(
        prog="govrules",
        description="govrules：预算绩效管理规则引擎 / a rules engine for budget performance management",
    )
    p.add_argument("--lang", choices=LANGS, default="zh", help="输出语言 / output language (zh, en)")
    p.add_argument("--version", action="version", version=f"govrules {__version__}", help="打印版本号 / print the version")
    sub = p.add_subparsers(required=True, metavar="COMMAND")

    t = sub.add_parser("target", help="解析指标值并判断完成值 / parse a target and judge an actual value")
    t.add_argument("text", help="指标值；用 - 从标准输入逐行读取 / the target, or - to read lines from stdin")
    t.add_argument("--actual", help="完成值 / the actual value to judge")
    t.add_argument("--name", help="指标名称（可带单位，如“月均支出（万元）”）/ indicator name")
    t.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    t.set_defaults(run=_target)

    e = sub.add_parser("eval", help="用规则集评价填报表 / evaluate submissions with a rule set")
    e.add_argument("rules", help="规则文件，或随软件提供的规则集名称（如 项目支出绩效自评）/ rule file, or the name of a shipped rule set")
    e.add_argument("submissions", nargs="+", metavar="INPUT", help="填报文件（YAML、JSON、表格文件）、文件夹、通配模式（加引号，如 \"报表/**/*.yaml\"）、JSON Lines 文件（.jsonl），- 为标准输入 / submission files (YAML, JSON, spreadsheets), folders, quoted glob patterns, JSON Lines files, - for standard input")
    e.add_argument("--json", action="store_true", help="输出一个 JSON 文档 / print one JSON document")
    e.add_argument("--html", metavar="OUT.html", help="另写出一个自包含的 HTML 报告 / also write one self-contained HTML report")
    e.add_argument("--xlsx", metavar="OUT.xlsx", help="另写出评分后的 Excel 工作簿 / also write the scored workbook")
    e.add_argument("--out", metavar="FILE", help="批量：逐行写出 JSON Lines，每条记录一行，按输入顺序（- 为标准输出）/ batch: one JSON line per record, in input order (- for standard output)")
    e.add_argument("--jobs", type=int, metavar="N", help="批量：并行的工作进程数（0：每个处理器一个）/ batch: worker processes (0: one per processor)")
    e.add_argument("--resume", action="store_true", help="批量：从中断处继续写到 --out 的那次运行 / batch: continue a stopped run that wrote to --out")
    e.set_defaults(run=_eval)

    x = sub.add_parser(
        "explain", help="解释某个得分、扣分、完成率或核对结果 / explain one figure, score, deduction or reconciliation",
        description="项目写法 / item syntax: 总体完成率 | 指标[2].完成率 | 参保缴费人数.完成率 | 目标偏离及应对情况 | "
        "目标偏离及应对情况#1 | 核对:总体完成率 | 核对:指标[8].完成率 | 检查:缺少成本指标 | 总分 | 失分（失掉的分落在哪里 / where the points went）. 写错时会列出可用的项目 / an unknown item lists the available ones.",
    )  # fmt: skip
    x.add_argument("rules", help="规则文件或规则集名称 / rule file or shipped rule set name")
    x.add_argument("submission", help="填报表；工作簿中有多张表时写 文件:工作表#序号 / submission file; for a workbook with several tables FILE:SHEET#N")
    x.add_argument("item", nargs="?", help="数值、指标[序号].数值、评分段、评分段#序号、核对:数值、检查:检查名、总分、失分 / a figure, 指标[i].figure, section, section#n, 核对:figure, 检查:check, 总分, 失分 (lost points)")
    x.add_argument("--points", action="store_true", help="失掉的分落在哪些行、哪些扣分上（即项目“失分”）/ where the points went (the item 失分)")
    x.set_defaults(run=_explain)

    from .tools.validate import add_commands
    from .tools import check, fmt, ruletest

    add_commands(sub)
    s = sub.add_parser("schema", help="打印填报表或输出的 JSON Schema / print the JSON Schema of a submission kind or an output")
    s.add_argument("kind", help="绩效目标表|绩效监控情况表|绩效自评表 (target_table|monitoring|self_evaluation), or an output: result|records|target|check|explain")
    s.add_argument("--keys", choices=["en", "zh"], default="en", help="填报表的属性名用英文或中文表头 / property names of a submission")
    s.set_defaults(run=_schema)
    v = sub.add_parser("serve", help="以 HTTP 服务提供规则集 / serve rule sets over HTTP (needs govrules[service])")
    v.set_defaults(run=_serve)
    _serve_options(v)
    for tool in (check, fmt, ruletest):
        tool.add_command(sub)
    for command in sub.choices.values():  # also after the command (govrules explain … --lang en); SUPPRESS keeps the global value
        command.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="输出语言 / output language (zh, en)")
    return p


# --- govrules eval / explain ---------------------------------------------------


def _eval(args: argparse.Namespace) -> int:
    from .tools.evaluate import run_eval

    return run_eval(args)


def _explain(args: argparse.Namespace) -> int:
    from .io import load_one
    from .rules.catalog import resolve
    from .rules.explain import explain

    if (args.item is None) == (not args.points):
        print("需要一个项目，或 --points（二者取一）/ give one item, or --points (not both)", file=sys.stderr)
        return 2
    rules = resolve(args.rules)
    one = load_one(args.submission)
    assert one.submission is not None  # load_one raises instead
    lines = explain(rules, one.submission, args.item or "失分", args.lang)
    if one.source is not None:  # a table of a spreadsheet: each input also names its cell
        from .io import with_cells

        lines = with_cells(lines, one.source)
    print("\n".join(lines))
    return 0


# --- govrules schema / serve -------------------------------------------------


def _schema(args: argparse.Namespace) -> int:
    from .outputs import OUTPUTS, output_schema
    from .tools.validate import schema
    from .submissions.models import KIND_ZH, KINDS

    if args.kind in OUTPUTS:
        _print_json(output_schema(args.kind), indent=2)
        return 0
    if args.kind not in KINDS:
        kinds = "、".join(KIND_ZH.values())
        outputs = ", ".join(OUTPUTS)
        print(f"未知的表类型或输出“{args.kind}”，可选：{kinds}；输出：{outputs}" if args.lang != "en" else f"unknown kind “{args.kind}”: one of {', '.join(KIND_ZH)}; outputs: {outputs}")
        return 2
    _print_json(schema(args.kind, args.keys), indent=2)
    return 0


def _serve_options(p: argparse.ArgumentParser) -> None:
    from .service.settings import add_arguments

    add_arguments(p)


def _serve(args: argparse.Namespace) -> int:
    from .service.run import serve

    return serve(args)


# --- govrules target ---------------------------------------------------------


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
            record = {"format_version": FORMAT_VERSION, "input": shown, "name": None, "kind": None, "canonical": None, "diagnostics": [error.to_json()]}
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


def _print_json(obj: Any, out: TextIO | None = None, indent: int | None = None) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=indent), file=out or sys.stdout, flush=True)


def _target_text(parsed: Parsed, actual: str | None, name: str | None, lang: str) -> str:
    en = lang == "en"
    lines = [
        ("target:   " if en else "指标值：") + parsed.text,
        ("kind:     " if en else "类型：") + (parsed.kind if en else f"{KIND_ZH[parsed.kind]}（{parsed.kind}）"),
        ("canonical: " if en else "标准写法：") + parsed.canonical,
    ]

    def notes(value: Parsed, quiet: tuple[str, ...] = ()) -> None:
        for d in value.diagnostics:
            if d.code in quiet:
                continue
            lines.append(f"  {d.severity.value if en else d.severity.zh}[{d.code}]: {d.message(lang)}")
            if d.hint(lang):
                lines.append(("    hint: " if en else "    提示：") + d.hint(lang))

    notes(parsed)
    if actual is not None:
        a = parse_actual(actual, parsed.text, name)
        j = judge(parsed.value, a.value)
        verdict = {True: ("met", "达到"), False: ("not met", "未达到"), None: ("cannot tell", "无法判断")}[j.satisfied]
        lines.append(("actual:   " if en else "完成值：") + actual)
        notes(a, quiet=("GR104",))  # how it was read (GR122 a bare figure in the target's unit, GR114 …); an actual in words is no news
        lines.append(("verdict:  " if en else "判断：") + (verdict[0] if en else verdict[1]))
        lines.append(("reason:   " if en else "理由：") + (j.en if en else j.zh))
    return "\n".join(lines)
