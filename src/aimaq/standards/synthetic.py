"""The synthetic SRS registry: seeded, deterministic, calibrated to the published figures.

No public settlement-level SRS inventory exists, so aimaq ships a generator for a
demonstration registry, labelled "synthetic registry" wherever it is shown. It is built
over the real settlements of the KATO classifier (the store's ``territory`` table) and
the real district populations of 1 January 2023 (``population_jan1`` by urban/rural
area), and drawn so that its provision levels match the published figures
(``aimaq.standards.calibration``). The method is in ``docs/standards.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from aimaq.data.store import Store, sha256_of_bytes
from aimaq.errors import Advice, AimaqError
from aimaq.standards.calibration import cut_by_score, group_targets
from aimaq.standards.catalogue import (
    CapacityRule,
    Catalogue,
    WithinKmRule,
    WithinMinutesRule,
    load_catalogue,
)
from aimaq.standards.registry import Registry
from aimaq.standards.settlements import registry_units

DEFAULT_SEED = 2024
YEARS = (2019, 2021, 2024)
POPULATION_PERIOD = "2023-01-01"
SUPPORT_VILLAGES = 1173
SATELLITES = 2388
_CATEGORY_WEIGHT = {
    "city": 60.0,
    "district_town": 12.0,
    "okrug_centre": 3.0,
    "support_village": 3.0,
    "other_village": 1.0,
}
_CATEGORY_EFFECT = {
    "city": 2.5,
    "district_town": 1.2,
    "support_village": 0.8,
    "okrug_centre": 0.4,
    "other_village": 0.0,
}


def _apportion(total: float, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to ``weights`` that add up to ``round(total)`` (largest remainder)."""
    total_i = round(total)
    if len(weights) == 0:
        return np.zeros(0, dtype=np.int64)
    raw = total_i * weights / weights.sum()
    base = np.floor(raw).astype(np.int64)
    rest = total_i - int(base.sum())
    if rest > 0:
        base[np.argsort(-(raw - base), kind="stable")[:rest]] += 1
    return base


def new_units(territory_change: pd.DataFrame, population: pd.DataFrame) -> dict[str, str]:
    """Units split off after the population date, without figures of their own: unit -> parent.

    ``territory_change`` holds ``old_kato, new_kato, date, kind``; a ``split`` dated after
    1 January 2023 whose parent has figures and whose new unit has none means the parent's
    figures of that day still cover the new unit's territory.

    Examples
    --------
    >>> changes = pd.DataFrame({"old_kato": ["196800000"], "new_kato": ["191800000"],
    ...     "date": ["2024-01-09"], "kind": ["split"]})
    >>> pop = pd.DataFrame({"kato": ["196800000"], "area": ["rural"], "value": [266677.0]})
    >>> new_units(changes, pop)
    {'191800000': '196800000'}
    """
    known = set(population.loc[population["value"].notna(), "kato"].astype(str))
    dates = pd.to_datetime(territory_change["date"], errors="coerce")
    later = (territory_change["kind"] == "split") & (dates > pd.Timestamp(POPULATION_PERIOD))
    out: dict[str, str] = {}
    for old, new in zip(
        territory_change.loc[later, "old_kato"],
        territory_change.loc[later, "new_kato"],
        strict=True,
    ):
        if str(old) in known and str(new) not in known:
            out[str(new)] = str(old)
    return out


