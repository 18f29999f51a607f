from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score, silhouette_score

from aimaq.errors import ValidationError
from aimaq.indices.typology import typology


def _three_blobs() -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(8)
    centres = np.array([[0.9, 0.8, 0.2], [0.2, 0.3, 0.9], [0.5, 0.5, 0.5]])
    truth = np.repeat([0, 1, 2], 10)
    x = centres[truth] + rng.normal(0, 0.03, size=(30, 3))
    frame = pd.DataFrame(
        x, columns=["economy", "health", "infrastructure"], index=[f"r{i}" for i in range(30)]
    )
    return frame, truth


def test_recovers_separated_clusters_and_chooses_k_by_silhouette() -> None:
    frame, truth = _three_blobs()
    t = typology(frame)
    assert t.k == 3
    assert adjusted_rand_score(truth, t.labels) == 1.0
    # the reported silhouette is scikit-learn's on the standardised scores
    z = (frame - frame.mean()) / frame.std(ddof=0)
    assert t.silhouette == pytest.approx(silhouette_score(z, t.labels))
    best = t.candidates.sort_values("silhouette").iloc[-1]
    assert best["k"] == 3 and best["silhouette"] == pytest.approx(t.silhouette)
    assert set(t.candidates["method"]) == {"kmeans", "ward"}


def test_ward_agrees_with_scikit_learn() -> None:
    frame, _ = _three_blobs()
    t = typology(frame, methods=("ward",), k=3)
    z = ((frame - frame.mean()) / frame.std(ddof=0)).to_numpy()
    ref = AgglomerativeClustering(n_clusters=3, linkage="ward").fit_predict(z)
    assert adjusted_rand_score(ref, t.labels) == 1.0


def test_profiles_are_readable() -> None:
    frame, _ = _three_blobs()
    t = typology(frame)
    assert t.profiles["size"].sum() == 30
    # cluster 1 has the highest mean score: the centre (0.9, 0.8, 0.2)
    first = t.profiles.loc[1, "description"]
    assert first.startswith("above average in economy, health")
    assert "below average in infrastructure" in first
    assert list(t.labels.unique()) != []


def test_errors() -> None:
    frame, _ = _three_blobs()
    with pytest.raises(ValidationError, match="missing scores"):
        typology(frame.assign(health=np.nan))
    with pytest.raises(ValidationError, match="constant"):
        typology(frame.assign(health=1.0))
    with pytest.raises(ValidationError, match="between 2 and 29"):
        typology(frame, k=40)
    with pytest.raises(ValidationError, match="unknown clustering"):
        typology(frame, methods=("dbscan",))
