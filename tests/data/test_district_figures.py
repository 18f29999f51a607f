"""District figures computed from the polygons, the KATO tree and the 2023 bulletin."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from aimaq.data.datasets import load_observations
from aimaq.data.datasets.district_figures import (
    FIRST_LEVEL_AGGLOMERATIONS,
    _centres,
    district_figures,
    same_borders,
)
from aimaq.territory import territory_frames
from aimaq.territory.geometry import ALBERS_KZ, district_polygons

MISSING_DENSITY = {
    "101000000": "Semey (Zhanasemey split off after 1 Jan 2023)",
    "104100000": "Zhanasemey",
    "104500000": "Makanshy",
    "104600000": "Urzhar",
    "191800000": "Alatau city (2024)",
    "196800000": "Ile",
    "711210000": "Esil (Astana)",
    "711510000": "Nura (Astana)",
    "791910000": "Turan (Shymkent)",
    "791110000": "Abai district of Shymkent",
    "791310000": "Al-Farabi district of Shymkent",
}


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return district_figures(load_observations())


def _one(figures: pd.DataFrame, indicator: str) -> pd.Series:
    part = figures[figures.indicator_id == indicator]
    return pd.Series(part.value.to_numpy(), index=part.kato)


def test_area_agrees_with_an_equal_area_projection(figures: pd.DataFrame) -> None:
    area = _one(figures, "area_km2")
    assert len(area) == 224
    projected = district_polygons(2024).to_crs(ALBERS_KZ).set_index("kato").geometry.area / 1e6
    # two independent methods: ellipsoidal geodesic area and the Albers equal-area plane
    assert ((area / projected[area.index] - 1).abs() < 2e-3).all()


def test_density_only_where_the_2023_borders_are_the_polygon(figures: pd.DataFrame) -> None:
    density = _one(figures, "population_density")
    assert set(same_borders("2023-01-01")) == set(MISSING_DENSITY)
    assert len(density) == 224 - len(MISSING_DENSITY)
    assert not set(density.index) & set(MISSING_DENSITY)
    obs = load_observations()
    pop = obs[(obs.indicator_id == "population_jan1") & (obs.dims == "{}")].set_index("kato")
    area = _one(figures, "area_km2")
    # Abai district (Abai Region): 14,058 people on 1 Jan 2023 (bulletin)
    assert pop.value["103200000"] == 14058
    assert density["103200000"] == pytest.approx(14058 / area["103200000"])
    # Kurshim and Katon-Karagai kept their outlines: the later splits have no polygon
    assert {"635200000", "635400000"} <= set(density.index)


def test_kato_counts_cover_the_classifier(figures: pd.DataFrame) -> None:
    settlements = _one(figures, "settlements_count")
    okrugs = _one(figures, "okrugs_count")
    territory = territory_frames().territory
    assert len(settlements) == 228
    # every settlement and okrug of KATO 2025 sits below one district-level unit
    assert settlements.sum() == (territory.level == "settlement").sum() == 13021
    assert okrugs.sum() == (territory.level == "okrug").sum() == 2325
    # by hand from the classifier: the okrugs directly below Abai district
    direct = territory[(territory.parent_kato == "103200000") & (territory.level == "okrug")]
    assert okrugs["103200000"] == len(direct)


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_distances_are_straight_lines(figures: pd.DataFrame) -> None:
    to_centre = _one(figures, "distance_region_centre_km")
    to_agglo = _one(figures, "distance_agglomeration_km")
    assert len(to_centre) == len(to_agglo) == 224
    # a regional centre is 0 km from itself; Astana's districts are near Astana
    assert to_centre["151000000"] == 0.0
    assert to_agglo[[k for k in to_agglo.index if k.startswith("71")]].max() < 25
    centres = _centres()
    astana, almaty = centres["710000000"], centres["750000000"]
    # the geodesic agrees with the spherical haversine within 0.5 %; Astana-Almaty ~970 km
    from pyproj import Geod

    geodesic = Geod(ellps="WGS84").inv(*astana, *almaty)[2] / 1000
    assert geodesic == pytest.approx(_haversine_km(astana, almaty), rel=5e-3)
    assert 940 < geodesic < 1000
    assert set(FIRST_LEVEL_AGGLOMERATIONS) <= set(centres)
    # inside the three cities the region's centre is the agglomeration itself
    cities = [k for k in to_agglo.index if k[:2] in ("71", "75", "79")]
    assert (to_agglo[cities] == to_centre[cities]).all()
