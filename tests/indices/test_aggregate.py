from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import gmean

from aimaq.errors import ValidationError
from aimaq.indices.aggregate import (
    aggregate,
    arithmetic,
    copeland,
    geometric,
    mazziotta_pareto,
)

RNG = np.random.default_rng(3)
X = RNG.uniform(0.1, 1.0, size=(12, 4))
W = np.array([0.1, 0.2, 0.3, 0.4])


def test_arithmetic_matches_numpy_average() -> None:
    np.testing.assert_allclose(arithmetic(X, W * 7), np.average(X, axis=1, weights=W))


def test_geometric_matches_scipy_gmean() -> None:
    np.testing.assert_allclose(geometric(X, W), gmean(X, axis=1, weights=W))
    np.testing.assert_allclose(geometric(X, np.ones(4)), gmean(X, axis=1))


def test_weight_draws_give_one_row_per_draw() -> None:
    draws = RNG.dirichlet(np.ones(4), size=5)
    out = arithmetic(X, draws)
    assert out.shape == (5, 12)
    for d in range(5):
        np.testing.assert_allclose(out[d], arithmetic(X, draws[d]))
    out = geometric(X, draws)
    np.testing.assert_allclose(out[2], gmean(X, axis=1, weights=draws[2]))


def test_geometric_zero_and_negative() -> None:
    assert geometric([[0.0, 0.5]], [1, 1]).tolist() == [0.0]
    with pytest.raises(ValidationError, match="needs values >= 0; member 1 of unit 0"):
        geometric([[0.2, -0.5]], [1, 1], name="g")


def test_mazziotta_pareto_hand_worked() -> None:
    # unit A: z = 100, 110, 120 -> M = 110, S = sqrt(200/3) = 8.16497, cv = S/M
    # MPI = M - S * cv = 110 - 66.6667/110 = 109.3939
    # unit B: 110, 110, 110 -> MPI = 110 (no penalty for balance)
    out = mazziotta_pareto([[100.0, 110.0, 120.0], [110.0, 110.0, 110.0]], [1, 1, 1])
    assert out.round(4).tolist() == [109.3939, 110.0]


def test_copeland_hand_worked() -> None:
    # three units, three criteria with weights 0.5, 0.3, 0.2
    x = [[3.0, 1.0, 1.0], [2.0, 3.0, 3.0], [1.0, 2.0, 2.0]]
    # A vs B: A better on c1 (0.5), B on c2, c3 (0.5): tie -> 0
    # A vs C: A better on c1 (0.5), C on c2, c3 (0.5): tie -> 0
    # B vs C: B better on all -> B wins
    # wins - losses: A 0, B +1, C -1; rescaled (c + 2) / 4
    assert copeland(x, [0.5, 0.3, 0.2]).tolist() == [0.5, 0.75, 0.25]
    draws = np.array([[0.5, 0.3, 0.2], [0.8, 0.1, 0.1]])
    out = copeland(x, draws)
    assert out[0].tolist() == [0.5, 0.75, 0.25]
    # with c1 weighing 0.8, A beats both others
    assert out[1].tolist() == [1.0, 0.5, 0.0]


def test_missing_member_gives_missing_score() -> None:
    x = np.array([[0.5, np.nan], [0.2, 0.4]])
    assert np.isnan(arithmetic(x, [1, 1])[0])
    assert np.isnan(geometric(x, [1, 1])[0])
    with pytest.raises(ValidationError, match="complete data"):
        copeland(x, [1, 1])


def test_bad_weights() -> None:
    with pytest.raises(ValidationError, match="sum to a positive number"):
        arithmetic(X, np.zeros(4))
    with pytest.raises(ValidationError, match="4 members but weights of shape"):
        arithmetic(X, [1, 1])
    with pytest.raises(ValidationError, match="unknown aggregation"):
        aggregate(X, W, "harmonic")
