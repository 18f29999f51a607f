"""KPI status: baseline, latest value, progress, pace, forecast and on-track status."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from aimaq.data.store import Store, canonical_dims
from aimaq.errors import ValidationError
from aimaq.monitoring.forecast import MIN_POINTS, forecast
from aimaq.monitoring.targets import PolicyTarget

COUNTRY = "000000000"
INTERVAL = 0.9
STATUSES = (
    "off_track", "off_track_pace", "at_risk", "at_risk_pace", "no_forecast", "on_track_pace",
    "on_track", "achieved", "no_data",
)  # fmt: skip
#: How a status reads: the pace-based ones say so.
LABELS = {s: s.replace("_pace", " (pace)").replace("_", " ") for s in STATUSES}
#: Pace rule for series too short to forecast: observed yearly change / change needed.
PACE_ON_TRACK = 1.0
PACE_AT_RISK = 0.5
_ANNUAL = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class KpiResult:
    """Where one target stands in one territory."""

    target_id: str
    name: str
    indicator: str
    kato: str
    territory: str
    dims: str
    unit: str
    direction: str
    target_value: float
    target_year: int
    status: str
    reason: str
    baseline_value: float | None = None
    baseline_year: int | None = None
    latest_value: float | None = None
    latest_year: int | None = None
    progress: float | None = None
    required_pace: float | None = None
    observed_pace: float | None = None
    forecast_value: float | None = None
    forecast_lower: float | None = None
    forecast_upper: float | None = None
    forecast_model: str | None = None
    interval: float | None = None
    n_points: int = 0
    series: tuple[tuple[int, float], ...] = ()
    caveat: str | None = None
    scope_note: str | None = None

    @property
    def status_label(self) -> str:
        """The status as people read it: ``on track (pace)``, ``at risk``, ..."""
        return LABELS.get(self.status, self.status)

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["status_label"] = self.status_label
        out["series"] = [list(p) for p in self.series]
        return out


def pace_status(observed: float, required: float, direction: str) -> tuple[str, float]:
    """Status of a short series from its pace: observed yearly change against the one needed.

    ``ratio = observed / required`` in the target's direction: at least 1 is
    ``on_track_pace``, at least 0.5 ``at_risk_pace``, below (or moving away) ``off_track_pace``.

    Examples
    --------
    >>> pace_status(0.667, 0.975, "up")
    ('at_risk_pace', 0.684)
    >>> pace_status(-0.2, -0.1, "down")
    ('on_track_pace', 2.0)
    """
    if required == 0:
        raise ValidationError("required pace is zero: the target is already the latest value")
    ratio = observed / required
    if ratio >= PACE_ON_TRACK:
        status = "on_track_pace"
    elif ratio >= PACE_AT_RISK:
        status = "at_risk_pace"
    else:
        status = "off_track_pace"
    return status, round(ratio, 3)


def progress_share(baseline: float, latest: float, target: float) -> float:
    """Share of the baseline-to-target distance covered (1 = reached; negative = moved away).

    Examples
    --------
    >>> round(progress_share(64.1, 66.1, 70.0), 4)
    0.339
    """
    if target == baseline:
        raise ValidationError(f"target equals the baseline ({target}); progress is undefined")
    return (latest - baseline) / (target - baseline)


def _fmt(v: float) -> str:
    return f"{v:,.1f}"


def evaluate_series(
    target: PolicyTarget,
    series: pd.Series,
    *,
    kato: str = COUNTRY,
    territory: str = "Kazakhstan",
    trajectory: pd.Series | None = None,
    use_target_baseline: bool = True,
    lang: str = "en",
    scope_note: str | None = None,
) -> KpiResult:
    """Evaluate one target against an annual series (index: year, values).

    The baseline is the target's published baseline when it has one (and
    ``use_target_baseline``), else the series' first value. A ``trajectory`` (for example a
    roadmap's planned provision by year) replaces the statistical forecast.
    """
    base: dict[str, Any] = {
        "target_id": target.id,
        "name": target.name(lang),
        "indicator": target.indicator,
        "kato": kato,
        "territory": territory,
        "dims": canonical_dims(target.dims),
        "unit": target.unit,
        "direction": target.direction,
        "target_value": target.target.value,
        "target_year": target.target.year,
        "scope_note": scope_note,
    }
    s = series.dropna().sort_index()
    s.index = s.index.astype(int)
    base["series"] = tuple(zip(s.index.astype(int).tolist(), s.astype(float).tolist(), strict=True))
    if not target.baseline_comparable and target.baseline_note:
        base["caveat"] = (
            f"baseline {target.baseline.value if target.baseline else ''} "
            f"({target.baseline.year if target.baseline else ''}) is not comparable: "
            f"{target.baseline_note}"
        )
    if s.empty:
        return KpiResult(
            **base,
            status="no_data",
            reason=f"no annual observations of {target.indicator} {base['dims']}"
            + (f": {target.missing_data}" if target.missing_data else ""),
        )
    if use_target_baseline and target.baseline is not None:
        b_val, b_year = target.baseline.value, target.baseline.year
    else:
        b_year, b_val = int(s.index[0]), float(s.iloc[0])
    l_year, l_val = int(s.index[-1]), float(s.iloc[-1])
    sign = 1 if target.direction == "up" else -1
    t_val, t_year = target.target.value, target.target.year
    prog = progress_share(b_val, l_val, t_val) if t_val != b_val else None
    observed = (l_val - b_val) / (l_year - b_year) if l_year > b_year else None
    required = (t_val - l_val) / (t_year - l_year) if t_year > l_year else None
    common: dict[str, Any] = {
        **base,
        "baseline_value": b_val,
        "baseline_year": b_year,
        "latest_value": l_val,
        "latest_year": l_year,
        "progress": prog,
        "required_pace": required,
        "observed_pace": observed,
        "n_points": len(s),
    }
    if sign * (l_val - t_val) >= 0:
        return KpiResult(
            **common,
            status="achieved",
            reason=f"{_fmt(l_val)} in {l_year} already meets the target {_fmt(t_val)}",
        )
    if l_year >= t_year:
        return KpiResult(
            **common,
            status="off_track",
            reason=f"target year {t_year} has passed: {_fmt(l_val)} against {_fmt(t_val)}",
        )
    if trajectory is not None and t_year in set(trajectory.index.astype(int)):
        planned = float(trajectory.loc[trajectory.index.astype(int) == t_year].iloc[0])
        met = sign * (planned - t_val) >= 0
        source = str(trajectory.name) if trajectory.name else "plan trajectory"
        return KpiResult(
            **common,
            forecast_value=planned,
            forecast_model=source,
            status="on_track" if met else "off_track",
            reason=f"{source} reaches {_fmt(planned)} in {t_year} against the target {_fmt(t_val)}",
        )
    annual = s[s.index >= b_year] if len(s[s.index >= b_year]) >= MIN_POINTS else s
    if len(annual) < MIN_POINTS:
        short = f"series too short to forecast ({len(annual)} annual values, need {MIN_POINTS})"
        if observed is None or required is None:
            return KpiResult(
                **common, status="no_forecast",
                reason=f"{short}, and a single value gives no pace",
            )  # fmt: skip
        status, ratio = pace_status(observed, required, target.direction)
        caveat = base.get("caveat")
        reason = (
            f"{short}: observed {observed:+.2f}/yr since {b_year} against {required:+.2f}/yr "
            f"needed from {l_year} to {t_year} (ratio {ratio:.2f}; on track at >= "
            f"{PACE_ON_TRACK:g}, at risk at >= {PACE_AT_RISK:g})"
        )
        if caveat:
            reason += f"; CAUTION: {caveat}"
        return KpiResult(**common, status=status, reason=reason)
    try:
        fc = forecast(annual.index.to_numpy(), annual.to_numpy(dtype=float), [t_year], INTERVAL)
    except ValidationError as exc:
        return KpiResult(**common, status="no_forecast", reason=f"no forecast: {exc}")
    mean, lo, hi = fc.at(t_year)
    worst, best = (lo, hi) if sign > 0 else (hi, lo)
    if sign * (worst - t_val) >= 0:
        status, verdict = "on_track", "even the pessimistic end of the interval meets"
    elif sign * (best - t_val) < 0:
        status, verdict = "off_track", "even the optimistic end of the interval misses"
    else:
        status, verdict = "at_risk", "the interval holds both sides of"
    reason = (
        f"{fc.model} forecast for {t_year}: {_fmt(mean)} "
        f"({int(INTERVAL * 100)}% interval {_fmt(lo)}-{_fmt(hi)}); "
        f"{verdict} the target {_fmt(t_val)}"
    )
    return KpiResult(
        **common,
        forecast_value=mean,
        forecast_lower=lo,
        forecast_upper=hi,
        forecast_model=fc.model,
        interval=INTERVAL,
        status=status,
        reason=reason,
    )


def annual_series(store: Store, indicator: str, kato: str, dims: Mapping[str, str]) -> pd.Series:
    """Annual values of an indicator for one territory, indexed by year."""
    frame = store.query(
        "select period, value from observation where indicator_id = ? and kato = ? and dims = ? "
        "and value is not null order by period",
        [indicator, kato, canonical_dims(dims)],
    )
    frame = frame[frame.period.str.match(_ANNUAL)]
    return pd.Series(
        frame.value.to_numpy(dtype=float), index=frame.period.astype(int).to_numpy(), name=indicator
    )


def _unit_check(store: Store, target: PolicyTarget) -> str | None:
    row = store.query("select unit from indicator where id = ?", [target.indicator])
    if row.empty:
        return f"indicator {target.indicator!r} is not in the catalogue: no data"
    unit = str(row.unit.iloc[0])
    if unit.strip() != target.unit.strip():
        raise ValidationError(
            f"target {target.id}: unit {target.unit!r} does not match the unit {unit!r} of indicator {target.indicator!r}"
        )
    return None


#: The name column of each language, with its fallbacks: a fixed map, so no caller's text
#: ever becomes part of the SQL.
_NAME_SQL = {
    "kk": "coalesce(name_kk, name_en, name_ru)",
    "ru": "coalesce(name_ru, name_en)",
    "en": "coalesce(name_en, name_ru)",
}


def evaluate(
    store: Store,
    targets: list[PolicyTarget],
    *,
    level: str = "national",
    trajectories: Mapping[str, pd.Series] | None = None,
    lang: str = "en",
) -> list[KpiResult]:
    """Evaluate targets on stored data.

    ``level="national"`` evaluates each target in its own scope; ``level="region"`` follows
    every target marked ``regional_view`` (and every regional target) in each region where its
    indicator exists, ranked by risk. ``trajectories`` maps a target id to a planned series.
    """
    if level not in {"national", "region"}:
        raise ValidationError(f"level must be national or region; got {level!r}")
    if lang not in _NAME_SQL:
        raise ValidationError(f"language must be one of {', '.join(_NAME_SQL)}; got {lang!r}")
    names = store.query(f"select kato, {_NAME_SQL[lang]} as name, level from territory")
    name_of = dict(zip(names.kato, names.name, strict=False))
    out: list[KpiResult] = []
    for target in targets:
        if level == "region" and not (target.regional_view or target.scope == "region"):
            continue
        missing = _unit_check(store, target)
        kato = target.kato or COUNTRY
        if missing and level == "region":
            continue  # said once, at the national level
        if missing:
            out.append(
                KpiResult(
                    target_id=target.id,
                    name=target.name(lang),
                    indicator=target.indicator,
                    kato=kato,
                    territory=name_of.get(kato, kato),
                    dims=canonical_dims(target.dims),
                    unit=target.unit,
                    direction=target.direction,
                    target_value=target.target.value,
                    target_year=target.target.year,
                    status="no_data",
                    reason=missing,
                )
            )
            continue
        if level == "national":
            series = annual_series(store, target.indicator, kato, target.dims)
            out.append(
                evaluate_series(
                    target,
                    series,
                    kato=kato,
                    territory=name_of.get(kato, kato),
                    trajectory=(trajectories or {}).get(target.id),
                    lang=lang,
                )
            )
            continue
        regions = current_regions(store) if target.scope == "national" else [kato]
        for region in regions:
            series = annual_series(store, target.indicator, region, target.dims)
            if series.empty:
                continue
            out.append(
                evaluate_series(
                    target,
                    series,
                    kato=region,
                    territory=name_of.get(region, region),
                    use_target_baseline=target.scope == "region",
                    lang=lang,
                    scope_note=(
                        "national target applied to the region"
                        if target.scope == "national"
                        else None
                    ),
                )
            )
    if level == "region":
        out.sort(key=_risk_key)
    return out


def current_regions(store: Store) -> list[str]:
    """The regions of today (historical ones, e.g. South Kazakhstan, have no target year)."""
    found = store.query(
        "select kato from territory where level = 'region' and valid_to is null order by kato"
    )
    return [str(k) for k in found.kato]


def _risk_key(r: KpiResult) -> tuple[int, float]:
    """Worst first: by status, then by the shortfall of the forecast (or latest) value."""
    sign = 1 if r.direction == "up" else -1
    value = r.forecast_value if r.forecast_value is not None else r.latest_value
    shortfall = sign * (r.target_value - value) if value is not None else np.inf
    return STATUSES.index(r.status), -float(shortfall)
