"""The DuckDB store: the one owner of connections, migrations and writes.

Every write goes through :class:`Store`; each import is one transaction, so a failed
import leaves the database exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from aimaq.errors import Advice, AimaqError, ImportError_, Location

ENV_VAR = "AIMAQ_DB"
#: Seconds a writer waits for another process's lock on the database file by default.
DEFAULT_WAIT = 30.0
OBSERVATION_COLUMNS = ["kato", "indicator_id", "period", "value", "dims"]
#: DuckDB's memory limit while an import batch is written.
WRITE_MEMORY = "512MB"


def default_path() -> Path:
    """The database path: ``$AIMAQ_DB``, else ``$XDG_DATA_HOME/aimaq/aimaq.duckdb``.

    Examples
    --------
    >>> default_path().name
    'aimaq.duckdb'
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "aimaq" / "aimaq.duckdb"


def sha256_of(path: str | Path) -> str:
    """SHA-256 of a file's bytes, for lineage and idempotent re-imports."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_of_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_dims(dims: Mapping[str, Any] | str | None) -> str:
    """Canonical JSON for an observation's extra dimensions (sorted keys, no spaces).

    Examples
    --------
    >>> canonical_dims({"sex": "female", "area": "urban"})
    '{"area":"urban","sex":"female"}'
    >>> canonical_dims(None)
    '{}'
    """
    if dims is None or (isinstance(dims, float) and pd.isna(dims)):
        return "{}"
    if isinstance(dims, str):
        dims = json.loads(dims) if dims.strip() else {}
    return json.dumps(dict(dims), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    batch_id: int | None
    rows: int
    skipped: bool = False
    reason: str = ""


class DatabaseMissing(AimaqError):
    """The database file does not exist (and the caller may not create it)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        super().__init__(f"the database file {path} does not exist")


class DatabaseLocked(AimaqError):
    """Another process holds the database file's lock beyond the time allowed to wait."""

    def __init__(self, path: str | Path, waited: float, holder: str, pid: int | None) -> None:
        self.path, self.waited, self.holder, self.pid = str(path), waited, holder, pid
        who = f"{holder} (PID {pid})" if pid is not None else holder
        super().__init__(
            f"the database {path} is locked by another process, {who}; "
            f"gave up after waiting {waited:g} s"
        )


class DatabaseOutdated(AimaqError):
    """The file's schema is older than this version's and it was opened for reading only."""

    def __init__(self, path: str | Path, version: int, latest: int) -> None:
        self.path, self.version, self.latest = str(path), version, latest
        super().__init__(
            f"the database {path} is at schema version {version}, this version of aimaq "
            f"reads version {latest}; a read-only open does not migrate it"
        )


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


