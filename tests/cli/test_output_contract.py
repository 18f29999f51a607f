"""The output contract, for every command of the CLI as a real process: with
``--format json`` standard output is exactly one JSON document, whatever the command
(notes, progress and the solver's log go to standard error); an error is one JSON object
on standard error. The commands are read from the Typer app, so a new command without an
example here fails the test until it gets one."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import typer.main

from aimaq.cli.main import app
from aimaq.economy.load import template_path
from aimaq.strategy.catalogue import default_path as default_catalogue

Run = Callable[..., subprocess.CompletedProcess[str]]

#: Commands that print no result document, and why.
NO_DOCUMENT = {
    "serve": "runs the dashboard server until stopped",
    "economy template": "prints the template CSV of a sector file",
}

REGISTRY_CSV = (
    "kato,name_kk,name_ru,parent_kato,category,urban,year,population,is_support_village,"
    "support_kato,distance_to_support_km,edu_school,edu_kindergarten,hc_primary_point,"
    "eng_water,eng_electricity,ic_mobile\n"
    "111010000,Көкшетау,г.Кокшетау,111000000,city,1,2024,170000,no,,,1,1,,1,1,1\n"
    "111033100,Қызыл Жар,с.Красный Яр,111033000,support_village,0,2024,4200,yes,,,1,1,1,1,1,1\n"
)

#: An example of every command, on the sample database (``{db}``: a copy for writers,
#: ``{tmp}``: a scratch folder, ``{url}``: a local server answering as Taldau does).
EXAMPLES: dict[str, list[str]] = {
    "init": ["init", "--db", "{tmp}/new.duckdb"],
    "territories": ["territories", "--level", "region"],
    "indicators": ["indicators"],
    "show": ["show", "grp", "--year", "2023"],
    "lineage": ["lineage"],
    "import": ["import", "{tmp}/tidy.csv"],
    "fetch taldau": ["fetch", "taldau", "2709379", "--base-url", "{url}", "--backoff", "0"],
    "disparity": ["disparity", "grp_per_capita", "--year", "2023"],
    "convergence": ["convergence", "grp_per_capita", "--from", "2010", "--to", "2020"],
    "clusters": ["clusters", "grp_per_capita", "--year", "2023", "--permutations", "99"],
    "index list": ["index", "list"],
    "index build": ["index", "build", "rdi", "--year", "2022"],
    "typology": ["typology", "rdi", "--year", "2022"],
    "kpi": ["kpi"],
    "backtest": ["backtest", "unemployment_rate"],
    "roadmap": ["roadmap", "--budget", "117e9", "--to", "2027", "--time-limit", "30"],
    "scenarios": ["scenarios", "--budget", "117e9", "--to", "2027", "--time-limit", "30"],
    "report": ["report", "--out", "{tmp}/report.html"],
    "srs status": ["srs", "status"],
    "srs gaps": ["srs", "gaps"],
    "srs trend": ["srs", "trend"],
    "srs import": ["srs", "import", "{tmp}/registry.csv"],
    "srs synthesize": ["srs", "synthesize"],
    "territory resolve": ["territory", "resolve", "Semey"],
    "territory info": ["territory", "info", "100000000"],
    "territory children": ["territory", "children", "100000000"],
    "territory successors": ["territory", "successors"],
    "tags list": ["tags", "list", "--tag", "border_district"],
    "tags import": ["tags", "import", "{tmp}/tags.csv"],
    "economy structure": ["economy", "structure", "--year", "2023"],
    "economy shift-share": ["economy", "shift-share", "--from", "2016", "--to", "2025"],
    "scenario shock": ["scenario", "shock", "352400000", "--jobs-lost", "5000"],
    "economy growth-points": ["economy", "growth-points"],
    "economy load": ["economy", "load", str(template_path())],
    "recommend": ["recommend", "110000000", "--draws", "20"],
    "strategy measures": ["strategy", "measures"],
    "strategy check": ["strategy", "check", str(default_catalogue())],
    "strategy test": ["strategy", "test", "villages_first", "--no-ex-post"],
}


def _commands() -> dict[str, Any]:
    """Every leaf command of the app, by its full name (``srs status``)."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: list[str]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
        else:
            found[" ".join(path)] = command

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = _commands()


