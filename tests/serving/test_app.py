from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aimaq.data.store import Store
from aimaq.serving.app import create_app, loader_of
from aimaq.serving.data import DashboardData, load_dashboard_data
from aimaq.serving.figures import kato_of_click, map_order, region_map
from aimaq.serving.pages import index_builder, overview


def test_data_is_read_once(sample_db: Path) -> None:
    app = create_app(sample_db, lang="kk")
    # the data are read in the background, then the database is closed again: a writer
    # can open it while the dashboard runs
    assert loader_of(app).wait(60)
    with Store(sample_db) as store:
        assert store.query("select count(*) as n from territory").n[0] > 20
    assert app.config.serve_locally


def test_the_page_loads_only_local_resources(sample_data: DashboardData) -> None:
    client = create_app(data=sample_data).server.test_client()
    page = client.get("/").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "cdn" not in page.lower()
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "aimaq — regional dashboard" in json.dumps(json.loads(layout), ensure_ascii=False)
    assert client.get("/assets/style.css").status_code == 200


def test_map_has_one_trace_per_region_and_legend_classes(sample_data: DashboardData) -> None:
    values = sample_data.at_level("grp_per_capita", 2023, "region").to_dict()
    fig = region_map(values, {}, fmt=str, no_data="-", selected="110000000")
    regions = fig["data"][:20]
    assert [t["name"] for t in regions] == map_order()
    akmola = regions[map_order().index("110000000")]
    assert akmola["line"]["color"] == "#c00"
    legend = [t for t in fig["data"] if t.get("showlegend") is not False]
    assert len(legend) == 5
    json.dumps(fig)  # serialisable as it is


def test_clicks_map_to_regions() -> None:
    assert (
        kato_of_click({"points": [{"curveNumber": map_order().index("590000000")}]}) == "590000000"
    )
    assert (
        kato_of_click(
            {"points": [{"curveNumber": 20, "pointNumber": 1, "customdata": "750000000"}]}
        )
        == "750000000"
    )
    assert kato_of_click(None) is None
    assert kato_of_click({"points": [{"curveNumber": 99}]}) is None


def test_drill_down_lists_districts_and_settlements(sample_data: DashboardData) -> None:
    parts = overview.drill_panel(sample_data, "kk", "wage_avg", 2023, "110000000")
    text = json.dumps(
        [p.to_plotly_json() for p in parts],
        default=lambda o: o.to_plotly_json(),
        ensure_ascii=False,
    )
    assert "Ақмола облысы: аудандар" in text
    for name in ("Көкшетау Қ.Ә.", "Степногор Қ.Ә.", "Ақкөл ауданы", "Қызылжұлдыз а."):
        assert name in text
    # no region: all regions by value
    parts = overview.drill_panel(sample_data, "en", "wage_avg", 2023, None)
    assert "Regions by value" in json.dumps(
        [p.to_plotly_json() for p in parts], default=lambda o: o.to_plotly_json()
    )


def test_index_weights_change_the_ranking(sample_data: DashboardData) -> None:
    inds = index_builder.indicators(sample_data)
    assert inds == ["grp_per_capita", "wage_avg", "unemployment_rate"]
    equal = index_builder.compute(sample_data, dict.fromkeys(inds, 1.0))
    grp_only = index_builder.compute(
        sample_data, {"grp_per_capita": 1.0, "wage_avg": 0.0, "unemployment_rate": 0.0}
    )
    assert len(equal) == 20
    assert grp_only.index[0] == "790000000"  # Shymkent has the highest sample GRP per capita
    assert list(grp_only.index) != list(equal.index)
    # scores are min-max normalised weighted means: within [0, 1], best = 1 for one indicator
    assert grp_only["score"].max() == pytest.approx(1.0) and grp_only[
        "score"
    ].min() == pytest.approx(0.0)
    assert equal["score"].between(0, 1).all()


def test_an_empty_database_gives_a_page_without_tabs(mem_store: Store) -> None:
    app = create_app(data=load_dashboard_data(mem_store), lang="ru")
    assert "Дерекқорда" not in json.dumps(
        app.layout.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False
    )
    assert "В базе данных нет данных" in json.dumps(
        app.layout.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False
    )


def test_a_map_update_sends_styles_not_outlines(sample_data: DashboardData) -> None:
    from aimaq.reporting.classify import palette, quantile_breaks
    from aimaq.serving.figures import map_patch, map_style

    values = sample_data.at_level("unemployment_rate", 2023, "region")
    style = map_style(
        {str(k): float(v) for k, v in values.items()}, {}, fmt=str, no_data="-", polarity=-1
    )
    order = map_order()
    classes = quantile_breaks([float(values.get(k, float("nan"))) for k in order], 5)
    assert list(style.fill) == [palette(classes.k, -1)[c] for c in classes.index]
    patch = json.dumps(map_patch(style).to_plotly_json())
    full = json.dumps(region_map({}, {}, fmt=str, no_data="-"))
    assert len(patch) < len(full) / 5
    assert '"x"' not in patch


def test_pages_need_their_capabilities(sample_data: DashboardData) -> None:
    from aimaq.serving.pages import roadmap, srs

    # the sample database holds no SRS registry: no gaps explorer, no roadmap explorer
    assert sample_data.srs is None and sample_data.planning is None
    assert not srs.available(sample_data) and not roadmap.available(sample_data)
    layout = json.dumps(
        create_app(data=sample_data).layout.to_plotly_json(), default=lambda o: o.to_plotly_json()
    )
    assert '"tab-overview"' in layout and '"tab-index"' in layout and '"tab-srs"' not in layout


def test_kpi_page_lists_every_target_in_the_chosen_language(sample_data: DashboardData) -> None:
    from aimaq.monitoring import load_targets
    from aimaq.serving.pages import kpi

    assert kpi.available(sample_data)
    national = sample_data.kpi["national"]
    assert {r.target_id for r in national} == {t.id for t in load_targets()}
    # the sample database has no SRS or SME series: each target says it has no data
    assert {r.status for r in national} == {"no_data"}
    page = json.dumps(
        kpi.layout(sample_data, "ru").to_plotly_json(),
        default=lambda o: o.to_plotly_json(),
        ensure_ascii=False,
    )
    assert "Доля МСБ в ВВП" in page and "нет данных" in page
