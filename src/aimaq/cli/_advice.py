"""The command line's words for an error: the option behind an argument, the command to run.

The library states the fact, names the keyword argument it is about and gives an
:class:`~aimaq.errors.Advice` id; here the keyword becomes the option of the command that
ran (``time_limit`` -> ``--time-limit``) and the id becomes the command that helps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aimaq.errors import Advice, AimaqError

#: What to run, for each advice id (a test checks that every id has its words here).
ADVICE: dict[Advice, str] = {
    Advice.init: "run `aimaq init` first",
    Advice.indicators: "see `aimaq indicators`",
    Advice.import_: "import them first with `aimaq import`",
    Advice.srs_registry: "run `aimaq srs synthesize` or `aimaq srs import FILE`",
    Advice.skip_unmatched: "fix the names, or import the rest with --skip-unmatched",
    Advice.indicator: "pass --indicator ID with a catalogue id (see `aimaq indicators`)",
    Advice.allow_future: "pass --allow-future to import planned or forecast figures",
    Advice.max_rows: "raise the cap with --max-rows if the file is meant to be this large",
    Advice.max_mb: "raise the cap with --max-mb if the file is meant to be this large",
    Advice.encoding: "save it as UTF-8 or pass --encoding",
    Advice.file_type: "pass --type FORMAT (see `aimaq import --help`)",
    Advice.taldau_breakdown: "ask Taldau for that breakdown with --dics",
}

#: Library keywords whose option has another name than ``--keyword-with-dashes``.
ALIASES: dict[str, str] = {
    "first_year": "--from",
    "last_year": "--to",
    "targets": "--target",
    "floors": "--floor",
    "draws": "--uncertainty",
    "path": "--out",
    "rule": "--rules",
}


def leaf_command(group: Any, args: Sequence[str]) -> Any:
    """The (sub)command that ``args`` run under ``group``.

    Examples
    --------
    >>> from aimaq.cli.main import app
    >>> import typer
    >>> leaf_command(typer.main.get_command(app), ["index", "build", "rdi"]).name
    'build'
    """
    command = group
    for token in args:
        commands = getattr(command, "commands", None)
        if not commands:
            break
        if token in commands:
            command = commands[token]
    return command


def option_for(argument: str, command: Any) -> str | None:
    """The option of ``command`` that feeds the library's keyword ``argument``, if it has one.

    Examples
    --------
    >>> from aimaq.cli.main import app
    >>> import typer
    >>> roadmap = leaf_command(typer.main.get_command(app), ["roadmap"])
    >>> option_for("time_limit", roadmap), option_for("last_year", roadmap)
    ('--time-limit', '--to')
    >>> option_for("gap_tolerance", roadmap) is None
    True
    """
    params = [p for p in getattr(command, "params", []) if getattr(p, "opts", None)]
    for param in params:
        if param.name == argument:
            long = [o for o in param.opts if o.startswith("--")]
            return long[0] if long else param.opts[0]
    wanted = ALIASES.get(argument, "--" + argument.replace("_", "-"))
    return wanted if any(wanted in p.opts for p in params) else None


def options_for(exc: BaseException, command: Any) -> list[str]:
    """The options behind the arguments an error names (a keyword without one stays)."""
    arguments = exc.arguments if isinstance(exc, AimaqError) else ()
    return [option_for(a, command) or a for a in arguments]


def cli_message(exc: BaseException, command: Any) -> str:
    """The error as the command line says it: its options and the command that helps."""
    if not isinstance(exc, AimaqError):
        return str(exc)
    advice = ADVICE[exc.advice] if exc.advice is not None else None
    return exc.message(names=options_for(exc, command), advice=advice)
