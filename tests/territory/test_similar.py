"""Closest names for failed lookups: as difflib ranks them, without scanning every key."""

from __future__ import annotations

import difflib
import random
import time

import pytest

from aimaq.territory import Resolver, UnknownTerritory
from aimaq.territory.similar import CloseNames


def _misspelt(keys: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for key in rng.sample(keys, count):
        letters = list(key)
        letters[rng.randrange(len(letters))] = rng.choice("абвгдежзик")
        out.append("".join(letters))
    return out


def test_best_match_is_difflibs_best(resolver: Resolver) -> None:
    keys = list(resolver._by_key)
    names = CloseNames(keys)
    for query in _misspelt(keys, 8, seed=7):
        reference = difflib.get_close_matches(query, keys, n=5, cutoff=0.6)
        got = names.closest(query)
        assert got[:1] == reference[:1], query
        # every name shown is close by difflib's own measure, best first
        ratios = [difflib.SequenceMatcher(None, k, query).ratio() for k in got]
        assert all(r >= 0.6 for r in ratios) and ratios == sorted(ratios, reverse=True)


def test_keep_restricts_and_nothing_close_is_empty() -> None:
    names = CloseNames(["абай #district", "абай", "абайский #district", "актобе"])
    assert names.closest("абаи #district", keep=lambda k: k.endswith("#district")) == [
        "абай #district",
        "абайский #district",
    ]
    assert names.closest("zzzz") == []


def test_closest_names_come_from_where_the_unit_was_sought(resolver: Resolver) -> None:
    with pytest.raises(UnknownTerritory) as caught:
        resolver.resolve("Круглоозерный к.", parent="270000000")
    assert caught.value.candidates[0] == "Круглоозерное к. (271039100)"
    assert all("(27" in c for c in caught.value.candidates)
    with pytest.raises(UnknownTerritory) as caught:
        resolver.resolve("Абаи ауданы", parent="350000000", level="district")
    assert caught.value.candidates[0].startswith("Абай ауданы (")


def test_failed_lookups_cost_less_than_one_full_scan(resolver: Resolver) -> None:
    keys = list(resolver._by_key)
    queries = _misspelt(keys, 11, seed=3)
    with pytest.raises(UnknownTerritory):  # builds the trigram index once
        resolver.resolve(queries[0] + "щщ")
    start = time.perf_counter()
    for query in queries[1:]:
        with pytest.raises(UnknownTerritory):
            resolver.resolve(query + "щщ")
    ten_lookups = time.perf_counter() - start
    start = time.perf_counter()
    difflib.get_close_matches(queries[0], keys, n=5, cutoff=0.6)
    one_scan = time.perf_counter() - start
    assert ten_lookups < one_scan


def _levels(resolver: Resolver, candidates: list[str]) -> set[str]:
    codes = [c.rsplit("(", 1)[1].split()[0].rstrip(")") for c in candidates]
    return {resolver.info(code)["level"] for code in codes}


def test_a_region_name_gets_regions_alike_or_no_suggestion(resolver: Resolver) -> None:
    with pytest.raises(UnknownTerritory) as caught:
        resolver.resolve("Нарния область")
    # a region word asks for a region: no village spelt half alike ("станция")
    assert caught.value.candidates == [] and str(caught.value).endswith("no close name")
    with pytest.raises(UnknownTerritory) as caught:
        resolver.resolve("Акмолинскя область")
    assert caught.value.candidates[0] == "Акмолинская область (110000000)"
    assert _levels(resolver, caught.value.candidates) == {"region"}


def test_a_misspelt_district_gets_districts(resolver: Resolver) -> None:
    with pytest.raises(UnknownTerritory) as caught:
        resolver.resolve("Ордабасынскии район")
    assert caught.value.candidates[0] == "Ордабасынский район (614600000)"
    assert _levels(resolver, caught.value.candidates) == {"district"}
    with pytest.raises(UnknownTerritory) as caught:
        resolver.resolve("Бурабаи р-н")
    assert caught.value.candidates and _levels(resolver, caught.value.candidates) == {"district"}


def test_suggestions_stay_above_the_floor_on_the_core(resolver: Resolver) -> None:
    from aimaq.territory.names import core, normalise
    from aimaq.territory.resolver import CORE_FLOOR

    for name in ("Актобинск", "Круглоозерный к.", "Абаи ауданы", "Zhanaarkaa district"):
        with pytest.raises(UnknownTerritory) as caught:
            resolver.resolve(name)
        assert caught.value.candidates, name
        asked = core(normalise(name))
        for label in caught.value.candidates:
            known = core(normalise(label.rsplit(" (", 1)[0]))
            ratio = difflib.SequenceMatcher(None, asked, known).ratio()
            assert ratio >= CORE_FLOOR, (name, label, ratio)
