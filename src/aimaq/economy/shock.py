r"""A transparent model of a job-loss shock in a town (a city-forming enterprise closing).

With :math:`L` the town's labour force, :math:`u_0` its unemployment rate, :math:`D` the
direct jobs lost and :math:`m` the local multiplier (total local jobs lost per direct job):

- jobs lost :math:`J = \min(D m, \text{employment})`, of which :math:`J - D` indirect and
  induced;
- unemployment on impact :math:`u_1 = (u_0 L + J) / L` (the people who lost their jobs are
  still there: the textbook case, 6% + 12% = 18%);
- after out-migration of a share :math:`q` of them, :math:`u_2 = (u_0 L + J - qJ)/(L - qJ)`,
  with :math:`qJ \cdot P / L` residents leaving (:math:`P` the population: households
  leave with their workers);
- the lost wage fund :math:`W = J \cdot w \cdot 12` (:math:`w` the monthly wage) and the
  lost income tax of the local budgets
  :math:`T = J \cdot 12 \cdot t \cdot \max(0, w(1 - c) - d) \cdot s` (:math:`t` the rate,
  :math:`c` the pension contribution, :math:`d` the basic deduction, :math:`s` the local share).

Every parameter comes from ``shock.yaml`` (its default, source or ASSUMPTION label) or the
user's own file; the result shows the low, central and high ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticError

from aimaq.errors import ValidationError

__all__ = [
    "SCENARIOS",
    "Parameter",
    "ShockParameters",
    "ShockResult",
    "TownBaseline",
    "load_parameters",
    "shock",
]

SCENARIOS = ("low", "central", "high")


class Parameter(BaseModel):
    """One parameter: its range, unit and where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    unit: str
    low: float
    central: float
    high: float
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Parameter:
        if not self.low <= self.central <= self.high:
            raise ValueError(
                f"low <= central <= high is required; got {self.low}, {self.central}, {self.high}"
            )
        return self

    @property
    def assumption(self) -> bool:
        """Whether the source is labelled an assumption."""
        return "ASSUMPTION" in self.source

    def value(self, scenario: str) -> float:
        return float(getattr(self, scenario))


class ShockParameters(BaseModel):
    """All parameters of the shock model (the keys of ``shock.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    multiplier: Parameter
    out_migration_share: Parameter
    iit_rate: Parameter
    pension_contribution_rate: Parameter
    basic_deduction_mci: Parameter
    mci_kzt: Parameter
    iit_local_share: Parameter
    wage_ratio: Parameter

    @model_validator(mode="after")
    def _ranges(self) -> ShockParameters:
        if self.multiplier.low < 1:
            raise ValueError(
                f"multiplier: a local multiplier below 1 is not possible (the direct jobs "
                f"are part of it); got low = {self.multiplier.low}"
            )
        for name in (
            "out_migration_share",
            "iit_rate",
            "pension_contribution_rate",
            "iit_local_share",
        ):
            p = getattr(self, name)
            if p.low < 0 or p.high > 1:
                raise ValueError(f"{name}: a share must be between 0 and 1; got {p.low}..{p.high}")
        for name in ("basic_deduction_mci", "mci_kzt", "wage_ratio"):
            if getattr(self, name).low < 0:
                raise ValueError(f"{name}: must not be negative")
        return self

    def items(self) -> list[tuple[str, Parameter]]:
        return [(name, getattr(self, name)) for name in type(self).model_fields]

    def with_multiplier(self, value: float) -> ShockParameters:
        """The same parameters with one multiplier for every scenario (a user's own)."""
        if value < 1:
            raise ValidationError(
                f"must be at least 1 (the direct jobs are part of it); got {value}",
                argument="multiplier",
            )
        fixed = self.multiplier.model_copy(
            update={"low": value, "central": value, "high": value, "source": "given by the user"}
        )
        return self.model_copy(update={"multiplier": fixed})


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc)


