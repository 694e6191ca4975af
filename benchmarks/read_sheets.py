"""How fast spreadsheets are read into tables (not a test).

    python benchmarks/read_sheets.py [--tables 1000]

Reads the .xlsx fixtures of tests/sheets/ (the 15 seed projects in their published
layouts, and the real published tables) over and over until the given number of tables
has been read, and reports tables per second and milliseconds per table for the reader
alone (file → grids → tables: ``govrules.io.read_tables``) and with validation by the
submission models (``govrules.io.load_inputs``). The target is at most 20 ms a table.
Both the CPU time of this process and the wall-clock time are shown: on a shared machine
the wall clock also counts the time other processes hold the cores.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govrules.io import load_inputs, read_tables  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tables", type=int, default=1000, help="tables to read (default 1000)")
    args = p.parse_args()
    files = sorted((ROOT / "tests" / "sheets" / "seeds").glob("*.xlsx")) + sorted((ROOT / "tests" / "sheets" / "published").glob("*.xlsx"))
    per_file = {f: len(read_tables(f)) for f in files}  # also warms up the imports
    print(f"python {platform.python_version()}, {len(files)} files, {sum(per_file.values())} tables in them")
    for label, read in (("read_tables (reader)", read_tables), ("load_inputs (reader + validation)", load_inputs)):
        done, start, cpu, i = 0, time.perf_counter(), time.process_time(), 0
        while done < args.tables:
            f = files[i % len(files)]
            done += len(read(f))
            i += 1
        elapsed, used = time.perf_counter() - start, time.process_time() - cpu
        print(f"{label:36s} {done} tables: CPU {done / used:,.0f} tables/s ({1000 * used / done:.2f} ms per table); "
              f"wall clock {done / elapsed:,.0f} tables/s ({1000 * elapsed / done:.2f} ms per table)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
