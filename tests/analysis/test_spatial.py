"""Region contiguity, Moran's I and LISA: hand formula, enclaves, explicit NaN handling."""

from __future__ import annotations

import numpy as np
import pytest

from aimaq.analysis.spatial import lisa, moran, region_neighbours, region_polygons

CODES = sorted(region_neighbours())


def test_polygons_are_the_twenty_regions_and_valid() -> None:
    frame = region_polygons()
    assert len(frame) == 20 and frame.kato.is_unique
    assert frame.geometry.is_valid.all()
    assert set(frame.kato) == set(CODES)


def test_contiguity_is_symmetric_and_enclaves_touch_only_their_host() -> None:
    links = region_neighbours()
    for code, neighbours in links.items():
        assert neighbours, f"{code} has no neighbour"
        for other in neighbours:
            assert code in links[other]
    assert links["710000000"] == ["110000000"]  # Astana inside Akmola
    assert links["750000000"] == ["190000000"]  # Almaty inside Almaty Region
    assert links["790000000"] == ["610000000"]  # Shymkent inside Turkestan
    assert "630000000" in links["100000000"]  # East Kazakhstan and Abai


def _moran_by_hand(y: np.ndarray, codes: list[str]) -> float:
    links = region_neighbours()
    n = len(codes)
    w = np.zeros((n, n))
    for i, c in enumerate(codes):
        nb = [codes.index(o) for o in links[c] if o in codes]
        w[i, nb] = 1.0 / len(nb)
    z = y - y.mean()
    return float(n / w.sum() * (z @ w @ z) / (z @ z))


def test_moran_equals_the_formula() -> None:
    rng = np.random.default_rng(1)
    y = rng.lognormal(0, 0.5, 20)
    result = moran(y, CODES, permutations=99, seed=4)
    assert result.i == pytest.approx(_moran_by_hand(y, CODES), abs=1e-12)
    assert result.n == 20 and result.dropped == {}
    again = moran(y, CODES, permutations=99, seed=4)
    assert again.p_sim == result.p_sim


def test_nan_is_removed_before_esda_and_isolated_enclaves_follow() -> None:
    y = np.linspace(1.0, 20.0, 20)
    y[CODES.index("110000000")] = np.nan  # Akmola missing: Astana has no neighbour left
    result = moran(y, CODES, permutations=0)
    assert result.dropped == {
        "110000000": "missing value",
        "710000000": "no neighbour with a value (island)",
    }
    kept = [c for c in CODES if c not in result.dropped]
    assert result.i == pytest.approx(_moran_by_hand(y[[CODES.index(c) for c in kept]], kept))


def test_lisa_labels_clusters_after_fdr() -> None:
    # a strong west-high / east-low gradient gives High-High and Low-Low clusters
    west = {"230000000", "270000000", "470000000", "150000000", "430000000"}
    y = np.array([10.0 if c in west else 1.0 for c in CODES])
    y += np.linspace(0, 0.1, 20)
    out = lisa(y, CODES, permutations=999, seed=0, fdr=False)
    table = out.table.set_index("kato")
    assert set(table.cluster) <= {"High-High", "Low-Low", "High-Low", "Low-High", "not significant"}
    assert table.loc["230000000", "quadrant"] == "High-High"
    assert (table.q_value == table.p_sim).all()
    corrected = lisa(y, CODES, permutations=999, seed=0, fdr=True).table
    assert (corrected.q_value >= corrected.p_sim - 1e-15).all()
    assert (corrected.cluster != "not significant").sum() <= (
        table.cluster != "not significant"
    ).sum()


def test_unknown_and_duplicate_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="no polygon"):
        moran([1.0, 2.0, 3.0], ["110000000", "150000000", "510000000"])
    with pytest.raises(ValueError, match="more than once"):
        moran([1.0, 2.0, 3.0], ["110000000", "110000000", "150000000"])
