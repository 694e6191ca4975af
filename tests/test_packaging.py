"""A wheel built from this checkout works on its own: grammar and shipped rule sets included,
loaded from the package, the licence and version in its metadata."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIP_QUIET = ("--disable-pip-version-check", "--no-cache-dir", "-q")

PROBE = """
import json
from importlib import resources
import govrules
from govrules.targets import parse
p = parse("105%≤≥95%")
print(json.dumps({
    "canonical": p.canonical,
    "codes": [d.code for d in p.diagnostics],
    "module": govrules.__file__,
    "packaged_grammar": resources.files("govrules").joinpath("grammar", "target.lark").is_file(),
}))  # ASCII only: no dependence on the locale
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", *PIP_QUIET, "--no-deps", "--no-build-isolation", "-w", str(out), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("govrules-*.whl")
    return built


def test_wheel_holds_the_grammar_and_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "govrules/grammar/target.lark" in names
        assert {"govrules/__init__.py", "govrules/grammars.py", "govrules/targets/parse.py", "govrules/py.typed"} <= names
        assert {"govrules/report/templates/report.html.j2", "govrules/report/templates/report.css"} <= names  # the HTML report's templates
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "govrules = govrules.cli:main" in zf.read(entry_points).decode()
        packaged = zf.read("govrules/grammar/target.lark").decode("utf-8")
        shipped = sorted(p.name for p in (ROOT / "rules").glob("*.rules"))
        assert len(shipped) >= 3
        assert {f"govrules/rulesets/{name}" for name in shipped} <= names
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        licence = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
        assert zf.read(licence).decode() == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert packaged == (ROOT / "grammar" / "target.lark").read_text(encoding="utf-8")
    assert "License-Expression: Apache-2.0" in metadata
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8") and "Version 2.0, January 2004" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    from govrules import __version__

    assert f"\nVersion: {__version__}\n" in metadata


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed on its own (--no-deps: lark, pydantic and pyyaml come from this venv)."""
    target = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", *PIP_QUIET, "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def _run_installed(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(target)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, timeout=120, check=False)


def test_installed_wheel_evaluates_with_a_shipped_rule_set_by_name(installed: Path, tmp_path: Path) -> None:
    """`govrules eval 项目支出绩效自评 FILE` from another folder, with the rules from the wheel."""
    submission = tmp_path / "自评.yaml"
    submission.write_bytes((ROOT / "examples" / "002_self_evaluation" / "01_企业职工基本养老保险.yaml").read_bytes())
    script = installed / "bin" / "govrules"
    assert script.is_file()
    done = _run_installed(installed, tmp_path, str(script), "eval", "项目支出绩效自评", submission.name, "--json")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    out = json.loads(done.stdout.decode("utf-8"))
    assert out["format_version"] == "1.0"
    assert out["ruleset"]["name"] == "项目支出绩效自评" and out["ruleset"]["file"] == "self_evaluation.rules"
    assert out["ruleset"]["rules_hash"].startswith("sha256:") and len(out["ruleset"]["rules_hash"]) == 71
    (record,) = out["results"]
    assert record["result"]["ruleset"] == "项目支出绩效自评" and record["result"]["total"] is not None
    assert record["result"]["rules_hash"] == out["ruleset"]["rules_hash"]
    probe = "import govrules.rules.catalog as c; print(c.shipped_folder())"
    where = _run_installed(installed, tmp_path, "-c", probe)
    assert Path(where.stdout.decode().strip()).resolve().is_relative_to(installed.resolve())  # the wheel's, not the checkout's


def test_installed_wheel_says_its_version_and_lists_rule_sets_by_name(installed: Path, tmp_path: Path) -> None:
    from govrules import __version__

    done = _run_installed(installed, tmp_path, "-m", "govrules", "--version")
    assert done.stdout.decode().strip() == f"govrules {__version__}"
    done = _run_installed(installed, tmp_path, "-m", "govrules", "eval", "没有这个规则集", "x.yaml")
    assert done.returncode == 1
    err = done.stderr.decode("utf-8")
    assert "GR700" in err and "绩效监控审核" in err and "项目支出绩效自评" in err and "绩效目标表审核" in err


def test_installed_wheel_parses_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    done = _run_installed(installed, tmp_path, "-c", PROBE)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    out = json.loads(done.stdout.decode("ascii"))
    assert out["canonical"] == "95%～105%"
    assert out["codes"] == ["GR101"]
    assert Path(out["module"]).resolve().is_relative_to(installed.resolve())  # the wheel, not the checkout
    assert out["packaged_grammar"] is True
