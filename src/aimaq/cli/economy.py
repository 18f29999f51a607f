"""``aimaq economy``: sector structure, shift-share and growth points of territories."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aimaq.cli.options import DbOpt, FormatOpt, OutputFormat
from aimaq.cli.output import emit
from aimaq.errors import ValidationError

economy_app = typer.Typer(
    help="Economic structure: specialisation, diversification, shift-share, growth points.",
    no_args_is_help=True,
)

LevelOpt = Annotated[
    str, typer.Option("--level", help="Territory level of the units (region, district ...).")
]
IndicatorOpt = Annotated[
    str, typer.Option("--indicator", help="Stored indicator with a sector breakdown.")
]
BreakdownOpt = Annotated[
    str, typer.Option("--breakdown", help="group (A; B-F; G-U) or section (A-U).")
]


@economy_app.command("structure")
def structure_cmd(
    year: Annotated[str, typer.Option("--year", help="Year of the stored values.")],
    level: LevelOpt = "region",
    indicator: IndicatorOpt = "employment",
    breakdown: BreakdownOpt = "group",
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Location quotients, HHI, entropy and Krugman's index of every unit in one year."""
    from aimaq.data.store import Store
    from aimaq.economy.panel import sector_table
    from aimaq.economy.structure import structure

    with Store(db, read_only=True) as store:
        table = sector_table(store, indicator, level=level, years=[year], breakdown=breakdown)
    result = structure(table, year)
    if fmt is OutputFormat.json:
        emit(result.to_dict(), fmt)
        return
    frame = result.frame
    if fmt is OutputFormat.table:
        keep = ["kato", "name", "total"]
        keep += [f"lq_{s}" for s in result.sectors]
        keep += ["hhi", "entropy_relative", "krugman"]
        frame = frame[keep]
    emit(frame, fmt, title=f"Economic structure, {indicator} by sector, {year}")
    if fmt is OutputFormat.table:
        for note in result.notes:
            typer.echo(f"note: {note}", err=True)


