"""Ratings: the shipped composite indices of the regions, with rank intervals."""

from __future__ import annotations

from typing import Any

import pandas as pd

from aimaq.errors import AimaqError
from aimaq.reporting.charts import rank_interval_svg
from aimaq.reporting.context import ReportContext
from aimaq.reporting.maps import choropleth_svg
from aimaq.reporting.model import Block, Figure, Paragraph, Section, SectionUnavailable, Table

#: The indices reported, in this order, when the store holds their data.
INDICES: tuple[str, ...] = ("rdi", "competitiveness", "lagging")
DRAWS = 300
SEED = 20240601


def _one(ctx: ReportContext, api: Any, name: str) -> list[Block]:
    t = ctx.t
    definition = api.resolve_definition(name)
    year = (
        definition.year
        if ctx.year is None or definition.year is None
        else min(definition.year, ctx.year)
    )
    data = api.load_index_data(ctx.store, definition, year=year)
    result = api.build_index(definition, data.frame, polarity=data.polarity, groups=data.parents)
    spread = api.rank_uncertainty(
        definition, data.frame, draws=DRAWS, polarity=data.polarity, groups=data.parents, seed=SEED
    )
    ctx.keep(f"index_{name}", (year, result.scores))  # read by the target territories
    title = t.get(f"indices.{name}", definition.title or name)
    order = result.scores.sort_values(ascending=False).index
    ranks = result.ranks.reindex(order)
    lows, highs = spread.rank_low.reindex(order), spread.rank_high.reindex(order)
    labels = [ctx.name(str(k)) for k in order]
    chart = rank_interval_svg(labels, ranks.tolist(), lows.tolist(), highs.tolist(), n=len(order))
    table = pd.DataFrame(
        {
            t("col.rank"): ranks.astype(int).to_numpy(),
            t("col.region"): labels,
            t("col.score"): result.scores.reindex(order).to_numpy(),
            t("col.rank_interval"): [
                f"{int(a)}–{int(b)}" for a, b in zip(lows, highs, strict=True)
            ],
        }
    )
    for group in result.groups.columns:
        table[t.get(f"indices.pillar.{group}", group)] = (
            result.groups[group].reindex(order).to_numpy()
        )
    ctx.use_year("ratings", int(year))
    blocks: list[Block] = [
        Paragraph(title, kind="heading"),
        Paragraph(t("indices.year_note", year=year), kind="note"),
        Figure(svg=chart, caption=title, key=f"ranks-{name}"),
        Table(table, title, sheet=f"index_{name}"),
    ]
    if name == INDICES[0]:
        map_title = t("indices.map", index=title, year=year)
        svg = choropleth_svg(
            result.scores.to_dict(),
            names={k: ctx.name(k) for k in ctx.regions().index},
            title=map_title,
            legend_title=t("col.score"),
            no_data=t("maps.no_data"),
            fmt=lambda v: t.number(v, 1),
        )
        blocks.insert(2, Figure(svg=svg, caption=map_title, key=f"map-index-{name}"))
    return blocks


def build(ctx: ReportContext) -> Section | None:
    """The ratings; ``None`` without regions. An index that cannot be built is named with
    the reason; when none can, the section says so (:class:`SectionUnavailable`)."""
    from aimaq import indices as api

    if ctx.regions().empty or not ctx.indicators_present():
        return None
    t = ctx.t
    blocks: list[Block] = [Paragraph(t("indices.intro", draws=DRAWS))]
    failed: list[str] = []
    for name in INDICES:
        try:
            blocks.extend(_one(ctx, api, name))
        except (AimaqError, ValueError) as exc:
            title = t.get(f"indices.{name}", name)
            failed.append(t("ratings.not_built", index=title, reason=str(exc)))
    if len(blocks) == 1:
        raise SectionUnavailable("; ".join(failed))
    blocks.extend(Paragraph(f, kind="warning") for f in failed)
    return Section(key="ratings", title=ctx.t("section.ratings"), blocks=tuple(blocks))
