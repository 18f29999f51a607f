"""Neighbours of districts: queen and rook contiguity, k nearest, distance band.

The district polygons (:mod:`aimaq.territory.geometry`) leave hairline gaps along some
shared borders and do not always share vertices where they share a border, so contiguity
is decided geometrically in metres (an Albers equal-area projection centred on
Kazakhstan), with a snapping tolerance:

- **queen**: two districts are neighbours when they lie within ``snap_m`` of each other
  (a shared border or a shared corner);
- **rook**: queen neighbours whose shared border is longer than ``min_border_m``: the
  length of one's boundary within ``snap_m`` of the other, less the ``2 * snap_m`` that a
  mere corner contributes.

``k`` nearest and distance-band neighbours use the distance between the districts'
representative points (inside each polygon). A district without neighbours is an island,
listed by name.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import numpy as np

from aimaq.errors import ValidationError
from aimaq.territory.geometry import ALBERS_KZ, district_polygons

__all__ = ["Neighbours", "district_neighbours"]

Kind = Literal["queen", "rook", "knn", "distance"]


@dataclass(frozen=True)
class Neighbours:
    """Neighbour lists of the districts of one border year.

    Attributes
    ----------
    kind, borders, parameter
        The rule (``queen``, ``rook``, ``knn``, ``distance``), the border year of the
        polygons and the rule's parameter (snap in m, k, or the band in km).
    links
        KATO code -> sorted codes of its neighbours (symmetric except for ``knn``).
    names
        KATO code -> English name of the district.
    """

    kind: str
    borders: int
    parameter: float
    links: dict[str, tuple[str, ...]]
    names: dict[str, str]

    @property
    def islands(self) -> list[str]:
        """Codes of districts without a neighbour."""
        return sorted(code for code, nb in self.links.items() if not nb)

    @property
    def n_links(self) -> int:
        """Number of neighbour pairs (each pair once for symmetric rules)."""
        total = sum(len(nb) for nb in self.links.values())
        return total if self.kind == "knn" else total // 2

    def weights(self, codes: list[str] | None = None, transform: str = "r") -> Any:
        """A libpysal ``W`` over ``codes`` (default: all), cut down to them, transformed.

        Examples
        --------
        >>> nb = district_neighbours(2024, "queen")
        >>> w = nb.weights()
        >>> w.n, w.transform
        (224, 'R')
        """
        from libpysal.weights import W

        codes = sorted(self.links) if codes is None else list(codes)
        unknown = [c for c in codes if c not in self.links]
        if unknown:
            raise ValidationError(f"no {self.borders} district polygon for code(s) {unknown}")
        inside = set(codes)
        neighbours = {c: [n for n in self.links[c] if n in inside] for c in codes}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = W(neighbours, id_order=codes, silence_warnings=True)
            if transform:
                w.transform = transform
        return w

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "borders": self.borders,
            "parameter": self.parameter,
            "districts": len(self.links),
            "links": self.n_links,
            "islands": [{"kato": c, "name_en": self.names[c]} for c in self.islands],
        }


@lru_cache(maxsize=16)
def _projected(borders: int) -> tuple[tuple[str, ...], tuple[str, ...], Any]:
    frame = district_polygons(borders).to_crs(ALBERS_KZ)
    return tuple(frame.kato), tuple(frame.name_en), np.asarray(frame.geometry.values)


def _contiguity(borders: int, snap_m: float, min_border_m: float | None) -> list[set[int]]:
    import shapely

    _, _, geoms = _projected(borders)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=snap_m)
    links: list[set[int]] = [set() for _ in geoms]
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i >= j:
            continue
        if min_border_m is not None:
            near = geoms[i].boundary.intersection(geoms[j].buffer(max(snap_m, 1.0)))
            if near.length - 2 * snap_m <= min_border_m:
                continue
        links[i].add(j)
        links[j].add(i)
    return links


def _points(borders: int) -> np.ndarray:
    import shapely

    _, _, geoms = _projected(borders)
    points = shapely.point_on_surface(geoms)
    return np.column_stack([shapely.get_x(points), shapely.get_y(points)])


def district_neighbours(
    borders: int = 2024,
    kind: Kind = "queen",
    *,
    snap_m: float = 500.0,
    min_border_m: float = 1000.0,
    k: int = 6,
    band_km: float = 100.0,
) -> Neighbours:
    """Neighbours of the districts on the ``borders`` of 2024 or 2018.

    Parameters
    ----------
    borders
        Border year of the polygons (2024: 224 districts, 2018: 216).
    kind
        ``queen``, ``rook`` (contiguity with ``snap_m`` and ``min_border_m``), ``knn``
        (the ``k`` nearest representative points) or ``distance`` (points within
        ``band_km``).

    Examples
    --------
    >>> queen = district_neighbours(2024, "queen")
    >>> len(queen.links), queen.n_links, queen.islands
    (224, 548, [])
    >>> district_neighbours(2024, "rook").n_links
    538
    >>> district_neighbours(2024, "knn", k=4).n_links
    896
    """
    codes, names, _ = _projected(borders)
    if kind in ("queen", "rook"):
        if snap_m < 0:
            raise ValidationError(f"snap_m must be >= 0; got {snap_m}")
        sets = _contiguity(borders, float(snap_m), float(min_border_m) if kind == "rook" else None)
        parameter = float(snap_m)
    elif kind in ("knn", "distance"):
        from scipy.spatial import cKDTree

        points = _points(borders)
        tree = cKDTree(points)
        if kind == "knn":
            if not 1 <= k < len(codes):
                raise ValidationError(f"k must be in 1..{len(codes) - 1}; got {k}")
            _, idx = tree.query(points, k=k + 1)
            sets = [{int(j) for j in row if j != i} for i, row in enumerate(idx)]
            parameter = float(k)
        else:
            if band_km <= 0:
                raise ValidationError(f"band_km must be positive; got {band_km}")
            found = tree.query_ball_point(points, r=band_km * 1000.0)
            sets = [{int(j) for j in row if j != i} for i, row in enumerate(found)]
            parameter = float(band_km)
    else:
        raise ValidationError(f"kind must be queen, rook, knn or distance; got {kind!r}")
    links = {codes[i]: tuple(sorted(codes[j] for j in sets[i])) for i in range(len(codes))}
    return Neighbours(
        kind=kind,
        borders=borders,
        parameter=parameter,
        links=links,
        names=dict(zip(codes, names, strict=True)),
    )
