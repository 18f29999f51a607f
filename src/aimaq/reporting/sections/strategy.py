"""Strategy: for each region its diagnosis and the measures whose triggers fire there,
each with the evidence, the source and the institutions (from :mod:`aimaq.strategy`)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from aimaq.errors import AimaqError
from aimaq.reporting.context import ReportContext
from aimaq.reporting.i18n import Messages
from aimaq.reporting.model import Block, Paragraph, Section, Table
from aimaq.strategy.diagnosis import Diagnosis
from aimaq.strategy.evaluate import Fact
from aimaq.strategy.recommend import Recommendation

#: Monte Carlo draws for the rank intervals of the lagging index in the diagnosis
DRAWS = 100


def fact_label(t: Messages, fact: Fact, indicator_name: Callable[[str], str]) -> str:
    """The figure's name in ``t``'s language."""
    kind, subject, args = fact.parts()
    if kind in {"indicator", "national", "peer", "trend"}:
        name = indicator_name(subject)
        return name if kind == "indicator" else t(f"strategy.fact.{kind}", name=name)
    if kind in {"srs_gap", "srs_provision"}:
        area = t.get(f"strategy.area.{args.get('area', 'all')}", args.get("area", "all"))
        sphere = args.get("sphere", "all")
        sphere_name = t("strategy.area.all") if sphere == "all" else _sphere_name(sphere, t.lang)
        return t(f"strategy.fact.{kind}", area=area, sphere=sphere_name)
    if kind in {"tag", "tagged"}:
        return t(f"strategy.fact.{kind}", tag=t.get(f"strategy.tag.{subject}", subject))
    return fact.what


def _sphere_name(sphere: str, lang: str) -> str:
    from aimaq.standards.catalogue import load_catalogue

    for area in load_catalogue().areas:
        if area.id == sphere:
            return str(getattr(area, f"name_{lang}", None) or area.name_en)
    return sphere


def evidence_text(t: Messages, rec: Recommendation, indicator_name: Callable[[str], str]) -> str:
    """The figures that fired a measure, named and formatted in ``t``'s language."""
    parts = []
    for f in rec.evidence:
        value = t.number(f.value, 1) if isinstance(f.value, float) else str(f.value)
        parts.append(
            f"{fact_label(t, f, indicator_name)} = {value}" + (f" ({f.year})" if f.year else "")
        )
    return "; ".join(parts)


def _problem(ctx: ReportContext, d: Diagnosis) -> str:
    return problem_text(ctx.t, d)


def problem_text(t: Messages, d: Diagnosis) -> str:
    """The problem class and its evidence, in ``t``'s language."""
    cls = t.get(f"strategy.class.{d.problem_class}", d.problem_class)
    if d.problem_rank is None:
        return t("strategy.problem_unknown", cls=cls)
    interval = d.problem_interval or (d.problem_rank, d.problem_rank)
    return t(
        "strategy.problem",
        cls=cls,
        rank=d.problem_rank,
        n=d.problem_units,
        year=d.problem_year,
        low=interval[0],
        high=interval[1],
    )


def source_title(rec: Recommendation, lang: str) -> str:
    """The title of the measure's source document in ``lang`` (else as cited)."""
    title = rec.source.get("title")
    if isinstance(title, dict) and title.get(lang):
        return str(title[lang])
    return str(rec.source.get("document", ""))


def economy_text(t: Messages, d: Diagnosis) -> str | None:
    """The economic profile in ``t``'s language, or ``None`` without one."""
    e = d.economy
    if not e:
        return None
    from aimaq.economy.sectors import sector

    entry = sector(e["leading_sector"])
    # a sector without a title in the reader's language is named by its OKED sections
    name = entry.names.get(t.lang) or t("strategy.sections", sections=entry.sections)
    return t(
        "strategy.economy",
        kind=t.get(f"strategy.profile.{e['specialisation']}", e["specialisation"]),
        sector=name,
        lq=t.number(e["leading_lq"], 2),
        year=e["year"],
    )


def fiscal_text(t: Messages, d: Diagnosis) -> str | None:
    """The region's fiscal-autonomy figures in ``t``'s language (unknown ones said so)."""
    if not d.fiscal:
        return None
    known = [f for f in d.fiscal if f.value is not None]
    if not known:
        first = d.fiscal[0]
        coverage = t(
            "strategy.fiscal_coverage", covered=first.covered, units=first.units, years=first.years
        )
        return t("strategy.fiscal_unknown", coverage=coverage)
    items = "; ".join(
        t(
            "strategy.fiscal_item",
            name=f.name,
            value=t.number(f.value, 1),
            unit=t.unit(f.unit),
            year=f.year,
        )
        for f in known
    )
    return t("strategy.fiscal", items=items)


