"""``aimaq srs``: status on the calibrated synthetic registry, gaps, import, bad input."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from aimaq.cli.main import app
from aimaq.data.store import Store
from aimaq.standards.targets import PUBLISHED_REGIONS_2024

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "standards"))
from kz_inputs import bulletin_population, kato_territory

runner = CliRunner()


@pytest.fixture(scope="module")
def kz_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "kz"
    if not shared.is_dir():
        pytest.skip(f"real data folder {shared} is absent")
    path = tmp_path_factory.mktemp("srs") / "aimaq.duckdb"
    territory = kato_territory(shared)
    population = bulletin_population(shared, territory)
    with Store(path) as store:
        store.migrate()
        store.replace_rows("territory", territory.assign(name_en=None))
        store.replace_rows(
            "indicator",
            pd.DataFrame(
                {
                    "id": ["population_jan1"],
                    "name_en": ["Population"],
                    "unit": ["persons"],
                    "polarity": [0],
                    "domain": ["demography"],
                }
            ),
        )
        obs = population.assign(
            indicator_id="population_jan1",
            period="2023-01-01",
            dims=population.area.map(lambda a: json.dumps({"area": a})),
        )
        store.write_observations(
            obs[["kato", "indicator_id", "period", "value", "dims"]],
            source="bulletin",
            sha256="b",
            importer="test",
        )
    result = runner.invoke(
        app, ["srs", "synthesize", "--seed", "2024", "--format", "json", "--db", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["registry"] == "synthetic registry"
    return path


@pytest.mark.shared
def test_status_reproduces_the_published_figures(kz_db: Path) -> None:
    result = runner.invoke(
        app,
        [
            "srs",
            "status",
            "--level",
            "region",
            "--year",
            "2024",
            "--format",
            "json",
            "--db",
            str(kz_db),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["registry"] == "synthetic registry" and data["synthetic"] is True
    assert data["national"]["all"] == pytest.approx(66.1, abs=0.2)
    assert data["national"]["urban"] == pytest.approx(89.0, abs=0.2)
    assert data["national"]["rural"] == pytest.approx(65.7, abs=0.2)
    totals = {r["kato"]: r["provision_pct"] for r in data["rows"] if r["area"] == "all"}
    for kato, value in PUBLISHED_REGIONS_2024.items():
        assert totals[kato] == pytest.approx(value, abs=1.0), kato
    gaps = {t["area"]: t["gap_pp"] for t in data["targets"]}
    assert gaps["all"] == pytest.approx(70.0 - data["national"]["all"], abs=0.05)


@pytest.mark.shared
def test_table_output_names_the_synthetic_registry(kz_db: Path) -> None:
    result = runner.invoke(app, ["srs", "status", "--level", "country", "--db", str(kz_db)])
    assert result.exit_code == 0, result.output
    assert "synthetic registry" in result.stdout
    # a CSV leaves the title behind, so every row names the registry
    for args in (
        ["status", "--level", "country"],
        ["gaps", "--territory", "630000000", "--area", "engineering"],
    ):
        out = runner.invoke(app, ["srs", *args, "--format", "csv", "--db", str(kz_db)])
        assert out.exit_code == 0, out.output
        table = pd.read_csv(io.StringIO(out.stdout))
        assert len(table) > 0 and set(table["registry"]) == {"synthetic registry"}, args


# A registry in the documented import format over real KATO codes (Kokshetau city
# administration: the city, two villages of the Krasny Yar okrug, and Stantsionny).
REAL_FORMAT_CSV = (
    "kato,name_kk,name_ru,parent_kato,category,urban,year,population,is_support_village,"
    "support_kato,distance_to_support_km,edu_school,edu_kindergarten,hc_primary_point,"
    "eng_water,eng_electricity,ic_mobile\n"
    "111010000,Көкшетау,г.Кокшетау,111000000,city,1,2024,170000,no,,,1,1,,1,1,1\n"
    "111033100,Қызыл Жар,с.Красный Яр,111033000,support_village,0,2024,4200,yes,,,1,1,1,1,1,1\n"
    "111033300,Қызылжұлдыз,с.Кызылжулдуз,111033000,other_village,0,2024,350,no,111033100,9,"
    "0,0,1,0,1,1\n"
    "111037100,Станционный,п.Станционный,111037000,okrug_centre,0,2024,1800,no,,,1,0,1,1,1,1\n"
)


@pytest.mark.shared
def test_a_user_registry_replaces_the_synthetic_one(kz_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(kz_db, db)
    registry = tmp_path / "akmola.csv"
    registry.write_text(REAL_FORMAT_CSV, encoding="utf-8")
    out = runner.invoke(app, ["srs", "import", str(registry), "--format", "json", "--db", str(db)])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.stdout)
    assert summary["synthetic"] is False and summary["settlements"] == 4
    status = runner.invoke(
        app, ["srs", "status", "--level", "region", "--format", "json", "--db", str(db)]
    )
    data = json.loads(status.stdout)
    assert data["registry"] == f"registry: {registry}" and data["synthetic"] is False
    assert {r["kato"] for r in data["rows"]} == {"110000000"}
    # nothing of the synthetic registry is left; the norms the file lacks are counted
    with Store(db, read_only=True) as store:
        assert store.query("select count(*) n from srs_settlement").n[0] == 4
        batches = store.query("select distinct batch_id from srs_norm_status").batch_id
        assert batches.tolist() == [summary["batch_id"]]
    total = next(r for r in data["rows"] if r["area"] == "all")
    assert total["n_unrecorded"] > 0 and "no record in the registry" in status.stderr


HAND_CSV = (
    "kato,name_kk,parent_kato,category,urban,year,population,is_support_village,support_kato,"
    "distance_to_support_km,n_water,n_kg,n_kg.capacity,n_clinic,n_clinic.distance_km,n_fire,"
    "n_fire.distance_km,n_fire.minutes\n"
    "111130100,A,111130000,support_village,0,2024,1000,yes,,,1,1,40,1,,0,,20\n"
    "111130105,B,111130000,other_village,0,2024,200,no,111130100,8,0,,,0,12,0,20,\n"
    "111130110,C,111130000,other_village,no,2024,50,,,,1,,,0,5,,,\n"
    "111210000,D,111200000,city,1,2024,10000,,,,1,1,300,,,,,\n"
    "111130100,A,111130000,support_village,0,2023,1000,yes,,,1,0,,1,,0,,20\n"
)


@pytest.fixture()
def hand_db(tmp_path: Path) -> tuple[Path, Path]:
    from hand import write_catalogue

    db = tmp_path / "hand.duckdb"
    with Store(db) as store:
        store.migrate()
        store.replace_rows(
            "territory",
            pd.DataFrame(
                {
                    "kato": ["110000000", "111100000", "111130000", "111200000"],
                    "parent_kato": [None, "110000000", "111100000", "110000000"],
                    "level": ["region", "district", "okrug", "district"],
                    "name_en": ["Region", "District 1", "Okrug 1", "District 2"],
                }
            ),
        )
    cat = write_catalogue(tmp_path)
    path = tmp_path / "hand.csv"
    path.write_text(HAND_CSV, encoding="utf-8")
    result = runner.invoke(
        app, ["srs", "import", str(path), "--catalogue", str(cat), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    return db, cat


def test_status_levels_weights_and_filters(hand_db: tuple[Path, Path]) -> None:
    db, cat = hand_db
    base = ["--catalogue", str(cat), "--db", str(db)]
    out = runner.invoke(app, ["srs", "status", "--level", "district", "--format", "json", *base])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["synthetic"] is False and data["registry"].startswith("registry: ")
    got = {(r["kato"], r["area"]): r["provision_pct"] for r in data["rows"]}
    assert got[("111100000", "all")] == 77.8 and got[("111200000", "urban")] == 33.3
    assert data["national"] == {"all": 66.7, "rural": 77.8, "urban": 33.3}
    unrecorded = {(r["kato"], r["area"]): r["n_unrecorded"] for r in data["rows"]}
    assert unrecorded[("111200000", "all")] == 1 and unrecorded[("111100000", "all")] == 0
    assert "1 applicable norm(s) of 1 settlement(s) have no record" in out.stderr
    pop = runner.invoke(
        app,
        ["srs", "status", "--level", "region", "--weight", "population", "--format", "json", *base],
    )
    rows = {r["area"]: r["provision_pct"] for r in json.loads(pop.stdout)["rows"]}
    assert rows["all"] == 39.6  # 4,450 / 11,250, hand-worked
    rural = runner.invoke(
        app, ["srs", "status", "--level", "okrug", "--rural", "--format", "csv", *base]
    )
    assert set(pd.read_csv(io.StringIO(rural.stdout)).area) == {"rural"}
    lang = runner.invoke(app, ["srs", "status", "--lang", "xx", *base])
    assert lang.exit_code == 2 and "'xx' is not one of" in lang.output
    both = runner.invoke(app, ["srs", "status", "--urban", "--rural", *base])
    assert both.exit_code == 2 and "exclude each other" in both.output
    old = runner.invoke(app, ["srs", "status", "--year", "2023", "--format", "json", *base])
    assert json.loads(old.stdout)["year"] == 2023
    missing = runner.invoke(app, ["srs", "status", "--year", "2019", *base])
    assert missing.exit_code == 2 and "no year 2019" in missing.output


def test_gaps_and_trend(hand_db: tuple[Path, Path]) -> None:
    db, cat = hand_db
    base = ["--catalogue", str(cat), "--db", str(db)]
    summary = runner.invoke(app, ["srs", "gaps", "--format", "json", *base])
    rows = {r["norm_id"]: r for r in json.loads(summary.stdout)["rows"]}
    assert rows["n_clinic"]["settlements"] == 1 and rows["n_clinic"]["served_by_support"] == 1
    assert rows["n_kg"]["cost_hint_kzt"] == 50
    detail = runner.invoke(
        app, ["srs", "gaps", "--territory", "111200000", "--detail", "--format", "json", *base]
    )
    assert {(r["kato"], r["norm_id"]) for r in json.loads(detail.stdout)["rows"]} == {
        ("111210000", "n_kg"),
        ("111210000", "n_fire"),
    }
    area = runner.invoke(app, ["srs", "gaps", "--area", "engineering", "--format", "json", *base])
    assert {r["norm_id"] for r in json.loads(area.stdout)["rows"]} == {"n_water"}
    bad = runner.invoke(app, ["srs", "gaps", "--area", "astronomy", *base])
    assert bad.exit_code == 2 and "not an area" in bad.output
    nowhere = runner.invoke(app, ["srs", "gaps", "--territory", "990000000", *base])
    assert nowhere.exit_code == 2 and "no settlement" in nowhere.output
    trend = runner.invoke(app, ["srs", "trend", "--level", "district", "--format", "json", *base])
    rows_t = [
        r
        for r in json.loads(trend.stdout)["rows"]
        if r["kato"] == "111100000" and r["area"] == "all"
    ]
    assert [r["year"] for r in rows_t] == [2023, 2024]
    assert rows_t[0]["provision_pct"] == 75.0  # 2023: A alone, 3 of 4 norms
    assert rows_t[1]["change_pp"] == pytest.approx(77.8 - 75.0, abs=0.05)


def test_import_replaces_and_bad_file_leaves_store_unchanged(tmp_path: Path) -> None:
    from hand import write_catalogue

    db = tmp_path / "a.duckdb"
    with Store(db) as store:
        store.migrate()
        store.replace_rows(
            "territory",
            pd.DataFrame(
                {
                    "kato": ["110000000", "111100000", "111130000"],
                    "parent_kato": [None, "110000000", "111100000"],
                    "level": ["region", "district", "okrug"],
                }
            ),
        )
    cat = write_catalogue(tmp_path)
    good = tmp_path / "good.csv"
    good.write_text(
        "kato,parent_kato,category,urban,year,population,n_water\n111130100,111130000,okrug_centre,0,2024,300,1\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["srs", "import", str(good), "--catalogue", str(cat), "--format", "json", "--db", str(db)],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["settlements"] == 1
    with Store(db, read_only=True) as store:
        before = store.snapshot()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "kato,parent_kato,category,urban,year,population,n_water\n111130100,111130000,okrug_centre,0,2024,-1,1\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["srs", "import", str(bad), "--catalogue", str(cat), "--db", str(db)]
    )
    assert result.exit_code == 2
    assert "row 2" in result.output and "population is negative" in result.output
    with Store(db, read_only=True) as store:
        after = store.snapshot()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])
    status = runner.invoke(
        app,
        [
            "srs",
            "status",
            "--level",
            "country",
            "--catalogue",
            str(cat),
            "--format",
            "json",
            "--db",
            str(db),
        ],
    )
    assert json.loads(status.stdout)["synthetic"] is False
    assert (
        json.loads(status.stdout)["rows"][0]["provision_pct"] == 50.0
    )  # water met, fire (>=100) not
