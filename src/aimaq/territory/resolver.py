"""Resolve names and codes, as BNS and Taldau print them, to KATO codes; walk the tree."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache, partial

from aimaq.errors import ValidationError
from aimaq.territory.crosswalks import Crosswalks, load_crosswalks
from aimaq.territory.errors import AmbiguousTerritory, UnknownTerritory
from aimaq.territory.frames import TerritoryFrames, territory_frames
from aimaq.territory.names import core, kind, names_region, normalise
from aimaq.territory.periods import period_bounds
from aimaq.territory.similar import CloseNames
from aimaq.territory.tree import _RANK, LEVELS, TerritoryTree, _column

__all__ = ["Resolver"]

# which kind markers a unit of each KATO type answers to ("г. X" may mean a city
# administration or the city itself; "X ауданы" only a district)
_KINDS: dict[str, frozenset[str]] = {
    "republican_city": frozenset({"#city"}),
    "city_regional_significance": frozenset({"#ga", "#city"}),
    "city": frozenset({"#city", "#ga"}),
    # a village and an urban settlement often swap status between publications
    "urban_settlement": frozenset({"#city", "#village"}),
    "village": frozenset({"#village", "#city"}),
    "other_settlement": frozenset({"#village"}),
    "town_administration": frozenset({"#ga", "#city", "#okrug"}),
    "district": frozenset({"#district"}),
    "city_district": frozenset({"#district", "#okrug"}),
    "rural_okrug": frozenset({"#okrug"}),
    "rural_administration": frozenset({"#okrug"}),
    "settlement_administration": frozenset({"#okrug", "#ga"}),
}

#: How alike (difflib ratio) the core of a known name must be to an unknown one's to be
#: suggested: a typo ("Акмолинскя") is about 0.95, an unrelated name below 0.6.
CORE_FLOOR = 0.7

_KATO9 = re.compile(r"^\d{9}$")
_KATO2 = re.compile(r"^(?:KZ-)?(\d{2})$", re.IGNORECASE)


class Resolver(TerritoryTree):
    """Names and codes to KATO codes, and the tree around a code.

    Parameters
    ----------
    frames : TerritoryFrames
        The territory tables (``territory_frames()`` or a store's copy).

    Examples
    --------
    >>> r = Resolver.default()
    >>> r.region("АКТЮБИНСКАЯ ОБЛАСТЬ")
    '150000000'
    >>> r.resolve("Абай ауданы", parent="350000000")
    '353200000'
    """

    def __init__(self, frames: TerritoryFrames) -> None:
        super().__init__(frames)
        self._by_key: dict[str, set[str]] = defaultdict(set)
        self._by_core: dict[str, set[str]] = defaultdict(set)
        self._label: dict[str, str] = {}
        alias = frames.alias
        for key, kato, name in zip(
            *(_column(alias[c]) for c in ("normalised", "kato", "alias")), strict=True
        ):
            self._by_key[key].add(kato)
            self._by_core[core(key)].add(kato)
            self._label.setdefault(key, name)
        self._crosswalks: Crosswalks = load_crosswalks()
        self._similar = CloseNames(self._by_key)

    @classmethod
    def default(cls) -> Resolver:
        """Return the resolver over the package data (built once per process).

        Examples
        --------
        >>> Resolver.default() is Resolver.default()
        True
        """
        return _default()

    def _code(self, text: str, on: str | date | None = None) -> str | None:
        if _KATO9.match(text):
            former = self._crosswalks.former.get(text)
            if former is None:
                return text
            # a code of before 2022 that is another unit's since, or no unit's
            kato, until = former
            if on is not None and period_bounds(on)[1] < until:
                return kato
            return text if text in self._units else kato
        match = _KATO2.match(text)
        if match:
            return match.group(1) + "0000000"
        return None

    def _candidates(self, name: str) -> list[set[str]]:
        # two tiers: units bearing exactly this key, then units bearing its core with a
        # kind the marker fits ("Семей қ." may mean the city administration of Semey)
        key = normalise(name)
        exact = set(self._by_key.get(key, ()))
        marker = kind(key)
        pool = self._by_core.get(core(key), set()) - exact
        if marker is not None:
            pool = {k for k in pool if marker in _KINDS.get(self._units[k].unit_type or "", ())}
        return [exact, pool]

    def _closest(
        self, name: str, parent: str | None = None, levels: tuple[str, ...] | None = None
    ) -> list[str]:
        """Up to five known names like ``name``, of the kind it names, or none.

        A name whose words say what it is (область -> a region, ауданы -> a district,
        а.о. -> an okrug, ...) is shown only units of that kind, and only names whose
        core (the name without the kind words) is at least :data:`CORE_FLOOR` alike:
        "Нарния область" gets no suggestion rather than a village spelt half alike.
        A (nearly) exact name of another kind still comes first (a former name).
        """
        key = normalise(name)
        wanted = self._kind_fits(name, key)

        def fits(match: str, where: str | None = parent) -> bool:
            return any(
                (levels is None or self._units[k].level in levels)
                and (where is None or self._lies_in(k, where))
                and wanted(k)
                for k in self._by_key[match]
            )

        def alike(matches: list[str], floor: float) -> list[str]:
            return [m for m in matches if _core_ratio(key, m) >= floor]

        # the closest names where the unit was sought; elsewhere when none is close there
        matches = alike(self._similar.closest(key, n=5, cutoff=0.6, keep=fits), CORE_FLOOR)
        if parent is not None or levels is not None:
            # a (nearly) exact name elsewhere in the tree comes first: "Semipalatinsk
            # Oblast" asked as a region is Semey, not the region spelt most alike
            near = alike(self._similar.closest(key, n=3, cutoff=0.9), 0.9)
            matches = [m for m in near if m not in matches] + matches
        if not matches and parent is not None:
            elsewhere = partial(fits, where=None)
            matches = alike(self._similar.closest(key, n=5, cutoff=0.6, keep=elsewhere), CORE_FLOOR)
        labels = []
        for match in matches:
            codes = sorted(self._by_key[match])
            shown = codes[0] if len(codes) == 1 else f"{codes[0]} +{len(codes) - 1} more"
            labels.append(f"{self._label[match]} ({shown})")
        return labels

    def _kind_fits(self, name: str, key: str) -> Callable[[str], bool]:
        """Which units a name's kind words allow (any unit for a bare name)."""
        if names_region(name):
            return lambda k: self._units[k].level == "region"
        marker = kind(key)
        if marker is None:
            return lambda k: True
        return lambda k: marker in _KINDS.get(self._units[k].unit_type or "", ())

    def resolve(
        self,
        name: str,
        *,
        parent: str | None = None,
        level: str | tuple[str, ...] | None = None,
        on: str | date | None = None,
    ) -> str:
        """Return the KATO code of a territory named in any form BNS or Taldau print.

        Parameters
        ----------
        name : str
            A name in Kazakh, Russian or English, in any case and with or without the kind
            words (облысы, область, ауданы, район, г., қ.ә., Г.А.), or a code: 9-digit KATO,
            2-digit KATO region code, ISO 3166-2 (``KZ-15``).
        parent : str, optional
            A KATO code the unit must lie under (at any depth).
        level : str or tuple of str, optional
            ``country``, ``region``, ``district``, ``okrug`` or ``settlement``.
        on : str or datetime.date, optional
            A date or period (``"2017"``, ``"2022Q1"``): the unit must exist then.

        Returns
        -------
        str
            The 9-digit KATO code.

        Raises
        ------
        UnknownTerritory
            No unit fits; the message lists up to five closest known names.
        AmbiguousTerritory
            Several units of the highest level among the fits remain.

        Notes
        -----
        Without ``level``, a name that fits units at several levels means the highest one
        ("Абай" is the region, not one of the villages of that name); ``on`` then checks that
        unit's validity and never falls back on a lower unit of the same name.

        Examples
        --------
        >>> r = Resolver.default()
        >>> r.resolve("KZ-15"), r.resolve("Семей Г.А."), r.resolve("Южно-Казахстанская")
        ('150000000', '101000000', '510000000')
        >>> r.resolve("632800000"), r.resolve("191000000", on="2020"), r.resolve("191000000")
        ('101000000', '331000000', '191000000')
        """
        text = str(name).strip()
        levels = (level,) if isinstance(level, str) else level
        if levels is not None:
            unknown = [lv for lv in levels if lv not in _RANK]
            if unknown:
                raise ValidationError(f"level {unknown[0]!r} is not one of {', '.join(LEVELS)}")
        if parent is not None:
            self._unit(parent)
        code = self._code(text, on)
        if code is not None:
            if code not in self._units:
                raise UnknownTerritory(text, reason="no such KATO code")
            tiers = [{code}]
        else:
            tiers = self._candidates(text)
        found: set[str] = set()
        for tier in tiers:
            found = tier
            if levels is not None:
                found = {k for k in found if self._units[k].level in levels}
            if parent is not None:
                bounds = None if on is None else period_bounds(on)
                found = {k for k in found if self._lies_in(k, parent, bounds)}
            if found:
                break
        if not found:
            where = f" under {parent}" if parent else ""
            at = f" at level {'/'.join(levels)}" if levels else ""
            raise UnknownTerritory(
                text,
                self._closest(text, parent, levels),
                reason=f"no unit{at}{where}",
                searched=True,
            )
        # the name means its highest-level bearer; a date then checks it, never re-reads it
        top = min(_RANK[self._units[k].level] for k in found)
        found = {k for k in found if _RANK[self._units[k].level] == top}
        if on is not None:
            first, last = period_bounds(on)
            valid = {k for k in found if self._units[k].valid_during(first, last)}
            if not valid:
                spans = ", ".join(self._span(k) for k in sorted(found))
                raise UnknownTerritory(text, reason=f"did not exist in {on}: {spans}")
            found = valid
        if len(found) > 1:
            ordered = sorted(found)
            labels = [f"{k} ({self._describe(k)})" for k in ordered]
            raise AmbiguousTerritory(text, ordered, labels)
        return found.pop()

    def region(self, name: str, *, on: str | date | None = None) -> str:
        """Return the code of a region (or of the Republic) named in any form.

        Parameters
        ----------
        name : str
            A region name, code or ISO 3166-2 code, in any form BNS or Taldau print.
        on : str or datetime.date, optional
            A date or period at which the region must exist.

        Examples
        --------
        >>> r = Resolver.default()
        >>> [r.region(n) for n in ("Ақтөбе облысы", "Aktobe Region", "15", "г.Астана")]
        ['150000000', '150000000', '150000000', '710000000']
        """
        return self.resolve(name, level=("region", "country"), on=on)

    def taldau_term(self, term_id: int | str, name: str | None = None) -> str:
        """Return the code of a Taldau region or district term.

        Parameters
        ----------
        term_id : int or str
            The Taldau term id (as in ``GetIndexData`` responses).
        name : str, optional
            The term name; checked against the code, or used when the id is unknown.

        Examples
        --------
        >>> Resolver.default().taldau_term(261475)
        '510000000'
        """
        term = str(term_id).strip()
        code = self._crosswalks.taldau.get(term)
        if code is None:
            if name is None:
                raise UnknownTerritory(f"Taldau term {term}", reason="not in the crosswalk")
            return self.resolve(name, level=("country", "region", "district"))
        if name is not None and code not in set().union(
            *self._candidates(name), {self._code(name)}
        ):
            raise ValidationError(
                f"Taldau term {term} is {code} ({self._units[code].name_ru}), "
                f"but its name is given as {name!r}"
            )
        return code

    def bns_unit(self, region_kk: str, unit_kk: str) -> str:
        """Return the code of a unit of the BNS population bulletin.

        Examples
        --------
        >>> Resolver.default().bns_unit("Жетісу", "Сарқант ауданы")
        '334800000'
        """
        code = self._crosswalks.bns.get((normalise(region_kk), normalise(unit_kk)))
        if code is not None:
            return code
        region = self.region(region_kk)
        if normalise(unit_kk) == normalise(region_kk):
            return region
        return self.resolve(unit_kk, parent=region, level="district")

    def bns_settlement(self, region_kk: str, unit_kk: str, settlement_kk: str) -> str | None:
        """Return the code of a bulletin settlement whose printed name differs from KATO.

        Parameters
        ----------
        region_kk, unit_kk, settlement_kk : str
            The region, district or city administration, and settlement as the bulletin
            prints them.

        Returns
        -------
        str or None
            The KATO code; ``""`` when the settlement is known to be missing from
            KATO 2025; ``None`` when the crosswalk does not list it (look it up by name).

        Examples
        --------
        >>> Resolver.default().bns_settlement("Жетісу", "Сарқант ауданы", "Сарқант қ.")
        '334820100'
        """
        key = (normalise(region_kk), normalise(unit_kk), normalise(settlement_kk))
        return self._crosswalks.bns_settlements.get(key)

    # ------------------------------------------------------------------ the tree


def _core_ratio(key: str, other: str) -> float:
    a, b = core(key), core(other)
    return max(SequenceMatcher(None, a, b).ratio(), SequenceMatcher(None, b, a).ratio())


@lru_cache(maxsize=1)
def _default() -> Resolver:
    return Resolver(territory_frames())
