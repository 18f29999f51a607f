"""``aimaq economy`` as users run it: a real subprocess on the shipped data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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
