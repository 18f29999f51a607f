"""Sector values in the store: the embedded employment series, checks, aggregation."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from aimaq.data.build import load_territories
from aimaq.data.catalogue import load_catalogue
from aimaq.data.store import Store
from aimaq.economy.panel import aggregate_up, check_sector_values, sector_table
from aimaq.errors import ValidationError


def test_embedded_employment_2024_has_the_20_regions(kz_store: Store) -> None:
    table = sector_table(kz_store, "employment", level="region", years=["2024"])
    assert len(table.units) == 20
    assert table.sectors == ("agriculture", "industry_construction", "services")
    # the regions add up to the published national figures (labour force survey)
    nation = kz_store.query(
        "select dims, value from observation where indicator_id = 'employment' "
        "and kato = '000000000' and period = '2024' and dims like '%sector%'"
    )
    national = {json.loads(d)["sector"]: v for d, v in zip(nation.dims, nation.value, strict=True)}
    summed = table.year("2024").sum(axis=0)
    for j, code in enumerate(table.sectors):
        assert summed[j] == pytest.approx(national[code], rel=0.005)


def test_2016_counts_shymkent_once_inside_south_kazakhstan(kz_store: Store) -> None:
    table = sector_table(kz_store, "employment", level="region", years=["2016"])
    assert "510000000" in table.units
    assert "790000000" not in table.units  # its 2016 figures are also inside 510000000
    assert "330000000" not in table.units  # Zhetisu exists from 2022
    assert len(table.units) == 16


def test_missing_year_is_named(kz_store: Store) -> None:
    with pytest.raises(
        ValidationError, match=r"no employment by sector at level 'region' for 1990"
    ):
        sector_table(kz_store, "employment", years=["1990"])


def _rows(*records: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"kato": "111", "period": "2024", "sector": s, "value": v, "ref": r}
            for s, v, r in records
        ]
    )


def test_checks_name_the_problem() -> None:
    with pytest.raises(
        ValidationError, match=r"row 2, column 'value': B of 111 in 2024 is negative"
    ):
        check_sector_values(_rows(("A", 1, "row 1"), ("B", -5, "row 2")), where="f.csv")
    with pytest.raises(ValidationError, match=r"unknown sector code 'X' at row 1"):
        check_sector_values(_rows(("X", 1, "row 1")), where="f.csv")
    with pytest.raises(
        ValidationError,
        match=r"add up to 12 \(B, C\), more than the group industry_construction 10",
    ):
        check_sector_values(
            _rows(("B", 5, "r1"), ("C", 7, "r2"), ("industry_construction", 10, "r3")),
            where="f.csv",
        )
    with pytest.raises(ValidationError, match=r"add up to 30 \(A, C\), more than its total 20"):
        check_sector_values(
            _rows(("A", 10, "r1"), ("C", 20, "r2"), ("total", 20, "r3")), where="f.csv"
        )
    check_sector_values(_rows(("A", 10, "r1"), ("C", 10, "r2"), ("total", 20, "r3")))


def test_district_sections_add_up_to_region_groups(mem_store: Store) -> None:
    load_territories(mem_store)
    mem_store.upsert_indicators(load_catalogue().frame())
    districts = mem_store.query(
        "select kato from territory where parent_kato = '150000000' and level = 'district' "
        "and valid_to is null order by kato limit 2"
    ).kato.tolist()
    rows = []
    for k, (a, c, g) in zip(districts, [(10, 20, 70), (30, 5, 65)], strict=True):
        for code, v in (("A", a), ("C", c), ("G", g)):
            rows.append(
                {
                    "kato": k,
                    "indicator_id": "employment",
                    "period": "2024",
                    "value": v,
                    "dims": {"sector": code},
                }
            )
    mem_store.write_observations(pd.DataFrame(rows), source="test", sha256="x", importer="test")
    groups = sector_table(mem_store, "employment", level="region", breakdown="group")
    assert groups.units == ("150000000",)
    assert groups.year("2024")[0].tolist() == [40.0, 25.0, 135.0]
    sections = sector_table(mem_store, "employment", level="region", breakdown="section")
    assert len(sections.sectors) == 21
    assert sections.year("2024")[0, [0, 2, 6]].tolist() == [40.0, 25.0, 135.0]
    assert np.nansum(sections.year("2024")) == 200.0


def test_aggregate_up_skips_coarser_units() -> None:
    rows = pd.DataFrame(
        {"kato": ["d1", "r1"], "period": "2024", "sector": "A", "value": [1.0, 9.0]}
    )
    out = aggregate_up(
        rows, {"d1": "r1", "r1": None}, {"d1": "district", "r1": "region"}, "district"
    )
    assert out.kato.tolist() == ["d1"]
