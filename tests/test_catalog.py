"""The catalog of diagnostic codes (messages.CODES) is complete and its examples are true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govrules.errors import GovrulesError, Severity
from govrules.messages import CODES, MESSAGES, CodeDoc
from govrules.rules.lint import diagnose_rules
from govrules.submissions import load_submission
from govrules.targets import parse, parse_actual

SRC = Path(__file__).resolve().parent.parent / "src" / "govrules"
CODE = re.compile(r"\bGR\d{3}\b")


def codes_in_source() -> set[str]:
    return {c for f in SRC.rglob("*.py") for c in CODE.findall(f.read_text(encoding="utf-8"))}


def test_every_code_in_the_source_is_in_the_catalog():
    found = codes_in_source()
    assert len(found) > 40  # the scan itself works
    assert sorted(found - set(CODES)) == []


def test_catalog_is_sorted_and_keyed_by_its_codes():
    assert list(CODES) == sorted(CODES)
    assert all(key == doc.code and CODE.fullmatch(key) for key, doc in CODES.items())
    assert all(doc.example_kind in ("target", "rules", "submission", "") for doc in CODES.values())
    assert all(bool(doc.example) == bool(doc.example_kind) for doc in CODES.values())
    assert all(doc.title_zh and doc.title_en and doc.about_zh and doc.about_en for doc in CODES.values())


def test_target_messages_and_catalog_agree_on_severity():
    assert all(CODES[code].severity == m.severity for code, m in MESSAGES.items())


def produced(doc: CodeDoc, tmp_path: Path) -> list[tuple[str, Severity]]:
    """The (code, severity) of every diagnostic the example gives."""
    if doc.example_kind == "target":
        cells = doc.example.split("\t")
        text, actual, name = cells[0], (cells[1:2] or [""])[0], (cells[2:3] or [None])[0]
        found = list(parse(text, name).diagnostics) + (list(parse_actual(actual, text, name).diagnostics) if actual else [])
    elif doc.example_kind == "rules":
        found = diagnose_rules(doc.example, "example.rules")[1]
    else:
        file = tmp_path / "example.yaml"
        file.write_text(doc.example, encoding="utf-8")
        try:
            load_submission(file)
            found = []
        except GovrulesError as e:
            found = list(e.diagnostics)
    return [(d.code, d.severity) for d in found]


@pytest.mark.parametrize("doc", [d for d in CODES.values() if d.example], ids=lambda d: d.code)
def test_each_example_produces_its_code(doc: CodeDoc, tmp_path: Path):
    got = produced(doc, tmp_path)
    assert (doc.code, doc.severity) in got, got


def test_most_codes_have_an_example():
    # GR7xx need a running service or a folder of rule sets: tests/test_service.py produces each;
    # GR22x need a spreadsheet file: tests/test_io_*.py make the files and produce each
    sheets = [c for c in CODES if c.startswith("GR22")]
    io_tests = " ".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_io_*.py"))
    assert sheets and all(c in io_tests for c in sheets)
    library = [d for d in CODES.values() if not d.code.startswith("GR7") and d.code not in sheets]
    with_example = [d for d in library if d.example]
    assert len(with_example) >= len(library) * 2 // 3  # the rest need files, a run or stdin bytes
