"""The roadmap and the scenario comparison, from :mod:`aimaq.planning`.

A roadmap needs a budget and a horizon, which the database does not hold: the section is
built only when the report is asked for one (``aimaq report --budget ... --from ... --to``).
"""

from __future__ import annotations

import pandas as pd

from aimaq.errors import AimaqError
from aimaq.reporting.charts import line_chart_svg
from aimaq.reporting.context import ReportContext
from aimaq.reporting.model import Block, Figure, Paragraph, Section, Table

#: Allocation rules compared at equal budget (the performance rule needs revenue data).
RULES: tuple[str, ...] = ("per-capita", "needs", "optimal")


def build(ctx: ReportContext) -> Section | None:
    """Roadmap summary, provision by year and the rules compared; ``None`` without a
    budget, without the planning package or without an SRS registry."""
    from aimaq.planning import inputs, scenarios, solve

    settings = ctx.roadmap
    if settings is None:
        return None  # not asked for: a roadmap needs a budget the database does not hold
    t = ctx.t
    try:
        data = inputs.from_store(ctx.store)
        if settings.territory is not None:
            data = data.within(settings.territory)
        problem = data.problem(
            budget=settings.budget_kzt,
            first_year=settings.first_year,
            last_year=settings.last_year,
        )
        result = solve.solve_roadmap(problem, time_limit=settings.time_limit)
        comparison = scenarios.compare_rules(problem, RULES, time_limit=settings.time_limit)
    except (AimaqError, ValueError) as exc:
        return Section(
            key="roadmap",
            title=t("section.roadmap"),
            blocks=(Paragraph(t("roadmap.failed", reason=str(exc)), kind="warning"),),
        )
    summary = result.summary()
    label = t("srs.synthetic_label") if "synthetic" in data.label else data.label
    if data.territory is not None:
        from aimaq.standards.scope import describe

        label = f"{label}, {describe(data.territory, ctx.lang)}"
    ctx.keep("roadmap_trajectory", (result.trajectory(), f"{t('section.roadmap')} ({label})"))
    blocks: list[Block] = [
        Paragraph(
            t(
                "roadmap.intro_budget",
                budget=t.number(settings.budget_kzt / 1e9, 1),
                first=settings.first_year,
                last=settings.last_year,
                label=label,
            )
        )
    ]
    if "synthetic" in data.label:
        blocks.append(Paragraph(t("srs.synthetic"), kind="warning"))
    blocks.append(
        Paragraph(
            t(
                "roadmap.result",
                status=t.get(f"roadmap.status.{result.status}", str(result.status)),
                funded=int(summary.get("projects_funded", 0)),
                candidates=int(summary.get("projects_candidate", 0)),
                spent=t.number(float(summary.get("spent_kzt", 0.0)) / 1e9, 1),
                gap=t.number(result.gap * 100, 3),
            )
        )
    )
    by_year = result.by_year()
    years = [int(y) for y in by_year["year"]]
    series = [
        (t(f"roadmap.{area}"), [float(v) for v in by_year[area]])
        for area in ("national", "urban", "rural")
        if area in by_year
    ]
    caption = t("roadmap.trajectory")
    blocks.append(
        Figure(
            svg=line_chart_svg(years, series, fmt=lambda v: t.number(v, 1)),
            caption=caption,
            key="roadmap-trajectory",
        )
    )
    table = pd.DataFrame(
        {
            t("col.year"): years,
            t("roadmap.budget_bn"): by_year["budget_kzt"].astype(float).to_numpy() / 1e9,
            t("roadmap.spent_bn"): by_year["spent_kzt"].astype(float).to_numpy() / 1e9,
            t("roadmap.started"): by_year["started"].astype(int).to_numpy(),
            t("roadmap.completed"): by_year["completed"].astype(int).to_numpy(),
            **{name: values for name, values in series},
        }
    )
    blocks.append(Table(table, caption, sheet="roadmap_by_year"))
    comp = comparison.table
    rules = {r: t.get(f"roadmap.rule.{r}", r) for r in comp["rule"]}
    last = settings.last_year
    wanted = {
        "rule": t("roadmap.rule_col"),
        "spent_kzt": t("roadmap.spent_bn"),
        "projects": t("roadmap.projects"),
        f"national_{last}": f"{t('roadmap.national')}, {last}",
        f"urban_{last}": f"{t('roadmap.urban')}, {last}",
        f"rural_{last}": f"{t('roadmap.rural')}, {last}",
        "theil_districts": t("roadmap.theil_districts"),
        "cost_per_inhabitant_kzt": t("roadmap.cost_per_inhabitant"),
    }
    shown = comp[[c for c in wanted if c in comp.columns]].copy()
    shown["rule"] = shown["rule"].map(rules)
    if "spent_kzt" in shown:
        shown["spent_kzt"] = shown["spent_kzt"].astype(float) / 1e9
    blocks.append(Paragraph(t("roadmap.scenarios"), kind="heading"))
    blocks.append(Table(shown.rename(columns=wanted), t("roadmap.scenarios"), sheet="scenarios"))
    log = (*result.notes, *comparison.notes)
    if log:  # the solver's own log is technical English; labelled as such, kept for audit
        blocks.append(Paragraph(t("roadmap.solver_log"), kind="heading"))
        blocks.extend(Paragraph(str(n), kind="log") for n in log)
    return Section(key="roadmap", title=t("section.roadmap"), blocks=tuple(blocks))
