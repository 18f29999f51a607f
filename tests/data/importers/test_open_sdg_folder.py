"""The whole BNS SDG platform folder: all or none by default, bad files left out whole on
request, series the database's catalogue lacks registered, float noise of stored values."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aimaq.data.importers import import_file
from aimaq.data.importers.open_sdg import FROM_PLATFORM
from aimaq.data.store import Store
from aimaq.errors import ImportError_

AIMAQ = str(Path(sys.executable).parent / "aimaq")


def _import(folder: Path, db: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [AIMAQ, "import", "--sdg", str(folder), *flags, "--db", str(db), "--format", "json"],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip


def test_the_real_folder_is_refused_whole_at_its_first_bad_file(
    shared_dir: Path, ref_db: Path
) -> None:
    store = Store(ref_db)
    before = store.snapshot()
    store.close()
    done = _import(shared_dir / "sdg", ref_db)
    assert done.returncode == 2
    assert done.stdout == ""  # the error is on stderr, as JSON
    error = json.loads(done.stderr.strip().splitlines()[-1])["error"]
    assert error["file"].endswith("indicator_4-1-1.csv") and error["row"] == 47
    store = Store(ref_db)
    after = store.snapshot()
    store.close()
    assert before.keys() == after.keys() and all(before[k].equals(after[k]) for k in before)


def test_skip_bad_files_imports_the_rest_and_lists_each_bad_file(
    shared_dir: Path, ref_db: Path
) -> None:
    done = _import(shared_dir / "sdg", ref_db, "--skip-bad-files")
    assert done.returncode == 0, done.stderr
    reports = json.loads(done.stdout)
    files = sorted((shared_dir / "sdg" / "data").glob("indicator_*.csv"))
    assert len(reports) == len(files)
    bad = {Path(r["source"]).name: r["reason"] for r in reports if r["reason"].startswith("bad")}
    assert bad, "the platform folder has files that fail"
    for name, reason in bad.items():
        assert name in reason and "row" in reason and "column" in reason, reason
    stored = [r for r in reports if r["batch_id"] is not None]
    assert len(stored) + len(bad) + sum(r["rows"] == 0 and r["skipped"] for r in reports) >= len(
        files
    )
    store = Store(ref_db)
    try:
        batches = set(store.query("select source from import_batch")["source"])
        for r in stored:
            assert r["source"] in batches
        poverty = store.query(
            "select distinct kato from observation join territory using (kato) "
            "where indicator_id = 'poverty_rate' and period = '2023' and level = 'region' "
            "and dims = '{}'"
        )
        assert len(poverty) == 20
        bad_ids = {"youth_neet_share"} if "indicator_8-6-1.csv" in bad else set()
        for indicator in bad_ids:  # a bad file leaves nothing of itself
            n = store.query(
                "select count(*) as n from observation where indicator_id = ?", [indicator]
            )
            assert int(n.n[0]) == 0
        registered = store.query(
            "select id, name_en, unit, polarity from indicator where source like ?",
            [f"%{FROM_PLATFORM}%"],
        )
        noted = [n for r in reports for n in r["notes"] if "registered from the platform" in n]
        assert len(registered) >= len(noted) > 0
        assert registered["name_en"].notna().all() and (registered["polarity"] == 0).all()
        held = store.query(
            "select count(*) as n from observation where indicator_id in (select unnest(?))",
            [registered["id"].tolist()],
        )
        assert int(held.n[0]) > 0
    finally:
        store.close()


def test_a_series_the_database_lacks_comes_from_the_shipped_catalogue(
    store: Store, tmp_path: Path
) -> None:
    shipped = store.query("select * from indicator where id = 'sdg_1_1_1_l_kz_010101_1a'")
    assert len(shipped) == 1
    with store.transaction() as con:
        con.execute("delete from indicator where id = 'sdg_1_1_1_l_kz_010101_1a'")
    path = tmp_path / "indicator_1-1-1.csv"
    path.write_text(
        "Year,UNIT_MEASURE,SEX,URBANISATION,SERIES,REF_AREA,Value\n"
        "2011,PT,,,_L_KZ_010101_1A,,0.1\n",
        encoding="utf-8",
    )
    report = import_file(store, path)
    assert report.rows == 1
    assert any("from the shipped one: sdg_1_1_1_l_kz_010101_1a" in n for n in report.notes)
    back = store.query("select * from indicator where id = 'sdg_1_1_1_l_kz_010101_1a'")
    assert back[["name_en", "unit", "polarity"]].equals(shipped[["name_en", "unit", "polarity"]])


def test_float_noise_of_a_stored_value_is_the_same_figure(store: Store, tmp_path: Path) -> None:
    header = "Year,UNIT_MEASURE,URBANISATION,SEX,REF_AREA,Value\n"
    first = tmp_path / "a" / "indicator_1-2-1.csv"
    first.parent.mkdir()
    first.write_text(header + "2016,PT,,,KZAKM,7.271232233\n", encoding="utf-8")
    import_file(store, first)
    noisy = tmp_path / "b" / "indicator_1-2-1.csv"
    noisy.parent.mkdir()
    noisy.write_text(header + "2016,PT,,,KZAKM,7.271232233055327\n", encoding="utf-8")
    report = import_file(store, noisy)
    assert report.rows == 0 and "nothing new" in report.reason
    assert any("significant digits" in n for n in report.notes)
    other = tmp_path / "c" / "indicator_1-2-1.csv"
    other.parent.mkdir()
    other.write_text(header + "2016,PT,,,KZAKM,7.2712323\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="conflicts with stored data"):
        import_file(store, other)
