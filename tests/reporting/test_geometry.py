from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pyproj import Geod
from sample_store import REGIONS

from aimaq.reporting.geometry import ADM1_TO_KATO, CITY_KATO, region_shapes, regions_geojson

REGION_KATO = {kato for kato, *_ in REGIONS}  # the 20 regions since 2022


def test_every_region_has_one_valid_polygon() -> None:
    shapes = region_shapes()
    assert set(shapes) == REGION_KATO == set(ADM1_TO_KATO.values())
    assert all(g.is_valid and not g.is_empty for g in shapes.values())


def test_regions_do_not_overlap_and_cities_sit_in_their_surroundings() -> None:
    shapes = region_shapes(0.0)
    for kato, geom in shapes.items():
        point = geom.representative_point()
        inside = [k for k, g in shapes.items() if g.contains(point)]
        assert inside == [kato]
    # Astana lies within Akmola Region's outline, Almaty city within Almaty Region's
    assert shapes["110000000"].convex_hull.contains(shapes["710000000"].centroid)
    assert shapes["190000000"].convex_hull.contains(shapes["750000000"].centroid)
    assert set(CITY_KATO) == {"710000000", "750000000", "790000000"}


@pytest.mark.shared
def test_geodesic_areas_match_the_published_estimates(shared_dir: Path) -> None:
    # kz_regions_default_2022_2023.csv gives each region's geodesic area from this very
    # boundary file; the repaired and unsimplified shapes must reproduce it (rounding: 0.1%)
    geod = Geod(ellps="WGS84")
    shapes = region_shapes(0.0)
    with open(shared_dir / "kz_regions_default_2022_2023.csv", encoding="utf-8") as fh:
        published = {r["kato9"]: float(r["area_km2_geom_estimate"]) for r in csv.DictReader(fh)}
    assert set(published) == set(shapes)
    for kato, geom in shapes.items():
        area = abs(geod.geometry_area_perimeter(geom)[0]) / 1e6
        assert area == pytest.approx(published[kato], rel=1e-3), kato


def test_simplified_outlines_keep_the_area() -> None:
    full, simple = region_shapes(0.0), region_shapes(0.03)
    for kato in full:
        # the three cities are a few vertices across at this tolerance
        tolerance = 0.1 if kato in CITY_KATO else 0.01
        assert simple[kato].area == pytest.approx(full[kato].area, rel=tolerance), kato


def test_geojson_for_plotly_has_kato_ids() -> None:
    fc = regions_geojson(0.05)
    assert fc["type"] == "FeatureCollection"
    assert sorted(f["id"] for f in fc["features"]) == sorted(REGION_KATO)
