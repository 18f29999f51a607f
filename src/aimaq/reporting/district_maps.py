"""Choropleth maps of districts as inline SVG, on the district polygons of a border year.

The polygons are those of :mod:`aimaq.territory.geometry` (geokz, CC BY 4.0), simplified
for display only; region outlines, the union of their districts, are drawn over them.
A figure is drawn on the layer of its own year's borders (2018 or 2024), never on another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from shapely.geometry.base import BaseGeometry

from aimaq.data.datasets.district_figures import same_borders
from aimaq.reporting.classify import NO_DATA_COLOUR, palette, quantile_breaks
from aimaq.reporting.maps import _path, _projector
from aimaq.territory.geometry import (
    ATTRIBUTION,
    border_year,
    district_polygons,
    region_outlines,
)

__all__ = [
    "DistrictLayer",
    "district_choropleth_svg",
    "district_layer",
    "district_names",
    "district_shapes",
]

_MAP_W = 640.0


@lru_cache(maxsize=4)
def district_shapes(borders: int, tolerance: float = 0.01) -> dict[str, BaseGeometry]:
    """District geometries of a border year by KATO, simplified for display.

    Examples
    --------
    >>> len(district_shapes(2024)), len(district_shapes(2018))
    (224, 216)
    """
    frame = district_polygons(borders)
    out = {}
    for kato, geom in zip(frame.kato, frame.geometry, strict=True):
        small = geom.simplify(tolerance, preserve_topology=True)
        out[str(kato)] = small if small.is_valid else small.buffer(0)
    return out


@lru_cache(maxsize=4)
def _outlines(borders: int, tolerance: float) -> tuple[BaseGeometry, ...]:
    frame = region_outlines(borders)
    return tuple(g.simplify(tolerance, preserve_topology=True) for g in frame.geometry)


def district_choropleth_svg(
    values: Mapping[str, float],
    *,
    borders: int,
    names: Mapping[str, str],
    title: str,
    legend_title: str,
    no_data: str,
    source: str,
    fmt: Callable[[float], str],
    polarity: int = 1,
    k: int = 5,
    only: frozenset[str] | None = None,
    tolerance: float = 0.01,
) -> str:
    """An SVG choropleth of the districts of ``borders`` with quantile classes.

    Parameters
    ----------
    values
        Value by district KATO; districts absent or NaN are drawn as "no data".
    borders
        The border year of the polygons (2024 or 2018): the year of the figures.
    names
        District name by KATO, in the report's language (the tooltip of each shape).
    title, legend_title, no_data, source
        Labels in the report language; ``source`` is printed under the map with the
        polygons' attribution.
    only
        Draw only these districts (one region's), zoomed to them.

    Examples
    --------
    >>> svg = district_choropleth_svg({"751110000": 1.0}, borders=2024, names={}, title="t",
    ...     legend_title="u", no_data="n/a", source="s", fmt=str)
    >>> svg.count('class="district"')
    224
    """
    shapes = district_shapes(borders, tolerance)
    order = sorted(c for c in shapes if only is None or c in only)
    drawn = [shapes[c] for c in order]
    bounds = (
        min(g.bounds[0] for g in drawn),
        min(g.bounds[1] for g in drawn),
        max(g.bounds[2] for g in drawn),
        max(g.bounds[3] for g in drawn),
    )
    project, map_h = _projector(bounds)
    raw = [float(values.get(c, float("nan"))) for c in order]
    classes = quantile_breaks(raw, k)
    colours = palette(classes.k, polarity)
    width = _MAP_W
    legend_y = map_h + 44
    height = legend_y + 30 + 20 * 2
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" class="map district-map" role="img" '
        f'aria-label="{escape(title)}" data-borders="{borders}">',
        f'<text x="0" y="16" font-size="15" font-weight="bold">{escape(title)}</text>',
        '<g transform="translate(0,30)">',
    ]
    for kato, value, cls in zip(order, raw, classes.index, strict=True):
        fill = colours[cls] if cls >= 0 else NO_DATA_COLOUR
        shown = fmt(value) if cls >= 0 else no_data
        out.append(
            f'<path class="district" data-kato="{kato}" d="{_path(shapes[kato], project)}" '
            f'fill="{fill}" stroke="#777" stroke-width="0.3" fill-rule="evenodd">'
            f"<title>{escape(names.get(kato, kato))}: {escape(shown)}</title></path>"
        )
    if only is None:
        for outline in _outlines(borders, tolerance):
            out.append(
                f'<path class="region-outline" d="{_path(outline, project)}" fill="none" '
                'stroke="#222" stroke-width="0.9"/>'
            )
    out.append("</g>")
    # legend in one row under the map: the classes, then "no data"
    out.append(f'<g class="legend" transform="translate(0,{legend_y:.0f})">')
    out.append(f'<text x="0" y="0" font-size="12" font-weight="bold">{escape(legend_title)}</text>')
    step = width / (classes.k + 1)
    lower = classes.lower
    entries = [
        (colour, f"{fmt(lower if i == 0 else classes.bounds[i - 1])} – {fmt(upper)}")
        for i, (upper, colour) in enumerate(zip(classes.bounds, colours, strict=True))
    ]
    entries.append((NO_DATA_COLOUR, no_data))
    for i, (colour, label) in enumerate(entries):
        x = step * i
        out.append(
            f'<rect x="{x:.0f}" y="8" width="14" height="12" fill="{colour}" stroke="#555" '
            'stroke-width="0.5"/>'
            f'<text x="{x + 18:.0f}" y="18" font-size="10">{escape(label)}</text>'
        )
    out.append(
        f'<text x="0" y="42" font-size="9" fill="#444">{escape(source)}</text>'
        f'<text x="0" y="56" font-size="9" fill="#444">{escape(ATTRIBUTION)}</text>'
    )
    out.append("</g></svg>")
    return "".join(out)


def district_names(borders: int, lang: str) -> dict[str, str]:
    """District names of a border year in ``kk``, ``ru`` or ``en``, as the polygons print them.

    Examples
    --------
    >>> district_names(2024, "en")["104100000"], district_names(2024, "ru")["751110000"]
    ('Zhanasemey', 'Алмалинский')
    """
    frame = district_polygons(borders)
    return dict(zip(frame.kato, frame[f"name_{lang}"], strict=True))


@dataclass(frozen=True)
class DistrictLayer:
    """District values of one period ready to draw: the layer, what is coloured and not."""

    borders: int
    values: dict[str, float]
    other_borders: tuple[str, ...]  # valued, but on other borders that day: not coloured
    missing: tuple[str, ...]  # polygons without a value


def district_layer(values: Mapping[str, float], period: str) -> DistrictLayer:
    """Put district ``values`` of ``period`` on the polygons of that period's borders.

    Examples
    --------
    >>> layer = district_layer({"101000000": 40.0, "751110000": 9.0}, "2023-01-01")
    >>> layer.borders, layer.values, layer.other_borders, len(layer.missing)
    (2024, {'751110000': 9.0}, ('101000000',), 222)
    """
    borders = border_year(int(str(period)[:4]))
    codes = set(district_polygons(borders).kato)
    day = str(period) if len(str(period)) == 10 else f"{str(period)[:4]}-12-31"
    other = set(same_borders(day, borders)) & set(values)
    kept = {k: float(v) for k, v in values.items() if k in codes and k not in other}
    missing = tuple(sorted(codes - set(kept) - other))
    return DistrictLayer(borders, kept, tuple(sorted(other)), missing)
