"""``--tag`` and ``--by-tag`` of disparity, index, SRS and KPI commands, as real processes on
the embedded data, each checked against what the command prints without them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import numpy as np
import pytest

from aimaq.data.store import Store

Run = Callable[..., CompletedProcess[str]]


def _json(run_cli: Run, db: Path, *args: str) -> Any:
    done = run_cli(*args, "--db", str(db), "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _carriers(db: Path, tag: str) -> set[str]:
    store = Store.open(db)
    try:
        rows = store.query("select kato from territory_tag where tag = ?", [tag])
    finally:
        store.close()
    return set(rows["kato"].astype(str))


def _population(db: Path, katos: list[str], year: int) -> np.ndarray:
    store = Store.open(db)
    try:
        rows = store.query(
            "select kato, value from observation where indicator_id = 'population_avg' "
            "and period = ? and dims = '{}'",
            [str(year)],
        )
    finally:
        store.close()
    found = dict(zip(rows["kato"].astype(str), rows["value"], strict=True))
    return np.array([found[k] for k in katos], dtype=float)


def test_disparity_tag_measures_only_the_tagged_districts(run_cli: Run, sample_db: Path) -> None:
    args = ("disparity", "urban_population_share", "--year", "2023", "--level", "district")
    only = _json(run_cli, sample_db, *args, "--tag", "border_district")
    against = _json(run_cli, sample_db, *args, "--by-tag", "border_district", "--seed", "1")
    assert only["tag"] == "border_district"
    assert only["n"] == against["n_tagged"] == len(against["tagged"])
    assert set(against["tagged"]) <= _carriers(sample_db, "border_district")
    assert only["mean"] == pytest.approx(against["mean_tagged"])


def test_index_tag_keeps_ranks_among_all_units(run_cli: Run, sample_db: Path) -> None:
    args = ("index", "build", "district_structure", "--level", "district")
    full = _json(run_cli, sample_db, *args)
    only = _json(run_cli, sample_db, *args, "--tag", "border_district")
    border = _carriers(sample_db, "border_district")
    expected = [r for r in full["results"] if r["unit"] in border]
    assert [r["unit"] for r in only["results"]] == [r["unit"] for r in expected]
    assert [r["rank"] for r in only["results"]] == [r["rank"] for r in expected]
    assert [r["rank_in_tag"] for r in only["results"]] == list(range(1, len(expected) + 1))
    assert f"among all {len(full['results'])} units" in only["ranks"]
    assert all(r["tag_value"] for r in only["results"])  # the neighbouring state


def test_index_by_tag_compares_the_scores(run_cli: Run, sample_db: Path) -> None:
    full = _json(run_cli, sample_db, "index", "build", "rdi")
    got = _json(run_cli, sample_db, "index", "build", "rdi", "--by-tag", "agglomeration")
    tagged = _carriers(sample_db, "agglomeration")
    units = [r["unit"] for r in full["results"]]
    scores = np.array([r["score"] for r in full["results"]])
    weights = _population(sample_db, units, full["year"])
    mask = np.array([u in tagged for u in units])
    assert got["n_tagged"] == mask.sum() and got["n_rest"] == (~mask).sum()
    assert got["mean_tagged"] == pytest.approx(np.average(scores[mask], weights=weights[mask]))
    assert got["mean_rest"] == pytest.approx(np.average(scores[~mask], weights=weights[~mask]))
    assert 0 < got["p_value"] <= 1
    assert got["theil_between"] + got["theil_within"] == pytest.approx(got["theil_total"])


def test_srs_by_tag_compares_district_provision(run_cli: Run, sample_db: Path) -> None:
    rows = _json(run_cli, sample_db, "srs", "status", "--level", "district")["rows"]
    got = _json(
        run_cli, sample_db, "srs", "status", "--level", "district", "--by-tag", "border_district"
    )
    border = _carriers(sample_db, "border_district")
    total = [r for r in rows if r["area"] == "all" and r["provision_pct"] is not None]
    tagged = [r for r in total if r["kato"] in border]
    # rollup by count: each district weighs by its settlements
    expected = np.average(
        [r["provision_pct"] for r in tagged], weights=[r["n_settlements"] for r in tagged]
    )
    assert got["synthetic"] is True and got["level"] == "district"
    assert got["n_tagged"] == len(tagged) and got["n_rest"] == len(total) - len(tagged)
    assert got["mean_tagged"] == pytest.approx(expected, abs=0.06)  # rows print 1 decimal


def test_srs_tag_rolls_up_the_settlements_of_tagged_districts(
    run_cli: Run, sample_db: Path
) -> None:
    full = _json(run_cli, sample_db, "srs", "status", "--level", "district")["rows"]
    only = _json(
        run_cli, sample_db, "srs", "status", "--level", "district", "--tag", "border_district"
    )
    border = _carriers(sample_db, "border_district")
    assert {r["kato"] for r in only["rows"]} == {r["kato"] for r in full if r["kato"] in border}
    assert only["tag"]["settlements"] == sum(
        r["n_settlements"] for r in only["rows"] if r["area"] == "all"
    )
    gaps = _json(run_cli, sample_db, "srs", "gaps", "--by-tag", "border_district")
    assert {r["group"] for r in gaps["rows"]} == {"tagged", "rest"}


def test_kpi_by_tag_compares_each_regional_target(run_cli: Run, sample_db: Path) -> None:
    regional = _json(run_cli, sample_db, "kpi", "--by", "region")["targets"]
    got = _json(run_cli, sample_db, "kpi", "--by-tag", "agglomeration")
    assert got["targets"], got
    tagged = _carriers(sample_db, "agglomeration")
    for c in got["targets"]:
        mine = [
            r
            for r in regional
            if r["target_id"] == c["target_id"] and r["latest_year"] == c["year"]
        ]
        inside = [r for r in mine if r["kato"] in tagged]
        assert c["n_tagged"] == len(inside) and c["n_rest"] == len(mine) - len(inside)
        weights = _population(sample_db, [r["kato"] for r in inside], c["year"])
        expected = np.average([r["latest_value"] for r in inside], weights=weights)
        assert c["mean_tagged"] == pytest.approx(expected)
    shown = _json(run_cli, sample_db, "kpi", "--tag", "agglomeration")["targets"]
    assert shown and {r["kato"] for r in shown} <= tagged


def test_a_tag_on_another_level_is_refused(run_cli: Run, sample_db: Path) -> None:
    done = run_cli("kpi", "--tag", "border_district", "--db", str(sample_db))
    assert done.returncode == 2
    assert "it sits on district units" in done.stderr
    both = run_cli("srs", "status", "--tag", "a", "--by-tag", "b", "--db", str(sample_db))
    assert both.returncode == 2 and "not both" in both.stderr


def test_index_by_tag_goes_unweighted_where_units_lack_a_population(
    run_cli: Run, sample_db: Path
) -> None:
    # the 2024 districts have no population of 2024 stored (the bulletin is of 1 Jan 2023)
    got = _json(
        run_cli, sample_db, "index", "build", "district_structure", "--level", "district",
        "--by-tag", "border_district", "--seed", "1",
    )  # fmt: skip
    assert got["weight"] == "none (no population stored for every unit in 2024)"
    assert got["n_tagged"] > 0 and got["n_rest"] > 0
    assert 0 < got["p_value"] <= 1
