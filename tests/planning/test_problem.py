"""Building the model: projects, support villages, gains, rows, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from planning_instances import tiny_costs

from aimaq.errors import ValidationError
from aimaq.planning import Floor, RoadmapProblem, Target

SERVING = {"edu_transport": "edu_school"}


def hand() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A support village A, its satellite B at 8 km and C at 30 km (radius 15 km)."""
    settlements = pd.DataFrame(
        {
            "kato": ["111000001", "111000002", "111000003"],
            "region_kato": ["110000000"] * 3,
            "district_kato": ["111000000"] * 3,
            "urban": [False] * 3,
            "population": [1000.0, 200.0, 100.0],
            "n_applicable": [10, 5, 4],
            "n_met": [8, 3, 2],
            "support_kato": [None, "111000001", "111000001"],
            "distance_to_support_km": [np.nan, 8.0, 30.0],
        }
    )
    gaps = pd.DataFrame(
        {
            "kato": ["111000001", "111000002", "111000002", "111000003"],
            "norm_id": ["edu_school", "edu_transport", "hc_point", "edu_transport"],
            "area": ["education", "education", "healthcare", "education"],
            "population": [1000.0, 200.0, 200.0, 100.0],
            "region_kato": ["110000000"] * 4,
            "district_kato": ["111000000"] * 4,
            "urban": [False] * 4,
            "served_by_support": [False] * 4,
        }
    )
    return settlements, gaps


def build(**kwargs: object) -> RoadmapProblem:
    settlements, gaps = hand()
    args: dict[str, object] = {
        "budget": 10e6,
        "first_year": 2025,
        "last_year": 2027,
        "serving": SERVING,
        "support_radius_km": 15.0,
    }
    args.update(kwargs)
    return RoadmapProblem.from_gaps(gaps, settlements, tiny_costs(), **args)  # type: ignore[arg-type]


def test_support_village_project_closes_the_near_satellites_gap() -> None:
    p = build()
    keys = list(zip(p.projects["kato"], p.projects["norm_id"], strict=True))
    assert keys == [
        ("111000001", "edu_school"),
        ("111000002", "hc_point"),
        ("111000003", "edu_transport"),
    ]
    assert p.projects["satellites"].tolist() == [1, 0, 0]
    assert p.cover.toarray().tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    # Worked by hand: each settlement counts once, (1/10 + 1/5) / 3 = 10 points
    national = p.group_mask("national")
    assert p.project_gain(national)[0] == pytest.approx(10.0)
    assert p.base_provision(national) == pytest.approx(100 * (0.8 + 0.6 + 0.5) / 3)
    # by population: (1000/10 + 200/5) / 1300
    assert p.project_gain(national, "population")[0] == pytest.approx(100 * 140 / 1300)


def test_without_support_rules_every_gap_is_its_own_project() -> None:
    p = build(serving=None)
    assert len(p.projects) == 4
    assert p.projects["satellites"].sum() == 0


def test_columns_spending_and_objective() -> None:
    p = build(last_year=2026)
    # every tiny-cost area builds in one year: two start years per project
    assert p.col_start.tolist() == [2025, 2026] * 3
    x = np.zeros(p.num_cols)
    x[0] = 1.0  # the school in 2025: 1 million (education, small band)
    assert p.spending(x).tolist() == [1e6, 0.0]
    coef = p.objective_coefficients()
    # completed in 2025 counts in both years; started in 2026 counts in one
    assert coef[0] == pytest.approx(2 * coef[1])


def test_durations_limit_start_years() -> None:
    settlements, gaps = hand()
    p = RoadmapProblem.from_gaps(
        gaps,
        settlements,
        tiny_costs({"education": 3}),
        budget=10e6,
        first_year=2025,
        last_year=2027,
    )
    school = np.flatnonzero(p.projects["norm_id"] == "edu_school")[0]
    assert p.col_start[p.col_project == school].tolist() == [2025]
    x = np.zeros(p.num_cols)
    x[np.flatnonzero(p.col_project == school)[0]] = 1.0
    assert p.spending(x) == pytest.approx([1e6 / 3] * 3)


def test_rows_carry_targets_floors_caps_and_lagging() -> None:
    p = build(
        targets=[Target("rural", 70, 2026)],
        floors=[Floor("district", 80.0)],
        region_caps={"110000000": 5e6},
        lagging_share=0.5,
    )
    kinds = set(p.rows().kinds)
    assert {"budget", "once", "target", "floor", "cap", "lagging"} <= kinds


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"budget": 0.0}, "budget must be positive"),
        ({"budget": -5.0}, "budget must be positive"),
        ({"budget": [1e6, 1e6]}, "2 annual values for a 3-year horizon"),
        ({"targets": [Target("national", 70, 2024)]}, "before the plan starts"),
        ({"floors": [Floor("territory", 50, None, "990000000")]}, "unknown territory 990000000"),
        ({"region_caps": {"990000000": 1e6}}, "unknown region"),
        ({"objective": "cost"}, "needs at least one"),
        ({"objective": "speed"}, "objective: must be one of coverage, cost"),
        ({"lagging_share": 1.5}, "strictly between 0 and 1"),
        ({"last_year": 2020}, "first_year, last_year: the last year 2020 is before the first 2025"),
    ],
)
def test_bad_input_is_a_clear_error(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        build(**kwargs)


def test_gap_of_an_unknown_settlement_or_twice_listed() -> None:
    settlements, gaps = hand()
    bad = pd.concat([gaps, gaps.iloc[[0]].assign(kato="999999999")])
    with pytest.raises(ValidationError, match="999999999"):
        RoadmapProblem.from_gaps(
            bad, settlements, tiny_costs(), budget=1e6, first_year=2025, last_year=2026
        )
    twice = pd.concat([gaps, gaps.iloc[[0]]])
    with pytest.raises(ValidationError, match="twice"):
        RoadmapProblem.from_gaps(
            twice, settlements, tiny_costs(), budget=1e6, first_year=2025, last_year=2026
        )


def test_a_district_of_unknown_population_is_refused_by_name(
    instance: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    settlements, gaps = instance
    district = settlements["district_kato"].iloc[0]
    zeroed = settlements.assign(
        population=settlements["population"].where(settlements["district_kato"] != district, 0.0)
    )
    with pytest.raises(ValidationError, match=f"population unknown .* district {district}"):
        RoadmapProblem.from_gaps(
            gaps, zeroed, tiny_costs(), budget=1e9, first_year=2025, last_year=2026
        )
    missing = settlements.assign(population=settlements["population"].where(settlements.index != 0))
    with pytest.raises(ValidationError, match="population unknown for"):
        RoadmapProblem.from_gaps(
            gaps, missing, tiny_costs(), budget=1e9, first_year=2025, last_year=2026
        )
