"""The planning inputs from a store: settlement provision and gaps of the SRS registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from aimaq.data.store import Store
from aimaq.errors import ValidationError

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
    territory: str | None = None
    support: dict[str, Any] = field(default_factory=dict)

    def within(self, kato: str) -> PlanningInput:
        """The same input restricted to one region, district or okrug (``kato``): a plan
        for that territory alone, its "national" targets meaning the territory's.

        Raises :class:`aimaq.errors.AimaqError` naming the territory when no settlement
        of the registry lies in it.
        """
        from dataclasses import replace

        from aimaq.standards.scope import describe, inside, within

        settlements = within(self.settlements, kato).reset_index(drop=True)
        gaps = self.gaps[inside(self.gaps, kato)].reset_index(drop=True)
        return replace(
            self,
            settlements=settlements,
            gaps=gaps,
            label=f"{self.label}, {describe(kato)}",
            territory=str(kato),
        )

    def check_horizon(self, first_year: int) -> None:
        """Refuse a plan that starts before the registry's year: the gaps are those of
        that year, and money cannot be spent in years already past.

        Examples
        --------
        >>> empty = pd.DataFrame()
        >>> PlanningInput(empty, empty, {}, 10.0, "synthetic registry", 2024).check_horizon(2015)
        Traceback (most recent call last):
        ...
        aimaq.errors.ValidationError: the plan starts in 2015, before the year of the SRS registry (2024) whose gaps it closes; start in 2024 or later
        """
        if first_year < self.year:
            raise ValidationError(
                f"the plan starts in {first_year}, before the year of the SRS registry "
                f"({self.year}) whose gaps it closes; start in {self.year} or later"
            )

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

        self.check_horizon(first_year)
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
    aimaq.errors.AimaqError: no SRS registry in the database; synthesize an SRS registry or import one first
    """
    from aimaq.standards import Registry, load_catalogue, settlement_provision, unmet_norms
    from aimaq.standards.support import support_tags, with_support_tags

    reg = Registry.from_store(store, year)
    catalogue = load_catalogue()
    used_year = reg.for_year(year)
    # support villages and satellites from the territory tags, where the database has them
    reg, support = with_support_tags(reg, support_tags(store, used_year))
    settlements = settlement_provision(reg, catalogue, used_year)
    gaps = unmet_norms(reg, catalogue, used_year)
    serving = {n.id: catalogue.support_norm(n.id) for n in catalogue.norms if n.via_support}
    return PlanningInput(
        settlements, gaps, serving, float(catalogue.support_radius_km), reg.label, used_year,
        support=support,
    )  # fmt: skip
