"""``init_database``: a complete, idempotent, all-or-nothing build of the shipped data."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from aimaq.data.build import DERIVED_SOURCE, InitSummary, build_steps, init_database
from aimaq.data.catalogue import Catalogue, load_catalogue
from aimaq.data.datasets import embedded_sources, sources
from aimaq.data.store import Store
from aimaq.errors import ImportError_


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Store, InitSummary, list[tuple[str, int, int]]]:
    store = Store(tmp_path_factory.mktemp("build") / "aimaq.duckdb")
    steps: list[tuple[str, int, int]] = []
    summary = init_database(
        store, progress=lambda step, done, total: steps.append((step, done, total))
    )
    return store, summary, steps


def test_summary_counts(built: tuple[Store, InitSummary, list[tuple[str, int, int]]]) -> None:
    store, summary, _ = built
    assert summary.territories == {
        "country": 1,
        "region": 21,  # 20 current + former South Kazakhstan
        "district": 229,  # 228 current + Shymkent city administration before 2018
        "okrug": 2325,
        "settlement": 13021,
    }
    assert summary.indicators == len(load_catalogue())
    assert summary.batches == len(sources()) + 1
    assert summary.new_batches == summary.batches
    official = int(sources().rows.sum())
    derived = store.query(
        "select count(*) as n from observation o join import_batch b using (batch_id) where b.source = ?",
        [DERIVED_SOURCE],
    ).n[0]
    assert summary.observations == official + derived == summary.new_rows
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.indicators = 0  # type: ignore[misc]


def test_progress_reaches_the_total(
    built: tuple[Store, InitSummary, list[tuple[str, int, int]]],
) -> None:
    _, _, steps = built
    assert [s[1] for s in steps] == list(range(1, build_steps() + 1))
    assert {s[2] for s in steps} == {build_steps()}
    assert steps[0][0] == "territories" and steps[-1][0] == "derived"


def test_lineage_of_every_batch(
    built: tuple[Store, InitSummary, list[tuple[str, int, int]]],
) -> None:
    store, _, _ = built
    batches = store.query("select * from import_batch").set_index("source")
    for source in embedded_sources():
        row = batches.loc[source.name]
        assert row.sha256 == source.sha256
        assert row.rows == source.rows
        assert source.publisher in row.attribution
    assert "catalogue" in batches.loc[DERIVED_SOURCE].attribution


def test_second_run_changes_nothing(
    built: tuple[Store, InitSummary, list[tuple[str, int, int]]],
) -> None:
    store, _, _ = built
    before = store.snapshot()
    again = init_database(store)
    after = store.snapshot()
    assert again.new_batches == 0 and again.new_rows == 0
    assert before.keys() == after.keys()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], check_dtype=False)


def test_derived_figures_by_hand(
    built: tuple[Store, InitSummary, list[tuple[str, int, int]]],
) -> None:
    store, _, _ = built

    def value(indicator: str, kato: str, period: str, dims: str = "{}") -> float:
        found = store.query(
            "select value from observation where indicator_id = ? and kato = ? and period = ? and dims = ?",
            [indicator, kato, period, dims],
        )
        assert len(found) == 1, (indicator, kato, period, dims)
        return float(found.value[0])

    # Akmola 2022: GRP (million KZT) / average population * 1000 = thousand KZT per person
    akmola = value("grp", "110000000", "2022") / value("population_avg", "110000000", "2022") * 1e3
    assert value("grp_per_capita", "110000000", "2022") == pytest.approx(akmola)
    # former South Kazakhstan 2015: doctors over Turkestan + Shymkent population
    pop = value("population_avg", "610000000", "2015") + value(
        "population_avg", "790000000", "2015"
    )
    assert value("doctors_per_10k", "510000000", "2015") == pytest.approx(
        value("doctors", "510000000", "2015") / pop * 1e4
    )
    # Almaty Region 2021 is on the old borders: population includes Zhetisu
    pop = value("population_avg", "190000000", "2021") + value(
        "population_avg", "330000000", "2021"
    )
    assert value("investment_per_capita", "190000000", "2021") == pytest.approx(
        value("fixed_investment", "190000000", "2021") / pop * 1e3
    )
    # no growth across the 2022 border change, growth elsewhere
    growth = store.query(
        "select kato from observation where indicator_id = 'grp_nominal_growth' and period = '2022'"
    )
    assert "190000000" not in set(growth.kato) and "110000000" in set(growth.kato)
    assert value("urban_population_share", "000000000", "2023-01-01") == pytest.approx(
        100 * 12_208_259 / 19_765_004
    )
    sectors = [
        value("employment", "110000000", "2023", f'{{"sector":"{s}"}}')
        for s in ("agriculture", "industry_construction", "services")
    ]
    assert value("employment", "110000000", "2023") == sum(sectors)
    assert value("employment_share", "110000000", "2023", '{"sector":"services"}') == pytest.approx(
        100 * sectors[2] / sum(sectors)
    )


def test_failed_build_leaves_the_database_unchanged(tmp_path: Path) -> None:
    store = Store(tmp_path / "aimaq.duckdb")
    store.migrate()
    before = store.snapshot()
    full = load_catalogue()
    # a catalogue without GRP: the GRP source cannot be stored, so nothing may be
    broken = Catalogue(
        version=1, indicators=tuple(i for i in full if i.id not in {"grp"} and not i.is_derived)
    )
    with pytest.raises(ImportError_, match="unknown indicator"):
        init_database(store, catalogue=broken)
    after = store.snapshot()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], check_dtype=False)
    store.close()
