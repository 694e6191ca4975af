"""How fast govrules.spark evaluates submissions on Spark (not a test).

    python benchmarks/spark.py [--count 1000000] [--master local[2]] [--partitions 8]

Makes ``--count`` monitoring reports on the executors (the four seed reports of
examples/001_monitoring in turn, each with its own project name, so no row travels from
the driver), evaluates them with rules/monitoring_review.rules through
``govrules.spark.evaluate_dataframe`` and counts the rows with errors (so every row is
evaluated, and none is stored). Reports rows per second of the whole job and
of the evaluation alone (the job minus one that only makes the rows), with and without
the ``result_json`` column, and for comparison
the same evaluation in this one Python process (``govrules.evaluation.evaluate_data``).
The notations recur as in real data, so the parse caches are warm after the first rows.
On a shared machine the wall clock also counts the time other processes hold the cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("PYTHONPATH", str(ROOT / "src"))  # the Python workers import govrules too

from govrules.evaluation import evaluate_data  # noqa: E402
from govrules.rules import load_rules  # noqa: E402
from govrules.spark import evaluate_dataframe, local_session  # noqa: E402
from govrules.submissions.load import read_data  # noqa: E402

RULES = ROOT / "rules" / "monitoring_review.rules"
MARK = "@@ID@@"


def _templates() -> list[str]:
    out = []
    for path in sorted((ROOT / "examples" / "001_monitoring").glob("0*.yaml")):
        data = read_data(path)[0]
        data["项目名称"] = f"{data['项目名称']}#{MARK}"
        out.append(json.dumps(data, ensure_ascii=False))
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=1_000_000, help="submissions evaluated (default 1000000)")
    p.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    p.add_argument("--partitions", type=int, default=8, help="partitions of the input (default 8)")
    args = p.parse_args()
    templates = _templates()

    rules = load_rules(RULES)
    serial_n = min(args.count, 2000)
    start = time.perf_counter()
    for i in range(serial_n):
        evaluate_data(rules, str(i), json.loads(templates[i % len(templates)].replace(MARK, str(i)), parse_float=str, parse_int=str))
    serial = serial_n / (time.perf_counter() - start)

    from pyspark.sql import functions as F

    spark = local_session(args.master, **{"spark.driver.memory": "2g"})
    print(f"python {platform.python_version()}, pyspark {spark.version}, master {args.master}, {os.cpu_count()} cores, "
          f"{args.count} submissions in {args.partitions} partitions")  # fmt: skip
    pick = F.element_at(F.array(*[F.lit(t) for t in templates]), (F.col("id") % len(templates) + 1).cast("int"))
    frame = spark.range(0, args.count, numPartitions=args.partitions).select(
        F.col("id").cast("string").alias("id"), F.replace(pick, F.lit(MARK), F.col("id").cast("string")).alias("submission"))
    evaluate_dataframe(frame.limit(10), str(RULES)).evaluated.write.format("noop").mode("overwrite").save()  # starts the workers

    start = time.perf_counter()
    frame.agg(F.sum(F.length("submission"))).collect()
    making = time.perf_counter() - start
    errors = 0
    for label, with_json in (("", True), (", no result_json", False)):
        out = evaluate_dataframe(frame, str(RULES), result_json=with_json)
        start = time.perf_counter()
        errors += out.evaluated.agg(F.sum((F.size("errors") > 0).cast("int"))).collect()[0][0]  # every row is evaluated
        whole = time.perf_counter() - start
        print(f"{'spark, whole job' + label:40} {args.count / whole:>10,.0f} rows/s  ({whole:.1f} s)")
        print(f"{'spark, evaluation alone' + label:40} {args.count / max(whole - making, 1e-9):>10,.0f} rows/s  (making the rows: {making:.1f} s)")
    spark.stop()
    print(f"{'one Python process (evaluate_data)':40} {serial:>10,.0f} rows/s  ({serial_n} submissions)")
    if errors:
        print("error: some submissions were not evaluated", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
