"""Methods and sources: the indicators used, their publishers, and every import batch."""

from __future__ import annotations

import pandas as pd

from aimaq.reporting.context import KEY_INDICATORS, ReportContext
from aimaq.reporting.model import Block, Paragraph, Section, Table


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def build(ctx: ReportContext) -> Section | None:
    """Sources and lineage; ``None`` when the store has no import batch at all."""
    t = ctx.t
    batches = ctx.batches()
    if batches.empty:
        return None
    present = ctx.indicators_present(KEY_INDICATORS)
    meta = ctx.indicators()
    series = {ind: ctx.series(ind) for ind in present}
    ind_rows = []
    for ind in present:
        used = sorted({int(b) for b in series[ind].batch_id.unique()})
        polarity = ctx.polarity(ind)
        ind_rows.append(
            {
                t("col.indicator"): ctx.indicator_name(ind),
                "id": ind,
                t("col.unit"): ctx.unit(ind),
                t("col.polarity"): t(
                    "polarity.up"
                    if polarity > 0
                    else "polarity.down"
                    if polarity < 0
                    else "polarity.neutral"
                ),
                t("col.source"): _text(meta.loc[ind, "source"]),
                t("col.batch"): ", ".join(str(b) for b in used),
            }
        )
    batch_rows = pd.DataFrame(
        {
            t("col.batch"): batches.batch_id.astype(int),
            t("col.source"): batches.source,
            t("col.attribution"): batches.get("attribution", pd.Series([""] * len(batches))).fillna(
                ""
            ),
            t("col.importer"): batches.importer,
            t("col.rows"): batches.rows.astype(int),
            t("col.imported_at"): pd.to_datetime(batches.imported_at).dt.strftime("%Y-%m-%d %H:%M"),
            "sha256": batches.sha256.str.slice(0, 12),
        }
    )
    blocks: list[Block] = [Paragraph(t("methods.intro"))]
    if ind_rows:
        blocks.append(Table(pd.DataFrame(ind_rows), t("methods.indicators"), sheet="indicators"))
    blocks.append(Table(batch_rows, t("methods.batches"), sheet="sources"))
    blocks.append(Paragraph(t("methods.notes"), kind="heading"))
    for key in ("methods.note_national", "methods.note_borders", "methods.note_breaks"):
        blocks.append(Paragraph(t(key), kind="note"))
    blocks.append(Paragraph(t("methods.assumptions"), kind="heading"))
    blocks.append(Paragraph(t("methods.assumption_geometry"), kind="note"))
    return Section(key="methods", title=t("section.methods"), blocks=tuple(blocks))
