"""``govrules fmt RULES...``: rewrite rule files in the canonical layout.

Files and directories (their ``*.rules``); ``-`` reads standard input and writes the
result to standard output. A file is written only when its text changes. ``--check``
writes nothing, lists the files that would change and exits 1 if there are any (for
CI); ``--diff`` prints a unified diff instead of writing; ``--keywords zh|en``
rewrites the keywords in Chinese or English (default: keep each file's language).
A file with syntax errors is left alone: its diagnostics are printed and the exit
code is 1. The layout is described in :mod:`govrules.rules.format`.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from ..errors import GovrulesError, io_error


def add_command(sub: Any) -> None:
    """Register the command on the ``govrules`` argument parser."""
    f = sub.add_parser(
        "fmt",
        help="把规则文件整理成标准格式 / rewrite rule files in the canonical layout",
        description="把规则文件整理成标准格式，保留全部注释；含义不变（格式化后重新解析核对）。"
        " / Rewrite rule files in the canonical layout, keeping every comment; the meaning is unchanged (checked by parsing the result again).",
    )
    f.add_argument("paths", nargs="+", metavar="RULES", help="规则文件或目录（目录取其中的 *.rules）；- 为标准输入 / rule files or directories (their *.rules); - for stdin")
    f.add_argument("--check", action="store_true", help="只检查不改写；有文件需要整理时退出码为 1 / write nothing; exit 1 if a file would change")
    f.add_argument("--diff", action="store_true", help="显示差异而不改写 / print a unified diff instead of writing")
    f.add_argument("--keywords", choices=["zh", "en"], help="关键字改写为中文或英文（默认保持原文件的语言）/ rewrite keywords in Chinese or English (default: keep the file's)")
    f.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..rules.format import format_rules
    from ..rules.loading import decode_rule_text, read_rule_text, rule_paths

    en = args.lang == "en"
    files, problems = rule_paths(p for p in args.paths if p != "-")
    failed = bool(problems)
    for d in problems:
        print(d.render(args.lang), file=sys.stderr)
    changed: list[str] = []
    skipped = 0  # files with syntax errors or that cannot be read
    files = list(dict.fromkeys(files))
    sources: list[Path | None] = ([None] if "-" in args.paths else []) + list(files)
    for source in sources:
        name = "<stdin>" if source is None else str(source)
        try:
            text = decode_rule_text(_stdin(), name) if source is None else read_rule_text(source)
            result = format_rules(text.removeprefix("\ufeff"), name, args.keywords)
        except GovrulesError as e:
            print(e.render(args.lang), file=sys.stderr)
            failed = True
            skipped += source is not None
            continue
        if source is None and not (args.check or args.diff):
            sys.stdout.write(result)
        if result == text:
            continue
        changed.append(name)
        if args.diff:
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), result.splitlines(True), f"a/{name}", f"b/{name}"))
        elif args.check:
            print(f"would reformat {name}" if en else f"需要整理格式：{name}")
        elif source is not None:
            try:
                source.write_text(result, encoding="utf-8", newline="\n")
            except OSError as e:  # a read-only file, a full disk: said (GR504), and the next file is done
                e.filename = e.filename or name
                print(io_error(e).render(args.lang), file=sys.stderr)
                changed.pop()
                failed = True
                skipped += 1
                continue
            print(f"reformatted {name}" if en else f"已整理格式：{name}")
    if files:
        print(_summary(len(files), len([c for c in changed if c != "<stdin>"]), skipped, args.check or args.diff, en), file=sys.stderr)
    return 1 if failed or (args.check and changed) else 0


def _stdin() -> bytes:
    """Standard input, at most the size of a rule file (GR317); a closed one is the command
    line's GR504 (the OSError goes up to it)."""
    from ..errors import Diagnostic, Severity, Span
    from ..rules.parse import MAX_BYTES

    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise GovrulesError([Diagnostic("GR317", Severity.ERROR, f"规则文件太大（超过 {MAX_BYTES:,} 字节）", f"the rule file is too large (more than {MAX_BYTES:,} bytes)", span=Span("<stdin>", 1, 1))])
    return data


def _summary(files: int, changed: int, skipped: int, dry: bool, en: bool) -> str:
    unchanged = files - changed - skipped
    if en:
        verb = "would be reformatted" if dry else "reformatted"
        text = f"{files} file{'s' if files != 1 else ''}: {changed} {verb}, {unchanged} unchanged"
        return text + (f", {skipped} not formatted (errors above)" if skipped else "")
    verb = "需要整理" if dry else "已整理"
    return f"共 {files} 个文件：{changed} 个{verb}，{unchanged} 个无需改动" + (f"，{skipped} 个有错误未整理" if skipped else "")
