"""RCA, density and ECI against Harvard Growth Lab's ecomplexity (test oracle)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from aimaq.economy.complexity import complexity
from aimaq.errors import ValidationError

ecomplexity = pytest.importorskip("ecomplexity")


@pytest.mark.parametrize("seed", [3, 11])
def test_matches_ecomplexity(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.gamma(0.6, 100, size=(15, 12)).round() + 1
    frame = pd.DataFrame(
        [
            {"time": 2020, "loc": f"u{i:02d}", "prod": f"s{j:02d}", "val": values[i, j]}
            for i in range(15)
            for j in range(12)
        ]
    )
    cols = {"time": "time", "loc": "loc", "prod": "prod", "val": "val"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        oracle = ecomplexity.ecomplexity(frame, cols, presence_test="rca")
        prox = ecomplexity.proximity(frame, cols, presence_test="rca")
    oracle = oracle.sort_values(["loc", "prod"])
    ours = complexity(values)
    pivot = oracle.pivot(index="loc", columns="prod", values="rca").to_numpy()
    assert np.allclose(pivot, ours.rca)
    assert np.allclose(oracle.groupby("loc")["eci"].first().to_numpy(), ours.eci)
    assert np.allclose(
        oracle.pivot(index="loc", columns="prod", values="density").to_numpy(), ours.density
    )
    phi = prox.pivot(index="prod_1", columns="prod_2", values="proximity").to_numpy()
    assert np.allclose(phi, ours.proximity)


def test_refuses_coarse_breakdowns() -> None:
    with pytest.raises(ValidationError, match="at least 10 sectors; got 3"):
        complexity(np.ones((20, 3)))