def district_totals(units: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Urban and rural totals per district of ``units``.

    ``population`` holds ``kato, area, value`` (area ``urban``/``rural``) for districts and
    regions. A district without figures gets its share of the region's remainder (by
    number of settlements); a republican city its own figures.
    """
    values: dict[tuple[str, str], float] = {}
    for kato, area, value in zip(
        population["kato"], population["area"], population["value"], strict=True
    ):
        if not pd.isna(value):
            key = (str(kato), str(area))
            values[key] = values.get(key, 0.0) + float(value)
    with_figures = {k for k, _ in values}
    districts = units.groupby(["region_kato", "district_kato"]).size().rename("n").reset_index()
    rows: list[tuple[str, str, float]] = []
    for region, group in districts.groupby("region_kato"):
        has = group["district_kato"].isin(with_figures).to_numpy()
        known = [str(d) for d in group["district_kato"][has]]
        unknown = [str(d) for d in group["district_kato"][~has]]
        counts = group["n"][~has].to_numpy(dtype=float)
        for area in ("urban", "rural"):
            rows.extend((d, area, values.get((d, area), 0.0)) for d in known)
            if not unknown:
                continue
            region_value = values.get((str(region), area))
            if region_value is None:
                raise AimaqError(
                    f"no {POPULATION_PERIOD} {area} population for district(s) "
                    f"{', '.join(unknown[:3])} or their region {region} "
                    "(the population dataset is not loaded)",
                    advice=Advice.init,
                )
            known_sum = sum(values.get((d, area), 0.0) for d in known)
            share = _apportion(max(region_value - known_sum, 0.0), counts)
            rows.extend((d, area, float(v)) for d, v in zip(unknown, share, strict=True))
    return pd.DataFrame(rows, columns=["district_kato", "area", "total"])


def _populations(units: pd.DataFrame, totals: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Settlement populations: each unit's urban and rural totals apportioned over its
    settlements of that area. ``units["district_kato"]`` is the unit of the figures (a new
    unit's parent); a settlement of an area for which that unit had nobody (Alatau city,
    rural Zhetygen in 2023) is counted in the other area."""
    weights = (
        rng.lognormal(0.0, 1.1, len(units)) * units["category"].map(_CATEGORY_WEIGHT).to_numpy()
    )
    out = np.zeros(len(units), dtype=np.int64)
    area = np.where(units["urban"], "urban", "rural")
    if "_new" in units.columns:
        keys = zip(totals["district_kato"], totals["area"], strict=True)
        total_of = dict(zip(keys, totals["total"], strict=True))
        other = np.where(area == "urban", "rural", "urban")
        empty = np.array(
            [
                total_of.get((d, a), 0.0) <= 0
                for d, a in zip(units["district_kato"], area, strict=True)
            ]
        )
        area = np.where(units["_new"].to_numpy(dtype=bool) & empty, other, area)
    index = {k: v for k, v in units.groupby([units["district_kato"], area]).indices.items()}
    district_of = units["district_kato"].to_numpy()
    for district, kind, total in zip(
        totals["district_kato"], totals["area"], totals["total"].to_numpy(dtype=float), strict=True
    ):
        idx = index.get((district, kind))
        if idx is None:  # no settlement of that kind in KATO: the district's others carry it
            idx = np.flatnonzero(district_of == district)
        out[idx] += _apportion(float(total), weights[idx])
    return out


def _check_populated(units: pd.DataFrame) -> None:
    totals = units.groupby("district_kato")["population"].sum()
    empty = [str(d) for d in totals.index[totals <= 0]]
    if empty:
        shown = ", ".join(_named(d) for d in empty[:5])
        more = f" and {len(empty) - 5} more" if len(empty) > 5 else ""
        raise AimaqError(
            f"no {POPULATION_PERIOD} population for district(s) {shown}{more}, nor a parent "
            "unit whose figures cover them; a population of 0 would drop them from every "
            "population-weighted figure"
        )


def _named(kato: str) -> str:
    """``kato`` with its name, for messages (the code alone when the tree does not know it)."""
    from aimaq.territory import Resolver

    try:
        info = Resolver.default().info(kato)
    except (KeyError, ValueError, AimaqError):
        return kato
    name = info.get("name_en") or info.get("name_ru") or info.get("name_kk")
    return f"{kato} ({name})" if name else kato


def estimated_note(parents: dict[str, str]) -> str:
    """The registry note naming the units whose population is estimated from a parent's.

    Examples
    --------
    >>> estimated_note({})
    'synthetic registry'
    """
    if not parents:
        return "synthetic registry"
    listed = "; ".join(f"{_named(k)} from {_named(v)}" for k, v in sorted(parents.items()))
    return (
        "synthetic registry; population ESTIMATED for units formed after 1 Jan 2023, "
        f"apportioned from their parent unit's figures of that day: {listed}"
    )


