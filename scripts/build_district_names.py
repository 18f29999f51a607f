"""Derive ``district_names.csv``: an English name for every district-level unit.

From the geokz district polygons (CC BY 4.0, "geokz, Alexander Rodionov", based on BNS),
which name each polygon in English, Kazakh and Russian and key it by KATO: the polygon's
``ADM2_EN`` (through ``geo/crosswalk_2024.csv`` for the two re-keyed polygons), with
" District" after the name of a district or city district. A unit without a polygon gets
the transliteration of its Kazakh name (``aimaq.territory.translit``), marked so. Names
the package already carries (the 17 regional centres, from the BNS regional table) are
kept.

Run from the repository root::

    .venv/bin/python scripts/build_district_names.py
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

from aimaq.territory.translit import district_name_en, latin

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "aimaq" / "territory" / "data"
# the layer names Zhanasemey's polygon (keyed 101010000) "Zharasemey"
MISSPELT = {"104100000": "Zhanasemey"}
POLYGONS = "geokz district polygons 2024 (CC BY 4.0, Alexander Rodionov), ADM2_EN"


def main() -> int:
    with gzip.open(DATA / "geo" / "districts_2024.geojson.gz", "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    polygon_name = {f["properties"]["KATO"]: f["properties"]["ADM2_EN"] for f in features}
    with (DATA / "geo" / "crosswalk_2024.csv").open(encoding="utf-8") as handle:
        crosswalk = {r["kato"]: r for r in csv.DictReader(handle)}
    with gzip.open(DATA / "kato.csv.gz", "rt", encoding="utf-8") as handle:
        units = [r for r in csv.DictReader(handle) if r["level"] == "district"]
    rows = []
    for unit in units:
        if unit["name_en"]:
            continue  # a regional centre named by the BNS regional table
        polygon = crosswalk.get(unit["kato"], {}).get("polygon_2024", "")
        name = polygon_name.get(polygon, "") if polygon else ""
        if unit["kato"] in MISSPELT:
            name, source = MISSPELT[unit["kato"]], POLYGONS + " (spelling corrected)"
        elif name:
            source = POLYGONS
        else:
            name, source = latin(unit["name_kk"]), "transliteration of the Kazakh name"
        rows.append([unit["kato"], district_name_en(name, unit["unit_type"]), source])
    with (DATA / "district_names.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kato", "name_en", "source"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
