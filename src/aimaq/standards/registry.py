"""The settlement registry: settlements, their population by year and norm status by year.

A :class:`Registry` holds three tidy frames (``settlements``, ``population``, ``status``).
It is built from frames (checked on the way in), read from the store, or written to it;
one registry is current in a store at a time and an import replaces it whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from aimaq.data.store import Store
from aimaq.errors import Advice, AimaqError, ImportError_
from aimaq.standards.catalogue import Catalogue
from aimaq.standards.validation import (
    POPULATION_COLUMNS,
    SETTLEMENT_COLUMNS,
    STATUS_COLUMNS,
    check_frames,
    location,
    normalise_settlements,
    normalise_status,
    plain_value,
)

SYNTHETIC_LABEL = "synthetic registry"
"""Shown on every table, chart and report built on the generated registry."""


@dataclass(frozen=True)
class Registry:
    """A settlement registry of the SRS.

    Attributes
    ----------
    settlements
        One row per settlement: the columns of :data:`SETTLEMENT_COLUMNS`.
    population
        ``kato, year, population``.
    status
        ``kato, year, norm_id, present, capacity, distance_km, minutes``: one row per
        assessed norm; a norm with no row counts as not met.
    year
        The year used when a function is given none (the latest by default).
    synthetic
        True for the generated demonstration registry; outputs then carry
        :data:`SYNTHETIC_LABEL`.

    Examples
    --------
    >>> s = pd.DataFrame({"kato": ["111111111"], "district_kato": ["111100000"],
    ...     "region_kato": ["110000000"], "urban": [False], "category": ["other_village"],
    ...     "is_support_village": [False]})
    >>> p = pd.DataFrame({"kato": ["111111111"], "year": [2024], "population": [250]})
    >>> st = pd.DataFrame({"kato": ["111111111"], "year": [2024], "norm_id": ["eng_water"],
    ...     "present": [True]})
    >>> Registry.from_frames(s, p, st).year
    2024
    """

    settlements: pd.DataFrame
    population: pd.DataFrame
    status: pd.DataFrame
    year: int
    synthetic: bool = False
    source: str = "frames"
    batch_id: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def years(self) -> tuple[int, ...]:
        """Years with population figures, ascending."""
        return tuple(sorted(int(y) for y in self.population["year"].unique()))

    @property
    def label(self) -> str:
        """``"synthetic registry"`` for the generated registry, else the source."""
        return SYNTHETIC_LABEL if self.synthetic else f"registry: {self.source}"

    def for_year(self, year: int | None) -> int:
        """``year`` checked against the registry's years (``None``: the default year)."""
        if year is None:
            return self.year
        if int(year) not in self.years:
            raise AimaqError(f"the registry has no year {year}; it has {list(self.years)}")
        return int(year)

    # -- construction ---------------------------------------------------------------
    @classmethod
    def from_frames(
        cls,
        settlements: pd.DataFrame,
        population: pd.DataFrame,
        status: pd.DataFrame,
        *,
        year: int | None = None,
        synthetic: bool = False,
        source: str = "frames",
        catalogue: Catalogue | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Registry:
        """A registry from three frames, checked (see :func:`check_frames`)."""
        s, p, st = check_frames(settlements, population, status, catalogue=catalogue, source=source)
        years = sorted(int(y) for y in p["year"].unique())
        if not years:
            raise ImportError_("the registry has no population figures", location(source))
        chosen = years[-1] if year is None else int(year)
        if chosen not in years:
            raise AimaqError(f"the registry has no year {chosen}; it has {years}")
        return cls(s, p, st, chosen, synthetic, source, None, dict(meta or {}))

    @classmethod
    def from_store(cls, store: Store, year: int | None = None) -> Registry:
        """The current registry of a store; ``AimaqError`` when there is none."""
        head = store.query("select * from srs_registry order by batch_id desc limit 1")
        if head.empty:
            raise AimaqError("no SRS registry in the database", advice=Advice.srs_registry)
        batch = store.query(
            "select * from import_batch where batch_id = ?", [int(head.batch_id[0])]
        )
        settlements = store.query(
            f"select {', '.join(SETTLEMENT_COLUMNS)} from srs_settlement order by kato"
        )
        population = store.query(
            "select kato, year, population from srs_population order by kato, year"
        )
        status = store.query(
            f"select {', '.join(STATUS_COLUMNS)} from srs_norm_status order by kato, year, norm_id"
        )
        years = sorted(int(y) for y in population["year"].unique())
        chosen = years[-1] if year is None else int(year)
        if chosen not in years:
            raise AimaqError(f"the registry has no year {chosen}; it has {years}")
        meta = {str(k): plain_value(v) for k, v in head.iloc[0].items()}
        return cls(
            normalise_settlements(settlements),
            population.astype({"year": "int64", "population": "float64"}),
            normalise_status(status),
            chosen,
            bool(head.synthetic[0]),
            str(batch.source[0]) if len(batch) else "store",
            int(head.batch_id[0]),
            meta,
        )

    def to_store(
        self,
        store: Store,
        *,
        sha256: str,
        importer: str,
        catalogue: Catalogue,
        seed: int | None = None,
        attribution: str | None = None,
        note: str | None = None,
    ) -> int:
        """Replace the store's registry with this one, in one transaction; the batch id."""
        with store.transaction() as con:
            row = con.execute(
                "insert into import_batch (source, sha256, rows, imported_at, importer, attribution) "
                "values (?, ?, ?, ?, ?, ?) returning batch_id",
                [self.source, sha256, len(self.status), datetime.now(), importer, attribution],
            ).fetchone()
            assert row is not None
            batch_id = int(row[0])
            meta = pd.DataFrame(
                {
                    "batch_id": [batch_id],
                    "synthetic": [self.synthetic],
                    "seed": pd.array([seed], dtype="Int64"),
                    "catalogue": [catalogue.version],
                    "note": [note],
                }
            )
            store.replace_rows("srs_registry", meta)
            store.replace_rows("srs_settlement", self.settlements.assign(batch_id=batch_id))
            store.replace_rows("srs_population", self.population.assign(batch_id=batch_id))
            store.replace_rows("srs_norm_status", self.status.assign(batch_id=batch_id))
        return batch_id


__all__ = [
    "POPULATION_COLUMNS",
    "SETTLEMENT_COLUMNS",
    "STATUS_COLUMNS",
    "SYNTHETIC_LABEL",
    "Registry",
    "check_frames",
]
