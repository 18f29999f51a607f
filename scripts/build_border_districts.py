"""Derive the ``border_district`` tag: districts whose polygon touches a land state border.

The land border is taken from Natural Earth (public domain) as redistributed in the npm
package ``world-atlas`` (``countries-10m.json``, Natural Earth admin-0 countries 1:10m,
version 4.1.0): it is a topology, so a stretch of Kazakhstan's outline is a land border
with a neighbour exactly where Kazakhstan and that neighbour share an arc. Arcs Kazakhstan
shares with no country are its coasts (the Caspian; the Aral where the layer cuts it out).

A district (geokz polygons on the 2024 borders, shipped in ``aimaq.territory``) is a
border district of a neighbour when at least ``MIN_KM`` of its boundary lies within
``NEAR_KM`` of that neighbour's shared arcs (the two layers are drawn at different scales:
the tolerance absorbs their offset; lengths in a Lambert azimuthal equal-area projection
centred on Kazakhstan). The result is a derivation, not an official list.

Run from the repository root, with the package unpacked by ``npm pack world-atlas``::

    .venv/bin/python scripts/build_border_districts.py /path/to/world-atlas/package

Writes ``src/aimaq/territory/data/tags_border_district.csv`` and prints the count of
border districts for tolerances of 2, 5 and 10 km (stderr).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from shapely.geometry import LineString, MultiLineString
from shapely.ops import transform, unary_union

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "aimaq" / "territory" / "data" / "tags_border_district.csv"
KAZAKHSTAN = "398"
NEIGHBOURS = {
    "643": "Russia",
    "156": "China",
    "417": "Kyrgyzstan",
    "860": "Uzbekistan",
    "795": "Turkmenistan",
}
NEAR_KM = 5.0
MIN_KM = 5.0
LAEA = "+proj=laea +lat_0=48 +lon_0=68 +datum=WGS84 +units=m"
SOURCE = "Natural Earth admin-0 countries 1:10m v4.1.0 (world-atlas 2.0.2, countries-10m.json)"


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _arc_ids(geometry: dict) -> set[int]:
    rings = geometry["arcs"] if geometry["type"] == "Polygon" else sum(geometry["arcs"], [])
    return {i if i >= 0 else ~i for ring in rings for i in ring}


def land_borders(package: Path) -> dict[str, MultiLineString]:
    """The stretches of Kazakhstan's outline shared with each neighbour, in degrees."""
    topology = json.loads((package / "countries-10m.json").read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    countries = {g.get("id"): g for g in topology["objects"]["countries"]["geometries"]}
    mine = _arc_ids(countries[KAZAKHSTAN])
    return {
        name: MultiLineString([LineString(arcs[i]) for i in sorted(mine & _arc_ids(countries[c]))])
        for c, name in NEIGHBOURS.items()
    }


def _projector():  # type: ignore[no-untyped-def]
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", LAEA, always_xy=True).transform


def border_districts(package: Path, near_km: float, min_km: float) -> list[list[str]]:
    from aimaq.territory.geometry import ATTRIBUTION, district_polygons

    project = _projector()
    borders = {n: transform(project, g) for n, g in land_borders(package).items()}
    zones = {n: g.buffer(near_km * 1000) for n, g in borders.items()}
    districts = district_polygons(2024)
    rows = []
    for row in districts.itertuples():
        edge = transform(project, row.geometry).boundary
        touched = []
        for name, zone in zones.items():
            km = edge.intersection(zone).length / 1000
            if km >= min_km:
                touched.append((name, km))
        if touched:
            value = "; ".join(name for name, _ in touched)
            lengths = ", ".join(f"{name} {km:.0f} km" for name, km in touched)
            rows.append(
                [
                    str(row.kato),
                    "border_district",
                    value,
                    f"{SOURCE}; {ATTRIBUTION}",
                    f"derived: district boundary within {near_km:g} km of the land border "
                    f"over at least {min_km:g} km (boundary near it: {lengths})",
                ]
            )
    return rows


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    package = Path(argv[1])
    for near in (2.0, 5.0, 10.0):
        count = len(border_districts(package, near, MIN_KM))
        print(f"within {near:g} km over >= {MIN_KM:g} km: {count} border districts", file=sys.stderr)
    rows = border_districts(package, NEAR_KM, MIN_KM)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kato", "tag", "value", "source", "method"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)
    _ = unary_union  # the union of arcs is not needed: each arc is measured on its own
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
