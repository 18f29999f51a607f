"""Policy packages tested before adoption: measures, an allocation rule and a budget.

A package file (YAML)::

    name: rural_first
    title: {en: "Villages first", ru: "Сначала сёла", kk: "Алдымен ауылдар"}
    rule: needs                 # an allocation rule of aimaq.planning.rules
    budget: 117e9               # KZT a year
    from: 2025
    to: 2030
    measures:                   # measure id -> KZT a year (their sum may not exceed budget)
      auyl_el_besigi: 80e9
      rural_engineering: 37e9

Each measure with an SRS effect funds the gaps of its scope (``funds`` in the catalogue)
from its own amount under the package's rule; measures are funded in the order given, and
a gap that an earlier measure closes is not funded again. The package is judged ex ante
on the roadmap machinery: provision (national, urban, rural) by year, the year each SRS
target is met, the disparity of provision across districts, inhabitants covered and the
cost per inhabitant covered; beside the baseline (no spending) and the other packages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from aimaq.errors import ValidationError
from aimaq.standards.targets import PROVISION_TARGETS
from aimaq.strategy.catalogue import Catalogue, Names, read_mapping
from aimaq.strategy.effects import in_scope

#: the SRS targets every package is judged against: (group, level %, year), from the one
#: definition of the official targets in :mod:`aimaq.standards.targets`
TARGETS = tuple(
    ("national" if t.area == "all" else t.area, t.value_pct, t.year) for t in PROVISION_TARGETS
)


class Package(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str = Field(pattern=r"^[A-Za-z0-9_\-]+$")
    title: Names | None = None
    rule: str
    budget: float = Field(gt=0)
    first_year: int = Field(alias="from", ge=1990, le=2100)
    last_year: int = Field(alias="to", ge=1990, le=2100)
    measures: dict[str, float] | list[str]

    def amounts(self) -> dict[str, float | None]:
        if isinstance(self.measures, list):
            return dict.fromkeys(self.measures, None)
        return dict(self.measures)


def load_package(path: str | Path, catalogue: Catalogue) -> Package:
    """Read and check a package file; errors name the file and the field."""
    file = Path(path)
    raw = read_mapping(file, "name, rule, budget, measures")
    try:
        pkg = Package.model_validate(raw)
    except PydanticError as exc:
        err = exc.errors()[0]
        field = ".".join(str(x) for x in err["loc"])
        raise ValidationError(f"{file}: field {field!r}: {err['msg']}") from exc
    from aimaq.planning.rules import RULES

    if pkg.rule not in RULES:
        raise ValidationError(
            f"{file}: field 'rule': unknown rule {pkg.rule!r}; known: {list(RULES)}"
        )
    if pkg.last_year < pkg.first_year:
        raise ValidationError(
            f"{file}: field 'to': {pkg.last_year} is before 'from' {pkg.first_year}"
        )
    known = {m.id for m in catalogue.measures}
    amounts = pkg.amounts()
    if not amounts:
        raise ValidationError(f"{file}: field 'measures': the package names no measure")
    for mid, amount in amounts.items():
        if mid not in known:
            raise ValidationError(
                f"{file}: field 'measures.{mid}': no measure {mid!r} in the catalogue; known: {sorted(known)}"
            )
        if amount is not None and amount <= 0:
            raise ValidationError(
                f"{file}: field 'measures.{mid}': amount must be positive; got {amount}"
            )
    given = [a for a in amounts.values() if a is not None]
    if given and len(given) != len(amounts):
        raise ValidationError(f"{file}: field 'measures': give an amount for every measure or none")
    if given and sum(given) > pkg.budget * (1 + 1e-9):
        raise ValidationError(
            f"{file}: field 'measures': the measures cost {sum(given):,.0f} KZT a year, over the "
            f"package's budget of {pkg.budget:,.0f}"
        )
    funded = [m for m in amounts if catalogue.measure(m).effect == "srs_roadmap"]
    if not funded:
        raise ValidationError(
            f"{file}: field 'measures': none of {list(amounts)} has an effect on the SRS gaps, "
            "so the package cannot be judged on the roadmap"
        )
    return pkg


@dataclass(frozen=True)
class PackageResult:
    name: str
    summary: dict[str, Any]
    trajectory: pd.DataFrame
    notes: tuple[str, ...]
    effects: tuple[dict[str, Any], ...] = ()


def _overlap(a: Any, b: Any) -> bool:
    areas = a.area == "all" or b.area == "all" or a.area == b.area
    spheres = not a.spheres or not b.spheres or bool(set(a.spheres) & set(b.spheres))
    return areas and spheres


def _gained(problem: Any, start: np.ndarray, years: list[int]) -> pd.DataFrame:
    """Gaps closed by a plan in each settlement by the end of each year (settlement x year)."""
    done = start + problem.projects["duration_years"].to_numpy() - 1
    katos = problem.settlements["kato"].to_numpy()
    out = {}
    for y in years:
        finished = ((start >= 0) & (done <= y)).astype(float)
        out[y] = np.asarray(problem.cover.T @ finished).ravel()
    return pd.DataFrame(out, index=katos)


def _provision(settlements: pd.DataFrame, gained: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """National, urban and rural provision by year (the published measure: the mean of
    settlement shares) with ``gained`` gaps closed."""
    s = settlements[settlements["n_applicable"] > 0].set_index("kato")
    g = gained.reindex(s.index).fillna(0.0)
    urban = s["urban"].astype(bool)
    rows = []
    for y in years:
        share = (s["n_met"] + (g[y] if y in g.columns else 0.0)) / s["n_applicable"]
        rows.append(
            {
                "year": y,
                "national": 100 * float(share.mean()),
                "urban": 100 * float(share[urban].mean()) if urban.any() else np.nan,
                "rural": 100 * float(share[~urban].mean()) if (~urban).any() else np.nan,
            }
        )
    return pd.DataFrame(rows)


def _district_theil(settlements: pd.DataFrame, gained: pd.Series) -> float:
    """Theil T of provision across districts (population-weighted) at the horizon's end."""
    from aimaq.analysis.inequality import theil_t

    s = settlements[settlements["n_applicable"] > 0].set_index("kato")
    share = (s["n_met"] + gained.reindex(s.index).fillna(0.0)) / s["n_applicable"]
    frame = pd.DataFrame({"d": s["district_kato"], "share": share, "pop": s["population"]})
    out = frame.groupby("d").agg(share=("share", "mean"), pop=("pop", "sum"))
    out = out[out["pop"] > 0]
    return round(float(theil_t(100 * out["share"].to_numpy(), out["pop"].to_numpy())), 6)


