"""Evaluate many inputs, in this process or in worker processes, in input order.

:func:`run` yields one :class:`Outcome` per input, in the order the inputs came, as soon
as it and every input before it are done. Nothing is drawn or printed here: the command
line draws the progress and the summary from what this yields.

Workers are started with ``forkserver`` where there is one, else ``spawn`` (never
``fork``): each is given the rule file's path (a compiled rule set holds closures, which
do not pickle), compiles it once, ignores Ctrl-C (the parent stops them), and sends back
each record already written as a line of JSON. Inputs are sent in chunks, and only a few
chunks per worker are in flight, so memory does not grow with the number of inputs. Any
failure comes back as an error record of the input it concerns, even a worker that dies.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice

from .. import __version__
from ..errors import Diagnostic, GovrulesError, Severity, Span
from ..evaluation import Record, loaded_record
from ..outputs import FORMAT_VERSION
from ..rules import RuleSet
from ..rules.catalog import resolve
from .inputs import Input, read_input

CHUNK = 16  # inputs per task sent to a worker
IN_FLIGHT = 4  # chunks per worker sent ahead


@dataclass(frozen=True, slots=True)
class Line:
    """One record of a batch, ready to write: its line of JSON and what a summary counts."""

    name: str
    json: str  # Record.to_json() on one line, without the newline
    ok: bool
    total: str | None = None
    maximum: str | None = None
    codes: tuple[str, ...] = ()  # of the errors


@dataclass(frozen=True, slots=True)
class Outcome:
    """Everything one input gave: its records (one, or one per submission a file holds),
    the sha256 of what it holds (None if it could not be read) and the time it took."""

    index: int
    name: str
    sha256: str | None
    lines: tuple[Line, ...]
    seconds: float  # wall time
    cpu_seconds: float = 0.0  # processor time of the process that evaluated it


def run(rules: RuleSet, inputs: Iterable[Input], jobs: int = 1, *, spec: str | None = None, start_method: str | None = None, chunk: int = CHUNK) -> Generator[Outcome, None, None]:
    """Evaluate every input with a loaded rule set; one outcome per input, in input order.

    ``jobs`` 1 evaluates in this process; more start that many worker processes, which
    load the rule set again as it was given (``spec``: a file or a shipped rule set's name;
    by default its file, ``rules.path``)."""
    numbered = enumerate(inputs)
    if jobs <= 1:
        for index, item in numbered:
            yield evaluate_input(rules, index, item)
        return
    pool = _Pool(spec or rules.path, jobs, start_method)
    pending: deque[tuple[list[tuple[int, Input]], Future[list[Outcome]]]] = deque()
    try:
        while True:
            while len(pending) < jobs * IN_FLIGHT and (batch := list(islice(numbered, chunk))):
                pending.append((batch, pool.submit(batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                outcomes = pool.result(future)
            except BrokenProcessPool:  # a worker died: start again, and find the input that did it
                rest = [b for b, _ in pending]
                pending.clear()
                pool.restart()
                outcomes = [pool.alone(item) for item in batch]
                pending.extend((b, pool.submit(b)) for b in rest)
            yield from outcomes
    finally:
        pool.shutdown()


class _Pool:
    def __init__(self, rules: str, jobs: int, start_method: str | None):
        methods = multiprocessing.get_all_start_methods()
        method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
        self.context = multiprocessing.get_context(method)
        if method == "forkserver":  # workers fork from a server that has imported govrules once
            self.context.set_forkserver_preload([__name__])
        self.rules, self.jobs = rules, jobs
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=self.context, initializer=_start_worker, initargs=(self.rules,))

    def submit(self, batch: list[tuple[int, Input]]) -> Future[list[Outcome]]:
        """The batch's future; a pool a worker died in refuses new work at once, and that
        refusal is the future's, so that it is handled where the others' are (in order)."""
        try:
            return self.executor.submit(_work, batch)
        except BrokenProcessPool as e:
            refused: Future[list[Outcome]] = Future()
            refused.set_exception(e)
            return refused

    def result(self, future: Future[list[Outcome]]) -> list[Outcome]:
        """The future's outcomes. A future submitted just as a worker died can be left unset
        by the executor for ever (a race in concurrent.futures): while waiting, a pool found
        broken is BrokenProcessPool here too, never a hang."""
        while True:
            try:
                return future.result(timeout=1.0)
            except TimeoutError:
                if getattr(self.executor, "_broken", False):  # CPython's flag of a broken pool
                    raise BrokenProcessPool("a worker process died") from None

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def alone(self, item: tuple[int, Input]) -> Outcome:
        """One input on its own; if the worker dies on it too, its record says so."""
        try:
            return self.result(self.submit([item]))[0]
        except BrokenProcessPool:
            self.restart()
            index, given = item
            return _outcome(index, given.name, None, [Record(given.name, errors=(_stopped(given.name),))], 0.0)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


# --- in a worker -------------------------------------------------------------------

_RULES: RuleSet | GovrulesError | None = None


def _start_worker(rules: str) -> None:
    global _RULES
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        _RULES = resolve(rules)
    except GovrulesError as e:  # kept for the records: a failing initializer would break the pool
        _RULES = e
    gc.freeze()  # the compiled rule set lives as long as the worker: keep it out of collections


def _work(batch: list[tuple[int, Input]]) -> list[Outcome]:
    rules = _RULES
    if not isinstance(rules, RuleSet):
        errors = rules.diagnostics if isinstance(rules, GovrulesError) else ()
        return [_outcome(i, item.name, None, [Record(item.name, errors=errors)], 0.0) for i, item in batch]
    return [evaluate_input(rules, index, item) for index, item in batch]


def evaluate_input(rules: RuleSet, index: int, item: Input) -> Outcome:
    """Read one input and evaluate each submission in it; never raises."""
    started, cpu = time.perf_counter(), time.process_time()
    digest, records = input_records(rules, item)
    return _outcome(index, item.name, digest, records, time.perf_counter() - started, time.process_time() - cpu)


def input_records(rules: RuleSet, item: Input) -> tuple[str | None, list[Record]]:
    """The sha256 of what the input holds and its records: one per submission in it,
    each a result or the errors that stopped it. Never raises."""
    digest: str | None = None
    records: list[Record] = []
    try:
        digest, loaded = read_input(item)
        records.extend(loaded_record(rules, one) for one in loaded)
    except Exception as e:  # a bug in govrules: this input's record says so, the batch goes on
        records.append(Record(item.name, errors=(_internal(item.name, e),)))
    return digest, records


def _outcome(index: int, name: str, digest: str | None, records: list[Record], seconds: float, cpu: float = 0.0) -> Outcome:
    return Outcome(index, name, digest, tuple(_line(r) for r in records), seconds, cpu)


def _line(record: Record) -> Line:
    """The record as one line of JSON: the object Record.to_json() gives (a result is
    serialised by pydantic directly, several times faster than through dicts)."""
    if record.result is None or record.source is not None or record.warnings:
        text = json.dumps({"format_version": FORMAT_VERSION, **record.to_json()}, ensure_ascii=False)
        if record.result is None:
            return Line(record.file, text, False, codes=tuple(d.code for d in record.errors))
    else:
        text = '{"format_version": "' + FORMAT_VERSION + '", "file": ' + json.dumps(record.file, ensure_ascii=False) + ', "result": ' + record.result.model_dump_json() + "}"
    result = record.result
    total = None if result.total is None else str(result.total)
    return Line(record.file, text, True, total, str(result.maximum))


def _internal(name: str, e: Exception) -> Diagnostic:
    return Diagnostic(
        "GR505", Severity.ERROR, f"govrules 内部错误（请报告此问题）：{type(e).__name__}: {e}",
        f"internal error in govrules, please report it: {type(e).__name__}: {e}", span=Span(name, 1, 1),
    )  # fmt: skip


def _stopped(name: str) -> Diagnostic:
    return Diagnostic(
        "GR505", Severity.ERROR, "评价此输入的工作进程意外终止（内存不足？）",
        "the worker process evaluating this input stopped unexpectedly (out of memory?)", span=Span(name, 1, 1),
    )  # fmt: skip


def rules_digest(rules: RuleSet) -> str:
    """The sha256 of a rule set as loaded (its file and every file it includes) and of the
    govrules version: what a journal of results is valid for."""
    sources = {rules.tree.path: rules.tree.lines, **rules.tree.sources}
    text = json.dumps([__version__, sorted(sources.items())], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_jobs() -> int:
    """The processors this process may use."""
    sched = getattr(os, "sched_getaffinity", None)
    return len(sched(0)) if sched else os.cpu_count() or 1
