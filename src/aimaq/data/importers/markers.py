"""Cells of official tables: numbers and the BNS conventional marks.

BNS publications print a mark instead of a number where there is none (see the legend
sheet "Условные обозначения" of every bulletin):

========  ==============================  =====================  ===========
mark      meaning (BNS)                   stored value           flag
========  ==============================  =====================  ===========
``-``     the phenomenon is absent        ``0``                  ``absent``
``х``     data are confidential           ``NULL`` (never 0)     ``confidential``
``...``   no data                         ``NULL``               ``no_data``
``0,0``   an insignificant value          ``0`` (a number)       none
========  ==============================  =====================  ===========

A dash is a true zero for the counts BNS publishes (no urban population in a rural
district is zero persons), so it is stored as 0 and flagged; the flag keeps the
difference from a printed ``0`` visible.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from aimaq.data.flags import ABSENT, CONFIDENTIAL, NO_DATA

__all__ = ["ABSENT", "CONFIDENTIAL", "NO_DATA", "Cell", "parse_cell", "scaled"]

# "х" is Cyrillic; the Latin "x" and "X" look the same in print and occur in copies.
_CONFIDENTIAL_MARKS = frozenset({"х", "Х", "x", "X"})
_ABSENT_MARKS = frozenset({"-", "–", "—", "−"})  # hyphen, en dash, em dash, minus sign
_NO_DATA_MARKS = frozenset({"...", "…", ".."})
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class Cell:
    """A parsed cell: the value to store (``None`` for NULL) and its flag, if any."""

    value: float | None
    flag: str | None = None


def parse_cell(raw: object) -> Cell:
    """Read one cell of an official table as a number or a conventional mark.

    Accepts numbers, numeric strings with a decimal comma and thousands spaces
    (``"1 234,5"``), and the BNS marks ``-``, ``х``, ``...``.

    Raises
    ------
    ValueError
        The cell is neither a number nor a known mark (the caller adds the location).

    Examples
    --------
    >>> parse_cell("1 234,5")
    Cell(value=1234.5, flag=None)
    >>> parse_cell("-")
    Cell(value=0.0, flag='absent')
    >>> parse_cell("х")
    Cell(value=None, flag='confidential')
    """
    if isinstance(raw, bool):
        raise ValueError(f"not a number: {raw!r}")
    if isinstance(raw, int | float):
        number = float(raw)
        if math.isnan(number):
            return Cell(None, NO_DATA)
        if math.isinf(number):
            raise ValueError(f"not a finite number: {raw!r}")
        return Cell(number)
    if raw is None:
        return Cell(None, NO_DATA)
    if not isinstance(raw, str):
        raise ValueError(f"not a number: {raw!r}")
    text = raw.strip()
    if text in _ABSENT_MARKS:
        return Cell(0.0, ABSENT)
    if text in _CONFIDENTIAL_MARKS:
        return Cell(None, CONFIDENTIAL)
    if text in _NO_DATA_MARKS or text == "":
        return Cell(None, NO_DATA)
    compact = _SPACES.sub("", text)
    if "," in compact:
        # "1,234.5": the comma groups thousands; "1234,5": it is the decimal mark
        compact = compact.replace(",", "") if "." in compact else compact.replace(",", ".")
    if not _NUMBER.fullmatch(compact):
        raise ValueError(f"not a number: {raw!r}")
    number = float(compact)
    if math.isinf(number):
        raise ValueError(f"not a finite number: {raw!r}")
    return Cell(number)


def scaled(value: float | None, scale: float) -> float | None:
    """``value * scale`` in decimal arithmetic, so a change of unit adds no binary noise.

    Taldau prints GRP in tenge (``"1344334600000"``); in million tenge the float product
    is ``1344334.5999999999`` and would conflict with the same figure from a table that
    prints ``1344334.6``.

    Examples
    --------
    >>> scaled(1344334600000.0, 1e-6)
    1344334.6
    >>> scaled(None, 1e-6) is None
    True
    """
    if value is None or scale == 1:
        return value
    if not (math.isfinite(value) and math.isfinite(scale)):
        return value * scale
    return float(Decimal(repr(value)) * Decimal(repr(scale)))
