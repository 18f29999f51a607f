from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from aimaq.data.importers import detect_format, import_file
from aimaq.data.store import Store
from aimaq.errors import ImportError_

pytestmark = pytest.mark.shared

CSV = (
    "territory,indicator,period,value,area\n"
    "190000000,population_jan1,2023-01-01,1505984,\n"
    "Алматы облысы,population_jan1,2023-01-01,243823,urban\n"
    "г.Астана,population_jan1,2023-01-01,1354435,\n"
    "Абай облысы,unemployment_rate,2023Q4,4.6,\n"
)


def _csv(tmp_path: Path, text: str, name: str = "t.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_with_codes_names_and_dimension_columns(store: Store, tmp_path: Path) -> None:
    report = import_file(store, _csv(tmp_path, CSV))
    assert report.rows == 4 and report.format == "csv"
    got = store.query(
        "select kato, indicator_id, period, value, dims from observation order by value"
    )
    assert got.values.tolist() == [
        ["100000000", "unemployment_rate", "2023Q4", 4.6, "{}"],
        ["190000000", "population_jan1", "2023-01-01", 243823.0, '{"area":"urban"}'],
        ["710000000", "population_jan1", "2023-01-01", 1354435.0, "{}"],
        ["190000000", "population_jan1", "2023-01-01", 1505984.0, "{}"],
    ]


def test_semicolon_csv_and_indicator_option(store: Store, tmp_path: Path) -> None:
    text = "Territory;Period;Value\n150000000;2022;1 234,5\n"
    report = import_file(store, _csv(tmp_path, text), indicator="wage_avg")
    assert report.rows == 1
    assert store.query("select value from observation").value.tolist() == [1234.5]


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("cp1251", "cp1251"),
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
    ],
)
def test_the_encoding_is_detected_and_named(
    store: Store, tmp_path: Path, encoding: str, named: str
) -> None:
    report = import_file(store, _csv(tmp_path, CSV, encoding=encoding))
    assert report.rows == 4 and report.encoding == named
    names = store.query("select count(*) as n from observation where kato = '710000000'")
    assert int(names.n[0]) == 1  # "г.Астана" read as Cyrillic, whatever the encoding


def test_bytes_of_no_known_encoding_are_refused_with_their_place(
    state, store: Store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "latin.csv"
    path.write_bytes(CSV.encode("utf-8") + "190000000,grp,2022,1,caf\xe9\n".encode("latin-1"))
    before = state(store)
    with pytest.raises(ImportError_, match=r"not UTF-8 text .*byte 0xe9") as info:
        import_file(store, path)
    assert info.value.location is not None and info.value.location.row == 6
    assert state(store) == before


@pytest.mark.parametrize(
    ("text", "message", "row", "column", "value"),
    [
        (CSV.replace("1354435", "1.3e6x"), "value is not a number", "row 4", "value", "1.3e6x"),
        (
            CSV.replace("243823", "-243823"),
            "negative value for population_jan1",
            "row 3",
            "value",
            -243823.0,
        ),
        (
            CSV.replace("г.Астана", "Астанаград"),
            "not found in the KATO tree",
            "row 4",
            "territory",
            "Астанаград",
        ),
        (CSV.replace("2023Q4", "2023Q5"), "not a period", "row 5", "period", "2023Q5"),
        (
            CSV + "190000000,population_jan1,2023-01-01,1505985,\n",
            "conflicting values",
            "row 6",
            "value",
            1505985.0,
        ),
        (CSV.rsplit(",", 2)[0] + "\n", r"field\(s\), the header has 5", 5, None, None),
        (
            CSV + "Абай облысы,population_jan1,2019-01-01,1,\n",
            "wrong side of the border change",
            "row 6",
            "period",
            "2019-01-01",
        ),
        (
            CSV + "Шымкент,population_jan1,2015-01-01,1,\n",
            "wrong side of the border change",
            "row 6",
            "period",
            "2015-01-01",
        ),
        (
            CSV + "510000000,population_jan1,2020-01-01,1,\n",
            "wrong side of the border change",
            "row 6",
            "period",
            "2020-01-01",
        ),
        (
            CSV.replace("population_jan1,2023-01-01,1505984", "no_such_thing,2023-01-01,1505984"),
            "unknown indicator",
            "row 2",
            "indicator",
            "no_such_thing",
        ),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(
    state,
    store: Store,
    tmp_path: Path,
    text: str,
    message: str,
    row: object,
    column: str | None,
    value: object,  # type: ignore[no-untyped-def]
) -> None:
    before = state(store)
    with pytest.raises(ImportError_, match=message) as info:
        import_file(store, _csv(tmp_path, text))
    loc = info.value.location
    assert loc is not None and loc.file.endswith("t.csv")
    assert loc.row == row
    if column is not None:
        assert loc.column == column and loc.value == value
    assert state(store) == before


def test_standard_dimensions_are_spelled_one_way(state, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "territory,indicator,period,value,area,sex\n"
        "190000000,population_jan1,2023-01-01,10,Городская,Женщины\n"
        "190000000,population_jan1,2023-01-01,30,всего,total\n"
    )
    import_file(store, _csv(tmp_path, text))
    dims = sorted(store.query("select dims from observation")["dims"])
    assert dims == ['{"area":"urban","sex":"female"}', "{}"]
    before = state(store)
    with pytest.raises(ImportError_, match="area must be one of") as info:
        import_file(store, _csv(tmp_path, text.replace("Городская", "пригород"), "u.csv"))
    assert info.value.location is not None
    assert (info.value.location.column, info.value.location.value) == ("area", "пригород")
    assert state(store) == before


def test_missing_columns(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportError_, match=r"missing column\(s\) \['value', 'indicator"):
        import_file(store, _csv(tmp_path, "territory,period\n190000000,2022\n"))


def test_excel_and_parquet_give_the_same_rows(store: Store, tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "territory": ["190000000", "Ақтөбе облысы"],
            "indicator": ["grp", "grp"],
            "period": ["2022", "2022"],
            "value": [100.5, 200.0],
            "sex": ["", ""],
        }
    )
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "data"
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append(list(row))
    xlsx = tmp_path / "t.xlsx"
    book.save(xlsx)
    parquet = tmp_path / "t.parquet"
    frame.assign(period=["2023", "2023"]).to_parquet(parquet)
    assert detect_format(xlsx, xlsx.read_bytes()) == "xlsx"
    assert import_file(store, xlsx).rows == 2
    assert import_file(store, parquet).rows == 2
    got = store.query("select kato, period, value from observation order by period, kato")
    assert got.values.tolist() == [
        ["150000000", "2022", 200.0],
        ["190000000", "2022", 100.5],
        ["150000000", "2023", 200.0],
        ["190000000", "2023", 100.5],
    ]


def test_damaged_excel_and_parquet(state, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = state(store)
    book = openpyxl.Workbook()
    book.active.append(["territory", "indicator", "period", "value"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(ImportError_, match="not a readable Excel workbook"):
        import_file(store, path)
    bad = tmp_path / "t.parquet"
    bad.write_bytes(b"PAR1" + b"\x00" * 20)
    with pytest.raises(ImportError_, match="not a readable Parquet file"):
        import_file(store, bad)
    assert state(store) == before
