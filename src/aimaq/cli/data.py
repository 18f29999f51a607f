"""``aimaq init``, ``territories``, ``indicators``, ``show`` and ``lineage``: the data commands."""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from aimaq.cli.options import (
    DbOpt,
    FormatOpt,
    Lang,
    LangOpt,
    OutputFormat,
    TagOpt,
    WaitOpt,
    db_path,
    reading,
    writing,
)
from aimaq.cli.output import emit
from aimaq.data.domains import DOMAINS
from aimaq.data.flags import MARKS
from aimaq.errors import ValidationError

# the store, pandas and the dataset builder load when a command runs, not for `--help`
if TYPE_CHECKING:
    from aimaq.data.build import InitSummary
    from aimaq.data.store import Store

#: Steps other command groups add to ``aimaq init`` (e.g. a demonstration SRS registry):
#: each is called with the open store after the shipped data are loaded, before the new
#: database file is moved into place, and returns a short label and a count to print.
INIT_STEPS: list[Callable[[Store], tuple[str, int]]] = []


class Level(StrEnum):
    country = "country"
    region = "region"
    district = "district"
    okrug = "okrug"
    settlement = "settlement"


# -- init ----------------------------------------------------------------------------------
def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _extra_steps(store: Store) -> list[tuple[str, int]]:
    return [step(store) for step in INIT_STEPS]


def _build(
    path: Path, *, fresh: bool, quiet: bool, wait: float
) -> tuple[InitSummary, list[tuple[str, int]]]:
    """Build into a temporary file beside ``path`` and move it into place when complete.

    Without ``fresh`` an existing database is updated in place, in one transaction.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from aimaq.data.build import build_steps, init_database

    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description:<32}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
    )
    with Progress(
        *columns, TimeElapsedColumn(), console=console, transient=True, disable=quiet
    ) as bar:
        task = bar.add_task("aimaq init", total=build_steps())

        def advance(step: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=step)

        if path.exists() and not fresh:
            with writing(path, wait=wait) as store:
                return init_database(store, progress=advance), _extra_steps(store)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.building-{os.getpid()}")
        _remove(temp)
        try:
            with writing(temp, wait=0, create=True) as store:
                summary = init_database(store, progress=advance)
                extra = _extra_steps(store)
            _remove(path.with_name(path.name + ".wal"))
            os.replace(temp, path)
        finally:
            _remove(temp)
        return summary, extra


def init(
    db: DbOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild the database from scratch (replaces the file).")
    ] = False,
    wait: WaitOpt = 30.0,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Create the database from the embedded official data: territories, indicators, figures."""
    import pandas as pd

    path = db_path(db)
    summary, extra = _build(
        path, fresh=force or not path.exists(), quiet=fmt is not OutputFormat.table, wait=wait
    )
    if fmt is OutputFormat.json:
        emit({"db": str(path), **summary.as_dict(), "extra": dict(extra)}, fmt)
        return
    rows = [
        {"item": f"territories: {k}", "count": v} for k, v in sorted(summary.territories.items())
    ]
    rows += [
        {"item": "indicators", "count": summary.indicators},
        {"item": "observations", "count": summary.observations},
        {"item": "import batches", "count": summary.batches},
        {"item": "batches added by this run", "count": summary.new_batches},
        {"item": "observations added by this run", "count": summary.new_rows},
        *({"item": label, "count": count} for label, count in extra),
    ]
    emit(pd.DataFrame(rows), fmt, title=f"aimaq database {path}")


