"""govrules works without the [xlsx] extra: the spreadsheet libraries load only when a sheet is read."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
for name in ("openpyxl", "python_calamine", "xlrd", "docx"):
    sys.modules[name] = None  # importing it now fails, as when it is not installed
import govrules, govrules.io, govrules.evaluation, govrules.cli
from govrules.io import load_inputs
[one] = load_inputs("examples/001_monitoring/01_机关事业单位养老保险.yaml")
assert one.submission is not None
print("ok", sorted(m for m in ("openpyxl", "python_calamine", "xlrd", "docx") if sys.modules.get(m)))
"""


def test_import_and_yaml_without_the_spreadsheet_libraries() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok []"
