"""The Lark grammars of grammar/, found installed or in a checkout, built once per process."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from lark import Lark


def grammar_text(name: str) -> str:
    """The text of ``grammar/NAME.lark``: from the installed package, else from the checkout."""
    filename = f"{name}.lark"
    installed = resources.files("govrules").joinpath("grammar").joinpath(filename)
    if installed.is_file():
        return installed.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / "grammar" / filename
    return checkout.read_text(encoding="utf-8")


# Which grammars keep source positions in their trees. Rule files need them (every
# diagnostic and result points at file:line:col); a target is one table cell, nothing
# reads positions in it, and without them Lark parses it about twice as fast.
POSITIONS = {"rules": True, "target": False}


@functools.cache
def parser(name: str, *starts: str) -> Lark:
    """The LALR parser for ``grammar/NAME.lark``, built on first use and then shared."""
    return Lark(
        grammar_text(name),
        parser="lalr",
        lexer="contextual",
        start=list(starts),
        propagate_positions=POSITIONS.get(name, True),
        maybe_placeholders=False,
    )
