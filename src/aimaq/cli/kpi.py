"""`aimaq kpi`: where each policy target stands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aimaq.cli import options
from aimaq.cli.options import DbOpt, FormatOpt, Lang, LangOpt, OutputFormat, reading
from aimaq.cli.output import emit
from aimaq.errors import AimaqError, ValidationError

if TYPE_CHECKING:
    from aimaq.data.store import Store
    from aimaq.monitoring.kpi import KpiResult

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
    tag: options.TagOpt = None,
    by_tag: options.ByTagOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Baseline, latest value, progress, forecast with interval and status for each target.

    --tag and --by-tag follow the targets region by region (they imply --by region):
    --tag keeps the regions that carry the tag; --by-tag compares each target's indicator in
    its latest year between them and the rest.
    """
    import pandas as pd
    from rich.console import Console
    from rich.status import Status

    from aimaq.cli.tagging import one_of
    from aimaq.monitoring import evaluate, load_targets, plan_trajectories  # scipy: load on use

    one_of(tag, by_tag)
    if (tag or by_tag) is not None:
        level = "region"

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
        if by_tag is not None:
            _by_tag(store, results, by_tag, fmt)
            return
        if tag is not None:
            results = _tagged(store, results, tag)
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
    emit(
        frame, fmt, title=f"Targets ({level})" + ("" if tag is None else f", regions tagged {tag}")
    )


def _tagged(store: Store, results: list[KpiResult], tag: str) -> list[KpiResult]:
    """The regional results of the regions that carry ``tag`` in their latest year."""
    from aimaq.analysis.groups import tag_filter

    kept: list[KpiResult] = []
    for year in sorted({r.latest_year for r in results if r.latest_year is not None}):
        those = [r for r in results if r.latest_year == year]
        try:
            carriers = tag_filter(store, [r.kato for r in those], tag, str(year), level="region")
        except ValidationError:
            continue  # no tagged region that year; said below if none at all
        kept += [r for r in those if r.kato in carriers]
    if not kept:
        tag_filter(
            store,
            [r.kato for r in results],
            tag,
            str(max(r.target_year for r in results)),
            level="region",
        )
    return kept


def _by_tag(store: Store, results: list[KpiResult], tag: str, fmt: OutputFormat) -> None:
    """``kpi --by-tag``: each target's indicator in the tagged regions against the rest."""
    import pandas as pd

    from aimaq.cli.tagging import compare, comparison_rows

    compared: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for target_id in dict.fromkeys(r.target_id for r in results):
        mine = [r for r in results if r.target_id == target_id and r.latest_year is not None]
        if not mine:
            skipped.append({"target_id": target_id, "reason": "no regional values"})
            continue
        year = max(int(r.latest_year or 0) for r in mine)
        latest = {r.kato: float(r.latest_value or 0.0) for r in mine if r.latest_year == year}
        values = pd.Series(latest, dtype=float)
        head = mine[0]
        label = {"target_id": target_id, "indicator": head.indicator, "dims": head.dims}
        try:
            result = compare(store, values, tag, str(year), level="region", seed=1)
        except AimaqError as exc:
            skipped.append({"target_id": target_id, "reason": str(exc)})
            continue
        compared.append({**label, "unit": head.unit, "direction": head.direction,
                         "target_value": head.target_value, "year": year, **result})  # fmt: skip
    if not compared and skipped:
        raise ValidationError("; ".join(f"{s['target_id']}: {s['reason']}" for s in skipped))
    if fmt is OutputFormat.json:
        emit({"level": "region", "tag": tag, "targets": compared, "not_compared": skipped}, fmt)
        return
    rows = [
        row
        for c in compared
        for row in comparison_rows(c, target_id=c["target_id"], year=c["year"])
    ]
    for s in skipped:
        typer.echo(f"{s['target_id']}: not compared: {s['reason']}", err=True)
    emit(pd.DataFrame(rows), fmt, title=f"Targets by region: {tag} against the rest")


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
