"""Request and response bodies of the service that are not outputs of the command line
(those are in :mod:`govrules.outputs`, shared with it)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..outputs import DiagnosticOut, RuleSetOut, TargetOut, Versioned


class ErrorOut(Versioned):
    """Every error answer (4xx, 5xx): the diagnostics, as the command line reports them."""

    errors: list[DiagnosticOut]


class RuleSetsOut(Versioned):
    rulesets: list[RuleSetOut]


class HealthOut(Versioned):
    status: Literal["ok"]
    version: str = Field(description="govrules version")


class ReadyOut(Versioned):
    ready: bool
    rulesets: int
    loaded_at: str | None = Field(description="when the rule sets in use were loaded (UTC, ISO 8601)")
    last_reload: str | None = Field(None, description="ok, or refused: the last reload did not check cleanly and the rule sets before it stay")
    last_reload_errors: list[DiagnosticOut] = []


class CheckIn(BaseModel):
    """Rule text to check; ``file`` only names it in the diagnostics (nothing is read)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    text: str
    file: str = Field("<rules>", max_length=200)
    strict: bool = False


class TargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    target: str = Field(max_length=10_000)
    actual: str | None = Field(None, max_length=10_000)
    name: str | None = Field(None, max_length=1_000)


class TargetsIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    items: list[TargetIn]


class TargetsOut(Versioned):
    results: list[TargetOut]
