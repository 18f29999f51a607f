from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hand import POPULATION, SETTLEMENTS, STATUS, write_catalogue

from aimaq.standards import load_catalogue, rollup, settlement_provision, unmet_norms
from aimaq.standards.catalogue import Catalogue
from aimaq.standards.registry import SYNTHETIC_LABEL, Registry
from aimaq.standards.targets import national_levels, target_gaps


@pytest.fixture()
def hand(tmp_path: Path) -> tuple[Registry, Catalogue]:
    cat = load_catalogue(write_catalogue(tmp_path))
    return Registry.from_frames(SETTLEMENTS, POPULATION, STATUS, catalogue=cat), cat


def test_settlement_provision_matches_the_hand_worked_case(
    hand: tuple[Registry, Catalogue],
) -> None:
    reg, cat = hand
    frame = settlement_provision(reg, cat).set_index("kato")
    assert frame.n_applicable.to_dict() == {
        "111130100": 4,
        "111130105": 3,
        "111130110": 2,
        "111210000": 3,
    }
    assert frame.n_met.to_dict() == {"111130100": 4, "111130105": 1, "111130110": 2, "111210000": 1}
    assert frame.provision.to_numpy() == pytest.approx([1, 1 / 3, 1, 1 / 3])
    # D's fire norm has no record at all: not met, and counted as unrecorded
    assert frame.n_unrecorded.to_dict() == {
        "111130100": 0,
        "111130105": 0,
        "111130110": 0,
        "111210000": 1,
    }
    region = rollup(frame.reset_index(), "region", "count", split_urban=False)
    assert region.n_unrecorded.tolist() == [1]
    assert frame.loc["111130105", "support_kato"] == "111130100"
    assert frame.attrs["registry"] != SYNTHETIC_LABEL


def test_rollups_by_count_and_population(hand: tuple[Registry, Catalogue]) -> None:
    reg, cat = hand
    frame = settlement_provision(reg, cat)
    by_count = rollup(frame, "region", "count", split_urban=False)
    assert by_count.provision.iloc[0] == pytest.approx(2 / 3)
    by_pop = rollup(frame, "region", "population", split_urban=False)
    assert by_pop.provision.iloc[0] == pytest.approx(4450 / 11250)
    split = rollup(frame, "country", "count", split_urban=True).set_index("area")
    assert split.loc["rural", "provision"] == pytest.approx(7 / 9)
    assert split.loc["urban", "provision"] == pytest.approx(1 / 3)
    assert split.loc["rural", "n_settlements"] == 3
    districts = rollup(frame, "district", "count", split_urban=False).set_index("kato")
    assert districts.provision.to_dict() == pytest.approx({"111100000": 7 / 9, "111200000": 1 / 3})
    okrugs = rollup(frame, "okrug", "count", split_urban=False).set_index("kato")
    assert okrugs.provision.to_dict() == pytest.approx({"111130000": 7 / 9, "111200000": 1 / 3})


def test_rollup_rejects_an_unknown_level_or_weight(hand: tuple[Registry, Catalogue]) -> None:
    reg, cat = hand
    frame = settlement_provision(reg, cat)
    with pytest.raises(ValueError, match="by must be"):
        rollup(frame, "continent")
    with pytest.raises(ValueError, match="weight must be"):
        rollup(frame, "region", "area")


def test_unmet_norms_and_service_through_the_support_village(
    hand: tuple[Registry, Catalogue],
) -> None:
    reg, cat = hand
    unmet = unmet_norms(reg, cat)
    got = {(r.kato, r.norm_id): r.served_by_support for r in unmet.itertuples()}
    assert got == {
        ("111130105", "n_water"): False,
        ("111130105", "n_clinic"): True,  # via_support, 8 km <= 15 km, A has a clinic
        ("111210000", "n_kg"): False,
        ("111210000", "n_fire"): False,
    }
    assert unmet.set_index(["kato", "norm_id"]).loc[("111210000", "n_kg"), "cost_hint_kzt"] == 50
    assert set(unmet.area) == {"engineering", "education", "healthcare"}


def test_support_too_far_does_not_serve(hand: tuple[Registry, Catalogue], tmp_path: Path) -> None:
    _, cat = hand
    far = SETTLEMENTS.assign(distance_to_support_km=[None, 16.0, None, None])
    reg = Registry.from_frames(far, POPULATION, STATUS, catalogue=cat)
    unmet = unmet_norms(reg, cat).set_index(["kato", "norm_id"])
    assert not unmet.loc[("111130105", "n_clinic"), "served_by_support"]


def test_population_weighting_equals_numpy_average(hand: tuple[Registry, Catalogue]) -> None:
    reg, cat = hand
    frame = settlement_provision(reg, cat)
    expected = np.average(frame.provision, weights=frame.population)
    assert rollup(frame, "country", "population", False).provision.iloc[0] == pytest.approx(
        expected
    )


def test_national_levels_and_target_gaps(hand: tuple[Registry, Catalogue]) -> None:
    reg, cat = hand
    levels = national_levels(reg, cat)
    assert levels == {"all": 66.7, "rural": 77.8, "urban": 33.3}
    gaps = target_gaps(reg, cat).set_index("area")
    assert gaps.loc["all", "gap_pp"] == pytest.approx(70.0 - 66.7)
    assert gaps.loc["urban", "gap_pp"] == pytest.approx(96.0 - 33.3)


def test_year_not_in_registry(hand: tuple[Registry, Catalogue]) -> None:
    reg, cat = hand
    with pytest.raises(Exception, match="no year 2030"):
        settlement_provision(reg, cat, 2030)


def test_norm_rules_with_missing_values_never_meet() -> None:
    from aimaq.standards.provision import norm_met

    cat = load_catalogue()
    absent = np.array([False, False])
    nan = np.full(2, np.nan)
    population = np.array([100.0, 0.0])
    for norm_id in ("edu_kindergarten", "edu_school_transport", "hc_ambulance", "eng_water"):
        assert not norm_met(cat.norm(norm_id), absent, nan, nan, nan, population).any(), norm_id


def test_distance_and_time_rules_at_their_thresholds() -> None:
    from aimaq.standards.provision import norm_met

    cat = load_catalogue()
    absent = np.array([False, False, False])
    nan = np.full(3, np.nan)
    pop = np.full(3, 50.0)
    transport = cat.norm("edu_school_transport")  # within 20 km
    assert norm_met(transport, absent, nan, np.array([20.0, 20.1, 3.0]), nan, pop).tolist() == [
        True,
        False,
        True,
    ]
    ambulance = cat.norm("hc_ambulance")  # 30 minutes; 60 km/h when only a distance is known
    got = norm_met(
        ambulance, absent, nan, np.array([30.0, 31.0, 90.0]), np.array([np.nan, np.nan, 25.0]), pop
    )
    assert got.tolist() == [True, False, True]


def test_population_weighting_refuses_an_unknown_population_by_name() -> None:
    frame = pd.DataFrame(
        {
            "kato": ["1", "2"],
            "name": ["Aul", "Kent"],
            "region_kato": ["R", "R"],
            "urban": [False, False],
            "population": [100.0, float("nan")],
            "n_applicable": [10, 20],
            "n_met": [5, 20],
            "provision": [0.5, 1.0],
        }
    )
    assert float(rollup(frame, "region", "count", False).provision[0]) == 0.75
    with pytest.raises(ValueError, match="population unknown for settlement 2 Kent"):
        rollup(frame, "region", "population", False)
