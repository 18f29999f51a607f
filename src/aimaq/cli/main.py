"""The ``aimaq`` command: a thin layer over the library.

Each command group lives in its own module with a ``register(app)`` function that adds
its commands to the one Typer app.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import typer
from typer.core import TyperGroup

from aimaq.errors import AimaqError


class _Group(TyperGroup):
    """Turns the project's own errors into a message on stderr and exit code 2."""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click Context, which it does not export
        try:
            return super().invoke(ctx)
        except AimaqError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from exc


app = typer.Typer(
    name="aimaq",
    cls=_Group,
    help="Regional development analysis and planning for Kazakhstan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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
