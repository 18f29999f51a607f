"""A territory's diagnosis: strengths and weaknesses against the nation and its peers,
the trend of each, SRS gaps by sphere, KPI status, tags, the economic profile
(specialisation and leading sector of employment, from :mod:`aimaq.economy`) and a
problem class.

The rules, with their thresholds (``THRESHOLDS``; assumptions, not policy):

- only rates, shares, per-capita figures and indices are compared (totals such as persons
  or million KZT depend on the territory's size);
- an indicator is a *strength* when it is better than the national value by at least
  ``relative`` (10%) in the direction of its polarity, a *weakness* when worse by as much;
- its trend is *improving* or *worsening* by the sign of the least-squares slope over the
  last ``trend_years`` (5) annual values, times its polarity, *flat* within 0.5% a year;
- the problem class comes from the Lagging-territory index for regions and the District
  structure index for districts (rank 1 = most problematic in both) and its 5-95% rank
  interval over n units: *high* when the whole interval lies within the first
  third of ranks, *low* when it lies within the last third, *medium* otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from aimaq.strategy.fiscal import FiscalFigure, fiscal_figures
from aimaq.strategy.store_facts import COUNTRY, LevelFacts

_NAME_COLUMN = {"kk": "name_kk", "ru": "name_ru", "en": "name_en"}
#: units of totals, which depend on a territory's size and are not compared with the nation
EXTENSIVE_UNITS = frozenset({"persons", "million KZT", "billion KZT", "thousand", "units"})
#: the index whose rank sets the problem class at each level (rank 1 = most problematic)
PROBLEM_INDEX = {"region": "lagging", "district": "district_structure"}
THRESHOLDS: dict[str, Any] = {"relative": 0.10, "trend_years": 5, "flat": 0.005}


@dataclass(frozen=True)
class Finding:
    """One indicator of a territory against the nation and its peers."""

    indicator: str
    name: str
    unit: str
    polarity: int
    value: float
    year: int
    national: float | None
    peer: float | None
    relative: float | None  # signed so that > 0 is better than the nation
    verdict: str  # strength | weakness | average
    trend: str  # improving | worsening | flat | unknown
    trend_years: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Diagnosis:
    kato: str
    level: str
    strengths: tuple[Finding, ...]
    weaknesses: tuple[Finding, ...]
    average: tuple[Finding, ...]
    srs_gaps: dict[str, float | None]
    srs_label: str
    kpis: tuple[dict[str, Any], ...]
    tags: tuple[str, ...]
    problem_class: str
    problem_evidence: str
    peer_group: str
    notes: tuple[str, ...] = field(default_factory=tuple)
    problem_rank: int | None = None
    problem_units: int | None = None
    problem_year: int | None = None
    problem_interval: tuple[int, int] | None = None
    economy: dict[str, Any] = field(default_factory=dict)
    fiscal: tuple[FiscalFigure, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for key in ("strengths", "weaknesses", "average"):
            out[key] = [f.as_dict() for f in getattr(self, key)]
        out["kpis"] = list(self.kpis)
        out["tags"] = list(self.tags)
        out["notes"] = list(self.notes)
        out["fiscal"] = [f.as_dict() for f in self.fiscal]
        out["problem_interval"] = list(self.problem_interval) if self.problem_interval else None
        return out


def problem_class(rank: float, low: float | None, high: float | None, n: int) -> str:
    """The documented rule: ``high`` / ``medium`` / ``low`` from a rank and its interval.

    Examples
    --------
    >>> problem_class(2, 1, 4, 20), problem_class(10, 4, 15, 20), problem_class(19, 16, 20, 20)
    ('high', 'medium', 'low')
    """
    third = math.ceil(n / 3)
    lo = rank if low is None else low
    hi = rank if high is None else high
    if hi <= third:
        return "high"
    if lo > n - third:
        return "low"
    return "medium"


def _findings(facts: LevelFacts, kato: str, lang: str) -> list[Finding]:
    catalogue = facts.store.query(
        f"select id, coalesce({_NAME_COLUMN[_lang(lang)]}, name_en) as name, unit, polarity "
        "from indicator where polarity <> 0 order by id"
    )
    terr = facts.of(kato)
    out: list[Finding] = []
    for row in catalogue.itertuples(index=False):
        ind = str(row.id)
        if str(row.unit) in EXTENSIVE_UNITS:
            continue
        own = terr.indicator(ind)
        if own.value is None or own.year is None:
            continue
        nat = terr.national(ind, own.year)
        peer = terr.peer(ind, own.year)
        pol = int(str(row.polarity))
        rel = None
        verdict = "average"
        if nat.value is not None and float(nat.value) != 0:  # type: ignore[arg-type]
            rel = pol * (float(own.value) - float(nat.value)) / abs(float(nat.value))  # type: ignore[arg-type]
            if rel >= THRESHOLDS["relative"]:
                verdict = "strength"
            elif rel <= -THRESHOLDS["relative"]:
                verdict = "weakness"
        tr = terr.trend(ind, int(THRESHOLDS["trend_years"]))
        trend = "unknown"
        if tr.value is not None:
            scale = abs(float(own.value)) or 1.0
            per_year = pol * float(tr.value) / scale  # type: ignore[arg-type]
            trend = (
                "flat"
                if abs(per_year) < THRESHOLDS["flat"]
                else ("improving" if per_year > 0 else "worsening")
            )
        out.append(
            Finding(
                indicator=ind,
                name=str(row.name),
                unit=str(row.unit),
                polarity=pol,
                value=float(own.value),  # type: ignore[arg-type]
                year=int(own.year),
                national=float(nat.value) if nat.value is not None else None,  # type: ignore[arg-type]
                peer=float(peer.value) if peer.value is not None else None,  # type: ignore[arg-type]
                relative=rel,
                verdict=verdict,
                trend=trend,
                trend_years=tr.note,
                source=own.source,
            )
        )
    return out


def _title(index_name: str) -> str:
    from aimaq.indices import resolve_definition

    return str(resolve_definition(index_name).title or index_name)


def _lang(lang: str) -> str:
    return lang if lang in {"kk", "ru", "en"} else "en"


def diagnose(facts: LevelFacts, kato: str, *, lang: str = "en") -> Diagnosis:
    """The diagnosis of one territory of ``facts.level``."""
    findings = _findings(facts, kato, lang)
    by_size = sorted(findings, key=lambda f: -abs(f.relative or 0.0))
    terr = facts.of(kato)
    long, srs_label = facts.srs
    gaps: dict[str, float | None] = {}
    if long is not None:
        for sphere in sorted(long["sphere"].dropna().unique()):
            gaps[str(sphere)] = terr.srs_gap(str(sphere), None).value  # type: ignore[assignment]
    kpis = tuple(
        {
            "target": r.target_id,
            "name": r.name,
            "status": r.status,
            "latest": r.latest_value,
            "year": r.latest_year,
            "reason": r.reason,
        }
        for (tid, k), r in facts.kpis.items()
        if k == kato
    )
    tags_map, _ = facts.tags
    tags = tuple(sorted(t for t, units in tags_map.items() if kato in units))
    notes: list[str] = []
    index_name = PROBLEM_INDEX.get(facts.level, "lagging")
    rank = terr.index_rank(index_name, None)
    structured: dict[str, Any] = {}
    if rank.value is None:
        pclass, evidence = "unknown", f"no {index_name} index: {rank.note}"
    else:
        result, intervals = facts.index(index_name)
        n = len(result.scores)
        lo = hi = None
        if intervals is not None:
            lo, hi = float(intervals.rank_low[kato]), float(intervals.rank_high[kato])
        pclass = problem_class(float(rank.value), lo, hi, n)  # type: ignore[arg-type]
        structured = {
            "problem_rank": int(rank.value),  # type: ignore[arg-type]
            "problem_units": n,
            "problem_year": rank.year,
            "problem_interval": (int(lo), int(hi)) if lo is not None and hi is not None else None,
        }
        evidence = (
            f"rank {int(rank.value)} of {n} in the {_title(index_name)} ({rank.year})"  # type: ignore[arg-type]
            + (f", {rank.note}" if rank.note else "")
        )
    if long is None:
        notes.append(f"SRS: {srs_label}")
    profiles, economy_note = facts.economy
    economy = profiles.get(kato, {})
    if not economy:
        notes.append(economy_note if not profiles else f"economic structure: no profile of {kato}")
    else:
        economy = {**economy, "source": economy_note}
    _, how = facts.peer_groups
    return Diagnosis(
        kato=kato,
        level=facts.level,
        strengths=tuple(f for f in by_size if f.verdict == "strength"),
        weaknesses=tuple(f for f in by_size if f.verdict == "weakness"),
        average=tuple(f for f in by_size if f.verdict == "average"),
        srs_gaps=gaps,
        srs_label=srs_label,
        kpis=kpis,
        tags=tags,
        problem_class=pclass,
        problem_evidence=evidence,
        peer_group=how if kato != COUNTRY else "",
        notes=tuple(notes),
        economy=economy,
        fiscal=fiscal_figures(facts, kato, lang),
        **structured,
    )