def _support(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Support villages (the most populous okrug centres) and their satellites."""
    units = units.copy()
    centres = units[(units["category"] == "okrug_centre") & ~units["urban"]]
    chosen = centres.sort_values(["population", "kato"], ascending=[False, True]).index[
        :SUPPORT_VILLAGES
    ]
    units["is_support_village"] = False
    units.loc[chosen, "is_support_village"] = True
    units.loc[chosen, "category"] = "support_village"
    support_of_okrug = dict(
        zip(units.loc[chosen, "okrug_kato"], units.loc[chosen, "kato"], strict=True)
    )
    candidates = units[
        (units["category"] == "other_village") & units["okrug_kato"].isin(list(support_of_okrug))
    ]
    take = rng.permutation(candidates.index.to_numpy())[:SATELLITES]
    units["support_kato"] = None
    units["distance_to_support_km"] = np.nan
    units.loc[take, "support_kato"] = units.loc[take, "okrug_kato"].map(support_of_okrug)
    # satellites lie within the 10-15 km radius: distances are drawn, no coordinates exist
    units.loc[take, "distance_to_support_km"] = np.round(
        rng.triangular(1.0, 7.0, 15.0, len(take)), 1
    )
    return units


def _status(pairs: pd.DataFrame, catalogue: Catalogue, rng: np.random.Generator) -> pd.DataFrame:
    """Status records consistent with ``met`` under each norm's rule."""
    n = len(pairs)
    met = pairs["met"].to_numpy()
    present = met.copy()
    capacity = np.full(n, np.nan)
    distance = np.full(n, np.nan)
    minutes = np.full(n, np.nan)
    u = rng.uniform(size=n)
    for norm_id, idx in pairs.groupby("norm_id").indices.items():
        rule = catalogue.norm(str(norm_id)).rule
        m = met[idx]
        if isinstance(rule, CapacityRule):
            need = rule.per_1000 * pairs["population"].to_numpy()[idx] / 1000.0
            short = np.where(need > 0, np.floor(need * 0.95 * u[idx]), np.nan)  # nothing to count
            capacity[idx] = np.where(m, np.ceil(need * (1.0 + 0.5 * u[idx])), short)
            present[idx] = m | (np.nan_to_num(capacity[idx]) > 0)
        elif isinstance(rule, WithinKmRule):
            inside = m & (u[idx] < 0.5)
            present[idx] = inside
            distance[idx] = np.where(
                inside,
                0.0,
                np.where(
                    m,
                    np.round(rule.km * (0.2 + 0.8 * u[idx]), 1),
                    np.round(rule.km * (1.1 + 2 * u[idx]), 1),
                ),
            )
        elif isinstance(rule, WithinMinutesRule):
            present[idx] = False
            minutes[idx] = np.where(
                m,
                np.round(rule.minutes * (0.3 + 0.7 * u[idx])),
                np.round(rule.minutes * (1.1 + 2 * u[idx])) + 1,
            )
    return pd.DataFrame(
        {
            "kato": pairs["kato"].to_numpy(),
            "year": pairs["year"].to_numpy(),
            "norm_id": pairs["norm_id"].to_numpy(),
            "present": present,
            "capacity": capacity,
            "distance_km": distance,
            "minutes": minutes,
        }
    )


def _stepper(progress: Any, total: int) -> Callable[[], None]:
    """One call per finished step, reported to a rich Progress or a callable."""
    done = 0
    if progress is not None and hasattr(progress, "add_task"):
        task = progress.add_task("synthetic SRS registry", total=total)

        def rich_step() -> None:
            progress.advance(task)

        return rich_step

    def call_step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress("synthetic SRS registry", done, total)

    return call_step


def generate(
    territory: pd.DataFrame,
    population: pd.DataFrame,
    *,
    seed: int = DEFAULT_SEED,
    catalogue: Catalogue | None = None,
    years: tuple[int, ...] = YEARS,
    progress: Any = None,
    territory_change: pd.DataFrame | None = None,
) -> Registry:
    """Generate a calibrated synthetic registry.

    Parameters
    ----------
    territory
        The KATO tree (the store's ``territory`` columns ``kato, parent_kato, level,
        unit_type, name_kk, name_ru, urban``).
    population
        ``kato, area, value``: urban and rural population on 1 January 2023 of districts
        (and regions, for districts without figures).
    seed
        Same seed, same registry.
    years
        Years to generate; each needs a published national level (2019, 2021, 2024).
    progress
        Where to report the five steps: a ``rich.progress.Progress`` (a task is added), a
        callable ``progress(description, done, total)``, or None.
    territory_change
        Splits, renames and transfers (``old_kato, new_kato, date, kind``; default: the
        package's). A district split off after 1 January 2023 has no figures of that day:
        its parent's figures are apportioned over the parent's and its settlements
        together (``docs/standards.md``); ``meta["estimated_population"]`` lists them.

    Raises
    ------
    AimaqError
        When a district would get no population (its figures unknown): a population of 0
        would silently drop it from every population-weighted figure.
    """
    catalogue = catalogue or load_catalogue()
    rng = np.random.default_rng(seed)
    step = _stepper(progress, total=5)
    units = registry_units(territory)
    step()
    if territory_change is None:
        from aimaq.territory import territory_frames

        territory_change = territory_frames().change
    parents = {
        k: v
        for k, v in new_units(territory_change, population).items()
        if k in set(units["district_kato"])
    }
    pooled = units.assign(
        district_kato=units["district_kato"].replace(parents),
        _new=units["district_kato"].isin(list(parents)),
    )
    totals = district_totals(pooled, population)
    units["population"] = _populations(pooled, totals, rng)
    _check_populated(units)
    units = _support(units, rng)
    step()
    # pairs (settlement, applicable norm) and a fixed score: higher is met first
    cat = units["category"].to_numpy()
    popv = units["population"].to_numpy(dtype=float)
    latent = (
        units["category"].map(_CATEGORY_EFFECT).to_numpy()
        + 0.25 * np.log1p(popv)
        + units["district_kato"]
        .map({d: rng.normal(0, 0.5) for d in sorted(units["district_kato"].unique())})
        .to_numpy()
        + rng.normal(0, 0.7, len(units))
    )
    parts = []
    for norm in catalogue.norms:
        mask = np.isin(cat, norm.categories)
        if norm.min_population is not None:
            mask &= popv >= norm.min_population
        if norm.max_population is not None:
            mask &= popv <= norm.max_population
        idx = np.flatnonzero(mask)
        parts.append(pd.DataFrame({"row": idx, "norm_id": norm.id, "ease": rng.normal(0, 0.8)}))
    pairs = pd.concat(parts, ignore_index=True)
    row = pairs["row"].to_numpy()
    n_app = np.bincount(row, minlength=len(units))
    pairs["score"] = latent[row] + pairs["ease"].to_numpy() + rng.logistic(0, 0.8, len(pairs))
    units["_n"] = n_app
    counts = (
        units[units["_n"] > 0].groupby(["region_kato", "urban"]).size().rename("n").reset_index()
    )
    targets = group_targets(counts, years, seed=seed)
    step()
    group_codes = units["region_kato"] + np.where(units["urban"], "U", "R")
    gid = pd.Series(group_codes).astype("category")
    group_of_pair = gid.cat.codes.to_numpy()[row]
    n_group = counts.assign(
        g=counts["region_kato"] + np.where(counts["urban"], "U", "R")
    ).set_index("g")["n"]
    weight = 1.0 / (n_app[row] * n_group.reindex(gid.cat.categories).to_numpy()[group_of_pair])
    frames = []
    for year in years:
        t = targets[targets["year"] == year]
        tmap = dict(
            zip(
                t["region_kato"] + np.where(t["urban"], "U", "R"),
                t["target_pct"] / 100.0,
                strict=True,
            )
        )
        target = np.array([tmap[c] for c in gid.cat.categories])[group_of_pair]
        met = cut_by_score(group_of_pair, weight, pairs["score"].to_numpy(), target)
        frames.append(
            pd.DataFrame(
                {
                    "kato": units["kato"].to_numpy()[row],
                    "year": year,
                    "norm_id": pairs["norm_id"].to_numpy(),
                    "population": popv[row],
                    "met": met,
                }
            )
        )
    step()
    status = _status(pd.concat(frames, ignore_index=True), catalogue, rng)
    pop_frame = pd.DataFrame(
        {
            "kato": np.repeat(units["kato"].to_numpy(), len(years)),
            "year": np.tile(np.array(years, dtype=np.int64), len(units)),
            "population": np.repeat(popv, len(years)),
        }
    )
    settlements = units.drop(columns=["_n", "population", "unit_type"])
    reg = Registry.from_frames(
        settlements,
        pop_frame,
        status,
        synthetic=True,
        source=f"aimaq synthetic SRS registry (seed {seed})",
        catalogue=catalogue,
        meta={"seed": seed, "targets": targets, "estimated_population": parents},
    )
    step()
    return reg


def territory_from_store(store: Store) -> pd.DataFrame:
    """The current KATO tree from the store."""
    return store.query(
        "select kato, parent_kato, level, unit_type, name_kk, name_ru, urban from territory "
        "where valid_to is null"
    )


def population_from_store(store: Store) -> pd.DataFrame:
    """District and region urban/rural population on 1 January 2023: ``kato, area, value``."""
    frame = store.query(
        "select kato, json_extract_string(dims, '$.area') as area, value from observation "
        "where indicator_id = 'population_jan1' and period = ? "
        'and dims in (\'{"area":"urban"}\', \'{"area":"rural"}\')',
        [POPULATION_PERIOD],
    )
    return frame


def load_default(store: Store, *, seed: int = DEFAULT_SEED, progress: Any = None) -> Registry:
    """Generate the synthetic registry from the store's data and make it the current one.

    Needs the KATO tree and the 2023 district populations in the store (``aimaq init``
    loads them first). Replaces any registry in the store.

    Examples
    --------
    >>> store = Store(":memory:"); _ = store.migrate()
    >>> load_default(store)
    Traceback (most recent call last):
    ...
    aimaq.errors.AimaqError: the territory table has no settlements (the KATO classifier is not loaded); build the database with the shipped data first
    """
    catalogue = load_catalogue()
    reg = generate(
        territory_from_store(store),
        population_from_store(store),
        seed=seed,
        catalogue=catalogue,
        progress=progress,
    )
    digest = sha256_of_bytes(
        f"synthetic-srs:{seed}:{catalogue.version}:{len(reg.settlements)}".encode()
    )
    batch_id = reg.to_store(
        store,
        sha256=digest,
        importer="aimaq.standards.synthetic",
        catalogue=catalogue,
        seed=seed,
        attribution="synthetic registry generated by aimaq over the KATO classifier and BNS 2023 district populations",
        note=estimated_note(reg.meta.get("estimated_population", {})),
    )
    return Registry.from_store(store) if batch_id else reg
