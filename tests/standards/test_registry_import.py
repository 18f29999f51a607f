from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hand import POPULATION, SETTLEMENTS, STATUS, write_catalogue

from aimaq.data.store import Store
from aimaq.errors import ImportError_
from aimaq.standards import load_catalogue, settlement_provision
from aimaq.standards.catalogue import Catalogue
from aimaq.standards.importer import import_registry
from aimaq.standards.registry import Registry

TERRITORY = pd.DataFrame(
    {
        "kato": ["110000000", "111100000", "111130000", "111200000"],
        "parent_kato": [None, "110000000", "111100000", "110000000"],
        "level": ["region", "district", "okrug", "district"],
        "name_en": ["R", "D1", "O1", "D2"],
    }
)

HEADER = "kato,name_kk,parent_kato,category,urban,year,population,is_support_village,support_kato,distance_to_support_km,n_water,n_kg,n_kg.capacity,n_clinic,n_clinic.distance_km,n_fire,n_fire.distance_km,n_fire.minutes"
ROWS = [
    "111130100,A,111130000,support_village,0,2024,1000,yes,,,1,1,40,1,,0,,20",
    "111130105,B,111130000,other_village,0,2024,200,no,111130100,8,0,,,0,12,0,20,",
    "111130110,C,111130000,other_village,no,2024,50,,,,1,,,0,5,,,",
    "111210000,D,111200000,city,1,2024,10000,,,,1,1,300,,,,,",
]


@pytest.fixture()
def cat(tmp_path: Path) -> Catalogue:
    return load_catalogue(write_catalogue(tmp_path))


@pytest.fixture()
def store(mem_store: Store) -> Store:
    mem_store.replace_rows("territory", TERRITORY)
    return mem_store


def _csv(tmp_path: Path, rows: list[str], header: str = HEADER, name: str = "reg.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_import_reproduces_the_hand_worked_registry(
    store: Store, cat: Catalogue, tmp_path: Path
) -> None:
    reg = import_registry(store, _csv(tmp_path, ROWS), cat)
    assert not reg.synthetic and reg.batch_id is not None
    frame = settlement_provision(reg, cat).set_index("kato")
    assert frame.provision.to_numpy() == pytest.approx([1, 1 / 3, 1, 1 / 3])
    assert frame.loc["111130105", "okrug_kato"] == "111130000"
    assert pd.isna(frame.loc["111210000", "okrug_kato"])
    assert frame.loc["111210000", "district_kato"] == "111200000"
    lineage = store.query(
        "select importer, rows from import_batch where batch_id = ?", [reg.batch_id]
    )
    assert lineage.importer[0] == "aimaq.standards.importer"


def test_import_from_excel(store: Store, cat: Catalogue, tmp_path: Path) -> None:
    table = pd.read_csv(_csv(tmp_path, ROWS), dtype=str, keep_default_na=False)
    path = tmp_path / "reg.xlsx"
    table.to_excel(path, index=False)
    reg = import_registry(store, path, cat)
    assert len(reg.settlements) == 4


def test_import_replaces_the_previous_registry(
    store: Store, cat: Catalogue, tmp_path: Path
) -> None:
    import_registry(store, _csv(tmp_path, ROWS), cat)
    reg = import_registry(store, _csv(tmp_path, ROWS[:2], name="two.csv"), cat)
    assert sorted(reg.settlements.kato) == ["111130100", "111130105"]
    assert len(store.query("select * from srs_registry")) == 1
    assert set(store.query("select distinct batch_id from srs_norm_status").batch_id) == {
        reg.batch_id
    }


