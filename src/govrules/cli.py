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
        _say(_io_error(e).render(args.lang))
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


def _io_error(e: OSError) -> GovrulesError:
    from .errors import Diagnostic, Severity

    why = e.strerror or str(e)
    if e.filename is not None:
        zh, en = f"无法读写文件“{e.filename}”：{why}", f"cannot read or write the file “{e.filename}”: {why}"
        hint = ("检查文件是否存在、是否有读写权限，以及磁盘是否已满", "check that the file exists, that it may be read and written, and that the disk is not full")
    elif why == "standard input is closed":
        zh, en = "无法读取标准输入：它已关闭", "cannot read the standard input: it is closed"
        hint = ("用管道或重定向提供输入，如 govrules target - < 指标.tsv", "give the input through a pipe or a redirection, e.g. govrules target - < targets.tsv")
    else:
        zh, en = ("无法写出结果：标准输出已关闭", "cannot write the output: the standard output is closed") if why == "standard output is closed" else (f"无法写出结果：{why}", f"cannot write the output: {why}")
        hint = ("检查输出的去向（文件、管道）是否可写，以及磁盘是否已满", "check that where the output goes (a file, a pipe) can be written, and that the disk is not full")
    return GovrulesError([Diagnostic("GR504", Severity.ERROR, zh, en, hint[0], hint[1])])


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
    e.add_argument("submissions", nargs="+", metavar="SUBMISSION")
    e.add_argument("--json", action="store_true", help="输出一个 JSON 文档 / print one JSON document")
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
    from .evaluation import evaluate_files

    records = evaluate_files(args.rules, args.submissions)
    if args.json:
        _print_json({"rules": args.rules, "results": [r.to_json() for r in records]})
    else:
        from .report import render_result

        for rec in records:
            if rec.result is not None:
                print(render_result(rec.result, args.lang))
            else:
                print(f"✗ {rec.file}")
                print(rec.error_text(args.lang))
            print()
    return 1 if any(r.result is None for r in records) else 0


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
