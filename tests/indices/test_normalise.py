from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import percentileofscore
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from aimaq.errors import ValidationError
from aimaq.indices.normalise import (
    distance_to_best,
    distance_to_target,
    goalposts,
    minmax,
    normalise,
    percentile,
    rank,
    zscore,
)

X = np.array([3.0, 7.5, 1.0, 12.0, 7.5, 4.2])


def test_minmax_matches_scikit_learn() -> None:
    expected = MinMaxScaler().fit_transform(X[:, None])[:, 0]
    np.testing.assert_allclose(minmax(X), expected)
    np.testing.assert_allclose(minmax(X, -1), 1 - expected, atol=1e-12)
    scaled = MinMaxScaler(feature_range=(1, 100)).fit_transform(X[:, None])[:, 0]
    np.testing.assert_allclose(minmax(X, low=1, high=100), scaled)


def test_zscore_matches_scikit_learn() -> None:
    expected = StandardScaler().fit_transform(X[:, None])[:, 0]
    np.testing.assert_allclose(zscore(X), expected)
    np.testing.assert_allclose(zscore(X, -1, centre=100, scale=10), 100 - 10 * expected)


def test_percentile_matches_scipy_mean_kind() -> None:
    expected = [percentileofscore(X, v, kind="mean") for v in X]
    np.testing.assert_allclose(percentile(X), expected)


def test_rank_ties_and_polarity() -> None:
    assert rank(X).tolist() == [2.0, 4.5, 1.0, 6.0, 4.5, 3.0]
    assert rank(X, -1).tolist() == [5.0, 2.5, 6.0, 1.0, 2.5, 4.0]


def test_goalposts_cap_and_polarity() -> None:
    y = goalposts([10.0, 20, 52.5, 85, 100], lower=20, upper=85)
    assert y.tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]
    assert goalposts([30.0], -1, lower=20, upper=30).tolist() == [0.0]
    with pytest.raises(ValidationError, match="min < max"):
        goalposts([1.0], lower=3, upper=3)


def test_distance_to_target_and_best() -> None:
    assert distance_to_target([35.0, 70, 140], target=70).tolist() == [0.5, 1.0, 1.0]
    assert distance_to_target([5.0, 10], -1, target=5).tolist() == [1.0, 0.5]
    assert distance_to_best([2.0, 4.0], -1).tolist() == [1.0, 0.5]
    with pytest.raises(ValidationError, match="positive values"):
        distance_to_best([0.0, 1.0])


def test_constant_and_empty_and_infinite_are_errors() -> None:
    with pytest.raises(
        ValidationError, match=r"wage: all values are equal .* min-max is undefined"
    ):
        minmax([5.0, 5.0, 5.0], name="wage")
    with pytest.raises(ValidationError, match="z-score is undefined"):
        zscore([2.0, 2.0])
    with pytest.raises(ValidationError, match="all missing"):
        minmax([np.nan, np.nan])
    with pytest.raises(ValidationError, match="infinite value at index 1"):
        minmax([1.0, np.inf])
    with pytest.raises(ValidationError, match="unknown normalisation"):
        normalise([1.0, 2.0], "softmax")


def test_missing_values_stay_missing() -> None:
    for method in ("minmax", "zscore", "rank", "percentile", "best"):
        y = normalise([1.0, np.nan, 3.0, 2.0], method)
        assert np.isnan(y[1]) and not np.isnan(y[[0, 2, 3]]).any(), method


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=30).filter(
        lambda v: max(v) - min(v) > 1e-3
    ),
    st.sampled_from([1, -1]),
)
def test_bounded_methods_stay_in_range(values: list[float], polarity: int) -> None:
    x = np.array(values)
    assert ((minmax(x, polarity) >= 0) & (minmax(x, polarity) <= 1)).all()
    p = percentile(x, polarity)
    assert ((p > 0) & (p < 100)).all()
    r = rank(x, polarity)
    assert r.min() >= 1 and r.max() <= len(x)
    # every method is monotone in the direction of the polarity
    order = np.argsort(x * polarity, kind="stable")
    assert (np.diff(minmax(x, polarity)[order]) >= -1e-12).all()
