"""The BNS SDG platform (Open SDG layout), read by aimaq's own importer.

Every file of ``sdg/data/`` with regional rows is one embedded source. The importer is
strict (a user's ``aimaq import`` refuses a file with conflicting duplicates); the dataset
carries what can be carried and lists the rest, with the reason:

* rows whose ``REF_AREA`` is in neither the region table nor the platform's code list;
* both values of a (territory, year, breakdown) the file gives twice with different values;
* rows of a unit in a year it did not exist, as published (South Kazakhstan in 2020).

``python scripts/dataset_sources/sdg_platform.py --catalogue`` prints the catalogue
entries of the series that have no entry yet (names from the translations, polarity from
:data:`POLARITY`, reviewed by hand from each indicator's title).
"""

from __future__ import annotations

import csv
import functools
import json
import io
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from aimaq.data.catalogue import Catalogue, load_catalogue
from aimaq.data.importers.open_sdg import (
    REGION_CODES,
    Translations,
    load_translations,
    parse_open_sdg,
    sdg_id_of,
)
from aimaq.territory import territory_frames
from dataset_sources.common import SDG, SDG_LICENCE, SDG_URL, Source

PLATFORM = "sdg"
COUNTRY = "000000000"

#: Which way is better, from each indicator's title (+1 higher is better, -1 worse, 0 neither).
POLARITY: dict[str, int] = {
    "1-1-1": -1, "1-2-1": -1, "1-4-2": 0, "1-5-2": -1, "11-1-1": -1, "11-2-1-1": 1,
    "11-3-1": 1, "11-6-1-1": 1, "11-6-1": 1, "11-6-2": -1, "11-b-2": 1, "13-3-1-1": 1,
    "14-7-1": 0, "15-1-1": 1, "15-2-1": 1, "15-3-1": -1, "15-4-1": 1, "15-4-2": 1,
    "16-2-1": -1, "16-9-1": 1, "17-3-1-2": 0, "17-3-1-3": 1, "17-6-2": 1, "17-8-1": 1,
    "2-2-1": -1, "2-2-2": -1, "2-3-1": 1, "3-1-1": -1, "3-1-2": 1, "3-2-1": -1, "3-2-2": -1,
    "3-4-2": -1, "3-6-1": -1, "3-7-1": 1, "3-7-2": -1, "3-9-2": -1, "3-9-3": -1, "4-1-1": 1,
    "4-2-1": 1, "4-2-2-1": 1, "4-2-2": 1, "4-4-1-1": 1, "4-4-1": 1, "4-5-1-1": 1,
    "4-5-1-2": 1, "4-5-1-3": 1, "4-5-1": 0, "4-a-1": 1, "4-c-1-2": 1, "4-c-1": 1,
    "5-5-2": 1, "5-a-1": 1, "5-b-1": 1, "6-1-1": 1, "6-2-1": 1, "6-3-1": 1, "6-3-2": 1,
    "7-1-1": 1, "7-2-1": 1, "7-3-1": -1, "7-b-1": 1, "8-1-1": 1, "8-2-1": 1, "8-3-1-1": -1,
    "8-3-1": -1, "8-5-1": 1, "8-5-2": -1, "8-6-1": -1, "8-7-1": -1, "9-1-2": 0,
    "9-2-1-1": 1, "9-2-1": 1, "9-2-2": 1, "9-5-1": 1, "9-5-2": 1,
}  # fmt: skip
DOMAIN: dict[str, str] = {
    "1": "economy", "2": "health", "3": "health", "4": "education", "5": "labour",
    "6": "infrastructure", "7": "infrastructure", "8": "labour", "9": "economy",
    "11": "housing", "13": "education", "14": "economy", "15": "environment",
    "16": "demography", "17": "digital",
}  # fmt: skip
DOMAIN_BY_ID = {"11-2-1-1": "infrastructure", "11-6-1": "infrastructure",
                "11-6-1-1": "environment", "11-6-2": "environment", "11-b-2": "infrastructure",
                "17-3-1-2": "finance", "17-3-1-3": "finance", "5-5-2": "labour",
                "5-a-1": "economy", "5-b-1": "digital", "6-3-1": "environment",
                "6-3-2": "environment", "9-1-2": "infrastructure"}  # fmt: skip


def platform_dir(shared: Path) -> Path:
    return shared / PLATFORM


