"""Location quotients (with the bound checked by simulation) and Krugman's index."""

from __future__ import annotations

import numpy as np
import pytest

from aimaq.economy.specialisation import krugman, location_quotients
from aimaq.errors import ValidationError

# Hand-worked: regions (30, 70) and (20, 180); nation (50, 250), shares 1/6 and 5/6.
TABLE = [[30, 70], [20, 180]]


def test_location_quotients_by_hand() -> None:
    lq = location_quotients(TABLE).lq
    assert lq[0, 0] == pytest.approx(0.3 / (1 / 6))  # 1.8
    assert lq[0, 1] == pytest.approx(0.7 / (5 / 6))  # 0.84
    assert lq[1, 0] == pytest.approx(0.1 / (1 / 6))  # 0.6
    assert lq[1, 1] == pytest.approx(0.9 / (5 / 6))  # 1.08


def test_weighted_mean_of_quotients_is_one() -> None:
    # sum_i (e_i / E) LQ_ij = 1 for every sector when the nation is the sum of the units
    rng = np.random.default_rng(1)
    values = rng.integers(1, 1000, size=(40, 21)).astype(float)
    lq = location_quotients(values).lq
    weights = values.sum(axis=1) / values.sum()
    assert np.allclose(weights @ lq, 1.0)


def test_given_reference_is_used() -> None:
    lq = location_quotients([[30, 70]], reference=[100, 900]).lq
    assert lq[0].tolist() == pytest.approx([3.0, 0.7 / 0.9])


def test_bound_covers_the_true_quotient_in_about_95_percent_of_draws() -> None:
    # Monte Carlo check of the delta-method bound: draw the whole table as one multinomial
    # sample of N persons from known cell probabilities, count how often the bound of
    # region 0, sector 0 contains the true LQ.
    p = np.array([[0.02, 0.08, 0.10], [0.10, 0.30, 0.40]])
    true_lq = (p[0, 0] / p[0].sum()) / p[:, 0].sum()
    rng = np.random.default_rng(7)
    draws = rng.multinomial(4000, p.ravel(), size=3000).reshape(3000, 2, 3).astype(float)
    res = location_quotients(draws, confidence=0.95)
    covered = (res.lower[:, 0, 0] <= true_lq) & (true_lq <= res.upper[:, 0, 0])
    assert 0.93 <= covered.mean() <= 0.97


def test_bound_is_nan_for_an_empty_cell_and_significance_signs() -> None:
    res = location_quotients([[0, 100], [50, 50]], confidence=0.9)
    assert np.isnan(res.lower[0, 0]) and res.lq[0, 0] == 0
    assert res.significant[1].tolist() == [1.0, -1.0]


def test_krugman_by_hand_and_range() -> None:
    assert krugman(TABLE).tolist() == pytest.approx([0.8 / 3, 0.4 / 3])
    # a unit entirely in a sector the nation lacks reaches the maximum 2
    assert krugman([[0, 10]], reference=[10, 0]).tolist() == pytest.approx([2.0])


def test_bad_input_is_named() -> None:
    with pytest.raises(ValidationError, match=r"non-negative; got -3 at index \(1, 0\)"):
        location_quotients([[1, 2], [-3, 4]])
    with pytest.raises(ValidationError, match="NaN at index"):
        krugman([[1, np.nan], [3, 4]])
    with pytest.raises(ValidationError, match="all zero"):
        krugman([[0, 0], [3, 4]])
    with pytest.raises(ValidationError, match="confidence"):
        location_quotients(TABLE, confidence=95)
