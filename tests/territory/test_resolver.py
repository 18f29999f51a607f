from __future__ import annotations

import pytest

from aimaq.data.store import Store
from aimaq.errors import AimaqError, ValidationError
from aimaq.territory import AmbiguousTerritory, Resolver, TerritoryFrames, UnknownTerritory

AKTOBE_FORMS = [
    "АКТЮБИНСКАЯ ОБЛАСТЬ",
    "Ақтөбе",
    "Ақтөбе облысы",
    "Aktobe Region",
    "Aktubinskaya",
    "Aktyubinskaya",
    "Актюбинская",
    "Актюбинская область",
    "15",
    "150000000",
    "KZ-15",
    "kz-15",
    "KZAKT",
]


@pytest.mark.parametrize("name", AKTOBE_FORMS)
def test_aktobe_in_every_form(resolver: Resolver, name: str) -> None:
    assert resolver.region(name) == "150000000"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Республика Казахстан", "000000000"),
        ("РЕСПУБЛИКА КАЗАХСТАН", "000000000"),
        ("Republic of Kazakhstan", "000000000"),
        ("Қазақстан Республикасы", "000000000"),
        ("г.Астана", "710000000"),
        ("г. Астана", "710000000"),
        ("Astana city", "710000000"),
        ("Astana (city)", "710000000"),
        ("Нұр-Сұлтан қаласы", "710000000"),
        ("город Алматы", "750000000"),
        ("Алматы қаласы", "750000000"),
        ("Г.АЛМАТЫ", "750000000"),
        ("Алматы", "190000000"),
        ("Алматинская", "190000000"),
        ("Shimkent city", "790000000"),
        ("г_Шымкент", "790000000"),
        ("Южно-Казахстанская область", "510000000"),
        ("ЮЖНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ", "510000000"),
        ("Южно-Казахстанская (до 2018)", "510000000"),
        ("South Kazakhstan", "510000000"),
        ("ОБЛАСТЬ АБАЙ", "100000000"),
        ("область Абай", "100000000"),
        ("ОБЛАСТЬ ЖЕТІСУ", "330000000"),
        ("Жетысу", "330000000"),
        ("Zhetisu", "330000000"),
        ("ОБЛАСТЬ ҰЛЫТАУ", "620000000"),
        ("Улытау", "620000000"),
        ("Туркестанская*", "610000000"),
        ("Түркістан", "610000000"),
        ("Шығыс Қазақстан", "630000000"),
        ("East Kazakhstan", "630000000"),
        ("Жымбылская", "310000000"),
    ],
)
def test_region_name_forms(resolver: Resolver, name: str, code: str) -> None:
    assert resolver.region(name) == code


def test_all_twenty_regions_by_code_and_iso(resolver: Resolver) -> None:
    regions = resolver.children("000000000", level="region")
    current = [k for k in regions if resolver.info(k)["valid_to"] is None]
    assert len(current) == 20
    for code in current:
        assert resolver.region(code[:2]) == code
        assert resolver.region(f"KZ-{code[:2]}") == code


def test_names_in_several_regions_need_a_parent(resolver: Resolver) -> None:
    with pytest.raises(AmbiguousTerritory) as caught:
        resolver.resolve("АБАЙСКИЙ РАЙОН")
    assert sorted(caught.value.candidates) == ["103200000", "353200000", "791110000"]
    assert caught.value.name == "АБАЙСКИЙ РАЙОН"
    assert resolver.resolve("АБАЙСКИЙ РАЙОН", parent="350000000") == "353200000"
    assert resolver.resolve("Абай ауданы", parent="790000000") == "791110000"
    assert resolver.resolve("ЖАМБЫЛСКИЙ РАЙОН", parent="590000000") == "594600000"
    assert isinstance(caught.value, AimaqError)


def test_unknown_names_list_close_matches(resolver: Resolver) -> None:
    with pytest.raises(UnknownTerritory) as caught:
        resolver.resolve("Алмаатинская область")
    error = caught.value
    assert error.name == "Алмаатинская область"
    assert 1 <= len(error.candidates) <= 5
    assert "(190000000)" in error.candidates[0]
    assert error.exit_code == 2


