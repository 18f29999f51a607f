"""Names of the units below a territory, for matching the lower rows of a bulletin.

The bulletin names a settlement under its district; looking it up among that district's
own settlements is both stricter (a name elsewhere in the country never matches) and much
faster than a country-wide search, and it gives the closest names *in that district* when
nothing matches.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from functools import lru_cache
from typing import Any

from aimaq.territory.names import core
from aimaq.territory.names import normalise as _normalise

# many units share names across the indexes of a file; each name is keyed once
normalise = lru_cache(maxsize=65536)(_normalise)


class NearbyNames:
    """Lookup keys of the units below a territory, built on demand and kept.

    Parameters
    ----------
    resolver
        The territory resolver (``children`` and ``info``).

    Examples
    --------
    >>> from aimaq.territory import Resolver
    >>> near = NearbyNames(Resolver.default())
    >>> near.find("Ақсуат а.", "100000000", "settlement")
    ['103430100']
    """

    def __init__(self, resolver: Any) -> None:
        self.resolver = resolver
        self._index: dict[tuple[str, str], dict[str, set[str]]] = {}
        self._names: dict[str, str] = {}

    def _keys(self, parent: str, level: str) -> dict[str, set[str]]:
        cached = self._index.get((parent, level))
        if cached is not None:
            return cached
        keys: dict[str, set[str]] = defaultdict(set)
        for kato in self.resolver.children(parent, level=level):
            info = self.resolver.info(kato)
            self._names[kato] = str(info.get("name_kk") or info.get("name_ru") or kato)
            for name in (info.get("name_kk"), info.get("name_ru")):
                if name:
                    keys[normalise(str(name))].add(kato)
        self._index[(parent, level)] = dict(keys)
        return self._index[(parent, level)]

    def find(self, name: str, parent: str, level: str) -> list[str]:
        """Codes of the units at ``level`` below ``parent`` whose key equals the name's.

        When no key is equal, the keys are compared without their kind marker: a
        village that has become a settlement ("Жалағаш а." / "Жалағаш к.") keeps its name.
        """
        keys = self._keys(parent, level)
        key = normalise(name)
        found = keys.get(key)
        if found:
            return sorted(found)
        bare = core(key)
        return sorted({k for other, codes in keys.items() if core(other) == bare for k in codes})

    def label(self, kato: str) -> str:
        """``"name (kato)"`` for messages."""
        if kato not in self._names:
            info = self.resolver.info(kato)
            self._names[kato] = str(info.get("name_kk") or info.get("name_ru") or kato)
        return f"{self._names[kato]} ({kato})"

    def unit_type(self, kato: str) -> str | None:
        found = self.resolver.info(kato).get("unit_type")
        return None if found is None else str(found)

    def closest(self, name: str, parent: str, level: str, n: int = 5) -> tuple[str, ...]:
        """Up to ``n`` names below ``parent`` closest to ``name``, as ``"name (kato)"``."""
        keys = self._keys(parent, level)
        near = difflib.get_close_matches(normalise(name), list(keys), n=n, cutoff=0.5)
        out: list[str] = []
        for key in near:
            for kato in sorted(keys[key]):
                shown = self.label(kato)
                if shown not in out:
                    out.append(shown)
        return tuple(out[:n])
