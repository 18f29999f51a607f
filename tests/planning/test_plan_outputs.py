"""The roadmap's views and files: Excel with one sheet per view, JSON, CSV."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from planning_instances import make_instance, tiny_costs

from aimaq.errors import ValidationError
from aimaq.planning import RoadmapProblem
from aimaq.planning.outputs import write_views
from aimaq.planning.solve import solve_roadmap


def solved():
    settlements, gaps = make_instance(8, n_settlements=20)
    p = RoadmapProblem.from_gaps(
        gaps, settlements, tiny_costs(), budget=10e6, first_year=2025, last_year=2027
    )
    return solve_roadmap(p, time_limit=20)


def test_views_agree_with_each_other() -> None:
    r = solved()
    plan, by_year, by_region = r.plan(), r.by_year(), r.by_region()
    assert plan["cost_kzt"].sum() == pytest.approx(by_year["spent_kzt"].sum())
    assert plan["cost_kzt"].sum() == pytest.approx(by_region["cost_kzt"].sum())
    assert list(by_year["year"]) == [2025, 2026, 2027]
    assert by_year["started"].sum() == len(plan)
    traj = r.trajectory()
    assert (traj["national"].diff().dropna() >= -1e-12).all()
    assert r.summary()["projects_funded"] == len(plan)


def test_excel_json_csv(tmp_path: Path) -> None:
    r = solved()
    views = {"roadmap": r.plan(), "by_year": r.by_year(), "trajectory": r.trajectory()}
    xlsx = write_views(tmp_path / "plan.xlsx", views, r.summary())
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["about", "roadmap", "by_year", "trajectory"]
    assert book["roadmap"].max_row == len(r.plan()) + 1
    payload = json.loads(write_views(tmp_path / "plan.json", views, r.summary()).read_text())
    assert payload["meta"]["status"] == r.status and len(payload["by_year"]) == 3
    csv = write_views(tmp_path / "plan.csv", views, {}).read_text().splitlines()
    assert csv[0].startswith("start_year,done_year")
    with pytest.raises(ValidationError, match="must end in"):
        write_views(tmp_path / "plan.txt", views, {})
