"""Inequality measures: hand-worked weighted cases, PySAL references, invariants, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from inequality.atkinson import atkinson as pysal_atkinson
from inequality.gini import Gini
from inequality.theil import Theil

from aimaq.analysis import inequality as ineq
from aimaq.errors import ValidationError

# The hand-worked example of docs/disparities.md: two territories, values 1 and 3,
# populations 3 and 1. Mean mu = (3*1 + 1*3)/4 = 1.5; income shares s = (0.5, 0.5).
Y = [1.0, 3.0]
W = [3.0, 1.0]


def test_hand_worked_weighted_example() -> None:
    # variance = (3*0.25 + 1*2.25)/4 = 0.75 -> CV_w = sqrt(0.75)/1.5
    assert ineq.williamson(Y, W) == pytest.approx(math.sqrt(0.75) / 1.5, abs=1e-15)
    # sum w_i w_j |y_i - y_j| = 2*3*1*2 = 12; / (2 * 4^2 * 1.5) = 0.25
    assert ineq.gini(Y, W) == pytest.approx(0.25, abs=1e-15)
    # T = 0.5 ln(1/1.5) + 0.5 ln(3/1.5) = 0.5 ln(4/3)
    assert ineq.theil_t(Y, W) == pytest.approx(0.5 * math.log(4 / 3), abs=1e-15)
    # L = 0.75 ln(1.5/1) + 0.25 ln(1.5/3)
    assert ineq.theil_l(Y, W) == pytest.approx(
        0.75 * math.log(1.5) + 0.25 * math.log(0.5), abs=1e-15
    )
    # A(1) = 1 - 3^0.25 / 1.5 (geometric mean over arithmetic mean)
    assert ineq.atkinson(Y, W, epsilon=1) == pytest.approx(1 - 3**0.25 / 1.5, abs=1e-15)
    # A(2) = 1 - harmonic mean / mean; harmonic = 1 / (0.75/1 + 0.25/3) = 1.2
    assert ineq.atkinson(Y, W, epsilon=2) == pytest.approx(1 - 1.2 / 1.5, abs=1e-15)
    # A(0.5) = 1 - (0.75 sqrt(1/1.5) + 0.25 sqrt(3/1.5))^2
    expected = 1 - (0.75 * math.sqrt(1 / 1.5) + 0.25 * math.sqrt(2)) ** 2
    assert ineq.atkinson(Y, W, epsilon=0.5) == pytest.approx(expected, abs=1e-15)
    # H = 0.5 (|0.5-0.75| + |0.5-0.25|)
    assert ineq.hoover(Y, W) == pytest.approx(0.25, abs=1e-15)
    assert ineq.max_min_ratio(Y) == 3.0
    # the poorest 25% of people all have 1, the richest 25% all have 3
    assert ineq.top_bottom_ratio(Y, W, share=0.25) == pytest.approx(3.0)
    # top 40%: 0.25 of mass at 3 and 0.15 at 1 -> (0.75 + 0.15)/0.4; bottom 40% all at 1
    assert ineq.top_bottom_ratio(Y, W, share=0.4) == pytest.approx((0.75 + 0.15) / 0.4)
    curve = ineq.lorenz(Y, W)
    assert curve.population_share.tolist() == [0.0, 0.75, 1.0]
    assert curve.value_share.tolist() == [0.0, 0.5, 1.0]


def test_unweighted_cv_uses_the_population_formula_unless_asked() -> None:
    y = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]  # mean 5, population sd 2
    assert ineq.cv(y) == pytest.approx(0.4)
    assert ineq.cv(y, ddof=1) == pytest.approx(np.std(y, ddof=1) / 5)


DATASETS = [
    np.array([1.0, 2.0, 3.0, 4.0, 10.0]),
    np.random.default_rng(1).lognormal(0, 1, 200),
    np.random.default_rng(2).uniform(5, 50, 37),
    np.array([0.0, 0.0, 1.0, 7.0, 7.0, 12.0]),
]


@pytest.mark.parametrize("y", DATASETS)
def test_unweighted_gini_and_theil_equal_pysal(y: np.ndarray) -> None:
    assert ineq.gini(y) == pytest.approx(Gini(y).g, abs=1e-9)
    assert ineq.theil_t(y) == pytest.approx(float(Theil(y).T), abs=1e-9)


@pytest.mark.parametrize("y", DATASETS[:3])
@pytest.mark.parametrize("eps", [0.5, 1.0, 2.0])
def test_unweighted_atkinson_equals_pysal(y: np.ndarray, eps: float) -> None:
    assert ineq.atkinson(y, epsilon=eps) == pytest.approx(pysal_atkinson(y, eps), abs=1e-12)


def test_pysal_mexico_gini_and_theil() -> None:
    libpysal = pytest.importorskip("libpysal")
    try:
        path = libpysal.examples.get_path("mexico.csv")
    except Exception as exc:  # pragma: no cover - the example ships with libpysal
        pytest.skip(f"libpysal example mexico.csv unavailable: {exc}")
    table = libpysal.io.open(path)
    for year in range(1940, 2010, 10):
        y = np.array(table.by_col[f"pcgdp{year}"], dtype=float)
        assert ineq.gini(y) == pytest.approx(Gini(y).g, abs=1e-9)
        assert ineq.theil_t(y) == pytest.approx(float(Theil(y).T), abs=1e-9)


def _pairwise_gini(y: np.ndarray, w: np.ndarray) -> float:
    mu = np.dot(w, y) / w.sum()
    return float(
        (w[:, None] * w[None, :] * np.abs(y[:, None] - y[None, :])).sum() / (2 * w.sum() ** 2 * mu)
    )


values = st.lists(st.floats(0.01, 1e4), min_size=2, max_size=25)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_integer_weights_equal_repeated_units(data: st.DataObject) -> None:
    """A unit of weight k is the same as k units with the same value, for every measure."""
    y = np.array(data.draw(values))
    k = np.array(data.draw(st.lists(st.integers(1, 4), min_size=y.size, max_size=y.size)))
    repeated = np.repeat(y, k)
    for measure in (ineq.gini, ineq.theil_t, ineq.theil_l, ineq.hoover, ineq.top_bottom_ratio):
        assert measure(y, k) == pytest.approx(measure(repeated), rel=1e-9, abs=1e-12)
    assert ineq.williamson(y, k) == pytest.approx(ineq.cv(repeated), rel=1e-9, abs=1e-12)
    assert ineq.atkinson(y, k, epsilon=1.5) == pytest.approx(
        ineq.atkinson(repeated, epsilon=1.5), rel=1e-9, abs=1e-12
    )
    assert ineq.gini(y, k) == pytest.approx(_pairwise_gini(y, k.astype(float)), rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(y=values, scale=st.floats(0.1, 100))
def test_measures_are_scale_invariant_and_bounded(y: list[float], scale: float) -> None:
    arr = np.array(y)
    d1, d2 = ineq.disparity(arr), ineq.disparity(arr * scale)
    for name in ("gini", "theil_t", "theil_l", "cv", "hoover", "atkinson_05", "top_bottom_ratio"):
        assert getattr(d1, name) == pytest.approx(getattr(d2, name), rel=1e-7, abs=1e-10)
    assert 0 <= d1.gini < 1
    assert 0 <= d1.atkinson_05 < 1
    assert d1.top_bottom_ratio >= 1 - 1e-12


def test_equal_values_never_give_a_negative_index() -> None:
    # two equal values where the closed form leaves -2.2e-16 in floating point
    d = ineq.disparity([1365.8415414109309, 1365.8415414109309])
    assert d.gini == 0.0 and d.atkinson_05 >= 0.0 and d.atkinson_1 >= 0.0
    assert ineq.gini([0.1] * 7, [1.0, 2, 3, 4, 5, 6, 7]) >= 0.0


def test_equal_values_have_no_inequality() -> None:
    d = ineq.disparity([5.0, 5.0, 5.0], [1.0, 2.0, 3.0])
    assert d.gini == pytest.approx(0, abs=1e-15)
    assert d.theil_t == pytest.approx(0, abs=1e-15)
    assert d.theil_l == pytest.approx(0, abs=1e-15)
    assert d.williamson == pytest.approx(0, abs=1e-15)
    assert d.max_min_ratio == 1.0


def test_zero_values_are_allowed_where_defined_and_refused_where_not() -> None:
    d = ineq.disparity([0.0, 1.0, 3.0])
    assert d.theil_l is None and d.atkinson_1 is None and d.max_min_ratio is None
    assert d.gini > 0
    with pytest.raises(ValueError, match=r"positive for Theil's L.*got 0 at index 0"):
        ineq.theil_l([0.0, 1.0])
    with pytest.raises(ValueError, match="index 1"):
        ineq.max_min_ratio([2.0, 0.0])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ineq.gini([]), "empty"),
        (lambda: ineq.gini([1.0, float("nan"), 2.0]), "NaN at index 1"),
        (lambda: ineq.gini([1.0, -3.0]), "non-negative.*-3 at index 1"),
        (lambda: ineq.gini([1.0, 2.0], [1.0]), "same length.*1 weights for 2 values"),
        (lambda: ineq.gini([1.0, 2.0], [1.0, -3.0]), "weights must be positive; got -3 at index 1"),
        (lambda: ineq.theil_t([1.0, 2.0], [1.0, float("inf")]), "weights must be finite.*index 1"),
        (lambda: ineq.gini([0.0, 0.0]), "all be zero"),
        (lambda: ineq.atkinson([1.0, 2.0], epsilon=-1), "epsilon"),
        (lambda: ineq.top_bottom_ratio([1.0, 2.0], share=0.7), "share"),
        (lambda: ineq.williamson([1.0, 2.0], None), "needs weights"),  # type: ignore[arg-type]
        (lambda: ineq.gini([[1.0, 2.0]]), "one-dimensional"),
    ],
)
def test_bad_input_is_named(call, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        call()
    assert isinstance(info.value, ValidationError)


def test_one_registry_names_every_measure_of_the_result_report_and_cli() -> None:
    from dataclasses import fields

    from aimaq.analysis.report import disparity_report

    keys = [m.key for m in ineq.MEASURES]
    assert [f.name for f in fields(ineq.Disparity)][3:] == keys
    report = disparity_report([1.0, 2.0, 4.0], weights=[1.0, 1.0, 2.0])
    assert [k for k in report if k in keys] == keys
    unweighted = disparity_report([1.0, 2.0, 4.0])
    assert [k for k in unweighted if k in keys] == list(ineq.measure_keys(weighted=False))
    d = ineq.disparity([1.0, 2.0, 4.0], [1.0, 1.0, 2.0])
    for m in ineq.MEASURES:  # every registered measure is the function it names
        assert getattr(d, m.key) == pytest.approx(
            m.compute(np.array([1.0, 2.0, 4.0]), np.array([1.0, 1.0, 2.0]))
        )
