"""Choropleth maps of the 20 regions for the mapped indicators."""

from __future__ import annotations

from aimaq.reporting.context import MAP_INDICATORS, ReportContext
from aimaq.reporting.maps import choropleth_svg
from aimaq.reporting.model import Block, Figure, Paragraph, Section

#: Regions whose published figures before 8 June 2022 cover larger territories.
OLD_BORDER_REGIONS = frozenset({"190000000", "350000000", "630000000"})
SPLIT_YEAR = 2022
SOUTH_SPLIT_YEAR = 2018


def build(ctx: ReportContext) -> Section | None:
    """One map per mapped indicator with regional values; ``None`` if there is none."""
    t = ctx.t
    names = {kato: ctx.name(kato) for kato in ctx.regions().index}
    blocks: list[Block] = [Paragraph(t("maps.intro"))]
    notes: set[str] = set()
    for ind in ctx.indicators_present(MAP_INDICATORS):
        year = ctx.latest_year(ind)
        values = ctx.regional_values(ind, year)
        if values.empty or year is None:
            continue
        hatched: frozenset[str] = frozenset()
        # A split year's annual figure may still be on the old borders for part of it.
        if year <= SPLIT_YEAR - 1 or (year == SPLIT_YEAR and "620000000" not in values.index):
            hatched = OLD_BORDER_REGIONS
            notes.add("maps.old_borders")
        if year < SOUTH_SPLIT_YEAR:
            notes.add("maps.before_2018")
        title = t(
            "maps.caption",
            indicator=ctx.indicator_name(ind),
            period=ctx.period_label(ind, year),
            unit=ctx.unit(ind),
        )
        digits = ctx.digits(ind)

        def fmt(v: float, digits: int = digits) -> str:
            return t.number(v, digits)

        svg = choropleth_svg(
            {str(k): float(v) for k, v in values.items()},
            names=names,
            title=title,
            legend_title=ctx.unit(ind),
            no_data=t("maps.no_data"),
            fmt=fmt,
            polarity=ctx.polarity(ind),
            hatched=hatched,
        )
        blocks.append(Figure(svg=svg, caption=title, key=f"map-{ind}"))
    if len(blocks) == 1:
        return None
    blocks.extend(Paragraph(t(n), kind="note") for n in sorted(notes))
    return Section(key="maps", title=t("section.maps"), blocks=tuple(blocks))
