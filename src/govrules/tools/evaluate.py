"""``govrules eval``: inputs → records, printed as before, or streamed as JSON Lines.

Without ``--out``/``--jobs``/``--resume`` the records are printed as text (or, with
``--json``, as one JSON document), as ``govrules eval`` always did. With any of them the
command is a batch: one line of JSON per record, in input order, to ``--out`` (``-``:
standard output), a progress bar on standard error when it is a terminal, and a summary
on standard error at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def run_eval(args: argparse.Namespace) -> int:
    from ..batch.inputs import STDIN

    batch = args.out is not None or args.jobs is not None or args.resume
    if not batch:
        return _serial(args)
    if args.json:
        return _usage("--json 打印一个 JSON 文档；批量运行用 --out 写 JSON Lines", "--json prints one JSON document; a batch writes JSON Lines with --out", args.lang)
    if args.html or args.xlsx:
        return _usage("--html、--xlsx 需要全部结果，不用于批量运行：去掉 --out/--jobs/--resume，或用 --out 的结果另行生成报告",
                      "--html and --xlsx need every result at once and do not go with a batch run (--out/--jobs/--resume)", args.lang)
    if args.resume and args.out in (None, STDIN):
        return _usage("--resume 需要 --out 结果文件", "--resume needs an --out results file", args.lang)
    if args.jobs is not None and args.jobs < 0:
        return _usage("--jobs 不能是负数", "--jobs cannot be negative", args.lang)
    return _batch(args)


def _serial(args: argparse.Namespace) -> int:
    """Each record printed as text as soon as it is ready, or (``--json``) all of them as one
    document; ``--html``/``--xlsx`` then write the reports of all of them."""
    from ..outputs import FORMAT_VERSION, ruleset_out
    from ..report import render_result
    from ..rules.catalog import resolve
    from ..batch.inputs import expand
    from ..batch.runner import input_records

    rules = resolve(args.rules)
    keep = args.json or args.html or args.xlsx
    kept, failed = [], False
    for rec in (r for item in expand(args.submissions, _stdin()) for r in input_records(rules, item)[1]):
        failed |= rec.result is None
        if keep:
            kept.append(rec)
        if args.json:
            continue
        for w in rec.warnings:
            print(w.render(args.lang))
        if rec.result is not None:
            if rec.source is not None:
                print(rec.file)
            print(render_result(rec.result, args.lang))
        else:
            print(f"✗ {rec.file}")
            print(rec.error_text(args.lang))
        print(flush=True)
    if args.json:
        document = {"format_version": FORMAT_VERSION, "rules": args.rules, "ruleset": ruleset_out(rules), "results": [r.to_json() for r in kept]}
        print(json.dumps(document, ensure_ascii=False), flush=True)
    status = 1 if failed else 0
    if args.html or args.xlsx:
        from ..report.outputs import write_outputs

        status |= write_outputs(rules, kept, html=args.html, xlsx=args.xlsx, lang=args.lang)
    return status


def _batch(args: argparse.Namespace) -> int:
    from ..rules.catalog import resolve
    from ..batch.inputs import STDIN, expand
    from ..batch.journal import Results
    from ..batch.runner import default_jobs, rules_digest, run
    from ..batch.summary import Summary

    rules = resolve(args.rules)
    jobs = default_jobs() if args.jobs == 0 else args.jobs or 1
    out = args.out or STDIN
    results = None if out == STDIN else Results(out, rules_digest(rules), resume=args.resume)
    inputs = expand(args.submissions, _stdin())
    if results is not None:
        inputs = results.skip_done(inputs)
    summary = Summary(results.resumed if results else 0)
    bar = _progress(args, results.resumed if results else 0)
    try:
        outcomes = run(rules, inputs, jobs, spec=args.rules)
        for outcome in outcomes:
            if results is not None:
                results.write(outcome)
            else:
                sys.stdout.write("".join(line.json + "\n" for line in outcome.lines))
                sys.stdout.flush()
            summary.add(outcome)
            if bar is not None:
                bar.update(1)
    except KeyboardInterrupt:  # Ctrl-C: the workers are stopped, what was written stays
        outcomes.close()
        stopped = ("interrupted; run the same command with --resume to continue" if args.lang == "en" else "已中断；用同样的命令加 --resume 继续") if results else ("interrupted" if args.lang == "en" else "已中断")
        print(f"\n{summary.render(args.lang)}\n{stopped}", file=sys.stderr)
        return 130
    finally:
        if bar is not None:
            bar.close()
        if results is not None:
            results.close()
    print(summary.render(args.lang), file=sys.stderr)
    return 1 if summary.errors else 0


def _progress(args: argparse.Namespace, done: int) -> Any:
    """A progress bar on standard error, only when it is a terminal (and tqdm is there)."""
    if not sys.stderr.isatty():
        return None
    from ..batch.inputs import STDIN, expand

    try:
        from tqdm import tqdm  # type: ignore[import-untyped]
    except ImportError:  # the [batch] extra is not installed: no bar
        return None
    total = None if STDIN in args.submissions else sum(1 for _ in expand(args.submissions))
    return tqdm(total=total, initial=done, file=sys.stderr, unit=" inputs" if args.lang == "en" else " 个", dynamic_ncols=True)


def _usage(zh: str, en: str, lang: str) -> int:
    print(f"govrules eval: {en if lang == 'en' else zh}", file=sys.stderr)
    return 2


def _stdin() -> Any:
    """Standard input as bytes; None when it is closed (govrules eval … - <&-)."""
    return getattr(sys.stdin, "buffer", None)
