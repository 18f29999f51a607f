"""The embedded official dataset: citations, conventions, border rules and check sums."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from aimaq.data.catalogue import load_catalogue
from aimaq.data.datasets import embedded_sources, load_observations, load_source, sources
from aimaq.data.datasets.derived import derive_all
from aimaq.territory import territory_frames

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = "000000000"
SOUTH_KAZAKHSTAN = "510000000"
NEW_2022 = {"100000000", "330000000", "620000000"}
PERIOD_FORMS = {
    "annual": r"\d{4}",
    "quarterly": r"\d{4}Q[1-4]",
    "date": r"\d{4}-\d{2}-\d{2}",
}


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return load_observations()


@pytest.fixture(scope="module")
def territory() -> pd.DataFrame:
    return territory_frames().territory.set_index("kato")


def _regions_valid_at_year_end(territory: pd.DataFrame, year: int) -> set[str]:
    end = pd.Timestamp(year, 12, 31)
    regions = territory[territory.level == "region"]
    valid = (regions.valid_from.isna() | (regions.valid_from <= end)) & (
        regions.valid_to.isna() | (regions.valid_to > end)
    )
    return set(regions.index[valid])


def _totals(obs: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return obs[(obs.indicator_id == indicator) & (obs.dims == "{}")]


def test_every_source_is_cited_and_has_its_file() -> None:
    table = sources()
    readme = (resources.files("aimaq.data.datasets") / "README.md").read_text(encoding="utf-8")
    for rec in table.itertuples(index=False):
        assert rec.publisher and rec.title and rec.url and rec.licence, rec.source_id
        assert len(load_source(str(rec.source_id))) == rec.rows, rec.source_id
        assert f"`{rec.source_id}`" in readme, f"README.md does not cite {rec.source_id}"
    assert table.source_id.is_unique
    assert len({s.sha256 for s in embedded_sources()}) == len(table)


def test_conventions(obs: pd.DataFrame, territory: pd.DataFrame) -> None:
    assert obs.kato.str.fullmatch(r"\d{9}").all()
    assert set(obs.kato) <= set(territory.index)
    assert not obs.value.isna().any()
    key = ["kato", "indicator_id", "period", "dims"]
    assert not obs.duplicated(key).any()
    catalogue = load_catalogue()
    for indicator_id, part in obs.groupby("indicator_id"):
        forms = "|".join(PERIOD_FORMS[p] for p in catalogue.get(str(indicator_id)).periods)
        bad = part[~part.period.str.fullmatch(forms)]
        assert bad.empty, (indicator_id, bad.period.unique()[:3])


def test_population_2023_sums_and_breakdowns(obs: pd.DataFrame, territory: pd.DataFrame) -> None:
    pop = obs[(obs.indicator_id == "population_jan1") & (obs.period == "2023-01-01")]
    pop = pop.join(territory[["level", "parent_kato"]], on="kato")
    totals = pop[pop.dims == "{}"]
    regions = totals[totals.level == "region"]
    assert len(regions) == 20
    assert regions.value.sum() == 19_765_004
    assert totals.set_index("kato").value[NATIONAL] == 19_765_004
    wide = pop.pivot_table(index="kato", columns="dims", values="value")
    assert (wide['{"sex":"male"}'] + wide['{"sex":"female"}'] == wide["{}"]).all()
    assert (wide['{"area":"urban"}'] + wide['{"area":"rural"}'] == wide["{}"]).all()
    districts = totals[totals.level == "district"]
    assert len(districts) == 220
    by_region = districts.groupby("parent_kato").value.sum()
    assert (by_region == regions.set_index("kato").value.reindex(by_region.index)).all()
    # Astana, Almaty and Shymkent have no rural population
    rural = wide['{"area":"rural"}']
    assert (rural[["710000000", "750000000", "790000000"]] == 0).all()


@pytest.mark.parametrize("year", ["2022", "2023", "2024"])
def test_regional_grp_sums_to_national(obs: pd.DataFrame, year: str) -> None:
    grp = _totals(obs, "grp")
    grp = grp[grp.period == year]
    regions = grp[grp.kato != NATIONAL]
    assert len(regions) == 20
    national = grp.set_index("kato").value[NATIONAL]
    assert regions.value.sum() == pytest.approx(national, rel=1e-6)


@pytest.mark.parametrize(
    ("indicator", "first", "last"),
    [
        ("schools", 2000, 2022),
        ("hospitals", 2000, 2022),
        ("doctors", 2003, 2022),
        ("fixed_investment", 2003, 2025),
    ],
)
def test_regions_sum_to_national_every_year(
    obs: pd.DataFrame, territory: pd.DataFrame, indicator: str, first: int, last: int
) -> None:
    series = _totals(obs, indicator)
    for year in range(first, last + 1):
        part = series[series.period == str(year)]
        valid = _regions_valid_at_year_end(territory, year)
        regions = part[part.kato.isin(valid)]
        national = part[part.kato == NATIONAL].value
        if indicator == "schools" and year in (2014, 2015):
            # Shymkent printed as '...' those years; South Kazakhstan includes it
            valid = valid - {"790000000"}
        assert set(regions.kato) == valid, (indicator, year)
        # counts add up exactly; million-tenge figures are each rounded by up to 0.5
        slack = 0.5 * len(regions) if indicator == "fixed_investment" else 0.0
        assert abs(regions.value.sum() - float(national.iloc[0])) <= slack, (indicator, year)


def test_border_rules(obs: pd.DataFrame) -> None:
    year = obs.period.str[:4].astype(int)
    # BNS: population every year on 2022 borders; SDG platform rows marked as recalculated
    recalculated = (obs.indicator_id == "population_avg") | (
        obs.border_basis == "recalculated_to_current"
    )
    # former South Kazakhstan only before 2018, Turkestan only from 2018
    assert (year[obs.kato == SOUTH_KAZAKHSTAN] < 2018).all()
    assert not (recalculated & (obs.kato == SOUTH_KAZAKHSTAN)).any()
    assert obs[~recalculated & (year < 2018) & (obs.kato == "610000000")].empty
    # the regions of 2022 appear only from 2022 (outside the recalculated series)
    assert (year[~recalculated & obs.kato.isin(NEW_2022)] >= 2022).all()
    pop = obs[recalculated & (obs.dims == "{}")]
    assert pop.groupby("period").kato.nunique().eq(21).all()  # 20 regions + the Republic
    # the 2022 quarterly wage of Q1 is on the old borders
    q1 = obs[(obs.indicator_id == "wage_avg") & (obs.period == "2022Q1")]
    assert not set(q1.kato) & NEW_2022


def test_derived_per_capita_matches_the_official_figure(obs: pd.DataFrame) -> None:
    derived = derive_all(obs)
    ours = derived[(derived.indicator_id == "grp_per_capita") & (derived.period == "2022")]
    official = obs[(obs.indicator_id == "grp_per_capita_bns") & (obs.period == "2022")]
    both = ours.merge(official, on="kato", suffixes=("", "_bns"))
    assert len(both) >= 10
    # BNS divides GRP by the same average annual population: agreement to 0.1%
    assert ((both.value / both.value_bns - 1).abs() < 0.001).all()


def test_agrees_with_the_region_summary_table(obs: pd.DataFrame, shared_dir: Path) -> None:
    table = pd.read_csv(shared_dir / "kz_regions_default_2022_2023.csv", dtype={"kato9": str})
    table = table.set_index("kato9")
    grp = _totals(obs, "grp").pivot_table(index="kato", columns="period", values="value")
    for year in (2022, 2023, 2024):
        assert (
            (grp[str(year)].reindex(table.index) / 1000)
            .round(1)
            .equals(table[f"grp_{year}_bn_kzt"].round(1))
        ), year
    unemployment = _totals(obs, "unemployment_rate").pivot_table(
        index="kato", columns="period", values="value"
    )
    assert (unemployment["2022"].reindex(table.index) == table["unemployment_rate_2022_pct"]).all()
    assert (
        unemployment["2023Q4"].reindex(table.index) == table["unemployment_rate_2023Q4_pct"]
    ).all()
    life_rows = _totals(obs, "life_expectancy")
    life = life_rows[life_rows.period == "2022"].set_index("kato").value.reindex(table.index)
    assert (life == table["life_expectancy_2022_years"]).all()


def _builder() -> ModuleType:
    """The dataset builder script, imported as a module."""
    if "build_dataset" in sys.modules:
        return sys.modules["build_dataset"]
    spec = importlib.util.spec_from_file_location(
        "build_dataset", ROOT / "scripts" / "build_dataset.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_dataset"] = module
    spec.loader.exec_module(module)
    return module


def test_rebuild_from_shared_gives_the_committed_files(shared_dir: Path) -> None:
    module = _builder()
    assert module.main(["--shared", str(shared_dir), "--check"]) == 0


def test_region_code_rules_of_the_builder() -> None:
    module = _builder()
    assert module.region_kato("00", 2020) == NATIONAL
    assert module.region_kato("61", 2017) == SOUTH_KAZAKHSTAN
    assert module.region_kato("61", 2018) == "610000000"
    assert module.region_kato("51(old South Kazakhstan)", 2010) == SOUTH_KAZAKHSTAN
    assert module.region_kato("19", 2021) == "190000000"
    with pytest.raises(ValueError, match="not known"):
        module.named_region("Atlantis", 2020, "x.csv")
    assert re.fullmatch(r"\d{9}", module.named_region("Г.АСТАНА", 2020, "x.csv"))


def test_grp_agrees_with_the_raw_taldau_response(obs: pd.DataFrame, shared_dir: Path) -> None:
    module = _builder()
    raw = json.loads(
        (shared_dir / "raw/taldau/2709379_grp_production_method.json").read_text("utf-8")
    )
    grp = _totals(obs, "grp").set_index(["kato", "period"]).value
    checked = 0
    for series in raw:
        for point in series["periods"]:
            year = int(point["date"][-4:])
            kato = module.named_region(series["termNames"][0], year, "raw GRP")
            assert grp[(kato, str(year))] == pytest.approx(float(point["value"]) / 1e6), (
                kato,
                year,
            )
            checked += 1
    assert checked == len(grp)
