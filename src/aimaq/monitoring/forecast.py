"""Forecasting a KPI series to its target year, with a prediction interval.

Two models, both fitted to annual values:

- ``log-linear``: ordinary least squares of ``log(y)`` on the year; the interval is the
  OLS prediction interval on the log scale, transformed back (so the point forecast is
  the median).
- ``log-linear-recent``: the same on the last eight years only (trends change).
- ``ses``: simple exponential smoothing, ETS(A,N,N) (no trend; a random walk when
  alpha = 1), with the interval sigma^2 (1 + (h - 1) alpha^2).
- ``holt``: Holt's linear-trend exponential smoothing, parameters by least squares of the
  one-step errors; the interval is that of the equivalent ETS(A,A,N) model
  (Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., table 8.8).

:func:`forecast` chooses between them by their out-of-sample error on the series' own past
(rolling origin). Series that are too short are refused, never extrapolated.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, stats

from aimaq.errors import ValidationError

MIN_POINTS = 5  # fewest annual values from which aimaq forecasts (needs >= 1 hold-out)
MODELS = ("log-linear", "log-linear-recent", "holt", "ses")


@dataclass(frozen=True)
class Forecast:
    """Point forecasts and prediction interval for the requested years."""

    model: str
    years: tuple[int, ...]
    mean: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    level: float
    params: dict[str, float] = field(default_factory=dict)
    backtest_mae: dict[str, float] = field(default_factory=dict)

    def at(self, year: int) -> tuple[float, float, float]:
        """(mean, lower, upper) for one forecast year."""
        i = self.years.index(year)
        return self.mean[i], self.lower[i], self.upper[i]


def _series(years: ArrayLike, values: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValidationError(
            f"years and values must be 1-D and of one length; got {x.shape} and {y.shape}"
        )
    if np.isnan(y).any():
        raise ValidationError(f"value is NaN at position {int(np.flatnonzero(np.isnan(y))[0])}")
    if len(x) > 1 and np.any(np.diff(x) <= 0):
        raise ValidationError("years must be strictly increasing")
    return x, y


def log_linear(
    years: ArrayLike, values: ArrayLike, horizon: ArrayLike, level: float = 0.9
) -> Forecast:
    """Log-linear trend forecast with an OLS prediction interval.

    Examples
    --------
    >>> f = log_linear([2018, 2019, 2020, 2021], [100, 110, 121, 133.1], [2022])
    >>> round(f.mean[0], 2)
    146.41
    """
    x, y = _series(years, values)
    if len(x) < 3:
        raise ValidationError(f"log-linear trend needs at least 3 values; got {len(x)}")
    if np.any(y <= 0):
        raise ValidationError(
            f"log-linear trend needs positive values; got {y[y <= 0][0]} at position {int(np.flatnonzero(y <= 0)[0])}"
        )
    ly = np.log(y)
    n = len(x)
    xbar = x.mean()
    sxx = float(((x - xbar) ** 2).sum())
    slope = float(((x - xbar) * (ly - ly.mean())).sum() / sxx)
    intercept = float(ly.mean() - slope * xbar)
    resid = ly - (intercept + slope * x)
    s = float(np.sqrt((resid**2).sum() / (n - 2)))
    h = np.asarray(horizon, dtype=float)
    centre = intercept + slope * h
    se = s * np.sqrt(1 + 1 / n + (h - xbar) ** 2 / sxx)
    t = float(stats.t.ppf((1 + level) / 2, n - 2))
    return Forecast(
        model="log-linear",
        years=tuple(int(v) for v in h),
        mean=tuple(np.exp(centre).tolist()),
        lower=tuple(np.exp(centre - t * se).tolist()),
        upper=tuple(np.exp(centre + t * se).tolist()),
        level=level,
        params={"growth_rate": float(np.expm1(slope)), "sigma_log": s},
    )


def holt_filter(
    values: NDArray[np.float64], alpha: float, beta: float, level0: float, trend0: float
) -> tuple[NDArray[np.float64], float, float]:
    """Run Holt's recursions; returns the one-step fitted values and the final level and trend."""
    fitted = np.empty_like(values)
    lev, tr = level0, trend0
    for i, obs in enumerate(values):
        fitted[i] = lev + tr
        new_lev = alpha * obs + (1 - alpha) * (lev + tr)
        tr = beta * (new_lev - lev) + (1 - beta) * tr
        lev = new_lev
    return fitted, lev, tr


_GRID = np.linspace(0.0, 1.0, 21)


