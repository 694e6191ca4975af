"""Load submissions from YAML or JSON files safely, reporting every problem at once.

Safety: only plain YAML (no tags that build objects), no anchors or aliases, at most
MAX_DEPTH levels of nesting, MAX_NODES values and MAX_BYTES bytes; numbers are read as
text and bounded before they become Decimals. Each problem carries its field path
(指标[3].指标值) and, for YAML, the line and column in the file.
"""

from __future__ import annotations

import difflib
import json
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

_ADAPTER: TypeAdapter[Any] = TypeAdapter(Submission)

PathKey = tuple[str | int, ...]


def _diag(code: str, zh: str, en: str, *, file: str, mark: Any = None, path: str = "", hint: tuple[str, str] = ("", ""), lines: list[str] | None = None) -> Diagnostic:
    span = None
    source = ""
    if mark is not None:
        span = Span(file, mark.line + 1, mark.column + 1)
        if lines and 0 <= mark.line < len(lines) and len(lines[mark.line]) <= MAX_SHOWN_LINE:
            source = lines[mark.line]  # a hostile one-line file is not echoed back
    elif not path:
        span = Span(file, 1, 1)
    return Diagnostic(code, Severity.ERROR, zh, en, hint[0], hint[1], span, path, source)


class _Tree:
    """YAML nodes → plain Python values, with the position of every key path."""

    def __init__(self, file: str):
        self.file = file
        self.marks: dict[PathKey, Any] = {}
        self.nodes = 0

    def build(self, node: yaml.Node, path: PathKey = ()) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused("GR203", f"文件内容过多（超过 {MAX_NODES} 个值）", f"too many values (more than {MAX_NODES})", node)
        if len(path) > MAX_DEPTH:
            raise _Refused("GR203", f"嵌套过深（超过 {MAX_DEPTH} 层）", f"nested too deeply (more than {MAX_DEPTH} levels)", node)
        self.marks.setdefault(path, node.start_mark)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            raise _Refused("GR203", f"不允许的 YAML 标签 {node.tag}", f"YAML tag {node.tag} is not allowed", node)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused("GR206", "键必须是文字", "keys must be plain text", key_node)
                key = str(key_node.value)
                if key in out:
                    raise _Refused("GR206", f"键“{key}”重复", f"the key “{key}” appears twice", key_node)
                self.marks[(*path, key)] = key_node.start_mark
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return _scalar(node)


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _scalar(node: yaml.Node) -> Any:
    """Plain scalars by their resolved YAML type; numbers stay text until validated."""
    tag, value = node.tag, node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return _Number(value)
    if tag == "tag:yaml.org,2002:timestamp":
        return value  # 2020-09-30 stays the text it shows
    if tag != "tag:yaml.org,2002:str":
        raise _Refused("GR203", f"不允许的 YAML 标签 {tag}", f"YAML tag {tag} is not allowed", node)
    return value


class _Number(str):
    """A number as written in the file (validated and bounded by the model)."""


class _Refused(Exception):
    def __init__(self, code: str, zh: str, en: str, node: yaml.Node):
        self.code, self.zh, self.en, self.mark = code, zh, en, node.start_mark


class _NoAliasComposer(yaml.SafeLoader):
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise _Refused("GR203", f"嵌套过深（超过 {MAX_DEPTH} 层）", f"nested too deeply (more than {MAX_DEPTH} levels)", _Marked(mark))
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Refused("GR203", "不允许使用 YAML 别名（*引用）", "YAML aliases (*references) are not allowed", _Marked(event.start_mark))
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if getattr(event, "anchor", None):
            raise _Refused("GR203", "不允许使用 YAML 锚点（&名称）", "YAML anchors (&name) are not allowed", _Marked(event.start_mark))
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Marked(yaml.Node):
    def __init__(self, mark: Any):
        super().__init__("", "", mark, mark)


def read_data(path: str | Path) -> tuple[Any, dict[PathKey, Any], list[str]]:
    """The file's data, the position of each key path, and its lines; raises GovrulesError."""
    file = str(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)  # never more than the limit in memory
    except OSError as e:
        raise GovrulesError([_diag("GR201", f"无法读取文件：{e.strerror}", f"cannot read the file: {e.strerror}", file=file)]) from None
    except ValueError as e:  # e.g. a NUL byte in the path
        raise GovrulesError([_diag("GR201", f"无法读取文件：{e}", f"cannot read the file: {e}", file=file)]) from None
    return parse_data(raw, file)


def parse_data(raw: bytes, file: str, *, json_text: bool | None = None) -> tuple[Any, dict[PathKey, Any], list[str]]:
    """:func:`read_data` of bytes already read (a request body, a line of JSON Lines): JSON
    when ``json_text`` says so (default: when ``file`` ends with .json), else YAML. ``file``
    only names the source in diagnostics; nothing is read from it."""
    if len(raw) > MAX_BYTES:
        raise GovrulesError([_diag("GR201", f"文件过大（超过上限 {MAX_BYTES} 字节）", f"file too large (more than {MAX_BYTES} bytes)", file=file)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise GovrulesError([_diag("GR201", f"文件不是 UTF-8 编码（第 {e.start + 1} 个字节）", f"the file is not UTF-8 (byte {e.start + 1})", file=file, hint=("请用 UTF-8 编码另存", "save the file as UTF-8"))]) from None
    lines = text.splitlines()
    if file.endswith(".json") if json_text is None else json_text:
        try:
            return json.loads(text, parse_float=_Number, parse_int=_Number), {}, lines
        except json.JSONDecodeError as e:
            mark = yaml.Mark(file, e.pos, e.lineno - 1, e.colno - 1, None, 0)  # no buffer: no snippet
            raise GovrulesError([_diag("GR202", f"JSON 语法错误：{e.msg}", f"JSON syntax error: {e.msg}", file=file, mark=mark, lines=lines)]) from None
        except RecursionError:
            raise GovrulesError([_diag("GR203", "嵌套过深", "nested too deeply", file=file)]) from None
    tree = _Tree(file)
    try:
        loader = _NoAliasComposer(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        data = tree.build(node) if node is not None else None
    except _Refused as e:
        raise GovrulesError([_diag(e.code, e.zh, e.en, file=file, mark=e.mark, lines=lines)]) from None
    except yaml.MarkedYAMLError as e:
        problem = e.problem or "syntax error"
        raise GovrulesError([_diag("GR202", f"YAML 语法错误：{_yaml_problem_zh(problem)}", f"YAML syntax error: {problem}", file=file, mark=e.problem_mark, lines=lines, hint=("检查缩进和冒号后的空格", "check the indentation and the space after each colon"))]) from None
    except (yaml.YAMLError, RecursionError):
        raise GovrulesError([_diag("GR203", "无法安全读取此 YAML 文件", "this YAML file cannot be read safely", file=file)]) from None
    return data, tree.marks, lines


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
        result: _Submission = _ADAPTER.validate_python(data)
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
