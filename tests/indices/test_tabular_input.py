"""The index CSV is read by the importers' reader: overflows and bad cells are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimaq.errors import ImportError_
from aimaq.indices.tabular import read_indicator_csv


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1e308", "too large to compute with"),
        ("inf", "not a finite number"),
        ("abc", "not a number"),
        ("104", "implausible value for unemployment_rate"),
    ],
)
def test_a_bad_cell_is_refused_with_file_row_column_and_value(
    tmp_path: Path, cell: str, message: str
) -> None:
    path = tmp_path / "ind.csv"
    path.write_text(f"unit,unemployment_rate,b\nA,4.5,1\nB,{cell},2\nC,5,3\n", encoding="utf-8")
    with pytest.raises(ImportError_, match=message) as info:
        read_indicator_csv(path, "unit")
    assert str(info.value).startswith(f"{path}, row 3, column 'unemployment_rate', value '{cell}'")


def test_a_windows_1251_file_reads_with_its_names(tmp_path: Path) -> None:
    path = tmp_path / "ind.csv"
    path.write_bytes("unit;b\nАбай;1,5\nАқмола;2\n".replace("Ақ", "Ак").encode("cp1251"))
    got = read_indicator_csv(path, "unit")
    assert got["b"].to_dict() == {"Абай": 1.5, "Акмола": 2.0}
