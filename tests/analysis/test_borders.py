"""Border changes: no territory is compared across a change of its borders silently."""

from __future__ import annotations

import pandas as pd
import pytest

from aimaq.analysis.borders import (
    KNOWN_REGION_CHANGES,
    affected_codes,
    changes_from_frame,
    consistent_panel,
    harmonise_panel,
)


def _panel(data: dict[str, list[float | None]], years: list[str]) -> pd.DataFrame:
    return pd.DataFrame(data, index=years).T.astype(float)


def test_affected_codes_follow_the_year_rule() -> None:
    assert affected_codes(KNOWN_REGION_CHANGES, 2022, 2024) == {}
    assert set(affected_codes(KNOWN_REGION_CHANGES, 2017, 2019)) == {
        "510000000",
        "610000000",
        "790000000",
    }
    assert "190000000" in affected_codes(KNOWN_REGION_CHANGES, 2021, 2022)


def test_transfer_changes_the_parents_not_the_unit() -> None:
    rows = pd.DataFrame(
        {
            "old_kato": ["630000000"],
            "new_kato": ["103200000"],
            "date": ["2022-06-08"],
            "kind": ["transfer"],
        }
    )
    assert set(affected_codes(changes_from_frame(rows), 2020, 2023)) == {"630000000", "100000000"}


def test_consistent_panel_drops_changed_regions() -> None:
    panel = _panel(
        {"110000000": [1, 2, 3], "190000000": [4, 5, 6], "330000000": [None, 7, 8]},
        ["2021", "2022", "2023"],
    )
    kept, dropped = consistent_panel(panel, KNOWN_REGION_CHANGES)
    assert kept.index.tolist() == ["110000000"]
    assert set(dropped) == {"190000000", "330000000"}
    assert "split 190000000 -> 330000000 on 2022-06-08" in dropped["330000000"]


def test_harmonise_rebuilds_old_borders_with_population_weights() -> None:
    years = ["2017", "2018", "2019"]
    panel = _panel(
        {
            "510000000": [100, None, None],
            "610000000": [None, 80, 90],
            "790000000": [None, 200, 210],
        },
        years,
    )
    pop = _panel(
        {
            "510000000": [3.0, None, None],
            "610000000": [None, 2.0, 2.0],
            "790000000": [None, 1.0, 1.0],
        },
        years,
    )
    out, merged = harmonise_panel(panel, KNOWN_REGION_CHANGES, weights=pop)
    assert merged == {"610000000": "510000000", "790000000": "510000000"}
    assert out.loc["510000000"].tolist() == pytest.approx(
        [100, (2 * 80 + 200) / 3, (2 * 90 + 210) / 3]
    )
    summed, _ = harmonise_panel(panel, KNOWN_REGION_CHANGES, how="sum")
    assert summed.loc["510000000"].tolist() == pytest.approx([100, 280, 300])


def test_harmonise_needs_weights_for_means_and_names_gaps() -> None:
    panel = _panel({"190000000": [1.0, 2.0], "330000000": [None, 3.0]}, ["2021", "2022"])
    with pytest.raises(ValueError, match="needs weights"):
        harmonise_panel(panel, KNOWN_REGION_CHANGES)
    pop = _panel({"190000000": [1.0, 1.0], "330000000": [None, None]}, ["2021", "2022"])
    with pytest.raises(ValueError, match=r"190000000 in 2022: no population for \['330000000'\]"):
        harmonise_panel(panel, KNOWN_REGION_CHANGES, weights=pop)