@economy_app.command("shift-share")
def shift_share_cmd(
    start: Annotated[str, typer.Option("--from", help="First year.")],
    end: Annotated[str, typer.Option("--to", help="Last year.")],
    level: LevelOpt = "region",
    indicator: IndicatorOpt = "employment",
    breakdown: BreakdownOpt = "group",
    detail: Annotated[
        bool, typer.Option("--detail", help="One row per unit and sector (table and CSV).")
    ] = False,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Shift-share (national, industry mix, regional share; Esteban-Marquillas) by unit."""
    from aimaq.data.store import Store
    from aimaq.economy.change import shift_share_between

    with Store(db, read_only=True) as store:
        result = shift_share_between(
            store, start, end, indicator=indicator, level=level, breakdown=breakdown
        )
    if fmt is OutputFormat.json:
        emit(result.to_dict(), fmt)
        return
    frame = result.sectors_frame() if detail else result.frame()
    emit(frame, fmt, title=f"Shift-share of {indicator}, {start}-{end}")
    if fmt is OutputFormat.table:
        typer.echo(
            f"note: national growth {float(result.result.national_growth):.2%}; units on the "
            f"{start} borders",
            err=True,
        )
        for target, members in result.merged.items():
            typer.echo(f"note: {target} includes {', '.join(members)} (later split off)", err=True)


@economy_app.command("growth-points")
def growth_points_cmd(
    year: Annotated[
        str | None, typer.Option("--year", help="Year of the profiles (default: latest).")
    ] = None,
    start: Annotated[str, typer.Option("--from", help="First year of the trend.")] = "2016",
    profiles_only: Annotated[
        bool, typer.Option("--profiles", help="Print the region profiles instead (table, CSV).")
    ] = False,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Agglomerations, single-industry towns and support villages with their base."""
    from aimaq.data.store import Store
    from aimaq.economy.growth import candidate_katos, growth_view
    from aimaq.reporting.economy_srs import provision_of_units

    with Store(db, read_only=True) as store:
        tagged = candidate_katos(store)
        provision, label = provision_of_units(store, tagged)
        view = growth_view(
            store, year=year, start=start, provision=provision, provision_label=label
        )
    if fmt is OutputFormat.json:
        emit(view.to_dict(), fmt)
        return
    frame = view.profiles if profiles_only else view.candidates
    if fmt is OutputFormat.table and not profiles_only:
        keep = [
            "kato",
            "name",
            "kind",
            "population",
            "population_trend",
            "employment_specialisation",
            "employment_leading_sector",
            "employment_trend",
            "srs_provision",
            "km_to_region_centre",
            "missing",
        ]
        frame = frame[[c for c in keep if c in frame.columns]]
    emit(frame, fmt, title="Region profiles" if profiles_only else "Growth point candidates")
    if fmt is OutputFormat.table:
        for note in view.notes:
            typer.echo(f"note: {note}", err=True)


@economy_app.command("load")
def load_cmd(
    path: Annotated[Path, typer.Argument(help="CSV or Excel in the layout of the template.")],
    indicator: IndicatorOpt = "employment",
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Load values by sector (OKED sections A-U, groups or total) from a file: all or nothing."""
    from aimaq.data.store import Store
    from aimaq.economy.load import load_sector_file

    with Store(db) as store:
        store.migrate()
        result = load_sector_file(store, path, indicator=indicator)
    emit(
        {
            "file": str(path),
            "indicator": indicator,
            "batch_id": result.batch_id,
            "rows": result.rows,
            "skipped": result.skipped,
            "reason": result.reason,
        },
        fmt,
    )


@economy_app.command("template")
def template_cmd() -> None:
    """Print the template of a sector file (CSV) to fill in and load with `economy load`."""
    from aimaq.economy.load import template_path

    typer.echo(template_path().read_text(encoding="utf-8"), nl=False)


scenario_app = typer.Typer(help="What-if scenarios for territories.", no_args_is_help=True)

_SHOCK_ROWS = (
    ("direct jobs lost", "direct"),
    ("local multiplier", "multiplier"),
    ("jobs lost, total", "jobs_lost_total"),
    ("of which indirect and induced", "indirect_induced"),
    ("unemployment rate before", "unemployment_rate_before"),
    ("unemployment rate on impact", "unemployment_rate_impact"),
    ("workers who may leave", "leavers_workers"),
    ("residents who may leave", "leavers_population"),
    ("unemployment rate after they leave", "unemployment_rate_after_migration"),
    ("population after", "population_after"),
    ("population change", "population_change_share"),
    ("wage fund lost, KZT a year", "wage_fund_lost_kzt"),
    ("income tax lost, KZT a year", "iit_lost_kzt"),
    ("local budget revenue lost, KZT a year", "local_budget_lost_kzt"),
)


@scenario_app.command("shock")
def shock_cmd(
    town: Annotated[str, typer.Argument(help="The town: KATO code or name (kk, ru, en).")],
    jobs_lost: Annotated[
        float | None, typer.Option("--jobs-lost", help="Direct jobs lost at the enterprise.")
    ] = None,
    share: Annotated[
        float | None,
        typer.Option(
            "--share-of-employment", help="Direct jobs lost as a share (0-1) of employment."
        ),
    ] = None,
    labour_force: Annotated[
        float | None, typer.Option("--labour-force", help="The town's own labour force.")
    ] = None,
    unemployment: Annotated[
        float | None,
        typer.Option(
            "--unemployment-rate", help="The town's own unemployment rate, in % (6 for 6%)."
        ),
    ] = None,
    wage: Annotated[
        float | None, typer.Option("--wage", help="Monthly wage of a lost job, KZT.")
    ] = None,
    population: Annotated[
        float | None, typer.Option("--population", help="The town's own population.")
    ] = None,
    multiplier: Annotated[
        float | None,
        typer.Option("--multiplier", help="One local multiplier instead of the file's range."),
    ] = None,
    parameters: Annotated[
        Path | None, typer.Option("--parameters", help="Parameter file (copy of shock.yaml).")
    ] = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Jobs, unemployment, wages, local tax and SRS provision after a job loss in a town."""
    import pandas as pd

    from aimaq.data.store import Store
    from aimaq.economy.shock import SCENARIOS, load_parameters
    from aimaq.reporting.economy_srs import town_shock

    params = load_parameters(parameters)
    if multiplier is not None:
        params = params.with_multiplier(multiplier)
    if unemployment is not None and not 0 <= unemployment < 100:
        raise ValidationError(
            f"--unemployment-rate is in % and must be in [0, 100); got {unemployment}"
        )
    with Store(db, read_only=True) as store:
        result, srs = town_shock(
            store,
            town,
            params,
            jobs_lost=jobs_lost,
            share_of_employment=share,
            labour_force=labour_force,
            unemployment_rate=None if unemployment is None else unemployment / 100,
            wage=wage,
            population=population,
        )
    report = result.to_dict()
    report["srs"] = srs.to_dict() if srs is not None else None
    if fmt is OutputFormat.json:
        emit(report, fmt)
        return
    rows = []
    for label, key in _SHOCK_ROWS:
        row: dict[str, object] = {"figure": label}
        for scenario in SCENARIOS:
            row[scenario] = (
                result.direct_jobs if key == "direct" else result.outcomes[scenario][key]
            )
        rows.append(row)
    if srs is not None:
        rows.append({"figure": "SRS provision before", **{s: srs.before for s in SCENARIOS}})
        rows.append({"figure": "SRS provision after", **srs.after})
    frame = pd.DataFrame(rows)
    b = result.baseline
    emit(frame, fmt, title=f"Shock in {b.name} ({b.kato})")
    if fmt is OutputFormat.table:
        params_frame = pd.DataFrame(
            [
                {
                    "parameter": name,
                    "low": p.low,
                    "central": p.central,
                    "high": p.high,
                    "source": p.source,
                }
                for name, p in params.items()
            ]
        )
        emit(params_frame, fmt, title="Parameters (every ASSUMPTION is labelled)")
        for key, text in b.sources.items():
            typer.echo(f"baseline {key}: {text}", err=True)
        for note in result.notes:
            typer.echo(f"note: {note}", err=True)
        if srs is not None:
            typer.echo(f"note: SRS figures from the {srs.label}", err=True)


def register(app: typer.Typer) -> None:
    """Add the ``economy`` and ``scenario`` command groups."""
    app.add_typer(economy_app, name="economy")
    app.add_typer(scenario_app, name="scenario")
