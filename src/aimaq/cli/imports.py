"""``aimaq import`` and ``aimaq fetch taldau``: official files and the Taldau service in."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from aimaq.cli.options import DbOpt, FormatOpt, OutputFormat, WaitOpt, writing
from aimaq.cli.output import emit
from aimaq.data.bounds import DEFAULT_MAX_MB, DEFAULT_MAX_ROWS
from aimaq.errors import ValidationError

_TYPE_HELP = (
    "File type: taldau, bns-bulletin, bns-table, csv, xlsx or parquet, or another "
    "registered format (default: detected from the name and content)."
)
_BORDERS_HELP = (
    "Open SDG: as-published (default; a row beside South Kazakhstan KZONT is recalculated) "
    "or recalculated (the file's pre-2018 Turkestan and Shymkent are on today's borders)."
)
_PERIOD_HELP = (
    "Tidy tables: the period column may be headed period, year, date or quarter; the "
    "territory column territory or kato; the indicator column indicator or indicator_id."
)


def _dimension_names(pairs: list[str] | None) -> dict[int, str] | None:
    if not pairs:
        return None
    out: dict[int, str] = {}
    for pair in pairs:
        position, sep, name = pair.partition("=")
        if not sep or not position.strip().isdigit() or not name.strip():
            raise ValidationError(f"--dim takes POSITION=NAME (e.g. 3=expenditure), got {pair!r}")
        out[int(position)] = name.strip()
    return out


def _print(report: object, fmt: OutputFormat) -> None:
    data = report.as_dict()  # type: ignore[attr-defined]
    if fmt is OutputFormat.json:
        emit(data, fmt)
        return
    summary = {k: v for k, v in data.items() if k not in {"unmatched", "flags", "notes"}}
    summary["flags"] = ", ".join(f"{k}: {v}" for k, v in data["flags"].items())
    summary["unmatched"] = len(data["unmatched"])
    emit([summary], fmt, title="import")
    for note in data.get("notes", []):
        typer.echo(f"note: {note}", err=True)
    if data["unmatched"] and fmt is OutputFormat.table:
        typer.echo("territory names left out (not in the KATO tree):", err=True)
        for item in data["unmatched"]:
            close = ", ".join(item["candidates"]) or "no close name"
            typer.echo(f"  {item['name']!r} at {item['ref']} (closest: {close})", err=True)


def _output_format(fmt: str, output: OutputFormat | None, types: tuple[str, ...]) -> OutputFormat:
    """``--format`` (how to print); the old ``--output`` still works; a file type points to ``--type``."""
    if output is not None:
        typer.echo("note: --output is deprecated; use --format", err=True)
        return output
    try:
        return OutputFormat(fmt)
    except ValueError:
        pass
    if fmt in types:
        raise ValidationError(
            f"--format says how to print the result (table, json or csv); "
            f"to read the file as {fmt}, use --type {fmt}"
        )
    raise ValidationError(f"--format must be table, json or csv, got {fmt!r}")


def _progress(name: str) -> Callable[[int], None]:
    """Report the rows read on stderr, once per chunk past the first (large files only)."""
    calls = [0]

    def report(rows: int) -> None:
        calls[0] += 1
        if calls[0] > 1:
            typer.echo(f"{name}: {rows:,} rows read and checked", err=True)

    return report


def _working(message: str) -> AbstractContextManager[object]:
    """A spinner on stderr while a long import runs (silent when stderr is not a terminal)."""
    console = Console(stderr=True)
    if not console.is_terminal:
        return nullcontext()
    return console.status(message)


def register(app: typer.Typer) -> None:
    """Add ``import`` and the ``fetch`` group to the CLI."""

    @app.command("import", epilog=_PERIOD_HELP)
    def import_(
        path: Annotated[Path | None, typer.Argument(help="The file to import.")] = None,
        sdg: Annotated[
            Path | None,
            typer.Option(
                "--sdg",
                help="An Open SDG platform folder (data/ and translations/): every file, "
                "all or none.",
            ),
        ] = None,
        skip_bad: Annotated[
            bool,
            typer.Option(
                "--skip-bad-files",
                help="With --sdg: leave out the files that fail (each listed with its error) "
                "and import the others, all or none.",
            ),
        ] = False,
        borders: Annotated[str, typer.Option("--borders", help=_BORDERS_HELP)] = "as-published",
        file_type: Annotated[str | None, typer.Option("--type", "-t", help=_TYPE_HELP)] = None,
        indicator: Annotated[
            str | None, typer.Option("--indicator", "-i", help="Catalogue id of the values.")
        ] = None,
        skip_unmatched: Annotated[
            bool,
            typer.Option(
                "--skip-unmatched",
                help="Import rows with known territories and list the unknown names.",
            ),
        ] = False,
        scale: Annotated[
            float | None,
            typer.Option(help="Taldau: multiplier to the catalogue unit (default from the unit)."),
        ] = None,
        dim: Annotated[
            list[str] | None,
            typer.Option("--dim", help="Taldau: name a dimension, POSITION=NAME (3=expenditure)."),
        ] = None,
        sheet: Annotated[
            list[str] | None,
            typer.Option("--sheet", help="Excel: the sheet(s) to read (bulletin: 01, 02, 03)."),
        ] = None,
        since: Annotated[
            int | None, typer.Option(help="BNS table: keep the years from this one on.")
        ] = None,
        encoding: Annotated[
            str | None,
            typer.Option(help="CSV: text encoding (default: detected; UTF-8, cp1251, UTF-16)."),
        ] = None,
        allow_future: Annotated[
            bool,
            typer.Option(
                "--allow-future", help="Accept periods after the current year (plans, forecasts)."
            ),
        ] = False,
        max_mb: Annotated[
            float,
            typer.Option(help="Refuse a file (or an unpacked workbook) larger than this, MB."),
        ] = DEFAULT_MAX_MB,
        max_rows: Annotated[
            int, typer.Option(help="Refuse a file with more rows than this.")
        ] = DEFAULT_MAX_ROWS,
        db: DbOpt = None,
        wait: WaitOpt = 30.0,
        fmt: Annotated[
            str, typer.Option("--format", "-f", help="How to print: table, json or csv.")
        ] = "table",
        output: Annotated[OutputFormat | None, typer.Option("--output", "-o", hidden=True)] = None,
    ) -> None:
        """Import a file (Taldau JSON, BNS bulletin, tidy CSV/Excel/Parquet) as one batch."""
        from aimaq.data.importers import get_format, import_file
        from aimaq.data.importers.registry import detect_format, format_names
        from aimaq.data.importers.source import Limits, open_source

        printed = _output_format(fmt, output, format_names())
        basis = {"as-published": "as_published", "recalculated": "recalculated"}.get(borders)
        if basis is None:
            raise ValidationError(f"--borders is as-published or recalculated; got {borders!r}")
        if (path is None) == (sdg is None):
            raise ValidationError("give a file to import, or --sdg FOLDER (not both)")
        if skip_bad and sdg is None:
            raise ValidationError("--skip-bad-files applies to a folder import (--sdg FOLDER)")
        if sdg is not None:
            _import_folder(sdg, basis, db, printed, wait, skip_bad)
            return
        assert path is not None
        if max_mb <= 0 or max_rows <= 0:
            raise ValidationError("--max-mb and --max-rows must be positive")
        limits = Limits(max_mb=max_mb, max_rows=max_rows)
        file = open_source(path, limits=limits)
        chosen = get_format(file_type or detect_format(file.source, file.data), file.source)
        given: dict[str, object | None] = {
            "scale": scale,
            "dimension_names": _dimension_names(dim),
            "sheets": sheet or None,
            "sheet": sheet[0] if sheet else None,
            "since": since,
            "encoding": encoding,
            "borders": basis if basis != "as_published" else None,
        }
        options: dict[str, Any] = {
            k: v for k, v in given.items() if v is not None and k in chosen.options
        }
        del file  # read to choose the format; the import reads it once more, not twice over
        with writing(db, wait=wait, create=True) as store, _working(f"importing {path.name}"):
            report = import_file(
                store, path, format=chosen.name, indicator=indicator,
                skip_unmatched=skip_unmatched, limits=limits, allow_future=allow_future,
                progress=_progress(path.name), **options,
            )  # fmt: skip
        _print(report, printed)

    def _import_folder(
        folder: Path, basis: str, db: Path | None, fmt: OutputFormat, wait: float, skip_bad: bool
    ) -> None:
        from aimaq.data.importers.open_sdg import import_sdg_folder

        def progress(done: int, total: int, name: str) -> None:
            typer.echo(f"[{done}/{total}] {name}", err=True)

        with writing(db, wait=wait, create=True) as store:
            reports = import_sdg_folder(
                store, folder, borders=basis, progress=progress, skip_bad=skip_bad
            )
        if fmt is OutputFormat.json:
            emit([r.as_dict() for r in reports], fmt)
            return
        for report in reports:
            _print(report, fmt)

    fetch_app = typer.Typer(help="Fetch indicators from online services.", no_args_is_help=True)
    app.add_typer(fetch_app, name="fetch")

    @fetch_app.command("taldau")
    def fetch_taldau_(
        index_id: Annotated[str, typer.Argument(help="Taldau index id, e.g. 2709379 (GRP).")],
        period: Annotated[str, typer.Option(help="7 annual, 9 quarterly cumulative.")] = "7",
        dics: Annotated[
            str, typer.Option(help="Classifiers: 67 regions; several as 67,915.")
        ] = "67",
        indicator: Annotated[
            str | None, typer.Option("--indicator", "-i", help="Catalogue id (default: by index).")
        ] = None,
        base_url: Annotated[str | None, typer.Option(help="Service address.")] = None,
        save: Annotated[
            Path | None, typer.Option(help="Keep the raw response in this file.")
        ] = None,
        timeout: Annotated[float, typer.Option(help="Seconds to wait for an answer.")] = 30.0,
        retries: Annotated[int, typer.Option(help="Retries on 5xx and timeouts.")] = 3,
        backoff: Annotated[float, typer.Option(help="First wait between retries, seconds.")] = 1.0,
        skip_unmatched: Annotated[bool, typer.Option("--skip-unmatched")] = False,
        scale: Annotated[
            float | None, typer.Option(help="Multiplier to the catalogue unit.")
        ] = None,
        dim: Annotated[list[str] | None, typer.Option("--dim", help="POSITION=NAME.")] = None,
        level: Annotated[
            str | None,
            typer.Option(
                "--level",
                help="district: the answer must hold Taldau's district term ids, else "
                "nothing is stored.",
            ),
        ] = None,
        db: DbOpt = None,
        wait: WaitOpt = 30.0,
        fmt: FormatOpt = OutputFormat.table,
    ) -> None:
        """Fetch one indicator from Taldau (GetIndexData) and import it as one batch."""
        from aimaq.data.importers import RetryPolicy, fetch_taldau

        if retries < 0 or timeout <= 0 or backoff < 0:
            raise ValidationError("--timeout must be > 0, --retries and --backoff >= 0")
        with (
            writing(db, wait=wait, create=True) as store,
            _working(f"fetching Taldau index {index_id}"),
        ):
            report = fetch_taldau(
                store, index_id, period=period, dics=dics, indicator=indicator,
                base_url=base_url, save=save,
                policy=RetryPolicy(timeout=timeout, retries=retries, backoff=backoff),
                skip_unmatched=skip_unmatched, scale=scale,
                dimension_names=_dimension_names(dim), level=level,
            )  # fmt: skip
        _print(report, fmt)
