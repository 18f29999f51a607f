"""The wall-clock limit aimaq enforces on every solver call."""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp

from aimaq.planning.highs_run import INF, LinearModel, run_highs


def hard_knapsack(n: int = 400, m: int = 40, seed: int = 0) -> LinearModel:
    """A random multi-dimensional 0/1 knapsack: hard for branch and bound."""
    rng = np.random.default_rng(seed)
    a = sp.csc_matrix(rng.integers(1, 1000, size=(m, n)).astype(float))
    return LinearModel(
        cost=rng.integers(1, 1000, n).astype(float),
        col_lower=np.zeros(n),
        col_upper=np.ones(n),
        row_lower=np.full(m, -INF),
        row_upper=np.asarray(a.sum(axis=1)).ravel() / 2,
        a_start=a.indptr.astype(np.int64),
        a_index=a.indices.astype(np.int64),
        a_value=a.data,
        integer=np.ones(n, dtype=bool),
    )


def test_child_is_killed_when_highs_ignores_the_limit() -> None:
    # HiGHS is told it has an hour; aimaq's own limit of 1.5 s must stop it.
    started = time.perf_counter()
    out = run_highs(hard_knapsack(), time_limit=1.0, options={"time_limit": 3600.0})
    elapsed = time.perf_counter() - started
    assert out.status == "killed"
    assert out.x.size == 0
    # limit, grace, and a generous start-up on a loaded shared machine: far from the hour
    assert elapsed < 1.0 + 2.0 + 6.0


def test_highs_own_limit_returns_the_incumbent_and_bound() -> None:
    waits: list[float] = []
    out = run_highs(hard_knapsack(), time_limit=1.0, on_wait=waits.append)
    assert out.status == "time_limit"
    assert out.x.size == 400 and out.bound >= out.objective
    assert waits  # progress was reported while waiting
