"""``aimaq report`` (HTML, PDF, Excel) and ``aimaq serve`` (the local dashboard)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from aimaq.cli.options import DbOpt, FormatOpt, Lang, LangOpt, OutputFormat, TerritoryOpt, reading
from aimaq.cli.output import emit
from aimaq.errors import ValidationError


def report(
    lang: LangOpt = Lang.en,
    year: Annotated[
        int | None, typer.Option("--year", help="Report year (default: the latest with data).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="HTML file to write (default: report-<lang>.html).")
    ] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also write the report as PDF.")] = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Also write the report's tables as Excel.")
    ] = None,
    budget: Annotated[
        float | None,
        typer.Option("--budget", help="Annual budget for the roadmap section, KZT (e.g. 117e9)."),
    ] = None,
    first: Annotated[int, typer.Option("--from", help="First year of the roadmap.")] = 2025,
    last: Annotated[int, typer.Option("--to", help="Last year of the roadmap.")] = 2030,
    territory: TerritoryOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Write the regional assessment as one self-contained HTML file (and PDF, Excel).

    With --budget the report also holds a roadmap (optimised plan and allocation rules
    compared) for that annual budget over --from..--to, for the whole country or one
    region or district (--territory).
    """
    from aimaq.reporting.build import build_report
    from aimaq.reporting.context import RoadmapSettings
    from aimaq.reporting.excel import write_xlsx
    from aimaq.reporting.html import write_html
    from aimaq.reporting.i18n import check_lang
    from aimaq.reporting.pdf import write_pdf
    from aimaq.reporting.sections import SECTIONS

    check_lang(lang)
    if year is not None and not 1990 <= year <= 2100:
        raise ValidationError(f"--year must be a calendar year between 1990 and 2100; got {year}")
    settings = None
    if budget is not None:
        if not budget > 0:
            raise ValidationError(f"--budget must be a positive amount of KZT; got {budget}")
        if last < first:
            raise ValidationError(f"--to ({last}) must not be before --from ({first})")
        from aimaq.standards.scope import resolve_territory

        scope = None if territory is None else resolve_territory(territory)
        settings = RoadmapSettings(float(budget), first, last, territory=scope)
    html_path = out if out is not None else Path(f"report-{lang}.html")
    with reading(db) as store:
        console = Console(stderr=True)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), console=console, transient=True
        ) as bar:
            task = bar.add_task("report", total=len(SECTIONS))

            def step(key: str) -> None:
                bar.update(task, description=key, advance=1)

            built = build_report(store, lang, year, progress=step, roadmap=settings)
    written = {"html": str(write_html(built, html_path).resolve())}
    if pdf is not None:
        written["pdf"] = str(write_pdf(built, pdf).resolve())
    if xlsx is not None:
        written["xlsx"] = str(write_xlsx(built, xlsx).resolve())
    result = {"lang": lang, "sections": built.keys(), **written}
    if fmt is OutputFormat.table:
        for kind, path in written.items():
            typer.echo(f"{kind}: {path}")
        typer.echo(f"sections: {', '.join(built.keys()) or '(none: the database is empty)'}")
        return
    emit(result, fmt)


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8050,
    lang: LangOpt = Lang.en,
    db: DbOpt = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Dash debug mode (reloads, dev tools).")
    ] = False,
) -> None:
    """Run the dashboard at http://HOST:PORT (offline: every asset is served locally)."""
    from aimaq.reporting.i18n import check_lang
    from aimaq.serving.app import create_app

    check_lang(lang)
    if not 1 <= port <= 65535:
        raise ValidationError(f"--port must be 1 to 65535; got {port}")
    with reading(db):  # a missing or outdated file is refused before the server starts
        pass
    app = create_app(db, lang=lang)
    # a terminated dashboard exits like an interrupted one: its database snapshot is removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    typer.echo(f"aimaq dashboard on http://{host}:{port}/ (Ctrl+C to stop)")
    app.run(host=host, port=port, debug=debug)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("serve")(serve)
