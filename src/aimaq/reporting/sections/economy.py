"""Economic structure: specialisation map, diversification ranking, shift-share chart and
growth points. Built only when the store holds employment (or another indicator) by sector."""

from __future__ import annotations

import pandas as pd

from aimaq.errors import AimaqError
from aimaq.reporting.charts import bar_chart_svg, stacked_bar_svg
from aimaq.reporting.context import ReportContext
from aimaq.reporting.maps import choropleth_svg
from aimaq.reporting.model import Block, Figure, Paragraph, Section, SectionUnavailable, Table

START_YEAR = "2016"  # first year of the embedded employment by sector


def build(ctx: ReportContext) -> Section | None:
    """The section; ``None`` for an empty database; without stored values by sector for the
    report's year, the section says why."""
    from aimaq.economy.change import shift_share_between
    from aimaq.economy.growth import candidate_katos, candidates, profiles
    from aimaq.economy.panel import sector_table
    from aimaq.economy.sectors import sector_name
    from aimaq.economy.structure import structure
    from aimaq.reporting.economy_srs import provision_of_units

    if not ctx.indicators_present():
        return None
    t = ctx.t
    try:
        table = sector_table(ctx.store, "employment", level="region")
    except AimaqError as exc:
        raise SectionUnavailable(t("economy.no_data")) from exc
    years = [y for y in table.years if ctx.year is None or int(y) <= ctx.year]
    if not years:
        raise SectionUnavailable(t("economy.no_data"))
    year = years[-1]
    struct = structure(sector_table(ctx.store, "employment", years=[year]), year)
    start = START_YEAR if START_YEAR in table.years and year > START_YEAR else years[0]
    shift = shift_share_between(ctx.store, start, year) if start < year else None
    frame = struct.frame.set_index("kato")
    names = {k: ctx.name(str(k)) for k in frame.index}
    blocks: list[Block] = [
        Paragraph(t("economy.intro", year=year, sectors=len(struct.sectors))),
        Paragraph(t("economy.coarse"), kind="note"),
    ]
    caption = t("economy.krugman_map", year=year)
    blocks.append(
        Figure(
            svg=choropleth_svg(
                {str(k): float(v) for k, v in frame["krugman"].items()},
                names=names,
                title=caption,
                legend_title=t("economy.krugman"),
                no_data=t("maps.no_data"),
                fmt=lambda v: t.number(v, 2),
                polarity=0,
            ),
            caption=caption,
            key="map-economy-krugman",
        )
    )
    lq = pd.DataFrame({t("col.region"): [names[k] for k in frame.index]})
    for code in struct.sectors:
        label = (
            t(f"economy.sector_{code}")
            if "_" in code or code == "services"
            else sector_name(code, ctx.lang)
        )
        lq[t("economy.lq_of", sector=label)] = frame[f"lq_{code}"].to_numpy()
    lq[t("economy.krugman")] = frame["krugman"].to_numpy()
    blocks.append(Table(lq, t("economy.lq_table", year=year), sheet="economy_lq", number_digits=2))
    ranked = frame.sort_values("entropy_relative", ascending=False)
    blocks.append(
        Figure(
            svg=bar_chart_svg(
                [names[k] for k in ranked.index],
                ranked["entropy_relative"].astype(float).tolist(),
                fmt=lambda v: t.number(v, 2),
            ),
            caption=t("economy.diversity_ranking", year=year),
            key="economy-entropy",
        )
    )
    if shift is not None:
        units = shift.frame().set_index("kato")
        labels = [ctx.name(str(k)) for k in units.index]
        parts = [
            (t("economy.national"), units["national"].astype(float).tolist()),
            (t("economy.mix"), units["industry_mix"].astype(float).tolist()),
            (t("economy.regional"), units["regional_share"].astype(float).tolist()),
        ]
        caption = t("economy.shift_share", start=start, end=year)
        blocks.append(
            Figure(
                svg=stacked_bar_svg(labels, parts, fmt=lambda v: t.number(v, 0)),
                caption=caption,
                key="economy-shift-share",
            )
        )
        ss = pd.DataFrame(
            {
                t("col.region"): labels,
                t("economy.change"): units["change"].to_numpy(),
                t("economy.national"): units["national"].to_numpy(),
                t("economy.mix"): units["industry_mix"].to_numpy(),
                t("economy.regional"): units["regional_share"].to_numpy(),
                t("economy.competitive"): units["competitive"].to_numpy(),
                t("economy.allocation"): units["allocation"].to_numpy(),
            }
        )
        blocks.append(Table(ss, caption, sheet="economy_shift_share", number_digits=0))
        if shift.merged:
            blocks.append(Paragraph(t("economy.merged", start=start), kind="note"))
    tagged = candidate_katos(ctx.store)
    provision, label = provision_of_units(ctx.store, tagged)
    points = candidates(
        ctx.store,
        profiles(struct, shift),
        start=start,
        provision=provision,
        provision_label=label,
    ).candidates
    if len(points):
        kinds = {
            "agglomeration, first level": t("economy.kind_agglomeration_1"),
            "agglomeration, second level": t("economy.kind_agglomeration_2"),
            "single-industry town": t("economy.kind_monotown"),
            "support village": t("economy.kind_support_village"),
        }
        growth = pd.DataFrame(
            {
                t("col.territory"): [ctx.name(str(k)) for k in points["kato"]],
                t("economy.kind"): [kinds.get(str(k), str(k)) for k in points["kind"]],
                t("economy.population"): points["population"].to_numpy(),
                t("economy.population_trend"): (points["population_trend"] * 100).to_numpy(),
                t("economy.profile"): [
                    t(f"economy.{p}") if isinstance(p, str) else ""
                    for p in points.get(
                        "employment_specialisation", pd.Series([None] * len(points))
                    )
                ],
                t("economy.srs"): (points["srs_provision"] * 100).to_numpy(),
                t("economy.km_centre"): points["km_to_region_centre"].to_numpy(),
            }
        )
        blocks.append(Table(growth, t("economy.growth_points"), sheet="economy_growth_points"))
    return Section(key="economy", title=t("section.economy"), blocks=tuple(blocks))
