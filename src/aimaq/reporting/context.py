"""What every report section reads: the store, the language, the year, and cached look-ups."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from aimaq.data.store import Store
from aimaq.reporting.i18n import Messages

COUNTRY = "000000000"

#: Indicators the summary, profile cards and maps show, in this order, when the store has them.
KEY_INDICATORS: tuple[str, ...] = (
    "population_jan1",
    "population_avg",
    "grp",
    "grp_per_capita",
    "fixed_investment",
    "wage_avg",
    "cash_income_pc",
    "unemployment_rate",
    "poverty_rate",
    "informal_employment_share",
    "life_expectancy",
    "doctors_per_10k",
    "housing_m2_pc",
    "roads_good_share",
    "internet_users_share",
    "waste_collection_share",
    "srs_provision",
)

#: Indicators drawn as maps (a subset: one map per concept, not per count).
MAP_INDICATORS: tuple[str, ...] = (
    "grp_per_capita",
    "wage_avg",
    "unemployment_rate",
    "life_expectancy",
    "housing_m2_pc",
    "internet_users_share",
    "srs_provision",
)


@dataclass(frozen=True)
class RoadmapSettings:
    """The policy inputs a roadmap needs and a database does not hold.

    Parameters
    ----------
    budget_kzt
        Annual budget for closing SRS gaps, KZT, the same every year.
    first_year, last_year
        The plan's horizon.
    time_limit
        Wall-clock seconds for each solve.
    territory
        KATO code of the one region or district to plan (``None``: the whole country).
    """

    budget_kzt: float
    first_year: int
    last_year: int
    time_limit: float = 30.0
    territory: str | None = None


def year_of(period: str) -> int:
    """The calendar year of a period string ("2022", "2022Q3", "2023-01-01").

    Examples
    --------
    >>> year_of("2023-01-01"), year_of("2022Q3"), year_of("2021")
    (2023, 2022, 2021)
    """
    return int(str(period)[:4])


def _is_annual(period: str) -> bool:
    period = str(period)
    return len(period) == 4 or period.endswith("-01-01")


@dataclass
class ReportContext:
    """The inputs of a report, with look-ups cached for the sections.

    Parameters
    ----------
    store
        An open store (read-only is enough).
    lang
        ``kk``, ``ru`` or ``en``.
    year
        The report year: every figure is the latest annual value up to this year.
        ``None`` takes the latest year of any key indicator.

    Examples
    --------
    >>> from aimaq.data.store import Store
    >>> store = Store(":memory:"); _ = store.migrate()
    >>> ctx = ReportContext(store, "en")
    >>> ctx.indicators_present()
    []
    """

    store: Store
    lang: str = "en"
    year: int | None = None
    roadmap: RoadmapSettings | None = None
    t: Messages = field(init=False)
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.t = Messages(self.lang)
        if self.year is None:
            self.year = self._latest_year()

    # -- metadata -----------------------------------------------------------------
    def keep(self, key: str, value: Any) -> None:
        """Share a result between sections (the roadmap's trajectory with the KPI section)."""
        self._cache[("kept", key)] = value

    def kept(self, key: str) -> Any:
        """What an earlier section kept under ``key``, or ``None``."""
        return self._cache.get(("kept", key))

    def use_year(self, section: str, year: int) -> None:
        """Record the year a section's figures are of (the cover names any that differ
        from the report year)."""
        self._cache.setdefault("years_used", {})[section] = int(year)

    def years_used(self) -> dict[str, int]:
        """``{section key: year}`` recorded by :meth:`use_year`."""
        return dict(self._cache.get("years_used", {}))

    def _latest_year(self) -> int | None:
        """The latest year in which at least half of the key indicators present have
        regional values (a year with only early releases of one or two series is not
        the report's year)."""
        frame = self._annual_totals()
        frame = frame[(frame.level == "region") & frame.indicator_id.isin(KEY_INDICATORS)]
        if frame.empty:
            return None
        per_year = frame.groupby("year").indicator_id.nunique()
        need = (frame.indicator_id.nunique() + 1) // 2
        full = per_year[per_year >= need]
        return int(full.index.max()) if len(full) else int(per_year.index.max())

    def territories(self) -> pd.DataFrame:
        """All territories, indexed by KATO, with the name in the report language."""
        if "territories" not in self._cache:
            frame = self.store.query(
                "select kato, parent_kato, level, name_kk, name_ru, name_en, valid_to "
                "from territory"
            )
            names = frame[f"name_{self.lang}"].fillna(frame["name_ru"]).fillna(frame["name_en"])
            frame["name"] = names.fillna(frame["kato"])
            self._cache["territories"] = frame.set_index("kato")
        return self._cache["territories"]  # type: ignore[no-any-return]

    def regions(self) -> pd.DataFrame:
        """The current regions (level ``region``, not ended), sorted by KATO."""
        terr = self.territories()
        current = terr[(terr.level == "region") & terr.valid_to.isna()]
        return current.sort_index()

    def name(self, kato: str) -> str:
        terr = self.territories()
        return str(terr.at[kato, "name"]) if kato in terr.index else kato

    def indicators(self) -> pd.DataFrame:
        """Indicator metadata, indexed by id, with ``name`` in the report language."""
        if "indicators" not in self._cache:
            frame = self.store.query("select * from indicator")
            col = f"name_{self.lang}"
            frame["name"] = (
                frame[col].fillna(frame["name_en"]) if col in frame else frame["name_en"]
            )
            self._cache["indicators"] = frame.set_index("id")
        return self._cache["indicators"]  # type: ignore[no-any-return]

    def indicator_name(self, indicator_id: str) -> str:
        ind = self.indicators()
        return str(ind.at[indicator_id, "name"]) if indicator_id in ind.index else indicator_id

    def unit(self, indicator_id: str) -> str:
        ind = self.indicators()
        return self.t.unit(str(ind.at[indicator_id, "unit"])) if indicator_id in ind.index else ""

    def polarity(self, indicator_id: str) -> int:
        ind = self.indicators()
        return int(str(ind.at[indicator_id, "polarity"])) if indicator_id in ind.index else 0

    def indicators_present(self, candidates: tuple[str, ...] = KEY_INDICATORS) -> list[str]:
        """Those of ``candidates`` that have at least one annual regional value."""
        found = set(self._annual_totals().indicator_id.unique())
        return [i for i in candidates if i in found]

    # -- values -------------------------------------------------------------------
    def _annual_totals(self) -> pd.DataFrame:
        """Every annual, dimension-free observation of regions and the country."""
        if "annual" not in self._cache:
            frame = self.store.query(
                "select o.kato, t.level, o.indicator_id, o.period, o.value, o.batch_id "
                "from observation o join territory t using (kato) "
                "where o.dims = '{}' and t.level in ('country', 'region') "
                "and o.value is not null"
            )
            frame = frame.loc[frame.period.map(_is_annual).astype(bool)].copy()
            frame["year"] = frame.period.map(year_of)
            self._cache["annual"] = frame
        return self._cache["annual"]  # type: ignore[no-any-return]

    def series(self, indicator_id: str) -> pd.DataFrame:
        """Annual values of one indicator: columns kato, level, year, period, value, batch_id."""
        if "by_indicator" not in self._cache:
            frame = self._annual_totals()
            self._cache["by_indicator"] = {
                k: g for k, g in frame.groupby("indicator_id", sort=False)
            }
            self._cache["empty"] = frame.iloc[0:0]
        found = self._cache["by_indicator"].get(indicator_id)
        return found if found is not None else self._cache["empty"]  # type: ignore[no-any-return]

    def digits(self, indicator_id: str) -> int:
        """Decimals to print: none for magnitudes in the thousands and above, else one."""
        values = self.series(indicator_id).value
        return 0 if len(values) and float(values.abs().median()) >= 1000 else 1

    def latest_year(self, indicator_id: str) -> int | None:
        """The latest year up to the report year with regional values of the indicator."""
        data = self.series(indicator_id)
        data = data[data.level == "region"]
        if self.year is not None:
            data = data[data.year <= self.year]
        return int(data.year.max()) if len(data) else None

    def regional_values(self, indicator_id: str, year: int | None = None) -> pd.Series:
        """Regional values in ``year`` (default: :meth:`latest_year`), indexed by KATO."""
        year = year if year is not None else self.latest_year(indicator_id)
        data = self.series(indicator_id)
        data = data[(data.level == "region") & (data.year == year)]
        return data.set_index("kato")["value"].sort_index()

    def national_value(self, indicator_id: str, year: int | None = None) -> float | None:
        """The Republic's stored value in ``year``; ``None`` when not published in the store."""
        year = year if year is not None else self.latest_year(indicator_id)
        data = self.series(indicator_id)
        data = data[(data.kato == COUNTRY) & (data.year == year)]
        return float(data.value.iloc[0]) if len(data) else None

    def period_label(self, indicator_id: str, year: int | None) -> str:
        """The period as stored (e.g. ``2023-01-01`` for a stock on 1 January)."""
        data = self.series(indicator_id)
        data = data[data.year == year]
        return str(data.period.iloc[0]) if len(data) else str(year)

    def batches(self) -> pd.DataFrame:
        """The import batches, newest last."""
        return self.store.query("select * from import_batch order by batch_id")

    def used_batches(self, indicator_ids: list[str]) -> set[int]:
        frame = self._annual_totals()
        return set(frame[frame.indicator_id.isin(indicator_ids)].batch_id.astype(int))

    @staticmethod
    def dims_of(dims: str) -> dict[str, Any]:
        return dict(json.loads(dims)) if dims else {}
