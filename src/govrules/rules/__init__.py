"""The rule language: parse → check → compile → evaluate → explain."""

from .compile import RuleSet as RuleSet
from .compile import compile_rules as compile_rules
from .compile import load_rules as load_rules
from .evaluate import evaluate as evaluate
from .results import Result as Result
