from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from aimaq.data.importers import import_file
from aimaq.data.store import Store
from aimaq.errors import ImportError_

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def bulletin_rows(
    reference_db: Path, bulletin: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[pd.DataFrame, object]:
    """The real bulletin, sheets 01-03, imported once (unknown settlements listed)."""
    import shutil

    path = tmp_path_factory.mktemp("bulletin") / "db.duckdb"
    shutil.copy(reference_db, path)
    store = Store(path)
    report = import_file(store, bulletin, skip_unmatched=True)
    frame = store.query(
        "select o.*, t.level, t.parent_kato from observation o join territory t using (kato)"
    )
    store.close()
    return frame, report


def test_sheets_01_02_match_the_published_unit_table(bulletin_rows, shared_dir: Path) -> None:  # type: ignore[no-untyped-def]
    frame, report = bulletin_rows
    assert report.format == "bns-bulletin" and report.flags["absent"] > 0
    ref = pd.read_csv(shared_dir / "kz_units_population_2023-01-01.csv")
    totals = frame[(frame.dims == "{}") & (frame.level.isin(["region", "district"]))]
    # every region and every district / city administration of the table, same figures
    assert len(ref) == 240
    assert sorted(totals.value.astype(int)) == sorted(
        t for t in ref["total"].astype(int) if t in set(totals.value.astype(int))
    )
    assert ref["total"].astype(int).isin(set(totals.value.astype(int))).all()
    rural = frame[frame.dims == '{"area":"rural"}']
    assert ref["rural"].astype(int).isin(set(rural.value.astype(int))).all()


def test_hierarchy_sums_add_up(bulletin_rows) -> None:  # type: ignore[no-untyped-def]
    frame, _ = bulletin_rows
    totals = frame[frame.dims == "{}"].set_index("kato")["value"]
    assert totals["000000000"] == 19765004
    regions = frame[(frame.dims == "{}") & (frame.level == "region") & (frame.kato != "000000000")]
    assert regions.value.sum() == 19765004
    # each region is the sum of its districts and city administrations (sheet 02)
    units = frame[(frame.dims == "{}") & (frame.level == "district")]
    by_region = units.groupby(units.kato.str[:2] + "0000000")["value"].sum()
    for kato, value in by_region.items():
        assert totals[kato] == value, kato


def test_settlements_are_matched_under_their_district(bulletin_rows) -> None:  # type: ignore[no-untyped-def]
    frame, report = bulletin_rows
    settlements = frame[(frame.level == "settlement") & (frame.dims == "{}")]
    assert len(settlements) > 200
    # Қараауыл а. (Абай ауданы, 5,771 persons), as printed on sheet 03 row 16
    kara = settlements[settlements.value == 5771]
    assert len(kara) == 1 and kara.kato.iloc[0].startswith("10")
    # every settlement of sheet 03 has its code: by name under its unit, or by the
    # hand-kept crosswalk of the names printed otherwise (misprint "Түкістан қаласы")
    assert report.unmatched == ()
    value = settlements.set_index("kato")["value"]
    assert value["611010000"] == 220133  # Түркістан қ., sheet 03 row 416
    assert value["551045100"] == 9404  # Ленин к. -> Атамекен к. (ASSUMPTION in the crosswalk)
    assert value["396430100"] == 4005  # Әйет а., the district centre, not с.Аятское
    # Жезқазған к. (194 persons) is not in KATO 2025: left out, and counted
    assert report.flags["not_in_kato"] == 9
    assert not (settlements.value == 194).any()


def test_unmatched_settlements_fail_by_default(state, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bulletin.xlsx"
    figures = [220133, 105000, 115133, 220133, 105000, 115133, "-", "-", "-"]
    path.write_bytes(
        _workbook(
            [
                ["Түркістан", *figures],
                ["Түркістан қ.ә.", *figures],
                ["Түркістаннн қаласы", *figures],
            ],
            sheet="03",
        )
    )
    before = state(store)
    with pytest.raises(
        ImportError_,
        match=r"territory name\(s\) not found.*Түркістаннн қаласы.*closest: Түркістан қ\.",
    ) as info:
        import_file(store, path, format="bns-bulletin")
    assert info.value.location is not None and info.value.location.row == "sheet 03 row 8"
    assert state(store) == before


def _workbook(rows: list[list[object]], sheet: str = "02") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["2. 2023 жылғы 1 қаңтарға халқының саны"])
    ws.append(["адам"])
    ws.append([None, "Барлық халық", "соның ішінде:"])
    ws.append(
        [
            None,
            None,
            "ерлер",
            "әйелдер",
            "қала халқы",
            "соның ішінде:",
            None,
            "ауыл халқы",
            "соның ішінде:",
        ]
    )
    ws.append([None, None, None, None, None, "ерлер", "әйелдер", None, "ерлер", "әйелдер"])
    ws.merge_cells("C3:J3")
    ws.merge_cells("F4:G4")
    ws.merge_cells("I4:J4")
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_marks_in_a_built_bulletin(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bulletin.xlsx"
    path.write_bytes(
        _workbook(
            [
                ["Абай", 610189, 298770, 311419, 370727, 177896, 192831, 239462, 120874, 118588],
                ["Курчатов қ.ә.", 10457, 5119, 5338, 10457, 5119, 5338, "-", "-", "-"],
                ["Абай ауданы", 14058, "х", "х", "-", "-", "-", 14058, "...", "..."],
            ]
        )
    )
    report = import_file(store, path, format="bns-bulletin")
    assert report.flags == {"absent": 6, "confidential": 2, "no_data": 2}
    from aimaq.territory import Resolver

    district = Resolver.default().bns_unit("Абай", "Абай ауданы")
    got = store.query("select kato, dims, value from observation")
    rural = got[(got.kato == "101800000") & (got.dims == '{"area":"rural"}')]
    assert rural.value.tolist() == [0.0]  # '-': no rural population in Kurchatov
    secret = got[(got.kato == district) & (got.dims == '{"sex":"male"}')]
    assert secret.value.isna().all() and len(secret) == 1  # 'х' is NULL, never 0


@pytest.mark.parametrize(
    ("row", "message", "column"),
    [
        (
            ["Абай", 610189, 298770, 311419, 370727, 177896, 192831, 239462, 120874, 118587],
            "rural",
            "H",
        ),
        (
            ["Абай", 610189, 298770, 311419, 370727, 177896, 192831, 239462, "абв", 118588],
            "not a number",
            "I",
        ),
        (
            [
                "Абай",
                -610189,
                -298770,
                -311419,
                -370727,
                -177896,
                -192831,
                -239462,
                -120874,
                -118588,
            ],
            "negative value",
            "value",
        ),
    ],
)
def test_bad_bulletin_rows(
    state, store: Store, tmp_path: Path, row: list[object], message: str, column: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bulletin.xlsx"
    path.write_bytes(_workbook([row]))
    before = state(store)
    with pytest.raises(ImportError_, match=message) as info:
        import_file(store, path, format="bns-bulletin")
    assert info.value.location is not None and info.value.location.column == column
    assert state(store) == before


def test_truncated_bulletin(state, store: Store, bulletin: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bulletin.xlsx"
    path.write_bytes(bulletin.read_bytes()[:20000])
    before = state(store)
    with pytest.raises(ImportError_, match="not a readable Excel workbook"):
        import_file(store, path, format="bns-bulletin")
    assert state(store) == before


def test_a_partial_import_does_not_hide_the_rest(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bulletin.xlsx"
    path.write_bytes(
        _workbook(
            [["Абай", 610189, 298770, 311419, 370727, 177896, 192831, 239462, 120874, 118588]]
        )
    )
    book = openpyxl.load_workbook(path)
    copy = book.copy_worksheet(book["02"])
    copy.title = "01"
    book.save(path)
    first = import_file(store, path, format="bns-bulletin", sheets=["01"])
    assert first.rows == 9
    again = import_file(store, path, format="bns-bulletin", sheets=["01"])
    assert again.skipped
    batches = len(store.query("select * from import_batch"))
    full = import_file(store, path, format="bns-bulletin")
    assert full.rows == 0 and full.parsed == 18  # same figures, kept once
    # nothing new: no empty lineage batch is recorded, and the result says so
    assert full.skipped and full.batch_id is None and full.reason.startswith("nothing new")
    assert len(store.query("select * from import_batch")) == batches
