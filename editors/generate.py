"""Write the TextMate grammar for rule files from grammar/rules.lark and the function registry.

    .venv/bin/python editors/generate.py           # rewrite editors/vscode/syntaxes/govrules.tmLanguage.json
    .venv/bin/python editors/generate.py --check   # exit 1 if the committed file is out of date
    .venv/bin/python editors/generate.py --vsix    # also pack editors/vscode into dist/govrules-VERSION.vsix

Every regular expression below is taken from a terminal of the Lark grammar (keywords,
strings, numbers, comments, operators, names, the ignored white space) or from the
function registry, so a new keyword or function is highlighted after one run of this
script; tests/test_editor.py fails until it is run. The patterns keep to the part of
regular-expression syntax that Oniguruma (TextMate, VS Code) and Python ``re`` read alike.

The Lark parser uses a contextual lexer: a keyword is only tried where the parser can
take it, and elsewhere the same letters are a name (``得分 = 满分 × …``: 满分 is a name
there). A TextMate grammar has no parser state, so the few keywords that are also used
as names are matched only in their own context (CONTEXTUAL below); all others anywhere.
"""

from __future__ import annotations

import functools
import json
import plistlib
import re
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from lark.lexer import TerminalDef
from lark.load_grammar import load_grammar

from govrules.grammars import grammar_text
from govrules.rules.check import TEMPLATE_FIELD
from govrules.rules.names import FUNCTIONS

EXTENSION = Path(__file__).resolve().parent / "vscode"
OUTPUT = EXTENSION / "syntaxes" / "govrules.tmLanguage.json"
PLIST = Path(__file__).resolve().parent / "sublime" / "govrules.tmLanguage"  # the same grammar as a plist
DIST = Path(__file__).resolve().parents[1] / "dist"
COMMAND = ".venv/bin/python editors/generate.py"
SUFFIX = ".govrules"

# Scope of each keyword terminal that is not a statement keyword (keyword.control).
# A keyword added to the grammar is keyword.control until it is listed here.
OPERATOR_WORDS = ("OR", "AND", "NOT", "CONTAINS", "IS", "IS_NOT", "EMPTY", "NOT_EMPTY", "SATISFIES")
CONSTANTS = ("TRUE", "FALSE", "NOT_COMPUTABLE")

# Scope of every other terminal (a terminal missing here stops the generator).
SCOPES: dict[str, str] = {
    "COMMENT": "comment.line.number-sign",
    "STRING": "string.quoted.double",
    "NUMBER": "constant.numeric",
    "PERCENT": "constant.numeric",
    "ISO_DATE": "constant.numeric.date",
    "ARROW": "keyword.operator.arrow",
    "CMP": "keyword.operator.comparison",
    "EQUAL": "keyword.operator.assignment",
    "ADD": "keyword.operator.arithmetic",
    "MUL": "keyword.operator.arithmetic",
    "MINUS": "keyword.operator.arithmetic",
    "LPAR": "punctuation.section.parens.begin",
    "RPAR": "punctuation.section.parens.end",
    "COMMA": "punctuation.separator.comma",
    "COLON": "punctuation.separator.colon",
    "NAME": "variable.other",
}
INTERPOLATION = "meta.interpolation"
INTERPOLATION_NAME = "variable.other.interpolation"
INTERPOLATION_SPEC = "constant.other.format"
FUNCTION = "support.function.builtin"

# The name after these keywords is what the statement defines.
DEFINES: dict[str, str] = {
    "RULESET": "entity.name.namespace",
    "LET": "entity.name.function",
    "SECTION": "entity.name.section",
    "CHECK": "entity.name.type.check",
}

# Keywords matched only in their context, because the same words are also names:
# 满分/max only after 评分 NAME (elsewhere it names the section's maximum, and max is a
# function); 得分/score only at the start of a line; 分/points only before 当 or 每个指标;
# 至/to only on the 有效期 line.
CONTEXTUAL = ("MAX", "SCORE", "POINTS", "TO")
SKIPPED = ("_NL",)  # made of COMMENT and line breaks


