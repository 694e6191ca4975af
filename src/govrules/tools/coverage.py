"""Rule coverage for ``govrules test --coverage``: which lines of a rule file any test exercised.

A rule file's coverable units, each at its line:

==========  =========================================================
定义        a definition (``设 …``): exercised when it was evaluated
分支 / 档次  a case or band line: exercised when it was the one that applied
评分        a section: exercised when it was evaluated
扣分        a deduction line: exercised when its condition held at least once
检查        a check: exercised when it produced a finding at least once
核对        a reconcile: exercised when it compared a reported value at least once
==========  =========================================================

Cases, bands, deductions, checks and reconciles are recorded through the evaluator's
tracer (:class:`govrules.rules.evaluate.Tracer`); definitions and sections from the
result. Units are keyed by their position (file, line, column), so results from
several test files on the same rule file add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..rules import ast
from ..rules.compile import RuleSet
from ..rules.evaluate import Tracer
from ..rules.names import round_half_up
from ..rules.results import Result

Key = tuple[str, int, int]

KIND_NAMES = {
    "definition": ("定义", "definition"), "case": ("分支", "case"), "band": ("档次", "band"),
    "section": ("评分", "section"), "deduction": ("扣分", "deduction"), "check": ("检查", "check"),
    "reconcile": ("核对", "reconcile"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Unit:
    file: str
    line: int
    column: int
    kind: str  # a key of KIND_NAMES
    text: str  # the rule line, stripped

    @property
    def key(self) -> Key:
        return (self.file, self.line, self.column)


def _key(node: Any) -> Key:
    return (node.span.file, node.span.line, node.span.column)


class CoverageTracer(Tracer):
    """Records every case, band, deduction, check and reconcile the evaluator reports."""

    def __init__(self) -> None:
        self.hit: set[Key] = set()

    def chose(self, node: Any) -> None:
        self.hit.add(_key(node))

    def fired(self, node: Any) -> None:
        self.hit.add(_key(node))

    def compared(self, node: Any) -> None:
        self.hit.add(_key(node))


def units(rules: RuleSet) -> list[Unit]:
    """Every coverable unit of a rule set, in file order."""
    tree = rules.tree
    out: list[Unit] = []

    def add(node: Any, kind: str) -> None:
        out.append(Unit(node.span.file, node.span.line, node.span.column, kind, _line(tree, node)))

    def definition(d: ast.Definition, own_unit: bool) -> None:
        if own_unit:
            add(d, "definition")
        for c in d.cases:
            add(c, "case")
        for b in d.bands:
            add(b, "band")

    for st in tree.statements:
        if isinstance(st, ast.Definition):
            definition(st, True)
        elif isinstance(st, ast.Section):
            add(st, "section")
            if st.score is not None:
                definition(st.score, False)
            for d in st.deductions:
                add(d, "deduction")
        elif isinstance(st, ast.Check):
            add(st, "check")
        elif isinstance(st, ast.Reconcile):
            add(st, "reconcile")
    return sorted(out, key=lambda u: u.key)


def _line(tree: ast.RuleFile, node: Any) -> str:
    text = tree.source_line(node.span)
    if not text:  # a node from an included file
        try:
            text = Path(node.span.file).read_text(encoding="utf-8-sig").splitlines()[node.span.line - 1]
        except (OSError, UnicodeDecodeError, IndexError):
            text = ""
    return text.strip()


def evaluated(rules: RuleSet, result: Result) -> set[Key]:
    """The definitions and sections an evaluation computed (read from its result)."""
    names = set(result.figures) | {n for ind in result.indicators for n in ind.values}
    done = {name for name, d in rules.definitions.items() if name in names}
    out = {_key(d.node) for name, d in rules.definitions.items() if name in done}
    sections = {s.name for s in result.sections}
    out |= {_key(s.node) for s in rules.sections if s.name in sections}
    return out


@dataclass
class FileCoverage:
    """One rule file's units and which of them were exercised."""

    path: str
    units: dict[Key, Unit] = field(default_factory=dict)
    hit: set[Key] = field(default_factory=set)

    @property
    def exercised(self) -> int:
        return sum(1 for k in self.units if k in self.hit)

    @property
    def percent(self) -> Decimal:
        if not self.units:
            return Decimal(100)
        return round_half_up(Decimal(self.exercised) * 100 / len(self.units), 1)

    def missed(self) -> list[Unit]:
        return [u for k, u in sorted(self.units.items()) if k not in self.hit]

    def to_json(self) -> dict[str, Any]:
        return {
            "rules": self.path, "units": len(self.units), "exercised": self.exercised, "percent": str(self.percent),
            "lines": [{"line": u.line, "kind": u.kind, "text": u.text, "exercised": k in self.hit} for k, u in sorted(self.units.items())],
            "unexercised": [{"line": u.line, "kind": u.kind, "text": u.text} for u in self.missed()],
        }  # fmt: skip


class Coverage:
    """Coverage of every rule file a test run touched, keyed by the rule file's path."""

    def __init__(self) -> None:
        self.files: dict[str, FileCoverage] = {}

    def add_rules(self, rules: RuleSet) -> None:
        for u in units(rules):
            fc = self.files.setdefault(_norm(u.file), FileCoverage(u.file))
            fc.units.setdefault(_nkey(u.key), u)

    def record(self, rules: RuleSet, result: Result, tracer: CoverageTracer) -> None:
        self.add_rules(rules)
        for key in tracer.hit | evaluated(rules, result):
            fc = self.files.get(_norm(key[0]))
            if fc is not None:
                fc.hit.add(_nkey(key))

    def below(self, minimum: Decimal) -> list[FileCoverage]:
        return [fc for fc in self.files.values() if fc.percent < minimum]

    def render(self, lang: str = "zh") -> str:
        en = lang == "en"
        lines = ["Coverage:" if en else "覆盖率："]
        for fc in sorted(self.files.values(), key=lambda f: f.path):
            lines.append(f"  {fc.path}  {fc.exercised}/{len(fc.units)}  {fc.percent}%")
            for u in fc.missed():
                kind = KIND_NAMES[u.kind][1 if en else 0]
                where = f"line {u.line}" if en else f"第 {u.line} 行"
                lines.append(f"    {'not exercised' if en else '未覆盖'}  {where}  {kind}  {u.text}")
        return "\n".join(lines)

    def to_json(self) -> list[dict[str, Any]]:
        return [fc.to_json() for fc in sorted(self.files.values(), key=lambda f: f.path)]


def _nkey(key: Key) -> Key:
    return (_norm(key[0]), key[1], key[2])


def _norm(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, ValueError):
        return path
