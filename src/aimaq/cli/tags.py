"""`aimaq tags`: list territory tags, and import a tag file (CSV or Excel)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aimaq.cli.options import DbOpt, FormatOpt, OutputFormat, WaitOpt, reading, writing
from aimaq.cli.output import emit

if TYPE_CHECKING:
    import pandas as pd

    from aimaq.data.store import Store

group = typer.Typer(
    help="Territory tags: border districts, single-industry towns, centres ... (see docs/territory.md).",
    no_args_is_help=True,
)

IMPORTER = "tags"

_COLUMNS = (
    "select kato, tag, value, source, method, cast(valid_from as varchar) as valid_from, "
    "cast(valid_to as varchar) as valid_to, note, batch_id from territory_tag"
)


def stored_tags(store: Store, tag: str | None = None) -> pd.DataFrame:
    """The tag rows of a store (shipped and imported), of one tag or all."""
    if tag is None:
        return store.query(_COLUMNS + " order by tag, kato, valid_from")
    return store.query(_COLUMNS + " where tag = ? order by kato, valid_from", [tag])


@group.command("list")
def list_cmd(
    tag: Annotated[
        str | None, typer.Option("--tag", help="Only this tag (e.g. border_district).")
    ] = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Tag rows with value, source, method and validity; without --tag, a count per tag."""
    with reading(db) as store:
        frame = stored_tags(store, tag)
    if tag is None:
        frame = (
            frame.assign(imported=frame["batch_id"].notna())
            .groupby(["tag", "imported"], as_index=False)
            .agg(units=("kato", "nunique"), rows=("kato", "size"))
        )
        emit(frame, fmt, title="territory tags")
        return
    if frame.empty:
        from aimaq.errors import ValidationError

        raise ValidationError(f"no unit carries the tag {tag!r}; `aimaq tags list` lists the tags")
    emit(frame, fmt, title=f"{tag}: {len(frame)} rows")


@group.command("import")
def import_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV or Excel: kato, tag, value, source, method, valid_from, valid_to, note."
        ),
    ],
    db: DbOpt = None,
    wait: WaitOpt = 30.0,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Add the tags of a file, all or none; a bad cell is named with file, row and column."""

    from aimaq.data.importers.source import open_source, read_text_table
    from aimaq.territory import Resolver
    from aimaq.territory.tags import check_tag_rows

    source = open_source(file)
    frame = read_text_table(source).reset_index(drop=True).astype(str)
    with writing(db, wait=wait, create=True) as store:
        existing = store.query("select kato, tag, valid_from, valid_to from territory_tag")
        rows = check_tag_rows(frame, Resolver.default(), source=source.source, existing=existing)
        with store.transaction() as con:
            batch = con.execute(
                "insert into import_batch (source, sha256, rows, imported_at, importer, attribution) "
                "values (?, ?, ?, ?, ?, ?) returning batch_id",
                [source.source, source.sha256, len(rows), datetime.now(), IMPORTER, None],
            ).fetchone()
            assert batch is not None
            batch_id = int(batch[0])
            rows = rows.assign(method=rows["method"].fillna("imported"), batch_id=batch_id)
            con.register("_tags", rows)
            cols = ", ".join(rows.columns)
            con.execute(f"insert into territory_tag ({cols}) select {cols} from _tags")
            con.unregister("_tags")
    counts = rows.groupby("tag")["kato"].nunique().to_dict()
    summary = {"file": source.source, "batch_id": batch_id, "rows": len(rows), "tags": counts}
    emit(summary if fmt is OutputFormat.json else [summary], fmt, title="tags imported")


def register(app: typer.Typer) -> None:
    """Add the ``tags`` group to the CLI."""
    app.add_typer(group, name="tags")
