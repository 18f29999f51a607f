"""Regional disparities: inequality measures, their decomposition by level, convergence.

Every figure comes from :mod:`aimaq.analysis` reading the store; this module only chooses
the indicators and years and lays the results out.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from aimaq.analysis.coverage import PartialCoverage
from aimaq.errors import AimaqError
from aimaq.reporting.charts import line_chart_svg, stacked_bar_svg
from aimaq.reporting.context import ReportContext
from aimaq.reporting.model import Block, Figure, Paragraph, Section, Table

#: Indicators whose spread across regions is measured (population-weighted).
MEASURED: tuple[str, ...] = (
    "grp_per_capita",
    "wage_avg",
    "cash_income_pc",
    "consumer_expenditure",
    "life_expectancy",
)
#: Indicator decomposed into urban/rural and regions within them, by year.
DECOMPOSED = "consumer_expenditure"
DECOMPOSITION_YEARS = 6
#: Indicators tested for convergence across regions.
CONVERGING: tuple[str, ...] = ("grp_per_capita", "wage_avg")
CONVERGENCE_SPAN = 12
#: Years of the urban/rural poverty and unemployment table (the latest ones).
URBAN_RURAL_YEARS = 6
#: The urban/rural series of the SDG platform (``aimaq.monitoring.urban_rural``).
URBAN_RURAL_INDICATORS = ("poverty_rate", "unemployment_rate_sdg")


def not_computed(ctx: ReportContext, indicator: str, year: object, exc: Exception) -> Paragraph:
    """A note in the report's language saying which figure is missing and why."""
    t = ctx.t
    if isinstance(exc, PartialCoverage):
        cov = exc.coverage
        reason = t(
            "disparities.partial",
            n=cov.units,
            expected=cov.expected,
            share=t.number(cov.unit_share * 100, 0),
            threshold=t.number(cov.threshold * 100, 0),
            regions=", ".join(ctx.name(k.split(" ")[0]) for k in cov.excluded),
        )
    else:
        reason = str(exc)
    name = ctx.indicator_name(indicator)
    return Paragraph(
        t("disparities.not_computed", indicator=name, year=year, reason=reason), "note"
    )


def _measures(ctx: ReportContext, api: Any, notes: list[Paragraph]) -> Table | None:
    t = ctx.t
    rows = []
    for ind in MEASURED:
        year = ctx.latest_year(ind)
        if year is None:
            continue
        try:
            r = api.disparity_from_store(ctx.store, ind, year, levels=("region",))
        except (AimaqError, ValueError) as exc:
            notes.append(not_computed(ctx, ind, year, exc))
            continue
        rows.append(
            {
                t("col.indicator"): ctx.indicator_name(ind),
                t("col.period"): r["period"],
                "n": int(r["n"]),
                t("disparities.gini"): r["gini"],
                t("disparities.theil_t"): r["theil_t"],
                t("disparities.theil_l"): r["theil_l"],
                t("col.cv"): r["cv"] * 100,
                t("disparities.williamson"): r.get("williamson", math.nan),
            }
        )
    if not rows:
        return None
    return Table(
        pd.DataFrame(rows), t("disparities.measures"), sheet="disparities", number_digits=3
    )


def _decomposition(ctx: ReportContext, api: Any) -> list[Block]:
    t = ctx.t
    last = ctx.latest_year(DECOMPOSED)
    if last is None:
        return []
    years, between, within, rows = [], [], [], []
    failed: list[Block] = []
    for year in range(last - DECOMPOSITION_YEARS + 1, last + 1):
        try:
            r = api.disparity_from_store(ctx.store, DECOMPOSED, year, levels=("region",), by="area")
        except (AimaqError, ValueError) as exc:
            failed.append(not_computed(ctx, DECOMPOSED, year, exc))
            continue
        split = next((d for d in r["decomposition"] if d["level"] == "area"), None)
        if split is None:
            continue
        years.append(str(year))
        between.append(float(split["between"]))
        within.append(float(split["within"]))
        rows.append(
            {
                t("col.year"): year,
                t("disparities.theil_t"): r["theil_t"],
                t("disparities.between_area"): split["between"],
                t("disparities.within_area"): split["within"],
                t("disparities.between_share"): split["between_share"] * 100,
            }
        )
    if not years:
        return failed
    caption = t("disparities.decomposition_caption", indicator=ctx.indicator_name(DECOMPOSED))
    svg = stacked_bar_svg(
        years,
        [(t("disparities.between_area"), between), (t("disparities.within_area"), within)],
        fmt=lambda v: t.number(v, 4),
    )
    return [
        Paragraph(t("disparities.decomposition"), kind="heading"),
        Paragraph(caption, kind="note"),
        Figure(svg=svg, caption=caption, key="decomposition"),
        Table(pd.DataFrame(rows), caption, sheet="decomposition", number_digits=4),
        *failed,
    ]


