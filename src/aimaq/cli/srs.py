"""``aimaq srs``: provision against the System of Regional Standards."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aimaq.cli.options import (
    ByTagOpt,
    DbOpt,
    FormatOpt,
    Lang,
    LangOpt,
    OutputFormat,
    TagOpt,
    TerritoryOpt,
    WaitOpt,
    reading,
    writing,
)
from aimaq.cli.output import emit
from aimaq.errors import AimaqError

# the standards package and pandas load when a command runs, not for `aimaq --help`
if TYPE_CHECKING:
    import pandas as pd

    from aimaq.data.store import Store
    from aimaq.standards.registry import Registry

srs_app = typer.Typer(
    help="System of Regional Standards: provision levels, gaps, registry import.",
    no_args_is_help=True,
)


class Level(StrEnum):
    country = "country"
    region = "region"
    district = "district"
    okrug = "okrug"


class Weight(StrEnum):
    by_count = "count"
    by_population = "population"


CatalogueOpt = Annotated[
    Path | None,
    typer.Option("--catalogue", help="A catalogue YAML of your own (default: the shipped one)."),
]
YearOpt = Annotated[
    int | None, typer.Option("--year", help="Year (default: the registry's latest).")
]


_NAME_ORDER = {
    "en": "name_en, name_ru, name_kk",
    "ru": "name_ru, name_en, name_kk",
    "kk": "name_kk, name_ru, name_en",
}


def _names(store: Store, lang: Lang = Lang.en) -> dict[str, str]:
    from aimaq.standards.provision import COUNTRY_KATO

    # a fixed column list per language: no user text reaches the SQL
    frame = store.query(f"select kato, coalesce({_NAME_ORDER[lang]}) as name from territory")
    names = dict(zip(frame["kato"], frame["name"], strict=True))
    names.setdefault(COUNTRY_KATO, "Republic of Kazakhstan")
    return names


def _header(reg: Registry, year: int, **extra: Any) -> dict[str, Any]:
    return {"registry": reg.label, "synthetic": reg.synthetic, "year": year, **extra}


def _title(reg: Registry, text: str) -> str:
    return f"{text} ({reg.label})"


def _warn_unrecorded(frame: pd.DataFrame) -> None:
    """Say on stderr how many applicable norms the registry holds no record of."""
    from rich.console import Console

    lacking = int(frame["n_unrecorded"].sum())
    if lacking:
        settlements = int((frame["n_unrecorded"] > 0).sum())
        Console(stderr=True).print(
            f"note: {lacking} applicable norm(s) of {settlements} settlement(s) have no "
            "record in the registry and count as not met (column n_unrecorded)"
        )


def _emit_rows(reg: Registry, rows: pd.DataFrame, fmt: OutputFormat, text: str) -> None:
    """A table under a title naming the registry; a CSV carries it in a first column,
    so a spreadsheet made from a synthetic registry still says so on every row."""
    if fmt is OutputFormat.csv:
        rows = rows.copy()
        rows.insert(0, "registry", reg.label)
    emit(rows, fmt, title=_title(reg, text))


def status(
    level: Annotated[
        Level, typer.Option("--level", help="Territories to roll up to.")
    ] = Level.region,
    year: YearOpt = None,
    urban: Annotated[bool, typer.Option("--urban", help="Urban settlements only.")] = False,
    rural: Annotated[bool, typer.Option("--rural", help="Rural settlements only.")] = False,
    weight: Annotated[
        Weight,
        typer.Option("--weight", help="Mean of settlement shares by count or by population."),
    ] = Weight.by_count,
    catalogue: CatalogueOpt = None,
    tag: TagOpt = None,
    by_tag: ByTagOpt = None,
    lang: LangOpt = Lang.en,
    fmt: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
) -> None:
    """Provision level (share of applicable norms met) by territory, total, urban and rural.

    --tag rolls up only the settlements that carry the tag or lie in a unit that does;
    --by-tag compares the provision of the units of --level that carry it (of settlements,
    for a tag on settlements) with the rest.
    """
    import pandas as pd

    from aimaq.cli.tagging import one_of
    from aimaq.standards.catalogue import load_catalogue
    from aimaq.standards.provision import rollup, settlement_provision
    from aimaq.standards.registry import Registry
    from aimaq.standards.targets import national_levels, target_gaps

    one_of(tag, by_tag)
    if urban and rural:
        raise AimaqError("--urban and --rural exclude each other")
    cat = load_catalogue(catalogue)
    with reading(db) as store:
        reg = Registry.from_store(store)
        names = _names(store, lang)
        y = reg.for_year(year)
        frame = settlement_provision(reg, cat, y)
        if by_tag is not None:
            _provision_by_tag(store, reg, frame, by_tag, level.value, weight.value, fmt)
            return
        everywhere = frame
        if tag is not None:
            frame = _in_tagged(store, frame, tag, y)
    parts = [
        rollup(frame, level.value, weight.value, split_urban=False),
        rollup(frame, level.value, weight.value, split_urban=True),
    ]
    rows = pd.concat(parts, ignore_index=True)
    if urban or rural:
        rows = rows[rows["area"] == ("urban" if urban else "rural")]
    rows.insert(1, "name", rows["kato"].map(names))
    rows = rows.sort_values(["kato", "area"]).reset_index(drop=True)
    cols = [
        "kato",
        "name",
        "area",
        "n_settlements",
        "population",
        "n_applicable",
        "n_met",
        "n_unrecorded",
        "provision_pct",
    ]
    rows = rows[cols]
    _warn_unrecorded(frame)
    among = {} if tag is None else {"tag": _tag_note(tag, frame)}
    if fmt is OutputFormat.json:
        national = national_levels(reg, cat, y, frame=everywhere)
        payload = _header(
            reg,
            y,
            level=level.value,
            weight=weight.value,
            **among,
            national=national,
            targets=target_gaps(reg, cat, y, frame=everywhere).to_dict("records"),
            rows=rows.to_dict("records"),
        )
        emit(payload, fmt)
        return
    text = f"SRS provision {y}, by {level.value}, weighted by {weight.value}"
    _emit_rows(reg, rows, fmt, text + ("" if tag is None else f", settlements tagged {tag}"))


def _in_tagged(store: Store, frame: pd.DataFrame, tag: str, year: int) -> pd.DataFrame:
    """The settlements that carry ``tag`` in ``year`` or lie in a unit that does."""
    from aimaq.analysis.groups import tagged_within

    value = tagged_within(store, frame, tag, str(year))
    return frame[value.notna()].assign(tag_value=value[value.notna()])


def _tag_note(tag: str, frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "tag": tag,
        "settlements": len(frame),
        "note": "rows roll up only the settlements that carry the tag or lie in a unit "
        "that does; national and targets cover every settlement",
    }


def _provision_by_tag(
    store: Store,
    reg: Registry,
    frame: pd.DataFrame,
    tag: str,
    level: str,
    weight: str,
    fmt: OutputFormat,
) -> None:
    """``srs status --by-tag``: provision of the tagged units against the rest."""
    import pandas as pd

    from aimaq.analysis.groups import tag_comparison, tagged_units
    from aimaq.cli.tagging import emit_comparison
    from aimaq.standards.provision import rollup

    year = int(frame.attrs.get("year", reg.for_year(None)))
    carriers = tagged_units(store, tag, str(year))
    measured = frame[frame["provision"].notna()]
    if measured["kato"].astype(str).isin(carriers).any():
        level = "settlement"  # a tag on settlements compares settlements
        units = measured.assign(provision_pct=100 * measured["provision"])
        size = units["population"] if weight == "population" else None
    else:
        units = rollup(frame, level, weight, split_urban=False)
        size = units["population" if weight == "population" else "n_settlements"]
    values = pd.Series(units["provision_pct"].to_numpy(float), index=units["kato"].astype(str))
    weights = None if size is None else pd.Series(size.to_numpy(float), index=values.index)
    if weights is not None:
        weights.name = f"{'population' if weight == 'population' else 'settlements'} (registry)"
    result = tag_comparison(
        store, values, tag, str(year), level=level, weight="none" if weights is None else weights
    )
    payload = _header(reg, year, measure="provision_pct", **result)
    emit_comparison(payload, fmt, _title(reg, f"SRS provision {year}, by {level}"))


def gaps(
    territory: TerritoryOpt = None,
    area: Annotated[
        str | None, typer.Option("--area", help="One of the twelve areas (e.g. engineering).")
    ] = None,
    year: YearOpt = None,
    detail: Annotated[
        bool, typer.Option("--detail", help="One row per settlement and norm instead of a summary.")
    ] = False,
    catalogue: CatalogueOpt = None,
    tag: TagOpt = None,
    by_tag: ByTagOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
) -> None:
    """Unmet norms: by norm (settlements, population, cost hint), or per settlement.

    --tag keeps the settlements that carry the tag or lie in a unit that does; --by-tag
    splits every row into those settlements (``group`` tagged) and the rest.
    """
    from aimaq.cli.tagging import one_of
    from aimaq.standards.catalogue import load_catalogue
    from aimaq.standards.provision import unmet_norms
    from aimaq.standards.registry import Registry
    from aimaq.standards.scope import describe, name_of, resolve_territory, within

    cat = load_catalogue(catalogue)
    areas = [a.id for a in cat.areas]
    if area is not None and area not in areas:
        raise AimaqError(
            f"--area {area!r} is not an area of the catalogue; expected one of {', '.join(areas)}"
        )
    one_of(tag, by_tag)
    scope = None if territory is None else resolve_territory(territory)
    with reading(db) as store:
        reg = Registry.from_store(store)
        y = reg.for_year(year)
        frame = unmet_norms(reg, cat, y)
        if tag is not None or by_tag is not None:
            from aimaq.analysis.groups import tagged_within

            value = tagged_within(store, frame, str(tag or by_tag), str(y))
            frame = frame.assign(group=value.notna().map({True: "tagged", False: "rest"}))
            if tag is not None:
                frame = frame[value.notna()].assign(tag_value=value[value.notna()])
    keys = ["group", "area", "norm_id"] if by_tag is not None else ["area", "norm_id"]
    if scope is not None:
        lying = within(reg.settlements, scope)["kato"]
        frame = frame[frame["kato"].isin(set(lying))]
    if area is not None:
        frame = frame[frame["area"] == area]
    if detail:
        rows = frame
    else:
        rows = (
            frame.groupby(keys)
            .agg(
                settlements=("kato", "size"),
                population=("population", "sum"),
                served_by_support=("served_by_support", "sum"),
                cost_hint_kzt=("cost_hint_kzt", "sum"),
            )
            .reset_index()
            .sort_values(keys)
        )
    rows = rows.reset_index(drop=True)
    marked = {"tag": tag} if tag is not None else {"by_tag": by_tag} if by_tag else {}
    if fmt is OutputFormat.json:
        where = None if scope is None else {"kato": scope, "name": name_of(scope)}
        payload = _header(
            reg, y, territory=where, area=area, **marked, rows=rows.to_dict("records")
        )
        emit(payload, fmt)
        return
    title = f"Unmet SRS norms {y}" + ("" if scope is None else f", {describe(scope)}")
    title += "".join(f", {k.replace('_', ' ')} {v}" for k, v in marked.items())
    _emit_rows(reg, rows, fmt, title)


def trend_cmd(
    level: Annotated[
        Level, typer.Option("--level", help="Territories to roll up to.")
    ] = Level.country,
    weight: Annotated[Weight, typer.Option("--weight")] = Weight.by_count,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
) -> None:
    """Provision over the registry's years, with the change on the previous year."""
    from aimaq.standards.catalogue import load_catalogue
    from aimaq.standards.registry import Registry
    from aimaq.standards.targets import trend

    cat = load_catalogue(catalogue)
    with reading(db) as store:
        reg = Registry.from_store(store)
    rows = trend(reg, cat, level.value, weight.value, split_urban=True, include_total=True)
    rows = rows[
        ["kato", "area", "year", "n_settlements", "provision_pct", "change_pp"]
    ].reset_index(drop=True)
    if fmt is OutputFormat.json:
        emit(
            {
                "registry": reg.label,
                "synthetic": reg.synthetic,
                "years": list(reg.years),
                "rows": rows.to_dict("records"),
            },
            fmt,
        )
        return
    _emit_rows(reg, rows, fmt, "SRS provision by year")


