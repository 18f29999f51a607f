"""Forecast models against statsmodels, and the refusal to forecast short series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.holtwinters import ExponentialSmoothing

from aimaq.errors import ValidationError
from aimaq.monitoring.forecast import MIN_POINTS, forecast, holt, log_linear

YEARS = np.arange(2010, 2020)
VALUES = np.array([5.0, 5.4, 5.9, 6.1, 6.8, 7.0, 7.7, 8.1, 8.4, 9.2])


def test_log_linear_equals_statsmodels_ols_prediction_interval() -> None:
    horizon = [2021, 2024]
    ours = log_linear(YEARS, VALUES, horizon, level=0.9)
    fit = sm.OLS(np.log(VALUES), sm.add_constant(YEARS.astype(float))).fit()
    frame = fit.get_prediction(
        sm.add_constant(np.array(horizon, dtype=float), has_constant="add")
    ).summary_frame(alpha=0.1)
    np.testing.assert_allclose(ours.mean, np.exp(frame["mean"]), rtol=1e-10)
    np.testing.assert_allclose(ours.lower, np.exp(frame["obs_ci_lower"]), rtol=1e-10)
    np.testing.assert_allclose(ours.upper, np.exp(frame["obs_ci_upper"]), rtol=1e-10)


def test_holt_point_forecasts_equal_statsmodels_holtwinters() -> None:
    alpha, beta = 0.6, 0.3
    trend0 = VALUES[1] - VALUES[0]
    ref = ExponentialSmoothing(
        VALUES,
        trend="add",
        initialization_method="known",
        initial_level=VALUES[0] - trend0,
        initial_trend=trend0,
    ).fit(smoothing_level=alpha, smoothing_trend=beta, optimized=False)
    ours = holt(YEARS, VALUES, [2020, 2021, 2022], alpha=alpha, beta=beta)
    np.testing.assert_allclose(ours.mean, ref.forecast(3), rtol=1e-12)


def test_holt_interval_equals_statsmodels_ets_up_to_the_dof_correction() -> None:
    alpha, beta = 0.6, 0.3
    series = pd.Series(VALUES, index=pd.period_range("2010", periods=len(VALUES), freq="Y"))
    trend0 = VALUES[1] - VALUES[0]
    ets = ETSModel(
        series,
        error="add",
        trend="add",
        initialization_method="known",
        initial_level=VALUES[0] - trend0,
        initial_trend=trend0,
    ).smooth([alpha, alpha * beta])  # ETS's trend smoothing is alpha * Holt's beta
    ref = ets.get_prediction(start=len(VALUES), end=len(VALUES) + 3).summary_frame(alpha=0.1)
    ours = holt(YEARS, VALUES, [2020, 2021, 2022, 2023], alpha=alpha, beta=beta)
    np.testing.assert_allclose(ours.mean, ref["mean"], rtol=1e-10)
    # statsmodels uses the ML variance SSE/n; aimaq divides by n - 2 (two smoothing parameters)
    scale = np.sqrt(len(VALUES) / (len(VALUES) - 2))
    np.testing.assert_allclose(
        np.array(ours.upper) - ours.mean, (ref["pi_upper"] - ref["mean"]) * scale, rtol=1e-8
    )


def test_forecast_chooses_by_out_of_sample_error() -> None:
    exponential = 3.0 * 1.15 ** np.arange(10)
    fc = forecast(YEARS, exponential, [2022])
    assert fc.model == "log-linear"
    assert fc.backtest_mae["log-linear"] < fc.backtest_mae["holt"]
    assert fc.lower[0] <= fc.mean[0] <= fc.upper[0]


def test_negative_values_rule_out_the_log_model() -> None:
    values = np.array([-1.0, -0.5, 0.2, 0.8, 1.1, 1.9, 2.2])
    fc = forecast(np.arange(2015, 2022), values, [2023])
    assert fc.model in {"holt", "ses"} and set(fc.backtest_mae) == {"holt", "ses"}


def test_short_series_is_refused_not_extrapolated() -> None:
    with pytest.raises(
        ValidationError, match=f"series too short to forecast: 3 annual values, need {MIN_POINTS}"
    ):
        forecast([2019, 2021, 2024], [54.8, 64.1, 66.1], [2028])


def test_gaps_exclude_holt_and_nan_is_named() -> None:
    with pytest.raises(ValidationError, match="consecutive annual values"):
        holt([2010, 2011, 2013], [1.0, 2.0, 3.0], [2014])
    with pytest.raises(ValidationError, match="value is NaN at position 1"):
        log_linear([2010, 2011, 2012], [1.0, np.nan, 3.0], [2014])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.floats(min_value=0.5, max_value=1e6, allow_nan=False), min_size=MIN_POINTS, max_size=12
    ),
    st.integers(min_value=1, max_value=6),
)
def test_interval_always_contains_the_point_forecast(values: list[float], ahead: int) -> None:
    years = np.arange(2000, 2000 + len(values))
    fc = forecast(years, values, [int(years[-1]) + ahead])
    assert fc.lower[0] <= fc.mean[0] + 1e-9 and fc.mean[0] <= fc.upper[0] + 1e-9
