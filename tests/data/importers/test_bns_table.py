"""BNS tables by region and year (.xls and .xlsx), checked against the published tidy tables."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from aimaq.data.importers import detect_format, import_file
from aimaq.data.store import Store
from aimaq.errors import Advice, ImportError_

pytestmark = pytest.mark.shared


def _reference(shared_dir: Path, name: str) -> pd.DataFrame:
    ref = pd.read_csv(shared_dir / "indicators" / name, dtype={"kato2": str})
    ref["period"] = ref["year"].astype(str)
    # before 2018 the BNS row of region 61 is South Kazakhstan (historical code 51)
    old = (ref["kato2"] == "61") & (ref["year"] <= 2017)
    ref["kato"] = ref["kato2"].where(~old, "51") + "0000000"
    return ref


def _stored(store: Store, indicator: str) -> pd.DataFrame:
    return store.query(
        "select kato, period, value, dims from observation where indicator_id = ?", [indicator]
    )


def test_doctors_xls_matches_the_published_table(store: Store, shared_dir: Path) -> None:
    path = shared_dir / "raw" / "bns_tables" / "odk_doctors_all_specialties.xls"
    assert detect_format(path, path.read_bytes()) == "bns-table"
    report = import_file(store, path)  # the indicator comes from the title
    assert report.flags == {"no_unit": 15}  # Shymkent's dashes before 2018
    got = _stored(store, "doctors")
    ref = _reference(shared_dir, "doctors_all_specialties_by_region_2003_2022.csv")
    merged = ref.merge(got, on=["kato", "period"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all() and len(got) == len(ref) == 348
    assert (merged["value_x"] == merged["value_y"]).all()


def test_hospitals_two_tables_on_one_sheet(store: Store, shared_dir: Path) -> None:
    path = shared_dir / "raw" / "bns_tables" / "odk_med_institutions_source.xls"
    report = import_file(store, path)
    # the national row repeats in the small table above; equal figures collapse
    assert report.parsed == report.rows + 23
    got = _stored(store, "hospitals")
    ref = _reference(shared_dir, "hospital_organisations_by_region_2000_2022.csv")
    merged = ref.merge(got, on=["kato", "period"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert (merged["value_x"] == merged["value_y"]).all()


def test_schools_before_2018_are_refused_then_imported_from_2018(
    state, store: Store, shared_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    path = shared_dir / "raw" / "bns_tables" / "odk_schools.xlsx"
    before = state(store)
    # BNS prints Shymkent separately since 2000, a unit KATO has only since 2018
    with pytest.raises(ImportError_, match="wrong side of the border change") as info:
        import_file(store, path)
    assert info.value.location is not None and info.value.location.value == "2000"
    assert state(store) == before
    report = import_file(store, path, since=2018)
    got = _stored(store, "schools")
    ref = pd.read_csv(
        shared_dir / "indicators" / "general_schools_count_by_region_2000_2022.csv",
        dtype={"kato2": str},
    )
    ref = ref[(ref["year"] >= 2018) & ref["value"].notna()]
    ref["kato"] = ref["kato2"] + "0000000"
    ref["period"] = ref["year"].astype(str)
    ref["dims"] = ref["area_type"].map(
        {"total": "{}", "urban": '{"area":"urban"}', "rural": '{"area":"rural"}'}
    )
    merged = ref.merge(got, on=["kato", "period", "dims"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all() and report.rows == len(ref)
    assert (merged["value_x"] == merged["value_y"]).all()


def _table(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Численность врачей всех специальностей"])
    ws.append([None, 2016, 2017, 2018])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_footnote_maps_old_years_to_south_kazakhstan(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(
        _table(
            [
                ["Туркестанская*", 100, 110, 60],
                ["город Шымкент", "-", "-", 50],
                ["* Данные за 2016-2017 гг. по Южно-Казахстанской области."],
            ]
        )
    )
    report = import_file(store, path)
    got = store.query("select kato, period, value from observation order by kato, period")
    assert got.values.tolist() == [
        ["510000000", "2016", 100.0],
        ["510000000", "2017", 110.0],
        ["610000000", "2018", 60.0],
        ["790000000", "2018", 50.0],
    ]
    assert report.flags == {"no_unit": 2}


def test_without_the_footnote_old_years_are_refused(state, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.xlsx"
    path.write_bytes(_table([["Туркестанская", 100, 110, 60]]))
    before = state(store)
    with pytest.raises(ImportError_, match=r"Turkestan.*wrong side of the border change"):
        import_file(store, path, format="bns-table")
    assert state(store) == before


def test_non_numeric_cell_is_named(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(_table([["Акмолинская", 1, "два", 3]]))
    with pytest.raises(ImportError_, match="not a number") as info:
        import_file(store, path, format="bns-table")
    assert info.value.location is not None
    assert (info.value.location.column, info.value.location.value) == ("C", "два")


def test_unknown_title_needs_an_indicator(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Что-то другое"])
    book.active.append([None, 2016, 2017])
    book.active.append(["Акмолинская", 1, 2])
    path = tmp_path / "t.xlsx"
    book.save(path)
    with pytest.raises(ImportError_, match="names no indicator this importer knows") as info:
        import_file(store, path, format="bns-table")
    assert info.value.advice == Advice.indicator
    assert import_file(store, path, format="bns-table", indicator="schools").rows == 2


def test_a_table_without_years_is_refused_not_imported_empty(
    state, store: Store, shared_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    # the real wages-by-occupation workbook: regions by occupation group, no year columns
    path = shared_dir / "raw" / "bns" / "wages_by_occupation_2022.xlsx"
    before = state(store)
    with pytest.raises(ImportError_, match="no header row of years") as info:
        import_file(store, path, format="bns-table", indicator="wage_avg_occsurvey")
    assert info.value.location is not None and info.value.location.row == "sheet Лист1"
    assert state(store) == before