def load_parameters(path: str | Path | None = None) -> ShockParameters:
    """The shipped parameters, or a user's own file; errors name the key.

    Examples
    --------
    >>> p = load_parameters()
    >>> p.multiplier.central, p.iit_rate.central
    (2.6, 0.1)
    >>> sorted(name for name, q in p.items() if q.assumption)[:2]
    ['iit_local_share', 'iit_rate']
    """
    if path is None:
        text = (resources.files("aimaq.economy") / "shock.yaml").read_text(encoding="utf-8")
        where = "shock.yaml (shipped)"
    else:
        file = Path(path)
        if not file.is_file():
            raise ValidationError(f"no parameter file at {file}")
        text = file.read_text(encoding="utf-8")
        where = str(file)
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{where}: not valid YAML: {exc}") from exc
    try:
        return ShockParameters.model_validate(raw)
    except PydanticError as exc:
        first = exc.errors()[0]
        raise ValidationError(f"{where}: {_location(first['loc'])}: {first['msg']}") from exc


@dataclass(frozen=True)
class TownBaseline:
    """The town before the shock.

    Attributes
    ----------
    kato, name
        The town.
    population
        Residents.
    labour_force
        Employed plus unemployed residents.
    unemployment_rate
        Share of the labour force (0.06 for 6%).
    wage
        Average monthly nominal wage, KZT (NaN when unknown: no wage or tax figures).
    sources
        Where each figure comes from.
    """

    kato: str
    name: str
    population: float
    labour_force: float
    unemployment_rate: float
    wage: float
    sources: dict[str, str]

    def __post_init__(self) -> None:
        for field in ("population", "labour_force"):
            value = getattr(self, field)
            if not value > 0:
                raise ValidationError(f"{field} of {self.name} must be positive; got {value}")
        if not 0 <= self.unemployment_rate < 1:
            raise ValidationError(
                f"unemployment rate must be a share in [0, 1); got {self.unemployment_rate}"
            )
        if self.labour_force > self.population:
            raise ValidationError(
                f"labour force {self.labour_force:g} exceeds the population {self.population:g}"
            )
        if self.wage < 0:
            raise ValidationError(f"wage must not be negative; got {self.wage}")

    @property
    def employment(self) -> float:
        return self.labour_force * (1 - self.unemployment_rate)


