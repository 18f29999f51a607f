"""Derive ``district_centres.csv``: the centre of each district, from the BNS bulletin.

Sheet 03 of the BNS bulletin "Population of the Republic of Kazakhstan by sex and type of
area on 1 January 2023" lists, under each district, its district centre and its towns
("аудан орталықтары және кенттері"). A village ("а.") listed there is the district
centre; where the bulletin lists only towns, the one town is the centre, and of several
towns the one KATO numbers first in the district's lowest okrug (the KATO numbering rule,
stated in ``method``). A district under which the bulletin lists no settlement has its
centre outside it: its row has no code. Names are matched to KATO under the district as the importer of
the bulletin does (``Resolver.resolve(name, parent=district, level="settlement")``, with
the bulletin crosswalk of spellings).

Run from the repository root::

    .venv/bin/python scripts/build_district_centres.py [/path/to/shared/data/kz]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import openpyxl

from aimaq.territory import AmbiguousTerritory, Resolver, UnknownTerritory
from aimaq.territory.crosswalks import bns_2023
from aimaq.territory.names import normalise

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "aimaq" / "territory" / "data" / "district_centres.csv"
DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "kz"
BULLETIN = "raw/bns/population_2023-01-01_bulletin.xlsx"
SOURCE = "BNS bulletin 'Population ... on 1 January 2023', sheet 03"


def _listed(shared: Path) -> dict[str, list[tuple[str, str, str]]]:
    """District KATO -> (region, district, settlement) as sheet 03 prints them."""
    units = bns_2023()
    regions = {normalise(r) for r in units.loc[units["unit_type"] == "region", "region_kk"]}
    by_name = {(normalise(r), normalise(u)): (k, t) for r, u, k, t in units[
        ["region_kk", "unit_kk", "kato", "unit_type"]].itertuples(index=False)}  # fmt: skip
    book = openpyxl.load_workbook(shared / BULLETIN, read_only=True)
    out: dict[str, list[tuple[str, str, str]]] = {}
    region = district = None
    printed = ("", "")
    for row in book["03"].iter_rows(values_only=True):
        name = row[0]
        if not isinstance(name, str) or row[1] is None:
            continue
        key = normalise(name)
        if key in regions:
            region, district = key, None
            printed = (name.strip(), "")
            continue
        unit = by_name.get((region or "", key))
        if unit is not None:
            district = unit[0] if unit[1] == "district" else None
            printed = (printed[0], name.strip())
            continue
        if district is not None:
            out.setdefault(district, []).append((*printed, name.strip()))
    return out


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else DEFAULT_SHARED
    resolver = Resolver.default()
    rows, unmatched = [], []
    listed = _listed(shared)
    units = bns_2023()
    districts = {k for k in units["kato"] if resolver.info(k)["unit_type"] == "district"}
    for district in sorted(districts - set(listed)):
        # a district whose centre lies outside it (Pavlodar district: the city of Pavlodar)
        rows.append(["", district, "", "the bulletin lists no centre inside the district", SOURCE])
    for district, names in sorted(listed.items()):
        found = []
        for region_kk, unit_kk, name in names:
            known = resolver.bns_settlement(region_kk, unit_kk, name)
            if known:
                found.append((name, known))
                continue
            try:
                found.append((name, resolver.resolve(name, parent=district, level="settlement")))
            except (UnknownTerritory, AmbiguousTerritory):
                unmatched.append(f"{district} {name}")
        villages = [(n, k) for n, k in found if n.endswith(" а.")]
        if len(villages) == 1:
            (name, kato), method = villages[0], "the one village the bulletin lists"
        elif len(found) == 1 and not villages:
            (name, kato), method = found[0], "the one town the bulletin lists"
        elif found and not villages:
            name, kato = min(found, key=lambda nk: nk[1])
            method = "of the towns the bulletin lists, the one KATO numbers first"
        else:
            unmatched.append(f"{district}: {[n for _, _, n in names]}")
            continue
        rows.append([kato, district, name, method, SOURCE])
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kato", "district_kato", "name_bulletin", "method", "source"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} district centres; not placed: {unmatched}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
