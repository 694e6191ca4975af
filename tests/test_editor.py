"""The TextMate grammar in editors/ agrees with the Lark grammar it is generated from.

Every shipped rule file and a sample of hard cases is tokenised twice: by the Lark parser
(the contextual lexer, fed by a real parse) and by a small interpreter of the TextMate
patterns that follows TextMate's rules (the earliest match wins, ties go to the pattern
listed first, an open begin/end rule's end pattern is tried before its patterns). Every
character of every keyword, name, string, number, comment and operator must get the same
scope from both.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import plistlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from lark import Lark, Token

from govrules.grammars import grammar_text
from govrules.rules.check import TEMPLATE_FIELD
from govrules.rules.names import FUNCTION_BY_NAME
from govrules.rules.parse import _Indenter, parse_rules

ROOT = Path(__file__).resolve().parents[1]
RULE_FILES = sorted((ROOT / "rules").glob("*.rules"))

_spec = importlib.util.spec_from_file_location("govrules_editor_generate", ROOT / "editors" / "generate.py")
assert _spec and _spec.loader
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

GRAMMAR: dict[str, Any] = json.loads(generate.OUTPUT.read_text(encoding="utf-8"))

# Hard cases in a file the parser accepts: English keywords, names that begin with a
# keyword's letters, 满分/得分/max used as names, "#" inside strings, full-width quotes,
# template fields, a percent sign after a space, dates.
SAMPLE = """\
# 英文关键字与边界情况 / English keywords and edge cases
ruleset english_sample
applies monitoring_sheet
valid 2020-01-01 to 2020-12-31   # 日期
version 2
include "other.rules"

let rate = executed / budget
设 设备数 = 3
设 分档线 = 60%
设 或然率 = 10 %
let island = 1
let order = island or true and not false
each let band:
  rate >= 90% and not rate is empty => "高 # 不是注释"
  rate is not empty or 设备数 ≥ 2 → “全角引号{rate:%0}里有"直引号"”
  otherwise => not_computable "no data"
let grade = bands total:
  "≥90" => "优"
  “<90” => "差"
section output max 50:
  score = max(min(rate, 1) * 满分, 0)    # 这里的 满分 是名称
section 扣分项 满分 10:
  deduct 5 points each when actual is not quantity because "x{三级指标}"
  扣 2 分 当 完成值 为空
    理由 "缺少#完成值：{完成值}"
  扣 1 分 当 三级指标 满足 "≥1" 且 真 或 非 假 或 -或然率 < 1
