"""The grammar cache (grammars.build): a parser loaded from it parses exactly as one built
from the grammar, and a cache that cannot be written or read is never a failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lark import Lark
from lark.exceptions import UnexpectedInput

from govrules import grammars
from govrules.rules.parse import _Indenter

ROOT = Path(__file__).resolve().parents[1]
RULE_FILES = sorted((ROOT / "rules").glob("*.rules"))
TARGETS = ["≥95%", "105%≤≥95%", "7.79万人", "≥-10%或≤10%", "50、5.6", "每季度结束后的，15日内", "2020/12/31", "充分发挥社会保险的职能作用"]


def rules_options() -> dict[str, object]:
    return {"lexer": "contextual", "postlex": _Indenter(), "start": ["start"], "propagate_positions": True, "maybe_placeholders": True}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GOVRULES_CACHE_DIR", str(tmp_path))
    return tmp_path / "grammars"


def test_a_cached_parser_parses_as_a_built_one(cache: Path) -> None:
    built = Lark(grammars.grammar_text("rules"), parser="lalr", **rules_options())
    first = grammars.build(grammars.grammar_text("rules"), "rules", **rules_options())
    files = list(cache.iterdir())
    assert len(files) == 1 and files[0].name.startswith("rules-") and files[0].stat().st_size > 1000
    written = files[0].stat().st_mtime_ns
    again = grammars.build(grammars.grammar_text("rules"), "rules", **rules_options())
    assert files[0].stat().st_mtime_ns == written  # loaded, not written again
    for path in RULE_FILES:
        text = path.read_text(encoding="utf-8")
        assert again.parse(text) == first.parse(text) == built.parse(text), path.name
    target = grammars.build(grammars.grammar_text("target"), "target", lexer="contextual", start=["value", "prose"], propagate_positions=False, maybe_placeholders=False)
    reference = Lark(grammars.grammar_text("target"), parser="lalr", lexer="contextual", start=["value", "prose"], maybe_placeholders=False)
    for text in TARGETS:
        for start in ("value", "prose"):
            assert outcome(target, text, start) == outcome(reference, text, start), text


def outcome(parser: Lark, text: str, start: str) -> object:
    """The tree, or where and why the text was refused."""
    try:
        return parser.parse(text, start=start)
    except UnexpectedInput as e:
        return type(e).__name__, e.line, e.column
    assert len(list(cache.iterdir())) == 2 and not list(cache.glob("*.tmp"))


def test_other_options_are_another_cache_file(cache: Path) -> None:
    grammars.build(grammars.grammar_text("target"), "target", start=["value"])
    grammars.build(grammars.grammar_text("target"), "target", start=["prose"])
    assert len(list(cache.iterdir())) == 2


def test_a_cache_folder_it_may_not_write_is_no_failure(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "access", lambda *_: False)  # as for a user without write access (the suite may run as root)
    assert grammars.cache_folder() is None
    parser = grammars.build(grammars.grammar_text("target"), "target", start=["value"])
    assert parser.parse("≥95%") is not None
    assert not list(cache.iterdir())


def test_a_cache_folder_that_cannot_be_made_is_no_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("GOVRULES_CACHE_DIR", str(blocker))
    assert grammars.cache_folder() is None
    assert grammars.build(grammars.grammar_text("target"), "target", start=["value"]).parse("≥95%") is not None


def test_a_damaged_cache_file_is_no_failure(cache: Path) -> None:
    grammars.build(grammars.grammar_text("target"), "target", start=["value"])
    (file,) = cache.iterdir()
    file.write_bytes(file.read_bytes()[:200])
    parser = grammars.build(grammars.grammar_text("target"), "target", start=["value"])
    assert parser.parse("7.79万人") is not None
