"""District polygons, their KATO crosswalk and the region outlines built from them."""

from __future__ import annotations

import pytest

from aimaq.errors import ValidationError
from aimaq.reporting.geometry import region_shapes
from aimaq.territory import TerritoryFrames
from aimaq.territory.geometry import (
    border_year,
    country_outline,
    district_crosswalk,
    district_polygons,
    geodesic_area_km2,
    outline_agreement,
    region_outlines,
)

#: Official area of Kazakhstan, km² (BNS, as quoted in the shared data notes).
OFFICIAL_AREA_KM2 = 2_724_902


@pytest.mark.parametrize(("borders", "count", "regions"), [(2024, 224, 20), (2018, 216, 17)])
def test_layers_hold_every_polygon_once_and_valid(borders: int, count: int, regions: int) -> None:
    frame = district_polygons(borders)
    assert len(frame) == count
    assert frame.kato.is_unique
    assert frame.geometry.is_valid.all()
    assert frame.crs.to_epsg() == 4326
    assert frame.region_kato.nunique() == regions


def test_2024_codes_are_district_level_units_of_kato_2025(frames: TerritoryFrames) -> None:
    territory = frames.territory.set_index("kato")
    frame = district_polygons(2024)
    assert (territory.loc[frame.kato, "level"] == "district").all()
    # every polygon sits in the region its code says
    parents = territory.loc[frame.kato, "parent_kato"].str[:2].to_numpy()
    assert (parents == frame.region_kato.str[:2].to_numpy()).all()


def test_crosswalk_covers_the_228_taldau_units_and_every_polygon_once(
    frames: TerritoryFrames,
) -> None:
    from aimaq.territory import taldau_terms

    cw = district_crosswalk()
    terms = taldau_terms()
    district_terms = set(terms[terms.level == "district"].kato)
    assert len(cw) == 228 and set(cw.kato) == district_terms
    polygons = cw[cw.polygon_2024 != ""]
    assert polygons.polygon_2024.is_unique
    assert set(polygons.polygon_2024) == set(district_polygons(2024).source_kato)
    assert sorted(cw[cw.relation == "own polygon, other key"].kato) == ["104100000", "622000000"]


def test_units_without_a_polygon_lie_in_an_unchanged_parent_outline() -> None:
    cw = district_crosswalk()
    now = district_polygons(2024).set_index("kato").geometry
    then = district_polygons(2018).set_index("kato").geometry
    missing = cw[cw.relation == "no polygon"]
    assert sorted(missing.kato) == ["615500000", "635500000", "636300000", "711610000"]
    for parent in missing.inside_polygon[missing.inside_polygon != ""]:
        # the parent keeps its 2018 outline (before the split), so it still holds the unit
        changed = now[parent].symmetric_difference(then[parent]).area / then[parent].area
        assert changed < 0.01, parent


def test_rekeyed_zhanasemey_surrounds_the_city_of_semey() -> None:
    frame = district_polygons(2024).set_index("kato")
    district, city = frame.geometry["104100000"], frame.geometry["101000000"]
    assert frame.loc["104100000", "source_kato"] == "101010000"
    assert district.touches(city)
    assert district.area > 100 * city.area


def test_total_area_matches_the_official_figure() -> None:
    total = sum(geodesic_area_km2(g) for g in district_polygons(2024).geometry)
    assert abs(total - OFFICIAL_AREA_KM2) / OFFICIAL_AREA_KM2 < 0.002
    assert abs(geodesic_area_km2(country_outline()) - total) < 1.0


def test_geodesic_area_of_a_degree_cell_at_the_equator() -> None:
    from shapely.geometry import box

    # one degree of longitude (111.320 km) by one of latitude (110.574 km) at the equator
    assert geodesic_area_km2(box(0, 0, 1, 1)) == pytest.approx(111.320 * 110.574, rel=1e-3)


def test_region_outlines_agree_with_the_region_file() -> None:
    shapes = region_shapes()
    table = outline_agreement(shapes)
    assert len(table) == 20
    # the region file is drawn coarser: areas agree within 2.5 %, outlines within 7 %
    assert table.area_diff_pct.abs().max() < 2.5
    assert table.mismatch_pct.max() < 7
    assert table.mismatch_km2.sum() / table.reference_km2.sum() < 0.03
    cities = table.set_index("region_kato").loc[["710000000", "750000000", "790000000"]]
    assert (cities.mismatch_pct < 1).all()


def test_old_regions_on_2018_borders() -> None:
    old = region_outlines(2018).set_index("region_kato").geometry
    new = region_outlines(2024).set_index("region_kato").geometry
    # Almaty Region of 2018 is today's Almaty and Zhetisu regions together
    joined = new["190000000"].union(new["330000000"])
    assert old["190000000"].symmetric_difference(joined).area / joined.area < 0.01


def test_border_year_and_refusal() -> None:
    assert [border_year(y) for y in (2018, 2021, 2022, 2025)] == [2018, 2018, 2024, 2024]
    with pytest.raises(ValidationError, match="no district polygons for 2017"):
        border_year(2017)
    with pytest.raises(ValidationError, match="borders must be one of 2018, 2024"):
        district_polygons(2020)
