"""Copy the district polygons into the package and derive the KATO crosswalk.

Reads, from the shared folder (``geo/`` is the geokz layer, CC BY 4.0, see its SOURCES.md):

- ``geo/kz_adm2_districts_2024.geojson`` and ``geo/kz_adm2_districts_2018.geojson``;
- ``geo/kz_adm0_country.geojson``;

and writes, under ``src/aimaq/territory/data/geo/``:

- ``districts_2024.geojson.gz``, ``districts_2018.geojson.gz``, ``country.geojson.gz``:
  the files byte for byte, gzip-compressed (not simplified);
- ``crosswalk_2024.csv``: each of the 228 district-level units of KATO 2025 that Taldau
  lists (``taldau_terms.csv``) with the 2024 polygon that holds it and how.

Run from the repository root::

    .venv/bin/python scripts/build_district_geometry.py [/path/to/shared/data/kz]

The script stops if a polygon is used twice or a unit matches more than one polygon.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TERRITORY = ROOT / "src" / "aimaq" / "territory" / "data"
OUT = TERRITORY / "geo"
DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "kz"

# Polygons of the 2024 file keyed by a KATO code that is not the unit's own district-level
# code (unit code -> polygon code, reason). Identified by the names the file prints.
REKEYED = {
    "104100000": (
        "101010000",
        "the file keys Zhanasemey district with 101010000 (the KATO code of the town of Semey) "
        "and prints its English name as 'Zharasemey'; its Russian name 'Жанасемейский' and its "
        "place (the rural part of the former Semey city administration around the city "
        "polygon 101000000) identify it",
    ),
    "622000000": (
        "622010000",
        "the file keys Satpaev city administration with 622010000 (the KATO code of the "
        "town of Satpaev itself)",
    ),
}


def _features(path: Path) -> list[dict[str, object]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["features"])


def _carved_from() -> dict[str, tuple[str, str]]:
    """Units created by a split: new code -> (the code of the unit they came from, date)."""
    with (TERRITORY / "changes.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return {r["new_kato"]: (r["old_kato"], r["date"]) for r in rows if r["kind"] == "split"}


def _units() -> list[dict[str, str]]:
    with (TERRITORY / "taldau_terms.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["level"] == "district"]
    with gzip.open(TERRITORY / "kato.csv.gz", "rt", encoding="utf-8") as handle:
        kato = {r["kato"]: r for r in csv.DictReader(handle)}
    return [{**kato[r["kato"]], "term_id": r["term_id"]} for r in rows]


def crosswalk(polygons: list[dict[str, object]]) -> list[dict[str, str]]:
    """One row per district-level unit: its polygon in the 2024 file, or why it has none."""
    props = {str(f["properties"]["KATO"]): f["properties"] for f in polygons}  # type: ignore[index]
    carved = _carved_from()
    used: dict[str, str] = {}
    out = []
    for unit in sorted(_units(), key=lambda r: r["kato"]):
        code = unit["kato"]
        polygon, relation, note = "", "", ""
        if code in REKEYED:
            polygon, note = REKEYED[code]
            relation = "own polygon, other key"
        elif code in props:
            polygon, relation = code, "own polygon"
            if unit["unit_type"] == "city_district":
                note = "city district: its own polygon inside the city's outline"
        else:
            relation = "no polygon"
            if code in carved:
                parent, when = carved[code]
                note = (
                    f"absent from the 2024 file; split from {parent} on {when} (changes.csv), "
                    f"whose 2024 polygon keeps its outline from before the split and so "
                    f"holds this unit's territory"
                )
            else:
                note = (
                    "not in the 2024 file (created after it); which units it was formed "
                    "from is not in the shipped sources"
                )
        if polygon:
            if polygon in used:
                raise SystemExit(f"polygon {polygon} used by {used[polygon]} and {code}")
            used[polygon] = code
        out.append(
            {
                "kato": code,
                "unit_type": unit["unit_type"],
                "name_ru": unit["name_ru"],
                "taldau_term_id": unit["term_id"],
                "polygon_2024": polygon,
                "relation": relation,
                "inside_polygon": carved[code][0]
                if relation == "no polygon" and code in carved
                else "",
                "note": note,
            }
        )
    unused = sorted(set(props) - set(used))
    if unused:
        raise SystemExit(f"polygons without a unit: {unused}")
    return out


def main(shared: Path) -> None:
    geo = shared / "geo"
    OUT.mkdir(parents=True, exist_ok=True)
    for src, dst in (
        ("kz_adm2_districts_2024.geojson", "districts_2024.geojson.gz"),
        ("kz_adm2_districts_2018.geojson", "districts_2018.geojson.gz"),
        ("kz_adm0_country.geojson", "country.geojson.gz"),
    ):
        with (OUT / dst).open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write((geo / src).read_bytes())
    rows = crosswalk(_features(geo / "kz_adm2_districts_2024.geojson"))
    with (OUT / "crosswalk_2024.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} units, {sum(bool(r['polygon_2024']) for r in rows)} with a polygon")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED)
