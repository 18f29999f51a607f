"""Import a user's settlement registry from CSV or Excel, replacing the current one.

The file has one row per settlement and year::

    kato,name_kk,name_ru,parent_kato,category,urban,year,population,is_support_village,
    support_kato,distance_to_support_km,lat,lon,<norm_id>,<norm_id>.capacity,
    <norm_id>.distance_km,<norm_id>.minutes,...

``parent_kato`` is the settlement's okrug (or district, for a settlement outside any
okrug) in the KATO tree; okrug, district and region are found from it. A ``<norm_id>``
column holds present / absent (``1/0``, ``yes/no``, ``present/absent``, ``да/нет``,
``иә/жоқ``); a blank cell means the norm was not assessed and counts as not met. Every
column that is not a known field must be a norm id of the catalogue. The import is all or
nothing: the first problem raises an error naming the row, column and value, and the
stored registry is left as it was.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from aimaq.data.bounds import check_value, check_year
from aimaq.data.store import Store, sha256_of
from aimaq.errors import ImportError_, Location, ValidationError
from aimaq.standards.catalogue import Catalogue
from aimaq.standards.registry import Registry
from aimaq.standards.validation import check_frames

FIELDS = (
    "kato",
    "name_kk",
    "name_ru",
    "parent_kato",
    "category",
    "urban",
    "year",
    "population",
    "is_support_village",
    "support_kato",
    "distance_to_support_km",
    "lat",
    "lon",
)
_REQUIRED = ("kato", "parent_kato", "category", "urban", "year", "population")
_TRUE = {"1", "true", "yes", "y", "present", "да", "иә", "+"}
_FALSE = {"0", "false", "no", "n", "absent", "нет", "жоқ", "-"}
_SUFFIXES = ("capacity", "distance_km", "minutes")


def read_table(path: Path) -> pd.DataFrame:
    """A CSV or the first sheet of a workbook as text cells, through the importers' one
    reader (:func:`aimaq.data.importers.source.read_text_table`): the same checks and
    located messages as ``aimaq import``. The index is the file's row number."""
    from aimaq.data.importers.source import open_source, read_text_table

    return read_text_table(open_source(path))


def _flag(value: str, source: str, row: str, column: str) -> bool | None:
    text = str(value).strip().lower()
    if text == "":
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ImportError_(
        "expected yes/no (1/0, present/absent)", Location(source, row, column, value)
    )


def _number(value: str, source: str, row: str, column: str) -> float:
    text = str(value).strip().replace(",", ".").replace(" ", "")
    if text == "":
        return np.nan
    try:
        number = float(text)
    except ValueError as exc:
        raise ImportError_("not a number", Location(source, row, column, value)) from exc
    if not np.isfinite(number):
        raise ImportError_("not a finite number", Location(source, row, column, value))
    return number


def _plausible(
    value: float, quantity: str, source: str, row: str, column: str, raw: object
) -> float:
    """``value`` inside the bounds of its quantity (:mod:`aimaq.data.bounds`), or refused."""
    if np.isnan(value):
        return value
    try:
        if quantity == "year":
            return float(check_year(value, column))
        return check_value(value, quantity, column)
    except ValidationError as exc:
        raise ImportError_(str(exc).split(": ", 1)[1], Location(source, row, column, raw)) from None


#: ASSUMPTION: the longest distance or travel time a settlement record may give (km or
#: minutes): Kazakhstan spans about 3,000 km from west to east.
_MAX_DISTANCE = 5000.0


def _distance(rec: Mapping[Hashable, Any], column: str, source: str, row: str) -> float:
    """A distance, time or capacity: finite, not negative, not past :data:`_MAX_DISTANCE`
    (a capacity is only bounded below)."""
    raw = rec.get(column, "")
    value = _number(str(raw), source, row, column)
    if np.isnan(value):
        return value
    if value < 0:
        raise ImportError_("cannot be negative", Location(source, row, column, raw))
    if not column.endswith("capacity") and value > _MAX_DISTANCE:
        raise ImportError_(
            f"implausible: more than {_MAX_DISTANCE:,.0f} (km or minutes)",
            Location(source, row, column, raw),
        )
    return value


