"""argparse in Chinese: usage errors like every other message, English with ``--lang en``.

argparse words its errors in English through gettext; govrules translates the few
templates argparse uses (Python 3.11–3.13) and keeps anything else as argparse said it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

_TEMPLATES: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (?P<a>.+)", "缺少必需的参数：{a}"),
    (r"unrecognized arguments: (?P<a>.+)", "无法识别的参数：{a}"),
    (r"one of the arguments (?P<a>.+) is required", "必须给出以下参数之一：{a}"),
    (r"ambiguous option: (?P<a>\S+) could match (?P<b>.+)", "选项 {a} 不明确，可能是：{b}"),
    (r"argument (?P<a>[^:]+): invalid choice: (?P<b>.+?) \(choose from (?P<c>.+)\)", "参数 {a}：无效的选择 {b}（可选：{c}）"),
    (r"argument (?P<a>[^:]+): expected one argument", "参数 {a}：需要一个值"),
    (r"argument (?P<a>[^:]+): expected at least one argument", "参数 {a}：至少需要一个值"),
    (r"argument (?P<a>[^:]+): expected at most one argument", "参数 {a}：最多只能有一个值"),
    (r"argument (?P<a>[^:]+): expected (?P<b>\d+) arguments?", "参数 {a}：需要 {b} 个值"),
    (r"argument (?P<a>[^:]+): invalid (?P<b>\S+) value: (?P<c>.+)", "参数 {a}：{c} 不是有效的 {b} 值"),
    (r"argument (?P<a>[^:]+): ignored explicit argument (?P<b>.+)", "参数 {a}：不接受值 {b}"),
    (r"argument (?P<a>[^:]+): not allowed with argument (?P<b>.+)", "参数 {a}：不能与参数 {b} 同时使用"),
    (r"argument (?P<a>[^:]+): (?P<b>.+)", "参数 {a}：{b}"),
)


def translate(message: str) -> str:
    """argparse's English error message in Chinese (unknown ones unchanged)."""
    for pattern, zh in _TEMPLATES:
        m = re.fullmatch(pattern, message)
        if m:
            return zh.format(**m.groupdict())
    return message


def wants_english(argv: Sequence[str]) -> bool:
    return any(a == "--lang=en" for a in argv) or any(a == "--lang" and b == "en" for a, b in zip(argv, argv[1:]))


class ArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are Chinese unless the command line says ``--lang en``
    (its subcommands' parsers are of this class too)."""

    argv: Sequence[str] = ()

    def parse_args(self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None) -> argparse.Namespace:  # type: ignore[override]
        ArgumentParser.argv = list(sys.argv[1:] if args is None else args)
        return super().parse_args(args, namespace)

    def format_usage(self) -> str:
        text = super().format_usage()
        return text if wants_english(self.argv) else text.replace("usage: ", "用法：", 1)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        if wants_english(self.argv):
            self.exit(2, f"{self.prog}: error: {message}\n")
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n")
