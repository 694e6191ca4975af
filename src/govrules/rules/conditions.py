"""What can be known about a rule's conditions without a submission.

Intervals over one quantity (for bands and bounds), whether a condition always or never
holds, and whether two conditions exclude each other — for load-time checks (GR408:
deductions that can apply together) and the analyses of :mod:`govrules.rules.lint`
(GR420–GR423).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from . import ast


# --- intervals over one quantity ----------------------------------------------------------


class Interval(NamedTuple):
    """Values between ``low`` and ``high`` (None: unbounded), each end open or closed."""

    low: Decimal | None
    low_closed: bool
    high: Decimal | None
    high_closed: bool

    def empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        return self.low > self.high or (self.low == self.high and not (self.low_closed and self.high_closed))


Set = tuple[Interval, ...]  # disjoint, sorted
EVERYTHING: Set = (Interval(None, False, None, False),)


def _low_key(i: Interval) -> tuple[int, Decimal, int]:
    return (0, Decimal(0), 0) if i.low is None else (1, i.low, 0 if i.low_closed else 1)


def union(intervals: Iterable[Interval]) -> Set:
    out: list[Interval] = []
    for i in sorted((i for i in intervals if not i.empty()), key=_low_key):
        if out:
            last = out[-1]
            touches = last.high is None or i.low is None or i.low < last.high or (i.low == last.high and (i.low_closed or last.high_closed))
            if touches:
                if last.high is None or (i.high is not None and (i.high < last.high or (i.high == last.high and not i.high_closed))):
                    continue
                out[-1] = Interval(last.low, last.low_closed, i.high, i.high_closed or (i.high == last.high and last.high_closed))
                continue
        out.append(i)
    return tuple(out)


def intersect(a: Set, b: Set) -> Set:
    out = []
    for x in a:
        for y in b:
            low, low_closed = _tighter(x.low, x.low_closed, y.low, y.low_closed, lower=True)
            high, high_closed = _tighter(x.high, x.high_closed, y.high, y.high_closed, lower=False)
            out.append(Interval(low, low_closed, high, high_closed))
    return union(out)


def _tighter(a: Decimal | None, a_closed: bool, b: Decimal | None, b_closed: bool, lower: bool) -> tuple[Decimal | None, bool]:
    if a is None:
        return b, b_closed
    if b is None or a == b:
        return a, a_closed and (b_closed if b == a else True)
    return (a, a_closed) if (a > b) == lower else (b, b_closed)


def complement(s: Set) -> Set:
    out = []
    low: Decimal | None = None
    low_closed = False
    for i in s:
        if i.low is not None:
            out.append(Interval(low, low_closed, i.low, not i.low_closed))
        if i.high is None:
            return union(out)
        low, low_closed = i.high, not i.high_closed
    out.append(Interval(low, low_closed, None, False))
    return union(out)


def minus(a: Set, b: Set) -> Set:
    return intersect(a, complement(b))


def comparison(op: str, n: Decimal) -> Set:
    return {
        "≥": (Interval(n, True, None, False),), ">": (Interval(n, False, None, False),),
        "≤": (Interval(None, False, n, True),), "<": (Interval(None, False, n, False),),
        "=": (Interval(n, True, n, True),),
    }.get(op, EVERYTHING)  # fmt: skip


# --- conditions ------------------------------------------------------------------------------


def shape(node: Any) -> Any:
    """A syntax tree as nested tuples without positions, for comparing two expressions."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return (type(node).__name__, *(shape(getattr(node, f.name)) for f in dataclasses.fields(node) if f.name != "span"))
    if isinstance(node, tuple):
        return tuple(shape(n) for n in node)
    return node


def always(e: ast.Expr | None) -> bool:
    match e:
        case ast.Bool(value):
            return value
        case ast.Unary("not", operand):
            return never(operand)
        case ast.Binary("or", left, right):
            return always(left) or always(right)
        case ast.Binary("and", left, right):
            return always(left) and always(right)
    return False


def never(e: ast.Expr | None) -> bool:
    match e:
        case ast.Bool(value):
            return not value
        case ast.Unary("not", operand):
            return always(operand)
        case ast.Binary("or", left, right):
            return never(left) and never(right)
        case ast.Binary("and"):
            parts = list(conjuncts(e))
            return any(never(p) for p in parts) or contradictory(parts)
    return False


def conjuncts(e: ast.Expr) -> Iterator[ast.Expr]:
    if isinstance(e, ast.Binary) and e.op == "and":
        yield from conjuncts(e.left)
        yield from conjuncts(e.right)
    else:
        yield e


FLIP = {"<": ">", ">": "<", "≤": "≥", "≥": "≤", "=": "="}