def _summarise(
    name: str,
    rule: str,
    budget: float,
    spent: float,
    projects: int,
    settlements: pd.DataFrame,
    gained: pd.DataFrame,
    years: list[int],
) -> tuple[dict[str, Any], pd.DataFrame]:
    traj = _provision(settlements, gained, years)
    last = years[-1]
    summary: dict[str, Any] = {
        "package": name,
        "rule": rule,
        "budget_kzt_a_year": budget,
        "spent_kzt": spent,
        "projects": projects,
    }
    for group in ("national", "urban", "rural"):
        summary[f"{group}_{last}"] = round(float(traj[group].iloc[-1]), 2)
    for group, level, year in TARGETS:
        reached = traj.loc[traj[group] >= level - 1e-9, "year"]
        met_in = int(reached.iloc[0]) if len(reached) else None
        summary[f"{group}_{level:g}_met_in"] = met_in
        summary[f"{group}_{level:g}_by_{year}"] = met_in is not None and met_in <= year
    end = gained[last] if last in gained.columns else pd.Series(dtype=float)
    summary["theil_districts"] = _district_theil(settlements, end)
    touched = list(end[end > 0].index) if len(end) else []
    pop = settlements.set_index("kato")["population"]
    covered = float(pop.reindex(touched).sum())
    summary["inhabitants_covered"] = covered
    summary["cost_per_inhabitant_kzt"] = round(spent / covered, 1) if covered > 0 else None
    return summary, traj.assign(package=name)


def run_package(
    pkg: Package, planning: Any, catalogue: Catalogue, *, time_limit: float = 60.0
) -> PackageResult:
    """Fund each measure's gaps from its amount under the package's rule; judge the whole."""
    from aimaq.planning.rules import allocate

    years = list(range(pkg.first_year, pkg.last_year + 1))
    amounts = pkg.amounts()
    funded = [m for m in amounts if catalogue.measure(m).effect == "srs_roadmap"]
    notes: list[str] = [planning.label]
    for i, a in enumerate(funded):
        for b in funded[i + 1 :]:
            if _overlap(catalogue.measure(a).funds, catalogue.measure(b).funds):
                raise ValidationError(
                    f"package {pkg.name!r}: measures {a!r} and {b!r} fund the same gaps; "
                    "keep one of them"
                )
    if all(v is None for v in amounts.values()):
        amounts = dict.fromkeys(funded, pkg.budget / len(funded))
        notes.append(f"no amounts given: the budget is split equally over {len(funded)} measure(s)")
    for m in pkg.amounts():
        if m not in funded:
            notes.append(f"{m}: no effect aimaq can quantify on the SRS gaps; not costed here")
    gained = pd.DataFrame(0.0, index=planning.settlements["kato"].to_numpy(), columns=years)
    spent = 0.0
    projects = 0
    effects: list[dict[str, Any]] = []
    for mid in funded:
        scope = catalogue.measure(mid).funds
        gaps = planning.gaps[in_scope(planning.gaps, scope)]
        if gaps.empty:
            notes.append(f"{mid}: no open gap in its scope")
            continue
        problem = _problem_for(planning, gaps, float(amounts[mid] or 0.0), pkg)
        alloc = allocate(problem, pkg.rule, time_limit=time_limit)
        spent += float(problem.projects.loc[alloc.start >= 0, "cost_kzt"].sum())
        projects += int((alloc.start >= 0).sum())
        own = _gained(problem, alloc.start, years)
        gained = gained.add(own, fill_value=0.0)
        notes.extend(f"{mid}: {n}" for n in alloc.notes)
        effects.append(_measured(mid, scope, planning.settlements, own, years))
    summary, traj = _summarise(
        pkg.name, pkg.rule, pkg.budget, spent, projects, planning.settlements, gained, years
    )
    return PackageResult(pkg.name, summary, traj, tuple(notes), tuple(effects))


