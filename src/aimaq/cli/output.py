"""Printing results as a table, JSON or CSV."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from aimaq.cli.options import OutputFormat

# pandas, numpy and rich load when something is printed, not when the CLI starts


def _plain(value: Any) -> Any:
    from aimaq._plain import plain

    return plain(value)


def to_json(data: Any) -> str:
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        data = data.to_dict(orient="records")
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
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)
