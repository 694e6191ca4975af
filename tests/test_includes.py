"""``引用 "file.rules"``: shared definitions in another file, merged before the includer's
rules; results, explanations and errors name the file and line each rule came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from govrules.errors import GovrulesError
from govrules.rules import compile_rules, evaluate, load_rules
from govrules.rules.explain import explain
from govrules.submissions import load_submission

ROOT = Path(__file__).resolve().parents[1]
SUB = load_submission(ROOT / "examples/001_monitoring/03_职工基本医疗保险.yaml")

COMMON = """规则集 公共定义
设 时间进度 = 监控月份 / 12
设 预算执行率 = 执行数 / 预算数
"""
MAIN = """规则集 监控测试
适用于 绩效监控情况表
引用 "common.rules"
评分 进度 满分 10:
  扣 4 分 当 预算执行率 < 时间进度 理由 "执行率{预算执行率:%0}低于时间进度{时间进度:%0}"
"""


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def errors(path: Path) -> list:
    with pytest.raises(GovrulesError) as e:
        load_rules(path)
    return list(e.value.diagnostics)


def test_included_definitions_are_used_and_named_with_their_file_and_line(tmp_path):
    write(tmp_path, {"common.rules": COMMON, "main.rules": MAIN})
    rules = load_rules(tmp_path / "main.rules")
    result = evaluate(rules, SUB)
    assert result.figures["预算执行率"].value == str(__import__("decimal").Decimal(1280) / 3488)
    rate = result.figures["时间进度"]
    assert rate.display == "75%"
    assert rate.rule is not None and rate.rule.file == f"{tmp_path}/common.rules" and rate.rule.line == 2
    assert rate.rule.text == "设 时间进度 = 监控月份 / 12"
    (section,) = result.sections
    assert section.points == 6 and section.deductions[0].reason == "执行率37%低于时间进度75%"
    assert section.rule.file == str(tmp_path / "main.rules") and section.rule.line == 4
    out = "\n".join(explain(rules, SUB, "时间进度"))
    assert f"{tmp_path}/common.rules:2  设 时间进度 = 监控月份 / 12" in out
    out = "\n".join(explain(rules, SUB, "进度#1"))
    assert "main.rules:5" in out and "common.rules:3" in out  # the deduction, and where 预算执行率 is defined


def test_includes_in_a_subfolder_nest_and_a_shared_file_is_merged_once(tmp_path):
    write(tmp_path, {
        "lib/time.rules": "规则集 时间\n设 时间进度 = 监控月份 / 12\n",
        "lib/budget.rules": "规则集 预算\n引用 \"time.rules\"\n设 预算执行率 = 执行数 / 预算数\n",
        "lib/other.rules": "规则集 其他\n引用 \"time.rules\"\n设 差距 = 时间进度 - 预算执行率\n",
        "main.rules": "规则集 主\n引用 \"lib/budget.rules\"\n引用 \"lib/other.rules\"\n设 两倍 = 差距 * 2\n",
    })  # fmt: skip
    result = evaluate(load_rules(tmp_path / "main.rules"), SUB)
    assert list(result.figures) == ["时间进度", "预算执行率", "差距", "两倍"]
    assert result.figures["时间进度"].rule.file.endswith("lib/time.rules")


def test_a_definition_repeated_across_files_is_a_duplicate_with_both_places(tmp_path):
    write(tmp_path, {"common.rules": COMMON, "main.rules": MAIN + "设 时间进度 = 0.5\n"})
    (d,) = [d for d in errors(tmp_path / "main.rules") if d.code == "GR404"]
    assert d.span.file in (f"{tmp_path}/common.rules", str(tmp_path / "main.rules"))
    assert d.source_line.strip().startswith("设 时间进度")


@pytest.mark.parametrize("include", ["../outside.rules", "lib/../../outside.rules"])
def test_an_include_may_not_leave_the_folder(tmp_path, include):
    write(tmp_path, {"outside.rules": COMMON, "rules/main.rules": MAIN.replace("common.rules", include)})
    (d,) = errors(tmp_path / "rules/main.rules")
    assert d.code == "GR330" and "离开" in d.zh and d.en
    assert d.span.file.endswith("main.rules") and d.span.line == 3 and "^" in d.render()


@pytest.mark.parametrize("include", ["/etc/passwd", "C:\\\\rules\\\\common.rules"])
def test_an_include_may_not_be_absolute(tmp_path, include):
    write(tmp_path, {"main.rules": MAIN.replace("common.rules", include)})
    (d,) = errors(tmp_path / "main.rules")
    assert d.code == "GR330" and "绝对路径" in d.zh and d.span.line == 3


def test_include_cycles_are_refused_with_the_chain(tmp_path):
    write(tmp_path, {
        "a.rules": "规则集 A\n引用 \"b.rules\"\n设 x = 1\n",
        "b.rules": "规则集 B\n引用 \"c.rules\"\n设 y = 2\n",
        "c.rules": "规则集 C\n引用 \"a.rules\"\n设 z = 3\n",
        "self.rules": "规则集 S\n引用 \"self.rules\"\n",
    })  # fmt: skip
    (d,) = errors(tmp_path / "a.rules")
    assert d.code == "GR331" and "a.rules → b.rules → c.rules → a.rules" in d.zh
    assert d.span.file.endswith("c.rules") and d.span.line == 2
    assert [d.code for d in errors(tmp_path / "self.rules")] == ["GR331"]


def test_a_missing_or_broken_included_file_is_reported_where_it_is(tmp_path):
    write(tmp_path, {"main.rules": MAIN})
    (d,) = errors(tmp_path / "main.rules")
    assert d.code == "GR300" and "common.rules" in d.zh and d.span.file.endswith("main.rules") and d.span.line == 3
    write(tmp_path, {"common.rules": COMMON + "设 坏 = (1 +\n"})
    (d,) = errors(tmp_path / "main.rules")
    assert d.code == "GR307" and d.span.file == f"{tmp_path}/common.rules" and d.span.line == 4


def test_rule_text_without_a_file_cannot_include(tmp_path):
    with pytest.raises(GovrulesError) as e:
        compile_rules(MAIN, "t.rules")
    (d,) = e.value.diagnostics
    assert d.code == "GR332" and "load_rules" in d.hint_zh and d.span.line == 3
