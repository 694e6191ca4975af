"""``govrules check RULES...``: every error and warning of rule files at once.

Syntax errors, load-time checks and the analyses of :mod:`govrules.rules.lint`,
sorted by file, line and column. Exit 0 when there is no error, 1 when there is
one (with ``--strict``, warnings count as errors; notes never do).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

from ..errors import Diagnostic, Severity


def add_command(sub: Any) -> None:
    """Register the command on the ``govrules`` argument parser."""
    c = sub.add_parser(
        "check",
        help="检查规则文件的错误和警告 / report every error and warning in rule files",
        description="检查规则文件：语法、名称、单位、分档空缺与重叠、永远不会发生的扣分、未使用的定义、版本有效期重叠。"
        " / Check rule files: syntax, names, units, band gaps and overlaps, deductions that never apply, unused definitions, overlapping versions.",
    )
    c.add_argument("paths", nargs="+", metavar="RULES", help="规则文件或目录（目录取其中的 *.rules）/ rule files or directories (their *.rules)")
    c.add_argument("--strict", action="store_true", help="警告也算错误 / treat warnings as errors")
    c.add_argument("--json", action="store_true", help="输出 JSON 列表 / print a JSON list of diagnostics")
    c.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..rules.lint import diagnose_paths

    found = diagnose_paths(args.paths)
    if args.json:
        from ..outputs import FORMAT_VERSION

        doc = {"format_version": FORMAT_VERSION, "diagnostics": [d.to_json() for d in found], "failed": failed(found, args.strict)}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for d in found:
            print(d.render(args.lang))
        print(summary(found, args.lang))
    return 1 if failed(found, args.strict) else 0


def failed(found: list[Diagnostic], strict: bool = False) -> bool:
    """Whether the check fails: an error, or with ``strict`` a warning."""
    bad = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in bad for d in found)


def summary(found: list[Diagnostic], lang: str = "zh") -> str:
    """``2 个错误，1 个警告`` / ``2 errors, 1 warning``; ``没有发现问题`` / ``no problems found``."""
    n = Counter(d.severity for d in found)
    if not found:
        return "no problems found" if lang == "en" else "没有发现问题"
    if lang == "en":
        words = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
        return ", ".join(f"{n[s]} {words[s]}{'s' if n[s] != 1 else ''}" for s in Severity if n[s])
    return "，".join(f"{n[s]} 个{s.zh}" for s in Severity if n[s])
