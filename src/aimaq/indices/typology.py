"""A typology of territories: clusters of units on their pillar scores.

Pillar scores are standardised (z-scores), then clustered by k-means and by Ward's
hierarchical method for every k in a range; the k (and method) with the highest mean
silhouette width (Rousseeuw 1987) is chosen, and every candidate's silhouette is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.metrics import silhouette_score

from aimaq.errors import ValidationError

METHODS = ("kmeans", "ward")


@dataclass(frozen=True)
class Typology:
    """The chosen clustering, the silhouette of every candidate and a profile per cluster."""

    method: str
    k: int
    labels: pd.Series  # unit -> cluster number (1 = the cluster with the highest mean score)
    silhouette: float
    candidates: pd.DataFrame  # method, k, silhouette
    profiles: pd.DataFrame  # cluster x pillars (mean z-score), size, description


def _cluster(z: np.ndarray, method: str, k: int, seed: int) -> np.ndarray:
    if method == "kmeans":
        return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(z)
    return AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(z)


def _describe(row: pd.Series, threshold: float) -> str:
    high = [c for c, v in row.sort_values(ascending=False).items() if v >= threshold]
    low = [c for c, v in row.sort_values().items() if v <= -threshold]
    parts = []
    if high:
        parts.append("above average in " + ", ".join(map(str, high)))
    if low:
        parts.append("below average in " + ", ".join(map(str, low)))
    return "; ".join(parts) if parts else "close to average on every pillar"


def typology(
    scores: pd.DataFrame,
    *,
    methods: tuple[str, ...] = METHODS,
    k: int | None = None,
    k_max: int = 8,
    seed: int = 0,
    threshold: float = 0.5,
) -> Typology:
    """Cluster units (rows) on pillar scores (columns); choose k by silhouette.

    Parameters
    ----------
    scores
        Pillar scores, one row per unit; no missing values.
    methods
        ``kmeans`` and/or ``ward``.
    k
        A fixed number of clusters; ``None`` tries 2..``k_max`` (at most n-1).
    threshold
        A profile calls a pillar above (below) average at a mean z-score of at least
        ``threshold`` (at most ``-threshold``).

    Examples
    --------
    >>> f = pd.DataFrame({"econ": [1, 1.1, 0.9, 5, 5.2, 4.8], "health": [2, 2.1, 1.9, 0, .1, -.1]})
    >>> t = typology(f, seed=1)
    >>> t.k, sorted(t.labels.value_counts().tolist())
    (2, [3, 3])
    """
    bad = [m for m in methods if m not in METHODS]
    if bad or not methods:
        raise ValidationError(f"unknown clustering method(s) {bad}; choose from {list(METHODS)}")
    if scores.isna().any().any():
        col = next(c for c in scores.columns if scores[c].isna().any())
        raise ValidationError(f"pillar {col!r} has missing scores; typology needs complete data")
    n = len(scores)
    if n < 3:
        raise ValidationError(f"a typology needs at least 3 units; got {n}")
    sd = scores.std(ddof=0)
    constant = [str(c) for c in sd.index[sd == 0]]
    if constant:
        raise ValidationError(f"pillar(s) {constant} are constant; they cannot separate units")
    z = ((scores - scores.mean()) / sd).to_numpy(dtype=np.float64)
    ks = [k] if k is not None else list(range(2, min(k_max, n - 1) + 1))
    if any(not 2 <= kk <= n - 1 for kk in ks):
        raise ValidationError(f"the number of clusters must be between 2 and {n - 1}; got {k}")
    rows = []
    best: tuple[float, str, int, np.ndarray] | None = None
    for method in methods:
        for kk in ks:
            labels = _cluster(z, method, kk, seed)
            if len(set(labels)) < 2:
                continue
            sil = float(silhouette_score(z, labels))
            rows.append({"method": method, "k": kk, "silhouette": sil})
            if best is None or sil > best[0] + 1e-12:
                best = (sil, method, kk, labels)
    if best is None:
        raise ValidationError("no clustering separated the units (all points identical?)")
    sil, method, kk, labels = best
    zf = pd.DataFrame(z, index=scores.index, columns=scores.columns)
    means = zf.groupby(labels).mean()
    order = means.mean(axis=1).sort_values(ascending=False).index
    renumber = {old: new for new, old in enumerate(order, start=1)}
    named = pd.Series([renumber[x] for x in labels], index=scores.index, name="cluster")
    profiles = zf.groupby(named.to_numpy()).mean()
    profiles.index.name = "cluster"
    profiles["size"] = named.value_counts().sort_index().to_numpy()
    profiles["description"] = [
        _describe(profiles.loc[c, list(scores.columns)], threshold) for c in profiles.index
    ]
    return Typology(
        method=method,
        k=kk,
        labels=named,
        silhouette=sil,
        candidates=pd.DataFrame(rows),
        profiles=profiles,
    )
