"""Disparities and convergence of stored indicators, read through :class:`Store`.

Population weights come from the catalogue's population series: the average annual
population of the year (``population_avg``) where stored, else the mean of the
1 January figures of the year and the next (``population_jan1``), else the one of them that
is stored. The report names the series it used.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from aimaq.analysis import convergence
from aimaq.analysis import groups as tagging
from aimaq.analysis.borders import (
    KNOWN_REGION_CHANGES,
    BorderChange,
    BorderTreatment,
    changes_from_frame,
    consistent_panel,
    harmonise_panel,
)
from aimaq.analysis.coverage import (
    MIN_COVERAGE,
    Coverage,
    PartialCoverage,
    absent_units,
    never_stored,
)
from aimaq.analysis.population import (
    old_border_population,
    population_share,
    population_weights,
)
from aimaq.analysis.report import disparity_report
from aimaq.data.store import Store, canonical_dims
from aimaq.errors import Advice, ValidationError

__all__ = [
    "PartialCoverage",
    "border_changes",
    "convergence_from_store",
    "disparity_from_store",
    "indicator_values",
    "population_weights",
    "tag_comparison_from_store",
]

LEVELS = ("country", "region", "district", "okrug", "settlement")
WeightMode = Literal["population", "none"]
_PLURAL = {"region": "regions", "district": "districts", "okrug": "rural okrugs"}
_PLURAL.update(settlement="settlements", country="countries")


def _period_for(frame: pd.DataFrame, year: str) -> str | None:
    periods = sorted(set(frame["period"].astype(str)))
    if year in periods:
        return year
    dated = [p for p in periods if p.startswith(f"{year}-")]
    return dated[0] if dated else None


def indicator_values(
    store: Store, indicator: str, year: str, level: str, dims: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, str]:
    """One indicator for every unit of ``level`` in ``year``: totals (``dims = {}``) or the
    breakdown ``dims`` (e.g. ``{"area": "rural"}``).

    Returns the rows (``kato, name_en, parent_kato, value``) and the period used: the
    annual period ``year`` or, for dated indicators, the first date in that year.
    """
    if level not in LEVELS:
        raise ValidationError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")
    known = store.query("select id from indicator where id = ?", [indicator])
    if known.empty:
        raise ValidationError(f"unknown indicator {indicator!r}", advice=Advice.indicators)
    rows = store.observations(indicator, level=level, dims=dims or {})
    if rows.empty:
        which = f" for {canonical_dims(dims)}" if dims else ""
        raise ValidationError(f"no stored values of {indicator!r}{which} at level {level!r}")
    period = _period_for(rows, str(year))
    if period is None:
        years = sorted({p[:4] for p in rows["period"].astype(str)})
        raise ValidationError(
            f"no values of {indicator!r} for {year} at level {level!r}; stored years: "
            f"{', '.join(years[:3])}{' ... ' if len(years) > 3 else ''}{years[-1] if len(years) > 3 else ''}"
        )
    rows = rows[rows["period"].astype(str) == period]
    return rows[["kato", "name_en", "parent_kato", "value"]].reset_index(drop=True), period


def _ancestors(store: Store, katos: Sequence[str], levels: Sequence[str]) -> dict[str, list[str]]:
    """For each coarser level, the ancestor code of every unit (by the parent chain)."""
    tree = store.query("select kato, parent_kato, level from territory")
    parent = dict(zip(tree.kato, tree.parent_kato, strict=True))
    level_of = dict(zip(tree.kato, tree.level, strict=True))
    out: dict[str, list[str]] = {lv: [] for lv in levels}
    for kato in katos:
        chain: dict[str, str] = {}
        code: str | None = parent.get(kato)
        while code is not None and code in level_of and code not in chain.values():
            chain.setdefault(level_of[code], code)
            code = parent.get(code)
        for lv in levels:
            if lv not in chain:
                raise ValidationError(f"territory {kato} has no ancestor at level {lv!r}")
            out[lv].append(chain[lv])
    return out


def disparity_from_store(
    store: Store,
    indicator: str,
    year: str | int,
    *,
    levels: Sequence[str] = ("region",),
    weight: WeightMode = "population",
    by: str | None = None,
    permutations: int = 0,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    with_lorenz: bool = False,
    allow_partial: bool = False,
    min_coverage: float = MIN_COVERAGE,
    tag: str | None = None,
) -> dict[str, Any]:
    """The disparity report of a stored indicator across the units of the finest level
    (only those that carry the territory tag ``tag`` in the period, when given).

    ``levels`` lists nested levels, outermost first; the last is the unit level and the
    others are the groupings of the decomposition (``("region", "district")``: districts,
    decomposed into between and within regions). ``by`` names a breakdown dimension
    (``"area"``): each unit then enters once per value (urban, rural) with the population
    of that part, and the breakdown is the outermost level of the decomposition
    (urban/rural gap first, then regions inside urban and inside rural areas).

    Every unit of the level that existed in the period and has no value is listed in
    ``excluded`` with the reason, and ``coverage`` gives the share of units (and of their
    population) measured. Below ``min_coverage`` of either the measure is refused with
    :class:`~aimaq.analysis.coverage.PartialCoverage`, unless ``allow_partial``.
    """
    levels = [lv.strip() for lv in levels if lv.strip()]
    if not levels:
        raise ValidationError("give at least one level (e.g. region)", argument="levels")
    order = [LEVELS.index(lv) if lv in LEVELS else -1 for lv in levels]
    if -1 in order:
        bad = levels[order.index(-1)]
        raise ValidationError(f"unknown level {bad!r}; levels are {', '.join(LEVELS)}")
    if order != sorted(order) or len(set(order)) != len(order):
        raise ValidationError(f"levels must go from coarse to fine without repeats; got {levels}")
    if weight not in ("population", "none"):
        raise ValidationError(f"weight must be 'population' or 'none'; got {weight!r}")
    unit_level = levels[-1]
    parts = [None] if by is None else [{by: v} for v in _breakdown(store, indicator, by)]
    frames, weight_parts, sources, periods = [], [], set(), set()
    excluded: dict[str, str] = {}
    expected_total, population_parts, names = 0, [], {}
    for dims in parts:
        rows, period = indicator_values(store, indicator, str(year), unit_level, dims)
        absent, expected = absent_units(store, indicator, unit_level, period, rows, dims)
        if tag is not None:
            carriers = tagging.tag_filter(
                store, expected.kato.astype(str), tag, period, level=unit_level
            )
            rows = rows[rows.kato.astype(str).isin(carriers)]
            expected = expected[expected.kato.astype(str).isin(carriers)]
            absent = {k: why for k, why in absent.items() if k in carriers}
        tag_key = "" if dims is None else f" {canonical_dims(dims)}"
        for kato in rows.kato[rows.value.isna()]:
            excluded[f"{kato}{tag_key}"] = "no value (missing in the source)"
        excluded.update({f"{kato}{tag_key}": why for kato, why in absent.items()})
        expected_total += len(expected)
        names.update(
            {f"{k}{tag_key}": str(n) for k, n in zip(expected.kato, expected.name_en, strict=True)}
        )
        population_parts.append(population_share(store, expected, rows, str(year)[:4], dims))
        rows = rows[rows.value.notna()].assign(split="" if dims is None else dims[str(by)])
        periods.add(period)
        if weight == "population" and len(rows):
            series, source = population_weights(
                store, rows.kato.astype(str).tolist(), str(year)[:4], dims
            )
            weight_parts.append(series.to_numpy())
            sources.add(source + tag_key)
        frames.append(rows)
    rows = pd.concat(frames, ignore_index=True)
    if rows.empty:
        raise ValidationError(f"every stored value of {indicator!r} for {year} is missing")
    if len(periods) > 1:
        raise ValidationError(
            f"the {by} breakdown of {indicator!r} mixes periods {sorted(periods)}"
        )
    shares = [p for p in population_parts if p is not None]
    coverage = Coverage(
        units=len(rows),
        expected=max(expected_total, len(rows)),
        population_share=float(np.mean(shares)) if len(shares) == len(population_parts) else None,
        threshold=min_coverage,
        excluded=dict(sorted(excluded.items())),
        names={k: names.get(k, "") for k in excluded},
    )
    if not coverage.sufficient and not allow_partial:
        raise PartialCoverage(f"{indicator} {year}", coverage, _PLURAL.get(unit_level, "units"))
    period = periods.pop()
    weights = np.concatenate(weight_parts) if weight == "population" else None
    katos = rows.kato.astype(str).tolist()
    groups: dict[str, list[str]] = {}
    if by is not None:
        groups[str(by)] = rows.split.astype(str).tolist()
    if len(levels) > 1:
        groups.update(_ancestors(store, katos, levels[:-1]))
    report = disparity_report(
        rows.value.to_numpy(),
        groups,
        weights,
        permutations=permutations,
        seed=seed,
        progress=progress,
        with_lorenz=with_lorenz,
        labels=[
            k if not split else f"{k} {split}"
            for k, split in zip(katos, rows.split.astype(str), strict=True)
        ],
    )
    return {
        "indicator": indicator,
        "period": period,
        "unit_level": unit_level,
        "by": by,
        "tag": tag,
        "weight": "; ".join(sorted(sources)) if sources else "none",
        **report,
        "coverage": coverage.to_dict(),
        "excluded": dict(coverage.excluded),
    }


def _breakdown(store: Store, indicator: str, key: str) -> list[str]:
    """The values of the dimension ``key`` (e.g. urban, rural) of an indicator's breakdown."""
    found = store.query(
        "select distinct dims from observation where indicator_id = ?", [indicator]
    ).dims
    values = sorted({str(d[key]) for d in (json.loads(x) for x in found) if set(d) == {key}})
    if len(values) < 2:
        raise ValidationError(
            f"{indicator!r} has no breakdown by {key!r} (stored dims: "
            f"{', '.join(sorted(set(found))[:6])})"
        )
    return values


