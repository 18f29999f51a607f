"""Plotly figures of the dashboard, as plain dicts (fast to build and to serialise).

The region map is drawn on plain x/y axes (longitude scaled by the cosine of 48°N,
latitude), one filled trace per region: no map tiles and no topojson are fetched, so the
map works offline. Its classes and colours are the same as the report's maps.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from shapely.geometry import MultiPolygon

from aimaq.reporting.classify import NO_DATA_COLOUR, palette, quantile_breaks
from aimaq.reporting.geometry import CITY_KATO, region_shapes

_KX = math.cos(math.radians(48.0))
_TOLERANCE = 0.02


@lru_cache(maxsize=1)
def region_outlines() -> dict[str, tuple[list[float | None], list[float | None]]]:
    """Projected outline coordinates of each region (rings separated by ``None``)."""
    out: dict[str, tuple[list[float | None], list[float | None]]] = {}
    for kato, geom in region_shapes(_TOLERANCE).items():
        xs: list[float | None] = []
        ys: list[float | None] = []
        polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
        for poly in polys:
            for ring in (poly.exterior, *poly.interiors):
                for x, y, *_ in ring.coords:
                    xs.append(round(x * _KX, 3))
                    ys.append(round(y, 3))
                xs.append(None)
                ys.append(None)
        out[kato] = (xs, ys)
    return out


def map_order() -> list[str]:
    """Trace order of the map: regions first, the three cities last (drawn on top)."""
    katos = sorted(region_outlines())
    return [k for k in katos if k not in CITY_KATO] + list(CITY_KATO)


_LEGEND_SLOTS = 5


@dataclass(frozen=True)
class MapStyle:
    """What changes on the map with the indicator, year, language and selection: one
    entry per region trace, the city dots, and the legend slots."""

    fill: tuple[str, ...]
    line_colour: tuple[str, ...]
    line_width: tuple[float, ...]
    text: tuple[str, ...]
    city_colour: tuple[str, ...]
    city_text: tuple[str, ...]
    legend: tuple[tuple[str, str], ...]  # (label, colour) of each class


def map_style(
    values: Mapping[str, float],
    names: Mapping[str, str],
    *,
    fmt: Callable[[float], str],
    no_data: str,
    polarity: int = 1,
    selected: str | None = None,
) -> MapStyle:
    """Colours (quantile classes, as in the report), hover texts and legend of the map."""
    order = map_order()
    raw = [float(values.get(k, math.nan)) for k in order]
    classes = quantile_breaks(raw, _LEGEND_SLOTS)
    colours = palette(classes.k, polarity)
    fills = [colours[c] if c >= 0 else NO_DATA_COLOUR for c in classes.index]
    texts = [
        f"{names.get(k, k)}: {fmt(v) if c >= 0 else no_data}"
        for k, v, c in zip(order, raw, classes.index, strict=True)
    ]
    legend, lower = [], classes.lower
    for upper, colour in zip(classes.bounds, colours, strict=True):
        legend.append((f"{fmt(lower)} – {fmt(upper)}", colour))
        lower = upper
    city = [order.index(k) for k in CITY_KATO]
    return MapStyle(
        fill=tuple(fills),
        line_colour=tuple("#c00" if k == selected else "#555" for k in order),
        line_width=tuple(2.5 if k == selected else 0.7 for k in order),
        text=tuple(texts),
        city_colour=tuple(fills[i] for i in city),
        city_text=tuple(texts[i] for i in city),
        legend=tuple(legend),
    )


@lru_cache(maxsize=1)
def _base_traces() -> tuple[dict[str, Any], ...]:
    outlines = region_outlines()
    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": outlines[k][0],
            "y": outlines[k][1],
            "mode": "lines",
            "fill": "toself",
            "hoveron": "fills",
            "hoverinfo": "text",
            "name": k,
            "showlegend": False,
        }
        for k in map_order()
    ]
    shapes = region_shapes(_TOLERANCE)
    traces.append(
        {
            "type": "scatter",
            "x": [round(shapes[k].centroid.x * _KX, 4) for k in CITY_KATO],
            "y": [round(shapes[k].centroid.y, 4) for k in CITY_KATO],
            "mode": "markers",
            "hoverinfo": "text",
            "customdata": list(CITY_KATO),
            "name": "cities",
            "showlegend": False,
        }
    )
    for _ in range(_LEGEND_SLOTS):
        traces.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "hoverinfo": "skip",
                "marker": {"size": 12, "symbol": "square", "line": {"color": "#555", "width": 0.5}},
            }
        )
    return tuple(traces)


def styled_traces(style: MapStyle) -> list[dict[str, Any]]:
    """The map's traces (outlines from the cache) with ``style`` applied."""
    data = [dict(t) for t in _base_traces()]
    n = len(style.fill)
    for i in range(n):
        data[i]["fillcolor"] = style.fill[i]
        data[i]["line"] = {"color": style.line_colour[i], "width": style.line_width[i]}
        data[i]["text"] = style.text[i]
    data[n]["marker"] = {
        "size": 13,
        "color": list(style.city_colour),
        "line": {"color": "#222", "width": 1.5},
    }
    data[n]["text"] = list(style.city_text)
    for j in range(_LEGEND_SLOTS):
        slot = data[n + 1 + j]
        if j < len(style.legend):
            label, colour = style.legend[j]
            slot.update(name=label, visible=True, marker={**slot["marker"], "color": colour})
        else:
            slot.update(name="", visible=False)
    return data


