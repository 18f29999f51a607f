"""Loading values by OKED section from a file: checked first, written all or nothing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from aimaq.data.build import load_territories
from aimaq.data.catalogue import load_catalogue
from aimaq.data.store import Store
from aimaq.economy.load import load_sector_file, read_sector_file, template_path
from aimaq.economy.panel import sector_table
from aimaq.errors import ImportError_


@pytest.fixture()
def store(mem_store: Store) -> Store:
    load_territories(mem_store)
    mem_store.upsert_indicators(load_catalogue().frame())
    groups = pd.DataFrame(
        {
            "kato": "150000000",
            "indicator_id": "employment",
            "period": "2024",
            "value": [40_000.0, 130_000.0, 290_000.0],
            "dims": [{"sector": s} for s in ("agriculture", "industry_construction", "services")],
        }
    )
    mem_store.write_observations(groups, source="groups", sha256="g", importer="test")
    return mem_store


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sectors.csv"
    path.write_text("kato,period,sector,value\n" + text)
    return path


def test_template_has_every_section_and_reads() -> None:
    frame = read_sector_file(template_path())
    assert list(frame.sector) == list("ABCDEFGHIJKLMNOPQRSTU")


def test_sections_load_and_make_a_21_sector_table(store: Store, tmp_path: Path) -> None:
    rows = "".join(f"150000000,2023,{c},{100 + i}\n" for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTU"))
    result = load_sector_file(store, _file(tmp_path, rows))
    assert result.rows == 21
    table = sector_table(store, level="region", years=["2023"], breakdown="section")
    assert table.year("2023")[0].tolist() == [100.0 + i for i in range(21)]
    groups = sector_table(store, level="region", years=["2023"], breakdown="group")
    assert groups.year("2023")[0].tolist() == [100.0, sum(range(101, 106)), sum(range(106, 121))]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("150000000,2024,Z,5\n", r"unknown sector code 'Z' at row 2"),
        (
            "150000000,2024,A,5\n150000000,2024,C,-1\n",
            r"row 3, column 'value': C of 150000000 in 2024 is negative",
        ),
        ("150000000,2024,C,abc\n", r"row 2, column 'value': .* missing or not a number \('abc'\)"),
        ("15000000,2024,C,5\n", r"row 2, column 'kato', value '15000000'"),
        (
            "150000000,2024,B,100000\n150000000,2024,C,40000\n",
            r"add up to 140000 \(B, C\), more than the group industry_construction 130000",
        ),
        (
            "150000000,2024,A,10\n150000000,2024,G,30\n150000000,2024,total,20\n",
            r"more than its total 20",
        ),
        ("999999999,2024,A,10\n", r"999999999"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    store: Store, tmp_path: Path, text: str, message: str
) -> None:
    before = store.snapshot()
    with pytest.raises(ImportError_, match=message):
        load_sector_file(store, _file(tmp_path, text))
    after = store.snapshot()
    assert before.keys() == after.keys()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("kato,year,sector,value\n150000000,2024,A,1\n")
    with pytest.raises(ImportError_, match=r"missing column\(s\) \['period'\]"):
        read_sector_file(path)
