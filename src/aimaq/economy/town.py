"""The baseline of a town for the shock scenario, from stored official figures.

The town's population is its official figure (1 January, the latest stored); its labour
force and unemployment come from its region's labour force survey: the region's employed
per resident applied to the town (the towns' own labour force is not published in the
embedded data: an approximation, named in the baseline's sources), and the region's
unemployment rate. The user may give the town's own figures instead.
"""

from __future__ import annotations

import pandas as pd

from aimaq.data.store import Store
from aimaq.economy.shock import TownBaseline
from aimaq.errors import Advice, ValidationError
from aimaq.territory import AmbiguousTerritory, Resolver, UnknownTerritory

__all__ = ["find_town", "town_baseline"]


def find_town(store: Store, town: str) -> pd.Series:
    """The territory row of ``town``: a KATO code, or a name in any form BNS prints
    (resolved by :class:`aimaq.territory.Resolver`; an ambiguous name is an error listing
    the candidates).
    """
    code = town.strip()
    units = store.query(
        "select kato, parent_kato, level, unit_type, name_en, name_ru, name_kk from territory"
    )
    hit = units[units["kato"] == code]
    if hit.empty:
        code = _resolve_town(code, units)
        hit = units[units["kato"] == code]
    if hit.empty:
        raise ValidationError(f"{town!r} ({code}) is not in the database", advice=Advice.init)
    return hit.iloc[0]


def _resolve_town(name: str, units: pd.DataFrame) -> str:
    """A town before a district of the same name: "Житикара" is the town, not its district.

    The name resolves as :meth:`Resolver.resolve` would; when that gives a district (an
    аудан) or is ambiguous, and a town (a settlement of unit type ``city``) bears the
    name, the town is meant.
    """
    resolver = Resolver.default()
    try:
        code = resolver.resolve(name)
    except AmbiguousTerritory:
        code = None
    kind = units.loc[units["kato"] == code, "unit_type"]
    if code is not None and (kind.empty or kind.iloc[0] != "district"):
        return code
    try:
        town = resolver.resolve(name, level="settlement")
    except (UnknownTerritory, AmbiguousTerritory):
        town = None
    if town is not None and (units.loc[units["kato"] == town, "unit_type"] == "city").any():
        return town
    if code is None:
        return resolver.resolve(name)  # raises the ambiguity with its candidates
    return code


def _region_of(units: pd.DataFrame, kato: str) -> str:
    parents = dict(zip(units["kato"], units["parent_kato"], strict=True))
    levels = dict(zip(units["kato"], units["level"], strict=True))
    current: str | None = kato
    while current is not None and levels.get(current) != "region":
        current = parents.get(current)
    if current is None:
        raise ValidationError(f"{kato} is not inside a region")
    return current


def _latest(
    store: Store, indicator: str, kato: str, annual: bool = True
) -> tuple[str, float] | None:
    sql = (
        "select period, value from observation where indicator_id = ? and kato = ? "
        "and dims = '{}' and value is not null"
    )
    if annual:
        sql += " and length(period) = 4"
    frame = store.query(sql + " order by period desc limit 1", [indicator, kato])
    if frame.empty:
        return None
    return str(frame["period"].iloc[0]), float(frame["value"].iloc[0])


def town_baseline(
    store: Store,
    town: str,
    *,
    labour_force: float | None = None,
    unemployment_rate: float | None = None,
    wage: float | None = None,
    population: float | None = None,
) -> TownBaseline:
    """The town's baseline from the store, with the user's own figures where given.

    ``unemployment_rate`` is a share (0.06 for 6%).
    """
    row = find_town(store, town)
    kato = str(row["kato"])
    name = str(row["name_en"] if isinstance(row["name_en"], str) else row["name_ru"])
    units = store.query("select kato, parent_kato, level from territory")
    region = _region_of(units, kato) if row["level"] != "region" else kato
    sources: dict[str, str] = {}
    if population is None:
        found = store.query(
            "select period, value from observation where indicator_id = 'population_jan1' "
            "and kato = ? and dims = '{}' order by period desc limit 1",
            [kato],
        )
        if found.empty:
            raise ValidationError(
                f"no stored population of {name} ({kato}); give it", argument="population"
            )
        population = float(found["value"].iloc[0])
        sources["population"] = f"population_jan1 {found['period'].iloc[0]} (BNS)"
    else:
        sources["population"] = "given by the user"
    if unemployment_rate is None:
        latest = _latest(store, "unemployment_rate", region)
        if latest is None:
            raise ValidationError(
                f"no unemployment rate of region {region}; give it", argument="unemployment_rate"
            )
        unemployment_rate = latest[1] / 100
        sources["unemployment_rate"] = f"region {region} unemployment_rate {latest[0]} (BNS LFS)"
    else:
        sources["unemployment_rate"] = "given by the user"
    if labour_force is None:
        employed = _latest(store, "employment", region)
        if employed is None:
            raise ValidationError(
                f"no employment of region {region}; give the labour force", argument="labour_force"
            )
        pop = store.query(
            "select value from observation where indicator_id = 'population_avg' and kato = ? "
            "and dims = '{}' and period = ?",
            [region, employed[0]],
        )
        if pop.empty:
            raise ValidationError(
                f"no average population of region {region} in {employed[0]}; give the labour force",
                argument="labour_force",
            )
        rate = employed[1] / float(pop["value"].iloc[0])
        labour_force = population * rate / (1 - unemployment_rate)
        sources["labour_force"] = (
            f"town population x region {region} employed per resident in {employed[0]} "
            f"({rate:.3f}) / (1 - unemployment rate): ASSUMPTION that the town is like its region"
        )
    else:
        sources["labour_force"] = "given by the user"
    if wage is None:
        latest = _latest(store, "wage_avg", region)
        wage = latest[1] if latest is not None else float("nan")
        sources["wage"] = (
            f"region {region} wage_avg {latest[0]} (BNS), nominal" if latest else "unknown"
        )
    else:
        sources["wage"] = "given by the user"
    return TownBaseline(
        kato=kato,
        name=name,
        population=float(population),
        labour_force=float(labour_force),
        unemployment_rate=float(unemployment_rate),
        wage=float(wage),
        sources=sources,
    )
