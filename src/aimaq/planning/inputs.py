"""The planning inputs from a store: settlement provision and gaps of the SRS registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from aimaq.data.store import Store

if TYPE_CHECKING:
    from aimaq.planning.costs import CostModel
    from aimaq.planning.problem import RoadmapProblem


@dataclass(frozen=True)
class PlanningInput:
    """What a roadmap is built from: provision per settlement, the gaps, support rules.

    ``label`` says which registry the figures come from (``synthetic registry`` for the
    generated demonstration registry): every output carries it.
    """

    settlements: pd.DataFrame
    gaps: pd.DataFrame
    serving: dict[str, str]
    support_radius_km: float
    label: str
    year: int

    def problem(
        self,
        *,
        budget: Any,
        first_year: int,
        last_year: int,
        costs: CostModel | None = None,
        **options: Any,
    ) -> RoadmapProblem:
        """The roadmap over these gaps, with the registry's support-village rules.

        ``costs`` defaults to the shipped cost model; ``options`` go to
        :meth:`RoadmapProblem.from_gaps` (targets, floors, objective, ...).
        """
        from aimaq.planning.costs import load_cost_model
        from aimaq.planning.problem import RoadmapProblem

        return RoadmapProblem.from_gaps(
            self.gaps,
            self.settlements,
            costs if costs is not None else load_cost_model(),
            budget=budget,
            first_year=first_year,
            last_year=last_year,
            serving=self.serving,
            support_radius_km=self.support_radius_km,
            **options,
        )


def from_store(store: Store, year: int | None = None) -> PlanningInput:
    """Read the current SRS registry of ``store`` with the shipped catalogue.

    Raises :class:`aimaq.errors.AimaqError` when the store holds no registry.

    Examples
    --------
    >>> s = Store(":memory:"); _ = s.migrate()
    >>> from_store(s)
    Traceback (most recent call last):
    ...
    aimaq.errors.AimaqError: no SRS registry in the database; run `aimaq srs synthesize` or `aimaq srs import FILE`
    """
    from aimaq.standards import Registry, load_catalogue, settlement_provision, unmet_norms

    reg = Registry.from_store(store, year)
    catalogue = load_catalogue()
    used_year = reg.for_year(year)
    settlements = settlement_provision(reg, catalogue, used_year)
    gaps = unmet_norms(reg, catalogue, used_year)
    serving = {n.id: catalogue.support_norm(n.id) for n in catalogue.norms if n.via_support}
    return PlanningInput(
        settlements, gaps, serving, float(catalogue.support_radius_km), reg.label, used_year
    )
