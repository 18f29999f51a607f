"""The data commands through the real CLI: init, territories, indicators, show, lineage."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from aimaq.cli.data import INIT_STEPS
from aimaq.cli.main import app
from aimaq.data.datasets import sources
from aimaq.data.store import Store
from aimaq.errors import AimaqError

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "aimaq.duckdb"
    result = runner.invoke(app, ["init", "--db", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["territories"]["district"] == 229  # with Shymkent before 2018
    assert summary["new_batches"] == len(sources()) + 1
    assert summary["new_rows"] == summary["observations"] > 0
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # built aside, then moved
    return path


@contextmanager
def _only_steps(*steps: Callable[[Store], tuple[str, int]]) -> Iterator[None]:
    """Run ``aimaq init`` with just these added steps (others' steps are tested by their owners)."""
    saved = list(INIT_STEPS)
    INIT_STEPS[:] = steps
    try:
        yield
    finally:
        INIT_STEPS[:] = saved


def _json(args: list[str]) -> object:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_done_when_territory_counts(db: Path) -> None:
    for level, count in [("region", 20), ("district", 228), ("settlement", 13021)]:
        rows = _json(["territories", "--level", level, "--db", str(db), "--format", "json"])
        assert isinstance(rows, list) and len(rows) == count, level


def test_done_when_population_sum(db: Path) -> None:
    rows = _json(
        [
            "show",
            "population_jan1",
            "--period",
            "2023-01-01",
            "--level",
            "region",
            "--db",
            str(db),
            "--format",
            "json",
        ]
    )
    assert isinstance(rows, list) and len(rows) == 20
    assert sum(r["value"] for r in rows) == 19_765_004
    assert {r["unit"] for r in rows} == {"persons"}


def test_territories_past_units_parent_and_language(db: Path) -> None:
    past = _json(["territories", "--level", "region", "--all", "--db", str(db), "--format", "json"])
    assert isinstance(past, list)
    south = [r for r in past if r["kato"] == "510000000"]
    assert south and south[0]["valid_to"].startswith("2018-06-19")
    children = _json(
        [
            "territories",
            "--parent",
            "710000000",
            "--lang",
            "kk",
            "--db",
            str(db),
            "--format",
            "json",
        ]
    )
    assert isinstance(children, list) and children
    assert all(r["parent_kato"] == "710000000" for r in children)
    result = runner.invoke(app, ["territories", "--parent", "71", "--db", str(db)])
    assert result.exit_code == 2 and "9-digit" in result.output


def test_show_year_dims_and_csv(db: Path) -> None:
    rows = _json(
        [
            "show",
            "unemployment_rate",
            "--year",
            "2023",
            "--level",
            "region",
            "--db",
            str(db),
            "-f",
            "json",
        ]
    )
    assert isinstance(rows, list)
    # the survey file has the four quarters of 2023 and no annual figure yet
    assert {r["period"] for r in rows} == {"2023Q1", "2023Q2", "2023Q3", "2023Q4"}
    result = runner.invoke(
        app,
        [
            "show",
            "population_jan1",
            "--dims",
            "area=urban",
            "--level",
            "region",
            "--db",
            str(db),
            "-f",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout), dtype={"kato": str})
    assert len(frame) == 20 and set(frame.dims) == {'{"area":"urban"}'}
    assert frame.value.sum() == 12_208_259
    every = _json(
        [
            "show",
            "population_jan1",
            "--dims",
            "all",
            "--level",
            "country",
            "--db",
            str(db),
            "-f",
            "json",
        ]
    )
    assert isinstance(every, list) and len(every) == 9  # total, 2 sexes, 2 areas, 4 area x sex


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "gdp"], "unknown indicator 'gdp'"),
        (["show", "grp", "--year", "2022", "--period", "2022"], "not both"),
        (["show", "grp", "--year", "22"], "four-digit"),
        (["show", "grp", "--dims", "area"], "not key=value"),
        (["show", "grp", "--lang", "de"], "'de' is not one of"),
        (["lineage", "--indicator", "gdp"], "unknown indicator"),
        (["indicators", "--domain", "wealth"], "unknown domain"),
    ],
)
def test_bad_arguments_exit_2(db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2
    assert message in result.output


def test_indicators(db: Path, tmp_path: Path) -> None:
    rows = _json(["indicators", "--domain", "health", "--db", str(db), "--format", "json"])
    assert isinstance(rows, list)
    ids = {r["id"] for r in rows}
    assert {"doctors", "hospitals", "doctors_per_10k"} <= ids
    derived = {r["id"]: r["derived"] for r in rows}
    assert derived["doctors_per_10k"] is True and derived["doctors"] is False
    kk = _json(["indicators", "--lang", "kk", "--db", str(db), "--format", "json"])
    assert isinstance(kk, list)
    assert next(r for r in kk if r["id"] == "grp")["name"] == "Жалпы өңірлік өнім"
    # without a database the catalogue itself is listed
    plain = _json(["indicators", "--db", str(tmp_path / "none.duckdb"), "--format", "json"])
    assert isinstance(plain, list) and [r["id"] for r in plain] == [r["id"] for r in kk]


def test_imported_indicator_is_listed_and_shown(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    with Store(copy) as store:
        imported = store.write_observations(
            pd.DataFrame(
                {
                    "kato": ["150000000"],
                    "indicator_id": ["akimat_kindergartens"],
                    "period": ["2024"],
                    "value": [312.0],
                    "dims": ["{}"],
                }
            ),
            source="akimat.csv",
            sha256="0" * 64,
            importer="test",
            indicators=pd.DataFrame(
                {
                    "id": ["akimat_kindergartens"],
                    "name_en": ["Kindergartens (akimat register)"],
                    "unit": ["units"],
                    "polarity": [1],
                    "domain": ["education"],
                }
            ),
        )
    listed = _json(
        ["indicators", "--domain", "education", "--lang", "kk", "--db", str(copy), "-f", "json"]
    )
    assert isinstance(listed, list)
    mine = next(r for r in listed if r["id"] == "akimat_kindergartens")
    assert mine["name"] == "Kindergartens (akimat register)" and mine["derived"] is False
    shown = _json(["show", "akimat_kindergartens", "--db", str(copy), "-f", "json"])
    assert shown == [
        {
            "kato": "150000000",
            "name": "Aktobe Region",
            "level": "region",
            "period": "2024",
            "value": 312.0,
            "unit": "units",
            "dims": "{}",
            "mark": "",
            "flag": "",
            "batch_id": imported.batch_id,
        }
    ]


def test_lineage(db: Path) -> None:
    rows = _json(["lineage", "--db", str(db), "--format", "json"])
    assert isinstance(rows, list)
    # the shipped data; other command groups may add their own steps (e.g. the SRS registry)
    shipped = [r for r in rows if r["source"].startswith("aimaq:kz/")]
    assert len(shipped) == len(sources()) + 1
    assert all(len(r["sha256"]) == 64 and r["attribution"] for r in rows)
    grp = _json(["lineage", "--indicator", "grp", "--db", str(db), "--format", "json"])
    assert isinstance(grp, list)
    assert [r["source"] for r in grp] == ["aimaq:kz/taldau_grp_2709379"]


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["territories", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "aimaq init" in result.output


def test_failed_rebuild_keeps_the_old_database(db: Path) -> None:
    def failing(store: Store) -> tuple[str, int]:
        raise AimaqError("demonstration step failed")

    with _only_steps(failing):
        result = runner.invoke(app, ["init", "--db", str(db), "--force", "--format", "json"])
    assert result.exit_code == 2 and "demonstration step failed" in result.output
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]
    rows = _json(["lineage", "--db", str(db), "--format", "json"])
    assert isinstance(rows, list)
    assert len([r for r in rows if r["source"].startswith("aimaq:kz/")]) == len(sources()) + 1


def test_init_again_runs_the_added_steps(db: Path) -> None:
    def count(store: Store) -> tuple[str, int]:
        return "stored observations", int(store.query("select count(*) as n from observation").n[0])

    with _only_steps(count):
        again = runner.invoke(app, ["init", "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert re.search(r"observations added by this run\s*│\s*0\b", again.stdout)
    assert re.search(r"batches added by this run\s*│\s*0\b", again.stdout)
    assert re.search(r"stored observations\s*│\s*[\d,]+", again.stdout)


def test_damaged_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database")
    result = runner.invoke(app, ["show", "grp", "--db", str(bad)])
    assert result.exit_code == 2
    assert "cannot open the database" in result.output
    assert bad.read_bytes() == b"this is not a database"
