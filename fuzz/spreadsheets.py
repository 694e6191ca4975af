"""Spreadsheet reading — NOT YET A HARNESS: spreadsheet reading (io/cells.py, io/locate.py)
does not exist in this branch.

When it lands, ``one_input(data)`` here should: write ``data`` as an .xlsx/.xls/.ods/.csv
file, read it with the public reader, and check that only GovrulesError escapes, that
every diagnostic names a cell inside the sheet (Sheet1!B7), that reading twice gives the
same submission, and that no float reaches the submission. Seeds: the spreadsheets of
tests/ and examples/. Then add it to ``HARNESSES`` in fuzz/run.py and to tests/test_fuzz.py.
"""

from __future__ import annotations

AVAILABLE = False
