from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kurtosis, skew

from aimaq.errors import ValidationError
from aimaq.indices.impute import impute, impute_carry_forward, impute_group_mean
from aimaq.indices.outliers import needs_treatment, shape, treat_outliers, winsorise

FRAME = pd.DataFrame(
    {"a": [1.0, np.nan, 3.0, 10.0], "b": [2.0, 2.0, np.nan, np.nan]},
    index=["p", "q", "r", "s"],
)


def test_mean_and_median_fill_and_record() -> None:
    r = impute(FRAME, "mean")
    assert r.frame.at["q", "a"] == pytest.approx(14 / 3)
    assert r.frame.at["r", "b"] == 2.0
    assert {(i.unit, i.indicator) for i in r.imputed} == {("q", "a"), ("r", "b"), ("s", "b")}
    assert all(i.basis.startswith("mean of") for i in r.imputed)
    assert impute(FRAME, "median").frame.at["q", "a"] == 3.0
    assert FRAME.isna().sum().sum() == 3  # the input is left as it was


def test_group_mean() -> None:
    groups = {"p": "N", "q": "N", "r": "S", "s": "S"}
    r = impute_group_mean(FRAME[["a"]], groups)
    assert r.frame.at["q", "a"] == 1.0
    assert r.imputed[0].basis == "group N"
    with pytest.raises(ValidationError, match="group 'S' of unit 'r' has no value"):
        impute_group_mean(FRAME[["b"]], groups)
    with pytest.raises(ValidationError, match="no group given for unit 's'"):
        impute_group_mean(FRAME, {"p": "N", "q": "N", "r": "S"})


def test_carry_forward_takes_the_latest_earlier_value() -> None:
    older = pd.DataFrame({"a": [9.0, 7.0, 9.0, 9.0]}, index=FRAME.index)
    old = pd.DataFrame({"a": [8.0, np.nan, 8.0, 8.0]}, index=FRAME.index)
    r = impute_carry_forward(FRAME[["a"]], [("2021", old), ("2020", older)])
    assert r.frame.at["q", "a"] == 7.0
    assert r.imputed[0].basis == "value of 2020"


def test_unknown_method() -> None:
    with pytest.raises(ValidationError, match="unknown imputation"):
        impute(FRAME, "zero")


def test_shape_matches_scipy_and_rule() -> None:
    x = np.array([1.0, 2, 2, 3, 3, 3, 4, 50])
    s, k = shape(x)
    assert s == pytest.approx(skew(x, bias=False))
    assert k == pytest.approx(kurtosis(x, bias=False))
    assert needs_treatment(x)
    assert not needs_treatment([1.0, 2, 3, 4, 5, 6, 7, 8])


def test_winsorise_until_the_rule_is_met() -> None:
    x = np.array([1.0, 2, 2, 3, 3, 3, 4, 4, 5, 5, 4, 3, 3, 2, 4, 3, 90, 120])
    y, changed = winsorise(x)
    # 120 -> 90 (rule still met), then both 90s -> 5, the next highest value
    assert changed == 3
    assert not needs_treatment(y)
    assert y.max() == 5.0 and sorted(y)[:16] == sorted(x)[:16]


def test_treat_outliers_reports_each_indicator() -> None:
    f = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6, 7, 400], "b": np.arange(8.0) + 1})
    out, done = treat_outliers(f, "log")
    assert [t.indicator for t in done] == ["a"]
    np.testing.assert_allclose(out["a"], np.log(f["a"]))
    assert out["b"].equals(f["b"])
    with pytest.raises(ValidationError, match="unknown outlier"):
        treat_outliers(f, "trim")
