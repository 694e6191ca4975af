"""``govrules eval … --html OUT --xlsx OUT``: the report files of one evaluation run.

The records come from :func:`govrules.evaluation.evaluate_files`; for the explanation chains
and the spreadsheet copies this module gets each record's submission again (the record's own
``submission`` when it carries one, else by loading its file) and the table it was read from
(a :class:`~govrules.io.source.TableSource` the submission or record carries).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import GovrulesError
from ..evaluation import Record
from ..io.source import TableSource
from ..rules import RuleSet, load_rules
from ..submissions import load_submission
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
        sources = [table_source_of(r, s) for r, s in zip(records, subs, strict=True) if r.result is not None]
        status |= _write(xlsx, lambda: write_workbook(xlsx, report, sources), lang)
    return status


def submission_of(record: Record) -> _Submission | None:
    """The submission a record was evaluated on, or None when it cannot be had again."""
    if record.result is None:
        return None
    own = getattr(record, "submission", None)
    if isinstance(own, _Submission):
        return own
    try:
        return load_submission(record.file)
    except (GovrulesError, OSError):
        return None


def table_source_of(record: Record, submission: _Submission | None) -> TableSource | None:
    """The table a submission was read from, wherever the reader put it: an attribute of the
    record or of the submission (a field, or a private attribute) holding a TableSource."""
    for obj in (record, submission):
        if obj is None:
            continue
        for value in _attributes(obj):
            if isinstance(value, TableSource):
                return value
    return None


def _attributes(obj: Any) -> list[Any]:
    values = list(getattr(obj, "__dict__", {}).values())
    values += list((getattr(obj, "__pydantic_private__", None) or {}).values())
    values += [getattr(obj, name, None) for name in getattr(type(obj), "__slots__", ())]
    return values


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
