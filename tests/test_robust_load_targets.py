"""The canonical text of every target value parses back to the same value (issue 13:
118 values of a million did not; e.g. ``0202001-202012`` rendered as a range that
re-parsed as a period). Grammar-shaped notations, built from the pieces real tables use."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from govrules.targets import parse, render

digits = st.from_regex(r"0{0,2}[1-9][0-9]{0,7}(\.[0-9]{1,3})?", fullmatch=True)
dates = st.builds(lambda y, m: f"{y}{m:02d}", st.integers(1990, 2030), st.integers(1, 12))
numbers = st.one_of(digits, dates, st.builds(lambda d: "0" + d, dates))
units = st.sampled_from(["", "", "%", "‰", "人", "万人", "人次", "万元", "元", "个", "次", "天", "个月", "年", "户"])
quantities = st.builds(lambda n, u: n + u, numbers, units)
comparators = st.sampled_from(["≥", "≤", ">", "<", "=", "不低于", "不少于", "不超过", "不高于", "达到"])
comparisons = st.builds(lambda c, q: c + q, comparators, quantities)
separators = st.sampled_from(["-", "～", "~", "至", "到", "—"])
ranges = st.builds(lambda a, s, b: a + s + b, quantities, separators, quantities)
simple = st.one_of(quantities, comparisons, ranges)
notations = st.one_of(
    simple,
    st.builds(lambda a, b: a + "或" + b, simple, simple),
    st.builds(lambda a, b: a + "且" + b, comparisons, comparisons),
    st.builds(lambda xs: "、".join(xs), st.lists(quantities, min_size=2, max_size=3)),
    st.builds(lambda y, m, d: f"{y}年{m}月{d}日前", st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda a, b: f"{a}年{b}月", st.integers(1990, 2030), st.integers(1, 12)),
    st.builds(lambda p, t: p + t + "，维护社会稳定", st.sampled_from(["上访率控制在", "完成率"]), comparisons),
)
names = st.sampled_from([None, "参保人数", "月均养老金支出（万元）", "首次发放成功率（%）", "项目周期", "监控时点"])


@given(notations, names)
@settings(max_examples=600, deadline=None)
@example("0202001-202012", None)
@example("0199912～200001", None)
@example("202001-202012", None)
@example("2901年--2021年", None)  # found by the long fuzzing run: 2021年～2901年 read as words
@example("2020年～2405年", "项目周期")
def test_the_canonical_text_parses_back_to_the_same_value(text: str, name: str | None) -> None:
    value = parse(text, name).value
    canonical = render(value)
    again = parse(canonical, name).value
    assert again == value, f"{text!r} → {canonical!r} → {render(again)!r} ({again.kind}, not {value.kind})"
    assert render(again) == canonical
