"""Opening the database from the CLI: readers never write, writers wait for the lock,
only the commands that bring data in may create a file (real processes, real DuckDB)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aimaq.cli.main import app
from aimaq.data.store import Store, _migrations

runner = CliRunner()
Run = Callable[..., subprocess.CompletedProcess[str]]

READERS = [
    ["show", "grp"],
    ["territories"],
    ["lineage"],
    ["roadmap", "--budget", "1e9"],
    ["scenarios", "--budget", "1e9"],
    ["kpi"],
    ["backtest", "grp"],
    ["srs", "status"],
    ["srs", "gaps"],
    ["srs", "trend"],
    ["srs", "synthesize"],  # a writer, but not one that brings a file in: it needs a database
    ["disparity", "grp", "--year", "2023"],
    ["convergence", "grp", "--from", "2010", "--to", "2020"],
    ["clusters", "grp", "--year", "2023"],
    ["index", "build", "rdi", "--year", "2023"],
    ["report"],
    ["serve"],
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a[:2]))
def test_a_missing_file_is_named_and_not_created(tmp_path: Path, args: list[str]) -> None:
    typo = tmp_path / "typo.duckdb"
    result = runner.invoke(app, [*args, "--db", str(typo)])
    assert result.exit_code == 2, result.output
    assert f"the database file {typo} does not exist" in result.stderr
    assert "run `aimaq init` first" in result.stderr
    assert list(tmp_path.iterdir()) == []


def _region_katos(db: Path, n: int) -> list[str]:
    with Store(db, read_only=True) as store:
        frame = store.query(
            "select kato from territory where level = 'region' and valid_to is null order by kato"
        )
    return [str(k) for k in frame.kato[:n]]


def _tidy(path: Path, katos: list[str], year: int, value: float) -> Path:
    rows = [f"{k},unemployment_rate,{year},{value + i / 10:.1f}" for i, k in enumerate(katos)]
    path.write_text("territory,indicator,period,value\n" + "\n".join(rows) + "\n", "utf-8")
    return path


@pytest.fixture()
def db(tree_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "aimaq.duckdb"
    shutil.copy(tree_db, path)
    return path


def test_reading_commands_leave_the_file_byte_identical(db: Path, run_cli: Run) -> None:
    before = _digest(db)
    for args in (["show", "grp"], ["territories", "--level", "region"], ["lineage"]):
        result = run_cli(*args, "--db", str(db), "--format", "json")
        assert result.returncode == 0, result.stderr
        json.loads(result.stdout)
    assert _digest(db) == before
    assert not db.with_name(db.name + ".wal").exists()


def test_an_outdated_file_is_refused_by_readers_not_migrated(tmp_path: Path, run_cli: Run) -> None:
    path = tmp_path / "old.duckdb"
    version, name, sql = _migrations()[0]
    store = Store(path)
    store.connection.execute(sql)
    store.connection.execute(
        "create table schema_version (version integer primary key, name varchar, "
        "applied_at timestamp)"
    )
    store.connection.execute("insert into schema_version values (?, ?, now())", [version, name])
    store.close()
    before = _digest(path)
    result = run_cli("show", "grp", "--db", str(path))
    assert result.returncode == 2
    latest = _migrations()[-1][0]
    assert f"is at schema version {version}, this version of aimaq reads version {latest}" in (
        result.stderr
    )
    assert "run `aimaq init` to update it" in result.stderr
    assert "Traceback" not in result.stderr
    assert _digest(path) == before


_HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_a_writer_gives_up_after_wait_naming_the_holder(
    db: Path, tmp_path: Path, run_cli: Run
) -> None:
    csv = _tidy(tmp_path / "u.csv", _region_katos(db, 3), 2023, 4.0)
    holder = _hold_lock(db, 30)
    try:
        started = time.monotonic()
        result = run_cli("import", str(csv), "--db", str(db), "--wait", "1")
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2
    assert f"(PID {holder.pid})" in result.stderr
    assert "gave up after waiting 1 s" in result.stderr
    assert "Traceback" not in result.stderr
    assert waited >= 1.0
    with Store(db, read_only=True) as store:
        assert int(store.query("select count(*) as n from observation").n[0]) == 0


def test_a_writer_waits_for_the_lock_and_lands(db: Path, tmp_path: Path, run_cli: Run) -> None:
    csv = _tidy(tmp_path / "u.csv", _region_katos(db, 3), 2023, 4.0)
    holder = _hold_lock(db, 1.5)
    try:
        result = run_cli("import", str(csv), "--db", str(db), "--wait", "60", "--format", "json")
    finally:
        holder.wait()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"] == 3


def _lineage(db: Path, run_cli: Run) -> list[dict[str, object]]:
    result = run_cli("lineage", "--db", str(db), "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def test_two_imports_at_once_both_land_once(db: Path, tmp_path: Path, run_cli: Run) -> None:
    katos = _region_katos(db, 4)
    first = _tidy(tmp_path / "a.csv", katos, 2022, 5.0)
    second = _tidy(tmp_path / "b.csv", katos, 2023, 6.0)
    again = tmp_path / "a-copy.csv"
    shutil.copy(first, again)  # the same content under another name: one batch only
    command = [sys.executable, "-m", "aimaq.cli", "import"]
    procs = [
        subprocess.Popen(
            [*command, str(f), "--db", str(db), "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in (first, second, again)
    ]
    outcomes = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outcomes, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    reports = [json.loads(out) for out, _ in outcomes]
    assert sorted(bool(r["skipped"]) for r in reports) == [False, False, True]
    batches = _lineage(db, run_cli)
    assert sorted(str(b["source"]).rsplit("/", 1)[-1] for b in batches) in (
        ["a.csv", "b.csv"],
        ["a-copy.csv", "b.csv"],
    )
    assert sum(int(str(b["rows"])) for b in batches) == 8
    with Store(db, read_only=True) as store:
        assert int(store.query("select count(*) as n from observation").n[0]) == 8


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> int:
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:
        return int(response.status)


def test_the_dashboard_keeps_answering_while_an_import_runs(
    sample_db: Path, tmp_path: Path, run_cli: Run
) -> None:
    db = tmp_path / "aimaq.duckdb"
    shutil.copy(sample_db, db)
    port = _free_port()
    scratch = tmp_path / "scratch"  # the server's temporary folder: its database snapshot
    scratch.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "aimaq.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                assert _get(url) == 200
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the dashboard did not start"
                time.sleep(0.5)
        # regions whose borders held since 2000 (Akmola, Aktobe, Atyrau)
        csv = _tidy(tmp_path / "u.csv", ["110000000", "150000000", "230000000"], 2000, 4.0)
        importer = subprocess.Popen(
            [sys.executable, "-m", "aimaq.cli", "import", str(csv), "--db", str(db),
             "--format", "json", "--wait", "5"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        answered = 0
        while importer.poll() is None:
            assert _get(url) == 200  # the dashboard answers while the import writes
            answered += 1
        out, err = importer.communicate()
        assert importer.returncode == 0, err  # the dashboard holds no lock on the file
        assert json.loads(out)["rows"] == 3
        assert _get(url) == 200 and answered >= 1
        assert any(p.name.startswith("aimaq-serve-") for p in scratch.iterdir())
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert list(scratch.iterdir()) == []  # a terminated dashboard removes its snapshot
