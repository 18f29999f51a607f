"""``aimaq index list|build`` and ``aimaq typology``: composite indices, rank intervals, clusters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from aimaq.cli.options import ByTagOpt, DbOpt, FormatOpt, OutputFormat, TagOpt, reading
from aimaq.cli.output import emit
from aimaq.errors import ValidationError

if TYPE_CHECKING:
    import pandas as pd

    from aimaq.indices import IndexDefinition, IndexResult


def _api() -> Any:
    """The indices package, imported on first use (scipy and scikit-learn load slowly)."""
    import aimaq.indices

    return aimaq.indices


index_app = typer.Typer(help="Composite indices: built-ins, user definitions, rank intervals.")

DefArg = Annotated[str, typer.Argument(help="An index file (YAML) or a built-in name.")]
YearOpt = Annotated[
    int | None, typer.Option("--year", help="Year of the data (default: the definition's).")
]
LevelOpt = Annotated[
    str | None, typer.Option("--level", help="Territorial level (default: the definition's).")
]
CsvOpt = Annotated[
    Path | None,
    typer.Option("--csv", help="Read indicators from this CSV (columns = indicator ids)."),
]
UnitColOpt = Annotated[
    str | None, typer.Option("--unit-col", help="The CSV column naming the units.")
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed of the Monte Carlo draws.")]


def _catalogue_polarity() -> dict[str, int]:
    from aimaq.data.catalogue import load_catalogue

    return {ind.id: int(ind.polarity) for ind in load_catalogue()}


def _inputs(
    definition: IndexDefinition,
    *,
    csv: Path | None,
    unit_col: str | None,
    db: Path | None,
    year: int | None,
    level: str | None,
) -> tuple[pd.DataFrame, dict[str, int], pd.Series | None, dict[str, Any], dict[str, Any]]:
    """The raw table, polarity, unit names, where they came from, and imputation context."""
    if csv is not None:
        if not unit_col:
            raise ValidationError("--csv needs --unit-col (the column naming the units)")
        frame = _api().read_indicator_csv(csv, unit_col)
        pol = _catalogue_polarity()
        # A column the catalogue does not know reads "higher is better" unless the
        # definition says otherwise; the output lists every such assumption.
        polarity = {i.id: pol.get(i.source_id, 1) for i in definition.indicators}
        assumed = [
            i.id for i in definition.indicators if i.polarity is None and i.source_id not in pol
        ]
        meta: dict[str, Any] = {"source": str(csv)}
        if assumed:
            meta["polarity_assumed"] = assumed
            Console(stderr=True).print(
                "note: not in the catalogue, polarity +1 (higher is better) assumed for "
                + ", ".join(assumed)
                + "; set 'polarity: -1' in the definition where lower is better"
            )
        return frame, polarity, None, meta, {}
    if unit_col:
        raise ValidationError("--unit-col applies only with --csv")

    chosen = year if year is not None else definition.year
    if chosen is None:
        raise ValidationError(f"index {definition.name!r} names no year; give --year")
    context: dict[str, Any] = {}
    with reading(db) as store:
        data = _api().load_index_data(store, definition, year=chosen, level=level)
        if (
            definition.preprocess.impute == "carry_forward"
            or "carry_forward" in definition.uncertainty.impute
        ):
            context["history"] = _api().load_history(store, definition, year=chosen, level=level)
    context["groups"] = data.parents
    meta = {"year": chosen, "level": level or definition.level, "periods": data.periods}
    return data.frame, data.polarity, data.names, meta, context


@dataclass(frozen=True)
class _Run:
    """An index built from a file or the database, with what it was built from."""

    definition: IndexDefinition
    frame: pd.DataFrame
    polarity: dict[str, int]
    names: pd.Series | None
    meta: dict[str, Any]
    context: dict[str, Any]
    result: IndexResult


def _run(
    definition: str,
    *,
    csv: Path | None,
    unit_col: str | None,
    db: Path | None,
    year: int | None,
    level: str | None,
) -> _Run:
    defn = _api().resolve_definition(definition)
    frame, polarity, names, meta, context = _inputs(
        defn, csv=csv, unit_col=unit_col, db=db, year=year, level=level
    )
    result = _api().build_index(defn, frame, polarity=polarity, **context)
    return _Run(defn, frame, polarity, names, meta, context, result)


def _payload(
    result: IndexResult, names: pd.Series | None, intervals: Any, meta: dict[str, Any]
) -> dict[str, Any]:
    rows = []
    for unit in result.scores.sort_values(ascending=False).index:
        row: dict[str, Any] = {"unit": str(unit)}
        if names is not None:
            row["name"] = names.get(unit)
        row["score"] = float(result.scores[unit])
        row["rank"] = int(result.ranks[unit])
        row["groups"] = {str(g): float(v) for g, v in result.groups.loc[unit].items()}
        if intervals is not None:
            row["median_rank"] = float(intervals.median_rank[unit])
            row["rank_interval"] = [int(intervals.rank_low[unit]), int(intervals.rank_high[unit])]
        rows.append(row)
    out: dict[str, Any] = {"index": result.name, **meta, "results": rows}
    out["varied"] = list(intervals.varied) if intervals is not None else []
    if intervals is not None:
        out["not_varied"] = list(intervals.not_varied)
        out["draws"] = intervals.draws
        out["mean_rank_shift"] = intervals.mean_rank_shift
        out["sensitivity"] = [
            {"factor": f, "first_order": float(r["first"]), "total": float(r["total"])}
            for f, r in intervals.sensitivity.iterrows()
        ]
    out["weights"] = {
        g: {str(k): float(v) for k, v in w.items()} for g, w in result.weights.items()
    }
    out["polarity"] = dict(result.polarity)
    out["imputed"] = [vars(i) for i in result.imputed]
    out["outliers_treated"] = [vars(t) for t in result.treated]
    return out


def _flat(payload: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for r in payload["results"]:
        row = {k: v for k, v in r.items() if k not in ("groups", "rank_interval")}
        if "rank_interval" in r:
            row["rank_low"], row["rank_high"] = r["rank_interval"]
        row.update(r["groups"])
        rows.append(row)
    return pd.DataFrame(rows)


@index_app.command("list")
def list_cmd(fmt: FormatOpt = OutputFormat.table) -> None:
    """List the built-in indices (copy a file from `path` to make your own)."""
    import pandas as pd

    rows = [
        {
            "name": b.name,
            "title": b.title,
            "indicators": b.indicators,
            "groups": b.groups,
            "path": str(b.path),
        }
        for b in _api().list_builtins()
    ]
    emit(rows if fmt is OutputFormat.json else pd.DataFrame(rows), fmt, title="Built-in indices")


@index_app.command("build")
def build_cmd(
    definition: DefArg,
    year: YearOpt = None,
    level: LevelOpt = None,
    csv: CsvOpt = None,
    unit_col: UnitColOpt = None,
    uncertainty: Annotated[
        int, typer.Option("--uncertainty", help="Monte Carlo draws for rank intervals (0: none).")
    ] = 0,
    seed: SeedOpt = 12345,
    tag: TagOpt = None,
    by_tag: ByTagOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Build an index: scores, ranks, group scores and (with --uncertainty) rank intervals.

    With --tag only the tagged units are shown, each with its rank among all units of the
    index (``rank``) and among the tagged ones (``rank_in_tag``); with --by-tag the index
    scores of the tagged units are compared with the rest.
    """
    from aimaq.cli.tagging import one_of

    one_of(tag, by_tag, csv=csv)
    run = _run(definition, csv=csv, unit_col=unit_col, db=db, year=year, level=level)
    defn = run.definition
    if by_tag is not None:
        _by_tag(run, by_tag, seed, db, fmt)
        return
    intervals = None
    if uncertainty:
        with Console(stderr=True).status(f"{uncertainty} Monte Carlo draws and Sobol indices"):
            intervals = _api().rank_uncertainty(
                defn, run.frame, draws=uncertainty, polarity=run.polarity, seed=seed, **run.context
            )
    payload = _payload(run.result, run.names, intervals, run.meta)
    title = defn.title or defn.name
    if tag is not None:
        _keep_tagged(payload, tag, db)
        title += f", units tagged {tag} ({payload['ranks']})"
    if fmt is OutputFormat.json:
        emit(payload, fmt)
        return
    emit(_flat(payload), fmt, title=title)
    if fmt is OutputFormat.table and intervals is not None:
        emit(intervals.sensitivity.reset_index(), fmt, title="Sobol indices of the ranks")
        Console().print("Varied: " + "; ".join(payload["varied"]))
        Console().print("Not varied: " + "; ".join(payload["not_varied"]))


