"""The target language: indicator values (指标值) and actual values (完成值)."""

from .judge import Judgement as Judgement
from .judge import judge as judge
from .parse import Parsed as Parsed
from .parse import parse as parse
from .reading import parse_actual as parse_actual
from .values import Value as Value
from .values import render as render
from .values import to_json as to_json
