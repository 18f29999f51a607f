"""Disparities and convergence read from a database built in code."""

from __future__ import annotations

import numpy as np
import pytest

from aimaq.analysis import inequality as ineq
from aimaq.analysis.decomposition import theil_decomposition
from aimaq.analysis.stored import convergence_from_store, disparity_from_store, population_weights
from aimaq.data.store import Store


def test_region_disparity_is_population_weighted(small_store: Store) -> None:
    report = disparity_from_store(small_store, "grp_per_capita", 2023)
    y = np.array([140.0, 220.0, 95.0, 45.0])  # 11, 15, 19, 33
    w = np.array([10.0, 21.0, 18.0, 12.0])
    assert report["period"] == "2023" and report["weight"] == "population_avg 2023"
    assert report["gini"] == pytest.approx(ineq.gini(y, w))
    assert report["williamson"] == pytest.approx(ineq.williamson(y, w))
    assert report["cv"] == pytest.approx(ineq.cv(y))
    assert report["decomposition"] == []
    unweighted = disparity_from_store(small_store, "grp_per_capita", 2023, weight="none")
    assert "williamson" not in unweighted and unweighted["gini"] == pytest.approx(ineq.gini(y))


def test_district_disparity_decomposes_between_regions(small_store: Store) -> None:
    report = disparity_from_store(
        small_store, "population_jan1", "2023", levels=["region", "district"], weight="none"
    )
    assert report["period"] == "2023-01-01" and report["n"] == 6
    values = np.array([4.0, 6.0, 15.0, 5.0, 10.0, 8.0]) * 1000
    regions = ["11", "11", "15", "15", "19", "19"]
    expected = theil_decomposition(values, {"region": regions})
    entry = report["decomposition"][0]
    assert entry["level"] == "region"
    assert entry["between"] == pytest.approx(expected.levels[0].between, abs=1e-12)
    assert entry["between"] + entry["within"] == pytest.approx(report["theil_t"], abs=1e-12)


def test_population_fallback_uses_january_figures(small_store: Store) -> None:
    series, source = population_weights(small_store, ["111000000", "112000000"], "2023")
    assert series.tolist() == [4000.0, 6000.0]
    assert source == "population_jan1 2023-01-01"
    with pytest.raises(ValueError, match=r"no population for 1 unit\(s\) in 2019 \(110000000\)"):
        population_weights(small_store, ["110000000"], "2019")


def test_stored_errors_name_the_problem(small_store: Store) -> None:
    with pytest.raises(ValueError, match="unknown indicator 'nope'"):
        disparity_from_store(small_store, "nope", 2023)
    with pytest.raises(ValueError, match="no values of 'grp_per_capita' for 2030"):
        disparity_from_store(small_store, "grp_per_capita", 2030)
    with pytest.raises(ValueError, match="coarse to fine"):
        disparity_from_store(small_store, "grp_per_capita", 2023, levels=["district", "region"])


def test_convergence_respects_the_2022_split(small_store: Store) -> None:
    with pytest.raises(ValueError, match="only 2 territories have values in every year 2020-2023"):
        convergence_from_store(small_store, "grp_per_capita", 2020, 2023)
    after = convergence_from_store(small_store, "grp_per_capita", 2022, 2023, classes=2)
    assert after["dropped"] == {} and len(after["territories"]) == 4
    assert after["sigma"] is None  # two years give no trend


def test_convergence_harmonised_merges_zhetisu_back(small_store: Store) -> None:
    result = convergence_from_store(small_store, "grp_per_capita", 2020, 2023, borders="harmonise")
    assert result["merged_into"] == {"330000000": "190000000"}
    assert result["territories"] == ["110000000", "150000000", "190000000"]
    # 2022: (18*80 + 12*40)/30 = 64 on the old borders of Almaty Region
    assert result["beta"]["n"] == 3
    assert result["sigma"]["dispersion"][2] == pytest.approx(
        float(np.log([125.0, 215.0, 64.0]).std())
    )


def test_urban_rural_breakdown_is_the_outer_level(small_store: Store) -> None:
    report = disparity_from_store(
        small_store,
        "population_jan1",
        "2023",
        levels=["region", "district"],
        weight="none",
        by="area",
    )
    base = np.array([4.0, 6.0, 15.0, 5.0, 10.0, 8.0])
    values = np.r_[base * 400, base * 600]  # rural block first (sorted breakdown values)
    regions = ["11", "11", "15", "15", "19", "19"] * 2
    area = ["rural"] * 6 + ["urban"] * 6
    expected = theil_decomposition(values, {"area": area, "region": regions})
    assert report["n"] == 12 and report["by"] == "area"
    assert [d["level"] for d in report["decomposition"]] == ["area", "region"]
    for got, want in zip(report["decomposition"], expected.levels, strict=True):
        assert got["between"] == pytest.approx(want.between, abs=1e-12)
        assert got["contribution"] == pytest.approx(want.contribution, abs=1e-12)
    with pytest.raises(ValueError, match="no breakdown by 'area'"):
        disparity_from_store(small_store, "grp_per_capita", 2023, by="area")


def test_conditional_beta_with_too_few_territories_says_so(small_store: Store) -> None:
    # 3 harmonised regions cannot carry a constant, the initial level and a control
    with pytest.raises(ValueError, match=r"more territories \(3\) than coefficients \(3\)"):
        convergence_from_store(
            small_store,
            "grp_per_capita",
            2020,
            2023,
            borders="harmonise",
            controls=["population_avg"],
        )
