from __future__ import annotations

import numpy as np
import pytest
from sklearn.decomposition import PCA

from aimaq.errors import ValidationError
from aimaq.indices.weights import benefit_of_the_doubt, explicit_weights, pca_weights, varimax


def test_pca_single_factor_matches_scikit_learn_loadings() -> None:
    rng = np.random.default_rng(5)
    f = rng.normal(size=300)
    x = np.c_[
        f + rng.normal(0, 0.3, 300), 2 * f + rng.normal(0, 0.9, 300), f + rng.normal(0, 0.6, 300)
    ]
    res = pca_weights(x)
    assert res.retained == 1
    z = (x - x.mean(0)) / x.std(0)
    pca = PCA().fit(z)
    squared = pca.components_[0] ** 2  # unit eigenvector: squared loadings / eigenvalue
    np.testing.assert_allclose(res.weights, squared / squared.sum(), rtol=1e-8)
    np.testing.assert_allclose(res.eigenvalues, pca.explained_variance_ * 299 / 300, rtol=1e-8)


def test_pca_two_factors_weights_follow_the_handbook_steps() -> None:
    rng = np.random.default_rng(11)
    f1, f2 = rng.normal(size=(2, 400))
    x = np.c_[
        f1 + rng.normal(0, 0.3, 400),
        f1 + rng.normal(0, 0.3, 400),
        f2 + rng.normal(0, 0.3, 400),
        f2 + rng.normal(0, 0.3, 400),
    ]
    res = pca_weights(x)
    assert res.retained == 2
    assert res.weights.sum() == pytest.approx(1.0)
    # two symmetric blocks: each indicator weighs about a quarter
    np.testing.assert_allclose(res.weights, 0.25, atol=0.03)


def test_varimax_is_a_rotation() -> None:
    rng = np.random.default_rng(2)
    loadings = rng.normal(size=(6, 2))
    rotated = varimax(loadings)
    # communalities (row sums of squares) are invariant under an orthogonal rotation
    np.testing.assert_allclose((rotated**2).sum(1), (loadings**2).sum(1))


def test_pca_errors() -> None:
    with pytest.raises(ValidationError, match="more units"):
        pca_weights(np.ones((2, 3)))
    with pytest.raises(ValidationError, match="complete data"):
        pca_weights([[1.0, np.nan], [2, 3], [3, 1], [1, 1]])


def test_benefit_of_the_doubt_hand_worked() -> None:
    # Units A=(1, 0.2), B=(0.2, 1), C=(0.5, 0.5), D=(0.4, 0.4). A and B are on the
    # frontier (each puts all weight on its strong side: score 1).
    # C: maximise 0.5 (w1 + w2) subject to w1 + 0.2 w2 <= 1 and 0.2 w1 + w2 <= 1 (A and B
    # bind; C's own constraint is then slack). By symmetry w1 = w2 = 1/1.2, so
    # C = 0.5 * 2 / 1.2 = 5/6; C lies inside the frontier, dominated by (A + B) / 2.
    # D: the same weights, D = 0.4 * 2 / 1.2 = 2/3.
    res = benefit_of_the_doubt([[1.0, 0.2], [0.2, 1.0], [0.5, 0.5], [0.4, 0.4]])
    np.testing.assert_allclose(res.scores, [1.0, 1.0, 5 / 6, 2 / 3], atol=1e-9)
    # its weights make the unit's own score and respect every constraint
    y = np.array([[1.0, 0.2], [0.2, 1.0], [0.5, 0.5], [0.4, 0.4]])
    for c in range(4):
        assert (y @ res.weights[c] <= 1 + 1e-9).all()
        assert y[c] @ res.weights[c] == pytest.approx(res.scores[c])


def test_benefit_of_the_doubt_share_restriction_lowers_specialists() -> None:
    y = [[1.0, 0.1], [0.1, 1.0], [0.6, 0.6]]
    free = benefit_of_the_doubt(y).scores
    bound = benefit_of_the_doubt(y, min_share=0.4).scores
    assert (bound <= free + 1e-9).all()
    assert bound[0] < free[0]
    with pytest.raises(ValidationError, match="non-negative"):
        benefit_of_the_doubt([[-1.0, 1.0], [1, 1]])


def test_explicit_weights() -> None:
    assert explicit_weights([2, 2, 4]).tolist() == [0.25, 0.25, 0.5]
    with pytest.raises(ValidationError, match="sum to a positive number"):
        explicit_weights([0, 0])
