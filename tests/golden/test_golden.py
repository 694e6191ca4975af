"""Current ``govrules eval`` output equals the golden reports, file by file.

After an intended change: ``.venv/bin/python tests/golden/golden_reports.py``, then
review the diff (see README.md in this folder for the figures checked by hand).
"""

from __future__ import annotations

import pytest
from golden_reports import ROOT, cases, report

CASES = list(cases())


def test_every_bundled_example_has_goldens():
    assert len(CASES) == 2 * (4 + 4 + 7)
    assert all(golden.exists() for *_, golden in CASES), "run tests/golden/golden_reports.py"


@pytest.mark.parametrize(("rules", "example", "lang", "golden"), CASES, ids=lambda v: v.name if hasattr(v, "name") else None)
def test_eval_output_equals_golden(rules, example, lang, golden):
    expected = golden.read_text(encoding="utf-8")
    actual = report(rules, example, lang)
    assert str(ROOT) not in actual
    assert actual == expected, f"{golden.name} differs; if intended, run tests/golden/golden_reports.py and review the diff"
