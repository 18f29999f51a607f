"""The derived package data are exactly what the build script makes of the official files."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "aimaq" / "territory" / "data"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_territory_data", ROOT / "scripts" / "build_territory_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _package_rows(name: str) -> list[list[str]]:
    raw = (DATA / name).read_bytes()
    text = gzip.decompress(raw).decode() if name.endswith(".gz") else raw.decode()
    return list(csv.reader(io.StringIO(text)))[1:]


@pytest.mark.shared
def test_package_data_rebuild_identically(shared_dir: Path) -> None:
    script = _script()
    regions = script._read(shared_dir / "kz_regions_default_2022_2023.csv")
    kato = script.build_kato(shared_dir, regions)
    header = ["kato", "parent_kato", "level", "unit_type", "name_kk", "name_ru", "name_en", "urban"]
    assert [[r[c] for c in header] for r in kato] == _package_rows("kato.csv.gz")
    as_text = [[str(v) for v in row] for row in script.build_bns(shared_dir, kato)]
    assert as_text == _package_rows("bns_2023.csv")
    as_text = [[str(v) for v in row] for row in script.build_taldau(shared_dir, kato)]
    assert as_text == _package_rows("taldau_terms.csv")
    curated = {script.normalise(r[0]) for r in _package_rows("aliases_curated.csv")}
    as_text = [[str(v) for v in row] for row in script.build_region_aliases(shared_dir, curated)]
    assert as_text == _package_rows("region_aliases.csv")


@pytest.mark.shared
def test_kato_tree_keeps_every_unit_of_the_classifier(shared_dir: Path) -> None:
    with (shared_dir / "kato_2025.csv").open(encoding="utf-8", newline="") as handle:
        source = {row["kato"]: row for row in csv.DictReader(handle)}
    package = {row[0]: row for row in _package_rows("kato.csv.gz")}
    assert set(package) == set(source) | {"000000000"}
    for code, row in source.items():
        assert package[code][4] == row["name_kk"]
        assert package[code][5] == row["name_ru"]
