"""Checks of registry frames: every problem raises an error naming the row, column and value.

Also the column layout of the three frames and their normalisation (codes as text,
blanks as None, flags as booleans, numbers as floats).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from aimaq.errors import ImportError_, Location
from aimaq.standards.catalogue import CATEGORY_IDS, Catalogue

SETTLEMENT_COLUMNS = (
    "kato",
    "name_kk",
    "name_ru",
    "okrug_kato",
    "district_kato",
    "region_kato",
    "urban",
    "category",
    "is_support_village",
    "support_kato",
    "distance_to_support_km",
    "lat",
    "lon",
)
POPULATION_COLUMNS = ("kato", "year", "population")
STATUS_COLUMNS = ("kato", "year", "norm_id", "present", "capacity", "distance_km", "minutes")
_OPTIONAL = {
    "name_kk",
    "name_ru",
    "okrug_kato",
    "support_kato",
    "distance_to_support_km",
    "lat",
    "lon",
}
_OPTIONAL_STATUS = {"present", "capacity", "distance_km", "minutes"}


def plain_value(value: Any) -> Any:
    """A numpy scalar as a Python value; NA and NaN as None (for messages and JSON)."""
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def location(
    source: str, row: str | None = None, column: str | None = None, value: Any = None
) -> Location:
    """A :class:`Location` whose value prints as plain Python."""
    return Location(source, row, column, plain_value(value))


def _text(series: pd.Series) -> pd.Series:
    """Codes as strings, blanks as None (never the text 'nan')."""
    out = series.astype(object).where(series.notna(), None)
    return out.map(lambda v: None if v is None or str(v).strip() == "" else str(v).strip())


def normalise_settlements(frame: pd.DataFrame) -> pd.DataFrame:
    """The settlement columns in order, codes as text, flags as booleans, numbers as floats."""
    out = frame.copy()
    for col in SETTLEMENT_COLUMNS:
        if col not in out.columns:
            out[col] = None
    for col in (
        "kato",
        "name_kk",
        "name_ru",
        "okrug_kato",
        "district_kato",
        "region_kato",
        "support_kato",
        "category",
    ):
        out[col] = _text(out[col])
    out["urban"] = out["urban"].astype(bool)
    out["is_support_village"] = out["is_support_village"].fillna(False).astype(bool)
    for col in ("distance_to_support_km", "lat", "lon"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    return out[list(SETTLEMENT_COLUMNS)].reset_index(drop=True)


def normalise_status(frame: pd.DataFrame) -> pd.DataFrame:
    """The status columns in order: present as nullable boolean, measures as floats."""
    out = frame.copy()
    for col in STATUS_COLUMNS:
        if col not in out.columns:
            out[col] = None
    out["kato"] = out["kato"].astype(str)
    out["norm_id"] = out["norm_id"].astype(str)
    out["year"] = out["year"].astype("int64")
    out["present"] = out["present"].astype("boolean")
    for col in ("capacity", "distance_km", "minutes"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    return out[list(STATUS_COLUMNS)].reset_index(drop=True)


def _refs(frame: pd.DataFrame) -> list[str]:
    if "ref" in frame.columns:
        return [str(r) for r in frame["ref"]]
    return [f"row {i + 1}" for i in range(len(frame))]


def _first(mask: pd.Series) -> int:
    """Position of the first true value of a boolean series."""
    return int(np.argmax(mask.to_numpy(dtype=bool)))


def check_frames(
    settlements: pd.DataFrame,
    population: pd.DataFrame,
    status: pd.DataFrame,
    *,
    catalogue: Catalogue | None = None,
    source: str = "frames",
    known_parents: set[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Check and normalise the three frames of a registry; the first problem raises.

    Each frame may carry a ``ref`` column (``"row 12"``: the row of the input file) used in
    messages. Checked: required columns, categories, populations (present, not negative),
    duplicate settlements, contradictory population or status records for the same
    settlement and year, references to unknown settlements, norm ids not in the catalogue,
    support villages that are not in the registry and, when ``known_parents`` is given,
    parents that are not in the KATO tree.

    Raises
    ------
    ImportError_
        Naming the source, the row, the column and the value.
    """
    for name, frame, cols, optional in (
        ("settlements", settlements, SETTLEMENT_COLUMNS, _OPTIONAL),
        ("population", population, POPULATION_COLUMNS, set()),
        ("status", status, STATUS_COLUMNS, _OPTIONAL_STATUS),
    ):
        missing = [c for c in cols if c not in frame.columns and c not in optional]
        if missing:
            raise ImportError_(
                f"the {name} table has no column {missing[0]!r}",
                location(source, column=missing[0]),
            )
    s_ref, p_ref, st_ref = _refs(settlements), _refs(population), _refs(status)
    blank_urban = settlements["urban"].isna().reset_index(drop=True)
    if blank_urban.any():
        i = _first(blank_urban)
        raise ImportError_("urban is missing", location(source, s_ref[i], "urban", None))
    s = normalise_settlements(settlements)
    for col in ("kato", "district_kato", "region_kato", "category"):
        blank = s[col].isna()
        if blank.any():
            i = _first(blank)
            raise ImportError_(f"{col} is missing", location(source, s_ref[i], col, None))
    bad_cat = ~s["category"].isin(CATEGORY_IDS)
    if bad_cat.any():
        i = _first(bad_cat)
        raise ImportError_(
            f"category not in the catalogue (expected one of {', '.join(CATEGORY_IDS)})",
            location(source, s_ref[i], "category", s["category"].iat[i]),
        )
    dup = s["kato"].duplicated()
    if dup.any():
        i = _first(dup)
        first = _first(s["kato"] == s["kato"].iat[i])
        raise ImportError_(
            f"settlement {s['kato'].iat[i]} appears twice ({s_ref[first]} and {s_ref[i]})",
            location(source, s_ref[i], "kato", s["kato"].iat[i]),
        )
    if known_parents is not None:
        for col in ("okrug_kato", "district_kato", "region_kato"):
            unknown = s[col].notna() & ~s[col].isin(known_parents)
            if unknown.any():
                i = _first(unknown)
                raise ImportError_(
                    "unknown parent (not in the KATO tree)",
                    location(source, s_ref[i], col, s[col].iat[i]),
                )
    orphan = s["support_kato"].notna() & ~s["support_kato"].isin(s["kato"][s["is_support_village"]])
    if orphan.any():
        i = _first(orphan)
        raise ImportError_(
            "support_kato is not a support village of this registry",
            location(source, s_ref[i], "support_kato", s["support_kato"].iat[i]),
        )
    p = population.reset_index(drop=True)
    p["kato"] = _text(p["kato"])
    p["year"] = pd.to_numeric(p["year"], errors="coerce")
    p["population"] = pd.to_numeric(p["population"], errors="coerce")
    for col, message in (
        ("year", "year is missing or not a number"),
        ("population", "population is missing or not a number"),
    ):
        bad = p[col].isna()
        if bad.any():
            i = _first(bad)
            raise ImportError_(message, location(source, p_ref[i], col, population[col].iat[i]))
    negative = p["population"] < 0
    if negative.any():
        i = _first(negative)
        raise ImportError_(
            "population is negative",
            location(source, p_ref[i], "population", p["population"].iat[i]),
        )
    unknown_s = ~p["kato"].isin(s["kato"])
    if unknown_s.any():
        i = _first(unknown_s)
        raise ImportError_(
            "population of a settlement that is not in the registry",
            location(source, p_ref[i], "kato", p["kato"].iat[i]),
        )
    p = _collapse(p, ["kato", "year"], ["population"], p_ref, source)
    st = normalise_status(status)
    if catalogue is not None:
        unknown_n = ~st["norm_id"].isin(catalogue.norm_ids())
        if unknown_n.any():
            i = _first(unknown_n)
            raise ImportError_(
                f"norm id not in the catalogue {catalogue.version}",
                location(source, st_ref[i], "norm_id", st["norm_id"].iat[i]),
            )
    keyed = st.merge(p[["kato", "year"]], on=["kato", "year"], how="left", indicator=True)
    orphan_status = (keyed["_merge"] == "left_only").to_numpy()
    if orphan_status.any():
        i = int(np.argmax(orphan_status))
        raise ImportError_(
            f"norm status for settlement {st['kato'].iat[i]} in {st['year'].iat[i]}, which has no population that year",
            location(source, st_ref[i], "kato", st["kato"].iat[i]),
        )
    for col in ("capacity", "distance_km", "minutes"):
        neg = st[col] < 0
        if neg.any():
            i = _first(neg)
            raise ImportError_(
                f"{col} is negative", location(source, st_ref[i], col, st[col].iat[i])
            )
    st = _collapse(
        st,
        ["kato", "year", "norm_id"],
        ["present", "capacity", "distance_km", "minutes"],
        st_ref,
        source,
    )
    p = p.astype({"year": "int64", "population": "float64"})[list(POPULATION_COLUMNS)]
    return s.reset_index(drop=True), p.reset_index(drop=True), normalise_status(st)