def _keep_tagged(payload: dict[str, Any], tag: str, db: Path | None) -> None:
    """Keep the rows of the units that carry ``tag``; ranks stay those among all units."""
    from aimaq.analysis.groups import tag_filter

    rows = payload["results"]
    with reading(db) as store:
        carriers = tag_filter(
            store, [r["unit"] for r in rows], tag, str(payload["year"]), level=payload["level"]
        )
    kept = [r for r in rows if r["unit"] in carriers]
    for place, row in enumerate(kept, start=1):
        row["tag_value"] = carriers[row["unit"]]
        row["rank_in_tag"] = place
    payload["results"] = kept
    payload["tag"] = tag
    payload["ranks"] = f"rank among all {len(rows)} units; rank_in_tag among the {len(kept)} tagged"


def _by_tag(run: _Run, tag: str, seed: int, db: Path | None, fmt: OutputFormat) -> None:
    """``index build --by-tag``: the index scores of the tagged units against the rest."""
    from aimaq.cli.tagging import compare, emit_comparison

    scores = run.result.scores.copy()
    scores.index = scores.index.astype(str)
    year, level = str(run.meta["year"]), str(run.meta["level"])
    with reading(db) as store:
        result = compare(store, scores, tag, year, level=level, seed=seed)
    payload = {"index": run.definition.name, "year": run.meta["year"], **result}
    emit_comparison(payload, fmt, f"{run.definition.title or run.definition.name}, {year}")


