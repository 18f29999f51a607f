from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.errors import ValidationError
from aimaq.reporting.classify import palette, quantile_breaks


def test_quantile_breaks_by_hand() -> None:
    # 10 values, k = 4: percentiles 25, 50, 75, 100 with linear interpolation
    # positions (n-1)p = 2.25, 4.5, 6.75, 9 -> 3.25, 5.5, 7.75, 10
    values = [float(v) for v in range(1, 11)]
    c = quantile_breaks(values, 4)
    assert c.bounds == (3.25, 5.5, 7.75, 10.0)
    assert c.lower == 1.0
    assert c.index == (0, 0, 0, 1, 1, 2, 2, 3, 3, 3)


def test_quantile_breaks_match_numpy_percentiles() -> None:
    rng = np.random.default_rng(7)
    values = rng.lognormal(8, 0.6, 20)
    c = quantile_breaks(values, 5)
    assert np.allclose(c.bounds, np.percentile(values, [20, 40, 60, 80, 100]))
    # quantile classes hold (nearly) equal counts
    assert sorted(np.bincount(c.index).tolist()) == [4, 4, 4, 4, 4]


def test_repeated_values_merge_classes_and_missing_values_get_minus_one() -> None:
    c = quantile_breaks([5.0, 5.0, 5.0, math.nan], 5)
    assert c.bounds == (5.0,)
    assert c.index == (0, 0, 0, -1)
    assert quantile_breaks([math.nan, math.nan]).bounds == ()


def test_bad_arguments_are_rejected() -> None:
    with pytest.raises(ValidationError, match="1 to 5; got 0"):
        quantile_breaks([1.0], 0)
    with pytest.raises(ValidationError, match="finite"):
        quantile_breaks([1.0, math.inf])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=1, max_size=25), st.integers(1, 5))
def test_classes_are_ordered_like_the_values(values: list[float], k: int) -> None:
    c = quantile_breaks(values, k)
    assert 1 <= c.k <= k
    assert all(0 <= i < c.k for i in c.index)
    for value, cls in zip(values, c.index, strict=True):
        assert value <= c.bounds[cls]
        if cls > 0:
            assert value > c.bounds[cls - 1]
    order = np.argsort(values, kind="stable")
    assert list(np.asarray(c.index)[order]) == sorted(c.index)


def test_palettes() -> None:
    assert len(palette(5)) == 5 and len(set(palette(5))) == 5
    assert palette(3, -1) == ("#ffeda0", "#feb24c", "#f03b20")
    assert palette(0) == ()
    with pytest.raises(ValidationError):
        palette(6)
