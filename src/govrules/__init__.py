"""govrules: a declarative rules engine for budget performance management (预算绩效管理)."""

from .errors import Diagnostic as Diagnostic
from .errors import GovrulesError as GovrulesError
from .errors import Severity as Severity
from .errors import Span as Span

__version__ = "0.1.0"
