"""Settlements of the KATO tree as SRS registry units, with their five categories.

The KATO classifier gives each settlement its okrug, district and region, its type and its
urban/rural sign, but not its SRS category. This module derives one, by rules stated
in ``docs/standards.md``:

- ``city``: a city inside a city of regional significance, and each city of republican
  significance (Astana, Almaty, Shymkent: KATO has no settlement row for them, the city
  itself is the unit);
- ``district_town``: every other city or urban settlement; in a district without one, the
  centre of its lowest-coded okrug stands for the district centre (assumption);
- ``okrug_centre``: the settlement numbered ``...100`` in its okrug (the KATO numbering of
  administrative centres; assumption where no such code exists: the lowest code);
- ``other_village``: the rest. Support villages are chosen later (``synthetic.py``).

Winter camps, stations and other places without permanent settlement status
(``other_settlement``) and city-district parts (``city_district``) are not registry units.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from aimaq.errors import Advice, AimaqError

UNIT_TYPES = ("city", "urban_settlement", "village")
_URBAN_TYPES = {"city", "urban_settlement"}


def registry_units(territory: pd.DataFrame) -> pd.DataFrame:
    """The settlements of a territory frame as registry units with category.

    Parameters
    ----------
    territory
        Columns ``kato, parent_kato, level, unit_type, name_kk, name_ru, urban`` (the
        store's ``territory`` table): current units only.

    Returns
    -------
    DataFrame
        kato, name_kk, name_ru, okrug_kato, district_kato, region_kato, urban, category,
        unit_type.

    Examples
    --------
    >>> t = pd.DataFrame({
    ...     "kato": ["110000000", "113200000", "113230000", "113230100", "113230105"],
    ...     "parent_kato": [None, "110000000", "113200000", "113230000", "113230000"],
    ...     "level": ["region", "district", "okrug", "settlement", "settlement"],
    ...     "unit_type": ["oblast", "district", "rural_okrug", "village", "village"],
    ...     "name_kk": ["A", "B", "C", "D", "E"], "name_ru": ["A", "B", "C", "D", "E"],
    ...     "urban": [None, None, None, False, False]})
    >>> registry_units(t).category.tolist()
    ['district_town', 'other_village']
    """
    need = ["kato", "parent_kato", "level", "unit_type", "name_kk", "name_ru", "urban"]
    missing = [c for c in need if c not in territory.columns]
    if missing:
        raise AimaqError(f"territory frame lacks column(s) {missing}")
    t = territory.copy()
    t["kato"] = t["kato"].astype(str)
    parent = dict(
        zip(t["kato"], t["parent_kato"].where(t["parent_kato"].notna(), None), strict=True)
    )
    level = dict(zip(t["kato"], t["level"], strict=True))
    utype = dict(zip(t["kato"], t["unit_type"], strict=True))
    settlements = t[
        (t["level"] == "settlement") & (t["unit_type"].isin(UNIT_TYPES) | t["unit_type"].isna())
    ]
    rows = []
    for rec in settlements.itertuples(index=False):
        okrug, chain = None, []
        node = parent.get(rec.kato)
        while node is not None:
            chain.append(node)
            if level.get(node) == "okrug" and okrug is None:
                okrug = node
            node = parent.get(node)
        regions = [n for n in chain if level.get(n) == "region"]
        if not regions:
            continue  # a settlement outside any region cannot be placed
        region = regions[-1]
        below = chain[: chain.index(region)]
        district = below[-1] if below else region
        sign: Any = rec.urban
        urban = sign if sign is not None and not pd.isna(sign) else rec.unit_type in _URBAN_TYPES
        rows.append(
            {
                "kato": rec.kato,
                "name_kk": rec.name_kk,
                "name_ru": rec.name_ru,
                "okrug_kato": okrug,
                "district_kato": district,
                "region_kato": region,
                "urban": bool(urban),
                "unit_type": rec.unit_type,
                "district_type": utype.get(district),
            }
        )
    units = pd.DataFrame(rows)
    if units.empty:
        raise AimaqError(
            "the territory table has no settlements (the KATO classifier is not loaded)",
            advice=Advice.init,
        )
    with_settlements = set(units["region_kato"])
    cities = t[(t["level"] == "region") & ~t["kato"].isin(with_settlements)]
    city_rows = pd.DataFrame(
        {
            "kato": cities["kato"],
            "name_kk": cities["name_kk"],
            "name_ru": cities["name_ru"],
            "okrug_kato": None,
            "district_kato": cities["kato"],
            "region_kato": cities["kato"],
            "urban": True,
            "unit_type": "city",
            "district_type": "republican_city",
        }
    )
    units = (
        pd.concat([units, city_rows], ignore_index=True).sort_values("kato").reset_index(drop=True)
    )
    units["category"] = _categories(units)
    return units.drop(columns=["district_type"])


def _categories(units: pd.DataFrame) -> pd.Series:
    cat = pd.Series("other_village", index=units.index)
    is_town = units["unit_type"].isin(_URBAN_TYPES)
    in_city = units["district_type"].isin({"city_regional_significance", "republican_city"})
    cat[is_town] = "district_town"
    cat[is_town & in_city & (units["unit_type"] == "city")] = "city"
    villages = units[~is_town & units["okrug_kato"].notna()]
    ranked = villages.assign(_not100=~villages["kato"].str.endswith("100")).sort_values(
        ["okrug_kato", "_not100", "kato"]
    )
    centres = ranked.drop_duplicates("okrug_kato")
    cat[centres.index] = "okrug_centre"
    # a district with no town: the centre of its lowest-coded okrug is the district centre
    towns = set(units.loc[is_town, "district_kato"])
    lonely = centres[
        ~centres["district_kato"].isin(towns) & (centres["district_type"] == "district")
    ]
    first = lonely.sort_values("okrug_kato").drop_duplicates("district_kato")
    cat[first.index] = "district_town"
    return cat
