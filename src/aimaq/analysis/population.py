"""Population of territories: the weights of stored measures and their coverage.

The average annual population of the year (``population_avg``) where stored, else the mean
of the 1 January figures of the year and the next (``population_jan1``), else the one of
them that is stored. Across a border change the old unit's population is its successors'
sum.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from aimaq.analysis.borders import BorderChange, harmonise_panel
from aimaq.data.store import Store, canonical_dims
from aimaq.errors import ValidationError

__all__ = ["MissingPopulation", "old_border_population", "population_share", "population_weights"]


class MissingPopulation(ValidationError):
    """Some units have no population figure for the year (a caller may then go unweighted)."""


def population_weights(
    store: Store, katos: Sequence[str], year: str, dims: Mapping[str, str] | None = None
) -> tuple[pd.Series, str]:
    """Population of each unit for ``year`` (of the breakdown ``dims``, e.g. the rural
    population) and the name of the series used.

    Raises a ValidationError naming the units without a population figure.
    """
    wanted = [str(k) for k in katos]
    key = canonical_dims(dims)
    avg = store.query(
        "select kato, value from observation where indicator_id = 'population_avg' "
        "and period = ? and dims = ?",
        [str(year), key],
    ).set_index("kato")["value"]
    jan = store.query(
        "select kato, period, value from observation where indicator_id = 'population_jan1' "
        "and period in (?, ?) and dims = ?",
        [f"{year}-01-01", f"{int(year) + 1}-01-01", key],
    )
    start = jan[jan.period == f"{year}-01-01"].set_index("kato")["value"]
    end = jan[jan.period == f"{int(year) + 1}-01-01"].set_index("kato")["value"]
    out: dict[str, float] = {}
    used: set[str] = set()
    for kato in wanted:
        if kato in avg.index and pd.notna(avg[kato]):
            out[kato], source = float(avg[kato]), f"population_avg {year}"
        elif kato in start.index and kato in end.index:
            out[kato] = float((start[kato] + end[kato]) / 2)
            source = f"mean of population_jan1 {year}-01-01 and {int(year) + 1}-01-01"
        elif kato in start.index:
            out[kato], source = float(start[kato]), f"population_jan1 {year}-01-01"
        elif kato in end.index:
            out[kato], source = float(end[kato]), f"population_jan1 {int(year) + 1}-01-01"
        else:
            continue
        used.add(source)
    missing = [k for k in wanted if k not in out or not np.isfinite(out[k])]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        which = f" {key}" if dims else ""
        raise MissingPopulation(
            f"no population{which} for {len(missing)} unit(s) in {year} ({shown}); "
            "import population_avg or population_jan1, or use none",
            argument="weight",
        )
    return pd.Series(out)[wanted], "; ".join(sorted(used))


def population_share(
    store: Store,
    expected: pd.DataFrame,
    rows: pd.DataFrame,
    year: str,
    dims: Mapping[str, str] | None,
) -> float | None:
    """Share of the expected units' population living in units with a value (``None``
    when the population of some expected unit is not stored)."""
    katos = expected.kato.astype(str).tolist()
    if not katos:
        return None
    try:
        population, _ = population_weights(store, katos, year, dims)
    except ValidationError:  # population unknown for a unit: judge by the unit count alone
        return None
    have = set(rows.kato[rows.value.notna()].astype(str))
    total = float(population.sum())
    return float(population[[k in have for k in katos]].sum() / total) if total > 0 else None


def old_border_population(pop: pd.DataFrame, changes: Sequence[BorderChange]) -> pd.DataFrame:
    """Population on the old borders: the successors' sum from a change on (the values are
    their population-weighted mean) and, for a unit that ceased to exist, also before it
    where only its successors' figures (recomputed on today's borders) are stored."""
    summed, merged = harmonise_panel(pop, changes, how="sum")
    raw = pop.copy()
    raw.index = raw.index.astype(str)
    raw.columns = [str(c) for c in raw.columns]
    ceased = {
        c.old_kato
        for c in changes
        if c.kind != "transfer"
        and (
            c.old_kato not in raw.index
            or raw.loc[c.old_kato, [y for y in raw.columns if int(y) >= c.date.year]].isna().all()
        )
    }
    for target in sorted(set(merged.values()) & ceased):
        parts = [k for k, t in merged.items() if t == target]
        for col in summed.columns:
            known = bool(summed[col].notna().get(target, False))
            if not known and raw.loc[parts, col].notna().all():
                summed.loc[target, col] = float(raw.loc[parts, col].sum())
    return summed
