"""MkDocs hook: one page per diagnostic code, generated at build time from the catalog.

``govrules.messages.CODES`` is the single source: each code's page shows its title and
explanation in Chinese and English, its example, and what govrules actually reports for
that example (computed here, so the page cannot drift from the code). Nothing generated
is committed; ``tests/test_docs.py`` checks the same pages.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

SEVERITY = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
GROUPS = (  # code prefix, heading, the page that explains the subject
    ("GR1", "指标值（目标语言）/ target language", "../targets.md"),
    ("GR2", "填报文件 / submissions", "../cli.md#govrules-validate"),
    ("GR3", "规则文件：语法 / rule files: syntax", "../language.md"),
    ("GR4", "规则文件：检查 / rule files: checks", "../language.md"),
    ("GR5", "评价与解释 / evaluation", "../explanations.md"),
    ("GR6", "规则测试 / rule tests", "../cli.md#govrules-test"),
    ("GR7", "规则集名称与 HTTP 服务 / rule sets by name, the service", "../service.md"),
)
SUBJECT = {"../targets.md": "指标值写法", "../cli.md#govrules-validate": "命令行 · validate", "../language.md": "规则语言参考",
           "../explanations.md": "解释", "../cli.md#govrules-test": "命令行 · test", "../service.md": "HTTP 服务"}  # fmt: skip
FENCE = {"target": "target", "rules": "rules", "submission": "yaml", "": "text"}


def catalog() -> list[Any]:
    """Every code's documentation, in code order."""
    from govrules.messages import CODES

    return [CODES[code] for code in sorted(CODES)]


def _severity(doc: Any) -> str:
    value = getattr(doc.severity, "value", doc.severity)
    return str(value)


def example_run(doc: Any) -> tuple[str, str]:
    """The command that shows the code's example and what it prints (zh): as a user would
    run it, with the example written to a file where the command needs one."""
    if doc.example_kind == "target":
        text, actual, name = (doc.example.split("\t") + ["", ""])[:3]
        args = ["target", "--", text] if text.startswith("-") else ["target", text]
        options = [f"--actual={actual}"] if actual else []
        options += ["--name", name] if name else []
        args = args[:1] + options + args[1:]
        return "govrules " + shlex.join(args), _run(args)
    if doc.example_kind in ("rules", "submission"):
        file, command = ("示例.rules", "check") if doc.example_kind == "rules" else ("示例.yaml", "validate")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / file
            path.write_text(doc.example, encoding="utf-8")
            output = _run([command, str(path)]).replace(str(path), file)
        return f"govrules {command} {file}", output
    return "", ""


def example_output(doc: Any) -> str:
    return example_run(doc)[1]


def _run(args: list[str]) -> str:
    """``govrules ARGS`` in-process: what it prints on stdout and stderr."""
    from govrules.cli import main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            main(args)
        except SystemExit:  # wrong usage: argparse has printed why
            pass
    return buffer.getvalue().rstrip("\n")


def code_page(doc: Any) -> str:
    severity = _severity(doc)
    lines = [
        f"# {doc.code} {doc.title_zh}",
        "",
        f"*{doc.title_en}*",
        "",
        f"**严重性 / severity**：{SEVERITY.get(severity, severity)}",
        "",
        doc.about_zh,
        "",
    ]
    if doc.about_en:
        lines += [f"> {doc.about_en}", ""]
    command, output = example_run(doc) if doc.example else ("", "")
    if doc.example and doc.example_kind in ("rules", "submission"):
        file = "示例.rules" if doc.example_kind == "rules" else "示例.yaml"
        lines += ["## 示例 / Example", "", f"`{file}`:", "", f"```{FENCE[doc.example_kind]}", doc.example.rstrip("\n"), "```", ""]
    elif command:
        lines += ["## 示例 / Example", ""]
    if command:
        lines += ["```console", f"$ {command}", output, "```", ""]
    elif output:
        lines += ["govrules 报告 / govrules reports:", "", "```text", output, "```", ""]
    see = next((page for prefix, _, page in GROUPS if doc.code.startswith(prefix)), None)
    if see:
        lines += [f"参见 / see also：[{SUBJECT[see]}]({see}) · [全部错误代码 / all codes](index.md)", ""]
    else:
        lines += ["[全部错误代码 / all codes](index.md)", ""]
    return "\n".join(lines)


