"""District figures that the shipped official data allow, computed, each with its lineage.

BNS publishes little by district. From what ships with aimaq:

- ``area_km2``: geodesic area of the 2024 district polygon (geokz, CC BY 4.0), an
  *estimate from the polygons*, not the official area; period ``2024`` (the border year);
- ``population_density``: ``population_jan1`` on 1 Jan 2023 (BNS bulletin) per km² of the
  polygon, only where the unit's borders on that day are the polygon's (see
  :func:`same_borders`);
- ``settlements_count`` and ``okrugs_count``: settlements and okrug-level units below each
  district-level unit in KATO NK RK 11-2025 (period ``2025``, the edition in force since 1 Feb 2025);
- ``distance_region_centre_km`` and ``distance_agglomeration_km``: straight-line (geodesic)
  distance from a point inside the district (``point_on_surface``) to its region's centre
  and to the nearest first-level agglomeration (Astana, Almaty, Shymkent; shared data
  notes, "Agglomerations"). A region's centre is the polygon of its centre's city
  administration (the unit the KATO tree names in English), a city's the centroid of
  its districts; period ``2024``.

Urban share and the population by sex and area are the bulletin's own (or derived in
:mod:`aimaq.data.datasets.derived`). Not computable from the shipped data, and so not
made: population change by district (one official year, 2023), the settlement-size
structure (the bulletin's sheet 03 prints district centres and towns, not every village).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from aimaq.territory import territory_frames
from aimaq.territory.geometry import (
    ALBERS_KZ,
    district_crosswalk,
    district_polygons,
    geodesic_area_km2,
)

__all__ = ["FIRST_LEVEL_AGGLOMERATIONS", "district_figures", "same_borders"]

COLUMNS = ["kato", "indicator_id", "period", "value", "dims"]
#: First-level agglomerations (shared data notes, "Agglomerations").
FIRST_LEVEL_AGGLOMERATIONS = ("710000000", "750000000", "790000000")
BORDERS = 2024
#: The day of the borders of the 2018 layer (Turkestan Region and Shymkent city formed).
LAYER_2018 = "2018-06-19"
#: KATO NK RK 11-2025 (in force 1 Feb 2025): the counts are figures of the 2025 edition
KATO_EDITION = "2025"


def _rows(values: pd.Series, indicator: str, period: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kato": values.index.astype(str),
            "indicator_id": indicator,
            "period": period,
            "value": values.to_numpy(dtype="float64"),
            "dims": "{}",
        }
    )


@lru_cache(maxsize=1)
def _areas() -> pd.Series:
    frame = district_polygons(BORDERS)
    return pd.Series([geodesic_area_km2(g) for g in frame.geometry], index=frame.kato)


def same_borders(on: str, borders: int = BORDERS) -> dict[str, str]:
    """Polygons of the ``borders`` layer whose unit had other borders on the date ``on``.

    On the 2018 layer (the borders of 19 June 2018) a polygon differs once a unit was
    split from it after that day and on or before ``on`` (Kentau from 15 March 2021, when
    Sauran was formed).

    A polygon differs when its unit gave territory to, or was formed as, a unit created
    after ``on`` that has its own polygon (``territory_change``), or when it borders a
    unit created after ``on`` whose origin is not recorded and its outline changed by more
    than 1 % since the 2018 layer. Returns code -> reason.

    Examples
    --------
    >>> sorted(same_borders("2023-01-01"))[:3]
    ['101000000', '104100000', '104500000']
    """
    frames = territory_frames()
    if borders != BORDERS:
        old_layer = set(district_polygons(borders).kato)
        change = frames.change
        day = change.date.astype(str).str[:10]
        after = change[(change.kind == "split") & (day > LAYER_2018) & (day <= on)]
        return {
            old: f"split of {old} into {new} on {str(when)[:10]}"
            for old, new, when in zip(after.old_kato, after.new_kato, after.date, strict=True)
            if old in old_layer
        }
    polygons = district_polygons(BORDERS).set_index("kato").geometry
    out: dict[str, str] = {}
    change = frames.change
    later = change[(change.kind == "split") & (change.date.astype(str).str[:10] > on)]
    recorded = set(later.new_kato)
    for old, new, when in zip(later.old_kato, later.new_kato, later.date, strict=True):
        if new in polygons.index:
            for code in (old, new):
                if code in polygons.index:
                    out[code] = f"split of {old} into {new} on {str(when)[:10]} is after {on}"
    territory = frames.territory
    started = territory.valid_from.notna() & (territory.valid_from.astype(str) > on)
    created = territory[started & (territory.level == "district")]
    old_layer = district_polygons(2018).set_index("kato").geometry
    for code in created.kato:
        if code in recorded or code not in polygons.index:
            continue
        out[code] = f"created after {on}"
        for other in polygons.index[polygons.intersects(polygons[code].buffer(0.005))]:
            if other == code or other not in old_layer.index:
                continue
            change_share = polygons[other].symmetric_difference(old_layer[other]).area
            if change_share / old_layer[other].area > 0.01:
                out[other] = f"borders {code} (created after {on}) and its outline changed"
    return out


def _centres() -> dict[str, tuple[float, float]]:
    """Region code -> (lon, lat) of its centre."""
    import geopandas as gpd

    frame = district_polygons(BORDERS).to_crs(ALBERS_KZ)
    territory = territory_frames().territory
    # the regional centre's city administration is coded RR1000000 (docs/territory.md)
    centres = territory[
        (territory.level == "district")
        & (territory.kato == territory.parent_kato.str[:2] + "1000000")
        & territory.valid_to.isna()
    ]
    centre_of = dict(zip(centres.parent_kato, centres.kato, strict=True))
    regions, points = [], []
    for region, part in frame.groupby("region_kato"):
        code = centre_of.get(str(region))
        if code is None:  # a city of republican significance: the centroid of its districts
            points.append(part.geometry.union_all().centroid)
        else:
            points.append(part[part.kato == code].geometry.iloc[0].representative_point())
        regions.append(str(region))
    lonlat = gpd.GeoSeries(points, crs=ALBERS_KZ).to_crs("EPSG:4326")
    return {r: (float(p.x), float(p.y)) for r, p in zip(regions, lonlat, strict=True)}


def _distances() -> tuple[pd.Series, pd.Series]:
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    frame = district_polygons(BORDERS)
    centres = _centres()
    inside = frame.to_crs(ALBERS_KZ).geometry.representative_point().to_crs("EPSG:4326")
    to_centre, to_agglo = [], []
    for region, point in zip(frame.region_kato, inside, strict=True):
        lon, lat = centres[region]
        to_centre.append(geod.inv(point.x, point.y, lon, lat)[2] / 1000)
        to_agglo.append(
            min(
                geod.inv(point.x, point.y, *centres[code])[2] / 1000
                for code in FIRST_LEVEL_AGGLOMERATIONS
            )
        )
    return pd.Series(to_centre, index=frame.kato), pd.Series(to_agglo, index=frame.kato)


def _kato_counts() -> tuple[pd.Series, pd.Series]:
    territory = territory_frames().territory
    units = set(district_crosswalk().kato)
    parent = dict(zip(territory.kato, territory.parent_kato, strict=True))

    def district_of(code: str) -> str | None:
        seen = 0
        while code and code not in units and seen < 6:
            code, seen = parent.get(code, ""), seen + 1
        return code if code in units else None

    settlements: dict[str, int] = dict.fromkeys(units, 0)
    okrugs: dict[str, int] = dict.fromkeys(units, 0)
    for code, level in zip(territory.kato, territory.level, strict=True):
        if level not in ("settlement", "okrug"):
            continue
        owner = district_of(parent.get(code, ""))
        if owner is not None:
            (settlements if level == "settlement" else okrugs)[owner] += 1
    return pd.Series(settlements).sort_index(), pd.Series(okrugs).sort_index()


def district_figures(official: pd.DataFrame) -> pd.DataFrame:
    """The district figures above from the official observations (tidy rows).

    Examples
    --------
    >>> from aimaq.data.datasets import load_observations
    >>> out = district_figures(load_observations())
    >>> sorted(out.indicator_id.unique())[:3]
    ['area_km2', 'distance_agglomeration_km', 'distance_region_centre_km']
    """
    areas = _areas()
    parts = [_rows(areas, "area_km2", str(BORDERS))]
    pop = official[
        (official.indicator_id == "population_jan1")
        & (official.dims == "{}")
        & (official.period == "2023-01-01")
    ]
    population = pd.Series(pop.value.to_numpy(dtype="float64"), index=pop.kato.astype(str))
    differ = same_borders("2023-01-01")
    usable = [c for c in areas.index if c in population.index and c not in differ]
    density = population[usable] / areas[usable]
    parts.append(_rows(density, "population_density", "2023-01-01"))
    settlements, okrugs = _kato_counts()
    parts.append(_rows(settlements, "settlements_count", KATO_EDITION))
    parts.append(_rows(okrugs, "okrugs_count", KATO_EDITION))
    to_centre, to_agglo = _distances()
    parts.append(_rows(to_centre, "distance_region_centre_km", str(BORDERS)))
    parts.append(_rows(to_agglo, "distance_agglomeration_km", str(BORDERS)))
    return pd.concat(parts, ignore_index=True)[COLUMNS]