@dataclass(frozen=True)
class ShockResult:
    """The shock's consequences under each scenario (``low``, ``central``, ``high``).

    Attributes
    ----------
    baseline
        The town before.
    direct_jobs
        Jobs lost at the enterprise.
    outcomes
        Scenario -> figure name -> value (see :func:`shock` for the names).
    parameters
        The parameters used.
    notes
        Caps applied and what is unknown.
    """

    baseline: TownBaseline
    direct_jobs: float
    outcomes: dict[str, dict[str, float]]
    parameters: ShockParameters
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: baseline, scenarios, and every parameter with its source."""
        b = self.baseline
        return {
            "town": {"kato": b.kato, "name": b.name},
            "baseline": {
                "population": b.population,
                "labour_force": b.labour_force,
                "employment": b.employment,
                "unemployment_rate": b.unemployment_rate,
                "wage_monthly_kzt": b.wage,
                "sources": b.sources,
            },
            "direct_jobs_lost": self.direct_jobs,
            "scenarios": self.outcomes,
            "parameters": {
                name: {
                    "label": p.label,
                    "unit": p.unit,
                    "low": p.low,
                    "central": p.central,
                    "high": p.high,
                    "source": p.source,
                    "assumption": p.assumption,
                }
                for name, p in self.parameters.items()
            },
            "notes": list(self.notes),
        }


def shock(
    baseline: TownBaseline,
    parameters: ShockParameters,
    *,
    jobs_lost: float | None = None,
    share_of_employment: float | None = None,
) -> ShockResult:
    """The consequences of losing ``jobs_lost`` direct jobs (or a share of employment).

    Parameters
    ----------
    baseline
        The town before the shock.
    parameters
        :func:`load_parameters` (or a user's file).
    jobs_lost, share_of_employment
        Exactly one: the direct jobs lost, or them as a share of the town's employment.

    Returns
    -------
    ShockResult
        Figures per scenario: ``multiplier``, ``jobs_lost_total``, ``indirect_induced``,
        ``unemployment_rate_before``, ``unemployment_rate_impact``, ``leavers_workers``,
        ``leavers_population``, ``unemployment_rate_after_migration``, ``population_after``,
        ``population_change_share``, ``wage_fund_lost_kzt``, ``iit_lost_kzt``,
        ``local_budget_lost_kzt`` (all per year).

    Examples
    --------
    The textbook case: 6% unemployment; direct jobs x multiplier = 12% of the labour force.

    >>> town = TownBaseline("x", "Town", 250_000, 100_000, 0.06, 300_000.0, {})
    >>> p = load_parameters().with_multiplier(2.0)
    >>> r = shock(town, p, jobs_lost=6_000)
    >>> round(r.outcomes["central"]["unemployment_rate_impact"], 4)
    0.18
    """
    if (jobs_lost is None) == (share_of_employment is None):
        raise ValidationError(
            "give exactly one of the two", argument=("jobs_lost", "share_of_employment")
        )
    employment = baseline.employment
    if share_of_employment is not None:
        if not 0 < share_of_employment <= 1:
            raise ValidationError(
                f"must be in (0, 1]; got {share_of_employment}", argument="share_of_employment"
            )
        direct = share_of_employment * employment
    else:
        direct = float(jobs_lost)  # type: ignore[arg-type]
    if not direct > 0:
        raise ValidationError(f"must be positive; got {direct:g}", argument="jobs_lost")
    if direct > employment:
        raise ValidationError(
            f"the shock ({direct:,.0f} direct jobs) is larger than the employment of "
            f"{baseline.name} ({employment:,.0f}: labour force {baseline.labour_force:,.0f} "
            f"at {baseline.unemployment_rate:.1%} unemployment)"
        )
    notes: list[str] = []
    outcomes: dict[str, dict[str, float]] = {}
    lf = baseline.labour_force
    unemployed = baseline.unemployment_rate * lf
    per_worker = baseline.population / lf
    for scenario in SCENARIOS:
        m = parameters.multiplier.value(scenario)
        total = direct * m
        if total > employment:
            notes.append(
                f"{scenario}: direct x multiplier ({total:,.0f}) exceeds the town's employment; "
                f"capped at {employment:,.0f}"
            )
            total = employment
        q = parameters.out_migration_share.value(scenario)
        leavers = q * total
        wage = baseline.wage * parameters.wage_ratio.value(scenario)
        deduction = parameters.basic_deduction_mci.value(scenario) * parameters.mci_kzt.value(
            scenario
        )
        net = wage * (1 - parameters.pension_contribution_rate.value(scenario)) - deduction
        taxable = net if net != net else max(0.0, net)  # NaN (no wage figure) stays NaN
        iit = total * 12 * parameters.iit_rate.value(scenario) * taxable
        outcomes[scenario] = {
            "multiplier": m,
            "jobs_lost_total": total,
            "indirect_induced": total - direct,
            "unemployment_rate_before": baseline.unemployment_rate,
            "unemployment_rate_impact": (unemployed + total) / lf,
            "leavers_workers": leavers,
            "leavers_population": leavers * per_worker,
            "unemployment_rate_after_migration": (unemployed + total - leavers) / (lf - leavers),
            "population_after": baseline.population - leavers * per_worker,
            "population_change_share": -leavers * per_worker / baseline.population,
            "wage_fund_lost_kzt": total * wage * 12,
            "iit_lost_kzt": iit,
            "local_budget_lost_kzt": iit * parameters.iit_local_share.value(scenario),
        }
    if baseline.wage != baseline.wage:  # NaN: no wage figure
        notes.append("no wage figure for the town's region: wage fund and tax losses unknown")
    return ShockResult(
        baseline=baseline,
        direct_jobs=direct,
        outcomes=outcomes,
        parameters=parameters,
        notes=tuple(notes),
    )
