"""Coverage of stored measures: every unit left out is listed with its reason, and a measure
on too few units (or too little of the population) is refused unless a partial result is
allowed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aimaq.analysis import inequality as ineq
from aimaq.analysis.coverage import PartialCoverage, expected_units
from aimaq.analysis.stored import convergence_from_store, disparity_from_store
from aimaq.data.store import Store

POP_2024 = {"110000000": 10.0, "150000000": 21.0, "190000000": 18.0, "330000000": 12.0}


def _write(store: Store, rows: list[tuple[str, str, str, float]], tag: str) -> None:
    frame = pd.DataFrame(rows, columns=["kato", "indicator_id", "period", "value"])
    store.write_observations(frame.assign(dims="{}"), source=tag, sha256=tag, importer="test")


def _with_2024(store: Store, regions: list[str]) -> Store:
    rows = [(k, "population_avg", "2024", v) for k, v in POP_2024.items()]
    rows += [(k, "grp_per_capita", "2024", 100.0 + 10 * i) for i, k in enumerate(regions)]
    _write(store, rows, "coverage-2024-" + "-".join(regions))
    return store


def test_a_measure_on_half_the_regions_is_refused_and_names_them(small_store: Store) -> None:
    store = _with_2024(small_store, ["110000000", "150000000"])
    with pytest.raises(PartialCoverage) as info:
        disparity_from_store(store, "grp_per_capita", 2024)
    message = str(info.value)
    assert "values for 2 of 4 regions (50%; 51% of the population)" in message
    assert "R19 (190000000), R33 (330000000)" in message
    partial = disparity_from_store(store, "grp_per_capita", 2024, allow_partial=True)
    assert partial["n"] == 2
    assert partial["excluded"] == {
        "190000000": "no value stored for 2024 (values stored for 2020-2023)",
        "330000000": "no value stored for 2024 (values stored for 2022-2023)",
    }
    cov = partial["coverage"]
    assert (cov["units"], cov["expected"], cov["unit_share"]) == (2, 4, 0.5)
    assert cov["population_share"] == pytest.approx(31 / 61)
    assert cov["sufficient"] is False
    y, w = np.array([100.0, 110.0]), np.array([10.0, 21.0])
    assert partial["gini"] == pytest.approx(ineq.gini(y, w))


def test_population_coverage_refuses_when_the_unit_count_would_pass(small_store: Store) -> None:
    # 3 of 4 regions is 75% of the units but R15 alone holds 21 of 61 (34%) of the people
    store = _with_2024(small_store, ["110000000", "190000000", "330000000"])
    with pytest.raises(PartialCoverage, match=r"3 of 4 regions \(75%; 66% of the population\)"):
        disparity_from_store(store, "grp_per_capita", 2024, min_coverage=0.7)
    ok = disparity_from_store(store, "grp_per_capita", 2024, min_coverage=0.6)
    assert ok["coverage"]["population_share"] == pytest.approx(40 / 61)
    assert ok["excluded"] == {"150000000": "no value stored for 2024 (values stored for 2020-2023)"}


def test_full_coverage_reports_nothing_excluded(small_store: Store) -> None:
    report = disparity_from_store(small_store, "grp_per_capita", 2023)
    assert report["excluded"] == {}
    assert report["coverage"]["unit_share"] == 1.0
    assert report["coverage"]["population_share"] == 1.0


def test_expected_units_follow_the_validity_dates(mem_store: Store) -> None:
    tree = pd.DataFrame(
        {
            "kato": ["000000000", "510000000", "610000000", "110000000"],
            "parent_kato": [None, "000000000", "000000000", "000000000"],
            "level": ["country", "region", "region", "region"],
            "name_en": ["Kazakhstan", "South Kazakhstan", "Turkestan", "Akmola"],
            "valid_from": [None, None, "2018-06-19", None],
            "valid_to": [None, "2018-06-19", None, None],
        }
    )
    mem_store.replace_rows("territory", tree)

    def units(period: str) -> list[str]:
        return expected_units(mem_store, "region", period).kato.tolist()

    # annual figures of the year of a change are on the new borders
    assert units("2017") == ["110000000", "510000000"]
    assert units("2018") == ["110000000", "610000000"]
    assert units("2018-01-01") == ["110000000", "510000000"]
    assert units("2019-01-01") == ["110000000", "610000000"]


def _south(store: Store) -> Store:
    """South Kazakhstan (51) ended in 2018 as Turkestan (61) and Shymkent (79): values of 51
    for 2016-2017, of 61 and 79 from 2018; population only of 61 and 79 (on today's
    borders, as BNS republishes it) for every year."""
    tree = pd.DataFrame(
        {
            "kato": ["510000000", "610000000", "790000000"],
            "parent_kato": ["000000000"] * 3,
            "level": ["region"] * 3,
            "name_en": ["South Kazakhstan", "Turkestan", "Shymkent"],
        }
    )
    store.replace_rows("territory", tree, where="kato in ('510000000', '610000000', '790000000')")
    rows = [
        ("510000000", "grp_per_capita", "2016", 60.0),
        ("510000000", "grp_per_capita", "2017", 64.0),
        ("610000000", "grp_per_capita", "2018", 50.0),
        ("610000000", "grp_per_capita", "2019", 52.0),
        ("790000000", "grp_per_capita", "2018", 90.0),
        ("790000000", "grp_per_capita", "2019", 96.0),
    ]
    for year, (p61, p79) in {
        "2016": (20, 9),
        "2017": (20, 10),
        "2018": (21, 10),
        "2019": (21, 11),
    }.items():
        rows += [
            ("610000000", "population_avg", year, p61),
            ("790000000", "population_avg", year, p79),
        ]
    for kato, base in (("110000000", 100.0), ("150000000", 200.0)):
        for i, year in enumerate(("2016", "2017", "2018", "2019")):
            rows += [
                (kato, "grp_per_capita", year, base + 5 * i),
                (kato, "population_avg", year, 10.0 if kato == "110000000" else 20.0),
            ]
    _write(store, rows, "south")
    return store


def test_harmonised_population_weights_sum_the_successors(mem_store: Store) -> None:
    from analysis_sample import INDICATORS

    mem_store.upsert_indicators(INDICATORS)
    tree = pd.DataFrame(
        {
            "kato": ["000000000", "110000000", "150000000"],
            "parent_kato": [None, "000000000", "000000000"],
            "level": ["country", "region", "region"],
            "name_en": ["Kazakhstan", "R11", "R15"],
        }
    )
    mem_store.replace_rows("territory", tree)
    store = _south(mem_store)
    result = convergence_from_store(
        store, "grp_per_capita", 2016, 2019, borders="harmonise", weight="population"
    )
    assert result["merged_into"] == {"610000000": "510000000", "790000000": "510000000"}
    assert result["territories"] == ["110000000", "150000000", "510000000"]
    # 51 on its old borders: the population-weighted mean of 61 and 79 from 2018, weighted
    # by their summed population in every year (also 2016-2017, when only 51 has a value)
    v51 = np.array([60.0, 64.0, (21 * 50 + 10 * 90) / 31, (21 * 52 + 11 * 96) / 32])
    p51 = np.array([29.0, 30.0, 31.0, 32.0])
    values = np.vstack([[100.0, 105, 110, 115], [200.0, 205, 210, 215], v51])
    weights = np.vstack([[10.0] * 4, [20.0] * 4, p51])
    logs = np.log(values)
    mean = (weights * logs).sum(axis=0) / weights.sum(axis=0)
    sd = np.sqrt((weights * (logs - mean) ** 2).sum(axis=0) / weights.sum(axis=0))
    assert result["sigma"]["dispersion"] == pytest.approx(sd.tolist(), rel=1e-12)
    assert result["weight"] == "population_avg"


def test_convergence_lists_incomplete_units_and_refuses_below_coverage(
    small_store: Store,
) -> None:
    # 2022-2023 spans no border change: 4 regions, one of them without its 2023 value
    small_store.replace_rows(
        "observation",
        pd.DataFrame(),
        where="kato = '150000000' and period = '2023' and indicator_id = 'grp_per_capita'",
    )
    with pytest.raises(PartialCoverage, match=r"3 of 4 regions \(75%\)"):
        convergence_from_store(small_store, "grp_per_capita", 2022, 2023, classes=2)
    result = convergence_from_store(
        small_store, "grp_per_capita", 2022, 2023, classes=2, allow_partial=True
    )
    assert result["territories"] == ["110000000", "190000000", "330000000"]
    assert result["excluded"] == {"150000000": "no value for 2023"}
    assert result["coverage"]["unit_share"] == 0.75


def _cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("aimaq")
    return subprocess.run(
        [str(exe), *args, "--db", db], capture_output=True, text=True, timeout=120, check=False
    )


def test_cli_refuses_partial_coverage_and_lists_exclusions_when_allowed(small_db: str) -> None:
    with Store(small_db) as store:
        _with_2024(store, ["110000000", "150000000"])
    refused = _cli(small_db, "disparity", "grp_per_capita", "--year", "2024", "--format", "json")
    assert refused.returncode == 2, refused.stderr
    assert refused.stdout == ""
    assert "values for 2 of 4 regions" in refused.stderr
    assert "--allow-partial computes on the 2 regions with values" in refused.stderr
    allowed = _cli(
        small_db, "disparity", "grp_per_capita", "--year", "2024", "--allow-partial", "-f", "json"
    )
    assert allowed.returncode == 0, allowed.stderr
    report = json.loads(allowed.stdout)
    assert sorted(report["excluded"]) == ["190000000", "330000000"]
    assert report["coverage"]["units"] == 2
    table = _cli(
        small_db, "disparity", "grp_per_capita", "--year", "2024", "--allow-partial", "-f", "csv"
    )
    assert "excluded,,190000000,no value stored for 2024" in table.stdout
