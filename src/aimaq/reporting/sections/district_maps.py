"""Choropleth maps of every indicator held by district, each on its own year's borders."""

from __future__ import annotations

from aimaq.errors import AimaqError
from aimaq.reporting.context import ReportContext
from aimaq.reporting.district_maps import (
    district_choropleth_svg,
    district_layer,
    district_names,
)
from aimaq.reporting.model import Block, Figure, Paragraph, Section

_HELD_SQL = (
    "select o.indicator_id, max(o.period) as period from observation o join territory t "
    "using (kato) where t.level = 'district' and o.dims = '{}' and o.value is not null "
    "group by o.indicator_id order by o.indicator_id"
)


def build(ctx: ReportContext) -> Section | None:
    """One district map per indicator with district values (latest period); else ``None``."""
    t = ctx.t
    held = ctx.store.query(_HELD_SQL)
    blocks: list[Block] = [Paragraph(t("district_maps.intro"))]
    for indicator, period in zip(held.indicator_id, held.period, strict=True):
        rows = ctx.store.observations(indicator, level="district", period=str(period), dims={})
        try:
            layer = district_layer(
                dict(zip(rows.kato.astype(str), rows.value.astype(float), strict=True)),
                str(period),
            )
        except AimaqError:
            blocks.append(
                Paragraph(
                    t("district_maps.no_layer", indicator=ctx.indicator_name(indicator)),
                    kind="note",
                )
            )
            continue
        borders, values, other, missing = (
            layer.borders,
            layer.values,
            layer.other_borders,
            layer.missing,
        )
        names = district_names(borders, ctx.lang)
        caption = t(
            "district_maps.caption",
            indicator=ctx.indicator_name(indicator),
            period=str(period),
            unit=ctx.unit(indicator),
            borders=borders,
        )
        digits = ctx.digits(indicator)

        def fmt(v: float, digits: int = digits) -> str:
            return t.number(v, digits)

        source = (
            ctx.indicators().at[indicator, "source"] if indicator in ctx.indicators().index else ""
        )
        svg = district_choropleth_svg(
            values,
            borders=borders,
            names=names,
            title=caption,
            legend_title=ctx.unit(indicator),
            no_data=t("maps.no_data"),
            source=t("district_maps.source", source=source or "", borders=borders),
            fmt=fmt,
            polarity=ctx.polarity(indicator),
        )
        blocks.append(Figure(svg=svg, caption=caption, key=f"district-map-{indicator}"))
        if other:
            listed = ", ".join(names[c] for c in other)
            blocks.append(
                Paragraph(t("district_maps.other_borders", n=len(other), names=listed), kind="note")
            )
        if missing:
            listed = ", ".join(names[c] for c in missing)
            blocks.append(
                Paragraph(t("district_maps.missing", n=len(missing), names=listed), kind="note")
            )
    if not any(isinstance(b, Figure) for b in blocks):
        return None
    return Section(key="district_maps", title=t("district_maps.title"), blocks=tuple(blocks))
