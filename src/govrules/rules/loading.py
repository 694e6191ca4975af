"""Rule files on disk → parsed rule files: paths, decoding, includes and versions.

- :func:`rule_paths`: the files to read (each file given, the ``*.rules`` of each directory);
- :func:`read_rule_text` / :func:`decode_rule_text`: a file's text, UTF-8 only (a GBK file
  is named as such, GR300);
- :func:`load_rule_file`: a rule file parsed with the files it includes (``引用``) merged in,
  within its folder (GR330), without cycles (GR331);
- :func:`version_conflicts`: GR412, versions of one rule set in force at once.

Compiling is :mod:`govrules.rules.compile`'s (``load_rules`` = this module + compiling);
the analyses of ``govrules check`` are :mod:`govrules.rules.lint`'s.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path, PurePath, PureWindowsPath

from ..errors import Diagnostic, GovrulesError, Severity, Span
from ..submissions.models import KINDS as SUBMISSION_KINDS
from . import ast
from .bounds import period_bound
from .parse import MAX_BYTES, parse_rules


def load_rule_file(path: str | Path, shown: str | None = None) -> ast.RuleFile:
    """Read and parse a rule file with the files it includes merged in (not yet checked):
    for tools that check or lint a rule file as the evaluator will see it. ``shown`` is the
    path results and diagnostics name it by (default: ``path`` as given)."""
    return _load_tree(Path(path), shown or str(path), (), set(), None)


MAX_INCLUDE_DEPTH = 32  # GR333: files including files, the first one counted
MAX_FILES = 1_000  # GR333: files in one rule set, the first one counted


def read_rule_bytes(path: Path, shown: str | None = None) -> bytes:
    """The bytes of a rule file; raises GovrulesError (GR300) for a file that cannot be read
    or is not a regular file (a folder, a pipe, a device: reading a pipe could wait
    forever), GR317 for one larger than :data:`~govrules.rules.parse.MAX_BYTES`.
    The file is opened without waiting (``O_NONBLOCK``) and checked before it is read."""
    name = str(path) if shown is None else shown
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise GovrulesError([_read_error(name, e.strerror or str(e), e.strerror or str(e))]) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            what = ("是文件夹", "it is a folder") if stat.S_ISDIR(mode) else ("不是普通文件（如管道或设备）", "not a regular file (such as a pipe or a device)")
            raise GovrulesError([_read_error(name, *what, ("规则文件须是普通的文本文件", "a rule file must be a plain text file"))])
        with os.fdopen(fd, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise GovrulesError([_read_error(name, e.strerror or str(e), e.strerror or str(e))]) from None
    if len(data) > MAX_BYTES:
        raise GovrulesError([Diagnostic("GR317", Severity.ERROR, f"规则文件太大（超过 {MAX_BYTES:,} 字节）", f"the rule file is too large (more than {MAX_BYTES:,} bytes)",
                                        "把规则分成几个文件，用“引用”合并", "split the rules into several files and join them with “include”", Span(name, 1, 1))])  # fmt: skip
    return data


def _diag(code: str, zh: str, en: str, span: Span, tree: ast.RuleFile, hint: tuple[str, str] = ("", "")) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, zh, en, hint[0], hint[1], span, "", tree.source_line(span))


def _load_tree(path: Path, shown: str, chain: tuple[Path, ...], loaded: set[Path], at: tuple[Span, ast.RuleFile] | None) -> ast.RuleFile:
    """One rule file with its includes merged in, depth first, each file once.

    ``shown`` is the path as results and diagnostics name it (the including file's
    path joined with the relative include path); ``chain`` the files including this
    one (for cycles); ``at`` the include line that asked for it."""
    try:
        text = decode_rule_text(read_rule_bytes(path, shown), shown).removeprefix("\ufeff")
    except GovrulesError as e:
        if at is None:
            raise
        d = e.diagnostics[0]  # said at the include line that asked for the file
        zh, en = d.zh.replace("无法读取规则文件", f"无法读取引用的规则文件“{shown}”"), d.en.replace("cannot read the rule file", f"cannot read the included rule file “{shown}”")
        raise GovrulesError([_diag(d.code, zh, en, at[0], at[1], (d.hint_zh, d.hint_en))]) from None
    tree = parse_rules(text, shown)
    loaded.add(path.resolve())
    here = path.resolve().parent
    statements: list[ast.Statement] = []
    sources: dict[str, tuple[str, ...]] = {}
    errors: list[Diagnostic] = []
    for relative, span in tree.header.includes:
        target = here / relative
        if PurePath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() or PureWindowsPath(relative).drive:
            errors.append(_diag("GR330", f"引用的路径“{relative}”是绝对路径", f"the included path “{relative}” is absolute", span, tree,
                                ("写相对于本文件的路径，如 引用 \"公共定义.rules\"", "write a path relative to this file, e.g. include \"common.rules\"")))  # fmt: skip
            continue
        if not target.resolve().is_relative_to(here):
            errors.append(_diag("GR330", f"引用的路径“{relative}”离开了本文件所在的文件夹", f"the included path “{relative}” leaves this file's folder", span, tree,
                                ("被引用的文件须在本文件所在的文件夹或其子文件夹中", "an included file must be in this file's folder or below it")))  # fmt: skip
            continue
        resolved = target.resolve()
        if resolved in chain or resolved == path.resolve():
            names = " → ".join([*(p.name for p in chain), path.name, resolved.name])
            errors.append(_diag("GR331", f"循环引用：{names}", f"include cycle: {names}", span, tree,
                                ("去掉其中一处引用；共用的定义放进一个只被引用、自己不引用别人的文件", "drop one of the includes; put shared definitions in a file that includes nothing")))  # fmt: skip
            continue
        if resolved in loaded:
            continue  # already merged (two files include the same one)
        if len(chain) + 1 >= MAX_INCLUDE_DEPTH or len(loaded) >= MAX_FILES:
            deep = len(chain) + 1 >= MAX_INCLUDE_DEPTH
            zh = f"引用的层次太深：超过 {MAX_INCLUDE_DEPTH} 层（文件引用的文件又引用别的文件……）" if deep else f"引用的文件太多：一套规则最多 {MAX_FILES} 个文件"
            en = f"includes nest too deeply: more than {MAX_INCLUDE_DEPTH} levels (a file including a file including …)" if deep else f"too many included files: a rule set has at most {MAX_FILES} files"
            errors.append(_diag("GR333", zh, en, span, tree, ("把共用的定义合并到少数几个文件中，由主文件直接引用", "merge shared definitions into a few files that the main file includes directly")))
            continue
        child_shown = posixpath.normpath(posixpath.join(posixpath.dirname(shown.replace("\\", "/")), relative.replace("\\", "/")))
        try:
            child = _load_tree(target, child_shown, (*chain, path.resolve()), loaded, (span, tree))
        except GovrulesError as e:
            errors += e.diagnostics
            continue
        statements += child.statements
        sources.update(child.sources)
        sources[child.path] = child.lines
    if errors:
        raise GovrulesError(errors)
    return ast.RuleFile(tree.header, (*statements, *tree.statements), tree.path, tree.lines, sources)



# --- versions (GR412) ---------------------------------------------------------------------------------


def _period(header: ast.Header) -> tuple[date, date]:
    def bound(text: str | None, end: bool) -> date:
        if text is None:
            return date.max if end else date.min
        day = period_bound(text, end)  # None: not a year or a date (GR432)
        return day if day is not None else date.max if end else date.min

    return bound(header.valid_from, False), bound(header.valid_to, True)


def version_conflicts(files: Sequence[ast.RuleFile]) -> list[Diagnostic]:
    """GR412: versions of one rule set (same name and kind) in force at once, or with one version number."""
    out = []
    groups: dict[tuple[str, str | None], list[ast.RuleFile]] = {}
    for f in files:
        if f.header.name:
            kind = SUBMISSION_KINDS.get(f.header.applies or "", f.header.applies)
            groups.setdefault((f.header.name, kind), []).append(f)
    for (name, _), group in groups.items():
        for i, later in enumerate(group):
            for earlier in group[:i]:
                where = f"{earlier.path}:{earlier.header.span.line}"
                a, b = _period(earlier.header), _period(later.header)
                if later.header.version is not None and later.header.version == earlier.header.version:
                    out.append(_diag("GR412", f"规则集“{name}”的版本 {later.header.version} 在 {where} 已有", f"version {later.header.version} of rule set “{name}” already exists in {where}", later.header.span, later,
                                     ("新版本请用新的版本号", "give a new version a new number")))  # fmt: skip
                elif a[0] <= b[1] and b[0] <= a[1]:
                    out.append(_diag("GR412", f"规则集“{name}”的有效期与 {where} 的版本重叠", f"the period of rule set “{name}” overlaps the version in {where}", later.header.span, later,
                                     ("同一规则集的各版本有效期不能重叠：调整“有效期”", "versions of one rule set must not be in force at once: adjust “valid”")))  # fmt: skip
    return out


def rule_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Files to check: each file given, and the ``*.rules`` of each directory (sorted)."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(p.glob("*.rules"))
            files.extend(found)
            if not found:
                problems.append(_read_error(str(p), "目录中没有 .rules 文件", "the directory holds no .rules file"))
        elif p.exists():
            files.append(p)
        else:
            problems.append(_read_error(str(p), "文件不存在", "no such file"))
    return files, problems


def _read_error(path: str, zh: str, en: str, hint: tuple[str, str] = ("", "")) -> Diagnostic:
    return Diagnostic("GR300", Severity.ERROR, f"无法读取规则文件：{zh}", f"cannot read the rule file: {en}", *hint, span=Span(path, 1, 1))


SAVE_AS_UTF8 = ("用记事本或 WPS 打开，“另存为”时编码选 UTF-8", "open it in a text editor and save it as UTF-8")


def read_rule_text(path: Path) -> str:
    """The text of a rule file exactly as stored (a byte order mark and CRLF kept); raises
    GovrulesError (GR300) for a file that cannot be read or is not UTF-8, saying which
    encoding it looks like (Windows editors in China often save GBK)."""
    return decode_rule_text(read_rule_bytes(path), str(path))


def decode_rule_text(data: bytes, name: str) -> str:
    """``data`` read as UTF-8 (see :func:`read_rule_text`); ``name`` is where it came from."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        byte = e.start + 1
        if b"\0" in data:
            zh, en = f"不是文本文件（第 {byte} 个字节起无法读作文字）", f"not a text file (byte {byte} and on cannot be read as text)"
            raise GovrulesError([_read_error(name, zh, en, ("规则文件是纯文本文件，扩展名为 .rules", "a rule file is plain text, named *.rules"))]) from None
        if _looks_gbk(data):
            zh, en = f"不是 UTF-8 编码，看来是 GBK（GB18030）编码（第 {byte} 个字节）", f"not UTF-8; it looks like GBK (GB18030) (byte {byte})"
        else:
            zh, en = f"不是 UTF-8 编码（第 {byte} 个字节）", f"not UTF-8 (byte {byte})"
        raise GovrulesError([_read_error(name, zh, en, SAVE_AS_UTF8)]) from None


def _looks_gbk(data: bytes) -> bool:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)



__all__ = ["decode_rule_text", "load_rule_file", "read_rule_text", "rule_paths", "version_conflicts"]
