"""govrules.spark on a real Spark, in local-cluster mode (two executor JVMs apart from the
driver's, each with its Python workers, so the rule bundle and the rows really are
serialised): the same records as serial evaluation, one output row per input row, errors
as rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govrules.evaluation import evaluate_files
from govrules.rules import load_rules
from govrules.spark import SCALE, bundle_rules, compiled, evaluate_dataframe, local_session
from govrules.submissions.load import read_data

ROOT = Path(__file__).resolve().parents[1]
RULES = sorted((ROOT / "rules").glob("*.rules"))
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*/*.yaml") if p.name != "review_table.yaml")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    import pyspark

    os.environ.setdefault("SPARK_HOME", os.path.dirname(pyspark.__file__))  # local-cluster starts executors with its scripts
    session = local_session("local-cluster[2,1,1024]", **{"spark.driver.memory": "512m", "spark.executor.memory": "512m"})
    yield session
    session.stop()


def _nested(spark: Any, rows: list[tuple[str | None, str | None]], partitions: int | None = None) -> Any:
    frame = spark.createDataFrame(rows, "id string, submission string")
    return frame if partitions is None else frame.repartition(partitions)


def _example_rows() -> list[tuple[str | None, str | None]]:
    return [(str(p), json.dumps(read_data(p)[0], ensure_ascii=False)) for p in EXAMPLES]


def _q(value: Decimal | None) -> Decimal | None:
    """A figure as the DecimalType(38, 10) columns hold it (result_json keeps every digit)."""
    return None if value is None else value.quantize(Decimal(1).scaleb(-SCALE))


@pytest.fixture(scope="module")
def every_rule_set(spark: Any) -> dict[str, dict[str, Any]]:
    """Every shipped rule set on every example, in one Spark job: rule file → id → row."""
    from functools import reduce

    from pyspark.sql import functions as F

    frame = _nested(spark, _example_rows())
    parts = [evaluate_dataframe(frame, str(r)).evaluated.withColumn("rules", F.lit(str(r))) for r in RULES]
    out: dict[str, dict[str, Any]] = {str(r): {} for r in RULES}
    for row in reduce(lambda a, b: a.unionByName(b), parts).collect():
        assert row["id"] not in out[row["rules"]]
        out[row["rules"]][row["id"]] = row
    return out


@pytest.mark.parametrize("rules_file", RULES, ids=[p.stem for p in RULES])
def test_every_example_gives_the_serial_record(every_rule_set: dict[str, dict[str, Any]], rules_file: Path) -> None:
    """Every shipped rule set on every example (those of another kind give GR502 both ways):
    the record JSON, scores, sections, deductions and findings as serial evaluation gives them."""
    serial = {rec.file: rec for rec in evaluate_files(str(rules_file), [str(p) for p in EXAMPLES])}
    rows = every_rule_set[str(rules_file)]
    assert sorted(rows) == sorted(serial)
    assert any(rec.result is not None for rec in serial.values())
    for name, rec in serial.items():
        row = rows[name]
        assert json.loads(row["result_json"]) == rec.to_json(), name
        if rec.result is None:
            assert row["total"] is None and row["sections"] == [] and [e["code"] for e in row["errors"]] == [d.code for d in rec.errors]
            continue
        r = rec.result
        assert row["errors"] == []
        assert row["total"] == _q(r.total) and row["maximum"] == r.maximum and row["project"] == r.submission["project"]
        assert [(s["name"], s["maximum"], s["points"], s["deducted"], s["applicable"], s["reason"]) for s in row["sections"]] == [
            (s.name, s.maximum, _q(s.points), _q(s.deducted), s.applicable, s.reason) for s in r.sections]  # fmt: skip
        assert [(d["deduction"], d["points"], d["reason"], d["rule_file"], d["rule_line"]) for d in row["deductions"]] == [
            (d.id, _q(d.points), d.reason, d.rule.file, d.rule.line) for s in r.sections for d in s.deductions]  # fmt: skip
        assert [(f["check"], f["message"], f["rule_line"]) for f in row["findings"]] == [(f.check, f.message, f.rule.line) for f in r.findings]
        grade = r.figures.get("等级")
        assert row["grade"] == (grade.display if grade is not None and grade.computable else None)


def test_deduction_and_finding_frames_flatten_the_records(spark: Any) -> None:
    """One row per deduction and per finding, with the submission's id, as the records have them."""
    rules_file = str(ROOT / "rules" / "monitoring_review.rules")
    serial = [rec for rec in evaluate_files(rules_file, [str(p) for p in EXAMPLES]) if rec.result is not None]
    out = evaluate_dataframe(_nested(spark, _example_rows()), rules_file)
    deductions = [(d["id"], d["section"], d["deduction"], d["indicator"], d["points"], d["reason"], d["rule_file"], d["rule_line"]) for d in out.deductions.collect()]
    assert sorted(deductions) == sorted(
        (rec.file, s.name, d.id, d.indicator, _q(d.points), d.reason, d.rule.file, d.rule.line) for rec in serial for s in rec.result.sections for d in s.deductions  # type: ignore[union-attr]
    )  # fmt: skip
    assert len(deductions) == 7 and len({d[0] for d in deductions}) > 1
    findings = [(f["id"], f["check"], f["severity"], f["message"], f["message_en"], f["path"], f["rule_line"]) for f in out.findings.collect()]
    assert sorted(findings) == sorted(
        (rec.file, f.check, f.severity, f.message, f.message_en, f.path, f.rule.line) for rec in serial for f in rec.result.findings  # type: ignore[union-attr]
    )  # fmt: skip
    assert findings
    assert out.submissions.columns == [c for c in out.evaluated.columns if c not in ("deductions", "findings")]


