"""``aimaq disparity``, ``aimaq convergence`` and ``aimaq clusters`` through the real CLI."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from inequality.theil import TheilD
from typer.testing import CliRunner

from aimaq.analysis import inequality as ineq
from aimaq.cli.main import app

runner = CliRunner()


def _sample_module():
    """The small database builder of tests/analysis (one source for both test folders)."""
    path = Path(__file__).resolve().parents[1] / "analysis" / "analysis_sample.py"
    spec = importlib.util.spec_from_file_location("analysis_sample_for_cli", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def small_db(tmp_path: Path) -> str:
    from aimaq.data.store import Store

    path = tmp_path / "small.duckdb"
    store = Store(path)
    store.migrate()
    _sample_module().fill(store)
    store.close()
    return str(path)


TABLE = """region,district,grp,pop
A,a1,100,10
A,a2,200,20
B,b1,400,5
B,b2,800,8
C,c1,50,30
C,c2,60,20
"""


@pytest.fixture()
def table(tmp_path: Path) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def _json(args: list[str]) -> dict:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_csv_json_has_the_contract_keys(table: Path) -> None:
    out = _json(
        f"disparity --csv {table} --value grp --group region --group district --weight pop --format json".split()
    )
    for key in ("gini", "theil_t", "theil_l", "cv", "williamson", "decomposition"):
        assert key in out
    y = np.array([100, 200, 400, 800, 50, 60], dtype=float)
    w = np.array([10, 20, 5, 8, 30, 20], dtype=float)
    assert out["gini"] == pytest.approx(ineq.gini(y, w), abs=1e-12)
    assert out["williamson"] == pytest.approx(ineq.williamson(y, w), abs=1e-12)
    assert [d["level"] for d in out["decomposition"]] == ["region", "district"]
    for entry in out["decomposition"]:
        assert {"level", "between", "within", "between_share"} <= set(entry)
        assert entry["between"] + entry["within"] == pytest.approx(out["theil_t"], abs=1e-12)
    assert "lorenz" not in out
    curve = _json(f"disparity --csv {table} --value grp --weight pop --lorenz -f json".split())
    expected = ineq.lorenz(y, w)
    assert curve["lorenz"]["population_share"] == pytest.approx(expected.population_share.tolist())
    assert curve["lorenz"]["value_share"] == pytest.approx(expected.value_share.tolist())


def test_csv_unweighted_matches_pysal_and_has_no_williamson(table: Path) -> None:
    out = _json(
        ["disparity", "--csv", str(table), "--value", "grp", "--group", "region", "-f", "json"]
    )
    assert "williamson" not in out
    y = np.array([100, 200, 400, 800, 50, 60], dtype=float)
    ref = TheilD(y, np.array(list("AABBCC")))
    assert out["decomposition"][0]["between"] == pytest.approx(float(ref.bg[0]), abs=1e-9)
    assert out["decomposition"][0]["within"] == pytest.approx(float(ref.wg[0]), abs=1e-9)


def test_csv_weight_none_is_unweighted_as_for_stored_data(table: Path) -> None:
    base = ["disparity", "--csv", str(table), "--value", "grp", "-f", "json"]
    assert _json([*base, "--weight", "none"]) == _json(base)


def test_csv_permutation_p_value_and_table_output(table: Path) -> None:
    out = _json(
        f"disparity --csv {table} --value grp --group region --permutations 99 --seed 3 --format json".split()
    )
    assert 0 < out["decomposition"][0]["p_value"] <= 1
    shown = runner.invoke(app, ["disparity", "--csv", str(table), "--value", "grp"])
    assert shown.exit_code == 0 and "gini" in shown.stdout
    csv = runner.invoke(app, ["disparity", "--csv", str(table), "--value", "grp", "-f", "csv"])
    assert csv.stdout.splitlines()[0] == "section,level,name,value"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("v,g\n1,a\nx,b\n", ["--value", "v"], "row 3, column 'v', value 'x': not a number"),
        ("v,g\n1,a\n,b\n", ["--value", "v"], "row 3, column 'v', value '': empty value"),
        (
            "v,g\n1,a\n-2,b\n",
            ["--value", "v"],
            "row 3, column 'v', value '-2': values must be non-negative",
        ),
        (
            "v,g,w\n1,a,1\n2,b,0\n",
            ["--value", "v", "--weight", "w"],
            "column 'w', value '0': weights must be positive",
        ),
        ("v,g\n1,a\n2,a\n", ["--value", "v", "--group", "g"], "single group ('a')"),
        ("v,g\n1,a\n2,b\n", ["--value", "nope"], "no column(s) ['nope']"),
        ("v,g\n", ["--value", "v"], "no rows"),
    ],
)
def test_bad_tables_exit_2_with_the_place(
    tmp_path: Path, content: str, args: list[str], message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["disparity", "--csv", str(path), *args, "--format", "json"])
    assert result.exit_code == 2
    assert message in result.output
    assert "bad.csv" in result.output


def test_missing_arguments_are_explained(table: Path) -> None:
    result = runner.invoke(app, ["disparity"])
    assert result.exit_code == 2 and "give an INDICATOR" in result.output
    result = runner.invoke(app, ["disparity", "grp", "--csv", str(table), "--value", "grp"])
    assert result.exit_code == 2 and "not both" in result.output


def test_stored_disparity_and_convergence(small_db: str, tmp_path: Path) -> None:
    out = _json(["disparity", "grp_per_capita", "--year", "2023", "--db", small_db, "-f", "json"])
    assert out["weight"] == "population_avg 2023" and "williamson" in out
    out = _json(
        f"disparity population_jan1 --year 2023 --levels region,district --weight none --db {small_db} --format json".split()
    )
    assert out["decomposition"][0]["level"] == "region"
    split = _json(
        f"disparity population_jan1 --year 2023 --levels region,district --by area --weight none --db {small_db} --format json".split()
    )
    assert split["decomposition"][0]["level"] == "area" and split["n"] == 12
    conv = _json(
        f"convergence grp_per_capita --from 2020 --to 2023 --borders harmonise --db {small_db} --format json".split()
    )
    assert conv["merged_into"] == {"330000000": "190000000"}
    assert {"sigma", "beta", "markov"} <= set(conv)
    # asked from 2015, the panel starts in 2020: the table says so
    args = ["convergence", "grp_per_capita", "--from", "2015", "--to", "2023"]
    table = runner.invoke(app, [*args, "--borders", "harmonise", "--db", small_db])
    assert table.exit_code == 0, table.output
    assert "2020-2023" in table.stdout and "2015-2023" not in table.stdout
    assert "years without data" in table.stdout
    zero = tmp_path / "zero.csv"
    zero.write_text("v,g\n3,a\n0,a\n5,b\n2,b\n", encoding="utf-8")
    zero_args = ["disparity", "--csv", str(zero), "--value", "v", "--group", "g"]
    report = _json([*zero_args, "--format", "json"])
    assert report["theil_l"] is None and "value 0 at row 3" in report["notes"][0]
    shown = runner.invoke(app, zero_args)  # the table carries the notes too
    assert shown.exit_code == 0 and "│ note" in shown.stdout
    failed = runner.invoke(
        app, ["convergence", "grp_per_capita", "--from", "2020", "--to", "2023", "--db", small_db]
    )
    assert failed.exit_code == 2 and "only 2 territories" in failed.output
    bad = runner.invoke(
        app, ["disparity", "grp_per_capita", "--year", "2023", "--weight", "pop", "--db", small_db]
    )
    assert bad.exit_code == 2 and "population or none" in bad.output


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["disparity", "grp_per_capita", "--year", "2022", "--db", str(tmp_path / "none.duckdb")],
    )
    assert result.exit_code == 2 and "aimaq init" in result.output


def test_errors_name_the_option_and_the_command_that_helps(small_db: str) -> None:
    backwards = runner.invoke(
        app, f"convergence grp_per_capita --from 2023 --to 2020 --db {small_db}".split()
    )
    assert backwards.exit_code == 2
    assert "error: --from, --to: the last year (2020) must be after the first (2023)" in (
        backwards.output
    )
    unknown = runner.invoke(
        app, f"disparity gdp_typo --year 2022 --db {small_db} --format json".split()
    )
    error = json.loads(unknown.stderr)["error"]
    assert error["message"] == "unknown indicator 'gdp_typo'; see `aimaq indicators`"
    assert error["advice"] == "indicators" and error["options"] == []


@pytest.fixture(scope="module")
def embedded_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The real embedded dataset, loaded as `aimaq init` does."""
    build = pytest.importorskip("aimaq.data.build")
    from aimaq.data.store import Store

    path = tmp_path_factory.mktemp("embedded") / "aimaq.duckdb"
    store = Store(path)
    build.init_database(store)
    store.close()
    return str(path)


