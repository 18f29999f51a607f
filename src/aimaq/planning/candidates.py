"""Candidate projects from SRS gaps: checked inputs, support-village bundling, lagging districts.

The building blocks of :meth:`aimaq.planning.problem.RoadmapProblem.from_gaps`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import NDArray

from aimaq.errors import ValidationError
from aimaq.planning.spec import Floor


def require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValidationError(f"{name}: missing column(s) {missing}")


def budgets(budget: float | Sequence[float], n: int) -> NDArray[np.float64]:
    values = np.atleast_1d(np.asarray(budget, dtype=float))
    if values.size == 1:
        values = np.repeat(values, n)
    if values.size != n:
        raise ValidationError(f"budget: {values.size} annual values for a {n}-year horizon")
    for i, v in enumerate(values):
        if not np.isfinite(v) or v <= 0:
            raise ValidationError(
                f"budget must be positive; got {v:g} for year {i + 1} of the horizon"
            )
    return values


def settlements(frame: pd.DataFrame) -> pd.DataFrame:
    s = frame.copy()
    s["kato"] = s["kato"].astype(str)
    for col in ("region_kato", "district_kato"):
        s[col] = s[col].astype(str)
    s["urban"] = s["urban"].astype(bool)
    for col in ("population", "n_applicable", "n_met"):
        s[col] = pd.to_numeric(s[col], errors="raise").astype(float)
    bad = s[(s["population"] < 0) | (s["n_met"] > s["n_applicable"]) | (s["n_met"] < 0)]
    if len(bad):
        row = bad.iloc[0]
        raise ValidationError(
            f"settlements: {row['kato']} has population {row['population']:g}, "
            f"n_met {row['n_met']:g} of n_applicable {row['n_applicable']:g}"
        )
    if s["kato"].duplicated().any():
        raise ValidationError(
            f"settlements: {s.loc[s['kato'].duplicated(), 'kato'].iloc[0]} appears twice"
        )
    check_population(s)
    # A settlement with no applicable norm has no provision to raise.
    return s[s["n_applicable"] > 0].reset_index(drop=True)


def check_population(s: pd.DataFrame) -> None:
    """Refuse settlements and districts of unknown population, by name.

    The coverage objective weights every settlement by its population: an unknown
    population (missing, or 0 for every settlement of a district) would weight it 0, and
    no plan would ever fund it.

    Examples
    --------
    >>> s = pd.DataFrame({"kato": ["1", "2"], "district_kato": ["D1", "D2"],
    ...     "population": [120.0, 0.0], "name": ["Aul", "Kent"]})
    >>> check_population(s)
    Traceback (most recent call last):
    ...
    aimaq.errors.ValidationError: settlements: population unknown (0 in all its 1 settlement(s)) for district D2 (first settlement 2 Kent); a population-weighted plan cannot weight it 0
    """
    label = s["name"].astype(str) if "name" in s.columns else pd.Series("", index=s.index)
    missing = s[s["population"].isna()]
    if len(missing):
        first = missing.iloc[0]
        raise ValidationError(
            f"settlements: population unknown for {first['kato']} {label[missing.index[0]]}".rstrip()
            + f" ({len(missing)} settlement(s) in all); a population-weighted plan cannot weight it 0"
        )
    totals = s.groupby("district_kato", sort=True)["population"].agg(["sum", "size"])
    empty = totals[totals["sum"] <= 0]
    if len(empty):
        district = str(empty.index[0])
        first = s[s["district_kato"] == district].index[0]
        where = f"{s['kato'].at[first]} {label.at[first]}".rstrip()
        more = f"; {len(empty) - 1} more district(s)" if len(empty) > 1 else ""
        raise ValidationError(
            f"settlements: population unknown (0 in all its {int(empty['size'].iloc[0])} "
            f"settlement(s)) for district {district} (first settlement {where}){more}; "
            "a population-weighted plan cannot weight it 0"
        )


def bundle(
    priced: pd.DataFrame,
    sett: pd.DataFrame,
    index: pd.Series,
    *,
    serving: Mapping[str, str],
    radius_km: float | None,
) -> tuple[pd.DataFrame, sp.csr_matrix]:
    """Candidate projects; a satellite's gap joins its support village's project.

    A gap of a via-support norm ``n`` in a satellite within ``radius_km`` of its support
    village ``v`` is closed by building ``serving[n]`` in ``v`` when ``v`` lacks it too:
    that project then raises the provision of ``v`` and of the satellite.
    """
    g = priced.reset_index(drop=True)
    g["norm_id"] = g["norm_id"].astype(str)
    if g.duplicated(["kato", "norm_id"]).any():
        dup = g[g.duplicated(["kato", "norm_id"])].iloc[0]
        raise ValidationError(f"gaps: settlement {dup['kato']} lists norm {dup['norm_id']} twice")
    host = g["kato"].to_numpy(dtype=object).copy()
    host_norm = g["norm_id"].to_numpy(dtype=object).copy()
    if serving and "support_kato" in sett.columns:
        info = sett.set_index("kato")
        supp = g["kato"].map(info["support_kato"]).to_numpy(dtype=object)
        dist = (
            g["kato"].map(info["distance_to_support_km"]).to_numpy(dtype=float)
            if "distance_to_support_km" in info.columns
            else np.zeros(len(g))
        )
        own = set(zip(g["kato"], g["norm_id"], strict=True))
        already = (
            g["served_by_support"].fillna(False).to_numpy(dtype=bool)
            if "served_by_support" in g.columns
            else np.zeros(len(g), dtype=bool)
        )
        for i, norm in enumerate(g["norm_id"]):
            v, target = supp[i], serving.get(norm)
            if target is None or already[i] or not isinstance(v, str) or v == host[i]:
                continue
            if radius_km is not None and not (np.isfinite(dist[i]) and dist[i] <= radius_km):
                continue
            if (v, target) in own:
                host[i], host_norm[i] = v, target
    g["host"], g["host_norm"] = host, host_norm
    is_host = (g["host"] == g["kato"]) & (g["host_norm"] == g["norm_id"])
    projects = g[is_host].drop(columns=["host", "host_norm"]).reset_index(drop=True)
    key = pd.Series(
        np.arange(len(projects)),
        index=pd.MultiIndex.from_arrays([projects["kato"], projects["norm_id"]]),
    )
    proj_of_gap = key.reindex(pd.MultiIndex.from_arrays([g["host"], g["host_norm"]])).to_numpy()
    sett_of_gap = index.reindex(g["kato"]).to_numpy()
    keep = ~np.isnan(sett_of_gap.astype(float))
    cover = sp.csr_matrix(
        (
            np.ones(keep.sum()),
            (proj_of_gap[keep].astype(np.int64), sett_of_gap[keep].astype(np.int64)),
        ),
        shape=(len(projects), len(sett)),
    )
    projects["satellites"] = np.asarray(cover.sum(axis=1)).ravel() - 1
    projects["people"] = np.asarray(cover @ sett["population"].to_numpy()).ravel()
    for col in ("region_kato", "district_kato"):
        projects[col] = projects[col].astype(str)
    projects["urban"] = projects["urban"].astype(bool)
    return projects, cover


def check_floor(f: Floor, sett: pd.DataFrame, years: tuple[int, ...]) -> None:
    if f.year is not None and not years[0] <= f.year <= years[-1]:
        raise ValidationError(f"floor year {f.year} lies outside the plan {years[0]}-{years[-1]}")
    if f.kato is not None and f.kato not in set(sett["region_kato"]) | set(sett["district_kato"]):
        raise ValidationError(
            f"unknown territory {f.kato} (not a region or district with settlements)",
            argument="floors",
        )


def lagging_districts(sett: pd.DataFrame, fraction: float) -> frozenset[str]:
    share = sett["n_met"] / sett["n_applicable"]
    pw = (share * sett["population"]).groupby(sett["district_kato"]).sum()
    prov = pw / sett.groupby("district_kato")["population"].sum().replace(0, np.nan)
    prov = prov.dropna().sort_values(kind="stable")
    k = max(1, int(np.ceil(fraction * len(prov))))
    return frozenset(prov.index[:k])
