"""Derive the history files of ``aimaq.territory``: successor shares and former codes.

``former_codes.csv``: the KATO codes the district-level units moved to Abai, Zhetisu and
Ulytau Regions on 8 June 2022 had before the move, as the district polygons on the 2018
borders carry them (geokz, CC BY 4.0, based on BNS), matched to today's unit by its
English name in the polygons of both years (Kapchagay, renamed Konaev in 2022, by its
rename). One old code is today another unit's: ``191000000`` was Taldykorgan's before
2022 and is Konaev's since; the file says so, with the date.

``successor_shares.csv``: how the territory of a changed unit is shared by its successors.

For each change of ``changes.csv`` that moved people (a split or a rename; transfers are the
parts of a region split and are covered by it), and for Shymkent's city administration of
South Kazakhstan (``511000000``, a historical unit), one row per successor with the share of
the predecessor's population it took::

    old_kato, new_kato, date, share, weight, weight_year, basis, source

- regions: the official average annual population of the year of the change
  (``indicators/population_avg_urban_rural_by_region_2009_2025.csv``, BNS, recalculated to
  the 2022 borders); South Kazakhstan 2018 = Turkestan + Shymkent;
- districts: the population on 1 January 2023 (``kz_units_population_2023-01-01.csv``, BNS
  bulletin), the earliest official district figures at hand, not those of the year of the
  change; a successor missing from that bulletin (units formed in 2023 and later) gets an
  empty share: unknown, and a comparison through it is refused;
- renames and the city administration of Shymkent: share 1 (the same territory).

Run from the repository root::

    .venv/bin/python scripts/build_territory_history.py [/path/to/shared/data/kz]
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "aimaq" / "territory" / "data"
DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "kz"
POP_AVG = "indicators/population_avg_urban_rural_by_region_2009_2025.csv"
POP_2023 = "kz_units_population_2023-01-01.csv"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _region_population(shared: Path) -> dict[tuple[str, int], float]:
    out = {}
    for row in _read(shared / POP_AVG):
        if row["area"] == "total":
            out[(row["kato2"] + "0000000", int(row["year"]))] = float(row["value"])
    return out


def _district_population(shared: Path) -> dict[str, float]:
    crosswalk = {(r["region_kk"], r["unit_kk"]): r["kato"] for r in _read(DATA / "bns_2023.csv")}
    out = {}
    for row in _read(shared / POP_2023):
        kato = crosswalk.get((row["region_kk"], row["unit_kk"]))
        if kato:
            out[kato] = float(row["total"])
    return out


def _rows(shared: Path) -> list[list[str]]:
    regions = _region_population(shared)
    districts = _district_population(shared)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for change in _read(DATA / "changes.csv"):
        if change["kind"] in ("split", "rename"):
            groups[(change["old_kato"], change["date"])].append(change["new_kato"])
    out: list[list[str]] = []
    for (old, when), news in sorted(groups.items()):
        year = int(when[:4])
        renamed = [n for n in news if n != old]
        region = old.endswith("0000000")
        # a split keeps the old unit as one successor unless it ceased (South Kazakhstan)
        successors = sorted(set(renamed) | ({old} if old != "510000000" else set()))
        if region:
            weights = {s: regions.get((s, year)) for s in successors}
            basis = f"average annual population {year} (BNS)"
            source = POP_AVG
        else:
            weights = {s: districts.get(s) for s in successors}
            basis = "population on 1 Jan 2023 (BNS bulletin): not the year of the change"
            source = POP_2023
        total = sum(w for w in weights.values() if w is not None)
        known = all(w is not None for w in weights.values())
        for successor in successors:
            weight = weights[successor]
            if len(successors) == 1:
                share, why = "1", "the same territory under a new code"
            elif known and total > 0:
                share, why = f"{weight / total:.6f}", basis
            else:
                share, why = "", "unknown: a successor has no population in " + source
            shown = "" if weight is None else f"{weight:.1f}"
            out.append([old, successor, when, share, shown, str(year), why, source])
    out.append(
        [
            "511000000",
            "790000000",
            "2018-06-19",
            "1",
            "",
            "2018",
            "the same territory: the city administration became the region-level city",
            "changes.csv (decree of 19 Jun 2018)",
        ]
    )
    return out


POLYGONS = "geo/kz_adm2_districts_{year}.geojson"
MOVED_ON = "2022-06-08"
# renamed when it moved: the 2018 polygon's name is not today's
RENAMED = {"191600000": "191000000"}  # Kapchagay -> Konaev (decree of 3 May 2022)


def _polygon_names(shared: Path, year: int) -> dict[str, tuple[str, str]]:
    with (shared / POLYGONS.format(year=year)).open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return {
        f["properties"]["KATO"]: (f["properties"]["ADM2_EN"], f["properties"]["KATO"][:2])
        for f in features
    }


def _former_codes(shared: Path) -> list[list[str]]:
    old = _polygon_names(shared, 2018)
    new = _polygon_names(shared, 2024)
    moved = [r for r in _read(DATA / "changes.csv") if r["kind"] == "transfer"]
    # a unit's polygon of 2024 (two polygons carry another key: see geo/crosswalk_2024.csv)
    polygon = {r["kato"]: r["polygon_2024"] for r in _read(DATA / "geo" / "crosswalk_2024.csv")}
    by_name = {
        (new.get(polygon.get(r["new_kato"], ""), ("", ""))[0], r["old_kato"][:2]): r for r in moved
    }
    out = []
    for code, (name, region) in sorted(old.items()):
        row = by_name.get((name, region))
        current = RENAMED.get(code) or (row["new_kato"] if row else None)
        if current is None:
            if code in new:
                continue  # the same code for the same unit (a spelling may differ)
            raise SystemExit(f"no 2022 transfer for the 2018 polygon {code} ({name})")
        note = f"{name}: code on the 2018 borders, in region {region}0000000 until {MOVED_ON}"
        if code in new:
            note += f"; since {MOVED_ON} the code of {new[code][0]}"
        if code in RENAMED:
            note += "; renamed Konaev by the decree of 3 May 2022"
        out.append([code, current, MOVED_ON, note, POLYGONS.format(year=2018) + " (geokz)"])
    return out


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else DEFAULT_SHARED
    former = _former_codes(shared)
    with (DATA / "former_codes.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["old_code", "kato", "valid_to", "note", "source"])
        writer.writerows(former)
    print(f"wrote {len(former)} rows to {DATA / 'former_codes.csv'}", file=sys.stderr)
    rows = _rows(shared)
    header = ["old_kato", "new_kato", "date", "share", "weight", "weight_year", "basis", "source"]
    with (DATA / "successor_shares.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {DATA / 'successor_shares.csv'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