def _convergence(ctx: ReportContext, api: Any) -> list[Block]:
    t = ctx.t
    series: list[tuple[str, list[float], list[int]]] = []
    axis: list[int] = []
    rows, notes = [], []
    failed: list[Paragraph] = []
    for ind in CONVERGING:
        last = ctx.latest_year(ind)
        if last is None:
            continue
        first = last - CONVERGENCE_SPAN
        try:
            r = api.convergence_from_store(ctx.store, ind, first, last)
        except (AimaqError, ValueError) as exc:
            failed.append(not_computed(ctx, ind, f"{first}–{last}", exc))
            continue
        sigma, beta = r.get("sigma"), r.get("beta")
        if sigma:
            periods = [int(p) for p in sigma["periods"]]
            axis = sorted(set(axis) | set(periods))
            series.append(
                (ctx.indicator_name(ind), [float(v) for v in sigma["dispersion"]], periods)
            )  # type: ignore[arg-type]
        if beta:
            rows.append(
                {
                    t("col.indicator"): ctx.indicator_name(ind),
                    t("col.period"): f"{r['from']}–{r['to']}",
                    "n": int(beta["n"]),
                    "β": beta["beta"],
                    t("disparities.p_value"): beta["beta_p"],
                    t("disparities.half_life"): beta["half_life"],
                    t("disparities.sigma_change"): sigma["change"] if sigma else math.nan,
                }
            )
        dropped = sorted(r.get("dropped", {}))
        if dropped:
            names = ", ".join(ctx.name(k) for k in dropped)
            notes.append(t("disparities.dropped", indicator=ctx.indicator_name(ind), regions=names))
        incomplete = sorted(r.get("incomplete", []))
        if incomplete:
            names = ", ".join(ctx.name(k) for k in incomplete)
            notes.append(
                t("disparities.incomplete", indicator=ctx.indicator_name(ind), regions=names)
            )
    if not rows and not series:
        return [Paragraph(t("disparities.convergence"), kind="heading"), *failed] if failed else []
    blocks: list[Block] = [Paragraph(t("disparities.convergence"), kind="heading")]
    if series:
        aligned = [
            (name, [values[periods.index(y)] if y in periods else math.nan for y in axis])
            for name, values, periods in series
        ]
        caption = t("disparities.sigma_caption")
        blocks.append(Paragraph(caption, kind="note"))
        blocks.append(
            Figure(
                svg=line_chart_svg(axis, aligned, fmt=lambda v: t.number(v, 2)),
                caption=caption,
                key="sigma",
            )
        )
    if rows:
        blocks.append(
            Table(
                pd.DataFrame(rows),
                t("disparities.convergence"),
                sheet="convergence",
                number_digits=3,
            )
        )
        blocks.append(Paragraph(t("disparities.beta_note"), kind="note"))
    blocks.extend(Paragraph(n, kind="note") for n in notes)
    blocks.extend(failed)
    return blocks


def _urban_rural(ctx: ReportContext) -> list[Block]:
    """Poverty and unemployment in towns and villages nationally (the SDG platform's
    urban/rural series), the latest years, with the sources they were read from."""
    from aimaq.monitoring.urban_rural import COUNTRY, urban_rural_table

    t = ctx.t
    table = urban_rural_table(ctx.store)
    if table.empty:
        return []
    rows, sources = [], []
    for indicator, part in table.groupby("indicator", sort=False):
        name = ctx.indicator_name(str(indicator))
        for r in part.sort_values("year").tail(URBAN_RURAL_YEARS).itertuples(index=False):
            rows.append({
                t("col.indicator"): name, t("col.year"): int(str(r.year)), t("col.urban"): r.urban,
                t("col.rural"): r.rural, t("disparities.rural_gap"): r.gap,
            })  # fmt: skip
        files = ctx.store.query(
            "select distinct b.source from observation o join import_batch b using (batch_id) "
            "where o.indicator_id = ? and o.kato = ? and o.dims like '%\"area\"%' "
            "order by b.source",
            [str(indicator), COUNTRY],
        )["source"]
        meta = ctx.indicators()
        cited = str(meta.at[indicator, "source"]) if indicator in meta.index else ""
        shown = "; ".join(Path(str(f)).name for f in files)
        sources.append(
            t("disparities.urban_rural_source", indicator=name, source=cited, files=shown)
        )
    caption = t("disparities.urban_rural_caption", years=URBAN_RURAL_YEARS)
    return [
        Paragraph(t("disparities.urban_rural"), kind="heading"),
        Paragraph(caption, kind="note"),
        Table(pd.DataFrame(rows), caption, sheet="urban_rural", number_digits=1),
        *(Paragraph(text, kind="note") for text in sources),
    ]


def build(ctx: ReportContext) -> Section | None:
    """Disparities; ``None`` when the store has none of the indicators measured here.

    A figure that cannot be computed (too few regions with values, a border change that
    cannot be harmonised ...) is named in a note with the reason, never left out silently.
    """
    from aimaq.analysis import stored as api

    if not ctx.indicators_present((*MEASURED, DECOMPOSED, *CONVERGING, *URBAN_RURAL_INDICATORS)):
        return None
    blocks: list[Block] = [Paragraph(ctx.t("disparities.intro"))]
    failed: list[Paragraph] = []
    measures = _measures(ctx, api, failed)
    if measures is not None:
        blocks.append(measures)
    blocks.extend(failed)
    blocks.extend(_decomposition(ctx, api))
    blocks.extend(_urban_rural(ctx))
    blocks.extend(_convergence(ctx, api))
    return Section(key="disparities", title=ctx.t("section.disparities"), blocks=tuple(blocks))
