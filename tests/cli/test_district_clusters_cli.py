"""``aimaq clusters --level district`` on the embedded data, as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aimaq.data.build import init_database
from aimaq.data.store import Store

#: the installed console script, as users run it
AIMAQ = [str(Path(sys.executable).with_name("aimaq"))]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("district") / "aimaq.duckdb"
    store = Store(path)
    init_database(store)
    store.close()
    return str(path)


def _run(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AIMAQ, *args, "--db", db], capture_output=True, text=True, timeout=600, check=False
    )


def test_population_density_gives_224_rows_and_names_the_missing(db: str) -> None:
    done = _run(
        "clusters", "population_density", "--level", "district", "--seed", "5",
        "--format", "json", db=db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    rows = out["lisa"]["districts"]
    assert len(rows) == 224 and out["borders"] == 2024
    missing = out["missing"]
    assert missing["count"] == 11
    names = {m["name_en"] for m in missing["districts"]}
    assert {"Semey", "Zhanasemey", "Nura", "Turan"} <= names
    untested = [r for r in rows if r["cluster"] == "no value: not tested"]
    assert {r["kato"] for r in untested} == {m["kato"] for m in missing["districts"]}
    assert all(r["local_i"] is None and r["p_sim"] is None for r in untested)
    assert out["moran"]["n"] == 213 and out["moran"]["i"] > 0.3
    assert out["neighbours"]["links"] == 548 and out["neighbours"]["islands"] == []
    # density clusters: the Almaty city districts are High-High, steppe districts Low-Low
    by_code = {r["kato"]: r for r in rows}
    assert by_code["751310000"]["cluster"] == "High-High"
    assert {r["cluster"] for r in rows} >= {"High-High", "Low-Low", "not significant"}


def test_regional_indicator_asked_by_district_is_refused(db: str) -> None:
    done = _run("clusters", "grp", "--level", "district", db=db)
    assert done.returncode == 2
    assert "'grp' is held at level(s) country, region only, not by district" in done.stderr
    assert done.stdout == ""


def test_table_output_names_the_missing(db: str) -> None:
    done = _run(
        "clusters", "population_density", "--level", "district", "--neighbours", "rook",
        "--permutations", "99", "--seed", "1", db=db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "11 without a value" in done.stdout and "Zhanasemey" in done.stdout
