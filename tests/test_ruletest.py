"""The rule-test runner (govrules test): failures, errors in test files, --update, coverage."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
MONITORING_RULES = ROOT / "rules/monitoring_review.rules"
REPORT_01 = ROOT / "examples/001_monitoring/01_机关事业单位养老保险.yaml"

SMALL_RULES = """\
规则集 小
适用于 绩效监控情况表
设 r = 执行数 / 预算数
设 档 = 分档 r:
  "≥90%" => "高"
  "<90%" => "低"
每个指标 设 k:
  完成值 为空 => "空"
  否则 => "有"
评分 s 满分 10:
  扣 2 分 当 r < 50% 理由 "低"
  扣 1 分 当 报送日期 为空 理由 "无日期"
检查 c 严重性 警告 当 r > 100% 理由 "超"
核对 r 对照 报告预算执行率 容差 1%
"""

# 12 units: definitions r, 档, k (3); bands ≥90% and <90% (2); cases 为空 and 否则 (2);
# section s (1); deductions (2); check (1); reconcile (1).
SMALL_TEST = """\
规则: small.rules
用例:
  - 名称: 八成
    填报:
      表类型: 绩效监控情况表
      项目名称: p
      监控时点: 2020年9月
      预算: {预算数: 100, 执行数: 80}
      指标:
        - {三级指标: a, 指标值: 1人, 完成值: 1人}
    预期:
      得分: {s: 9}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def monitoring_test(tmp_path: Path, expect: str, name: str = "m.test.yaml") -> Path:
    return write(tmp_path, name, f"""\
# a comment that must survive --update
规则: {MONITORING_RULES}
用例:
  - 名称: 机关事业单位养老保险
    填报: {REPORT_01}
    预期:
{expect}""")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


# --- passing, failing ------------------------------------------------------------------


def test_a_passing_case_exits_0(tmp_path, capsys):
    path = monitoring_test(tmp_path, "      总分: 99\n      数值: {总体完成率: 80%, 参保缴费人数.完成率: 105%}\n")
    code, out = run(capsys, "test", str(path))
    assert code == 0, out
    assert "✓ 机关事业单位养老保险" in out and "1 个通过" in out


def test_a_failure_shows_expected_actual_position_and_the_explanation(tmp_path, capsys):
    path = monitoring_test(tmp_path, "      总分: 98\n      得分: {按时报送: 10}\n")
    code, out = run(capsys, "test", str(path))
    assert code == 1
    assert "✗ 机关事业单位养老保险" in out
    assert f"{path}:7:7: 总分：预期 98，实际 99" in out
    assert "总分 = 99 / 100" in out  # the explanation of the actual total
    assert re.search(rf"{re.escape(str(path))}:8:\d+: 得分.按时报送：预期 10，实际 9", out)
    assert "监控表未注明报送日期" in out and "monitoring_review.rules:" in out  # the deduction and its rule
    assert "Traceback" not in out


def test_numbers_are_compared_as_written_unless_a_tolerance_is_given(tmp_path, capsys):
    # 总体完成率 is 79.54…%: "80%" and "79.5%" pass as written, "79.6%" does not, and 容差 0 wants it exact
    assert run(capsys, "test", str(monitoring_test(tmp_path, "      数值: {总体完成率: 80%, 预算执行率: 0.77}\n")))[0] == 0
    assert run(capsys, "test", str(monitoring_test(tmp_path, "      数值: {总体完成率: 79.6%}\n")))[0] == 1
    strict = monitoring_test(tmp_path, "      数值: {总体完成率: 80%}\n").read_text(encoding="utf-8").replace("    预期:", "    容差: 0\n    预期:")
    assert run(capsys, "test", str(write(tmp_path, "strict.test.yaml", strict)))[0] == 1
    loose = strict.replace("容差: 0", "容差: 0.5%")
    assert run(capsys, "test", str(write(tmp_path, "loose.test.yaml", loose)))[0] == 0


