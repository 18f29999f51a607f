"""The national summary: headline figures of the Republic and their spread across regions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aimaq.reporting.context import ReportContext
from aimaq.reporting.model import Paragraph, Section, Table


def spread(values: pd.Series) -> tuple[float, float]:
    """Max/min ratio and the unweighted coefficient of variation (%, population std).

    Examples
    --------
    >>> spread(pd.Series([1.0, 2.0, 3.0]))
    (3.0, 40.8248290463863)
    """
    v = values.dropna().to_numpy(dtype="float64")
    if v.size == 0:
        return float("nan"), float("nan")
    ratio = float(v.max() / v.min()) if v.min() > 0 else float("nan")
    mean = float(v.mean())
    cv = float(v.std(ddof=0) / mean * 100) if mean != 0 else float("nan")
    return ratio, cv


def build(ctx: ReportContext) -> Section | None:
    """National summary; ``None`` when the store has no regional values."""
    t = ctx.t
    present = ctx.indicators_present()
    if not present:
        return None
    rows = []
    for ind in present:
        year = ctx.latest_year(ind)
        values = ctx.regional_values(ind, year)
        if values.empty:
            continue
        ratio, cv = spread(values)
        lo, hi = str(values.idxmin()), str(values.idxmax())
        nat = ctx.national_value(ind, year)
        rows.append(
            {
                t("col.indicator"): ctx.indicator_name(ind),
                t("col.unit"): ctx.unit(ind),
                t("col.period"): ctx.period_label(ind, year),
                t("col.national"): nat if nat is not None else np.nan,
                t(
                    "col.min"
                ): f"{ctx.name(lo)} ({t.number(float(values.loc[lo]), ctx.digits(ind))})",
                t(
                    "col.max"
                ): f"{ctx.name(hi)} ({t.number(float(values.loc[hi]), ctx.digits(ind))})",
                t("col.ratio"): ratio,
                t("col.cv"): cv,
                t("col.regions_with_data"): int(values.notna().sum()),
            }
        )
    if not rows:
        return None
    return Section(
        key="summary",
        title=t("section.summary"),
        blocks=(
            Paragraph(t("summary.intro", year=ctx.year)),
            Table(pd.DataFrame(rows), t("section.summary"), sheet="summary"),
            Paragraph(t("summary.spread_note"), kind="note"),
        ),
    )
