"""Moran's I and LISA clusters of a stored regional indicator, on the borders of the map.

The region polygons are the current (post-2022) regions. A figure of an earlier year
for a region whose borders changed since (Almaty, Karaganda and East Kazakhstan before
2022, South Kazakhstan before 2018) does not belong to today's polygon, so it is left
out with the reason rather than drawn on the wrong shape.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aimaq.analysis.borders import affected_codes
from aimaq.analysis.spatial import lisa, moran, region_neighbours
from aimaq.analysis.stored import border_changes, indicator_values
from aimaq.data.store import Store

__all__ = ["clusters_from_store"]


def clusters_from_store(
    store: Store,
    indicator: str,
    year: str | int,
    *,
    alpha: float = 0.05,
    fdr: bool = True,
    permutations: int = 999,
    seed: int | None = None,
) -> dict[str, Any]:
    """Global Moran's I and LISA clusters of ``indicator`` across regions in ``year``.

    Returns ``indicator``, ``period``, ``moran`` (see :class:`~aimaq.analysis.spatial.MoranResult`),
    ``lisa`` (one row per region with ``name_en``) and ``dropped``: every region left out
    (no value, borders unlike the map's, no neighbour left) with the reason.
    """
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
        "moran": result_m.to_dict(),
        "lisa": {**result_l.to_dict(), "regions": table.to_dict(orient="records")},
        "dropped": {**dropped, **result_m.dropped},
    }
