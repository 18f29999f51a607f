"""The shock model: the textbook case, hand-worked tax, ranges, and refused inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aimaq.data.store import Store
from aimaq.economy.shock import SCENARIOS, TownBaseline, load_parameters, shock
from aimaq.errors import ValidationError

TOWN = TownBaseline("000", "Town", 250_000, 100_000, 0.06, 300_000.0, {})


def test_textbook_case_six_to_eighteen_percent() -> None:
    # direct jobs x multiplier = 12% of the labour force, unemployment 6% -> 18%
    p = load_parameters()
    direct = 12_000 / p.multiplier.central
    r = shock(TOWN, p, jobs_lost=direct)
    central = r.outcomes["central"]
    assert central["jobs_lost_total"] == pytest.approx(12_000)
    assert central["unemployment_rate_impact"] == pytest.approx(0.18)
    # the same with the multiplier fixed by the user, in every scenario
    fixed = shock(TOWN, p.with_multiplier(2.0), jobs_lost=6_000)
    assert [fixed.outcomes[s]["unemployment_rate_impact"] for s in SCENARIOS] == pytest.approx(
        [0.18] * 3
    )


def test_ranges_are_ordered_low_to_high() -> None:
    r = shock(TOWN, load_parameters(), jobs_lost=3_000)
    jobs = [r.outcomes[s]["jobs_lost_total"] for s in SCENARIOS]
    assert jobs == [6_000, 7_800, 10_500]
    leavers = [r.outcomes[s]["leavers_population"] for s in SCENARIOS]
    assert leavers == sorted(leavers) and leavers[0] > 0


def test_migration_and_tax_by_hand() -> None:
    p = load_parameters().with_multiplier(2.0)
    r = shock(TOWN, p, jobs_lost=6_000).outcomes["central"]
    # 25% of 12,000 leave: (6,000 + 12,000 - 3,000) / (100,000 - 3,000)
    assert r["unemployment_rate_after_migration"] == pytest.approx(15_000 / 97_000)
    # households leave with workers: 2.5 residents per labour-force member
    assert r["leavers_population"] == pytest.approx(3_000 * 2.5)
    assert r["population_change_share"] == pytest.approx(-7_500 / 250_000)
    # tax: 10% of (300,000 x 0.9 - 30 MCI x 4,129) a month, 12 months, 12,000 jobs
    taxable = 300_000 * 0.9 - 30 * 4_129
    assert r["iit_lost_kzt"] == pytest.approx(12_000 * 12 * 0.10 * taxable)
    assert r["wage_fund_lost_kzt"] == pytest.approx(12_000 * 300_000 * 12)


def test_share_of_employment_and_cap() -> None:
    p = load_parameters()
    r = shock(TOWN, p, share_of_employment=0.5)
    assert r.direct_jobs == pytest.approx(0.5 * 94_000)
    # 47,000 x 3.5 exceeds employment: capped, and said so
    assert r.outcomes["high"]["jobs_lost_total"] == pytest.approx(94_000)
    assert any("capped" in n for n in r.notes)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"jobs_lost": 95_000}, "larger than the employment of Town"),
        ({"jobs_lost": -5}, "must be positive"),
        ({"jobs_lost": 5, "share_of_employment": 0.1}, "exactly one"),
        ({"share_of_employment": 1.5}, r"must be in \(0, 1\]"),
    ],
)
def test_bad_shocks(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        shock(TOWN, load_parameters(), **kwargs)


def test_multiplier_below_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 1"):
        load_parameters().with_multiplier(0.8)
    raw = yaml.safe_load((Path(__file__).parents[2] / "src/aimaq/economy/shock.yaml").read_text())
    raw["multiplier"]["low"] = 0.5
    bad = tmp_path / "p.yaml"
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(ValidationError, match=r"p.yaml: .*multiplier below 1"):
        load_parameters(bad)
    raw["multiplier"]["low"] = 3.0
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(ValidationError, match=r"multiplier: .*low <= central <= high"):
        load_parameters(bad)


def test_every_parameter_has_a_source_or_assumption_label() -> None:
    for name, p in load_parameters().items():
        assert p.source.strip(), name
    labelled = {n for n, p in load_parameters().items() if p.assumption}
    assert {"out_migration_share", "iit_local_share", "mci_kzt"} <= labelled


def test_negative_or_inconsistent_baseline() -> None:
    with pytest.raises(ValidationError, match="labour_force of Town must be positive"):
        TownBaseline("0", "Town", 100, -1, 0.05, 1.0, {})
    with pytest.raises(ValidationError, match="exceeds the population"):
        TownBaseline("0", "Town", 100, 200, 0.05, 1.0, {})


SHARED_BULLETIN = (
    Path(__file__).resolve().parents[2].parent
    / "shared/data/kz/raw/bns/population_2023-01-01_bulletin.xlsx"
)


def _bulletin_town(label: str) -> float:
    """The total population of a town as sheet 03 of the bulletin prints it."""
    import openpyxl

    book = openpyxl.load_workbook(SHARED_BULLETIN, read_only=True)
    try:
        for row in book["03"].iter_rows(values_only=True):
            cells = [c for c in row if c is not None]
            if cells and isinstance(cells[0], str) and cells[0].strip() == label:
                return float(cells[1])
    finally:
        book.close()
    raise AssertionError(f"{label} not in sheet 03")


@pytest.mark.skipif(not SHARED_BULLETIN.exists(), reason="../shared (the BNS bulletin) absent")
@pytest.mark.parametrize(
    ("name", "kato", "label"),
    [("Житикара", "394420100", "Жітіқара қ."), ("Жанатас", "316020100", "Жаңатас қ.")],
)
def test_a_town_is_meant_before_its_district_and_has_its_bulletin_population(
    kz_store: Store, name: str, kato: str, label: str
) -> None:
    from aimaq.economy.town import find_town, town_baseline

    town = find_town(kz_store, name)
    assert town["kato"] == kato
    baseline = town_baseline(kz_store, kato)
    assert baseline.population == _bulletin_town(label)


def test_every_tagged_single_industry_town_has_a_population(kz_store: Store) -> None:
    from aimaq.economy.town import town_baseline

    towns = kz_store.query(
        "select kato from territory_tag where tag = 'single_industry_town' order by kato"
    )["kato"].tolist()
    assert len(towns) >= 10
    for kato in towns:
        assert town_baseline(kz_store, kato).population > 0, kato
