"""Fiscal autonomy of a region, from the shipped budget figures: what is known, and where.

Four figures (``FISCAL``), each the region's latest annual value: the own (tax and non-tax)
revenue share and the transfers share of the approved regional budget's revenues, the
transfers per inhabitant, and the budget withdrawals to the republican budget per
inhabitant. They are approved plans and amounts set by law, not execution; the budget
plans cover the few regions whose maslikhat decision was read, so a region without one is
*unknown* (never filled in), and each figure says how many regions it covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aimaq.strategy.store_facts import LevelFacts

#: figure -> the embedded series it is computed from (whose source it cites)
FISCAL = {
    "own_revenue_share": "regional_budget_plan_revenues",
    "budget_transfers_share": "regional_budget_plan_revenues",
    "budget_transfers_per_capita": "regional_budget_plan_revenues",
    "budget_withdrawals_per_capita": "budget_withdrawals",
}
PLAN_NOTE = "approved plan of the oblast budget (maslikhat decision), not execution"
LAW_NOTE = "amount set by the general transfers law, not execution; per inhabitant of the latest published year"


@dataclass(frozen=True)
class FiscalFigure:
    indicator: str
    name: str
    unit: str
    value: float | None
    year: int | None
    source: str
    coverage: str
    note: str
    covered: int = 0
    units: int = 0
    years: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def fiscal_figures(facts: LevelFacts, kato: str, lang: str = "en") -> tuple[FiscalFigure, ...]:
    """The region's fiscal-autonomy figures (empty below the region level)."""
    if facts.level != "region":
        return ()
    col = f"name_{lang}" if lang in {"kk", "ru", "en"} else "name_en"
    meta = facts.store.query(
        f"select id, coalesce({col}, name_en) as name, unit from indicator where id in "
        f"({', '.join('?' * len(FISCAL))})",
        list(FISCAL),
    ).set_index("id")
    units = set(facts.units.kato)
    out = []
    for ind, base in FISCAL.items():
        series = facts.series(ind)
        covered = sorted(set(series.kato) & units)
        years = sorted(set(series[series.kato.isin(covered)].year))
        span = f"{years[0]}-{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
        coverage = f"{len(covered)} of {len(units)} regions" + (f" ({span})" if span else "")
        own = facts.of(kato).indicator(ind)
        note = LAW_NOTE if base == "budget_withdrawals" else PLAN_NOTE
        source = ""
        if own.value is None:
            note = (
                "unknown: no withdrawal set for this region by the law in the shipped data"
                if base == "budget_withdrawals"
                else "unknown: no approved budget plan of this region in the shipped data"
            )
        else:
            rows = facts.series(base)
            row = rows[(rows.kato == kato) & (rows.year == own.year)]
            source = facts.source_of(base, row.source.iloc[0] if len(row) else None)
        name = str(meta.loc[ind, "name"]) if ind in meta.index else ind
        unit = str(meta.loc[ind, "unit"]) if ind in meta.index else ""
        value = float(own.value) if own.value is not None else None  # type: ignore[arg-type]
        out.append(
            FiscalFigure(
                ind,
                name,
                unit,
                value,
                own.year,
                source,
                coverage,
                note,
                len(covered),
                len(units),
                span,
            )
        )
    return tuple(out)


__all__ = ["FISCAL", "FiscalFigure", "fiscal_figures"]
