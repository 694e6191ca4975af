"""Batches: many inputs evaluated in input order, in parallel, resumable after a stop."""

from .inputs import Input as Input
from .inputs import expand as expand
from .runner import Outcome as Outcome
from .runner import run as run