def _measured(
    mid: str, scope: Any, settlements: pd.DataFrame, own: pd.DataFrame, years: list[int]
) -> dict[str, Any]:
    """One measure's own change of provision, measured on its share of the plan alone."""
    group = "national" if scope.area == "all" else scope.area
    none = pd.DataFrame(0.0, index=own.index, columns=years)
    before = float(_provision(settlements, none, years)[group].iloc[-1])
    after = float(_provision(settlements, own, years)[group].iloc[-1])
    return {
        "measure": mid,
        "indicator": f"SRS provision, {group}, % (mean of settlement shares)",
        "year": years[-1],
        "before": round(before, 2),
        "after": round(after, 2),
        "change": round(after - before, 2),
        "gaps_closed": round(float(own[years[-1]].sum()), 1),
    }


def shock_exposure(store: Any, catalogue: Catalogue, pkg: Package) -> list[dict[str, Any]]:
    """For each measure of the package stress-tested by a town shock, the shock's before and
    after in every tagged single-industry town: what it guards against, not its effect."""
    from aimaq.strategy.effects import shock_effect
    from aimaq.territory.frames import territory_frames

    tags = territory_frames().tag
    if "territory_tag" in store.table_names():
        tags = store.query("select kato, tag from territory_tag")
    towns = sorted(set(tags.loc[tags["tag"] == "single_industry_town", "kato"].astype(str)))
    out = []
    for mid in pkg.amounts():
        m = catalogue.measure(mid)
        if m.effect == "town_shock" and m.shock is not None:
            out.append({"measure": mid, **shock_effect(store, towns, m.shock.share_of_employment)})
    return out


def _problem_for(planning: Any, gaps: pd.DataFrame, budget: float, pkg: Package) -> Any:
    from aimaq.planning.costs import load_cost_model
    from aimaq.planning.problem import RoadmapProblem

    return RoadmapProblem.from_gaps(
        gaps,
        planning.settlements,
        load_cost_model(),
        budget=budget,
        first_year=pkg.first_year,
        last_year=pkg.last_year,
        serving=planning.serving,
        support_radius_km=planning.support_radius_km,
    )


def baseline(planning: Any, first_year: int, last_year: int) -> PackageResult:
    """No spending: provision stays where the registry has it."""
    years = list(range(first_year, last_year + 1))
    gained = pd.DataFrame(0.0, index=planning.settlements["kato"].to_numpy(), columns=years)
    summary, traj = _summarise("baseline", "none", 0.0, 0.0, 0, planning.settlements, gained, years)
    return PackageResult("baseline", summary, traj, (planning.label,))


def ex_post(
    store: Any,
    *,
    indicator: str = "grp_per_capita",
    covariate: str = "investment_per_capita",
    first: int = 2010,
    last: int = 2022,
) -> dict[str, Any]:
    """Whether regions with more of ``covariate`` in ``first`` converged faster.

    Conditional beta convergence of ``indicator`` over ``first``-``last`` with the
    covariate's first-year value as a control (HC1 standard errors, a t interval with the
    residual degrees of freedom). The wording is associative: the data cannot tell cause.
    """
    from scipy import stats

    from aimaq.analysis.stored import convergence_from_store

    result = convergence_from_store(
        store, indicator, first, last, controls=[covariate], borders="harmonise"
    )
    beta = result["beta"]
    first, last = int(result["from"]), int(result["to"])  # the years with data
    coef = float(beta["controls"][covariate])
    se = float(beta["controls_se"][covariate])
    dof = int(beta.get("df") or max(int(beta["n"]) - 3, 1))  # residual degrees of freedom
    half = float(stats.t.ppf(0.975, dof)) * se
    low, high = coef - half, coef + half
    if low > 0:
        finding = "higher {cov} in {first} went with faster growth of {ind}"
    elif high < 0:
        finding = "higher {cov} in {first} went with slower growth of {ind}"
    else:
        finding = "no clear association between {cov} in {first} and the growth of {ind}"
    return {
        "indicator": indicator,
        "covariate": covariate,
        "from": first,
        "to": last,
        "territories": int(beta["n"]),
        "beta": float(beta["beta"]),
        "beta_se": float(beta["beta_se"]),
        "coefficient": coef,
        "coefficient_se": se,
        "interval_95": [low, high],
        "degrees_of_freedom": dof,
        "finding": finding.format(cov=covariate, ind=indicator, first=first)
        + f", {first}-{last}, holding the initial level fixed (an association, not a cause)",
        "years_without_data": list(result.get("years_without_data") or []),
        "borders": result.get("borders"),
        "dropped": result.get("incomplete"),
    }
