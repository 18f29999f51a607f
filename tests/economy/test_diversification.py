"""HHI, entropy and the coefficient of structural change: hand-worked and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from aimaq.economy.diversification import diversification
from aimaq.economy.structural_change import structural_change
from aimaq.errors import ValidationError


def test_hhi_and_entropy_by_hand() -> None:
    d = diversification([[50, 30, 20]])
    assert d.hhi[0] == pytest.approx(0.25 + 0.09 + 0.04)
    assert d.hhi_normalised[0] == pytest.approx((0.38 - 1 / 3) / (2 / 3))
    h = -(0.5 * math.log(0.5) + 0.3 * math.log(0.3) + 0.2 * math.log(0.2))
    assert d.entropy[0] == pytest.approx(h)
    assert d.entropy_relative[0] == pytest.approx(h / math.log(3))


def test_extremes() -> None:
    d = diversification([[10, 0, 0, 0], [1, 1, 1, 1]])
    assert d.hhi.tolist() == pytest.approx([1.0, 0.25])
    assert d.hhi_normalised.tolist() == pytest.approx([1.0, 0.0])
    assert d.entropy_relative.tolist() == pytest.approx([0.0, 1.0])


@given(arrays(np.float64, (5, 7), elements=st.floats(0, 1e6)))
def test_indices_stay_in_range(values: np.ndarray) -> None:
    values[:, 0] += 1.0  # every unit has something
    d = diversification(values)
    assert np.all(d.hhi >= 1 / 7 - 1e-12) and np.all(d.hhi <= 1 + 1e-12)
    assert np.all(d.entropy >= -1e-12) and np.all(d.entropy <= math.log(7) + 1e-12)
    c = structural_change(values, values[::-1])
    assert np.all(c >= 0) and np.all(c <= 1 + 1e-12)


def test_structural_change_by_hand() -> None:
    assert structural_change([[20, 30, 50]], [[10, 30, 60]]).tolist() == pytest.approx([0.1])
    assert structural_change([[1, 0]], [[0, 1]]).tolist() == pytest.approx([1.0])
    assert structural_change([[2, 3]], [[4, 6]]).tolist() == pytest.approx([0.0])


def test_shapes_must_match() -> None:
    with pytest.raises(ValidationError, match="same shape"):
        structural_change([[1, 2]], [[1, 2, 3]])
