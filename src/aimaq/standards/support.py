"""Which settlements are support villages, and whose satellites: the tags, else the registry.

An SRS norm marked ``via_support`` may be met in a satellite through its support village
within the catalogue's radius. Which villages are support villages is a public decision
(the sources count 1,173 support and 2,388 satellite villages) of which no list is at hand.
:func:`with_support_tags` therefore takes them from the territory tags when the database
holds ``support_village`` tags valid in the registry's year (``aimaq tags import``), and
else leaves the registry's own flags: for the generated registry its own choice, shown as
synthetic.

With tags: a settlement is a support village when it carries ``support_village``; a
settlement tagged ``satellite_village`` is served by the support village its value names,
when that one is a tagged support village of the registry; otherwise it is listed in
``unresolved``, never matched to another. The distance is the straight line between the
registry's coordinates of the two; without them, the registry's own distance where the
registry names the same support village; else unknown (then the satellite is not served at
a distance, as the radius cannot be checked).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from aimaq.data.store import Store
from aimaq.standards.registry import Registry

__all__ = ["support_tags", "with_support_tags"]

_EARTH_KM = 6371.0088


def support_tags(store: Store, year: int) -> pd.DataFrame:
    """The ``support_village`` and ``satellite_village`` tags valid during ``year``."""
    return store.query(
        "select kato, tag, value, source from territory_tag "
        "where tag in ('support_village', 'satellite_village') "
        "and (valid_from is null or valid_from <= ?) and (valid_to is null or valid_to > ?)",
        [f"{year}-12-31", f"{year}-01-01"],
    )


def _straight_km(a: pd.DataFrame, b: pd.DataFrame) -> NDArray[np.float64]:
    lat1, lon1, lat2, lon2 = (np.radians(x.to_numpy(float)) for x in (a.lat, a.lon, b.lat, b.lon))
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return np.asarray(2 * _EARTH_KM * np.arcsin(np.sqrt(h)), dtype=float)


def with_support_tags(reg: Registry, tags: pd.DataFrame) -> tuple[Registry, dict[str, Any]]:
    """The registry with support villages and satellites from ``tags`` (rows ``kato, tag,
    value, source`` as :func:`support_tags` reads them), and where they came from.

    Without ``support_village`` rows the registry is returned as it is.

    Examples
    --------
    >>> s = pd.DataFrame({"kato": ["111111100", "111111300"], "district_kato": ["111100000"] * 2,
    ...     "region_kato": ["110000000"] * 2, "urban": [False] * 2,
    ...     "category": ["other_village"] * 2, "is_support_village": [False] * 2,
    ...     "lat": [51.0, 51.1], "lon": [71.0, 71.0]})
    >>> p = pd.DataFrame({"kato": ["111111100", "111111300"], "year": [2024] * 2,
    ...     "population": [900, 200]})
    >>> st = pd.DataFrame({"kato": ["111111100"], "year": [2024], "norm_id": ["eng_water"],
    ...     "present": [True]})
    >>> reg = Registry.from_frames(s, p, st)
    >>> tags = pd.DataFrame({"kato": ["111111100", "111111300"],
    ...     "tag": ["support_village", "satellite_village"], "value": [None, "111111100"],
    ...     "source": ["akimat list"] * 2})
    >>> new, info = with_support_tags(reg, tags)
    >>> new.settlements[["is_support_village", "support_kato"]].values.tolist()
    [[True, None], [False, '111111100']]
    >>> round(float(new.settlements["distance_to_support_km"].iloc[1]), 1), info["source"]
    (11.1, 'territory tags (akimat list)')
    """
    own = int(reg.settlements["is_support_village"].sum())
    supports = tags[tags["tag"] == "support_village"]
    if supports.empty:
        which = (
            "the synthetic registry's own choice (synthetic)" if reg.synthetic else "the registry"
        )
        return reg, {"source": which, "synthetic": reg.synthetic, "support_villages": own}
    s = reg.settlements.copy()
    katos = set(s["kato"].astype(str))
    support_set = set(supports["kato"].astype(str)) & katos
    satellites = tags[(tags["tag"] == "satellite_village") & tags["kato"].astype(str).isin(katos)]
    of = dict(zip(satellites["kato"].astype(str), satellites["value"], strict=True))
    s["is_support_village"] = s["kato"].isin(support_set)
    chosen = [of.get(k) if of.get(k) in support_set else None for k in s["kato"]]
    s["support_kato"] = pd.Series(chosen, index=s.index, dtype=object)
    unresolved = {
        k: f"its support village {v!r} is not a tagged support village of the registry"
        for k, v in of.items()
        if v not in support_set
    }
    by_code = s.set_index("kato")[["lat", "lon"]]
    served = s["support_kato"].notna()
    there = by_code.reindex(s.loc[served, "support_kato"])
    same = s["support_kato"].eq(reg.settlements["support_kato"]).fillna(False).astype(bool)
    s["distance_to_support_km"] = reg.settlements["distance_to_support_km"].where(same)
    measured = _straight_km(s.loc[served], there)
    s.loc[served, "distance_to_support_km"] = np.where(
        np.isfinite(measured), measured, s.loc[served, "distance_to_support_km"]
    )
    sources = sorted({str(x) for x in tags["source"].dropna() if str(x)})
    info = {
        "source": f"territory tags ({'; '.join(sources) or 'no source given'})",
        "synthetic": False,
        "support_villages": len(support_set),
        "satellites": int(served.sum()),
        "satellites_without_distance": int(s.loc[served, "distance_to_support_km"].isna().sum()),
        "tagged_outside_registry": len(set(supports["kato"].astype(str)) - katos),
        "unresolved": unresolved,
        "registry_own_choice_replaced": own,
    }
    return replace(reg, settlements=s, meta={**reg.meta, "support": info}), info
