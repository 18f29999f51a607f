"""The roadmap explorer: an annual budget, and SRS provision year by year under the
allocation rules of :mod:`aimaq.planning` (per capita, by needs), side by side; for the
whole country or one region (as ``aimaq roadmap --territory``), with the provision of each
district before and after."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import dash
import pandas as pd
from dash import Input, Output, State, dcc, html

from aimaq.reporting.i18n import Messages
from aimaq.serving.components import table
from aimaq.serving.data import COUNTRY, DashboardData
from aimaq.serving.figures import line_figure

KEY = "roadmap"
#: The parts of the data (and map geometry) the page needs: see :mod:`aimaq.serving.loading`.
NEEDS = ("core", "srs", "planning")
RULES: tuple[str, ...] = ("per-capita", "needs")
FIRST_YEAR, LAST_YEAR = 2025, 2030
#: Starting budget, bn KZT a year: "Auyl - El Besigi" spent 701 bn KZT in 2019-2024
#: (SOURCES.md); its yearly average is an assumption for the plan, not a published budget.
DEFAULT_BUDGET_BN = 117
DEFAULT_SLIDER_BN = 115  # the slider step nearest to it


def available(data: DashboardData) -> bool:
    return data.planning is not None


@lru_cache(maxsize=32)
def planning_input(data: DashboardData, territory: str | None) -> Any:
    """The roadmap's inputs for the country (``None``) or restricted to one territory, by
    :meth:`aimaq.planning.inputs.PlanningInput.within` (what ``--territory`` uses)."""
    return data.planning if territory is None else data.planning.within(territory)


@lru_cache(maxsize=64)
def plan(
    data: DashboardData, budget_bn: float, territory: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """For a budget (bn KZT a year) and the country or one territory: trajectories (rule,
    year, national, urban, rural), totals per rule, and provision by district (rule,
    district_kato, region_kato, projects, cost_kzt, provision_now, provision_end)."""
    from aimaq.planning.result import area_table, trajectory
    from aimaq.planning.rules import allocate

    inp = planning_input(data, territory)
    problem = inp.problem(budget=budget_bn * 1e9, first_year=FIRST_YEAR, last_year=LAST_YEAR)
    trajectories, totals, districts = [], [], []
    for rule in RULES:
        start = allocate(problem, rule).start
        trajectories.append(trajectory(problem, start).assign(rule=rule))
        districts.append(area_table(problem, start, "district").assign(rule=rule))
        funded = start >= 0
        totals.append(
            {
                "rule": rule,
                "spent_bn": float(problem.projects.loc[funded, "cost_kzt"].sum()) / 1e9,
                "projects": int(funded.sum()),
            }
        )
    return (
        pd.concat(trajectories, ignore_index=True),
        pd.DataFrame(totals),
        pd.concat(districts, ignore_index=True),
    )


def territories(data: DashboardData, lang: str) -> list[dict[str, str]]:
    """The choices of the territory picker: Kazakhstan, then each region of the registry
    by name in ``lang``."""
    t = Messages(lang)
    held = set(data.planning.settlements["region_kato"].astype(str))
    regions = sorted(
        ({"label": data.name(k, lang), "value": k} for k in held),
        key=lambda o: o["label"],
    )
    return [{"label": t("roadmap.national"), "value": COUNTRY}, *regions]


def layout(data: DashboardData, lang: str) -> html.Div:
    t = Messages(lang)
    return html.Div(
        [
            html.P(t("dash.roadmap_intro", first=FIRST_YEAR, last=LAST_YEAR)),
            html.P(
                f"{t('dash.roadmap_budget_note', budget=DEFAULT_BUDGET_BN)} "
                f"{t('dash.roadmap_territory_note')}",
                className="hint",
            ),
            html.Label(
                [
                    t("col.territory"),
                    dcc.Dropdown(
                        id="roadmap-territory",
                        options=territories(data, lang),  # type: ignore[arg-type]
                        value=COUNTRY,
                        clearable=False,
                    ),
                ],
                className="picker wide",
            ),
            html.Label(t("dash.roadmap_budget"), htmlFor="budget", className="slider-label"),
            dcc.Slider(
                id="budget",
                min=5,
                max=300,
                step=5,  # fine enough for one region, whose gaps cost far less
                value=DEFAULT_SLIDER_BN,
                marks={v: str(v) for v in (5, *range(25, 301, 25))},
            ),
            dcc.Loading(html.Div(id="roadmap-out")),
        ],
        className="srs-page",
    )


def _district_table(
    data: DashboardData, t: Messages, districts: pd.DataFrame, labels: dict[str, str], year: int
) -> Any:
    """Each district's provision now and at the end under each rule, lowest first."""
    end = {
        (str(k), str(r)): float(v)
        for k, r, v in zip(
            districts["district_kato"], districts["rule"], districts["provision_end"], strict=True
        )
    }
    now = {
        str(k): float(v)
        for k, v in districts.groupby("district_kato")["provision_now"].first().items()
    }
    rows = [
        (k, data.name(k, t.lang), now[k], *(end.get((k, r), float("nan")) for r in RULES))
        for k in sorted(now, key=now.__getitem__)
    ]
    columns = [
        t("col.kato"),
        t("col.district"),
        t("dash.roadmap_now", year=data.planning.year),
        *(f"{labels[r]}, {year}" for r in RULES),
    ]
    return table(columns, rows, t, table_id="roadmap-districts")


