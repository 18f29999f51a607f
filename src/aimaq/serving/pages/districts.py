"""The district map page: every district coloured by an indicator held by district;
click a district to see only its region's districts, hover for names in the chosen
language. Figures are drawn on the polygons of their own year's borders."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import dash
from dash import Input, Output, State, dcc, html

from aimaq.reporting.classify import NO_DATA_COLOUR, palette, quantile_breaks
from aimaq.reporting.i18n import Messages
from aimaq.serving.components import digits_for
from aimaq.serving.data import DashboardData

KEY = "districts"
#: The parts of the data (and map geometry) the page needs: see :mod:`aimaq.serving.loading`.
NEEDS = ("core", "districts")
_KX = math.cos(math.radians(48.0))
_TOLERANCE = 0.02


def warm() -> None:
    """Read the district polygons of today's borders, the slow part of the first map."""
    from aimaq.reporting.district_maps import district_shapes

    district_shapes(2024, _TOLERANCE)


def district_indicators(data: DashboardData) -> list[str]:
    """Indicators with at least one district value, in catalogue order."""
    have = set(data.values.loc[data.values.level == "district", "indicator_id"])
    return [i for i in data.indicators.index if i in have]


def available(data: DashboardData) -> bool:
    return bool(district_indicators(data))


def _latest(data: DashboardData, indicator: str) -> tuple[str, dict[str, float]]:
    rows = data.values[(data.values.level == "district") & (data.values.indicator_id == indicator)]
    period = str(rows.period.max())
    latest = rows[rows.period == period]
    return period, dict(zip(latest.kato.astype(str), latest.value.astype(float), strict=True))


@lru_cache(maxsize=4)
def _outline(borders: int, kato: str) -> tuple[tuple[float | None, ...], tuple[float | None, ...]]:
    from aimaq.reporting.district_maps import district_shapes

    geom = district_shapes(borders, _TOLERANCE)[kato]
    xs: list[float | None] = []
    ys: list[float | None] = []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in (poly.exterior, *poly.interiors):
            for x, y, *_ in ring.coords:
                xs.append(round(x * _KX, 3))
                ys.append(round(y, 3))
            xs.append(None)
            ys.append(None)
    return tuple(xs), tuple(ys)


@lru_cache(maxsize=256)
def district_figure(
    data: DashboardData, lang: str, indicator: str | None, region: str | None
) -> dict[str, Any]:
    """The clickable district map: one filled trace per district (``customdata`` = KATO),
    all of Kazakhstan or, with ``region``, only that region's districts."""
    # the district polygons load with their module (read by the loader in the background)
    from aimaq.reporting.district_maps import district_layer, district_names

    t = Messages(lang)
    traces: list[dict[str, Any]] = []
    title = ""
    if indicator is not None:
        period, raw = _latest(data, indicator)
        layer = district_layer(raw, period)
        names = district_names(layer.borders, lang)
        codes = sorted(c for c in names if region is None or c[:2] == region[:2])
        values = [layer.values.get(c, math.nan) for c in codes]
        classes = quantile_breaks(values, 5)
        polarity = int(str(data.indicators.at[indicator, "polarity"]))
        colours = palette(classes.k, polarity)
        digits = digits_for([v for v in values if not math.isnan(v)])
        for code, value, cls in zip(codes, values, classes.index, strict=True):
            xs, ys = _outline(layer.borders, code)
            shown = t.number(value, digits) if cls >= 0 else t("maps.no_data")
            traces.append(
                {
                    "type": "scatter",
                    "x": list(xs),
                    "y": list(ys),
                    "mode": "lines",
                    "fill": "toself",
                    "fillcolor": colours[cls] if cls >= 0 else NO_DATA_COLOUR,
                    "line": {"color": "#555", "width": 0.5},
                    "hoveron": "fills",
                    "hoverinfo": "text",
                    "text": f"{names[code]}: {shown}",
                    "customdata": [code] * len(xs),
                    "name": code,
                    "showlegend": False,
                }
            )
        lower = classes.lower
        for upper, colour in zip(classes.bounds, colours, strict=True):
            label = f"{t.number(lower, digits)} – {t.number(upper, digits)}"
            traces.append(
                {
                    "type": "scatter",
                    "x": [None],
                    "y": [None],
                    "mode": "markers",
                    "name": label,
                    "hoverinfo": "skip",
                    "marker": {"size": 12, "symbol": "square", "color": colour},
                }
            )
            lower = upper
        title = t(
            "district_maps.caption",
            indicator=data.indicator_name(indicator, lang),
            period=period,
            unit=str(data.indicators.at[indicator, "unit"]),
            borders=layer.borders,
        )
    axis = {"visible": False, "fixedrange": True}
    return {
        "data": traces,
        "layout": {
            "title": {"text": title, "font": {"size": 14}},
            "height": 520,
            "margin": {"l": 0, "r": 0, "t": 40, "b": 0},
            "xaxis": axis,
            "yaxis": {**axis, "scaleanchor": "x", "scaleratio": 1},
            "legend": {"x": 1.0, "xanchor": "right", "y": 1.0, "bgcolor": "rgba(255,255,255,0.8)"},
            "hovermode": "closest",
            "dragmode": False,
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
        },
    }


