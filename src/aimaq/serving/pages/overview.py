"""The map page: a choropleth of the regions, an indicator and year picker, and the
drill-down to a region's districts and settlements."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import dash
from dash import Input, Output, State, dcc, html

from aimaq.reporting.i18n import Messages
from aimaq.serving.components import digits_for, table
from aimaq.serving.data import COUNTRY, DashboardData
from aimaq.serving.figures import (
    MapStyle,
    bar_figure,
    kato_of_click,
    line_figure,
    map_patch,
    map_style,
    region_map,
    styled_traces,
)

KEY = "overview"
#: The parts of the data (and map geometry) the page needs: see :mod:`aimaq.serving.loading`.
NEEDS = ("core", "regions")
_MAX_SETTLEMENTS = 150
_PREFERRED = ("grp_per_capita", "wage_avg", "unemployment_rate", "population_jan1")


def available(data: DashboardData) -> bool:
    return bool(data.regional_indicators())


def default_indicator(data: DashboardData) -> str | None:
    have = data.regional_indicators()
    return next((i for i in _PREFERRED if i in have), have[0] if have else None)


def layout(data: DashboardData, lang: str) -> html.Div:
    t = Messages(lang)
    inds = data.regional_indicators()
    first = default_indicator(data)
    years = data.years(first) if first else []
    return html.Div(
        [
            html.Div(
                [
                    html.Label(
                        [
                            t("dash.indicator"),
                            dcc.Dropdown(
                                id="indicator",
                                options=[
                                    {"label": data.indicator_name(i, lang), "value": i}
                                    for i in inds
                                ],
                                value=first,
                                clearable=False,
                            ),
                        ],
                        className="picker wide",
                    ),
                    html.Label(
                        [
                            t("dash.year"),
                            dcc.Dropdown(
                                id="year",
                                options=[{"label": str(y), "value": y} for y in years],
                                value=years[-1] if years else None,
                                clearable=False,
                            ),
                        ],
                        className="picker",
                    ),
                ],
                className="pickers",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            dcc.Graph(
                                id="region-map",
                                figure=map_figure(data, lang, first, years[-1] if years else None),
                                config={"displayModeBar": False},
                            ),
                            html.P(t("dash.click_hint"), className="hint"),
                        ],
                        className="map-panel",
                    ),
                    html.Div(
                        [
                            html.Button(
                                t("dash.back"),
                                id="back",
                                n_clicks=0,
                                className="back",
                                style={"display": "none"},
                            ),
                            html.Div(id="drill"),
                        ],
                        className="drill-panel",
                    ),
                ],
                className="overview",
            ),
        ]
    )


def _fmt(t: Messages, digits: int) -> Any:
    return lambda v: t.number(v, digits)


@lru_cache(maxsize=512)
def _style(
    data: DashboardData, lang: str, indicator: str | None, year: int | None, region: str | None
) -> MapStyle:
    """The map's style for a view; views repeat across users, so styles are cached."""
    t = Messages(lang)
    if indicator is None or year is None:
        values: dict[str, float] = {}
        polarity = 1
    else:
        series = data.at_level(indicator, year, "region")
        values = {str(k): float(v) for k, v in series.items()}
        polarity = (
            int(str(data.indicators.at[indicator, "polarity"]))
            if indicator in data.indicators.index
            else 1
        )
    names = {str(k): data.name(str(k), lang) for k in data.regions().index}
    digits = digits_for(list(values.values()))
    return map_style(
        values,
        names,
        fmt=_fmt(t, digits),
        no_data=t("maps.no_data"),
        polarity=polarity,
        selected=region,
    )


def map_figure(
    data: DashboardData,
    lang: str,
    indicator: str | None,
    year: int | None,
    region: str | None = None,
) -> dict[str, Any]:
    """The full map figure (outlines included) for the first render of the page."""
    style = _style(data, lang, indicator, year, region)
    figure = region_map({}, {}, fmt=str, no_data="")
    figure["data"] = styled_traces(style)
    return figure


@lru_cache(maxsize=256)
def _drill_cached(
    data: DashboardData, lang: str, indicator: str | None, year: int | None, region: str | None
) -> tuple[Any, ...]:
    # components are only serialised, never changed, so one tree serves every request
    return tuple(drill_panel(data, lang, indicator, year, region))


