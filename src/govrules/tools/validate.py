"""``govrules validate`` and ``govrules schema``."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import GovrulesError, Severity
from ..submissions.models import KIND_ZH, KINDS, MODELS, _Submission


def add_commands(sub: Any) -> None:
    v = sub.add_parser("validate", help="检查填报文件 / load and check submission files")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.set_defaults(run=_validate)


def summary(sub: _Submission, lang: str = "zh") -> tuple[str, list[str]]:
    """One line about a loaded submission, and a line per value that could not be read."""
    kind = str(getattr(sub, "kind"))  # each submission model declares its own kind
    odd = []
    for i, ind in enumerate(sub.indicators):
        for label, parsed in (("指标值", ind.parsed_target), ("完成值", ind.parsed_actual)):
            if parsed is None:
                continue
            for d in parsed.diagnostics:
                if d.severity is not Severity.INFO:
                    odd.append(f"  指标[{i}] {ind.name} {label}“{parsed.text}”: [{d.code}] {d.message(lang)}")
    if lang == "en":
        line = f"{kind} · {sub.project} · {len(sub.indicators)} indicators · {len(odd)} values flagged"
    else:
        line = f"{KIND_ZH[kind]} · {sub.project} · {len(sub.indicators)} 个指标 · {len(odd)} 个值需留意"
    return line, odd


def _validate(args: argparse.Namespace) -> int:
    from ..io import load_inputs  # spreadsheets: one entry per table of a workbook

    bad = total = 0
    for file in args.files:
        for one in load_inputs(file):
            total += 1
            if one.submission is None:
                bad += 1
                print(f"✗ {one.name}")
                print(GovrulesError(one.errors + one.warnings).render(args.lang))
                continue
            line, odd = summary(one.submission, args.lang)
            print(f"✓ {one.name}: {line}")
            for w in one.warnings:
                print("  " + w.render(args.lang).replace("\n", "\n  "))
            for o in odd:
                print(o)
    if total > 1:
        ok = total - bad
        print(f"{ok} valid, {bad} invalid" if args.lang == "en" else f"有效 {ok} 个，无效 {bad} 个")
    return 1 if bad else 0


def schema(kind: str, keys: str = "en") -> dict[str, Any]:
    """The JSON Schema of one kind of submission, with English or Chinese property names."""
    model = MODELS[KINDS[kind]]
    out = model.model_json_schema(mode="validation")
    if keys == "zh":
        _rename(out)
    return out


def _rename(node: Any) -> None:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            renamed = {}
            for name, spec in props.items():
                zh = spec.get("zh") or [name]
                renamed[zh[0]] = spec
            node["properties"] = renamed
            if "required" in node:
                node["required"] = [(props[r].get("zh") or [r])[0] for r in node["required"]]
        for value in node.values():
            _rename(value)
    elif isinstance(node, list):
        for value in node:
            _rename(value)