def layout(data: DashboardData, lang: str) -> html.Div:
    from aimaq.territory.geometry import ATTRIBUTION

    t = Messages(lang)
    inds = district_indicators(data)
    first = "population_density" if "population_density" in inds else (inds[0] if inds else None)
    return html.Div(
        [
            html.Label(
                [
                    t("dash.indicator"),
                    dcc.Dropdown(
                        id="district-indicator",
                        options=[{"label": data.indicator_name(i, lang), "value": i} for i in inds],
                        value=first,
                        clearable=False,
                    ),
                ],
                className="picker wide",
            ),
            dcc.Store(id="district-region", data=None),
            html.Button(
                t("dash.back"),
                id="district-back",
                n_clicks=0,
                className="back",
                style={"display": "none"},
            ),
            dcc.Graph(
                id="district-map",
                figure=district_figure(data, lang, first, None),
                config={"displayModeBar": False},
            ),
            html.P(t("district_maps.click_hint"), className="hint"),
            html.P(ATTRIBUTION, className="hint", id="district-attribution"),
        ]
    )


def clicked_district(click: dict[str, Any] | None, figure: dict[str, Any]) -> str | None:
    """The district KATO a click on ``figure`` landed on (by its point or its trace).

    Examples
    --------
    >>> fig = {"data": [{"name": "751110000"}, {"name": "751210000"}]}
    >>> clicked_district({"points": [{"curveNumber": 1}]}, fig)
    '751210000'
    >>> clicked_district({"points": [{"customdata": "711110000"}]}, fig)
    '711110000'
    """
    if not click or not click.get("points"):
        return None
    point = click["points"][0]
    if isinstance(point.get("customdata"), str):
        return str(point["customdata"])
    curve = point.get("curveNumber")
    traces = figure.get("data", [])
    if isinstance(curve, int) and 0 <= curve < len(traces):
        name = str(traces[curve].get("name", ""))
        return name if name.isdigit() and len(name) == 9 else None
    return None


def register(app: dash.Dash, data: DashboardData) -> None:
    @app.callback(
        Output("district-region", "data"),
        Input("district-map", "clickData"),
        Input("district-back", "n_clicks"),
        State("district-indicator", "value"),
        State("district-region", "data"),
        State("lang", "value"),
        prevent_initial_call=True,
    )
    def _select(
        click: dict[str, Any] | None,
        _back: int,
        indicator: str | None,
        region: str | None,
        lang: str,
    ) -> str | None:
        if dash.ctx.triggered_id == "district-back":
            return None
        code = clicked_district(click, district_figure(data, lang, indicator, region))
        return f"{code[:2]}0000000" if code else region

    @app.callback(
        Output("district-map", "figure"),
        Output("district-back", "style"),
        Input("district-indicator", "value"),
        Input("district-region", "data"),
        State("lang", "value"),
    )
    def _draw(
        indicator: str | None, region: str | None, lang: str
    ) -> tuple[dict[str, Any], dict[str, str]]:
        style = {"display": "inline-block" if region else "none"}
        return district_figure(data, lang, indicator, region), style