def border_changes(store: Store) -> tuple[BorderChange, ...]:
    """The stored ``territory_change`` rows, or the known region changes if there are none."""
    frame = store.query("select old_kato, new_kato, date, kind from territory_change")
    return changes_from_frame(frame) if len(frame) else KNOWN_REGION_CHANGES


def _wide(store: Store, indicator: str, first: int, last: int, level: str) -> pd.DataFrame:
    rows = store.observations(indicator, level=level, dims={})
    rows = rows[rows.period.astype(str).str.fullmatch(r"\d{4}")]
    rows = rows.assign(year=rows.period.astype(int))
    rows = rows[(rows.year >= first) & (rows.year <= last)]
    wide = rows.pivot_table(index="kato", columns="period", values="value", aggfunc="first")
    return wide.reindex(columns=[str(y) for y in range(first, last + 1)])


def _controls(
    store: Store, indicators: Sequence[str], katos: list[str], year: int, level: str
) -> dict[str, np.ndarray] | None:
    """First-year values of the control indicators for the panel's territories."""
    out: dict[str, np.ndarray] = {}
    for indicator in indicators:
        rows, _ = indicator_values(store, indicator, str(year), level)
        values = rows.set_index(rows.kato.astype(str))["value"].reindex(katos)
        if values.isna().any():
            lacking = values.index[values.isna()].tolist()
            raise ValidationError(f"control {indicator!r} has no value in {year} for {lacking}")
        out[indicator] = values.to_numpy(dtype=float)
    return out or None


