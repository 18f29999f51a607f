"""Key performance indicators: where each policy target stands, from :mod:`aimaq.monitoring`."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from aimaq.reporting.context import ReportContext
from aimaq.reporting.model import Block, Paragraph, Section, SectionUnavailable, Table


def _num(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _no_data_reason(ctx: ReportContext, result: Any) -> str:
    """Why a target is not measured, in the report's language (the monitoring layer's
    reason is English text for the command line)."""
    t = ctx.t
    dims = ctx.dims_of(result.dims)
    area = dims.get("area")
    where = f" ({t.get(f'col.{area}', str(area))})" if area else ""
    return t("kpi.reason_no_data", indicator=ctx.indicator_name(result.indicator), dims=where)


def build(ctx: ReportContext) -> Section | None:
    """KPI status of the shipped national targets; ``None`` without the monitoring package.

    Targets the store cannot measure stay in the table with the reason, so the reader sees
    which targets lack data rather than a shorter list.
    """
    from aimaq import monitoring as api

    if not ctx.indicators_present():
        return None  # an empty database: nothing to say about targets
    t = ctx.t
    targets = api.load_targets()
    plan = ctx.kept("roadmap_trajectory")  # the roadmap section's plan, when the report has one
    trajectories = api.trajectories_for(targets, *plan) if plan is not None else None
    results = api.evaluate(
        ctx.store, targets, level="national", lang=ctx.lang, trajectories=trajectories
    )
    if not results:
        raise SectionUnavailable(t("kpi.no_targets"))
    rows = []
    for r in results:
        rows.append(
            {
                t("kpi.target"): r.name,
                t("col.unit"): t.unit(r.unit) if r.unit else "",
                t("kpi.baseline"): _num(r.baseline_value),
                t("kpi.latest"): _num(r.latest_value),
                t("kpi.latest_year"): "" if r.latest_year is None else str(r.latest_year),
                t("col.target"): _num(r.target_value),
                t("kpi.target_year"): str(r.target_year),
                t("kpi.progress"): _num(r.progress) * 100 if r.progress is not None else math.nan,
                t("kpi.forecast"): _num(r.forecast_value),
                t("kpi.forecast_source"): r.forecast_model or "",
                t("col.status"): t.get(f"kpi.status.{r.status}", r.status),
                t("kpi.reason"): _no_data_reason(ctx, r) if r.status == "no_data" else "",
            }
        )
    blocks: list[Block] = [
        Paragraph(t("kpi.intro")),
        Table(pd.DataFrame(rows), t("section.kpi"), sheet="kpi"),
    ]
    missing = sum(1 for r in results if r.status == "no_data")
    if missing:
        blocks.append(Paragraph(t("kpi.missing", n=missing, total=len(results)), kind="note"))
    return Section(key="kpi", title=t("section.kpi"), blocks=tuple(blocks))
