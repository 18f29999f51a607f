"""The shock scenario of a single-industry town: its city-forming enterprise closes.

Pick a town (the ``single_industry_town`` tag), the jobs lost and, if wanted, the town's
own figures and the model's parameters (defaults from :mod:`aimaq.economy` ``shock.yaml``);
the page shows unemployment before and after, the people who may leave, the wage fund and
local budget revenue lost, and the SRS provision of the town's settlements, each in the
low, central and high scenario, with every parameter's source and ASSUMPTION label.
Computed by :func:`aimaq.reporting.economy_srs.town_shock`, the function behind
``aimaq scenario shock``; the database is opened read-only for each new scenario.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import dash
from dash import Input, Output, State, dcc, html

from aimaq.errors import AimaqError
from aimaq.reporting.i18n import Messages
from aimaq.serving.components import table
from aimaq.serving.data import DashboardData
from aimaq.serving.figures import grouped_bar_figure

KEY = "shock"
#: The parts of the data (and map geometry) the page needs: see :mod:`aimaq.serving.loading`.
NEEDS = ("core", "towns")
SCENARIOS = ("low", "central", "high")
#: Parameters the page lets the user change (the others are shown with their sources).
EDITABLE = ("multiplier", "out_migration_share")
#: Rows of the results: (message key suffix, scale of the shown value; 0 = a count of
#: people or jobs, shown whole).
_ROWS: tuple[tuple[str, float], ...] = (
    ("direct", 0),
    ("multiplier", 1.0),
    ("jobs_lost_total", 0),
    ("indirect_induced", 0),
    ("unemployment_rate_before", 100.0),
    ("unemployment_rate_impact", 100.0),
    ("leavers_workers", 0),
    ("leavers_population", 0),
    ("unemployment_rate_after_migration", 100.0),
    ("population_after", 0),
    ("population_change_share", 100.0),
    ("wage_fund_lost_kzt", 1e-6),
    ("iit_lost_kzt", 1e-6),
    ("local_budget_lost_kzt", 1e-6),
)
_INPUTS = ("jobs", "share", "labour-force", "unemployment", "wage", "population")


def available(data: DashboardData) -> bool:
    return bool(data.towns) and data.source != ":memory:" and Path(data.source).is_file()


def _parameters() -> Any:
    from aimaq.economy.shock import load_parameters

    return load_parameters()


def towns(data: DashboardData, lang: str) -> list[dict[str, str]]:
    """The tagged towns by name in ``lang``, with their region."""
    t = data.territories
    out = []
    for kato in data.towns:
        region = f"{kato[:2]}0000000"
        label = data.name(kato, lang)
        if kato in t.index and region != kato:
            label = f"{label} ({data.name(region, lang)})"
        out.append({"label": label, "value": kato})
    return sorted(out, key=lambda o: o["label"])


def _number(key: str, label: str, value: float | None = None, **extra: Any) -> html.Label:
    return html.Label(
        [label, dcc.Input(id=f"shock-{key}", type="number", value=value, debounce=True, **extra)],
        className="shock-input",
    )


def layout(data: DashboardData, lang: str) -> html.Div:
    t = Messages(lang)
    options = towns(data, lang)
    params = _parameters()
    edits = []
    for name in EDITABLE:
        p = getattr(params, name)
        label = t("economy.multiplier" if name == "multiplier" else "economy.out_migration")
        edits.append(
            html.Div(
                [
                    html.Span(f"{label} ({t('economy.shock_scale')})", className="shock-label"),
                    *(
                        dcc.Input(
                            id={"type": "shock-param", "index": f"{name}.{s}"},
                            type="number",
                            value=p.value(s),
                            step=0.05,
                            debounce=True,
                            className="shock-param",
                        )
                        for s in SCENARIOS
                    ),
                ],
                className="shock-edit",
            )
        )
    return html.Div(
        [
            html.P(t("economy.shock_intro")),
            html.Label(
                [
                    t("economy.town"),
                    dcc.Dropdown(
                        id="shock-town",
                        options=options,  # type: ignore[arg-type]
                        value=options[0]["value"] if options else None,
                        clearable=False,
                    ),
                ],
                className="picker wide",
            ),
            html.Div(
                [
                    _number("jobs", t("economy.jobs_lost"), min=0),
                    _number("share", t("economy.shock_share"), min=0, max=100),
                    _number("labour-force", t("economy.labour_force"), min=0),
                    _number("unemployment", t("economy.unemployment_rate"), min=0, max=100),
                    _number("wage", t("economy.wage"), min=0),
                    _number("population", t("economy.shock_population"), min=0),
                ],
                className="shock-inputs",
            ),
            html.H4(t("economy.shock_edit")),
            *edits,
            dcc.Loading(html.Div(id="shock-out")),
        ],
        className="srs-page",
    )


def _float(value: Any) -> float | None:
    return None if value in (None, "") else float(value)


def edited_parameters(edits: tuple[tuple[str, float], ...]) -> Any:
    """The shipped parameters with the user's values (``"multiplier.low"`` -> value); a
    changed parameter's source becomes "given by the user". Errors name the parameter."""
    from pydantic import ValidationError as PydanticError

    from aimaq.economy.shock import ShockParameters
    from aimaq.errors import ValidationError

    raw = _parameters().model_dump()
    for key, value in edits:
        name, scenario = key.split(".")
        if raw[name][scenario] != value:
            raw[name] = {**raw[name], scenario: value, "source": "given by the user"}
    try:
        return ShockParameters.model_validate(raw)
    except PydanticError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ValidationError(f"{where}: {message}" if where else message) from exc


