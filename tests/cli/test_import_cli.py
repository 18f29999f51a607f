from __future__ import annotations

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aimaq.cli.main import app
from aimaq.data.catalogue import TABLE_COLUMNS, load_catalogue
from aimaq.data.store import Store
from aimaq.territory import territory_frames

pytestmark = pytest.mark.shared
runner = CliRunner()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "reference.duckdb"
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


@pytest.fixture()
def db(reference: Path, tmp_path: Path) -> Path:
    path = tmp_path / "aimaq.duckdb"
    shutil.copy(reference, path)
    return path


def _observations(db: Path) -> int:
    with Store(db, read_only=True) as store:
        return int(store.query("select count(*) as n from observation").n[0])


def test_import_taldau_json_prints_the_batch(db: Path, shared_dir: Path) -> None:
    path = shared_dir / "raw" / "taldau" / "2709379_grp_production_method.json"
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rows"] == 377 and data["format"] == "taldau" and data["batch_id"] == 1
    again = runner.invoke(app, ["import", str(path), "--db", str(db), "-f", "json"])
    assert json.loads(again.stdout)["skipped"] is True
    assert _observations(db) == 377


def test_import_with_dimension_names(db: Path, shared_dir: Path) -> None:
    path = shared_dir / "raw" / "taldau" / "consumer_expenditure_region_urban_rural.json"
    result = runner.invoke(
        app,
        [
            "import",
            str(path),
            "--db",
            str(db),
            "-i",
            "consumer_expenditure",
            "--dim",
            "3=expenditure",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1217" in result.stdout
    # three dimensions: the region term becomes the KATO code, the other two stay as dims
    with Store(db, read_only=True) as store:
        got = store.query(
            "select kato, dims, count(*) as n from observation "
            "where indicator_id = 'consumer_expenditure' group by kato, dims"
        )
    kind = "Потребительские расходы"
    assert set(got["dims"]) == {
        json.dumps(d, ensure_ascii=False, separators=(",", ":"))
        for d in (
            {"expenditure": kind},
            {"area": "urban", "expenditure": kind},
            {"area": "rural", "expenditure": kind},
        )
    }
    assert int(got["n"].sum()) == 1217
    assert got["kato"].str.fullmatch(r"\d{9}").all() and "630000000" in set(got["kato"])


def test_the_bulletin_imports_whole(db: Path, shared_dir: Path) -> None:
    path = shared_dir / "raw" / "bns" / "population_2023-01-01_bulletin.xlsx"
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "bns-bulletin" and data["unmatched"] == []
    assert data["flags"]["not_in_kato"] == 9  # Жезқазған к., counted, not silent
    with Store(db, read_only=True) as store:
        total = store.query(
            "select sum(o.value) as s from observation o join territory t using (kato) "
            "where t.level = 'region' and o.dims = '{}' and o.period = '2023-01-01'"
        )
    assert int(total["s"][0]) == 19765004


@pytest.mark.parametrize("kind", ["taldau", "bns-bulletin"])
def test_a_file_type_given_as_format_points_to_type(db: Path, shared_dir: Path, kind: str) -> None:
    path = shared_dir / "raw" / "taldau" / "2709379_grp_production_method.json"
    before = _fingerprint(db)
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "--format", kind])
    assert result.exit_code == 2
    assert f"use --type {kind}" in result.stderr
    assert _fingerprint(db) == before


def test_the_old_output_flag_still_prints_json(db: Path, shared_dir: Path) -> None:
    path = shared_dir / "raw" / "taldau" / "2709379_grp_production_method.json"
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "--output", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"] == 377
    assert "--output is deprecated" in result.stderr


