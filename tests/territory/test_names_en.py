"""English names of districts, Latin spellings and former (Soviet-era) names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aimaq.territory import Resolver, TerritoryFrames, UnknownTerritory
from aimaq.territory.translit import latin


def test_every_current_district_level_unit_has_an_english_name(frames: TerritoryFrames) -> None:
    t = frames.territory
    current = t[(t["level"] == "district") & t["valid_to"].isna()]
    assert current["name_en"].notna().all()
    # no Cyrillic left in an English name
    assert not current["name_en"].str.contains("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", regex=True).any()
    named = t.set_index("kato")["name_en"]
    assert named["614600000"] == "Ordabasy District"
    assert named["613600000"] == "Baydibek District"
    assert named["104100000"] == "Zhanasemey District"
    assert named["611600000"] == "Arys"
    assert named["101000000"] == "Semey"  # the regional centres keep the BNS names


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Baidibek district", "613600000"),
        ("Baydibek District", "613600000"),
        ("Ordabasy district", "614600000"),
        ("Tole Bi District", "615800000"),
        ("Semipalatinsk", "101000000"),
        ("Tselinograd", "710000000"),
        ("Gurev", "231000000"),
        ("Chimkent", "790000000"),
        ("Dzhambul", "310000000"),  # the region outranks the city of the same name
        ("Dzhambul city", "311000000"),
        ("Kokchetav", "111000000"),
        ("Taldy-Kurgan", "331000000"),
        ("Ural'sk", "271000000"),
        ("Alma-Ata", "750000000"),
    ],
)
def test_english_latin_and_former_names_resolve(resolver: Resolver, name: str, code: str) -> None:
    assert resolver.resolve(name) == code


def test_semipalatinsk_oblast_hints_semey_not_almaty(resolver: Resolver) -> None:
    with pytest.raises(UnknownTerritory) as info:
        resolver.region("Semipalatinsk Oblast")
    closest = str(info.value).split("closest known:")[1]
    assert closest.strip().startswith("Semipalatinsk (101000000)")


def test_transliteration_table() -> None:
    assert latin("Жаңаарқа ауданы") == "Zhanaarka"
    assert latin("Шардара ауданы") == "Shardara"
    assert latin("Үлкен Нарын") == "Ulken Naryn"
    assert latin("Щучинск") == "Shchuchinsk"


def test_lang_en_prints_district_names_in_english(territory_db: Path) -> None:
    aimaq = str(Path(sys.executable).parent / "aimaq")
    done = subprocess.run(
        [aimaq, "territories", "--parent", "610000000", "--lang", "en", "--db",
         str(territory_db), "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    names = {r["kato"]: r["name"] for r in json.loads(done.stdout)}
    assert names["614600000"] == "Ordabasy District"
    assert all("район" not in n for n in names.values())
    found = subprocess.run(
        [aimaq, "territory", "resolve", "Baidibek district", "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)[0]["kato"] == "613600000"