def _estimate_holt(y: NDArray[np.float64], level0: float, trend0: float) -> tuple[float, float]:
    """Least-squares smoothing parameters: a vectorised grid, then a bounded local refinement."""
    a, b = (g.ravel() for g in np.meshgrid(_GRID, _GRID, indexing="ij"))
    lev = np.full_like(a, level0)
    tr = np.full_like(a, trend0)
    sse = np.zeros_like(a)
    for obs in y:  # all parameter pairs at once, one step of time per iteration
        sse += (obs - lev - tr) ** 2
        new_lev = a * obs + (1 - a) * (lev + tr)
        tr = b * (new_lev - lev) + (1 - b) * tr
        lev = new_lev
    start = np.array([a[np.argmin(sse)], b[np.argmin(sse)]])

    def objective(p: NDArray[np.float64]) -> float:
        fitted, _, _ = holt_filter(y, p[0], p[1], level0, trend0)
        return float(((y - fitted) ** 2).sum())

    best = optimize.minimize(objective, start, bounds=[(0.0, 1.0), (0.0, 1.0)], method="L-BFGS-B")
    if best.fun <= objective(start):
        return float(best.x[0]), float(best.x[1])
    return float(start[0]), float(start[1])


def holt(
    years: ArrayLike,
    values: ArrayLike,
    horizon: ArrayLike,
    level: float = 0.9,
    *,
    alpha: float | None = None,
    beta: float | None = None,
) -> Forecast:
    """Holt's linear-trend forecast (consecutive annual values) with an ETS(A,A,N) interval.

    The initial state makes the first fitted value equal the first observation
    (trend = y2 - y1); ``alpha`` and ``beta`` are estimated when not given.

    Examples
    --------
    >>> f = holt(range(2015, 2021), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [2021])
    >>> round(f.mean[0], 6)
    7.0
    """
    x, y = _series(years, values)
    if len(x) < 3:
        raise ValidationError(f"Holt's method needs at least 3 values; got {len(x)}")
    if np.any(np.diff(x) != 1):
        raise ValidationError("Holt's method needs consecutive annual values (the series has gaps)")
    trend0 = y[1] - y[0]
    level0 = y[0] - trend0

    if (alpha is None) != (beta is None):
        raise ValidationError("give both alpha and beta, or neither (then both are estimated)")
    if alpha is None or beta is None:
        alpha_, beta_ = _estimate_holt(y, level0, trend0)
    else:
        alpha_, beta_ = alpha, beta
    fitted, lev, tr = holt_filter(y, alpha_, beta_, level0, trend0)
    resid = y - fitted
    dof = max(len(y) - 2, 1)
    sigma2 = float((resid**2).sum() / dof)
    h = np.asarray(horizon, dtype=float) - x[-1]
    if np.any(h < 1):
        raise ValidationError("forecast years must come after the last observed year")
    mean = lev + h * tr
    var = np.array(
        [sigma2 * (1 + sum((alpha_ * (1 + j * beta_)) ** 2 for j in range(1, int(k)))) for k in h]
    )
    z = float(stats.norm.ppf((1 + level) / 2))
    return Forecast(
        model="holt",
        years=tuple(int(v) for v in np.asarray(horizon)),
        mean=tuple(mean.tolist()),
        lower=tuple((mean - z * np.sqrt(var)).tolist()),
        upper=tuple((mean + z * np.sqrt(var)).tolist()),
        level=level,
        params={"alpha": alpha_, "beta": beta_, "sigma": float(np.sqrt(sigma2))},
    )


RECENT_YEARS = 8  # window of the recent log-linear trend
SELECTION_ORIGINS = 6  # the model is chosen on its errors from the last origins only


def _trailing_run(x: NDArray[np.float64]) -> int:
    """Index where the last run of consecutive years begins."""
    breaks = np.flatnonzero(np.diff(x) != 1)
    return int(breaks[-1] + 1) if len(breaks) else 0


def simple_smoothing(
    years: ArrayLike,
    values: ArrayLike,
    horizon: ArrayLike,
    level: float = 0.9,
    *,
    alpha: float | None = None,
) -> Forecast:
    """Simple exponential smoothing, ETS(A,N,N): a flat forecast at the smoothed level.

    The initial level is the first observation; ``alpha`` is estimated by least squares of
    the one-step errors when not given.

    Examples
    --------
    >>> f = simple_smoothing(range(2015, 2020), [4.0, 4.0, 4.0, 4.0, 4.0], [2021])
    >>> f.mean[0]
    4.0
    """
    x, y = _series(years, values)
    if len(x) < 3:
        raise ValidationError(f"simple exponential smoothing needs at least 3 values; got {len(x)}")
    if np.any(np.diff(x) != 1):
        raise ValidationError("simple exponential smoothing needs consecutive annual values")
    if alpha is None:  # least squares over a fine grid, all candidates at once
        grid = np.linspace(0.0, 1.0, 101)
        lev_g = np.full_like(grid, y[0])
        sse = np.zeros_like(grid)
        for obs in y:
            sse += (obs - lev_g) ** 2
            lev_g = grid * obs + (1 - grid) * lev_g
        alpha = float(grid[int(np.argmin(sse))])
    fitted, lev, _ = holt_filter(y, alpha, 0.0, y[0], 0.0)
    sigma2 = float(((y - fitted) ** 2).sum() / max(len(y) - 1, 1))
    h = np.asarray(horizon, dtype=float) - x[-1]
    if np.any(h < 1):
        raise ValidationError("forecast years must come after the last observed year")
    half = float(stats.norm.ppf((1 + level) / 2)) * np.sqrt(sigma2 * (1 + (h - 1) * alpha**2))
    mean = np.full_like(h, lev)
    return Forecast(
        model="ses",
        years=tuple(int(v) for v in np.asarray(horizon)),
        mean=tuple(mean.tolist()),
        lower=tuple((mean - half).tolist()),
        upper=tuple((mean + half).tolist()),
        level=level,
        params={"alpha": alpha, "sigma": float(np.sqrt(sigma2))},
    )


