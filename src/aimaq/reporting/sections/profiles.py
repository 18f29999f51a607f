"""A profile card per region: key indicators against the national value, with trends."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aimaq.reporting.charts import sparkline_svg
from aimaq.reporting.context import COUNTRY, ReportContext
from aimaq.reporting.model import Card, Paragraph, Section, Table

_TREND_YEARS = 10


def _trends(ctx: ReportContext, ind: str, year: int) -> pd.DataFrame:
    """Years x territories of one indicator over the last ten years up to ``year``."""
    data = ctx.series(ind)
    data = data[(data.year <= year) & (data.year > year - _TREND_YEARS)]
    return data.pivot_table(
        index="year", columns="kato", values="value", aggfunc="first"
    ).sort_index()


def _trend(table: pd.DataFrame, kato: str) -> str:
    if len(table) < 2 or kato not in table.columns:
        return ""
    own = [float(v) for v in table[kato]]
    reference = [float(v) for v in table[COUNTRY]] if COUNTRY in table.columns else None
    return sparkline_svg(own, reference)


def build(ctx: ReportContext) -> Section | None:
    """Region profile cards; ``None`` when no region has a key indicator."""
    t = ctx.t
    present = ctx.indicators_present()
    regions = ctx.regions()
    if not present or regions.empty:
        return None
    latest = {ind: ctx.latest_year(ind) for ind in present}
    values = {ind: ctx.regional_values(ind, latest[ind]) for ind in present}
    national = {ind: ctx.national_value(ind, latest[ind]) for ind in present}
    cards: list[Card] = []
    long_rows = []
    periods = {ind: ctx.period_label(ind, latest[ind]) for ind in present}
    labels = {
        ind: f"{ctx.indicator_name(ind)}, {ctx.unit(ind)} ({periods[ind]})" for ind in present
    }
    digits = {ind: ctx.digits(ind) for ind in present}
    spark_ind = next(
        (i for i in ("grp_per_capita", "wage_avg", "population_jan1") if i in present), present[0]
    )
    spark_year = latest[spark_ind]
    trends = _trends(ctx, spark_ind, spark_year) if spark_year is not None else pd.DataFrame()
    for kato in regions.index:
        rows = []
        for ind in present:
            value = values[ind].get(kato, np.nan)
            if pd.isna(value):
                continue
            nat = national[ind]
            comparison = (
                t("profiles.vs_national", pct=t.number(value / nat * 100, 0))
                if nat not in (None, 0)
                else ""
            )
            rows.append((labels[ind], t.number(float(value), digits[ind]), comparison))
            long_rows.append(
                {
                    t("col.kato"): kato,
                    t("col.region"): ctx.name(kato),
                    t("col.indicator"): ctx.indicator_name(ind),
                    t("col.unit"): ctx.unit(ind),
                    t("col.period"): periods[ind],
                    t("col.value"): float(value),
                    t("col.vs_national"): value / nat * 100 if nat not in (None, 0) else np.nan,
                }
            )
        if not rows:
            continue
        cards.append(
            Card(title=ctx.name(kato), rows=tuple(rows), svg=_trend(trends, kato), key=kato)
        )
    if not cards:
        return None
    note = Paragraph(f"{t('profiles.trend')}: {ctx.indicator_name(spark_ind)}", kind="note")
    return Section(
        key="profiles",
        title=t("section.profiles"),
        blocks=(
            Paragraph(t("profiles.intro")),
            note,
            *cards,
            Table(pd.DataFrame(long_rows), t("section.profiles"), sheet="profiles"),
        ),
    )
