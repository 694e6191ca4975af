"""Submissions: ``load_submission`` of YAML and JSON.

Input: a file's bytes; a first non-blank byte ``{`` or ``[`` makes it JSON, else YAML.
Properties: only GovrulesError escapes; every position is in the file; the same
answer twice; no float in the loaded model.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from govrules.errors import GovrulesError
from govrules.submissions import load_submission

from .common import expect, no_float, positions_in

FOLDER = Path(tempfile.mkdtemp(prefix="govrules-fuzz-"))


def path_for(data: bytes) -> Path:
    """A file holding ``data``, named .json or .yaml by its first byte (one file per process)."""
    json_like = data.lstrip()[:1] in (b"{", b"[")
    path = FOLDER / f"input-{os.getpid()}{'.json' if json_like else '.yaml'}"
    path.write_bytes(data)
    return path


def load(data: bytes) -> tuple[object | None, tuple[object, ...]]:
    path = path_for(data)
    try:
        return load_submission(path), ()
    except GovrulesError as e:
        text = data.decode("utf-8", "replace")
        # JSON counts lines at \n only (a lone \r is white space); YAML breaks at \r too
        lines = text.split("\n") if path.suffix == ".json" else text.splitlines()
        positions_in(e.diagnostics, lines, str(path))
        return None, e.diagnostics


def one_input(data: bytes) -> None:
    model, problems = load(data)
    again = load(data)
    expect((again[0] == model) and again[1] == problems, "loading is not deterministic")
    if model is not None:
        no_float(model.model_dump(), "the loaded submission")  # type: ignore[attr-defined]
