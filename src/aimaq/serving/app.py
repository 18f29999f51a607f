"""The Dash application: offline (every script and style served from this machine),
trilingual, answering at once while its data are read in the background.

The first answer is the page frame with a "Loading data…" notice; an interval asks the
server until the data of the tab being looked at are ready, then the tab is drawn. Only
the chosen tab is built, and a tab whose data could not be built says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import dash
import flask
from dash import Input, Output, State, dcc, html

from aimaq.reporting.i18n import LANGUAGES, Messages, check_lang
from aimaq.serving.data import DashboardData
from aimaq.serving.loading import FAILED, PENDING, READY, Loader, PartState
from aimaq.serving.pages import (
    districts,
    index_builder,
    kpi,
    overview,
    roadmap,
    shock,
    srs,
    strategy,
)

#: The pages, in tab order: (key, message key of the tab label, module).
PAGES: tuple[tuple[str, str, Any], ...] = (
    (overview.KEY, "dash.overview", overview),
    (districts.KEY, "district_maps.title", districts),
    (index_builder.KEY, "dash.index", index_builder),
    (srs.KEY, "dash.srs", srs),
    (roadmap.KEY, "dash.roadmap", roadmap),
    (kpi.KEY, "section.kpi", kpi),
    (strategy.KEY, "strategy.title", strategy),
    (shock.KEY, "economy.shock_title", shock),
)
#: How often the page asks whether the data it waits for are ready, ms.
POLL_MS = 400
STATUS_PATH = "/_aimaq/status"


def _assets_folder() -> str:
    return str(resources.files("aimaq.serving") / "assets")


def loader_of(app: dash.Dash) -> Loader:
    """The loader of an app made by :func:`create_app`."""
    loader: Loader = app.server.extensions["aimaq_loader"]
    return loader


@dataclass(frozen=True)
class View:
    """What the page shows: the language, the tab, and the state of the tab's data."""

    lang: str
    tab: str | None
    state: str

    def to_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "tab": self.tab, "state": self.state}


def _page_state(loader: Loader, module: Any) -> PartState:
    return loader.page_state(getattr(module, "NEEDS", ("core",)))


def visible_pages(loader: Loader, selected: str | None = None) -> list[tuple[str, str, Any]]:
    """The tabs: pages whose data are ready and that have something to show, pages still
    being built or that failed (they say so), and the selected one in any case."""
    out = []
    for key, label, module in PAGES:
        state = _page_state(loader, module)
        if (
            key == selected
            or state.state in (PENDING, FAILED)
            or (state.state == READY and module.available(loader.data))
        ):
            out.append((key, label, module))
    return out


def current_view(loader: Loader, lang: str, tab: str | None) -> View:
    """The view for a language and a requested tab (the first tab when it is not shown)."""
    core = loader.state("core")
    if core.state != READY:
        return View(lang, None, f"core:{core.state}")
    keys = [k for k, _, _ in visible_pages(loader, tab)]
    key = tab if tab in keys else (keys[0] if keys else None)
    if key is None:
        return View(lang, None, READY)
    module = next(m for k, _, m in PAGES if k == key)
    return View(lang, key, _page_state(loader, module).state)


def _notice(t: Messages, state: PartState) -> html.Div | html.P:
    if state.state == PENDING:
        return html.Div(
            [html.Span(className="spinner"), html.Span(t("dash.loading"))],
            className="loading",
            id="loading",
        )
    key = "dash.load_failed" if state.state == FAILED else "dash.load_absent"
    return html.P(t(key, reason=state.reason), className="warning", id="load-error")


def tab_body(loader: Loader, lang: str, key: str) -> Any:
    """One tab's content: the page, or a notice that its data are loading or why they
    are missing."""
    t = Messages(lang)
    module = next(m for k, _, m in PAGES if k == key)
    state = _page_state(loader, module)
    if state.state != READY:
        return _notice(t, state)
    if not module.available(loader.data):
        return html.P(t("dash.no_data"), className="warning", id="load-error")
    return module.layout(loader.data, lang)


def page_layout(loader: Loader, view: View) -> html.Div:
    """Everything below the header, for a view."""
    t = Messages(view.lang)
    title = html.H1(t("dash.title"), id="title")
    core = loader.state("core")
    if core.state != READY:
        return html.Div([title, _notice(t, core)])
    pages = visible_pages(loader, view.tab)
    if view.tab is None:
        return html.Div([title, html.P(t("report.no_sections"))])
    tabs = [dcc.Tab(label=t(label), value=key, id=f"tab-{key}") for key, label, _ in pages]
    return html.Div(
        [
            title,
            dcc.Tabs(id="tabs", value=view.tab, children=tabs),
            html.Div(tab_body(loader, view.lang, view.tab), id="tab-body"),
        ]
    )


def create_app(
    db: str | Path | None = None,
    *,
    lang: str = "en",
    data: DashboardData | None = None,
) -> dash.Dash:
    """The dashboard for a database (opened read-only, read once, in the background).

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
    if data is not None:
        loader = Loader.loaded(data)
    else:
        loader = Loader(DashboardData.pending(str(db) if db is not None else ""), db)
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
    app.server.extensions["aimaq_loader"] = loader
    t = Messages(lang)
    first = current_view(loader, lang, None)
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
            dcc.Store(id="tab", data=first.tab),
            dcc.Store(id="shown", data=first.to_dict()),
            dcc.Interval(
                id="load-poll", interval=POLL_MS, disabled=not first.state.endswith(PENDING)
            ),
            html.Main(page_layout(loader, first), id="page"),
        ]
    )

    @app.callback(Output("tab", "data"), Input("tabs", "value"), prevent_initial_call=True)
    def _pick(key: str | None) -> str | None:
        module = next((m for k, _, m in PAGES if k == key), None)
        if module is not None:
            loader.want(getattr(module, "NEEDS", ()))
        return key

    @app.callback(
        Output("page", "children"),
        Output("load-poll", "disabled"),
        Output("shown", "data"),
        Input("lang", "value"),
        Input("tab", "data"),
        Input("load-poll", "n_intervals"),
        State("shown", "data"),
        prevent_initial_call=True,
    )
    def _render(code: str, tab: str | None, _ticks: int | None, shown: Any) -> Any:
        view = current_view(loader, check_lang(code), tab)
        waiting = view.state.endswith(PENDING)
        if view.to_dict() == shown:
            return dash.no_update, not waiting, dash.no_update
        return page_layout(loader, view), not waiting, view.to_dict()

    @app.server.route(STATUS_PATH)
    def _status() -> flask.Response:
        return flask.jsonify(loader.summary())

    for _, _, module in PAGES:
        module.register(app, loader.data)
    loader.start()
    return app
