"""Printing results as a table, JSON or CSV."""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

from aimaq.cli.options import OutputFormat

# pandas, numpy and rich load when something is printed, not when the CLI starts


def _plain(value: Any) -> Any:
    from aimaq._plain import plain

    return plain(value)


_YEAR_NAME = re.compile(r"(^|_)(year|from|to)(_|$)")


def _with_integer_years(frame: Any) -> Any:
    """Year columns as whole numbers: a year column holding a gap is float in pandas,
    and would print as "2,021" in a table and "2021.0" in CSV.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"latest_year": [2021.0, None], "value": [1.5, 2.0]})
    >>> _with_integer_years(frame).to_csv(index=False).splitlines()
    ['latest_year,value', '2021,1.5', ',2.0']
    """
    import pandas as pd

    out = frame.copy()
    for col in frame.columns:
        series = frame[col]
        if not (_YEAR_NAME.search(str(col)) and pd.api.types.is_float_dtype(series)):
            continue
        known = series.dropna()
        if len(known) and (known == known.round()).all() and known.between(1000, 9999).all():
            out[col] = series.astype("Int64")
    return out


def to_json(data: Any) -> str:
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        frame = _with_integer_years(data).astype(object)
        data = frame.where(frame.notna(), None).to_dict(orient="records")
    return json.dumps(_plain(data), ensure_ascii=False, indent=2, default=str)


def emit(data: Any, fmt: OutputFormat, *, title: str | None = None) -> None:
    """Print ``data`` (a DataFrame, or a dict/list for JSON) in the chosen format."""
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(data) + "\n")
        return
    import pandas as pd
    from rich.console import Console
    from rich.table import Table

    frame = data if isinstance(data, pd.DataFrame) else pd.json_normalize(_plain(data))
    frame = _with_integer_years(frame)
    if fmt is OutputFormat.csv:
        frame.to_csv(sys.stdout, index=False)
        return
    table = Table(title=title, show_lines=False)
    for col in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[col])
        table.add_column(str(col), justify="right" if numeric else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*[_cell(v) for v in row])
    Console(width=200).print(table)


def _cell(value: Any) -> str:
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)