def effect_text(t: Messages, rec: Recommendation) -> str:
    """The measured effect of a recommendation in ``t``'s language ("" without one)."""
    e = rec.effect or {}
    if e.get("kind") == "srs_roadmap" and "provision_after_pct" in e:
        return t(
            "strategy.effect_roadmap",
            budget=t.number(e["budget_kzt_a_year"] / 1e9, 1),
            first=e["from"],
            last=e["to"],
            before=t.number(e["provision_before_pct"]["national"], 1),
            after=t.number(e["provision_after_pct"]["national"], 1),
            projects=e["projects_funded"],
        )
    if e.get("kind") == "srs_gap_cost":
        return t(
            "strategy.effect_cost",
            norms=e["unmet_norms"],
            cost=t.number(e["cost_hint_kzt"] / 1e9, 1),
        )
    towns = [x for x in e.get("towns", []) if "unemployment_after_pct" in x]
    if e.get("kind") == "town_shock" and towns:
        worst = max(towns, key=lambda x: x["unemployment_after_pct"]["central"])
        return t(
            "strategy.effect_shock",
            share=t.number(100 * e["share_of_employment"], 0),
            before=t.number(worst["unemployment_before_pct"], 1),
            after=t.number(worst["unemployment_after_pct"]["central"], 1),
            towns=len(towns),
        )
    return ""


def build(ctx: ReportContext) -> Section | None:
    """One block of paragraphs and a table per region; ``None`` on an empty database."""
    if not ctx.indicators_present():
        return None
    t = ctx.t
    from aimaq.strategy.recommend import recommend

    try:
        strategies = recommend(ctx.store, level="region", lang=ctx.lang, index_draws=DRAWS)
    except AimaqError as exc:
        return Section(
            key="strategy",
            title=t("strategy.title"),
            blocks=(Paragraph(t("strategy.failed", reason=str(exc)), kind="warning"),),
        )
    blocks: list[Block] = [Paragraph(t("strategy.intro"))]
    synthetic = False
    order = {"high": 0, "medium": 1, "low": 2, "unknown": 3}
    for s in sorted(strategies, key=lambda s: (order.get(s.diagnosis.problem_class, 3), s.kato)):
        d = s.diagnosis
        blocks.append(Paragraph(s.name, kind="heading"))
        blocks.append(Paragraph(_problem(ctx, d)))
        economy = economy_text(t, d)
        if economy:
            blocks.append(Paragraph(economy))
        fiscal = fiscal_text(t, d)
        if fiscal:
            blocks.append(Paragraph(fiscal))
        if d.weaknesses:
            items = ", ".join(f.name for f in d.weaknesses[:3])
            blocks.append(Paragraph(t("strategy.weaknesses", items=items)))
        if d.strengths:
            items = ", ".join(f.name for f in d.strengths[:3])
            blocks.append(Paragraph(t("strategy.strengths", items=items)))
        if not s.recommendations:
            blocks.append(
                Paragraph(t("strategy.none", reason=s.no_measure_reason or ""), kind="note")
            )
            continue
        rows = []
        for rank, r in enumerate(s.recommendations[:5], start=1):
            synthetic = synthetic or r.synthetic
            rows.append(
                {
                    t("strategy.col.rank"): str(rank),
                    t("strategy.col.measure"): r.name,
                    t("strategy.col.evidence"): evidence_text(t, r, ctx.indicator_name),
                    t("strategy.col.why"): r.rationale,
                    t("strategy.col.who"): "; ".join(i["name"] for i in r.institutions),
                    t("strategy.col.source"): source_title(r, ctx.lang),
                    t("strategy.effect_col"): effect_text(t, r),
                }
            )
        blocks.append(
            Table(
                pd.DataFrame(rows),
                f"{t('strategy.title')}: {s.name}",
                sheet=f"strategy_{s.kato[:2]}",
            )
        )
    if synthetic:
        blocks.append(Paragraph(t("strategy.synthetic"), kind="warning"))
    blocks.append(Paragraph(t("strategy.assumptions"), kind="note"))
    return Section(key="strategy", title=t("strategy.title"), blocks=tuple(blocks))
