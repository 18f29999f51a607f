"""The roadmap optimisation model: candidate projects, start years, budgets, targets.

``RoadmapProblem.from_gaps`` turns the SRS gaps (one row per settlement and unmet norm)
into candidate projects; :func:`aimaq.planning.solve.solve_roadmap` finds the plan. The
model knows nothing of how it is solved: the package's modules import one way, from this
model up to the solver (contract "Planning flows one way" in pyproject.toml). The model is stated in ``docs/planning.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import NDArray

from aimaq.errors import ValidationError
from aimaq.planning import candidates as cand
from aimaq.planning.costs import CostModel, price_gaps
from aimaq.planning.highs_run import INF, LinearModel
from aimaq.planning.spec import Floor, Target, check_horizon, check_target_years

OBJECTIVES = ("coverage", "cost")
GAP_COLUMNS = ("kato", "norm_id", "population", "region_kato", "district_kato", "urban")
SETTLEMENT_COLUMNS = (
    "kato",
    "region_kato",
    "district_kato",
    "urban",
    "population",
    "n_applicable",
    "n_met",
)


@dataclass(frozen=True)
class Rows:
    """The constraint rows of the model, as a sparse matrix over the columns."""

    matrix: sp.csr_matrix
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    labels: tuple[str, ...]
    kinds: tuple[str, ...]  # budget, once, target, floor, lagging, cap

    def subset(self, which: NDArray[np.int64]) -> Rows:
        """The rows at positions ``which``."""
        return Rows(
            sp.csr_matrix(self.matrix[which]),
            self.lower[which],
            self.upper[which],
            tuple(self.labels[i] for i in which),
            tuple(self.kinds[i] for i in which),
        )


@dataclass(frozen=True)
class RoadmapProblem:
    """A multi-year budgeted plan to close SRS gaps, ready to solve.

    Attributes
    ----------
    projects : DataFrame
        One candidate project per row (a gap, or a support village's gap bundled with
        the same gap of its satellites): ``kato``, ``norm_id``, ``area``, ``region_kato``,
        ``district_kato``, ``urban``, ``population``, ``cost_kzt``, ``duration_years``,
        ``satellites`` (number of satellite gaps it also closes), ``people`` (inhabitants
        of the settlements it serves).
    settlements : DataFrame
        The settlements with applicable norms: ``kato``, ``region_kato``,
        ``district_kato``, ``urban``, ``population``, ``n_applicable``, ``n_met``.
    cover : csr_matrix
        ``cover[j, s] = 1`` when project ``j`` closes one gap of settlement ``s``.
    years : tuple of int
        The planning years, first to last.
    budgets : ndarray
        Annual budget, KZT, one per year.
    col_project, col_start : ndarray
        The decision columns: project index and start year of each binary ``x[j, t]``.
    """

    projects: pd.DataFrame
    settlements: pd.DataFrame
    cover: sp.csr_matrix
    years: tuple[int, ...]
    budgets: NDArray[np.float64]
    col_project: NDArray[np.int64]
    col_start: NDArray[np.int64]
    targets: tuple[Target, ...] = ()
    floors: tuple[Floor, ...] = ()
    objective: str = "coverage"
    region_caps: Mapping[str, float] = field(default_factory=dict)
    lagging_share: float | None = None
    lagging_districts: frozenset[str] = frozenset()
    measure: str = "count"

    # ------------------------------------------------------------------ building
    @classmethod
    def from_gaps(
        cls,
        gaps: pd.DataFrame,
        settlements: pd.DataFrame,
        costs: CostModel,
        *,
        budget: float | Sequence[float],
        first_year: int,
        last_year: int,
        targets: Sequence[Target] = (),
        floors: Sequence[Floor] = (),
        objective: str = "coverage",
        region_caps: Mapping[str, float] | None = None,
        lagging_share: float | None = None,
        lagging_fraction: float = 0.2,
        serving: Mapping[str, str] | None = None,
        support_radius_km: float | None = None,
        measure: str = "count",
    ) -> RoadmapProblem:
        """Build the model from the SRS gaps and settlement provision.

        Parameters
        ----------
        gaps : DataFrame
            ``aimaq.standards.provision.unmet_norms`` output: one row per settlement
            and unmet norm (``kato``, ``norm_id``, ``area``, ``population``,
            ``region_kato``, ``district_kato``, ``urban``, ``served_by_support``).
        settlements : DataFrame
            ``settlement_provision`` output (``kato``, ``population``,
            ``n_applicable``, ``n_met``, ``support_kato`` ...).
        costs : CostModel
            Prices every gap; a norm with gaps and no cost is an error.
        budget : float or sequence of float
            Annual budget in KZT, the same every year or one per year.
        first_year, last_year : int
            The horizon; a project may start in any year and counts from the end of
            its last construction year.
        targets, floors : sequences
            Provision targets (``national``/``urban``/``rural``) and floors for regions,
            districts or one territory.
        objective : {"coverage", "cost"}
            Maximise average national provision over the horizon, or minimise the cost
            of meeting the targets.
        region_caps : mapping, optional
            Region KATO to the most it may receive over the horizon, KZT.
        lagging_share : float, optional
            Least share of the spending that goes to the lagging districts (the
            ``lagging_fraction`` of districts with the lowest current provision).
        serving : mapping, optional
            For each norm a support village may serve: the norm the support village
            must meet (``Catalogue.support_norm``). Building it there also closes the
            satellites' gaps within ``support_radius_km``. ``None``: no support logic.
        support_radius_km : float, optional
            The catalogue's support radius (``None``: no distance check).
        measure : {"count", "population"}
            How targets, floors and the reported provision average settlements:
            ``count`` (each settlement once) is the definition behind the published
            national, urban and rural SRS figures. The coverage objective is always
            population-weighted.

        Examples
        --------
        >>> from aimaq.planning.costs import load_cost_model
        >>> s = pd.DataFrame({"kato": ["1"], "region_kato": ["110000000"],
        ...     "district_kato": ["111000000"], "urban": [False], "population": [500.0],
        ...     "n_applicable": [10], "n_met": [6]})
        >>> g = pd.DataFrame({"kato": ["1"], "norm_id": ["school"], "area": ["education"],
        ...     "population": [500.0], "region_kato": ["110000000"],
        ...     "district_kato": ["111000000"], "urban": [False]})
        >>> p = RoadmapProblem.from_gaps(g, s, load_cost_model(), budget=2e8,
        ...     first_year=2025, last_year=2027)
        >>> p.col_start.tolist()
        [2025, 2026]
        """
        check_horizon(first_year, last_year)
        targets, floors = tuple(targets), tuple(floors)
        check_target_years(targets, first_year, last_year)
        if measure not in ("count", "population"):
            raise ValidationError(
                f"must be count or population; got {measure!r}", argument="measure"
            )
        if objective not in OBJECTIVES:
            raise ValidationError(
                f"must be one of {', '.join(OBJECTIVES)}; got {objective!r}", argument="objective"
            )
        if objective == "cost" and not (targets or floors):
            raise ValidationError(
                "the objective cost needs at least one target or floor to meet",
                argument=("objective", "targets", "floors"),
            )
        years = tuple(range(first_year, last_year + 1))
        budgets = cand.budgets(budget, len(years))
        cand.require(gaps, GAP_COLUMNS, "gaps")
        cand.require(settlements, SETTLEMENT_COLUMNS, "settlements")
        sett = cand.settlements(settlements)
        index = pd.Series(np.arange(len(sett)), index=sett["kato"].to_numpy())
        unknown = sorted(set(gaps["kato"].astype(str)) - set(index.index))
        if unknown:
            raise ValidationError(
                f"gaps: settlement {unknown[0]} is not in the settlement table ({len(unknown)} unknown)"
            )
        priced = price_gaps(gaps.assign(kato=gaps["kato"].astype(str)), costs)
        projects, cover = cand.bundle(
            priced, sett, index, serving=dict(serving or {}), radius_km=support_radius_km
        )
        for f in floors:
            cand.check_floor(f, sett, years)
        caps = {str(k): float(v) for k, v in (region_caps or {}).items()}
        for kato, cap in caps.items():
            if kato not in set(sett["region_kato"]):
                raise ValidationError(f"cap: unknown region {kato}")
            if cap < 0:
                raise ValidationError(f"cap for region {kato} must not be negative; got {cap:g}")
        lagging: frozenset[str] = frozenset()
        if lagging_share is not None:
            if not 0.0 < lagging_share < 1.0:
                raise ValidationError(
                    f"lagging share must lie strictly between 0 and 1; got {lagging_share:g}"
                )
            if not 0.0 < lagging_fraction <= 1.0:
                raise ValidationError(
                    f"lagging fraction must lie in (0, 1]; got {lagging_fraction:g}"
                )
            lagging = cand.lagging_districts(sett, lagging_fraction)
        done_last = last_year - projects["duration_years"].to_numpy() + 1
        col_project, col_start = [], []
        for j, latest in enumerate(done_last):
            starts = np.arange(first_year, latest + 1)
            col_project.append(np.full(starts.size, j))
            col_start.append(starts)
        return cls(
            projects=projects,
            settlements=sett,
            cover=cover,
            years=years,
            budgets=budgets,
            col_project=np.concatenate(col_project) if col_project else np.empty(0, np.int64),
            col_start=np.concatenate(col_start) if col_start else np.empty(0, np.int64),
            targets=targets,
            floors=floors,
            objective=objective,
            region_caps=caps,
            lagging_share=lagging_share,
            lagging_districts=lagging,
            measure=measure,
        )

    # ------------------------------------------------------------------ measures
    @property
    def num_cols(self) -> int:
        return int(self.col_project.size)

    @property
    def col_done(self) -> NDArray[np.int64]:
        """The year each column's project is complete (end of its last building year)."""
        return self.col_start + self.projects["duration_years"].to_numpy()[self.col_project] - 1

    def group_mask(self, group: str, kato: str | None = None) -> NDArray[np.bool_]:
        """Settlements of a group: national, urban, rural, or one region/district."""
        s = self.settlements
        if group == "national":
            return np.ones(len(s), dtype=bool)
        if group == "urban":
            return s["urban"].to_numpy(dtype=bool)
        if group == "rural":
            return ~s["urban"].to_numpy(dtype=bool)
        if group in ("region", "district"):
            return (s[f"{group}_kato"] == kato).to_numpy()
        if group == "territory":
            return ((s["region_kato"] == kato) | (s["district_kato"] == kato)).to_numpy()
        raise ValueError(f"unknown group {group!r}")

    def weights(self, measure: str | None = None) -> NDArray[np.float64]:
        """Per settlement: its weight in a provision average (population or 1)."""
        measure = measure or self.measure
        if measure == "population":
            return self.settlements["population"].to_numpy(dtype=float)
        if measure == "count":
            return np.ones(len(self.settlements))
        raise ValueError(f"measure must be population or count; got {measure!r}")

    def base_provision(self, mask: NDArray[np.bool_], measure: str | None = None) -> float:
        """Current provision of a group, %: the mean of settlement shares, each
        settlement counting once (``count``) or by its population (``population``).
        ``None``: the problem's measure for targets and floors."""
        s = self.settlements
        w = self.weights(measure)[mask]
        share = (s["n_met"] / s["n_applicable"]).to_numpy()[mask]
        return float(100.0 * (w * share).sum() / w.sum()) if w.sum() > 0 else float("nan")

    def project_gain(
        self, mask: NDArray[np.bool_], measure: str | None = None
    ) -> NDArray[np.float64]:
        """Points of provision (%) a group gains when each project is complete."""
        s = self.settlements
        w = self.weights(measure)
        per_gap = np.where(mask, w / s["n_applicable"].to_numpy(), 0.0)
        total = w[mask].sum()
        if total <= 0:
            return np.zeros(len(self.projects))
        return np.asarray(self.cover @ per_gap, dtype=float) * 100.0 / total

    def spending(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Spending per year of a (possibly fractional) column vector."""
        return np.asarray(self._budget_matrix() @ x, dtype=float)

    def objective_coefficients(self) -> NDArray[np.float64]:
        """Per column: average national provision gain over the horizon (coverage), or cost."""
        cost = self.projects["cost_kzt"].to_numpy()[self.col_project]
        if self.objective == "cost":
            return cost
        gain = self.project_gain(self.group_mask("national"), "population")[self.col_project]
        years_counted = self.years[-1] - self.col_done + 1
        return gain * years_counted / len(self.years)

    # ------------------------------------------------------------------ rows
    def _budget_matrix(self) -> sp.csr_matrix:
        dur = self.projects["duration_years"].to_numpy()[self.col_project]
        cost = self.projects["cost_kzt"].to_numpy()[self.col_project]
        rows, cols, vals = [], [], []
        for k in range(int(dur.max()) if dur.size else 0):
            active = np.flatnonzero(dur > k)
            rows.append(self.col_start[active] + k - self.years[0])
            cols.append(active)
            vals.append(cost[active] / dur[active])
        if not rows:
            return sp.csr_matrix((len(self.years), self.num_cols))
        return sp.csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(len(self.years), self.num_cols),
        )

    def rows(self) -> Rows:
        """Every constraint of the model."""
        blocks: list[sp.spmatrix] = []
        lower: list[NDArray[np.float64]] = []
        upper: list[NDArray[np.float64]] = []
        labels: list[str] = []
        kinds: list[str] = []

        def add(block: sp.spmatrix, lo: Any, hi: Any, label: Sequence[str], kind: str) -> None:
            blocks.append(sp.csr_matrix(block))
            lower.append(np.atleast_1d(np.asarray(lo, dtype=float)))
            upper.append(np.atleast_1d(np.asarray(hi, dtype=float)))
            labels.extend(label)
            kinds.extend([kind] * len(label))

        n = self.num_cols
        add(
            self._budget_matrix(),
            np.full(len(self.years), -INF),
            self.budgets,
            [f"budget {y}" for y in self.years],
            "budget",
        )
        counts = np.bincount(self.col_project, minlength=len(self.projects))
        multi = np.flatnonzero(counts > 1)
        if multi.size:
            pos = -np.ones(len(self.projects), dtype=np.int64)
            pos[multi] = np.arange(multi.size)
            cols = np.flatnonzero(pos[self.col_project] >= 0)
            once = sp.csr_matrix(
                (np.ones(cols.size), (pos[self.col_project[cols]], cols)), shape=(multi.size, n)
            )
            add(
                once,
                np.full(multi.size, -INF),
                np.ones(multi.size),
                [f"once {j}" for j in multi],
                "once",
            )
        for t in self.targets:
            mask = self.group_mask(t.group)
            need = t.level - self.base_provision(mask)
            add(self._gain_row(mask, t.year), need, INF, [t.label()], "target")
        for f in self.floors:
            year = f.year or self.years[-1]
            for kato in self._floor_territories(f):
                mask = self.group_mask(f.level if f.kato is None else "territory", kato)
                need = f.value - self.base_provision(mask)
                if need > 0:
                    add(
                        self._gain_row(mask, year),
                        need,
                        INF,
                        [f"floor: {kato} at {f.value:g}% by {year}"],
                        "floor",
                    )
        if self.lagging_share is not None:
            cost = self.projects["cost_kzt"].to_numpy()[self.col_project]
            is_lag = (
                self.projects["district_kato"]
                .isin(self.lagging_districts)
                .to_numpy()[self.col_project]
            )
            coef = (is_lag.astype(float) - self.lagging_share) * cost
            add(
                sp.csr_matrix(coef.reshape(1, -1)),
                0.0,
                INF,
                [f"at least {self.lagging_share:.0%} of spending to lagging districts"],
                "lagging",
            )
        for kato, cap in self.region_caps.items():
            in_region = (self.projects["region_kato"] == kato).to_numpy()[self.col_project]
            coef = np.where(in_region, self.projects["cost_kzt"].to_numpy()[self.col_project], 0.0)
            add(
                sp.csr_matrix(coef.reshape(1, -1)),
                -INF,
                cap,
                [f"cap: region {kato} at {cap:,.0f} KZT"],
                "cap",
            )
        matrix = sp.vstack(blocks, format="csr") if blocks else sp.csr_matrix((0, n))
        return Rows(
            matrix, np.concatenate(lower), np.concatenate(upper), tuple(labels), tuple(kinds)
        )

    def _gain_row(self, mask: NDArray[np.bool_], year: int) -> sp.csr_matrix:
        gain = self.project_gain(mask)[self.col_project]
        return sp.csr_matrix(np.where(self.col_done <= year, gain, 0.0).reshape(1, -1))

    def _floor_territories(self, f: Floor) -> list[str]:
        if f.kato is not None:
            return [f.kato]
        return sorted(self.settlements[f"{f.level}_kato"].unique())

    def linear_model(
        self,
        *,
        integer: bool,
        columns: NDArray[np.int64] | None = None,
        fixed: NDArray[np.int64] | None = None,
        rows: Rows | None = None,
        cost: NDArray[np.float64] | None = None,
    ) -> LinearModel:
        """The model over ``columns`` (default all), with ``fixed`` columns set to 1.

        ``cost`` (over all columns) replaces the objective and makes it a maximisation."""
        rows = rows or self.rows()
        cols = np.arange(self.num_cols) if columns is None else np.asarray(columns, dtype=np.int64)
        shift = np.zeros(rows.matrix.shape[0])
        if fixed is not None and len(fixed):
            shift = np.asarray(rows.matrix[:, fixed].sum(axis=1)).ravel()
        sub = rows.matrix[:, cols].tocsc()
        sub.sort_indices()
        return LinearModel(
            cost=(self.objective_coefficients() if cost is None else cost)[cols],
            col_lower=np.zeros(cols.size),
            col_upper=np.ones(cols.size),
            row_lower=rows.lower - shift,
            row_upper=rows.upper - shift,
            a_start=sub.indptr.astype(np.int64),
            a_index=sub.indices.astype(np.int64),
            a_value=sub.data.astype(float),
            integer=np.full(cols.size, integer),
            maximise=cost is not None or self.objective == "coverage",
        )
