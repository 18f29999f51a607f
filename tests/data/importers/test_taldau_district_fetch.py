"""``aimaq fetch taldau --level district`` against a local server replaying the Taldau format.

The district answer is built in code from the real Taldau district term ids and names
(``taldau_district_terms.csv`` of the shared data); its values are SYNTHETIC (no district
answer of Taldau ships), generated below and labelled so.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_taldau_client import _Server

from aimaq.data.build import load_territories
from aimaq.data.catalogue import load_catalogue
from aimaq.data.store import Store
from aimaq.territory import taldau_terms

pytestmark = pytest.mark.shared
AIMAQ = str(Path(sys.executable).with_name("aimaq"))
KYZYLORDA_TERM = 260099  # the Taldau region term of Kyzylorda Region


def _series(term: int, name: str, value: float) -> dict[str, object]:
    period = {"name": "2024 год", "date": "31.12.2024", "value": str(value)}
    return {"terms": [term], "termNames": [name], "periods": [period]}


def _district_answer(shared_dir: Path) -> tuple[bytes, dict[int, float]]:
    with (shared_dir / "taldau_district_terms.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # SYNTHETIC values: a function of the term id, so each district gets a known figure
    values = {
        int(r["district_term_id"]): 100_000.0 + int(r["district_term_id"]) % 9_973 for r in rows
    }
    body = [
        _series(
            int(r["district_term_id"]),
            r["district_name_taldau"],
            values[int(r["district_term_id"])],
        )
        for r in rows
    ]
    body.append(_series(KYZYLORDA_TERM, "КЫЗЫЛОРДИНСКАЯ ОБЛАСТЬ", 250_000.0))
    return json.dumps(body, ensure_ascii=False).encode("utf-8"), values


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "d.duckdb"
    with Store(path) as store:
        store.migrate()
        load_territories(store)
        store.upsert_indicators(load_catalogue().frame())
    return str(path)


def _fetch(server: _Server, db: str, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [AIMAQ, "fetch", "taldau", "702972", "-i", "wage_avg", "--base-url", server.url]
    args += [*extra, "--retries", "0", "--db", db, "--format", "json"]
    return subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)


def test_district_answer_lands_on_the_districts(shared_dir: Path, db: str) -> None:
    body, values = _district_answer(shared_dir)
    with _Server(lambda n, path: (200, body, 0.0)) as server:
        done = _fetch(server, db, "--level", "district")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rows"] == 229
    with Store(db, read_only=True) as store:
        stored = store.observations("wage_avg", level="district", dims={})
    assert len(stored) == 228
    # every figure sits on the unit its term id names (the territory crosswalk)
    terms = taldau_terms()
    by_term = dict(zip(terms.term_id.astype(int), terms.kato, strict=True))
    got = dict(zip(stored.kato, stored.value, strict=True))
    assert {by_term[t]: v for t, v in values.items()} == got
    # and district clusters run on it: every polygon a row, none missing
    with _Server(lambda n, path: (200, body, 0.0)):
        clusters = subprocess.run(
            [AIMAQ, "clusters", "wage_avg", "--level", "district", "--year", "2024",
             "--permutations", "99", "--seed", "1", "--db", db, "--format", "json"],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    assert clusters.returncode == 0, clusters.stderr
    out = json.loads(clusters.stdout)
    assert len(out["lisa"]["districts"]) == 224 and out["missing"]["count"] == 0
    # the four units without a polygon of their own are named, not drawn
    assert set(out["dropped"]) == {"615500000", "635500000", "636300000", "711610000"}


def test_a_region_answer_asked_as_district_is_refused(db: str) -> None:
    body = json.dumps([_series(KYZYLORDA_TERM, "КЫЗЫЛОРДИНСКАЯ ОБЛАСТЬ", 1.0)]).encode()
    with _Server(lambda n, path: (200, body, 0.0)) as server:
        done = _fetch(server, db, "--level", "district")
    assert done.returncode == 2
    assert "asked for district figures, but the answer holds 1 region" in done.stderr
    with Store(db, read_only=True) as store:
        assert store.query("select count(*) as n from observation").n[0] == 0