def translations(shared: Path) -> Translations:
    return load_translations(platform_dir(shared) / "translations")


def data_files(shared: Path) -> list[Path]:
    return sorted((platform_dir(shared) / "data").glob("indicator_*.csv"))


def _known_codes(tr: Translations) -> set[str]:
    return set(REGION_CODES) | tr.codes("REF_AREA")


def _without_unknown_areas(data: bytes, tr: Translations) -> tuple[bytes, int]:
    """The file without the rows of REF_AREA codes nobody lists, and how many there were."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip() for h in rows[0]]
    if "REF_AREA" not in header:
        return data, 0
    at = header.index("REF_AREA")
    known = _known_codes(tr) | {""}
    keep = [rows[0]]
    dropped = 0
    for row in rows[1:]:
        if len(row) >= len(header) and row[at].strip() not in known:
            dropped += 1
            continue
        keep.append(row)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(keep)
    return out.getvalue().encode("utf-8"), dropped


@functools.cache
def _validity() -> dict[str, tuple[int | None, int | None]]:
    terr = territory_frames().territory
    out: dict[str, tuple[int | None, int | None]] = {}
    for row in terr.itertuples(index=False):
        start = None if pd.isna(row.valid_from) else pd.Timestamp(row.valid_from).year
        end = None if pd.isna(row.valid_to) else pd.Timestamp(row.valid_to).year
        if start is not None or end is not None:
            out[str(row.kato)] = (start, end)
    return out


def parse_file(path: Path, tr: Translations, catalogue: Catalogue) -> tuple[pd.DataFrame, dict[str, int], pd.DataFrame | None]:
    """One platform file as carried: observations (with border basis), what was left out, new rows."""
    data, unknown = _without_unknown_areas(path.read_bytes(), tr)
    parsed = parse_open_sdg(data, source=path.name, catalogue=catalogue, translations=tr)
    frame = parsed.frame
    left = {"unknown_ref_area": unknown, **parsed.left_out, "unresolved_town": 0}
    if parsed.unmatched:
        towns = {u.name.split()[0] for u in parsed.unmatched}
        left["unresolved_town"] = len(towns)
    key = ["kato", "indicator_id", "period", "dims"]
    groups = frame.groupby(key)["value"].transform("nunique")
    conflicting = frame[groups > 1]
    left["conflicting_duplicates"] = len(conflicting)
    frame = frame[groups <= 1].drop_duplicates(key)
    bounds = _validity()
    years = frame["period"].astype(int)
    wrong = pd.Series(False, index=frame.index)
    for kato, (start, end) in bounds.items():
        here = frame["kato"] == kato
        published = frame["border_basis"] == "as_published"
        if start is not None:
            wrong |= here & (years < start) & published
        if end is not None:  # annual figures of the year of a split belong to its successors
            wrong |= here & (years >= end)
    left["unit_did_not_exist"] = int(wrong.sum())
    frame = frame[~wrong]
    return frame, {k: v for k, v in left.items() if v}, parsed.indicators


def regional_ids(frame: pd.DataFrame) -> set[str]:
    return set(frame.loc[frame["kato"] != COUNTRY, "indicator_id"])


def reader(path_name: str, ids: set[str]) -> Callable[[Path], pd.DataFrame]:
    """Reader of one platform file for the dataset builder (only the catalogued series)."""

    def read(shared: Path) -> pd.DataFrame:
        path = platform_dir(shared) / "data" / path_name
        frame, left, _ = parse_file(path, translations(shared), load_catalogue())
        if left:
            print(f"  {path_name}: left out {left}", file=sys.stderr)
        frame = frame[frame["indicator_id"].isin(ids)]
        return frame[["kato", "indicator_id", "period", "value", "dims", "border_basis"]]

    return read


def _entry(row: pd.Series, frame: pd.DataFrame, sdg: str, polarity: int) -> str:
    def q(text: object) -> str:
        return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'

    names = {lang: row.get(f"name_{lang}") for lang in ("kk", "ru", "en")}
    fallback = names["ru"] or names["en"]
    notes = [f"{lang} name not in the platform's translations; the Russian one is shown"
             for lang in ("kk",) if not names[lang]]  # fmt: skip
    names = {k: v or fallback for k, v in names.items()}
    part = frame[frame["indicator_id"] == row["id"]]
    dims = sorted({k for d in part["dims"] for k in json.loads(d)})
    series = part.attrs.get("series")
    unit = str(row["unit"]) if row["unit"] not in ("unknown", None) else "not stated"
    src = row["source"].split(" (")[0]
    sdg_key = f'indicator: "{sdg}"'
    ident = str(row["id"])
    if "_" in ident[len("sdg_" + sdg.replace("-", "_")) :]:
        suffix = ident[len("sdg_" + sdg.replace("-", "_")) + 1 :]
        series, unit_code = _split_suffix(suffix, part)
        if series:
            sdg_key += f', series: "{series}"'
        if unit_code:
            sdg_key += f', unit: "{unit_code}"'
    lines = [
        f"  - id: {ident}",
        f"    name: {{kk: {q(names['kk'])}, ru: {q(names['ru'])}, en: {q(names['en'])}}}",
        f"    unit: {q(unit)}",
        f"    polarity: {polarity}",
        f"    domain: {DOMAIN_BY_ID.get(sdg, DOMAIN[sdg.split('-')[0]])}",
        f"    source: {q('BNS SDG reporting platform, ' + src.split(', ', 1)[1] if ', ' in src else src)}",
        "    periods: annual",
    ]
    if dims:
        lines.append(f"    dims: [{', '.join(dims)}]")
    lines.append(f"    sdg: {{{sdg_key}}}")
    if notes:
        lines.append(f"    notes: {q('; '.join(notes))}")
    return "\n".join(lines)


def _split_suffix(suffix: str, part: pd.DataFrame) -> tuple[str | None, str | None]:
    codes = part.attrs.get("codes", {})
    return codes.get("series"), codes.get("unit")


def catalogue_entries(shared: Path) -> str:
    """YAML entries for the regional series of the platform that have no entry yet."""
    tr = translations(shared)
    catalogue = load_catalogue()
    out = []
    for path in data_files(shared):
        sdg = sdg_id_of(path)
        text = path.read_bytes()
        frame, _, new = parse_file(path, tr, catalogue)
        if new is None:
            continue
        keys = _series_keys(text, sdg)
        for _, row in new.iterrows():
            if row["id"] not in regional_ids(frame):
                continue
            part = frame[frame["indicator_id"] == row["id"]].copy()
            part.attrs["codes"] = keys.get(row["id"], {})
            out.append(_entry(row, part, sdg, POLARITY[sdg]))
    return "\n".join(out) + "\n"


def _series_keys(data: bytes, sdg: str) -> dict[str, dict[str, str]]:
    """``{default id: {"series": code, "unit": code}}`` for the series of a file."""
    from aimaq.data.importers.open_sdg import SeriesKey, default_id

    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    series = {(r.get("SERIES") or "").strip() for r in rows}
    units = {(r.get("UNIT_MEASURE") or "").strip() for r in rows}
    out: dict[str, dict[str, str]] = {}
    for s in series:
        for u in units:
            ident = default_id(SeriesKey(sdg, s or None, u or None), by_series=len(series) > 1,
                               by_unit=len(units) > 1)  # fmt: skip
            out[ident] = {k: v for k, v in (("series", s), ("unit", u)) if v and (
                (k == "series" and len(series) > 1) or (k == "unit" and len(units) > 1))}
    return out


if __name__ == "__main__":
    sys.stdout.write(catalogue_entries(Path(sys.argv[1]) if len(sys.argv) > 1 else
                                       Path(__file__).resolve().parents[3] / "shared/data/kz"))


def platform_sources() -> list[Source]:
    """One source per platform file that holds a catalogued series."""
    by_file: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for entry in load_catalogue():
        if entry.sdg is not None:
            by_file.setdefault(entry.sdg.indicator, []).append(entry.id)
            names.setdefault(entry.sdg.indicator, entry.name.en)
    out = []
    for sdg in sorted(by_file, key=_order):
        name = f"indicator_{sdg}.csv"
        out.append(
            Source(f"sdg_platform_{sdg.replace('-', '_')}", SDG,
                   f"SDG indicator {sdg.replace('-', '.')}: {names[sdg]}",
                   f"{PLATFORM}/data/{name}", SDG_URL, SDG_LICENCE,
                   reader(name, set(by_file[sdg])))
        )  # fmt: skip
    return out


def _order(sdg: str) -> list[tuple[int, str]]:
    return [(int(p), "") if p.isdigit() else (999, p) for p in sdg.split("-")]
