"""The roadmap explorer: an annual budget, and SRS provision year by year under the
allocation rules of :mod:`aimaq.planning` (per capita, by needs), side by side."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import dash
import pandas as pd
from dash import Input, Output, State, dcc, html

from aimaq.reporting.i18n import Messages
from aimaq.serving.components import table
from aimaq.serving.data import DashboardData
from aimaq.serving.figures import line_figure

KEY = "roadmap"
#: The parts of the data (and map geometry) the page needs: see :mod:`aimaq.serving.loading`.
NEEDS = ("core", "srs", "planning")
RULES: tuple[str, ...] = ("per-capita", "needs")
FIRST_YEAR, LAST_YEAR = 2025, 2030
#: Starting budget, bn KZT a year: "Auyl - El Besigi" spent 701 bn KZT in 2019-2024
#: (SOURCES.md); its yearly average is an assumption for the plan, not a published budget.
DEFAULT_BUDGET_BN = 117
DEFAULT_SLIDER_BN = 125  # the slider step nearest to it


def available(data: DashboardData) -> bool:
    return data.planning is not None


@lru_cache(maxsize=64)
def plan(data: DashboardData, budget_bn: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Trajectories (rule, year, national, urban, rural) and totals per rule for a budget."""
    from aimaq.planning.result import trajectory
    from aimaq.planning.rules import allocate

    inp = data.planning
    problem = inp.problem(budget=budget_bn * 1e9, first_year=FIRST_YEAR, last_year=LAST_YEAR)
    trajectories, totals = [], []
    for rule in RULES:
        start = allocate(problem, rule).start
        trajectories.append(trajectory(problem, start).assign(rule=rule))
        funded = start >= 0
        totals.append(
            {
                "rule": rule,
                "spent_bn": float(problem.projects.loc[funded, "cost_kzt"].sum()) / 1e9,
                "projects": int(funded.sum()),
            }
        )
    return pd.concat(trajectories, ignore_index=True), pd.DataFrame(totals)


def layout(data: DashboardData, lang: str) -> html.Div:
    t = Messages(lang)
    return html.Div(
        [
            html.P(t("dash.roadmap_intro", first=FIRST_YEAR, last=LAST_YEAR)),
            html.P(t("dash.roadmap_budget_note", budget=DEFAULT_BUDGET_BN), className="hint"),
            html.Label(t("dash.roadmap_budget"), htmlFor="budget"),
            dcc.Slider(
                id="budget",
                min=25,
                max=300,
                step=25,
                value=DEFAULT_SLIDER_BN,
                marks={v: str(v) for v in range(25, 301, 25)},
            ),
            dcc.Loading(html.Div(id="roadmap-out")),
        ],
        className="srs-page",
    )


def register(app: dash.Dash, data: DashboardData) -> None:
    @app.callback(
        Output("roadmap-out", "children"), Input("budget", "value"), State("lang", "value")
    )
    def _plan(budget: float | None, lang: str) -> list[Any]:
        t = Messages(lang)
        if not budget:
            return [html.P(t("dash.no_data"))]
        traj, totals = plan(data, float(budget))
        label = {r: t.get(f"roadmap.rule.{r}", r) for r in RULES}
        series = [
            (label[str(r)], g["year"].astype(int).tolist(), g["national"].astype(float).tolist())
            for r, g in traj.groupby("rule", sort=False)
        ]
        last = traj[traj["year"] == traj["year"].max()].set_index("rule")
        rows = [
            (
                label[str(rule)],
                float(spent),
                int(projects),
                float(last.at[rule, "national"]),
                float(last.at[rule, "urban"]),
                float(last.at[rule, "rural"]),
            )
            for rule, spent, projects in zip(
                totals["rule"], totals["spent_bn"], totals["projects"], strict=True
            )
        ]
        year = int(traj["year"].max())
        return [
            dcc.Graph(
                id="roadmap-chart",
                figure=line_figure(series, title=t("roadmap.trajectory")),
                config={"displayModeBar": False},
            ),
            table(
                [
                    t("roadmap.rule_col"),
                    t("roadmap.spent_bn"),
                    t("roadmap.projects"),
                    f"{t('roadmap.national')}, {year}",
                    f"{t('roadmap.urban')}, {year}",
                    f"{t('roadmap.rural')}, {year}",
                ],
                rows,
                t,
                table_id="roadmap-table",
            ),
        ]
