"""``aimaq index list|build`` and ``aimaq typology`` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aimaq.cli.main import app
from aimaq.data.store import Store

runner = CliRunner()

DEF = """
name: two_pillars
indicators:
  - {id: wage, polarity: 1}
  - {id: jobs, polarity: 1}
  - {id: unemployment, polarity: -1}
groups:
  - {id: income, members: [wage]}
  - {id: labour, members: [jobs, unemployment]}
  - {id: top, members: [income, labour], weights: {income: 1, labour: 1}}
"""

CSV = """region,wage,jobs,unemployment
A,300,50,4.1
B,250,60,5.0
C,400,40,4.8
D,280,55,6.2
E,350,65,3.9
F,220,35,5.5
"""


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    d, c = tmp_path / "def.yaml", tmp_path / "data.csv"
    d.write_text(DEF)
    c.write_text(CSV)
    return d, c


def _json(args: list[str]) -> dict:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_index_list() -> None:
    out = _json(["index", "list", "--format", "json"])
    assert [b["name"] for b in out] == ["competitiveness", "district_structure", "lagging", "rdi"]
    assert all(Path(b["path"]).is_file() for b in out)


def test_build_from_csv_json_contract(files: tuple[Path, Path]) -> None:
    d, c = files
    out = _json(
        ["index", "build", str(d), "--csv", str(c), "--unit-col", "region", "--format", "json"]
    )
    assert out["index"] == "two_pillars"
    assert out["varied"] == []
    first = out["results"][0]
    assert set(first) >= {"unit", "score", "rank", "groups"}
    assert set(first["groups"]) == {"income", "labour"}
    assert [r["rank"] for r in out["results"]] == sorted(r["rank"] for r in out["results"])
    # E: best wage but one (0.722), best jobs (1) and lowest unemployment (1) -> first
    assert first["unit"] == "E"
    assert first["score"] == pytest.approx((130 / 180 + 1.0) / 2)


# The index file of the specification, as is: ids outside the catalogue read "higher is
# better" (listed under polarity_assumed), life_expectancy takes the catalogue's +1.
HDI_FILE = """
name: example
indicators:
  - {id: life_expectancy, normalise: {method: goalposts, min: 20, max: 85}}
  - {id: expected_schooling, normalise: {method: goalposts, min: 0, max: 18}}
  - {id: mean_schooling, normalise: {method: goalposts, min: 0, max: 15}}
  - {id: income_pc, transform: log, normalise: {method: goalposts, min: 100, max: 75000}}
groups:
  - {id: health, members: [life_expectancy]}
  - {id: education, members: [expected_schooling, mean_schooling], aggregate: arithmetic}
  - {id: income, members: [income_pc]}
  - {id: index, members: [health, education, income], aggregate: geometric}
