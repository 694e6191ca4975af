"""Results for people: text (``render_result``), the report model, and the HTML and xlsx writers.

This layer sits above ``evaluation``; nothing in the library imports it. The HTML writer
needs the ``report`` extra (Jinja2) and the xlsx writer the ``xlsx`` extra (openpyxl); both
are imported only when called.
"""

from .model import BatchReport as BatchReport
from .model import ProjectReport as ProjectReport
from .model import build_report as build_report
from .text import SEVERITY_ZH as SEVERITY_ZH
from .text import render_result as render_result
