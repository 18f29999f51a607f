"""The CLI reference is generated from the commands, and the README's and docs' command
examples name only flags the commands have."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from aimaq.cli._reference import _walk, reference
from aimaq.cli.main import app

ROOT = Path(__file__).resolve().parents[2]


def test_docs_cli_md_is_the_generated_reference() -> None:
    written = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert written == reference(), (
        "docs/cli.md differs from the commands: run `python -m aimaq.cli._reference > docs/cli.md`"
    )


def _commands() -> dict[str, set[str]]:
    found = _walk(typer.main.get_command(app), [])
    return {
        name: {o for p in command.params for o in [*p.opts, *p.secondary_opts]} | {"--help"}
        for name, command in found
    }


def test_command_examples_in_the_readme_and_docs_use_real_flags() -> None:
    commands = _commands()
    groups = {name.split()[0] for name in commands if " " in name}
    bad = []
    checked = 0
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for match in re.finditer(
            r"`?aimaq ((?:[a-z][\w-]* ?){1,2})([^`\n|]*)", doc.read_text("utf-8")
        ):
            words = match.group(1).split()
            name = " ".join(words[:2]) if words[0] in groups and len(words) > 1 else words[0]
            if name not in commands:
                continue
            for flag in re.findall(r"(?<![\w-])(--[a-z][\w-]*)", match.group(2)):
                checked += 1
                if flag not in commands[name] and flag not in ("--version", "--verbose"):
                    bad.append(f"{doc.name}: aimaq {name} {flag}")
    assert not bad, f"flags the commands do not have: {bad}"
    assert checked > 50  # the examples were found at all