def number(e: ast.Expr) -> Decimal | None:
    if isinstance(e, ast.Number):
        return e.amount
    if isinstance(e, ast.Unary) and e.op == "-":
        n = number(e.operand)
        return -n if n is not None else None
    return None


class Facts(NamedTuple):
    """What conditions joined by 且 say about values, per value (as a tree shape)."""

    bounds: dict[Any, Set]  # numeric bounds: x < 5
    tests: dict[Any, frozenset[str]]  # 为空 / 不为空
    texts: dict[Any, frozenset[str]]  # = "text"
    not_texts: dict[Any, frozenset[str]]  # ≠ "text"

    def impossible(self) -> bool:
        """Whether the facts cannot all hold: bounds on one value that leave nothing
        (``x < 5 且 x > 10``), ``为空 且 不为空``, two texts for one value, or a bound or
        text on a value that is empty."""
        if any(not b for b in self.bounds.values()) or any(t == {"empty", "not_empty"} for t in self.tests.values()):
            return True
        if any(len(t) > 1 or t & self.not_texts.get(key, frozenset()) for key, t in self.texts.items()):
            return True
        # an empty value equals the text "" (and blank ones), is no number and no other text
        return any("empty" in t and (key in self.bounds or any(x.strip() for x in self.texts.get(key, ()))) for key, t in self.tests.items())

    def join(self, other: Facts) -> Facts:
        """The facts of both (their conditions joined by 且)."""
        bounds = dict(self.bounds)
        for key, b in other.bounds.items():
            bounds[key] = intersect(bounds[key], b) if key in bounds else b
        return Facts(bounds, _joined(self.tests, other.tests), _joined(self.texts, other.texts), _joined(self.not_texts, other.not_texts))


def _joined(a: dict[Any, frozenset[str]], b: dict[Any, frozenset[str]]) -> dict[Any, frozenset[str]]:
    return {key: a.get(key, frozenset()) | b.get(key, frozenset()) for key in a.keys() | b.keys()}


def facts(parts: Iterable[ast.Expr]) -> Facts:
    """What the conditions ``parts`` (joined by 且) say: comparisons with a number or a
    text, and 为空 / 不为空 tests; any other part says nothing."""
    found = Facts({}, {}, {}, {})
    for p in parts:
        match p:
            case ast.Binary("=" | "!=", left, ast.Text(text)) if not isinstance(left, ast.Text):
                table = found.texts if p.op == "=" else found.not_texts
                table[shape(left)] = table.get(shape(left), frozenset()) | {text}
            case ast.Binary(op, left, right) if op in FLIP:
                n = number(right)
                subject, op_ = left, op
                if n is None:
                    n, subject, op_ = number(left), right, FLIP[op]
                if n is not None and number(subject) is None:
                    key = shape(subject)
                    found.bounds[key] = intersect(found.bounds.get(key, EVERYTHING), comparison(op_, n))
            case ast.Test("empty" | "not_empty", operand):
                found.tests[shape(operand)] = found.tests.get(shape(operand), frozenset()) | {p.op}
    return found


def contradictory(parts: list[ast.Expr]) -> bool:
    """Whether conditions joined by 且 can never hold together (see :meth:`Facts.impossible`)."""
    return facts(parts).impossible()


def most_together(items: Sequence[tuple[Decimal, ast.Expr]], budget: int = 20_000) -> Decimal:
    """The largest total of ``points`` whose conditions can all hold at once: those that
    exclude each other (``预算执行率 < 60%`` and ``预算执行率 ≥ 60% 且 预算执行率 < 80%``) or
    never hold are not added up. A condition this analysis cannot see into is taken to
    hold together with any other. The search (a maximum-weight clique, branch and bound)
    stops after ``budget`` steps and then answers the plain sum, which is never too low."""
    live = sorted(((p, c) for p, c in items if not never(c)), key=lambda item: -item[0])
    points = [p for p, _ in live]
    known = [facts(conjuncts(c)) for _, c in live]
    apart = [[a.join(b).impossible() for b in known] for a in known]
    best, steps = Decimal(0), 0

    def grow(total: Decimal, candidates: list[int]) -> None:
        nonlocal best, steps
        steps += 1
        if steps > budget:
            return
        best = max(best, total)
        left = sum((points[c] for c in candidates), Decimal(0))
        for n, k in enumerate(candidates):
            if total + left <= best:
                return  # what is left cannot beat the best found
            left -= points[k]
            grow(total + points[k], [c for c in candidates[n + 1 :] if not apart[k][c]])

    grow(Decimal(0), list(range(len(live))))
    return best if steps <= budget else sum(points, Decimal(0))
