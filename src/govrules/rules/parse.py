"""Rule file text → syntax tree (ast.py), with every syntax error at once.

The file is cut into top-level chunks (a line at column 0 and the indented lines
under it) and each chunk is parsed on its own, so one mistake does not hide the
next; within a chunk, a line with a mistake is left out and the rest parsed again
(:func:`_chunk_errors`). Lark's exceptions are turned into diagnostics here and
nowhere else.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import gc
import re
from collections.abc import Iterator
from copy import copy
from decimal import Decimal
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput
from lark.indenter import DedentError, Indenter
from lark.parsers.lalr_interactive_parser import InteractiveParser
from lark.parsers.lalr_parser_state import ParserState

from ..errors import Diagnostic, GovrulesError, Severity, Span
from ..grammars import build, grammar_text
from . import ast

import functools


class _Indenter(Indenter):
    NL_type = "_NL"
    OPEN_PAREN_types = ["LPAR"]
    CLOSE_PAREN_types = ["RPAR"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 4


@functools.cache
def _parser() -> Lark:
    return build(
        grammar_text("rules") + "\nchunk: _NL? (header_line | ruleset_line | statement)\nchunks: _NL? (header_line | ruleset_line | statement)*\n",
        "rules-chunk",
        lexer="contextual",
        postlex=_Indenter(),
        start=["chunk", "chunks"],
        propagate_positions=True,
        maybe_placeholders=True,
    )


# What each terminal is called in a message (never Lark's internal names).
TERMINALS: dict[str, tuple[str, str]] = {
    "NAME": ("名称", "a name"), "NUMBER": ("数字", "a number"), "STRING": ("带引号的文字", "quoted text"),
    "ARROW": ("“=>”", "“=>”"), "CMP": ("比较符号（= < > ≤ ≥）", "a comparison (= < > ≤ ≥)"),
    "ADD": ("“+”或“-”", "“+” or “-”"), "MUL": ("“×”或“/”", "“×” or “/”"), "PERCENT": ("“%”", "“%”"),
    "LPAR": ("“(”", "“(”"), "RPAR": ("“)”", "“)”"), "COMMA": ("“,”", "“,”"), "COLON": ("“:”", "“:”"),
    "EQUAL": ("“=”", "“=”"), "MINUS": ("“-”", "“-”"), "_NL": ("行尾", "end of line"),
    "_INDENT": ("缩进的下一行", "an indented line"), "_DEDENT": ("取消缩进", "end of the indented block"),
    "$END": ("文件结尾", "end of file"), "ISO_DATE": ("日期（如 2020-01-01）", "a date (e.g. 2020-01-01)"),
    "RULESET": ("规则集", "ruleset"), "APPLIES": ("适用于", "applies"), "VALID": ("有效期", "valid"),
    "TO": ("至", "to"), "VERSION": ("版本", "version"), "INCLUDE": ("引用", "include"),
    "EACH": ("每个指标", "each"), "LET": ("设", "let"), "OTHERWISE": ("否则", "otherwise"),
    "SECTION": ("评分", "section"), "MAX": ("满分", "max"), "SCORE": ("得分", "score"),
    "DEDUCT": ("扣", "deduct"), "POINTS": ("分", "points"), "WHEN": ("当", "when"),
    "BECAUSE": ("理由", "because"), "BANDS": ("分档", "bands"), "CHECK": ("检查", "check"),
    "SEVERITY": ("严重性", "severity"), "RECONCILE": ("核对", "reconcile"), "AGAINST": ("对照", "against"),
    "TOLERANCE": ("容差", "tolerance"), "OR": ("或", "or"), "AND": ("且", "and"), "NOT": ("非", "not"),
    "CONTAINS": ("包含", "contains"), "IS": ("是", "is"), "IS_NOT": ("不是", "is not"),
    "EMPTY": ("为空", "is empty"), "NOT_EMPTY": ("不为空", "is not empty"), "SATISFIES": ("满足", "satisfies"),
    "NOT_COMPUTABLE": ("无法计算", "not_computable"), "TRUE": ("真", "true"), "FALSE": ("假", "false"),
}  # fmt: skip

KEYWORD_TERMINALS = frozenset(t for t in list(TERMINALS)[list(TERMINALS).index("RULESET"):])

# One-character keywords typed as a character that sounds the same (拼音 input): no
# similarity measure finds these.
HOMOPHONES = {"份": "分", "档": "当", "挡": "当", "铛": "当", "射": "设", "社": "设", "获": "或", "货": "或"}

KEYWORDS_AT_START = ("规则集", "适用于", "适用", "有效期", "版本", "引用", "每个指标", "设", "评分", "检查", "核对", "得分", "扣", "否则")


def parse_rules(text: str, path: str = "<rules>") -> ast.RuleFile:
    """Parse a rule file; raises GovrulesError with every syntax error found."""
    tree, errors = parse_partial(text, path)
    if errors:
        raise GovrulesError(errors)
    return tree


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused: parsing, checking and compiling make many small
    objects and few cycles, and a collection rescans every object alive, so that a large
    file loaded with it on costs two to three times as much. It is turned back on (if it
    was on) whatever happens; nested uses are fine."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def parse_partial(text: str, path: str = "<rules>") -> tuple[ast.RuleFile, list[Diagnostic]]:
    """Parse what can be parsed, never raising: (the tree of every chunk that parsed, the syntax errors).

    A chunk with a syntax error is read without its broken lines (when its first line
    is the broken one, its body is read under a stand-in first line), so checks still
    run on everything else (``govrules check`` reports both at once). Without a “规则集” line
    the header's name is empty.
    """
    with gc_paused():
        return _parse_partial(text, path)


def _parse_partial(text: str, path: str) -> tuple[ast.RuleFile, list[Diagnostic]]:
    if len(text) > MAX_BYTES:  # before anything else is done with it
        too_big = _error("GR317", f"规则文件太大（{len(text):,} 个字符，上限 {MAX_BYTES:,}）", f"the rule file is too large ({len(text):,} characters; the limit is {MAX_BYTES:,})", ast_span(path, 1, 1), (),
                         hint=("把规则分成几个文件，用“引用”合并", "split the rules into several files and join them with “include”"))  # fmt: skip
        return ast.RuleFile(ast.Header("", None, None, None, None, (), ast_span(path, 1, 1)), (), path, ()), [too_big]
    lines = tuple(text.splitlines())
    errors: list[Diagnostic] = []
    items: list[Any] = []
    blocks = chunks(text)
    if len(blocks) > MAX_STATEMENTS + 8:  # the header lines are blocks too
        start = blocks[MAX_STATEMENTS + 8][0]
        errors.append(_error("GR318", f"规则文件的条目太多（{len(blocks):,} 条，上限 {MAX_STATEMENTS:,}）：从这一行起未读取", f"the rule file has too many statements ({len(blocks):,}; the limit is {MAX_STATEMENTS:,}): not read from this line on", ast_span(path, start + 1, 1), lines,
                             hint=("把规则分成几个文件，用“引用”合并", "split the rules into several files and join them with “include”")))  # fmt: skip
        blocks = blocks[: MAX_STATEMENTS + 8]
    for batch in _batches(blocks):
        first = batch[0][0]
        whole = _whole("\n".join(chunk for _, chunk in batch), path, lines, len(batch), first)
        if whole is not None:  # the fast path: a run of blocks without mistakes, parsed in one go
            items.extend(whole)
            continue
        for start, chunk in batch:
            if len(chunk) > MAX_BLOCK:
                errors.append(_error("GR320", f"一条规则太长（{len(chunk):,} 个字符，上限 {MAX_BLOCK:,}）", f"one statement is too long ({len(chunk):,} characters; the limit is {MAX_BLOCK:,})", ast_span(path, start + 1, 1), lines,
                                     hint=("把公式拆成几个定义，或把扣分分到几个评分段", "split the formula into definitions, or the deductions over several sections")))  # fmt: skip
                continue
            try:
                tree = _parser().parse(chunk + "\n", start="chunk")
                items.append(_build(tree, path, start, lines))
            except GovrulesError as e:
                errors.extend(e.diagnostics)
            except (UnexpectedInput, DedentError) as e:
                found, rest = _chunk_errors(e, chunk, start, path, lines)
                errors.extend(found)
                if found[0].span is not None and found[0].span.line == start + 1:  # the block's first line
                    body_errors, item = _under_stand_in(chunk, start, path, lines)
                    errors.extend(body_errors)
                else:  # the block without its broken lines
                    item = _built(rest, path, start, lines)
                items.extend([item] if item is not None else [])
    header: ast.Header | None = None
    statements: list[ast.Statement] = []
    pending: dict[str, Any] = {"includes": []}
    for item in items:
        if isinstance(item, tuple) and item[0] == "ruleset":
            if header is not None or pending.get("name"):
                errors.append(_error("GR302", "“规则集”只能出现一次", "“ruleset” may appear only once", item[2], lines))
            pending["name"], pending["span"] = item[1], item[2]
        elif isinstance(item, tuple):
            key, value, span = item
            if statements:
                errors.append(_error("GR303", "文件头（适用于、有效期、版本、引用）须写在规则之前", "header lines (applies, valid, version, include) must come before the rules", span, lines))
            elif key == "include":
                pending["includes"].append((value, span))
            else:
                pending[key] = value
        else:
            statements.append(item)
    if "name" not in pending and not errors:
        empty = ("文件是空的：", "the file is empty: ") if not any(line.strip() for line in lines) else ("", "")
        errors.append(_error("GR301", f"{empty[0]}文件须以“规则集 名称”开头", f"{empty[1]}a rule file must begin with “ruleset NAME”", ast_span(path, 1, 1), lines, hint=("例如：规则集 绩效监控审核", "e.g. ruleset monitoring_review")))
    valid = pending.get("valid") or (None, None)
    header = ast.Header(
        name=pending.get("name", ""), applies=pending.get("applies"), valid_from=valid[0], valid_to=valid[1],
        version=pending.get("version"), includes=tuple(pending["includes"]), span=pending.get("span", ast_span(path, 1, 1)),
    )  # fmt: skip
    return ast.RuleFile(header, tuple(statements), path, lines), sorted(set(errors), key=_position)


def _batches(blocks: list[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    """Consecutive blocks of about BATCH characters together (a block longer than MAX_BLOCK alone)."""
    batch: list[tuple[int, str]] = []
    size = 0
    for block in blocks:
        if batch and (size + len(block[1]) > BATCH or len(block[1]) > MAX_BLOCK):
            yield batch
            batch, size = [], 0
        batch.append(block)
        size += len(block[1])
    if batch:
        yield batch


def _whole(text: str, path: str, lines: tuple[str, ...], count: int, offset: int) -> list[Any] | None:
    """The items of a run of blocks without mistakes that begins after line ``offset``,
    parsed in one go (one Lark call, not one per block), or None when it has a mistake,
    is too long or does not read as ``count`` blocks (then each block is parsed on its
    own, for every error at once)."""
    if len(text) > max(BATCH, MAX_BLOCK):
        return None
    try:
        tree = _parser().parse(text + "\n", start="chunks")
        items = [_build(child, path, offset, lines) for child in tree.children if isinstance(child, Tree)]
    except (UnexpectedInput, DedentError, GovrulesError):
        return None
    return items if len(items) == count else None


def _chunk_errors(error: Exception, chunk: str, start: int, path: str, lines: tuple[str, ...]) -> tuple[list[Diagnostic], Tree[Token] | None]:
    """The syntax errors of a chunk, not only its first. A full-width symbol is replaced by
    its ASCII twin; any other error on a body line leaves that line out, with the lines
    indented under it. Then the chunk is parsed again. Only errors after the last one are
    kept (a change must not invent errors). Also the tree of what finally parsed, if it did."""
    body = chunk.split("\n")
    found = [_syntax_error(error, path, lines, start)]
    while True:
        last = found[-1].span
        i = last.line - 1 - start if last else -1
        if not 0 <= i < len(body):
            return found, None
        opened = _unclosed_paren(body[:i])
        if opened is not None:  # the lines after a “(” left open are read as its continuation: the “(” is the mistake
            hint = (f"第 {start + opened + 1} 行的“(”没有闭合", f"the “(” on line {start + opened + 1} is not closed")
            found[-1] = dataclasses.replace(found[-1], hint_zh=hint[0], hint_en=hint[1])
            return found, None
        if len(found) >= BLOCK_ERRORS or len(found) * len(chunk) > 4_000_000:  # each error costs a parse of the block: bounded
            return found, None
        twin = body[i][: last.column - 1] + FULL_WIDTH.get(body[i][last.column - 1 : last.column], "") + body[i][last.column :] if last else ""
        if found[-1].code == "GR314" and last and body[i][last.column - 1 : last.column] in FULL_WIDTH and (i == 0 or _unclosed_paren([twin.translate(_TWINS)]) is None):
            body[i] = twin  # (a “（” whose twin would stay open is left out with its line, as below: it would swallow the next lines)
        elif i == 0:
            return found, None
        else:
            j = i + 1
            while j < len(body) and (not body[j].strip() or _indent_of(body[j]) > _indent_of(body[i])):
                j += 1
            body[i:j] = [""] * (j - i)
        try:
            return found, _parser().parse("\n".join(body) + "\n", start="chunk")
        except (UnexpectedInput, DedentError) as e:
            d = _syntax_error(e, path, lines, start)
        if last is None or d.span is None or (d.span.line, d.span.column) <= (last.line, last.column):
            return found, None
        if d.span.line == last.line and found[-1].code == "GR314" != d.code:
            return found, None  # the rest of the line may be wrong only in the light of the ASCII put in
        found.append(d)


def _stand_in(first: str, line: int) -> str | None:
    """A first line of the same kind for a block whose first line does not parse, so its
    body is still read: ``评分 …:`` and ``设 …:`` / ``设 … = 分档 …:`` (with 每个指标 kept)."""
    m = re.match(r"\s*((?:每个指标|each)\s+)?(评分|section|设|let)(?![^\W\d])", first)
    if m is None or not first.split("#")[0].rstrip().endswith(":"):
        return None
    name = f"第{line}行"
    if m.group(2) in ("评分", "section"):
        return f"评分 {name} 满分 1000000000:"
    each = "每个指标 " if m.group(1) else ""
    return f"{each}设 {name} = 分档 0:" if re.search(r"(分档|bands)(?![^\W\d])", first) else f"{each}设 {name}:"


def _under_stand_in(chunk: str, start: int, path: str, lines: tuple[str, ...]) -> tuple[list[Diagnostic], Any]:
    """The syntax errors of a block's body under a stand-in first line (:func:`_stand_in`),
    and the block read that way without its broken lines — for checks of the names it
    uses; what they find on the stand-in line is dropped (it has its own syntax error)."""
    first, _, rest = chunk.partition("\n")
    stand_in = _stand_in(first, start + 1)
    if stand_in is None or not rest.strip():
        return [], None
    text = stand_in + "\n" + rest
    found: list[Diagnostic] = []
    try:
        tree: Tree[Token] | None = _parser().parse(text + "\n", start="chunk")
    except (UnexpectedInput, DedentError) as e:
        found, tree = _chunk_errors(e, text, start, path, lines)
    return [d for d in found if d.span is None or d.span.line != start + 1], _built(tree, path, start, lines)


def _built(tree: Tree[Token] | None, path: str, start: int, lines: tuple[str, ...]) -> Any:
    """A block read from what parsed of it, or None."""
    try:
        return _build(tree, path, start, lines) if tree is not None else None
    except GovrulesError:
        return None


def _unclosed_paren(body: list[str]) -> int | None:
    """The index of the line with the first “(” that ``body`` leaves open (outside quotes and comments), if any."""
    opened: list[int] = []
    for n, line in enumerate(body):
        quote = ""
        for ch in line:
            if quote:
                quote = "" if ch == {"\"": "\"", "“": "”"}[quote] else quote
            elif ch in "\"“":
                quote = ch
            elif ch == "#":
                break
            elif ch == "(":
                opened.append(n)
            elif ch == ")" and opened:
                opened.pop()
    return opened[0] if opened else None


def _indent_of(line: str) -> int:
    expanded = line.expandtabs(_Indenter.tab_len)
    return len(expanded) - len(expanded.lstrip(" \u3000"))


def _position(d: Diagnostic) -> tuple[int, int]:
    return (d.span.line, d.span.column) if d.span else (0, 0)


def ast_span(path: str, line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> Span:
    return Span(path, line, column, end_line, end_column)


def chunks(text: str) -> list[tuple[int, str]]:
    """Top-level chunks: (index of first line, text) — a line at column 0 and what is indented under it."""
    chunks: list[tuple[int, list[str]]] = []
    for i, line in enumerate(text.splitlines()):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            if chunks:
                chunks[-1][1].append(line)
            continue
        if line[0] not in " \t\u3000" or not chunks:
            chunks.append((i, [line]))
        else:
            chunks[-1][1].append(line)
    return [(start, "\n".join(body)) for start, body in chunks]


_chunks = chunks  # the name before it was public


def _error(code: str, zh: str, en: str, span: Span, lines: tuple[str, ...], hint: tuple[str, str] = ("", "")) -> Diagnostic:
    source = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    return Diagnostic(code, Severity.ERROR, zh, en, hint[0], hint[1], span, "", source)


def _syntax_error(e: Exception, path: str, lines: tuple[str, ...], start: int = 0) -> Diagnostic:
    if isinstance(e, DedentError):
        line = _dedent_line(lines, start)
        return _error("GR304", "缩进不一致：这一行的缩进与上面的任何一层都对不上", "inconsistent indentation: this line lines up with no enclosing block", ast_span(path, line, 1), lines, hint=("同一层的行用相同数量的空格缩进（不要混用 Tab 和空格）", "indent lines of one block by the same number of spaces (do not mix tabs and spaces)"))
    assert isinstance(e, UnexpectedInput)
    line, column = e.line, e.column  # in the chunk, which begins after line ``start``
    if line is not None and line >= 1:
        line += start
    if line is None or line < 1 or line > len(lines):
        line, column = max(1, len(lines)), max(1, len(lines[-1]) + 1 if lines else 1)
    source = lines[line - 1] if lines else ""
    if isinstance(e, UnexpectedCharacters):
        ch = source[column - 1] if 0 < column <= len(source) else "?"
        if ch in "\"“":
            return _error("GR305", "引号没有闭合", "the quotation mark is not closed", ast_span(path, line, column), lines, hint=("在文字末尾补上引号", "add the closing quotation mark"))
        if ch in FULL_WIDTH:
            ascii_ = FULL_WIDTH[ch]
            return _error("GR314", f"全角符号“{ch}”：规则中请用半角“{ascii_}”", f"full-width “{ch}”: write the ASCII “{ascii_}” in rules", ast_span(path, line, column, line, column + 1), lines, hint=("全角标点只能出现在引号中的文字里", "full-width punctuation belongs only inside quoted text"))
        return _error("GR306", f"无法识别的字符“{ch}”", f"unexpected character “{ch}”", ast_span(path, line, column, line, column + 1), lines)
    token = getattr(e, "token", None)
    accepts = _accepts(e)
    expected = sorted(accepts if accepts is not None else getattr(e, "expected", set()) or set())
    token_type = token.type if token is not None else "$END"
    value = str(token) if token is not None and token_type not in (*_ENDS, "_INDENT") else ""
    named = _named_mistake(token_type, value, set(expected))
    if named is not None:
        code, zh, en, hint = MISTAKES[named]
        width = len(value) if value and "\n" not in value else 1
        if named == "indent_unexpected":  # Lark puts the indent at the end of the line before
            line = next((i + 1 for i in range(line, len(lines)) if lines[i].strip()), line)
            column = len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1
        return _error(code, zh, en, ast_span(path, line, column, line, column + width), lines, hint=hint)
    shown_zh = "、".join(dict.fromkeys(TERMINALS.get(t, (t, t))[0] for t in expected if t in TERMINALS))
    shown_en = ", ".join(dict.fromkeys(TERMINALS.get(t, (t, t))[1] for t in expected if t in TERMINALS))
    if isinstance(e, UnexpectedEOF) or token is None or token.type in ("$END", "_NL", "_DEDENT"):
        return _error("GR307", f"这一行没有写完；此处应为：{shown_zh}", f"the line is incomplete; expected: {shown_en}", ast_span(path, line, column), lines, hint=_incomplete_hint(expected))
    value = str(token)
    width = len(value) if "\n" not in value else 1
    span = ast_span(path, line, column, line, column + width)
    for kw in KEYWORDS_AT_START:
        if token.type == "NAME" and value.startswith(kw) and len(value) > len(kw):
            return _error("GR308", f"关键字“{kw}”后面需要一个空格", f"put a space after the keyword “{kw}”", span, lines, hint=(f"写成“{kw} {value[len(kw):]}”", f"write “{kw} {value[len(kw):]}”"))
    return _error("GR309", f"此处不应出现“{value}”；此处应为：{shown_zh}", f"unexpected “{value}”; expected: {shown_en}", span, lines, hint=_token_hint(value, expected, lines[line - 1][column - 1 :].split()[0] if line <= len(lines) and lines[line - 1][column - 1 :].split() else value))


FULL_WIDTH = {"：": ":", "（": "(", "）": ")", "，": ",", "＝": "=", "＞": ">", "＜": "<", "＋": "+", "－": "-", "％": "%", "＊": "*", "／": "/"}
_TWINS = str.maketrans(FULL_WIDTH)  # every full-width symbol by its ASCII twin

# Common mistakes, by what the parser would have accepted where it stopped (its
# LALR state, read through Lark's interactive parser) and the token it found there.
# ``UnexpectedInput.match_examples`` compares whole parser stacks, which differ with
# the depth of the expression and with the blank lines before a chunk; the accepted
# set is what those examples stand for, and it holds for every depth.
MISTAKES: dict[str, tuple[str, str, str, tuple[str, str]]] = {
    "colon": ("GR312", "段落的第一行须以“:”结尾", "a block's first line must end with “:”",
              ("在行尾加半角冒号“:”，下面的行缩进", "end the line with an ASCII colon “:” and indent the lines under it")),
    "points": ("GR313", "扣分数值后须写“分”", "the points of a deduction are followed by “分” (points)",
               ("写成：扣 5 分 当 条件", "write: 扣 5 分 当 CONDITION (deduct 5 points when …)")),
    "arrow": ("GR315", "情形须写作“条件 => 结果”，这里缺少“=>”", "a case reads “CONDITION => RESULT”; the “=>” is missing",
              ("例如：否则 => 0；分档写作 \"≥90%\" => 10", "e.g. 否则 => 0 (otherwise => 0); a band reads \"≥90%\" => 10")),
    "double_equal": ("GR316", "定义用一个“=”，不是“==”", "a definition takes one “=”, not “==”",
                     ("写成：设 名称 = 公式", "write: 设 NAME = FORMULA (let NAME = …)")),
    "indent_unexpected": ("GR304", "这一行不应缩进：上一行不是以“:”结尾的段落开头", "this line should not be indented: the line above does not open a block with “:”",
                          ("把这一行顶格写，或在上一行末尾加“:”", "start the line at column 1, or end the line above with “:”")),
    "indent_missing": ("GR304", "以“:”结尾的行下面须有缩进的行", "a line ending with “:” must be followed by indented lines",
                       ("把下面的行用空格缩进", "indent the lines under it with spaces")),
}  # fmt: skip

_ENDS = ("$END", "_NL", "_DEDENT")


def _named_mistake(token_type: str, value: str, accepts: set[str]) -> str | None:
    """The label of a common mistake, from what was accepted and what was found."""
    if token_type == "_INDENT":
        return "indent_unexpected"
    if accepts == {"_INDENT"}:
        return "indent_missing"
    if "POINTS" in accepts and token_type in ("WHEN", "EACH", *_ENDS):
        return "points"
    if "ARROW" in accepts and token_type != "ARROW":
        return "arrow"
    if "COLON" in accepts and token_type in _ENDS:
        return "colon"
    if value.startswith("=") and "BANDS" in accepts:
        return "double_equal"
    return None


def _accepts(e: UnexpectedInput) -> set[str] | None:
    """The terminals the parser would have taken where it stopped (None: not known)."""
    state = getattr(e, "state", None)
    if not isinstance(state, ParserState):
        return None
    accepts: set[str] = InteractiveParser(None, copy(state), state.lexer).accepts()  # type: ignore[no-untyped-call]
    return accepts


def _dedent_line(lines: tuple[str, ...], start: int) -> int:
    """The first line of the chunk at ``start`` that steps back to no enclosing indentation."""
    levels = [0]
    for i in range(start, len(lines)):
        text = lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indent = _indent_of(text)
        if indent > levels[-1]:
            levels.append(indent)
            continue
        while indent < levels[-1]:
            levels.pop()
        if indent != levels[-1] or (i > start and indent == 0):
            return i + 1
    return start + 1


def _incomplete_hint(expected: list[str]) -> tuple[str, str]:
    if "COLON" in expected:
        return ("段落的第一行以“:”结尾，下面的行要缩进", "a block's first line ends with “:” and the lines under it are indented")
    if "BECAUSE" in expected or "WHEN" in expected:
        return ("扣分规则写作：扣 N 分 当 条件 理由 \"说明\"", "a deduction reads: deduct N points when CONDITION because \"text\"")
    return ("", "")


def _token_hint(value: str, expected: list[str], word: str) -> tuple[str, str]:
    """A hint for an unexpected token ``value``; ``word`` is the source text from it to the next space."""
    if value == "=" and "EQUAL" not in expected:
        return ("", "")
    keywords = [spelling for t in expected if t in KEYWORD_TERMINALS for spelling in TERMINALS[t]]
    close = [HOMOPHONES[value]] if HOMOPHONES.get(value) in keywords else difflib.get_close_matches(value, keywords, n=1, cutoff=0.5)
    if close:  # a misspelt keyword: 评份 for 评分, secton for section
        return (f"是否想写“{close[0]}”？", f"did you mean “{close[0]}”?")
    if expected == ["STRING"]:  # after 理由, 满足 …: a text or a target is written in quotes
        return (f"文字和指标值都要加引号：\"{word}\"", f"put texts and targets in double quotes: \"{word}\"")
    if "COLON" in expected:
        return ("段落的第一行以“:”结尾", "a block's first line ends with “:”")
    return ("", "")


# Bounds on one rule file (docs/limits.md). Each is refused with a positioned error.
MAX_BYTES = 8 * 1024 * 1024  # GR317: the text of one file
MAX_BLOCK = 256 * 1024  # GR320: one statement (a line at column 1 and the lines under it)
BATCH = 64 * 1024  # blocks are parsed this many characters at a time (memory for Lark's tree)
MAX_STATEMENTS = 100_000  # GR318: definitions, sections, checks and reconciliations
MAX_DEPTH = 100  # GR319: how deep a formula nests (brackets, calls, 非, minus, operators)
BLOCK_ERRORS = 100  # syntax errors reported per block (each one costs a parse of the block)
CHAIN = 16  # a run of one associative operator longer than this is built as a balanced tree


def _span(path: str, meta: Any, offset: int = 0) -> Span:
    end = meta.end_line + offset if meta.end_line is not None else None
    return Span(path, meta.line + offset, meta.column, end, meta.end_column)


def _tok_span(path: str, tok: Token, offset: int = 0) -> Span:
    return Span(path, (tok.line or 1) + offset, tok.column or 1, tok.end_line + offset if tok.end_line else None, tok.end_column)


def _unquote(tok: Token) -> str:
    return str(tok)[1:-1]


def _decimal(tok: Token) -> Decimal:
    return Decimal(str(tok))


class _Chain:
    """A left-recursive run ``a + b + c …`` of one associative operator (+ or ×) in the
    parse tree, gathered so it is built balanced, not one level per operator."""

    __slots__ = ("operands", "op")

    def __init__(self, operands: list[Any], op: str):
        self.operands, self.op = operands, op


_ASSOCIATIVE = {"+": "+", "*": "*", "×": "*"}


def _chain(tree: Tree[Token]) -> _Chain | None:
    """The run of one associative operator whose last ``binary`` node is ``tree``, if longer than CHAIN."""
    op = _ASSOCIATIVE.get(str(tree.children[1]))
    if op is None:
        return None
    rights: list[Any] = []
    node: Any = tree
    while isinstance(node, Tree) and node.data == "binary" and _ASSOCIATIVE.get(str(node.children[1])) == op:
        rights.append(node.children[2])
        node = node.children[0]
    if len(rights) < CHAIN:
        return None
    return _Chain([node, *reversed(rights)], op)


def _build(tree: Tree[Token], path: str, offset: int, lines: tuple[str, ...]) -> Any:
    """The ast of a parsed chunk that begins after line ``offset``: Lark's tree transformed
    bottom-up with an explicit stack (a formula of any length never meets Python's
    recursion limit), runs of one associative operator balanced, and formulas nested
    deeper than MAX_DEPTH refused (GR319)."""
    build = _Build(path, offset)
    todo: list[tuple[Any, bool]] = [(tree, False)]
    done: list[tuple[Any, int]] = []  # (value, depth)
    while todo:
        node, ready = todo.pop()
        if isinstance(node, _Chain):
            if not ready:
                todo.append((node, True))
                todo.extend((o, False) for o in reversed(node.operands))
                continue
            n = len(node.operands)
            parts = done[-n:]
            del done[-n:]
            done.append(build.balanced(node.op, [v for v, _ in parts], max(d for _, d in parts)))
        elif isinstance(node, Tree):
            if not ready:
                run = _chain(node) if node.data == "binary" else None
                if run is not None:
                    todo.append((run, False))
                    continue
                todo.append((node, True))
                todo.extend((c, False) for c in reversed(node.children))
                continue
            n = len(node.children)
            parts = done[-n:] if n else []
            del done[len(done) - n :]
            depth = 1 + max((d for _, d in parts), default=0)
            if node.data in ("any_", "all_"):  # k operands folded: k - 1 levels, or log2(k) balanced
                k = (n + 1) // 2
                depth += (k - 2 if k <= CHAIN else k.bit_length() - 1)
            if depth > MAX_DEPTH and node.data in _EXPRESSIONS:
                span = _span(path, node.meta, offset)
                raise GovrulesError([_error("GR319", f"公式嵌套太深（超过 {MAX_DEPTH} 层）", f"the formula nests too deeply (more than {MAX_DEPTH} levels)", span, lines,
                                            hint=("把里层的部分写成单独的定义（设 …），再引用它的名称", "put inner parts in definitions of their own (let …) and use their names"))])  # fmt: skip
            done.append((getattr(build, node.data)(node.meta, *(v for v, _ in parts)), depth))
        else:
            done.append((node, 0))
    ((value, _),) = done
    return value


_EXPRESSIONS = frozenset("any_ all_ not_ negate compare contains binary is_kind is_not_kind is_empty is_not_empty satisfies call".split())


class _Build:
    """Parse tree → ast nodes: one method per rule alias, called with the node's meta and
    its children already built (by :func:`_build`)."""

    def __init__(self, path: str, offset: int = 0):
        self.path = path
        self.offset = offset

    def _s(self, meta: Any) -> Span:
        return _span(self.path, meta, self.offset)

    def balanced(self, op: str, operands: list[Any], depth: int) -> tuple[Any, int]:
        """``operands`` joined by ``op`` as a balanced tree (left to right order kept), with its depth."""
        if len(operands) == 1:
            return operands[0], depth
        middle = len(operands) // 2
        left, dl = self.balanced(op, operands[:middle], depth)
        right, dr = self.balanced(op, operands[middle:], depth)
        span = Span(self.path, left.span.line, left.span.column, right.span.end_line, right.span.end_column)
        return ast.Binary(op, left, right, span), max(dl, dr) + 1

    # header
    def chunk(self, meta: Any, item: Any) -> Any:
        return item

    def ruleset_line(self, meta: Any, _kw: Token, name: Token) -> tuple[str, str, Span]:
        return ("ruleset", str(name), self._s(meta))

    def applies(self, meta: Any, _kw: Token, name: Token) -> tuple[str, str, Span]:
        return ("applies", str(name), self._s(meta))

    def valid(self, meta: Any, _kw: Token, low: str, _to: Token, high: str) -> tuple[str, tuple[str, str], Span]:
        return ("valid", (low, high), self._s(meta))

    def bound(self, meta: Any, tok: Token) -> str:
        return str(tok)

    def version(self, meta: Any, _kw: Token, number: Token) -> tuple[str, str, Span]:
        return ("version", str(number), self._s(meta))

    def include(self, meta: Any, _kw: Token, path: Token) -> tuple[str, str, Span]:
        return ("include", _unquote(path), self._s(meta))

    # definitions
    def let_expr(self, meta: Any, *parts: Any) -> ast.Definition:
        each, name, expr = self._let_head(parts)
        return ast.Definition(name, each, expr, (), (), None, self._s(meta))

    def let_cases(self, meta: Any, *parts: Any) -> ast.Definition:
        each = isinstance(parts[0], Token) and parts[0].type == "EACH"
        name = next(p for p in parts if isinstance(p, Token) and p.type == "NAME")
        cases = tuple(p for p in parts if isinstance(p, ast.Case))
        return ast.Definition(str(name), each, None, cases, (), None, self._s(meta))

    def let_bands(self, meta: Any, *parts: Any) -> ast.Definition:
        each = isinstance(parts[0], Token) and parts[0].type == "EACH"
        name = next(p for p in parts if isinstance(p, Token) and p.type == "NAME")
        subject = next(p for p in parts if not isinstance(p, (Token, ast.Band)))
        bands = tuple(p for p in parts if isinstance(p, ast.Band))
        return ast.Definition(str(name), each, None, (), bands, subject, self._s(meta))

    def _let_head(self, parts: tuple[Any, ...]) -> tuple[bool, str, Any]:
        each = isinstance(parts[0], Token) and parts[0].type == "EACH"
        name = next(p for p in parts if isinstance(p, Token) and p.type == "NAME")
        return each, str(name), parts[-1]

    def case(self, meta: Any, condition: Any, _arrow: Token, result: Any) -> ast.Case:
        return ast.Case(condition, result, self._s(meta))

    def otherwise(self, meta: Any, _kw: Token, _arrow: Token, result: Any) -> ast.Case:
        return ast.Case(None, result, self._s(meta))

    def band(self, meta: Any, target: Token, _arrow: Token, result: Any) -> ast.Band:
        return ast.Band(_unquote(target), result, self._s(meta))

    # sections
    def section(self, meta: Any, _kw: Token, name: Token, _max: Token, maximum: ast.Number, *items: Any) -> ast.Section:
        score = next((i for i in items if isinstance(i, ast.Definition)), None)
        deductions = tuple(i for i in items if isinstance(i, ast.Deduction))
        scores = [i for i in items if isinstance(i, ast.Definition)]
        if len(scores) > 1:
            raise GovrulesError([Diagnostic("GR310", Severity.ERROR, "一个评分段只能有一个“得分 =”", "a section may have only one “score =”", span=scores[1].span)])
        return ast.Section(str(name), maximum.value, score, deductions, self._s(meta))

    def score_expr(self, meta: Any, _kw: Token, expr: Any) -> ast.Definition:
        return ast.Definition("得分", False, expr, (), (), None, self._s(meta))

    def score_bands(self, meta: Any, _kw: Token, _bands: Token, subject: Any, *bands: ast.Band) -> ast.Definition:
        return ast.Definition("得分", False, None, (), tuple(bands), subject, self._s(meta))

    def deduct(self, meta: Any, _kw: Token, points: Any, _pts: Token, *rest: Any) -> ast.Deduction:
        each = isinstance(rest[0], Token) and rest[0].type == "EACH"
        condition, reason = rest[-2], rest[-1]
        return ast.Deduction(points, each, condition, reason, self._s(meta))

    def reason(self, meta: Any, *parts: Token) -> str | None:
        strings = [p for p in parts if isinstance(p, Token) and p.type == "STRING"]
        return _unquote(strings[0]) if strings else None

    def check(self, meta: Any, _kw: Token, name: Token, _sev: Token, severity: Token, *rest: Any) -> ast.Check:
        each = isinstance(rest[0], Token) and rest[0].type == "EACH"
        levels = {"错误": "error", "警告": "warning", "提示": "info", "error": "error", "warning": "warning", "info": "info"}
        if str(severity) not in levels:
            raise GovrulesError([Diagnostic("GR311", Severity.ERROR, f"严重性“{severity}”无效", f"unknown severity “{severity}”", "可选：错误、警告、提示", "one of: error, warning, info", _tok_span(self.path, severity, self.offset))])
        return ast.Check(str(name), levels[str(severity)], each, rest[-2], rest[-1], self._s(meta))

    def reconcile(self, meta: Any, _kw: Token, *parts: Any) -> ast.Reconcile:
        each = isinstance(parts[0], Token) and parts[0].type == "EACH"
        exprs = [p for p in parts if not isinstance(p, Token)]
        return ast.Reconcile(each, exprs[0], exprs[1], exprs[2], self._s(meta))

    # expressions
    def any_(self, meta: Any, *parts: Any) -> Any:
        return self._fold("or", parts, meta)

    def all_(self, meta: Any, *parts: Any) -> Any:
        return self._fold("and", parts, meta)

    def _fold(self, op: str, parts: tuple[Any, ...], meta: Any) -> Any:
        exprs = [p for p in parts if not isinstance(p, Token)]
        if len(exprs) > CHAIN:  # a long run of 且 / 或: balanced, as for + and ×
            return self.balanced(op, exprs, 0)[0]
        result = exprs[0]
        for e in exprs[1:]:
            result = ast.Binary(op, result, e, self._s(meta))
        return result

    def not_(self, meta: Any, _kw: Token, operand: Any) -> ast.Unary:
        return ast.Unary("not", operand, self._s(meta))

    def negate(self, meta: Any, operand: Any) -> ast.Unary:
        return ast.Unary("-", operand, self._s(meta))

    def compare(self, meta: Any, left: Any, op: Token, right: Any) -> ast.Binary:
        ops = {"==": "=", "≠": "!=", "<=": "≤", ">=": "≥"}
        return ast.Binary(ops.get(str(op), str(op)), left, right, self._s(meta))

    def contains(self, meta: Any, left: Any, _kw: Token, right: Any) -> ast.Binary:
        return ast.Binary("contains", left, right, self._s(meta))

    def binary(self, meta: Any, left: Any, op: Token, right: Any) -> ast.Binary:
        ops = {"×": "*", "÷": "/"}
        return ast.Binary(ops.get(str(op), str(op)), left, right, self._s(meta))

    def is_kind(self, meta: Any, operand: Any, _kw: Token, kind: Token) -> ast.Test:
        return ast.Test("is", operand, str(kind), self._s(meta))

    def is_not_kind(self, meta: Any, operand: Any, _kw: Token, kind: Token) -> ast.Test:
        return ast.Test("is_not", operand, str(kind), self._s(meta))

    def is_empty(self, meta: Any, operand: Any, _kw: Token) -> ast.Test:
        return ast.Test("empty", operand, "", self._s(meta))

    def is_not_empty(self, meta: Any, operand: Any, _kw: Token) -> ast.Test:
        return ast.Test("not_empty", operand, "", self._s(meta))

    def satisfies(self, meta: Any, operand: Any, _kw: Token, target: Token) -> ast.Test:
        return ast.Test("satisfies", operand, _unquote(target), self._s(meta))

    def number(self, meta: Any, value: Token, percent: Token | None = None) -> ast.Number:
        return ast.Number(_decimal(value), percent is not None, self._s(meta))

    def text(self, meta: Any, tok: Token) -> ast.Text:
        return ast.Text(_unquote(tok), self._s(meta))

    def name(self, meta: Any, tok: Token) -> ast.Name:
        return ast.Name(str(tok), self._s(meta))

    def call(self, meta: Any, fn: Token, *args: Any) -> ast.Call:
        return ast.Call(str(fn), tuple(a for a in args if a is not None), self._s(meta))

    def not_computable(self, meta: Any, _kw: Token, reason: Token) -> ast.NotComputable:
        return ast.NotComputable(_unquote(reason), self._s(meta))

    def true(self, meta: Any, _t: Token) -> ast.Bool:
        return ast.Bool(True, self._s(meta))

    def false(self, meta: Any, _t: Token) -> ast.Bool:
        return ast.Bool(False, self._s(meta))


__all__ = ["parse_partial", "parse_rules", "Tree"]