def import_cmd(
    file: Annotated[Path, typer.Argument(help="CSV or Excel registry (see docs/standards.md).")],
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    wait: WaitOpt = 30.0,
) -> None:
    """Import a settlement registry; it replaces the current one (all or nothing)."""
    from aimaq.standards.catalogue import load_catalogue
    from aimaq.standards.importer import import_registry

    cat = load_catalogue(catalogue)
    with writing(db, wait=wait, create=True) as store:
        reg = import_registry(store, file, cat)
    summary = {
        "registry": reg.label,
        "synthetic": reg.synthetic,
        "batch_id": reg.batch_id,
        "settlements": len(reg.settlements),
        "years": list(reg.years),
        "status_records": len(reg.status),
    }
    emit(summary if fmt is OutputFormat.json else [summary], fmt, title="SRS registry imported")


def synthesize(
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="Generator seed: the same seed gives the same registry "
            "(default: the seed of the registry `aimaq init` builds).",
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    wait: WaitOpt = 30.0,
) -> None:
    """Generate the calibrated synthetic registry and make it the current one."""
    from rich.console import Console
    from rich.progress import Progress

    from aimaq.standards.catalogue import load_catalogue
    from aimaq.standards.synthetic import DEFAULT_SEED, load_default
    from aimaq.standards.targets import national_levels

    chosen = DEFAULT_SEED if seed is None else seed
    with (
        writing(db, wait=wait) as store,
        Progress(transient=True, console=Console(stderr=True)) as progress,
    ):
        reg = load_default(store, seed=chosen, progress=progress)
    cat = load_catalogue()
    summary = {
        "registry": reg.label,
        "synthetic": True,
        "seed": chosen,
        "batch_id": reg.batch_id,
        "settlements": len(reg.settlements),
        "years": list(reg.years),
        "national_pct": national_levels(reg, cat),
    }
    emit(
        summary if fmt is OutputFormat.json else [summary],
        fmt,
        title="SRS registry generated (synthetic registry)",
    )


def _init_step(store: Store) -> tuple[str, int]:
    """``aimaq init`` step: the synthetic registry, so SRS commands work out of the box."""
    from aimaq.standards.synthetic import load_default

    reg = load_default(store)
    return "SRS settlements (synthetic registry)", len(reg.settlements)


def register(app: typer.Typer) -> None:
    """Add the ``srs`` command group, and the synthetic registry to ``aimaq init``."""
    try:
        from aimaq.cli.data import INIT_STEPS
    except ImportError:  # a build without the data commands: nothing to hook into
        INIT_STEPS = []
    if _init_step not in INIT_STEPS:
        INIT_STEPS.append(_init_step)
    srs_app.command("status")(status)
    srs_app.command("gaps")(gaps)
    srs_app.command("trend")(trend_cmd)
    srs_app.command("import")(import_cmd)
    srs_app.command("synthesize")(synthesize)
    app.add_typer(srs_app, name="srs")
