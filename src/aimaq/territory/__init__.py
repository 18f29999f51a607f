"""The territorial model of Kazakhstan: the KATO tree, border changes, names and crosswalks.

- :func:`territory_frames`: the ``territory``, ``territory_alias``, ``territory_change`` and
  ``territory_tag`` tables from the package data (KATO NK RK 11-2025 and history);
- :class:`Resolver`: names and codes as BNS and Taldau print them to KATO codes, Taldau
  term ids and BNS bulletin units to KATO codes, and the tree (:class:`TerritoryTree`):
  ``info``, ``children``, ``region_of``, ``border_regime``;
- :func:`district_polygons`: the district polygons on the 2024 or 2018 borders, and
  :func:`district_crosswalk`, how the 228 district-level units map to them;
- :func:`normalise`: the lookup key of a name; :func:`period_bounds`: a period as dates.

Examples
--------
>>> from aimaq.territory import Resolver
>>> Resolver.default().region("Aktobe Region")
'150000000'
"""

from __future__ import annotations

from aimaq.territory.crosswalks import bns_2023, bns_2023_settlements, taldau_terms
from aimaq.territory.errors import AmbiguousTerritory, UnknownTerritory
from aimaq.territory.frames import COUNTRY, TerritoryFrames, territory_frames
from aimaq.territory.geometry import district_crosswalk, district_polygons
from aimaq.territory.names import normalise
from aimaq.territory.periods import period_bounds
from aimaq.territory.resolver import Resolver
from aimaq.territory.tree import LEVELS, TerritoryTree

__all__ = [
    "COUNTRY",
    "LEVELS",
    "AmbiguousTerritory",
    "Resolver",
    "TerritoryFrames",
    "TerritoryTree",
    "UnknownTerritory",
    "bns_2023",
    "bns_2023_settlements",
    "district_crosswalk",
    "district_polygons",
    "normalise",
    "period_bounds",
    "taldau_terms",
    "territory_frames",
]
