"""Provision levels: which norms each settlement meets, and roll-ups to territories.

The provision of a settlement is ``n_met / n_applicable``: the share of the catalogue's
norms that apply to it (by category and population) and are met. The provision of a
territory is the mean of its settlements' shares, either by count of settlements (the
definition that reproduces the published national, urban and rural figures: see
``docs/standards.md``) or weighted by population.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from aimaq.standards.catalogue import CapacityRule, Catalogue, Norm, WithinKmRule, WithinMinutesRule
from aimaq.standards.registry import Registry

COUNTRY_KATO = "000000000"
Level = Literal["country", "region", "district", "okrug"]
Weight = Literal["count", "population"]


def norm_met(
    norm: Norm,
    present: NDArray[np.bool_],
    capacity: NDArray[np.float64],
    distance_km: NDArray[np.float64],
    minutes: NDArray[np.float64],
    population: NDArray[np.float64],
) -> NDArray[np.bool_]:
    """Whether each record meets ``norm`` (missing values never meet it).

    Examples
    --------
    >>> from aimaq.standards.catalogue import load_catalogue
    >>> kg = load_catalogue().norm("edu_kindergarten")   # 40 places per 1,000
    >>> norm_met(kg, np.array([True, True]), np.array([40.0, 39.0]), np.full(2, np.nan),
    ...          np.full(2, np.nan), np.array([1000.0, 1000.0])).tolist()
    [True, False]
    """
    present = np.asarray(present, dtype=bool)
    rule = norm.rule
    if isinstance(rule, CapacityRule):
        need = rule.per_1000 * np.asarray(population, dtype=float) / 1000.0
        with np.errstate(invalid="ignore"):
            return np.asarray(np.nan_to_num(capacity, nan=-1.0) >= need - 1e-9)
    if isinstance(rule, WithinKmRule):
        dist = np.nan_to_num(np.asarray(distance_km, dtype=float), nan=np.inf)
        return np.asarray(present | (dist <= rule.km))
    if isinstance(rule, WithinMinutesRule):
        mins = np.asarray(minutes, dtype=float)
        from_km = np.asarray(distance_km, dtype=float) / rule.speed_kmh * 60.0
        mins = np.where(np.isnan(mins), from_km, mins)
        return np.asarray(present | (np.nan_to_num(mins, nan=np.inf) <= rule.minutes))
    return present


def _settlements_of_year(reg: Registry, year: int) -> pd.DataFrame:
    pop = reg.population[reg.population["year"] == year][["kato", "population"]]
    return reg.settlements.merge(pop, on="kato", how="inner")


def norm_table(reg: Registry, catalogue: Catalogue, year: int | None = None) -> pd.DataFrame:
    """One row per (settlement, applicable norm) with ``met``: the base of every figure.

    ``recorded`` is false where the registry holds nothing on that norm for that
    settlement; such a norm counts as not met (as in the published method: a norm is met
    only on evidence), and the roll-ups count these records so that the user sees them.
    """
    year = reg.for_year(year)
    base = _settlements_of_year(reg, year)
    status = reg.status[reg.status["year"] == year].drop(columns="year")
    parts = []
    cat = base["category"].to_numpy()
    popv = base["population"].to_numpy(dtype=float)
    for norm in catalogue.norms:
        mask = np.isin(cat, norm.categories)
        if norm.min_population is not None:
            mask &= popv >= norm.min_population
        if norm.max_population is not None:
            mask &= popv <= norm.max_population
        if mask.any():
            part = base.loc[mask, ["kato", "population"]].assign(norm_id=norm.id)
            parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["kato", "norm_id", "population", "met", "recorded"])
    long = pd.concat(parts, ignore_index=True).merge(status, on=["kato", "norm_id"], how="left")
    measures = ["present", "capacity", "distance_km", "minutes"]
    recorded = long[[c for c in measures if c in long.columns]].notna().any(axis=1)
    met = np.zeros(len(long), dtype=bool)
    for norm_id, idx in long.groupby("norm_id", sort=False).indices.items():
        sub = long.iloc[idx]
        met[idx] = norm_met(
            catalogue.norm(str(norm_id)),
            sub["present"].fillna(False).to_numpy(dtype=bool),
            sub["capacity"].to_numpy(dtype=float),
            sub["distance_km"].to_numpy(dtype=float),
            sub["minutes"].to_numpy(dtype=float),
            sub["population"].to_numpy(dtype=float),
        )
    long["met"] = met
    long["recorded"] = recorded.to_numpy(dtype=bool)
    long["present"] = long["present"].fillna(False).astype(bool)
    return long


def _label(frame: pd.DataFrame, reg: Registry, year: int) -> pd.DataFrame:
    frame.attrs["registry"] = reg.label
    frame.attrs["synthetic"] = reg.synthetic
    frame.attrs["year"] = year
    return frame


def settlement_provision(
    reg: Registry, catalogue: Catalogue, year: int | None = None
) -> pd.DataFrame:
    """One row per settlement: the norms that apply, those met, and the share.

    Columns: kato, name, okrug_kato, district_kato, region_kato, urban, category,
    population, is_support_village, support_kato, distance_to_support_km, n_applicable,
    n_met, n_unrecorded (applicable norms the registry says nothing about: not met),
    provision (= n_met / n_applicable; NaN when no norm applies). ``frame.attrs``
    carries ``registry`` (``"synthetic registry"`` for the generated one) and ``year``.

    Examples
    --------
    >>> from aimaq.standards.catalogue import load_catalogue
    >>> s = pd.DataFrame({"kato": ["111111111"], "district_kato": ["111100000"],
    ...     "region_kato": ["110000000"], "urban": [False], "category": ["other_village"],
    ...     "is_support_village": [False]})
    >>> p = pd.DataFrame({"kato": ["111111111"], "year": [2024], "population": [40]})
    >>> st = pd.DataFrame({"kato": ["111111111"] * 2, "year": [2024] * 2,
    ...     "norm_id": ["eng_water", "ic_mobile"], "present": [True, True]})
    >>> row = settlement_provision(Registry.from_frames(s, p, st), load_catalogue()).iloc[0]
    >>> int(row.n_met), int(row.n_applicable)
    (2, 15)
    """
    year = reg.for_year(year)
    long = norm_table(reg, catalogue, year)
    long = long.assign(unrecorded=~long["recorded"].astype(bool))
    counts = long.groupby("kato").agg(
        n_applicable=("met", "size"), n_met=("met", "sum"), n_unrecorded=("unrecorded", "sum")
    )
    base = _settlements_of_year(reg, year)
    out = base.merge(counts, left_on="kato", right_index=True, how="left")
    out["n_applicable"] = out["n_applicable"].fillna(0).astype("int64")
    out["n_met"] = out["n_met"].fillna(0).astype("int64")
    out["n_unrecorded"] = out["n_unrecorded"].fillna(0).astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["provision"] = np.where(
            out["n_applicable"] > 0, out["n_met"] / out["n_applicable"].replace(0, 1), np.nan
        )
    names = out["name_kk"].where(out["name_kk"].notna(), out["name_ru"])
    out["name"] = names
    cols = [
        "kato",
        "name",
        "okrug_kato",
        "district_kato",
        "region_kato",
        "urban",
        "category",
        "population",
        "is_support_village",
        "support_kato",
        "distance_to_support_km",
        "n_applicable",
        "n_met",
        "n_unrecorded",
        "provision",
    ]
    return _label(out[cols].sort_values("kato").reset_index(drop=True), reg, year)


def unmet_norms(reg: Registry, catalogue: Catalogue, year: int | None = None) -> pd.DataFrame:
    """One row per (settlement, applicable norm not met).

    Columns: kato, norm_id, area, category, population, region_kato, district_kato,
    urban, cost_hint_kzt, served_by_support. ``served_by_support`` is true when the norm
    may be met through the support village (``via_support`` in the catalogue), the
    settlement is its satellite within the catalogue's ``support_radius_km``, and the
    support village meets the serving norm (``served_by``, else the same norm).
    """
    year = reg.for_year(year)
    long = norm_table(reg, catalogue, year)
    unmet = long[~long["met"]][["kato", "norm_id", "population"]]
    s = reg.settlements.set_index("kato")
    keep = [
        "category",
        "region_kato",
        "district_kato",
        "urban",
        "support_kato",
        "distance_to_support_km",
    ]
    out = unmet.join(s[keep], on="kato")
    norms = {n.id: n for n in catalogue.norms}
    out["area"] = out["norm_id"].map({k: n.area for k, n in norms.items()})
    out["cost_hint_kzt"] = (
        out["norm_id"].map({k: n.cost_hint_kzt for k, n in norms.items()}).astype("float64")
    )
    via_support = out["norm_id"].map({k: n.via_support for k, n in norms.items()}).astype(bool)
    near = out["support_kato"].notna() & (
        out["distance_to_support_km"] <= catalogue.support_radius_km
    )
    # the support village serves a satellite when it meets (or has) the serving norm
    serving = (
        out["support_kato"].astype(str)
        + "|"
        + out["norm_id"].map({k: catalogue.support_norm(k) for k in norms})
    )
    candidates = (via_support & near).to_numpy(dtype=bool)
    met_keys = long.loc[long["met"], "kato"] + "|" + long.loc[long["met"], "norm_id"]
    year_status = reg.status[reg.status["year"] == year]
    has = year_status[year_status["present"].fillna(False).astype(bool)]
    keys = set(met_keys.to_numpy(dtype=object)) | set(
        (has["kato"] + "|" + has["norm_id"]).to_numpy(dtype=object)
    )
    served = np.zeros(len(out), dtype=bool)
    for i in np.flatnonzero(candidates):  # few rows: satellites with via_support norms
        served[i] = serving.iat[int(i)] in keys
    out["served_by_support"] = served
    cols = [
        "kato",
        "norm_id",
        "area",
        "category",
        "population",
        "region_kato",
        "district_kato",
        "urban",
        "cost_hint_kzt",
        "served_by_support",
    ]
    return _label(out[cols].sort_values(["kato", "norm_id"]).reset_index(drop=True), reg, year)


def _key(frame: pd.DataFrame, by: str) -> pd.Series:
    if by == "country":
        return pd.Series(COUNTRY_KATO, index=frame.index)
    if by == "okrug":  # a settlement outside any okrug counts under its district
        return frame["okrug_kato"].where(frame["okrug_kato"].notna(), frame["district_kato"])
    if by in {"region", "district"}:
        return frame[f"{by}_kato"]
    raise ValueError(f"by must be country, region, district or okrug; got {by!r}")


def rollup(
    settlement_frame: pd.DataFrame,
    by: str = "region",
    weight: str = "count",
    split_urban: bool = True,
) -> pd.DataFrame:
    """Provision of territories from settlement provision.

    ``provision`` is the mean of the settlements' shares, each settlement counting once
    (``weight="count"``) or by its population (``weight="population"``); settlements to
    which no norm applies are left out. With ``split_urban`` the rows are per territory
    and area (``urban`` / ``rural``), otherwise one row per territory (``area = "all"``).

    Columns: kato, area, n_settlements, population, n_applicable, n_met, n_unrecorded,
    provision, provision_pct.

    Examples
    --------
    >>> f = pd.DataFrame({"kato": ["1", "2"], "region_kato": ["R", "R"],
    ...     "urban": [False, False], "population": [100.0, 300.0],
    ...     "n_applicable": [10, 20], "n_met": [5, 20], "provision": [0.5, 1.0]})
    >>> float(rollup(f, "region", "count", False).provision[0])
    0.75
    >>> float(rollup(f, "region", "population", False).provision[0])
    0.875
    """
    if weight not in {"count", "population"}:
        raise ValueError(f"weight must be 'count' or 'population'; got {weight!r}")
    frame = settlement_frame[settlement_frame["provision"].notna()].copy()
    unknown = frame["population"].isna() if weight == "population" else frame["kato"].isna()
    if unknown.any():
        first = frame[unknown].iloc[0]
        raise ValueError(
            f"population unknown for settlement {first['kato']} {first.get('name') or ''}".rstrip()
            + f" ({int(unknown.sum())} in all): a population-weighted provision cannot weight it 0"
        )
    frame["_key"] = _key(frame, by)
    frame["area"] = (
        np.where(frame["urban"].astype(bool), "urban", "rural") if split_urban else "all"
    )
    w = (
        frame["population"].astype(float)
        if weight == "population"
        else pd.Series(1.0, index=frame.index)
    )
    frame["_w"] = w
    frame["_wp"] = w * frame["provision"].astype(float)
    if "n_unrecorded" not in frame.columns:
        frame["n_unrecorded"] = 0
    grouped = frame.groupby(["_key", "area"], sort=True)
    out = grouped.agg(
        n_settlements=("provision", "size"),
        population=("population", "sum"),
        n_applicable=("n_applicable", "sum"),
        n_met=("n_met", "sum"),
        n_unrecorded=("n_unrecorded", "sum"),
        _w=("_w", "sum"),
        _wp=("_wp", "sum"),
    ).reset_index()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["provision"] = np.where(
            out["_w"] > 0, out["_wp"] / out["_w"].where(out["_w"] > 0, 1.0), np.nan
        )
    out["provision_pct"] = (out["provision"] * 100).round(1)
    out = out.rename(columns={"_key": "kato"}).drop(columns=["_w", "_wp"])
    out.attrs.update(settlement_frame.attrs)
    out.attrs["weight"] = weight
    return out
