"""District polygons of Kazakhstan on the 2024 and the 2018 borders, keyed by KATO.

The polygons are the geokz layer (Alexander Rodionov, CC BY 4.0, boundaries based on
BNS), shipped in ``data/geo/`` unchanged (not simplified; coordinates as published, to
1e-5 degree). The 2024 file has 224 polygons: districts, cities of regional significance
and the 18 city districts of Astana, Almaty and Shymkent it draws; the 2018 file has 216,
on the borders before Abai, Zhetisu and Ulytau were formed (8 June 2022).

``crosswalk_2024.csv`` states for each of the 228 district-level units of KATO 2025 which
polygon holds it: two polygons carry another KATO key than their unit's (they are
re-keyed here) and four units have none (three lie inside the polygon of the district
they were split from).

Areas are geodesic on the WGS 84 ellipsoid (an estimate from the polygons, not the
official area). Region outlines are the union of their districts.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from aimaq.errors import ValidationError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "ALBERS_KZ",
    "ATTRIBUTION",
    "BORDER_YEARS",
    "border_year",
    "country_outline",
    "district_crosswalk",
    "district_polygons",
    "geodesic_area_km2",
    "outline_agreement",
    "region_outlines",
]

#: The border years with a district layer.
BORDER_YEARS: tuple[int, ...] = (2018, 2024)

#: The attribution the licence asks for, printed on every map of these polygons.
ATTRIBUTION = (
    "District boundaries: geokz, Alexander Rodionov (CC BY 4.0), based on BNS; "
    "github.com/arodionoff/geokz, commit 41c1a00"
)

#: Albers equal-area conic for Kazakhstan (standard parallels 42 and 52 N, centre 68 E):
#: the metric projection for distances and contiguity tolerances.
ALBERS_KZ = "+proj=aea +lat_0=48 +lon_0=68 +lat_1=42 +lat_2=52 +datum=WGS84 +units=m +no_defs"

#: First day on the borders of each layer: 2018 (Shymkent a city of republican
#: significance, Turkestan Region) and 2022 (Abai, Zhetisu, Ulytau).
_LAYER_FROM = {2018: 2018, 2024: 2022}

_COLUMNS = [
    "kato",
    "source_kato",
    "region_kato",
    "unit_type",
    "name_kk",
    "name_ru",
    "name_en",
    "region_en",
    "geometry",
]


def _open(name: str) -> bytes:
    path = resources.files("aimaq.territory").joinpath("data", "geo", name)
    return gzip.decompress(path.read_bytes())


def border_year(year: int) -> int:
    """The district layer that holds figures of ``year``: 2024 from 2022, 2018 for 2018-2021.

    Figures before 19 June 2018 (South Kazakhstan Region, Shymkent inside it) have no
    district layer here and are refused.

    Examples
    --------
    >>> border_year(2023), border_year(2020)
    (2024, 2018)
    """
    if year >= _LAYER_FROM[2024]:
        return 2024
    if year >= _LAYER_FROM[2018]:
        return 2018
    raise ValidationError(
        f"no district polygons for {year}: the layers are on the 2018 borders (2018-2021) "
        f"and the 2024 borders (2022 on); earlier figures are on South Kazakhstan's borders"
    )


def _check_borders(borders: int) -> None:
    if borders not in BORDER_YEARS:
        raise ValidationError(
            f"borders must be one of {', '.join(map(str, BORDER_YEARS))}; got {borders!r}"
        )


@lru_cache(maxsize=1)
def district_crosswalk() -> pd.DataFrame:
    """The 228 district-level units of KATO 2025 and the 2024 polygon that holds each.

    Columns: ``kato, unit_type, name_ru, taldau_term_id, polygon_2024`` (empty when the unit
    has no polygon of its own), ``relation`` (``own polygon``, ``own polygon, other key``,
    ``no polygon``), ``inside_polygon`` (for a unit without one, the polygon that holds its
    territory, where known) and ``note``.

    Examples
    --------
    >>> cw = district_crosswalk()
    >>> len(cw), int((cw.polygon_2024 != "").sum())
    (228, 224)
    >>> sorted(cw[cw.relation == "no polygon"].kato)
    ['615500000', '635500000', '636300000', '711610000']
    """
    import pandas as pd

    text = _open_text("crosswalk_2024.csv")
    return pd.DataFrame(list(csv.DictReader(text.splitlines())), dtype=str)


def _open_text(name: str) -> str:
    path = resources.files("aimaq.territory").joinpath("data", "geo", name)
    return path.read_text(encoding="utf-8")


def geodesic_area_km2(geometry: BaseGeometry) -> float:
    """Area of a lon/lat geometry on the WGS 84 ellipsoid, in km².

    Examples
    --------
    >>> from shapely.geometry import box
    >>> round(geodesic_area_km2(box(0, 0, 1, 1)))
    12309
    """
    from pyproj import Geod

    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(geometry)
    return abs(area) / 1e6


@lru_cache(maxsize=2)
def _layer(borders: int) -> gpd.GeoDataFrame:
    import geopandas as gpd
    from shapely.geometry import shape

    data = json.loads(_open(f"districts_{borders}.geojson.gz"))
    cw = district_crosswalk()
    rekey = {p: k for k, p in zip(cw.kato, cw.polygon_2024, strict=True) if p and p != k}
    unit_type = dict(zip(cw.kato, cw.unit_type, strict=True))
    rows: list[dict[str, Any]] = []
    for feature in data["features"]:
        props = feature["properties"]
        source = str(props["KATO"])
        kato = rekey.get(source, source) if borders == 2024 else source
        geom = shape(feature["geometry"])
        if not geom.is_valid:
            geom = geom.buffer(0)
        rows.append(
            {
                "kato": kato,
                "source_kato": source,
                "region_kato": kato[:2] + "0000000",
                "unit_type": unit_type.get(kato, "") if borders == 2024 else "",
                "name_kk": props["ADM2_KK"],
                "name_ru": props["ADM2_RU"],
                # the file prints Zhanasemey as "Zharasemey"
                "name_en": "Zhanasemey" if kato == "104100000" else props["ADM2_EN"],
                "region_en": props["ADM1_EN"],
                "geometry": geom,
            }
        )
    frame = gpd.GeoDataFrame(rows, columns=_COLUMNS, geometry="geometry", crs="EPSG:4326")
    return frame.sort_values("kato").reset_index(drop=True)


def district_polygons(borders: int = 2024) -> gpd.GeoDataFrame:
    """The district polygons on the ``borders`` of 2024 (224) or 2018 (216).

    Columns: ``kato`` (the unit's 9-digit code: KATO 2025 for 2024, the code of the time
    for 2018), ``source_kato`` (as the file keys it), ``region_kato``, ``unit_type`` (2024
    only), names ``name_kk, name_ru, name_en`` as the file prints them, ``region_en`` and
    ``geometry`` (EPSG:4326, valid). A fresh copy: callers may change it.

    Examples
    --------
    >>> frame = district_polygons(2024)
    >>> len(frame), frame.crs.to_epsg(), bool(frame.geometry.is_valid.all())
    (224, 4326, True)
    >>> len(district_polygons(2018)), frame.region_kato.nunique()
    (216, 20)
    """
    _check_borders(borders)
    return _layer(borders).copy()


def region_outlines(borders: int = 2024) -> gpd.GeoDataFrame:
    """Region polygons as the union of their districts: ``region_kato, geometry``.

    On the 2024 borders these are the 20 regions; on the 2018 borders the 17 of that time.

    Examples
    --------
    >>> len(region_outlines(2024)), len(region_outlines(2018))
    (20, 17)
    """
    _check_borders(borders)
    frame = _layer(borders)[["region_kato", "geometry"]]
    return frame.dissolve(by="region_kato").reset_index()


def outline_agreement(reference: Mapping[str, BaseGeometry], borders: int = 2024) -> pd.DataFrame:
    """Region outlines from the districts against ``reference`` outlines by KATO code.

    Returns one row per region: ``region_kato``, geodesic ``area_km2`` of the union of its
    districts, ``reference_km2``, ``area_diff_pct`` and the area of the symmetric
    difference (``mismatch_km2``, ``mismatch_pct`` of the reference area).

    Examples
    --------
    >>> outlines = region_outlines(2024)
    >>> same = dict(zip(outlines.region_kato, outlines.geometry, strict=True))
    >>> float(outline_agreement(same).mismatch_km2.max())
    0.0
    """
    import pandas as pd

    rows = []
    outlines = region_outlines(borders)
    for code, geom in zip(outlines.region_kato, outlines.geometry, strict=True):
        if code not in reference:
            raise ValidationError(f"reference outlines lack region {code}")
        ref = reference[code]
        area, ref_area = geodesic_area_km2(geom), geodesic_area_km2(ref)
        mismatch = geodesic_area_km2(geom.symmetric_difference(ref))
        rows.append(
            {
                "region_kato": code,
                "area_km2": area,
                "reference_km2": ref_area,
                "area_diff_pct": 100 * (area - ref_area) / ref_area,
                "mismatch_km2": mismatch,
                "mismatch_pct": 100 * mismatch / ref_area,
            }
        )
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def country_outline() -> BaseGeometry:
    """The national outline (state border and the Caspian and Aral coasts), EPSG:4326.

    Examples
    --------
    >>> round(geodesic_area_km2(country_outline()) / 1e6, 2)
    2.73
    """
    from shapely.geometry import shape

    data = json.loads(_open("country.geojson.gz"))
    geom = shape(data["features"][0]["geometry"])
    return geom if geom.is_valid else geom.buffer(0)
