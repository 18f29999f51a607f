"""Target territories: border districts, single-industry towns, the most lagging regions.

The programme the report serves names its targets by kind of territory; this section
lists them from the territory tags (``aimaq.territory.tags``: each with its source and
method) and says, for each kind, what the data know about them and what they do not.
"""

from __future__ import annotations

import pandas as pd

from aimaq.errors import AimaqError
from aimaq.reporting.context import ReportContext
from aimaq.reporting.model import Block, Paragraph, Section, SectionUnavailable, Table

#: District indicators compared between border districts and the rest, when stored.
DISTRICT_INDICATORS: tuple[str, ...] = ("urban_population_share",)
LAGGING_SHOWN = 5


def _tag(ctx: ReportContext, tag: str) -> pd.DataFrame:
    return ctx.store.query(
        "select g.kato, g.value, g.source, g.method, t.parent_kato from territory_tag g "
        "join territory t using (kato) where g.tag = ? and t.valid_to is null "
        "and (g.valid_to is null or g.valid_to > current_date) order by g.kato",
        [tag],
    )


def _border(ctx: ReportContext) -> list[Block]:
    t = ctx.t
    rows = _tag(ctx, "border_district")
    if rows.empty:
        return [Paragraph(t("targets.border_none"), kind="note")]
    population = ctx.store.query(
        "select kato, value from observation where indicator_id = 'population_jan1' "
        "and dims = '{}' and period = (select max(period) from observation o join territory "
        "using (kato) where indicator_id = 'population_jan1' and level = 'district')"
    ).set_index("kato")["value"]
    table = pd.DataFrame(
        {
            t("col.district"): [ctx.name(k) for k in rows.kato],
            t("col.region"): [ctx.name(p) for p in rows.parent_kato],
            t("targets.col_neighbour"): rows.value.fillna("").to_numpy(),
            t("col.population"): rows.kato.map(population).to_numpy(),
        }
    )
    blocks: list[Block] = [
        Paragraph(t("targets.border_intro", n=len(rows))),
        Table(table, t("targets.border_table", n=len(rows)), sheet="border_districts"),
    ]
    from aimaq.analysis.stored import tag_comparison_from_store

    for indicator in DISTRICT_INDICATORS:
        latest = ctx.store.query(
            "select max(period) as p from observation join territory using (kato) "
            "where indicator_id = ? and level = 'district' and dims = '{}'",
            [indicator],
        )["p"].iloc[0]
        if latest is None or pd.isna(latest):
            continue
        try:
            c = tag_comparison_from_store(
                ctx.store, indicator, str(latest)[:4], "border_district", seed=1
            )
        except AimaqError as exc:
            blocks.append(Paragraph(t("targets.no_comparison", reason=str(exc)), kind="note"))
            continue
        blocks.append(
            Paragraph(
                t(
                    "targets.border_comparison",
                    indicator=ctx.indicator_name(indicator),
                    period=c["period"],
                    tagged=t.number(c["mean_tagged"], 1),
                    rest=t.number(c["mean_rest"], 1),
                    n=c["n_tagged"],
                    m=c["n_rest"],
                    p=t.number(c["p_value"], 3),
                    share=t.number(100 * c["between_share"], 0),
                )
            )
        )
    blocks.append(Paragraph(t("targets.border_unknown"), kind="note"))
    return blocks


def _towns(ctx: ReportContext) -> list[Block]:
    t = ctx.t
    rows = _tag(ctx, "single_industry_town")
    if rows.empty:
        return [Paragraph(t("targets.towns_none"), kind="note")]
    names = ", ".join(ctx.name(k) for k in rows.kato)
    return [
        # the source's address, without its English description
        Paragraph(
            t(
                "targets.towns",
                n=len(rows),
                names=names,
                source=str(rows.source.iloc[0]).split(" (")[0],
            )
        ),
        Paragraph(t("targets.towns_unknown"), kind="note"),
    ]


def _lagging(ctx: ReportContext) -> list[Block]:
    t = ctx.t
    kept = ctx.kept("index_lagging")
    if kept is None:
        return [Paragraph(t("targets.lagging_none"), kind="note")]
    year, scores = kept
    top = scores.sort_values(ascending=False).head(LAGGING_SHOWN)
    names = ", ".join(f"{ctx.name(str(k))} ({t.number(float(v), 1)})" for k, v in top.items())
    return [
        Paragraph(t("targets.lagging", n=len(top), year=year, names=names)),
        Paragraph(t("targets.lagging_unknown"), kind="note"),
    ]


def build(ctx: ReportContext) -> Section | None:
    """The section; without any territory tag in the store it says so (SectionUnavailable)."""
    t = ctx.t
    if not ctx.store.query("select count(*) as n from territory")["n"].iloc[0]:
        return None  # an empty database: no report sections at all
    tags = ctx.store.query("select count(*) as n from territory_tag")["n"].iloc[0]
    if not tags:
        raise SectionUnavailable(
            "the database holds no territory tags (the shipped data has them: build the "
            "database with it)"
        )
    blocks: list[Block] = [Paragraph(t("targets.intro"))]
    blocks += [Paragraph(t("targets.border_heading"), kind="heading"), *_border(ctx)]
    blocks += [Paragraph(t("targets.towns_heading"), kind="heading"), *_towns(ctx)]
    blocks += [Paragraph(t("targets.lagging_heading"), kind="heading"), *_lagging(ctx)]
    return Section(key="targets", title=t("section.targets"), blocks=tuple(blocks))
