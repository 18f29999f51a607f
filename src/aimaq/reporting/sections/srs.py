"""Provision against the System of Regional Standards: by region, urban and rural, with the
distance to the national targets. Built only when the store holds a settlement registry."""

from __future__ import annotations

import pandas as pd

from aimaq.reporting.charts import bar_chart_svg
from aimaq.reporting.context import ReportContext
from aimaq.reporting.maps import choropleth_svg
from aimaq.reporting.model import Block, Figure, Paragraph, Section, SectionUnavailable, Table


def build(ctx: ReportContext) -> Section | None:
    """SRS provision; ``None`` for an empty database. Without a settlement registry, or
    when provision cannot be computed, the section says why."""
    from aimaq import standards
    from aimaq.standards import targets

    if not ctx.indicators_present():
        return None
    t = ctx.t
    if int(ctx.store.query("select count(*) as n from srs_registry").n[0]) == 0:
        raise SectionUnavailable(t("srs.no_registry"))
    reg = standards.Registry.from_store(ctx.store)
    catalogue = standards.load_catalogue()
    year = reg.for_year(ctx.year if ctx.year in reg.years else None)
    frame = standards.settlement_provision(reg, catalogue, year)
    total = standards.rollup(frame, "region", "count", split_urban=False)
    split = standards.rollup(frame, "region", "count", split_urban=True)
    gaps = targets.target_gaps(reg, catalogue, year)
    if total.empty:
        raise SectionUnavailable(t("srs.no_provision", year=year))
    if year != ctx.year:
        ctx.use_year("srs", int(year))
    blocks: list[Block] = [Paragraph(t("srs.intro"))]
    if reg.synthetic:
        blocks.append(Paragraph(t("srs.synthetic"), kind="warning"))
    area = {"all": t("col.total"), "urban": t("col.urban"), "rural": t("col.rural")}
    if len(gaps):
        blocks.append(
            Table(
                pd.DataFrame(
                    {
                        t("col.territory"): [ctx.name(str(k)) for k in gaps.kato],
                        t("srs.area"): [area.get(str(a), str(a)) for a in gaps.area],
                        t("col.year"): gaps.year.astype(int).to_numpy(),
                        t("srs.provision"): gaps.provision_pct.to_numpy(),
                        t("col.target"): gaps.target_pct.to_numpy(),
                        t("srs.target_year"): gaps.target_year.astype(int).to_numpy(),
                        t("col.gap"): gaps.gap_pp.to_numpy(),
                    }
                ),
                t("srs.targets"),
                sheet="srs_targets",
            )
        )
    total = total.set_index(total.kato.astype(str)).sort_values("provision_pct", ascending=False)
    national_target = (
        gaps.loc[gaps.area == "all", "target_pct"] if len(gaps) else pd.Series(dtype=float)
    )
    reference = float(national_target.iloc[0]) if len(national_target) else None
    chart = bar_chart_svg(
        [ctx.name(k) for k in total.index],
        total.provision_pct.astype(float).tolist(),
        fmt=lambda v: t.number(v, 1),
        reference=reference,
        reference_label=t("col.target"),
    )
    label = t("srs.synthetic_label") if reg.synthetic else reg.label
    caption = t("srs.by_region", year=year, label=label)
    blocks.append(Figure(svg=chart, caption=caption, key="srs-regions"))
    blocks.append(
        Figure(
            svg=choropleth_svg(
                {str(k): float(v) for k, v in total.provision_pct.items()},
                names={k: ctx.name(k) for k in ctx.regions().index},
                title=caption,
                legend_title="%",
                no_data=t("maps.no_data"),
                fmt=lambda v: t.number(v, 1),
            ),
            caption=caption,
            key="map-srs",
        )
    )
    wide = split.pivot_table(index="kato", columns="area", values="provision_pct", aggfunc="first")
    rows = pd.DataFrame(
        {
            t("col.kato"): total.index,
            t("col.region"): [ctx.name(k) for k in total.index],
            t("col.total"): total.provision_pct.to_numpy(),
            t("col.urban"): wide.reindex(total.index)
            .get("urban", pd.Series(index=total.index, dtype=float))
            .to_numpy(),
            t("col.rural"): wide.reindex(total.index)
            .get("rural", pd.Series(index=total.index, dtype=float))
            .to_numpy(),
            t("srs.settlements"): total.n_settlements.astype(int).to_numpy(),
        }
    )
    if reference is not None:
        rows[t("col.gap")] = (reference - rows[t("col.total")]).clip(lower=0)
    blocks.append(Table(rows, caption, sheet="srs_regions"))
    return Section(key="srs", title=t("section.srs"), blocks=tuple(blocks))
