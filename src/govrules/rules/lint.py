"""Static analyses run by ``govrules check``, beyond the checks every load makes.

- GR420 bands that leave values in no band, GR421 bands that overlap (bands are
  tried in order and the first that matches wins, so the later band never gets the
  overlapping values). A one-sided band after one-sided bands of the same direction
  (``≥90%`` then ``≥80%``) is the stepped-threshold idiom of the policy texts
  (“≥70%得3分，≥65%得1分”) and is not reported; a band that can never match is.
- GR422 cases that never apply: after an unconditional case (``真``), or with the
  same condition as an earlier case (compared as trees, positions ignored).
- GR423 deductions and checks whose condition can never hold: constant false,
  contradictory bounds on one name (``x < 5 且 x > 10``), ``为空 且 不为空``, or two
  texts for one name (:mod:`govrules.rules.conditions`).
- GR424 definitions nothing uses. Only a note (info): every definition is still
  reported among the result's figures, and a rule set may define a figure just to
  report it (e.g. the grade 等级 of a self-evaluation).
- GR412 two versions of one rule set (same name and kind) in force at once, or
  with one version number (across files: :func:`version_conflicts`).

Deductions that can apply together and exceed their section are GR408, reported at load time.
:func:`diagnose_rules` runs syntax checks, load-time checks and these analyses on
one text and never raises; :func:`diagnose_paths` does it for files and directories.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import Diagnostic, GovrulesError, Severity, Span, sort_diagnostics
from ..targets import parse as parse_target
from ..targets.values import AllOf, AnyOf, Comparison, Prose, Quantity, Range, Value, number_text
from . import ast
from .check import names_in, refs_of_definition, template_names, check
from .conditions import EVERYTHING, Interval, Set, always, comparison, intersect, minus, never, shape, union
from .loading import decode_rule_text, load_rule_file, read_rule_text, rule_paths, version_conflicts
from .parse import chunks, gc_paused, parse_partial

W, I = Severity.WARNING, Severity.INFO


# --- bands (GR420, GR421) -------------------------------------------------------------------


class _Unit(NamedTuple):
    magnitude: str
    unit: str


def _band_set(value: Value, units: set[_Unit]) -> Set | None:
    """The values a band's target admits (None: not a figure target)."""
    match value:
        case Quantity():  # a bare figure reads as “at least” (正向), as in judging
            units.add(_Unit(value.magnitude, value.unit))
            return comparison("≥", value.number)
        case Comparison(op, q):
            units.add(_Unit(q.magnitude, q.unit))
            return comparison(op, q.number)
        case Range(low, high):
            units.update((_Unit(low.magnitude, low.unit), _Unit(high.magnitude, high.unit)))
            return (Interval(low.number, True, high.number, True),)
        case AllOf(parts) | AnyOf(parts):
            sets = [_band_set(p, units) for p in parts]
            if any(s is None for s in sets):
                return None
            if isinstance(value, AnyOf):
                return union(i for s in sets if s for i in s)
            result = EVERYTHING
            for s in sets:
                result = intersect(result, s or ())
            return result
        case Prose(_, embedded):
            return _band_set(embedded, units)
    return None


def _show(s: Set, unit: _Unit, lang: str) -> str:
    def n(x: Decimal) -> str:
        return number_text(x.normalize() if x == x.to_integral_value() else x) + unit.magnitude + unit.unit

    parts = []
    for i in s:
        if i.low is not None and i.low == i.high:
            parts.append(n(i.low))
        elif i.high is None:
            parts.append(("≥" if i.low_closed else ">") + n(i.low) if i.low is not None else ("any value" if lang == "en" else "任何数值"))
        elif i.low is None:
            parts.append(("≤" if i.high_closed else "<") + n(i.high))
        else:
            text = f"{n(i.low)}～{n(i.high)}"
            open_ends = [n(e) for e, closed in ((i.low, i.low_closed), (i.high, i.high_closed)) if not closed]
            if open_ends:
                text += f" ({', '.join(open_ends)} excluded)" if lang == "en" else f"（不含{'、'.join(open_ends)}）"
            parts.append(text)
    return (", " if lang == "en" else "、").join(parts)


