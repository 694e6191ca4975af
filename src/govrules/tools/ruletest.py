"""``govrules test`` (being written)."""

from __future__ import annotations

from typing import Any


def add_command(sub: Any) -> None:
    """Register the command on the ``govrules`` argument parser."""
