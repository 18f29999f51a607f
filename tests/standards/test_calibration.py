"""Calibration pieces, checked on hand-worked cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.standards.calibration import cut_by_score, group_targets, national_urban_rural
from aimaq.standards.settlements import registry_units
from aimaq.standards.synthetic import _apportion, _stepper


def test_cut_takes_the_best_pairs_up_to_the_target_per_group() -> None:
    # group 0: one settlement with 4 norms (weight 1/4 each), target 0.5 -> the best two pairs
    # group 1: two settlements, 2 norms each (weight 1/4), target 0.75 -> the best three
    group = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    weight = np.full(8, 0.25)
    score = np.array([1.0, 4.0, 3.0, 2.0, 0.1, 0.4, 0.3, 0.2])
    target = np.array([0.5] * 4 + [0.75] * 4)
    assert cut_by_score(group, weight, score, target).tolist() == [
        False, True, True, False, False, True, True, True,
    ]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 30),
    t_low=st.floats(0.0, 1.0),
    t_high=st.floats(0.0, 1.0),
    seed=st.integers(0, 1000),
)
def test_cut_is_nearest_and_nested(n: int, t_low: float, t_high: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    per = rng.integers(1, 6, n)  # norms per settlement
    group = np.zeros(per.sum(), dtype=int)
    weight = np.repeat(1.0 / (per * n), per)
    score = rng.normal(size=per.sum())
    lo, hi = sorted((t_low, t_high))
    met_lo = cut_by_score(group, weight, score, np.full(len(group), lo))
    met_hi = cut_by_score(group, weight, score, np.full(len(group), hi))
    assert not (met_lo & ~met_hi).any()  # a higher target only adds pairs
    assert abs(weight[met_hi].sum() - hi) <= weight.max() / 2 + 1e-12


def test_national_urban_rural() -> None:
    urban, rural = national_urban_rural(2024, 118 / 9727)
    assert urban == 89.0
    a = 118 / 9727
    national = a * urban + (1 - a) * rural
    # between the published rural 65.7 and what the national 66.1 would need
    assert 65.7 < rural < (66.1 - a * 89) / (1 - a)
    assert abs(national - 66.1) < 0.1 and abs(rural - 65.7) < 0.15


def test_group_targets_meet_published_regions_and_the_national_level() -> None:
    counts = pd.DataFrame(
        {
            "region_kato": ["100000000", "100000000", "110000000", "110000000", "710000000"],
            "urban": [True, False, True, False, True],
            "n": [4, 400, 6, 600, 1],
        }
    )
    t = group_targets(counts, (2021, 2024), seed=1)
    y = t[t.year == 2024]
    abai = y[y.region_kato == "100000000"]
    assert np.average(abai.target_pct, weights=abai.n) == pytest.approx(56.3)
    assert y[(y.region_kato == "710000000")].target_pct.iloc[0] == pytest.approx(89.3)
    share = counts.loc[counts.urban, "n"].sum() / counts.n.sum()
    _, r = national_urban_rural(2024, share)
    rural = y[~y.urban]
    assert np.average(rural.target_pct, weights=rural.n) == pytest.approx(r)
    # every group rises from 2021 to 2024
    wide = t.pivot_table(index=["region_kato", "urban"], columns="year", values="target_pct")
    assert (wide[2024] >= wide[2021] - 1e-9).all()


@settings(max_examples=50, deadline=None)
@given(total=st.integers(0, 10**6), weights=st.lists(st.floats(0.01, 100), min_size=1, max_size=40))
def test_apportion_adds_up(total: int, weights: list[float]) -> None:
    parts = _apportion(total, np.array(weights))
    assert parts.sum() == total and (parts >= 0).all()


def test_registry_units_categories_and_cities() -> None:
    t = pd.DataFrame(
        [
            ("000000000", None, "country", "republic", None),
            ("110000000", "000000000", "region", "oblast", None),
            ("111000000", "110000000", "district", "city_regional_significance", None),
            ("111010000", "111000000", "settlement", "city", True),
            ("113200000", "110000000", "district", "district", None),
            ("113230000", "113200000", "okrug", "rural_okrug", None),
            ("113230100", "113230000", "settlement", "village", False),
            ("113230105", "113230000", "settlement", "village", False),
            ("113230107", "113230000", "settlement", "other_settlement", False),
            ("113250000", "113200000", "okrug", "rural_okrug", None),
            ("113250103", "113250000", "settlement", "village", False),
            ("113250106", "113250000", "settlement", "village", False),
            ("114000000", "110000000", "district", "district", None),
            ("114020000", "114000000", "okrug", "town_administration", None),
            ("114020100", "114020000", "settlement", "urban_settlement", False),
            ("710000000", "000000000", "region", "republican_city", None),
            ("711110000", "710000000", "district", "city_district", None),
        ],
        columns=["kato", "parent_kato", "level", "unit_type", "urban"],
    ).assign(name_kk="x", name_ru="x")
    units = registry_units(t).set_index("kato")
    assert units.category.to_dict() == {
        "111010000": "city",
        "113230100": "district_town",  # no town in the district: the first okrug's centre
        "113230105": "other_village",
        "113250103": "okrug_centre",  # no ...100 code: the lowest code
        "113250106": "other_village",
        "114020100": "district_town",
        "710000000": "city",
    }
    assert units.loc["113230105", "okrug_kato"] == "113230000"
    assert units.loc["113230105", "district_kato"] == "113200000"
    assert units.loc["111010000", "district_kato"] == "111000000"
    assert units.loc["710000000", "region_kato"] == "710000000"
    assert not units.loc["114020100", "urban"]  # the KATO sign wins over the type


def test_progress_reports_to_a_callable() -> None:
    seen: list[tuple[str, int, int]] = []
    step = _stepper(lambda d, done, total: seen.append((d, done, total)), total=2)
    step()
    step()
    assert [s[1:] for s in seen] == [(1, 2), (2, 2)]