@lru_cache(maxsize=128)
def scenario(
    source: str,
    town: str,
    inputs: tuple[float | None, ...],
    edits: tuple[tuple[str, float], ...],
) -> tuple[Any, Any]:
    """The shock result and its SRS effect for a town, the inputs (jobs lost, share of
    employment in %, labour force, unemployment rate in %, wage, population; ``None``
    where not given) and the edited parameters; cached per database and choice."""
    from aimaq.data.store import Store
    from aimaq.reporting.economy_srs import town_shock

    jobs, share, labour_force, unemployment, wage, population = inputs
    params = edited_parameters(edits)
    with Store.open(source) as store:
        return town_shock(
            store,
            town,
            params,
            jobs_lost=jobs,
            share_of_employment=None if share is None else share / 100,
            labour_force=labour_force,
            unemployment_rate=None if unemployment is None else unemployment / 100,
            wage=wage,
            population=population,
        )


def results(data: DashboardData, lang: str, result: Any, srs: Any) -> list[Any]:
    """The chart and tables of a computed scenario."""
    t = Messages(lang)
    b = result.baseline
    town = data.name(b.kato, lang)
    names = [t(f"economy.{s}") for s in SCENARIOS]
    rates = ("unemployment_rate_before", "unemployment_rate_impact")
    after = "unemployment_rate_after_migration"
    chart = grouped_bar_figure(
        [t(f"economy.shock_row.{k}") for k in (*rates, after)],
        [
            (name, [100 * result.outcomes[s][k] for k in (*rates, after)])
            for name, s in zip(names, SCENARIOS, strict=True)
        ],
        title=t("economy.shock_chart", town=town),
        unit=" %",
    )
    rows: list[tuple[Any, ...]] = []
    places: list[int] = []
    for key, scale in _ROWS:
        values = [
            result.direct_jobs if key == "direct" else result.outcomes[s][key] for s in SCENARIOS
        ]
        rows.append((t(f"economy.shock_row.{key}"), *(float(v) * (scale or 1) for v in values)))
        places.append(0 if scale == 0 else 1)
    if srs is not None:
        rows.append((t("economy.shock_row.srs_before"), *([100 * srs.before] * 3)))
        rows.append((t("economy.shock_row.srs_after"), *(100 * srs.after[s] for s in SCENARIOS)))
        rows.append(
            (t("economy.shock_row.norms_changed"), *(srs.norms_changed[s] for s in SCENARIOS))
        )
        places += [1, 1, 0]
    base_rows = [
        (t("economy.shock_base.population"), b.population, b.sources.get("population", "")),
        (
            t("economy.shock_base.labour_force"),
            b.labour_force,
            b.sources.get("labour_force", ""),
        ),
        (t("economy.shock_base.employment"), b.employment, ""),
        (
            t("economy.shock_base.unemployment_rate"),
            100 * b.unemployment_rate,
            b.sources.get("unemployment_rate", ""),
        ),
        (t("economy.shock_base.wage"), b.wage, b.sources.get("wage", "")),
    ]
    param_rows = [
        (
            p.label,
            p.unit,
            p.low,
            p.central,
            p.high,
            t("economy.shock_yes") if p.assumption else "",
            p.source,
        )
        for _, p in result.parameters.items()
    ]
    parts: list[Any] = [
        html.H3(f"{t('economy.shock_title')}: {town}", id="shock-title"),
        dcc.Graph(id="shock-chart", figure=chart, config={"displayModeBar": False}),
        html.H4(t("economy.shock_results")),
        table([t("economy.figure"), *names], rows, t, table_id="shock-table", row_digits=places),
        html.H4(t("economy.baseline")),
        table(
            [t("economy.figure"), t("col.value"), t("economy.source")],
            base_rows,
            t,
            table_id="shock-baseline",
            row_digits=[0, 0, 0, 1, 0],
        ),
    ]
    if srs is not None:
        parts.append(html.P(t("economy.srs_label", label=srs.label), className="hint"))
    if result.notes:
        parts += [html.H4(t("economy.shock_notes")), html.Ul([html.Li(n) for n in result.notes])]
    parts += [
        html.H4(t("economy.parameters")),
        table(
            [
                t("economy.parameter"),
                t("economy.shock_unit"),
                *names,
                t("economy.shock_assumption"),
                t("economy.source"),
            ],
            param_rows,
            t,
            table_id="shock-parameters",
            digits=2,
        ),
    ]
    return parts


def view(
    data: DashboardData,
    lang: str,
    town: str | None,
    inputs: tuple[float | None, ...],
    edits: tuple[tuple[str, float], ...],
) -> list[Any]:
    """The output area: a prompt, the scenario, or the reason it could not be computed."""
    t = Messages(lang)
    if not town or (inputs[0] is None and inputs[1] is None):
        return [html.P(t("economy.shock_choose"), className="hint", id="shock-prompt")]
    try:
        result, srs = scenario(data.source, town, inputs, edits)
    except AimaqError as exc:
        return [
            html.P(t("economy.shock_error", reason=str(exc)), className="warning", id="shock-error")
        ]
    return results(data, lang, result, srs)


def register(app: dash.Dash, data: DashboardData) -> None:
    @app.callback(
        Output("shock-out", "children"),
        Input("shock-town", "value"),
        *(Input(f"shock-{k}", "value") for k in _INPUTS),
        Input({"type": "shock-param", "index": dash.ALL}, "value"),
        State({"type": "shock-param", "index": dash.ALL}, "id"),
        State("lang", "value"),
    )
    def _run(town: str | None, *args: Any) -> list[Any]:
        *values, params, ids, lang = args
        inputs = tuple(_float(v) for v in values)
        edits = tuple(
            (i["index"], float(v)) for i, v in zip(ids, params, strict=True) if v is not None
        )
        return view(data, lang, town, inputs, edits)
