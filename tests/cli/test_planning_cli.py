"""``aimaq roadmap`` and ``aimaq scenarios`` on a small registry stored in a database."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from aimaq.cli.main import app
from aimaq.data.store import Store
from aimaq.standards import Registry, load_catalogue

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding a SYNTHETIC registry of eight villages in two regions (built here)."""
    path = tmp_path_factory.mktemp("planning") / "plan.duckdb"
    store = Store(path)
    store.migrate()
    kato = [f"{r}1{i:06d}" for r in ("11", "15") for i in range(1, 5)]
    settlements = pd.DataFrame(
        {
            "kato": kato,
            "district_kato": [k[:4] + "00000" for k in kato],
            "region_kato": [k[:2] + "0000000" for k in kato],
            "urban": [False] * 8,
            "category": ["other_village"] * 8,
            "is_support_village": [False] * 8,
        }
    )
    population = pd.DataFrame(
        {"kato": kato, "year": 2024, "population": [300, 500, 800, 150, 400, 250, 900, 120]}
    )
    met = ["eng_water", "ic_mobile"]
    status = pd.DataFrame(
        [(k, 2024, n, True) for k in kato[::2] for n in met],
        columns=["kato", "year", "norm_id", "present"],
    )
    catalogue = load_catalogue()
    reg = Registry.from_frames(settlements, population, status, synthetic=True, catalogue=catalogue)
    reg.to_store(store, sha256="test-registry", importer="test", catalogue=catalogue)
    store.close()
    return path


def test_roadmap_json_and_excel(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(
        app,
        [
            "roadmap",
            "--budget",
            "2e9",
            "--from",
            "2025",
            "--to",
            "2027",
            "--db",
            str(db),
            "--out",
            str(out),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    summary = payload["summary"]
    assert summary["registry"] == "synthetic registry"
    assert summary["status"] in {"optimal", "near_optimal"}
    assert summary["bound"] >= summary["objective_value"] - 1e-9
    assert summary["spent_kzt"] <= 6e9 + 1
    assert openpyxl.load_workbook(out).sheetnames == [
        "about",
        "roadmap",
        "by_year",
        "by_region",
        "by_district",
        "trajectory",
    ]


def test_roadmap_table_and_targets(db: Path) -> None:
    result = runner.invoke(
        app,
        [
            "roadmap",
            "--budget",
            "5e9",
            "--from",
            "2025",
            "--to",
            "2027",
            "--target",
            "national=30@2027",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "gap" in result.stdout and "bound" in result.stdout


def test_roadmap_explains_an_unreachable_budget(db: Path) -> None:
    result = runner.invoke(
        app,
        [
            "roadmap",
            "--budget",
            "1e8",
            "--from",
            "2025",
            "--to",
            "2027",
            "--target",
            "rural=90@2027",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 2
    assert "rural provision 90% by 2027" in result.output
    assert "smallest annual budget" in result.output or "at any budget" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--budget", "0"], "--budget must be positive"),
        (["--budget", "-3e9"], "--budget must be positive"),
        (["--budget", "1e9", "--target", "national=120@2028"], "0..100"),
        (["--budget", "1e9", "--target", "national=70@2020"], "before the plan starts"),
        (["--budget", "1e9", "--floor", "190000000=50"], "--floor: unknown territory 190000000"),
        (["--budget", "1e9", "--target", "nation=70@2028"], "--target: 'nation=70@2028': group"),
        (["--budget", "1e9", "--from", "2030", "--to", "2026"], "--from, --to: the last year"),
        (["--budget", "1e9", "--method", "fast"], "--method: must be one of auto, mip, relax"),
        (["--budget", "1e9", "--time-limit", "0"], "--time-limit: must be positive; got 0"),
        (["--budget", "1e9", "--out", "plan.txt"], "--out: plan.txt: the file must end in"),
        ([], "give a budget: --budget KZT_A_YEAR or --budget-file FILE"),
        (["--budget", "1e9", "--budget-file", "b.csv"], "exactly one of --budget"),
        (
            ["--budget", "1e9", "--from", "2015", "--to", "2018"],
            "the plan starts in 2015, before the year of the SRS registry (2024)",
        ),
    ],
)
def test_bad_input_exit_2_and_store_unchanged(db: Path, args: list[str], message: str) -> None:
    before = Store(db, read_only=True)
    snap = before.snapshot()
    before.close()
    result = runner.invoke(app, ["roadmap", "--db", str(db), *args])
    assert result.exit_code == 2
    assert message in result.output
    after = Store(db, read_only=True)
    assert {k: len(v) for k, v in after.snapshot().items()} == {k: len(v) for k, v in snap.items()}
    after.close()


def test_cost_model_without_a_norm_with_gaps(db: Path, tmp_path: Path) -> None:
    costs = tmp_path / "costs.yaml"
    costs.write_text("size_bands: [{name: all}]\nareas: {education: {unit_cost: {all: 1.0e6}}}\n")
    result = runner.invoke(
        app, ["roadmap", "--budget", "1e9", "--costs", str(costs), "--db", str(db)]
    )
    assert result.exit_code == 2
    assert "no cost for norm(s) with gaps" in result.output


def test_budget_file(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "b.csv"
    f.write_text("year,budget_kzt\n2025,1e9\n2026,2e9\n")
    ok = runner.invoke(
        app,
        [
            "roadmap",
            "--budget-file",
            str(f),
            "--from",
            "2025",
            "--to",
            "2026",
            "--db",
            str(db),
            "--format",
            "csv",
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.splitlines()[0].startswith("year,budget_kzt")
    f.write_text("year,budget_kzt\n2025,1e9\n2026,zero\n")
    bad = runner.invoke(
        app, ["roadmap", "--budget-file", str(f), "--from", "2025", "--to", "2026", "--db", str(db)]
    )
    assert bad.exit_code == 2 and "row 3, column 'budget_kzt'" in bad.output


def test_scenarios(db: Path) -> None:
    result = runner.invoke(
        app,
        [
            "scenarios",
            "--budget",
            "2e9",
            "--from",
            "2025",
            "--to",
            "2027",
            "--rules",
            "per-capita,needs,optimal,performance",
            "--db",
            str(db),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    rules = [row["rule"] for row in payload["comparison"]]
    assert rules == ["per-capita", "needs", "optimal", "performance"]
    bad = runner.invoke(
        app, ["scenarios", "--budget", "2e9", "--rules", "lottery", "--db", str(db)]
    )
    assert bad.exit_code == 2 and "--rules: unknown rule" in bad.output


@pytest.mark.parametrize("command", ["roadmap", "scenarios"])
def test_no_budget_proposes_one_with_its_source(db: Path, command: str) -> None:
    result = runner.invoke(app, [command, "--db", str(db)])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "--budget 117e9" in message and '"Auyl - El Besigi"' in message
    assert "701 bn KZT over six years" in message and "ASSUMPTION" in message
    assert pytest.approx(701e9 / 6, rel=0.005) == 117e9  # the proposal is the stated average