def _one_sided(s: Set) -> str | None:
    if len(s) == 1 and s[0].high is None and s[0].low is not None:
        return "up"
    if len(s) == 1 and s[0].low is None and s[0].high is not None:
        return "down"
    return None


BANDS_ANALYSED = 200  # GR420/GR421 compare each band with those before it: bounded


def _bands(owner: ast.Definition, rules: ast.RuleFile, name: str) -> Iterator[Diagnostic]:
    bands = owner.bands
    if len(bands) > BANDS_ANALYSED:
        return
    units: set[_Unit] = set()
    sets = []
    for b in bands:
        s = _band_set(parse_target(b.target).value, units)
        if s is None:
            return  # a band that is not a figure target: nothing to reason about
        sets.append(s)
    if len(units) != 1 or not sets:
        return  # mixed units are GR407/GR108 territory; no interval reasoning across them
    unit = units.pop()
    negative = any(i.low is not None and i.low < 0 or i.high is not None and i.high < 0 for s in sets for i in s)
    universe = EVERYTHING if negative else (Interval(Decimal(0), True, None, False),)
    covered: Set = ()
    directions: set[str | None] = set()
    for band, s in zip(bands, sets):
        lost = intersect(s, covered)
        direction = _one_sided(s)
        stepped = direction is not None and directions == {direction}
        if lost == union(s) or not intersect(s, universe):
            yield _diag("GR421", W, f"这一档永远用不到：{_show(s, unit, 'zh')} 的数值都已落入前面的档", f"this band is never used: every value of {_show(s, unit, 'en')} already falls in an earlier band", band.span, rules,
                        ("分档按顺序取第一个符合的；调整端点或顺序", "bands are tried in order and the first match wins; move an end or reorder"))  # fmt: skip
        elif lost and not stepped:
            yield _diag("GR421", W, f"分档重叠：{_show(lost, unit, 'zh')} 已落入前面的档，永远不会归入这一档", f"bands overlap: an earlier band already takes {_show(lost, unit, 'en')}, so this band never gets it", band.span, rules,
                        ("分档按顺序取第一个符合的；相邻两档一端用“≥”，另一端用“<”", "bands are tried in order and the first match wins; close one end with ≥ and the next with <"))  # fmt: skip
        covered = union((*covered, *s))
        directions.add(direction)
    gap = intersect(minus(EVERYTHING, covered), universe)
    if gap:
        yield _diag("GR420", W, f"“{name}”的分档有空缺：{_show(gap, unit, 'zh')} 不属于任何一档", f"the bands of “{name}” leave a gap: no band takes {_show(gap, unit, 'en')}", owner.span, rules,
                    ("补一档（如“以外”的情形），或调整端点（注意“≥”与“>”）", "add a band for the rest, or move an end (mind ≥ versus >)"))  # fmt: skip


# --- cases (GR422) ------------------------------------------------------------------------------


def _cases(d: ast.Definition, rules: ast.RuleFile) -> Iterator[Diagnostic]:
    seen: dict[Any, ast.Case] = {}
    unconditional: ast.Case | None = None  # the first earlier case that always holds
    for c in d.cases:
        if c.condition is None:
            return  # 否则 not last is GR414
        key = shape(c.condition)
        if unconditional is not None:
            yield _diag("GR422", W, f"这一情形永远用不到：第 {unconditional.span.line} 行的情形总是成立", f"this case never applies: the case on line {unconditional.span.line} always holds", c.span, rules,
                        ("把总是成立的情形放在最后，或写成“否则”", "put the case that always holds last, or write it as “otherwise”"))  # fmt: skip
            return
        if key in seen:
            yield _diag("GR422", W, f"这一情形永远用不到：条件与第 {seen[key].span.line} 行相同", f"this case never applies: its condition is the same as on line {seen[key].span.line}", c.span, rules,
                        ("删去这一行，或改写条件", "remove the line or change its condition"))  # fmt: skip
        elif never(c.condition):
            yield _diag("GR422", W, "这一情形永远用不到：条件永远不成立", "this case never applies: its condition never holds", c.span, rules)
        seen.setdefault(key, c)
        if always(c.condition):
            unconditional = c