def test_unknown_codes(resolver: Resolver) -> None:
    with pytest.raises(UnknownTerritory):
        resolver.resolve("999999999")
    with pytest.raises(UnknownTerritory):
        resolver.region("KZ-98")
    with pytest.raises(UnknownTerritory):
        resolver.info("123")


def test_level_and_parent_narrow(resolver: Resolver) -> None:
    assert resolver.resolve("Семей") == "101000000"  # the city administration outranks the city
    assert resolver.resolve("Семей", level="settlement") == "101010000"
    with pytest.raises(UnknownTerritory):
        resolver.resolve("Семей", parent="630000000")
    with pytest.raises(ValidationError):
        resolver.resolve("Семей", level="oblast")


def test_validity_on_a_date(resolver: Resolver) -> None:
    assert resolver.resolve("Южно-Казахстанская", on="2017") == "510000000"
    assert resolver.resolve("Южно-Казахстанская", on="2018-06-18") == "510000000"
    with pytest.raises(UnknownTerritory, match="did not exist"):
        resolver.resolve("Южно-Казахстанская", on="2019")
    with pytest.raises(UnknownTerritory):
        resolver.resolve("Г.А.АЛАТАУ", on="2023")
    assert resolver.resolve("Г.А.АЛАТАУ", on="2024") == "191800000"
    with pytest.raises(UnknownTerritory):
        resolver.resolve("ОБЛАСТЬ АБАЙ", on="2021")
    with pytest.raises(ValidationError):
        resolver.resolve("ОБЛАСТЬ АБАЙ", on="21 год")


def test_parent_chain_of_settlements(resolver: Resolver) -> None:
    chain = {
        "101010000": ["101000000", "100000000", "000000000"],  # Semey city
        "103441417": ["103441000", "103400000", "100000000", "000000000"],  # a village
        "475220100": ["475200000", "470000000", "000000000"],  # Fort-Shevchenko, under its district
    }
    for code, expected in chain.items():
        walked = []
        current = resolver.info(code)["parent"]
        while current is not None:
            walked.append(current)
            current = resolver.info(current)["parent"]
        assert walked == expected
        assert resolver.region_of(code) == expected[-2]


def test_children(resolver: Resolver) -> None:
    assert len(resolver.children("000000000", level="district", on="2025")) == 228
    # without a date, the historical units too (Shymkent's city administration before 2018)
    assert len(resolver.children("000000000", level="district")) == 229
    assert len(resolver.children("000000000", level="okrug")) == 2325
    assert len(resolver.children("000000000", level="settlement")) == 13021
    astana = resolver.children("710000000")
    assert len(astana) == 6
    assert resolver.children("620000000", level="district") == sorted(
        ["621000000", "621800000", "622000000", "623600000", "623800000"]
    )


def test_info(resolver: Resolver) -> None:
    info = resolver.info("150000000")
    assert info["level"] == "region"
    assert info["name_kk"] == "Ақтөбе облысы"
    assert info["name_ru"] == "Актюбинская область"
    assert info["name_en"] == "Aktobe Region"
    assert info["parent"] == "000000000"
    assert info["valid_from"] is None and info["valid_to"] is None
    assert resolver.info("330000000")["valid_from"] == "2022-06-08"
    assert resolver.info("750000000")["tags"] == ["agglomeration"]


def test_region_of_the_republic_is_an_error(resolver: Resolver) -> None:
    with pytest.raises(ValidationError):
        resolver.region_of("000000000")


@pytest.mark.parametrize(
    ("code", "period", "regime"),
    [
        ("190000000", "2021", "pre-2022"),
        ("190000000", "2022Q1", "pre-2022"),
        ("190000000", "2022-01-01", "pre-2022"),
        ("190000000", "2022Q2", "current"),
        ("190000000", "2022", "current"),
        ("350000000", "2010", "pre-2022"),
        ("630000000", "2019", "pre-2022"),
        ("330000000", "2015", "current"),
        ("510000000", "2017", "pre-2018"),
        ("610000000", "2017", "pre-2018"),
        ("610000000", "2018", "current"),
        ("790000000", "2017", "current"),
        ("150000000", "2005", "current"),
        ("000000000", "2005", "current"),
        ("101000000", "2022", "pre-2023"),
    ],
)
def test_border_regime(resolver: Resolver, code: str, period: str, regime: str) -> None:
    assert resolver.border_regime(code, period) == regime


