"""End to end in a real browser: the dashboard and the HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import ARTIFACTS, chromium

from aimaq.data.store import Store
from aimaq.reporting.build import build_report
from aimaq.reporting.geometry import region_shapes
from aimaq.reporting.html import write_html
from aimaq.serving.app import create_app
from aimaq.serving.server import start_in_thread

pytestmark = pytest.mark.browser

_KX = __import__("math").cos(__import__("math").radians(48.0))


@pytest.fixture(scope="module")
def server(sample_db: Path) -> Any:
    running = start_in_thread(create_app(sample_db, lang="en"))
    yield running
    running.stop()


def _outside(requests: list[str], base: str) -> list[str]:
    return [
        u for u in requests if not (u.startswith(base + "/") or u.startswith(("data:", "blob:")))
    ]


def _click_region(page: Any, kato: str) -> None:
    """Click inside a region's outline, at a point found from its geometry."""
    point = region_shapes(0.02)[kato].representative_point()
    x, y = page.evaluate(
        """([x, y]) => { const gd = document.querySelector('#region-map .js-plotly-plot');
            const L = gd._fullLayout; const xa = L.xaxis, ya = L.yaxis;
            const box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(y)]; }""",
        [point.x * _KX, point.y],
    )
    page.mouse.move(x, y)
    page.wait_for_timeout(200)
    page.mouse.click(x, y)


def _rank_order(page: Any) -> list[str]:
    return page.locator("#rank-table tbody tr td:nth-child(2)").all_inner_texts()


def test_dashboard_end_to_end(server: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(server.url)
        # the map renders: one filled outline per region
        page.wait_for_selector("#region-map .scatterlayer .trace", timeout=30_000)
        page.wait_for_function(
            "document.querySelectorAll('#region-map .scatterlayer .trace').length >= 21"
        )
        page.wait_for_selector("#region-chart .bars", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "dashboard-map.png"))

        # a click on Akmola Region drills down to its districts and settlements
        _click_region(page, "110000000")
        page.wait_for_selector("#drill-title", timeout=20_000)
        assert page.inner_text("#drill-title") == "Akmola Region: districts"
        rows = page.locator("#district-table tbody tr").all_inner_texts()
        assert len(rows) == 3 and any("Akkol District" in r for r in rows)
        assert page.locator("#settlement-table tbody tr").count() == 3
        page.screenshot(path=str(ARTIFACTS / "dashboard-drilldown.png"))
        page.click("#back")
        page.wait_for_selector("#region-chart", timeout=20_000)

        # the index builder: moving a weight changes the ranking
        page.click("text=Index builder")
        page.wait_for_selector("#rank-table tbody tr", timeout=20_000)
        before = _rank_order(page)
        assert len(before) == 20
        handle = page.locator("#weight-grp_per_capita [role=slider]").first
        handle.focus()
        for _ in range(4):
            handle.press("ArrowRight")  # weight 1 -> 5
        page.wait_for_function(
            "(b) => { const c = [...document.querySelectorAll('#rank-table tbody tr td:nth-child(2)')].map(e => e.innerText);"
            " return c.length === 20 && c.join('|') !== b; }",
            arg="|".join(before),
            timeout=20_000,
        )
        after = _rank_order(page)
        assert after != before and sorted(after) == sorted(before)
        page.screenshot(path=str(ARTIFACTS / "dashboard-index.png"))

        # the language switch changes the labels
        page.click("text=Қазақша")
        page.wait_for_function(
            "document.querySelector('#title').innerText === 'aimaq — өңірлер тақтасы'",
            timeout=20_000,
        )
        assert page.locator("text=Индекс құрастырушы").count() >= 1
        page.click("text=Русский")
        page.wait_for_function(
            "document.querySelector('#title').innerText === 'aimaq — панель регионов'",
            timeout=20_000,
        )
        page.screenshot(path=str(ARTIFACTS / "dashboard-ru.png"))

        assert requests, "the page made no request at all"
        assert _outside(requests, server.url) == []


def test_report_opens_offline_with_its_sections(sample_db: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with Store(sample_db, read_only=True) as store:
        path = write_html(build_report(store, "kk"), tmp_path / "report.html")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1100, "height": 1400})  # type: ignore[attr-defined]
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri())
        titles = page.locator("section > h2").all_inner_texts()
        assert titles == [
            "Ел бойынша қорытынды",
            "Өңірлер бейіні",
            "Өңірлер картасы",
            "Аудандар картасы",
            "Рейтингтер",
            "Нысаналы аумақтар",
            "Өңірлік теңсіздік",
            "Экономика құрылымы",
            "Өңірлік стандарттар жүйесі бойынша қамтамасыз етілу",
            "Негізгі тиімділік көрсеткіштері",
            "Өңірлер бойынша стратегия",
            "Әдістер мен дереккөздер",
        ]
        # the two sections the sample cannot build say so in their place
        warnings = page.locator("#ratings p.warning, #srs p.warning").all_inner_texts()
        assert len(warnings) == 2
        assert all(w.startswith("Бұл бөлімді құру мүмкін болмады: ") for w in warnings)
        assert page.locator("#maps svg.map path.region").count() == 3 * 20
        assert page.locator(".card").count() == 20
        page.screenshot(path=str(ARTIFACTS / "report-first-page.png"))
        page.locator("#maps").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "report-maps.png"))
        assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