BAD = [
    (
        [*ROWS[:1], "111130105,B,999999999,other_village,0,2024,200,no,,,0,,,0,,0,,"],
        "row 3, column 'parent_kato', value '999999999'.*unknown parent",
    ),
    (
        [*ROWS[:1], "111130105,B,111130000,hamlet,0,2024,200,no,,,0,,,0,,0,,"],
        "row 3, column 'category', value 'hamlet'.*category not in the catalogue",
    ),
    (
        [*ROWS[:1], "111130105,B,111130000,other_village,0,2024,,no,,,0,,,0,,0,,"],
        "row 3, column 'population'.*population is missing",
    ),
    (
        [*ROWS[:1], "111130105,B,111130000,other_village,0,2024,-5,no,,,0,,,0,,0,,"],
        "row 3, column 'population', value '-5'.*negative",
    ),
    (
        [*ROWS, "111130100,A,111130000,support_village,0,2024,1001,yes,,,1,1,40,1,,0,,20"],
        "row 6, column 'population', value 1001.0.*contradictory records for kato=111130100, year=2024:",
    ),
    (
        [*ROWS, "111130100,A,111130000,other_village,0,2021,1000,yes,,,1,1,40,1,,0,,20"],
        "row 6, column 'category'.*contradictory records for settlement 111130100",
    ),
    (
        [*ROWS, "111130110,C,111130000,other_village,no,2024,50,,,,0,,,0,5,,,"],
        r"row 6, column 'present', value False.*contradictory records for kato=111130110, year=2024, norm_id=n_water",
    ),
    (
        [*ROWS[:1], "111130105,B,111130000,other_village,maybe,2024,200,no,,,0,,,0,,0,,"],
        "row 3, column 'urban', value 'maybe'",
    ),
    (
        [*ROWS[:1], "111130105,B,111130000,other_village,0,2024,200,no,111130110,8,0,,,0,,0,,"],
        "row 3, column 'support_kato'.*not a support village",
    ),
]


@pytest.mark.parametrize(("rows", "message"), BAD)
def test_bad_input_names_the_record_and_stores_nothing(
    store: Store, cat: Catalogue, tmp_path: Path, rows: list[str], message: str
) -> None:
    import_registry(store, _csv(tmp_path, ROWS, name="good.csv"), cat)
    before = store.snapshot()
    with pytest.raises(ImportError_, match=message):
        import_registry(store, _csv(tmp_path, rows), cat)
    after = store.snapshot()
    assert before.keys() == after.keys()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])


def test_unknown_norm_column_is_named(store: Store, cat: Catalogue, tmp_path: Path) -> None:
    path = _csv(tmp_path, [r + ",1" for r in ROWS], header=HEADER + ",n_teleport")
    with pytest.raises(ImportError_, match=r"column 'n_teleport'.*not a norm id"):
        import_registry(store, path, cat)
    assert store.query("select count(*) as n from srs_settlement").n[0] == 0


def test_missing_required_column(store: Store, cat: Catalogue, tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        ["111130100,A,111130000,support_village,0,2024"],
        header="kato,name_kk,parent_kato,category,urban,year",
    )
    with pytest.raises(ImportError_, match="'population' is missing"):
        import_registry(store, path, cat)


def test_frames_reject_unknown_norm_ids(cat: Catalogue) -> None:
    bad = pd.concat([STATUS, STATUS.iloc[:1].assign(norm_id="n_teleport")], ignore_index=True)
    with pytest.raises(ImportError_, match="row 12, column 'norm_id', value 'n_teleport'"):
        Registry.from_frames(SETTLEMENTS, POPULATION, bad, catalogue=cat)


def test_frames_collapse_identical_repeats(cat: Catalogue) -> None:
    twice = pd.concat([STATUS, STATUS.iloc[:2]], ignore_index=True)
    reg = Registry.from_frames(SETTLEMENTS, POPULATION, twice, catalogue=cat)
    assert len(reg.status) == len(STATUS)


def test_store_round_trip(mem_store: Store, cat: Catalogue) -> None:
    reg = Registry.from_frames(SETTLEMENTS, POPULATION, STATUS, catalogue=cat, source="hand")
    reg.to_store(mem_store, sha256="hand", importer="test", catalogue=cat)
    back = Registry.from_store(mem_store)
    pd.testing.assert_frame_equal(
        settlement_provision(back, cat), settlement_provision(reg, cat), check_dtype=False
    )
    assert back.meta["catalogue"] == "hand-1"


def test_no_registry_in_store(mem_store: Store) -> None:
    with pytest.raises(Exception, match="no SRS registry"):
        Registry.from_store(mem_store)


def test_frames_reject_a_missing_urban_sign(cat: Catalogue) -> None:
    bad = SETTLEMENTS.assign(urban=[False, None, False, True])
    with pytest.raises(ImportError_, match=r"row 2, column 'urban'.*urban is missing"):
        Registry.from_frames(bad, POPULATION, STATUS, catalogue=cat)
