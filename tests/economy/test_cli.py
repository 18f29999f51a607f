"""``aimaq economy`` as users run it: a real subprocess on the shipped data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aimaq.cli.main import app
from aimaq.data.store import Store
from aimaq.economy.panel import sector_table
from aimaq.economy.specialisation import location_quotients

AIMAQ = [str(Path(sys.executable).with_name("aimaq"))]


def _run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AIMAQ, *args, "--db", str(db)], capture_output=True, text=True, timeout=120, check=False
    )


def test_structure_json_has_20_regions_with_every_measure(kz_db: Path) -> None:
    done = _run(
        "economy", "structure", "--level", "region", "--year", "2024", "--format", "json", db=kz_db
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    units = report["units"]
    assert len(units) == 20
    for key in ("lq_agriculture", "lq_services", "hhi", "entropy", "krugman", "lq_services_low"):
        assert all(isinstance(u[key], float) for u in units)
    # the printed figures are the library's
    with Store(kz_db, read_only=True) as store:
        table = sector_table(store, "employment", years=["2024"])
    lq = location_quotients(table.year("2024")).lq
    by_kato = {u["kato"]: u for u in units}
    for i, kato in enumerate(table.units):
        assert by_kato[kato]["lq_agriculture"] == pytest.approx(lq[i, 0])
    assert "not computed" in " ".join(report["notes"])


def test_structure_table_and_csv(kz_db: Path) -> None:
    table = _run("economy", "structure", "--year", "2024", db=kz_db)
    assert table.returncode == 0 and "Ulytau" in table.stdout
    csv = _run("economy", "structure", "--year", "2020", "--format", "csv", db=kz_db)
    assert csv.returncode == 0
    assert csv.stdout.splitlines()[0].startswith("kato,name,total,share_agriculture")
    assert len(csv.stdout.splitlines()) == 1 + 17


def test_bad_arguments_exit_2_with_a_message(kz_db: Path) -> None:
    done = _run("economy", "structure", "--year", "1990", db=kz_db)
    assert done.returncode == 2 and "error: no employment by sector" in done.stderr
    done = _run("economy", "structure", "--year", "2024", "--level", "planet", db=kz_db)
    assert done.returncode == 2 and "level must be one of" in done.stderr


def test_shift_share_json_decomposes_every_region(kz_db: Path) -> None:
    done = _run(
        "economy", "shift-share", "--from", "2016", "--to", "2025", "--format", "json", db=kz_db
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["units"]) == 16
    for unit in report["units"]:
        parts = unit["national"] + unit["industry_mix"] + unit["regional_share"]
        assert parts == pytest.approx(unit["change"])
        assert unit["competitive"] + unit["allocation"] == pytest.approx(unit["regional_share"])
    assert len(report["detail"]) == 16 * 3
    table = _run("economy", "shift-share", "--from", "2016", "--to", "2025", db=kz_db)
    assert table.returncode == 0 and "510000000 includes 610000000, 790000000" in table.stderr


def test_shock_reproduces_the_textbook_case(kz_db: Path) -> None:
    done = _run(
        "scenario",
        "shock",
        "352400000",
        "--labour-force",
        "100000",
        "--unemployment-rate",
        "6",
        "--jobs-lost",
        "6000",
        "--multiplier",
        "2",
        "--format",
        "json",
        db=kz_db,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    for scenario in ("low", "central", "high"):
        assert report["scenarios"][scenario]["unemployment_rate_impact"] == pytest.approx(0.18)
    assert report["parameters"]["out_migration_share"]["assumption"] is True
    assert report["srs"]["registry"] == "synthetic registry"
    table = _run("scenario", "shock", "Темиртау", "--jobs-lost", "5000", db=kz_db)
    assert table.returncode == 0, table.stderr
    assert "ASSUMPTION" in table.stdout and "Moretti (2010)" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs-lost", "900000"], "larger than the employment"),
        (["--jobs-lost", "100", "--multiplier", "0.5"], "--multiplier: must be at least 1"),
        (["--jobs-lost", "-3"], "--jobs-lost: must be positive"),
        (["--jobs-lost", "10", "--unemployment-rate", "140"], "must be in"),
        (
            ["--share-of-employment", "0.1", "--jobs-lost", "5"],
            "--jobs-lost, --share-of-employment: give exactly one",
        ),
        (["--share-of-employment", "1.5"], "--share-of-employment: must be in (0, 1]"),
    ],
)
def test_bad_shock_exits_2_and_leaves_the_database_as_it_was(
    kz_db: Path, args: list[str], message: str
) -> None:
    before = kz_db.read_bytes()
    done = CliRunner().invoke(app, ["scenario", "shock", "352400000", *args, "--db", str(kz_db)])
    assert done.exit_code == 2 and message in done.output, done.output
    assert kz_db.read_bytes() == before


def test_unknown_town_exits_2(kz_db: Path) -> None:
    done = _run("scenario", "shock", "Atlantis", "--jobs-lost", "10", db=kz_db)
    assert done.returncode == 2 and "error:" in done.stderr


def test_growth_points_json(kz_db: Path) -> None:
    done = _run("economy", "growth-points", "--format", "json", db=kz_db)
    assert done.returncode == 0, done.stderr
    view = json.loads(done.stdout)
    kinds = {c["kind"] for c in view["candidates"]}
    assert "agglomeration, first level" in kinds
    assert all(c["measured"] or c["missing"] for c in view["candidates"])
    assert all(
        0 <= c["srs_provision"] <= 1 for c in view["candidates"] if c["srs_provision"] is not None
    )
    assert len(view["profiles"]) == 20


def test_load_bad_file_exits_2_and_stores_nothing(kz_db: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(kz_db, db)
    with Store(db, read_only=True) as store:
        before = store.query("select count(*) as n from observation").n[0]
    bad = tmp_path / "bad.csv"
    bad.write_text("kato,period,sector,value\n150000000,2024,B,900000\n150000000,2024,C,1\n")
    done = _run("economy", "load", str(bad), db=db)
    assert done.returncode == 2
    assert "more than the group industry_construction" in done.stderr
    with Store(db, read_only=True) as store:
        assert store.query("select count(*) as n from observation").n[0] == before
    template = subprocess.run(
        [*AIMAQ, "economy", "template"], capture_output=True, text=True, timeout=120, check=False
    )
    assert template.stdout.startswith("kato,period,sector,value")
