"""Moran's I and LISA clusters of a stored indicator, on the borders of the map.

**Regions.** The region polygons are the current (post-2022) regions. A figure of an
earlier year for a region whose borders changed since (Almaty, Karaganda and East
Kazakhstan before 2022, South Kazakhstan before 2018) does not belong to today's polygon,
so it is left out with the reason rather than drawn on the wrong shape.

**Districts.** Figures are put on the district layer of their year
(:func:`aimaq.territory.geometry.border_year`: the 2024 polygons from 2022, the 2018
polygons for 2018-2021), with queen contiguity snapped within 500 m by default
(:func:`aimaq.analysis.neighbours.district_neighbours`). Every polygon gets a row: a
district without a value is named, counted, and gets no cluster (``cluster`` is
``"no value: not tested"``), and its neighbours are tested without it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aimaq.analysis.borders import affected_codes
from aimaq.analysis.spatial import lisa, moran, region_neighbours
from aimaq.analysis.stored import border_changes, indicator_values
from aimaq.data.store import Store
from aimaq.errors import Advice, ValidationError

__all__ = ["NOT_TESTED", "clusters_from_store", "latest_year", "stored_levels"]

#: The cluster label of a district without a value.
NOT_TESTED = "no value: not tested"


def stored_levels(store: Store, indicator: str) -> list[str]:
    """The territory levels at which ``indicator`` has stored values."""
    found = store.query(
        "select distinct t.level from observation o join territory t using (kato) "
        "where o.indicator_id = ? order by 1",
        [indicator],
    )
    return [str(v) for v in found.level]


def latest_year(store: Store, indicator: str, level: str) -> str:
    """The latest year with stored totals of ``indicator`` at ``level``.

    Raises :class:`ValidationError` naming the levels that do hold it when ``level`` has
    none (an indicator held by region only, asked by district).
    """
    found = store.query(
        "select max(substr(o.period, 1, 4)) as y from observation o join territory t "
        "using (kato) where o.indicator_id = ? and t.level = ? and o.dims = '{}'",
        [indicator, level],
    )
    year = found.y[0]
    if year is None or str(year) in ("", "None", "nan"):
        _refuse_level(store, indicator, level)
    return str(year)


def _refuse_level(store: Store, indicator: str, level: str) -> None:
    levels = stored_levels(store, indicator)
    if not levels:
        raise ValidationError(f"no stored values of {indicator!r}", advice=Advice.indicators)
    raise ValidationError(
        f"{indicator!r} is held at level(s) {', '.join(levels)} only, not by {level}: "
        f"no {level} figures are stored",
        advice=Advice.import_,
    )


def clusters_from_store(
    store: Store,
    indicator: str,
    year: str | int | None = None,
    *,
    level: str = "region",
    neighbours: str = "queen",
    alpha: float = 0.05,
    fdr: bool = True,
    permutations: int = 999,
    seed: int | None = None,
) -> dict[str, Any]:
    """Global Moran's I and LISA clusters of ``indicator`` across regions or districts.

    ``year`` defaults to the latest year with values at ``level``. Returns ``indicator``,
    ``period``, ``level``, ``moran`` (see :class:`~aimaq.analysis.spatial.MoranResult`),
    ``lisa`` (one row per unit with ``name_en``: ``regions`` or ``districts``) and
    ``dropped``: every unit left out with the reason; for districts also ``borders``,
    ``neighbours`` (rule, links, islands) and ``missing`` (count and the districts without
    a value).
    """
    if level not in ("region", "district"):
        raise ValidationError(f"clusters run at level region or district; got {level!r}")
    if year is None:
        year = latest_year(store, indicator, level)
    elif level == "district" and "district" not in stored_levels(store, indicator):
        _refuse_level(store, indicator, level)
    if level == "district":
        return _district_clusters(
            store, indicator, str(year), neighbours, alpha, fdr, permutations, seed
        )
    rows, period = indicator_values(store, indicator, str(year), "region")
    polygons = set(region_neighbours())
    changed = affected_codes(border_changes(store), int(str(period)[:4]), date.today().year)
    dropped: dict[str, str] = {}
    keep = []
    for kato in rows.kato.astype(str):
        if kato not in polygons:
            dropped[kato] = "no polygon (not a current region)"
        elif kato in changed:
            dropped[kato] = f"borders differ from the map's ({changed[kato]})"
        else:
            keep.append(kato)
    rows = rows[rows.kato.astype(str).isin(keep)]
    codes = rows.kato.astype(str).tolist()
    values = rows.value.astype(float).to_numpy()
    result_m = moran(values, codes, permutations=permutations, seed=seed)
    result_l = lisa(values, codes, alpha=alpha, fdr=fdr, permutations=permutations, seed=seed)
    table = result_l.table.merge(rows[["kato", "name_en"]], on="kato", how="left")
    return {
        "indicator": indicator,
        "period": period,
        "level": "region",
        "moran": result_m.to_dict(),
        "lisa": {**result_l.to_dict(), "regions": table.to_dict(orient="records")},
        "dropped": {**dropped, **result_m.dropped},
    }


def _district_clusters(
    store: Store,
    indicator: str,
    year: str,
    rule: str,
    alpha: float,
    fdr: bool,
    permutations: int,
    seed: int | None,
) -> dict[str, Any]:
    import numpy as np
    import pandas as pd

    from aimaq.analysis.neighbours import district_neighbours
    from aimaq.territory.geometry import border_year

    rows, period = indicator_values(store, indicator, year, "district")
    borders = border_year(int(str(period)[:4]))
    if rule not in ("queen", "rook", "knn", "distance"):
        raise ValidationError(f"neighbours must be queen, rook, knn or distance; got {rule!r}")
    nb = district_neighbours(borders, rule)  # type: ignore[arg-type]
    values = dict(zip(rows.kato.astype(str), rows.value.astype(float), strict=True))
    dropped = {
        code: f"no polygon on the {borders} borders" for code in values if code not in nb.links
    }
    codes = sorted(nb.links)
    y = np.array([values.get(c, np.nan) for c in codes], dtype=np.float64)
    result_m = moran(y, codes, permutations=permutations, seed=seed, links=nb.links)
    result_l = lisa(
        y, codes, alpha=alpha, fdr=fdr, permutations=permutations, seed=seed, links=nb.links
    )
    table = pd.DataFrame({"kato": codes, "name_en": [nb.names[c] for c in codes]})
    table = table.merge(result_l.table, on="kato", how="left")
    table["value"] = y
    table["cluster"] = table["cluster"].fillna(NOT_TESTED)
    table["reason"] = [result_l.dropped.get(c, "") for c in codes]
    missing = [
        {"kato": c, "name_en": nb.names[c], "reason": r} for c, r in result_l.dropped.items()
    ]
    records = table.astype(object).where(table.notna(), None).to_dict(orient="records")
    return {
        "indicator": indicator,
        "period": period,
        "level": "district",
        "borders": borders,
        "neighbours": nb.to_dict(),
        "moran": result_m.to_dict(),
        "lisa": {
            **{k: v for k, v in result_l.to_dict().items() if k != "regions"},
            "districts": records,
        },
        "missing": {"count": len(missing), "districts": missing},
        "dropped": dropped,
    }
