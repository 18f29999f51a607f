"""``aimaq disparity``, ``aimaq convergence`` and ``aimaq clusters``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from aimaq.cli.options import ByTagOpt, DbOpt, FormatOpt, OutputFormat, TagOpt, reading
from aimaq.cli.output import emit
from aimaq.errors import ValidationError

AllowPartialOpt = Annotated[
    bool,
    typer.Option(
        "--allow-partial",
        help="Compute even when values cover under 80% of the units or of their population "
        "(the units left out are listed either way).",
    ),
]


@contextmanager
def _coverage_advice() -> Iterator[None]:
    """The library states the coverage it found; the command line says how to go on."""
    from aimaq.analysis.coverage import PartialCoverage

    try:
        yield
    except PartialCoverage as exc:
        raise ValidationError(
            f"{exc}; --allow-partial computes on the {exc.coverage.units} {exc.unit} with values"
        ) from exc


if TYPE_CHECKING:
    from aimaq.analysis.convergence import SigmaMeasure


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr for long permutation runs (none for short ones)."""
    if total < 1000:
        yield None
        return
    columns = (TextColumn(label), BarColumn(), TextColumn("{task.completed}/{task.total}"))
    console = Console(stderr=True)  # stdout carries the result (JSON, CSV)
    with Progress(*columns, TimeElapsedColumn(), transient=True, console=console) as bar:
        task = bar.add_task(label, total=total)

        def advance(done: int) -> None:
            bar.update(task, completed=done)

        yield advance


def _emit_report(report: dict[str, Any], fmt: OutputFormat, title: str) -> None:
    import pandas as pd

    if fmt is OutputFormat.json:
        emit(report, fmt)
        return
    from aimaq.analysis.inequality import measure_keys

    rows = [
        {"section": "measure", "level": "", "name": m, "value": report.get(m)}
        for m in ("n", "mean", *measure_keys())
        if m in report
    ]
    for entry in report.get("decomposition", []):
        for key, value in entry.items():
            if key != "level":
                rows.append(
                    {
                        "section": "decomposition",
                        "level": entry["level"],
                        "name": key,
                        "value": value,
                    }
                )
    coverage = report.get("coverage")
    if coverage:
        rows.append(
            {
                "section": "coverage",
                "level": "",
                "name": f"{coverage['units']} of {coverage['expected']} units",
                "value": coverage["unit_share"],
            }
        )
    rows.extend(
        {"section": "excluded", "level": "", "name": kato, "value": why}
        for kato, why in report.get("excluded", {}).items()
    )
    rows.extend(
        {"section": "note", "level": "", "name": note, "value": None}
        for note in report.get("notes", [])
    )
    frame = pd.DataFrame(rows)
    frame["value"] = frame["value"].astype(object)
    emit(frame, fmt, title=title)


