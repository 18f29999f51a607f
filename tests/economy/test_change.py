"""Shift-share of the embedded employment on comparable borders, 2016-2025."""

from __future__ import annotations

import numpy as np
import pytest

from aimaq.data.store import Store
from aimaq.economy.change import shift_share_between
from aimaq.errors import ValidationError


def _stored(store: Store, kato: str, year: str) -> dict[str, float]:
    rows = store.query(
        "select dims, value from observation where indicator_id = 'employment' and kato = ? "
        "and period = ? and dims like '%sector%'",
        [kato, year],
    )
    import json

    return {json.loads(d)["sector"]: float(v) for d, v in zip(rows.dims, rows.value, strict=True)}


def test_2016_2025_on_2016_borders(kz_store: Store) -> None:
    res = shift_share_between(kz_store, "2016", "2025")
    assert len(res.table.units) == 16
    assert res.merged["510000000"] == ["610000000", "790000000"]
    assert res.merged["190000000"] == ["330000000"]
    frame = res.frame().set_index("kato")
    # South Kazakhstan 2025 = Turkestan + Shymkent 2025, from the stored rows
    end = sum(_stored(kz_store, "610000000", "2025").values()) + sum(
        _stored(kz_store, "790000000", "2025").values()
    )
    assert frame.loc["510000000", "end"] == pytest.approx(end)
    # Akmola by hand: national part = start total x national growth
    akmola = _stored(kz_store, "110000000", "2016")
    g = float(res.result.national_growth)
    assert frame.loc["110000000", "national"] == pytest.approx(sum(akmola.values()) * g)
    parts = frame[["national", "industry_mix", "regional_share"]].sum(axis=1)
    assert np.allclose(parts, frame["change"])
    assert frame["regional_share"].sum() == pytest.approx(0.0, abs=1e-6)


def test_no_merge_within_the_same_borders(kz_store: Store) -> None:
    res = shift_share_between(kz_store, "2022", "2025")
    assert len(res.table.units) == 20 and res.merged == {}


def test_period_must_run_forward(kz_store: Store) -> None:
    with pytest.raises(ValidationError, match="must be before"):
        shift_share_between(kz_store, "2025", "2016")
