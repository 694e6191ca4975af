"""``make demo``: the target language on seed notations, then every shipped rule set on
every bundled example it applies to."""

from __future__ import annotations

import sys
from pathlib import Path

from .cli import main

ROOT = Path(__file__).resolve().parents[2]

SEED_TARGETS = [
    ("105%≤≥95%", "10934", "基本养老保险支出预算执行率"),
    ("7.79万人", "2020年末实际参保缴费人数32.68万人", None),
    ("≥-10%或≤10%", None, None),
    ("上访率控制在0.1%以内，维护社会稳定，长治久安", "离退休人员上访率<0.1%", None),
    ("每季度结束后的，15日内", None, None),
    ("≥95", "≥95", "养老保险待遇首次发放成功率（%）"),
    ("41191", None, "月均养老金支出（万元）"),
]


def run() -> int:
    print("=== 指标值解析与判断 / targets ===")
    for text, actual, name in SEED_TARGETS:
        argv = ["target", text] + (["--actual", actual] if actual else []) + (["--name", name] if name else [])
        main(argv)
        print()
    from .rules import load_rules
    from .submissions import load_submission
    from .submissions.models import KINDS, kind_of

    status = 0
    examples = sorted(p for p in (ROOT / "examples").glob("*/*.yaml") if p.name != "review_table.yaml")
    for rules_file in sorted((ROOT / "rules").glob("*.rules")):
        rules = load_rules(rules_file)
        kind = KINDS.get(rules.applies or "")
        files = [str(p.relative_to(ROOT)) for p in examples if kind_of(load_submission(p)) == kind]
        print(f"=== {rules.name}（{rules_file.relative_to(ROOT)}）: {len(files)} 份 ===")
        reports = ROOT / "build" / "demo" / rules_file.stem  # build/ is ignored by git: sample reports, never committed
        reports.parent.mkdir(parents=True, exist_ok=True)
        status |= main(["eval", str(rules_file.relative_to(ROOT)), *files, "--html", f"{reports}.html", "--xlsx", f"{reports}.xlsx"])
    return status


if __name__ == "__main__":
    import os

    os.chdir(ROOT)
    sys.exit(run())
