"""Small building blocks shared by the dashboard's pages."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from dash import dcc

from aimaq.reporting.i18n import Messages


def _escape(text: str) -> str:
    # a cell is one line of a Markdown table: keep its separators and markup literal
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for ch in "*_`[]<>#":
        out = out.replace(ch, "\\" + ch)
    return out


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    t: Messages,
    *,
    table_id: str | None = None,
    digits: int = 1,
    row_digits: Sequence[int] | None = None,
) -> dcc.Markdown:
    """A table as one Markdown component (cheap to send: one string, not one component per
    cell); numbers are formatted in the page's language and aligned right, with ``digits``
    decimals, or ``row_digits[i]`` in row ``i``.

    Examples
    --------
    >>> md = table(["a", "b"], [("x", 1234.5)], Messages("en"), digits=0)
    >>> md.children.splitlines()[1:]
    ['|:---|---:|', '| x | 1,234 |']
    """

    def cell(value: Any, places: int) -> tuple[str, bool]:
        if isinstance(value, float):
            return ("–" if math.isnan(value) else t.number(value, places)), True
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value), True
        return _escape("" if value is None else str(value)), False

    places = list(row_digits) if row_digits is not None else [digits] * len(rows)
    body = [[cell(v, p) for v in r] for r, p in zip(rows, places, strict=True)]
    numeric = [bool(body) and all(row[i][1] for row in body) for i in range(len(columns))]
    lines = [
        "| " + " | ".join(_escape(str(c)) or " " for c in columns) + " |",
        "|" + "|".join("---:" if n else ":---" for n in numeric) + "|",
        *("| " + " | ".join(text for text, _ in row) + " |" for row in body),
    ]
    props: dict[str, Any] = {"className": "data"}
    if table_id is not None:
        props["id"] = table_id
    return dcc.Markdown("\n".join(lines), **props)


def digits_for(values: Sequence[float]) -> int:
    """Decimals to show: none for large magnitudes, one otherwise.

    Examples
    --------
    >>> digits_for([1200.0, 5300.0]), digits_for([4.2, 5.1])
    (0, 1)
    """
    finite = [abs(v) for v in values if not math.isnan(v)]
    if not finite:
        return 1
    finite.sort()
    return 0 if finite[len(finite) // 2] >= 1000 else 1
