"""Load submissions from YAML or JSON files safely, reporting every problem at once.

Safety: only regular files, at most MAX_BYTES bytes; only plain YAML (no tags that
build objects), no anchors or aliases, no key given twice (in YAML and in JSON), at
most MAX_DEPTH levels of nesting and MAX_NODES values, refused while the file is read,
not after; numbers are read as text and bounded before they become Decimals. Each
problem carries its field path (指标[3].指标值) and, for YAML, the line and column.

YAML is read event by event from libyaml (``yaml.CSafeLoader``), which keeps every
position; a file libyaml finds a syntax error in is read again by PyYAML's own parser
for the diagnostic, so the message and its position are PyYAML's (and said in Chinese).
JSON is read by the standard library's C parser.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from ..errors import Diagnostic, GovrulesError, Severity, Span
from .models import MODELS, Submission, _Submission, kind_of

MAX_BYTES = 2_000_000
MAX_DEPTH = 20
MAX_NODES = 100_000
MAX_SHOWN_LINE = 1000

_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, where PyYAML was built with it

PathKey = tuple[str | int, ...]


@functools.cache
def _adapter() -> TypeAdapter[Any]:
    """The validator of all three kinds of table, built on first use (not at import: a
    process that only loads rule files never needs it)."""
    return TypeAdapter(Submission)


def _diag(code: str, zh: str, en: str, *, file: str, mark: Any = None, path: str = "", hint: tuple[str, str] = ("", ""), lines: list[str] | None = None, first_line: int = 1) -> Diagnostic:
    span = None
    source = ""
    if mark is not None:
        span = Span(file, mark.line + 1, mark.column + 1)
        row = mark.line - (first_line - 1)  # lines start at first_line (a line of a JSON Lines stream)
        if lines and 0 <= row < len(lines) and len(lines[row]) <= MAX_SHOWN_LINE:
            source = lines[row]  # a hostile one-line file is not echoed back
    elif not path:
        span = Span(file, first_line, 1)
    return Diagnostic(code, Severity.ERROR, zh, en, hint[0], hint[1], span, path, source)


# --- YAML ------------------------------------------------------------------------

_PLAIN_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_NO_KEY = object()  # a mapping waiting for its next key


def _compose(loader: Any) -> tuple[Any, dict[PathKey, Any]]:
    """The document's plain data and the position of each key path, built from the
    parser's events with an explicit stack: every limit is checked as each value
    starts, so a hostile file is refused as soon as it crosses one."""
    marks: dict[PathKey, Any] = {}
    get = loader.get_event
    try:
        get()  # StreamStartEvent
        document = get()
        if isinstance(document, yaml.StreamEndEvent):
            return None, marks
        stack: list[list[Any]] = []  # open collections: [container, path, pending key, is a mapping]
        nodes = 0
        root: Any = None
        while True:
            event = get()
            cls = event.__class__
            if cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                done = stack.pop()
                if not stack:
                    root = done[0]
                    break
                continue
            top = stack[-1] if stack else None
            if cls is yaml.AliasEvent:
                raise _Refused("GR203", "不允许使用 YAML 别名（*引用）", "YAML aliases (*references) are not allowed", event.start_mark)
            if event.anchor:
                raise _Refused("GR203", "不允许使用 YAML 锚点（&名称）", "YAML anchors (&name) are not allowed", event.start_mark)
            if len(stack) > MAX_DEPTH:
                raise _Refused("GR203", f"嵌套过深（超过 {MAX_DEPTH} 层）", f"nested too deeply (more than {MAX_DEPTH} levels)", event.start_mark)
            if top is not None and top[3] and top[2] is _NO_KEY:  # a key
                if cls is not yaml.ScalarEvent:
                    raise _Refused("GR206", "键必须是文字", "keys must be plain text", event.start_mark)
                key = str(event.value)
                if key in top[0]:
                    raise _Refused("GR206", f"键“{key}”重复", f"the key “{key}” appears twice", event.start_mark)
                top[2] = key
                marks[(*top[1], key)] = event.start_mark
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise _Refused("GR203", f"文件内容过多（超过 {MAX_NODES} 个值）", f"too many values (more than {MAX_NODES})", event.start_mark)
            if top is None:
                path: PathKey = ()
            elif top[3]:
                path = (*top[1], top[2])
            else:
                path = (*top[1], len(top[0]))
            marks.setdefault(path, event.start_mark)
            value: Any
            if cls is yaml.ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                value = _scalar(tag, event.value, event.start_mark)
            else:
                if event.tag not in _PLAIN_TAGS:
                    raise _Refused("GR203", f"不允许的 YAML 标签 {event.tag}", f"YAML tag {event.tag} is not allowed", event.start_mark)
                value = {} if cls is yaml.MappingStartEvent else []
            if top is None:
                root = value
            elif top[3]:
                top[0][top[2]] = value
                top[2] = _NO_KEY
            else:
                top[0].append(value)
            if cls is not yaml.ScalarEvent:
                stack.append([value, path, _NO_KEY, cls is yaml.MappingStartEvent])
            elif top is None:
                break
        get()  # DocumentEndEvent
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError("expected a single document in the stream", document.start_mark, "but found another document", event.start_mark)
        return root, marks
    finally:
        loader.dispose()


def _scalar(tag: str, value: str, mark: Any) -> Any:
    """Plain scalars by their resolved YAML type; numbers stay text until validated."""
    if tag == "tag:yaml.org,2002:str":
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return _Number(value)
    if tag == "tag:yaml.org,2002:timestamp":
        return value  # 2020-09-30 stays the text it shows
    raise _Refused("GR203", f"不允许的 YAML 标签 {tag}", f"YAML tag {tag} is not allowed", mark)


class _Number(str):
    """A number as written in the file (validated and bounded by the model)."""


class _Refused(Exception):
    def __init__(self, code: str, zh: str, en: str, mark: Any):
        self.code, self.zh, self.en, self.mark = code, zh, en, mark


class _NoAliasComposer(yaml.SafeLoader):
    """PyYAML's composer refusing aliases and anchors and bounded in depth: for tools that
    need the YAML nodes themselves (``govrules test --update`` rewrites values in place)."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        peek: Any = self.peek_event
        if self.depth > MAX_DEPTH:
            mark = peek().start_mark
            raise _Refused("GR203", f"嵌套过深（超过 {MAX_DEPTH} 层）", f"nested too deeply (more than {MAX_DEPTH} levels)", mark)
        if self.check_event(yaml.AliasEvent):
            event = peek()
            raise _Refused("GR203", "不允许使用 YAML 别名（*引用）", "YAML aliases (*references) are not allowed", event.start_mark)
        event = peek()
        if getattr(event, "anchor", None):
            raise _Refused("GR203", "不允许使用 YAML 锚点（&名称）", "YAML anchors (&name) are not allowed", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _yaml(text: str, file: str, lines: list[str]) -> tuple[Any, dict[PathKey, Any]]:
    try:
        try:
            return _compose(_FAST_LOADER(text))
        except yaml.YAMLError:  # say it in PyYAML's words, at PyYAML's position
            return _compose(yaml.SafeLoader(text))
    except _Refused as e:
        raise GovrulesError([_diag(e.code, e.zh, e.en, file=file, mark=e.mark, lines=lines)]) from None
    except yaml.MarkedYAMLError as e:
        problem = e.problem or "syntax error"
        raise GovrulesError([_diag("GR202", f"YAML 语法错误：{_yaml_problem_zh(problem)}", f"YAML syntax error: {problem}", file=file, mark=e.problem_mark, lines=lines, hint=("检查缩进和冒号后的空格", "check the indentation and the space after each colon"))]) from None
    except yaml.YAMLError:
        raise GovrulesError([_diag("GR203", "无法安全读取此 YAML 文件", "this YAML file cannot be read safely", file=file)]) from None


# --- JSON ------------------------------------------------------------------------

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_JSON_EMPTY_PAIR = re.compile(r"\[\]|\{\}")


class _Repeated(dict[str, Any]):
    """A JSON object in which ``key`` was given more than once."""

    key = ""


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        repeated = _Repeated(out)
        repeated.key = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        return repeated
    return out


def _json(text: str, file: str, lines: list[str], first_line: int) -> Any:
    def refuse(code: str, zh: str, en: str, path: str = "") -> GovrulesError:
        return GovrulesError([_diag(code, zh, en, file=file, path=path, first_line=first_line)])

    if len(text) > 2 * MAX_NODES:  # a shorter text cannot hold more values than allowed
        bare = _JSON_STRING.sub("", text)  # the structure without the texts in it
        brackets = _JSON_NOT_BRACKET.sub("", bare)
        for _ in range(MAX_DEPTH + 1):  # each pass takes away the innermost level
            brackets = _JSON_EMPTY_PAIR.sub("", brackets)
        if brackets:
            raise refuse("GR203", f"嵌套过深（超过 {MAX_DEPTH} 层）", f"nested too deeply (more than {MAX_DEPTH} levels)")
        if bare.count(",") + 1 > MAX_NODES:  # each comma parts two values
            raise refuse("GR203", f"文件内容过多（超过 {MAX_NODES} 个值）", f"too many values (more than {MAX_NODES})")
    try:
        data = json.loads(text, parse_float=_Number, parse_int=_Number, object_pairs_hook=_json_object)
    except json.JSONDecodeError as e:
        mark = yaml.Mark(file, e.pos, first_line - 1 + e.lineno - 1, e.colno - 1, None, 0)
        raise GovrulesError([_diag("GR202", f"JSON 语法错误：{e.msg}", f"JSON syntax error: {e.msg}", file=file, mark=mark, lines=lines, first_line=first_line)]) from None
    except RecursionError:
        raise refuse("GR203", "嵌套过深", "nested too deeply") from None
    repeated = _first_repeated(data)
    if repeated is not None:
        path, key = repeated
        raise refuse("GR206", f"键“{key}”重复", f"the key “{key}” appears twice", _path_text((*path, key)))
    return data


def _first_repeated(data: Any) -> tuple[PathKey, str] | None:
    """Where a key was given twice (depth first, in file order), if anywhere."""
    if not _has_repeated(data):
        return None
    stack: list[tuple[PathKey, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _Repeated):
            return path, value.key
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        stack.extend(reversed([((*path, k), v) for k, v in items]))
    return None


def _has_repeated(data: Any) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, _Repeated):
            return True
        if isinstance(value, dict):
            stack.extend(v for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend(v for v in value if isinstance(v, (dict, list)))
    return False


# --- files -----------------------------------------------------------------------


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file, at most MAX_BYTES of them; raises GovrulesError (GR201).

    A FIFO, a device or a folder is refused without waiting on it: the file is opened
    without blocking and checked before anything is read."""
    file = str(path)

    def refuse(zh: str, en: str) -> GovrulesError:
        return GovrulesError([_diag("GR201", zh, en, file=file)])

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise refuse(f"无法读取文件：{e.strerror}", f"cannot read the file: {e.strerror}") from None
    except ValueError as e:  # e.g. a NUL byte in the path
        raise refuse(f"无法读取文件：{e}", f"cannot read the file: {e}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise refuse("无法读取文件：这是一个文件夹", "cannot read the file: it is a folder")
        if not stat.S_ISREG(mode):
            raise refuse("无法读取文件：不是普通文件（如管道或设备）", "cannot read the file: not a regular file (e.g. a pipe or a device)")
        chunks = []
        size = 0
        while size <= MAX_BYTES:  # never more than the limit in memory
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        raise refuse(f"无法读取文件：{e.strerror}", f"cannot read the file: {e.strerror}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_BYTES:
        raise refuse(f"文件过大（超过上限 {MAX_BYTES} 字节）", f"file too large (more than {MAX_BYTES} bytes)")
    return raw


_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks of YAML (libyaml counts these)


def _lines(text: str, is_json: bool) -> list[str]:
    """The text's lines as its parser counts them, for showing the line of a position: JSON
    counts only \\n (a lone \\r stays in its line, shown as a space); YAML counts \\r\\n, \\r,
    \\n, NEL and the Unicode line and paragraph separators. (str.splitlines breaks at more,
    and showed the wrong line.)"""
    if is_json:
        return [line.removesuffix("\r").replace("\r", " ") for line in text.split("\n")]
    return _YAML_BREAK.split(text)


def parse_data(raw: bytes, file: str, *, is_json: bool, first_line: int = 1) -> tuple[Any, dict[PathKey, Any], list[str]]:
    """Plain data from the bytes of a YAML or JSON document, the position of each key path
    (YAML), and its lines; raises GovrulesError. ``first_line`` numbers the document's
    first line (a line of a JSON Lines stream)."""
    if len(raw) > MAX_BYTES:
        raise GovrulesError([_diag("GR201", f"文件过大（超过上限 {MAX_BYTES} 字节）", f"file too large (more than {MAX_BYTES} bytes)", file=file, first_line=first_line)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise GovrulesError([_diag("GR201", f"文件不是 UTF-8 编码（第 {e.start + 1} 个字节）", f"the file is not UTF-8 (byte {e.start + 1})", file=file, hint=("请用 UTF-8 编码另存", "save the file as UTF-8"), first_line=first_line)]) from None
    lines = _lines(text, is_json)
    if is_json:
        return _json(text, file, lines, first_line), {}, lines
    data, marks = _yaml(text, file, lines)
    return data, marks, lines


def read_data(path: str | Path) -> tuple[Any, dict[PathKey, Any], list[str]]:
    """The file's data, the position of each key path, and its lines; raises GovrulesError."""
    return parse_data(read_bytes(path), str(path), is_json=str(path).endswith(".json"))


# PyYAML's problems in Chinese (the English message keeps PyYAML's own words); others as written.
_YAML_PROBLEMS_ZH = (
    ("mapping values are not allowed here", "这里不能再有“键: 值”：值里有冒号时给整个值加引号，或检查缩进"),
    ("could not find expected ':'", "缺少冒号“:”，或冒号后缺少空格"),
    ("that cannot start any token", "这里有不能出现的字符（如制表符 Tab：YAML 只能用空格缩进）"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("found unknown escape character", "双引号里有无法识别的“\\”转义：改用单引号"),
    ("expected ',' or ']'", "方括号“[ ]”没有闭合"),
    ("expected ',' or '}'", "花括号“{ }”没有闭合"),
    ("expected '<document start>'", "这一行对不上格式：填报文件由“键: 值”行组成（这是 YAML 填报文件吗？）"),
    ("expected <block end>", "缩进不对：这一行与上面同一层的行没有对齐"),
    ("did not find expected key", "缩进不对，或缺少“键:”"),
    ("did not find expected '-' indicator", "列表项前缺少“- ”"),
)


def _yaml_problem_zh(problem: str) -> str:
    return next((zh for en, zh in _YAML_PROBLEMS_ZH if en in problem), problem)


def load_submission(path: str | Path) -> _Submission:
    """Load one submission file (YAML or JSON). Raises GovrulesError listing every problem."""
    data, marks, lines = read_data(path)
    return validate_submission(data, source=str(path), marks=marks, lines=lines)


def validate_submission(data: Any, *, source: str = "<data>", marks: dict[PathKey, Any] | None = None, lines: list[str] | None = None) -> _Submission:
    """A submission from already-parsed data (a dict from JSON or YAML)."""
    if isinstance(data, _Submission):
        return data
    if not isinstance(data, dict):
        raise GovrulesError([_diag("GR206", "文件内容应为一张表（键: 值）", "the content must be a mapping (key: value)", file=source)])
    if kind_of(data) is None:
        raw = data.get("kind", data.get("表类型"))
        choices = "绩效目标表、绩效监控情况表、绩效自评表"
        zh = f"表类型“{raw}”无法识别" if raw is not None else "缺少表类型"
        en = f"unknown kind “{raw}”" if raw is not None else "the kind (表类型) is missing"
        key = "表类型" if "表类型" in data else "kind"
        raise GovrulesError([_diag("GR208", zh, en, file=source, mark=(marks or {}).get((key,)), path=key, hint=(f"可选：{choices}", "one of: target_table, monitoring, self_evaluation"), lines=lines)])
    try:
        result: _Submission = _adapter().validate_python(data)
        return result
    except ValidationError as e:
        raise GovrulesError(_translate(e, data, source, marks or {}, lines or [])) from None


def _translate(error: ValidationError, data: Any, source: str, marks: dict[PathKey, Any], lines: list[str]) -> list[Diagnostic]:
    out = []
    for err in error.errors():
        loc = tuple(err["loc"])[1:]  # drop the union tag
        path = _path_text(loc)
        mark = marks.get(loc) or marks.get(loc[:-1])
        kind = err["type"]
        here = loc[-1] if loc else ""
        if kind == "missing":
            zh, en, code = f"缺少必填字段“{_zh_name(loc, data)}”", f"required field “{here}” is missing", "GR204"
            hint = ("", "")
        elif kind == "extra_forbidden":
            known = _known_keys(loc[:-1], data)
            close = difflib.get_close_matches(str(here), known, n=1, cutoff=0.5)
            zh, en, code = f"未知字段“{here}”", f"unknown field “{here}”", "GR205"
            hint = (f"是否想写“{close[0]}”？", f"did you mean “{close[0]}”?") if close else ("", "")
            if str(here) in known:
                zh, en = f"字段“{here}”重复：同一字段已用另一个名称写过", f"“{here}” repeats a field already given under another name"
                hint = ("同一字段只写一次（中文表头或英文名任选其一）", "give each field once, under its Chinese heading or its English name")
        else:
            zh, en, code = f"“{here}”的取值无效：{_zh_reason(kind)}", f"invalid value for “{here}”: {err['msg']}", "GR206"
            if "too large" in err["msg"]:
                code = "GR207"
            hint = ("", "")
        out.append(_diag(code, zh, en, file=source, mark=mark, path=path, hint=hint, lines=lines))
    return sorted(out, key=lambda d: (d.span.line if d.span else 0, d.span.column if d.span else 0))


_ZH_REASONS = {
    "decimal_parsing": "不是数字",
    "decimal_type": "不是数字",
    "value_error": "数值不合要求（过大或格式有误）",
    "string_type": "应为文字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "tuple_type": "应为列表（每项以“- ”开头）",
    "list_type": "应为列表（每项以“- ”开头）",
    "model_type": "应为一组“键: 值”",
    "dict_type": "应为一组“键: 值”",
    "literal_error": "取值不在允许范围内",
    "finite_number": "不能是无穷大或非数",
}


def _zh_reason(kind: str) -> str:
    return _ZH_REASONS.get(kind, "类型或格式不对")


def _path_text(loc: PathKey) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _zh_name(loc: PathKey, data: Any) -> str:
    """The Chinese heading of a missing field, for the message."""
    names = {"project": "项目名称", "name": "三级指标", "checkpoint": "监控时点"}
    return names.get(str(loc[-1]), str(loc[-1])) if loc else ""


def _known_keys(loc: PathKey, data: Any) -> list[str]:
    """Every key allowed at ``loc`` (English names and Chinese headings)."""
    model: Any = MODELS[kind_of(data) or "target_table"]
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for n, f in model.model_fields.items() if n == part or part in _aliases(f)), None)
        if field is None:
            return []
        model = _inner_model(field.annotation)
        if model is None:
            return []
    keys: list[str] = []
    for name, field in model.model_fields.items():
        keys.append(name)
        keys.extend(_aliases(field))
    return keys


def _aliases(field: Any) -> list[str]:
    alias = field.validation_alias
    return [str(c) for c in getattr(alias, "choices", [])]


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
