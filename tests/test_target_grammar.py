"""grammar/target.lark: built once per process, and its word lists in step with the Python tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import govrules.grammars
from govrules.grammars import grammar_text, parser
from govrules.targets import parse, render
from govrules.targets.parse import EVERY, OPS, SUFFIX_OPS, WORD_OPS
from govrules.targets.units import MAGNITUDES, UNITS

TEXT = grammar_text("target")


def terminal(name: str) -> str:
    """The definition of terminal NAME in the .lark text (after the colon)."""
    m = re.search(rf"^{name}(?:\.-?\d+)?:\s*(.+)$", TEXT, re.M)
    assert m, f"terminal {name} not found in grammar/target.lark"
    return m.group(1).strip()


def regex_body(name: str) -> str:
    definition = terminal(name)
    assert definition.startswith("/") and definition.endswith("/"), definition
    return definition[1:-1]


def strings(name: str) -> list[str]:
    """The alternatives of a terminal written as "a" | "b" | …"""
    return re.findall(r'"([^"]*)"', terminal(name))


def words_before_lookahead(body: str) -> tuple[list[str], str]:
    """``(a|b|c)(?=…)`` → ([a, b, c], the look-ahead)."""
    m = re.fullmatch(r"\(([^()]*)\)\(\?=(.*)\)", body)
    assert m, body
    return m.group(1).split("|"), m.group(2)


# --- built once ----------------------------------------------------------------


def test_parser_is_cached() -> None:
    first = parser("target", "value", "prose")
    assert parser("target", "value", "prose") is first
    assert first.options.parser == "lalr"


def test_parse_does_not_rebuild_the_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    parse("≥95%")  # built here at the latest
    misses = parser.cache_info().misses

    def no_rebuild(*args: object, **kwargs: object) -> None:
        raise AssertionError("the grammar was built a second time")

    monkeypatch.setattr(govrules.grammars, "Lark", no_rebuild)
    for text in ["≥95%", "105%≤≥95%", "上访率控制在0.1%以内，维护社会稳定", "充分发挥社会保险的职能作用", "每月25日前"]:
        parse(text)
    assert parser.cache_info().misses == misses


def test_grammar_text_is_the_checkout_file_here() -> None:
    """In a checkout the grammar is read from grammar/ (tests/test_packaging.py covers a wheel)."""
    checkout = Path(__file__).resolve().parents[1] / "grammar" / "target.lark"
    assert TEXT == checkout.read_text(encoding="utf-8")


# --- UNIT and MAGNITUDE against units.py ----------------------------------------


def test_unit_terminal_lists_exactly_the_units_of_units_py() -> None:
    listed = [u.replace("\\/", "/") for u in regex_body("UNIT").split("|")]  # /10万 is written \/10万
    assert len(listed) == len(set(listed)), "a unit is listed twice"
    assert sorted(listed) == sorted(UNITS)


def alternation_shadowing(listed: list[str]) -> list[tuple[str, str]]:
    """Pairs (earlier, later) where the earlier alternative is a prefix of the later one:
    a regex alternation takes the first that matches, so the later could never match whole."""
    return [(a, b) for i, a in enumerate(listed) for b in listed[i + 1 :] if b.startswith(a)]


def test_no_unit_hides_a_longer_one() -> None:
    assert alternation_shadowing(regex_body("UNIT").split("|")) == []
    assert parse("5年度").canonical == "5年度"
    assert parse("3个工作日").canonical == "3个工作日"


def test_magnitude_terminal_lists_exactly_the_magnitudes() -> None:
    listed = regex_body("MAGNITUDE").split("|")
    assert sorted(listed) == sorted(MAGNITUDES)
    assert alternation_shadowing(listed) == []


def test_year_month_lookahead_holds_every_unit_and_magnitude_start() -> None:
    """2023.07 is a date, 2088.8处 a figure: DATE_YM's look-ahead must know every unit."""
    m = re.search(r"\(\?!\[([^\]]*)\]\)$", regex_body("DATE_YM"))
    assert m, "DATE_YM has no trailing look-ahead class"
    excluded = set(m.group(1).replace("\\d", "").replace("\\/", "/"))
    starts = {u[0] for u in UNITS} | {g[0] for g in MAGNITUDES}
    assert starts <= excluded, sorted(starts - excluded)


# --- the other word lists against parse.py ----------------------------------------


def test_operator_and_suffix_terminals_match_parse_tables() -> None:
    assert sorted(strings("OP") + strings("EQ")) == sorted(OPS)
    assert sorted(strings("SUFFIX")) == sorted(SUFFIX_OPS)


def test_word_op_and_every_terminals_match_parse_tables() -> None:
    word_ops, _ = words_before_lookahead(regex_body("WORD_OP"))
    assert sorted(word_ops) == sorted(WORD_OPS)
    every, _ = words_before_lookahead(regex_body("EVERY"))
    assert sorted(every) == sorted(EVERY)