def drill_panel(
    data: DashboardData, lang: str, indicator: str | None, year: int | None, region: str | None
) -> list[Any]:
    """The right-hand panel: all regions by value, or one region's districts and settlements."""
    t = Messages(lang)
    if indicator is None or year is None:
        return [html.P(t("dash.no_data"))]
    title = data.indicator_name(indicator, lang)
    if region is None:
        values = data.at_level(indicator, year, "region")
        labels = [data.name(k, lang) for k in values.index]
        return [
            html.H3(t("dash.chart_values")),
            dcc.Graph(
                id="region-chart",
                figure=bar_figure(labels, values.tolist(), title=f"{title}, {year}"),
                config={"displayModeBar": False},
            ),
        ]
    districts = data.at_level(indicator, year, "district", parent=region)
    units = data.children(region, "district")
    digits = digits_for(districts.tolist())
    rows = [
        (k, data.name(k, lang), float(districts.get(k, math.nan)))
        for k in units.index.sort_values()
    ]
    parts: list[Any] = [
        html.H3(t("dash.region_title", region=data.name(region, lang)), id="drill-title"),
    ]
    if len(districts):
        parts.append(
            dcc.Graph(
                id="district-chart",
                figure=bar_figure(
                    [data.name(k, lang) for k in districts.index],
                    districts.tolist(),
                    title=f"{title}, {year}",
                ),
                config={"displayModeBar": False},
            )
        )
    trend = data.series(indicator, region)
    national = data.series(indicator, COUNTRY)
    if len(trend) > 1:
        series = [(data.name(region, lang), trend.index.tolist(), trend.tolist())]
        if len(national):
            series.append((t("col.national"), national.index.tolist(), national.tolist()))
        parts.append(
            dcc.Graph(
                id="region-trend",
                figure=line_figure(series, title=title),
                config={"displayModeBar": False},
            )
        )
    parts.append(html.H4(t("dash.districts")))
    parts.append(
        table(
            [t("col.kato"), t("col.district"), f"{title}, {year}"],
            rows,
            t,
            table_id="district-table",
            digits=digits,
        )
    )
    settlements = data.settlements_of(region)
    if len(settlements):
        parts.append(html.H4(f"{t('dash.settlements')}: {len(settlements)}"))
        shown = settlements.sort_index().head(_MAX_SETTLEMENTS)
        area = {True: t("col.urban"), False: t("col.rural")}
        srows = [
            (
                str(k),
                data.name(str(k), lang),
                str(kind or ""),
                area.get(urban, "") if isinstance(urban, bool) else "",
            )
            for k, kind, urban in zip(shown.index, shown.unit_type, shown.urban, strict=True)
        ]
        if len(settlements) > _MAX_SETTLEMENTS:
            parts.append(
                html.P(
                    t("dash.first_rows", n=_MAX_SETTLEMENTS, total=len(settlements)),
                    className="hint",
                )
            )
        parts.append(
            table(
                [t("col.kato"), t("col.settlement"), t("col.type"), ""],
                srows,
                t,
                table_id="settlement-table",
            )
        )
    return parts


def register(app: dash.Dash, data: DashboardData) -> None:
    @app.callback(
        Output("year", "options"),
        Output("year", "value"),
        Input("indicator", "value"),
        State("year", "value"),
    )
    def _years(
        indicator: str | None, current: int | None
    ) -> tuple[list[dict[str, Any]], int | None]:
        years = data.years(indicator) if indicator else []
        options = [{"label": str(y), "value": y} for y in years]
        value = current if current in years else (years[-1] if years else None)
        return options, value

    @app.callback(
        Output("region-map", "figure"),
        Input("indicator", "value"),
        Input("year", "value"),
        Input("region", "data"),
        State("lang", "value"),
    )
    def _map(indicator: str | None, year: int | None, region: str | None, lang: str) -> Any:
        return map_patch(_style(data, lang, indicator, year, region))

    @app.callback(
        Output("region", "data"),
        Input("region-map", "clickData"),
        Input("back", "n_clicks"),
        prevent_initial_call=True,
    )
    def _select(click: dict[str, Any] | None, _back: int) -> str | None:
        if dash.ctx.triggered_id == "back":
            return None
        return kato_of_click(click)

    @app.callback(
        Output("drill", "children"),
        Output("back", "style"),
        Input("region", "data"),
        Input("indicator", "value"),
        Input("year", "value"),
        State("lang", "value"),
    )
    def _drill(
        region: str | None, indicator: str | None, year: int | None, lang: str
    ) -> tuple[list[Any], dict[str, str]]:
        style = {"display": "inline-block" if region else "none"}
        return list(_drill_cached(data, lang, indicator, year, region)), style
