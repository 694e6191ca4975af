"""Schemathesis's serializer for the batch body (JSON Lines), shared by the service tests."""

from __future__ import annotations

import json
from typing import Any

import schemathesis


@schemathesis.serializer("application/x-ndjson", "application/jsonl", "application/json-lines")
def json_lines(ctx: Any, value: Any) -> bytes:
    """The documented array, one JSON value a line (anything else as one line)."""
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in items).encode("utf-8")
