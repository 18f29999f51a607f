"""Economic structure of territories: sectors, specialisation, diversification, shift-share.

- :mod:`~aimaq.economy.sectors`: the OKED 2 / ISIC Rev. 4 sections A-U and the BNS broad
  groups A; B-F; G-U, as a hierarchy;
- measures, pure functions of ``(..., units, sectors)`` arrays:
  :func:`location_quotients`, :func:`krugman`, :func:`diversification`,
  :func:`structural_change`, :func:`shift_share`, :func:`complexity`;
- :func:`sector_table` reads stored values by sector; :func:`structure` measures a year.
"""

from __future__ import annotations

from aimaq.economy.complexity import Complexity, complexity
from aimaq.economy.diversification import Diversification, diversification
from aimaq.economy.panel import SectorTable, check_sector_values, sector_table
from aimaq.economy.sectors import classifier, sector, sector_name
from aimaq.economy.shiftshare import ShiftShare, shift_share
from aimaq.economy.specialisation import LocationQuotients, krugman, location_quotients
from aimaq.economy.structural_change import structural_change
from aimaq.economy.structure import Structure, structure

__all__ = [
    "Complexity",
    "Diversification",
    "LocationQuotients",
    "SectorTable",
    "ShiftShare",
    "Structure",
    "check_sector_values",
    "classifier",
    "complexity",
    "diversification",
    "krugman",
    "location_quotients",
    "sector",
    "sector_name",
    "sector_table",
    "shift_share",
    "structural_change",
    "structure",
]
