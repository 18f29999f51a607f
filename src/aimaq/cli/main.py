"""The ``aimaq`` command: a thin layer over the library.

Each command group lives in its own module with a ``register(app)`` function that adds
its commands to the one Typer app. Those modules import what a command needs when it
runs, so that ``aimaq --help`` starts without pandas, DuckDB or the solver.

The output contract: with ``--format json`` or ``--format csv`` standard output holds the
document and nothing else; notes, progress and the solver's log go to standard error, and
an error is one JSON object there (``{"error": {"code", "message", "file", "row",
"column", "value", "options", "advice"}}``) with exit code 2.

The library states an error's fact; the command line adds its own words (see
:mod:`aimaq.cli._advice`): the option behind the argument the fact is about, and the
command to run where the error carries an advice id.
"""

from __future__ import annotations

import importlib
import json
import logging
import pkgutil
import re
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from aimaq.errors import AimaqError


def _wants_json(args: Sequence[str]) -> bool:
    """Whether the command line asks for JSON output (``--format json``, ``-f json``, ``--format=json``)."""
    for pos, arg in enumerate(args):
        if arg in ("--format", "-f") and pos + 1 < len(args):
            if args[pos + 1] == "json":
                return True
        elif arg in ("--format=json", "-fjson"):
            return True
    return False


def _code(exc: BaseException) -> str:
    """``ImportError_`` -> ``import_error``: the error's kind for scripts."""
    name = type(exc).__name__.strip("_")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def error_document(
    exc: BaseException, message: str | None = None, options: Sequence[str] = ()
) -> dict[str, Any]:
    """The JSON object an error becomes under ``--format json``.

    ``options`` are the command's options the error is about; ``advice`` is the error's
    advice id (``"init"``, ...), for a script to act on.

    Examples
    --------
    >>> from aimaq.errors import ImportError_, Location
    >>> error_document(ImportError_("not a number", Location("a.csv", 3, "value", "x")))["error"]
    {'code': 'import_error', 'message': "a.csv, row 3, column 'value', value 'x': not a number", 'file': 'a.csv', 'row': 3, 'column': 'value', 'value': 'x', 'options': [], 'advice': None}
    """
    location = getattr(exc, "location", None)
    row = getattr(location, "row", None)
    if isinstance(row, str) and re.fullmatch(r"row \d+", row):
        row = int(row[4:])  # the importers' "row 12" is a number for a script
    value = getattr(location, "value", None)
    advice = getattr(exc, "advice", None)
    if value is not None and not isinstance(value, str | int | float | bool):
        value = str(value)
    return {
        "error": {
            "code": _code(exc),
            "message": message if message is not None else str(exc),
            "file": getattr(location, "file", None),
            "row": row,
            "column": getattr(location, "column", None),
            "value": value,
            "options": list(options),
            "advice": str(advice) if advice is not None else None,
        }
    }


def _report(exc: BaseException, message: str, as_json: bool, options: Sequence[str] = ()) -> None:
    if as_json:
        document = error_document(exc, message, options)
        typer.echo(json.dumps(document, ensure_ascii=False), err=True)
    else:
        typer.echo(f"error: {message}", err=True)


class _Group(TyperGroup):
    """Turns the project's own errors into a message on stderr and exit code 2."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["aimaq.args"] = list(args)  # to know, on an error, whether JSON was asked for
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click Context, which it does not export
        from typer._click.exceptions import UsageError

        args = ctx.meta.get("aimaq.args", [])
        try:
            return super().invoke(ctx)
        except AimaqError as exc:
            from aimaq.cli._advice import cli_message, leaf_command, options_for

            command = leaf_command(self, args)
            options = [o for o in options_for(exc, command) if o.startswith("-")]
            _report(exc, cli_message(exc, command), _wants_json(args), options)
            raise typer.Exit(exc.exit_code) from exc
        except UsageError as exc:
            # one line, like the project's own errors, with where to read more
            where = exc.ctx.command_path if exc.ctx is not None else "aimaq"
            message = f"{exc.format_message()} (see `{where} --help`)"
            _report(exc, message, _wants_json(args))
            raise typer.Exit(2) from exc


app = typer.Typer(
    name="aimaq",
    cls=_Group,
    help="Regional development analysis and planning for Kazakhstan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from aimaq import __version__

        typer.echo(f"aimaq {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Log what runs (the solver's own log too) on stderr."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Regional development analysis and planning for Kazakhstan."""
    if verbose:
        logging.basicConfig(
            level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s", force=True
        )


def _register_all() -> None:
    """Every module in this package with a ``register(app)`` adds its commands."""
    import aimaq.cli as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name in {"main", "options", "output"} or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"aimaq.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_all()


def main() -> None:
    """Console-script entry point."""
    app()
