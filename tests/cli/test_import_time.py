"""The CLI starts without the heavy libraries: ``python -X importtime`` in a fresh process
lists every module a start imports, so a top-level import that drags in pandas fails here."""

from __future__ import annotations

import subprocess
import sys

import pytest

#: Libraries a command loads when it runs, never when the CLI starts or prints its help.
HEAVY = ("pandas", "numpy", "geopandas", "shapely", "dash", "plotly", "highspy", "scipy",
         "sklearn", "duckdb", "matplotlib", "weasyprint", "openpyxl", "aimaq.reporting",
         "aimaq.serving", "aimaq.planning", "aimaq.standards", "aimaq.analysis")  # fmt: skip


def _imported(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "aimaq.cli.main" in names or "aimaq" in names, result.stderr[-500:]
    return names


def _heavy(names: set[str]) -> list[str]:
    return sorted(n for n in names if any(n == h or n.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize(
    "code",
    [
        "import aimaq.cli.main",
        # the help of every command group builds every command's options
        "import sys; sys.argv = ['aimaq', '--help']\n"
        "from aimaq.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass",
    ],
    ids=["import", "help"],
)
def test_the_cli_starts_without_heavy_libraries(code: str) -> None:
    assert _heavy(_imported(code)) == []


def test_the_cli_names_the_planning_rules_as_the_library_does() -> None:
    from aimaq.cli.planning import RULES as CLI_RULES
    from aimaq.planning.rules import RULES

    assert CLI_RULES == RULES


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    result = subprocess.run(
        [sys.executable, "-m", "aimaq.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout == f"aimaq {version('aimaq')}\n"