def convergence_from_store(
    store: Store,
    indicator: str,
    first: int,
    last: int,
    *,
    level: str = "region",
    borders: BorderTreatment = "consistent",
    weight: WeightMode = "none",
    classes: int = 4,
    sigma_measure: convergence.SigmaMeasure = "sd_log",
    controls: Sequence[str] = (),
    allow_partial: bool = False,
    min_coverage: float = MIN_COVERAGE,
) -> dict[str, Any]:
    """Sigma and beta convergence and the Markov chain of a stored annual indicator.

    Territories crossed by a border change inside ``first..last`` are dropped
    (``borders="consistent"``) or merged back into their old borders with population
    weights (``borders="harmonise"``). Territories without a value in every year are
    dropped and listed. ``controls`` are stored indicators whose values in the first year
    enter the beta regression as they are (conditional beta convergence).

    ``excluded`` lists every unit of the level left out of the panel with the reason (a
    missing year, no value at all, a border change under ``consistent``). Units missing
    values count against ``min_coverage`` (border changes do not: they are the treatment
    asked for); below it the panel is refused with
    :class:`~aimaq.analysis.coverage.PartialCoverage` unless ``allow_partial``.
    """
    if last <= first:
        raise ValidationError(
            f"the last year ({last}) must be after the first ({first})", argument=("first", "last")
        )
    wide = _wide(store, indicator, first, last, level)
    if wide.empty:
        raise ValidationError(
            f"no annual values of {indicator!r} at level {level!r} in {first}-{last}"
        )
    changes = border_changes(store)
    pop: pd.DataFrame | None = None
    if borders == "harmonise" or weight == "population":
        pop = _wide(store, "population_avg", first, last, level)
    if borders == "consistent":
        panel, dropped = consistent_panel(wide, changes)
        treatment: dict[str, Any] = {"borders": "consistent", "dropped": dropped}
    elif borders == "harmonise":
        panel, merged = harmonise_panel(wide, changes, weights=pop, how="mean")
        assert pop is not None
        pop = old_border_population(pop, changes)
        treatment = {"borders": "harmonise", "merged_into": merged}
    else:
        raise ValidationError(f"borders must be 'consistent' or 'harmonise'; got {borders!r}")
    empty_years = [str(c) for c in panel.columns if panel[c].isna().all()]
    panel = panel.drop(columns=empty_years)
    treatment["years_without_data"] = empty_years
    gaps = panel.index[panel.isna().any(axis=1)].astype(str).tolist()
    excluded = {
        str(k): "no value for " + ", ".join(str(c) for c in panel.columns[panel.loc[k].isna()])
        for k in gaps
    }
    panel = panel.drop(index=gaps)
    treatment["incomplete"] = gaps
    excluded.update(never_stored(store, level, first, last, wide, changes))
    coverage = Coverage(
        units=len(panel),
        expected=len(panel) + len(excluded),
        population_share=None,
        threshold=min_coverage,
        excluded=dict(sorted(excluded.items())),
    )
    if len(panel) < 3:
        raise ValidationError(
            f"only {len(panel)} territories have values in every year {first}-{last}; "
            "convergence needs at least 3"
        )
    if not coverage.sufficient and not allow_partial:
        raise PartialCoverage(f"{indicator} {first}-{last}", coverage, _PLURAL.get(level, "units"))
    treatment["excluded"] = {
        **dict(coverage.excluded),
        **{k: f"borders changed: {why}" for k, why in treatment.get("dropped", {}).items()},
    }
    treatment["coverage"] = coverage.to_dict()
    weights_panel = None
    if weight == "population":
        assert pop is not None
        weights_panel = pop.reindex(index=panel.index, columns=panel.columns)
        if weights_panel.isna().any().any():
            lacking = weights_panel.index[weights_panel.isna().any(axis=1)].tolist()
            raise ValidationError(
                f"no population_avg for {lacking} in some years; use none", argument="weight"
            )
    years = [int(c) for c in panel.columns]
    if len(years) < 2:
        raise ValidationError(
            f"{indicator!r} has values in only {len(years)} year(s) of {first}-{last}"
        )
    values = panel.to_numpy(dtype=float)
    w = None if weights_panel is None else weights_panel.to_numpy(dtype=float)
    sigma = (
        convergence.sigma_convergence(values, years, w, measure=sigma_measure)
        if len(years) >= 3
        else None
    )
    beta = convergence.beta_convergence(
        values[:, 0],
        values[:, -1],
        years[-1] - years[0],
        weights=None if w is None else w[:, 0],
        controls=_controls(store, controls, panel.index.astype(str).tolist(), years[0], level),
    )
    chain = convergence.markov_transitions(values, w, classes=classes, periods=years)
    return {
        "indicator": indicator,
        "from": years[0],
        "to": years[-1],
        "level": level,
        "weight": "population_avg" if w is not None else "none",
        "territories": panel.index.astype(str).tolist(),
        **treatment,
        "sigma": None if sigma is None else sigma.to_dict(),
        "beta": beta.to_dict(),
        "markov": chain.to_dict(),
    }


def tag_comparison_from_store(
    store: Store,
    indicator: str,
    year: str | int,
    tag: str,
    *,
    level: str = "district",
    weight: str = "population",
    permutations: int = 999,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The tagged units of ``level`` against the rest, for a stored indicator
    (:func:`aimaq.analysis.groups.tag_comparison` on its values)."""
    rows, period = indicator_values(store, indicator, str(year), level)
    values = pd.Series(rows["value"].to_numpy(dtype=float), index=rows["kato"].astype(str))
    missing = rows.loc[rows["value"].isna(), "kato"].astype(str)
    result = tagging.tag_comparison(
        store, values, tag, period, level=level, weight=weight, permutations=permutations,
        seed=seed, progress=progress, missing=missing,
    )  # fmt: skip
    return {"indicator": indicator, **result}
