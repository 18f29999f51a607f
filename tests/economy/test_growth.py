"""Growth points: profiles of the regions and the tagged candidates' base."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aimaq.data.store import Store
from aimaq.economy.growth import EXTRACTION_LQ, growth_view, profiles
from aimaq.economy.panel import SectorTable
from aimaq.economy.structure import structure


def _table(values: list[list[float]], sectors: tuple[str, ...]) -> SectorTable:
    units = tuple(str(i) for i in range(len(values)))
    return SectorTable("employment", units, units, sectors, ("2024",), np.array([values]))


def test_profile_rules_by_hand() -> None:
    t = _table(
        [[50, 20, 30], [10, 60, 30], [20, 20, 60]],
        ("agriculture", "industry_construction", "services"),
    )
    p = profiles(structure(t, "2024")).set_index("kato")
    # nation 80/100/120: unit 0 has LQ(agriculture) = 0.5 / (80/300) = 1.875, the highest
    assert p.loc["0", "leading_sector"] == "agriculture"
    assert p.loc["0", "leading_lq"] == 0.5 / (80 / 300)
    # the median Krugman splits specialised from diversified
    k = p["krugman"]
    assert set(p[k >= k.median()].specialisation) == {"specialised"}
    assert set(p[k < k.median()].specialisation) == {"diversified"}
    assert p["extraction"].str.startswith("unknown").all()


def test_extraction_needs_section_b() -> None:
    codes = tuple("ABCDEFGHIJKLMNOPQRSTU")
    rng = np.random.default_rng(5)
    values = rng.integers(10, 100, size=(4, 21)).astype(float)
    values[0, 1] = 2000.0  # unit 0: mining
    p = profiles(structure(_table(values.tolist(), codes), "2024")).set_index("kato")
    assert p.loc["0", "extraction"] == "dependent" and p.loc["0", "lq_mining"] >= EXTRACTION_LQ
    assert (p.drop(index="0")["extraction"] == "not dependent").all()


def test_candidates_on_the_shipped_data(kz_store: Store) -> None:
    view = growth_view(kz_store, start="2016", provision={"710000000": 0.9}, provision_label="test")
    c = view.candidates.set_index("kato")
    assert {"710000000", "750000000", "790000000", "151000000", "351000000"} <= set(c.index)
    assert c.loc["710000000", "employment_structure_of"] == "the unit"
    assert c.loc["151000000", "employment_structure_of"] == "its region 150000000"
    assert c.loc["710000000", "srs_provision"] == 0.9
    assert "SRS provision" in c.loc["750000000", "missing"]
    # Astana's population trend from the stored annual averages
    avg = kz_store.query(
        "select period, value from observation where indicator_id = 'population_avg' "
        "and kato = '710000000' and dims = '{}' order by period"
    ).set_index("period")["value"]
    assert c.loc["710000000", "population_trend"] == avg.iloc[-1] / avg["2016"] - 1
    # Shymkent split off in 2018: its trend is that of former South Kazakhstan
    prof = view.profiles.set_index("kato")
    assert prof.loc["790000000", "trend_unit"] == "510000000"
    assert len(prof) == 20
    tags = set(kz_store.query("select tag from territory_tag").tag)
    if "single_industry_town" not in tags:
        assert any("no single-industry towns are tagged" in n for n in view.notes)


def test_remoteness_is_the_district_figure(kz_store: Store) -> None:
    view = growth_view(kz_store)
    c = view.candidates.set_index("kato")
    stored = kz_store.query(
        "select value from observation where indicator_id = 'distance_agglomeration_km' "
        "and kato = '351000000'"
    )
    if len(stored):
        assert c.loc["351000000", "km_to_agglomeration"] == float(stored.value.iloc[0])
    assert pd.isna(c.loc["710000000", "km_to_region_centre"])
