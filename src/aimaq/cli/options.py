"""Options shared by the commands, and opening the database, declared once.

Readers open the database read-only and never migrate it; writers wait for another
process's lock up to ``--wait`` seconds; only the commands that bring data in (``init``,
``import``, ``srs import``, ``tags import``, ``fetch``) may create a missing file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aimaq.errors import AimaqError

if TYPE_CHECKING:  # the store (pandas, duckdb) loads when a command runs, not for `--help`
    from aimaq.data.store import Store


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Lang(StrEnum):
    """Languages of names and labels."""

    kk = "kk"
    ru = "ru"
    en = "en"


#: Seconds to wait for another process's lock (``AIMAQ_WAIT`` overrides for readers too).
WAIT_ENV = "AIMAQ_WAIT"
_DEFAULT_WAIT = 30.0

FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="How to print the result: table, json or csv."),
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", envvar="AIMAQ_DB", help="DuckDB file (default: per-user data folder)."),
]
LangOpt = Annotated[
    Lang, typer.Option("--lang", help="Language of names and labels: kk, ru or en.")
]
TagOpt = Annotated[
    str | None,
    typer.Option(
        "--tag", help="Only the units that carry this territory tag (e.g. border_district)."
    ),
]
ByTagOpt = Annotated[
    str | None,
    typer.Option(
        "--by-tag",
        help="Compare the units that carry this tag with the rest (means, Theil, gap, p-value).",
    ),
]
WaitOpt = Annotated[
    float,
    typer.Option(
        "--wait",
        envvar=WAIT_ENV,
        min=0.0,
        help="Seconds to wait while another process writes to the database.",
    ),
]


def db_path(db: Path | None) -> Path:
    """The database file a command uses: ``--db``, else ``$AIMAQ_DB``, else the default."""
    from aimaq.data.store import default_path

    return Path(db) if db is not None else default_path()


def _reader_wait() -> float:
    text = os.environ.get(WAIT_ENV)
    try:
        return float(text) if text else _DEFAULT_WAIT
    except ValueError:
        raise AimaqError(f"${WAIT_ENV} must be a number of seconds; got {text!r}") from None


@contextmanager
def _advised() -> Iterator[None]:
    """The store states the fact; the command line adds what to do about it."""
    from aimaq.data.store import DatabaseMissing, DatabaseOutdated

    try:
        yield
    except DatabaseMissing as exc:
        raise AimaqError(f"{exc}; run `aimaq init` first to create it") from exc
    except DatabaseOutdated as exc:
        raise AimaqError(f"{exc}; run `aimaq init` to update it") from exc


@contextmanager
def reading(db: Path | None) -> Iterator[Store]:
    """The database opened read-only (never migrated); a missing file is an error."""
    from aimaq.data.store import Store

    path = db_path(db)
    with _advised():
        store = Store.open(path, wait=_reader_wait())
    try:
        yield store
    finally:
        store.close()


@contextmanager
def writing(
    db: Path | None, *, wait: float = _DEFAULT_WAIT, create: bool = False
) -> Iterator[Store]:
    """The database opened writable and migrated, after waiting up to ``wait`` s for a lock."""
    from aimaq.data.store import Store

    path = db_path(db)
    with _advised():
        store = Store.open(path, write=True, create=create, wait=wait)
    try:
        yield store
    finally:
        store.close()


TerritoryOpt = Annotated[
    str | None,
    typer.Option(
        "--territory",
        help="One region, district, okrug or settlement: a KATO code or a name (Turkestan, 610000000).",
    ),
]
