"""Spreadsheets in: .xlsx, .xls, .xlsb, .ods, .csv, Word tables and HTML "xls" exports.

``cells`` reads a file into grids, ``locate`` finds each table by its labels, ``read``
validates them with the submission models. The libraries (python-calamine, openpyxl,
python-docx; the ``[xlsx]`` extra) are imported only when a file needs them.
"""

from .read import Loaded as Loaded
from .read import Table as Table
from .read import is_table_file as is_table_file
from .read import load_inputs as load_inputs
from .read import load_one as load_one
from .read import read_tables as read_tables
from .read import with_cells as with_cells
from .source import CellRef as CellRef
from .source import TableSource as TableSource
