"""``aimaq roadmap`` and ``aimaq scenarios``: a costed plan to close SRS gaps, rules compared."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aimaq.cli.options import (
    DbOpt,
    FormatOpt,
    Lang,
    LangOpt,
    OutputFormat,
    TerritoryOpt,
    reading,
)
from aimaq.cli.output import emit
from aimaq.data.bounds import check_budget
from aimaq.errors import ImportError_, Location, ValidationError

# the planning package (pandas, scipy, highspy) loads when a command runs, not for `--help`
if TYPE_CHECKING:
    import pandas as pd

    from aimaq.planning.inputs import PlanningInput
    from aimaq.planning.problem import RoadmapProblem

#: A budget to start from, with its source; an assumption, not a plan figure.
STARTING_BUDGET = (
    "To start from a published figure: --budget 117e9, the yearly average of the "
    '"Auyl - El Besigi" programme in 2019-2024 (701 bn KZT over six years, '
    "../shared/data/kz/SOURCES.md). ASSUMPTION: that SRS gaps get what that programme got."
)

#: The allocation rules, as ``aimaq.planning.rules.RULES`` names them (a test keeps the two equal).
RULES = ("per-capita", "needs", "optimal", "performance")

BudgetOpt = Annotated[str | None, typer.Option("--budget", help="Annual budget, KZT (e.g. 150e9).")]
BudgetFileOpt = Annotated[
    Path | None, typer.Option("--budget-file", help="CSV with columns year,budget_kzt.")
]
FromOpt = Annotated[int, typer.Option("--from", help="First year of the plan.")]
ToOpt = Annotated[int, typer.Option("--to", help="Last year of the plan.")]
TargetOpt = Annotated[
    list[str] | None,
    typer.Option("--target", help="GROUP=PERCENT@YEAR, group national, urban or rural (repeat)."),
]
FloorOpt = Annotated[
    list[str] | None,
    typer.Option("--floor", help="region=60, district=50@2029 or KATO=55 (repeat)."),
]
TimeOpt = Annotated[float, typer.Option("--time-limit", help="Wall-clock seconds for the solve.")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Write every view to FILE (.xlsx, .json or .csv).")
]
CostsOpt = Annotated[
    Path | None, typer.Option("--costs", help="Cost model YAML (default: the shipped one).")
]
YearOpt = Annotated[int | None, typer.Option("--year", help="Registry year (default: latest).")]
MeasureOpt = Annotated[
    str,
    typer.Option(
        "--measure",
        help="Provision for targets and reports: count (each settlement once, the published definition) or population.",
    ),
]


def _budget(budget: str | None, budget_file: Path | None, first: int, last: int) -> Any:
    import numpy as np
    import pandas as pd

    if budget is not None and budget_file is not None:
        raise ValidationError("give exactly one of --budget and --budget-file")
    if budget is None and budget_file is None:
        raise ValidationError(
            "give a budget: --budget KZT_A_YEAR or --budget-file FILE. " + STARTING_BUDGET
        )
    if budget is not None:
        try:
            value = float(budget)
        except ValueError:
            raise ValidationError(f"--budget {budget!r} is not a number") from None
        if not np.isfinite(value) or value <= 0:
            raise ValidationError(f"--budget must be positive; got {budget}")
        return check_budget(value, "--budget")
    assert budget_file is not None
    if not budget_file.is_file():
        raise ValidationError(f"--budget-file {budget_file}: no such file")
    frame = pd.read_csv(budget_file)
    for col in ("year", "budget_kzt"):
        if col not in frame.columns:
            raise ImportError_(f"missing column {col!r}", Location(str(budget_file)))
    values = {}
    for i, (year, amount) in enumerate(zip(frame["year"], frame["budget_kzt"], strict=True)):
        number = pd.to_numeric(pd.Series([amount]), errors="coerce").iloc[0]
        if pd.isna(number) or number <= 0:
            raise ImportError_(
                "budget must be a positive number",
                Location(str(budget_file), i + 2, "budget_kzt", amount),
            )
        try:
            check_budget(float(number), "budget_kzt")
        except ValidationError as exc:
            raise ImportError_(
                str(exc).split(": ", 1)[1], Location(str(budget_file), i + 2, "budget_kzt", amount)
            ) from None
        values[int(year)] = float(number)
    missing = [y for y in range(first, last + 1) if y not in values]
    if missing:
        raise ImportError_(
            f"no budget for year(s) {missing}", Location(str(budget_file), column="year")
        )
    return [values[y] for y in range(first, last + 1)]


def _caps(caps: list[str] | None) -> dict[str, float]:
    out = {}
    for text in caps or []:
        kato, _, amount = text.partition("=")
        try:
            out[kato.strip()] = float(amount)
        except ValueError:
            raise ValidationError(f"--cap {text!r}: expected REGION_KATO=KZT") from None
    return out


def _problem(
    data: PlanningInput,
    *,
    costs: Path | None,
    budget: Any,
    first: int,
    last: int,
    targets: list[str] | None,
    floors: list[str] | None,
    objective: str = "coverage",
    caps: list[str] | None = None,
    lagging_share: float | None = None,
    measure: str = "count",
) -> RoadmapProblem:
    from aimaq.planning.costs import load_cost_model
    from aimaq.planning.spec import parse_floor, parse_target

    return data.problem(
        budget=budget,
        first_year=first,
        last_year=last,
        costs=load_cost_model(costs),
        targets=[parse_target(t) for t in targets or []],
        floors=[parse_floor(f) for f in floors or []],
        objective=objective,
        region_caps=_caps(caps),
        lagging_share=lagging_share,
        measure=measure,
    )


def _input(db: Path | None, year: int | None, territory: str | None) -> PlanningInput:
    """The registry's planning input, restricted to ``--territory`` when given (a code or
    a name, resolved before the database is opened)."""
    from aimaq.planning.inputs import from_store
    from aimaq.standards.scope import resolve_territory

    scope = None if territory is None else resolve_territory(territory)
    with reading(db) as store:
        data = from_store(store, year)
    return data if scope is None else data.within(scope)


def _territory(data: PlanningInput, lang: Lang) -> dict[str, str | None] | None:
    from aimaq.standards.scope import name_of

    if data.territory is None:
        return None
    return {"kato": data.territory, "name": name_of(data.territory, lang.value)}


def _check_early(
    first: int, last: int, targets: list[str] | None, floors: list[str] | None
) -> None:
    """Reject bad arguments before the registry is read."""
    from aimaq.planning.spec import check_horizon, check_target_years, parse_floor, parse_target

    check_horizon(first, last)
    check_target_years(tuple(parse_target(t) for t in targets or []), first, last)
    for f in floors or []:
        parse_floor(f)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]


@contextmanager
def _spinner(enabled: bool) -> Iterator[Callable[[str, float], None] | None]:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    if not enabled:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("solving", total=None)
        yield lambda stage, _elapsed: bar.update(task, description=stage)


def roadmap(
    budget: BudgetOpt = None,
    budget_file: BudgetFileOpt = None,
    first: FromOpt = 2025,
    last: ToOpt = 2030,
    target: TargetOpt = None,
    floor: FloorOpt = None,
    objective: Annotated[str, typer.Option("--objective", help="coverage or cost.")] = "coverage",
    cap: Annotated[
        list[str] | None, typer.Option("--cap", help="REGION_KATO=KZT over the horizon (repeat).")
    ] = None,
    lagging_share: Annotated[
        float | None,
        typer.Option(
            "--lagging-share",
            help="Least share of spending for the lowest-provision fifth of districts.",
        ),
    ] = None,
    method: Annotated[str, typer.Option("--method", help="auto, mip or relax.")] = "auto",
    time_limit: TimeOpt = 60.0,
    costs: CostsOpt = None,
    out: OutOpt = None,
    measure: MeasureOpt = "count",
    year: YearOpt = None,
    territory: TerritoryOpt = None,
    lang: LangOpt = Lang.en,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """A costed multi-year plan to close SRS gaps under a budget, with its gap to the bound;
    for the whole country or one region or district (``--territory``)."""
    from rich.console import Console

    from aimaq.planning.outputs import with_names, write_views
    from aimaq.planning.solve import solve_roadmap

    money = _budget(budget, budget_file, first, last)
    _check_early(first, last, target, floor)
    data = _input(db, year, territory)
    problem = _problem(
        data,
        costs=costs,
        budget=money,
        first=first,
        last=last,
        targets=target,
        floors=floor,
        objective=objective,
        caps=cap,
        lagging_share=lagging_share,
        measure=measure,
    )
    with _spinner(fmt is OutputFormat.table) as progress:
        result = solve_roadmap(problem, method=method, time_limit=time_limit, on_progress=progress)
    summary = {
        "registry": data.label,
        "registry_year": data.year,
        "territory": _territory(data, lang),
        "support_villages": data.support,
        **result.summary(),
        "targets": [t.label() for t in problem.targets],
    }
    by_district = with_names(result.by_district(), lang)
    views = {
        "roadmap": with_names(result.plan(), lang),
        "by_year": result.by_year(),
        "by_region": with_names(result.by_region(), lang),
        "by_district": by_district,
        "trajectory": result.trajectory(),
    }
    if out is not None:
        write_views(out, views, summary)
        summary["written"] = str(out)
    if fmt is OutputFormat.json:
        emit(
            {"summary": summary, **{k: _records(v) for k, v in views.items() if k != "roadmap"}},
            fmt,
        )
        return
    if fmt is OutputFormat.csv:
        emit(result.by_year(), fmt)
        return
    console = Console(width=200)
    console.print(
        f"[bold]Roadmap {first}-{last}[/bold] ({data.label}): {summary['status']}, "
        f"objective {result.objective:.6g}, bound {result.bound:.6g}, gap {result.gap:.4%}, "
        f"{result.seconds:.1f} s, {summary['projects_funded']:,} of "
        f"{summary['projects_candidate']:,} projects, {summary['spent_kzt']:,.0f} KZT"
    )
    for note in result.notes:
        console.print(f"  {note}")
    emit(result.by_year(), fmt, title="by year (provision in %)")
    if data.territory is not None:
        emit(by_district, fmt, title="by district (provision in %, now and at the end)")


def scenarios(
    rules: Annotated[
        str, typer.Option("--rules", help="Comma-separated: " + ",".join(RULES))
    ] = ",".join(RULES),
    budget: BudgetOpt = None,
    budget_file: BudgetFileOpt = None,
    first: FromOpt = 2025,
    last: ToOpt = 2030,
    target: TargetOpt = None,
    revenue: Annotated[
        Path | None,
        typer.Option(
            "--revenue",
            help="Own-revenue plan/actual CSV (default: the shipped illustrative example).",
        ),
    ] = None,
    bonus_share: Annotated[
        float, typer.Option("--bonus-share", help="Share of the budget paid as performance bonus.")
    ] = 0.1,
    time_limit: TimeOpt = 60.0,
    costs: CostsOpt = None,
    out: OutOpt = None,
    measure: MeasureOpt = "count",
    year: YearOpt = None,
    territory: TerritoryOpt = None,
    lang: LangOpt = Lang.en,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Allocation rules compared at equal budget: provision, targets, disparity, cost;
    for the whole country or one region or district (``--territory``)."""
    from aimaq.planning.outputs import write_views
    from aimaq.planning.rules import load_revenue
    from aimaq.planning.scenarios import compare_rules

    chosen = [r.strip() for r in rules.split(",") if r.strip()]
    unknown = [r for r in chosen if r not in RULES]
    if unknown or not chosen:
        raise ValidationError(f"--rules: unknown rule(s) {unknown}; choose from {', '.join(RULES)}")
    money = _budget(budget, budget_file, first, last)
    revenue_table = load_revenue(revenue) if "performance" in chosen else None
    _check_early(first, last, target, None)
    data = _input(db, year, territory)
    problem = _problem(
        data,
        costs=costs,
        budget=money,
        first=first,
        last=last,
        targets=target,
        floors=None,
        measure=measure,
    )
    with _spinner(fmt is OutputFormat.table):
        comparison = compare_rules(
            problem, chosen, revenue=revenue_table, bonus_share=bonus_share, time_limit=time_limit
        )
    meta = {
        "registry": data.label,
        "registry_year": data.year,
        "territory": _territory(data, lang),
        "notes": list(comparison.notes),
    }
    if out is not None:
        write_views(
            out, {"comparison": comparison.table, "trajectories": comparison.trajectories}, meta
        )
    if fmt is OutputFormat.json:
        emit(
            {
                "meta": meta,
                "comparison": _records(comparison.table),
                "trajectories": _records(comparison.trajectories),
            },
            fmt,
        )
        return
    emit(comparison.table, fmt, title=f"Allocation rules at equal budget ({data.label})")


def register(app: typer.Typer) -> None:
    """Add ``roadmap`` and ``scenarios``."""
    app.command("roadmap")(roadmap)
    app.command("scenarios")(scenarios)
