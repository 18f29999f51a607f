"""Spreadsheet cells as text and as people read them: dates, numbers, formulas.

An Excel date cell arrives as a ``datetime``; a number as ``float``; a formula whose
value was never computed (what scripts and openpyxl write) as ``None`` beside its
formula text. These helpers give one reading of each, and one way to show a value in a
message (never a Python repr such as ``datetime.datetime(2024, 1, 1, 0, 0)``).
"""

from __future__ import annotations

import math
from datetime import date, datetime, time


def cell_text(value: object) -> str:
    """A cell as text: dates as ISO (``2024-01-01``), whole floats without ``.0``.

    Examples
    --------
    >>> cell_text(datetime(2024, 1, 1))
    '2024-01-01'
    >>> cell_text(2022.0), cell_text(None), cell_text(" a ")
    ('2022', '', 'a')
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def shown(value: object) -> str:
    """A value as a message quotes it: text in quotes, numbers and dates as written.

    Examples
    --------
    >>> shown(datetime(2024, 1, 1)), shown("х"), shown(1e308)
    ('2024-01-01', "'х'", '1e+308')
    """
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, date | datetime):
        return cell_text(value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() or abs(value) >= 1e15 else str(int(value))
    return str(value)


def is_formula(value: object) -> bool:
    """Whether a cell read with formulas (not values) holds a formula.

    Examples
    --------
    >>> is_formula("=D2*2"), is_formula("2"), is_formula(None)
    (True, False, False)
    """
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column (0 -> ``A``, 27 -> ``AB``).

    Examples
    --------
    >>> column_letter(0), column_letter(27)
    ('A', 'AB')
    """
    out, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
