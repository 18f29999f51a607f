"""The store: migrations, atomic imports, lineage and idempotency."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from aimaq.data.store import Store, canonical_dims
from aimaq.errors import ImportError_


def _seed(store: Store) -> None:
    store.replace_rows(
        "territory",
        pd.DataFrame(
            {
                "kato": ["000000000", "150000000"],
                "parent_kato": [None, "000000000"],
                "level": ["country", "region"],
                "name_en": ["Kazakhstan", "Aktobe Region"],
            }
        ),
    )
    store.upsert_indicators(
        pd.DataFrame(
            {
                "id": ["grp"],
                "name_en": ["Gross regional product"],
                "unit": ["million KZT"],
                "polarity": [1],
                "domain": ["economy"],
            }
        )
    )


def _frame(values: list[float], periods: list[str] | None = None) -> pd.DataFrame:
    periods = periods or [str(2020 + i) for i in range(len(values))]
    return pd.DataFrame(
        {
            "kato": ["150000000"] * len(values),
            "indicator_id": ["grp"] * len(values),
            "period": periods,
            "value": values,
            "dims": [{}] * len(values),
        }
    )


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    with Store(path) as store:
        first = store.migrate()
    with Store(path) as store:
        assert store.migrate() == first
        assert store.schema_version() == first
        assert {"territory", "observation", "import_batch"} <= set(store.table_names())


def test_write_records_lineage_and_reimport_is_noop(mem_store: Store) -> None:
    _seed(mem_store)
    result = mem_store.write_observations(
        _frame([1.0, 2.0]), source="a.csv", sha256="abc", importer="test", attribution="BNS"
    )
    assert result.rows == 2 and not result.skipped
    batch = mem_store.query("select * from import_batch")
    assert batch.loc[0, "sha256"] == "abc" and batch.loc[0, "rows"] == 2
    again = mem_store.write_observations(
        _frame([1.0, 2.0]), source="a.csv", sha256="abc", importer="test"
    )
    assert again.skipped and again.batch_id == result.batch_id
    assert int(mem_store.query("select count(*) n from observation").n[0]) == 2


def test_same_values_from_another_file_are_not_duplicated(mem_store: Store) -> None:
    _seed(mem_store)
    mem_store.write_observations(_frame([1.0, 2.0]), source="a", sha256="a", importer="t")
    result = mem_store.write_observations(
        _frame([1.0, 2.0, 3.0]), source="b", sha256="b", importer="t"
    )
    assert result.rows == 1
    assert int(mem_store.query("select count(*) n from observation").n[0]) == 3


def test_conflicting_value_with_stored_data_changes_nothing(mem_store: Store) -> None:
    _seed(mem_store)
    mem_store.write_observations(_frame([1.0, 2.0]), source="a", sha256="a", importer="t")
    before = mem_store.snapshot()
    with pytest.raises(
        ImportError_, match=r"b\.csv, row 2, column 'value', value 9\.0.*1 conflicting row"
    ):
        mem_store.write_observations(_frame([1.0, 9.0]), source="b.csv", sha256="b", importer="t")
    after = mem_store.snapshot()
    assert before.keys() == after.keys()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])


def test_conflicting_duplicate_inside_one_file(mem_store: Store) -> None:
    _seed(mem_store)
    frame = _frame([1.0, 2.0], periods=["2020", "2020"])
    with pytest.raises(ImportError_, match=r"conflicting values 1.0 .row 1. and 2.0 .row 2."):
        mem_store.write_observations(frame, source="dup.csv", sha256="d", importer="t")
    assert int(mem_store.query("select count(*) n from import_batch").n[0]) == 0


def test_unknown_territory_and_indicator_roll_back(mem_store: Store) -> None:
    _seed(mem_store)
    frame = _frame([1.0])
    frame.loc[0, "kato"] = "999999999"
    with pytest.raises(ImportError_, match=r"x\.csv, row 1, column 'kato', value '999999999'"):
        mem_store.write_observations(frame, source="x.csv", sha256="x", importer="t")
    frame = _frame([1.0])
    frame.loc[0, "indicator_id"] = "nope"
    with pytest.raises(ImportError_, match="unknown indicator id"):
        mem_store.write_observations(frame, source="y.csv", sha256="y", importer="t")
    assert mem_store.query("select count(*) n from import_batch").n[0] == 0
    assert mem_store.query("select count(*) n from observation").n[0] == 0


def test_dims_are_canonical() -> None:
    assert canonical_dims({"b": 1, "a": "x"}) == canonical_dims('{"a": "x", "b": 1}')
    assert canonical_dims("") == "{}"


def test_observations_filter_by_level_and_period(mem_store: Store) -> None:
    _seed(mem_store)
    mem_store.write_observations(_frame([1.0, 2.0]), source="a", sha256="a", importer="t")
    got = mem_store.observations("grp", period="2021", level="region")
    assert got.value.tolist() == [2.0]
    assert got.name_en.tolist() == ["Aktobe Region"]


def test_flags_are_stored_with_the_values(mem_store: Store) -> None:
    _seed(mem_store)
    frame = _frame([0.0, float("nan")])
    frame["flag"] = ["absent", "confidential"]
    mem_store.write_observations(frame, source="f.xlsx", sha256="f", importer="t")
    got = mem_store.observations("grp")
    assert got.flag.tolist() == ["absent", "confidential"]
    assert got.value.iloc[0] == 0.0 and pd.isna(got.value.iloc[1])
    plain = _frame([5.0], periods=["2030"])
    mem_store.write_observations(plain, source="g.csv", sha256="g", importer="t")
    assert mem_store.observations("grp", period="2030").flag.isna().all()


@pytest.fixture(params=["memory", "file"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A store in memory (chunks written inside the transaction) or in a file (staged)."""
    store = Store(":memory:" if request.param == "memory" else tmp_path / "s.duckdb")
    store.migrate()
    yield store
    store.close()


