"""A wheel built from this checkout works on its own: grammar included, loaded from the package."""

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
    assert packaged == (ROOT / "grammar" / "target.lark").read_text(encoding="utf-8")


def test_installed_wheel_parses_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", *PIP_QUIET, "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(target)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    out = json.loads(done.stdout.decode("ascii"))
    assert out["canonical"] == "95%～105%"
    assert out["codes"] == ["GR101"]
    assert Path(out["module"]).resolve().is_relative_to(target.resolve())  # the wheel, not the checkout
    assert out["packaged_grammar"] is True
