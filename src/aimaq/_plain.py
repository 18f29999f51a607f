"""JSON-safe Python values, shared by every writer of JSON (CLI output, plan files).

It sits outside the layered packages so that any layer may use it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import numpy as np


def plain(value: Any) -> Any:
    """``value`` with NaN and infinity as ``None``, numpy scalars as Python numbers,
    dates and timestamps as ISO text, mappings and sequences converted throughout.

    Examples
    --------
    >>> plain({"a": np.float64("nan"), 1: (np.int64(2), float("inf"))})
    {'a': None, '1': [2, None]}
    >>> plain(dt.date(2024, 1, 31))
    '2024-01-31'
    """
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dt.date):  # pandas' Timestamp is a datetime
        return value.isoformat()
    return value
