"""The index builder: weight sliders over regional indicators; scores and ranks are
recomputed live with the composite-index pipeline of :mod:`aimaq.indices`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import dash
import pandas as pd
from dash import ALL, Input, Output, State, dcc, html

from aimaq.errors import AimaqError
from aimaq.reporting.i18n import Messages
from aimaq.serving.components import table
from aimaq.serving.data import DashboardData
from aimaq.serving.figures import bar_figure

KEY = "index"
#: The parts of the data (and map geometry) the page needs: see :mod:`aimaq.serving.loading`.
NEEDS = ("core",)
_CANDIDATES = (
    "grp_per_capita",
    "wage_avg",
    "cash_income_pc",
    "unemployment_rate",
    "life_expectancy",
    "doctors_per_10k",
    "housing_m2_pc",
    "roads_good_share",
    "internet_users_share",
    "waste_collection_share",
)
_MAX_INDICATORS = 6


def _pipeline() -> Any:
    try:
        from aimaq.indices.definition import parse_definition
        from aimaq.indices.pipeline import build_index
    except ImportError:
        return None
    return parse_definition, build_index


def indicators(data: DashboardData) -> list[str]:
    """The builder's indicators: regional ones with a polarity, up to six."""
    have = set(data.regional_indicators())
    pol = data.indicators["polarity"] if "polarity" in data.indicators else pd.Series(dtype=int)
    chosen = [i for i in _CANDIDATES if i in have and int(pol.get(i, 0)) in (1, -1)]
    if len(chosen) < 2:
        chosen = [i for i in data.regional_indicators() if int(pol.get(i, 0)) in (1, -1)]
    return chosen[:_MAX_INDICATORS]


def available(data: DashboardData) -> bool:
    return _pipeline() is not None and len(indicators(data)) >= 2


def input_table(data: DashboardData, inds: list[str]) -> tuple[pd.DataFrame, dict[str, int]]:
    """Regions x indicators at each indicator's latest year; regions lacking any are dropped."""
    cols: dict[str, pd.Series] = {}
    years: dict[str, int] = {}
    for ind in inds:
        year = data.years(ind)[-1]
        years[ind] = year
        cols[ind] = data.at_level(ind, year, "region")
    frame = pd.DataFrame(cols).reindex(data.regions().index)
    return frame.dropna(), years


def compute(data: DashboardData, weights: dict[str, float]) -> pd.DataFrame:
    """Scores (0-1, min-max, weighted arithmetic mean) and ranks of the regions.

    Returns a frame indexed by KATO with columns ``score`` and ``rank``, best first.
    """
    return _compute(data, tuple(sorted(weights.items()))).copy()


@lru_cache(maxsize=1024)
def _compute(data: DashboardData, items: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    weights = dict(items)
    pipeline = _pipeline()
    if pipeline is None:
        raise AimaqError("the composite-index pipeline (aimaq.indices) is not installed")
    parse_definition, build_index = pipeline
    inds = [i for i in weights if weights[i] > 0]
    if not inds:
        raise AimaqError("at least one weight must be positive")
    frame, _ = input_table(data, list(weights))
    definition = parse_definition(
        {
            "name": "dashboard",
            "indicators": [{"id": i} for i in inds],
            "groups": [
                {"id": "index", "members": inds, "weights": {i: float(weights[i]) for i in inds}}
            ],
        },
        "dashboard weights",
    )
    polarity = {i: int(str(data.indicators.at[i, "polarity"])) for i in inds}
    result = build_index(definition, frame[inds], polarity=polarity)
    out = pd.DataFrame({"score": result.scores, "rank": result.ranks})
    return out.sort_values(["rank", "score"], ascending=[True, False])


def layout(data: DashboardData, lang: str) -> html.Div:
    t = Messages(lang)
    inds = indicators(data)
    _, years = input_table(data, inds)
    sliders = [
        html.Div(
            [
                html.Label(f"{data.indicator_name(i, lang)} ({years[i]})", htmlFor=f"weight-{i}"),
                dcc.Slider(
                    id={"type": "weight", "index": i},
                    min=0,
                    max=5,
                    step=1,
                    value=1,
                    marks={v: str(v) for v in range(6)},
                ),
            ],
            className="weight",
            id=f"weight-{i}",
        )
        for i in inds
    ]
    return html.Div(
        [
            html.P(t("dash.index_intro")),
            html.Div(
                [
                    html.Div([html.H3(t("dash.weights")), *sliders], className="weights"),
                    html.Div(
                        [
                            dcc.Graph(id="index-chart", config={"displayModeBar": False}),
                            html.Div(id="index-table"),
                        ],
                        className="index-out",
                    ),
                ],
                className="index-page",
            ),
        ]
    )


def register(app: dash.Dash, data: DashboardData) -> None:
    @app.callback(
        Output("index-chart", "figure"),
        Output("index-table", "children"),
        Input({"type": "weight", "index": ALL}, "value"),
        State({"type": "weight", "index": ALL}, "id"),
        State("lang", "value"),
    )
    def _recompute(
        values: list[float], ids: list[dict[str, str]], lang: str
    ) -> tuple[dict[str, Any], Any]:
        t = Messages(lang)
        weights = {i["index"]: float(v or 0) for i, v in zip(ids, values, strict=True)}
        if not any(w > 0 for w in weights.values()):
            return bar_figure([], []), html.P(t("dash.no_data"))
        scores = compute(data, weights)
        labels = [data.name(k, lang) for k in scores.index]
        rows = [
            (int(r["rank"]), data.name(str(k), lang), float(r["score"]))
            for k, r in scores.iterrows()
        ]
        fig = bar_figure(labels, scores["score"].tolist())
        return fig, table(
            [t("col.rank"), t("col.region"), t("col.score")],
            rows,
            t,
            table_id="rank-table",
            digits=3,
        )
