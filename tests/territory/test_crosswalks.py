from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from aimaq.territory import (
    AmbiguousTerritory,
    Resolver,
    TerritoryFrames,
    UnknownTerritory,
    bns_2023,
    bns_2023_settlements,
    taldau_terms,
)


def test_bulletin_crosswalk_is_complete(frames: TerritoryFrames) -> None:
    bns = bns_2023()
    assert len(bns) == 240
    assert bns["unit_type"].value_counts().to_dict() == {
        "district": 182,
        "city_administration": 38,
        "region": 20,
    }
    assert not bns.duplicated(["region_kk", "unit_kk"]).any()
    # every unit has exactly one code and no two units share one
    assert bns["kato"].str.fullmatch(r"\d{9}").all()
    assert bns["kato"].is_unique
    levels = frames.territory.set_index("kato")["level"]
    assert (bns.loc[bns["unit_type"] == "region", "kato"].map(levels) == "region").all()
    assert (bns.loc[bns["unit_type"] != "region", "kato"].map(levels) == "district").all()
    # 220 units below the regions: 166 districts, 16 city districts, 38 city administrations
    units = bns[bns["unit_type"] != "region"]
    unit_types = units["kato"].map(frames.territory.set_index("kato")["unit_type"])
    assert unit_types.value_counts().to_dict() == {
        "district": 166,
        "city_regional_significance": 38,
        "city_district": 16,
    }


def test_bulletin_spellings_that_differ_from_kato_are_noted() -> None:
    bns = bns_2023().set_index("unit_kk")
    assert bns.loc["Сарқант ауданы", "kato"] == "334800000"
    assert "Сарқан ауданы" in bns.loc["Сарқант ауданы", "note"]
    assert bns.loc["Түркісіб ауданы", "kato"] == "751910000"
    assert bns.loc["Приозер қ.ә.", "kato"] == "352100000"


def test_bulletin_settlements_printed_otherwise(resolver: Resolver) -> None:
    places = bns_2023_settlements()
    assert not places.duplicated(["region_kk", "unit_kk", "settlement_kk"]).any()
    assert places["basis"].str.len().gt(0).all()  # every row says why
    for row in places.itertuples():
        unit = resolver.bns_unit(row.region_kk, row.unit_kk)
        assert resolver.bns_settlement(row.region_kk, row.unit_kk, row.settlement_kk) == row.kato
        if not row.kato:  # absent from KATO 2025: nothing of that name under the unit
            assert "not in KATO 2025" in row.basis
            with pytest.raises(UnknownTerritory):
                resolver.resolve(row.settlement_kk, parent=unit, level="settlement")
            continue
        info = resolver.info(row.kato)
        assert info["level"] == "settlement" and unit in resolver._ancestors(row.kato)
        # the printed name itself does not resolve to the code: the row is needed
        try:
            found = resolver.resolve(row.settlement_kk, parent=unit, level="settlement")
        except (UnknownTerritory, AmbiguousTerritory):
            found = None
        assert found != row.kato, row.settlement_kk
    # a guess is marked as such
    assert places.set_index("settlement_kk").loc["Ленин к.", "basis"].startswith("ASSUMPTION")
    assert resolver.bns_settlement("Абай", "Абай ауданы", "Қараауыл а.") is None


def test_units_created_since_the_bulletin(frames: TerritoryFrames, resolver: Resolver) -> None:
    current = set(resolver.children("000000000", level="district", on="2025"))
    created = current - set(bns_2023()["kato"])
    assert created == {
        "104100000",  # Zhanasemei district
        "104500000",  # Makanshy district
        "191800000",  # Alatau city
        "635500000",  # Markakol district
        "636300000",  # Ulken Naryn district
        "711510000",  # Nura (Astana)
        "711610000",  # Saraishyk (Astana)
        "791910000",  # Turan (Shymkent)
    }
    valid_from = frames.territory.set_index("kato")["valid_from"]
    assert valid_from[sorted(created)].notna().all()


