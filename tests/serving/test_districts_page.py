"""The district map page: unit checks of the figure and an end-to-end run in Chromium."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from browser import chromium

from aimaq.data.build import load_territories
from aimaq.data.catalogue import load_catalogue
from aimaq.data.store import Store
from aimaq.serving.app import create_app
from aimaq.serving.data import load_dashboard_data
from aimaq.serving.pages.districts import district_figure
from aimaq.serving.server import start_in_thread
from aimaq.territory.geometry import district_polygons

_KX = math.cos(math.radians(48.0))
DENSITY = {"751110000": 12000.0, "103200000": 0.7, "111000000": 200.0, "113200000": 3.5}


def _fill(store: Store) -> Store:
    import pandas as pd

    store.migrate()
    load_territories(store)
    store.upsert_indicators(load_catalogue().frame())
    rows = [(k, "population_density", "2023-01-01", v, "{}") for k, v in DENSITY.items()]
    frame = pd.DataFrame(rows, columns=["kato", "indicator_id", "period", "value", "dims"])
    store.write_observations(frame, source="test", sha256="y" * 64, importer="test")
    return store


@pytest.fixture(scope="module")
def district_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("districts") / "d.duckdb"
    with Store(path) as store:
        _fill(store)
    return path


def test_figure_colours_every_district_and_zooms_to_a_region() -> None:
    store = _fill(Store(":memory:"))
    data = load_dashboard_data(store)
    whole = district_figure(data, "ru", "population_density", None)
    shapes = [t for t in whole["data"] if t.get("fill") == "toself"]
    assert len(shapes) == 224
    texts = {t["name"]: t["text"] for t in shapes}
    assert texts["751110000"].startswith("Алмалинский: 12")
    assert "(границы 2024 года)" in whole["layout"]["title"]["text"]
    akmola = district_figure(data, "en", "population_density", "110000000")
    codes = {t["name"] for t in akmola["data"] if t.get("fill") == "toself"}
    expected = set(district_polygons(2024).query("region_kato == '110000000'").kato)
    assert codes == expected and "111000000" in codes


def test_click_a_district_in_chromium(district_db: Path) -> None:
    running = start_in_thread(create_app(district_db, lang="en"))
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1300, "height": 900})  # type: ignore[attr-defined]
            page.goto(running.url)
            page.get_by_text("Maps of districts").click()
            page.wait_for_selector("#district-map .js-plotly-plot")
            page.wait_for_timeout(500)
            count = page.evaluate(
                "() => document.querySelector('#district-map .js-plotly-plot').data"
                ".filter(t => t.fill === 'toself').length"
            )
            assert count == 224
            geom = district_polygons(2024).set_index("kato").geometry["111000000"]
            point = geom.representative_point()
            x, y = page.evaluate(
                """([x, y]) => { const gd = document.querySelector('#district-map .js-plotly-plot');
                    const L = gd._fullLayout; const xa = L.xaxis, ya = L.yaxis;
                    const box = gd.getBoundingClientRect();
                    return [box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(y)]; }""",
                [point.x * _KX, point.y],
            )
            page.mouse.move(x, y)
            page.wait_for_timeout(300)
            hover = page.locator("#district-map .hovertext").all_text_contents()
            assert any("Kokshetau: 200" in h for h in hover), hover
            page.mouse.click(x, y)
            page.wait_for_function(
                "() => document.querySelector('#district-map .js-plotly-plot').data"
                ".filter(t => t.fill === 'toself').length < 224",
                timeout=15000,
            )
            names: Any = page.evaluate(
                "() => document.querySelector('#district-map .js-plotly-plot').data"
                ".filter(t => t.fill === 'toself').map(t => t.name)"
            )
            assert set(names) == set(
                district_polygons(2024).query("region_kato == '110000000'").kato
            )
            assert page.locator("#district-back").is_visible()
    finally:
        running.stop()
