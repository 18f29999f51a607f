"""Building a report: run every section against one context."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from aimaq.data.store import Store
from aimaq.errors import AimaqError
from aimaq.reporting.context import ReportContext, RoadmapSettings
from aimaq.reporting.model import Paragraph, Report, Section, SectionBuilder, SectionUnavailable
from aimaq.reporting.sections import SECTIONS


def _unavailable(ctx: ReportContext, key: str, reason: str) -> Section:
    """The section's title and why it is not there, in the place the section would be."""
    return Section(
        key=key,
        title=ctx.t.get(f"section.{key}", key),
        blocks=(Paragraph(ctx.t("report.section_unavailable", reason=reason), kind="warning"),),
    )


def run_section(ctx: ReportContext, key: str, builder: SectionBuilder) -> Section | None:
    """One section: built, left out (``None``: not asked for, or an empty database), or
    replaced by the reason it cannot be built (a library error or
    :class:`SectionUnavailable`). Programming errors are not caught: they are bugs."""
    try:
        return builder(ctx)
    except SectionUnavailable as exc:
        return _unavailable(ctx, key, exc.reason)
    except (AimaqError, ValueError) as exc:
        return _unavailable(ctx, key, str(exc))


def build_report(
    store: Store,
    lang: str = "en",
    year: int | None = None,
    *,
    sections: tuple[tuple[str, SectionBuilder], ...] = SECTIONS,
    progress: Callable[[str], None] | None = None,
    roadmap: RoadmapSettings | None = None,
) -> Report:
    """Build the regional assessment from a store.

    Parameters
    ----------
    store
        The database (read-only is enough).
    lang
        ``kk``, ``ru`` or ``en``.
    year
        Report year; figures are the latest annual values up to it (default: latest).
    sections
        ``(key, builder)`` pairs in reading order (see :mod:`aimaq.reporting.sections`);
        sections returning ``None`` are left out, and one that raises
        :class:`~aimaq.reporting.model.SectionUnavailable` or a library error is shown as
        its title and the reason.
    progress
        Called with each section key before it is built.
    roadmap
        Budget and horizon of the roadmap section (left out without them).

    Examples
    --------
    >>> store = Store(":memory:"); _ = store.migrate()
    >>> build_report(store, "kk").sections
    ()
    """
    ctx = ReportContext(store, lang, year, roadmap)
    built: list[Section] = []
    for key, builder in sections:
        if progress is not None:
            progress(key)
        section = run_section(ctx, key, builder)
        if section is not None:
            built.append(section)
    t = ctx.t
    subtitle = t("report.subtitle", year=ctx.year if ctx.year is not None else "–")
    other = {k: y for k, y in ctx.years_used().items() if y != ctx.year}
    if other:  # a section of an earlier year says so on the cover, not only inside
        years = "; ".join(f"{t.get(f'section.{k}', k)}: {y}" for k, y in other.items())
        subtitle += " " + t("report.subtitle_years", years=years)
    return Report(
        lang=lang,
        title=t("report.title"),
        subtitle=subtitle,
        generated=t("report.generated", date=date.today().isoformat(), db=store.path),
        sections=tuple(built),
    )