check missing_cost severity warning when count(level2 contains "成本") = 0
检查 缺少成本指标 严重性 警告 当 计数(二级指标 包含 "成本") = 0
reconcile each rate against reported_rate tolerance 0.5%
核对 分档线 对照 报告预算执行率 容差 0.5%
"""

# Lines the parser rejects but its lexer reads: a keyword glued to letters is a name
# (设时间进度, 检查项目, 分当, isnot), a keyword before a digit is a keyword (扣5).
LINES = ["设时间进度 = 监控月份 / 12", "检查项目 严重性 1:", "扣5分当 完成值 为空", "isnot is not empty 或 orange"]


# ---- a TextMate interpreter -----------------------------------------------------------


@dataclass
class _Frame:
    rule: dict[str, Any]
    end: re.Pattern[str] | None
    scopes: tuple[str, ...]


class TextMate:
    """Tokenise lines the way TextMate does, with Python ``re`` standing in for Oniguruma."""

    def __init__(self, grammar: dict[str, Any]) -> None:
        self.grammar = grammar
        self.cache: dict[str, re.Pattern[str]] = {}

    def regex(self, text: str) -> re.Pattern[str]:
        if text not in self.cache:
            self.cache[text] = re.compile(text)
        return self.cache[text]

    def patterns(self, rule: dict[str, Any]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for p in rule.get("patterns", []):
            if "include" in p:
                target = self.grammar if p["include"] == "$self" else self.grammar["repository"][p["include"][1:]]
                out += self.patterns(target) if "match" not in target and "begin" not in target else [target]
            else:
                out.append(p)
        return out

    def tokenise(self, text: str) -> list[list[tuple[str, ...]]]:
        """The scopes of every character of every line (the root scope left out)."""
        stack = [_Frame(self.grammar, None, ())]
        return [self._line(line + "\n", stack)[:-1] for line in text.split("\n")]

    def _line(self, line: str, stack: list[_Frame]) -> list[tuple[str, ...]]:
        scopes: list[tuple[str, ...]] = [()] * len(line)
        pos = 0
        while pos < len(line):
            top = stack[-1]
            best: tuple[int, int, re.Match[str], dict[str, Any] | None] | None = None
            candidates: list[tuple[re.Pattern[str], dict[str, Any] | None]] = [(top.end, None)] if top.end else []
            candidates += [(self.regex(p.get("match") or p["begin"]), p) for p in self.patterns(top.rule)]
            for order, (pattern, rule) in enumerate(candidates):
                m = pattern.search(line, pos)
                if m and (best is None or m.start() < best[0]):
                    best = (m.start(), order, m, rule)
            if best is None:
                scopes[pos:] = [top.scopes] * (len(line) - pos)
                break
            start, _, m, rule = best
            scopes[pos:start] = [top.scopes] * (start - pos)
            if rule is None:  # the end of the open begin/end rule
                self._paint(scopes, m, top.scopes, top.rule.get("endCaptures", {}))
                stack.pop()
            elif "match" in rule:
                assert m.end() > m.start(), f"empty match of {rule['match']!r} at {line!r}:{start}"
                inner = top.scopes + ((rule["name"],) if "name" in rule else ())
                self._paint(scopes, m, inner, rule.get("captures", {}))
            else:
                inner = top.scopes + ((rule["name"],) if "name" in rule else ())
                self._paint(scopes, m, inner, rule.get("beginCaptures", {}))
                stack.append(_Frame(rule, self.regex(rule["end"]), inner))
            pos = m.end()
        return scopes

    @staticmethod
    def _paint(scopes: list[tuple[str, ...]], m: re.Match[str], inner: tuple[str, ...], captures: dict[str, Any]) -> None:
        scopes[m.start() : m.end()] = [inner] * (m.end() - m.start())
        for group, capture in sorted(captures.items(), key=lambda kv: int(kv[0])):
            if m.start(int(group)) >= 0 and "name" in capture:
                scopes[m.start(int(group)) : m.end(int(group))] = [inner + (capture["name"],)] * (m.end(int(group)) - m.start(int(group)))


TM = TextMate(GRAMMAR)


# ---- what Lark says ---------------------------------------------------------------------

_PARSER = Lark(grammar_text("rules"), parser="lalr", lexer="contextual", postlex=_Indenter(), start="start")
_LEXER = Lark(grammar_text("rules"), parser="lalr", lexer="basic")
COMMENT = re.compile(generate.regex(generate.terminals()["COMMENT"]))
S = generate.SUFFIX


def lark_tokens(text: str) -> list[Token]:
    """The tokens the parser's contextual lexer hands to the parser for a whole file."""
    return [t for t in _PARSER.parse_interactive(text).iter_parse() if t.type not in ("_INDENT", "_DEDENT")]


def expected_scopes(text: str, tokens: list[Token]) -> list[str | None]:
    """The outermost scope every character should get, from Lark's tokens (None: white space)."""
    want: list[str | None] = [None] * len(text)
    significant = [t for t in tokens if t.type != "_NL"]
    index = {id(t): k for k, t in enumerate(significant)}
    for t in tokens:
        assert t.start_pos is not None and t.end_pos is not None
        if t.type == "_NL":
            for m in COMMENT.finditer(t.value):
                want[t.start_pos + m.start() : t.start_pos + m.end()] = [generate.scope_of("COMMENT") + S] * len(m.group())
            continue
        k = index[id(t)]
        before = significant[k - 1].type if k else ""
        after = significant[k + 1].type if k + 1 < len(significant) else ""
        scope = generate.scope_of(t.type)
        if t.type == "NAME" and before in generate.DEFINES:
            scope = generate.DEFINES[before]
        elif t.type == "NAME" and after == "LPAR" and t.value in FUNCTION_BY_NAME:
            scope = generate.FUNCTION
        want[t.start_pos : t.end_pos] = [scope + S] * (t.end_pos - t.start_pos)
    return want


def outermost(text: str, tm: TextMate = TM) -> list[str | None]:
    lines = tm.tokenise(text)
    flat = [s[0] if s else None for line in lines for s in [*line, ()]]
    return flat[: len(text)]


def disagreements(text: str, tokens: list[Token], tm: TextMate = TM, *, partial: bool = False) -> list[str]:
    """Characters whose scope differs; with ``partial`` only those inside the given tokens."""
    want, got = expected_scopes(text, tokens), outermost(text, tm)
    covered = {i for t in tokens for i in range(t.start_pos or 0, t.end_pos or 0)}
    out = []
    for i, (w, g) in enumerate(zip(want, got, strict=True)):
        if w != g and (i in covered or not partial):
            line = text.count("\n", 0, i) + 1
            out.append(f"line {line} col {i - text.rfind(chr(10), 0, i)} {text[i]!r}: lark {w}, textmate {g}")
    return out


