"""Which definitions and sections each rule refers to: the graph, its cycles, and an order
in which every definition comes after those it refers to.

All of it without recursion, so that a chain or a cycle of any length is safe: the checker
reports cycles from here (GR405), and evaluation computes definitions in this order, so
that working out one value never nests deeper than one definition's own formula.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import ast
from .names import DIRECTION, MET, TOTAL

Graph = dict[str, list[str]]  # a definition or section → the definitions and sections it refers to, sorted


def children(expr: ast.Expr) -> Iterator[ast.Expr]:
    """The expressions directly inside one."""
    match expr:
        case ast.Call(_, args):
            yield from args
        case ast.Unary(_, operand) | ast.Test(_, operand):
            yield operand
        case ast.Binary(_, left, right):
            yield left
            yield right


def names(*exprs: ast.Expr | None) -> set[str]:
    """Every name used in the expressions."""
    out: set[str] = set()
    todo = [e for e in exprs if e is not None]
    while todo:
        e = todo.pop()
        if isinstance(e, ast.Name):
            out.add(e.name)
        todo.extend(children(e))
    return out


def depth(expr: ast.Expr) -> int:
    """How deeply an expression nests (a name or a number: 1)."""
    deepest = 0
    todo = [(expr, 1)]
    while todo:
        e, d = todo.pop()
        deepest = max(deepest, d)
        todo.extend((c, d + 1) for c in children(e))
    return deepest


def statement_exprs(st: ast.Statement) -> list[ast.Expr | None]:
    """Every expression of a statement."""
    match st:
        case ast.Definition():
            return definition_exprs(st)
        case ast.Section():
            return section_exprs(st)
        case ast.Check():
            return [st.condition]
        case ast.Reconcile():
            return [st.recomputed, st.reported, st.tolerance]
    return []


def size(tree: ast.RuleFile) -> int:
    """How many expression nodes a rule file has (at least 1)."""
    count = 1
    todo = [e for st in tree.statements for e in statement_exprs(st) if e is not None]
    while todo:
        count += 1
        todo.extend(children(todo.pop()))
    return count


def definition_exprs(d: ast.Definition) -> list[ast.Expr | None]:
    """The expressions of a definition: its formula, or its subject, cases and bands."""
    return [d.expr, d.subject, *(x for c in d.cases for x in (c.condition, c.result)), *(b.result for b in d.bands)]


def section_exprs(s: ast.Section) -> list[ast.Expr | None]:
    return [*(definition_exprs(s.score) if s.score is not None else ()), *(x for d in s.deductions for x in (d.points, d.condition))]


def template_names(text: str | None) -> set[str]:
    from .check import TEMPLATE_FIELD

    return {m.group(1).strip() for m in TEMPLATE_FIELD.finditer(text or "")}


def references(tree: ast.RuleFile) -> Graph:
    """For each definition and section (and 总分), the definitions and sections it refers
    to. A name asking whether an indicator met its target (达成) refers to 方向 where the
    rule set defines it: the judgement uses it."""
    defs = {st.name: st for st in tree.statements if isinstance(st, ast.Definition)}
    sections = {st.name: st for st in tree.statements if isinstance(st, ast.Section)}
    known = set(defs) | set(sections) | set(TOTAL)
    direction = next((n for n in DIRECTION if n in defs), None)

    def refs(used: set[str]) -> list[str]:
        if direction is not None and used & set(MET):
            used = used | {direction}
        return sorted(used & known)

    graph: Graph = {}
    for name, d in defs.items():
        if name not in graph:  # the first of a name defined twice (GR404)
            graph[name] = refs(names(*definition_exprs(d)))
    for name, s in sections.items():
        if name not in graph:
            graph[name] = refs(names(*section_exprs(s)) | {n for d in s.deductions for n in template_names(d.reason)})
    for t in TOTAL:
        graph[t] = sorted(sections)
    return graph


def cycles(graph: Graph, most: int = 50) -> list[list[str]]:
    """Cycles in the graph, each as a path that ends where it starts (a → b → a), found
    depth first from each name in turn; at most ``most`` of them, each reported once."""
    found: list[list[str]] = []
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    for start in graph:
        if start in state:
            continue
        path, at = [start], {start: 0}
        todo = [iter(graph.get(start, ()))]
        state[start] = 1
        while todo:
            node = next(todo[-1], None)
            if node is None:
                todo.pop()
                state[path.pop()] = 2
                continue
            if state.get(node) == 1:
                cycle = path[at[node]:] + [node]
                key = frozenset(cycle)
                if key not in reported and len(found) < most:
                    reported.add(key)
                    found.append(cycle)
            elif node not in state:
                state[node] = 1
                at[node] = len(path)
                path.append(node)
                todo.append(iter(graph.get(node, ())))
    return found


def order(graph: Graph) -> list[str]:
    """Every name of the graph, each after the names it refers to (where there is no cycle)."""
    out: list[str] = []
    seen: set[str] = set()
    for start in graph:
        if start in seen:
            continue
        seen.add(start)
        todo = [(start, iter(graph.get(start, ())))]
        while todo:
            node, rest = todo[-1]
            nxt = next(rest, None)
            if nxt is None:
                todo.pop()
                out.append(node)
            elif nxt not in seen:
                seen.add(nxt)
                todo.append((nxt, iter(graph.get(nxt, ()))))
    return out