def outputs(data: DashboardData, lang: str, budget: float, territory: str | None) -> list[Any]:
    """The chart and tables of a plan: totals per rule and, for one territory, its
    districts' provision now and at the end under each rule."""
    from aimaq.errors import AimaqError

    t = Messages(lang)
    try:
        traj, totals, districts = plan(data, float(budget), territory)
    except AimaqError as exc:
        return [html.P(t("roadmap.failed", reason=str(exc)), className="warning")]
    label = {r: t.get(f"roadmap.rule.{r}", r) for r in RULES}
    where = t("roadmap.national") if territory is None else data.name(territory, lang)
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
            float(last.at[rule, "urban"]) if "urban" in last else float("nan"),
            float(last.at[rule, "rural"]) if "rural" in last else float("nan"),
        )
        for rule, spent, projects in zip(
            totals["rule"], totals["spent_bn"], totals["projects"], strict=True
        )
    ]
    year = int(traj["year"].max())
    gaps_cost = float(districts.loc[districts["rule"] == RULES[0], "gaps_cost_kzt"].sum()) / 1e9
    parts: list[Any] = [
        html.H3(where, id="roadmap-where"),
        html.P(
            t("dash.roadmap_gaps_cost", where=where, cost=t.number(gaps_cost, 0)), className="hint"
        ),
        dcc.Graph(
            id="roadmap-chart",
            figure=line_figure(series, title=f"{t('roadmap.trajectory')}: {where}"),
            config={"displayModeBar": False},
        ),
        table(
            [
                t("roadmap.rule_col"),
                t("roadmap.spent_bn"),
                t("roadmap.projects"),
                f"{where}, {year}",
                f"{t('roadmap.urban')}, {year}",
                f"{t('roadmap.rural')}, {year}",
            ],
            rows,
            t,
            table_id="roadmap-table",
        ),
    ]
    if territory is not None:
        title = html.H4(t("dash.roadmap_districts", year=year))
        parts += [title, _district_table(data, t, districts, label, year)]
    return parts


def register(app: dash.Dash, data: DashboardData) -> None:
    @app.callback(
        Output("roadmap-out", "children"),
        Input("budget", "value"),
        Input("roadmap-territory", "value"),
        State("lang", "value"),
    )
    def _plan(budget: float | None, territory: str | None, lang: str) -> list[Any]:
        if not budget:
            return [html.P(Messages(lang)("dash.no_data"))]
        chosen = None if territory in (None, COUNTRY) else territory
        return outputs(data, lang, float(budget), chosen)
