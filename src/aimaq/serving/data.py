"""The dashboard's data: read once from the store, then served from memory.

Callbacks share no connection (the strategy and shock pages open the database read-only
for each new question), so many clients can be answered in parallel. The data come in
parts (:data:`PARTS`): the territories, indicators and values (``core``), the KPI status,
the SRS provision, the roadmap's inputs and the single-industry towns;
:func:`load_dashboard_data` reads them all at once, while ``aimaq serve`` has
:mod:`aimaq.serving.loading` read them in the background, one part at a time.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from aimaq.data.store import Store
from aimaq.errors import Advice, AimaqError
from aimaq.serving.srs_data import SrsData, build_srs_data

COUNTRY = "000000000"


def _annual(period: str) -> bool:
    return len(period) == 4 or period.endswith("-01-01")


#: The parts read from the database, in the order the background loader reads them.
PARTS: tuple[str, ...] = ("core", "kpi", "srs", "planning", "towns")


@dataclass(eq=False)
class DashboardData:
    """Territories, indicators and annual totals (no extra dimensions) of the store.

    Compared and hashed by identity, so look-ups can be cached per loaded dataset. The
    background loader fills a :meth:`pending` instance in place, part by part (each
    field is assigned once, when its part is built); a page reads only the parts it needs,
    and only once they are ready.
    """

    territories: pd.DataFrame  # indexed by kato
    indicators: pd.DataFrame  # indexed by id
    values: pd.DataFrame  # kato, level, parent_kato, indicator_id, period, year, value
    source: str
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> kato -> name
    srs: SrsData | None = None  # SRS provision, when the database holds a registry
    planning: Any = None  # aimaq.planning.inputs.PlanningInput, with a registry
    kpi: dict[str, list[Any]] = field(default_factory=dict)  # "national"/"region" -> KpiResult
    target_names: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> lang -> name
    towns: dict[str, str | None] = field(
        default_factory=dict
    )  # single-industry towns: kato -> tag value

    @classmethod
    def pending(cls, source: str) -> DashboardData:
        """An instance with no data yet, for the loader to fill."""
        return cls(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), source)

    def name(self, kato: str, lang: str) -> str:
        return self.names.get(lang, {}).get(kato, kato)

    def indicator_name(self, ind: str, lang: str) -> str:
        if ind not in self.indicators.index:
            return ind
        row = self.indicators.loc[ind]
        value = row.get(f"name_{lang}")
        return str(value) if isinstance(value, str) and value else str(row["name_en"])

    def regional_indicators(self) -> list[str]:
        """Indicators with at least one regional value, in catalogue order."""
        have = set(self.values.loc[self.values.level == "region", "indicator_id"])
        return [i for i in self.indicators.index if i in have]

    def years(self, ind: str) -> list[int]:
        v = self.values
        return sorted(
            v.loc[(v.indicator_id == ind) & (v.level == "region"), "year"].unique().tolist()
        )

    def at_level(self, ind: str, year: int, level: str, parent: str | None = None) -> pd.Series:
        """Values of one indicator and year at a level (optionally under a parent), by KATO."""
        v = self.values
        mask = (v.indicator_id == ind) & (v.year == year) & (v.level == level)
        if parent is not None:
            mask &= v.parent_kato == parent
        return v.loc[mask].set_index("kato")["value"].sort_index()

    def series(self, ind: str, kato: str) -> pd.Series:
        v = self.values
        return (
            v.loc[(v.indicator_id == ind) & (v.kato == kato)]
            .set_index("year")["value"]
            .sort_index()
        )

    def children(self, kato: str, level: str) -> pd.DataFrame:
        t = self.territories
        return t[(t.parent_kato == kato) & (t.level == level)]

    def settlements_of(self, region: str) -> pd.DataFrame:
        """Settlements whose KATO code lies in the region (its first two digits)."""
        t = self.territories
        return t[(t.level == "settlement") & t.index.str.startswith(region[:2])]

    def regions(self) -> pd.DataFrame:
        t = self.territories
        current = t[(t.level == "region")]
        if "valid_to" in t:
            current = current[current.valid_to.isna()]
        return current.sort_index()


def load_dashboard_data(store: Store) -> DashboardData:
    """Read everything the dashboard shows from an open store.

    A part the store cannot give (no registry, no indicators) is left empty.

    Examples
    --------
    >>> store = Store(":memory:"); _ = store.migrate()
    >>> load_dashboard_data(store).regional_indicators()
    []
    """
    data = DashboardData.pending(store.path)
    for part in PARTS:
        with suppress(AimaqError):  # the page that needs it is left out
            load_part(store, data, part)
    return data


def load_part(store: Store, data: DashboardData, part: str) -> None:
    """Read one part (see :data:`PARTS`) of ``data`` from the store.

    Raises :class:`aimaq.errors.AimaqError` saying why when the store cannot give it
    (the part's fields are then left as they were).
    """
    if part == "core":
        _load_core(store, data)
    elif part == "kpi":
        data.kpi, data.target_names = _kpi(store)
    elif part == "srs":
        data.srs = build_srs_data(store)
    elif part == "planning":
        data.planning = _planning_input(store)
    elif part == "towns":
        data.towns = _towns(store)
    else:
        raise ValueError(f"unknown part {part!r}; known: {', '.join(PARTS)}")


def _load_core(store: Store, data: DashboardData) -> None:
    territories = store.query(
        "select kato, parent_kato, level, unit_type, name_kk, name_ru, name_en, urban, valid_to "
        "from territory"
    ).set_index("kato")
    indicators = store.query("select * from indicator order by domain, id").set_index("id")
    values = store.query(
        "select o.kato, t.level, t.parent_kato, o.indicator_id, o.period, o.value "
        "from observation o join territory t using (kato) "
        "where o.dims = '{}' and t.level in ('country', 'region', 'district') "
        "and o.value is not null"
    )
    values = values.loc[values.period.map(_annual).astype(bool)].copy()
    values["year"] = values.period.str.slice(0, 4).astype(int)
    names = {}
    for lang in ("kk", "ru", "en"):
        column = (
            territories[f"name_{lang}"]
            .fillna(territories["name_ru"])
            .fillna(territories["name_en"])
        )
        names[lang] = {str(k): str(v) for k, v in column.dropna().items()}
    # the frames first, the names last: a reader that sees names sees the frames too
    data.source = store.path
    data.territories = territories
    data.indicators = indicators
    data.values = values.reset_index(drop=True)
    data.names = names


def _kpi(store: Store) -> tuple[dict[str, list[Any]], dict[str, dict[str, str]]]:
    """Target status nationally and by region; an error when the store has no indicators."""
    from aimaq.monitoring import evaluate, load_targets

    if store.query("select count(*) as n from indicator").n.iloc[0] == 0:
        raise AimaqError("the database holds no indicators", advice=Advice.init)
    targets = load_targets()
    results = {level: evaluate(store, targets, level=level) for level in ("national", "region")}
    names = {t.id: {lang: t.name(lang) for lang in ("kk", "ru", "en")} for t in targets}
    return results, names


def _towns(store: Store) -> dict[str, str | None]:
    """The units tagged single-industry towns this year (the shock scenario's choices)."""
    from datetime import date

    from aimaq.analysis.groups import tagged_units

    return tagged_units(store, "single_industry_town", str(date.today().year))


def _planning_input(store: Store) -> Any:
    """The roadmap's inputs (gaps and settlement provision)."""
    try:
        from aimaq.planning import inputs
    except ImportError as exc:
        raise AimaqError(f"the planning package (aimaq.planning) is not installed: {exc}") from exc
    return inputs.from_store(store)


def open_dashboard_data(db: str | Path | None) -> DashboardData:
    """Open the database read-only, load the dashboard's data, and close it.

    Opening waits, as every reader does, while another process writes; afterwards the
    dashboard holds no connection, so imports run while it keeps serving this state.
    """
    with Store.open(db) as store:
        return load_dashboard_data(store)