def parse_registry(
    table: pd.DataFrame, catalogue: Catalogue, territory: pd.DataFrame, source: str
) -> Registry:
    """Build a checked registry from a wide table (see the module docstring).

    ``territory`` is the KATO tree (``kato, parent_kato, level``) that parents must be in.
    Row numbers in messages are the file's own (the header is row 1; the table's index,
    as :func:`read_table` gives it). Population and year are checked against the bounds of
    :mod:`aimaq.data.bounds` (a count of persons; 1990 .. next year).
    """
    table = table.rename(columns=lambda c: str(c).strip())
    for col in _REQUIRED:
        if col not in table.columns:
            raise ImportError_(f"required column {col!r} is missing", Location(source, column=col))
    norm_ids = set(catalogue.norm_ids())
    norm_cols: dict[str, tuple[str, str]] = {}
    for col in table.columns:
        if col in FIELDS:
            continue
        base, _, suffix = col.partition(".")
        if base not in norm_ids:
            raise ImportError_(
                f"column is not a field and not a norm id of catalogue {catalogue.version}",
                Location(source, "header", col, col),
            )
        if suffix and suffix not in _SUFFIXES:
            raise ImportError_(
                f"unknown norm column suffix (expected {', '.join(_SUFFIXES)})",
                Location(source, "header", col, col),
            )
        norm_cols[col] = (base, suffix or "present")
    refs = [f"row {i}" for i in table.index]
    parent = dict(zip(territory["kato"].astype(str), territory["parent_kato"], strict=True))
    level = dict(zip(territory["kato"].astype(str), territory["level"], strict=True))
    settle_rows, pop_rows, status_rows = [], [], []
    for ref, rec in zip(refs, table.to_dict("records"), strict=True):
        kato = str(rec["kato"]).strip()
        parent_code = str(rec["parent_kato"]).strip()
        if parent_code not in level:
            raise ImportError_(
                "unknown parent (not in the KATO tree)",
                Location(source, ref, "parent_kato", parent_code),
            )
        okrug, district, region = None, None, None
        node: str | None = parent_code
        chain = []
        while node is not None and not (isinstance(node, float) and np.isnan(node)):
            chain.append(node)
            if level.get(node) == "okrug" and okrug is None:
                okrug = node
            if level.get(node) == "region":
                region = node
            node = parent.get(node)
        if region is None:
            raise ImportError_(
                "parent is not inside a region", Location(source, ref, "parent_kato", parent_code)
            )
        below = chain[: chain.index(region)]
        district = below[-1] if below else region
        urban = _flag(rec["urban"], source, ref, "urban")
        if urban is None:
            raise ImportError_("urban is missing", Location(source, ref, "urban", rec["urban"]))
        support = _flag(rec.get("is_support_village", ""), source, ref, "is_support_village")
        settle_rows.append(
            {
                "kato": kato,
                "name_kk": rec.get("name_kk") or None,
                "name_ru": rec.get("name_ru") or None,
                "okrug_kato": okrug,
                "district_kato": district,
                "region_kato": region,
                "urban": urban,
                "category": str(rec["category"]).strip(),
                "is_support_village": bool(support),
                "support_kato": str(rec.get("support_kato", "")).strip() or None,
                "distance_to_support_km": _distance(rec, "distance_to_support_km", source, ref),
                "lat": _number(rec.get("lat", ""), source, ref, "lat"),
                "lon": _number(rec.get("lon", ""), source, ref, "lon"),
                "ref": ref,
            }
        )
        year = _plausible(
            _number(rec["year"], source, ref, "year"), "year", source, ref, "year", rec["year"]
        )
        population = _plausible(
            _number(rec["population"], source, ref, "population"),
            "count", source, ref, "population", rec["population"],
        )  # fmt: skip
        if np.isnan(population):
            raise ImportError_(
                "population is missing", Location(source, ref, "population", rec["population"])
            )
        pop_rows.append({"kato": kato, "year": year, "population": population, "ref": ref})
        per_norm: dict[str, dict[str, object]] = {}
        for col, (norm_id, what) in norm_cols.items():
            cell = rec[col]
            if str(cell).strip() == "":
                continue
            value: object = (
                _flag(cell, source, ref, col)
                if what == "present"
                else _distance(rec, col, source, ref)
            )
            per_norm.setdefault(norm_id, {})[what] = value
        for norm_id, values in per_norm.items():
            status_rows.append(
                {"kato": kato, "year": year, "norm_id": norm_id, **values, "ref": ref}
            )
    settlements = _settlement_frame(pd.DataFrame(settle_rows), source)
    known = set(level)
    status = pd.DataFrame(
        status_rows,
        columns=["kato", "year", "norm_id", "present", "capacity", "distance_km", "minutes", "ref"],
    )
    s, p, st = check_frames(
        settlements,
        pd.DataFrame(pop_rows),
        status,
        catalogue=catalogue,
        source=source,
        known_parents=known,
    )
    return Registry.from_frames(s, p, st, source=source, catalogue=catalogue)


def _settlement_frame(rows: pd.DataFrame, source: str) -> pd.DataFrame:
    """One row per settlement; rows of other years must repeat the same attributes."""
    fields = [c for c in rows.columns if c != "ref"]
    for _, group in rows.groupby("kato", sort=False):
        first = group.iloc[0]
        for _, other in group.iloc[1:].iterrows():
            for col in fields:
                a, b = first[col], other[col]
                if not ((pd.isna(a) and pd.isna(b)) or a == b):
                    raise ImportError_(
                        f"contradictory records for settlement {first['kato']}: {col} is {a!r} in "
                        f"{first['ref']} and {b!r} in {other['ref']}",
                        Location(source, other["ref"], col, b),
                    )
    return rows.drop_duplicates("kato").reset_index(drop=True)


def import_registry(store: Store, path: str | Path, catalogue: Catalogue) -> Registry:
    """Read, check and store a registry file; it replaces the current registry whole.

    Raises
    ------
    ImportError_
        On the first problem; the store is left unchanged.
    """
    path = Path(path)
    source = str(path)
    table = read_table(path)
    territory = store.query("select kato, parent_kato, level from territory")
    reg = parse_registry(table, catalogue, territory, source)
    reg.to_store(
        store, sha256=sha256_of(path), importer="aimaq.standards.importer", catalogue=catalogue
    )
    return Registry.from_store(store)
