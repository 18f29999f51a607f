"""The Dash application: offline (every script and style served from this machine),
trilingual, reading its data once at start-up."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import dash
from dash import Input, Output, dcc, html

from aimaq.reporting.i18n import LANGUAGES, Messages, check_lang
from aimaq.serving.data import DashboardData, open_dashboard_data
from aimaq.serving.pages import districts, index_builder, kpi, overview, roadmap, srs, strategy

#: The pages, in tab order: (key, message key of the tab label, module).
PAGES: tuple[tuple[str, str, Any], ...] = (
    (overview.KEY, "dash.overview", overview),
    (districts.KEY, "district_maps.title", districts),
    (index_builder.KEY, "dash.index", index_builder),
    (srs.KEY, "dash.srs", srs),
    (roadmap.KEY, "dash.roadmap", roadmap),
    (kpi.KEY, "section.kpi", kpi),
    (strategy.KEY, "strategy.title", strategy),
)


def _assets_folder() -> str:
    return str(resources.files("aimaq.serving") / "assets")


def page_layout(data: DashboardData, lang: str, pages: list[tuple[str, str, Any]]) -> html.Div:
    """Everything below the header, in one language."""
    t = Messages(lang)
    tabs = [
        dcc.Tab(label=t(label), value=key, children=module.layout(data, lang), id=f"tab-{key}")
        for key, label, module in pages
    ]
    return html.Div(
        [
            html.H1(t("dash.title"), id="title"),
            dcc.Tabs(id="tabs", value=pages[0][0] if pages else None, children=tabs)
            if pages
            else html.P(t("report.no_sections")),
        ]
    )


def create_app(
    db: str | Path | None = None, *, lang: str = "en", data: DashboardData | None = None
) -> dash.Dash:
    """The dashboard for a database (opened read-only, read once).

    Parameters
    ----------
    db
        Database path (default: ``$AIMAQ_DB`` or the per-user data folder).
    lang
        Starting language (the page has a switch).
    data
        Already loaded data (for tests); ``db`` is then ignored.

    Examples
    --------
    >>> from aimaq.data.store import Store
    >>> from aimaq.serving.data import load_dashboard_data
    >>> store = Store(":memory:"); _ = store.migrate()
    >>> app = create_app(data=load_dashboard_data(store))
    >>> app.config.serve_locally
    True
    """
    check_lang(lang)
    loaded = data if data is not None else open_dashboard_data(db)
    pages = [p for p in PAGES if p[2].available(loaded)]
    app = dash.Dash(
        __name__,
        title="aimaq",
        assets_folder=_assets_folder(),
        serve_locally=True,
        external_scripts=[],
        external_stylesheets=[],
        suppress_callback_exceptions=True,
        update_title="",  # no "Updating..." in the tab title while callbacks run
    )
    t = Messages(lang)
    app.layout = html.Div(
        [
            html.Header(
                [
                    html.Span("aimaq", className="brand"),
                    html.Label(t("dash.language"), htmlFor="lang", className="lang-label"),
                    dcc.RadioItems(
                        id="lang",
                        options=[
                            {"label": Messages(code)("language"), "value": code}
                            for code in LANGUAGES
                        ],
                        value=lang,
                        inline=True,
                    ),
                ],
                className="top",
            ),
            dcc.Store(id="region", data=None),
            html.Main(page_layout(loaded, lang, pages), id="page"),
        ]
    )

    @app.callback(Output("page", "children"), Input("lang", "value"), prevent_initial_call=True)
    def _switch(code: str) -> html.Div:
        return page_layout(loaded, check_lang(code), pages)

    for _, _, module in pages:
        module.register(app, loaded)
    return app