def _options(command: Any) -> set[str]:
    return {opt for p in command.params for opt in getattr(p, "opts", [])}


@pytest.fixture()
def taldau_url(shared_dir: Path) -> Iterator[str]:
    body = (shared_dir / "raw" / "taldau" / "2709379_grp_production_method.json").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_every_command_has_an_example_or_a_reason() -> None:
    lacking = sorted(set(COMMANDS) - set(EXAMPLES) - set(NO_DOCUMENT))
    assert not lacking, f"add an example of {lacking} to EXAMPLES (or a reason to NO_DOCUMENT)"
    assert not set(EXAMPLES) - set(COMMANDS), "EXAMPLES names a command the CLI no longer has"
    for name in NO_DOCUMENT:
        assert "--format" not in _options(COMMANDS[name]), f"{name} has --format: give an example"


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - set(NO_DOCUMENT)))
def test_json_output_is_exactly_one_document(
    name: str, sample_db: Path, tmp_path: Path, run_cli: Run, request: pytest.FixtureRequest
) -> None:
    command = COMMANDS[name]
    assert "--format" in _options(command), f"{name} has no --format option"
    db = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, db)
    katos = ["110000000", "150000000"]
    (tmp_path / "tidy.csv").write_text(
        "territory,indicator,period,value\n"
        + "".join(f"{k},unemployment_rate,2000,{4.5 + i / 10}\n" for i, k in enumerate(katos)),
        "utf-8",
    )
    (tmp_path / "registry.csv").write_text(REGISTRY_CSV, "utf-8")
    (tmp_path / "tags.csv").write_text("kato,tag\n151010000,support_village\n", "utf-8")
    url = request.getfixturevalue("taldau_url") if "{url}" in EXAMPLES[name] else ""
    args = [a.format(tmp=tmp_path, url=url) for a in EXAMPLES[name]]
    if "--db" in _options(command) and "--db" not in args:
        args += ["--db", str(db)]
    result = run_cli(*args, "--format", "json", timeout=600)
    assert result.returncode == 0, f"{name}: exit {result.returncode}\n{result.stderr[-3000:]}"
    try:
        json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        pytest.fail(f"{name}: stdout is not one JSON document ({exc}):\n{result.stdout[:800]}")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["show", "no_such_indicator"], "validation_error"),
        (["show", "grp", "--no-such-option"], "no_such_option"),
        (["roadmap", "--db", "{tmp}/typo.duckdb", "--budget", "1e9"], "aimaq_error"),
    ],
)
def test_errors_under_json_are_one_json_object_on_stderr(
    args: list[str], code: str, sample_db: Path, tmp_path: Path, run_cli: Run
) -> None:
    args = [a.format(tmp=tmp_path) for a in args]
    if "--db" not in args:
        args += ["--db", str(sample_db)]
    result = run_cli(*args, "--format", "json")
    assert result.returncode == 2
    assert result.stdout == ""
    error = json.loads(result.stderr)["error"]
    assert error["code"] == code
    assert set(error) == {"code", "message", "file", "row", "column", "value", "options", "advice"}


def test_a_bad_file_under_json_names_file_row_column_value(
    sample_db: Path, tmp_path: Path, run_cli: Run
) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, db)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "territory,indicator,period,value\n110000000,unemployment_rate,2019,abc\n", "utf-8"
    )
    result = run_cli("import", str(bad), "--db", str(db), "--format", "json")
    assert result.returncode == 2 and result.stdout == ""
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "import_error"
    assert error["file"] == str(bad) and error["column"] == "value" and error["value"] == "abc"
    assert error["row"] == 2
