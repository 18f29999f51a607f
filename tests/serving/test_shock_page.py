"""The shock scenario page: a single-industry town, the parameters of shock.yaml, and the
figures of ``aimaq.reporting.economy_srs.town_shock`` as a chart and tables."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from browser import ARTIFACTS, choose, dashboard_page, open_tab

from aimaq.data.store import Store
from aimaq.economy.shock import load_parameters
from aimaq.reporting.economy_srs import town_shock
from aimaq.reporting.i18n import Messages
from aimaq.serving.app import create_app
from aimaq.serving.data import DashboardData, open_dashboard_data
from aimaq.serving.pages import shock

STEPNOGORSK = "111800000"
NO_INPUT = (None, None, None, None, None, None)


@pytest.fixture(scope="module")
def kz_data(kz_db: Path) -> DashboardData:
    return open_dashboard_data(kz_db)


def _by_id(parts: list[Any], key: str) -> Any:
    return next(p for p in parts if getattr(p, "id", None) == key)


def _rows(markdown: str) -> dict[str, list[str]]:
    lines = [line for line in markdown.splitlines() if line.startswith("| ")][1:]
    cells = [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]
    return {c[0]: c[1:] for c in cells}


def test_the_towns_are_the_tagged_ones_by_name(kz_db: Path, kz_data: DashboardData) -> None:
    with Store(kz_db, read_only=True) as store:
        tagged = set(
            store.query("select kato from territory_tag where tag = 'single_industry_town'").kato
        )
    options = shock.towns(kz_data, "ru")
    assert {o["value"] for o in options} == tagged
    label = next(o["label"] for o in options if o["value"] == STEPNOGORSK)
    assert label == f"{kz_data.name(STEPNOGORSK, 'ru')} ({kz_data.name('110000000', 'ru')})"


def test_the_page_shows_what_the_library_computes(kz_db: Path, kz_data: DashboardData) -> None:
    parts = shock.view(kz_data, "en", STEPNOGORSK, (3000.0, *NO_INPUT[1:]), ())
    with Store(kz_db, read_only=True) as store:
        result, srs = town_shock(store, STEPNOGORSK, load_parameters(), jobs_lost=3000.0)
    t = Messages("en")
    rows = _rows(_by_id(parts, "shock-table").children)
    impact = rows["Unemployment rate on impact, %"]
    assert impact == [
        t.number(100 * result.outcomes[s]["unemployment_rate_impact"], 1) for s in shock.SCENARIOS
    ]
    assert rows["Direct jobs lost"] == ["3,000"] * 3
    assert rows["Local budget revenue lost, mln KZT"] == [
        t.number(result.outcomes[s]["local_budget_lost_kzt"] / 1e6, 1) for s in shock.SCENARIOS
    ]
    assert srs is not None
    assert rows["SRS provision after, %"] == [
        t.number(100 * srs.after[s], 1) for s in shock.SCENARIOS
    ]
    # the chart: unemployment before, on impact and after out-migration, per scenario
    figure = _by_id(parts, "shock-chart").figure
    assert [trace["name"] for trace in figure["data"]] == ["Low", "Central", "High"]
    central = result.outcomes["central"]
    assert figure["data"][1]["y"] == [
        100 * central[k]
        for k in (
            "unemployment_rate_before",
            "unemployment_rate_impact",
            "unemployment_rate_after_migration",
        )
    ]
    # every parameter with its source, the assumptions labelled as shock.yaml labels them
    params = _rows(_by_id(parts, "shock-parameters").children)
    for _, p in load_parameters().items():
        row = params[p.label]
        assert row[4] == ("ASSUMPTION" if p.assumption else "")


def test_edited_parameters_and_bad_ones(kz_data: DashboardData) -> None:
    edited = shock.edited_parameters((("multiplier.central", 2.0), ("multiplier.high", 2.0)))
    assert (edited.multiplier.low, edited.multiplier.central, edited.multiplier.high) == (
        2.0,
        2.0,
        2.0,
    )
    assert edited.multiplier.source == "given by the user"
    assert edited.out_migration_share == load_parameters().out_migration_share
    parts = shock.view(
        kz_data, "ru", STEPNOGORSK, (3000.0, *NO_INPUT[1:]), (("multiplier.low", 0.5),)
    )
    text = _by_id(parts, "shock-error").children
    assert text.startswith("Не удалось рассчитать сценарий: multiplier")
    assert "below 1" in text


def test_a_town_without_a_stored_population_says_so_and_takes_one(
    kz_db: Path, tmp_path: Path
) -> None:
    # every shipped town has its bulletin population: take one town's away in a copy
    db = tmp_path / "no-town-population.duckdb"
    shutil.copy(kz_db, db)
    with Store(db) as store:
        settlement = store.query(
            "select min(kato) as k from territory_tag where tag = 'single_industry_town' "
            "and kato not like '%00000'"
        )["k"].iloc[0]
        with store.transaction() as con:
            con.execute(
                "delete from observation where kato = ? and indicator_id = 'population_jan1'",
                [settlement],
            )
    data = open_dashboard_data(db)
    parts = shock.view(data, "en", settlement, (500.0, *NO_INPUT[1:]), ())
    assert "no stored population" in _by_id(parts, "shock-error").children
    given = shock.view(data, "en", settlement, (500.0, None, None, None, None, 20000.0), ())
    assert _rows(_by_id(given, "shock-baseline").children)["Population"][0] == "20,000"
    prompt = shock.view(data, "kk", settlement, NO_INPUT, ())
    assert _by_id(prompt, "shock-prompt").children == Messages("kk")("economy.shock_choose")


@pytest.mark.browser
def test_run_a_shock_in_chromium(kz_db: Path) -> None:
    with dashboard_page(create_app(kz_db, lang="en"), height=1100) as page:
        open_tab(page, "Shock scenario of a town", "#shock-prompt")
        choose(page, "#shock-town", "Stepnogorsk (Akmola Region)")
        page.fill("#shock-jobs", "3000")
        page.press("#shock-jobs", "Enter")
        page.wait_for_selector("#shock-table tbody tr", timeout=60_000)
        assert page.inner_text("#shock-title") == "Shock scenario of a town: Stepnogorsk"
        page.wait_for_selector("#shock-chart .bars", timeout=30_000)

        def central(label: str) -> str:
            row = page.locator("#shock-table tbody tr", has_text=label).first
            return str(row.locator("td").nth(2).inner_text())

        assert central("Direct jobs lost") == "3,000"
        multiplier = load_parameters().multiplier.central
        assert central("Jobs lost, total") == f"{3000 * multiplier:,.0f}"
        field = page.locator("[id*='multiplier.central']")
        field.fill("2")
        field.press("Enter")
        page.wait_for_function(
            "() => [...document.querySelectorAll('#shock-table tbody tr')].some("
            "r => r.innerText.startsWith('Jobs lost, total') && r.children[2].innerText === '6,000')",
            timeout=60_000,
        )
        assert page.locator("#shock-parameters tbody tr", has_text="ASSUMPTION").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "dashboard-shock.png"), full_page=True)
