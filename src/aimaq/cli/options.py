"""Options shared by every command, declared once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="How to print the result: table, json or csv."),
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", envvar="AIMAQ_DB", help="DuckDB file (default: per-user data folder)."),
]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of names and labels: kk, ru or en.")]
