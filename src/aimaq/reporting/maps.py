"""Choropleth maps of the 20 regions as inline SVG (for the HTML and PDF reports)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from html import escape

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from aimaq.reporting.classify import NO_DATA_COLOUR, palette, quantile_breaks
from aimaq.reporting.geometry import CITY_KATO, region_shapes

_LAT0 = 48.0  # the map's standard parallel: keeps Kazakhstan's shape at its middle latitude
_WIDTH = 640.0


def _projector(
    bounds: tuple[float, float, float, float],
) -> tuple[Callable[[float, float], tuple[float, float]], float]:
    minx, miny, maxx, maxy = bounds
    kx = math.cos(math.radians(_LAT0))
    scale = _WIDTH / ((maxx - minx) * kx)
    height = (maxy - miny) * scale

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - minx) * kx * scale, (maxy - lat) * scale

    return project, height


def _ring(coords: object, project: Callable[[float, float], tuple[float, float]]) -> str:
    points = [project(x, y) for x, y, *_ in coords]  # type: ignore[attr-defined]
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"


def _path(geom: BaseGeometry, project: Callable[[float, float], tuple[float, float]]) -> str:
    polys: list[Polygon] = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]  # type: ignore[list-item]
    parts = []
    for poly in polys:
        parts.append(_ring(poly.exterior.coords, project))
        parts.extend(_ring(r.coords, project) for r in poly.interiors)
    return "".join(parts)


def choropleth_svg(
    values: Mapping[str, float],
    *,
    names: Mapping[str, str],
    title: str,
    legend_title: str,
    no_data: str,
    fmt: Callable[[float], str],
    polarity: int = 1,
    k: int = 5,
    hatched: frozenset[str] = frozenset(),
    tolerance: float = 0.03,
) -> str:
    """An SVG choropleth of the regions with quantile classes and a legend.

    Parameters
    ----------
    values
        Value by region KATO; regions absent or NaN are drawn as "no data".
    names
        Region name by KATO (for the tooltip of each shape).
    title, legend_title, no_data
        Labels (already in the report language).
    fmt
        Formats a class bound for the legend.
    polarity
        ``-1`` draws with a yellow-red scheme (higher is worse).
    k
        Number of quantile classes (fewer when values repeat).
    hatched
        Regions drawn with a hatch over the fill (values on other borders).
    tolerance
        Simplification of the outlines, degrees.

    Examples
    --------
    >>> svg = choropleth_svg({"710000000": 1.0, "750000000": 2.0}, names={}, title="t",
    ...                      legend_title="u", no_data="n/a", fmt=str)
    >>> svg.startswith("<svg") and svg.count('class="region"') == 20
    True
    """
    shapes = region_shapes(tolerance)
    union_bounds = [g.bounds for g in shapes.values()]
    bounds = (
        min(b[0] for b in union_bounds),
        min(b[1] for b in union_bounds),
        max(b[2] for b in union_bounds),
        max(b[3] for b in union_bounds),
    )
    project, map_h = _projector(bounds)
    order = sorted(shapes)
    raw = [values.get(kato, float("nan")) for kato in order]
    classes = quantile_breaks(raw, k)
    colours = palette(classes.k, polarity)
    legend_h = 22.0 * (classes.k + 1) + 30
    height = max(map_h, legend_h) + 36
    width = _WIDTH + 190
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'class="map" role="img" aria-label="{escape(title)}">',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#333" '
        'stroke-width="1.2"/></pattern></defs>',
        f'<text x="0" y="16" class="map-title" font-size="15" font-weight="bold">{escape(title)}</text>',
        '<g transform="translate(0,30)">',
    ]
    for kato, value, cls in zip(order, raw, classes.index, strict=True):
        fill = colours[cls] if cls >= 0 else NO_DATA_COLOUR
        label = names.get(kato, kato)
        shown = fmt(value) if cls >= 0 else no_data
        d = _path(shapes[kato], project)
        out.append(
            f'<path class="region" data-kato="{kato}" d="{d}" fill="{fill}" stroke="#555" '
            f'stroke-width="0.6" fill-rule="evenodd"><title>{escape(label)}: {escape(shown)}</title></path>'
        )
        if kato in hatched:
            out.append(f'<path d="{d}" fill="url(#hatch)" stroke="none" opacity="0.5"/>')
    for kato in CITY_KATO:
        cls = classes.index[order.index(kato)]
        fill = colours[cls] if cls >= 0 else NO_DATA_COLOUR
        c = shapes[kato].centroid
        x, y = project(c.x, c.y)
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{fill}" stroke="#222" stroke-width="1.2">'
            f"<title>{escape(names.get(kato, kato))}</title></circle>"
        )
    out.append("</g>")
    lx = _WIDTH + 16
    out.append(f'<g class="legend" transform="translate({lx:.0f},40)">')
    out.append(f'<text x="0" y="0" font-size="12" font-weight="bold">{escape(legend_title)}</text>')
    lower = classes.lower
    for i, (upper, colour) in enumerate(zip(classes.bounds, colours, strict=True)):
        y = 12 + 22 * i
        out.append(
            f'<rect x="0" y="{y}" width="18" height="16" fill="{colour}" stroke="#555" stroke-width="0.5"/>'
        )
        out.append(
            f'<text x="26" y="{y + 12}" font-size="12">{escape(fmt(lower))} – {escape(fmt(upper))}</text>'
        )
        lower = upper
    y = 12 + 22 * classes.k
    out.append(
        f'<rect x="0" y="{y}" width="18" height="16" fill="{NO_DATA_COLOUR}" stroke="#555" stroke-width="0.5"/>'
    )
    out.append(f'<text x="26" y="{y + 12}" font-size="12">{escape(no_data)}</text>')
    out.append("</g></svg>")
    return "".join(out)
