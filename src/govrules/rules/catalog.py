"""Rule sets by name: the ones shipped with govrules, or those of any folder.

A rule set is named in its header (``规则集 项目支出绩效自评``); several versions of one
name may live side by side, each in force for its own period (GR412 keeps them apart).
A catalog loads and checks every ``*.rules`` file of a folder together, so that
``govrules eval 项目支出绩效自评 FILE`` and the service find a rule set by that name.

Each rule set has a content hash (:func:`content_hash`): the SHA-256 of its text and of
the files it includes, the same wherever the files lie, so a result says exactly which
rules produced it.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import GovrulesError
from ..messages import diagnostic
from .compile import RuleSet, load_rule_sets, load_rules


def shipped_folder() -> Path:
    """The folder of the rule sets shipped with govrules: in the installed package
    (``govrules/rulesets``), else the checkout's ``rules/``."""
    installed = resources.files("govrules").joinpath("rulesets")
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "rules"


def content_hash(rules: RuleSet) -> str:
    """``sha256:…`` of the rule file's text and of each file it includes (by its path
    relative to the rule file): equal texts give equal hashes, wherever they are stored."""
    return rules.shared(("content_hash",), _hash, rules)


def _hash(rules: RuleSet) -> str:
    h = hashlib.sha256()
    h.update("\n".join(rules.lines).encode("utf-8"))
    here = posixpath.dirname(rules.path.replace("\\", "/"))
    for name in sorted(rules.tree.sources):
        relative = posixpath.relpath(name.replace("\\", "/"), here or ".")
        h.update(b"\0" + relative.encode("utf-8") + b"\0" + "\n".join(rules.tree.sources[name]).encode("utf-8"))
    return "sha256:" + h.hexdigest()


@dataclass(frozen=True)
class Catalog:
    """The rule sets of a folder (or of files), loaded and checked together."""

    rule_sets: tuple[RuleSet, ...]
    folder: str = ""

    @classmethod
    def load(cls, folder: str | Path | None = None) -> Catalog:
        """Every ``*.rules`` of ``folder`` (default: the shipped ones); raises GovrulesError
        with every problem of every file, so a folder that does not check cleanly is never
        half loaded."""
        where = Path(folder) if folder is not None else shipped_folder()
        return cls(tuple(load_rule_sets([where], base=where)), str(where))

    def names(self) -> list[str]:
        return sorted({r.name for r in self.rule_sets})

    def find(self, name: str, version: str | None = None) -> RuleSet:
        """The rule set of that name: the given version, else the one in force last
        (the latest start of its period, then the highest version)."""
        found = [r for r in self.rule_sets if r.name == name and (version is None or r.version == version)]
        if not found:
            available = "、".join(f"{r.name}（版本 {r.version}）" if r.version else r.name for r in self.rule_sets) or "（无）"
            available_en = ", ".join(f"{r.name} (version {r.version})" if r.version else r.name for r in self.rule_sets) or "(none)"
            wanted = f"{name}（版本 {version}）" if version else name
            raise GovrulesError([diagnostic("GR700", path="ruleset", name=wanted, available=available, available_en=available_en)])
        return max(found, key=lambda r: (r.valid_from or "", _number(r.version)))


def _number(version: str | None) -> tuple[int, str]:
    return (int(version), "") if version is not None and version.isdigit() else (-1, version or "")


def resolve(rules: str | Path) -> RuleSet:
    """A rule file by path, or a shipped rule set by name (``项目支出绩效自评``) when no
    file has that path."""
    path = Path(rules)
    if path.exists() or path.suffix == ".rules" or "/" in str(rules) or "\\" in str(rules):
        return load_rules(path)
    return Catalog.load().find(str(rules))
