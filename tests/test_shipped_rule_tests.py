"""Every case of the shipped rule tests (rules/*.test.yaml) as a pytest item, their coverage,
and the CI gate on the shipped rule sets: the three commands of docs/cli.md, run as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from govrules.cli import main
from govrules.errors import GovrulesError
from govrules.rules import load_rules
from govrules.tools.coverage import Coverage
from govrules.tools.ruletest import load_test_file, run_case, run_file

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
TEST_FILES = sorted(RULES.glob("*.test.yaml"))
MIN_COVERAGE = 90


def _cases() -> list[object]:
    params: list[object] = []
    for path in TEST_FILES:
        try:
            n = len(load_test_file(path).cases)
        except GovrulesError:  # reported by test_every_test_file_loads, with its diagnostics
            continue
        params += [pytest.param(path, i, id=f"{path.name}[{i}]") for i in range(n)]
    return params


def test_every_shipped_rule_set_has_tests():
    assert TEST_FILES
    assert {p.name.removesuffix(".test.yaml") for p in TEST_FILES} == {p.stem for p in RULES.glob("*.rules")}


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.name)
def test_every_test_file_loads(path: Path):
    assert load_test_file(path).cases


@pytest.mark.parametrize(("path", "index"), _cases())
def test_shipped_rule_test_case(path: Path, index: int):
    tf = load_test_file(path)
    outcome = run_case(tf, load_rules(tf.rules_path), tf.cases[index])
    assert outcome.passed, outcome.render()


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.name)
def test_shipped_rule_sets_are_covered(path: Path):
    """At least 90% of the definitions, cases, bands, sections, deductions, checks and
    reconciles of each shipped rule set are exercised (all of them, at the time of writing)."""
    coverage = Coverage()
    run = run_file(path, coverage=coverage)
    assert not run.errors and all(o.passed for o in run.outcomes)
    (fc,) = [f for f in coverage.files.values() if Path(f.path).name == path.name.removesuffix(".test.yaml") + ".rules"]
    assert fc.percent >= MIN_COVERAGE, coverage.render()


def test_files_the_shipped_rule_sets_include_are_covered_by_their_tests_together():
    """rules/common/*.rules, included by several rule sets: covered by all their tests together."""
    coverage = Coverage()
    for path in TEST_FILES:
        assert not run_file(path, coverage=coverage).errors
    included = [f for f in coverage.files.values() if Path(f.path).parent.name == "common"]
    assert included and all(f.percent >= MIN_COVERAGE for f in included), coverage.render()


def _gate() -> list[str]:
    """The commands of the CI gate, as docs/cli.md states them."""
    page = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    block = page.split("<!-- ci-gate -->\n```sh\n", 1)[1].split("```", 1)[0]
    return block.splitlines()


def test_the_ci_gate_is_stated_with_this_coverage_floor():
    assert _gate() == ["govrules check --strict rules/", "govrules fmt --check rules/", f"govrules test rules/ --min-coverage {MIN_COVERAGE}"]
    assert f"govrules test rules/ --min-coverage {MIN_COVERAGE}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", _gate())
def test_the_ci_gate_passes(command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(ROOT)
    code = main(command.split()[1:])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
