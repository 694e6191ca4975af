"""The Lark grammars of grammar/, found installed or in a checkout, built once per process.

Building an LALR parser from a grammar takes Lark 50–150 ms; loading one it has built
before takes a few. :func:`build` keeps what Lark built in a cache file per grammar, named
by the sha256 of the grammar text, the options, the Lark and the Python version, in the
user's own cache folder (``GOVRULES_CACHE_DIR`` if set; else ``%LOCALAPPDATA%\\govrules``,
``~/Library/Caches/govrules`` or ``$XDG_CACHE_HOME/govrules`` / ``~/.cache/govrules``),
which only that user can write to (the file is a pickle; a shared temporary folder is
never used). A file is written (``Lark.save``) under a temporary name and renamed, so
processes starting together never read half a file; one that cannot be loaded is built
again and replaced. Where no cache folder can be made (a
read-only home), the parser is built every time, as before: the cache never changes
what is parsed, only how fast the parser is ready.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark
from lark import __version__ as LARK_VERSION


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
    return build(
        grammar_text(name),
        name,
        lexer="contextual",
        start=list(starts),
        propagate_positions=POSITIONS.get(name, True),
        maybe_placeholders=False,
    )


def build(text: str, name: str, **options: Any) -> Lark:
    """An LALR parser for grammar text, loaded from the grammar cache when it was built
    before (``name`` only names the cache file). The key of a cache file covers the text,
    every option (a ``postlex`` by its class: the file keeps an instance), the Lark and the
    Python version."""
    options["parser"] = "lalr"
    file = _cache_file(text, name, options)
    if file is not None and file.is_file():
        try:
            with open(file, "rb") as f:
                return Lark.load(f)
        except Exception:  # a damaged or foreign file: build the parser, and write it again
            pass
    built = Lark(text, **options)
    if file is not None:
        partial = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        try:
            with open(partial, "wb") as f:
                built.save(f)
            os.replace(partial, file)  # whole or not at all, for processes starting together
        except OSError:  # could not write the cache: never a reason to fail
            partial.unlink(missing_ok=True)
    return built


def _cache_file(text: str, name: str, options: dict[str, Any]) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    key = repr(sorted((k, type(v).__qualname__ if k == "postlex" else v) for k, v in options.items()))
    digest = hashlib.sha256("\0".join([text, key, LARK_VERSION, sys.version]).encode("utf-8")).hexdigest()[:24]
    return folder / f"{name}-{digest}.lark"


def cache_folder() -> Path | None:
    """The folder of the grammar cache, made if need be; None where none can be made."""
    override = os.environ.get("GOVRULES_CACHE_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "govrules" / "Cache"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "govrules"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govrules"
    folder = base / "grammars"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            return None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    return folder
