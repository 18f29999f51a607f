"""Published SRS provision figures and targets, and the distance of a registry to them.

Sources (``docs/standards.md`` cites them in full): the national provision level of 64.1%
in 2021 (+9.3 pp since 2019) and 66.1% in 2024, villages 65.7% and cities 89% in 2024;
the 2024 levels of seven regions; the targets of the Concept of Regional Development to
2030 (70% by 2028; 96% in cities and 71% in villages by 2030).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from aimaq.standards.catalogue import Catalogue
from aimaq.standards.provision import COUNTRY_KATO, rollup, settlement_provision
from aimaq.standards.registry import Registry


@dataclass(frozen=True)
class ProvisionTarget:
    """A published SRS provision target: ``value_pct`` for ``area`` (all, urban, rural) by ``year``.

    The one place the official SRS targets are defined; ``aimaq.monitoring`` follows them
    as KPIs (names in three languages, the published baseline). ``baseline_comparable`` is
    false where the baseline was measured by a different method than the later years.
    """

    id: str
    area: str
    year: int
    value_pct: float
    source: str
    baseline_year: int
    baseline_pct: float
    names: tuple[str, str, str]  # kk, ru, en
    baseline_comparable: bool = True
    baseline_note: str | None = None


_CONCEPT = "Concept of Regional Development to 2030"
PROVISION_TARGETS: tuple[ProvisionTarget, ...] = (
    ProvisionTarget(
        "srs_national_2028", "all", 2028, 70.0, f"{_CONCEPT} (target 70% by 2028); baseline 64.1% in 2021",
        2021, 64.1, ("ӨСЖ бойынша қамтамасыз етілу, ел бойынша", "Обеспеченность по СРС, в целом по стране", "SRS provision, national"),
    ),
    ProvisionTarget(
        "srs_urban_2030", "urban", 2030, 96.0, f"{_CONCEPT} (96% in cities by 2030); baseline 87% in 2022",
        2022, 87.0, ("ӨСЖ бойынша қамтамасыз етілу, қалалар", "Обеспеченность по СРС, города", "SRS provision, cities"),
    ),
    ProvisionTarget(
        "srs_rural_2030", "rural", 2030, 71.0, f"{_CONCEPT} (71% in villages by 2030); baseline 55.3% in 2022",
        2022, 55.3, ("ӨСЖ бойынша қамтамасыз етілу, ауылдар", "Обеспеченность по СРС, сёла", "SRS provision, villages"),
        baseline_comparable=False,
        baseline_note=(
            "the village level of 55.3% (2022) cannot be reconciled with 64.1% nationally in "
            "2021 under any aggregation: a method change in the 2023 amendment is likely "
            "(docs/standards.md), so 2022 and 2024 are not on one method"
        ),
    ),
)  # fmt: skip

PUBLISHED_NATIONAL: dict[int, float] = {2019: 54.8, 2021: 64.1, 2024: 66.1}
"""National provision, %: 2021 and 2024 as published; 2019 = 64.1 - 9.3 (the published rise)."""

PUBLISHED_URBAN_RURAL: dict[int, dict[str, float]] = {
    2022: {"urban": 87.0, "rural": 55.3},
    2024: {"urban": 89.0, "rural": 65.7},
}
"""Cities and villages, %, as published for 2022 and 2024."""

PUBLISHED_REGIONS_2024: dict[str, float] = {
    "100000000": 56.3,  # Abai
    "470000000": 71.3,  # Mangystau
    "550000000": 69.2,  # Pavlodar
    "620000000": 59.0,  # Ulytau
    "710000000": 89.3,  # Astana
    "750000000": 92.1,  # Almaty (city)
    "790000000": 88.1,  # Shymkent
}
"""The seven regions whose 2024 provision was published (kz_regions_default_2022_2023.csv)."""


def national_levels(
    reg: Registry,
    catalogue: Catalogue,
    year: int | None = None,
    *,
    frame: pd.DataFrame | None = None,
) -> dict[str, float]:
    """National provision, %, by count of settlements: ``{"all", "urban", "rural"}``.

    ``frame`` is the year's :func:`settlement_provision` when already computed.

    Examples
    --------
    >>> import pandas as pd
    >>> from aimaq.standards.catalogue import load_catalogue
    >>> s = pd.DataFrame({"kato": ["111111111"], "district_kato": ["111100000"],
    ...     "region_kato": ["110000000"], "urban": [False], "category": ["other_village"],
    ...     "is_support_village": [False]})
    >>> p = pd.DataFrame({"kato": ["111111111"], "year": [2024], "population": [40]})
    >>> st = pd.DataFrame({"kato": ["111111111"], "year": [2024], "norm_id": ["eng_water"],
    ...     "present": [True]})
    >>> national_levels(Registry.from_frames(s, p, st), load_catalogue())["rural"]
    6.7
    """
    if frame is None:
        frame = settlement_provision(reg, catalogue, year)
    total = rollup(frame, "country", "count", split_urban=False)
    split = rollup(frame, "country", "count", split_urban=True)
    out = {"all": float(total["provision_pct"].iloc[0])}
    for area, pct in zip(split["area"], split["provision_pct"], strict=True):
        out[str(area)] = float(pct)
    return out


def target_gaps(
    reg: Registry,
    catalogue: Catalogue,
    year: int | None = None,
    *,
    frame: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Distance of the national levels (by count) to each target, in percentage points.

    Columns: kato, area, target_year, target_pct, year, provision_pct, gap_pp (target minus
    level; negative when the target is already reached), source.
    """
    year = reg.for_year(year)
    levels = national_levels(reg, catalogue, year, frame=frame)
    rows = []
    for t in PROVISION_TARGETS:
        level = levels.get(t.area)
        rows.append(
            {
                "kato": COUNTRY_KATO,
                "area": t.area,
                "target_year": t.year,
                "target_pct": t.value_pct,
                "year": year,
                "provision_pct": level,
                "gap_pp": None if level is None else round(t.value_pct - level, 1),
                "source": t.source,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["registry"] = reg.label
    return out


def trend(
    reg: Registry,
    catalogue: Catalogue,
    by: str = "country",
    weight: str = "count",
    split_urban: bool = True,
    *,
    include_total: bool = False,
) -> pd.DataFrame:
    """Roll-ups for every year of the registry, stacked, with the change on the previous year.

    ``include_total`` adds the ``area = "all"`` rows to the urban/rural ones.
    """
    frames: list[pd.DataFrame] = []
    for year in reg.years:
        settlements = settlement_provision(reg, catalogue, year)
        parts = [rollup(settlements, by, weight, split_urban)]
        if include_total and split_urban:
            parts.append(rollup(settlements, by, weight, split_urban=False))
        frames.extend(part.assign(year=year) for part in parts)
    out: pd.DataFrame = pd.concat(frames, ignore_index=True).sort_values(["kato", "area", "year"])
    out["change_pp"] = out.groupby(["kato", "area"])["provision_pct"].diff().round(1)
    out = out.reset_index(drop=True)
    out.attrs["registry"] = reg.label
    return out
