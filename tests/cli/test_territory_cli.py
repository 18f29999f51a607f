"""`aimaq territory resolve|info|children`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from aimaq.cli.main import app


def test_resolve_prints_the_code_and_names() -> None:
    result = CliRunner().invoke(app, ["territory", "resolve", "KZ-15", "--format", "json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)[0]
    assert row["kato"] == "150000000" and row["name_en"] == "Aktobe Region"


def test_ambiguous_name_needs_a_parent() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["territory", "resolve", "АБАЙСКИЙ РАЙОН", "--level", "district"])
    assert result.exit_code == 2 and "error:" in result.output
    resolved = runner.invoke(
        app, ["territory", "resolve", "АБАЙСКИЙ РАЙОН", "--parent", "100000000", "--format", "json"]
    )
    assert resolved.exit_code == 0, resolved.output
    assert json.loads(resolved.output)[0]["parent"] == "100000000"


def test_unknown_name_lists_close_matches_and_exits_2() -> None:
    result = CliRunner().invoke(app, ["territory", "resolve", "Актобинск"])
    assert result.exit_code == 2
    assert "closest known" in result.output and "150000000" in result.output


def test_children_of_a_region() -> None:
    result = CliRunner().invoke(app, ["territory", "children", "150000000", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) > 10 and {r["parent"] for r in rows} == {"150000000"}
    assert CliRunner().invoke(app, ["territory", "info", "999"]).exit_code == 2


def test_children_of_south_kazakhstan_in_2017_and_its_successors() -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["territory", "children", "510000000", "--on", "2017", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 15 and "511000000" in {r["kato"] for r in rows}
    result = runner.invoke(app, ["territory", "successors", "510000000", "--format", "json"])
    assert result.exit_code == 0, result.output
    shares = {r["new_kato"]: r["share"] for r in json.loads(result.output)}
    assert shares == {"610000000": 0.668624, "790000000": 0.331376}
    refused = runner.invoke(app, ["territory", "successors", "150000000"])
    assert refused.exit_code == 2 and "no recorded split or rename" in refused.output
