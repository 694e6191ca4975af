"""How long the reports of a batch take to make (not a test).

    python benchmarks/reports.py [--count 300] [--repeat 3]

The four 绩效监控情况表 of seed 001 (examples/001_monitoring), replicated to ``--count``
projects (a county's batch), evaluated with rules/monitoring_review.rules before the clock
starts; then, best of ``--repeat``, on one core:

- ``build_report`` with explanation chains (every deduction, finding, discrepancy, section);
- ``render_html`` of that report (one self-contained file), with its size;
- ``write_workbook`` (a summary sheet and a national-layout sheet per project), with its size.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govrules.evaluation import Record  # noqa: E402
from govrules.report import build_report  # noqa: E402
from govrules.report.html import render_html  # noqa: E402
from govrules.report.xlsx import write_workbook  # noqa: E402
from govrules.rules import evaluate, load_rules  # noqa: E402
from govrules.submissions import load_submission  # noqa: E402

from evaluate import best_of  # noqa: E402  (benchmarks/evaluate.py, beside this script)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.chdir(ROOT)
    rules = load_rules("rules/monitoring_review.rules")
    files = sorted(str(p) for p in Path("examples/001_monitoring").glob("0*.yaml"))
    subs = [load_submission(files[i % len(files)]) for i in range(args.count)]
    records = [Record(f"{files[i % len(files)]}#{i}", result=evaluate(rules, s)) for i, s in enumerate(subs)]
    print(f"Python {platform.python_version()} on {platform.machine()}; {args.count} projects, best of {args.repeat}")

    report = build_report(records, rules, subs)
    t = best_of(args.repeat, lambda: build_report(records, rules, subs))
    print(f"build_report (with chains): {t:.2f} s  ({t / args.count * 1000:.1f} ms per project)")
    html = render_html(report)
    t = best_of(args.repeat, lambda: render_html(report))
    print(f"render_html: {t:.2f} s  ({t / args.count * 1000:.1f} ms per project), {len(html.encode()) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scored.xlsx"
        t = best_of(args.repeat, lambda: write_workbook(out, report))
        print(f"write_workbook: {t:.2f} s  ({t / args.count * 1000:.1f} ms per project), {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