# ---- tests ------------------------------------------------------------------------------


def test_committed_grammars_are_what_the_generator_writes_now() -> None:
    for path, text in generate.render().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.relative_to(ROOT)} is out of date: run {generate.COMMAND}"
    assert generate.main(["--check"]) == 0


def test_the_plist_grammar_is_the_json_grammar() -> None:
    plist = plistlib.loads(generate.PLIST.read_bytes())
    assert plist == {k: v for k, v in GRAMMAR.items() if k != "$schema"}


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_shipped_rule_files_are_highlighted_as_lark_reads_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tokens = lark_tokens(text)
    assert {t.type for t in tokens} >= {"RULESET", "NAME", "STRING", "NUMBER", "_NL"}
    assert disagreements(text, tokens) == []


def test_hard_cases_are_highlighted_as_lark_reads_them() -> None:
    parse_rules(SAMPLE, "sample.rules")  # the sample is a rule file the parser accepts
    tokens = lark_tokens(SAMPLE)
    types = {t.type for t in tokens}
    assert types >= {"LET", "EACH", "MAX", "SCORE", "POINTS", "TO", "ISO_DATE", "PERCENT", "IS_NOT", "NOT_EMPTY", "EMPTY"}
    assert [(t.type, t.value) for t in tokens if t.value in ("满分", "max")] == [
        ("MAX", "max"), ("NAME", "max"), ("NAME", "满分"), ("MAX", "满分")
    ]
    assert disagreements(SAMPLE, tokens) == []


@pytest.mark.parametrize("line", LINES)
def test_a_keyword_followed_by_letters_is_a_name_in_both(line: str) -> None:
    """Lark's lexer without a parser (so without context): compare names, keywords and numbers."""
    kinds = {"NAME", "NUMBER", *generate.keyword_names()}
    tokens = [t for t in _LEXER.lex(line + "\n") if t.type in kinds]
    assert any(t.type == "NAME" for t in tokens)
    assert disagreements(line + "\n", tokens, partial=True) == []


def test_the_scopes_are_the_conventional_ones() -> None:
    text = '规则集 x\n设 y = 平均(完成率) * 50% 或 真 => "a{b:%0}" # 注释\n'
    got = TM.tokenise(text)[1]
    line = text.split("\n")[1]
    scope = {word: got[line.index(word)] for word in ("设", "y", "=", "平均", "完成率", "*", "50%", "或", "真", "=>", '"', "b", ":%0", "#")}
    assert scope == {
        "设": ("keyword.control.govrules",), "y": ("entity.name.function.govrules",),
        "=": ("keyword.operator.assignment.govrules",), "平均": ("support.function.builtin.govrules",),
        "完成率": ("variable.other.govrules",), "*": ("keyword.operator.arithmetic.govrules",),
        "50%": ("constant.numeric.govrules",), "或": ("keyword.operator.word.govrules",),
        "真": ("constant.language.govrules",), "=>": ("keyword.operator.arrow.govrules",),
        '"': ("string.quoted.double.govrules",),
        "b": ("string.quoted.double.govrules", "meta.interpolation.govrules", "variable.other.interpolation.govrules"),
        ":%0": ("string.quoted.double.govrules", "meta.interpolation.govrules"),
        "#": ("comment.line.number-sign.govrules",),
    }  # fmt: skip


def test_template_fields_inside_strings_are_interpolations() -> None:
    texts = [SAMPLE, *(p.read_text(encoding="utf-8") for p in RULE_FILES)]
    fields = 0
    for text in texts:
        lines = TM.tokenise(text)
        flat = [s for line in lines for s in [*line, ()]]
        for t in lark_tokens(text):
            if t.type != "STRING":
                continue
            assert t.start_pos is not None
            inside = {t.start_pos + m.start() + i for m in TEMPLATE_FIELD.finditer(t.value) for i in range(len(m.group()))}
            fields += len(TEMPLATE_FIELD.findall(t.value))
            for i in range(t.start_pos, t.end_pos or 0):
                assert (generate.INTERPOLATION + S in flat[i]) == (i in inside), (text[i], t.value)
    assert fields >= 10


def test_a_wrong_scope_is_caught() -> None:
    """The comparison can fail: a grammar that calls 设 a name disagrees with Lark."""
    broken = json.loads(json.dumps(GRAMMAR))
    let = next(p for p in broken["repository"]["statement"]["patterns"] if "设" in p.get("match", ""))
    let["captures"]["4"]["name"] = generate.scope_of("NAME") + S
    text = "规则集 x\n设 时间进度 = 9 / 12\n"
    assert disagreements(text, lark_tokens(text), TextMate(broken)) == [
        f"line 2 col 1 '设': lark keyword.control{S}, textmate variable.other{S}"
    ]