def test_border_regime_of_a_unit_after_it_ceased(resolver: Resolver) -> None:
    with pytest.raises(ValidationError, match="ceased"):
        resolver.border_regime("510000000", "2019")


def test_taldau_terms(resolver: Resolver) -> None:
    assert resolver.taldau_term(248875) == "150000000"
    assert resolver.taldau_term("261475") == "510000000"
    assert resolver.taldau_term(741880) == "000000000"
    assert resolver.taldau_term(77260375, "Г.А.АЛАТАУ") == "191800000"
    # the same name in three regions: the term id decides
    assert resolver.taldau_term(20242101, "АБАЙСКИЙ РАЙОН") == "791110000"
    with pytest.raises(ValidationError, match="248875"):
        resolver.taldau_term(248875, "АТЫРАУСКАЯ ОБЛАСТЬ")
    with pytest.raises(UnknownTerritory):
        resolver.taldau_term(1)
    # an unknown id falls back on the name
    assert resolver.taldau_term(1, "АКТЮБИНСКАЯ ОБЛАСТЬ") == "150000000"


def test_bns_units(resolver: Resolver) -> None:
    assert resolver.bns_unit("Ақтөбе", "Ақтөбе") == "150000000"
    assert resolver.bns_unit("Жетісу", "Сарқант ауданы") == "334800000"
    assert resolver.bns_unit("Қарағанды", "Приозер қ.ә.") == "352100000"
    assert resolver.bns_unit("Қарағанды", "Абай ауданы") == "353200000"
    assert resolver.bns_unit("Шымкент қаласы", "Абай ауданы") == "791110000"
    # a unit not in the 2023 bulletin resolves inside its region
    assert resolver.bns_unit("Алматы", "Алатау қ.ә.") == "191800000"


def test_default_is_cached() -> None:
    assert Resolver.default() is Resolver.default()


def test_settlement_prefixes_keep_villages_apart_from_regions(resolver: Resolver) -> None:
    with pytest.raises(UnknownTerritory):
        resolver.region("Абай а.")
    assert resolver.resolve("Абай а.", parent="613900000") == "613930100"


def test_a_kind_word_falls_back_on_a_fitting_unit(resolver: Resolver) -> None:
    # "Семей қ." names the city; asked for a district-level unit it is the city administration
    assert resolver.resolve("Семей қ.") == "101010000"
    assert resolver.resolve("Семей қ.", level="district") == "101000000"
    # BNS prints the district centre as a village ("а."), KATO as an urban settlement ("к.")
    assert resolver.resolve("Жалағаш а.", parent="433600000") == "433630100"
    with pytest.raises(UnknownTerritory):
        resolver.resolve("Семей ауданы", level="district")


def test_a_resolver_over_the_store_tables_answers_the_same(mem_store: Store) -> None:
    from aimaq.territory import TerritoryFrames, territory_frames

    frames = territory_frames()
    mem_store.replace_rows("territory", frames.territory)
    mem_store.replace_rows("territory_alias", frames.alias)
    mem_store.replace_rows("territory_change", frames.change)
    mem_store.replace_rows("territory_tag", frames.tag)
    stored = Resolver(
        TerritoryFrames(
            territory=mem_store.query("select * from territory"),
            alias=mem_store.query("select * from territory_alias"),
            change=mem_store.query("select * from territory_change"),
            tag=mem_store.query("select * from territory_tag"),
        )
    )
    assert stored.region("Aktobe Region") == "150000000"
    assert stored.info("510000000")["valid_to"] == "2018-06-19"
    assert stored.info("101010000")["urban"] is True
    assert stored.border_regime("630000000", "2021") == "pre-2022"
    assert stored.resolve("Г.А.АЛАТАУ", on="2024") == "191800000"


def test_every_region_alias_resolves_to_its_region(
    frames: TerritoryFrames, resolver: Resolver
) -> None:
    levels = frames.territory.set_index("kato")["level"]
    alias = frames.alias[frames.alias["kato"].map(levels).isin(["region", "country"])]
    assert len(alias) > 200
    for row in alias.itertuples():
        assert resolver.region(row.alias) == row.kato, (row.alias, row.source)
