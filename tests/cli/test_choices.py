"""Choices a user types are validated before any SQL: the language, and usage errors read
as one line with exit code 2."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.mark.parametrize(
    "args",
    [
        ["kpi", "--lang", "xx"],
        ["kpi", "--lang", "en'; drop table territory; --"],
        ["territories", "--lang", "de"],
        ["srs", "status", "--lang", "xx"],
    ],
    ids=["kpi", "kpi-injection", "territories", "srs"],
)
def test_an_unknown_language_is_one_line_and_exit_2(
    args: list[str], tree_db: Path, run_cli: Run
) -> None:
    result = run_cli(*args, "--db", str(tree_db))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: Invalid value for '--lang'")
    assert "is not one of 'kk', 'ru', 'en'" in lines[0]
    assert "Traceback" not in result.stderr


def test_the_importers_package_star_import_works() -> None:
    namespace: dict[str, object] = {}
    exec("from aimaq.data.importers import *", namespace)
    import aimaq.data.importers as importers

    assert set(importers.__all__) <= set(namespace)


def test_year_columns_print_as_years_in_table_and_csv() -> None:
    import io
    from contextlib import redirect_stdout

    import pandas as pd

    from aimaq.cli.options import OutputFormat
    from aimaq.cli.output import emit

    # a year column with a gap is float in pandas: it printed "2,021" and "2021.0"
    frame = pd.DataFrame({"latest_year": [2021.0, None], "value": [12345.6, 2.0]})
    shown = {}
    for fmt in OutputFormat:
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            emit(frame, fmt, title="t")
        shown[fmt] = buffer.getvalue()
    assert "2,021" not in shown[OutputFormat.table] and " 2021 " in shown[OutputFormat.table]
    assert shown[OutputFormat.csv].splitlines() == ["latest_year,value", "2021,12345.6", ",2.0"]
    assert '"latest_year": 2021,' in shown[OutputFormat.json]
    assert "12,346" in shown[OutputFormat.table]  # other numbers keep their separators
