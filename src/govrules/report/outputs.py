"""``govrules eval … --html OUT --xlsx OUT``: the report files of one evaluation run.

The records come from :func:`govrules.evaluation.evaluate_files`; for the explanation chains
and the spreadsheet copies this module gets each record's submission again (read again
from the record's file or table) and the table it was read from (``Record.source``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import GovrulesError
from ..evaluation import Record
from ..io import load_one
from ..rules import RuleSet, load_rules
from ..submissions.models import _Submission
from .model import build_report


def write_outputs(rules: str | Path | RuleSet, records: Sequence[Record], *, html: str | None = None, xlsx: str | None = None, lang: str = "zh") -> int:
    """Write the HTML report and/or the scored workbook; 0 when written, 1 when a file could not be."""
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    subs = [submission_of(r) for r in records]
    report = build_report(records, ruleset, subs, lang)
    status = 0
    if html:
        from .html import write_html

        status |= _needs("jinja2", "report", lang) or _write(html, lambda: write_html(report, html), lang)
    if xlsx:
        from .xlsx import write_workbook

        if _needs("openpyxl", "xlsx", lang):
            return 1
        sources = [r.source for r in records if r.result is not None]
        status |= _write(xlsx, lambda: write_workbook(xlsx, report, sources), lang)
    return status


def submission_of(record: Record) -> _Submission | None:
    """The submission a record was evaluated on: the record's own, else read again from its
    file or its table of a workbook; None when it cannot be had."""
    if record.result is None or record.submission is not None:
        return record.submission
    try:
        return load_one(record.file).submission
    except (GovrulesError, OSError):
        return None


def _needs(module: str, extra: str, lang: str) -> int:
    """1 (after saying what to install) when the optional library ``module`` is missing."""
    import importlib.util

    if importlib.util.find_spec(module) is not None:
        return 0
    if lang == "en":
        print(f"error: this output needs {module}: pip install 'govrules[{extra}]'", file=sys.stderr)
    else:
        print(f"错误：此输出需要 {module}，请安装：pip install 'govrules[{extra}]' / this output needs {module}", file=sys.stderr)
    return 1


def _write(path: str, write: Any, lang: str) -> int:
    try:
        write()
    except OSError as e:
        reason = e.strerror or str(e)
        if lang == "en":
            print(f"error: cannot write {path}: {reason}", file=sys.stderr)
        else:
            print(f"错误：无法写入 {path}：{reason} / cannot write {path}", file=sys.stderr)
        return 1
    print(f"已写出 {path}" if lang != "en" else f"wrote {path}", file=sys.stderr)
    return 0
