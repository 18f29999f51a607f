"""Mutated real files: only ImportError_ may escape, and a failed import writes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimaq.data.importers import import_file
from aimaq.data.store import Store
from aimaq.errors import ImportError_

pytestmark = pytest.mark.shared


def _mutate_json(raw: bytes, data: st.DataObject) -> bytes:
    kind = data.draw(st.sampled_from(["truncate", "flip", "delete_key", "swap_type"]))
    if kind == "truncate":
        return raw[: data.draw(st.integers(0, len(raw) - 1))]
    if kind == "flip":
        pos = data.draw(st.integers(0, len(raw) - 1))
        return raw[:pos] + bytes([raw[pos] ^ data.draw(st.integers(1, 255))]) + raw[pos + 1 :]
    payload = json.loads(raw)
    record = payload[data.draw(st.integers(0, len(payload) - 1))]
    if kind == "delete_key":
        target = data.draw(
            st.sampled_from(["terms", "termNames", "periods", "name", "date", "value"])
        )
        if target in record:
            del record[target]
        elif record["periods"]:
            record["periods"][0].pop(target, None)
    else:
        replacement = data.draw(st.sampled_from([None, 1, "x", [], {}, 1.5, True, "-1e400"]))
        where = data.draw(
            st.sampled_from(["terms", "termNames", "periods", "value", "name", "date"])
        )
        if where in record:
            record[where] = replacement
        elif record["periods"]:
            record["periods"][0][where] = replacement
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_taldau_json(
    state, reference_db: Path, grp_json: Path, tmp_path: Path, data: st.DataObject
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "fuzz.duckdb"
    if not db.exists():
        shutil.copy(reference_db, db)
    mutated = _mutate_json(grp_json.read_bytes(), data)
    path = tmp_path / "2709379_fuzz.json"
    path.write_bytes(mutated)
    with Store(db) as store:
        before = state(store)
        try:
            import_file(store, path)
        except ImportError_:
            assert state(store) == before


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_csv(state, reference_db: Path, tmp_path: Path, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "fuzz.duckdb"
    if not db.exists():
        shutil.copy(reference_db, db)
    raw = "territory,indicator,period,value,sex\n190000000,population_jan1,2023-01-01,100,male\nАбай облысы,grp,2022,5.5,\n".encode()
    pos = data.draw(st.integers(0, len(raw) - 1))
    mutated = raw[:pos] + bytes([raw[pos] ^ data.draw(st.integers(1, 255))]) + raw[pos + 1 :]
    if data.draw(st.booleans()):
        mutated = mutated[: data.draw(st.integers(0, len(mutated)))]
    path = tmp_path / "fuzz.csv"
    path.write_bytes(mutated)
    with Store(db) as store:
        before = state(store)
        try:
            import_file(store, path)
        except ImportError_:
            assert state(store) == before


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_bns_tables(
    state, reference_db: Path, shared_dir: Path, tmp_path: Path, data: st.DataObject
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "fuzz.duckdb"
    if not db.exists():
        shutil.copy(reference_db, db)
    name = data.draw(st.sampled_from(["odk_doctors_all_specialties.xls", "odk_schools.xlsx"]))
    raw = (shared_dir / "raw" / "bns_tables" / name).read_bytes()
    if data.draw(st.booleans()):
        mutated = raw[: data.draw(st.integers(0, len(raw) - 1))]
    else:
        pos = data.draw(st.integers(0, len(raw) - 1))
        mutated = raw[:pos] + bytes([raw[pos] ^ data.draw(st.integers(1, 255))]) + raw[pos + 1 :]
    path = tmp_path / name
    path.write_bytes(mutated)
    with Store(db) as store:
        before = state(store)
        try:
            import_file(store, path, format="bns-table", since=2018)
        except ImportError_:
            assert state(store) == before
