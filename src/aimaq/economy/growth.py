"""Growth points: territories' economic profiles and the tagged candidates' base.

The **profile** of a unit (a region, on the embedded data) combines its structure in one
year with its change over a period:

- ``specialised`` when Krugman's index is at or above the median of the units, else
  ``diversified`` (a relative rule: half the units are each);
- the leading sector (highest location quotient) and its quotient;
- ``growing`` or ``declining`` by the change of the total over the period, and ``gaining``
  or ``losing`` share by the sign of the shift-share regional component;
- the sectors that grew and those that shrank;
- dependence on extraction: only with section B (mining) in the breakdown, where a
  location quotient of B at or above :data:`EXTRACTION_LQ` marks it (an ASSUMPTION on the
  threshold); on the three broad groups it is unknown, and said so.

The **candidates** are the units tagged in the territory tables as agglomerations,
single-industry towns or support villages; each gets its base (population and its trend,
the employment profile of its region, SRS provision where a registry is given, remoteness)
and the list of what is measured and what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from aimaq.data.store import Store
from aimaq.economy.change import StructuralShift
from aimaq.economy.structure import Structure

__all__ = [
    "EXTRACTION_LQ",
    "TAG_KINDS",
    "GrowthPoints",
    "candidate_katos",
    "candidates",
    "growth_view",
    "profiles",
]

EXTRACTION_LQ = 1.25  # ASSUMPTION: a quarter more mining than the nation marks dependence
TAG_KINDS = {
    ("agglomeration", "first_level"): "agglomeration, first level",
    ("agglomeration", "second_level"): "agglomeration, second level",
    ("agglomeration", ""): "agglomeration",
    ("single_industry_town", ""): "single-industry town",
    ("support_village", ""): "support village",
}
"""Territory tags (tag, value) that make a growth-point candidate, and their kind."""


def profiles(structure: Structure, shift: StructuralShift | None = None) -> pd.DataFrame:
    """The economic profile of every unit of ``structure`` (see the module notes).

    ``shift`` (over a period ending in the structure's year or near it) adds the trend; its
    units may be on older borders: a unit that split off later takes the trend of the unit
    it came from, marked in ``trend_unit``.

    Examples
    --------
    >>> import numpy as np
    >>> from aimaq.economy.panel import SectorTable
    >>> from aimaq.economy.structure import structure
    >>> t = SectorTable("employment", ("1", "2", "3"), ("A", "B", "C"),
    ...     ("agriculture", "industry_construction", "services"), ("2024",),
    ...     np.array([[[50.0, 20, 30], [10, 60, 30], [20, 20, 60]]]))
    >>> p = profiles(structure(t, "2024"))
    >>> p[["kato", "specialisation", "leading_sector", "extraction"]].values.tolist()[0]
    ['1', 'specialised', 'agriculture', 'unknown: needs section B (mining) in the breakdown']
    """
    frame = structure.frame
    sectors = structure.sectors
    lq = frame[[f"lq_{s}" for s in sectors]].to_numpy()
    median = float(np.median(frame["krugman"]))
    out = pd.DataFrame(
        {
            "kato": frame["kato"],
            "name": frame["name"],
            "krugman": frame["krugman"],
            "entropy_relative": frame["entropy_relative"],
            "specialisation": np.where(frame["krugman"] >= median, "specialised", "diversified"),
            "leading_sector": [sectors[i] for i in lq.argmax(axis=1)],
            "leading_lq": lq.max(axis=1),
        }
    )
    if "B" in sectors:
        lq_b = frame["lq_B"].to_numpy()
        out["extraction"] = np.where(lq_b >= EXTRACTION_LQ, "dependent", "not dependent")
        out["lq_mining"] = lq_b
    else:
        out["extraction"] = "unknown: needs section B (mining) in the breakdown"
    if shift is None:
        return out
    units = shift.frame().set_index("kato")
    detail = shift.sectors_frame()
    first, last = shift.table.years
    into = {m: target for target, members in shift.merged.items() for m in members}
    trend_unit = [into.get(k, k) if into.get(k, k) in units.index else None for k in out["kato"]]
    out["trend_unit"] = trend_unit
    out["trend_period"] = f"{first}-{last}"
    change = [units.loc[u, "change"] / units.loc[u, "start"] if u else np.nan for u in trend_unit]
    out["change_share"] = change
    out["trend"] = [
        "unknown" if u is None else ("growing" if c > 0 else "declining")
        for u, c in zip(trend_unit, change, strict=True)
    ]
    out["competitiveness"] = [
        "unknown"
        if u is None
        else ("gaining share" if units.loc[u, "regional_share"] > 0 else "losing share")
        for u in trend_unit
    ]
    grew = detail.assign(delta=detail["end"] - detail["start"])
    out["growing_sectors"] = [
        ", ".join(grew[(grew.kato == u) & (grew.delta > 0)].sector) if u else "" for u in trend_unit
    ]
    out["declining_sectors"] = [
        ", ".join(grew[(grew.kato == u) & (grew.delta < 0)].sector) if u else "" for u in trend_unit
    ]
    return out


@dataclass(frozen=True)
class GrowthPoints:
    """The profiles of the units and the tagged candidates with their base.

    Attributes
    ----------
    profiles
        :func:`profiles` of the regions.
    candidates
        One row per tagged unit.
    notes
        What is missing and why.
    """

    profiles: pd.DataFrame
    candidates: pd.DataFrame
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "notes": list(self.notes),
            "candidates": self.candidates.to_dict(orient="records"),
            "profiles": self.profiles.to_dict(orient="records"),
        }


def _latest(store: Store, indicator: str) -> pd.DataFrame:
    frame = store.query(
        "select kato, period, value from observation where indicator_id = ? and dims = '{}' "
        "and value is not null order by kato, period",
        [indicator],
    )
    return frame.groupby("kato").tail(1).set_index("kato")


def _candidate_tags(store: Store) -> pd.DataFrame:
    """Tags that make a candidate (:data:`TAG_KINDS`), still holding, with their ``kind``."""
    tags = store.query("select * from territory_tag order by kato")
    if "valid_to" in tags.columns:  # a tag that no longer holds is not a candidate
        tags = tags[tags["valid_to"].isna()]
    values = (
        tags["value"].fillna("").astype(str)
        if "value" in tags.columns
        else pd.Series("", index=tags.index)
    )
    kinds = pd.Series(
        [
            TAG_KINDS.get((t, v)) or TAG_KINDS.get((t, ""))
            for t, v in zip(tags["tag"], values, strict=True)
        ],
        index=tags.index,
        dtype=object,
    )
    return tags.assign(kind=kinds).dropna(subset=["kind"])


def candidate_katos(store: Store) -> list[str]:
    """KATO codes of the growth-point candidates (the units tagged as in :data:`TAG_KINDS`)."""
    return sorted(set(_candidate_tags(store)["kato"].astype(str)))


def candidates(
    store: Store,
    region_profiles: pd.DataFrame,
    *,
    start: str,
    provision: Mapping[str, float] | None = None,
    provision_label: str = "",
) -> GrowthPoints:
    """The tagged units with their base; ``provision`` maps a KATO code to its SRS provision
    (a share), computed by the caller from a registry.
    """
    tags = _candidate_tags(store)
    units = store.query("select kato, parent_kato, level, name_en, name_ru from territory")
    parents = dict(zip(units["kato"], units["parent_kato"], strict=True))
    levels = dict(zip(units["kato"], units["level"], strict=True))
    names = {
        k: (e if isinstance(e, str) else r)
        for k, e, r in zip(units["kato"], units["name_en"], units["name_ru"], strict=True)
    }
    notes: list[str] = []
    kinds = set(tags["kind"])
    for wanted, label in (
        ("single-industry town", "single-industry towns"),
        ("support village", "support villages"),
    ):
        if wanted not in kinds:
            notes.append(
                f"no {label} are tagged in the territory tables of this database; they are "
                "left out (re-run `aimaq init` once the tags are shipped)"
            )

    def ancestor(kato: str, level: str) -> str | None:
        current: str | None = kato
        while current is not None and levels.get(current) != level:
            current = parents.get(current)
        return current

    pop = _latest(store, "population_jan1")
    pop_avg = store.query(
        "select kato, period, value from observation where indicator_id = 'population_avg' "
        "and dims = '{}' order by kato, period"
    )
    centre = _latest(store, "distance_region_centre_km")["value"].astype(float).to_dict()
    agglo = _latest(store, "distance_agglomeration_km")["value"].astype(float).to_dict()
    profile = region_profiles.set_index("kato")
    rows = []
    for kato, kind in zip(tags["kato"], tags["kind"], strict=True):
        region = ancestor(kato, "region")
        district = ancestor(kato, "district")
        measured: list[str] = []
        missing: list[str] = []
        row: dict[str, object] = {
            "kato": kato,
            "name": names.get(kato, kato),
            "kind": kind,
            "level": levels.get(kato),
            "region": region,
        }
        if kato in pop.index:
            row["population"] = float(pop.loc[kato, "value"])
            row["population_date"] = str(pop.loc[kato, "period"])
            measured.append("population")
        else:
            row["population"] = np.nan
            missing.append("population")
        series = pop_avg[pop_avg.kato == kato].set_index("period")["value"]
        if start in series.index and len(series) > 1:
            row["population_trend"] = float(series.iloc[-1] / series[start] - 1)
            row["population_trend_period"] = f"{start}-{series.index[-1]}"
            measured.append("population trend")
        else:
            row["population_trend"] = np.nan
            missing.append("population trend (no annual series for this unit)")
        if region in profile.index:
            p = profile.loc[region]
            own = region == kato
            for key in ("specialisation", "leading_sector", "trend", "extraction"):
                if key in p.index:
                    row[f"employment_{key}"] = p[key]
            row["employment_structure_of"] = "the unit" if own else f"its region {region}"
            measured.append("employment structure" + ("" if own else " (of the region)"))
            if not own:
                missing.append("the unit's own employment by sector")
        else:
            missing.append("employment structure")
        if provision is not None and kato in provision:
            row["srs_provision"] = float(provision[kato])
            row["srs_registry"] = provision_label
            measured.append(f"SRS provision ({provision_label})")
        else:
            row["srs_provision"] = np.nan
            missing.append("SRS provision")
        if district is not None and district in centre:
            row["km_to_region_centre"] = centre[district]
            row["km_to_agglomeration"] = agglo.get(district, np.nan)
            measured.append("remoteness (straight line, of the district)")
        else:
            row["km_to_region_centre"] = np.nan
            row["km_to_agglomeration"] = np.nan
            missing.append("remoteness (measured for districts only)")
        row["measured"] = "; ".join(measured)
        row["missing"] = "; ".join(missing)
        rows.append(row)
    return GrowthPoints(profiles=region_profiles, candidates=pd.DataFrame(rows), notes=tuple(notes))


def growth_view(
    store: Store,
    *,
    year: str | None = None,
    start: str = "2016",
    indicator: str = "employment",
    provision: Mapping[str, float] | None = None,
    provision_label: str = "",
) -> GrowthPoints:
    """Region profiles in ``year`` (default: the latest stored) with the trend from
    ``start``, and the tagged candidates with their base."""
    from aimaq.economy.change import shift_share_between
    from aimaq.economy.panel import sector_table
    from aimaq.economy.structure import structure

    table = sector_table(store, indicator, level="region")
    last = year or table.years[-1]
    struct = structure(sector_table(store, indicator, level="region", years=[last]), last)
    shift = shift_share_between(store, start, last, indicator=indicator)
    points = candidates(
        store,
        profiles(struct, shift),
        start=start,
        provision=provision,
        provision_label=provision_label,
    )
    notes = (
        f"profiles: {indicator} by {len(struct.sectors)} sectors in {last}, trend {start}-{last} "
        f"on the {start} borders",
        *points.notes,
    )
    return GrowthPoints(profiles=points.profiles, candidates=points.candidates, notes=notes)
