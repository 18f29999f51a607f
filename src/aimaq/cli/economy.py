"""``aimaq economy``: sector structure, shift-share and growth points of territories."""

from __future__ import annotations

from typing import Annotated

import typer

from aimaq.cli.options import DbOpt, FormatOpt, OutputFormat
from aimaq.cli.output import emit

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


def register(app: typer.Typer) -> None:
    """Add the ``economy`` command group."""
    app.add_typer(economy_app, name="economy")
