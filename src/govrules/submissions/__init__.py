"""Submissions: the models of the three kinds of table, and safe loading from YAML/JSON."""

from .load import load_submission as load_submission
from .load import validate_submission as validate_submission
from .models import Indicator as Indicator
from .models import MonitoringReport as MonitoringReport
from .models import SelfEvaluation as SelfEvaluation
from .models import TargetTable as TargetTable