def test_the_observation_key_is_kept_by_the_writer_across_chunks(any_store: Store) -> None:
    # no primary-key index (migration 0006): the writer keeps (kato, indicator, period,
    # dims) unique, across the chunks of one streamed batch too
    mem_store = any_store
    constraints = mem_store.query(
        "select constraint_type from duckdb_constraints() where table_name = 'observation'"
    )
    assert "PRIMARY KEY" not in set(constraints.constraint_type)
    _seed(mem_store)
    chunks = [_frame([1.0, 2.0]), _frame([1.0, 2.0, 3.0])]  # 2020 and 2021 repeated
    result = mem_store.write_observations(iter(chunks), source="a", sha256="a", importer="t")
    assert result.rows == 3
    stored = mem_store.query("select period, count(*) n from observation group by period")
    assert sorted(stored.n) == [1, 1, 1]
    before = mem_store.snapshot()
    clash = [_frame([5.0], periods=["2030"]), _frame([6.0], periods=["2030"])]
    with pytest.raises(ImportError_, match=r"conflicting values 5.0 \(an earlier row"):
        mem_store.write_observations(iter(clash), source="b", sha256="b", importer="t")
    after = mem_store.snapshot()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])
    assert not Path(f"{mem_store.path}.stage").exists()


def test_staged_rows_check_against_what_the_file_brings(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.migrate()
        _seed(store)
        new = pd.DataFrame({"id": ["my_index"], "name_en": ["Mine"], "unit": ["points"],
                            "polarity": [1], "domain": ["economy"]})  # fmt: skip
        frame = _frame([1.0]).assign(indicator_id="my_index")
        done = store.write_observations(
            iter([frame]), source="m", sha256="m", importer="t", indicators=new
        )
        assert done.rows == 1
        with pytest.raises(ImportError_, match="unknown indicator id"):
            store.write_observations(
                iter([frame.assign(indicator_id="nope")]), source="n", sha256="n", importer="t"
            )


def test_migration_0006_keeps_every_observation(tmp_path: Path) -> None:
    from aimaq.data.store import _migrations

    path = tmp_path / "v5.duckdb"
    with Store(path) as store:
        con = store.connection
        con.execute(
            "create table schema_version (version integer primary key, name varchar, "
            "applied_at timestamp)"
        )
        for version, name, sql in _migrations():
            if version <= 5:
                con.execute(sql)
                con.execute("insert into schema_version values (?, ?, now())", [version, name])
        _seed(store)
        con.execute(
            "insert into observation values ('150000000', 'grp', '2020', 1.5, '{}', 1, "
            "'no_data', 'recalculated_to_current'), ('150000000', 'grp', '2021', 2.5, "
            "'{\"area\":\"urban\"}', 1, null, 'as_published')"
        )
        before = store.query("select * from observation order by period")
        assert store.migrate() >= 6
        after = store.query("select * from observation order by period")
        pd.testing.assert_frame_equal(before, after)
        con.execute(
            "insert into observation (kato, indicator_id, period, value, batch_id) "
            "values ('150000000', 'grp', '2022', 1, 1)"
        )
        row = store.query("select dims, border_basis from observation where period = '2022'")
        assert (row.dims[0], row.border_basis[0]) == ("{}", "as_published")
