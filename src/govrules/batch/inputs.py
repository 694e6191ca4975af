"""What ``govrules eval`` is given → the inputs to evaluate, in a stable order.

An argument may be a file, a folder (searched recursively, in sorted order), a glob
pattern (quoted: Windows shells do not expand ``*``; ``**`` crosses folders), a JSON
Lines stream (``.jsonl``/``.ndjson``, one submission per line) or ``-`` for JSON Lines on
standard input. Every argument gives at least one input: one that names nothing gives
an input carrying the error, so that its record says so.

Two sides: the parent lists the inputs (:func:`expand`: paths, and the lines of streams,
which it reads itself so that a long stream is shared among the workers); a worker
reads each file (:func:`read_file`, the one place that knows what a file holds).
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import Diagnostic, GovrulesError, Severity, Span
from ..submissions import validate_submission
from ..submissions.load import MAX_BYTES, parse_data, read_bytes
from ..io import Loaded, is_table_file, load_inputs
from ..io.cells import SHEET_SUFFIXES

SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".ndjson", *SHEET_SUFFIXES)  # the files a folder is searched for
STREAMS = (".jsonl", ".ndjson")  # JSON Lines: one submission per line
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Input:
    """One thing to evaluate: a file, or one line of a JSON Lines stream.

    ``name`` is what its record is called (the path, or ``path:line``); ``data`` the
    line's bytes (a file is read by the worker); ``error`` what is wrong with it when
    that is known before reading (a pattern that matches nothing)."""

    name: str
    path: str
    line: int | None = None
    data: bytes | None = None
    error: Diagnostic | None = None


def expand(arguments: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Input]:
    """Every input the arguments name, in order: each argument in turn, a folder's files
    and a pattern's matches sorted, the lines of a stream as they come."""
    for argument in arguments:
        if argument == STDIN:
            if stdin is None:
                yield Input(STDIN, STDIN, error=_problem(STDIN, "没有标准输入", "there is no standard input"))
            else:
                yield from _lines(stdin, STDIN)
        elif os.path.isdir(argument):
            found = _folder(argument)
            if not found:
                yield Input(argument, argument, error=_problem(argument, f"文件夹中没有填报文件（{'、'.join(SUFFIXES)}）", f"no submission files ({', '.join(SUFFIXES)}) in the folder"))
            for path in found:
                yield from inputs_in(path)
        elif not os.path.lexists(argument) and glob.has_magic(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                yield Input(argument, argument, error=_problem(argument, "没有与此模式匹配的文件", "no file matches this pattern"))
            for match in matches:
                if os.path.isdir(match):
                    for path in _folder(match):
                        yield from inputs_in(path)
                else:
                    yield from inputs_in(match)
        else:
            yield from inputs_in(argument)


def inputs_in(path: str) -> Iterator[Input]:
    """The inputs one file gives: each line of a JSON Lines stream, else the file itself."""
    if not path.lower().endswith(STREAMS):
        yield Input(path, path)
        return
    try:
        stream = _open_regular(path)
    except GovrulesError as e:
        yield Input(path, path, error=e.diagnostics[0])
        return
    with stream:
        yield from _lines(stream, path)


def _lines(stream: BinaryIO, path: str) -> Iterator[Input]:
    """One input per non-blank line; a line longer than a file may be is cut at the limit
    (its record says it is too large) and the rest of it skipped."""
    for number, raw in enumerate(iter(lambda: stream.readline(MAX_BYTES + 1), b""), start=1):
        if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_BYTES + 1)) and not rest.endswith(b"\n"):
                pass
        elif not raw.strip():
            continue
        yield Input(f"{path}:{number}", path, number, raw)


def _folder(folder: str) -> list[str]:
    """The submission files below a folder (YAML, JSON, JSON Lines, spreadsheets), sorted;
    hidden files and folders left out."""
    found: list[str] = []
    for here, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found.extend(os.path.join(here, f) for f in files if f.lower().endswith(SUFFIXES) and not f.startswith((".", "~$")))  # ~$: Excel's lock file
    return sorted(found, key=lambda p: Path(p).parts)


def _open_regular(path: str) -> BinaryIO:
    """A stream opened for reading, if it is a regular file (a FIFO would block)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError) as e:
        why = getattr(e, "strerror", None) or str(e)
        raise GovrulesError([_problem(path, f"无法读取文件：{why}", f"cannot read the file: {why}")]) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise GovrulesError([_problem(path, "无法读取文件：不是普通文件", "cannot read the file: not a regular file")])
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return open(fd, "rb")


def _problem(name: str, zh: str, en: str) -> Diagnostic:
    return Diagnostic("GR201", Severity.ERROR, zh, en, span=Span(name, 1, 1))


# --- the worker's side -------------------------------------------------------------

def read_input(item: Input) -> tuple[str | None, list[Loaded]]:
    """The sha256 of what the input holds (None when it cannot be read) and the
    submissions in it, each with the name its record carries."""
    if item.error is not None:
        return None, [Loaded(item.name, errors=(item.error,))]
    if item.data is not None:
        digest = hashlib.sha256(item.data).hexdigest()
        try:
            data, _, _ = parse_data(item.data, item.path, is_json=True, first_line=item.line or 1)
            return digest, [Loaded(item.name, validate_submission(data, source=item.name))]
        except GovrulesError as e:
            return digest, [Loaded(item.name, errors=e.diagnostics)]
    return read_file(item.path)


def read_file(path: str) -> tuple[str | None, list[Loaded]]:
    """The submissions in one file: its sha256 (None when it cannot be read) and, for each
    submission, the name its record carries with the submission or what is wrong with it.

    A YAML (.yaml, .yml, anything else) or JSON (.json) file holds one submission; a
    spreadsheet, Word or HTML-export file (by its name or its first bytes) one per table,
    read by :func:`govrules.io.load_inputs`."""
    if is_table_file(path):
        digest = _digest(path)
        return digest, load_inputs(path) if digest is not None else [Loaded(path, errors=_unreadable(path))]
    try:
        raw = read_bytes(path)
    except GovrulesError as e:
        return None, [Loaded(path, errors=e.diagnostics)]
    digest = hashlib.sha256(raw).hexdigest()
    try:
        data, marks, lines = parse_data(raw, path, is_json=path.lower().endswith(".json"))
        return digest, [Loaded(path, validate_submission(data, source=path, marks=marks, lines=lines))]
    except GovrulesError as e:
        return digest, [Loaded(path, errors=e.diagnostics)]


def _digest(path: str) -> str | None:
    """The sha256 of a file's bytes, read in blocks (a workbook may be larger than a YAML file may)."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def _unreadable(path: str) -> tuple[Diagnostic, ...]:
    try:
        read_bytes(path)
    except GovrulesError as e:
        return e.diagnostics
    return (_problem(path, "无法读取文件", "cannot read the file"),)


def identity(item: Input) -> str | None:
    """The sha256 :func:`read_input` gives for this input, without evaluating it (to check,
    when a run is resumed, that the inputs are the ones it was started on). A reader of
    another format in :func:`read_file` must hash the same bytes as this does."""
    if item.error is not None:
        return None
    if item.data is not None:
        return hashlib.sha256(item.data).hexdigest()
    if is_table_file(item.path):
        return _digest(item.path)
    try:
        return hashlib.sha256(read_bytes(item.path)).hexdigest()
    except GovrulesError:
        return None
