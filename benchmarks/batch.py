"""Batch evaluation end to end, as a whole ``govrules eval`` process (issue 14).

    python benchmarks/batch.py [--files 10000] [--stream 10000,100000] [--jobs 2]

1. Files: ``--files`` monitoring reports, replicated from examples/001_monitoring (the
   four reports in turn, each project named apart), written as YAML files to a temporary
   folder, evaluated with ``govrules eval rules/monitoring_review.rules FOLDER --jobs N
   --out results.jsonl``: files per second, wall time from start to the last record.
2. Memory: for each count in ``--stream``, the same reports as JSON Lines piped to
   ``govrules eval … - --jobs N --out -`` (generated as they are read, the results read
   and counted as they come, so neither needs the disk): the peak resident memory of the
   whole process tree (sampled every 0.2 s from /proc, Linux) and of its largest process.
   Constant memory means the peak does not grow with the count.

Every run checks that it got exactly one record per input, in order. Not a test:
nothing else is asserted; the figures are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govrules.submissions.load import read_data  # noqa: E402

GOVRULES = str(Path(sys.executable).parent / "govrules")
RULES = "rules/monitoring_review.rules"
EXAMPLES = sorted((ROOT / "examples" / "001_monitoring").glob("0*.yaml"))


def reports(count: int, indicators: int | None = None) -> Iterator[tuple[int, str, str]]:
    """(number, YAML text, JSON line) of each report: the examples in turn, renamed; the
    JSON line with only its first ``indicators`` indicators, if given."""
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    data = [read_data(p)[0] for p in EXAMPLES]
    for i in range(count):
        k = i % len(EXAMPLES)
        name = f"{data[k]['项目名称']}·{i}"
        yaml_text = texts[k].replace(f"项目名称: {data[k]['项目名称']}", f"项目名称: {name}", 1)
        rows = data[k]["指标"] if indicators is None else data[k]["指标"][:indicators]
        yield i, yaml_text, json.dumps({**data[k], "项目名称": name, "指标": rows}, ensure_ascii=False)


class TreeMemory:
    """The peak of the summed resident memory of a process and its descendants."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.stop.wait(0.2):
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))

    def close(self) -> int:
        self.stop.set()
        self.thread.join()
        return self.peak


def _tree(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(c for c, parent in parents.items() if parent == p)
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def files_run(count: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        for i, text, _ in reports(count):
            sub = folder / f"{i // 1000:03d}"
            if i % 1000 == 0:
                sub.mkdir(parents=True)
            (sub / f"{i:06d}.yaml").write_text(text, encoding="utf-8")
        out = Path(tmp) / "results.jsonl"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        run = subprocess.Popen([GOVRULES, "eval", RULES, str(folder), "--jobs", str(jobs), "--out", str(out)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        memory = TreeMemory(run.pid)
        _, err = run.communicate()
        seconds = time.perf_counter() - started
        peak = memory.close()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(out, encoding="utf-8") as f:
            names = [json.loads(line)["file"] for line in f]
        assert names == [str(folder / f"{i // 1000:03d}" / f"{i:06d}.yaml") for i in range(count)], "records out of order or missing"
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"files    {count:>7} inputs  --jobs {jobs}  {seconds:6.1f} s  {count / seconds:7.0f} files/s  "
              f"cpu {cpu:6.1f} s  peak tree RSS {peak / 2**20:6.0f} MB  largest process {after.ru_maxrss / 1024:5.0f} MB  (exit {run.returncode})")  # fmt: skip
        print("\n".join("         " + line for line in err.strip().splitlines()[:2]))


def stream_run(count: int, jobs: int, indicators: int | None) -> None:
    run = subprocess.Popen([GOVRULES, "eval", RULES, "-", "--jobs", str(jobs), "--out", "-"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert run.stdin is not None and run.stdout is not None
    memory = TreeMemory(run.pid)
    started = time.perf_counter()

    def feed() -> None:
        assert run.stdin is not None
        for _, _, line in reports(count, indicators):
            run.stdin.write(line.encode("utf-8") + b"\n")
        run.stdin.close()

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    got = 0
    for raw in run.stdout:
        got += 1
        if raw[:12] != b'{"file": "-:':
            raise AssertionError(raw[:80])
    run.wait()
    seconds = time.perf_counter() - started
    peak = memory.close()
    assert got == count, (got, count)
    rows = "all" if indicators is None else indicators
    print(f"stream   {count:>7} inputs  --jobs {jobs}  {seconds:6.1f} s  {count / seconds:7.0f} inputs/s  peak tree RSS {peak / 2**20:6.0f} MB  (indicators per report: {rows})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--stream", default="10000,100000", help="counts of JSON Lines inputs, comma-separated ('' for none)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--indicators", type=int, help="keep this many indicators per streamed report (a shorter run for the memory figures)")
    args = ap.parse_args()
    if args.files:
        files_run(args.files, args.jobs)
    for count in filter(None, args.stream.split(",")):
        stream_run(int(count), args.jobs, args.indicators)


if __name__ == "__main__":
    main()
