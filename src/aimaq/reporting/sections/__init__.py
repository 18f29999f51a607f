"""The sections of the report, in reading order.

Each section is a function ``(ReportContext) -> Section | None`` in its own module; it
returns ``None`` when its capability or its data is absent, so a report never shows an
empty or invented section.
"""

from __future__ import annotations

from aimaq.reporting.model import SectionBuilder
from aimaq.reporting.sections import (
    disparities,
    district_maps,
    economy,
    kpi,
    maps,
    methods,
    profiles,
    ratings,
    roadmap,
    srs,
    strategy,
    summary,
    targets,
)

SECTIONS: tuple[tuple[str, SectionBuilder], ...] = (
    ("summary", summary.build),
    ("profiles", profiles.build),
    ("maps", maps.build),
    ("district_maps", district_maps.build),
    ("ratings", ratings.build),
    ("targets", targets.build),
    ("disparities", disparities.build),
    ("economy", economy.build),
    ("srs", srs.build),
    ("roadmap", roadmap.build),
    ("kpi", kpi.build),
    ("strategy", strategy.build),
    ("methods", methods.build),
)

__all__ = ["SECTIONS"]