def disparity(
    indicator: Annotated[
        str | None, typer.Argument(help="Stored indicator id (omit with --csv).")
    ] = None,
    year: Annotated[str | None, typer.Option("--year", help="Year of the stored values.")] = None,
    levels: Annotated[
        str,
        typer.Option(
            "--levels",
            "--level",
            help="Nested levels, coarse to fine; the last is the unit (region,district).",
        ),
    ] = "region",
    weight: Annotated[
        str | None,
        typer.Option(
            "--weight",
            help="Stored data: population (default) or none. With --csv: the weight column, "
            "or none (the default there).",
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Stored data: split units by a breakdown dimension (area)."),
    ] = None,
    csv: Annotated[
        Path | None, typer.Option("--csv", help="Analyse a table (CSV, Excel, Parquet) instead.")
    ] = None,
    value: Annotated[str | None, typer.Option("--value", help="Value column (with --csv).")] = None,
    group: Annotated[
        list[str] | None,
        typer.Option("--group", help="Group column, repeat for nested levels (with --csv)."),
    ] = None,
    permutations: Annotated[
        int, typer.Option("--permutations", help="Permutation test of between shares (0: none).")
    ] = 0,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed of the test.")] = None,
    lorenz: Annotated[
        bool, typer.Option("--lorenz", help="Add the Lorenz curve (JSON output only).")
    ] = False,
    allow_partial: AllowPartialOpt = False,
    tag: TagOpt = None,
    by_tag: ByTagOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Inequality across territories: Gini, Theil, CV, Williamson, ... and its decomposition."""
    from aimaq.analysis.report import read_table, table_report
    from aimaq.cli.tagging import one_of

    one_of(tag, by_tag, csv=csv)
    if permutations < 0:
        raise ValidationError(f"--permutations must be >= 0; got {permutations}")
    if by_tag is not None:
        _by_tag(indicator, year, levels, weight, by_tag, permutations, seed, db, fmt)
        return
    if csv is not None:
        if indicator is not None:
            raise ValidationError("give either an INDICATOR or --csv, not both")
        if by is not None:
            raise ValidationError(
                "--by applies to stored data; give a table's columns with --group"
            )
        if not value:
            raise ValidationError("--csv needs --value COLUMN")
        table = read_table(csv)
        with _progress(permutations, "permutations") as advance:
            report = table_report(
                table,
                value=value,
                groups=group or [],
                weight=None if weight == "none" else weight,  # "none" as for stored data
                source=str(csv),
                permutations=permutations,
                seed=seed,
                progress=advance,
                with_lorenz=lorenz,
            )
        _emit_report(report, fmt, f"Disparity of {value} ({csv.name})")
        return
    if indicator is None:
        raise ValidationError("give an INDICATOR (stored data) or --csv FILE")
    if year is None:
        raise ValidationError("--year is required for a stored indicator")
    if group:
        raise ValidationError("--group applies to --csv tables; stored data use --levels")
    from aimaq.analysis.stored import disparity_from_store

    mode = weight or "population"
    if mode not in ("population", "none"):
        raise ValidationError(f"--weight for stored data is population or none; got {mode!r}")
    with (
        reading(db) as store,
        _progress(permutations, "permutations") as advance,
        _coverage_advice(),
    ):
        report = disparity_from_store(
            store,
            indicator,
            year,
            levels=levels.split(","),
            weight="population" if mode == "population" else "none",
            by=by,
            permutations=permutations,
            seed=seed,
            progress=advance,
            with_lorenz=lorenz,
            allow_partial=allow_partial,
            tag=tag,
        )
    among = "" if tag is None else f", units tagged {tag}"
    _emit_report(report, fmt, f"Disparity of {indicator}, {report['period']}{among}")


def _by_tag(
    indicator: str | None,
    year: str | None,
    levels: str,
    weight: str | None,
    tag: str,
    permutations: int,
    seed: int | None,
    db: Path | None,
    fmt: OutputFormat,
) -> None:
    """``disparity --by-tag``: the units that carry a tag against the rest."""
    from aimaq.analysis.stored import tag_comparison_from_store

    if indicator is None or year is None:
        raise ValidationError("--by-tag needs a stored INDICATOR and --year")
    rounds = permutations or 999
    with reading(db) as store, _progress(rounds, "permutations") as advance:
        result = tag_comparison_from_store(
            store,
            indicator,
            year,
            tag,
            level=levels.split(",")[-1].strip(),
            weight=weight or "population",
            permutations=rounds,
            seed=seed,
            progress=advance,
        )
    from aimaq.cli.tagging import emit_comparison

    emit_comparison(result, fmt, f"{indicator}, {result['period']}")


def convergence(
    indicator: Annotated[str, typer.Argument(help="Stored annual indicator id.")],
    first: Annotated[int, typer.Option("--from", help="First year.")],
    last: Annotated[int, typer.Option("--to", help="Last year.")],
    borders: Annotated[
        str,
        typer.Option(
            "--borders",
            help="consistent: drop territories whose borders changed; harmonise: rebuild old borders.",
        ),
    ] = "consistent",
    weight: Annotated[str, typer.Option("--weight", help="none or population.")] = "none",
    classes: Annotated[int, typer.Option("--classes", help="Markov quantile classes.")] = 4,
    level: Annotated[str, typer.Option("--level", help="Territory level of the panel.")] = "region",
    sigma: Annotated[
        str, typer.Option("--sigma", help="Dispersion for sigma: sd_log, cv, gini or theil_t.")
    ] = "sd_log",
    control: Annotated[
        list[str] | None,
        typer.Option("--control", help="Indicator of the first year as a control (repeat)."),
    ] = None,
    allow_partial: AllowPartialOpt = False,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Sigma and beta convergence and Markov mobility of a stored indicator."""
    import pandas as pd

    from aimaq.analysis.stored import convergence_from_store

    if borders not in ("consistent", "harmonise"):
        raise ValidationError(f"--borders must be consistent or harmonise; got {borders!r}")
    if weight not in ("none", "population"):
        raise ValidationError(f"--weight must be none or population; got {weight!r}")
    if sigma not in ("sd_log", "cv", "gini", "theil_t"):
        raise ValidationError(f"--sigma must be sd_log, cv, gini or theil_t; got {sigma!r}")
    with reading(db) as store, _coverage_advice():
        result = convergence_from_store(
            store,
            indicator,
            first,
            last,
            borders="consistent" if borders == "consistent" else "harmonise",
            weight="population" if weight == "population" else "none",
            classes=classes,
            level=level,
            sigma_measure=cast("SigmaMeasure", sigma),
            controls=control or [],
            allow_partial=allow_partial,
        )
    if fmt is OutputFormat.json:
        emit(result, fmt)
        return
    beta, trend = result["beta"], result["sigma"] or {}
    rows = [
        {"name": "territories", "value": len(result["territories"])},
        {"name": "beta", "value": beta["beta"]},
        {"name": "beta_se (robust)", "value": beta["beta_se"]},
        {"name": "beta_p", "value": beta["beta_p"]},
        {"name": "speed", "value": beta["speed"]},
        {"name": "half_life_years", "value": beta["half_life"]},
        *({"name": f"control {k}", "value": v} for k, v in beta["controls"].items()),
        {"name": "sigma_slope", "value": trend.get("slope")},
        {"name": "sigma_p", "value": trend.get("p_value")},
        {"name": "sigma_converging", "value": trend.get("converging")},
    ]
    empty = result.get("years_without_data") or []
    if empty:
        rows.append({"name": "years without data", "value": ", ".join(empty)})
    rows.extend({"name": f"excluded {k}", "value": why} for k, why in result["excluded"].items())
    frame = pd.DataFrame(rows)
    frame["value"] = frame["value"].astype(object)
    # the title gives the years the panel really spans, not the ones asked for
    title = f"Convergence of {indicator}, {result['from']}-{result['to']} ({result['borders']})"
    emit(frame, fmt, title=title)


def clusters(
    indicator: Annotated[str, typer.Argument(help="Stored indicator id.")],
    year: Annotated[
        str | None, typer.Option("--year", help="Year of the values (default: the latest).")
    ] = None,
    level: Annotated[
        str, typer.Option("--level", help="region, or district (on that year's polygons).")
    ] = "region",
    neighbours: Annotated[
        str,
        typer.Option("--neighbours", help="District neighbours: queen, rook, knn, distance."),
    ] = "queen",
    alpha: Annotated[float, typer.Option("--alpha", help="Significance level.")] = 0.05,
    fdr: Annotated[
        bool, typer.Option("--fdr/--no-fdr", help="Benjamini-Hochberg FDR control.")
    ] = True,
    permutations: Annotated[int, typer.Option("--permutations")] = 999,
    seed: Annotated[int | None, typer.Option("--seed")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Global Moran's I and LISA clusters of an indicator (queen contiguity)."""
    import pandas as pd

    from aimaq.analysis.clusters import clusters_from_store

    with reading(db) as store:
        result = clusters_from_store(
            store,
            indicator,
            year,
            level=level,
            neighbours=neighbours,
            alpha=alpha,
            fdr=fdr,
            permutations=permutations,
            seed=seed,
        )
    if fmt is OutputFormat.json:
        emit(result, fmt)
        return
    moran = result["moran"]
    rows = result["lisa"]["districts" if level == "district" else "regions"]
    title = (
        f"LISA clusters of {indicator}, {result['period']}: Moran's I = {moran['i']:.3f} "
        f"(p = {moran['p_sim']:.3f})"
    )
    if level == "district":
        missing = result["missing"]
        names = ", ".join(m["name_en"] for m in missing["districts"])
        title += f"; {result['borders']} borders; {missing['count']} without a value"
        title += f" ({names})" if names else ""
    emit(pd.DataFrame(rows), fmt, title=title)


def register(app: typer.Typer) -> None:
    app.command("disparity")(disparity)
    app.command("convergence")(convergence)
    app.command("clusters")(clusters)
