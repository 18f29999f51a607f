"""Convergence: sigma (falling dispersion), beta (poorer units grow faster), Markov mobility.

All functions take a panel as a 2-d array: one row per territory, one column per period
(oldest first). Territories whose borders changed inside the panel must be dealt with
before (see :mod:`aimaq.analysis.borders`); these functions see only numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aimaq.analysis import inequality
from aimaq.analysis._checks import FloatArray, as_values, as_weights, require_positive
from aimaq.errors import ValidationError

__all__ = [
    "BetaConvergence",
    "MarkovChain",
    "SigmaConvergence",
    "beta_convergence",
    "markov_transitions",
    "sigma_convergence",
]

SigmaMeasure = Literal["sd_log", "cv", "gini", "theil_t"]


def _panel(values: ArrayLike, *, name: str = "panel") -> FloatArray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 2:
        raise ValidationError(f"{name} must be 2-d (territories x periods); got shape {arr.shape}")
    if arr.shape[0] < 2 or arr.shape[1] < 2:
        raise ValidationError(
            f"{name} needs at least 2 territories and 2 periods; got shape {arr.shape}"
        )
    bad = ~np.isfinite(arr)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise ValidationError(
            f"{name} must be finite numbers; got {arr[i, j]} at row {i}, column {j} "
            f"({int(bad.sum())} such cell(s)); use a balanced panel"
        )
    return arr


def _panel_weights(weights: ArrayLike | None, shape: tuple[int, int]) -> FloatArray | None:
    if weights is None:
        return None
    arr = np.asarray(weights, dtype=np.float64)
    if arr.ndim == 1:
        arr = np.repeat(as_weights(arr, shape[0])[:, None], shape[1], axis=1)
    if arr.shape != shape:
        raise ValidationError(f"weights must have shape {shape} (or {shape[0]}); got {arr.shape}")
    for j in range(shape[1]):
        as_weights(arr[:, j], shape[0])
    return arr


@dataclass(frozen=True)
class SigmaConvergence:
    """Dispersion per period and its linear trend.

    ``slope_se`` is the Newey-West standard error; ``p_value`` is two-sided from Student's
    t with ``df = periods - 2`` degrees of freedom (a short annual series is far from the
    normal approximation's large sample).
    """

    measure: str
    periods: tuple[float, ...]
    dispersion: tuple[float, ...]
    slope: float
    slope_se: float
    p_value: float
    change: float
    converging: bool
    df: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}


def _dispersion(y: FloatArray, w: FloatArray | None, measure: SigmaMeasure) -> float:
    if measure == "sd_log":
        require_positive(y, measure="the standard deviation of logs")
        logs = np.log(y)
        ww = np.ones_like(y) if w is None else w
        mean = np.dot(ww, logs) / ww.sum()
        return float(np.sqrt(np.dot(ww, (logs - mean) ** 2) / ww.sum()))
    if measure == "cv":
        return inequality.cv(y, w)
    if measure == "gini":
        return inequality.gini(y, w)
    if measure == "theil_t":
        return inequality.theil_t(y, w)
    raise ValidationError(f"measure must be one of sd_log, cv, gini, theil_t; got {measure!r}")


def sigma_convergence(
    panel: ArrayLike,
    periods: Sequence[float],
    weights: ArrayLike | None = None,
    *,
    measure: SigmaMeasure = "sd_log",
    alpha: float = 0.05,
) -> SigmaConvergence:
    """Sigma convergence: does the dispersion across territories fall over time?

    The dispersion of each period (standard deviation of logs by default; weighted when
    weights are given) is regressed on time; the slope's standard error is
    heteroskedasticity- and autocorrelation-consistent (Newey-West, Bartlett kernel) and
    its p-value comes from Student's t with ``n - 2`` degrees of freedom, not from the
    normal distribution: with 11 annual points the normal approximation overstates the
    evidence by many orders of magnitude.

    Examples
    --------
    >>> panel = [[1.0, 1.5, 2.0, 2.5], [4.0, 4.0, 4.0, 4.0]]
    >>> s = sigma_convergence(panel, [2020, 2021, 2022, 2023])
    >>> s.slope < 0
    True
    """
    y = _panel(panel)
    t = as_values(periods, name="periods")
    if t.size != y.shape[1]:
        raise ValidationError(f"periods has {t.size} entries for {y.shape[1]} panel columns")
    if y.shape[1] < 3:
        raise ValidationError("a trend test needs at least 3 periods")
    w = _panel_weights(weights, y.shape)
    import statsmodels.api as sm  # imported on use: it takes seconds to load

    disp = np.array(
        [_dispersion(y[:, j], None if w is None else w[:, j], measure) for j in range(y.shape[1])]
    )
    lags = max(1, int(4 * (t.size / 100) ** (2 / 9)))
    fit = sm.OLS(disp, sm.add_constant(t)).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags}, use_t=True
    )
    slope, se, p = float(fit.params[1]), float(fit.bse[1]), float(fit.pvalues[1])
    if not np.isfinite(se):  # a perfectly straight series has no residual variance
        se, p = 0.0, 0.0 if slope != 0 else 1.0
    return SigmaConvergence(
        measure=measure,
        periods=tuple(float(v) for v in t),
        dispersion=tuple(float(v) for v in disp),
        slope=slope,
        slope_se=se,
        p_value=p,
        change=float(disp[-1] - disp[0]),
        converging=bool(slope < 0 and p < alpha),
        df=int(t.size - 2),
    )


@dataclass(frozen=True)
class BetaConvergence:
    """Cross-section regression of annual log growth on the initial log level."""

    n: int
    years: float
    alpha: float
    beta: float
    beta_se: float
    beta_p: float
    r2: float
    speed: float
    half_life: float
    cov_type: str
    controls: Mapping[str, float] = field(default_factory=dict)
    df: int = 0  # residual degrees of freedom of the t test of beta
    controls_se: Mapping[str, float] = field(default_factory=dict)

    @property
    def conditional(self) -> bool:
        return bool(self.controls)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["controls"] = dict(self.controls)
        out["controls_se"] = dict(self.controls_se)
        out["conditional"] = self.conditional
        return out


def beta_convergence(
    initial: ArrayLike,
    final: ArrayLike,
    years: float,
    *,
    controls: Mapping[str, ArrayLike] | None = None,
    weights: ArrayLike | None = None,
    cov_type: str = "HC1",
) -> BetaConvergence:
    """Absolute (no controls) or conditional beta convergence (Barro and Sala-i-Martin 1992).

    ``g_i = ln(y_iT / y_i0) / T = a + b ln y_i0 [+ c'z_i] + e_i``, estimated by OLS (WLS with
    weights) with heteroskedasticity-robust standard errors and p-values from Student's t
    with ``n - k`` degrees of freedom (``k`` coefficients). Convergence speed
    ``lambda = -ln(1 + b T) / T`` and half-life ``ln 2 / lambda`` (NaN when ``b >= 0``).

    Examples
    --------
    >>> b = beta_convergence([1.0, 2.0, 4.0, 8.0], [2.0, 3.0, 5.0, 9.0], 10)
    >>> b.beta < 0
    True
    """
    y0 = as_values(initial, name="initial")
    y1 = as_values(final, name="final")
    if y0.size != y1.size:
        raise ValidationError(f"initial has {y0.size} values, final has {y1.size}")
    require_positive(y0, name="initial", measure="log growth")
    require_positive(y1, name="final", measure="log growth")
    if not years > 0:
        raise ValidationError(f"years must be positive; got {years}")
    import statsmodels.api as sm  # imported on use: it takes seconds to load

    names = list(controls) if controls else []
    columns = [np.log(y0)] + [as_values(controls[c], name=f"control {c!r}") for c in names]  # type: ignore[index]
    for name, col in zip(names, columns[1:], strict=True):
        if col.size != y0.size:
            raise ValidationError(
                f"control {name!r} has {col.size} values for {y0.size} territories"
            )
    x = sm.add_constant(np.column_stack(columns), has_constant="add")
    if y0.size <= x.shape[1]:
        raise ValidationError(
            f"beta convergence needs more territories ({y0.size}) than coefficients ({x.shape[1]})"
        )
    growth = np.log(y1 / y0) / years
    if weights is None:
        model = sm.OLS(growth, x)
    else:
        model = sm.WLS(growth, x, weights=as_weights(weights, y0.size))
    fit = model.fit(cov_type=cov_type, use_t=True)
    beta = float(fit.params[1])
    inside = 1.0 + beta * years
    speed = -math.log(inside) / years if beta < 0 and inside > 0 else float("nan")
    return BetaConvergence(
        n=int(y0.size),
        years=float(years),
        alpha=float(fit.params[0]),
        beta=beta,
        beta_se=float(fit.bse[1]),
        beta_p=float(fit.pvalues[1]),
        r2=float(fit.rsquared),
        speed=speed,
        half_life=math.log(2) / speed if speed > 0 else float("nan"),
        cov_type=cov_type,
        controls={c: float(fit.params[k + 2]) for k, c in enumerate(names)},
        df=int(fit.df_resid),
        controls_se={c: float(fit.bse[k + 2]) for k, c in enumerate(names)},
    )


@dataclass(frozen=True)
class MarkovChain:
    """Transitions between classes of relative level (value over the period's mean)."""

    classes: int
    upper_bounds: tuple[float, ...]
    counts: NDArray[np.int64]
    transition: FloatArray
    steady_state: FloatArray | None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": self.classes,
            "upper_bounds": list(self.upper_bounds),
            "counts": self.counts.tolist(),
            "transition": self.transition.tolist(),
            "steady_state": None if self.steady_state is None else self.steady_state.tolist(),
            "note": self.note,
        }


def _steady_state(p: FloatArray) -> tuple[FloatArray | None, str]:
    if np.isnan(p).any():
        return None, "a class is never left in the data; the chain has no estimated row for it"
    eigenvalues, vectors = np.linalg.eig(p.T)
    unit = np.isclose(eigenvalues, 1.0, atol=1e-10)
    if unit.sum() != 1:
        return None, "the chain is reducible: the steady state is not unique"
    v = np.real(vectors[:, np.flatnonzero(unit)[0]])
    return v / v.sum(), ""


def markov_transitions(
    panel: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    classes: int = 5,
    periods: Sequence[float] | None = None,
) -> MarkovChain:
    """A Markov chain of relative levels in quantile classes, with its steady state.

    Each value is divided by its period's mean (population-weighted with weights); class
    bounds are the quantiles of all relative values pooled, so classes mean the same in
    every period. Transitions are counted between consecutive periods; with ``periods``
    given, only between columns one regular step apart (the smallest gap), so a gap in the
    series does not mix a five-year move with one-year moves.

    Examples
    --------
    >>> m = markov_transitions([[1, 1, 3, 3], [3, 3, 1, 1]], classes=2)
    >>> m.transition.round(4).tolist()
    [[0.6667, 0.3333], [0.3333, 0.6667]]
    >>> m.steady_state.round(4).tolist()
    [0.5, 0.5]
    """
    y = _panel(panel)
    if classes < 2:
        raise ValidationError(f"classes must be at least 2; got {classes}")
    w = _panel_weights(weights, y.shape)
    ww = np.ones_like(y) if w is None else w
    means = (ww * y).sum(axis=0) / ww.sum(axis=0)
    if (means <= 0).any():
        raise ValidationError("every period needs a positive mean for relative levels")
    rel = y / means
    bounds = np.quantile(rel, np.linspace(0, 1, classes + 1)[1:-1])
    if np.unique(bounds).size < bounds.size:
        raise ValidationError(
            f"{classes} quantile classes are not distinct for these data; use fewer classes"
        )
    state = np.searchsorted(bounds, rel, side="right")
    steps = np.arange(y.shape[1] - 1)
    note = ""
    if periods is not None:
        t = as_values(periods, name="periods")
        if t.size != y.shape[1]:
            raise ValidationError(f"periods has {t.size} entries for {y.shape[1]} panel columns")
        gaps = np.diff(t)
        if (gaps <= 0).any():
            raise ValidationError("periods must increase")
        regular = np.isclose(gaps, gaps.min())
        if not regular.all():
            note = f"{int((~regular).sum())} gap(s) in the periods skipped; "
        steps = steps[regular]
    counts = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(counts, (state[:, steps].ravel(), state[:, steps + 1].ravel()), 1)
    rows = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        transition = np.where(rows > 0, counts / rows, np.nan)
    steady, why = _steady_state(transition)
    upper = (*(float(b) for b in bounds), float("inf"))
    return MarkovChain(classes, upper, counts, transition, steady, (note + why).strip("; "))
