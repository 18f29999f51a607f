from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from aimaq.cli.main import app
from aimaq.data.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reporting"))
from sample_store import build_sample_store

runner = CliRunner()


@pytest.fixture()
def sample_db(tmp_path: Path) -> Path:
    path = tmp_path / "sample.duckdb"
    with Store(path) as store:
        store.migrate()
        build_sample_store(store)
    return path


def test_report_writes_html_and_xlsx_and_says_where(sample_db: Path, tmp_path: Path) -> None:
    with Store(sample_db, read_only=True) as store:
        before = store.snapshot()
    out = tmp_path / "out" / "r.html"
    result = runner.invoke(
        app,
        [
            "report",
            "--db",
            str(sample_db),
            "--lang",
            "kk",
            "--out",
            str(out),
            "--xlsx",
            str(tmp_path / "r.xlsx"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["html"] == str(out.resolve())
    # ratings and srs say why the sample cannot build them; no roadmap without --budget
    assert payload["sections"] == [
        "summary",
        "profiles",
        "maps",
        "district_maps",
        "ratings",
        "targets",
        "disparities",
        "economy",
        "srs",
        "kpi",
        "strategy",
        "methods",
    ]
    assert out.read_text("utf-8").count("<section") == 12
    assert (tmp_path / "r.xlsx").stat().st_size > 0
    with Store(sample_db, read_only=True) as store:
        after = store.snapshot()
    assert before.keys() == after.keys()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])


def test_report_table_output_names_the_files(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", "--db", str(sample_db), "--year", "2021", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"html: {out.resolve()}" in result.stdout
    assert "2021" in out.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "de"], "'de' is not one of"),
        (["--year", "20"], "error: --year must be a calendar year between 1990 and 2100; got 20"),
        (["--budget", "-5"], "error: --budget must be a positive amount of KZT; got -5.0"),
        (
            ["--budget", "1e11", "--from", "2030", "--to", "2026"],
            "error: --to (2026) must not be before --from (2030)",
        ),
    ],
)
def test_bad_options_exit_2_with_a_message(
    sample_db: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(
        app, ["report", "--db", str(sample_db), "--out", str(tmp_path / "x.html"), *args]
    )
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_missing_database_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 2
    assert "run `aimaq init` first" in result.stderr


def test_serve_rejects_a_bad_port(sample_db: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(sample_db), "--port", "70000"])
    assert result.exit_code == 2
    assert "--port must be 1 to 65535; got 70000" in result.stderr