def test_lists_are_compared_whole(tmp_path, capsys):
    one = "      扣分:\n        - {评分: 按时报送, 分值: 1, 理由包含: 报送日期}\n"
    assert run(capsys, "test", str(monitoring_test(tmp_path, one)))[0] == 0
    code, out = run(capsys, "test", str(monitoring_test(tmp_path, "      扣分: []\n")))
    assert code == 1 and "多出：按时报送 扣 1 分" in out
    code, out = run(capsys, "test", str(monitoring_test(tmp_path, "      不可计算: [预算执行率]\n")))
    assert code == 1 and "未能计算却未列出：指标[2].完成率" in out and "列出了却能计算：预算执行率" in out


def test_english_output_with_lang_before_or_after_the_command(tmp_path, capsys):
    path = monitoring_test(tmp_path, "      总分: 98\n")
    for argv in (["--lang", "en", "test", str(path)], ["test", str(path), "--lang", "en"]):
        code, out = run(capsys, *argv)
        assert code == 1
        assert "总分: expected 98, actual 99" in out and "total = 99 / 100" in out and "1 case: 0 passed, 1 failed, 0 errors" in out


def test_json_output(tmp_path, capsys):
    code, out = run(capsys, "test", str(monitoring_test(tmp_path, "      总分: 98\n")), "--json")
    doc = json.loads(out)
    assert code == 1
    case = doc["files"][0]["cases"][0]
    assert case["status"] == "failed"
    assert case["failures"][0]["item"] == "总分" and case["failures"][0]["expected"] == "98"
    assert case["failures"][0]["actual"]["zh"] == "99" and case["failures"][0]["explanation"]
    assert doc["summary"] == {"cases": 1, "passed": 0, "failed": 1, "error": 0, "file_errors": 0}


def test_explanation_lines_are_matched_in_order(tmp_path, capsys):
    good = '      解释:\n        按时报送#1: [扣 1 分, "monitoring_review.rules:", 理由：监控表未注明报送日期]\n'
    assert run(capsys, "test", str(monitoring_test(tmp_path, good)))[0] == 0
    wrong_order = '      解释:\n        按时报送#1: [理由：监控表未注明报送日期, 扣 1 分]\n'
    code, out = run(capsys, "test", str(monitoring_test(tmp_path, wrong_order)))
    assert code == 1 and "解释.按时报送#1：预期 …扣 1 分…" in out


# --- errors in test files --------------------------------------------------------------


def test_a_misspelt_key_is_an_error_with_position_and_did_you_mean(tmp_path, capsys):
    path = monitoring_test(tmp_path, "      总份: 99\n")
    code, out = run(capsys, "test", str(path))
    assert code == 1
    assert f"{path}:7:7" in out and "GR601" in out and "未知的键“总份”" in out and "是否想写“总分”？" in out
    assert "Traceback" not in out
    path = write(tmp_path, "top.test.yaml", f"rules: {MONITORING_RULES}\ncasse: []\n")
    code, out = run(capsys, "--lang", "en", "test", str(path))
    assert f"{path}:2:1" in out and "unknown key “casse”" in out and "did you mean “cases”?" in out
    assert "GR603" not in out  # the misspelt key is not reported again as a missing one


def test_a_value_of_the_wrong_type_is_an_error_with_position(tmp_path, capsys):
    path = monitoring_test(tmp_path, "      总分: 很高\n      得分: [30]\n      扣分: 1.5\n")
    code, out = run(capsys, "test", str(path))
    assert code == 1
    assert f"{path}:7:7" in out and "GR602" in out and "应为数字" in out
    assert f"{path}:8:7" in out and "应为一组“名称: 数值”" in out
    assert f"{path}:9:7" in out and "应为一个列表" in out


