from __future__ import annotations

import time

import pandas as pd

from aimaq.data.store import Store
from aimaq.territory import COUNTRY, TerritoryFrames, territory_frames
from aimaq.territory.names import normalise


def test_counts_of_the_kato_2025_tree(frames: TerritoryFrames) -> None:
    territory = frames.territory
    current = territory[territory["valid_to"].isna()]
    counts = current["level"].value_counts().to_dict()
    assert counts == {
        "country": 1,
        "region": 20,
        "district": 228,
        "okrug": 2325,
        "settlement": 13021,
    }
    districts = current[current["level"] == "district"]["unit_type"].value_counts().to_dict()
    assert districts == {"district": 170, "city_regional_significance": 39, "city_district": 19}
    # the Republic, KATO 2025, South Kazakhstan and its Shymkent city administration
    assert len(territory) == 1 + 15594 + 2


def test_codes_are_unique_nine_digit_strings(frames: TerritoryFrames) -> None:
    kato = frames.territory["kato"]
    assert kato.is_unique
    assert kato.str.fullmatch(r"\d{9}").all()


def test_every_parent_exists_and_the_tree_has_one_root(frames: TerritoryFrames) -> None:
    territory = frames.territory.set_index("kato")
    roots = territory[territory["parent_kato"].isna()]
    assert roots.index.tolist() == [COUNTRY]
    assert territory["parent_kato"].dropna().isin(territory.index).all()
    rank = {"country": 0, "region": 1, "district": 2, "okrug": 3, "settlement": 4}
    child = territory["level"].map(rank)
    parent = territory["parent_kato"].map(territory["level"]).map(rank)
    # a parent is always of a higher level (no cycles); settlements may hang off a district
    assert (child[parent.notna()] > parent.dropna()).all()


def test_urban_sign_only_on_settlements(frames: TerritoryFrames) -> None:
    territory = frames.territory
    assert territory.loc[territory["level"] != "settlement", "urban"].isna().all()
    settlements = territory[territory["level"] == "settlement"]
    assert settlements["urban"].notna().all()
    assert settlements.set_index("kato").loc["101010000", "urban"]  # Semey is a city
    assert not settlements.set_index("kato").loc["103441417", "urban"]  # a village


def test_english_names_for_the_regions_and_no_invented_ones(frames: TerritoryFrames) -> None:
    territory = frames.territory.set_index("kato")
    assert territory.loc["150000000", "name_en"] == "Aktobe Region"
    assert territory.loc["151000000", "name_en"] == "Aktobe"
    assert territory.loc["510000000", "name_en"] == "South Kazakhstan Region"
    named = territory["name_en"].notna()
    # the Republic, the regions (with South Kazakhstan), the 17 regional centres' cities,
    # every district-level unit (with Shymkent's city administration before 2018)
    district_level = int((territory["level"] == "district").sum())
    assert int(named.sum()) == 1 + 21 + 17 + district_level


def test_history_2018_and_2022(frames: TerritoryFrames) -> None:
    territory = frames.territory.set_index("kato")
    assert territory.loc["510000000", "valid_to"] == pd.Timestamp("2018-06-19")
    for code in ("610000000", "790000000"):
        assert territory.loc[code, "valid_from"] == pd.Timestamp("2018-06-19")
    for code in ("100000000", "330000000", "620000000"):
        assert territory.loc[code, "valid_from"] == pd.Timestamp("2022-06-08")
    change = frames.change
    pairs = {
        (row.old_kato, row.new_kato, row.date.date().isoformat(), row.kind)
        for row in change.itertuples()
    }
    assert ("510000000", "610000000", "2018-06-19", "rename") in pairs
    assert ("510000000", "790000000", "2018-06-19", "split") in pairs
    assert ("190000000", "330000000", "2022-06-08", "split") in pairs
    assert ("350000000", "620000000", "2022-06-08", "split") in pairs
    assert ("630000000", "100000000", "2022-06-08", "split") in pairs
    # every unit moved in 2022 is now in the new region
    moved = change[(change["kind"] == "transfer") & (change["date"] == "2022-06-08")]
    target = {"630000000": "100000000", "190000000": "330000000", "350000000": "620000000"}
    assert len(moved) == 10 + 10 + 5
    for row in moved.itertuples():
        assert territory.loc[row.new_kato, "parent_kato"] == target[row.old_kato]
    # every change names existing units and says where its date comes from
    assert change["old_kato"].isin(territory.index).all()
    assert change["new_kato"].isin(territory.index).all()
    assert change["note"].str.contains("source: ").all()


def test_new_units_have_a_valid_from(frames: TerritoryFrames) -> None:
    territory = frames.territory.set_index("kato")
    # created after the BNS bulletin of 1 Jan 2023
    for code in ("191800000", "104100000", "104500000", "635500000", "636300000"):
        assert territory.loc[code, "valid_from"] > pd.Timestamp("2023-01-01")
    for code in ("711510000", "711610000", "791910000"):
        assert territory.loc[code, "valid_from"] > pd.Timestamp("2023-01-01")


def test_agglomeration_tags(frames: TerritoryFrames) -> None:
    agglomeration = frames.tag[frames.tag["tag"] == "agglomeration"]
    levels = agglomeration.groupby("value")["kato"].apply(set).to_dict()
    assert levels["first_level"] == {"710000000", "750000000", "790000000"}
    assert levels["second_level"] == {"151000000", "351000000"}
    assert agglomeration["source"].str.contains("SOURCES.md").all()


def test_alias_keys_are_the_normalised_names(frames: TerritoryFrames) -> None:
    alias = frames.alias
    sample = alias.sample(500, random_state=7)
    assert [normalise(a) for a in sample["alias"]] == sample["normalised"].tolist()
    assert alias["kato"].isin(frames.territory["kato"]).all()


def test_frames_load_into_the_store_with_the_schema_columns(mem_store: Store) -> None:
    frames = territory_frames()
    for table, frame in (
        ("territory", frames.territory),
        ("territory_alias", frames.alias),
        ("territory_change", frames.change),
        ("territory_tag", frames.tag),
    ):
        columns = mem_store.query(
            "select column_name from information_schema.columns where table_name = ? "
            "order by ordinal_position",
            [table],
        )["column_name"].tolist()
        assert list(frame.columns) == columns
        assert mem_store.replace_rows(table, frame) == len(frame)
    back = mem_store.query(
        "select kato, valid_to, urban from territory where kato in ('510000000', '101010000') "
        "order by kato"
    )
    assert back["valid_to"].astype(str).tolist()[1] == "2018-06-19"
    assert bool(back["urban"].iloc[0]) is True


def test_frames_are_fresh_copies() -> None:
    first = territory_frames()
    first.territory.loc[0, "name_ru"] = "changed"
    assert territory_frames().territory.loc[0, "name_ru"] != "changed"


def test_frames_are_fast_once_loaded() -> None:
    territory_frames()
    start = time.perf_counter()
    territory_frames()
    assert time.perf_counter() - start < 1.0
