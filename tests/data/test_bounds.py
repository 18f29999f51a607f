"""Plausibility bounds: one module, read by the catalogue, the importers and options."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aimaq.data.bounds import NATIONAL_POPULATION, bound_for, check_budget, check_year
from aimaq.data.catalogue import load_catalogue
from aimaq.errors import ImportError_, ValidationError


def test_every_catalogue_indicator_names_its_quantity() -> None:
    # reviewed entry by entry; a new entry without one falls back to its unit
    missing = [i.id for i in load_catalogue() if i.quantity is None]
    assert missing == []


def test_signs_follow_the_catalogue() -> None:
    by_id = {i.id: i.bound for i in load_catalogue()}
    assert by_id["natural_increase"].low == -NATIONAL_POPULATION  # births minus deaths
    assert by_id["population_avg"].low == 0 and by_id["grp_nominal_growth"].low == -100
    assert (by_id["unemployment_rate"].low, by_id["unemployment_rate"].high) == (0, 100)
    # money in the catalogue's unit: 1e15 KZT is 1e9 million KZT
    assert by_id["grp"].high == 1e9 and bound_for("money", "KZT").high == 1e15


def test_years_are_1990_to_next_year() -> None:
    assert check_year(2027, "year", today=date(2026, 6, 1)) == 2027
    for bad in (1989, 2028, 9999, 2023.5):
        with pytest.raises(ValidationError, match="not a plausible year"):
            check_year(bad, "year", today=date(2026, 6, 1))


@pytest.mark.parametrize("budget", ["1e308", "2e15"])
def test_the_roadmap_budget_option_is_bounded(budget: str) -> None:
    from aimaq.cli.planning import _budget

    with pytest.raises(ValidationError, match="outside the plausible range"):
        _budget(budget, None, 2025, 2030)
    assert check_budget(117e9) == 117e9


def test_a_budget_file_is_bounded_per_row(tmp_path: Path) -> None:
    from aimaq.cli.planning import _budget

    path = tmp_path / "b.csv"
    path.write_text("year,budget_kzt\n2025,100e9\n2026,1e308\n", encoding="utf-8")
    with pytest.raises(ImportError_, match=r"row 3, column 'budget_kzt'.*plausible range"):
        _budget(None, path, 2025, 2026)
