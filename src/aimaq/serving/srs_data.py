"""The SRS figures the dashboard shows, computed once (in the background at start-up) from the settlement
registry (when the database holds one)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from aimaq.data.store import Store
from aimaq.errors import AimaqError


@dataclass(frozen=True, eq=False)
class SrsData:
    """Provision by region and district (total, urban, rural), unmet norms, targets."""

    year: int
    synthetic: bool
    label: str
    regions: pd.DataFrame  # kato, area, n_settlements, population, provision_pct
    districts: pd.DataFrame  # same columns, district level
    unmet: pd.DataFrame  # region_kato, district_kato, norm_id, settlements, population
    targets: pd.DataFrame  # kato, area, target_year, target_pct, year, provision_pct, gap_pp
    norm_names: dict[str, dict[str, str]]  # norm id -> lang -> name


def build_srs_data(store: Store) -> SrsData:
    """The SRS figures of the store's registry; :class:`AimaqError` saying why when there
    is no registry or no standards package."""
    try:
        from aimaq.standards import (
            Registry,
            load_catalogue,
            rollup,
            settlement_provision,
            unmet_norms,
        )
        from aimaq.standards.targets import target_gaps
    except ImportError as exc:
        raise AimaqError(f"the SRS package (aimaq.standards) is not installed: {exc}") from exc
    reg = Registry.from_store(store)
    catalogue = load_catalogue()
    year = reg.for_year(None)
    frame = settlement_provision(reg, catalogue, year)

    def both(level: str) -> pd.DataFrame:
        parts = [rollup(frame, level, "count", split_urban=s) for s in (False, True)]
        return pd.concat(parts, ignore_index=True)

    gaps = unmet_norms(reg, catalogue, year)
    unmet = (
        gaps.groupby(["region_kato", "district_kato", "norm_id"])
        .agg(settlements=("kato", "nunique"), population=("population", "sum"))
        .reset_index()
    )
    names = {
        n.id: {
            "en": n.name_en,
            "ru": n.name_ru or n.name_en,
            "kk": n.name_kk or n.name_ru or n.name_en,
        }
        for n in catalogue.norms
    }
    return SrsData(
        year=year,
        synthetic=bool(reg.synthetic),
        label=reg.label,
        regions=both("region"),
        districts=both("district"),
        unmet=unmet,
        targets=target_gaps(reg, catalogue, year),
        norm_names=names,
    )