def lock_holder(message: str) -> tuple[str, int | None] | None:
    """The program and PID that DuckDB names in a lock conflict, or ``None`` for other errors.

    Examples
    --------
    >>> lock_holder('Could not set lock on file "a.duckdb": Conflicting lock is held in '
    ...             '/usr/bin/python3.12 (PID 4242) by user ana. See also ...')
    ('/usr/bin/python3.12', 4242)
    >>> lock_holder("Could not set lock on file: Resource temporarily unavailable")
    ('another process', None)
    >>> lock_holder("not a database file") is None
    True
    """
    found = _LOCK_HOLDER.search(message)
    if found:
        return found["program"], int(found["pid"])
    if "lock" in message.lower():
        return "another process", None
    return None


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("aimaq.data") / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Store:
    """A DuckDB database file holding territories, indicators and observations.

    Parameters
    ----------
    path
        Database file; ``None`` uses :func:`default_path`. ``":memory:"`` for a
        throw-away database.
    read_only
        Open without write access (several readers may share a file).

    Examples
    --------
    >>> store = Store(":memory:")
    >>> store.migrate() >= 1
    True
    >>> int(store.query("select count(*) as n from territory").n[0])
    0
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = str(path) if path is not None else str(default_path())
        self.read_only = read_only
        if self.path != ":memory:" and not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise DatabaseMissing(self.path)
        self._con = duckdb.connect(self.path, read_only=read_only)
        self._in_tx = False

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        write: bool = False,
        create: bool = False,
        wait: float = DEFAULT_WAIT,
        poll: float = 0.1,
    ) -> Store:
        """Open a database file for reading (read-only, never migrated) or for writing.

        Parameters
        ----------
        path
            Database file; ``None`` uses :func:`default_path`.
        write
            Open writable and apply pending migrations; otherwise read-only, and a file
            whose schema is behind this version is refused (:class:`DatabaseOutdated`)
            rather than changed.
        create
            A missing file may be created (only with ``write``); otherwise a missing file
            is :class:`DatabaseMissing`.
        wait
            Seconds to keep trying while another process holds the file's lock, then
            :class:`DatabaseLocked` naming that process.
        poll
            Seconds between tries.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> Store.open(folder / "a.duckdb")
        Traceback (most recent call last):
        ...
        aimaq.data.store.DatabaseMissing: the database file ... does not exist
        >>> Store.open(folder / "a.duckdb", write=True, create=True).close()
        >>> Store.open(folder / "a.duckdb").read_only
        True
        """
        target = Path(path) if path is not None else default_path()
        if create and not write:
            raise ValueError("create=True needs write=True")
        if not create and not target.exists():
            raise DatabaseMissing(target)
        # a write-ahead log left by a process killed after (or while) committing
        left_log = write and Path(f"{target}.wal").exists()
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                store = cls(target, read_only=not write)
                break
            except duckdb.IOException as exc:
                holder = lock_holder(str(exc))
                if holder is None:
                    raise AimaqError(f"cannot open the database {target}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise DatabaseLocked(target, max(wait, 0.0), *holder) from exc
                time.sleep(poll)
            except duckdb.Error as exc:
                raise AimaqError(f"cannot open the database {target}: {exc}") from exc
        try:
            if write:
                store.migrate()
                if left_log:
                    store.checkpoint()
                store._unstage()  # the staging file of an import killed while it staged
            else:
                current, latest = store.schema_version(), _migrations()[-1][0]
                if current < latest:
                    raise DatabaseOutdated(target, current, latest)
        except BaseException:
            store.close()
            raise
        return store

    # -- connection ---------------------------------------------------------------
    def checkpoint(self) -> None:
        """Write the write-ahead log into the database file and remove the log.

        :meth:`open` does it for a writer that finds a log left behind (a process killed
        after or while committing): DuckDB replays the log on opening, the checkpoint then
        folds it into the file. An import killed before committing leaves no log and no
        rows; the blocks it had written ahead lie past the file's last used block and are
        written over by the next import, so the file does not grow by them.
        """
        self._con.execute("CHECKPOINT").fetchall()

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The raw connection, for read queries only; writes go through methods."""
        return self._con

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All statements inside commit together or not at all."""
        if self._in_tx:  # nested use joins the outer transaction
            yield self._con
            return
        self._con.execute("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield self._con
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        else:
            self._con.execute("COMMIT")
        finally:
            self._in_tx = False

    def query(self, sql: str, params: list[Any] | tuple[Any, ...] | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        return self._con.execute(sql, params or []).df()

    # -- schema -------------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self._con.execute(
            "select count(*) from information_schema.tables where table_name = 'schema_version'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self._con.execute("select max(version) from schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> int:
        """Apply pending migrations in order; returns the schema version."""
        current = self.schema_version()
        pending = [m for m in _migrations() if m[0] > current]
        if not pending:
            return current
        if self.read_only:
            raise AimaqError(
                f"database {self.path} is at schema {current}; open it writable to migrate"
            )
        with self.transaction() as con:
            con.execute(
                "create table if not exists schema_version "
                "(version integer primary key, name varchar, applied_at timestamp)"
            )
            for version, name, sql in pending:
                con.execute(sql)
                con.execute(
                    "insert into schema_version values (?, ?, ?)", [version, name, datetime.now()]
                )
        return pending[-1][0]

    def table_names(self) -> list[str]:
        return [r[0] for r in self._con.execute("show tables").fetchall()]

    def snapshot(self) -> dict[str, pd.DataFrame]:
        """Every table's full contents, sorted: for comparing a database before and after."""
        out: dict[str, pd.DataFrame] = {}
        for name in sorted(self.table_names()):
            frame = self.query(f'select * from "{name}"')
            out[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
        return out

    # -- writes -------------------------------------------------------------------
    def replace_rows(self, table: str, frame: pd.DataFrame, where: str = "true") -> int:
        """Delete rows matching ``where`` in ``table`` and insert ``frame``, atomically."""
        with self.transaction() as con:
            con.execute(f'delete from "{table}" where {where}')
            if len(frame):
                con.register("_incoming", frame)
                cols = ", ".join(f'"{c}"' for c in frame.columns)
                con.execute(f'insert into "{table}" ({cols}) select {cols} from _incoming')
                con.unregister("_incoming")
        return len(frame)

    def upsert_indicators(self, frame: pd.DataFrame) -> int:
        """Insert or replace indicator metadata rows (by id)."""
        with self.transaction() as con:
            con.register("_ind", frame)
            con.execute("delete from indicator where id in (select id from _ind)")
            cols = ", ".join(frame.columns)
            con.execute(f"insert into indicator ({cols}) select {cols} from _ind")
            con.unregister("_ind")
        return len(frame)

    def batch_for_sha(self, sha256: str) -> int | None:
        row = self._con.execute(
            "select batch_id from import_batch where sha256 = ? order by batch_id limit 1", [sha256]
        ).fetchone()
        return int(row[0]) if row else None

    def write_observations(
        self,
        frame: pd.DataFrame | Iterable[pd.DataFrame],
        *,
        source: str,
        sha256: str,
        importer: str,
        attribution: str | None = None,
        indicators: pd.DataFrame | None = None,
        territories: pd.DataFrame | None = None,
        dimension_codes: pd.DataFrame | None = None,
    ) -> ImportResult:
        """Write one import batch: all rows or none.

        ``frame`` (or each frame of an iterable of chunks, staged one by one inside the
        one transaction, so a large file never sits in memory whole) has the columns
        ``kato, indicator_id, period, value, dims`` and may carry ``ref`` (where each row
        came from, e.g. ``"row 12"`` or ``"record 3"``) for error messages and ``flag``
        (the source's mark: ``absent``, ``confidential``, ``no_data``). Re-importing
        content with the same SHA-256 is a no-op. Rows that repeat an existing
        observation with the same value are left as they are; a different value for the
        same (territory, indicator, period, dims) is an error. A batch that would add no
        row is not recorded: the result says "nothing new".
        ``indicators`` and ``territories`` (optional) are registered in the same
        transaction, for user indicators and historical territories that come with a file;
        ``dimension_codes`` (``dimension, code, name_kk, name_ru, name_en, source``) names
        the codes of the file's dimensions. ``border_basis`` (optional column):
        ``as_published`` (the default) or ``recalculated_to_current``.
        """
        existing = self.batch_for_sha(sha256)
        if existing is not None:
            return ImportResult(existing, 0, skipped=True, reason="already imported (same SHA-256)")
        chunks = [frame] if isinstance(frame, pd.DataFrame) else frame
        staging = not self._in_tx and self.path != ":memory:"
        staged = None
        try:
            if staging:
                # outside the one transaction, so that DuckDB does not hold the batch in memory
                staged = self._stage(chunks, source, territories, indicators)
                chunks = []
            with self.transaction() as con:
                self._register(con, territories, indicators, dimension_codes)
                # the buffer pool would otherwise cache what a large batch reads, up to most
                # of the machine's memory; past this limit DuckDB evicts instead
                limit = con.execute("select current_setting('memory_limit')").fetchone()
                con.execute(f"set memory_limit = '{WRITE_MEMORY}'")
                try:
                    return self._write_chunks(
                        con, chunks, source, sha256, importer, attribution, staged
                    )
                finally:
                    if limit:
                        con.execute(f"set memory_limit = '{limit[0]}'")
        finally:
            if staging:
                self._unstage()

    def _register(
        self,
        con: duckdb.DuckDBPyConnection,
        territories: pd.DataFrame | None,
        indicators: pd.DataFrame | None,
        dimension_codes: pd.DataFrame | None,
    ) -> None:
        """The territories, indicators and code names a file brings, inside its transaction."""
        if territories is not None and len(territories):
            con.register("_terr", territories)
            cols = ", ".join(territories.columns)
            con.execute(
                f"insert into territory ({cols}) select {cols} from _terr "
                "where kato not in (select kato from territory)"
            )
            con.unregister("_terr")
        if indicators is not None and len(indicators):
            self.upsert_indicators(indicators)
        if dimension_codes is not None and len(dimension_codes):
            con.register("_codes", dimension_codes)
            con.execute(
                "insert or replace into dimension_code "
                "select dimension, code, name_kk, name_ru, name_en, source from _codes"
            )
            con.unregister("_codes")

    @property
    def _stage_path(self) -> str:
        return f"{self.path}.stage"

    def _unstage(self) -> None:
        """Detach and delete the staging file of a batch (also one a killed import left)."""
        con = self._con
        attached = con.execute(
            "select count(*) from duckdb_databases() where database_name = '_stage'"
        ).fetchall()
        if attached and attached[0][0]:
            con.execute("detach _stage").fetchall()
        for leftover in (self._stage_path, f"{self._stage_path}.wal"):
            Path(leftover).unlink(missing_ok=True)

    def _stage(
        self,
        chunks: Iterable[pd.DataFrame],
        source: str,
        territories: pd.DataFrame | None,
        indicators: pd.DataFrame | None,
    ) -> int:
        """Check each chunk and stage it in a file beside the database; the rows staged.

        DuckDB keeps what a transaction appends in memory until it commits (about 200
        bytes a row); each chunk is committed to the staging file instead, and the batch
        then moves into ``observation`` in one statement of the one transaction. The
        database itself is not touched until then: a failed or killed import leaves it as
        it was (the next write removes a leftover staging file).
        """
        con = self._con
        self._unstage()
        con.execute(f"attach '{self._stage_path}' as _stage").fetchall()
        con.execute(
            "create table _stage.obs as select *, '' as ref, 0::bigint as seq "
            "from observation limit 0"
        ).fetchall()
        kato: Any = territories["kato"] if territories is not None and len(territories) else []
        ids: Any = indicators["id"] if indicators is not None and len(indicators) else []
        con.register("_brought_terr", pd.DataFrame({"kato": pd.Series(kato, dtype=object)}))
        con.register("_brought_ind", pd.DataFrame({"id": pd.Series(ids, dtype=object)}))
        seq, staged = 0, 0
        try:
            for chunk in chunks:
                data = self._collapse_duplicates(self._prepared(chunk, source, seq), source)
                seq += len(chunk)
                con.register("_obs", data)
                try:
                    self._check_references(con, source, brought=True)
                    self._check_conflicts(con, source, -1, staged=True)
                    done = con.execute(
                        "insert into _stage.obs select o.kato, o.indicator_id, o.period, "
                        "o.value, o.dims, 0, o.flag, o.border_basis, o.ref, o.seq from _obs o "
                        "anti join observation e using (kato, indicator_id, period, dims) "
                        "anti join _stage.obs s using (kato, indicator_id, period, dims)"
                    ).fetchall()
                finally:
                    con.unregister("_obs")
                staged += int(done[0][0]) if done else 0
        finally:
            con.unregister("_brought_terr")
            con.unregister("_brought_ind")
        return staged

    def _write_chunks(
        self,
        con: duckdb.DuckDBPyConnection,
        chunks: Iterable[pd.DataFrame],
        source: str,
        sha256: str,
        importer: str,
        attribution: str | None,
        staged: int | None = None,
    ) -> ImportResult:
        """Insert chunk by chunk inside the caller's transaction (no copy of the whole file),
        or move the ``staged`` rows of the staging file in.

        Each chunk is checked against what is stored, earlier chunks of this batch
        included: a repeat with the same value is kept once, a different value is an error.
        """
        batch = con.execute(
            "insert into import_batch (source, sha256, rows, imported_at, importer, attribution) "
            "values (?, ?, 0, ?, ?, ?) returning batch_id",
            [source, sha256, datetime.now(), importer, attribution],
        ).fetchall()
        batch_id = int(batch[0][0])
        seq, n_new = 0, 0
        if staged:
            moved = con.execute(
                "insert into observation "
                "(kato, indicator_id, period, value, dims, batch_id, flag, border_basis) "
                "select kato, indicator_id, period, value, dims, ?, flag, border_basis "
                "from _stage.obs",
                [batch_id],
            ).fetchall()
            n_new = int(moved[0][0]) if moved else 0
        for chunk in chunks:
            data = self._collapse_duplicates(self._prepared(chunk, source, seq), source)
            seq += len(chunk)
            con.register("_obs", data)
            try:
                self._check_references(con, source)
                self._check_conflicts(con, source, batch_id)
                inserted = con.execute(
                    "insert into observation "
                    "(kato, indicator_id, period, value, dims, batch_id, flag, border_basis) "
                    "select o.kato, o.indicator_id, o.period, o.value, o.dims, ?, o.flag, "
                    "o.border_basis "
                    "from _obs o anti join observation e using (kato, indicator_id, period, dims)",
                    [batch_id],
                ).fetchall()
            finally:
                con.unregister("_obs")
            n_new += int(inserted[0][0]) if inserted else 0
        if n_new == 0:
            # a batch of no rows would say "imported" about a file that brought nothing new
            con.execute("delete from import_batch where batch_id = ?", [batch_id])
            return ImportResult(
                None, 0, skipped=True, reason="nothing new: every row is already stored"
            )
        con.execute("update import_batch set rows = ? where batch_id = ?", [n_new, batch_id])
        return ImportResult(batch_id, n_new)

    @staticmethod
    def _check_conflicts(
        con: duckdb.DuckDBPyConnection, source: str, batch_id: int, *, staged: bool = False
    ) -> None:
        """A row whose value differs from the stored one (or an earlier row of this file)."""
        stored = (
            "(select kato, indicator_id, period, dims, value, batch_id from observation "
            "union all select kato, indicator_id, period, dims, value, -1 from _stage.obs)"
            if staged
            else "observation"
        )
        conflict_sql = (
            f"from _obs o join {stored} e using (kato, indicator_id, period, dims) "
            "where not (o.value is not distinct from e.value)"
        )
        first = con.execute(
            "select o.ref, o.kato, o.indicator_id, o.period, o.dims, o.value, e.value, "
            "e.batch_id " + conflict_sql + " limit 1"
        ).fetchall()
        if not first:
            return
        ref, kato, ind, period, dims, new, old, where = first[0]
        if where == batch_id:
            raise ImportError_(
                f"duplicate {ind} for {kato} in {period} {dims} with conflicting values "
                f"{old} (an earlier row of this file) and {new} ({ref})",
                Location(source, ref, "value", new),
            )
        count = con.execute("select count(*) " + conflict_sql).fetchall()
        raise ImportError_(
            f"conflicts with stored data: {ind} for {kato} in {period} {dims} is "
            f"{old} in the database, {new} in this file ({count[0][0] if count else 1} "
            "conflicting row(s)); nothing was imported",
            Location(source, ref, "value", new),
        )

    @staticmethod
    def _prepared(frame: pd.DataFrame, source: str, seq: int) -> pd.DataFrame:
        """One chunk in the staging table's columns and types."""
        missing = [c for c in OBSERVATION_COLUMNS if c not in frame.columns]
        if missing:
            raise ImportError_(f"importer produced no column(s) {missing}", Location(source))
        data = frame[OBSERVATION_COLUMNS].copy()
        data.insert(0, "seq", range(seq, seq + len(data)))
        data["ref"] = (
            frame["ref"].astype(str)
            if "ref" in frame.columns
            else [f"row {i + 1}" for i in range(seq, seq + len(data))]
        )
        flags = frame["flag"].astype(object) if "flag" in frame.columns else None
        data["flag"] = None if flags is None else flags.where(flags.notna() & (flags != ""), None)
        # a file repeats a handful of breakdowns: canonicalise each once
        if all(isinstance(d, str) for d in data["dims"]):
            data["dims"] = data["dims"].map({d: canonical_dims(d) for d in set(data["dims"])})
        else:
            data["dims"] = data["dims"].map(canonical_dims)
        data["kato"] = data["kato"].astype(str)
        data["period"] = data["period"].astype(str)
        data["value"] = pd.to_numeric(data["value"], errors="raise").astype("float64")
        data["border_basis"] = (
            frame["border_basis"].astype(str) if "border_basis" in frame.columns else "as_published"
        )
        return data

    @staticmethod
    def _collapse_duplicates(data: pd.DataFrame, source: str) -> pd.DataFrame:
        """Identical repeats within a chunk collapse to one row; conflicting ones are an error."""
        key = ["kato", "indicator_id", "period", "dims"]
        dup = data.duplicated(key, keep=False)
        if not dup.any():
            return data
        for _, group in data[dup].groupby(key, sort=False):
            values = group["value"]
            if values.nunique(dropna=False) > 1:
                first = group.iloc[0]
                second = group[~group["value"].isin([first.value])].iloc[0]
                raise ImportError_(
                    f"duplicate {first.indicator_id} for {first.kato} in {first.period} "
                    f"{first.dims} with conflicting values {first.value} ({first.ref}) and "
                    f"{second.value} ({second.ref})",
                    Location(source, second.ref, "value", second.value),
                )
        return data[~data.duplicated(key)]

    @staticmethod
    def _check_references(
        con: duckdb.DuckDBPyConnection, source: str, *, brought: bool = False
    ) -> None:
        # a staged batch is checked before the territories and indicators it brings are
        # registered: those count as known
        terr = " and kato not in (select kato from _brought_terr)" if brought else ""
        ind = " and indicator_id not in (select id from _brought_ind)" if brought else ""
        bad = con.execute(
            "select ref, kato from _obs where kato not in (select kato from territory)"
            + terr
            + " limit 1"
        ).fetchall()
        if bad:
            raise ImportError_(
                "unknown territory code (not in the KATO tree)",
                Location(source, bad[0][0], "kato", bad[0][1]),
            )
        bad = con.execute(
            "select ref, indicator_id from _obs "
            "where indicator_id not in (select id from indicator)" + ind + " limit 1"
        ).fetchall()
        if bad:
            raise ImportError_(
                "unknown indicator id (not in the catalogue)",
                Location(source, bad[0][0], "indicator", bad[0][1]),
                advice=Advice.indicators,
            )

    # -- reads --------------------------------------------------------------------
    def observations(
        self,
        indicator_id: str,
        *,
        period: str | None = None,
        level: str | None = None,
        dims: Mapping[str, Any] | None = None,
    ) -> pd.DataFrame:
        """Observations of one indicator joined with territory names and level."""
        sql = (
            "select o.kato, t.level, t.name_en, t.name_ru, t.name_kk, t.parent_kato, "
            "o.indicator_id, o.period, o.value, o.dims, o.flag, o.batch_id "
            "from observation o join territory t using (kato) where o.indicator_id = ?"
        )
        params: list[Any] = [indicator_id]
        if period is not None:
            sql += " and o.period = ?"
            params.append(str(period))
        if level is not None:
            sql += " and t.level = ?"
            params.append(level)
        if dims is not None:
            sql += " and o.dims = ?"
            params.append(canonical_dims(dims))
        sql += " order by o.kato, o.period"
        return self.query(sql, params)
