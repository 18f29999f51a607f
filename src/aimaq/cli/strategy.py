"""``aimaq recommend`` and ``aimaq strategy``: diagnosis, measures with evidence, packages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aimaq.cli.options import DbOpt, FormatOpt, Lang, LangOpt, OutputFormat, reading
from aimaq.cli.output import emit
from aimaq.cli.planning import FromOpt, TimeOpt, ToOpt
from aimaq.errors import ValidationError

if TYPE_CHECKING:
    from aimaq.strategy.catalogue import Catalogue
    from aimaq.strategy.recommend import Strategy

strategy_app = typer.Typer(help="Measures catalogue and policy packages tested before adoption.")

CatalogueOpt = Annotated[
    Path | None,
    typer.Option("--catalogue", help="A measures catalogue (YAML) instead of the shipped one."),
]


def _catalogue(path: Path | None) -> Catalogue:
    from aimaq.strategy.catalogue import load_catalogue

    return load_catalogue(path)


def _territory(text: str) -> str:
    if text.isdigit() and len(text) == 9:
        return text
    from aimaq.territory.resolver import Resolver

    return Resolver.default().resolve(text)


def _print_strategy(s: Strategy) -> None:
    from rich.console import Console

    con = Console(width=120)
    d = s.diagnosis
    con.rule(f"{s.name} ({s.kato})")
    con.print(f"Problem class: [bold]{d.problem_class}[/bold] ({d.problem_evidence})")
    if d.peer_group:
        con.print(f"Peer group: {d.peer_group}")
    if d.economy:
        e = d.economy
        con.print(
            f"Economy: {e['specialisation']}, leading sector {e['leading_sector']} "
            f"(location quotient {e['leading_lq']:.2f}, {e['year']})"
        )
    for title, items in (("Strengths", d.strengths[:5]), ("Weaknesses", d.weaknesses[:5])):
        if items:
            con.print(f"[bold]{title}[/bold] (against the nation):")
            for f in items:
                nat = f"{f.national:,.4g}" if f.national is not None else "-"
                con.print(
                    f"  {f.name}: {f.value:,.4g} {f.unit} in {f.year} (nation {nat}; {f.trend})"
                )
    if d.srs_gaps:
        worst = sorted(((v, k) for k, v in d.srs_gaps.items() if v is not None), reverse=True)[:3]
        con.print(
            "SRS gaps, % of norms unmet ("
            + d.srs_label
            + "): "
            + ", ".join(f"{k} {v:.0f}" for v, k in worst)
        )
    if d.tags:
        con.print("Tags: " + ", ".join(d.tags))
    for fig in d.fiscal:
        figure = f"{fig.value:,.4g} {fig.unit} ({fig.year})" if fig.value is not None else "unknown"
        con.print(f"Fiscal: {fig.name}: {figure}; {fig.note}; covers {fig.coverage}")
    if not s.recommendations:
        con.print(f"[bold]No measure triggered[/bold]: {s.no_measure_reason}")
    for rank, r in enumerate(s.recommendations, start=1):
        con.print(f"[bold]{rank}. {r.name}[/bold]  (severity {r.severity:.2f})")
        for fact in r.evidence:
            value = f"{fact.value:,.4g}" if isinstance(fact.value, float) else str(fact.value)
            year = f" ({fact.year})" if fact.year else ""
            note = f"; {fact.note}" if fact.note else ""
            con.print(f"   evidence: {fact.what} = {value}{year}: {fact.source}{note}")
        con.print(f"   why: {r.rationale}")
        con.print("   who: " + "; ".join(i["name"] for i in r.institutions))
        con.print(f"   source: {r.source['document']} ({r.source['clause']})")
        if r.assumptions:
            con.print("   assumptions: " + "; ".join(r.assumptions))
        if r.effect:
            _print_effect(con, r.effect)
    for u in s.undecided:
        con.print(f"   undecided: {u['measure']}: " + "; ".join(u["missing"]))


def _print_effect(con: Any, e: dict[str, Any]) -> None:
    if e["kind"] == "srs_gap_cost":
        con.print(
            f"   effect: {e['unmet_norms']} unmet norms in {e['settlements']} settlements, "
            f"cost hint {e['cost_hint_kzt'] / 1e9:,.1f} bn KZT ({e['registry']}); "
            "give --budget for the territory's roadmap"
        )
    elif e["kind"] == "srs_roadmap" and "provision_after_pct" in e:
        b, a = e["provision_before_pct"], e["provision_after_pct"]
        groups = ", ".join(
            f"{g} {b[g]:.1f} -> {a[g]:.1f}%"
            for g in ("national", "urban", "rural")
            if b[g] is not None
        )
        con.print(
            f"   effect (roadmap {e['from']}-{e['to']}, {e['budget_kzt_a_year'] / 1e9:,.1f} bn KZT "
            f"a year): provision {groups}; {e['projects_funded']} projects, "
            f"{e['spent_kzt'] / 1e9:,.1f} bn KZT spent ({e['status']}; {e['registry']})"
        )
    elif e["kind"] == "srs_roadmap":
        con.print(f"   effect (roadmap): {e.get('note', '')} ({e['registry']})")
    elif e["kind"] == "town_shock":
        con.print(
            f"   stress test ({e['share_of_employment']:.0%} of a town's jobs lost; "
            "not an effect of the measure):"
        )
        for town in e["towns"]:
            if "unemployment_after_pct" not in town:
                con.print(f"     {town['kato']}: {town['note']}")
                continue
            after = town["unemployment_after_pct"]
            con.print(
                f"     {town['name']} ({town['kato']}): unemployment "
                f"{town['unemployment_before_pct']:.1f}% -> {after['low']:.1f} / "
                f"{after['central']:.1f} / {after['high']:.1f}% (low / central / high)"
            )


def recommend_cmd(
    territory: Annotated[
        str | None, typer.Argument(help="A KATO code or a name; omit it with --level.")
    ] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="Every territory of a level: region or district.")
    ] = None,
    lang: LangOpt = Lang.en,
    catalogue: CatalogueOpt = None,
    draws: Annotated[
        int, typer.Option("--draws", help="Monte Carlo draws for the index rank intervals.")
    ] = 200,
    xlsx: Annotated[
        Path | None,
        typer.Option("--xlsx", help="Also write an Excel workbook, a sheet a territory."),
    ] = None,
    budget: Annotated[
        float | None,
        typer.Option(
            "--budget",
            help="Annual KZT: plan each SRS measure's gaps with the territory's roadmap.",
        ),
    ] = None,
    first: FromOpt = 2025,
    last: ToOpt = 2030,
    time_limit: TimeOpt = 30.0,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Diagnosis and recommended measures, each with its evidence, source and institution."""
    from aimaq.data.bounds import check_budget
    from aimaq.planning.spec import check_horizon
    from aimaq.strategy.effects import RoadmapBudget
    from aimaq.strategy.recommend import recommend, recommendations_frame

    plan = None
    if budget is not None:
        check_budget(budget, "--budget")
        check_horizon(first, last)
        plan = RoadmapBudget(float(budget), first, last, time_limit)

    if (territory is None) == (level is None):
        raise ValidationError("give a territory (KATO code or name) or --level, not both")
    cat = _catalogue(catalogue)
    katos = [_territory(territory)] if territory else None
    with reading(db) as store:
        options: dict[str, Any] = {"katos": katos, "level": level, "roadmap": plan}
        strategies = recommend(store, lang=lang.value, catalogue=cat, index_draws=draws, **options)
    if xlsx is not None:
        from aimaq.strategy.workbook import write_workbook

        write_workbook(strategies, xlsx)
    if fmt is OutputFormat.json:
        emit([s.as_dict() for s in strategies], fmt)
    elif fmt is OutputFormat.csv:
        emit(recommendations_frame(strategies), fmt)
    else:
        for s in strategies:
            _print_strategy(s)