@functools.cache
def terminals() -> dict[str, TerminalDef]:
    """The terminals of grammar/rules.lark, COMMENT included, in the order Lark's lexer tries them."""
    # Lark(...).terminals would leave out COMMENT, which the grammar only uses inside _NL.
    grammar, _ = load_grammar(grammar_text("rules"), "rules", None, False)  # type: ignore[no-untyped-call]
    terms, _rules, ignore = grammar.compile(["start"], {"COMMENT"})
    terms.sort(key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
    found = {t.name: t for t in terms}
    (space,) = ignore
    found["WHITESPACE"] = found.pop(space)
    return found


def regex(term: TerminalDef) -> str:
    """A terminal's pattern as TextMate/Python regex text (literal characters, no \\u escapes)."""
    text = term.pattern.to_regexp()
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\n", r"\n").replace("\r", r"\r").replace("\t", r"\t")


KEYWORD_SHAPE = re.compile(r"^\(([^()]+)\)(\(\?!.*\))$")


def keyword_parts(term: TerminalDef) -> tuple[str, str] | None:
    """(alternatives, look-ahead) of a keyword terminal such as ``(设|let)(?![^\\W\\d])``, else None."""
    m = KEYWORD_SHAPE.match(regex(term))
    return (m.group(1), m.group(2)) if m else None


def keyword_names() -> set[str]:
    """The terminals of the grammar that are keywords (a spelling in Chinese and English, then the look-ahead)."""
    return {n for n, t in terminals().items() if keyword_parts(t)}


def keyword_scope(name: str) -> str:
    if name in OPERATOR_WORDS:
        return "keyword.operator.word"
    if name in CONSTANTS:
        return "constant.language"
    return "keyword.control"


def scope_of(terminal: str) -> str:
    """The scope (without the .govrules suffix) a token of this Lark terminal gets."""
    return SCOPES.get(terminal) or keyword_scope(terminal)


def build() -> dict[str, Any]:
    terms = terminals()
    keywords = {n: parts for n, t in terms.items() if (parts := keyword_parts(t))}
    missing = set(terms) - set(keywords) - set(SCOPES) - {"WHITESPACE", *SKIPPED}
    if missing:
        raise SystemExit(f"editors/generate.py: no scope for terminals {sorted(missing)}; add them to SCOPES")
    stale = {*OPERATOR_WORDS, *CONSTANTS, *CONTEXTUAL, *DEFINES} - set(keywords)
    if stale:
        raise SystemExit(f"editors/generate.py: {sorted(stale)} are no longer keywords in grammar/rules.lark")

    def kw(name: str) -> str:
        alternatives, lookahead = keywords[name]
        return f"(?:{alternatives}){lookahead}"

    ws = f"(?:{regex(terms['WHITESPACE'])})"  # one or more
    opt_ws = ws + "?"
    name = regex(terms["NAME"])

    def s(scope: str) -> dict[str, str]:
        return {"name": scope + SUFFIX}

    def statement(keyword: str, *, each: bool = False) -> dict[str, Any]:
        """``KEYWORD NAME`` at the start of a line (``每个指标 设 NAME``, ``评分 NAME 满分``, …)."""
        head = f"^({opt_ws})" + (f"(?:({kw('EACH')})({ws}))?" if each else "()()")
        tail = f"(?:({opt_ws})({kw('MAX')}))?" if keyword == "SECTION" else ""
        tail += f"(?:({opt_ws})({regex(terms['EQUAL'])}))?" if keyword == "LET" else ""
        captures = {"2": s(scope_of("EACH")), "4": s(scope_of(keyword)), "6": s(DEFINES[keyword])}
        if tail:
            captures["8"] = s(scope_of("MAX") if keyword == "SECTION" else scope_of("EQUAL"))
        return {"match": f"{head}({kw(keyword)})({ws})({name}){tail}", "captures": captures}

    string_rules = []
    for alternative in _alternatives(regex(terms["STRING"])):
        m = re.fullmatch(r"(.)\[\^(.)\\n\]\*(.)", alternative)
        assert m and m.group(2) == m.group(3), f"STRING alternative of an unexpected shape: {alternative}"
        begin, end = re.escape(m.group(1)), re.escape(m.group(3))
        field = TEMPLATE_FIELD.pattern.replace("[^{}", "[^{}" + end + r"\n")
        string_rules.append({
            "begin": begin, "end": f"{end}|$", **s(scope_of("STRING")),
            "patterns": [{"match": field, **s(INTERPOLATION), "captures": {"1": s(INTERPOLATION_NAME), "2": s(INTERPOLATION_SPEC)}}],
        })  # fmt: skip

    functions = sorted({n for f in FUNCTIONS for n in (f.zh, f.en)}, key=lambda n: (-len(n), n))
    assert all(re.fullmatch(name, n) for n in functions), "a function name is not a NAME"
    general = [n for n in keywords if n not in CONTEXTUAL]
    # Operators and punctuation, in the order Lark's lexer tries them (=> before =, == before =).
    operators = [n for n in terms if n in SCOPES and n not in ("COMMENT", "STRING", "NUMBER", "ISO_DATE", "NAME")]
    valid_line = {
        "begin": f"^({opt_ws})({kw('VALID')})", "end": "$", "beginCaptures": {"2": s(scope_of("VALID"))},
        "patterns": [{"include": "#comment"}, {"match": regex(terms["ISO_DATE"]), **s(scope_of("ISO_DATE"))},
                     {"include": "#number"}, {"match": kw("TO"), **s(scope_of("TO"))}],
    }  # fmt: skip
    repository: dict[str, Any] = {
        "comment": {"match": regex(terms["COMMENT"]), **s(scope_of("COMMENT"))},
        "string": {"patterns": string_rules},
        "statement": {"patterns": [
            valid_line,
            statement("RULESET"), statement("LET", each=True), statement("SECTION"), statement("CHECK"),
            {"match": f"^({opt_ws})({kw('SCORE')})(?:({opt_ws})({regex(terms['EQUAL'])}))?",
             "captures": {"2": s(scope_of("SCORE")), "4": s(scope_of("EQUAL"))}},
        ]},
        "function": {"match": f"(?:{'|'.join(functions)})(?={opt_ws}\\()", **s(FUNCTION)},
        "keyword": {"patterns": [
            *({"match": kw(n), **s(scope_of(n))} for n in general),
            {"match": f"{kw('POINTS')}(?={opt_ws}(?:{kw('WHEN')}|{kw('EACH')}))", **s(scope_of("POINTS"))},
        ]},
        "number": {"match": f"{regex(terms['NUMBER'])}(?:{regex(terms['PERCENT'])})?", **s(scope_of("NUMBER"))},
        "operator": {"patterns": [{"match": regex(terms[n]), **s(scope_of(n))} for n in operators]},
        "name": {"match": name, **s(scope_of("NAME"))},
    }  # fmt: skip
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "govrules",
        "scopeName": "source.govrules",
        "fileTypes": ["rules"],
        "comment": f"Generated from grammar/rules.lark by {COMMAND}; do not edit.",
        "patterns": [{"include": f"#{key}"} for key in repository],
        "repository": repository,
    }


