"""The disparity report: one shape for stored data and tables, and why a measure is left out."""

from __future__ import annotations

import pandas as pd
import pytest

from aimaq.analysis.inequality import disparity, theil_t
from aimaq.analysis.report import disparity_report, table_report


def test_report_matches_the_measures_and_has_no_notes_for_positive_values() -> None:
    values, weights = [2.0, 4.0, 6.0, 12.0], [1.0, 2.0, 3.0, 4.0]
    report = disparity_report(values, {"r": ["a", "a", "b", "b"]}, weights)
    assert report["theil_t"] == pytest.approx(theil_t(values, weights), abs=1e-15)
    assert report["williamson"] == pytest.approx(disparity(values, weights).williamson)
    split = report["decomposition"][0]
    assert split["between"] + split["within"] == pytest.approx(report["theil_t"], abs=1e-12)
    assert "notes" not in report


def test_a_zero_value_leaves_out_the_log_measures_and_says_where() -> None:
    report = disparity_report([3.0, 0.0, 5.0, 0.0, 7.0], labels=["a", "b", "c", "d", "e"])
    assert report["theil_l"] is None and report["atkinson_1"] is None
    assert report["max_min_ratio"] is None
    assert report["gini"] is not None and report["theil_t"] is not None
    assert report["notes"][0].endswith("value 0 at b and 1 other(s)")
    # without labels the position is the index
    assert disparity_report([1.0, 0.0, 2.0])["notes"][0].endswith("value 0 at index 1")


def test_table_report_names_the_row_of_a_zero() -> None:
    table = pd.DataFrame({"v": ["4", "1", "0", "3", "2"]})
    report = table_report(table, value="v")
    # line 1 is the header: the third data row is row 4 of the file
    assert "value 0 at row 4" in report["notes"][0]