def test_unknown_names_in_expectations_are_errors_of_the_case(tmp_path, capsys):
    path = monitoring_test(tmp_path, "      数值: {总体完成律: 80%, 不存在的指标.完成率: 1}\n")
    code, out = run(capsys, "test", str(path))
    assert code == 1
    assert "! 机关事业单位养老保险" in out and "GR605" in out and "是否想写“总体完成率”？" in out
    assert "1 个出错" in out


def test_missing_files_and_inline_submission_errors_are_positioned(tmp_path, capsys):
    path = write(tmp_path, "x.test.yaml", "规则: nowhere.rules\n用例:\n  - 名称: a\n    填报: none.yaml\n    预期: {总分: 1}\n")
    code, out = run(capsys, "test", str(path))
    assert code == 1 and f"{path}:1:1" in out and "GR604" in out and f"{path}:4:5" in out
    inline = monitoring_test(tmp_path, "      总分: 99\n").read_text(encoding="utf-8").replace(
        f"填报: {REPORT_01}", "填报:\n      表类型: 绩效监控情况表\n      项目名称: p\n      监控时点: 2020年9月\n      预算: {预算数: 很多}")
    code, out = run(capsys, "test", str(write(tmp_path, "inline.test.yaml", inline)))
    assert code == 1 and re.search(r"inline.test.yaml:9:\d+ \(预算.预算数\): 错误\[GR206\]", out), out


def test_an_inline_submission_without_its_kind_is_pointed_at(tmp_path, capsys):
    path = write(tmp_path, "x.test.yaml", f"规则: {MONITORING_RULES}\n用例:\n  - 名称: a\n    填报: {{项目名称: p}}\n    预期: {{总分: 1}}\n")
    code, out = run(capsys, "--lang", "en", "test", str(path))
    assert code == 1 and f"{path}:4:5 (用例[0].填报): error[GR208]" in out, out
    assert out.splitlines()[-1] == "1 case: 0 passed, 0 failed, 1 error"


def test_the_rule_file_defaults_to_the_one_of_the_same_name(tmp_path, capsys):
    path = small(tmp_path, SMALL_TEST.replace("规则: small.rules\n", ""))
    code, out = run(capsys, "test", str(path))
    assert code == 0 and f"规则 {tmp_path / 'small.rules'}" in out


def test_a_rule_file_given_stands_for_its_tests(tmp_path, capsys):
    path = small(tmp_path)
    code, out = run(capsys, "test", str(tmp_path / "small.rules"))
    assert code == 0 and f"{path}  (规则" in out
    write(tmp_path, "lonely.rules", "规则集 x\n适用于 绩效监控情况表\n设 x = 1\n")
    code, out = run(capsys, "test", str(tmp_path / "lonely.rules"))
    assert code == 1 and "GR604" in out and "没有测试（lonely.test.yaml）" in out


def test_no_test_files_is_a_failure(tmp_path, capsys):
    code, out = run(capsys, "test", str(tmp_path))
    assert code == 1 and "没有找到测试文件" in out


# --- --update --------------------------------------------------------------------------


def test_update_rewrites_only_differing_values_and_keeps_comments(tmp_path, capsys):
    expect = (
        "      总分: 98   # was 99 before the change\n"
        "      得分: {预算执行情况: 30, 按时报送: 10}\n"
        "      数值:\n"
        '        总体完成率: "81%"\n'
        "        预算执行率: 77%\n"
        "      扣分:\n"
        "        - 评分: 按时报送\n"
        "          分值: 2\n"
        "      不可计算: []\n"
    )
    path = monitoring_test(tmp_path, expect)
    code, out = run(capsys, "test", str(path), "--update")
    assert code == 1  # the run itself failed; the file is now rewritten
    assert "已改写" in out and "总分  98 → 99" in out and '"81%" → "80%"' in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# a comment that must survive --update\n")
    assert "      总分: 99   # was 99 before the change\n" in text
    assert "      得分: {预算执行情况: 30, 按时报送: 9}\n" in text
    assert '        总体完成率: "80%"\n        预算执行率: 77%\n' in text  # quoting kept, an equal value untouched
    assert "        - 评分: 按时报送\n          分值: 1\n          理由包含: 监控表未注明报送日期，无法确认按时报送\n" in text
    assert "      不可计算: [基本养老保险收入预算执行率.完成率]\n" in text
    assert run(capsys, "test", str(path))[0] == 0
    before = path.read_text(encoding="utf-8")
    run(capsys, "test", str(path), "--update")
    assert path.read_text(encoding="utf-8") == before  # nothing to change: not a byte changes


