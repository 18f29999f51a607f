"""Target monitoring: policy targets, progress, forecasts and on-track status."""

from __future__ import annotations

from aimaq.monitoring.backtest import backtest, summarise
from aimaq.monitoring.forecast import Forecast, forecast, holt, log_linear
from aimaq.monitoring.kpi import KpiResult, evaluate, evaluate_series, progress_share
from aimaq.monitoring.plan_link import plan_trajectories, trajectories_for
from aimaq.monitoring.targets import PolicyTarget, load_targets

__all__ = [
    "Forecast",
    "KpiResult",
    "PolicyTarget",
    "backtest",
    "evaluate",
    "evaluate_series",
    "forecast",
    "holt",
    "load_targets",
    "log_linear",
    "plan_trajectories",
    "progress_share",
    "summarise",
    "trajectories_for",
]