def test_the_type_flag_chooses_the_reader(db: Path, shared_dir: Path) -> None:
    path = shared_dir / "raw" / "bns_tables" / "odk_schools.xlsx"
    result = runner.invoke(
        app,
        [
            "import",
            str(path),
            "--type",
            "bns-table",
            "--since",
            "2018",
            "--db",
            str(db),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["format"] == "bns-table"


def _fingerprint(db: Path) -> dict[str, tuple[object, ...]]:
    """Row count and an order-free hash of all rows, per table (the fast snapshot)."""
    with Store(db, read_only=True) as store:
        return {
            name: tuple(
                store.connection.execute(
                    f'select count(*), sum(hash(t)::hugeint) from "{name}" t'
                ).fetchone()
                or ()
            )
            for name in store.table_names()
        }


HEADER = "territory,indicator,period,value\n"
GOOD_JSON = '[{"terms": [268012], "termNames": ["Г.АСТАНА"], "periods": [{"name": "2023 год", "date": "31.12.2023", "value": "5"}]}]'


@pytest.mark.parametrize(
    ("name", "content", "args", "message"),
    [
        ("bad.csv", HEADER + "100000000,grp,2019,5\n", [], "wrong side of the border change"),
        ("bad.csv", HEADER + "790000000,grp,2015,5\n", [], "wrong side of the border change"),
        ("bad.csv", HEADER + "510000000,grp,2020,5\n", [], "wrong side of the border change"),
        ("bad.csv", HEADER + "Нетакой,grp,2022,5\n", [], "not found in the KATO tree"),
        ("bad.csv", HEADER + "190000000,grp,2022,abc\n", [], "value is not a number"),
        ("bad.csv", HEADER + "190000000,population_jan1,2023-01-01,-5\n", [], "negative value"),
        (
            "bad.csv",
            HEADER + "190000000,grp,2022,5\n190000000,grp,2022,6\n",
            [],
            "conflicting values",
        ),
        ("bad.csv", HEADER + "190000000,grp,2022,5\n", ["--type", "bogus"], "unknown format"),
        ("bad.csv", HEADER, [], "nothing to import: the file has no data rows"),
        (
            "bad.csv",
            (HEADER + "Қостанай облысы,grp,2022,5\n"),
            ["--encoding", "ascii"],
            "cannot decode as ascii",
        ),
        ("2709379_bad.json", GOOD_JSON[:60], [], "truncated JSON"),
        (
            "2709379_bad.json",
            GOOD_JSON.replace('"terms": [268012],', '"terms": [268012]'),
            [],
            "malformed JSON",
        ),
    ],
)
def test_bad_files_exit_2_and_write_nothing(
    db: Path, tmp_path: Path, name: str, content: str, args: list[str], message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = _fingerprint(db)
    result = runner.invoke(app, ["import", str(path), "--db", str(db), *args])
    assert result.exit_code == 2
    assert message in result.stderr and name in result.stderr
    assert _fingerprint(db) == before


def test_a_cp1251_csv_imports_and_says_so(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "cyrillic.csv"
    path.write_bytes((HEADER + "Қостанай облысы,grp,2022,5\n").replace("Қ", "К").encode("cp1251"))
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["encoding"] == "cp1251"
    with Store(db, read_only=True) as store:
        got = store.query("select kato from observation where indicator_id = 'grp'")
    assert got.kato.tolist() == ["390000000"]  # Kostanay Region, its name read right


def test_fetch_taldau_from_a_local_server(db: Path, shared_dir: Path, tmp_path: Path) -> None:
    body = (shared_dir / "raw" / "taldau" / "2709379_grp_production_method.json").read_bytes()
    calls: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            calls.append(self.path)
            status = 500 if len(calls) == 1 else 200
            payload = b"oops" if status == 500 else body
            self.send_response(status)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        saved = tmp_path / "grp.json"
        result = runner.invoke(
            app,
            ["fetch", "taldau", "2709379", "--period", "7", "--dics", "67", "--base-url", url,
             "--backoff", "0", "--save", str(saved), "--db", str(db), "--format", "json"],
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"] == 377 and len(calls) == 2
    assert saved.read_bytes() == body


def test_fetch_taldau_404_exits_2(db: Path) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        result = runner.invoke(
            app, ["fetch", "taldau", "2709379", "--base-url", url, "--db", str(db)]
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 2 and "404" in result.stderr


def test_import_bns_table_since(db: Path, shared_dir: Path) -> None:
    path = shared_dir / "raw" / "bns_tables" / "odk_schools.xlsx"
    refused = runner.invoke(app, ["import", str(path), "--db", str(db)])
    assert refused.exit_code == 2 and "wrong side of the border change" in refused.stderr
    result = runner.invoke(
        app, ["import", str(path), "--since", "2018", "--db", str(db), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (
        data["format"] == "bns-table" and data["rows"] == 256 and data["flags"]["before_since"] > 0
    )


def test_marks_are_stored_per_value_and_shown(db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "marks.csv"
    path.write_text(
        HEADER + "190000000,doctors,2024,-\n750000000,doctors,2024,х\n710000000,doctors,2024,...\n"
        "390000000,doctors,2024,0\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    shown = subprocess.run(
        [str(Path(sys.executable).parent / "aimaq"), "show", "doctors", "--year", "2024", "--db", str(db),
         "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = {r["kato"]: (r["value"], r["mark"], r["flag"]) for r in json.loads(shown.stdout)}
    assert rows == {
        "190000000": (0.0, "-", "absent"),
        "750000000": (None, "х", "confidential"),
        "710000000": (None, "...", "no_data"),
        "390000000": (0.0, "", ""),  # a printed 0 stays apart from the dash
    }


@pytest.mark.parametrize(
    ("rows", "fact", "advice"),
    [
        (
            "Нарния область,doctors,2020,5\n",
            "territory name(s) not found in the KATO tree: 'Нарния область' at row 2 "
            "(no close name)",
            "fix the names, or import the rest with --skip-unmatched",
        ),
        (
            "190000000,doctors,2099,5\n",
            "period 2099 is after the current year",
            "pass --allow-future to import planned or forecast figures",
        ),
        (
            "190000000,jobs,2020,5\n",
            "unknown indicator id(s) ['jobs']: not in the catalogue",
            "pass --indicator ID with a catalogue id (see `aimaq indicators`)",
        ),
    ],
)
def test_the_cli_adds_the_flag_that_helps_to_the_librarys_fact(
    db: Path, tmp_path: Path, rows: str, fact: str, advice: str
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("territory,indicator,period,value\n" + rows, encoding="utf-8")
    result = runner.invoke(app, ["import", str(path), "--db", str(db)])
    assert result.exit_code == 2
    line = result.output.strip().splitlines()[-1]
    assert line.startswith(f"error: {path}, row 2, column ") and f"{fact}" in line
    assert line.endswith(f"; {advice}")
