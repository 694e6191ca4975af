"""The fuzzing harnesses of fuzz/, each run on its seed corpus and mutations of it for a
bounded number of inputs (``make fuzz`` runs them under atheris for a set time)."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fuzz import common  # noqa: E402

RUNS = {"targets": ("target_seeds", 400), "rules": ("rule_seeds", 100), "submissions": ("submission_seeds", 200), "evaluation": ("submission_seeds", 100)}


@pytest.mark.parametrize("entry", sorted(RUNS))
def test_harness_holds_on_seeds_and_mutations(entry: str) -> None:
    seeds_of, count = RUNS[entry]
    seeds = getattr(common, seeds_of)()
    assert len(seeds) >= 8, "the seed corpus is read from tests/ and examples/"
    one_input = importlib.import_module(f"fuzz.{entry}").one_input
    for data in common.inputs(seeds, count):
        try:
            one_input(data)
        except Exception as e:
            raise AssertionError(f"{entry}: {type(e).__name__}: {e}\ninput: {data[:300]!r}") from e


def test_the_mutations_are_the_same_every_run() -> None:
    seeds = common.target_seeds()
    assert list(common.inputs(seeds, 50)) == list(common.inputs(seeds, 50))
    assert len(set(common.inputs(seeds, 200))) > 150


def test_a_broken_property_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The harnesses can fail: a canonical text that does not parse back is reported."""
    from fuzz import targets

    monkeypatch.setattr(targets, "render", lambda value: "≥1人")
    with pytest.raises(common.PropertyFailure, match="canonical text"):
        targets.one_input("≥95%".encode())
    with pytest.raises(common.PropertyFailure, match="float"):
        common.no_float({"a": [1, (2, 0.5)]}, "x")
    with pytest.raises(common.PropertyFailure, match="column"):
        from govrules.errors import Diagnostic, Severity, Span

        common.positions_in([Diagnostic("GR300", Severity.ERROR, "", "", span=Span("f", 1, 9))], ["abc"])


def test_atheris_drives_a_harness(tmp_path: Path) -> None:
    """``fuzz/run.py`` under atheris (what ``make fuzz`` runs), for a bounded number of inputs."""
    stats = tmp_path / "stats.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "fuzz/run.py"), "targets", "--runs", "300", "--seconds", "60", "--stats", str(stats)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"^Done \d+ runs", done.stderr, re.MULTILINE), done.stderr[-2000:]  # the seeds, then 300 more
    summary = json.loads(stats.read_text(encoding="utf-8"))
    assert summary["entry_point"] == "targets" and summary["failures"] == 0 and summary["inputs"] > 0
