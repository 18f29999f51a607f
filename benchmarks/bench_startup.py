"""Start-up of the ``aimaq`` command, as whole processes, against ``python -c pass``.

Times ``aimaq --help``, ``aimaq --version`` and ``aimaq show grp --year 2023 --format
json`` (on a database built by ``aimaq init`` in a temporary folder, or ``$AIMAQ_DB``)
as child processes: the median wall time and CPU time (user + system) of several runs,
the ratio to an empty Python start, and the targets (0.3 s for ``--help``, 0.8 s for
``show``). CPU time is printed beside wall time because on a shared machine the wall
time also counts the waiting for a core.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
TARGETS_S = {"aimaq --help": 0.3, "aimaq show grp --year 2023 --format json": 0.8}


def _time(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _median(argv: list[str]) -> tuple[float, float]:
    _time(argv)  # warm the file cache and the byte-code
    runs = [_time(argv) for _ in range(RUNS)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def main() -> None:
    aimaq = [sys.executable, "-m", "aimaq.cli"]
    with tempfile.TemporaryDirectory() as folder:
        db = os.environ.get("AIMAQ_DB") or str(Path(folder) / "aimaq.duckdb")
        if not Path(db).exists():
            print(f"building {db} with `aimaq init` ...", flush=True)
            subprocess.run([*aimaq, "init", "--db", db, "--format", "json"], check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "aimaq --help": [*aimaq, "--help"],
            "aimaq --version": [*aimaq, "--version"],
            "aimaq show grp --year 2023 --format json": [
                *aimaq,
                "show",
                "grp",
                "--year",
                "2023",
                "--format",
                "json",
                "--db",
                db,
            ],
        }
        results = {name: _median(argv) for name, argv in cases.items()}
    base_wall, base_cpu = results["python -c pass"]
    print(f"median of {RUNS} runs (os.getloadavg: {os.getloadavg()[0]:.1f})")
    print(f"{'command':<44}{'wall s':>8}{'cpu s':>8}{'x pass':>8}{'target':>8}  met")
    for name, (wall, cpu) in results.items():
        target = TARGETS_S.get(name)
        met = "" if target is None else ("yes" if wall <= target else "NO")
        shown = f"{target:.1f}" if target is not None else ""
        print(f"{name:<44}{wall:8.3f}{cpu:8.3f}{wall / base_wall:8.1f}{shown:>8}  {met}")
    print(f"(python -c pass: {base_wall:.3f} s wall, {base_cpu:.3f} s cpu)")


if __name__ == "__main__":
    main()
