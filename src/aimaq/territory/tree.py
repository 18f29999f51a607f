"""The tree of territorial units and its history: parents, children, validity, borders."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from aimaq.errors import ValidationError
from aimaq.territory.errors import UnknownTerritory
from aimaq.territory.frames import TERRITORY_COLUMNS, TerritoryFrames
from aimaq.territory.periods import period_bounds

__all__ = ["LEVELS", "TerritoryTree"]

LEVELS = ("country", "region", "district", "okrug", "settlement")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class _Unit:
    kato: str
    parent: str | None
    level: str
    unit_type: str | None
    name_kk: str
    name_ru: str
    name_en: str | None
    urban: bool | None
    valid_from: date | None
    valid_to: date | None

    def valid_during(self, first: date, last: date) -> bool:
        # valid_to is the first day the unit no longer exists
        if self.valid_from is not None and last < self.valid_from:
            return False
        return not (self.valid_to is not None and first >= self.valid_to)


_UNIT_COLUMNS = tuple(TERRITORY_COLUMNS)


def _column(series: pd.Series) -> list[Any]:
    # one conversion per column: iterating Arrow-backed strings value by value is slow
    return series.to_numpy(dtype=object).tolist()


def _text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _date(value: Any) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


class TerritoryTree:
    """The units of the territory tables, their hierarchy, validity and border changes.

    Parameters
    ----------
    frames : TerritoryFrames
        The territory tables (``territory_frames()`` or a store's copy).

    Examples
    --------
    >>> from aimaq.territory import territory_frames
    >>> TerritoryTree(territory_frames()).region_of("101010000")
    '100000000'
    """

    def __init__(self, frames: TerritoryFrames) -> None:
        self._units: dict[str, _Unit] = {}
        self._children: dict[str, list[str]] = defaultdict(list)
        territory = frames.territory
        columns = {c: _column(territory[c]) for c in territory.columns}
        for row in zip(*(columns[c] for c in _UNIT_COLUMNS), strict=True):
            kato, parent, level, unit_type, name_kk, name_ru, name_en, urban, start, end = row
            unit = _Unit(
                kato=str(kato),
                parent=_text(parent),
                level=str(level),
                unit_type=_text(unit_type),
                name_kk=str(name_kk),
                name_ru=str(name_ru),
                name_en=_text(name_en),
                urban=None if urban is None or pd.isna(urban) else bool(urban),
                valid_from=_date(start),
                valid_to=_date(end),
            )
            self._units[unit.kato] = unit
            if unit.parent is not None:
                self._children[unit.parent].append(unit.kato)
        self._changes = frames.change
        # former parents: (parent, from, to) per unit, e.g. the districts of South Kazakhstan
        self._former: dict[str, list[tuple[str, date | None, date | None]]] = defaultdict(list)
        self._former_children: dict[str, list[str]] = defaultdict(list)
        member = frames.membership
        for kato, parent, start, end in zip(
            *(_column(member[c]) for c in ("kato", "parent_kato", "valid_from", "valid_to")),
            strict=True,
        ):
            self._former[str(kato)].append((str(parent), _date(start), _date(end)))
            self._former_children[str(parent)].append(str(kato))
        self._tags: dict[str, list[str]] = defaultdict(list)
        self._tag_rows: dict[str, list[tuple[str, str | None, date | None, date | None]]] = (
            defaultdict(list)
        )
        tag = frames.tag
        wanted = ("kato", "tag", "value", "valid_from", "valid_to")
        cells = [_column(tag[c]) if c in tag.columns else [None] * len(tag) for c in wanted]
        for kato, name, value, start, end in zip(*cells, strict=True):
            self._tags[str(kato)].append(str(name))
            self._tag_rows[str(name)].append((str(kato), _text(value), _date(start), _date(end)))

    def _unit(self, kato: str) -> _Unit:
        unit = self._units.get(str(kato))
        if unit is None:
            raise UnknownTerritory(str(kato), reason="no such KATO code")
        return unit

    def _ancestors(self, kato: str) -> list[str]:
        chain = []
        parent = self._units[kato].parent
        while parent is not None:
            chain.append(parent)
            parent = self._units[parent].parent
        return chain

    def _lies_in(self, kato: str, parent: str, on: tuple[date, date] | None = None) -> bool:
        # under ``parent`` now, or under it for a time (a former parent, checked against
        # ``on``): "Сайрамский район" lay in South Kazakhstan until 2018. Without a date a
        # former parent counts only if it has ceased: Semey is not "in East Kazakhstan"
        if parent in self._ancestors(kato):
            return True
        if on is None and self._units[parent].valid_to is None:
            return False
        for unit in [kato, *self._ancestors(kato)]:
            for former, start, end in self._former.get(unit, ()):
                if former != parent and parent not in self._ancestors(former):
                    continue
                if on is None:
                    return True
                first, last = on
                if (start is None or last >= start) and (end is None or first < end):
                    return True
        return False

    def _span(self, kato: str) -> str:
        unit = self._units[kato]
        return f"{kato} valid {unit.valid_from or 'before the data'} to {unit.valid_to or 'now'}"

    def _describe(self, kato: str) -> str:
        unit = self._units[kato]
        parent = self._units[unit.parent].name_ru if unit.parent else ""
        return f"{unit.name_ru}, {unit.level}" + (f" in {parent}" if parent else "")

    def info(self, kato: str) -> dict[str, Any]:
        """Return what is known of a unit.

        Examples
        --------

        >>> from aimaq.territory import Resolver
        >>> Resolver.default().info("510000000")["valid_to"]
        '2018-06-19'
        """
        unit = self._unit(kato)
        return {
            "kato": unit.kato,
            "level": unit.level,
            "unit_type": unit.unit_type,
            "name_kk": unit.name_kk,
            "name_ru": unit.name_ru,
            "name_en": unit.name_en,
            "parent": unit.parent,
            "urban": unit.urban,
            "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
            "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
            "tags": list(self._tags.get(unit.kato, [])),
            "former_parents": [
                {
                    "parent": parent,
                    "valid_from": start.isoformat() if start else None,
                    "valid_to": end.isoformat() if end else None,
                }
                for parent, start, end in self._former.get(unit.kato, ())
            ],
        }

    def tagged(self, tag: str, on: str | date | None = None) -> dict[str, str | None]:
        """Return the units that carry a tag (on a date or period, if given), with its value.

        Examples
        --------

        >>> from aimaq.territory import Resolver
        >>> r = Resolver.default()
        >>> r.tagged("border_district")["195800000"]
        'China; Kyrgyzstan'
        >>> sorted(r.tagged("agglomeration", on="2015"))
        ['151000000', '351000000', '710000000', '750000000']
        """
        bounds = None if on is None else period_bounds(on)
        out: dict[str, str | None] = {}
        for kato, value, start, end in self._tag_rows.get(tag, ()):
            if bounds is not None:
                first, last = bounds
                if (start is not None and last < start) or (end is not None and first >= end):
                    continue
            out[kato] = value
        return dict(sorted(out.items()))

    def tags(self) -> list[str]:
        """Return the names of the tags the tree carries.

        Examples
        --------

        >>> from aimaq.territory import Resolver
        >>> "border_district" in Resolver.default().tags()
        True
        """
        return sorted(self._tag_rows)

    def children(
        self, kato: str, level: str | None = None, on: str | date | None = None
    ) -> list[str]:
        """Return the direct children of a unit, or all its descendants at ``level``.

        Parameters
        ----------
        kato : str
            A KATO code.
        level : str, optional
            All descendants of this level instead of the direct children.
        on : str or datetime.date, optional
            A date or period: only the units that existed and lay in ``kato`` then,
            former members included (the districts of South Kazakhstan in 2017).

        Examples
        --------

        >>> from aimaq.territory import Resolver
        >>> r = Resolver.default()
        >>> len(r.children("000000000", level="district", on="2025"))
        228
        >>> len(r.children("510000000", on="2017")), len(r.children("510000000", on="2019"))
        (15, 0)
        """
        self._unit(kato)
        if level is not None and level not in _RANK:
            raise ValidationError(f"level {level!r} is not one of {', '.join(LEVELS)}")
        bounds = None if on is None else period_bounds(on)

        def below(unit: str) -> list[str]:
            found = list(self._children.get(unit, []))
            if bounds is None:
                return found
            found += self._former_children.get(unit, [])
            return [k for k in found if self._member_during(k, unit, bounds)]

        if level is None:
            return sorted(set(below(kato)))
        out: set[str] = set()
        stack = below(kato)
        while stack:
            child = stack.pop()
            if self._units[child].level == level:
                out.add(child)
            elif _RANK[self._units[child].level] < _RANK[level]:
                stack.extend(below(child))
        return sorted(out)

    def _member_during(self, kato: str, parent: str, bounds: tuple[date, date]) -> bool:
        first, last = bounds
        if not self._units[kato].valid_during(first, last):
            return False
        spans = [(s, e) for p, s, e in self._former.get(kato, ()) if p == parent]
        if self._units[kato].parent == parent:
            if not self._former.get(kato):
                return True
            # a unit now under ``parent`` that lay elsewhere before: under it after that
            spans.append((max(e for _, _, e in self._former[kato] if e is not None), None))
        return any((s is None or last >= s) and (e is None or first < e) for s, e in spans)

    def region_of(self, kato: str) -> str:
        """Return the region a unit lies in (a region is its own).

        Examples
        --------

        >>> from aimaq.territory import Resolver
        >>> Resolver.default().region_of("101010000")
        '100000000'
        """
        unit = self._unit(kato)
        if unit.level == "region":
            return unit.kato
        if unit.level == "country":
            raise ValidationError(f"{kato} is the Republic, which lies in no region")
        return next(k for k in self._ancestors(unit.kato) if self._units[k].level == "region")

    def border_regime(self, kato: str, period: str | date) -> str:
        """Say on which borders a value of a unit for a period is.

        Parameters
        ----------
        kato : str
            A KATO code.
        period : str or datetime.date
            A period; it is on the borders in force at its last day.

        Returns
        -------
        str
            ``"current"``, or ``"pre-YYYY"`` when the unit lost territory (or was the
            predecessor of a renamed unit) after the period, YYYY the year of that change.

        Examples
        --------

        >>> from aimaq.territory import Resolver
        >>> r = Resolver.default()
        >>> r.border_regime("190000000", "2021"), r.border_regime("190000000", "2022")
        ('pre-2022', 'current')
        >>> r.border_regime("510000000", "2010"), r.border_regime("610000000", "2017")
        ('pre-2018', 'pre-2018')
        """
        unit = self._unit(kato)
        _, last = period_bounds(period)
        if unit.valid_to is not None:
            if last >= unit.valid_to:
                raise ValidationError(
                    f"{kato} ({unit.name_ru}) ceased on {unit.valid_to}; it has no value for {period}"
                )
            return f"pre-{unit.valid_to.year}"
        changes = self._changes
        later = changes["date"].dt.date > last
        lost = (changes["old_kato"] == kato) & changes["kind"].isin(["split", "transfer"])
        renamed = (changes["new_kato"] == kato) & (changes["kind"] == "rename")
        hits = changes.loc[later & (lost | renamed), "date"]
        if hits.empty:
            return "current"
        return f"pre-{hits.min().year}"
