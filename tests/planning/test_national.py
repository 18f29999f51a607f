"""The national roadmap on the database ``aimaq init`` builds (embedded official data and
the SYNTHETIC registry over the real KATO tree), run as users run it: real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aimaq.data.store import Store
from aimaq.planning import from_store

AIMAQ = str(Path(sys.executable).with_name("aimaq"))
#: Units formed after 1 Jan 2023 (territory_change of the package data), absent from the
#: BNS bulletin of that day: Zhanasemei, Makanshy, Markakol, Ulken Naryn, Alatau city.
NEW_UNITS = ("104100000", "104500000", "635500000", "636300000", "191800000")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([AIMAQ, *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def national_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("national") / "aimaq.duckdb"
    done = run("init", "--db", str(path))
    assert done.returncode == 0, done.stderr
    return path


def roadmap(db: Path, out: Path, *args: str) -> dict[str, Any]:
    done = run("roadmap", "--db", str(db), "--out", str(out), "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_new_units_have_an_estimated_population_and_the_national_plan_funds_them(
    national_db: Path, tmp_path: Path
) -> None:
    store = Store(national_db)
    try:
        data = from_store(store)
        note = store.query("select note from srs_registry").iloc[0, 0]
    finally:
        store.close()
    population = data.settlements.groupby("district_kato")["population"].sum()
    for kato in NEW_UNITS:
        assert population[kato] > 0, kato
        assert kato in note
    assert "ESTIMATED" in note
    with_gaps = [k for k in NEW_UNITS if (data.gaps["district_kato"] == k).any()]
    assert len(with_gaps) >= 4
    roadmap(national_db, tmp_path / "plan.json", "--budget", "100e9")
    plan = json.loads((tmp_path / "plan.json").read_text())["roadmap"]
    funded = {k: sum(r["district_kato"] == k for r in plan) for k in with_gaps}
    assert all(n > 0 for n in funded.values()), funded