# -- territories ---------------------------------------------------------------------------
def territories(
    level: Annotated[Level | None, typer.Option("--level", help="Only this level.")] = None,
    parent: Annotated[
        str | None, typer.Option("--parent", help="Only the direct children of this KATO code.")
    ] = None,
    include_past: Annotated[
        bool,
        typer.Option("--all", help="Include units that no longer exist (e.g. South Kazakhstan)."),
    ] = False,
    tag: TagOpt = None,
    lang: LangOpt = Lang.en,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List territories of the KATO tree (current units unless --all)."""
    sql = (
        "select kato, parent_kato, level, unit_type, name_kk, name_ru, name_en, "
        "cast(valid_from as varchar) as valid_from, cast(valid_to as varchar) as valid_to "
        "from territory where true"
    )
    params: list[object] = []
    if level is not None:
        sql += " and level = ?"
        params.append(level.value)
    if parent is not None:
        if not (parent.isdigit() and len(parent) == 9):
            raise ValidationError(f"--parent must be a 9-digit KATO code; got {parent!r}")
        sql += " and parent_kato = ?"
        params.append(parent)
    if not include_past:
        sql += " and valid_to is null"
    if tag is not None:
        # the units that carry the tag (today, unless --all), with its value
        held = "" if include_past else " and (valid_to is null or valid_to > current_date)"
        sql = sql.replace(
            "from territory where true",
            "from territory join (select kato, string_agg(distinct coalesce(value, ''), '; ') "
            f"as tag_value from territory_tag where tag = ?{held} group by kato) using (kato) "
            "where true",
        ).replace("select kato,", "select kato, tag_value,", 1)
        params.insert(0, tag)
    with reading(db) as store:
        frame = store.query(sql + " order by kato", params)
    if tag is not None and frame.empty:
        raise ValidationError(f"no territory carries the tag {tag!r}; `aimaq tags list` lists them")
    name = frame[f"name_{lang}"].where(frame[f"name_{lang}"].notna(), frame["name_ru"])
    out = frame[["kato", "parent_kato", "level", "unit_type"]].assign(name=name)
    if tag is not None:
        out = out.assign(tag=tag, value=frame["tag_value"].replace("", None))
    if include_past:
        out = out.assign(valid_from=frame.valid_from, valid_to=frame.valid_to)
    emit(out, fmt, title=f"{len(out)} territories")


# -- indicators ----------------------------------------------------------------------------
def indicators(
    domain: Annotated[
        str | None, typer.Option("--domain", help=f"One of: {', '.join(DOMAINS)}.")
    ] = None,
    lang: LangOpt = Lang.en,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List the indicators: the database's (with imported ones) or, without one, the catalogue."""
    import pandas as pd

    from aimaq.data.catalogue import load_catalogue

    if domain is not None and domain not in DOMAINS:
        raise ValidationError(f"unknown domain {domain!r}; one of {', '.join(DOMAINS)}")
    catalogue = load_catalogue()
    if db_path(db).exists():
        with reading(db) as store:
            table = store.query("select * from indicator order by id")
        known = {ind.id: ind for ind in catalogue}
        order = {ind_id: pos for pos, ind_id in enumerate(catalogue.ids)}
        table = table.assign(_pos=table["id"].map(order).fillna(len(order))).sort_values(
            ["_pos", "id"]
        )
    else:
        table = catalogue.frame()
        known = {ind.id: ind for ind in catalogue}
    if domain is not None:
        table = table[table["domain"] == domain]
    rows = [
        {
            "id": rec["id"],
            "name": _text(rec[f"name_{lang}"], rec["name_en"]),
            "unit": rec["unit"],
            "polarity": int(rec["polarity"]),
            "domain": rec["domain"],
            "derived": rec["id"] in known and known[rec["id"]].is_derived,
            "shipped": rec["id"] in known and known[rec["id"]].embedded,
            "dims": ",".join(known[rec["id"]].dims) if rec["id"] in known else "",
            "taldau_index": rec["taldau_index"],
            "source": rec["source"],
        }
        for rec in table.to_dict("records")
    ]
    emit(pd.DataFrame(rows), fmt, title=f"{len(rows)} indicators")


def _text(value: object, fallback: object) -> str:
    """``value`` as text, or ``fallback`` where it is missing (imported indicators may lack names)."""
    missing = value is None or (isinstance(value, float) and math.isnan(value)) or value == ""
    return str(fallback) if missing else str(value)


def _stored_indicator(store: Store, indicator: str) -> dict[str, object]:
    """The database's row for ``indicator`` (catalogue or imported); a clear error if absent."""
    found = store.query("select * from indicator where id = ?", [indicator])
    if found.empty:
        raise ValidationError(
            f"unknown indicator {indicator!r}; see `aimaq indicators` for the ones stored"
        )
    return {str(k): v for k, v in found.iloc[0].to_dict().items()}


# -- show ----------------------------------------------------------------------------------
def parse_dims(text: str | None) -> str | None:
    """``area=urban,sex=male`` as canonical dims; ``all`` (None) for every breakdown.

    Examples
    --------
    >>> parse_dims("sex=male,area=urban")
    '{"area":"urban","sex":"male"}'
    >>> parse_dims("") == "{}"
    True
    """
    from aimaq.data.store import canonical_dims

    if text is None or text.strip() == "":
        return "{}"
    if text.strip() == "all":
        return None
    parts = {}
    for pos, item in enumerate(text.split(",")):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValidationError(
                f"--dims item {pos + 1} {item!r} is not key=value (e.g. area=urban)"
            )
        parts[key.strip()] = value.strip()
    return canonical_dims(parts)


def show(
    indicator: Annotated[str, typer.Argument(help="Indicator id (see `aimaq indicators`).")],
    year: Annotated[
        str | None,
        typer.Option("--year", help="All periods of one year (2022, 2022Q3, 2022-01-01)."),
    ] = None,
    period: Annotated[str | None, typer.Option("--period", help="One exact period.")] = None,
    level: Annotated[Level | None, typer.Option("--level", help="Only this level.")] = None,
    dims: Annotated[
        str | None,
        typer.Option(
            "--dims", help="Breakdown, e.g. area=urban or sex=male,area=rural; 'all' for every one."
        ),
    ] = None,
    lang: LangOpt = Lang.en,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Print the stored figures of one indicator (totals unless --dims)."""
    import pandas as pd

    if year is not None and period is not None:
        raise ValidationError("give --year or --period, not both")
    if year is not None and not (year.isdigit() and len(year) == 4):
        raise ValidationError(f"--year must be a four-digit year; got {year!r}")
    wanted = parse_dims(dims)
    sql = (
        "select o.kato, t.level, t.name_kk, t.name_ru, t.name_en, o.period, o.value, o.dims, "
        "o.flag, o.batch_id from observation o join territory t using (kato) "
        "where o.indicator_id = ?"
    )
    params: list[object] = [indicator]
    if period is not None:
        sql += " and o.period = ?"
        params.append(period)
    if year is not None:
        sql += " and (o.period = ? or o.period like ?)"
        params += [year, f"{year}%"]
    if level is not None:
        sql += " and t.level = ?"
        params.append(level.value)
    if wanted is not None:
        sql += " and o.dims = ?"
        params.append(wanted)
    with reading(db) as store:
        entry = _stored_indicator(store, indicator)
        frame = store.query(sql + " order by o.period, o.kato, o.dims", params)
    name = frame[f"name_{lang}"].where(frame[f"name_{lang}"].notna(), frame["name_ru"])
    out = pd.DataFrame(
        {
            "kato": frame.kato,
            "name": name,
            "level": frame.level,
            "period": frame.period,
            "value": frame.value,
            "unit": entry["unit"],
            "dims": frame.dims,
            # the source's mark ("х", "-", "...") beside the value it stands for
            "mark": frame.flag.map(MARKS).fillna(""),
            "flag": frame.flag.fillna(""),
            "batch_id": frame.batch_id,
        }
    )
    if out.empty and fmt is OutputFormat.table:
        Console(stderr=True).print(f"no stored figures of {indicator} match")
    label = _text(entry[f"name_{lang}"], entry["name_en"])
    emit(out, fmt, title=f"{label} ({entry['unit']})")


# -- lineage -------------------------------------------------------------------------------
def lineage(
    indicator: Annotated[
        str | None, typer.Option("--indicator", help="Only batches holding this indicator.")
    ] = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Where the stored figures come from: import batches with source, SHA-256 and attribution."""
    sql = (
        "select b.batch_id, b.source, b.sha256, b.rows, cast(b.imported_at as varchar) as imported_at, "
        "b.importer, b.attribution from import_batch b"
    )
    params: list[object] = []
    if indicator is not None:
        sql += " where b.batch_id in (select batch_id from observation where indicator_id = ?)"
        params.append(indicator)
    with reading(db) as store:
        if indicator is not None:
            _stored_indicator(store, indicator)
        frame = store.query(sql + " order by b.batch_id", params)
    emit(frame, fmt, title=f"{len(frame)} import batches")


def register(app: typer.Typer) -> None:
    """Add the data commands to the ``aimaq`` app."""
    app.command("init")(init)
    app.command("territories")(territories)
    app.command("indicators")(indicators)
    app.command("show")(show)
    app.command("lineage")(lineage)
