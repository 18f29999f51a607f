"""The Open SDG importer: single files, platform folders, border basis, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aimaq.data.catalogue import load_catalogue
from aimaq.data.importers import import_file
from aimaq.data.importers.open_sdg import import_sdg_folder, load_translations, parse_open_sdg
from aimaq.data.store import Store
from aimaq.errors import ImportError_

AIMAQ = str(Path(sys.executable).parent / "aimaq")  # the console script users run
TRANSLATIONS = {
    "REF_AREA.yml": {
        "en": "KZAKM: Akmola\nKZKSH: City Kokshetau\nKZBOR: SKFM Borovoe\nREF_AREA: Regions\n",
        "ru": "KZAKM: Акмолинская\nKZKSH: г.Кокшетау\nKZBOR: СКФМ «Боровое»\nREF_AREA: Регионы\n",
        "kk": "KZAKM: Ақмола\nKZKSH: Көкшетау қ.\nKZBOR: «Бурабай» ШКЕО\nREF_AREA: Өңірлер\n",
    },
    "AGE.yml": {
        "en": "Y15T24: 'age: 15-24'\nAGE: Age\n",
        "ru": "Y15T24: 'возраст: 15-24'\nAGE: Возраст\n",
        "kk": "Y15T24: 'жасы: 15-24'\nAGE: Жасы\n",
    },
    "national_indicators.yml": {
        "en": "8-10-1-title: Youth rate by age\n11-6-2-title: Air pollution\n",
        "ru": "8-10-1-title: Доля молодежи\n11-6-2-title: Загрязнение воздуха\n",
        "kk": "8-10-1-title: Жастар үлесі\n11-6-2-title: Ауаның ластануы\n",
    },
}
POVERTY = (
    "Year,UNIT_MEASURE,URBANISATION,SEX,REF_AREA,Value\n"
    "2016,PT,,,,2.6\n2016,PT,R,,,4.4\n2016,PT,,,KZAKM,3.1\n"
    "2016,PT,,,KZONT,5.1\n2016,PT,,,KZYUZ,5.7\n2016,PT,,,KZSHY,0.5\n"
    "2019,PT,,,KZYUZ,10.8\n2019,PT,,,KZSHY,2.8\n2020,PT,,,KZABY,7.0\n"
)
YOUTH = "Year,UNIT_MEASURE,REF_AREA,AGE,Value\n2022,PT,KZAKM,Y15T24,7.5\n2022,PT,,,4.9\n"
AIR = (
    "Year,UNIT_MEASURE,SERIES,REF_AREA,Value\n"
    "2022,MG_CUB_METER,_L_KZ_110602_1B,KZKSH,0.05\n2022,MG_CUB_METER,_L_KZ_110602_1B,KZBOR,0.01\n"
)


def platform(root: Path, files: dict[str, str]) -> Path:
    """A platform checkout in ``root``: ``data/`` with ``files`` and ``translations/``."""
    (root / "data").mkdir(parents=True)
    for name, text in files.items():
        (root / "data" / name).write_text(text, encoding="utf-8")
    for name, langs in TRANSLATIONS.items():
        for lang, text in langs.items():
            (root / "translations" / lang).mkdir(parents=True, exist_ok=True)
            (root / "translations" / lang / name).write_text(text, encoding="utf-8")
    return root


def values(store: Store, indicator: str) -> dict[tuple[str, str, str], tuple[float, str]]:
    frame = store.query(
        "select kato, period, dims, value, border_basis from observation where indicator_id = ?",
        [indicator],
    )
    return {(r.kato, r.period, r.dims): (r.value, r.border_basis) for r in frame.itertuples()}


def test_kzont_is_south_kazakhstan_and_the_successors_beside_it_are_recalculated(
    store: Store, tmp_path: Path
) -> None:
    root = platform(tmp_path / "p", {"indicator_1-2-1.csv": POVERTY})
    report = import_file(store, root / "data" / "indicator_1-2-1.csv")
    assert report.format == "open-sdg" and report.rows == 9
    got = values(store, "poverty_rate")
    assert got[("510000000", "2016", "{}")] == (5.1, "as_published")
    assert got[("610000000", "2016", "{}")] == (5.7, "recalculated_to_current")
    assert got[("790000000", "2016", "{}")] == (0.5, "recalculated_to_current")
    assert got[("610000000", "2019", "{}")] == (10.8, "as_published")
    assert got[("000000000", "2016", '{"area":"rural"}')] == (4.4, "as_published")
    assert got[("100000000", "2020", "{}")] == (7.0, "recalculated_to_current")  # Abai, 2022
    assert any("recalculated" in n for n in report.notes)


def test_without_kzont_kzyuz_before_2018_is_south_kazakhstan_as_published(
    store: Store, tmp_path: Path
) -> None:
    text = (
        "Year,UNIT_MEASURE,REF_AREA,Value\n2016,PT,KZYUZ,64.0\n2019,PT,KZYUZ,71.2\n"
        "2016,PT,KZSHY,41.4\n"
    )
    root = platform(tmp_path / "p", {"indicator_1-2-1.csv": text})
    import_file(store, root / "data" / "indicator_1-2-1.csv")
    got = values(store, "poverty_rate")
    assert got[("510000000", "2016", "{}")] == (64.0, "as_published")
    assert got[("610000000", "2019", "{}")] == (71.2, "as_published")
    assert got[("511000000", "2016", "{}")] == (41.4, "as_published")  # the city, then
    # the user may say the file is on today's borders
    parsed = parse_open_sdg(
        text.encode(), source="indicator_1-2-1.csv", catalogue=load_catalogue(),
        borders="recalculated",
    )  # fmt: skip
    assert parsed.frame[["kato", "border_basis"]].values.tolist() == [
        ["610000000", "recalculated_to_current"], ["610000000", "as_published"],
        ["790000000", "recalculated_to_current"],
    ]  # fmt: skip


def test_folder_import_names_dimensions_and_resolves_towns_by_name(
    store: Store, tmp_path: Path
) -> None:
    root = platform(
        tmp_path / "p",
        {
            "indicator_1-2-1.csv": POVERTY,
            "indicator_8-10-1.csv": YOUTH,
            "indicator_11-6-2.csv": AIR,
        },
    )
    reports = import_sdg_folder(store, root)
    assert [r.rows for r in reports] == [9, 2, 1]
    youth = values(store, "sdg_8_10_1")
    assert youth[("110000000", "2022", '{"age":"Y15T24"}')][0] == 7.5
    names = store.query("select * from dimension_code where dimension = 'age'")
    assert names.iloc[0][["code", "name_ru", "name_en"]].tolist() == [
        "Y15T24", "возраст: 15-24", "age: 15-24",
    ]  # fmt: skip
    ind = store.query("select * from indicator where id = 'sdg_8_10_1'").iloc[0]
    assert (ind.name_ru, ind.unit, ind.polarity) == ("Доля молодежи", "PT", 0)
    # Kokshetau is a KATO settlement; the Borovoe resort area is not: reported, not guessed
    air = store.query(
        "select o.kato, t.name_ru from observation o join territory t using (kato) "
        "where indicator_id like 'sdg_11_6_2%'"
    )
    assert air.name_ru.str.contains("Көкшетау|Кокшетау").all() and len(air) == 1
    assert [u.name.split()[0] for u in reports[2].unmatched] == ["KZBOR"]


def test_a_bad_file_inside_a_folder_stores_none_of_the_folder(store: Store, tmp_path: Path) -> None:
    bad = YOUTH.replace("7.5", "seven")
    root = platform(tmp_path / "p", {"indicator_1-2-1.csv": POVERTY, "indicator_8-10-1.csv": bad})
    before = store.snapshot()
    with pytest.raises(ImportError_) as err:
        import_sdg_folder(store, root)
    assert "indicator_8-10-1.csv, row 2, column 'Value', value 'seven'" in str(err.value)
    after = store.snapshot()
    assert before.keys() == after.keys() and all(before[k].equals(after[k]) for k in before)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Year,REF_AREA,Value\n2022,KZXXX,1\n", "row 2, column 'REF_AREA', value 'KZXXX'"),
        ("Year,REF_AREA,Value\n1890,KZAKM,1\n", "row 2, column 'Year', value '1890'"),
        ("Year,REF_AREA,Value\n2022,KZAKM,\n", "row 2, column 'Value', value ''"),
        ("Year,REF_AREA,Value\n2022,KZAKM,1\n2022,KZAKM,2\n", "conflicting values 1.0 (row 2)"),
    ],
)
def test_bad_input_names_file_row_column_value_and_stores_nothing(
    store: Store, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "indicator_1-2-1.csv"
    path.write_text(text, encoding="utf-8")
    before = store.snapshot()
    with pytest.raises(ImportError_, match=r"indicator_1-2-1\.csv") as err:
        import_file(store, path)
    assert message in str(err.value)
    after = store.snapshot()
    assert all(before[k].equals(after[k]) for k in before)


def test_translations_of_the_real_platform(shared_dir: Path) -> None:
    tr = load_translations(shared_dir / "sdg" / "translations")
    assert tr.name("REF_AREA", "KZONT", "ru") == "Южно-Казахстанская"
    assert tr.title("1-2-1", "en") == (
        "Proportion of population living below the minimum subsistence level"
    )


def test_real_poverty_file_stores_20_regions_urban_rural_and_south_kazakhstan(
    store: Store, shared_dir: Path
) -> None:
    report = import_file(store, shared_dir / "sdg" / "data" / "indicator_1-2-1.csv")
    assert report.rows == report.parsed == 311
    obs = store.query(
        "select o.*, t.level from observation o join territory t using (kato) "
        "where indicator_id = 'poverty_rate'"
    )
    regions = obs[(obs.level == "region") & (obs.dims == "{}")]
    assert regions[regions.period == "2023"].kato.nunique() == 20
    national = obs[obs.kato == "000000000"]
    for area in ("urban", "rural"):
        years = national[national.dims == json.dumps({"area": area}, separators=(",", ":"))]
        assert sorted(years.period) == [str(y) for y in range(2010, 2024)]
    south = obs[obs.kato == "510000000"].sort_values("period")
    assert south.period.tolist() == [str(y) for y in range(2010, 2018)]
    assert south.value.tolist() == [11.5, 10.4, 7.9, 5.9, 6.1, 5.3, 5.1, 5.0]
    assert set(south.border_basis) == {"as_published"}
    turkestan = obs[(obs.kato == "610000000") & (obs.period < "2018")].sort_values("period")
    assert turkestan.value.tolist() == [7.7, 6.3, 5.7, 6.6]
    assert set(turkestan.border_basis) == {"recalculated_to_current"}


def test_cli_imports_a_platform_folder_as_json(ref_db: Path, tmp_path: Path) -> None:
    root = platform(tmp_path / "p", {"indicator_1-2-1.csv": POVERTY, "indicator_8-10-1.csv": YOUTH})
    done = subprocess.run(
        [AIMAQ, "import", "--sdg", str(root), "--db", str(ref_db),
         "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert [r["rows"] for r in out] == [9, 2]
    assert "[2/2] indicator_8-10-1.csv" in done.stderr
    bad = subprocess.run(
        [AIMAQ, "import", str(root / "data" / "indicator_8-10-1.csv"),
         "--borders", "sideways", "--db", str(ref_db)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "--borders" in bad.stderr


def test_an_sdg_series_is_compared_with_the_stored_series_of_the_same_survey(
    store: Store, tmp_path: Path
) -> None:
    # the BNS table of the labour force survey, stored first (Akmola and Aktobe, 2022)
    tidy = tmp_path / "lfs.csv"
    tidy.write_text(
        "territory,indicator,year,value\n110000000,unemployment_rate,2022,4.8\n"
        "150000000,unemployment_rate,2022,4.6\n",
        encoding="utf-8",
    )
    import_file(store, tidy)
    # the platform's 8-5-2 agrees with Akmola within rounding, differs for Aktobe
    text = "Year,UNIT_MEASURE,REF_AREA,Value\n2022,PT,KZAKM,4.84\n2022,PT,KZAKT,5.3\n"
    root = platform(tmp_path / "p", {"indicator_8-5-2.csv": text})
    report = import_file(store, root / "data" / "indicator_8-5-2.csv")
    (note,) = [n for n in report.notes if "unemployment_rate" in n]
    assert "differs from unemployment_rate beyond rounding in 1 of 2" in note
    assert "150000000 2022 {} 5.3 here, 4.6 stored; both kept" in note
    # both kept, each under its own id: nothing overwritten
    assert values(store, "unemployment_rate")[("150000000", "2022", "{}")][0] == 4.6
    assert values(store, "unemployment_rate_sdg")[("150000000", "2022", "{}")][0] == 5.3
