"""``aimaq clusters --level district`` on the embedded data, as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aimaq.data.build import init_database
from aimaq.data.store import Store

#: the installed console script, as users run it
AIMAQ = [str(Path(sys.executable).with_name("aimaq"))]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("district") / "aimaq.duckdb"
    store = Store(path)
    init_database(store)
    store.close()
    return str(path)


def _run(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AIMAQ, *args, "--db", db], capture_output=True, text=True, timeout=600, check=False
    )


def test_population_density_gives_224_rows_and_names_the_missing(db: str) -> None:
    done = _run(
        "clusters", "population_density", "--level", "district", "--seed", "5",
        "--format", "json", db=db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    rows = out["lisa"]["districts"]
    assert len(rows) == 224 and out["borders"] == 2024
    missing = out["missing"]
    assert missing["count"] == 11
    names = {m["name_en"] for m in missing["districts"]}
    assert {"Semey", "Zhanasemey", "Nura", "Turan"} <= names
    untested = [r for r in rows if r["cluster"] == "no value: not tested"]
    assert {r["kato"] for r in untested} == {m["kato"] for m in missing["districts"]}
    assert all(r["local_i"] is None and r["p_sim"] is None for r in untested)
    assert out["moran"]["n"] == 213 and out["moran"]["i"] > 0.3
    assert out["neighbours"]["links"] == 548 and out["neighbours"]["islands"] == []
    # density clusters: the Almaty city districts are High-High, steppe districts Low-Low
    by_code = {r["kato"]: r for r in rows}
    assert by_code["751310000"]["cluster"] == "High-High"
    assert {r["cluster"] for r in rows} >= {"High-High", "Low-Low", "not significant"}


def test_regional_indicator_asked_by_district_is_refused(db: str) -> None:
    done = _run("clusters", "grp", "--level", "district", db=db)
    assert done.returncode == 2
    assert "'grp' is held at level(s) country, region only, not by district" in done.stderr
    assert done.stdout == ""


def test_table_output_names_the_missing(db: str) -> None:
    done = _run(
        "clusters", "population_density", "--level", "district", "--neighbours", "rook",
        "--permutations", "99", "--seed", "1", db=db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "11 without a value" in done.stdout and "Zhanasemey" in done.stdout


def _raw(db: str, indicator: str, period: str) -> dict[str, float]:
    with Store(db, read_only=True) as store:
        rows = store.observations(indicator, level="district", period=period, dims={})
    return dict(zip(rows.kato.astype(str), rows.value.astype(float), strict=True))


def test_district_structure_index_ranks_the_districts_by_hand(db: str) -> None:
    import numpy as np

    done = _run(
        "index", "build", "district_structure", "--level", "district", "--uncertainty", "50",
        "--format", "json", db=db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    results = out["results"]
    assert len(results) == 228  # the 224 polygons and the 4 units inside another's polygon
    assert sorted(r["rank"] for r in results) == list(range(1, 229))
    assert all(lo <= hi for lo, hi in (r["rank_interval"] for r in results))
    imputed = {(i["unit"], i["indicator"]) for i in out["imputed"]}
    assert ("104100000", "population_density") in imputed
    assert ("615500000", "distance_region_centre_km") in imputed
    # the score of every unit by hand: region-mean imputation, log density, min-max onto
    # [1, 100] oriented "higher = harder", equal weights within and across the pillars
    with Store(db, read_only=True) as store:
        units = store.query(
            "select kato, parent_kato from territory where level = 'district' "
            "and (valid_to is null or valid_to > date '2024-12-31') order by kato"
        )
    codes = units.kato.tolist()
    region = dict(zip(units.kato, units.parent_kato, strict=True))
    spec = {
        "population_density": ("2023-01-01", -1, True),
        "urban_population_share": ("2023-01-01", -1, False),
        "okrugs_count": ("2025", 1, False),
        "distance_region_centre_km": ("2024", 1, False),
        "distance_agglomeration_km": ("2024", 1, False),
    }
    scores: dict[str, np.ndarray] = {}
    for indicator, (period, sign, log) in spec.items():
        raw = _raw(db, indicator, period)
        means = {
            r: np.mean([raw[c] for c in codes if region[c] == r and c in raw])
            for r in set(region.values())
        }
        x = np.array([raw.get(c, means[region[c]]) for c in codes])
        x = np.log(x) if log else x
        scaled = 1 + 99 * (x - x.min()) / (x.max() - x.min())
        scores[indicator] = scaled if sign > 0 else 101 - scaled
    total = (
        (scores["population_density"] + scores["okrugs_count"]) / 2
        + scores["urban_population_share"]
        + (scores["distance_region_centre_km"] + scores["distance_agglomeration_km"]) / 2
    ) / 3
    ours = {r["unit"]: r["score"] for r in results}
    assert np.allclose([ours[c] for c in codes], total, rtol=1e-9)