def test_empty_frame_and_empty_partitions(spark: Any) -> None:
    rules_file = str(ROOT / "rules" / "monitoring_review.rules")
    empty = evaluate_dataframe(_nested(spark, [], 3), rules_file)
    assert empty.submissions.collect() == [] and empty.deductions.collect() == []
    rows = _example_rows()[:3]
    sparse = _nested(spark, rows, 8)  # 3 rows in 8 partitions: at least 5 are empty
    assert sparse.rdd.getNumPartitions() == 8
    out = evaluate_dataframe(sparse, rules_file).submissions
    assert sorted(r["id"] for r in out.collect()) == sorted(str(r[0]) for r in rows)


def test_a_broken_submission_gives_an_error_row(spark: Any, tmp_path: Path) -> None:
    """One output row per input row: unreadable, empty or invalid submissions give their errors."""
    rules_file = str(ROOT / "rules" / "monitoring_review.rules")
    good = read_data(EXAMPLES[4])[0]
    assert good["表类型"] == "绩效监控情况表"
    missing = {k: v for k, v in good.items() if k != "项目名称"}
    bad_file = tmp_path / "missing.json"
    bad_file.write_text(json.dumps(missing, ensure_ascii=False), encoding="utf-8")
    rows = [
        ("syntax", '{"表类型": "绩效监控情况表",'), ("null", None), ("list", "[1, 2]"),
        ("twice", '{"表类型": "绩效监控情况表", "项目名称": "甲", "项目名称": "乙"}'),
        ("kind", json.dumps({"表类型": "报表"}, ensure_ascii=False)), (str(bad_file), json.dumps(missing, ensure_ascii=False)),
        ("good", json.dumps(good, ensure_ascii=False)), (None, json.dumps(good, ensure_ascii=False)),
    ]  # fmt: skip
    out = evaluate_dataframe(_nested(spark, rows), rules_file).submissions.collect()
    assert len(out) == len(rows)
    codes = {r["id"]: [e["code"] for e in r["errors"]] for r in out}
    assert codes["syntax"] == ["GR202"] and codes["null"] == ["GR201"] and codes["list"] == ["GR206"] and codes["kind"] == ["GR208"]
    assert codes["twice"] == ["GR206"]  # a key given twice is refused, as in a JSON file (the last one does not win)
    assert codes["good"] == [] and codes[None] == []
    by_id = {r["id"]: r for r in out}
    assert by_id["syntax"]["total"] is None and "JSON" in by_id["syntax"]["errors"][0]["message"]
    assert json.loads(by_id[str(bad_file)]["result_json"]) == evaluate_files(rules_file, [str(bad_file)])[0].to_json()
    assert by_id["good"]["total"] is not None and by_id["good"]["total"] == by_id[None]["total"]


