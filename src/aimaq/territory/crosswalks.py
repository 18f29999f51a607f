"""Crosswalks from the keys of official publications to KATO codes.

- the BNS population bulletin of 1 January 2023 (``bns_2023.csv``): a unit is known by its
  region and its own Kazakh name as BNS prints them (``"Жетісу"``, ``"Сарқант ауданы"``);
- the settlements of that bulletin's sheet 03 whose printed name differs from KATO 2025
  (``bns_2023_settlements.csv``, kept by hand, each row with its basis);
- Taldau term ids (``taldau_terms.csv``): regions, current and former (South Kazakhstan,
  261475), the Republic (741880), and the 228 district-level units;
- former KATO codes (``former_codes.csv``): the codes the units moved to Abai, Zhetisu and
  Ulytau had before 8 June 2022, as the district polygons on the 2018 borders carry them.

Both are package data, derived from the official files by ``scripts/build_territory_data.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import pandas as pd

from aimaq.territory.names import normalise

__all__ = [
    "Crosswalks",
    "bns_2023",
    "bns_2023_settlements",
    "former_codes",
    "load_crosswalks",
    "taldau_terms",
]


def _read(name: str) -> pd.DataFrame:
    with resources.files("aimaq.territory").joinpath("data", name).open("rb") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def bns_2023() -> pd.DataFrame:
    """Return the bulletin crosswalk: ``region_kk, unit_kk, unit_type, kato, note``.

    Examples
    --------
    >>> len(bns_2023())
    240
    """
    return _read("bns_2023.csv")


def bns_2023_settlements() -> pd.DataFrame:
    """Return the bulletin's settlements printed otherwise than in KATO 2025.

    Columns ``region_kk, unit_kk, settlement_kk, kato, basis``; an empty ``kato`` marks
    a settlement that KATO 2025 no longer lists.

    Examples
    --------
    >>> bns_2023_settlements().set_index("settlement_kk").loc["Приозер қаласы", "kato"]
    '352110000'
    """
    return _read("bns_2023_settlements.csv")


def taldau_terms() -> pd.DataFrame:
    """Return the Taldau term crosswalk: ``term_id, name, kato, level``.

    Examples
    --------
    >>> int((taldau_terms()["level"] == "district").sum())
    228
    """
    return _read("taldau_terms.csv")


def former_codes() -> pd.DataFrame:
    """Return the former KATO codes: ``old_code, kato, valid_to, note, source``.

    Examples
    --------
    >>> codes = former_codes().set_index("old_code")
    >>> codes.loc["632800000", ["kato", "valid_to"]].tolist()
    ['101000000', '2022-06-08']
    >>> codes.loc["191000000", "kato"]  # Taldykorgan's code before 2022, Konaev's since
    '331000000'
    """
    return _read("former_codes.csv")


@dataclass(frozen=True)
class Crosswalks:
    """The crosswalks as lookup tables.

    Attributes
    ----------
    bns : dict
        ``(normalised region name, normalised unit name) -> kato``.
    taldau : dict
        ``term id (str) -> kato``.
    bns_settlements : dict
        ``(region, unit, settlement), normalised -> kato`` (``""``: not in KATO 2025).
    former : dict
        ``former KATO code -> (today's code, first day it no longer meant that unit)``.
    """

    bns: dict[tuple[str, str], str]
    taldau: dict[str, str]
    bns_settlements: dict[tuple[str, str, str], str]
    former: dict[str, tuple[str, date]]


@lru_cache(maxsize=1)
def load_crosswalks() -> Crosswalks:
    """Return the crosswalks as lookup tables (read once per process).

    Examples
    --------
    >>> load_crosswalks().taldau["741880"]
    '000000000'
    """
    bns = bns_2023()
    taldau = taldau_terms()
    places = bns_2023_settlements()
    former = former_codes()
    return Crosswalks(
        bns={
            (normalise(region), normalise(unit)): kato
            for region, unit, kato in zip(
                bns["region_kk"], bns["unit_kk"], bns["kato"], strict=True
            )
        },
        taldau=dict(zip(taldau["term_id"], taldau["kato"], strict=True)),
        bns_settlements={
            (normalise(region), normalise(unit), normalise(place)): kato
            for region, unit, place, kato in zip(
                places["region_kk"],
                places["unit_kk"],
                places["settlement_kk"],
                places["kato"],
                strict=True,
            )
        },
        former={
            old: (kato, date.fromisoformat(until))
            for old, kato, until in zip(
                former["old_code"], former["kato"], former["valid_to"], strict=True
            )
        },
    )
