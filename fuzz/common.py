"""What the harnesses share: seed corpora (read from tests/ and examples/, never copied),
property checks, mutations for the bounded runs of the test suite, and run statistics."""

from __future__ import annotations

import json
import random
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from govrules.errors import Diagnostic

ROOT = Path(__file__).resolve().parents[1]
Harness = Callable[[bytes], None]


class PropertyFailure(AssertionError):
    """A property of the entry point does not hold for this input."""


def expect(condition: object, what: str) -> None:
    if not condition:
        raise PropertyFailure(what)


# --- seed corpora -------------------------------------------------------------------------------


def _strings(node: Any) -> Iterator[str]:
    todo = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, str):
            yield n
        elif isinstance(n, dict):
            todo.extend(n.values())
        elif isinstance(n, list):
            todo.extend(n)


def target_seeds() -> list[bytes]:
    """Every notation of tests/data (real documents and the seeds) and every cell text of examples/."""
    texts: dict[str, None] = {}
    for name in ("notations.yaml", "seed_values.yaml"):
        data = yaml.safe_load((ROOT / "tests/data" / name).read_text(encoding="utf-8"))
        for entry in data if isinstance(data, list) else data["values"]:
            texts.setdefault(str(entry["text"]))
            if entry.get("name"):
                texts.setdefault(f"{entry['text']}\t\t{entry['name']}")
        for pair in [] if isinstance(data, list) else data.get("judgements", []):
            texts.setdefault(f"{pair.get('target', '')}\t{pair.get('actual', '')}\t{pair.get('name', '') or ''}")
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if len(s) < 80:
                texts.setdefault(s)
    return [t.encode("utf-8") for t in texts]