"""

# UNDP, Human Development Report 2015, Table 1 (HDI 2014 and its inputs).
HDR_2015_CSV = """country,life_expectancy,expected_schooling,mean_schooling,income_pc
Norway,81.6,17.5,12.6,64992
Germany,80.9,16.5,13.1,43919
Singapore,83.0,15.4,10.6,76628
"""


def test_the_specification_example_file_runs_as_is_on_a_csv(tmp_path: Path) -> None:
    d, c = tmp_path / "hdi.yaml", tmp_path / "hdr.csv"
    d.write_text(HDI_FILE)
    c.write_text(HDR_2015_CSV)
    args = ["index", "build", str(d), "--csv", str(c), "--unit-col", "country"]
    out = _json([*args, "--format", "json"])
    assert out["polarity_assumed"] == ["expected_schooling", "mean_schooling", "income_pc"]
    assert out["polarity"]["life_expectancy"] == 1
    published = {"Norway": 0.944, "Germany": 0.916, "Singapore": 0.912}
    got = {r["unit"]: r["score"] for r in out["results"]}
    assert got == pytest.approx(published, abs=1e-3)
    assert [r["unit"] for r in out["results"]] == ["Norway", "Germany", "Singapore"]
    # a column the catalogue gives polarity 0 (neither direction) still needs one stated
    c.write_text(HDR_2015_CSV.replace("mean_schooling", "population_avg"))
    d.write_text(HDI_FILE.replace("mean_schooling", "population_avg"))
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "indicator 'population_avg': no polarity" in result.output


def test_build_with_uncertainty(files: tuple[Path, Path]) -> None:
    d, c = files
    args = [
        "index",
        "build",
        str(d),
        "--csv",
        str(c),
        "--unit-col",
        "region",
        "--uncertainty",
        "300",
        "-f",
        "json",
    ]
    out = _json(args)
    for r in out["results"]:
        lo, hi = r["rank_interval"]
        assert 1 <= lo <= r["rank"] <= hi <= 6
    assert any(v.startswith("weights:top") for v in out["varied"])
    assert any(v.startswith("normalisation") for v in out["varied"])
    assert any("imputation" in v for v in out["not_varied"])
    assert {s["factor"] for s in out["sensitivity"]} >= {"normalisation", "weights:top"}
    assert _json(args) == out  # seeded: the same output twice


def test_table_and_csv_formats(files: tuple[Path, Path]) -> None:
    d, c = files
    result = runner.invoke(
        app, ["index", "build", str(d), "--csv", str(c), "--unit-col", "region", "-f", "csv"]
    )
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].split(",")[:3] == ["unit", "score", "rank"] and len(lines) == 7
    result = runner.invoke(app, ["index", "build", str(d), "--csv", str(c), "--unit-col", "region"])
    assert result.exit_code == 0 and "two_pillars" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("DEF", "[jobs, unemployment]", "[jobs, unemployment, nothing]"),
            "groups[1] ('labour'): member 'nothing' is neither",
        ),
        (
            ("DEF", "{income: 1, labour: 1}", "{income: 0, labour: 0}"),
            "must sum to a positive number",
        ),
        (
            ("DEF", "{id: income, members: [wage]}", "{id: income, members: [income]}"),
            "group 'income' references itself",
        ),
        (
            ("DEF", "{id: labour, members: [jobs, unemployment]}", "{id: labour, members: []}"),
            "group 'labour' has no members",
        ),
        (
            (
                "DEF",
                "{id: wage, polarity: 1}",
                "{id: wage, polarity: 1, normalise: {method: goalposts, min: 5, max: 1}}",
            ),
            "indicators[0] ('wage').normalise: goalposts need min < max",
        ),
        (("CSV", "4.1", "n/a"), "row 2, column 'unemployment', value 'n/a': not a number"),
        (("CSV", "A,300", "A,abc"), "column 'wage', value 'abc'"),
        (("CSV", "B,250", "A,250"), "row 3, column 'region', value 'A': unit appears twice"),
    ],
)
def test_bad_input_exits_2_with_the_key(
    tmp_path: Path, change: tuple[str, str, str], message: str
) -> None:
    which, old, new = change
    d, c = tmp_path / "def.yaml", tmp_path / "data.csv"
    d.write_text(DEF.replace(old, new) if which == "DEF" else DEF)
    c.write_text(CSV.replace(old, new, 1) if which == "CSV" else CSV)
    result = runner.invoke(app, ["index", "build", str(d), "--csv", str(c), "--unit-col", "region"])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_constant_indicator_and_missing_column(tmp_path: Path) -> None:
    d, c = tmp_path / "def.yaml", tmp_path / "data.csv"
    d.write_text(DEF)
    rows = CSV.strip().splitlines()
    c.write_text(
        "\n".join(
            [rows[0]] + [",".join([*r.split(",")[:2], "7", *r.split(",")[3:]]) for r in rows[1:]]
        )
    )
    result = runner.invoke(app, ["index", "build", str(d), "--csv", str(c), "--unit-col", "region"])
    assert result.exit_code == 2 and "jobs: all values are equal" in result.output
    c.write_text(CSV.replace("jobs", "posts"))
    result = runner.invoke(app, ["index", "build", str(d), "--csv", str(c), "--unit-col", "region"])
    assert result.exit_code == 2 and "unknown indicator id(s) ['jobs']" in result.output
    result = runner.invoke(app, ["index", "build", str(d), "--csv", str(c), "--unit-col", "name"])
    assert result.exit_code == 2 and "no unit column 'name'" in result.output
    result = runner.invoke(app, ["index", "build", str(d), "--csv", str(c)])
    assert result.exit_code == 2 and "--csv needs --unit-col" in result.output


def test_missing_values_are_not_zeros(tmp_path: Path) -> None:
    d, c = tmp_path / "def.yaml", tmp_path / "data.csv"
    d.write_text(DEF)
    c.write_text(CSV.replace("B,250,60,5.0", "B,250,,5.0"))
    result = runner.invoke(app, ["index", "build", str(d), "--csv", str(c), "--unit-col", "region"])
    assert result.exit_code == 2
    assert "indicator 'jobs' is missing for unit(s) ['B']" in result.output
    d.write_text(DEF + "preprocess: {impute: mean}\n")
    out = _json(["index", "build", str(d), "--csv", str(c), "--unit-col", "region", "-f", "json"])
    assert out["imputed"] == [
        {
            "unit": "B",
            "indicator": "jobs",
            "value": 49.0,
            "method": "mean",
            "basis": "mean of 5 units",
        }
    ]


def test_typology_from_csv(files: tuple[Path, Path]) -> None:
    d, c = files
    out = _json(
        ["typology", str(d), "--csv", str(c), "--unit-col", "region", "--k", "2", "-f", "json"]
    )
    assert out["k"] == 2 and out["pillars"] == ["income", "labour"]
    assert sum(cl["size"] for cl in out["clusters"]) == 6
    assert {u["unit"] for u in out["units"]} == set("ABCDEF")
    assert -1 <= out["silhouette"] <= 1


@pytest.fixture(scope="module")
def region_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Regions, the catalogue and the embedded observations of the lagging index."""
    from aimaq.data.catalogue import load_catalogue
    from aimaq.data.datasets import load_observations
    from aimaq.territory.frames import territory_frames

    path = tmp_path_factory.mktemp("cli") / "regions.duckdb"
    with Store(path) as store:
        store.migrate()
        territory = territory_frames().territory
        store.replace_rows("territory", territory[territory["level"].isin(["country", "region"])])
        store.upsert_indicators(load_catalogue().frame())
        ids = {
            "population_avg",
            "unemployment_rate",
            "wage_avg",
            "roads_good_share",
            "waste_collection_share",
            "internet_users_share",
            "emergency_housing_residents",
            "poverty_rate",
            "informal_employment_share",
        }
        obs = load_observations()
        obs = obs[obs["indicator_id"].isin(ids) & obs["kato"].str.endswith("0000000")]
        store.write_observations(
            obs, source="embedded (regions)", sha256="cli-test", importer="tests"
        )
    return str(path)


def test_builtin_on_the_database(region_db: str) -> None:
    out = _json(
        ["index", "build", "lagging", "--db", region_db, "--uncertainty", "100", "-f", "json"]
    )
    assert out["index"] == "lagging" and out["year"] == 2022 and out["level"] == "region"
    assert len(out["results"]) == 20
    assert all("rank_interval" in r and r["name"] for r in out["results"])
    result = runner.invoke(app, ["index", "build", "lagging", "--db", region_db, "--year", "2015"])
    assert result.exit_code == 2 and "has no data for" in result.output
    out = _json(["typology", "lagging", "--db", region_db, "-f", "json"])
    assert 2 <= out["k"] <= 8 and len(out["units"]) == 20
