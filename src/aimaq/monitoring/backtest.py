"""Back-testing the forecasts on real series: forecast from data up to year t, compare with t+1..t+3."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from aimaq.data.store import Store
from aimaq.errors import ValidationError
from aimaq.monitoring.forecast import MIN_POINTS, Forecast, applicable_models, fit_model, forecast

COLUMNS = [
    "origin",
    "horizon",
    "year",
    "method",
    "forecast",
    "lower",
    "upper",
    "actual",
    "error",
    "ape",
]


def backtest(
    years: ArrayLike,
    values: ArrayLike,
    *,
    horizons: tuple[int, ...] = (1, 2, 3),
    first_origin: int | None = None,
    level: float = 0.9,
) -> pd.DataFrame:
    """Forecast from every origin year with data up to it; one row per (origin, horizon, method).

    Methods: ``auto`` (the model :func:`~aimaq.monitoring.forecast.forecast` chooses using
    only the data up to the origin), ``log-linear``, ``holt``, and ``naive`` (the last value
    carried forward, the usual yardstick; it has no interval). ``ape`` is the absolute
    percentage error; ``error`` is forecast minus actual.

    Examples
    --------
    >>> bt = backtest(range(2010, 2020), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
    >>> sorted(bt.method.unique())
    ['auto', 'holt', 'log-linear', 'log-linear-recent', 'naive', 'ses']
    """
    x = np.asarray(years, dtype=int)
    y = np.asarray(values, dtype=float)
    start = first_origin if first_origin is not None else int(x[MIN_POINTS - 1])
    rows: list[dict[str, object]] = []
    for cut in range(len(x)):
        origin = int(x[cut])
        if origin < start:
            continue
        hist_x, hist_y = x[: cut + 1], y[: cut + 1]
        ahead = [origin + h for h in horizons if origin + h in set(x.tolist())]
        if not ahead or len(hist_x) < MIN_POINTS:
            continue
        fits = {}
        try:
            fits["auto"] = forecast(hist_x, hist_y, ahead, level)
        except ValidationError:
            continue
        for name in applicable_models(hist_x, hist_y):
            fits[name] = fit_model(name, hist_x, hist_y, ahead, level)
        last = float(hist_y[-1])
        fits["naive"] = Forecast(
            "naive",
            tuple(ahead),
            (last,) * len(ahead),
            (np.nan,) * len(ahead),
            (np.nan,) * len(ahead),
            level,
        )
        for name, fc in fits.items():
            for year, mean, lo, hi in zip(fc.years, fc.mean, fc.lower, fc.upper, strict=True):
                actual = float(y[x == year][0])
                rows.append(
                    {
                        "origin": origin,
                        "horizon": year - origin,
                        "year": year,
                        "method": name,
                        "forecast": mean,
                        "lower": lo,
                        "upper": hi,
                        "actual": actual,
                        "error": mean - actual,
                        "ape": abs(mean - actual) / abs(actual) if actual else np.nan,
                    }
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def summarise(results: pd.DataFrame) -> pd.DataFrame:
    """MAE, MAPE (%) and interval coverage by method and horizon."""
    if results.empty:
        return pd.DataFrame(columns=["method", "horizon", "n", "mae", "mape_pct", "coverage"])
    covered = ((results.actual >= results.lower) & (results.actual <= results.upper)).where(
        results.lower.notna()
    )
    return (
        results.assign(abs_error=results.error.abs(), covered=covered)
        .groupby(["method", "horizon"], as_index=False)
        .agg(
            n=("error", "size"),
            mae=("abs_error", "mean"),
            mape_pct=("ape", "mean"),
            coverage=("covered", "mean"),
        )
        .assign(mape_pct=lambda f: f.mape_pct * 100)
    )


def stored_series(store: Store, indicator: str) -> dict[str, pd.Series]:
    """Annual total series of an indicator for the Republic and each region, on one set of borders.

    A region's series stops before the year its borders changed (``territory_change``), so a
    back-test never mixes old and new borders; regions that exist only since a change start
    at it.
    """
    obs = store.query(
        "select o.kato, o.period, o.value from observation o join territory t using (kato) "
        "where o.indicator_id = ? and o.dims = '{}' and t.level in ('country', 'region') "
        "and o.value is not null",
        [indicator],
    )
    obs = obs[obs.period.str.fullmatch(r"\d{4}")]
    changes = store.query(
        "select old_kato, min(year(date)) as year from territory_change group by old_kato"
    )
    cut = dict(zip(changes.old_kato, changes.year, strict=False))
    out: dict[str, pd.Series] = {}
    for kato, group in obs.groupby("kato"):
        years = group.period.astype(int)
        keep = years < cut[kato] if kato in cut else years == years
        series = pd.Series(
            group.value[keep].to_numpy(float), index=years[keep].to_numpy()
        ).sort_index()
        if len(series) >= MIN_POINTS + 1:
            out[str(kato)] = series
    return out


def backtest_indicator(
    store: Store, indicator: str, *, first_origin: int = 2010, horizons: tuple[int, ...] = (1, 2, 3)
) -> pd.DataFrame:
    """:func:`backtest` over every stored national and regional series of ``indicator``."""
    frames = []
    for kato, series in stored_series(store, indicator).items():
        result = backtest(
            series.index.to_numpy(), series.to_numpy(), horizons=horizons, first_origin=first_origin
        )
        frames.append(result.assign(kato=kato))
    if not frames:
        raise ValidationError(f"no annual series of {indicator!r} long enough to back-test")
    return pd.concat(frames, ignore_index=True)
