"""An import killed with SIGKILL leaves no partial batch, and the next writer tidies up.

Real processes: ``aimaq import`` of a generated tidy CSV is killed while it writes; the
database is then opened as the next writer opens it (:meth:`Store.open` with
``write=True``).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from aimaq.data.importers import import_file
from aimaq.data.store import Store

AIMAQ = str(Path(sys.executable).parent / "aimaq")


def _tidy_csv(db: Path, path: Path, rows: int) -> None:
    """A SYNTHETIC tidy CSV (made-up values) over the real KATO units of the store."""
    with Store(db, read_only=True) as store:
        units = store.query(
            "select kato from territory where valid_from is null and valid_to is null "
            "and level in ('district', 'okrug', 'settlement') order by kato"
        ).kato.tolist()
    with path.open("w", encoding="utf-8") as fh:
        fh.write("territory,indicator,year,value,area\n")
        n = 0
        for kato in units:
            for area in ("", "urban", "rural"):
                for year in range(1991, 2025):
                    fh.write(f"{kato},population_avg,{year},{1000 + n % 9000}.5,{area}\n")
                    n += 1
                    if n == rows:
                        return


def test_a_killed_import_leaves_nothing_and_its_space_is_reused(
    state, ref_db: Path, tmp_path: Path
) -> None:
    data = tmp_path / "large.csv"
    _tidy_csv(ref_db, data, 300_000)
    clean = tmp_path / "clean.duckdb"
    shutil.copy(ref_db, clean)
    with Store.open(ref_db) as store:
        before = state(store)
    child = subprocess.Popen(
        [AIMAQ, "import", str(data), "--db", str(ref_db), "-f", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    deadline = time.monotonic() + 120
    seen = ""
    # the second chunk's progress line: the batch is being written inside its transaction
    while "rows read and checked" not in seen and time.monotonic() < deadline:
        line = child.stderr.readline()
        if not line:
            break
        seen += line
    assert "rows read and checked" in seen, seen
    child.send_signal(signal.SIGKILL)
    assert child.wait(30) == -signal.SIGKILL
    staging = Path(f"{ref_db}.stage")
    assert staging.exists()  # the checked chunks wait beside the database, not in it
    with Store.open(ref_db, write=True) as store:
        assert not staging.exists()
        assert state(store) == before  # no partial batch, no lineage row
        assert store.query("select count(*) as n from import_batch").n[0] == 0
    assert not Path(f"{ref_db}.wal").exists()
    # the blocks the killed import wrote ahead are written over, not added to
    for db in (ref_db, clean):
        with Store.open(db, write=True) as store:
            assert import_file(store, data).rows == 300_000
    assert os.path.getsize(ref_db) <= os.path.getsize(clean)


def test_the_next_writer_checkpoints_a_log_left_by_a_killed_process(ref_db: Path) -> None:
    rows = 3
    code = (
        "import os, signal, duckdb\n"
        f"con = duckdb.connect({str(ref_db)!r})\n"
        "con.execute(\"set checkpoint_threshold = '1TB'\").fetchall()\n"
        f"for i in range({rows}):\n"
        "    con.execute(\"insert into dimension_code values ('test', ?, 'k', 'r', 'e', 's')\","
        " [str(i)]).fetchall()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL
    log = Path(f"{ref_db}.wal")
    assert log.exists() and log.stat().st_size > 0  # committed, never checkpointed
    with Store.open(ref_db, write=True) as store:
        assert not log.exists()  # folded into the file on opening
        stored = store.query("select code from dimension_code where dimension = 'test'")
        assert sorted(stored.code) == [str(i) for i in range(rows)]