def test_embedded_grp_per_capita_2022_regions(embedded_db: str) -> None:
    out = _json(
        ["disparity", "grp_per_capita", "--year", "2022", "--db", embedded_db, "--format", "json"]
    )
    assert out["n"] == 20 and out["weighted"]
    assert out["weight"] == "population_avg 2022"
    for key in ("gini", "theil_t", "theil_l", "cv", "williamson"):
        assert 0 < out[key] < 2
    # Atyrau (23) has the highest and Turkestan (61) the lowest GRP per capita in 2022
    assert out["max_min_ratio"] == pytest.approx(19974.1 / 1671.8, rel=0.01)
    clusters = _json(
        f"clusters grp_per_capita --year 2022 --db {embedded_db} --permutations 99 --seed 1 --format json".split()
    )
    assert clusters["moran"]["n"] == 20
    assert len(clusters["lisa"]["regions"]) == 20
    before = _json(
        f"clusters grp_per_capita --year 2020 --db {embedded_db} --permutations 99 --format json".split()
    )
    # old borders of 19, 35 and 63 do not fit today's polygons; Almaty city then has no neighbour
    assert set(before["dropped"]) == {"190000000", "350000000", "630000000", "750000000"}
    assert before["moran"]["n"] == 13
    conv = _json(
        f"convergence grp_per_capita --from 2018 --to 2024 --db {embedded_db} --format json".split()
    )
    assert set(conv["dropped"]) == {
        "100000000",
        "190000000",
        "330000000",
        "350000000",
        "620000000",
        "630000000",
    }


