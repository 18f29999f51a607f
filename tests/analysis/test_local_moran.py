"""Local Moran's I against esda's Moran_Local on the same weights, values and seed."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from aimaq.analysis.local_moran import local_moran
from aimaq.analysis.neighbours import district_neighbours
from aimaq.errors import ValidationError


def _esda(y: np.ndarray, w: object, seed: int, permutations: int = 999) -> object:
    import esda

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.Moran_Local(y, w, permutations=permutations, seed=seed)


@pytest.mark.parametrize(("kind", "seed"), [("queen", 42), ("rook", 7), ("knn", 2024)])
def test_equals_esda_on_the_districts(kind: str, seed: int) -> None:
    w = district_neighbours(2024, kind).weights()  # type: ignore[arg-type]
    y = np.random.default_rng(seed).lognormal(size=w.n)
    ref = _esda(y, w, seed)
    ours = local_moran(y, w.sparse, permutations=999, seed=seed)
    np.testing.assert_allclose(ours.local_i, ref.Is, rtol=1e-12, atol=1e-14)
    assert (ours.quadrant == ref.q).all()
    # the same draws: the simulated means agree to rounding
    np.testing.assert_allclose(ours.expected_sim, ref.EI_sim, rtol=1e-10, atol=1e-14)
    sims = np.asarray(ref.sim).T
    ties = np.isclose(sims, ref.Is[:, None], rtol=1e-10, atol=1e-14).sum(axis=1)
    differ = ours.p_sim != ref.p_sim
    # p-values are esda's except where a draw ties with the observed statistic
    assert (ties[differ] > 0).all()
    assert (np.abs(ours.p_sim - ref.p_sim)[differ] <= ties[differ] / 1000 + 1e-12).all()
    assert differ.sum() <= 0.05 * w.n


def test_hand_worked_ring() -> None:
    # six units on a ring, each with its two neighbours at weight 1/2
    w = csr_matrix((np.roll(np.eye(6), 1, axis=1) + np.roll(np.eye(6), -1, axis=1)) / 2)
    y = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    z = (y - y.mean()) / y.std()
    lag = np.array([(z[5] + z[1]) / 2, (z[0] + z[2]) / 2])
    expected = (6 - 1) * z[:2] * lag / (z @ z)
    out = local_moran(y, w, permutations=99, seed=3)
    np.testing.assert_allclose(out.local_i[:2], expected)
    assert out.quadrant.tolist() == [2, 3, 3, 1, 1, 4]
    assert ((out.p_sim > 0) & (out.p_sim <= 0.5 + 1e-12)).all()


def test_bad_input_is_refused() -> None:
    w = csr_matrix(np.array([[0, 1.0, 0], [1.0, 0, 0], [0, 0, 0]]))
    with pytest.raises(ValidationError, match="index 2 has no neighbour"):
        local_moran([1.0, 2.0, 3.0], w)
    with pytest.raises(ValidationError, match="finite; got nan at index 1"):
        local_moran([1.0, np.nan, 3.0], csr_matrix(np.ones((3, 3)) - np.eye(3)))
    with pytest.raises(ValidationError, match="zero diagonal"):
        local_moran([1.0, 2.0, 3.0], csr_matrix(np.ones((3, 3))))
