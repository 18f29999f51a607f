"""Facts read from the store for every territory of one level, computed once and shared.

What each figure is, stated once (docs/strategy.md repeats it):

- an indicator's value is the territory's latest annual total (no breakdown);
- ``national`` is the country's value in the same year, else the population-weighted
  mean of the level's units in that year (said in the fact's note);
- ``peer`` is the unweighted mean of the territory's peer group in the same year: the
  typology cluster of the regions on the pillars of the Regional Development Index, or,
  for a district, the other districts of its region;
- ``trend`` is the least-squares slope per year over the last ``years`` annual values;
- ``srs_gap`` is the share (%) of the applicable (settlement, norm) pairs not met, by
  sphere and urban/rural; ``srs_provision`` the provision level as published (the
  unweighted mean of settlement shares);
- ``tagged`` counts the units at or below the territory that carry a tag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from aimaq.data.build import DERIVED_SOURCE
from aimaq.data.store import Store
from aimaq.errors import AimaqError
from aimaq.strategy.evaluate import Fact

COUNTRY = "000000000"
_ANNUAL = re.compile(r"^\d{4}$")


@dataclass
class LevelFacts:
    """Figures for every territory of ``level``; :meth:`of` binds one territory."""

    store: Store
    level: str
    index_draws: int = 200
    _series: dict[str, pd.DataFrame] = field(default_factory=dict)
    _indices: dict[str, Any] = field(default_factory=dict)

    def of(self, kato: str) -> TerritoryFacts:
        return TerritoryFacts(self, kato)

    # -- territories ------------------------------------------------------------------
    @cached_property
    def units(self) -> pd.DataFrame:
        """The current units of the level: kato, parent_kato, names."""
        return self.store.query(
            "select kato, parent_kato, name_kk, name_ru, name_en from territory "
            "where level = ? and (valid_to is null or valid_to >= current_date) order by kato",
            [self.level],
        )

    @cached_property
    def parents(self) -> dict[str, str | None]:
        frame = self.store.query("select kato, parent_kato from territory")
        return dict(zip(frame.kato, frame.parent_kato, strict=True))

    def ancestors(self, kato: str) -> list[str]:
        out, seen = [], set()
        parent = self.parents.get(kato)
        while parent and parent not in seen:
            out.append(parent)
            seen.add(parent)
            parent = self.parents.get(parent)
        return out

    # -- indicator series -------------------------------------------------------------
    def series(self, indicator: str) -> pd.DataFrame:
        """kato, year, value, source of the annual totals of an indicator."""
        if indicator not in self._series:
            frame = self.store.query(
                "select o.kato, o.period, o.value, "
                "case when b.source = ? then null else coalesce(b.attribution, b.source) end "
                "as source "
                "from observation o left join import_batch b using (batch_id) "
                "where o.indicator_id = ? and o.dims = '{}' and o.value is not null",
                [DERIVED_SOURCE, indicator],
            )
            frame = frame[frame.period.astype(str).str.match(_ANNUAL)].copy()
            frame["year"] = frame.period.astype(int)
            self._series[indicator] = frame.drop(columns="period")
        return self._series[indicator]

    @cached_property
    def catalogue_source(self) -> dict[str, str]:
        frame = self.store.query("select id, source from indicator")
        return dict(zip(frame.id, frame.source.fillna(""), strict=True))

    def source_of(self, indicator: str, row_source: object) -> str:
        """The row's import batch; for a figure aimaq computed, the catalogue's formula
        (the derived batch's attribution is one text for every derived indicator)."""
        text = str(row_source) if isinstance(row_source, str) and row_source else ""
        return text or self.catalogue_source.get(indicator, "")

    def level_values(self, indicator: str, year: int) -> pd.Series:
        s = self.series(indicator)
        sub = s[(s.year == year) & s.kato.isin(self.units.kato)]
        return pd.Series(sub.value.to_numpy(float), index=sub.kato.to_numpy())

    # -- peer groups ------------------------------------------------------------------
    @cached_property
    def peer_groups(self) -> tuple[dict[str, str], str]:
        """Each unit's peer group and how the groups were made."""
        if self.level == "district":
            return (
                {k: str(p) for k, p in zip(self.units.kato, self.units.parent_kato, strict=True)},
                "the districts of the same region",
            )
        try:
            result, _ = self.index("rdi")
            from aimaq.indices import resolve_definition, typology

            defn = resolve_definition("rdi")
            pillars = [m for m in defn.group(defn.root).members if m in result.groups.columns]
            typ = typology(result.groups[pillars], methods=("kmeans", "ward"), seed=0)
        except AimaqError as exc:
            return {}, f"no peer groups: {exc}"
        labels = {str(k): f"cluster {int(v)}" for k, v in typ.labels.items()}
        return labels, (
            f"{typ.method} typology of the regions on the pillars of the Regional Development "
            f"Index (k={typ.k}, silhouette {typ.silhouette:.2f})"
        )

    # -- indices ----------------------------------------------------------------------
    def index(self, name: str) -> tuple[Any, Any]:
        """A built-in index for this level: its result and rank intervals (or None)."""
        if name not in self._indices:
            from aimaq.indices import (
                build_index,
                load_index_data,
                rank_uncertainty,
                resolve_definition,
            )

            defn = resolve_definition(name)
            if defn.level != self.level:
                raise AimaqError(f"index {name!r} is built for the {defn.level} level")
            year = int(defn.year) if defn.year is not None else 0
            data = load_index_data(self.store, defn, year=year, level=self.level)
            result = build_index(defn, data.frame, polarity=data.polarity, groups=data.parents)
            intervals = None
            if self.index_draws:
                intervals = rank_uncertainty(
                    defn,
                    data.frame,
                    draws=self.index_draws,
                    polarity=data.polarity,
                    groups=data.parents,
                    seed=12345,
                )
            self._indices[name] = (result, intervals, year)
        result, intervals, _ = self._indices[name]
        return result, intervals

    def index_year(self, name: str) -> int:
        self.index(name)
        return int(self._indices[name][2])

    # -- SRS --------------------------------------------------------------------------
    @cached_property
    def srs(self) -> tuple[pd.DataFrame | None, str]:
        """Per (settlement, norm) rows with sphere, urban flag and met; and the label."""
        try:
            from aimaq.standards.catalogue import load_catalogue
            from aimaq.standards.provision import norm_table
            from aimaq.standards.registry import Registry

            reg = Registry.from_store(self.store)
            catalogue = load_catalogue()
        except AimaqError as exc:
            return None, str(exc)
        long = norm_table(reg, catalogue)
        sphere = {n.id: a.id for a in catalogue.areas for n in a.norms}
        s = reg.settlements.set_index("kato")
        long = long.join(s[["region_kato", "district_kato", "urban"]], on="kato")
        long["sphere"] = long["norm_id"].map(sphere)
        long.attrs["year"] = reg.year
        return long, f"{reg.label}, {reg.year}"

    # -- economy ----------------------------------------------------------------------
    @cached_property
    def economy(self) -> tuple[dict[str, dict[str, Any]], str]:
        """Each unit's economic profile (employment by sector, latest year) and its note."""
        try:
            from aimaq.economy.growth import profiles
            from aimaq.economy.panel import sector_table
            from aimaq.economy.structure import structure

            table = sector_table(self.store, "employment", level=self.level)
            year = table.years[-1]
            frame = profiles(structure(table, year))
        except (AimaqError, ValueError) as exc:
            return {}, f"economic structure: {exc}"
        rows = {
            str(r["kato"]): {
                "year": int(year),
                "specialisation": str(r["specialisation"]),
                "leading_sector": str(r["leading_sector"]),
                "leading_lq": float(r["leading_lq"]),
                "krugman": float(r["krugman"]),
                "extraction": str(r["extraction"]),
            }
            for _, r in frame.iterrows()
        }
        return rows, f"employment by broad sector, {year} (aimaq economy structure)"

    # -- tags -------------------------------------------------------------------------
    @cached_property
    def tags(self) -> tuple[dict[str, set[str]], str]:
        """Tag name -> units carrying it today, and where the tags come from."""
        out: dict[str, set[str]] = {}
        if "territory_tag" in self.store.table_names():
            frame = self.store.query(
                "select kato, tag from territory_tag "
                "where valid_to is null or valid_to > current_date"
            )
            where = "territory tags in the database"
        else:
            from aimaq.territory.frames import territory_frames

            frame = territory_frames().tag
            where = "territory tags shipped with aimaq"
        for kato, tag in zip(frame["kato"].astype(str), frame["tag"].astype(str), strict=True):
            out.setdefault(tag, set()).add(kato)
            base = re.sub(r"_\d+$", "", tag)  # agglomeration_1 is an agglomeration
            out.setdefault(base, set()).add(kato)
        return out, where

    # -- KPIs -------------------------------------------------------------------------
    @cached_property
    def kpis(self) -> dict[tuple[str, str], Any]:
        from aimaq.monitoring.kpi import evaluate
        from aimaq.monitoring.targets import load_targets

        targets = load_targets()
        out: dict[tuple[str, str], Any] = {}
        level = "region" if self.level == "region" else "national"
        for r in evaluate(self.store, targets, level=level):
            out[(r.target_id, r.kato)] = r
        return out


@dataclass
class TerritoryFacts:
    """The :class:`~aimaq.strategy.evaluate.Facts` of one territory."""

    level: LevelFacts
    kato: str

    def _latest(self, indicator: str) -> tuple[float | None, int | None, str]:
        s = self.level.series(indicator)
        mine = s[s.kato == self.kato]
        if mine.empty:
            return None, None, ""
        row = mine.sort_values("year").iloc[-1]
        return float(row.value), int(row.year), self.level.source_of(indicator, row.source)

    def indicator(self, indicator: str) -> Fact:
        value, year, source = self._latest(indicator)
        note = "" if value is not None else f"no annual value of {indicator} for {self.kato}"
        return Fact(indicator, self.kato, value, year, source, note)

    def national(self, indicator: str, year: int | None) -> Fact:
        what = f"national {indicator}"
        s = self.level.series(indicator)
        if year is None:
            _, year, _ = self._latest(indicator)
        if year is None:
            return Fact(what, COUNTRY, None, None, "", f"no value of {indicator} to compare")
        row = s[(s.kato == COUNTRY) & (s.year == year)]
        if not row.empty:
            r = row.iloc[0]
            return Fact(
                what, COUNTRY, float(r.value), year, self.level.source_of(indicator, r.source)
            )
        values = self.level.level_values(indicator, year)
        if values.empty:
            return Fact(
                what, COUNTRY, None, year, "", f"no national value of {indicator} in {year}"
            )
        pop = self.level.level_values("population_avg", year).reindex(values.index)
        if pop.notna().all() and len(values) == len(self.level.units):
            mean = float(np.average(values.to_numpy(), weights=pop.to_numpy()))
            note = f"population-weighted mean of the {len(values)} {self.level.level} units"
        else:
            mean = float(values.mean())
            note = (
                f"unweighted mean of {len(values)} of {len(self.level.units)} "
                f"{self.level.level} units (no national value, no complete population weights)"
            )
        return Fact(what, COUNTRY, mean, year, self.level.source_of(indicator, None), note)

    def peer(self, indicator: str, year: int | None) -> Fact:
        what = f"peer mean {indicator}"
        groups, how = self.level.peer_groups
        group = groups.get(self.kato)
        if group is None:
            return Fact(what, self.kato, None, year, "", f"no peer group ({how})")
        if year is None:
            _, year, _ = self._latest(indicator)
        if year is None:
            return Fact(what, self.kato, None, None, "", f"no value of {indicator} to compare")
        members = [k for k, g in groups.items() if g == group and k != self.kato]
        values = self.level.level_values(indicator, year).reindex(members).dropna()
        if values.empty:
            return Fact(what, self.kato, None, year, "", f"no peer has {indicator} in {year}")
        note = f"mean of {len(values)} peers ({how}): {', '.join(values.index)}"
        return Fact(
            what, self.kato, float(values.mean()), year, self.level.source_of(indicator, None), note
        )

    def trend(self, indicator: str, years: int) -> Fact:
        what = f"trend {indicator}"
        s = self.level.series(indicator)
        mine = s[s.kato == self.kato].sort_values("year").tail(years)
        if len(mine) < 3:
            return Fact(
                what, self.kato, None, None, "", f"fewer than 3 annual values of {indicator}"
            )
        slope = float(np.polyfit(mine.year.to_numpy(float), mine.value.to_numpy(float), 1)[0])
        first, last = int(mine.year.iloc[0]), int(mine.year.iloc[-1])
        note = f"least-squares slope per year, {first}-{last} ({len(mine)} values)"
        return Fact(what, self.kato, slope, last, self.level.source_of(indicator, None), note)

    def _srs_rows(self, area: str | None) -> tuple[pd.DataFrame | None, str]:
        long, label = self.level.srs
        if long is None:
            return None, label
        col = "region_kato" if self.level.level == "region" else "district_kato"
        rows = long[long[col] == self.kato]
        if area in {"rural", "urban"}:
            rows = rows[rows["urban"].astype(bool) == (area == "urban")]
        elif area not in {None, "all"}:
            return None, f"area must be rural, urban or all; got {area!r}"
        return rows, label

    def srs_gap(self, sphere: str | None, area: str | None) -> Fact:
        what = f"srs_gap(sphere={sphere or 'all'}, area={area or 'all'})"
        rows, label = self._srs_rows(area)
        if rows is None:
            return Fact(what, self.kato, None, None, "", label)
        if sphere:
            rows = rows[rows["sphere"] == sphere]
        if rows.empty:
            return Fact(what, self.kato, None, None, label, "no applicable norm")
        gap = 100.0 * float((~rows["met"].astype(bool)).mean())
        year = int(self.level.srs[0].attrs["year"])  # type: ignore[union-attr]
        return Fact(
            what, self.kato, round(gap, 1), year, label, f"{len(rows)} settlement-norm pairs"
        )

    def srs_provision(self, area: str | None) -> Fact:
        what = f"srs_provision(area={area or 'all'})"
        rows, label = self._srs_rows(area)
        if rows is None:
            return Fact(what, self.kato, None, None, "", label)
        if rows.empty:
            return Fact(what, self.kato, None, None, label, "no settlement of the registry here")
        shares = rows.groupby("kato")["met"].mean()
        year = int(self.level.srs[0].attrs["year"])  # type: ignore[union-attr]
        note = f"mean of {len(shares)} settlements' shares of norms met"
        return Fact(what, self.kato, round(100.0 * float(shares.mean()), 1), year, label, note)

    def tag(self, tag: str) -> Fact:
        tags, where = self.level.tags
        return Fact(f"tag {tag}", self.kato, self.kato in tags.get(tag, set()), None, where)

    def tagged_units(self, tag: str) -> list[str]:
        """The units at or below the territory that carry ``tag``."""
        tags, _ = self.level.tags
        return sorted(
            k
            for k in tags.get(tag, set())
            if k == self.kato or self.kato in self.level.ancestors(k)
        )

    def tagged(self, tag: str) -> Fact:
        _, where = self.level.tags
        units = self.tagged_units(tag)
        note = ", ".join(sorted(units)) if units else ""
        return Fact(f"units tagged {tag}", self.kato, float(len(units)), None, where, note)

    def kpi(self, target: str) -> Fact:
        r = self.level.kpis.get((target, self.kato)) or self.level.kpis.get((target, COUNTRY))
        if r is None:
            return Fact(
                f"kpi {target}", self.kato, None, None, "", f"no status of target {target!r} here"
            )
        return Fact(f"kpi {target}", r.kato, r.status, r.latest_year, "aimaq kpi", r.reason)

    def _index_fact(self, index: str, pillar: str | None, rank: bool) -> Fact:
        what = f"{'rank' if rank else 'score'} in {index}" + (f" ({pillar})" if pillar else "")
        try:
            result, intervals = self.level.index(index)
        except AimaqError as exc:
            return Fact(what, self.kato, None, None, "", str(exc))
        year = self.level.index_year(index)
        if self.kato not in result.scores.index:
            return Fact(
                what, self.kato, None, year, "", f"{self.kato} is not among the index's units"
            )
        if pillar:
            if pillar not in result.groups.columns:
                return Fact(
                    what, self.kato, None, year, "", f"index {index!r} has no pillar {pillar!r}"
                )
            scores = result.groups[pillar]
            if rank:
                value = float(scores.rank(ascending=False, method="min")[self.kato])
            else:
                value = float(scores[self.kato])
            return Fact(what, self.kato, value, year, f"aimaq index {index}")
        if not rank:
            return Fact(
                what, self.kato, float(result.scores[self.kato]), year, f"aimaq index {index}"
            )
        note = ""
        if intervals is not None:
            lo, hi = int(intervals.rank_low[self.kato]), int(intervals.rank_high[self.kato])
            note = f"rank interval {lo}-{hi} (5-95%, {intervals.draws} draws)"
        return Fact(
            what, self.kato, float(result.ranks[self.kato]), year, f"aimaq index {index}", note
        )

    def index_rank(self, index: str, pillar: str | None) -> Fact:
        return self._index_fact(index, pillar, True)

    def index_score(self, index: str, pillar: str | None) -> Fact:
        return self._index_fact(index, pillar, False)


def names_of(units: pd.DataFrame, lang: str) -> Mapping[str, str]:
    """KATO -> name in ``lang`` (falling back to Russian, then English)."""
    out: dict[str, str] = {}
    for row in units.itertuples(index=False):
        out[str(row.kato)] = str(
            getattr(row, f"name_{lang}", None) or row.name_ru or row.name_en or row.kato
        )
    return out