# --- coverage --------------------------------------------------------------------------


def small(tmp_path: Path, test: str = SMALL_TEST) -> Path:
    write(tmp_path, "small.rules", SMALL_RULES)
    return write(tmp_path, "small.test.yaml", test)


def test_coverage_of_a_small_rule_file_counted_by_hand(tmp_path, capsys):
    code, out = run(capsys, "test", str(small(tmp_path)), "--coverage")
    assert code == 0, out
    # exercised: r, 档, k, band <90%, case 否则, section s, deduction 无日期 → 7 of 12
    assert "small.rules  7/12  58.3%" in out
    missed = [line.split("行  ", 1)[1] for line in out.splitlines() if "未覆盖" in line]
    assert missed == [
        '档次  "≥90%" => "高"',
        '分支  完成值 为空 => "空"',
        '扣分  扣 2 分 当 r < 50% 理由 "低"',
        '检查  检查 c 严重性 警告 当 r > 100% 理由 "超"',
        "核对  核对 r 对照 报告预算执行率 容差 1%",
    ]


def test_coverage_adds_up_over_cases(tmp_path, capsys):
    second = """\
  - 名称: 只执行四成，未填完成值，报告了执行率
    填报:
      表类型: 绩效监控情况表
      项目名称: p
      监控时点: 2020年9月
      报送日期: 2020-10-01
      预算: {预算数: 100, 执行数: 40, 预算执行率: 40%}
      指标:
        - {三级指标: a, 指标值: 1人}
    预期:
      扣分: 1
      发现: 0
"""
    code, out = run(capsys, "test", str(small(tmp_path, SMALL_TEST + second)), "--coverage", "--json")
    (cov,) = json.loads(out)["coverage"]
    assert code == 0
    assert (cov["units"], cov["exercised"], cov["percent"]) == (12, 10, "83.3")
    assert [u["kind"] for u in cov["unexercised"]] == ["band", "check"]
    assert [(u["line"], u["exercised"]) for u in cov["lines"]] == [
        (3, True), (4, True), (5, False), (6, True), (7, True), (8, True), (9, True),
        (10, True), (11, True), (12, True), (13, False), (14, True),
    ]


def test_min_coverage_exit_codes(tmp_path, capsys):
    path = small(tmp_path)
    assert run(capsys, "test", str(path), "--min-coverage", "58")[0] == 0
    code, out = run(capsys, "test", str(path), "--min-coverage", "60")
    assert code == 1 and "覆盖率 58.3% 低于 60%" in out
    for wrong in ("abc", "120"):
        with pytest.raises(SystemExit) as e:
            main(["test", str(path), "--min-coverage", wrong])
        assert e.value.code == 2  # wrong usage


def test_an_untested_rule_file_in_a_folder_counts_at_zero(tmp_path, capsys):
    small(tmp_path)
    write(tmp_path, "other.rules", "规则集 另一个\n适用于 绩效监控情况表\n设 x = 1\n")
    code, out = run(capsys, "test", str(tmp_path), "--min-coverage", "50")
    assert code == 1 and "other.rules  0/1  0.0%" in out


def test_update_keeps_windows_line_endings(tmp_path, capsys):
    path = monitoring_test(tmp_path, "      总分: 98\n")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    run(capsys, "test", str(path), "--update")
    data = path.read_bytes()
    assert b"\xe6\x80\xbb\xe5\x88\x86: 99\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
