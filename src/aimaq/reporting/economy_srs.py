"""SRS figures for the economy views: the shock's consequences and the provision of units.

:mod:`aimaq.economy` computes the population that may leave a town; the SRS registry
(:mod:`aimaq.standards`) says which norms its settlements meet. This module joins the two
(they sit side by side in the layers): the town's settlements' population is scaled by the
scenario's population change and their provision recomputed, norm by norm, with the same
facilities; and the growth-point candidates get the provision of their settlements. Used
by the CLI, the report and the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from aimaq.data.store import Store
from aimaq.economy.shock import SCENARIOS, ShockParameters, ShockResult, shock
from aimaq.economy.town import town_baseline
from aimaq.errors import AimaqError

__all__ = ["SrsEffect", "provision_of_units", "srs_effect", "town_shock"]


@dataclass(frozen=True)
class SrsEffect:
    """Provision of the town's settlements before and after each scenario's population change.

    Attributes
    ----------
    settlements
        Number of registry settlements in the town.
    before
        Mean provision (share of applicable norms met) before.
    after
        Scenario -> mean provision after.
    norms_changed
        Scenario -> number of (settlement, norm) pairs whose status changes.
    label
        ``"synthetic registry"`` for the generated registry, else its source.
    """

    settlements: int
    before: float
    after: dict[str, float]
    norms_changed: dict[str, int]
    label: str

    def to_dict(self) -> dict[str, object]:
        return {
            "settlements": self.settlements,
            "provision_before": self.before,
            "provision_after": self.after,
            "norm_statuses_changed": self.norms_changed,
            "registry": self.label,
        }


def _inside(settlements: pd.DataFrame, kato: str) -> pd.Series:
    """Registry settlements that are ``kato`` or lie in it (okrug, district or region)."""
    hit = settlements["kato"].astype(str).eq(kato)
    for column in ("okrug_kato", "district_kato", "region_kato"):
        if column in settlements.columns:
            hit |= settlements[column].astype(str).eq(kato)
    return hit


def provision_of_units(store: Store, katos: list[str]) -> tuple[dict[str, float], str]:
    """Mean SRS provision (a share) of the registry settlements in each unit, and the
    registry's label; empty when the store has no registry."""
    from aimaq.standards import Registry, load_catalogue, settlement_provision

    try:
        reg = Registry.from_store(store)
    except AimaqError:
        return {}, ""
    s = reg.settlements
    inside = pd.Series(False, index=s.index)
    for kato in katos:
        inside |= _inside(s, kato)
    if not inside.any():
        return {}, f"{reg.label}, {reg.year}"
    chosen = set(s.loc[inside, "kato"].astype(str))
    part = Registry.from_frames(  # only the settlements asked about
        s[inside],
        reg.population[reg.population["kato"].astype(str).isin(chosen)],
        reg.status[reg.status["kato"].astype(str).isin(chosen)],
        year=reg.year,
        synthetic=reg.synthetic,
        source=reg.source,
    )
    frame = settlement_provision(part, load_catalogue(), reg.year)
    out: dict[str, float] = {}
    for kato in katos:
        rows = frame[_inside(frame, kato)]
        if len(rows):
            out[kato] = float(rows["provision"].mean())
    return out, f"{reg.label}, {reg.year}"


def srs_effect(store: Store, result: ShockResult) -> SrsEffect | None:
    """Recompute the provision of the town's settlements at each scenario's population.

    ``None`` when the store has no registry or the town has no settlement in it.
    """
    from aimaq.standards import Registry, load_catalogue, norm_table, settlement_provision

    try:
        reg = Registry.from_store(store)
    except AimaqError:
        return None
    kato = result.baseline.kato
    s = reg.settlements
    katos = set(s.loc[_inside(s, kato), "kato"].astype(str))
    if not katos:
        return None
    catalogue = load_catalogue()
    year = reg.year
    # only the town's settlements change: recompute them alone
    reg = Registry.from_frames(
        s[s["kato"].astype(str).isin(katos)],
        reg.population[reg.population["kato"].astype(str).isin(katos)],
        reg.status[reg.status["kato"].astype(str).isin(katos)],
        year=year,
        synthetic=reg.synthetic,
        source=reg.source,
    )
    base = settlement_provision(reg, catalogue, year)
    base = base[base["kato"].astype(str).isin(katos)]
    met_before = norm_table(reg, catalogue, year)
    met_before = met_before[met_before["kato"].astype(str).isin(katos)]
    after: dict[str, float] = {}
    changed: dict[str, int] = {}
    for scenario in SCENARIOS:
        factor = 1 + result.outcomes[scenario]["population_change_share"]
        pop = reg.population.copy()
        rows = pop["kato"].astype(str).isin(katos) & (pop["year"] == year)
        pop.loc[rows, "population"] = pop.loc[rows, "population"] * factor
        moved = Registry.from_frames(
            reg.settlements, pop, reg.status, year=year, synthetic=reg.synthetic, source=reg.source
        )
        frame = settlement_provision(moved, catalogue, year)
        frame = frame[frame["kato"].astype(str).isin(katos)]
        after[scenario] = float(frame["provision"].mean())
        met = norm_table(moved, catalogue, year)
        met = met[met["kato"].astype(str).isin(katos)]
        joined = pd.merge(
            met_before[["kato", "norm_id", "met"]],
            met[["kato", "norm_id", "met"]],
            on=["kato", "norm_id"],
            how="outer",
            suffixes=("_before", "_after"),
        )
        changed[scenario] = int(
            (joined["met_before"].fillna(False) != joined["met_after"].fillna(False)).sum()
        )
    return SrsEffect(
        settlements=len(katos),
        before=float(base["provision"].mean()),
        after=after,
        norms_changed=changed,
        label=reg.label,
    )


def town_shock(
    store: Store,
    town: str,
    parameters: ShockParameters,
    *,
    jobs_lost: float | None = None,
    share_of_employment: float | None = None,
    labour_force: float | None = None,
    unemployment_rate: float | None = None,
    wage: float | None = None,
    population: float | None = None,
) -> tuple[ShockResult, SrsEffect | None]:
    """The town's baseline from the store (or the user's figures), the shock, and its SRS effect."""
    baseline = town_baseline(
        store,
        town,
        labour_force=labour_force,
        unemployment_rate=unemployment_rate,
        wage=wage,
        population=population,
    )
    result = shock(
        baseline, parameters, jobs_lost=jobs_lost, share_of_employment=share_of_employment
    )
    return result, srs_effect(store, result)