def test_long_permutation_runs_keep_stdout_clean(table: Path) -> None:
    out = _json(
        f"disparity --csv {table} --value grp --group region --permutations 1500 --seed 1 --format json".split()
    )
    assert out["decomposition"][0]["permutations"] == 1500


def test_convergence_options_reach_the_library(small_db: str) -> None:
    conv = _json(
        f"convergence grp_per_capita --from 2020 --to 2023 --borders harmonise --sigma gini --db {small_db} --format json".split()
    )
    assert conv["sigma"]["measure"] == "gini"
    bad = runner.invoke(
        app,
        f"convergence grp_per_capita --from 2020 --to 2023 --sigma range --db {small_db}".split(),
    )
    assert bad.exit_code == 2 and "--sigma must be" in bad.output
    missing = runner.invoke(
        app,
        f"convergence grp_per_capita --from 2020 --to 2023 --borders harmonise --control population_jan1 --db {small_db}".split(),
    )
    assert missing.exit_code == 2 and "population_jan1" in missing.output


def test_embedded_conditional_beta_and_urban_rural_split(embedded_db: str) -> None:
    conv = _json(
        f"convergence grp_per_capita --from 2018 --to 2024 --control unemployment_rate --db {embedded_db} --format json".split()
    )
    assert conv["beta"]["conditional"] and "unemployment_rate" in conv["beta"]["controls"]
    split = _json(
        f"disparity housing_m2_pc --year 2022 --by area --db {embedded_db} --format json".split()
    )
    assert split["decomposition"][0]["level"] == "area"
    assert split["decomposition"][0]["groups"] == 2


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_excel_and_parquet_tables_give_the_csv_result(
    tmp_path: Path, table: Path, suffix: str
) -> None:
    import pandas as pd

    frame = pd.read_csv(table)
    path = tmp_path / f"units{suffix}"
    if suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_parquet(path)
    expected = _json(f"disparity --csv {table} --value grp --group region -f json".split())
    got = _json(f"disparity --csv {path} --value grp --group region -f json".split())
    assert got["gini"] == pytest.approx(expected["gini"])
    assert got["decomposition"][0]["between"] == pytest.approx(
        expected["decomposition"][0]["between"]
    )
