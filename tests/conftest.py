"""Expected figures in the tests are worked out as the engine does: to 60
significant digits, ROUND_HALF_UP (govrules.rules.runtime.CONTEXT). The engine itself never
uses this context (tests/test_robust_eval.py evaluates under a different one)."""

from __future__ import annotations

import decimal

from govrules.rules.runtime import PRECISION

decimal.getcontext().prec = PRECISION
decimal.getcontext().rounding = decimal.ROUND_HALF_UP
