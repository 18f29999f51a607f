"""A hand-worked registry of four settlements and a four-norm catalogue.

Worked by hand (provision = met / applicable):
  A 111130100 support village, 1,000 people: water, kindergarten, clinic, fire 4/4 = 1
  B 111130105 satellite of A at 8 km, 200 people: fire only (20 km = 20 min) 1/3
  C 111130110 other village, 50 people: water, clinic at 5 km; fire n/a 2/2 = 1
  D 111210000 city, 10,000 people: water only (kindergarten 300 < 400 places, fire no data) 1/3
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

CATALOGUE = {
    "version": "hand-1",
    "support_radius_km": 15,
    "categories": [
        {"id": c, "name_en": c}
        for c in ("city", "district_town", "okrug_centre", "support_village", "other_village")
    ],
    "areas": [
        {
            "id": "engineering",
            "name_en": "Engineering",
            "norms": [
                {
                    "id": "n_water",
                    "name_en": "Water",
                    "categories": [
                        "city",
                        "district_town",
                        "okrug_centre",
                        "support_village",
                        "other_village",
                    ],
                    "rule": {"kind": "present"},
                    "cost_hint_kzt": 100,
                },
            ],
        },
        {
            "id": "education",
            "name_en": "Education",
            "norms": [
                {
                    "id": "n_kg",
                    "name_en": "Kindergarten",
                    "categories": ["city", "support_village"],
                    "rule": {"kind": "capacity", "per_1000": 40},
                    "cost_hint_kzt": 50,
                },
            ],
        },
        {
            "id": "healthcare",
            "name_en": "Healthcare",
            "norms": [
                {
                    "id": "n_clinic",
                    "name_en": "Clinic",
                    "categories": ["support_village", "other_village"],
                    "rule": {"kind": "within_km", "km": 10},
                    "cost_hint_kzt": 30,
                    "via_support": True,
                },
                {
                    "id": "n_fire",
                    "name_en": "Fire",
                    "categories": [
                        "city",
                        "district_town",
                        "okrug_centre",
                        "support_village",
                        "other_village",
                    ],
                    "min_population": 100,
                    "rule": {"kind": "within_minutes", "minutes": 30, "speed_kmh": 60},
                    "cost_hint_kzt": 20,
                },
            ],
        },
    ],
}

SETTLEMENTS = pd.DataFrame(
    {
        "kato": ["111130100", "111130105", "111130110", "111210000"],
        "name_kk": ["A", "B", "C", "D"],
        "okrug_kato": ["111130000", "111130000", "111130000", None],
        "district_kato": ["111100000", "111100000", "111100000", "111200000"],
        "region_kato": ["110000000"] * 4,
        "urban": [False, False, False, True],
        "category": ["support_village", "other_village", "other_village", "city"],
        "is_support_village": [True, False, False, False],
        "support_kato": [None, "111130100", None, None],
        "distance_to_support_km": [None, 8.0, None, None],
    }
)
POPULATION = pd.DataFrame(
    {
        "kato": ["111130100", "111130105", "111130110", "111210000"],
        "year": [2024] * 4,
        "population": [1000, 200, 50, 10000],
    }
)
STATUS = pd.DataFrame(
    [
        ("111130100", "n_water", True, None, None, None),
        ("111130100", "n_kg", True, 40.0, None, None),
        ("111130100", "n_clinic", True, None, None, None),
        ("111130100", "n_fire", False, None, None, 20.0),
        ("111130105", "n_water", False, None, None, None),
        ("111130105", "n_clinic", False, None, 12.0, None),
        ("111130105", "n_fire", False, None, 20.0, None),
        ("111130110", "n_water", True, None, None, None),
        ("111130110", "n_clinic", False, None, 5.0, None),
        ("111210000", "n_water", True, None, None, None),
        ("111210000", "n_kg", True, 300.0, None, None),
    ],
    columns=["kato", "norm_id", "present", "capacity", "distance_km", "minutes"],
).assign(year=2024)


def write_catalogue(folder: Path) -> Path:
    path = folder / "hand_catalogue.yaml"
    path.write_text(yaml.safe_dump(CATALOGUE), encoding="utf-8")
    return path
