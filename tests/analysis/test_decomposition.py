"""Nested Theil decomposition and its permutation test: exact sums, PySAL references."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from inequality.theil import TheilD, TheilDSim

from aimaq.analysis import inequality as ineq
from aimaq.analysis.decomposition import theil_decomposition
from aimaq.analysis.permutation import between_share_test


def _mexico() -> tuple[np.ndarray, np.ndarray]:
    libpysal = pytest.importorskip("libpysal")
    table = libpysal.io.open(libpysal.examples.get_path("mexico.csv"))
    y = np.array(table.by_col["pcgdp2000"], dtype=float)
    return y, np.array(table.by_col("hanson98"))


def _datasets(regionalised) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(7)
    y, region, _ = regionalised
    return [
        (np.array([1.0, 2.0, 4.0, 8.0]), np.array([0, 0, 1, 1])),
        (rng.lognormal(0, 1, 120), rng.integers(0, 6, 120)),
        (y, region),
        _mexico(),
    ]


def test_two_level_theil_equals_pysal_theild(regionalised) -> None:
    for y, part in _datasets(regionalised):
        ours = theil_decomposition(y, {"g": part})
        ref = TheilD(y, part)
        assert ours.total == pytest.approx(float(ref.T), abs=1e-9)
        assert ours.levels[0].between == pytest.approx(float(ref.bg[0]), abs=1e-9)
        assert ours.levels[0].within == pytest.approx(float(ref.wg[0]), abs=1e-9)


def test_hand_worked_weighted_decomposition() -> None:
    # group a: values 1 (pop 3) and 3 (pop 1); group b: value 6 (pop 2).
    y, w, g = [1.0, 3.0, 6.0], [3.0, 1.0, 2.0], ["a", "a", "b"]
    # X = 3 + 3 + 12 = 18, W = 6, mu = 3; mu_a = 1.5 (X_a = 6), mu_b = 6 (X_b = 12)
    between_t = (6 / 18) * math.log(1.5 / 3) + (12 / 18) * math.log(6 / 3)
    within_t = (6 / 18) * ineq.theil_t([1.0, 3.0], [3.0, 1.0])  # T_b = 0
    d = theil_decomposition(y, {"g": g}, w)
    assert d.levels[0].between == pytest.approx(between_t, abs=1e-15)
    assert d.levels[0].within == pytest.approx(within_t, abs=1e-15)
    assert d.total == pytest.approx(ineq.theil_t(y, w), abs=1e-15)
    between_l = (4 / 6) * math.log(3 / 1.5) + (2 / 6) * math.log(3 / 6)
    within_l = (4 / 6) * ineq.theil_l([1.0, 3.0], [3.0, 1.0])
    d_l = theil_decomposition(y, {"g": g}, w, index="L")
    assert d_l.levels[0].between == pytest.approx(between_l, abs=1e-15)
    assert d_l.levels[0].within == pytest.approx(within_l, abs=1e-15)


@settings(max_examples=50, deadline=None)
@given(
    data=st.data(),
    n=st.integers(4, 60),
    index=st.sampled_from(["T", "L"]),
)
def test_nested_parts_add_up_exactly(data: st.DataObject, n: int, index: str) -> None:
    y = np.array(data.draw(st.lists(st.floats(0.5, 1e5), min_size=n, max_size=n)))
    w = np.array(data.draw(st.lists(st.floats(0.5, 1e4), min_size=n, max_size=n)))
    region = np.array(data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    region[:2] = [0, 1]  # at least two regions
    district = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    village = np.arange(n) % 5
    d = theil_decomposition(y, {"r": region, "d": district, "v": village}, w, index=index)
    scale = max(1.0, d.total)
    for level in d.levels:
        assert level.between + level.within == pytest.approx(d.total, abs=1e-12 * scale)
    nested = sum(level.contribution for level in d.levels) + d.within_finest
    assert nested == pytest.approx(d.total, abs=1e-12 * scale)
    assert all(level.contribution >= -1e-12 for level in d.levels)
    reference = ineq.theil_t(y, w) if index == "T" else ineq.theil_l(y, w)
    assert d.total == pytest.approx(reference, rel=1e-12, abs=1e-14)


def test_same_district_name_in_two_regions_makes_two_groups() -> None:
    d = theil_decomposition(
        [1.0, 2.0, 3.0, 4.0], {"region": ["A", "A", "B", "B"], "district": ["x", "x", "x", "x"]}
    )
    assert d.levels[1].groups == 2
    assert d.levels[1].contribution == pytest.approx(0.0, abs=1e-15)


def test_single_group_and_bad_labels_are_refused() -> None:
    with pytest.raises(ValueError, match=r"grouping 'region' has a single group \('A'\)"):
        theil_decomposition([1.0, 2.0], {"region": ["A", "A"]})
    with pytest.raises(ValueError, match="one label per value; got 1 labels for 2 values"):
        theil_decomposition([1.0, 2.0], {"region": ["A"]})
    with pytest.raises(ValueError, match="missing label at index 1"):
        theil_decomposition([1.0, 2.0], {"region": ["A", None]})
    with pytest.raises(ValueError, match=r"positive for Theil's L.*index 0"):
        theil_decomposition([0.0, 2.0], {"region": ["A", "B"]}, index="L")
    with pytest.raises(ValueError, match="NaN at index 2"):
        theil_decomposition([1.0, 2.0, float("nan")], {"region": ["A", "B", "B"]})


def test_permutation_point_estimates_equal_pysal_theildsim(regionalised) -> None:
    y, region, _ = regionalised
    y, region = y[:600], region[:600] % 4
    np.random.seed(3)
    ref = TheilDSim(y, region, 99)
    ours = between_share_test(y, {"region": region}, permutations=99, seed=3)[0]
    assert ours.between == pytest.approx(float(ref.bg[0][0]), abs=1e-9)
    assert ours.between_share == pytest.approx(float(ref.bg[0][0] / ref.T), abs=1e-9)
    # both null distributions are centred well below the observed share of grouped data
    assert ours.p_value == pytest.approx(float(ref.bg_pvalue[0]), abs=0.05)


def test_permutation_p_values_separate_signal_from_noise() -> None:
    rng = np.random.default_rng(11)
    groups = np.repeat(["a", "b", "c"], 40)
    signal = np.r_[rng.uniform(1, 2, 40), rng.uniform(3, 4, 40), rng.uniform(5, 6, 40)]
    noise = rng.uniform(1, 6, 120)
    strong = between_share_test(signal, {"g": groups}, permutations=199, seed=1)[0]
    weak = between_share_test(noise, {"g": groups}, permutations=199, seed=1)[0]
    assert strong.p_value == pytest.approx(1 / 200)
    assert weak.p_value > 0.05
    assert weak.null_mean_share < strong.between_share
    again = between_share_test(noise, {"g": groups}, permutations=199, seed=1)[0]
    assert again == weak


def test_restricted_permutation_keeps_units_inside_their_region() -> None:
    """At the district level units move only within their region: the null of the
    district between share never drops below the region between share."""
    rng = np.random.default_rng(5)
    region = np.repeat([0, 1], 30)
    district = np.tile(np.repeat([0, 1, 2], 10), 2)
    y = np.where(region == 1, 10.0, 1.0) * rng.uniform(1, 1.5, 60)
    tests = between_share_test(y, {"r": region, "d": district}, permutations=200, seed=2)
    top, inner = tests
    assert not top.restricted and inner.restricted
    assert inner.null_mean_share >= top.between_share - 1e-12
    assert inner.p_value > 0.05  # no district effect was built in


def test_weighted_permutation_test_runs_on_weights(regionalised) -> None:
    y, region, pop = regionalised
    result = between_share_test(y, {"region": region}, pop, permutations=49, seed=0)[0]
    assert result.between_share == pytest.approx(
        theil_decomposition(y, {"region": region}, pop).levels[0].between_share
    )
    assert result.p_value == pytest.approx(1 / 50)


def test_permutation_count_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        between_share_test([1.0, 2.0], {"g": ["a", "b"]}, permutations=0)


def test_weighted_decomposition_equals_pysal_on_replicated_units() -> None:
    """Integer populations: the weighted split equals PySAL's on units repeated w times."""
    rng = np.random.default_rng(12)
    y = rng.lognormal(2, 0.8, 40)
    w = rng.integers(1, 6, 40)
    part = rng.integers(0, 5, 40)
    ours = theil_decomposition(y, {"g": part}, w).levels[0]
    ref = TheilD(np.repeat(y, w), np.repeat(part, w))
    assert ours.between == pytest.approx(float(ref.bg[0]), abs=1e-9)
    assert ours.within == pytest.approx(float(ref.wg[0]), abs=1e-9)


def test_permutation_test_of_theil_l() -> None:
    rng = np.random.default_rng(8)
    groups = np.repeat([0, 1, 2, 3], 25)
    y = np.exp(rng.normal(0, 0.3, 100) + groups * 0.5)
    test = between_share_test(y, {"g": groups}, index="L", permutations=99, seed=4)[0]
    assert test.index == "L"
    assert test.between_share == pytest.approx(
        theil_decomposition(y, {"g": groups}, index="L").levels[0].between_share
    )
    assert test.p_value == pytest.approx(0.01)