def region_map(
    values: Mapping[str, float],
    names: Mapping[str, str],
    *,
    fmt: Callable[[float], str],
    no_data: str,
    polarity: int = 1,
    selected: str | None = None,
    height: int = 480,
) -> dict[str, Any]:
    """The clickable choropleth of the 20 regions (trace ``i`` is ``map_order()[i]``)."""
    style = map_style(values, names, fmt=fmt, no_data=no_data, polarity=polarity, selected=selected)
    axis = {"visible": False, "fixedrange": True}
    return {
        "data": styled_traces(style),
        "layout": {
            "height": height,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "xaxis": axis,
            "yaxis": {**axis, "scaleanchor": "x", "scaleratio": 1},
            "legend": {"x": 1.0, "xanchor": "right", "y": 1.0, "bgcolor": "rgba(255,255,255,0.8)"},
            "hovermode": "closest",
            "dragmode": False,
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
        },
    }


def map_patch(style: MapStyle) -> Any:
    """A :class:`dash.Patch` that restyles a map built by :func:`region_map`: only
    colours, texts and legend travel to the browser, never the outlines."""
    from dash import Patch

    patch = Patch()
    styled = styled_traces(style)
    n = len(style.fill)
    for i in range(n):
        patch["data"][i]["fillcolor"] = styled[i]["fillcolor"]
        patch["data"][i]["line"] = styled[i]["line"]
        patch["data"][i]["text"] = styled[i]["text"]
    patch["data"][n]["marker"] = styled[n]["marker"]
    patch["data"][n]["text"] = styled[n]["text"]
    for j in range(_LEGEND_SLOTS):
        slot = styled[n + 1 + j]
        patch["data"][n + 1 + j]["name"] = slot["name"]
        patch["data"][n + 1 + j]["visible"] = slot["visible"]
        patch["data"][n + 1 + j]["marker"] = slot["marker"]
    return patch


def kato_of_click(click: Mapping[str, Any] | None) -> str | None:
    """The region KATO a map click landed on, or ``None``.

    Examples
    --------
    >>> kato_of_click({"points": [{"curveNumber": 0}]}) == map_order()[0]
    True
    >>> kato_of_click({"points": [{"curveNumber": 20, "customdata": "710000000"}]})
    '710000000'
    """
    if not click or not click.get("points"):
        return None
    point = click["points"][0]
    if isinstance(point.get("customdata"), str):
        return str(point["customdata"])
    curve = point.get("curveNumber")
    order = map_order()
    if isinstance(curve, int) and 0 <= curve < len(order):
        return order[curve]
    return None


def bar_figure(
    labels: list[str], values: list[float], *, title: str = "", height: int | None = None
) -> dict[str, Any]:
    """Horizontal bars, largest at the top."""
    pairs = sorted(zip(values, labels, strict=True), key=lambda p: (math.isnan(p[0]), p[0]))
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [v for v, _ in pairs],
                "y": [lab for _, lab in pairs],
                "marker": {"color": "#2c7fb8"},
                "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
            }
        ],
        "layout": {
            "title": {"text": title, "font": {"size": 14}},
            "height": height or max(220, 22 * len(labels) + 60),
            "margin": {"l": 220, "r": 20, "t": 40 if title else 10, "b": 30},
            "yaxis": {"automargin": True},
        },
    }


def line_figure(
    series: list[tuple[str, list[int], list[float]]], *, title: str = ""
) -> dict[str, Any]:
    """Lines over years, one per named series."""
    return {
        "data": [
            {"type": "scatter", "mode": "lines+markers", "name": name, "x": xs, "y": ys}
            for name, xs, ys in series
        ],
        "layout": {
            "title": {"text": title, "font": {"size": 14}},
            "height": 300,
            "margin": {"l": 60, "r": 20, "t": 40 if title else 10, "b": 30},
            "legend": {"orientation": "h", "y": -0.2},
        },
    }


def grouped_bar_figure(
    categories: list[str], series: list[tuple[str, list[float]]], *, title: str = "", unit: str = ""
) -> dict[str, Any]:
    """Vertical bars, one group per category and one bar per named series in each."""
    return {
        "data": [
            {
                "type": "bar",
                "name": name,
                "x": categories,
                "y": values,
                "hovertemplate": f"%{{x}}, {name}: %{{y:,.1f}}{unit}<extra></extra>",
            }
            for name, values in series
        ],
        "layout": {
            "title": {"text": title, "font": {"size": 14}},
            "barmode": "group",
            "height": 320,
            "margin": {"l": 60, "r": 20, "t": 40 if title else 10, "b": 40},
            "legend": {"orientation": "h", "y": -0.15},
        },
    }
