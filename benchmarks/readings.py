"""How often the target language reads real cells as a person does (not a test; no timing).

    python benchmarks/readings.py [--misses]

Prints two shares, over data transcribed from published tables and the seed documents:

- typed: of the target cells in tests/data/notations.yaml and the values of
  tests/data/seed_values.yaml, the share whose kind and canonical text (and, for prose,
  the figure taken out of it) are those written down as a person reads the cell;
- judged: of the (target, actual) pairs in tests/data/judged_pairs.yaml and the
  judgements of tests/data/seed_values.yaml, the share judged met / not met / cannot
  tell as the person checking the row would.

``--misses`` lists every cell and pair read otherwise.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from govrules.targets import judge, parse, render
from govrules.targets.values import Prose

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


@dataclass(frozen=True)
class Share:
    what: str
    right: int
    total: int
    misses: tuple[str, ...]

    def line(self) -> str:
        return f"{self.what}: {self.right}/{self.total} = {100 * self.right / self.total:.1f}%"


def _load(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def _typed_as_written(entry: dict[str, Any]) -> bool:
    parsed = parse(entry["text"], entry.get("name"))
    if (parsed.kind, parsed.canonical) != (entry["kind"], entry["canonical"]):
        return False
    if entry["kind"] == "prose" and "embedded" in entry:
        return isinstance(parsed.value, Prose) and render(parsed.value.embedded) == entry["embedded"]
    return True


def typed() -> Share:
    entries = [*_load("notations.yaml"), *_load("seed_values.yaml")["values"]]
    misses = tuple(
        f"{e['text']} @ {e.get('name')}: {parse(e['text'], e.get('name')).kind} {parse(e['text'], e.get('name')).canonical}, "
        f"expected {e['kind']} {e['canonical']}"
        for e in entries
        if not _typed_as_written(e)
    )
    return Share("typed as a person reads them", len(entries) - len(misses), len(entries), misses)


def judged() -> Share:
    pairs = [
        *({"target": p["target"], "actual": p["actual"], "name": p["name"], "met": p["met"]} for p in _load("judged_pairs.yaml")),
        *({"target": j["target"], "actual": j["actual"], "name": j["name"], "met": j["satisfied"]} for j in _load("seed_values.yaml")["judgements"]),
    ]
    misses = []
    for p in pairs:
        j = judge(p["target"], p["actual"], name=p["name"])
        if j.satisfied is not p["met"]:
            misses.append(f"{p['target']} | {p['actual']} @ {p['name']}: {j.satisfied} ({j.zh}), expected {p['met']}")
    return Share("(target, actual) pairs judged as a person would", len(pairs) - len(misses), len(pairs), tuple(misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list what is read otherwise")
    args = parser.parse_args()
    for share in (typed(), judged()):
        print(share.line())
        if args.misses:
            for miss in share.misses:
                print("  " + miss)


if __name__ == "__main__":
    main()
