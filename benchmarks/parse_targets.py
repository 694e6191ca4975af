"""How fast the target language parses real indicator values (not a test).

    python benchmarks/parse_targets.py [--seconds 3]

Loads every value of tests/data/seed_values.yaml (and the ``text`` of every entry of
tests/data/notations.yaml, if that file is present), builds the grammar once, then
parses the whole corpus over and over for about the given time and reports:
the number of distinct strings, strings parsed per second, and the one-time cost
of building the grammar. Each round starts with the parser's cache emptied, so every
string is parsed, not looked up; a cached string costs well under a microsecond.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def _texts(node: Any) -> Iterator[tuple[str, str | None]]:
    """Every mapping with a string ``text`` in a YAML document, as (text, name)."""
    if isinstance(node, dict):
        if isinstance(node.get("text"), str):
            name = node.get("name")
            yield node["text"], name if isinstance(name, str) else None
        for child in node.values():
            yield from _texts(child)
    elif isinstance(node, list):
        for child in node:
            yield from _texts(child)


def corpus(filenames: tuple[str, ...]) -> tuple[list[tuple[str, str | None]], dict[str, int]]:
    cases: dict[tuple[str, str | None], None] = {}
    sources: dict[str, int] = {}
    for filename in filenames:
        path = DATA / filename
        if not path.is_file():
            continue
        found = list(_texts(yaml.safe_load(path.read_text(encoding="utf-8"))))
        sources[filename] = len(set(found))
        cases.update(dict.fromkeys(found))
    return list(cases), sources


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    args.add_argument("--seconds", type=float, default=3.0, help="how long to keep parsing (default 3)")
    args.add_argument("--seeds-only", action="store_true", help="only the values of the four seed documents")
    opts = args.parse_args(argv)

    cases, sources = corpus(("seed_values.yaml",) if opts.seeds_only else ("seed_values.yaml", "notations.yaml"))
    if not cases:
        print("no values found under tests/data", file=sys.stderr)
        return 1

    start = time.perf_counter()
    from govrules.grammars import parser
    from govrules.targets import parse
    from govrules.targets.parse import clear_cache

    imported = time.perf_counter()
    parser("target", "value", "prose")  # the one-time build; every later call shares it
    built = time.perf_counter()

    kinds: dict[str, int] = {}
    for text, name in cases:  # one warm-up pass, also counts the kinds
        kind = parse(text, name).kind
        kinds[kind] = kinds.get(kind, 0) + 1

    parsed = 0
    rounds = 0
    began = time.perf_counter()
    deadline = began + opts.seconds
    while True:
        clear_cache()  # measure the parser, not its cache: every string is new to it
        for text, name in cases:
            parse(text, name)
        parsed += len(cases)
        rounds += 1
        if time.perf_counter() >= deadline:
            break
    elapsed = time.perf_counter() - began

    texts = {text for text, _ in cases}
    print(f"python {platform.python_version()} on {platform.machine()} ({platform.system()})")
    print(f"corpus: {len(cases)} distinct (text, indicator name) cases, {len(texts)} distinct strings")
    for filename, count in sources.items():
        print(f"  {filename}: {count}")
    print("  kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])))
    print(f"import govrules.targets: {(imported - start) * 1000:.1f} ms")
    print(f"grammar build (once per process): {(built - imported) * 1000:.1f} ms")
    print(f"parsed {parsed} strings in {elapsed:.2f} s ({rounds} rounds)")
    print(f"throughput: {parsed / elapsed:,.0f} strings/second ({elapsed / parsed * 1e6:.1f} µs per string)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