def fit_model(
    model: str, x: NDArray[np.float64], y: NDArray[np.float64], horizon: ArrayLike, level: float
) -> Forecast:
    """Fit one named model (see :data:`MODELS`) and forecast the ``horizon`` years."""
    if model == "log-linear":
        return log_linear(x, y, horizon, level)
    if model == "log-linear-recent":
        keep = x > x[-1] - RECENT_YEARS
        fc = log_linear(x[keep], y[keep], horizon, level)
        params = {**fc.params, "window_years": float(RECENT_YEARS)}
        return Forecast(model, fc.years, fc.mean, fc.lower, fc.upper, fc.level, params)
    if model == "holt":
        start = _trailing_run(x)
        return holt(x[start:], y[start:], horizon, level)
    if model == "ses":
        start = _trailing_run(x)
        return simple_smoothing(x[start:], y[start:], horizon, level)
    raise ValidationError(f"unknown model {model!r}; known: {', '.join(MODELS)}")


def applicable_models(years: ArrayLike, values: ArrayLike) -> list[str]:
    """Models that fit: log models need positive values, Holt a run of 4+ consecutive years."""
    x, y = _series(years, values)
    out = []
    if np.all(y > 0) and len(x) >= 3:
        out.append("log-linear")
        recent = int(np.sum(x > x[-1] - RECENT_YEARS))
        if 4 <= recent < len(x):
            out.append("log-linear-recent")
    if len(x) - _trailing_run(x) >= 4:
        out.extend(["holt", "ses"])
    return out


def rolling_origin_mae(
    years: ArrayLike,
    values: ArrayLike,
    model: str,
    *,
    min_train: int = 4,
    max_horizon: int = 3,
    last_origins: int | None = SELECTION_ORIGINS,
) -> float:
    """Mean absolute error of ``model`` forecasting 1..max_horizon years ahead from past origins.

    Only the last ``last_origins`` origins count (recent behaviour matters most for the next
    years); origins where the model does not apply yet are passed over.
    """
    x, y = _series(years, values)
    cuts = list(range(min_train, len(x)))
    if last_origins is not None:
        cuts = cuts[-last_origins:]
    errors: list[float] = []
    for cut in cuts:
        if model not in applicable_models(x[:cut], y[:cut]):
            continue
        ahead = x[cut : cut + max_horizon]
        fc = fit_model(model, x[:cut], y[:cut], ahead, 0.9)
        errors.extend(np.abs(np.asarray(fc.mean) - y[cut : cut + max_horizon]).tolist())
    if not errors:
        raise ValidationError(f"no hold-out years for {model}: {len(x)} values")
    return float(np.mean(errors))


def forecast(
    years: ArrayLike, values: ArrayLike, horizon: ArrayLike, level: float = 0.9
) -> Forecast:
    """Forecast with the model that forecast the series' own past best.

    Raises ``ValidationError`` when the series has fewer than :data:`MIN_POINTS` values
    or no model applies: no forecast is better than a made-up one.

    Examples
    --------
    >>> f = forecast(range(2010, 2018), [5.0, 5.2, 5.5, 5.7, 6.0, 6.3, 6.6, 7.0], [2020])
    >>> f.model in MODELS and f.lower[0] < f.mean[0] < f.upper[0]
    True
    """
    x, y = _series(years, values)
    if len(x) < MIN_POINTS:
        raise ValidationError(
            f"series too short to forecast: {len(x)} annual values, need {MIN_POINTS}"
        )
    models = applicable_models(x, y)
    if not models:
        raise ValidationError(
            "no forecasting model applies (values not positive and years not consecutive)"
        )
    mae: dict[str, float] = {}
    for m in models:
        with contextlib.suppress(ValidationError):
            mae[m] = rolling_origin_mae(x, y, m, min_train=min(4, len(x) - 1))
    if not mae:
        raise ValidationError("no model could be evaluated on the series' own past")
    best = min(mae, key=lambda m: mae[m])
    fc = fit_model(best, x, y, horizon, level)
    return Forecast(fc.model, fc.years, fc.mean, fc.lower, fc.upper, fc.level, fc.params, mae)
