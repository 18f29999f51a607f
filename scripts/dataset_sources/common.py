"""What every source reader shares: region codes, names, the row frame and citations."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from aimaq.data.store import canonical_dims

ROOT = Path(__file__).resolve().parents[2]
Row = dict[Hashable, Any]
OUT = ROOT / "src" / "aimaq" / "data" / "datasets" / "kz"
COLUMNS = ["kato", "indicator_id", "period", "value", "dims", "source_id"]
SDG = "BNS SDG reporting platform (repository kazstat/sdg-data-kazstat, 2024-10-24)"
SDG_URL = "https://github.com/kazstat/sdg-data-kazstat"
SDG_LICENCE = "MIT for the platform; no separate data licence stated"
ODK_URL = "https://github.com/open-data-kazakhstan"
MKE_URL = "https://github.com/makenerzhan-gif/kazakhstan-economic-data"


@dataclass(frozen=True)
class Source:
    """One embedded source: where it comes from and how its rows are read."""

    source_id: str
    publisher: str
    title: str
    original_file: str
    url: str
    licence: str
    read: Callable[[Path], pd.DataFrame]


# -- territory codes ---------------------------------------------------------------------
SOUTH_KAZAKHSTAN = "510000000"


def region_kato(kato2: str, year: int) -> str:
    """9-digit code of a region row; South Kazakhstan before the 2018 split is 510000000."""
    code = str(kato2).strip()[:2]
    if code == "00":
        return "000000000"
    if code == "51" or (code == "61" and year < 2018):
        return SOUTH_KAZAKHSTAN
    if not code.isdigit():
        raise ValueError(f"not a region code: {kato2!r}")
    return code + "0000000"


# Region names as the name-keyed tables print them (checked against the region table).
_NAMES = {
    "10": ["Abai", "Абай", "ОБЛАСТЬ АБАЙ"],
    "11": ["Akmolinskaya", "Акмолинская", "АКМОЛИНСКАЯ ОБЛАСТЬ"],
    "15": ["Aktubinskaya", "Актюбинская", "АКТЮБИНСКАЯ ОБЛАСТЬ"],
    "19": ["Almatinskaya", "Алматинская", "АЛМАТИНСКАЯ ОБЛАСТЬ"],
    "23": ["Atyrauskaya", "Атырауская", "АТЫРАУСКАЯ ОБЛАСТЬ"],
    "27": ["West Kazakhstan", "Западно-Казахстанская", "ЗАПАДНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"],
    "31": ["Zhambylskaya", "Жамбылская", "ЖАМБЫЛСКАЯ ОБЛАСТЬ"],
    "33": ["Zhetisu", "Жетісу", "ОБЛАСТЬ ЖЕТІСУ"],
    "35": ["Karagandinskaya", "Карагандинская", "КАРАГАНДИНСКАЯ ОБЛАСТЬ"],
    "39": ["Kostanaiskaya", "Костанайская", "КОСТАНАЙСКАЯ ОБЛАСТЬ"],
    "43": ["Kyzylordinskaya", "Кызылординская", "КЫЗЫЛОРДИНСКАЯ ОБЛАСТЬ"],
    "47": ["Mangistauskaya", "Мангистауская", "МАНГИСТАУСКАЯ ОБЛАСТЬ"],
    "51": ["South Kazakhstan", "ЮЖНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"],
    "55": ["Pavlodarskaya", "Павлодарская", "ПАВЛОДАРСКАЯ ОБЛАСТЬ"],
    "59": ["North Kazakhstan", "Северо-Казахстанская", "СЕВЕРО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"],
    "61": ["Turkestanskaya", "Туркестанская*", "ТУРКЕСТАНСКАЯ ОБЛАСТЬ"],
    "62": ["Ulytau", "Ұлытау", "ОБЛАСТЬ ҰЛЫТАУ"],
    "63": ["East Kazakhstan", "Восточно-Казахстанская", "ВОСТОЧНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"],
    "71": ["Astana city", "г. Астана", "Г.АСТАНА"],
    "75": ["Almaty city", "г. Алматы", "Г.АЛМАТЫ"],
    "79": ["Shimkent city", "г. Шымкент", "Г.ШЫМКЕНТ"],
    "00": ["Republic of Kazakhstan", "Республика Казахстан", "РЕСПУБЛИКА КАЗАХСТАН"],
}
NAME_TO_KATO2 = {name: code for code, names in _NAMES.items() for name in names}


def named_region(name: str, year: int, file: str) -> str:
    """9-digit code of a region printed by name in ``file``."""
    key = str(name).strip()
    if key not in NAME_TO_KATO2:
        raise ValueError(f"{file}: region name {key!r} is not known")
    return region_kato(NAME_TO_KATO2[key], year)


def frame_of(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS[:-1])


def dims_of(**parts: str | None) -> str:
    return canonical_dims({k: v for k, v in parts.items() if v not in (None, "total")})


def read_table(shared: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(shared / name, dtype=str, keep_default_na=False, na_values=[""])


def simple(
    name: str,
    indicator: str,
    *,
    scale: float = 1.0,
    dims: Callable[[Row], str | None] | None = None,
    current_borders: bool = False,
) -> Callable[[Path], pd.DataFrame]:
    """Reader of a table with kato2, year, value (and optional dimension columns).

    ``current_borders``: the publisher recalculated every year to today's regions, so the
    codes are taken as they are (no South Kazakhstan before 2018).
    """

    def read(shared: Path) -> pd.DataFrame:
        table = read_table(shared, name)
        rows = []
        for rec in table.to_dict("records"):
            if pd.isna(rec["value"]):
                continue
            dim = dims(rec) if dims else "{}"
            if dim is None:  # a breakdown this indicator does not carry
                continue
            year = int(rec["year"])
            rows.append(
                {
                    "kato": region_kato(rec["kato2"], 9999 if current_borders else year),
                    "indicator_id": indicator,
                    "period": str(year),
                    "value": float(rec["value"]) * scale,
                    "dims": dim,
                }
            )
        return frame_of(rows)

    return read


IND = "indicators/"
BNS = "Bureau of National Statistics (BNS)"
STAT = "https://stat.gov.kz"
TALDAU = "https://taldau.stat.gov.kz"
FACTS = "official statistics (facts), carried with attribution"
ODK = "BNS (copy by open-data-kazakhstan)"
MKE = "BNS dynamic tables (parsed by makenerzhan-gif/kazakhstan-economic-data)"
REGIONS = "kz_regions_default_2022_2023.csv"
LAW_URL = "https://kazpravda.kz/n/zakon-respubliki-kazahstan-f1/"
