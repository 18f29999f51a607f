"""The CLI reference (docs/cli.md), generated from the commands themselves.

``python -m aimaq.cli._reference > docs/cli.md`` rewrites it; a test fails when the file
and the commands' options differ, so the reference cannot drift from the flags.
"""

from __future__ import annotations

from typing import Any

HEADER = """# CLI reference

Generated from the commands by `python -m aimaq.cli._reference > docs/cli.md`; do not edit
by hand (a test compares this file with the commands).

Every command that prints a result takes `--format table|json|csv`; with `json` or `csv`
standard output holds exactly the document, and an error is one JSON object on standard
error (`{"error": {"code", "message", "file", "row", "column", "value", "options",
"advice"}}`: `options` the options the error is about, `advice` an id such as `init` for
what helps), exit code 2.
Reading commands open the database read-only; writers wait up to `--wait` seconds for
another process's lock. `aimaq --version` prints the version, `aimaq --verbose` logs on
standard error (the solver's log too). The dashboard (`aimaq serve`) reads the database
once at start (a snapshot copied while it waits like any reader for a writer) and serves that
state without holding the file: it keeps answering while an import runs, and shows the new
figures after a restart.
"""


def _walk(command: Any, path: list[str]) -> list[tuple[str, Any]]:
    if hasattr(command, "commands"):
        found = []
        for name in sorted(command.commands):
            found += _walk(command.commands[name], [*path, name])
        return found
    return [(" ".join(path), command)]


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _type_name(annotation: Any) -> str:
    """``Path | None`` -> ``Path``; an enum -> its choices; ``list[str]`` -> ``str, repeatable``."""
    import enum
    import types
    import typing

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return " or ".join(_type_name(a) for a in inner)
    if origin in (list, tuple):
        return f"{_type_name(typing.get_args(annotation)[0])}, repeatable"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "|".join(str(m.value) for m in annotation)
    return getattr(annotation, "__name__", str(annotation))


def _param(param: Any) -> str:
    if type(param).__name__.endswith("Argument"):
        names = f"`{param.name.upper()}`"
    else:
        names = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
    type_name = _type_name(param.type_descriptor.annotation)
    default = param.default
    if isinstance(default, list | tuple):
        default = ",".join(map(str, default)) or None
    shown = "" if default is None else str(getattr(default, "value", default))
    required = " (required)" if param.required else ""
    return (
        f"| {names}{required} | {_cell(type_name)} | {_cell(shown)} | "
        f"{_cell(getattr(param, 'help', '') or '')} |"
    )


def reference() -> str:
    """The reference as Markdown, one section per command."""
    import typer.main

    from aimaq.cli.main import app

    parts = [HEADER]
    for name, command in _walk(typer.main.get_command(app), []):
        summary = (command.help or "").strip()
        parts.append(f"\n## `aimaq {name}`\n\n{summary}\n")
        params = [p for p in command.params if not getattr(p, "hidden", False)]
        if params:
            parts.append("| name | type | default | help |\n|---|---|---|---|")
            parts.extend(_param(p) for p in params)
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(reference())
