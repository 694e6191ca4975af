"""Golden result reports: each shipped rule set on each of its bundled examples.

Each golden file is exactly what ``govrules eval RULES EXAMPLE`` prints (Chinese), or
with ``--lang en`` (English), run from the repository root with relative paths, so the
files hold no absolute paths and no timestamps.

Regenerate them after an intended change, then review the diff figure by figure
(tests/golden/README.md says which figures were checked against the seed documents):

    .venv/bin/python tests/golden/golden_reports.py
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent

# rule set → the example globs it applies to (relative to the repository root)
CASES: dict[str, tuple[str, ...]] = {
    "monitoring_review": ("examples/001_monitoring/0*.yaml",),
    "self_evaluation": ("examples/002_self_evaluation/*.yaml",),
    "target_table_checks": ("examples/000_target_tables/*.yaml", "examples/003_target_tables/*.yaml"),
}
LANGS = ("zh", "en")


def cases() -> Iterator[tuple[str, str, str, Path]]:
    """(rules path, example path, lang, golden file), all paths relative to the root."""
    for ruleset, globs in CASES.items():
        for pattern in globs:
            for example in sorted(ROOT.glob(pattern)):
                rel = example.relative_to(ROOT).as_posix()
                folder = example.parent.name.split("_")[0]  # 000, 003: two folders share names
                for lang in LANGS:
                    golden = GOLDEN / ruleset / f"{folder}_{example.stem}.{lang}.txt"
                    yield f"rules/{ruleset}.rules", rel, lang, golden


@contextlib.contextmanager
def _at_root() -> Iterator[None]:
    saved = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(saved)


def report(rules: str, example: str, lang: str) -> str:
    """What ``govrules --lang LANG eval RULES EXAMPLE`` prints, run from the repository root."""
    from govrules.cli import main

    out = io.StringIO()
    with _at_root(), contextlib.redirect_stdout(out):
        code = main(["--lang", lang, "eval", rules, example])
    return f"$ govrules --lang {lang} eval {rules} {example}\n{out.getvalue()}(exit {code})\n"


def update() -> list[Path]:
    written = []
    for rules, example, lang, golden in cases():
        golden.parent.mkdir(parents=True, exist_ok=True)
        text = report(rules, example, lang)
        if not golden.exists() or golden.read_text(encoding="utf-8") != text:
            golden.write_text(text, encoding="utf-8")
            written.append(golden)
    return written


if __name__ == "__main__":
    for path in update():
        print(f"updated {path.relative_to(ROOT)}")
