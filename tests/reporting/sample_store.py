"""A small database built in code for the reporting and dashboard tests.

Territories are the 20 real regions (codes and names from the KATO classifier) and three
real districts of Akmola Region with a few settlements. Observation values are made up
for the tests: deterministic, smooth in time, different across regions.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from aimaq.data.store import Store

REGIONS: tuple[tuple[str, str, str, str], ...] = (
    ("100000000", "Abai Region", "область Абай", "Абай облысы"),
    ("110000000", "Akmola Region", "Акмолинская область", "Ақмола облысы"),
    ("150000000", "Aktobe Region", "Актюбинская область", "Ақтөбе облысы"),
    ("190000000", "Almaty Region", "Алматинская область", "Алматы облысы"),
    ("230000000", "Atyrau Region", "Атырауская область", "Атырау облысы"),
    (
        "270000000",
        "West Kazakhstan Region",
        "Западно-Казахстанская область",
        "Батыс Қазақстан облысы",
    ),
    ("310000000", "Zhambyl Region", "Жамбылская область", "Жамбыл облысы"),
    ("330000000", "Zhetisu Region", "область Жетісу", "Жетісу облысы"),
    ("350000000", "Karaganda Region", "Карагандинская область", "Қарағанды облысы"),
    ("390000000", "Kostanay Region", "Костанайская область", "Қостанай облысы"),
    ("430000000", "Kyzylorda Region", "Кызылординская область", "Қызылорда облысы"),
    ("470000000", "Mangystau Region", "Мангистауская область", "Маңғыстау облысы"),
    ("550000000", "Pavlodar Region", "Павлодарская область", "Павлодар облысы"),
    (
        "590000000",
        "North Kazakhstan Region",
        "Северо-Казахстанская область",
        "Солтүстік Қазақстан облысы",
    ),
    ("610000000", "Turkestan Region", "Туркестанская область", "Түркістан облысы"),
    ("620000000", "Ulytau Region", "область Ұлытау", "Ұлытау облысы"),
    (
        "630000000",
        "East Kazakhstan Region",
        "Восточно-Казахстанская область",
        "Шығыс Қазақстан облысы",
    ),
    ("710000000", "Astana", "г. Астана", "Астана қ."),
    ("750000000", "Almaty", "г. Алматы", "Алматы қ."),
    ("790000000", "Shymkent", "г. Шымкент", "Шымкент қ."),
)
DISTRICTS: tuple[tuple[str, str, str, str], ...] = (
    ("111000000", "Kokshetau city administration", "Кокшетау Г.А.", "Көкшетау Қ.Ә."),
    ("111800000", "Stepnogorsk city administration", "Степногорск Г.А.", "Степногор Қ.Ә."),
    ("113200000", "Akkol District", "Аккольский район", "Ақкөл ауданы"),
)
SETTLEMENTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("111010000", "111000000", "Kokshetau", "г.Кокшетау", "Көкшетау қ."),
    ("111033100", "111000000", "Krasny Yar", "с.Красный Яр", "Красный Яр а."),
    ("111033300", "111000000", "Kyzylzhuldyz", "с.Кызылжулдуз", "Қызылжұлдыз а."),
)
INDICATORS: tuple[tuple[str, str, str, str, str, int, str], ...] = (
    (
        "population_jan1",
        "Population on 1 January",
        "Численность населения на 1 января",
        "1 қаңтардағы халық саны",
        "persons",
        0,
        "demography",
    ),
    (
        "grp_per_capita",
        "GRP per capita",
        "ВРП на душу населения",
        "Жан басына шаққандағы ЖӨӨ",
        "thousand KZT",
        1,
        "economy",
    ),
    (
        "unemployment_rate",
        "Unemployment rate",
        "Уровень безработицы",
        "Жұмыссыздық деңгейі",
        "%",
        -1,
        "labour",
    ),
    (
        "wage_avg",
        "Average monthly wage",
        "Среднемесячная заработная плата",
        "Орташа айлық жалақы",
        "KZT/month",
        1,
        "labour",
    ),
    (
        "population_avg",
        "Average annual population",
        "Среднегодовая численность населения",
        "Халықтың орташа жылдық саны",
        "persons",
        0,
        "demography",
    ),
)
YEARS = tuple(range(2015, 2024))


def _value(indicator: str, kato: str, year: int) -> float:
    i = int(kato[:2])
    t = year - 2015
    if indicator in ("population_jan1", "population_avg"):
        return float(400_000 + i * 20_000 + t * 1_000 * (1 + i % 3))
    if indicator == "grp_per_capita":
        return float(1_500 + i * 40 + t * (150 + i))
    if indicator == "unemployment_rate":
        return round(4.0 + (i % 7) * 0.2 - t * 0.05, 2)
    return float(120_000 + i * 1_500 + t * 15_000)


def build_sample_store(store: Store) -> Store:
    """Fill a migrated store with the sample territories, indicators and values."""
    terr = [("000000000", None, "country", "Қазақстан", "Казахстан", "Kazakhstan", None)]
    terr += [(k, "000000000", "region", kk, ru, en, None) for k, en, ru, kk in REGIONS]
    terr += [(k, "110000000", "district", kk, ru, en, None) for k, en, ru, kk in DISTRICTS]
    terr += [
        (k, p, "settlement", kk, ru, en, k.endswith("10000")) for k, p, en, ru, kk in SETTLEMENTS
    ]
    frame = pd.DataFrame(
        terr, columns=["kato", "parent_kato", "level", "name_kk", "name_ru", "name_en", "urban"]
    )
    store.replace_rows("territory", frame)
    store.upsert_indicators(
        pd.DataFrame(
            [
                {
                    "id": i,
                    "name_en": en,
                    "name_ru": ru,
                    "name_kk": kk,
                    "unit": u,
                    "polarity": p,
                    "domain": d,
                    "source": "BNS (test values)",
                }
                for i, en, ru, kk, u, p, d in INDICATORS
            ]
        )
    )
    rows = []
    for ind, *_ in INDICATORS:
        for year in YEARS:
            period = f"{year}-01-01" if ind == "population_jan1" else str(year)
            values = {k: _value(ind, k, year) for k, *_ in REGIONS}
            # the three regions formed in 2022 have no figures before
            if year < 2022:
                for new in ("100000000", "330000000", "620000000"):
                    values.pop(new)
            for k, v in values.items():
                rows.append((k, ind, period, v, "{}"))
            nat = (
                sum(values.values())
                if ind.startswith("population")
                else float(np.mean(list(values.values())))
            )
            rows.append(("000000000", ind, period, nat, "{}"))
            for j, (d, *_) in enumerate(DISTRICTS):
                rows.append(
                    (d, ind, period, _value(ind, "110000000", year) * (0.8 + 0.2 * j), "{}")
                )
    obs = pd.DataFrame(rows, columns=["kato", "indicator_id", "period", "value", "dims"])
    digest = hashlib.sha256(obs.to_csv(index=False).encode()).hexdigest()
    store.write_observations(
        obs, source="sample (tests)", sha256=digest, importer="tests", attribution="test values"
    )
    return store