# --- conditions that never hold (GR423) -------------------------------------------------------


def _conditions(rules: ast.RuleFile) -> Iterator[Diagnostic]:
    for st in rules.statements:
        if isinstance(st, ast.Section):
            for d in st.deductions:
                if never(d.condition):
                    yield _diag("GR423", W, "这条扣分永远不会发生：条件永远不成立", "this deduction never applies: its condition can never hold", d.span, rules,
                                ("检查条件：是否写反了“<”与“>”，或把“或”写成了“且”", "check the condition: < and > swapped, or 且 (and) written for 或 (or)?"))  # fmt: skip
        elif isinstance(st, ast.Check) and never(st.condition):
            yield _diag("GR423", W, "这条检查永远不会触发：条件永远不成立", "this check never fires: its condition can never hold", st.span, rules,
                        ("检查条件：是否写反了“<”与“>”，或把“或”写成了“且”", "check the condition: < and > swapped, or 且 (and) written for 或 (or)?"))  # fmt: skip


# --- unused definitions (GR424) -------------------------------------------------------------------


def _uses(st: ast.Statement) -> set[str]:
    match st:
        case ast.Definition():
            return refs_of_definition(st)
        case ast.Section():
            refs = _uses(st.score) if st.score is not None else set()
            for d in st.deductions:
                refs |= names_in(d.points) | names_in(d.condition) | template_names(d.reason)
            return refs
        case ast.Check():
            return names_in(st.condition) | template_names(st.reason)
        case ast.Reconcile():
            return names_in(st.recomputed) | names_in(st.reported) | names_in(st.tolerance)
    return set()


def _unused(rules: ast.RuleFile) -> Iterator[Diagnostic]:
    used: set[str] = set()
    for st in rules.statements:
        used |= _uses(st) - ({st.name} if isinstance(st, ast.Definition) else set())
    for st in rules.statements:
        if isinstance(st, ast.Definition) and st.name not in used:
            yield _diag("GR424", I, f"“{st.name}”没有被任何评分、检查、核对或其他定义用到", f"“{st.name}” is used by no score, check, reconciliation or other definition", st.span, rules,
                        ("它仍会列在结果的数字中；若不需要可删去", "it is still listed among the result's figures; remove it if it is not needed"))  # fmt: skip


# --- putting it together ------------------------------------------------------------------------------


def _diag(code: str, severity: Severity, zh: str, en: str, span: Span, rules: ast.RuleFile, hint: tuple[str, str] = ("", "")) -> Diagnostic:
    return Diagnostic(code, severity, zh, en, hint[0], hint[1], span, "", rules.source_line(span))


def lint(rules: ast.RuleFile) -> list[Diagnostic]:
    """The analyses of ``govrules check`` beyond the load-time checks, sorted by position."""
    out: list[Diagnostic] = []
    for st in rules.statements:
        if isinstance(st, ast.Definition):
            out.extend(_cases(st, rules))
            out.extend(_bands(st, rules, st.name))
        elif isinstance(st, ast.Section) and st.score is not None:
            out.extend(_bands(st.score, rules, st.name))
    out.extend(_conditions(rules))
    out.extend(_unused(rules))
    return sort_diagnostics(out)


_DEFINES = re.compile(r"^(?:(?:每个指标|each)[ \t]+)?(?:(?:设|评分)[ \t]*|(?:let|section)[ \t]+)([^\W\d][\w·]*)", re.MULTILINE)


