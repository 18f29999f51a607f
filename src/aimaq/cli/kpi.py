"""`aimaq kpi`: where each policy target stands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aimaq.cli.options import DbOpt, FormatOpt, Lang, LangOpt, OutputFormat, reading
from aimaq.cli.output import emit
from aimaq.errors import ValidationError

_TABLE_COLUMNS = [
    "target_id",
    "territory",
    "dims",
    "baseline_value",
    "baseline_year",
    "latest_value",
    "latest_year",
    "target_value",
    "target_year",
    "progress",
    "forecast_value",
    "forecast_lower",
    "forecast_upper",
    "status",
]


def kpi(
    target: Annotated[str | None, typer.Option("--target", help="Only this target id.")] = None,
    level: Annotated[
        str,
        typer.Option("--level", "--by", help="national, or region (every region, ranked by risk)."),
    ] = "national",
    targets_file: Annotated[
        Path | None,
        typer.Option(
            "--targets", help="A targets YAML file (default: the shipped national targets)."
        ),
    ] = None,
    lang: LangOpt = Lang.en,
    plan_budget: Annotated[
        float | None,
        typer.Option(
            "--plan-budget",
            help="Annual budget, KZT: the roadmap's trajectory becomes the SRS targets' forecast.",
        ),
    ] = None,
    plan_to: Annotated[int, typer.Option("--plan-to", help="Last year of that roadmap.")] = 2030,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Baseline, latest value, progress, forecast with interval and status for each target."""
    import pandas as pd
    from rich.console import Console
    from rich.status import Status

    from aimaq.monitoring import evaluate, load_targets, plan_trajectories  # scipy: load on use

    targets = load_targets(targets_file)
    if target is not None:
        targets = [t for t in targets if t.id == target]
        if not targets:
            raise ValidationError(
                f"no target {target!r}; known: {', '.join(t.id for t in load_targets(targets_file))}"
            )
    if plan_budget is not None and plan_budget <= 0:
        raise ValidationError(f"--plan-budget must be positive; got {plan_budget:g}")
    with reading(db) as store:
        trajectories = None
        if plan_budget is not None:
            registry_year = int(store.query("select max(year) as y from srs_norm_status").y.iloc[0])
            with Status(
                f"solving the roadmap at {plan_budget / 1e9:,.0f} bn KZT a year ...",
                console=Console(stderr=True),
            ):
                trajectories = plan_trajectories(
                    store,
                    targets,
                    budget=plan_budget,
                    first_year=registry_year + 1,
                    last_year=plan_to,
                )
        results = evaluate(store, targets, level=level, lang=lang, trajectories=trajectories)
    rows = [r.as_dict() for r in results]
    if fmt is OutputFormat.json:
        emit(
            {
                "level": level,
                "targets": [r for r in rows if r["status"] != "no_data"],
                "no_data": [
                    {"target_id": r["target_id"], "reason": r["reason"]}
                    for r in rows
                    if r["status"] == "no_data"
                ],
            },
            fmt,
        )
        return
    frame = pd.DataFrame(rows)
    if fmt is OutputFormat.table and not frame.empty:
        for _, r in frame.iterrows():
            typer.echo(f"{r.target_id} [{r.territory}] {r.status_label}: {r.reason}")
        frame = frame[_TABLE_COLUMNS]
    emit(frame, fmt, title=f"Targets ({level})")


def backtest(
    indicator: Annotated[
        str, typer.Argument(help="Catalogue indicator id, e.g. unemployment_rate or grp.")
    ],
    first_origin: Annotated[int, typer.Option("--from", help="First forecast origin year.")] = 2010,
    detail: Annotated[
        bool, typer.Option("--detail", help="Every forecast, not the summary.")
    ] = False,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Back-test the KPI forecasts: forecast from data up to year t, compare with t+1..t+3."""
    from aimaq.monitoring import summarise
    from aimaq.monitoring.backtest import backtest_indicator

    with reading(db) as store:
        results = backtest_indicator(store, indicator, first_origin=first_origin)
    frame = results if detail else summarise(results)
    emit(
        frame,
        fmt,
        title=f"Back-test of {indicator}: {results.kato.nunique()} series, origins from {first_origin}",
    )


def register(app: typer.Typer) -> None:
    app.command("kpi")(kpi)
    app.command("backtest")(backtest)
