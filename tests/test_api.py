"""The public Python API: light to import, and the same figures as the store holds."""

from __future__ import annotations

import subprocess
import sys

import pytest

import aimaq
from aimaq.data.build import init_database
from aimaq.data.store import Store


def test_import_aimaq_loads_no_numerical_stack() -> None:
    code = "import aimaq, sys; print(sorted(m for m in ('pandas', 'numpy', 'duckdb') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_resolve_and_unknown_names_fail() -> None:
    for name in aimaq.__all__:
        assert getattr(aimaq, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        aimaq.nope  # noqa: B018


def test_indicator_frame_matches_the_store(tmp_path) -> None:
    path = tmp_path / "a.duckdb"
    with Store(path) as store:
        init_database(store)
    with aimaq.open(path) as db:
        frame = db.indicator("unemployment_rate", level="region", year=2022, lang="ru")
        assert len(frame) == 20 and set(frame.columns) >= {"kato", "name", "value", "source"}
        stored = db.store.query(
            "select kato, value from observation where indicator_id = 'unemployment_rate' "
            "and period = '2022' and dims = '{}' and kato in (select kato from territory where level = 'region')"
        )
        assert dict(zip(frame.kato, frame.value, strict=True)) == dict(
            zip(stored.kato, stored.value, strict=True)
        )
        assert frame.set_index("kato").loc["610000000", "name"] == "Туркестанская область"
        regions = db.territories("region")
        assert len(regions) == 20 and regions.geometry.notna().all()
        with pytest.raises(aimaq.ValidationError, match="lang must be one of"):
            db.indicator("unemployment_rate", lang="xx")
