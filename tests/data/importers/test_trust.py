"""Bad or doubtful cells are refused with their place, never stored quietly."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from aimaq.data.importers import Limits, import_file
from aimaq.data.store import Store
from aimaq.errors import Advice, ImportError_

HEADER = ["territory", "indicator", "period", "value"]


def _xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    """A tidy workbook as openpyxl writes it: formulas carry no computed value."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("formula", ["=D2*2", "=1/0"])
def test_a_formula_without_a_value_is_refused_naming_the_cell(
    state, store: Store, tmp_path: Path, formula: str
) -> None:  # type: ignore[no-untyped-def]
    path = _xlsx(
        tmp_path / "t.xlsx",
        [["190000000", "doctors", 2022, 5], ["750000000", "doctors", 2022, formula]],
    )
    before = state(store)
    with pytest.raises(
        ImportError_, match=rf"cell D3 holds the formula {re.escape(formula)} "
    ) as info:
        import_file(store, path)
    assert info.value.location is not None and info.value.location.row == "sheet Sheet row 3"
    assert info.value.location.column == "D" and info.value.location.value == formula
    assert state(store) == before


def test_an_excel_date_cell_is_a_period_and_never_a_repr(store: Store, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "t.xlsx",
        [["190000000", "population_jan1", datetime(2023, 1, 1), 1505984]],
    )
    assert import_file(store, path).rows == 1
    assert store.query("select period from observation").period.tolist() == ["2023-01-01"]
    bad = _xlsx(
        tmp_path / "b.xlsx", [["190000000", "population_jan1", datetime(2023, 1, 1), "abc"]]
    )
    with pytest.raises(ImportError_) as info:
        import_file(store, bad)
    assert "datetime" not in str(info.value)


@pytest.mark.parametrize("column", ["year", "Year", "date", "quarter"])
def test_year_date_and_quarter_head_the_period_column(
    store: Store, tmp_path: Path, column: str
) -> None:
    period = {"quarter": "2022Q3", "date": "2023-01-01"}.get(column.lower(), "2022")
    path = tmp_path / "t.csv"
    path.write_text(f"territory,indicator,{column},value\n190000000,doctors,{period},5\n")
    assert import_file(store, path).rows == 1


def test_a_period_after_this_year_needs_allow_future(state, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    future = date.today().year + 4
    path = tmp_path / "t.csv"
    path.write_text(f"territory,indicator,period,value\n190000000,doctors,{future},5\n")
    before = state(store)
    with pytest.raises(ImportError_, match=r"after the current year") as info:
        import_file(store, path)
    assert str(info.value).startswith(f"{path}, row 2, column 'period', value '{future}'")
    assert info.value.advice == Advice.allow_future  # the CLI names --allow-future
    assert state(store) == before
    assert import_file(store, path, allow_future=True).rows == 1


@pytest.mark.parametrize(
    ("indicator", "period", "value", "message"),
    [
        ("population_avg", "2022", "1e308", "implausible value for population_avg"),
        ("doctors", "9999", "5", "period 9999 is after"),
        ("doctors", "1900", "5", "period 1900 is before 1990"),
        ("unemployment_rate", "2022", "104", "a share"),
        ("doctors", "2022", "-3", "negative value for doctors"),
        ("grp", "2022", "inf", "value is not a number"),
    ],
)
def test_implausible_values_and_periods_are_refused(
    state, store: Store, tmp_path: Path, indicator: str, period: str, value: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.csv"
    path.write_text(f"territory,indicator,period,value\n190000000,{indicator},{period},{value}\n")
    before = state(store)
    with pytest.raises(ImportError_, match=message) as info:
        import_file(store, path)
    assert info.value.location is not None and info.value.location.row == "row 2"
    assert state(store) == before


def test_natural_increase_may_be_negative(store: Store, tmp_path: Path) -> None:
    # births minus deaths is below zero in several regions: a balance, not a count
    path = tmp_path / "t.csv"
    path.write_text("territory,indicator,period,value\n350000000,natural_increase,2022,-1204\n")
    assert import_file(store, path).rows == 1


def test_the_row_cap_is_named_with_the_option_that_raises_it(
    state, store: Store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.csv"
    rows = "".join(f"190000000,doctors,{y},5\n" for y in range(2000, 2010))
    path.write_text("territory,indicator,period,value\n" + rows)
    before = state(store)
    with pytest.raises(ImportError_, match=r"more than 5 rows: past the row cap") as info:
        import_file(store, path, limits=Limits(max_rows=5))
    assert info.value.advice == Advice.max_rows  # the CLI names --max-rows
    assert state(store) == before
    assert import_file(store, path, limits=Limits(max_rows=10)).rows == 10


def test_the_size_cap_is_named_with_the_option_that_raises_it(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("territory,indicator,period,value\n" + "190000000,doctors,2020,5\n" * 100)
    with pytest.raises(ImportError_, match=r"past the size cap of 0\.001 MB") as info:
        import_file(store, path, limits=Limits(max_mb=0.001))
    assert info.value.advice == Advice.max_mb  # the CLI names --max-mb


def test_a_file_without_read_permission_is_a_located_error(tmp_path: Path, store: Store) -> None:
    import os

    path = tmp_path / "t.csv"
    path.write_text("territory,indicator,period,value\n190000000,doctors,2020,5\n")
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as a user who reads every file (root)")
    with pytest.raises(ImportError_, match="cannot read the file: Permission denied"):
        import_file(store, path)
