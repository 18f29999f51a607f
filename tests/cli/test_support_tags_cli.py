"""The roadmap takes support villages from the territory tags when the database has them,
and otherwise shows the synthetic registry's own choice as synthetic."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from aimaq.data.store import Store
from aimaq.planning.inputs import from_store

Run = Callable[..., CompletedProcess[str]]
ROADMAP = (
    "roadmap",
    "--budget",
    "1e9",
    "--territory",
    "113200000",
    "--from",
    "2025",
    "--to",
    "2026",
)


def _registry(db: Path, where: str) -> list[tuple[str, str | None]]:
    store = Store.open(db)
    try:
        rows = store.query(
            f"select kato, support_kato from srs_settlement where {where} order by kato limit 2"
        )
    finally:
        store.close()
    return [(str(k), None if s is None else str(s)) for k, s in rows.itertuples(index=False)]


def test_without_tags_the_synthetic_choice_is_shown_as_synthetic(
    run_cli: Run, sample_db: Path
) -> None:
    done = run_cli(*ROADMAP, "--db", str(sample_db), "--format", "json")
    assert done.returncode == 0, done.stderr
    support = json.loads(done.stdout)["summary"]["support_villages"]
    assert support["synthetic"] is True
    assert "synthetic" in support["source"]
    store = Store.open(sample_db)
    try:
        flagged = int(
            store.query("select count(*) as n from srs_settlement where is_support_village").n[0]
        )
    finally:
        store.close()
    assert support["support_villages"] == flagged


def test_support_village_tags_replace_the_registry_choice(
    run_cli: Run, sample_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "tagged.duckdb"
    shutil.copy(sample_db, db)
    # a satellite of the registry, re-tagged onto another village of its district that the
    # registry does not make a support village
    ((satellite, registry_support),) = _registry(
        db, "district_kato = '113200000' and support_kato is not null"
    )[:1]
    ((other, _),) = _registry(
        db, f"district_kato = '113200000' and not is_support_village and kato <> '{satellite}'"
    )[:1]
    tags = tmp_path / "support.csv"
    tags.write_text(
        "kato,tag,value,source,method,valid_from,valid_to,note\n"
        f"{other},support_village,,district akimat list,official list,2024-01-01,,\n"
        f"{satellite},satellite_village,{other},district akimat list,official list,2024-01-01,,\n"
        f"{registry_support},satellite_village,000000001,district akimat list,official list,2024-01-01,,\n",
        "utf-8",
    )
    imported = run_cli("tags", "import", str(tags), "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    done = run_cli(*ROADMAP, "--db", str(db), "--format", "json")
    assert done.returncode == 0, done.stderr
    support = json.loads(done.stdout)["summary"]["support_villages"]
    assert support["source"] == "territory tags (district akimat list)"
    assert support["support_villages"] == 1 and support["satellites"] == 1
    assert support["satellites_without_distance"] == 1  # no coordinates, another village
    assert registry_support in support["unresolved"]  # named, not guessed
    store = Store.open(db)
    try:
        data = from_store(store)
    finally:
        store.close()
    s = data.settlements.set_index("kato")
    assert s.loc[other, "is_support_village"] and not s.loc[registry_support, "is_support_village"]
    assert s.loc[satellite, "support_kato"] == other
    assert int(s["is_support_village"].sum()) == 1
