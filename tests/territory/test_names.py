from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.territory.names import core, kind, normalise


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("АКТЮБИНСКАЯ ОБЛАСТЬ", "актюбинская"),
        ("Актюбинская область", "актюбинская"),
        ("Ақтөбе облысы", "актобе"),
        ("Ақтөбе", "актобе"),
        ("Aktobe Region", "aktobe"),
        ("ОБЛАСТЬ АБАЙ", "абай"),
        ("Г.А.АЛАТАУ", "алатау #ga"),
        ("Алатау Қ.Ә.", "алатау #ga"),
        ("АКСУ Г.А.", "аксу #ga"),
        ("Семей қ.", "семей #city"),
        ("г.Астана", "астана #city"),
        ("г. Астана", "астана #city"),
        ("город Астана", "астана #city"),
        ("Астана қаласы", "астана #city"),
        ("г_Астана", "астана #city"),
        ("Astana (city)", "astana #city"),
        ("Astana city", "astana #city"),
        ("Абай ауданы", "абай #district"),
        ("РАЙОН АЛМАТЫ", "алматы #district"),
        ("Бухар-Жырауский район", "бухар жырауский #district"),
        ("Бәйтерек а.о.", "байтерек #okrug"),
        ("Байтерекский с.о.", "байтерекский #okrug"),
        ("Ғабит Мүсірепов атын.ауданы", "габит мусирепов #district"),
        ("Район им.Габита Мусрепова", "габита мусрепова #district"),
        ("Южно-Казахстанская (до 2018)", "южно казахстанская"),
        ("Туркестанская*", "туркестанская"),
        ("Ёлкино", "елкино"),
        ("Абай а.", "абай #village"),
        ("с.Кулбулагы", "кулбулагы #village"),
        ("п.Шульбинск", "шулбинск #city"),
    ],
)
def test_normalise_forms(name: str, key: str) -> None:
    assert normalise(name) == key


@pytest.mark.parametrize(
    ("stray", "plain"),
    [
        ("Көлбўлағы а.", "Көлбұлағы а."),
        ("Ќабырғатал а.", "Қабырғатал а."),
        ("Кїшік жал а.", "Күшік жал а."),
        ("Форт-Шевченко ќ.", "Форт-Шевченко қ."),
    ],
)
def test_stray_letters_of_old_fonts_meet_the_plain_spelling(stray: str, plain: str) -> None:
    assert normalise(stray) == normalise(plain)


def test_kazakh_and_russian_spellings_meet() -> None:
    assert normalise("Қостанай") == normalise("Костанай")
    assert normalise("Жетісу") == normalise("Жетису")


def test_core_and_kind() -> None:
    assert core("семей #ga") == "семей"
    assert kind("семей #ga") == "#ga"
    assert core("семей") == "семей"
    assert kind("семей") is None


_LETTERS = "абвгдежзийклмнопрстуфхцчшыэюяәғқңөұүһі"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=_LETTERS + " -.", min_size=1, max_size=30))
def test_normalise_ignores_case_and_outer_space(name: str) -> None:
    assert normalise(name.upper()) == normalise(name)
    assert normalise(f"  {name}  ") == normalise(name)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=40))
def test_normalise_never_fails_and_is_lowercase(name: str) -> None:
    key = normalise(name)
    assert key == key.strip()
    assert "  " not in key