def test_taldau_crosswalk_is_complete(resolver: Resolver) -> None:
    terms = taldau_terms()
    assert terms["term_id"].is_unique
    districts = terms[terms["level"] == "district"]
    assert len(districts) == 228
    assert set(districts["kato"]) == set(
        resolver.children("000000000", level="district", on="2025")
    )
    regions = terms[terms["level"] == "region"]
    # 20 current regions and South Kazakhstan
    assert len(regions) == 21
    assert set(regions["kato"]) == set(resolver.children("000000000", level="region"))


def test_every_bulletin_unit_resolves_by_name(resolver: Resolver) -> None:
    for row in bns_2023().itertuples():
        assert resolver.bns_unit(row.region_kk, row.unit_kk) == row.kato


# ---------------------------------------------------------------- the real files


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.shared
def test_real_bulletin_units_map_to_one_code_each(shared_dir: Path, resolver: Resolver) -> None:
    rows = _rows(shared_dir / "kz_units_population_2023-01-01.csv")
    assert len(rows) == 240
    codes = [resolver.bns_unit(r["region_kk"], r["unit_kk"]) for r in rows]
    assert len(set(codes)) == 240
    # the population of each region's units adds up to the region: the mapping is right
    total: dict[str, int] = {}
    for row, code in zip(rows, codes, strict=True):
        if row["unit_type"] != "region":
            region = resolver.region_of(code)
            total[region] = total.get(region, 0) + int(row["total"])
    for row, code in zip(rows, codes, strict=True):
        if row["unit_type"] == "region":
            assert total[code] == int(row["total"]), row["region_kk"]


@pytest.mark.shared
def test_real_taldau_terms_map_to_one_code_each(shared_dir: Path, resolver: Resolver) -> None:
    rows = _rows(shared_dir / "taldau_district_terms.csv")
    assert len(rows) == 228
    codes = set()
    for row in rows:
        code = resolver.taldau_term(row["district_term_id"], row["district_name_taldau"])
        assert resolver.region_of(code) == resolver.region(row["region_taldau_name"])
        codes.add(code)
    assert len(codes) == 228


@pytest.mark.shared
def test_raw_taldau_region_terms(shared_dir: Path, resolver: Resolver) -> None:
    series = json.loads((shared_dir / "raw/taldau/2709379_grp_production_method.json").read_text())
    seen = {}
    for item in series:
        for term, name in zip(item["terms"], item["termNames"], strict=True):
            seen[term] = resolver.taldau_term(term, name)
    assert len(seen) == 22
    assert seen[261475] == "510000000"
    assert seen[741880] == "000000000"


@pytest.mark.shared
def test_grp_and_region_tables_agree_with_the_crosswalk(
    shared_dir: Path, resolver: Resolver
) -> None:
    for row in _rows(shared_dir / "kz_grp_by_region_2000_2024.csv"):
        assert resolver.taldau_term(row["taldau_term_id"]) == row["kato2"][:2] + "0000000"
    for row in _rows(shared_dir / "kz_regions_default_2022_2023.csv"):
        assert resolver.taldau_term(row["taldau_term_id"], row["taldau_name"]) == row["kato9"]
        for column in ("name_en", "name_ru", "name_kk_bns", "iso3166_2", "taldau_name"):
            assert resolver.region(row[column]) == row["kato9"], (column, row[column])


@pytest.mark.shared
def test_every_region_name_in_the_indicator_tables_resolves(
    shared_dir: Path, resolver: Resolver
) -> None:
    files = sorted(shared_dir.glob("*.csv")) + sorted((shared_dir / "indicators").glob("*.csv"))
    checked = 0
    for path in files:
        rows = _rows(path)
        columns = [
            c
            for c in (
                "region_name_ru",
                "region_src",
                "region_src_ru",
                "region_name_kk",
                "region_name_as_printed",
                "ref_area_sdg",
                "region_code",
            )
            if rows and c in rows[0]
        ]
        for row in rows:
            for column in columns:
                name = row[column].strip()
                if not name:
                    continue
                code = resolver.region(name)
                checked += 1
                kato2 = row.get("kato2", "")[:2]
                if kato2.isdigit():
                    # the SDG files label pre-2018 South Kazakhstan rows 61
                    allowed = {kato2 + "0000000"}
                    if kato2 == "61":
                        allowed.add("510000000")
                    assert code in allowed, (path.name, column, name)
    assert checked > 1000