def _key_text(value: Any) -> str:
    """A key value as a reader writes it: a year read as 2024.0 prints as 2024."""
    plain = plain_value(value)
    if isinstance(plain, float) and plain.is_integer():
        return str(int(plain))
    return str(plain)


def _collapse(
    frame: pd.DataFrame, key: list[str], values: list[str], refs: list[str], source: str
) -> pd.DataFrame:
    """Identical repeats collapse to one row; contradictory ones raise, naming both rows."""
    dup = frame.duplicated(key, keep=False)
    if not dup.any():
        return frame.reset_index(drop=True)
    rows = frame[dup]
    for _, group in rows.groupby(key, sort=False):
        positions = [int(x) for x in group.index]
        first = group.iloc[0]
        for k in range(1, len(group)):
            other = group.iloc[k]
            for col in values:
                a, b = first[col], other[col]
                same = (pd.isna(a) and pd.isna(b)) or (not pd.isna(a) and not pd.isna(b) and a == b)
                if not same:
                    what = ", ".join(f"{name}={_key_text(first[name])}" for name in key)
                    raise ImportError_(
                        f"contradictory records for {what}: {col} is {a} in {refs[positions[0]]} "
                        f"and {b} in {refs[positions[k]]}",
                        location(source, refs[positions[k]], col, b),
                    )
    return frame.drop_duplicates(key).reset_index(drop=True)
