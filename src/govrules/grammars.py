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


@functools.cache
def parser(name: str, *starts: str) -> Lark:
    """The LALR parser for ``grammar/NAME.lark``, built on first use and then shared."""
    return Lark(
        grammar_text(name),
        parser="lalr",
        lexer="contextual",
        start=list(starts),
        propagate_positions=True,
        maybe_placeholders=False,
    )
