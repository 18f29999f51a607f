"""`aimaq kpi` and `aimaq backtest` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from aimaq.cli.main import app
from aimaq.data.store import Store


def _db(path: Path) -> Path:
    with Store(path) as store:
        store.migrate()
        store.replace_rows(
            "territory",
            pd.DataFrame({"kato": ["000000000"], "level": ["country"], "name_en": ["Kazakhstan"]}),
        )
        store.upsert_indicators(
            pd.DataFrame(
                {
                    "id": ["srs_provision"],
                    "name_en": ["SRS"],
                    "unit": ["%"],
                    "polarity": [1],
                    "domain": ["srs"],
                }
            )
        )
        store.write_observations(
            pd.DataFrame(
                {
                    "kato": ["000000000"] * 2,
                    "indicator_id": ["srs_provision"] * 2,
                    "period": ["2021", "2024"],
                    "value": [64.1, 66.1],
                    "dims": [{}, {}],
                }
            ),
            source="published",
            sha256="p",
            importer="test",
        )
    return path


def test_kpi_json_lists_results_and_targets_without_data(tmp_path: Path) -> None:
    db = _db(tmp_path / "a.duckdb")
    result = CliRunner().invoke(app, ["kpi", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    national = {r["target_id"]: r for r in payload["targets"]}
    assert national["srs_national_2028"]["latest_value"] == 66.1
    # two points: the status comes from the pace (0.67 pp/yr against 0.98 pp/yr needed)
    assert national["srs_national_2028"]["status"] == "at_risk_pace"
    assert national["srs_national_2028"]["status_label"] == "at risk (pace)"
    assert national["srs_national_2028"]["series"] == [[2021, 64.1], [2024, 66.1]]
    assert {r["target_id"] for r in payload["no_data"]} >= {
        "sme_share_gdp_2030",
        "rural_poverty_2027",
        "srs_urban_2030",
    }


def test_unknown_target_and_missing_database_exit_2(tmp_path: Path) -> None:
    db = _db(tmp_path / "b.duckdb")
    result = CliRunner().invoke(app, ["kpi", "--db", str(db), "--target", "nope"])
    assert result.exit_code == 2 and "no target 'nope'" in result.output
    result = CliRunner().invoke(app, ["kpi", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "run `aimaq init` first" in result.output
