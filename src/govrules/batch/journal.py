"""The results file of a batch (``--out``) and the journal that lets a stopped run resume.

Records are written in input order, so a run that was killed has written the records of
its first inputs and perhaps part of one more. Beside ``results.jsonl`` the journal
``results.jsonl.journal`` holds a first line naming what the results are valid for (the
govrules version and the sha256 of the rule set as loaded) and then, for each input whose
records were written, its name, the sha256 of what it held and where its records end in
the results file. Each entry is written after the records it stands for; both files are
handed to the system every 0.1 s and fsynced every second, results first. Should the
journal still reach further than the results (a power cut between the two), the entries
beyond the end of the results are not taken.

Resuming (``--resume``) reads the journal, cuts the results back to the end of the last
input the journal confirms (a record written after it, or half written, goes), checks
that the first inputs are those the journal names, one by one and in order (same name,
same sha256), skips them, and evaluates the rest. So every input has exactly one record,
and none is evaluated twice into the results: an input that was written but not yet
journaled is cut away first. If the rules or the inputs changed, resuming is refused.
Memory stays constant: the journal is read as the inputs come, never held whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..errors import Diagnostic, GovrulesError, Severity, Span
from .inputs import Input, identity
from .runner import Outcome

FORMAT = 1
FLUSH_SECONDS = 0.1
SYNC_SECONDS = 1.0


def journal_path(out: str) -> str:
    return out + ".journal"


class Results:
    """The results file and its journal, open for appending records in input order."""

    def __init__(self, out: str, rules_sha256: str, *, resume: bool = False):
        self.out, self.journal = out, journal_path(out)
        self.header = {"format": FORMAT, "rules_sha256": rules_sha256}
        self.resumed = 0  # inputs the resumed run had done
        with _writing(out):
            entries = self._resume() if resume else None
            if entries is None:  # a fresh start
                self.results: IO[bytes] = open(out, "wb")
                self.log: IO[bytes] = open(self.journal, "wb")
                self._append(self.log, self.header)
                self.entries: Iterator[dict[str, Any]] = iter(())
            else:
                self.entries = entries
        self.synced = self.flushed = time.monotonic()

    def _resume(self) -> Iterator[dict[str, Any]] | None:
        """Cut the results and the journal back to what the journal confirms; the
        confirmed entries, in order, to check the inputs against. None: nothing to resume."""
        if not (os.path.exists(self.out) and os.path.exists(self.journal)):
            return None
        size = os.path.getsize(self.out)
        count, end, journal_end = 0, 0, 0
        with open(self.journal, "rb") as log:
            first = log.readline()
            if _entry(first) != self.header:
                raise GovrulesError([_refused(self.journal, "结果是用另一版本的规则集或 govrules 得出的，无法续跑", "the results were made with other rules or another govrules version and cannot be resumed")])
            journal_end = log.tell()
            for raw in log:
                entry = _entry(raw)
                if entry is None or not isinstance(entry.get("end"), int) or entry["end"] > size:
                    break  # half written, or beyond what reached the results file
                count, end, journal_end = count + 1, entry["end"], log.tell()
        self.resumed = count
        self.results = open(self.out, "r+b")
        self.results.truncate(end)
        self.results.seek(end)
        self.log = open(self.journal, "r+b")
        self.log.truncate(journal_end)
        self.log.seek(journal_end)
        return self._confirmed(count)

    def _confirmed(self, count: int) -> Iterator[dict[str, Any]]:
        with open(self.journal, "rb") as log:
            log.readline()
            for raw in log:
                if count == 0:
                    return
                entry = _entry(raw)
                assert entry is not None
                count -= 1
                yield entry

    def skip_done(self, inputs: Iterable[Input]) -> Iterator[Input]:
        """The inputs still to evaluate: those after the ones the resumed run did, which
        must be the same inputs as then."""
        items = iter(inputs)
        for number, entry in enumerate(self.entries, start=1):
            item = next(items, None)
            if item is None:
                raise GovrulesError([_refused(self.out, f"输入比中断的那次少：已完成的“{entry['input']}”不在其中，无法续跑", f"there are fewer inputs than in the stopped run: “{entry['input']}”, already done, is not among them; it cannot be resumed")])
            if item.name != entry["input"] or identity(item) != entry["sha256"]:
                raise GovrulesError([_refused(self.out, f"第 {number} 个输入“{item.name}”与中断的那次（“{entry['input']}”）不同或已改动，无法续跑", f"input {number}, “{item.name}”, differs from the stopped run's (“{entry['input']}”) or was changed; it cannot be resumed")])
        yield from items

    def write(self, outcome: Outcome) -> None:
        """The outcome's records, then its journal entry: handed to the system every
        FLUSH_SECONDS, results first, and fsynced every SYNC_SECONDS."""
        with _writing(self.out):
            self.results.write("".join(line.json + "\n" for line in outcome.lines).encode("utf-8"))
            self.log.write(json.dumps({"input": outcome.name, "sha256": outcome.sha256, "end": self.results.tell()}, ensure_ascii=False).encode("utf-8") + b"\n")
            now = time.monotonic()
            if now - self.flushed > FLUSH_SECONDS:
                self.flush(sync=now - self.synced > SYNC_SECONDS)

    def flush(self, sync: bool = False) -> None:
        self.results.flush()  # the results before the journal that confirms them
        self.log.flush()
        if sync:
            os.fsync(self.results.fileno())
            os.fsync(self.log.fileno())
            self.synced = time.monotonic()
        self.flushed = time.monotonic()

    def close(self) -> None:
        with _writing(self.out):
            try:
                self.flush(sync=True)
            finally:
                self.results.close()
                self.log.close()

    @staticmethod
    def _append(stream: IO[bytes], entry: dict[str, Any]) -> None:
        stream.write(json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n")
        stream.flush()


def _entry(raw: bytes) -> dict[str, Any] | None:
    if not raw.endswith(b"\n"):
        return None
    try:
        entry = json.loads(raw)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


@contextlib.contextmanager
def _writing(file: str) -> Iterator[None]:
    """An error writing the results (a missing folder, a full disk) as a GR507 error."""
    try:
        yield
    except OSError as e:
        why = e.strerror or str(e)
        raise GovrulesError([Diagnostic("GR507", Severity.ERROR, f"无法写入结果文件：{why}", f"cannot write the results file: {why}", span=Span(file, 1, 1))]) from None


def _refused(file: str, zh: str, en: str) -> Diagnostic:
    return Diagnostic(
        "GR506", Severity.ERROR, zh, en, "去掉 --resume 重新运行，或换一个 --out 文件", "run again without --resume, or with another --out file", Span(file, 1, 1),
    )  # fmt: skip
