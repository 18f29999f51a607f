"""Recommendations: the measures whose triggers fire, with the evidence that fired them.

Ranking: by severity (the relative margin by which the binding comparison of the trigger
holds, capped at 1; a trigger on tags alone has severity 0), then by the population of the
territory. A territory where no trigger fires gets no measure, and the reason: which
triggers were checked, and which could not be decided for want of which figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from aimaq.errors import ValidationError
from aimaq.strategy.catalogue import Catalogue, Measure, load_catalogue
from aimaq.strategy.diagnosis import Diagnosis, diagnose
from aimaq.strategy.effects import RoadmapBudget, cost_hint_effect, roadmap_effect, shock_effect
from aimaq.strategy.evaluate import Fact, evaluate
from aimaq.strategy.store_facts import LevelFacts, names_of

SYNTHETIC_NOTE = "built on the synthetic SRS registry"


@dataclass(frozen=True)
class Recommendation:
    measure: str
    name: str
    direction: str
    programme: str | None
    severity: float
    population: float | None
    evidence: tuple[Fact, ...]
    assumptions: tuple[str, ...]
    source: dict[str, Any]
    institutions: tuple[dict[str, str], ...]
    rationale: str
    trigger: str
    effect: dict[str, Any] | None = None
    synthetic: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["evidence"] = [f.as_dict() for f in self.evidence]
        out["assumptions"] = list(self.assumptions)
        out["institutions"] = list(self.institutions)
        if self.synthetic:
            out["note"] = SYNTHETIC_NOTE
        return out


@dataclass(frozen=True)
class Strategy:
    """One territory: its diagnosis, the measures that fire, and those undecided."""

    kato: str
    name: str
    level: str
    diagnosis: Diagnosis
    recommendations: tuple[Recommendation, ...]
    undecided: tuple[dict[str, Any], ...] = ()
    checked: int = 0
    no_measure_reason: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kato": self.kato,
            "name": self.name,
            "level": self.level,
            "diagnosis": self.diagnosis.as_dict(),
            "recommendations": [r.as_dict() for r in self.recommendations],
            "undecided": list(self.undecided),
            "measures_checked": self.checked,
            "no_measure_reason": self.no_measure_reason,
            "notes": list(self.notes),
        }


def _effect(
    facts: LevelFacts, m: Measure, kato: str, roadmap: RoadmapBudget | None, planning: Any
) -> dict[str, Any] | None:
    if m.effect == "srs_roadmap" and m.funds is not None:
        if roadmap is None or planning is None:
            return cost_hint_effect(facts, kato)
        return roadmap_effect(planning, kato, m.funds, roadmap)
    if m.effect == "town_shock" and m.shock is not None:
        towns = facts.of(kato).tagged_units("single_industry_town")
        return shock_effect(facts.store, towns, m.shock.share_of_employment)
    return None


def _population(facts: LevelFacts, kato: str) -> float | None:
    fact = facts.of(kato).indicator("population_avg")
    if fact.value is None:
        fact = facts.of(kato).indicator("population_jan1")
    return float(fact.value) if fact.value is not None else None  # type: ignore[arg-type]


def _recommend_one(
    facts: LevelFacts,
    cat: Catalogue,
    kato: str,
    lang: str,
    names: dict[str, str],
    roadmap: RoadmapBudget | None = None,
    planning: Any = None,
) -> Strategy:
    terr = facts.of(kato)
    fired: list[Recommendation] = []
    undecided: list[dict[str, Any]] = []
    measures: list[Measure] = [m for m in cat.measures if facts.level in m.levels]
    population = _population(facts, kato)
    for m in measures:
        out = evaluate(m.rule, terr)
        if out.fired is None:
            undecided.append({"measure": m.id, "missing": list(dict.fromkeys(out.missing))})
            continue
        if not out.fired:
            continue
        synthetic = any("synthetic" in (f.source + f.note) for f in out.evidence)
        fired.append(
            Recommendation(
                measure=m.id,
                name=m.name.get(lang),
                direction=cat.direction(m.direction).name.get(lang),
                programme=m.programme,
                severity=round(min(1.0, out.margin), 4),
                population=population,
                evidence=out.evidence,
                assumptions=tuple(m.assumptions()),
                source=m.source.model_dump(exclude_none=True),
                institutions=tuple(
                    {
                        "id": i,
                        "name": cat.institution(i).name.get(lang),
                        "role": cat.institution(i).role.get(lang),
                    }
                    for i in m.institutions
                ),
                rationale=m.rationale.get(lang),
                trigger=m.trigger,
                effect=_effect(facts, m, kato, roadmap, planning),
                synthetic=synthetic,
            )
        )
    fired.sort(key=lambda r: (-r.severity, -(r.population or 0.0), r.measure))
    reason = None
    if not fired:
        reason = f"none of the {len(measures)} measures for the {facts.level} level fired" + (
            f"; {len(undecided)} could not be decided for want of data" if undecided else ""
        )
    return Strategy(
        kato=kato,
        name=names.get(kato, kato),
        level=facts.level,
        diagnosis=diagnose(facts, kato, lang=lang),
        recommendations=tuple(fired),
        undecided=tuple(undecided),
        checked=len(measures),
        no_measure_reason=reason,
    )


def recommend(
    store: Any,
    *,
    katos: list[str] | None = None,
    level: str | None = None,
    lang: str = "en",
    catalogue: Catalogue | None = None,
    index_draws: int = 200,
    roadmap: RoadmapBudget | None = None,
) -> list[Strategy]:
    """Strategies for the given territories (all of ``level`` when ``katos`` is None).

    ``roadmap``: an annual budget and horizon; each fired measure on the SRS gaps then gets
    the territory's own roadmap over its gaps (one solve per measure and territory).
    """
    if lang not in {"kk", "ru", "en"}:
        raise ValidationError(f"language must be kk, ru or en; got {lang!r}")
    cat = catalogue or load_catalogue()
    units = store.query("select kato, level from territory")
    level_of = dict(zip(units.kato, units.level, strict=True))
    if katos:
        unknown = [k for k in katos if k not in level_of]
        if unknown:
            raise ValidationError(f"no territory {unknown[0]!r} in the database")
        levels = {level_of[k] for k in katos}
        if len(levels) > 1:
            raise ValidationError(f"give territories of one level; got {sorted(levels)}")
        lvl = levels.pop()
    else:
        lvl = level or "region"
    if lvl not in {"region", "district"}:
        raise ValidationError(
            f"recommendations are made for regions and districts; {katos or lvl} is a {lvl}"
        )
    facts = LevelFacts(store, lvl, index_draws=index_draws)
    names = dict(names_of(facts.units, lang))
    chosen = katos or list(facts.units.kato)
    planning = None
    if roadmap is not None:
        from aimaq.planning.inputs import from_store

        planning = from_store(store)
        planning.check_horizon(roadmap.first_year)
    return [_recommend_one(facts, cat, k, lang, names, roadmap, planning) for k in chosen]


def recommendations_frame(strategies: list[Strategy]) -> pd.DataFrame:
    """One row per (territory, recommendation), for CSV and Excel."""
    rows: list[dict[str, Any]] = []
    for s in strategies:
        if not s.recommendations:
            rows.append(
                {
                    "kato": s.kato,
                    "territory": s.name,
                    "measure": None,
                    "reason": s.no_measure_reason,
                }
            )
        for rank, r in enumerate(s.recommendations, start=1):
            rows.append(
                {
                    "kato": s.kato,
                    "territory": s.name,
                    "problem_class": s.diagnosis.problem_class,
                    "rank": rank,
                    "measure": r.measure,
                    "name": r.name,
                    "severity": r.severity,
                    "evidence": "; ".join(
                        f"{f.what} = {_fmt(f.value)}" + (f" ({f.year})" if f.year else "")
                        for f in r.evidence
                    ),
                    "institutions": ", ".join(i["name"] for i in r.institutions),
                    "source": r.source.get("document", ""),
                    "assumptions": "; ".join(r.assumptions),
                    "note": SYNTHETIC_NOTE if r.synthetic else "",
                }
            )
    return pd.DataFrame(rows)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e5 else f"{value:,.0f}"
    return str(value)