@strategy_app.command("measures")
def measures_cmd(
    lang: LangOpt = Lang.en, catalogue: CatalogueOpt = None, fmt: FormatOpt = OutputFormat.table
) -> None:
    """The measures catalogue: each measure, its trigger, source and institutions."""
    import pandas as pd

    cat = _catalogue(catalogue)
    rows: list[dict[str, Any]] = [
        {
            "id": m.id,
            "name": m.name.get(lang.value),
            "direction": m.direction,
            "levels": ", ".join(m.levels),
            "trigger": m.trigger,
            "assumptions": "; ".join(m.assumptions()),
            "institutions": ", ".join(m.institutions),
            "source": m.source.document,
        }
        for m in cat.measures
    ]
    emit(rows if fmt is OutputFormat.json else pd.DataFrame(rows), fmt, title="Measures")


@strategy_app.command("check")
def check_cmd(
    path: Annotated[Path, typer.Argument(help="A measures catalogue (YAML).")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Check a measures catalogue: every trigger parsed, every name known."""
    cat = _catalogue(path)
    if fmt is OutputFormat.table:
        typer.echo(
            f"{path}: {len(cat.measures)} measures, {len(cat.institutions)} institutions: valid"
        )
        return
    rows = [
        {
            "file": str(path),
            "valid": True,
            "measure": m.id,
            "trigger": m.trigger,
            "institutions": ", ".join(m.institutions),
            "assumptions": "; ".join(m.assumptions()),
        }
        for m in cat.measures
    ]
    if fmt is OutputFormat.json:
        emit(
            {
                "file": str(path),
                "valid": True,
                "measures": len(cat.measures),
                "institutions": len(cat.institutions),
                "directions": len(cat.directions),
                "checked": rows,
            },
            fmt,
        )
    else:
        import pandas as pd

        emit(pd.DataFrame(rows), fmt)


def _package_path(name: str) -> Path:
    path = Path(name)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return path
    from importlib import resources

    shipped = Path(str(resources.files("aimaq.strategy") / "packages" / f"{name}.yaml"))
    if not shipped.is_file():
        raise ValidationError(f"no package file {name!r} and no shipped package of that name")
    return shipped


def shipped_packages() -> list[str]:
    from importlib import resources

    folder = Path(str(resources.files("aimaq.strategy") / "packages"))
    return sorted(p.stem for p in folder.glob("*.yaml"))


@strategy_app.command("test")
def test_cmd(
    packages: Annotated[
        list[str],
        typer.Argument(
            help="Package files (YAML) or shipped names; one alone is compared "
            "with the shipped packages."
        ),
    ],
    catalogue: CatalogueOpt = None,
    ex_post: Annotated[
        bool, typer.Option("--ex-post/--no-ex-post", help="Also the ex-post convergence check.")
    ] = True,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Test policy packages ex ante on the roadmap (and ex post on history) beside the baseline."""
    import pandas as pd
    from rich.console import Console

    from aimaq.planning.inputs import from_store
    from aimaq.strategy.package import baseline, load_package, run_package, shock_exposure
    from aimaq.strategy.package import ex_post as run_ex_post

    cat = _catalogue(catalogue)
    names = list(packages)
    if len(names) == 1:
        names += [p for p in shipped_packages() if p != Path(names[0]).stem]
    loaded = [load_package(_package_path(n), cat) for n in names]
    years = {(p.first_year, p.last_year) for p in loaded}
    if len(years) > 1:
        raise ValidationError(
            f"packages compared side by side need one horizon; got {sorted(years)}"
        )
    first, last = years.pop()
    with reading(db) as store:
        planning = from_store(store)
        results = [baseline(planning, first, last)]
        with Console(stderr=True).status("solving the packages' roadmaps"):
            results += [run_package(p, planning, cat) for p in loaded]
        exposure = {p.name: shock_exposure(store, cat, p) for p in loaded}
        history = run_ex_post(store) if ex_post else None
    table = pd.DataFrame([r.summary for r in results])
    effects = [e | {"package": r.name} for r in results for e in r.effects]
    payload: dict[str, Any] = {
        "registry": planning.label,
        "packages": [
            r.summary
            | {
                "notes": list(r.notes),
                "measured_effects": list(r.effects),
                "stress_tests": exposure.get(r.name, []),
            }
            for r in results
        ],
        "trajectories": pd.concat([r.trajectory for r in results]).to_dict(orient="records"),
        "ex_post": history,
    }
    if fmt is OutputFormat.json:
        emit(payload, fmt)
        return
    emit(table, fmt, title=f"Policy packages, {first}-{last} ({planning.label})")
    if fmt is OutputFormat.table and effects:
        emit(
            pd.DataFrame(effects)[["package", "measure", "indicator", "year", "before", "after"]],
            fmt,
            title="Measured by each measure's share of the plan (before -> after)",
        )
    if fmt is OutputFormat.table and history is not None:
        Console().print(
            f"Ex post: {history['finding']}; coefficient {history['coefficient']:.3g}, "
            f"95% interval [{history['interval_95'][0]:.3g}, {history['interval_95'][1]:.3g}], "
            f"{history['territories']} regions"
        )


def register(app: typer.Typer) -> None:
    """Add ``aimaq recommend`` and ``aimaq strategy ...``."""
    app.command("recommend")(recommend_cmd)
    app.add_typer(strategy_app, name="strategy")
