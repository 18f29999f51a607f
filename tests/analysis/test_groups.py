"""Tagged against the rest: means, Theil between/within, permutation p-value of the gap."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from inequality.theil import TheilD

from aimaq.analysis.groups import group_comparison
from aimaq.errors import ValidationError


def test_theil_split_equals_pysal_theild() -> None:
    rng = np.random.default_rng(3)
    y = rng.lognormal(3.0, 0.6, 40)
    tagged = np.arange(40) % 3 == 0
    c = group_comparison(y, tagged, permutations=0)
    oracle = TheilD(y, tagged.astype(int))
    assert c.theil_between == pytest.approx(float(np.ravel(oracle.bg)[0]), rel=1e-10)
    assert c.theil_within == pytest.approx(float(np.ravel(oracle.wg)[0]), rel=1e-10)
    assert c.theil_between + c.theil_within == pytest.approx(c.theil_total, abs=1e-12)


def test_weighted_means_by_hand() -> None:
    c = group_comparison([10.0, 20.0, 30.0, 40.0], [True, True, False, False], [1.0, 3.0, 1.0, 1.0],
                         permutations=0)  # fmt: skip
    assert c.mean_tagged == pytest.approx((10 + 60) / 4)
    assert c.mean_rest == pytest.approx(35.0)
    assert c.gap == pytest.approx(17.5 - 35.0) and c.ratio == pytest.approx(0.5)


def test_p_value_matches_the_exact_permutation_distribution() -> None:
    y = np.array([3.0, 5.0, 4.0, 9.0, 11.0, 8.0, 6.0, 7.0])
    tagged = np.array([False, False, False, True, True, True, False, False])
    observed = y[tagged].mean() - y[~tagged].mean()
    gaps = []
    for chosen in combinations(range(y.size), 3):
        mask = np.zeros(y.size, dtype=bool)
        mask[list(chosen)] = True
        gaps.append(abs(y[mask].mean() - y[~mask].mean()))
    exact = float(np.mean(np.array(gaps) >= abs(observed) - 1e-12))  # 56 labellings
    c = group_comparison(y, tagged, permutations=20000, seed=7)
    assert c.p_value == pytest.approx(exact, abs=0.01)
    assert c.p_value == group_comparison(y, tagged, permutations=20000, seed=7).p_value


def test_refuses_empty_groups_nan_and_bad_weights() -> None:
    with pytest.raises(ValidationError, match="both groups need units: 0 tagged"):
        group_comparison([1.0, 2.0], [False, False])
    with pytest.raises(ValidationError, match="NaN at index 1"):
        group_comparison([1.0, float("nan")], [True, False])
    with pytest.raises(ValidationError, match="weights must be positive"):
        group_comparison([1.0, 2.0], [True, False], [1.0, 0.0])
