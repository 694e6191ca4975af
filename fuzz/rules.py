"""Rule language: load (parse, check, compile), ``govrules check`` (diagnose) and ``govrules fmt``.

Input: a rule file's text (UTF-8, undecodable bytes replaced).
Properties: only GovrulesError escapes, and diagnose never raises; every diagnostic's
position is in the text; the same diagnostics twice; load and check agree (load refuses
exactly when check reports an error, and with a subset of its codes); fmt keeps the
meaning (the formatted text parses to the same tree) and formatting twice changes nothing.
"""

from __future__ import annotations

from govrules.errors import GovrulesError
from govrules.rules import compile_rules
from govrules.rules.format import format_rules, without_spans
from govrules.rules.lint import diagnose_rules
from govrules.rules.parse import parse_rules

from .common import expect, positions_in, text_of

PATH = "<fuzz>"


def one_input(data: bytes) -> None:
    text = text_of(data).removeprefix("\ufeff")
    lines = text.splitlines()
    _, found = diagnose_rules(text, PATH)
    positions_in(found, lines, PATH)
    expect(diagnose_rules(text, PATH)[1] == found, "check is not deterministic")
    errors = {d.code for d in found if d.severity.value == "error"}
    try:
        compile_rules(text, PATH)
        refused: set[str] | None = None
    except GovrulesError as e:
        positions_in(e.diagnostics, lines, PATH)
        refused = {d.code for d in e.diagnostics}
    if refused is None or "GR332" not in refused:  # text with includes cannot be loaded without its file
        expect((refused is None) == (not errors), f"load refused with {refused}, check found errors {sorted(errors)}")
        expect(refused is None or refused <= errors, f"load gave {refused}, check {sorted(errors)}")
    try:
        formatted = format_rules(text, PATH)
    except GovrulesError as e:
        positions_in(e.diagnostics, lines, PATH)
        return
    expect(without_spans(parse_rules(formatted, PATH)) == without_spans(parse_rules(text, PATH)), "fmt changed the meaning")
    expect(format_rules(formatted, PATH) == formatted, "fmt is not idempotent")
