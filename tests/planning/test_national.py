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


def test_a_roadmap_for_one_region_plans_it_alone_with_names(
    national_db: Path, tmp_path: Path
) -> None:
    payload = roadmap(
        national_db, tmp_path / "turkestan.json", "--territory", "610000000", "--budget", "100e9"
    )
    summary = payload["summary"]
    assert summary["territory"] == {"kato": "610000000", "name": "Turkestan Region"}
    assert summary["status"] in {"optimal", "near_optimal"}
    assert [r["region_kato"] for r in payload["by_region"]] == ["610000000"]
    districts = payload["by_district"]
    assert len(districts) > 10
    assert {r["region"] for r in districts} == {"Turkestan Region"}
    assert all(r["district"] for r in districts)
    assert all(r["provision_end"] >= r["provision_now"] for r in districts)
    views = json.loads((tmp_path / "turkestan.json").read_text())
    plan = views["roadmap"]
    assert plan and {r["region_kato"] for r in plan} == {"610000000"}
    assert all(r["district"] for r in plan)
    # funded projects by district in the plan agree with the district view
    per_district = {r["district_kato"]: r["projects"] for r in districts}
    counted: dict[str, int] = {}
    for r in plan:
        counted[r["district_kato"]] = counted.get(r["district_kato"], 0) + 1
    assert counted == {k: v for k, v in per_district.items() if v}
    # the same plan by name, in Russian
    by_name = roadmap(
        national_db,
        tmp_path / "by_name.json",
        "--territory",
        "Turkestan",
        "--budget",
        "100e9",
        "--lang",
        "ru",
    )
    assert by_name["summary"]["territory"] == {
        "kato": "610000000",
        "name": "Туркестанская область",
    }
    assert by_name["summary"]["projects_funded"] == summary["projects_funded"]


def test_srs_gaps_and_scenarios_take_a_territory_by_name(national_db: Path) -> None:
    done = run("srs", "gaps", "--territory", "Turkestan", "--db", str(national_db), "-f", "json")
    assert done.returncode == 0, done.stderr
    gaps = json.loads(done.stdout)
    assert gaps["territory"] == {"kato": "610000000", "name": "Turkestan Region"}
    assert gaps["rows"]
    unknown = run("srs", "gaps", "--territory", "Atlantis", "--db", str(national_db))
    assert unknown.returncode == 2
    assert "unknown territory 'Atlantis'" in unknown.stderr
    done = run(
        "scenarios",
        "--territory",
        "Turkestan",
        "--budget",
        "50e9",
        "--rules",
        "per-capita,needs",
        "--db",
        str(national_db),
        "-f",
        "json",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["meta"]["territory"]["kato"] == "610000000"


def test_a_plan_before_the_registry_year_is_refused(national_db: Path) -> None:
    done = run(
        "roadmap", "--budget", "100e9", "--from", "2015", "--to", "2018", "--db", str(national_db)
    )
    assert done.returncode == 2
    assert "before the year of the SRS registry (2024)" in done.stderr


def test_kpi_judges_the_plan_made_to_meet_the_targets(national_db: Path) -> None:
    # the same budget that `aimaq roadmap --target ...` shows meets the three SRS targets
    done = run("kpi", "--plan-budget", "100e9", "--db", str(national_db), "-f", "json")
    assert done.returncode == 0, done.stderr
    rows = {r["target_id"]: r for r in json.loads(done.stdout)["targets"]}
    for target_id, level in (
        ("srs_national_2028", 70.0),
        ("srs_urban_2030", 96.0),
        ("srs_rural_2030", 71.0),
    ):
        row = rows[target_id]
        assert row["status"] == "on_track", row
        assert row["forecast_value"] >= level - 1e-6
        assert "plan meeting national provision 70% by 2028" in row["reason"]
        assert "synthetic registry" in row["reason"]


def test_the_report_plans_one_region(national_db: Path, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    done = run(
        "report",
        "--db",
        str(national_db),
        "--out",
        str(html),
        "--budget",
        "100e9",
        "--territory",
        "Turkestan",
        "--lang",
        "en",
    )
    assert done.returncode == 0, done.stderr
    assert "Turkestan Region (610000000)" in html.read_text("utf-8")
