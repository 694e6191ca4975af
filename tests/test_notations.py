"""Real notations collected from published performance tables (tests/data/notations.yaml,
each with its source and the expected kind and canonical text), and real (target, actual)
pairs with the verdict a person gives (tests/data/judged_pairs.yaml).

A ratchet, not a skip: the notations the engine does not yet read as expected are listed
in KNOWN_GAPS, and the test fails both when a new one breaks and when a listed one starts
working (then delete it from the list). The gaps are the next work on the target language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from govrules.targets import judge, parse, render

DATA = yaml.safe_load((Path(__file__).parent / "data/notations.yaml").read_text(encoding="utf-8"))
PAIRS = yaml.safe_load((Path(__file__).parent / "data/judged_pairs.yaml").read_text(encoding="utf-8"))

KNOWN_GAPS = {
    # shapes with no value kind yet
    "5次*5000=25000元",  # a formula (count × price = total), not a target; read as prose around =25000元
    "出生当年或次年12月31日前",  # a deadline relative to an event (birth year)
    "分别于5月、8月、11月、次年2月的上旬发放",  # months with 旬 (ten-day period) slots
}


def _matches(entry: dict) -> bool:
    parsed = parse(entry["text"], entry.get("name"))
    if parsed.kind != entry["kind"] or parsed.canonical != entry["canonical"]:
        return False
    if entry["kind"] == "prose" and "embedded" in entry:
        return render(parsed.value.embedded) == entry["embedded"]  # type: ignore[union-attr]
    return True


def test_the_collection_is_large_and_sourced():
    assert len(DATA) >= 150
    assert all(e.get("source") for e in DATA)
    assert len({e["source"] for e in DATA}) >= 50


@pytest.mark.parametrize("entry", DATA, ids=lambda e: e["text"][:30])
def test_notation(entry):
    ok = _matches(entry)
    if entry["text"] in KNOWN_GAPS:
        assert not ok, f"“{entry['text']}” now reads as expected: remove it from KNOWN_GAPS"
    else:
        parsed = parse(entry["text"], entry.get("name"))
        assert ok, (entry["text"], parsed.kind, parsed.canonical, entry["kind"], entry["canonical"])


def test_the_pairs_are_sourced_and_cover_every_verdict() -> None:
    assert all(p.get("source") and p["met"] in (True, False, None) for p in PAIRS)
    assert {p["met"] for p in PAIRS} == {True, False, None}
    assert len({p["source"] for p in PAIRS}) >= 6


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p['target'][:15]}|{p['actual'][:15]}")
def test_a_real_pair_is_judged_as_a_person_would(pair: dict[str, Any]) -> None:
    j = judge(pair["target"], pair["actual"], name=pair["name"])
    assert j.satisfied is pair["met"], (pair, j.zh)
