from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from index_cases import small_definition

from aimaq.indices.definition import parse_definition
from aimaq.indices.pipeline import build_index, normalise_frame, ranks_of
from aimaq.indices.sobol import sobol_indices
from aimaq.indices.tree import compute_tree
from aimaq.indices.uncertainty import AS_DEFINED, RankModel, rank_uncertainty


def _ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_estimators_on_the_ishigami_function() -> None:
    # Analytic values (Saltelli et al. 2008, Global Sensitivity Analysis, Table 4.1):
    # S1 = 0.3139, S2 = 0.4424, S3 = 0; ST1 = 0.5576, ST2 = 0.4424, ST3 = 0.2437
    rng = np.random.default_rng(0)
    n = 40_000
    a = rng.uniform(-np.pi, np.pi, size=(n, 3))
    b = rng.uniform(-np.pi, np.pi, size=(n, 3))
    ab = []
    for i in range(3):
        m = a.copy()
        m[:, i] = b[:, i]
        ab.append(_ishigami(m))
    s = sobol_indices(_ishigami(a), _ishigami(b), ab)
    np.testing.assert_allclose(s.first[:, 0], [0.3139, 0.4424, 0.0], atol=0.03)
    np.testing.assert_allclose(s.total[:, 0], [0.5576, 0.4424, 0.2437], atol=0.03)


@pytest.mark.parametrize("alternative", ["geometric", "copeland", "mazziotta_pareto"])
def test_vectorised_draws_equal_the_pipeline_run_one_by_one(
    small_data: pd.DataFrame, alternative: str
) -> None:
    d = parse_definition(
        small_definition(
            defaults={"normalise": {"method": "minmax", "low": 1, "high": 100}},
            uncertainty={"normalise": ["zscore"], "aggregate": [alternative]},
        )
    )
    model = RankModel(d, small_data)
    sample = model.sample(12, np.random.default_rng(4))
    ranks = model.evaluate(sample, 12)
    norms = model.factors[0].alternatives
    aggs = model.factors[1].alternatives
    for k in range(12):
        norm = norms[int(sample["normalisation"][k])]
        agg = aggs[int(sample["aggregation"][k])]
        matrix = normalise_frame(
            d, small_data, {c: 1 for c in "abcd"}, method=None if norm == AS_DEFINED else norm
        )
        weights = {g: np.asarray(sample[f"weights:{g}"][k]) for g in ("p1", "p2", "top")}
        scores, _ = compute_tree(
            d, matrix, weights=weights, aggregation=None if agg == AS_DEFINED else agg
        )
        assert ranks[k].tolist() == ranks_of(scores["top"]).tolist()


def test_rank_intervals_hold_the_nominal_rank_and_list_every_factor(
    small_data: pd.DataFrame,
) -> None:
    d = parse_definition(small_definition())
    r = rank_uncertainty(d, small_data, draws=400, sobol_base=200)
    nominal = build_index(d, small_data).ranks
    assert r.nominal_rank.tolist() == nominal.tolist()
    assert (r.rank_low <= r.median_rank).all() and (r.median_rank <= r.rank_high).all()
    assert r.rank_low.min() >= 1 and r.rank_high.max() <= len(small_data)
    assert [v.split(":")[0] for v in r.varied] == [
        "normalisation",
        "aggregation",
        "weights",
        "weights",
        "weights",
    ]
    assert any("imputation" in n for n in r.not_varied)
    assert list(r.sensitivity.index) == [
        "normalisation",
        "aggregation",
        "weights:p1",
        "weights:p2",
        "weights:top",
    ]
    assert (r.sensitivity["total"] >= -0.05).all()
    # same seed, same answer
    again = rank_uncertainty(d, small_data, draws=400, sobol_base=200)
    assert again.rank_high.equals(r.rank_high) and again.sensitivity.equals(r.sensitivity)


def test_imputation_is_varied_when_values_are_missing(small_data: pd.DataFrame) -> None:
    gap = small_data.copy()
    gap.loc["u2", "c"] = np.nan
    d = parse_definition(
        small_definition(
            preprocess={"impute": "mean"},
            uncertainty={"impute": ["median"], "normalise": [], "aggregate": []},
        )
    )
    r = rank_uncertainty(d, gap, draws=100, sobol_base=100)
    assert r.varied[0] == "imputation: as defined | median"
    assert "normalisation: no alternative method listed" in r.not_varied


def test_nothing_varied_is_said(small_data: pd.DataFrame) -> None:
    d = parse_definition(
        small_definition(uncertainty={"weights": False, "normalise": [], "aggregate": []})
    )
    r = rank_uncertainty(d, small_data, draws=50)
    assert r.varied == ()
    # imputation, normalisation, aggregation, outliers, 3 weight sets
    assert len(r.not_varied) == 4 + 3
    assert (r.rank_low == r.rank_high).all()


def test_too_few_draws(small_data: pd.DataFrame) -> None:
    from aimaq.errors import ValidationError

    with pytest.raises(ValidationError, match="at least 10 draws"):
        rank_uncertainty(parse_definition(small_definition()), small_data, draws=3)


def test_ten_thousand_draws_are_vectorised() -> None:
    """The benchmark's size: 220 units x 30 indicators in 6 pillars, 10,000 draws."""
    rng = np.random.default_rng(7)
    cols = [f"x{j:02d}" for j in range(30)]
    data = pd.DataFrame(rng.lognormal(3.0, 0.5, size=(220, 30)), columns=cols)
    d = parse_definition(
        {
            "name": "big",
            "indicators": [{"id": c, "polarity": 1} for c in cols],
            "groups": [{"id": f"p{k}", "members": cols[5 * k : 5 * k + 5]} for k in range(6)]
            + [{"id": "index", "members": [f"p{k}" for k in range(6)]}],
            "uncertainty": {"normalise": ["zscore", "rank"], "aggregate": ["geometric"]},
        }
    )
    model = RankModel(d, data)
    sample = model.sample(10_000, np.random.default_rng(1))
    ranks = model.evaluate(sample, 10_000)
    assert ranks.shape == (10_000, 220)
