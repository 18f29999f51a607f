"""Territory tags: shipped tags, the tag file importer and its refusals, analyses by tag."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from aimaq.data.store import Store
from aimaq.errors import ImportError_
from aimaq.territory import Resolver
from aimaq.territory.tags import TAG_LEVELS, check_tag_rows, shipped_tags

AIMAQ = str(Path(sys.executable).parent / "aimaq")


def test_shipped_tags_have_source_and_method() -> None:
    tags = shipped_tags()
    assert (tags["source"] != "").all() and (tags["method"] != "").all()
    counts = tags["tag"].value_counts().to_dict()
    assert counts["border_district"] == 83
    assert counts["city_of_regional_significance"] == 39
    assert counts["district_centre"] == 169  # Pavlodar district: centre outside it
    assert counts["agglomeration"] == 5
    border = tags[tags["tag"] == "border_district"]
    assert border["method"].str.startswith("derived:").all()
    assert set("; ".join(border["value"]).split("; ")) == {
        "Russia", "China", "Kyrgyzstan", "Uzbekistan", "Turkmenistan"
    }  # fmt: skip


def test_border_districts_are_not_caspian_coasts(resolver: Resolver) -> None:
    border = resolver.tagged("border_district")
    # Atyrau and Mangystau coast districts without a land border are not tagged
    assert "231010000" not in border and "471010000" not in border
    assert "234600000" in border and border["234600000"] == "Russia"  # Kurmangazy
    assert border["474200000"] == "Uzbekistan; Turkmenistan"  # Karakiyan
    # every tagged unit is a district-level unit of today
    for kato in border:
        assert (
            resolver.info(kato)["level"] == "district" and resolver.info(kato)["valid_to"] is None
        )


def test_every_known_tag_sits_on_its_level(resolver: Resolver) -> None:
    tags = shipped_tags()
    for tag, kato in zip(tags["tag"], tags["kato"], strict=True):
        assert resolver.info(kato)["level"] in TAG_LEVELS[tag], (tag, kato)


def test_district_centres_from_the_bulletin(resolver: Resolver) -> None:
    tags = shipped_tags().set_index("kato")
    centres = tags[tags["tag"] == "district_centre"]
    assert centres["method"].str.startswith("official list").sum() == 164
    # Zharma district: the centre is Kalbatau, not the town of Shar the numbering puts first
    zharma = [k for k in centres.index if k.startswith("1042")]
    assert [resolver.info(k)["name_ru"] for k in zharma] == ["с.Калбатау"]


def _rows(**columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns, dtype=str)


@pytest.mark.parametrize(
    ("rows", "column", "value", "message"),
    [
        (_rows(kato=["999999999"], tag=["support_village"]), "kato", "999999999", "unknown KATO"),
        (_rows(kato=["15"], tag=["support_village"]), "kato", "15", "9-digit"),
        (_rows(kato=["150000000"], tag=["support_village"]), "tag", "support_village", "is a region"),
        (_rows(kato=["151010000"], tag=["Bad Tag"]), "tag", "Bad Tag", "lower-case"),
        (
            _rows(kato=["511000000"], tag=["single_industry_town"], valid_from=["2019-01-01"]),
            "valid_from",
            "2019-01-01",
            "ceased on 2018-06-19",
        ),
        (
            _rows(kato=["615500000"], tag=["ethnic_minority_compact"], valid_from=["2015-01-01"]),
            "valid_from",
            "2015-01-01",
            "exists only from 2021-03-15",
        ),
        (
            _rows(kato=["151010000", "151010000"], tag=["support_village", "support_village"],
                  valid_from=["2020-01-01", "2021-01-01"], valid_to=["", ""]),
            "valid_from",
            "2021-01-01",
            "overlaps row 2",
        ),
        (
            _rows(kato=["151010000"], tag=["support_village"], valid_from=["2021-13-01"]),
            "valid_from",
            "2021-13-01",
            "not a date",
        ),
    ],
)  # fmt: skip
def test_bad_tag_rows_are_refused_with_their_cell(
    resolver: Resolver, rows: pd.DataFrame, column: str, value: str, message: str
) -> None:
    with pytest.raises(ImportError_, match=message) as info:
        check_tag_rows(rows, resolver, source="tags.csv")
    location = info.value.location
    assert location is not None and location.file == "tags.csv"
    assert location.column == column and location.value == value
    assert location.row == len(rows) + 1


def test_overlap_with_stored_tags_is_refused(resolver: Resolver) -> None:
    stored = pd.DataFrame(
        {
            "kato": ["151010000"],
            "tag": ["support_village"],
            "valid_from": [None],
            "valid_to": [None],
        }
    )
    rows = _rows(kato=["151010000"], tag=["support_village"])
    with pytest.raises(ImportError_, match="overlaps a stored tag"):
        check_tag_rows(rows, resolver, source="t.csv", existing=stored)
    later = _rows(kato=["151010000"], tag=["support_village"], valid_from=["2020-01-01"])
    earlier = stored.assign(valid_to=[pd.Timestamp("2020-01-01")])
    out = check_tag_rows(later, resolver, source="t.csv", existing=earlier)
    assert out["valid_from"].iloc[0] == pd.Timestamp("2020-01-01")


@pytest.fixture()
def db(territory_db: Path) -> Path:
    return territory_db


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([AIMAQ, *args], capture_output=True, text=True, check=False)


def _snapshot(db: Path) -> list[tuple[object, ...]]:
    store = Store(db, read_only=True)
    try:
        rows = store.query("select * from territory_tag order by all").values.tolist()
        batches = store.query("select count(*) as n from import_batch")["n"].tolist()
    finally:
        store.close()
    return [tuple(r) for r in rows] + [tuple(batches)]


def test_tags_import_and_list_as_a_user_runs_them(db: Path, tmp_path: Path) -> None:
    good = tmp_path / "support.csv"
    good.write_text(
        "kato,tag,value,source,method,valid_from,valid_to,note\n"
        "151010000,support_village,,akimat list,official list,2020-01-01,,\n"
        "113220100,satellite_village,151010000,akimat list,official list,,,\n",
        encoding="utf-8",
    )
    done = _run("tags", "import", str(good), "--db", str(db), "--format", "json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["rows"] == 2 and summary["tags"] == {
        "satellite_village": 1,
        "support_village": 1,
    }
    listed = _run("territories", "--tag", "support_village", "--level", "settlement",
                  "--db", str(db), "--format", "json")  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert [r["kato"] for r in json.loads(listed.stdout)] == ["151010000"]
    # a second import of an overlapping tag is refused, the database unchanged
    before = _snapshot(db)
    again = _run("tags", "import", str(good), "--db", str(db))
    assert again.returncode == 2 and "overlaps a stored tag" in again.stderr
    assert "support.csv, row 2, column 'valid_from'" in again.stderr
    assert _snapshot(db) == before


def test_a_bad_row_writes_nothing(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "kato,tag\n151010000,support_village\n150000000,border_district\n", encoding="utf-8"
    )
    before = _snapshot(db)
    done = _run("tags", "import", str(bad), "--db", str(db))
    assert done.returncode == 2
    assert "bad.csv, row 3, column 'tag', value 'border_district'" in done.stderr
    assert _snapshot(db) == before


def test_territories_by_tag_lists_border_districts_with_their_neighbour(db: Path) -> None:
    done = _run("territories", "--tag", "border_district", "--db", str(db), "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 83
    by_code = {r["kato"]: r["value"] for r in rows}
    assert by_code["195800000"] == "China; Kyrgyzstan"
    assert set(by_code.values()) >= {"Russia", "China", "Kyrgyzstan", "Uzbekistan"}
    unknown = _run("territories", "--tag", "no_such_tag", "--db", str(db))
    assert unknown.returncode == 2 and "no territory carries the tag" in unknown.stderr


def test_every_shipped_tag_passes_the_import_checks(resolver: Resolver) -> None:
    tags = shipped_tags()
    rows = check_tag_rows(tags, resolver, source="shipped")
    assert len(rows) == len(tags)
    towns = tags[tags["tag"] == "single_industry_town"]
    assert len(towns) == 10 and towns["method"].str.startswith("secondary list").all()
