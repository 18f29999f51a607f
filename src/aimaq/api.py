"""The Python API: one object over an aimaq database, returning pandas and GeoPandas frames.

``aimaq.open(path)`` gives a :class:`Database`; each method is a thin door to the library
function that the matching CLI command calls, so a notebook and ``aimaq`` agree figure for
figure. Everything here reads; the database is opened read-only and never migrated.

Examples
--------
>>> import aimaq
>>> db = aimaq.open(":memory:")
>>> db.indicator("grp_per_capita").empty
True
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from aimaq.data.store import Store
from aimaq.errors import ValidationError

if TYPE_CHECKING:
    import geopandas as gpd

    from aimaq.indices import IndexResult, UncertaintyResult
    from aimaq.planning import RoadmapResult
    from aimaq.strategy import Strategy

LANGS = ("kk", "ru", "en")


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValidationError(f"lang must be one of {LANGS}; got {lang!r}")
    return lang


class Database:
    """An aimaq database, read-only.

    Parameters
    ----------
    path
        The DuckDB file (``None``: ``$AIMAQ_DB`` or the per-user default). ``":memory:"``
        gives an empty, migrated database, for trying the API out.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        if str(path) == ":memory:":
            self.store = Store(":memory:")
            self.store.migrate()
        else:
            self.store = Store.open(path)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"aimaq.Database({self.store.path!r})"

    # -- data ---------------------------------------------------------------------
    def indicators(self) -> pd.DataFrame:
        """The indicator catalogue held by the database: id, names, unit, polarity, source."""
        return self.store.query("select * from indicator order by id")

    def indicator(
        self,
        indicator_id: str,
        *,
        level: str | None = None,
        year: int | str | None = None,
        lang: str = "en",
        breakdown: bool = False,
    ) -> pd.DataFrame:
        """One indicator, long: ``kato, name, level, period, value, flag, source``.

        ``year`` keeps one period (``2022``, ``"2023Q4"``, ``"2023-01-01"``); totals only
        unless ``breakdown`` (then ``dims`` names each part, e.g. urban/rural). ``flag`` is
        the source's mark where it printed one (``absent``, ``confidential``, ``no_data``).
        """
        col = f"name_{_lang(lang)}"
        frame = self.store.observations(
            indicator_id,
            period=None if year is None else str(year),
            level=level,
            dims=None if breakdown else {},
        )
        if frame.empty:
            return frame.assign(name=pd.Series(dtype=str), source=pd.Series(dtype=str))
        batches = self.store.query(
            "select batch_id, coalesce(attribution, source) as source from import_batch"
        )
        frame = frame.merge(batches, on="batch_id", how="left")
        frame["name"] = frame[col].fillna(frame["name_ru"]).fillna(frame["name_en"])
        cols = ["kato", "name", "level", "period", "value", "flag", "source"]
        if breakdown:
            cols.insert(4, "dims")
        return frame[cols].reset_index(drop=True)

    def territories(
        self, level: str = "region", *, lang: str = "en", geometry: bool = True
    ) -> pd.DataFrame | gpd.GeoDataFrame:
        """The current units of a level; with ``geometry`` a GeoDataFrame (regions and
        districts on the 2024 borders, EPSG:4326)."""
        col = f"name_{_lang(lang)}"
        frame = self.store.query(
            "select kato, parent_kato, level, name_kk, name_ru, name_en from territory "
            "where level = ? and (valid_to is null or valid_to >= current_date) order by kato",
            [level],
        )
        frame["name"] = frame[col].fillna(frame["name_ru"])
        if not geometry or level not in {"region", "district"}:
            return frame
        import geopandas as gpd

        from aimaq.territory.geometry import district_polygons, region_outlines

        shapes = region_outlines(2024) if level == "region" else district_polygons(2024)
        key = "region_kato" if level == "region" else "kato"
        merged = frame.merge(
            shapes[[key, "geometry"]].rename(columns={key: "kato"}), on="kato", how="left"
        )
        return gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")

    # -- analysis -----------------------------------------------------------------
    def disparity(
        self,
        indicator_id: str,
        year: int | str,
        *,
        levels: Sequence[str] = ("region",),
        weight: str = "population",
        permutations: int = 0,
        seed: int | None = 0,
        allow_partial: bool = False,
    ) -> dict[str, Any]:
        """Inequality measures and, with several ``levels``, the nested Theil decomposition
        (what ``aimaq disparity`` prints)."""
        from aimaq.analysis.stored import disparity_from_store

        return disparity_from_store(
            self.store,
            indicator_id,
            year,
            levels=tuple(levels),
            weight=weight,  # type: ignore[arg-type]
            permutations=permutations,
            seed=seed,
            allow_partial=allow_partial,
        )

    def convergence(
        self, indicator_id: str, first: int, last: int, **options: Any
    ) -> dict[str, Any]:
        """Sigma, beta and Markov convergence (what ``aimaq convergence`` prints)."""
        from aimaq.analysis.stored import convergence_from_store

        return convergence_from_store(self.store, indicator_id, first, last, **options)

    def index(
        self,
        name: str,
        *,
        year: int | None = None,
        level: str | None = None,
        draws: int = 0,
        seed: int = 12345,
    ) -> tuple[IndexResult, UncertaintyResult | None]:
        """A composite index (a built-in name or a YAML file) and, with ``draws``, its rank
        intervals and Sobol indices."""
        from aimaq.indices import build_index, load_index_data, rank_uncertainty, resolve_definition

        defn = resolve_definition(name)
        chosen = year if year is not None else defn.year
        if chosen is None:
            raise ValidationError(f"index {defn.name!r} names no year; give year=")
        data = load_index_data(self.store, defn, year=int(chosen), level=level)
        result = build_index(defn, data.frame, polarity=data.polarity, groups=data.parents)
        intervals = None
        if draws:
            intervals = rank_uncertainty(
                defn,
                data.frame,
                draws=draws,
                polarity=data.polarity,
                groups=data.parents,
                seed=seed,
            )
        return result, intervals

    # -- standards and planning ---------------------------------------------------
    def srs_gaps(self, *, by: str = "region") -> pd.DataFrame:
        """Unmet SRS norms counted by territory and sphere; ``attrs['registry']`` says whether
        the registry is the synthetic one."""
        from aimaq.standards import Registry, load_catalogue, unmet_norms

        reg = Registry.from_store(self.store)
        gaps = unmet_norms(reg, load_catalogue())
        key = {"region": "region_kato", "district": "district_kato"}.get(by)
        if key is None:
            raise ValidationError(f"by must be region or district; got {by!r}")
        out = (
            gaps.groupby([key, "area"])
            .agg(settlements=("kato", "nunique"), unmet=("norm_id", "size"))
            .reset_index()
            .rename(columns={key: "kato", "area": "sphere"})
        )
        out.attrs["registry"] = reg.label
        return out

    def roadmap(
        self,
        *,
        budget: float,
        first_year: int,
        last_year: int,
        time_limit: float = 60.0,
        **options: Any,
    ) -> RoadmapResult:
        """The costed roadmap under ``budget`` KZT a year (what ``aimaq roadmap`` solves).

        ``options`` go to :meth:`aimaq.planning.RoadmapProblem.from_gaps` (targets, floors,
        objective, region caps ...).
        """
        from aimaq.planning import from_store, solve_roadmap

        problem = from_store(self.store).problem(
            budget=budget, first_year=first_year, last_year=last_year, **options
        )
        return solve_roadmap(problem, time_limit=time_limit)

    # -- monitoring and strategy --------------------------------------------------
    def kpi(self, *, level: str = "national", lang: str = "en") -> pd.DataFrame:
        """Every shipped target: baseline, latest, progress, forecast, status and reason."""
        from aimaq.monitoring import evaluate, load_targets

        results = evaluate(self.store, load_targets(), level=level, lang=_lang(lang))
        return pd.DataFrame([r.as_dict() for r in results])

    def recommend(
        self,
        territory: str | None = None,
        *,
        level: str = "region",
        lang: str = "en",
        draws: int = 200,
    ) -> list[Strategy]:
        """Diagnosis and triggered measures with their evidence (``aimaq recommend``)."""
        from aimaq.strategy import recommend

        katos = [territory] if territory else None
        return recommend(
            self.store,
            katos=katos,
            level=None if katos else level,
            lang=_lang(lang),
            index_draws=draws,
        )


def open(path: str | Path | None = None) -> Database:
    """Open an aimaq database read-only (see :class:`Database`)."""
    return Database(path)
