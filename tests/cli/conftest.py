"""Running the CLI as users do: a real process, its stdout and stderr kept apart."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aimaq.data.catalogue import TABLE_COLUMNS, load_catalogue
from aimaq.data.store import Store
from aimaq.territory import territory_frames


def _run_cli(
    *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``aimaq ARGS`` in a child process (``python -m aimaq.cli``), as text."""
    return subprocess.run(
        [sys.executable, "-m", "aimaq.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        check=False,
    )


@pytest.fixture(scope="session")
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run_cli("show", "grp", ...)``: the CLI as a child process."""
    return _run_cli


def reference_store(path: Path) -> Path:
    """A database with the KATO tree and the indicator catalogue, and no figures."""
    store = Store(path)
    store.migrate()
    frames = territory_frames()
    for attr, table in (
        ("territory", "territory"),
        ("alias", "territory_alias"),
        ("change", "territory_change"),
    ):
        store.replace_rows(table, getattr(frames, attr))
    store.upsert_indicators(load_catalogue().frame()[TABLE_COLUMNS])
    store.close()
    return path


@pytest.fixture(scope="session")
def tree_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The KATO tree and the catalogue, no figures (copy it before writing to it)."""
    return reference_store(tmp_path_factory.mktemp("tree") / "tree.duckdb")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database ``aimaq init`` builds: the embedded official data, synthetic SRS registry."""
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    result = _run_cli("init", "--db", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    return path
