"""The built-in indices on the embedded official data (regions, 2022)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aimaq.data.store import Store
from aimaq.errors import ValidationError
from aimaq.indices import build_index, load_index_data, rank_uncertainty, resolve_definition
from aimaq.indices.pipeline import denominate


@pytest.fixture()
def store(region_store: str) -> Iterator[Store]:
    s = Store(region_store, read_only=True)
    yield s
    s.close()


@pytest.mark.parametrize("name", ["rdi", "competitiveness", "lagging"])
def test_builtins_run_on_the_embedded_regions_with_intervals(store: Store, name: str) -> None:
    d = resolve_definition(name)
    data = load_index_data(store, d, year=2022)
    # the 20 regions on the 2022 borders: South Kazakhstan (510000000) no longer exists
    assert len(data.frame) == 20 and "510000000" not in data.frame.index
    # only what the definition imputes is missing: manufacturing is unpublished for Abai,
    # Zhetisu, Turkestan and Ulytau (competitiveness.yaml, `impute: mean`)
    missing = data.frame[d.indicator_ids].isna().sum()
    expected = {"manufacturing_share_grp": 4} if name == "competitiveness" else {}
    assert missing[missing > 0].to_dict() == expected
    r = build_index(d, data.frame, polarity=data.polarity)
    assert r.scores.between(1, 100).all()
    assert sorted(r.ranks.astype(int)) == list(range(1, 21))
    u = rank_uncertainty(d, data.frame, draws=200, polarity=data.polarity, sobol_base=100)
    assert (u.rank_low <= r.ranks).all() and (r.ranks <= u.rank_high).all()
    assert u.varied and u.sensitivity.shape[0] == len(u.varied)


def test_rdi_reads_real_figures(store: Store) -> None:
    d = resolve_definition("rdi")
    data = load_index_data(store, d, year=2022)
    # population change 2018-2021 on the 2022 borders; Astana grows fastest
    assert data.periods["population_change"] == "2018..2021"
    assert data.frame["population_change"].idxmax() == "710000000"
    # GRP per capita (thousand KZT) after denomination: Atyrau is the highest
    per_capita = denominate(d, data.frame)["grp_pc"]
    assert per_capita.idxmax() == "230000000"
    assert data.polarity["unemployment_rate"] == -1


def test_grp_per_capita_agrees_with_the_official_figure(store: Store, shared_dir: Path) -> None:
    """GRP / average population against BNS's own per-capita GRP (2022, thousand KZT)."""
    import pandas as pd

    d = resolve_definition("rdi")
    data = load_index_data(store, d, year=2022)
    ours = denominate(d, data.frame)["grp_pc"]
    table = pd.read_csv(shared_dir / "kz_regions_default_2022_2023.csv", dtype={"kato9": str})
    official = table.set_index("kato9")["grp_per_capita_2022_thou_kzt_official"].dropna()
    both = official.index.intersection(ours.index)
    assert len(both) >= 10
    rel = (ours[both] / official[both] - 1).abs()
    assert rel.max() < 0.03, rel.sort_values().tail(3)


def test_lagging_ranks_the_capital_least_lagging(store: Store) -> None:
    d = resolve_definition("lagging")
    data = load_index_data(store, d, year=2022)
    r = build_index(d, data.frame, polarity=data.polarity)
    assert r.ranks["710000000"] == 20


def test_missing_year_and_unknown_indicator(store: Store) -> None:
    d = resolve_definition("rdi")
    with pytest.raises(
        ValidationError,
        match=r"'wage_avg' .* has no data for 2019 at level 'region'; years with data: 2022; quarterly or other periods \(not used\): 2022$",
    ):
        load_index_data(store, d, year=2019)
    bad = d.model_copy(
        update={
            "indicators": [
                *d.indicators[:-1],
                d.indicators[-1].model_copy(update={"id": "gini_index"}),
            ]
        }
    )
    with pytest.raises(ValidationError, match=r"unknown indicator id\(s\) \['gini_index'\]"):
        load_index_data(store, bad, year=2022)


def test_srs_provision_is_too_sparse_for_an_index(store: Store) -> None:
    """Why the built-ins leave SRS provision out: 7 of 20 regions, 2024 only."""
    obs = store.observations("srs_provision", level="region")
    assert 0 < obs["kato"].nunique() < 20