def rule_seeds() -> list[bytes]:
    """Each block of the shipped rule files (rules/) and of the docs' (docs/examples/) under
    its file's header lines, then the whole files."""
    from govrules.rules.parse import chunks

    files = sorted((ROOT / "rules").glob("*.rules")) + sorted((ROOT / "docs/examples").glob("*.rules"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    pieces: dict[str, None] = {}
    for text in texts:
        blocks = chunks(text)
        header = "\n".join(b for _, b in blocks if b.split()[0] in ("规则集", "适用于", "适用", "有效期", "版本", "ruleset", "applies", "valid", "version"))
        for _, block in blocks:
            if block.split()[0] not in ("规则集", "ruleset"):
                pieces.setdefault(header + "\n" + block + "\n")
    return [p.encode("utf-8") for p in [*pieces, *texts]]


def submission_seeds() -> list[bytes]:
    """The example submissions (examples/), YAML; and each as JSON."""
    out = []
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        data = path.read_bytes()
        out.append(data)
        out.append(b"{" + json.dumps(yaml.safe_load(data), ensure_ascii=False, default=str).encode("utf-8")[1:])
    return out


# --- properties ------------------------------------------------------------------------------


def no_float(value: Any, where: str) -> None:
    """No float anywhere in ``value`` (dicts, lists, tuples, dataclass-like objects with __dict__/slots are not walked)."""
    todo = [value]
    while todo:
        v = todo.pop()
        if isinstance(v, float):
            raise PropertyFailure(f"a float in {where}: {v!r}")
        if isinstance(v, dict):
            todo.extend(v.keys())
            todo.extend(v.values())
        elif isinstance(v, (list, tuple, set, frozenset)):
            todo.extend(v)


def positions_in(diagnostics: Iterable[Diagnostic], lines: list[str] | tuple[str, ...], file: str | None = None) -> None:
    """Every span of a diagnostic of ``file`` lies in the text: a line of it (or the line after the last) and a column on it."""
    for d in diagnostics:
        s = d.span
        if s is None or (file is not None and s.file != file):
            continue
        expect(1 <= s.line <= max(1, len(lines)) + 1, f"{d.code}: line {s.line} of {len(lines)}")
        width = len(lines[s.line - 1]) if s.line <= len(lines) else 0
        expect(1 <= s.column <= width + 2, f"{d.code}: column {s.column} on a line of {width}")


def points_in_range(result: Any) -> None:
    for section in result.sections:
        if section.points is not None:
            expect(Decimal(0) <= section.points <= section.maximum, f"section {section.name}: {section.points} not in [0, {section.maximum}]")
        for d in section.deductions:
            expect(d.points >= 0, f"a negative deduction in {section.name}: {d.points}")
    if result.total is not None:
        expect(Decimal(0) <= result.total <= result.maximum, f"total {result.total} not in [0, {result.maximum}]")


def text_of(data: bytes, limit: int = 100_000) -> str:
    return data[:limit].decode("utf-8", errors="replace")


# --- mutations (the test suite's bounded runs; atheris has its own) ------------------------------

TOKENS = [
    "（", "）", "：", "，", "≥", "≤", "%", "万", "万元", "人次", "或", "且", "非", "-", "+", "*", "/", "(", ")",
    "\n", "\n  ", "\t", '"', "“", "#", "0", "9" * 40, "0.00001", "1e5", "￥", "\u3000", "\x00", "\ufeff",
    "设 ", "评分 ", "扣 1 分 当 ", "满分 ", "理由 ", "引用 \"x.rules\"\n", "有效期 0000 至 2020\n", "{执行数:%}", "{{", "}}",
    "&a", "*a", "!!python/object", "- ", ": ", "[", "]", "{", "}", "null", "true", "1.5", "NaN", "Infinity",
]  # fmt: skip


def mutate(data: bytes, rnd: random.Random) -> bytes:
    """One to four random edits of ``data``: a byte changed, a token inserted, a slice deleted or repeated."""
    text = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        pos = rnd.randint(0, len(text))
        kind = rnd.randrange(5)
        if kind == 0 and text:
            text[min(pos, len(text) - 1)] = rnd.randrange(256)
        elif kind == 1:
            text[pos:pos] = rnd.choice(TOKENS).encode("utf-8")
        elif kind == 2:
            del text[pos : pos + rnd.randint(1, 16)]
        elif kind == 3:
            chunk = bytes(text[pos : pos + rnd.randint(1, 64)])
            text[pos:pos] = chunk * rnd.randint(1, 50)
        else:
            text[pos:pos] = rnd.choice(TOKENS).encode("utf-8") * rnd.randint(2, 300)
    return bytes(text)


def inputs(seeds: list[bytes], count: int, seed: int = 13) -> Iterator[bytes]:
    """The seeds (at most ``count``), then mutations of them up to ``count`` inputs in all; the same every run."""
    rnd = random.Random(seed)
    for n in range(count):
        yield seeds[n] if n < len(seeds) and n < count // 2 else mutate(rnd.choice(seeds), rnd)


# --- statistics of a run -------------------------------------------------------------------------


class Stats:
    """Inputs tried, failures by kind, the slowest input and peak memory; written to ``path`` now and then."""

    def __init__(self, name: str, path: Path | None):
        self.name, self.path = name, path
        self.inputs = 0
        self.failures: dict[str, int] = {}
        self.worst_seconds = 0.0
        self.worst_input = b""
        self.started = time.monotonic()
        self.last_written = 0.0

    def record(self, data: bytes, seconds: float, failure: BaseException | None) -> None:
        self.inputs += 1
        if seconds > self.worst_seconds:
            self.worst_seconds, self.worst_input = seconds, data
        if failure is not None:
            key = f"{type(failure).__name__}: {str(failure)[:120]}"
            self.failures[key] = self.failures.get(key, 0) + 1
            if self.path is not None and self.failures[key] == 1:
                (self.path.parent / f"{self.name}-failure-{len(self.failures)}.bin").write_bytes(data)
        if self.path is not None and (time.monotonic() - self.last_written > 2 or failure is not None):
            self.write()

    def summary(self) -> dict[str, Any]:
        return {
            "entry_point": self.name,
            "inputs": self.inputs,
            "failures": sum(self.failures.values()),
            "failure_kinds": self.failures,
            "worst_seconds": round(self.worst_seconds, 4),
            "worst_input_bytes": len(self.worst_input),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "elapsed_seconds": round(time.monotonic() - self.started, 1),
        }

    def write(self) -> None:
        self.last_written = time.monotonic()
        if self.path is not None:
            self.path.write_text(json.dumps(self.summary(), ensure_ascii=False, indent=2), encoding="utf-8")
            (self.path.parent / f"{self.name}-slowest.bin").write_bytes(self.worst_input)
