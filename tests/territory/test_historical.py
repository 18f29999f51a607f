"""South Kazakhstan before 2018: its historical units, their members and the successor shares."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from aimaq.data.store import Store
from aimaq.errors import ValidationError
from aimaq.territory import Resolver, UnknownTerritory, territory_frames
from aimaq.territory.crosswalks import former_codes as former_codes_frame
from aimaq.territory.successors import carry_forward, successor_shares

SOUTH, SHYMKENT_GA, SHYMKENT, TURKESTAN = "510000000", "511000000", "790000000", "610000000"


@pytest.mark.parametrize("name", ["ШЫМКЕНТ Г.А.", "Шымкент қ.ә.", "Шымкент Г.А."])
def test_shymkent_city_administration_before_2018(resolver: Resolver, name: str) -> None:
    assert resolver.resolve(name, parent=SOUTH, on="2015") == SHYMKENT_GA
    info = resolver.info(SHYMKENT_GA)
    assert info["parent"] == SOUTH and info["level"] == "district"
    assert info["valid_to"] == "2018-06-19"


def test_shymkent_city_administration_refused_after_2018(resolver: Resolver) -> None:
    with pytest.raises(UnknownTerritory, match="did not exist in 2019"):
        resolver.resolve("ШЫМКЕНТ Г.А.", on="2019")
    # the region-level city keeps its own names
    assert resolver.resolve("Г.ШЫМКЕНТ", on="2019") == SHYMKENT


@pytest.mark.parametrize("name", ["Оңтүстік Қазақстан облысы", "Южно-Казахстанская область"])
def test_region_names_before_2018(resolver: Resolver, name: str) -> None:
    assert resolver.region(name, on="2012") == SOUTH
    with pytest.raises(UnknownTerritory, match="did not exist"):
        resolver.region(name, on="2019")


def test_members_of_south_kazakhstan_by_date(resolver: Resolver) -> None:
    in_2017 = resolver.children(SOUTH, on="2017")
    # 14 districts and city administrations of today's Turkestan Region, and Shymkent's;
    # Zhetysai and Keles districts date from 6 Jun 2018, Sauran from 2021
    assert len(in_2017) == 15 and SHYMKENT_GA in in_2017
    assert "613800000" not in in_2017 and "615500000" not in in_2017
    assert set(resolver.children(SOUTH, on="2018-06-10")) == set(in_2017) | {
        "613800000",
        "613900000",
    }
    assert resolver.children(SOUTH, on="2019") == []
    assert resolver.children(TURKESTAN, on="2017") == []
    assert "615500000" in resolver.children(TURKESTAN, on="2022")
    # a district of South Kazakhstan is found under it in its time, not after
    assert resolver.resolve("Сайрамский район", parent=SOUTH, on="2016") == "615200000"
    with pytest.raises(UnknownTerritory):
        resolver.resolve("Сайрамский район", parent=SOUTH, on="2020")
    assert resolver.info("615200000")["former_parents"] == [
        {"parent": SOUTH, "valid_from": None, "valid_to": "2018-06-19"}
    ]


def test_shares_of_2018_are_the_official_average_population(shared_dir: Path) -> None:
    rows = successor_shares(SOUTH).set_index("new_kato")
    table = pd.read_csv(
        shared_dir / "indicators" / "population_avg_urban_rural_by_region_2009_2025.csv",
        dtype={"kato2": str},
    )
    total = table[(table["year"] == 2018) & (table["area"] == "total")].set_index("kato2")["value"]
    turkestan, shymkent = float(total["61"]), float(total["79"])
    assert rows.loc[TURKESTAN, "share"] == pytest.approx(turkestan / (turkestan + shymkent), 1e-6)
    assert rows.loc[SHYMKENT, "share"] == pytest.approx(shymkent / (turkestan + shymkent), 1e-6)
    assert rows["share"].sum() == pytest.approx(1.0, abs=1e-6)


def test_shares_of_every_split_add_up_or_are_unknown() -> None:
    shares = successor_shares()
    for old, rows in shares.groupby("old_kato"):
        if rows["share"].isna().any():
            assert rows["share"].isna().all(), old
            assert rows["basis"].str.startswith("unknown").all(), old
        else:
            assert rows["share"].sum() == pytest.approx(1.0, abs=1e-5), old
    # every split or rename of changes.csv has its successors listed
    change = territory_frames().change
    moved = change[change["kind"].isin(["split", "rename"])]
    listed = set(zip(shares["old_kato"], shares["new_kato"], strict=True))
    assert set(zip(moved["old_kato"], moved["new_kato"], strict=True)) <= listed


def test_carry_forward_shares_totals_and_refuses_rates() -> None:
    rows = pd.DataFrame(
        {
            "kato": [SOUTH, SOUTH, SHYMKENT_GA, "150000000"],
            "period": ["2017", "2019", "2017", "2017"],
            "value": [3000.0, 5.0, 40.0, 7.0],
        }
    )
    rows = rows[rows["period"] < "2018"]
    carried = carry_forward(rows, kind="total")
    got = carried.frame.set_index("kato")
    share = float(successor_shares(SOUTH).set_index("new_kato").loc[TURKESTAN, "share"])
    assert got.loc[TURKESTAN, "value"] == pytest.approx(3000.0 * share)
    assert got.loc[SHYMKENT, "value"].tolist() == pytest.approx([3000.0 * (1 - share), 40.0])
    assert got.loc["150000000", "carried_from"] == ""
    assert any("510000000 before 2018-06-19" in note for note in carried.notes)
    # a rate of a unit that was split is not the rate of its parts
    with pytest.raises(ValidationError, match="cannot carry a rate of 510000000"):
        carry_forward(rows, kind="rate")
    # a rate of the same territory under a new code is carried as it is
    same = carry_forward(rows[rows["kato"] == SHYMKENT_GA], kind="rate").frame
    assert same[["kato", "value"]].values.tolist() == [[SHYMKENT, 40.0]]
    # unknown shares (units formed in 2023, absent from the 2023 bulletin) are refused
    semey = pd.DataFrame({"kato": ["101000000"], "period": ["2021"], "value": [1.0]})
    with pytest.raises(ValidationError, match=r"shares of .* are unknown"):
        carry_forward(semey, kind="total")


@pytest.mark.shared
def test_taldau_file_of_old_units_imports_onto_them_with_lineage(
    tmp_path: Path, territory_db: Path
) -> None:
    db = territory_db

    def series(terms: list[int], names: list[str], year: str, value: str) -> dict[str, object]:
        return {
            "terms": terms,
            "termNames": names,
            "periods": [{"name": f"{year} год", "date": f"31.12.{year}", "value": value}],
        }

    payload = [
        series([261475, 1], ["Южно-Казахстанская область", "Всего"], "2016", "3000"),
        series([261475, 9], ["ЮЖНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ", "ШЫМКЕНТ Г.А."], "2016", "900"),
        series([261475, 8], ["ЮЖНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ", "САЙРАМСКИЙ РАЙОН"], "2016", "300"),
    ]
    path = tmp_path / "701830_old_units.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "aimaq"),
            "import",
            str(path),
            "--db",
            str(db),
            "--scale",
            "1",
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    json.loads(done.stdout)
    store = Store(db, read_only=True)
    got = store.query(
        "select o.kato, o.period, o.value, b.source from observation o "
        "join import_batch b using (batch_id) order by o.kato"
    )
    store.close()
    assert got[["kato", "period", "value"]].values.tolist() == [
        [SOUTH, "2016", 3000.0],
        [SHYMKENT_GA, "2016", 900.0],
        ["615200000", "2016", 300.0],
    ]
    assert set(got["source"]) == {str(path)}


def test_units_moved_in_2022_keep_their_codes_and_their_former_region(resolver: Resolver) -> None:
    almaty_2020 = resolver.children("190000000", on="2020")
    # Zhetisu's 10 units lay in Almaty Region before 8 Jun 2022; Alatau city dates from 2024
    assert {"331000000", "334800000"} <= set(almaty_2020) and "191800000" not in almaty_2020
    assert len(almaty_2020) == 20
    assert not {"331000000", "334800000"} & set(resolver.children("190000000", on="2023"))
    assert resolver.children("330000000", on="2020") == []
    assert len(resolver.children("100000000", on="2023", level="district")) == 12
    assert resolver.resolve("Талдыкорган Г.А.", parent="190000000", on="2020") == "331000000"
    with pytest.raises(UnknownTerritory):
        resolver.resolve("Талдыкорган Г.А.", parent="190000000", on="2023")


def test_former_codes_of_2022_from_the_2018_polygons(resolver: Resolver) -> None:
    # the code of Semey on the 2018 borders is no unit's today: it means Semey
    assert resolver.resolve("632800000") == "101000000"
    # 191000000 was Taldykorgan's before 2022 and is Konaev's (Kapchagay's 191600000) since
    assert resolver.resolve("191000000", on="2021") == "331000000"
    assert resolver.resolve("191000000", on="2023") == "191000000"
    assert resolver.resolve("191600000", on="2021") == "191000000"
    codes = former_codes_frame()
    assert len(codes) == 25 and codes["old_code"].is_unique
    assert set(codes["valid_to"]) == {"2022-06-08"}
    # every old code is a polygon of 2018, every new one a unit that moved (or Konaev)
    moved = territory_frames().change.query("kind == 'transfer'")["new_kato"]
    assert set(codes["kato"]) - set(moved) == {"191000000"}
