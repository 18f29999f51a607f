from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from aimaq.data.importers import import_file
from aimaq.data.store import Store
from aimaq.errors import Advice, ImportError_

pytestmark = pytest.mark.shared


def _series(term: int, name: str, periods: list[tuple[str, str, object]]) -> dict:  # type: ignore[type-arg]
    return {
        "terms": [term],
        "termNames": [name],
        "periods": [{"name": n, "date": d, "value": v} for n, d, v in periods],
    }


def _write(tmp_path: Path, payload: object, name: str = "2709379_test.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def test_grp_matches_the_published_table(store: Store, grp_json: Path, shared_dir: Path) -> None:
    report = import_file(store, grp_json)
    assert report.format == "taldau" and not report.skipped
    assert report.rows == report.parsed == 377
    got = store.query("select kato, period, value from observation where indicator_id = 'grp'")
    # the tidy table of the same Taldau index, in tenge, is the reference
    ref = pd.read_csv(shared_dir / "kz_grp_by_region_2000_2024.csv", dtype={"kato2": str})
    ref["kato"] = ref["kato2"].str[:2] + "0000000"  # "51(old South Kazakhstan)" -> 51
    ref["period"] = ref["year"].astype(str)
    merged = ref.merge(got, on=["kato", "period"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    # exactly the tenge figure / 1e6: no binary noise from the change of unit, so the
    # same figure from another table (1344334.6) never conflicts with 1344334.5999999999
    assert (merged["value"] == merged["grp_kzt"] / 1e6).all()
    # South Kazakhstan keeps its own (historical) code until 2017; Shymkent from 2018
    sko = got[got.kato == "510000000"]
    assert sorted(sko.period)[0] == "2000" and max(sko.period) == "2017"
    assert min(got[got.kato == "790000000"].period) == "2018"


def test_reimport_is_a_no_op(same_snapshot, store: Store, grp_json: Path) -> None:
    first = import_file(store, grp_json)
    before = store.snapshot()
    again = import_file(store, grp_json)
    assert again.skipped and again.rows == 0 and again.batch_id == first.batch_id
    assert "SHA-256" in again.reason
    assert same_snapshot(before, store.snapshot())


def test_three_dimensions_keep_area_and_kind(store: Store, expenditure_json: Path) -> None:
    report = import_file(
        store,
        expenditure_json,
        indicator="consumer_expenditure",
        dimension_names={3: "expenditure"},
    )
    raw = json.loads(expenditure_json.read_text(encoding="utf-8"))
    assert report.rows == sum(len(r["periods"]) for r in raw)
    dims = set(store.query("select distinct dims from observation")["dims"])
    kind = "Потребительские расходы"
    assert dims == {
        json.dumps({"expenditure": kind}, ensure_ascii=False, separators=(",", ":")),
        json.dumps(
            {"area": "rural", "expenditure": kind}, ensure_ascii=False, separators=(",", ":")
        ),
        json.dumps(
            {"area": "urban", "expenditure": kind}, ensure_ascii=False, separators=(",", ":")
        ),
    }
    # the value of one series, checked against the raw file
    series = next(
        r for r in raw if r["terms"][0] == 264990 and r["termNames"][1] == "сельская местность"
    )
    p2002 = next(p for p in series["periods"] if p["name"] == "2002 год")
    got = store.query(
        "select value from observation where kato = '630000000' and period = '2002' "
        "and dims like '%rural%'"
    )
    assert got["value"].tolist() == [float(p2002["value"])]


def test_unnamed_dimension_defaults_to_its_position(store: Store, expenditure_json: Path) -> None:
    import_file(store, expenditure_json, indicator="consumer_expenditure")
    assert (
        store.query("select count(*) as n from observation where dims like '%\"dim3\"%'").n[0] > 0
    )


def test_quarterly_periods_and_marks(store: Store, tmp_path: Path) -> None:
    payload = [
        _series(
            268012,
            "Г.АСТАНА",
            [
                ("3 квартал 2022 года", "30.09.2022", "10"),
                ("1 квартал 2022 года", "31.03.2022", "х"),
                ("2 квартал 2022 года", "30.06.2022", "..."),
            ],
        )
    ]
    report = import_file(store, _write(tmp_path, payload), indicator="wage_avg")
    got = store.query("select period, value from observation order by period")
    assert got["period"].tolist() == ["2022Q1", "2022Q2", "2022Q3"]
    assert got["value"].isna().tolist() == [True, True, False]
    assert report.flags == {"confidential": 1, "no_data": 1}


def test_index_not_in_catalogue_needs_an_indicator(store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path, [_series(268012, "Г.АСТАНА", [("2022 год", "31.12.2022", "1")])], "9999999_x.json"
    )
    with pytest.raises(
        ImportError_, match=r"no indicator given \(Taldau index 9999999 is not in the catalogue\)"
    ) as info:
        import_file(store, path)
    assert info.value.advice == Advice.indicator


@pytest.mark.parametrize(
    ("term", "name", "period", "message"),
    [
        (77208141, "ОБЛАСТЬ АБАЙ", "2019", "wrong side of the border change"),
        (20242100, "Г.ШЫМКЕНТ", "2015", "wrong side of the border change"),
        (261475, "ЮЖНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ", "2020", "wrong side of the border change"),
    ],
)
def test_values_across_a_border_change_are_refused(
    state, store: Store, tmp_path: Path, term: int, name: str, period: str, message: str
) -> None:
    payload = [
        _series(741880, "РЕСПУБЛИКА КАЗАХСТАН", [("2023 год", "31.12.2023", "5")]),
        _series(term, name, [(f"{period} год", f"31.12.{period}", "1000000")]),
    ]
    before = state(store)
    with pytest.raises(ImportError_, match=message) as info:
        import_file(store, _write(tmp_path, payload))
    assert info.value.location is not None
    assert info.value.location.row == "record 2, periods[0]"
    assert info.value.location.column == "period" and info.value.location.value == period
    assert state(store) == before


def test_unknown_territory_lists_names_and_closest(state, store: Store, tmp_path: Path) -> None:
    payload = [
        _series(1, "АКТЮБИНСКАЯ ОБЛАСТ", [("2023 год", "31.12.2023", "5")]),
        _series(2, "КОСТАНАЙСКАЯ ОБЛАСТЬ", [("2023 год", "31.12.2023", "5")]),
        _series(3, "ЗАКАВКАЗСКАЯ ОБЛАСТЬ", [("2023 год", "31.12.2023", "5")]),
        _series(4, "КОСТАНАИСКАЯ ОБЛАСТЬ", [("2023 год", "31.12.2023", "5")]),
    ]
    before = state(store)
    with pytest.raises(ImportError_) as info:
        import_file(store, _write(tmp_path, payload))
    text = str(info.value)
    # a region no region is named alike gets no suggestion; a misspelt one gets its region
    assert "'ЗАКАВКАЗСКАЯ ОБЛАСТЬ' at record 3 (no close name)" in text
    assert "'КОСТАНАИСКАЯ ОБЛАСТЬ' at record 4 (closest: Костанайская область (390000000)" in text
    assert state(store) == before
    # on request, the known ones are imported and the unknown ones are listed
    report = import_file(store, _write(tmp_path, payload), skip_unmatched=True)
    assert report.rows == 1 + 1
    assert [u.name for u in report.unmatched] == ["ЗАКАВКАЗСКАЯ ОБЛАСТЬ", "КОСТАНАИСКАЯ ОБЛАСТЬ"]


def test_term_id_and_name_disagree(store: Store, tmp_path: Path) -> None:
    payload = [_series(268012, "Г.АЛМАТЫ", [("2023 год", "31.12.2023", "5")])]
    with pytest.raises(ImportError_, match="268012"):
        import_file(store, _write(tmp_path, payload))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[{"terms": [268012], "termNames": ["Г.АСТАНА"], "periods": [{"name": "2023 год", "da',
            "truncated JSON",
        ),
        ('[{"terms": [268012] "termNames": []}]', "malformed JSON"),
        ('{"terms": []}', "expected a JSON list"),
        ('[{"terms": [268012], "periods": []}]', "no 'termNames'"),
        (
            '[{"terms": [268012], "termNames": ["Г.АСТАНА"], "periods": [{"name": "2023 год", "date": "31.12.2023", "value": "12abc"}]}]',
            "not a number",
        ),
        (
            '[{"terms": [268012], "termNames": ["Г.АСТАНА"], "periods": [{"name": "когда-то", "date": null, "value": "1"}]}]',
            "unknown Taldau period",
        ),
        (
            '[{"terms": [268012], "termNames": ["Г.АСТАНА"], "periods": [{"name": "2023 год", "date": "31.12.2023", "value": "1"}, {"name": "2023 год", "date": "31.12.2023", "value": "2"}]}]',
            "appears twice",
        ),
        ("", "empty file"),
    ],
)
def test_bad_json_is_refused_and_nothing_written(
    state, store: Store, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "2709379_bad.json"
    path.write_text(text, encoding="utf-8")
    before = state(store)
    with pytest.raises(ImportError_, match=message) as info:
        import_file(store, path)
    assert str(path) in str(info.value)
    assert state(store) == before


def test_wrong_encoding_names_the_offset(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "2709379_cp1251.json"
    path.write_bytes(
        '[{"terms": [268012], "termNames": ["Г.АСТАНА"], "periods": []}]'.encode("cp1251")
    )
    with pytest.raises(ImportError_, match=r"not UTF-8 text: byte 0x.. at offset"):
        import_file(store, path)


def test_conflict_with_stored_data_rolls_back(same_snapshot, store: Store, tmp_path: Path) -> None:
    one = [_series(268012, "Г.АСТАНА", [("2023 год", "31.12.2023", "5000000")])]
    two = [
        _series(268020, "Г.АЛМАТЫ", [("2023 год", "31.12.2023", "7000000")]),
        _series(268012, "Г.АСТАНА", [("2023 год", "31.12.2023", "6000000")]),
    ]
    import_file(store, _write(tmp_path, one, "2709379_a.json"))
    before = store.snapshot()
    with pytest.raises(ImportError_, match="conflicts with stored data"):
        import_file(store, _write(tmp_path, two, "2709379_b.json"))
    assert same_snapshot(before, store.snapshot())


def test_district_terms_and_old_south_kazakhstan_districts(store: Store, tmp_path: Path) -> None:
    from aimaq.territory import Resolver

    resolver = Resolver.default()
    balkhash = resolver.taldau_term(250736)
    sayram = resolver.resolve("Сайрамский район", parent="610000000")

    def two(region: tuple[int, str], district: tuple[int, str], year: str) -> dict:  # type: ignore[type-arg]
        return {
            "terms": [region[0], district[0]],
            "termNames": [region[1], district[1]],
            "periods": [{"name": f"{year} год", "date": f"31.12.{year}", "value": "7"}],
        }

    payload = [
        two((250502, "АЛМАТИНСКАЯ ОБЛАСТЬ"), (250736, "БАЛХАШСКИЙ РАЙОН"), "2023"),
        # a district under an old term id: found by name under the region's successors
        two((261475, "ЮЖНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"), (1, "САЙРАМСКИЙ РАЙОН"), "2015"),
    ]
    report = import_file(store, _write(tmp_path, payload, "701830_districts.json"))
    assert report.rows == 2 and not report.unmatched
    got = store.query("select kato, period from observation order by period")
    assert got.values.tolist() == [[sayram, "2015"], [balkhash, "2023"]]


def test_unknown_old_district_is_listed_not_dropped(state, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    payload = [
        {
            "terms": [261475, 2],
            "termNames": ["ЮЖНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ", "НЕБЫВАЛЫЙ РАЙОН"],
            "periods": [{"name": "2015 год", "date": "31.12.2015", "value": "7"}],
        }
    ]
    before = state(store)
    with pytest.raises(ImportError_, match=r"'НЕБЫВАЛЫЙ РАЙОН' under 510000000 at record 1"):
        import_file(store, _write(tmp_path, payload, "701830_districts.json"))
    assert state(store) == before
