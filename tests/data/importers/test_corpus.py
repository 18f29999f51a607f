"""A corpus of broken files, built here from the real files and from tidy tables, run
through every importer of the CLI: each ends with exit 2, one ``error:`` line naming the
file (and, where a cell is at fault, its 1-based row, column and value), no traceback,
and the database exactly as it was (``Store.snapshot()``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aimaq.cli.main import app
from aimaq.data.store import Store

pytestmark = pytest.mark.shared
runner = CliRunner()


def _tidy(rows: int, last: str) -> str:
    """A tidy CSV of ``rows`` good rows (distinct keys) and one bad last row."""
    good = "".join(f"{kato},doctors,{year},{100 + year}\n" for kato in ("190000000", "750000000",
               "710000000") for year in range(2001, 2001 + rows // 3))  # fmt: skip
    return "territory,indicator,period,value\n" + good + last


SRS_HEADER = "kato,parent_kato,category,urban,year,population\n"
INDEX_HEADER = "unit,unemployment_rate,poverty_rate\n"
TAGS_HEADER = "kato,tag,value,source,method,valid_from,valid_to,note\n"

# (name, bytes built from the raw folder, words the message must contain)
Case = tuple[str, Callable[[Path], bytes], tuple[str, ...]]
GENERIC: list[Case] = [
    ("empty.csv", lambda raw: b"", ("empty file",)),
    ("blank.csv", lambda raw: b"\n\n  \n", ("empty file",)),
    (
        "truncated.xlsx",
        lambda raw: (raw / "bns_tables" / "odk_schools.xlsx").read_bytes()[:4000],
        ("not a readable Excel workbook",),
    ),
    (
        "flipped.xlsx",
        lambda raw: (
            (raw / "bns" / "population_2023-01-01_bulletin.xlsx").read_bytes()[:2] + b"\x00" * 64
        ),
        ("Excel",),
    ),
    ("junk.csv", lambda raw: bytes(range(128, 256)) * 4, ("not UTF-8",)),
]
# per command: a file whose 3rd row (1-based, header = 1) holds the bad cell
ROW_CASES = {
    "import": [
        ("tidy_overflow.csv", _tidy(60, "390000000,doctors,2020,1e308\n"), "row 62", "value"),
        ("tidy_text.csv", _tidy(60, "750000000,doctors,2000,abc\n"), "row 62", "value"),
        ("tidy_period.csv", _tidy(60, "750000000,doctors,9999,5\n"), "row 62", "period"),
        ("tidy_share.csv", _tidy(3, "750000000,unemployment_rate,2020,140\n"), "row 5", "value"),
    ],
    "srs": [
        (
            "srs_overflow.csv",
            SRS_HEADER + "111000001,111000000,village,0,2024,10\n"
            "111000002,111000000,village,0,2024,1e308\n",
            "row 3",
            "population",
        ),
        (
            "srs_year.csv",
            SRS_HEADER + "111000001,111000000,village,0,2024,10\n"
            "111000002,111000000,village,0,9999,5\n",
            "row 3",
            "year",
        ),
    ],
    "index": [
        (
            "ind_overflow.csv",
            INDEX_HEADER + "A,4,5\nB,1e308,6\nC,5,7\n",
            "row 3",
            "unemployment_rate",
        ),
        ("ind_inf.csv", INDEX_HEADER + "A,4,5\nB,5,inf\nC,5,7\n", "row 3", "poverty_rate"),
    ],
}


def _command(kind: str, path: Path, db: Path) -> list[str]:
    if kind == "import":
        return ["import", str(path), "--db", str(db)]
    if kind == "srs":
        return ["srs", "import", str(path), "--db", str(db)]
    if kind == "tags":
        return ["tags", "import", str(path), "--db", str(db)]
    return ["index", "build", "lagging", "--csv", str(path), "--unit-col", "unit"]


@pytest.fixture()
def db(reference_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "corpus.duckdb"
    shutil.copy(reference_db, path)
    return path


def _snapshot(db: Path) -> dict[str, object]:
    with Store(db, read_only=True) as store:
        return store.snapshot()  # type: ignore[return-value]


def _refused(kind: str, path: Path, db: Path, same_snapshot: Callable[..., bool]) -> str:
    before = _snapshot(db)
    result = runner.invoke(app, _command(kind, path, db))
    message = result.stderr
    assert result.exit_code == 2, (kind, path.name, result.output)
    assert isinstance(result.exception, SystemExit), result.exception  # never a traceback
    assert "Traceback" not in result.output
    assert message.startswith("error: ") and message.count("\n") == 1, message
    assert str(path) in message, message
    assert same_snapshot(before, _snapshot(db))
    return message


@pytest.mark.parametrize("kind", ["import", "srs", "index", "tags"])
@pytest.mark.parametrize(("name", "build", "words"), GENERIC, ids=[c[0] for c in GENERIC])
def test_a_broken_file_is_refused_by_every_importer(
    kind: str, name: str, build: Callable[[Path], bytes], words: tuple[str, ...],
    shared_dir: Path, tmp_path: Path, db: Path, same_snapshot: Callable[..., bool],
) -> None:  # fmt: skip
    path = tmp_path / name
    path.write_bytes(build(shared_dir / "raw"))
    message = _refused(kind, path, db, same_snapshot)
    assert all(w in message for w in words), message


@pytest.mark.parametrize("kind", ["import", "srs", "index", "tags"])
def test_a_folder_or_a_missing_file_is_an_error_line(
    kind: str, tmp_path: Path, db: Path, same_snapshot: Callable[..., bool]
) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "folder" in _refused(kind, folder, db, same_snapshot)
    assert "No such file" in _refused(kind, tmp_path / "missing.csv", db, same_snapshot)


@pytest.mark.parametrize(
    ("kind", "name", "text", "row", "column"),
    [(k, *c) for k, cases in ROW_CASES.items() for c in cases],
    ids=[c[0] for cases in ROW_CASES.values() for c in cases],
)
def test_a_bad_cell_is_named_with_row_column_and_value(
    kind: str, name: str, text: str, row: str, column: str,
    tmp_path: Path, db: Path, same_snapshot: Callable[..., bool],
) -> None:  # fmt: skip
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    message = _refused(kind, path, db, same_snapshot)
    assert f", {row}, column '{column}', value " in message, message


def test_real_processes_print_one_error_line(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    exe = str(Path(sys.executable).parent / "aimaq")
    for kind in ("import", "srs", "index", "tags"):
        proc = subprocess.run([exe, *_command(kind, path, db)], capture_output=True, text=True)
        assert proc.returncode == 2 and proc.stderr.startswith("error: "), (kind, proc.stderr)
        assert "Traceback" not in proc.stderr and proc.stdout == ""
