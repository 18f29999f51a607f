"""The SRS gaps explorer: provision against the System of Regional Standards by region and
district, urban and rural, and the norms most often unmet."""

from __future__ import annotations

import math
from typing import Any

import dash
from dash import Input, Output, State, dcc, html

from aimaq.reporting.i18n import Messages
from aimaq.serving.components import table
from aimaq.serving.data import DashboardData
from aimaq.serving.figures import bar_figure

KEY = "srs"
#: The parts of the data (and map geometry) the page needs: see :mod:`aimaq.serving.loading`.
NEEDS = ("core", "srs")
_TOP_NORMS = 15


def available(data: DashboardData) -> bool:
    return data.srs is not None


def _wide(frame: Any) -> Any:
    return frame.pivot_table(index="kato", columns="area", values="provision_pct", aggfunc="first")


def layout(data: DashboardData, lang: str) -> html.Div:
    t = Messages(lang)
    srs = data.srs
    assert srs is not None
    regions = _wide(srs.regions)
    area = {"all": t("col.total"), "urban": t("col.urban"), "rural": t("col.rural")}
    parts: list[Any] = []
    if srs.synthetic:
        parts.append(html.P(t("srs.synthetic"), className="warning", id="srs-synthetic"))
    if len(srs.targets):
        tg = srs.targets
        rows = [
            (area.get(str(a), str(a)), float(p), float(g), int(y), float(d))
            for a, p, g, y, d in zip(
                tg.area, tg.provision_pct, tg.target_pct, tg.target_year, tg.gap_pp, strict=True
            )
        ]
        parts.append(html.H3(t("srs.targets")))
        parts.append(
            table(
                [
                    t("srs.area"),
                    t("srs.provision"),
                    t("col.target"),
                    t("srs.target_year"),
                    t("col.gap"),
                ],
                rows,
                t,
                table_id="srs-targets",
            )
        )
    order = regions["all"].sort_values(ascending=False) if "all" in regions else regions.iloc[:, 0]
    parts.append(
        dcc.Graph(
            id="srs-regions",
            figure=bar_figure(
                [data.name(str(k), lang) for k in order.index],
                order.tolist(),
                title=t(
                    "srs.by_region",
                    year=srs.year,
                    label=t("srs.synthetic_label") if srs.synthetic else srs.label,
                ),
            ),
            config={"displayModeBar": False},
        )
    )
    parts.append(
        html.Label(
            [
                t("col.region"),
                dcc.Dropdown(
                    id="srs-region",
                    options=[
                        {"label": data.name(str(k), lang), "value": str(k)} for k in order.index
                    ],
                    value=str(order.index[-1]),
                    clearable=False,
                ),
            ],
            className="picker wide",
        )
    )
    parts.append(html.Div(id="srs-detail"))
    return html.Div(parts, className="srs-page")


def detail(data: DashboardData, lang: str, region: str) -> list[Any]:
    """One region's districts (total, urban, rural provision) and its most unmet norms."""
    t = Messages(lang)
    srs = data.srs
    assert srs is not None
    districts = _wide(srs.districts)
    mine = [
        k
        for k in districts.index
        if str(k) in set(data.children(region, "district").index.astype(str))
    ]
    rows = []
    for k in sorted(mine, key=lambda k: districts.at[k, "all"] if "all" in districts else 0):
        rows.append(
            (
                str(k),
                data.name(str(k), lang),
                *(
                    float(districts.at[k, a])
                    if a in districts and not math.isnan(districts.at[k, a])
                    else math.nan
                    for a in ("all", "urban", "rural")
                ),
            )
        )
    unmet = srs.unmet[srs.unmet.region_kato.astype(str) == region]
    by_norm = (
        unmet.groupby("norm_id").settlements.sum().sort_values(ascending=False).head(_TOP_NORMS)
    )
    labels = [srs.norm_names.get(n, {}).get(lang, n) for n in by_norm.index]
    return [
        html.H3(data.name(region, lang), id="srs-region-title"),
        table(
            [t("col.kato"), t("col.district"), t("col.total"), t("col.urban"), t("col.rural")],
            rows,
            t,
            table_id="srs-districts",
        ),
        html.H4(t("srs.unmet")),
        dcc.Graph(
            id="srs-norms",
            figure=bar_figure(labels, [float(v) for v in by_norm]),
            config={"displayModeBar": False},
        ),
    ]


def register(app: dash.Dash, data: DashboardData) -> None:
    @app.callback(
        Output("srs-detail", "children"), Input("srs-region", "value"), State("lang", "value")
    )
    def _detail(region: str | None, lang: str) -> list[Any]:
        return detail(data, lang, region) if region else []