def _alternatives(text: str) -> list[str]:
    """``(?:A|B)`` → [A, B] for a top-level alternation of simple patterns."""
    assert text.startswith("(?:") and text.endswith(")"), text
    return text[3:-1].split("|")


def render() -> dict[Path, str]:
    """The text of each generated file: the grammar as JSON (VS Code) and as a plist (Sublime Text, TextMate)."""
    grammar = build()
    plist = {k: v for k, v in grammar.items() if k != "$schema"}
    return {
        OUTPUT: json.dumps(grammar, ensure_ascii=False, indent=2) + "\n",
        PLIST: plistlib.dumps(plist, sort_keys=False).decode("utf-8"),
    }


def vsix(directory: Path) -> Path:
    """Pack editors/vscode as ``vsce package`` does, without Node: a zip with a manifest and extension/."""
    package = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    target = directory / f"{package['name']}-{package['version']}.vsix"
    manifest = f"""<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id={quoteattr(package["name"])} Version={quoteattr(package["version"])} Publisher={quoteattr(package["publisher"])} />
    <DisplayName>{escape(package["displayName"])}</DisplayName>
    <Description xml:space="preserve">{escape(package["description"])}</Description>
    <Categories>{escape(",".join(package["categories"]))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value={quoteattr(package["engines"]["vscode"])} />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="ui,workspace,web" />
    </Properties>
  </Metadata>
  <Installation><InstallationTarget Id="Microsoft.VisualStudio.Code"/></Installation>
  <Dependencies/>
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
    <Asset Type="Microsoft.VisualStudio.Services.Content.Details" Path="extension/README.md" Addressable="true" />
  </Assets>
</PackageManifest>
"""
    types = "".join(f'<Default Extension=".{x}" ContentType="{t}"/>' for x, t in (("json", "application/json"), ("md", "text/markdown"), ("vsixmanifest", "text/xml")))
    directory.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", f'<?xml version="1.0" encoding="utf-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{types}</Types>')
        z.writestr("extension.vsixmanifest", manifest)
        for path in sorted(p for p in EXTENSION.rglob("*") if p.is_file()):
            z.write(path, "extension/" + path.relative_to(EXTENSION).as_posix())
    return target


def main(argv: list[str]) -> int:
    files = render()
    if "--check" in argv:
        stale = [p for p, text in files.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path.name} 已过期，请运行 {COMMAND} / is out of date: run {COMMAND}")
        return 1 if stale else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    if "--vsix" in argv:
        print(f"wrote {vsix(DIST)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