def typology_cmd(
    definition: DefArg,
    year: YearOpt = None,
    level: LevelOpt = None,
    csv: CsvOpt = None,
    unit_col: UnitColOpt = None,
    method: Annotated[
        str, typer.Option("--method", help="kmeans, ward or best (both, best silhouette).")
    ] = "best",
    k: Annotated[
        int | None, typer.Option("--k", help="Number of clusters (default: by silhouette).")
    ] = None,
    seed: SeedOpt = 0,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Cluster territories on the pillar scores of an index (k-means and Ward)."""
    import pandas as pd

    run = _run(definition, csv=csv, unit_col=unit_col, db=db, year=year, level=level)
    defn, result, names, meta = run.definition, run.result, run.names, run.meta
    pillars = [m for m in defn.group(defn.root).members if m in result.groups.columns]
    if len(pillars) < 2:
        pillars = list(result.groups.columns) or list(result.normalised.columns)
    scores = (
        result.groups[pillars] if set(pillars) <= set(result.groups.columns) else result.normalised
    )
    methods = ("kmeans", "ward") if method == "best" else (method,)
    typ = _api().typology(scores, methods=methods, k=k, seed=seed)
    units = [
        {"unit": str(u), **({"name": names.get(u)} if names is not None else {}), "cluster": int(c)}
        for u, c in typ.labels.sort_values().items()
    ]
    clusters = [
        {
            "cluster": int(str(c)),
            "size": int(row["size"]),
            "description": row["description"],
            "profile": {p: float(row[p]) for p in scores.columns},
        }
        for c, row in typ.profiles.iterrows()
    ]
    payload = {
        "index": defn.name,
        **meta,
        "pillars": list(scores.columns),
        "method": typ.method,
        "k": typ.k,
        "silhouette": typ.silhouette,
        "candidates": typ.candidates.to_dict(orient="records"),
        "clusters": clusters,
        "units": units,
    }
    if fmt is OutputFormat.json:
        emit(payload, fmt)
        return
    emit(
        pd.DataFrame(units), fmt, title=f"{typ.method}, k={typ.k}, silhouette {typ.silhouette:.3f}"
    )
    if fmt is OutputFormat.table:
        emit(
            typ.profiles.reset_index(), fmt, title="Cluster profiles (mean z-score of each pillar)"
        )


def register(app: typer.Typer) -> None:
    """Add ``aimaq index ...`` and ``aimaq typology``."""
    app.add_typer(index_app, name="index")
    app.command("typology")(typology_cmd)
