"""Schemathesis against the served OpenAPI document, in process: every endpoint, generated
requests (valid and invalid), no 500 and no answer that breaks its own schema. Bounded
(a few examples per operation) to keep the suite fast."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

import service_serializers  # noqa: F401  (JSON Lines bodies)
from govrules.service.app import create_app
from govrules.service.settings import Settings


# Examples and fuzzing, each bounded; the coverage phase (every boundary of every schema) is
# left out: on the submission schemas it makes thousands of cases, minutes of the suite.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}, "seed": 20261202})
OPEN = schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(timeout=1)), config=CONFIG)
TOKEN = "test-token-7f3a"
SECURED = schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(timeout=1, tokens=(TOKEN,))), config=CONFIG)
BOUNDED = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@OPEN.parametrize()
@BOUNDED
def test_every_endpoint_keeps_its_contract(case: Any) -> None:
    case.call_and_validate()


@SECURED.parametrize()
@settings(BOUNDED, max_examples=5)
def test_every_endpoint_keeps_its_contract_with_a_token(case: Any) -> None:
    """With tokens, the document says so, and requests without one are refused (schemathesis
    checks that too); with the token they are answered as without tokens."""
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})
