"""The roadmap page for one region: the same restriction as ``aimaq roadmap --territory``,
names in the chosen language, provision before and after by district."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browser import ARTIFACTS, choose, dashboard_page, open_tab

from aimaq.serving.app import create_app
from aimaq.serving.data import DashboardData, open_dashboard_data
from aimaq.serving.pages import roadmap

TURKESTAN = "610000000"


@pytest.fixture(scope="module")
def kz_data(kz_db: Path) -> DashboardData:
    return open_dashboard_data(kz_db)


def _text(parts: list[Any]) -> str:
    return json.dumps(
        [p.to_plotly_json() for p in parts],
        default=lambda o: o.to_plotly_json(),
        ensure_ascii=False,
    )


def _district_rows(markdown: str) -> list[list[str]]:
    lines = [line for line in markdown.splitlines() if line.startswith("| ")][1:]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]


def test_one_region_is_planned_alone_with_its_districts(kz_data: DashboardData) -> None:
    within = roadmap.planning_input(kz_data, TURKESTAN)
    assert within.territory == TURKESTAN
    assert set(within.settlements["region_kato"].astype(str)) == {TURKESTAN}
    _, totals, districts = roadmap.plan(kz_data, 10.0, TURKESTAN)
    assert set(districts["region_kato"].astype(str)) == {TURKESTAN}
    # each district ends at least where it starts; the spending stays within 6 x 10 bn
    assert (districts["provision_end"] >= districts["provision_now"] - 1e-9).all()
    assert (totals["spent_bn"] <= 60.0 + 1e-9).all()
    parts = roadmap.outputs(kz_data, "ru", 10.0, TURKESTAN)
    table = next(p for p in parts if getattr(p, "id", None) == "roadmap-districts")
    rows = _district_rows(table.children)
    assert {r[0] for r in rows} == set(districts["district_kato"].astype(str))
    names = {r[0]: r[1] for r in rows}
    assert all(names[k] == kz_data.name(k, "ru") for k in names)
    assert "Туркестанская область" in _text(parts)


def test_the_picker_lists_the_country_and_the_regions_by_name(kz_data: DashboardData) -> None:
    options = roadmap.territories(kz_data, "kk")
    assert options[0] == {"label": "Қазақстан", "value": "000000000"}
    labels = {o["value"]: o["label"] for o in options}
    assert labels[TURKESTAN] == kz_data.name(TURKESTAN, "kk")
    assert len(options) == 1 + kz_data.planning.settlements["region_kato"].nunique()


def test_the_country_plan_has_no_district_table(kz_data: DashboardData) -> None:
    parts = roadmap.outputs(kz_data, "en", 115.0, None)
    assert all(getattr(p, "id", None) != "roadmap-districts" for p in parts)
    assert "Kazakhstan" in _text(parts)


@pytest.mark.browser
def test_choose_a_region_in_chromium(kz_db: Path) -> None:
    with dashboard_page(create_app(kz_db, lang="ru"), height=1000) as page:
        open_tab(page, "Дорожная карта и сценарии", "#roadmap-table")
        assert page.inner_text("#roadmap-where") == "Казахстан"
        assert page.locator("#roadmap-districts").count() == 0
        choose(page, "#roadmap-territory", "Туркестанская область")
        page.wait_for_function(
            "document.querySelector('#roadmap-where')?.innerText === 'Туркестанская область'",
            timeout=60_000,
        )
        page.wait_for_selector("#roadmap-districts tbody tr", timeout=30_000)
        rows = page.locator("#roadmap-districts tbody tr").all_inner_texts()
        codes = {r.split("\t")[0] for r in rows}
        assert codes and all(c.startswith("61") for c in codes)
        assert any("Сузакский район" in r for r in rows)
        page.screenshot(path=str(ARTIFACTS / "dashboard-roadmap-region.png"))
