"""Every unit is found again by its own names, within its parent: the keys separate them."""

from __future__ import annotations

from collections import Counter

import pytest

from aimaq.territory import AmbiguousTerritory, Resolver, TerritoryFrames
from aimaq.territory.names import normalise


@pytest.mark.parametrize("column", ["name_kk", "name_ru"])
def test_district_level_units_by_name_in_their_region(
    frames: TerritoryFrames, resolver: Resolver, column: str
) -> None:
    units = frames.territory[
        (frames.territory["level"] == "district") & frames.territory["valid_to"].isna()
    ]
    assert len(units) == 228
    for row in units.itertuples():
        found = resolver.resolve(getattr(row, column), parent=row.parent_kato, level="district")
        assert found == row.kato


def test_okrugs_by_name_in_their_district(frames: TerritoryFrames, resolver: Resolver) -> None:
    okrugs = frames.territory[frames.territory["level"] == "okrug"]
    keys = Counter(zip(okrugs["parent_kato"], okrugs["name_ru"].map(normalise), strict=True))
    ambiguous = 0
    for row in okrugs.itertuples():
        if keys[(row.parent_kato, normalise(row.name_ru))] > 1:
            # two okrugs of one name under one parent: only the code tells them apart
            with pytest.raises(AmbiguousTerritory) as caught:
                resolver.resolve(row.name_ru, parent=row.parent_kato, level="okrug")
            assert row.kato in caught.value.candidates
            ambiguous += 1
        else:
            assert resolver.resolve(row.name_ru, parent=row.parent_kato, level="okrug") == row.kato
    assert ambiguous < 10


def _settlements(frames: TerritoryFrames) -> list[tuple[str, str, str, str]]:
    rows = frames.territory[frames.territory["level"] == "settlement"]
    return list(
        zip(rows["kato"], rows["parent_kato"], rows["name_kk"], rows["name_ru"], strict=True)
    )


def test_settlements_by_either_name_in_their_parent(
    frames: TerritoryFrames, resolver: Resolver
) -> None:
    rows = _settlements(frames)
    keys_kk = Counter((parent, normalise(kk)) for _, parent, kk, _ in rows)
    keys_ru = Counter((parent, normalise(ru)) for _, parent, _, ru in rows)
    # every tenth settlement, both names: the sample is fixed, so a failure reproduces
    for kato, parent, name_kk, name_ru in rows[::10]:
        for name, keys in ((name_kk, keys_kk), (name_ru, keys_ru)):
            if keys[(parent, normalise(name))] > 1:
                with pytest.raises(AmbiguousTerritory) as caught:
                    resolver.resolve(name, parent=parent, level="settlement")
                assert kato in caught.value.candidates
            else:
                assert resolver.resolve(name, parent=parent, level="settlement") == kato