def index_page(docs: list[Any]) -> str:
    lines = [
        "# 错误代码 / Diagnostic codes",
        "",
        "govrules 报告的每个问题都有一个固定的代码（GRnnn），不随版本改变，可以在这里查到它的含义、",
        "示例和改法。命令行加 `--lang en` 输出英文。",
        "",
        "Every problem govrules reports carries a stable code; each has a page with its meaning,",
        "an example and what to write instead.",
        "",
    ]
    for prefix, title, _ in GROUPS:
        group = [d for d in docs if d.code.startswith(prefix)]
        if not group:
            continue
        lines += [f"## {title}", "", "| 代码 | 严重性 | 含义 | meaning |", "|---|---|---|---|"]
        for d in group:
            sev = SEVERITY.get(_severity(d), _severity(d)).split()[0]
            lines.append(f"| [{d.code}]({d.code}.md) | {sev} | {d.title_zh} | {d.title_en} |")
        lines.append("")
    return "\n".join(lines)


def pages() -> dict[str, str]:
    """src_uri → Markdown of every generated page."""
    docs = catalog()
    out = {"errors/index.md": index_page(docs)}
    for d in docs:
        out[f"errors/{d.code}.md"] = code_page(d)
    return out


def on_files(files: Files, config: Any) -> Files:
    for uri, text in pages().items():
        files.append(File.generated(config, uri, content=text))
    return files


# --- tables of built-in names, from the registry (govrules/rules/names.py) -------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def names_table(which: str) -> str:
    from govrules.rules import names

    if which == "functions":
        rows = ["| 函数 | English | 参数个数 | 说明 |", "|---|---|---|---|"]
        for f in names.FUNCTIONS:
            n = str(f.min_args) if f.min_args == f.max_args else f"{f.min_args}–{f.max_args}"
            agg = "（逐个指标汇总）" if f.aggregate else ""
            rows.append(f"| `{f.zh}` | `{f.en}` | {n} | {_cell(f.doc)}{agg} |")
        return "\n".join(rows)
    if which in ("submission", "indicator"):
        fields = names.SUBMISSION_FIELDS if which == "submission" else names.INDICATOR_FIELDS
        rows = ["| 名称 | English | 取自填报表 | 说明 |", "|---|---|---|---|"]
        for fd in fields:
            unit = {"元": "金额（万元）", "比率": "比率（%）"}.get(fd.unit or "", "")
            about = "；".join(x for x in (fd.doc, unit) if x)
            rows.append(f"| `{fd.zh}` | `{fd.en}` | `{fd.path}` | {_cell(about)} |")
        return "\n".join(rows)
    if which == "kinds":
        english = {en: key for key, en in names.KINDS.items() if not _chinese(key)}
        rows = ["| 写法 | English | 含义 |", "|---|---|---|"]
        for zh, en in names.KINDS.items():
            if not _chinese(zh):
                continue
            rows.append(f"| `{zh}` | `{english.get(en, en)}` | {KIND_ABOUT.get(en, '')} |")
        return "\n".join(rows)
    if which == "units":
        from govrules.targets.units import MAGNITUDES, UNITS

        by_dimension: dict[str, list[str]] = {}
        for unit, info in UNITS.items():
            by_dimension.setdefault(info.dimension, []).append(f"{unit}（×{_number(info.factor)}）" if info.factor != 1 else unit)
        rows = ["| 量纲 | 单位（括号内为折算到本量纲基本单位的倍数） |", "|---|---|"]
        rows += [f"| {dim} | {'、'.join(units)} |" for dim, units in by_dimension.items() if units != [dim]]
        alone = [dim for dim, units in by_dimension.items() if units == [dim]]
        rows.append(f"| 各自一类 | {'、'.join(alone)} |")
        rows += ["", "数量级 / magnitudes：" + "、".join(f"{m} = {_number(v)}" for m, v in MAGNITUDES.items())]
        return "\n".join(rows)
    raise KeyError(which)


def _number(d: Any) -> str:
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


KIND_ABOUT = {
    "quantity": "一个数量，如 2977人、7.79万人、95%",
    "comparison": "比较，如 ≥95%、不低于2834人",
    "range": "区间，如 95%～105%",
    "or": "用“或”连接的几个条件",
    "and": "用“且”连接的几个条件",
    "unitless": "没有单位的数（指标名称中也没有）",
    "list": "多项数值，如 50、5.6",
    "deadline": "时限，如 每月25日前",
    "date": "日期，如 2020年12月31日",
    "period": "期间，如 2020年1月1日至2020年12月31日",
    "qualitative": "定性文字，没有可识别的数值",
    "prose": "文字中含有指标值，如 上访率控制在0.1%以内，维护社会稳定",
    "empty": "未填写",
    "numeric": "含有数值（数量、比较、区间、或、且，或者计算出的数）",
    "percent": "百分数或千分数（含比较，如 ≥95%）",
}
TABLE = re.compile(r"<!--\s*table:\s*(\w+)\s*-->")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return TABLE.sub(lambda m: names_table(m.group(1)), markdown)
