"""`aimaq territory`: resolve names and codes, and look at one unit of the KATO tree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from aimaq.cli.options import FormatOpt, OutputFormat
from aimaq.cli.output import emit

if TYPE_CHECKING:
    from aimaq.territory import Resolver

group = typer.Typer(
    help="Resolve territory names and codes; look at one unit of the KATO tree.",
    no_args_is_help=True,
)


def _resolver() -> Resolver:
    # the KATO tree loads when a command runs, not for `aimaq --help`
    from aimaq.territory import Resolver

    return Resolver.default()


def _info(kato: str) -> dict[str, object]:
    from aimaq.territory import UnknownTerritory

    resolver = _resolver()
    try:
        return resolver.info(kato)
    except KeyError as exc:
        raise UnknownTerritory(kato, [], "not a KATO code of the tree") from exc


@group.command("resolve")
def resolve(
    name: Annotated[
        str,
        typer.Argument(
            help="A name or code as a source prints it: 'АКТЮБИНСКАЯ ОБЛАСТЬ', 'KZ-15', 'Семей қ.ә.'."
        ),
    ],
    parent: Annotated[
        str | None, typer.Option("--parent", help="KATO code of a unit the name lies under.")
    ] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="region, district, okrug or settlement.")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="A date or period the unit must exist on.")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The KATO code of a name; unknown names list the closest known ones (exit 2)."""
    kato = _resolver().resolve(name, parent=parent, level=level, on=on)
    emit([{"query": name, **_info(kato)}], fmt)


@group.command("info")
def info(
    kato: Annotated[str, typer.Argument(help="A 9-digit KATO code.")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Names, level, parent, validity and tags of one unit."""
    emit([_info(kato)], fmt)


@group.command("children")
def children(
    kato: Annotated[str, typer.Argument(help="A 9-digit KATO code.")],
    level: Annotated[
        str | None, typer.Option("--level", help="Only descendants of this level.")
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="A date or period: the units in it then (former members too)."),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The units below one unit (its direct children, or all of one level)."""
    _info(kato)
    resolver = _resolver()
    emit([resolver.info(k) for k in resolver.children(kato, level=level, on=on)], fmt)


@group.command("successors")
def successors(
    kato: Annotated[
        str | None, typer.Argument(help="A 9-digit KATO code of a predecessor (default: all).")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The units that took a changed unit's territory, with each one's population share."""
    from aimaq.errors import ValidationError
    from aimaq.territory.successors import successor_shares

    if kato is not None:
        _info(kato)
    rows = successor_shares(kato)
    if rows.empty:
        raise ValidationError(f"{kato} has no recorded split or rename")
    rows["date"] = rows["date"].dt.date.astype(str)
    emit(rows, fmt, title=f"successors of {kato}" if kato else "successor shares")


def register(app: typer.Typer) -> None:
    """Add the ``territory`` group to the CLI."""
    app.add_typer(group, name="territory")
