"""Target language: ``parse`` and ``judge`` (and the canonical text of every value).

Input: ``TARGET`` or ``TARGET<tab>ACTUAL<tab>INDICATOR NAME`` as UTF-8 (as ``govrules target -`` reads it).
Properties: only GovrulesError escapes (parse and judge never raise at all); the same
answer twice (the parse cache emptied in between); no float in a value's JSON; the
canonical text parses back to the same value (with the same indicator name); a
judgement is yes, no or unknown with a reason in both languages.
"""

from __future__ import annotations

from govrules.targets import judge, parse, render, to_json
from govrules.targets.parse import clear_cache
from govrules.targets.values import VALUE_TYPES

from .common import expect, no_float, text_of


def one_input(data: bytes) -> None:
    target, _, rest = text_of(data, 2_000).partition("\t")
    actual, _, name = rest.partition("\t")
    name_or_none = name or None
    first = parse(target, name_or_none)
    expect(isinstance(first.value, VALUE_TYPES), f"not a value: {first.value!r}")
    no_float(to_json(first.value), "the value's JSON")
    clear_cache()
    again = parse(target, name_or_none)
    expect(again.value == first.value and again.diagnostics == first.diagnostics, "parse is not deterministic")
    canonical = render(first.value)
    back = parse(canonical, name_or_none).value
    expect(back == first.value, f"the canonical text {canonical!r} parses as {render(back)!r}, a {back.kind}, not a {first.kind}")
    if actual:
        verdict = judge(first.value, actual, name=name_or_none)
        expect(verdict.satisfied in (True, False, None) and verdict.zh and verdict.en, f"a judgement without a reason: {verdict!r}")
        expect(judge(target, actual, name=name_or_none) == verdict, "judge is not deterministic")
