"""The territorial model as tables: the rows of ``territory``, ``territory_alias``,
``territory_change`` and ``territory_tag``, built from the package data.

The package data derive from the official KATO classifier (edition NK RK 11-2025) and the
BNS/Taldau tables (see ``data/SOURCES.md``); the history of border changes, the validity
dates and the typology tags are kept by hand, each row with its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

import pandas as pd

from aimaq.territory.names import normalise
from aimaq.territory.tags import shipped_tags
from aimaq.territory.translit import district_name_en, latin

__all__ = ["COUNTRY", "TERRITORY_COLUMNS", "TerritoryFrames", "territory_frames"]

#: The KATO code of the Republic of Kazakhstan.
COUNTRY = "000000000"

TERRITORY_COLUMNS = [
    "kato",
    "parent_kato",
    "level",
    "unit_type",
    "name_kk",
    "name_ru",
    "name_en",
    "urban",
    "valid_from",
    "valid_to",
]
ALIAS_COLUMNS = ["alias", "normalised", "kato", "source"]
CHANGE_COLUMNS = ["old_kato", "new_kato", "date", "kind", "note"]
MEMBERSHIP_COLUMNS = ["kato", "parent_kato", "valid_from", "valid_to", "note"]


def _no_membership() -> pd.DataFrame:
    return pd.DataFrame(columns=MEMBERSHIP_COLUMNS)


@dataclass(frozen=True)
class TerritoryFrames:
    """The four territory tables, with exactly the columns of ``0001_core.sql``.

    Attributes
    ----------
    territory : pandas.DataFrame
        One row per unit, current (KATO 2025) and historical.
    alias : pandas.DataFrame
        Every name and code a source prints, with its lookup key.
    change : pandas.DataFrame
        Splits, renames and transfers with their dates.
    tag : pandas.DataFrame
        Territory tags (``aimaq.territory.tags``): border districts, agglomerations,
        centres, ... with value, source, method and validity.
    membership : pandas.DataFrame
        Former parents: a unit that lay in another unit for a time (the districts of
        South Kazakhstan before 2018), with the dates (package data, not a store table).
    """

    territory: pd.DataFrame
    alias: pd.DataFrame
    change: pd.DataFrame
    tag: pd.DataFrame
    membership: pd.DataFrame = field(default_factory=_no_membership)


def _read(name: str) -> pd.DataFrame:
    compression: Literal["gzip"] | None = "gzip" if name.endswith(".gz") else None
    with resources.files("aimaq.territory").joinpath("data", name).open("rb") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False, compression=compression)


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column.replace("", None), format="%Y-%m-%d")


def _territory() -> pd.DataFrame:
    kato = _read("kato.csv.gz")
    historical = _read("historical.csv").assign(urban="")
    frame = pd.concat([kato, historical[[*kato.columns, "valid_from", "valid_to"]]])
    frame = frame.reset_index(drop=True)
    frame["valid_from"] = frame["valid_from"].fillna("")
    frame["valid_to"] = frame["valid_to"].fillna("")
    # English names of districts: the district polygons, else a transliteration
    names = _read("district_names.csv").set_index("kato")["name_en"]
    named = frame["kato"].map(names).fillna("")
    frame["name_en"] = frame["name_en"].where(frame["name_en"].fillna("") != "", named)
    validity = _read("validity.csv").set_index("kato")
    for column in ("valid_from", "valid_to"):
        override = frame["kato"].map(validity[column]).fillna("")
        frame[column] = override.where(override != "", frame[column])
    for column in ("parent_kato", "name_en", "unit_type"):
        frame[column] = frame[column].replace("", None)
    frame["urban"] = frame["urban"].map({"1": True, "0": False}).astype("boolean")
    frame["valid_from"] = _dates(frame["valid_from"])
    frame["valid_to"] = _dates(frame["valid_to"])
    return frame[TERRITORY_COLUMNS]


def _alias(territory: pd.DataFrame) -> pd.DataFrame:
    parts = [
        territory[["name_kk", "kato"]]
        .rename(columns={"name_kk": "alias"})
        .assign(source="kato_kk"),
        territory[["name_ru", "kato"]]
        .rename(columns={"name_ru": "alias"})
        .assign(source="kato_ru"),
        territory.loc[territory["name_en"].notna(), ["name_en", "kato"]]
        .rename(columns={"name_en": "alias"})
        .assign(source="en"),
    ]
    # Latin spellings of district-level names ("Baidibek District" beside "Baydibek District")
    districts = territory[territory["level"] == "district"]
    parts.append(
        pd.DataFrame(
            {
                "alias": [
                    district_name_en(latin(n), t or "")
                    for n, t in zip(districts["name_kk"], districts["unit_type"], strict=True)
                ],
                "kato": districts["kato"],
                "source": "translit",
            }
        )
    )
    regions = _read("regions.csv")
    parts += [
        regions[["iso3166_2", "kato"]].rename(columns={"iso3166_2": "alias"}).assign(source="iso"),
        regions[["name_kk_bns", "kato"]]
        .rename(columns={"name_kk_bns": "alias"})
        .assign(source="bns"),
        _read("region_aliases.csv"),
        _read("aliases_curated.csv")[["alias", "kato", "source"]],
    ]
    bns = _read("bns_2023.csv")
    parts.append(
        bns[["unit_kk", "kato"]].rename(columns={"unit_kk": "alias"}).assign(source="bns_2023")
    )
    taldau = _read("taldau_terms.csv")
    parts.append(taldau[["name", "kato"]].rename(columns={"name": "alias"}).assign(source="taldau"))
    alias = pd.concat(parts, ignore_index=True)
    alias = alias[alias["alias"].astype(bool)].drop_duplicates(["alias", "kato", "source"])
    # one key per distinct spelling: the same names recur thousands of times among villages
    keys = {name: normalise(name) for name in alias["alias"].unique()}
    alias["normalised"] = alias["alias"].map(keys)
    return alias[ALIAS_COLUMNS].reset_index(drop=True)


@lru_cache(maxsize=1)
def _frames() -> TerritoryFrames:
    territory = _territory()
    change = _read("changes.csv")
    change["date"] = _dates(change["date"])
    change["note"] = change["note"] + "; source: " + change["source"]
    return TerritoryFrames(
        territory=territory,
        alias=_alias(territory),
        change=change[CHANGE_COLUMNS],
        tag=_tags(),
        membership=_membership(),
    )


#: The columns of the ``territory_tag`` table (0001 and 0004), in order.
STORE_TAG_COLUMNS = ["kato", "tag", "note", "value", "source", "method", "valid_from", "valid_to"]


def _tags() -> pd.DataFrame:
    frame = shipped_tags()
    for column in ("valid_from", "valid_to"):
        frame[column] = _dates(frame[column])
    for column in ("value", "source", "method", "note"):
        frame[column] = frame[column].replace("", None)
    # shipped tags have no import batch
    return frame[STORE_TAG_COLUMNS].assign(batch_id=pd.array([None] * len(frame), dtype="Int64"))


def _membership() -> pd.DataFrame:
    frame = _read("memberships.csv")
    frame["valid_from"] = _dates(frame["valid_from"])
    frame["valid_to"] = _dates(frame["valid_to"])
    return frame[MEMBERSHIP_COLUMNS]


def territory_frames() -> TerritoryFrames:
    """Return the territory tables ready for ``Store.replace_rows``.

    Returns
    -------
    TerritoryFrames
        Fresh copies of the tables (the data are read and keyed once per process).

    Examples
    --------
    >>> frames = territory_frames()
    >>> int((frames.territory["level"] == "region").sum())
    21
    >>> frames.territory.set_index("kato").loc["510000000", "valid_to"].date().isoformat()
    '2018-06-19'
    """
    cached = _frames()
    return TerritoryFrames(
        territory=cached.territory.copy(),
        alias=cached.alias.copy(),
        change=cached.change.copy(),
        tag=cached.tag.copy(),
        membership=cached.membership.copy(),
    )