def test_text_lookahead_is_in_step_with_word_terminals() -> None:
    """TEXT stops in front of every word that begins a target: the same words as
    WORD_OP, CONTROL, EVERY and YEAR_END, with the same look-aheads."""
    word_ops, word_ahead = words_before_lookahead(regex_body("WORD_OP"))
    control, control_ahead = words_before_lookahead(regex_body("CONTROL"))
    every, every_ahead = words_before_lookahead(regex_body("EVERY"))
    year_end = strings("YEAR_END")

    body = regex_body("TEXT")
    m = re.fullmatch(r"\(\(\?!\(([^()]*)\)(\[[^\]]*\])\|\(([^()]*)\)\(([^()]*)\)\|([^()]*)\)(\[[^\]]*\])\)\+", body)
    assert m, f"TEXT has an unexpected shape: {body}"
    text_words, text_word_ahead, text_every, text_every_ahead, text_year_end, _ = m.groups()

    assert text_words.split("|") == word_ops + control
    assert word_ahead == control_ahead == text_word_ahead
    assert text_every.split("|") == every
    assert every_ahead == text_every_ahead
    assert text_year_end.split("|") == year_end + [w + "\\d" for w in strings("NEXT_MONTH")]


def test_or_and_and_join_only_where_what_follows_is_no_text() -> None:
    """OR and AND look ahead for what TEXT does not consume (its stop words and characters)
    and for the words that begin a deadline or a list, so 且逐年提高 is words, not a join."""
    text = regex_body("TEXT")
    stops = re.fullmatch(r"\(\(\?!(.*)\)\[\^([^\]]*)\]\)\+", text)
    assert stops, text
    latest, next_year = strings("LATEST"), strings("NEXT_YEAR")
    expected = f"{stops.group(1)}|[{stops.group(2)}]|({'|'.join(latest + next_year)})+\\d|{strings('EACH')[0]}"
    for name in ("OR", "AND"):
        _, ahead = re.fullmatch(r"(.*?)\(\?=(.*)\)", regex_body(name)).groups()  # type: ignore[union-attr]
        assert ahead == expected, name


@pytest.mark.parametrize(
    ("text", "embedded"),
    [("≥80%，且逐年提高", "≥80%"), ("≥95%或更高", "≥95%"), ("≥95%，同时确保安全", "≥95%"), ("≥95%且群众满意", "≥95%")],
)
def test_words_after_or_and_are_prose(text: str, embedded: str) -> None:
    p = parse(text)
    assert p.kind == "prose" and render(p.value.embedded) == embedded  # type: ignore[union-attr]
    assert parse("≥90%,且≤100%").kind == "and"
    assert parse("1月底前且次年1月1日前").kind == "and"


def test_text_stops_before_word_comparators_in_sentences() -> None:
    p = parse("达到目标值95%以上，确保待遇落实")
    assert p.kind == "prose" and p.value.embedded == parse("≥95%").value  # type: ignore[union-attr]
    assert parse("达到目标值95%以上").value == parse("≥95%").value  # the whole cell: 达到目标值 is 达到
    q = parse("参保率稳定在95%以上，确保待遇落实")
    assert q.kind == "prose" and q.value.embedded == parse("≥95%").value  # type: ignore[union-attr]


# --- LALR, and the one conflict it resolves on purpose ---------------------------


def test_the_only_conflicts_are_the_known_shift_on_op(caplog: pytest.LogCaptureFixture) -> None:
    """``95%≤≥105%`` and ``95%≤x≤105%``: after a figure, an operator continues a range
    (shift) rather than ending the figure. Any other conflict is a grammar mistake."""
    import logging

    from lark import Lark

    with caplog.at_level(logging.DEBUG, logger="lark"):
        Lark(TEXT, parser="lalr", lexer="contextual", start=["value", "prose"], debug=True)
    conflicts = {m.split("terminal ")[1].split(":")[0] for m in caplog.messages if "conflict" in m}
    assert conflicts == {"OP"}


def test_ratio_has_its_own_terminal_and_is_no_unit() -> None:
    """2.37:1 is a ratio; 10:15 is no ratio 10:1 followed by 5."""
    assert "RATIO_TO_ONE" not in UNITS and ":1" not in UNITS
    assert parse("2.37:1").canonical == "2.37:1"
    assert parse("10:15").kind == "prose"


def test_per_is_no_fraction_bar() -> None:
    assert parse("89.34/亩").canonical == "89.34/亩"
    assert parse("50/60").kind == "prose"


def test_every_begins_a_deadline_only_before_a_day_or_a_period_end() -> None:
    """每年3600元 is a figure per year in words, not a deadline that breaks off."""
    p = parse("每孩每年3600元")
    assert p.kind == "prose" and render(p.value.embedded) == "3600元"  # type: ignore[union-attr]
    assert parse("每月25日前").kind == "deadline"
    assert parse("每月25号前").kind == "deadline"