def diagnose_rules(text: str, path: str = "<rules>", *, from_file: bool = False) -> tuple[ast.RuleFile, list[Diagnostic]]:
    """Every syntax error, load-time check and analysis of one rule text, sorted; never raises.

    The checks run on every chunk that parsed, also when others have syntax errors;
    a name defined on a line that did not parse is then not reported as unknown.
    With ``from_file`` (``text`` was read from ``path``), the files it includes
    (``引用``) are loaded and checked with it; otherwise, or when they cannot be
    loaded, names that may come from them are not reported as unknown.
    """
    with gc_paused():
        return _diagnose(text, path, from_file)


def _diagnose(text: str, path: str, from_file: bool) -> tuple[ast.RuleFile, list[Diagnostic]]:
    tree, syntax = parse_partial(text, path)
    checked: ast.RuleFile = tree
    extra: list[Diagnostic] = []
    defined = {st.name for st in tree.statements if isinstance(st, (ast.Definition, ast.Section))}
    uncertain: set[str] | None = set(_DEFINES.findall(text)) - defined if syntax else set()
    if tree.header.includes:
        uncertain = None  # any name may come from an included file
        if from_file and not syntax:
            try:
                checked, uncertain = load_rule_file(path), set()
            except GovrulesError as e:
                extra = list(e.diagnostics)
    semantic = [d for d in check(checked) if not (d.code == "GR401" and (uncertain is None or _quoted_name(d) in uncertain))]
    own = [d for d in lint(checked) if d.code != "GR424" or (d.span is not None and d.span.file == path)]  # included files are checked on their own
    # A line with a syntax error gets only that, and a name it uses is not reported as unused.
    # A block with one is read without its broken lines: checked for names and units, but not
    # analysed (a band left out would look like a gap).
    broken = {d.span.line for d in syntax if d.span is not None and d.span.file == path}
    words = " ".join(tree.lines[n - 1] for n in broken if 0 < n <= len(tree.lines))
    damaged: set[int] = set()
    for start, block in chunks(text):
        block_lines = set(range(start + 1, start + 2 + block.count("\n")))
        damaged |= block_lines if block_lines & broken else set()
    here = [d for d in [*extra, *semantic] if not (d.span is not None and d.span.file == path and d.span.line in broken)]
    analyses = [d for d in own if not (d.span is not None and d.span.file == path and d.span.line in damaged)]
    found = [d for d in [*here, *analyses] if not (d.code == "GR424" and broken and _quoted_name(d) in words)]
    return checked, sort_diagnostics([*syntax, *found])


def _quoted_name(d: Diagnostic) -> str:
    m = re.search(r"“(.+)”", d.zh)
    return m.group(1) if m else ""


def diagnose_paths(paths: Iterable[str | Path]) -> list[Diagnostic]:
    """Every diagnostic of the rule files at ``paths`` (files or directories), sorted; never raises."""
    files, out = rule_paths(paths)
    trees = []
    for f in dict.fromkeys(files):
        try:
            text = read_rule_text(f).removeprefix("\ufeff")
        except GovrulesError as e:
            out.extend(e.diagnostics)
            continue
        tree, found = diagnose_rules(text, str(f), from_file=True)
        trees.append(tree)
        out.extend(found)
    out.extend(version_conflicts(trees))
    return sort_diagnostics(d for d in out if not _used_by_includer(d, trees))


def _used_by_includer(d: Diagnostic, trees: list[ast.RuleFile]) -> bool:
    """Whether an unused-definition note is wrong: a file that includes this one uses the name."""
    if d.code != "GR424" or d.span is None:
        return False
    file, name = d.span.file, _quoted_name(d)
    for t in trees:
        if t.path != file and any(st.span.file == file for st in t.statements):
            if any(name in _uses(st) for st in t.statements):
                return True
    return False


__all__ = ["decode_rule_text", "diagnose_paths", "diagnose_rules", "lint", "read_rule_text", "rule_paths", "sort_diagnostics", "version_conflicts"]
