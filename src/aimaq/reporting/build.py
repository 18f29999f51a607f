"""Building a report: run every section against one context."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from aimaq.data.store import Store
from aimaq.reporting.context import ReportContext, RoadmapSettings
from aimaq.reporting.model import Report, Section, SectionBuilder
from aimaq.reporting.sections import SECTIONS


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
        ``(key, builder)`` pairs in reading order; sections returning ``None`` are left out.
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
        section = builder(ctx)
        if section is not None:
            built.append(section)
    t = ctx.t
    return Report(
        lang=lang,
        title=t("report.title"),
        subtitle=t("report.subtitle", year=ctx.year if ctx.year is not None else "–"),
        generated=t("report.generated", date=date.today().isoformat(), db=store.path),
        sections=tuple(built),
    )