# Constructs one of Oniguruma and Python re reads differently or not at all.
FORBIDDEN = re.compile(
    r"\\[hHkKgGzZAQERXpPuUxoNv0-9]"  # \h \K \g \z \A \Q \R \X \p{…} \uXXXX \x… back-references …
    r"|[*+?}][+]"  # possessive quantifiers
    r"|\(\?[<P]?[a-zA-Z]|\(\?<[^=!]|\(\?>|\(\?#|\(\?~"  # inline flags, named/atomic/comment/absent groups
    r"|\{,|\[\[|&&|\[:"  # {,n}, nested classes, class intersection, POSIX brackets
)


def _regexes(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k in ("match", "begin", "end")] + [r for v in node.values() for r in _regexes(v)]
    if isinstance(node, list):
        return [r for v in node for r in _regexes(v)]
    return []


def test_regexes_compile_in_python_and_keep_to_the_shared_subset() -> None:
    regexes = _regexes(GRAMMAR)
    assert len(regexes) > 40
    for text in regexes:
        re.compile(text)
        assert not FORBIDDEN.search(text.replace("\\\\", "")), text
    assert FORBIDDEN.search(r"a++") and FORBIDDEN.search(r"\h") and FORBIDDEN.search(r"(?<n>x)")


def test_every_registry_function_is_highlighted_when_called() -> None:
    for name in FUNCTION_BY_NAME:
        text = f"规则集 x\n设 y = {name}(1)\n"
        got = outermost(text)
        start = text.index(name)
        assert set(got[start : start + len(name)]) == {generate.FUNCTION + S}, name


# ---- the VS Code extension --------------------------------------------------------------

PACKAGE: dict[str, Any] = json.loads((generate.EXTENSION / "package.json").read_text(encoding="utf-8"))
(LANGUAGE,) = PACKAGE["contributes"]["languages"]
CONFIG: dict[str, Any] = json.loads((generate.EXTENSION / LANGUAGE["configuration"]).read_text(encoding="utf-8"))


def test_the_extension_contributes_the_generated_grammar_for_rule_files() -> None:
    (grammar,) = PACKAGE["contributes"]["grammars"]
    assert grammar["scopeName"] == GRAMMAR["scopeName"] == "source.govrules"
    assert (generate.EXTENSION / grammar["path"]).resolve() == generate.OUTPUT
    assert grammar["language"] == LANGUAGE["id"] == "govrules"
    assert LANGUAGE["extensions"] == ["." + t for t in GRAMMAR["fileTypes"]] == [RULE_FILES[0].suffix]
    assert PACKAGE["version"] == importlib.metadata.version("govrules")
    assert COMMENT.pattern.startswith(CONFIG["comments"]["lineComment"])


def test_enter_indents_after_exactly_the_lines_that_open_a_block() -> None:
    (rule,) = CONFIG["onEnterRules"]
    before = re.compile(rule["beforeText"])
    blocks = 0
    for text in [SAMPLE, *(p.read_text(encoding="utf-8") for p in RULE_FILES)]:
        tokens = lark_tokens(text)
        opening = {t.line for t, after in zip(tokens, tokens[1:]) if t.type == "COLON" and after.type == "_NL"}
        assert {n for n, line in enumerate(text.split("\n"), 1) if before.search(line)} == opening
        blocks += len(opening)
    assert blocks >= 15


def test_the_vsix_holds_the_extension_and_a_manifest_naming_it(tmp_path: Path) -> None:
    path = generate.vsix(tmp_path)
    assert path.name == f"govrules-{PACKAGE['version']}.vsix"
    files = {"extension/" + p.relative_to(generate.EXTENSION).as_posix() for p in generate.EXTENSION.rglob("*") if p.is_file()}
    with zipfile.ZipFile(path) as z:
        assert set(z.namelist()) == {"[Content_Types].xml", "extension.vsixmanifest", *files}
        assert z.read("extension/syntaxes/govrules.tmLanguage.json").decode("utf-8") == generate.render()[generate.OUTPUT]
        manifest = ElementTree.fromstring(z.read("extension.vsixmanifest"))
    ns = "{http://schemas.microsoft.com/developer/vsx-schema/2011}"
    identity = manifest.find(f"{ns}Metadata/{ns}Identity")
    assert identity is not None
    assert identity.attrib == {"Language": "en-US", "Id": "govrules", "Version": PACKAGE["version"], "Publisher": PACKAGE["publisher"]}
    assets = {a.attrib["Path"] for a in manifest.iter(f"{ns}Asset")}
    assert assets == {"extension/package.json", "extension/README.md"} and assets <= files
