"""A territory's strategy: pick a region, see its diagnosis and the measures whose
triggers fire there, with the evidence, the institutions and the source of each.

Built on demand for the chosen region (the lagging index with its rank intervals takes
seconds) and kept for the session; the database is opened read-only for each build and
closed again, so imports are never blocked by the dashboard."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import dash
from dash import Input, Output, State, dcc, html

from aimaq.reporting.i18n import Messages
from aimaq.serving.components import table
from aimaq.serving.data import DashboardData

KEY = "strategy"
#: The parts of the data (and map geometry) the page needs: see :mod:`aimaq.serving.loading`.
NEEDS = ("core",)
DRAWS = 100


def available(data: DashboardData) -> bool:
    regions = data.territories[data.territories.level == "region"]
    return bool(len(regions)) and data.source != ":memory:" and Path(data.source).is_file()


def _regions(data: DashboardData, lang: str) -> list[dict[str, str]]:
    t = data.territories
    current = t[(t.level == "region") & t.valid_to.isna()].index
    return sorted(
        ({"label": data.name(str(k), lang), "value": str(k)} for k in current),
        key=lambda o: o["label"],
    )


def layout(data: DashboardData, lang: str) -> html.Div:
    t = Messages(lang)
    options = _regions(data, lang)
    return html.Div(
        [
            html.P(t("strategy.intro")),
            html.Label(t("col.region"), htmlFor="strategy-region"),
            dcc.Dropdown(
                id="strategy-region",
                options=options,  # type: ignore[arg-type]
                value=options[0]["value"] if options else None,
                clearable=False,
            ),
            dcc.Loading(html.Div(id="strategy-out")),
        ],
        className="strategy-page",
    )


@lru_cache(maxsize=64)
def strategy_of(source: str, kato: str, lang: str) -> Any:
    """The strategy of one territory, built once per database, territory and language."""
    from aimaq.data.store import Store
    from aimaq.strategy.recommend import recommend

    with Store.open(source) as store:
        (only,) = recommend(store, katos=[kato], lang=lang, index_draws=DRAWS)
    return only


def _body(s: Any, t: Messages, data: DashboardData) -> list[Any]:
    from aimaq.reporting.sections.strategy import (
        effect_text,
        evidence_text,
        fiscal_text,
        problem_text,
        source_title,
    )

    d = s.diagnosis
    parts: list[Any] = [html.H3(s.name), html.P(problem_text(t, d))]
    fiscal = fiscal_text(t, d)
    if fiscal:
        parts.append(html.P(fiscal))
    if d.weaknesses:
        parts.append(
            html.P(t("strategy.weaknesses", items=", ".join(f.name for f in d.weaknesses[:3])))
        )
    if d.strengths:
        parts.append(
            html.P(t("strategy.strengths", items=", ".join(f.name for f in d.strengths[:3])))
        )
    if not s.recommendations:
        parts.append(html.P(t("strategy.none", reason=s.no_measure_reason or ""), className="note"))
        return parts
    rows = [
        (
            str(rank),
            r.name,
            evidence_text(t, r, lambda ind: data.indicator_name(ind, t.lang)),
            "; ".join(i["name"] for i in r.institutions),
            source_title(r, t.lang),
            effect_text(t, r),
        )
        for rank, r in enumerate(s.recommendations, start=1)
    ]
    parts.append(
        table(
            [
                t("strategy.col.rank"),
                t("strategy.col.measure"),
                t("strategy.col.evidence"),
                t("strategy.col.who"),
                t("strategy.col.source"),
                t("strategy.effect_col"),
            ],
            rows,
            t,
            table_id="strategy-table",
        )
    )
    if any(r.synthetic for r in s.recommendations):
        parts.append(html.P(t("strategy.synthetic"), className="warning"))
    return parts


def register(app: dash.Dash, data: DashboardData) -> None:
    @app.callback(
        Output("strategy-out", "children"),
        Input("strategy-region", "value"),
        State("lang", "value"),
    )
    def _show(kato: str | None, lang: str) -> list[Any]:
        t = Messages(lang)
        if not kato:
            return [html.P(t("dash.no_data"))]
        return _body(strategy_of(data.source, kato, lang), t, data)
