"""The documentation's examples are run, so they cannot drift from the code.

Fenced blocks in docs/*.md, by language:

- ``rules``   compiles with ``compile_rules`` (a block not beginning with 规则集/ruleset
              gets the header ``规则集 示例`` put in front). ``<!-- expect: GR401 -->``
              before a block: compiling it must report that code (and every code listed).
              ``<!-- file: tutorial/x.rules -->`` before a block: the block is an excerpt
              of that file under docs/, which must contain it verbatim and compile (or,
              with ``expect``, report those codes). Compiling blocks and the rule files
              under docs/ are in ``govrules fmt``'s canonical layout, unless marked
              ``<!-- fmt: off -->`` (a block showing other spellings).
- ``python``  executed in a fresh namespace, with the repository root as working directory.
- ``console`` each ``$ govrules …`` line is run through ``govrules.cli.main``; the lines
              after it are its output (stdout and stderr together), compared line by line.
              A line ``…`` stands for any number of lines left out; a line ending in
              `` …`` matches any line that begins with the text before it. ``<!-- exit: 1 -->``
              before a block: the exit code of its commands (default 0).
- ``yaml``    with ``<!-- ruletest: rules -->`` before it: a rule test (``govrules test``)
              placed in that folder of the repository; every case must pass.
- ``target``  one target per line, ``written → kind → canonical`` with optional
              ``→ GR101 …`` (the diagnostic codes, all of them); ``written @ indicator name``
              gives the indicator's name. Kinds in Chinese (区间) or English (range).

Plus: ``mkdocs build --strict`` passes, and every code of the catalog has a page whose
example reports that code.
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from govrules.cli import KIND_ZH, main
from govrules.errors import GovrulesError
from govrules.rules import compile_rules, load_rules
from govrules.targets import parse

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+)(?P<lang>[\w-]*)[^\n]*$")
MARK = re.compile(r"<!--\s*(expect|file|exit|fmt|ruletest):\s*(.*?)\s*-->")
KIND_BY_NAME = {**{zh: en for en, zh in KIND_ZH.items()}, **{en: en for en in KIND_ZH}}
ELLIPSIS = ("…", "...")


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    lang: str
    text: str
    marks: dict[str, str]

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(lang: str) -> list[Block]:
    """Every fenced block of ``lang`` in docs/*.md (generated pages are tested below)."""
    found: list[Block] = []
    for page in sorted(DOCS.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            m = FENCE.match(lines[i])
            if not m:
                i += 1
                continue
            indent, fence = m.group("indent"), m.group("fence")
            end = i + 1
            while end < len(lines) and lines[end].strip() != fence:
                end += 1
            if m.group("lang") == lang:
                body = "\n".join(line[len(indent):] for line in lines[i + 1 : end]) + "\n"
                found.append(Block(str(page.relative_to(DOCS)), i + 1, lang, body, _marks(lines, i)))
            i = end + 1
    return found


def _marks(lines: list[str], fence: int) -> dict[str, str]:
    """The ``<!-- key: value -->`` comments just above a fence (blank lines allowed)."""
    marks: dict[str, str] = {}
    j = fence - 1
    while j >= 0 and (not lines[j].strip() or MARK.search(lines[j])):
        for key, value in MARK.findall(lines[j]):
            marks.setdefault(key, value)
        j -= 1
    return marks


def _ids(bs: list[Block]) -> list[str]:
    return [b.id for b in bs]


def test_docs_have_runnable_examples():
    """The harness finds what it should: a broken fence would silently test nothing."""
    counts = {lang: len(blocks(lang)) for lang in ("rules", "python", "console", "target")}
    assert counts["rules"] >= 20, counts
    assert counts["console"] >= 8, counts
    assert counts["python"] >= 3, counts
    assert counts["target"] >= 3, counts


# --- rules ---------------------------------------------------------------------------


def _with_header(text: str) -> str:
    first = next((line.split()[0] for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    return text if first in ("规则集", "ruleset") else "规则集 示例\n" + text


@pytest.mark.parametrize("block", blocks("rules"), ids=_ids(blocks("rules")))
def test_rules_block(block: Block, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    def load() -> object:
        return compile_rules(_with_header(block.text), block.id)

    if "file" in block.marks:
        path = DOCS / block.marks["file"]
        assert block.text.strip() in path.read_text(encoding="utf-8"), f"{block.id}: not an excerpt of {path}"

        def load() -> object:
            return load_rules(path.relative_to(ROOT))

    expected = block.marks.get("expect", "").split()
    if not expected:
        load()
        return
    with pytest.raises(GovrulesError) as caught:
        load()
    codes = {d.code for d in caught.value.diagnostics}
    assert set(expected) <= codes, f"{block.id}: expected {expected}, got {sorted(codes)}"


def test_every_construct_of_the_rule_grammar_has_an_example():
    """Each rule and keyword of grammar/rules.lark appears in a compiling example of the docs."""
    from govrules.rules.parse import _chunks, _parser

    parser = _parser()
    constructs = {str(r.alias or r.origin.name) for r in parser.rules if r.alias or not r.options.expand1}
    terminals = {s.name for r in parser.rules for s in r.expansion if s.is_term and not s.filter_out}
    wanted = {n for n in constructs | terminals if not n.startswith("_") and n not in ("chunk", "chunks")}
    seen: set[str] = set()
    for block in blocks("rules"):
        if "expect" in block.marks:
            continue
        text = (DOCS / block.marks["file"]).read_text(encoding="utf-8") if "file" in block.marks else _with_header(block.text)
        for start, chunk in _chunks(text):
            tree = parser.parse("\n" * start + chunk + "\n", start="chunk")
            seen |= {str(t.data) for t in tree.iter_subtrees()}
            seen |= {tok.type for tok in tree.scan_values(lambda v: hasattr(v, "type"))}
    assert len(wanted) > 60, sorted(wanted)
    assert wanted <= seen, f"no example in the docs for: {sorted(wanted - seen)}"


def test_every_function_and_kind_has_an_example():
    from govrules.rules.names import FUNCTIONS, KINDS

    text = "".join((DOCS / b.marks["file"]).read_text(encoding="utf-8") if "file" in b.marks else b.text for b in blocks("rules") if "expect" not in b.marks)
    functions = [f.zh for f in FUNCTIONS if f.zh + "(" not in text]
    assert not functions, f"functions with no example: {functions}"
    chinese = [k for k in KINDS if re.search(r"[\u4e00-\u9fff]", k)]
    kinds = [k for k in chinese if f"是 {k}" not in text]
    assert chinese and not kinds, f"kinds with no example: {kinds}"


def test_rule_examples_pass_check_without_warnings():
    """Examples meant to be right are right by ``govrules check`` too: no band gaps, no dead cases."""
    from govrules.rules.lint import diagnose_rules

    for block in blocks("rules"):
        if "expect" in block.marks:
            continue
        if "file" in block.marks:
            path = DOCS / block.marks["file"]
            _, found = diagnose_rules(path.read_text(encoding="utf-8"), str(path), from_file=True)
        else:
            _, found = diagnose_rules(_with_header(block.text), block.id)
        bad = [d.render() for d in found if d.severity.value != "info"]
        assert not bad, "\n".join(bad)


def test_rule_examples_are_in_canonical_layout():
    """What policy staff copy from the docs is what ``govrules fmt`` would write."""
    from govrules.rules.format import format_rules

    for block in blocks("rules"):
        if not {"expect", "file", "fmt"} & set(block.marks):
            text = _with_header(block.text)
            assert format_rules(text) == text, f"{block.id} is not in the layout govrules fmt writes"
    files = sorted(DOCS.rglob("*.rules"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert format_rules(text) == text, f"{path} is not in the layout govrules fmt writes"


# --- python --------------------------------------------------------------------------


@pytest.mark.parametrize("block", blocks("python"), ids=_ids(blocks("python")))
def test_python_block(block: Block, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    exec(compile(block.text, block.id, "exec"), {"__name__": "__docs__"})  # the docs' own example code


# --- console -------------------------------------------------------------------------


def commands(block: Block) -> list[tuple[str, list[str]]]:
    """(command line, shown output lines) for each ``$`` line of a console block."""
    out: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
        else:
            raise AssertionError(f"{block.id}: output before the first “$” line")
    return out


def run(command: str) -> tuple[int, list[str]]:
    """Run a ``govrules …`` command line in-process: exit code and stdout+stderr lines."""
    argv = shlex.split(command)
    assert argv[0] == "govrules", f"only govrules commands run in the docs: {command}"
    args: list[str] = []
    for a in argv[1:]:
        args += sorted(glob.glob(a)) or [a]  # as a shell does: a pattern that matches nothing stays
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            code = main(args)
        except SystemExit as e:  # argparse: --help and usage errors
            code = int(e.code or 0)
    return code, buffer.getvalue().rstrip("\n").splitlines()


def matches(shown: list[str], actual: list[str]) -> bool:
    """Line by line, trailing blanks ignored; a line ``…`` matches any run of lines."""
    shown = [s.rstrip() for s in shown]
    actual = [a.rstrip() for a in actual]
    while shown and not shown[-1]:
        shown.pop()

    def go(i: int, j: int) -> bool:
        if i == len(shown):
            return j == len(actual)
        if shown[i].strip() in ELLIPSIS:
            return any(go(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and same(shown[i], actual[j]) and go(i + 1, j + 1)

    def same(want: str, got: str) -> bool:
        if want.endswith(ELLIPSIS):
            return got.startswith(want.rstrip("…. "))
        return want == got

    return go(0, 0)


@pytest.mark.parametrize("block", blocks("console"), ids=_ids(blocks("console")))
def test_console_block(block: Block, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    want_exit = int(block.marks.get("exit", "0"))
    for command, shown in commands(block):
        code, actual = run(command)
        assert matches(shown, actual), f"{block.id}: $ {command}\n--- shown\n" + "\n".join(shown) + "\n--- actual\n" + "\n".join(actual)
        assert code == want_exit, f"{block.id}: $ {command} exited {code}, not {want_exit}"


def test_the_tutorial_copy_is_the_shipped_rules_with_the_tutorial_edits():
    """Following the tutorial (copy rules/monitoring_review.rules, make the edits of steps 2
    and 3) gives exactly docs/tutorial/我的审核.rules, whose outputs the tutorial shows."""
    text = (ROOT / "rules/monitoring_review.rules").read_text(encoding="utf-8")
    edits = [  # step 2: 扣 5 分 → 扣 3 分; step 3: the class 标准 and its rate
        ("  扣 5 分 当 偏差说明 不为空", "  扣 3 分 当 偏差说明 不为空"),
        ('  三级指标 包含 "预算执行率" => "收入预算执行率"\n',
         '  三级指标 包含 "预算执行率" => "收入预算执行率"\n  # 教程第 3 步：缴费标准、补贴标准类指标超额完成不加分。\n  三级指标 包含 "标准" 且 指标值 是 数量 => "标准"\n'),
        ('  类别 = "计数" => 完成值 / 指标值\n', '  类别 = "计数" => 完成值 / 指标值\n  类别 = "标准" => 最小(完成值 / 指标值, 1)\n'),
    ]  # fmt: skip
    tutorial = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1 and new.rstrip("\n").splitlines()[-1] in tutorial
        text = text.replace(old, new)
    copy = (DOCS / "tutorial/我的审核.rules").read_text(encoding="utf-8")
    assert copy.split("\n", 1)[1] == text.split("\n", 1)[1]  # all but the title comment


def test_matches_rule():
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "…"], ["a"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a", "…", "e"], ["a", "b", "d"])
    assert not matches(["a"], ["a", "b"])
    assert matches(["x: 1 …"], ["x: 1 (rules:3)"])
    assert not matches(["x: 1 …"], ["x: 2 (rules:3)"])


# --- rule tests ----------------------------------------------------------------------


RULE_TESTS = [b for b in blocks("yaml") if "ruletest" in b.marks]


@pytest.mark.parametrize("block", RULE_TESTS, ids=_ids(RULE_TESTS))
def test_rule_test_block(block: Block, tmp_path: Path):
    """Run as if saved in the folder it names: its rule files and ../examples are linked in."""
    from govrules.tools.ruletest import run_file

    folder = tmp_path / block.marks["ruletest"]
    folder.mkdir(parents=True)
    for rules in (ROOT / block.marks["ruletest"]).glob("*.rules"):
        (folder / rules.name).symlink_to(rules)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    path = folder / "docs_example.test.yaml"
    path.write_text(block.text, encoding="utf-8")
    run = run_file(path)
    assert not run.errors, "\n".join(d.render() for d in run.errors)
    assert run.outcomes, f"{block.id}: no cases"
    for outcome in run.outcomes:
        assert outcome.passed, f"{block.id}:\n{outcome.render()}"


# --- target --------------------------------------------------------------------------


def target_lines(block: Block) -> list[tuple[str, str | None, list[str]]]:
    rows = []
    for line in block.text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("→")]
        assert len(cells) >= 3, f"{block.id}: “{line}” is not “written → kind → canonical”"
        written, _, name = cells[0].partition(" @ ")
        rows.append((written.strip(), name.strip() or None, cells[1:]))
    return rows


@pytest.mark.parametrize("block", blocks("target"), ids=_ids(blocks("target")))
def test_target_block(block: Block):
    for written, name, (kind, canonical, *codes) in target_lines(block):
        parsed = parse(written, name)
        assert KIND_BY_NAME.get(kind) == parsed.kind, f"{block.id}: {written} is {parsed.kind}, the docs say {kind}"
        assert parsed.canonical == canonical, f"{block.id}: {written} → {parsed.canonical}, the docs say {canonical}"
        shown = set(codes[0].split()) if codes else set()
        assert {d.code for d in parsed.diagnostics} == shown, f"{block.id}: {written} reports {[d.code for d in parsed.diagnostics]}"


def test_target_reference_covers_every_kind_and_diagnostic():
    """Every kind of value, and every target diagnostic with an example, is shown in a target block."""
    from govrules.messages import CODES

    kinds: set[str] = set()
    codes: set[str] = set()
    for block in blocks("target"):
        for written, name, (_kind, _canonical, *shown) in target_lines(block):
            parsed = parse(written, name)
            kinds.add(parsed.kind)
            codes |= set(shown[0].split()) if shown else set()
    assert set(KIND_ZH) <= kinds, f"kinds with no example: {sorted(set(KIND_ZH) - kinds)}"
    # a code whose example needs an actual value (GR122: 52 under ≤50万元) is shown on its own page instead
    wanted = {c for c, d in CODES.items() if c.startswith("GR1") and d.example_kind == "target" and not (d.example.split("\t") + [""])[1]}
    assert wanted <= codes, f"target diagnostics with no example: {sorted(wanted - codes)}"


# --- the site ------------------------------------------------------------------------


def _hooks():
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_code_has_a_page_whose_example_reports_it():
    hooks = _hooks()
    pages = hooks.pages()
    docs = hooks.catalog()
    assert len(docs) >= 12
    for doc in docs:
        page = pages[f"errors/{doc.code}.md"]
        assert page.startswith(f"# {doc.code} "), doc.code
        assert f"({doc.code}.md)" in pages["errors/index.md"], doc.code
        if doc.example and doc.example_kind:
            assert f"[{doc.code}]" in hooks.example_output(doc), f"{doc.code}: its example does not report it"


def test_mkdocs_build_strict(tmp_path: Path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "errors" / "GR101" / "index.html").exists()
    assert (tmp_path / "site" / "embedding" / "index.html").exists()
