"""Reading the territorial hierarchy of a BNS bulletin from the order and suffixes of rows.

* a row naming the "Республикасы" is the Republic;
* sheet ``01``: every other row is a region;
* sheets ``02`` and ``03``: blocks separated by empty rows; the first row of a block is
  a region or a city of republican significance; ``қ.ә.`` rows are city administrations
  and ``ауданы`` rows districts (in a city block, the city's districts);
* sheet ``03``, under a district or city administration: ``қаласы``, ``қ.`` (town),
  ``к.`` (settlement), ``а.`` / ``с.`` (village) rows are settlements of that unit; ``а.ә.``
  rows and ``ауданы`` rows that are not districts of the region are city districts inside
  the city administration (Karaganda, Aktobe).
"""

from __future__ import annotations

from aimaq.data.importers.nearby import NearbyNames
from aimaq.data.importers.territories import TerritoryMatcher
from aimaq.errors import ImportError_, Location

UNIT_SUFFIXES = ("қ.ә.", "ауданы")
CITY_DISTRICT_SUFFIXES = ("а.ә.",)
SETTLEMENT_SUFFIXES = ("қаласы", "қ.", "к.", "а.", "с.")
# What a settlement suffix says about the KATO unit type: "қ." (town) and "к."
# (settlement) fold to one name key, so the type tells them apart.
SUFFIX_TYPES = {
    "қаласы": ("city",),
    "қ.": ("city",),
    "к.": ("urban_settlement",),
    "а.": ("village", "other_settlement"),
    "с.": ("village", "other_settlement"),
}


def suffix_of(label: str) -> str:
    """The kind suffix a bulletin name ends with, or ``""``.

    Examples
    --------
    >>> suffix_of("Семей қ.ә."), suffix_of("Абай ауданы"), suffix_of("Шаған к.")
    ('қ.ә.', 'ауданы', 'к.')
    """
    folded = label.casefold()
    for suffix in (*UNIT_SUFFIXES, *CITY_DISTRICT_SUFFIXES, *SETTLEMENT_SUFFIXES):
        if folded.endswith(" " + suffix) or (folded.endswith(suffix) and suffix.endswith(".")):
            return suffix
    return ""


class BulletinPlaces:
    """Where in the hierarchy each row of one sheet sits, and its KATO code.

    Parameters
    ----------
    sheet
        The sheet name (``01``, ``02``, ``03``).
    matcher
        Resolves regions and districts and collects unmatched names.
    near
        Names below a unit, for city districts and settlements.
    """

    def __init__(self, sheet: str, matcher: TerritoryMatcher, near: NearbyNames) -> None:
        self.sheet = sheet
        self.matcher = matcher
        self.near = near
        self.region: tuple[str, str | None] | None = None  # (name as printed, kato)
        self.unit: tuple[str, str | None] | None = None  # district or city administration
        self.sub: str | None = None  # the last city district administration (а.ә.)
        self.not_in_kato: list[str] = []  # refs of rows the crosswalk marks absent from KATO

    def end_block(self) -> None:
        """An empty row: the next row starts a new region."""
        self.region = None
        self.unit = None
        self.sub = None

    def place(self, label: str, ref: str) -> str | None:
        """The KATO code of a row (``None`` when its name is unmatched, recorded)."""
        resolver = self.matcher.resolver
        if "республикасы" in label.casefold():
            self.end_block()
            return "000000000"
        if self.sheet == "01" or self.region is None:
            kato = self.matcher.first(label, ref, [lambda: resolver.region(label)])
            self.region = (label, kato)
            self.unit = None
            self.sub = None
            return kato
        region_name, region_kato = self.region
        if region_kato is None:
            return None
        suffix = suffix_of(label)
        inside_city = self.unit is not None and self.unit[0].casefold().endswith("қ.ә.")
        city_row = suffix in CITY_DISTRICT_SUFFIXES or suffix == "ауданы"
        if self.sheet == "03" and inside_city and city_row and not self._is_district(label):
            # inside a city administration: one of the city's districts, unless the
            # name is a district of the region (the block of districts has begun)
            found = self._city_district(label, suffix)
            if found is not None:
                return found
            if suffix in CITY_DISTRICT_SUFFIXES:
                self._not_found(label, ref)
                return None
        if suffix in UNIT_SUFFIXES:
            kato = self.matcher.first(
                label, ref, [lambda: resolver.bns_unit(region_name, label)], parent=region_name
            )
            self.unit = (label, kato)
            self.sub = None
            return kato
        if self.sheet == "03" and suffix in SETTLEMENT_SUFFIXES:
            return self._settlement(label, ref, suffix)
        raise ImportError_(
            f"cannot tell what kind of unit {label!r} is (expected a suffix such as "
            "қ.ә., ауданы, қаласы, қ., к., а.)",
            Location(self.matcher.source, ref, "A", label),
        )

    def _is_district(self, label: str) -> bool:
        assert self.region is not None and self.region[1] is not None
        return bool(self.near.find(label, self.region[1], "district"))

    def _city_district(self, label: str, suffix: str) -> str | None:
        """A district of a city inside its city administration (or inside its а.ә.)."""
        assert self.unit is not None
        parents = [p for p in (self.sub, self.unit[1]) if p is not None]
        for parent in parents:
            for level in ("okrug", "settlement"):
                found = [k for k in self.near.find(label, parent, level) if k != parent]
                if len(found) == 1:
                    if suffix in CITY_DISTRICT_SUFFIXES:
                        self.sub = found[0]
                    return found[0]
        return None

    def _not_found(self, label: str, ref: str) -> None:
        assert self.unit is not None
        unit_name, unit_kato = self.unit
        close = self.near.closest(label, unit_kato, "okrug") if unit_kato else ()
        self.matcher.not_found(label, ref, parent=unit_name, candidates=close)

    def _listed(self, label: str) -> str | None:
        """The crosswalk's code of a settlement printed otherwise than in KATO (or None)."""
        assert self.region is not None
        lookup = getattr(self.matcher.resolver, "bns_settlement", None)
        if lookup is None or self.unit is None:
            return None
        found = lookup(self.region[0], self.unit[0], label)
        return None if found is None else str(found)

    def _settlement(self, label: str, ref: str, suffix: str) -> str | None:
        """A settlement under the current unit; else a unique one of its type in the region."""
        assert self.region is not None and self.region[1] is not None
        unit_name, unit_kato = self.unit or self.region
        if unit_kato is None:
            return None
        listed = self._listed(label)
        if listed is not None:
            if not listed:
                self.not_in_kato.append(ref)
                return None
            return listed
        types = SUFFIX_TYPES[suffix]
        here = self.near.find(label, unit_kato, "settlement")
        if len(here) > 1:  # two places of one name: the suffix's unit type may decide
            here = [k for k in here if self.near.unit_type(k) in types] or here
        if len(here) == 1:
            return here[0]
        if not here:
            # KATO 2025 files some settlements under districts created after the bulletin
            wide = [
                k
                for k in self.near.find(label, self.region[1], "settlement")
                if self.near.unit_type(k) in types
            ]
            if len(wide) == 1:
                return wide[0]
        candidates = tuple(self.near.label(k) for k in here) or self.near.closest(
            label, unit_kato, "settlement"
        )
        self.matcher.not_found(label, ref, parent=unit_name, candidates=candidates)
        return None