def _type(values: list[Any]) -> Any:
    """The Spark type of a field from its values in the examples (numbers are their text)."""
    from pyspark.sql.types import ArrayType, BooleanType, StringType, StructField, StructType

    present = [v for v in values if v is not None]
    if present and all(isinstance(v, dict) for v in present):
        keys = list(dict.fromkeys(k for v in present for k in v))
        return StructType([StructField(k, _type([v.get(k) for v in present])) for k in keys])
    if present and all(isinstance(v, list) for v in present):
        return ArrayType(_type([x for v in present for x in v]))
    if present and all(isinstance(v, bool) for v in present):
        return BooleanType()
    return StringType()


def test_indicator_rows_give_the_same_as_nested_submissions(spark: Any) -> None:
    """layout="rows": a table of indicator rows keyed by project, the other columns the
    submission's fields (a struct column for 预算), shuffled; the same records as nested."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    files = [p for p in EXAMPLES if read_data(p)[0]["表类型"] == "绩效监控情况表"]
    data = [read_data(p)[0] for p in files]
    header = list(dict.fromkeys(k for d in data for k in d if k != "指标"))
    indicators = [i for d in data for i in d["指标"]]
    columns = list(dict.fromkeys(k for i in indicators for k in i))
    schema = StructType(
        [StructField("key", StringType()), StructField("pos", LongType())]
        + [StructField(k, _type([d.get(k) for d in data])) for k in header]
        + [StructField(k, _type([i.get(k) for i in indicators])) for k in columns]
    )  # fmt: skip
    rows = [(str(p), n, *[d.get(k) for k in header], *[i.get(k) for k in columns]) for p, d in zip(files, data) for n, i in enumerate(d["指标"])]
    frame = spark.createDataFrame(rows[::-1], schema)
    rules_file = str(ROOT / "rules" / "monitoring_review.rules")
    by_rows = evaluate_dataframe(frame, rules_file, layout="rows", id_col="key", indicator_cols=columns, order_col="pos")
    nested = evaluate_dataframe(_nested(spark, [(str(p), json.dumps(d, ensure_ascii=False)) for p, d in zip(files, data)]), rules_file)
    got = {r["id"]: json.loads(r["result_json"]) for r in by_rows.submissions.collect()}
    want = {r["id"]: json.loads(r["result_json"]) for r in nested.submissions.collect()}
    assert len(got) == len(files) and got == want
    assert all("result" in v for v in got.values())


def test_the_bundle_carries_the_included_files_and_names_them_as_on_the_driver(tmp_path: Path) -> None:
    """Executors get texts, not paths: compiled from a copy, the rule set cites the same files."""
    rules_file = ROOT / "rules" / "self_evaluation.rules"
    bundle = bundle_rules(rules_file)
    assert [rel for rel, _ in bundle.files] == ["self_evaluation.rules", "common/self_evaluation_rows.rules", "common/national_blocks.rules"]
    here = load_rules(rules_file)
    there = compiled(bundle)
    assert there is compiled(bundle)  # once per process
    assert there.path == here.path and there.tree.sources == here.tree.sources and there.lines == here.lines
    changed = type(bundle)(bundle.main, ((bundle.files[0][0], bundle.files[0][1] + "\n"), *bundle.files[1:]))
    assert changed.digest != bundle.digest


def test_the_example_of_the_spark_page_runs(spark: Any) -> None:
    """docs/spark.md's first ``py`` block (the docs tests leave Spark to this file)."""
    page = (ROOT / "docs" / "spark.md").read_text(encoding="utf-8")
    block = page.split("```py\n", 1)[1].split("```", 1)[0]
    assert "evaluate_dataframe" in block
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(block, "docs/spark.md", "exec"), {})
    finally:
        os.chdir(cwd)


def test_govrules_imports_without_pyspark() -> None:
    """pyspark and pyarrow load only when a DataFrame is evaluated (the [spark] extra)."""
    code = (
        "import sys\n"
        "for name in ('pyspark', 'pyarrow', 'pandas'):\n"
        "    sys.modules[name] = None  # importing it now fails, as when it is not installed\n"
        "import govrules, govrules.cli, govrules.evaluation, govrules.spark\n"
        "bundle = govrules.spark.bundle_rules('rules/self_evaluation.rules')\n"
        "print(len(bundle.files), govrules.spark.compiled(bundle).name)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split()[0] == "3" and out.stdout.split()[1] == load_rules(ROOT / "rules" / "self_evaluation.rules").name
