"""Policy targets: where each stands nationally, and the regions ranked by risk."""

from __future__ import annotations

import math
from typing import Any

import dash
from dash import html

from aimaq.reporting.i18n import Messages
from aimaq.serving.components import table
from aimaq.serving.data import DashboardData

KEY = "kpi"
#: The parts of the data (and map geometry) the page needs: see :mod:`aimaq.serving.loading`.
NEEDS = ("core", "kpi")


def available(data: DashboardData) -> bool:
    return bool(data.kpi)


def _num(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _rows(results: list[Any], t: Messages, data: DashboardData, lang: str) -> list[tuple[Any, ...]]:
    return [
        (
            data.target_names.get(r.target_id, {}).get(lang, r.name),
            data.name(r.kato, lang),
            _num(r.baseline_value),
            _num(r.latest_value),
            "" if r.latest_year is None else str(r.latest_year),
            _num(r.target_value),
            str(r.target_year),
            _num(r.progress) * 100 if r.progress is not None else math.nan,
            _num(r.forecast_value),
            t.get(f"kpi.status.{r.status}", r.status),
            r.reason,
        )
        for r in results
    ]


def layout(data: DashboardData, lang: str) -> html.Div:
    t = Messages(lang)
    columns = [
        t("kpi.target"),
        t("col.territory"),
        t("kpi.baseline"),
        t("kpi.latest"),
        t("kpi.latest_year"),
        t("col.target"),
        t("kpi.target_year"),
        t("kpi.progress"),
        t("kpi.forecast"),
        t("col.status"),
        t("kpi.why"),
    ]
    national, regional = data.kpi.get("national", []), data.kpi.get("region", [])
    parts: list[Any] = [
        html.P(t("kpi.intro")),
        table(columns, _rows(national, t, data, lang), t, table_id="kpi-national"),
    ]
    if regional:
        parts += [
            html.H3(t("kpi.regions")),
            table(columns, _rows(regional, t, data, lang), t, table_id="kpi-regions"),
        ]
    return html.Div(parts, className="kpi-page")


def register(app: dash.Dash, data: DashboardData) -> None:
    """The page is static for a loaded database: nothing to call back."""
