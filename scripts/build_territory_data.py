"""Derive the package data of ``aimaq.territory`` from the official files in /work/shared.

Writes, under ``src/aimaq/territory/data/``:

- ``kato.csv.gz``: the KATO tree (edition NK RK 11-2025), tidy, with project levels;
- ``regions.csv``: the 20 regions with ISO code, English name and Taldau term id;
- ``region_aliases.csv``: every region name form printed in the tidy BNS/Taldau tables;
- ``bns_2023.csv``: the crosswalk of the BNS population bulletin of 1 Jan 2023 to KATO;
- ``taldau_terms.csv``: Taldau region and district term ids mapped to KATO.

The hand-kept files (``changes.csv``, ``historical.csv``, ``validity.csv``, ``tags.csv``,
``aliases_curated.csv``) are inputs here, never outputs. Run from the repository root::

    .venv/bin/python scripts/build_territory_data.py [/path/to/shared/data/kz]

The script stops with a message if any crosswalk row does not map to exactly one code.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections import defaultdict
from pathlib import Path

from aimaq.territory.names import normalise

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "aimaq" / "territory" / "data"
DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "kz"

LEVELS = {"region": "region", "district": "district", "city": "district", "okrug": "okrug"}
LEVELS["settlement"] = "settlement"

# Bulletin names that differ in spelling from KATO 2025 (bulletin name -> KATO name_kk).
BNS_SPELLING = {
    ("Жетісу", "Сарқант ауданы"): "Сарқан ауданы",
    ("Қарағанды", "Приозер қ.ә."): "Приозерск Қ.Ә.",
    ("Алматы қаласы", "Түркісіб ауданы"): "Түрксіб ауданы",
}

# Columns of the tidy tables that print a region name next to its kato2.
NAME_COLUMNS = (
    "region_name_ru",
    "region_name_kk",
    "region_name",
    "region_name_as_printed",
    "region_code",
    "ref_area_sdg",
    "taldau_name",
    "region",
)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        # mtime=0 keeps the file byte-identical between runs
        path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    else:
        path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} rows")


def _fail(message: str) -> None:
    sys.exit(f"build_territory_data: {message}")


def build_kato(shared: Path, regions: list[dict[str, str]]) -> list[dict[str, str]]:
    """The KATO tree with the Republic added and project levels."""
    rows = _read(shared / "kato_2025.csv")
    english = {r["kato9"]: r["name_en"] for r in regions}
    codes = {r["kato"] for r in rows}
    # the administrative centre of region RR is the city administration RR1000000
    for region in regions:
        centre = region["kato2"] + "1000000"
        if region["type"] == "oblast" and centre in codes:
            english[centre] = region["admin_center"]
            if centre[:4] + "10000" in codes:
                english[centre[:4] + "10000"] = region["admin_center"]
    out = [
        {
            "kato": "000000000",
            "parent_kato": "",
            "level": "country",
            "unit_type": "republic",
            "name_kk": "Қазақстан Республикасы",
            "name_ru": "Республика Казахстан",
            "name_en": "Republic of Kazakhstan",
            "urban": "",
        }
    ]
    for row in rows:
        level = LEVELS[row["level"]]
        urban = ""
        if level == "settlement":
            urban = {"1": "1", "2": "0"}.get(row["type_code"], "")
        out.append(
            {
                "kato": row["kato"],
                "parent_kato": row["parent_kato"] or "000000000",
                "level": level,
                "unit_type": row["unit_type"],
                "name_kk": row["name_kk"],
                "name_ru": row["name_ru"],
                "name_en": english.get(row["kato"], ""),
                "urban": urban,
            }
        )
    return out


def _region_index(kato: list[dict[str, str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for row in kato:
        if row["level"] == "region":
            for name in (row["name_kk"], row["name_ru"]):
                index[normalise(name)] = row["kato"]
    return index


def build_bns(shared: Path, kato: list[dict[str, str]]) -> list[list[object]]:
    """Bulletin unit -> KATO: by Kazakh name within the region."""
    regions = _region_index(kato)
    children: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in kato:
        if row["level"] == "district":
            children[row["parent_kato"]][normalise(row["name_kk"])].append(row["kato"])
    out: list[list[object]] = []
    for number, row in enumerate(_read(shared / "kz_units_population_2023-01-01.csv"), start=2):
        region = regions.get(normalise(row["region_kk"]))
        if region is None:
            _fail(f"bulletin row {number}: region {row['region_kk']!r} not in KATO")
        if row["unit_type"] == "region":
            out.append([row["region_kk"], row["unit_kk"], row["unit_type"], region, ""])
            continue
        name = BNS_SPELLING.get((row["region_kk"], row["unit_kk"]), row["unit_kk"])
        found = children[region][normalise(name)]
        if len(found) != 1:
            _fail(f"bulletin row {number}: {row['unit_kk']!r} matches {found} in {region}")
        note = f"KATO spells it {name!r}" if name != row["unit_kk"] else ""
        out.append([row["region_kk"], row["unit_kk"], row["unit_type"], found[0], note])
    return out


def build_taldau(shared: Path, kato: list[dict[str, str]]) -> list[list[object]]:
    """Taldau term ids of regions (current and former) and districts -> KATO."""
    out: list[list[object]] = []
    seen: dict[str, str] = {}
    for row in _read(shared / "kz_grp_by_region_2000_2024.csv"):
        term = row["taldau_term_id"]
        code = row["kato2"][:2] + "0000000"
        if term in seen:
            continue
        seen[term] = code
        out.append([term, row["taldau_name"], code, "country" if code == "000000000" else "region"])
    for row in _read(shared / "kz_regions_default_2022_2023.csv"):
        if seen.get(row["taldau_term_id"], row["kato9"]) != row["kato9"]:
            _fail(f"Taldau term {row['taldau_term_id']} maps to two regions")
        if row["taldau_term_id"] not in seen:
            seen[row["taldau_term_id"]] = row["kato9"]
            out.append([row["taldau_term_id"], row["taldau_name"], row["kato9"], "region"])
    regions = {name: seen[term] for term, name, *_ in out}
    children: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in kato:
        if row["level"] == "district":
            children[row["parent_kato"]][normalise(row["name_ru"])].append(row["kato"])
    for number, row in enumerate(_read(shared / "taldau_district_terms.csv"), start=2):
        region = regions.get(row["region_taldau_name"])
        if region is None:
            _fail(f"taldau_district_terms.csv row {number}: unknown region term name")
        found = children[region][normalise(row["district_name_taldau"])]
        if len(found) != 1:
            _fail(f"taldau_district_terms.csv row {number}: matches {found}")
        out.append([row["district_term_id"], row["district_name_taldau"], found[0], "district"])
    return out


def build_region_aliases(shared: Path, curated: set[str]) -> list[list[object]]:
    """Every region name form the tidy tables print next to a kato2 code."""
    found: dict[tuple[str, str], str] = {}
    files = sorted(shared.glob("*.csv")) + sorted((shared / "indicators").glob("*.csv"))
    for path in files:
        rows = _read(path)
        if not rows or "kato2" not in rows[0]:
            continue
        for row in rows:
            code = row["kato2"][:2]
            if not code.isdigit():
                continue
            for column in NAME_COLUMNS:
                name = (row.get(column) or "").strip()
                # curated names win (the SDG files label old South Kazakhstan rows 61);
                # "итого" rows are totals of a table, not names of the Republic
                if not name or normalise(name) in curated or "итого" in name.lower():
                    continue
                found.setdefault((name, code + "0000000"), f"{path.name}:{column}")
    conflicts: dict[str, set[str]] = defaultdict(set)
    for name, code in found:
        conflicts[normalise(name)].add(code)
    bad = {key: codes for key, codes in conflicts.items() if len(codes) > 1}
    if bad:
        _fail(f"region names printed with more than one code: {bad}")
    return [[name, code, source] for (name, code), source in sorted(found.items())]


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED
    if not (shared / "kato_2025.csv").is_file():
        _fail(f"{shared} does not hold kato_2025.csv")
    regions = _read(shared / "kz_regions_default_2022_2023.csv")
    kato = build_kato(shared, regions)
    header = ["kato", "parent_kato", "level", "unit_type", "name_kk", "name_ru", "name_en", "urban"]
    _write(OUT / "kato.csv.gz", header, [[r[c] for c in header] for r in kato])
    _write(
        OUT / "regions.csv",
        ["kato", "iso3166_2", "name_en", "name_kk_bns", "name_ru", "taldau_term_id"],
        [
            [
                r["kato9"],
                r["iso3166_2"],
                r["name_en"],
                r["name_kk_bns"],
                r["name_ru"],
                r["taldau_term_id"],
            ]
            for r in regions
        ],
    )
    curated = {normalise(r["alias"]) for r in _read(OUT / "aliases_curated.csv")}
    _write(
        OUT / "region_aliases.csv",
        ["alias", "kato", "source"],
        build_region_aliases(shared, curated),
    )
    _write(
        OUT / "bns_2023.csv",
        ["region_kk", "unit_kk", "unit_type", "kato", "note"],
        build_bns(shared, kato),
    )
    _write(
        OUT / "taldau_terms.csv", ["term_id", "name", "kato", "level"], build_taldau(shared, kato)
    )


if __name__ == "__main__":
    main()
